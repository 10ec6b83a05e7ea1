/**
 * The shell reader on the scripts init containers run: each case is a script and what the reader
 * must find in it (commands as their literal argv, operators, redirections, variables, loops,
 * substitutions), with offsets that point back into the script.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScript } from '../../../server/out/shell/parse';
import type { Script, SimpleCommand } from '../../../server/out/shell/ast';

/** Commands as their words' literal values (`~text` for a word with an expansion). */
function argvs(s: Script): string[][] {
  return s.commands.map((c: SimpleCommand) => c.words.map((w) => w.literal ?? `~${w.text}`));
}

function check(
  script: string,
  want: { argv?: string[][]; ops?: string[]; redirects?: string[]; vars?: string[]; loops?: string[]; subs?: string[]; complete?: boolean },
): Script {
  const s = parseScript(script);
  if (want.argv) assert.deepEqual(argvs(s), want.argv, `commands of ${JSON.stringify(script)}`);
  if (want.ops)
    assert.deepEqual(
      s.operators.map((o) => o.op),
      want.ops,
      `operators of ${JSON.stringify(script)}`,
    );
  if (want.redirects)
    assert.deepEqual(
      s.redirects.map((r) => `${r.fd ?? ''}${r.op}${r.target?.text ?? ''}`),
      want.redirects,
    );
  if (want.vars)
    assert.deepEqual(
      s.variables.map((v) => `${v.name}:${v.context}${v.op ? `:${v.op}` : ''}`),
      want.vars,
    );
  if (want.loops)
    assert.deepEqual(
      s.loops.map((l) => `${l.kind} ${script.slice(l.start, l.end)}`),
      want.loops,
    );
  if (want.subs)
    assert.deepEqual(
      s.substitutions.map((x) => script.slice(x.start, x.end)),
      want.subs,
    );
  assert.equal(s.complete, want.complete ?? true, `complete: ${JSON.stringify(s.errors)}`);
  // Every node's offsets point at its own text.
  for (const c of s.commands) for (const w of c.words) assert.equal(script.slice(w.start, w.end), w.raw);
  return s;
}

test('simple commands, quoting and escapes give the argv the program receives', () => {
  check(`echo 'single $X' "double" plain\\ space mixed"a"'b'c`, { argv: [['echo', 'single $X', 'double', 'plain space', 'mixedabc']], vars: [] });
  check(`printf '%s\\n' "a \\"quoted\\" word" \\$HOME`, { argv: [['printf', '%s\\n', 'a "quoted" word', '$HOME']], vars: [] });
  check(`echo $'tab\\there' "$HOME"`, { argv: [['echo', 'tab\there', '~$HOME']], vars: ['HOME:double'] });
  check(`FOO=1 BAR="x y" env`, { argv: [['env']] });
  check(`cmd \\\n  --flag \\\n  value`, { argv: [['cmd', '--flag', 'value']] });
  check('# a comment\necho hi # trailing\n', { argv: [['echo', 'hi']] });
  check(`echo a#b '#' "#"`, { argv: [['echo', 'a#b', '#', '#']] });
});

test('operators split commands and are recorded in order', () => {
  check('a && b || c; d & e | f |& g', {
    argv: [['a'], ['b'], ['c'], ['d'], ['e'], ['f'], ['g']],
    ops: ['&&', '||', ';', '&', '|', '|&'],
  });
  check('a &&\n  b ||\n  c', { argv: [['a'], ['b'], ['c']], ops: ['&&', '||'] });
  const s = check('server & sleep 1; wait', { argv: [['server'], ['sleep', '1'], ['wait']] });
  assert.equal(s.root.items[0].background, true);
  assert.equal(s.root.items[1].background, false);
});

test('redirections, with fd numbers, glued targets and here-documents', () => {
  check('echo x > /data/f 2>&1 >>/log <in 2>/dev/null &>/all', {
    argv: [['echo', 'x']],
    redirects: ['>/data/f', '2>&1', '>>/log', '<in', '2>/dev/null', '&>/all'],
  });
  const s = check('cat > /etc/app.conf <<EOF\nhost=$POD_IP\nname=${NAME:-x}\nEOF\necho done', {
    argv: [['cat'], ['echo', 'done']],
    vars: ['POD_IP:heredoc', 'NAME:heredoc::-'],
  });
  assert.equal(s.heredocs.length, 1);
  assert.equal(s.text.slice(s.heredocs[0].bodyStart, s.heredocs[0].bodyEnd), 'host=$POD_IP\nname=${NAME:-x}\n');
  check("cat <<'EOF'\n$NOT_EXPANDED\nEOF\n", { argv: [['cat']], vars: [] });
  check('cat <<-EOF\n\t$TABBED\n\tEOF\necho after', { argv: [['cat'], ['echo', 'after']], vars: ['TABBED:heredoc'] });
});

