/**
 * `exec-form-shell-syntax`: `command`/`args` without a shell hold shell syntax (a redirection, a
 * pipe, `&&`, `;`, a command substitution, a glob for a file command). Kubernetes passes each item
 * to the program as it is: `["echo", "x", ">", "/data/config"]` prints `x > /data/config`.
 */
import { YamlEditor } from '../edits/yamlEdit';
import { replaceSeqEdit, verifyEdits, type Change } from '../edits/commandEdit';
import { kubeRefs, type Arg, type CommandLine } from '../model/commands';
import type { YamlDocument } from '../model/document';
import { formatPath } from '../model/yamlNodes';
import { baseName } from '../shell/invocation';
import { parseScript } from '../shell/parse';
import { doubleQuoteKeepingExpansions, quoteWord } from '../shell/quote';
import type { Edit } from '../model/text';
import type { Fix, Rule } from './rule';
import { envNames, lineOf } from './commandSupport';

type Kind = 'redirect' | 'pipe' | 'and' | 'or' | 'sequence' | 'background' | 'substitution' | 'glob' | 'line';

interface Hit {
  arg: Arg;
  kind: Kind;
  /** The item is an operator token to keep as written in the script. */
  operator: boolean;
}

const TOKENS: Record<string, Kind> = {
  '>': 'redirect',
  '>>': 'redirect',
  '<': 'redirect',
  '2>': 'redirect',
  '2>>': 'redirect',
  '1>': 'redirect',
  '&>': 'redirect',
  '&>>': 'redirect',
  '2>&1': 'redirect',
  '1>&2': 'redirect',
  '>&2': 'redirect',
  '|': 'pipe',
  '|&': 'pipe',
  '&&': 'and',
  '||': 'or',
  ';': 'sequence',
  '&': 'background',
};

/** `>/dev/null`, `2>/tmp/err.log`, `>>out.txt`: a redirection glued to its target. */
const GLUED_REDIRECT = /^(?:[12]?>>?|&>>?)(?:\/|\$|[A-Za-z0-9_.])[^\s]*$/;

/** Programs whose operands are file names: a glob there is meant to be expanded. */
const FILE_COMMANDS = new Set([
  'cp',
  'mv',
  'rm',
  'ls',
  'cat',
  'chmod',
  'chown',
  'chgrp',
  'touch',
  'tar',
  'du',
  'head',
  'tail',
  'wc',
  'stat',
  'ln',
  'rsync',
  'gzip',
  'gunzip',
  'unzip',
  'sha256sum',
  'md5sum',
  'rmdir',
  'install',
]);

const WHAT: Record<Kind, string> = {
  redirect: 'nothing is redirected (no file is written or read)',
  pipe: 'nothing is piped',
  and: 'the command after it never runs',
  or: 'the command after it never runs',
  sequence: 'the command after it never runs',
  background: 'nothing runs in the background',
  substitution: 'the command inside is not run and nothing is substituted',
  glob: 'the pattern is not expanded: the program looks for a file with that exact name',
  line: 'Kubernetes looks for a program with that whole text as its name',
};

/**
 * Programs whose arguments are code or queries in a language of their own, where backticks and
 * `$(` mean something else (MySQL identifiers, JavaScript template literals, Perl variables).
 */
const OWN_LANGUAGE =
  /^(node|nodejs|deno|bun|python[0-9.]*|pypy[0-9.]*|perl|ruby|php|lua|Rscript|awk|gawk|mawk|jq|yq|sed|mysql|mariadb|psql|sqlite3|clickhouse-client|cqlsh|mongo|mongosh|redis-cli|osascript)$/;

