/** Questions about a script: the program of a command, errexit, whether a failure stops the script. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScript } from '../../../server/out/shell/parse';
import { errexitAt, failureStops, lastCommand, operandsOf, optionsOf, programOf } from '../../../server/out/shell/query';

function command(script: string, text: string) {
  const s = parseScript(script);
  const c = s.commands.find((x) => script.slice(x.start, x.end) === text);
  assert.ok(c, `no command ${text} in ${script}`);
  return { s, c };
}

test('programOf skips exec, env, sudo, nohup, command', () => {
  const cases: [string, string | undefined, string[]][] = [
    ['mkdir -p /x', 'mkdir', ['-p', '/x']],
    ['/bin/mkdir /x', 'mkdir', ['/x']],
    ['exec nginx -g "daemon off;"', 'nginx', ['-g', 'daemon off;']],
    ['env A=1 B=2 python app.py', 'python', ['app.py']],
    ['sudo -u app nohup sleep infinity', 'sleep', ['infinity']],
    ['command -v curl', 'curl', []],
    ['$CMD --flag', undefined, []],
  ];
  for (const [script, name, args] of cases) {
    const p = programOf(parseScript(script).commands[0]);
    if (name === undefined) {
      assert.equal(p, undefined, script);
      continue;
    }
    assert.equal(p?.name, name, script);
    assert.deepEqual(
      p.args.map((w) => w.literal),
      args,
      script,
    );
  }
});

test('options and operands', () => {
  const p = programOf(parseScript('ln -sv --no-dereference -- /a /b').commands[0])!;
  const o = optionsOf(p.args);
  assert.deepEqual([...o.letters].sort(), ['s', 'v']);
  assert.deepEqual([...o.long], ['--no-dereference']);
  assert.deepEqual(
    operandsOf(p.args).map((w) => w.literal),
    ['/a', '/b'],
  );
  const m = programOf(parseScript('mkdir -m 0755 /x').commands[0])!;
  assert.deepEqual(
    operandsOf(m.args, ['-m']).map((w) => w.literal),
    ['/x'],
  );
});

test('errexit from the shell flags and the script’s own set commands', () => {
  const script = 'a\nset -eu\nb\nset +e\nc\nset -o errexit\nd';
  const s = parseScript(script);
  const at = (t: string) => errexitAt(s, script.indexOf(`\n${t}`) + 1, false);
  assert.deepEqual([at('a'), at('b'), at('c'), at('d')].map(Boolean), [false, true, false, true]);
  assert.equal(errexitAt(s, 0, true), true);
});

test('failureStops: only failures nothing handles, that stop or skip something', () => {
  const cases: [string, string, boolean, boolean][] = [
    // script, command, sh -e, stops?
    ['mkdir /d\necho ok', 'mkdir /d', false, false],
    ['mkdir /d\necho ok', 'mkdir /d', true, true],
    ['set -e\nmkdir /d\necho ok', 'mkdir /d', false, true],
    ['echo start\nmkdir /d', 'mkdir /d', false, true],
    ['mkdir /d && cp a /d', 'mkdir /d', false, true],
    ['mkdir /d || true', 'mkdir /d', true, false],
    ['[ -d /d ] || mkdir /d', 'mkdir /d', true, false],
    ['test -d /d && echo yes || mkdir /d', 'mkdir /d', true, false],
    ['if [ ! -d /d ]; then mkdir /d; fi', 'mkdir /d', true, false],
    ['mkdir /d | tee /log', 'mkdir /d', true, false],
    ['x=$(mkdir /d)', 'mkdir /d', true, false],
    ['mkdir /d &', 'mkdir /d', true, false],
    ['while mkdir /d; do sleep 1; done', 'mkdir /d', true, false],
    ['f() { mkdir /d; }\nf', 'mkdir /d', true, false],
    ['for x in a b; do mkdir /d/$x; done', 'mkdir /d/$x', true, true],
  ];
  for (const [script, text, e, want] of cases) {
    const { s, c } = command(script, text);
    assert.equal(failureStops(s, c, e), want, `${JSON.stringify(script)} (-e: ${e})`);
  }
});

test('lastCommand is the one whose status is the script’s', () => {
  const script = 'a; b && c\n';
  const s = parseScript(script);
  assert.equal(script.slice(lastCommand(s)!.start, lastCommand(s)!.end), 'c');
  assert.equal(lastCommand(parseScript('a &')), undefined);
  assert.equal(lastCommand(parseScript('a; while x; do y; done')), undefined);
});