test('variables: plain, braced with operators, specials, in double quotes and arithmetic', () => {
  check('echo $A ${B} ${C:-d} ${D:?} ${#E} ${F##*/} "$G" $1 $@ $((H + 1))', {
    vars: ['A:unquoted', 'B:unquoted', 'C:unquoted::-', 'D:unquoted::?', 'E:unquoted:len', 'F:unquoted:##', 'G:double', '1:unquoted', '@:unquoted'],
    subs: ['$((H + 1))'],
  });
  check('echo ${A:-$B} "${C:-"$D"}"', { vars: ['A:unquoted::-', 'B:unquoted', 'C:double::-', 'D:double'] });
  check('echo $((i + $j))', { vars: ['j:arith'] });
});

test('command substitutions are read as scripts of their own', () => {
  const s = check('x=$(cat /f | tr a b) ; echo `date +%s` "$(echo "$(hostname)")"', {
    // In source order of their start: a command before the substitutions in its words.
    argv: [[], ['cat', '/f'], ['tr', 'a', 'b'], ['echo', '~`date +%s`', '~$(echo "$(hostname)")'], ['date', '+%s'], ['echo', '~$(hostname)'], ['hostname']],
  });
  assert.deepEqual(
    s.substitutions.map((x) => x.kind),
    ['$(', '`', '$(', '$('],
  );
  // `case` inside $(…) with its `)` patterns.
  check('v=$(case $x in a) echo A;; *) echo B;; esac)', { argv: [[], ['echo', 'A'], ['echo', 'B']] });
});

test('loops and conditionals: kinds, conditions, bodies', () => {
  const s = check('until nc -z db 5432; do echo waiting; sleep 2; done\nwhile true; do date; done\nfor f in /a/*; do cat "$f"; done', {
    argv: [['nc', '-z', 'db', '5432'], ['echo', 'waiting'], ['sleep', '2'], ['true'], ['date'], ['cat', '~$f']],
    loops: ['until until nc -z db 5432; do echo waiting; sleep 2; done', 'while while true; do date; done', 'for for f in /a/*; do cat "$f"; done'],
  });
  const until = s.loops[0];
  assert.deepEqual(until.condition!.items.length, 1);
  assert.equal(until.body.items.length, 2);
  assert.equal(s.loops[2].variable!.text, 'f');
  assert.deepEqual(
    s.loops[2].items!.map((w) => w.text),
    ['/a/*'],
  );
  assert.equal(s.loops[2].items![0].glob, true);
  check('if [ -d /x ]; then a; elif test -f /y; then b; else c; fi', { argv: [['[', '-d', '/x', ']'], ['a'], ['test', '-f', '/y'], ['b'], ['c']] });
  check('case "$1" in\n  start|run) go ;;\n  *) stop ;;\nesac', { argv: [['go'], ['stop']] });
  check('{ a; b; } > /log; (c && d)', { argv: [['a'], ['b'], ['c'], ['d']], redirects: ['>/log'] });
  check('f() { echo in f; }\nfunction g { echo in g; }\nf; g', { argv: [['echo', 'in', 'f'], ['echo', 'in', 'g'], ['f'], ['g']] });
  // The arithmetic head of a C-style for is an arithmetic command.
  check('for ((i = 0; i < 3; i++)); do echo $i; done', { argv: [['~((i = 0; i < 3; i++))'], ['echo', '~$i']] });
  check('((n++)); [[ -f /x && $y == z ]] || exit 1', { argv: [['~((n++))'], ['[[', '-f', '/x', '&&', '~$y', '==', 'z', ']]'], ['exit', '1']] });
  check('! grep -q x /f && echo absent', {
    argv: [
      ['grep', '-q', 'x', '/f'],
      ['echo', 'absent'],
    ],
  });
});

test('reserved words are words outside command position', () => {
  check('echo done if then fi { }', { argv: [['echo', 'done', 'if', 'then', 'fi', '{', '}']] });
  check('echo {a,b} [x]', { argv: [['echo', '{a,b}', '~[x]']] });
});

test('broken scripts still yield their commands and say they are incomplete', () => {
  check('echo "unterminated', { argv: [['echo', 'unterminated']], complete: false });
  check("echo 'open", { argv: [['echo', 'open']], complete: false });
  check('until nc -z db; do sleep 1', {
    argv: [
      ['nc', '-z', 'db'],
      ['sleep', '1'],
    ],
    complete: false,
  });
  check('echo $(date', { complete: false });
  check('done; fi; echo ok', { argv: [['echo', 'ok']], complete: false });
  check('cat <<EOF\nno end', { argv: [['cat']], complete: false });
  check('a && ', { argv: [['a']], complete: false });
});

test('CRLF scripts read like LF ones', () => {
  check('echo a\r\necho b\r\n', {
    argv: [
      ['echo', 'a'],
      ['echo', 'b'],
    ],
  });
});