/** What is wrong with one exec-form item, if anything. */
function classify(argv: readonly Arg[], i: number, defined: ReadonlySet<string>, ownLanguage: boolean): Hit | undefined {
  const arg = argv[i];
  if (!arg.isString) return undefined;
  const v = arg.value;
  const prev = argv[i - 1]?.value;
  const next = argv[i + 1];
  const token = Object.hasOwn(TOKENS, v) ? TOKENS[v] : undefined;
  if (token) {
    // `find … -exec rm {} ;` ends with a literal `;`.
    if (v === ';' && argv.slice(0, i).some((a) => /^-(exec|execdir|ok|okdir)$/.test(a.value))) return undefined;
    // `awk -F '|'`, `cut -d ';'`, `sort -t '<'`: a one-character option value.
    if (v.length === 1 && prev !== undefined && (/^-[A-Za-z]$/.test(prev) || /^--[a-z-]*(delim|sep)[a-z-]*$/.test(prev))) return undefined;
    // An operator needs something after it (a command or a file), a redirection of an fd excepted.
    if (!next && !/&[12]$/.test(v) && v !== '&' && v !== ';') return undefined;
    if (i === 0) return undefined;
    return { arg, kind: token, operator: true };
  }
  if (i > 0 && GLUED_REDIRECT.test(v) && !/^>=/.test(v)) return { arg, kind: 'redirect', operator: true };
  // Backticks or $(…) that Kubernetes does not take as a variable reference.
  if (ownLanguage) return undefined;
  if (/`[a-z][\w.-]*(?: [^`]*)?`/.test(v)) return { arg, kind: 'substitution', operator: false };
  for (const ref of kubeRefs(v)) {
    if (defined.has(ref.name)) continue;
    const isName = /^[A-Za-z_][A-Za-z0-9_]*$/.test(ref.name);
    // `$(hostname)`, `$(date +%s)`: a command; `$(POD_IP)`: a variable (env-reference-undefined).
    if (!isName || /^[a-z][a-z0-9_]*$/.test(ref.name)) return { arg, kind: 'substitution', operator: false };
  }
  return undefined;
}

function globHit(argv: readonly Arg[], from: number): Hit | undefined {
  const prog = argv[from];
  if (!prog || !FILE_COMMANDS.has(baseName(prog.value))) return undefined;
  for (let i = from + 1; i < argv.length; i++) {
    const v = argv[i].value;
    if (v.startsWith('-')) continue;
    if (/[*?]/.test(v) && /\//.test(v) && !/\s/.test(v)) return { arg: argv[i], kind: 'glob', operator: false };
  }
  return undefined;
}

/** One shell word for an exec-form item, meaning what the user meant by it. */
function toShell(hit: Hit | undefined, value: string): string {
  if (hit?.operator) return value;
  if (hit?.kind === 'glob' && /^[A-Za-z0-9_@%+=:,./*?[\]-]+$/.test(value)) return value;
  if (/\$|`/.test(value)) return doubleQuoteKeepingExpansions(value);
  return quoteWord(value);
}

function joinShell(items: readonly Arg[], hits: ReadonlyMap<Arg, Hit>): string {
  return items.map((a) => toShell(hits.get(a), a.value)).join(' ');
}

/** Edits that make `command` = `command` and remove `args` (when asked), verified together. */
function rewrite(doc: YamlDocument, line: CommandLine, newCommand: string[] | undefined, newArgs: string[] | undefined, dropArgs: boolean): Edit[] | undefined {
  const edits: Edit[] = [];
  const changes: Change[] = [];
  const base = line.argv[0]?.docPath.slice(0, -2);
  if (!base) return undefined;
  if (newCommand) {
    if (!line.commandSeq) return undefined;
    const e = replaceSeqEdit(doc, line.commandSeq, newCommand);
    if (!e) return undefined;
    edits.push(e);
    changes.push({ set: [...base, 'command'], value: newCommand });
  }
  if (newArgs) {
    if (!line.argsSeq) return undefined;
    const e = replaceSeqEdit(doc, line.argsSeq, newArgs);
    if (!e) return undefined;
    edits.push(e);
    changes.push({ set: [...base, 'args'], value: newArgs });
  }
  if (dropArgs && line.args) {
    const remove = new YamlEditor(doc).removePair(line.container.node, line.args.pair);
    if (!remove) return undefined;
    edits.push(...remove);
    changes.push({ delete: [...base, 'args'] });
  }
  return verifyEdits(doc, edits, changes) ? edits.sort((a, b) => a.span.start - b.span.start) : undefined;
}

export const execFormShellSyntax: Rule = {
  id: 'exec-form-shell-syntax',
  defaultSeverity: 'warning',
  title: '`command`/`args` without a shell hold shell syntax (`>`, `|`, `&&`, `;`, `$(…)`, globs) that is passed to the program literally.',
  check({ doc, manifest, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    for (const c of pod.containers) {
      if (c.role === 'ephemeral') continue;
      const line = lineOf(doc, manifest, c);
      const argv = line.argv;
      if (argv.length === 0) continue;
      const defined = new Set(envNames(c));
      const hits = new Map<Arg, Hit>();
      let from = 0;
      let scriptArg: Arg | undefined;
      if (line.script) {
        // Items after the script are $0, $1…: shell syntax there never reaches the shell.
        scriptArg = line.script.arg;
        from = scriptArg.argv + 1;
      } else if (line.shell) {
        // `sh script.sh > /log`: the shell runs a file; the rest are its arguments.
        from = line.shell.shellIndex + 1;
      }
      const ownLanguage = OWN_LANGUAGE.test(baseName(argv[from]?.value ?? argv[0].value));
      for (let i = from; i < argv.length; i++) {
        const h = classify(argv, i, defined, ownLanguage);
        if (h) hits.set(argv[i], h);
      }
      if (!line.shell) {
        const g = globHit(argv, 0);
        if (g && !hits.has(g.arg)) hits.set(g.arg, g);
      }
      // A whole command line written as the program (`["echo hi > /tmp/x"]`).
      const first = argv[0];
      if (!line.shell && !line.entrypointUnknown && first.list === 'command' && first.isString && /\s/.test(first.value.trim())) {
        const s = parseScript(first.value);
        if (s.complete && (s.operators.length > 0 || s.redirects.length > 0 || s.substitutions.length > 0))
          hits.set(first, { arg: first, kind: 'line', operator: true });
      }
      if (hits.size === 0) continue;
      const firstHit = [...hits.values()].sort((a, b) => a.arg.argv - b.arg.argv)[0];
      const arg = firstHit.arg;
      const program = line.entrypointUnknown
        ? "the image's entrypoint"
        : line.shell && !line.script
          ? baseName(argv[line.shell.shellIndex].value)
          : baseName(argv[0].value);
      const others = hits.size > 1 ? ` (and ${hits.size - 1} more item${hits.size > 2 ? 's' : ''} like it)` : '';
      const message =
        firstHit.kind === 'line'
          ? `${formatPath(arg.path)}: the whole shell command line is one item — ${WHAT.line}, and it does not exist; split it into items or run it with sh -c`
          : line.script
            ? `${formatPath(arg.path)}: ${JSON.stringify(arg.value)} comes after the script of ${line.script.invocation.shell} -c, so the shell receives it as a positional parameter ($0, $1…), not as part of the script — ${WHAT[firstHit.kind]}${others}; put it inside the script`
            : `${formatPath(arg.path)}: ${JSON.stringify(arg.value)} is passed to ${program} as a plain argument — exec form runs no shell, so ${WHAT[firstHit.kind]}${others}; run the command with sh -c`;
      // Built when asked for: the rewrite re-parses the document.
      const fixes = (): Fix[] => {
        if (!line.complete || line.entrypointUnknown) return [];
        let edits: Edit[] | undefined;
        let title = 'Run it with sh -c';
        if (line.script && scriptArg) {
          // Fold the trailing items into the script (unless it reads $0, $1…).
          const script = line.script.script;
          const usesPositional = script.variables.some((v) => /^[0-9@*#]$/.test(v.name));
          if (!usesPositional && script.complete) {
            const rest = argv.slice(scriptArg.argv + 1);
            const newScript = `${scriptArg.value.replace(/\s+$/, '')} ${joinShell(rest, hits)}`;
            title = 'Move the items into the script';
            if (scriptArg.list === 'args') {
              const before = argv.filter((a) => a.list === 'args' && a.index < scriptArg.index).map((a) => a.value);
              edits = rewrite(doc, line, undefined, [...before, newScript], false);
            } else {
              const before = argv.filter((a) => a.list === 'command' && a.index < scriptArg.index).map((a) => a.value);
              edits = rewrite(doc, line, [...before, newScript], undefined, !!line.args);
            }
          }
        } else if (!line.shell) {
          const script = firstHit.kind === 'line' ? [first.value.trim(), joinShell(argv.slice(1), hits)].filter(Boolean).join(' ') : joinShell(argv, hits);
          edits = rewrite(doc, line, ['sh', '-c', script], undefined, !!line.args);
        }
        return edits ? [{ title, edits, safe: false, preferred: true }] : [];
      };
      report({ span: { start: arg.map.whole.start, end: arg.map.whole.end }, message, fixes });
    }
  },
};
