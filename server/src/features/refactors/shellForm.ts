/**
 * "Wrap in sh -c" / "Use exec form" (issue 16, refactor 9) on a container's `command`/`args`.
 *
 * Kubernetes runs `command` with `args` as an argv, no shell involved (ground truth: `$(VAR)` is
 * the kubelet's own expansion, done before either form runs):
 * - Wrap in sh -c: a `command` run in exec form becomes `["sh", "-c", "<the argv as one script>"]`,
 *   each word quoted so the shell reads it back exactly (`args` folded into the script). Not
 *   offered without `command` (the image's ENTRYPOINT is unknown).
 * - Use exec form: `sh -c '<script>'` (options `-e`, `-o errexit|pipefail` at most) whose script is one simple command of literal words (no
 *   expansion, redirection, operator, glob or shell builtin) becomes that argv; a leading `exec`
 *   is dropped (exec form runs the program as the container's process anyway).
 * The list keeps its style (flow or block, quoting) through the edit layer; `args` is removed.
 */
import { verifyEdits, replaceSeqEdit, type Change } from '../../edits/commandEdit';
import { YamlEditor } from '../../edits/yamlEdit';
import { commandLineOf, type CommandLine } from '../../model/commands';
import type { YamlDocument } from '../../model/document';
import { quoteWord } from '../../shell/quote';
import type { Refactor, RefactorProvider } from './refactor';
import { containerPath, onCommand } from './support';

/** Builtins and keywords with no program of the same name to run in exec form. */
const BUILTINS = new Set([
  '.',
  ':',
  'alias',
  'break',
  'case',
  'cd',
  'command',
  'continue',
  'do',
  'done',
  'elif',
  'else',
  'esac',
  'eval',
  'export',
  'exit',
  'fi',
  'for',
  'function',
  'getopts',
  'hash',
  'if',
  'local',
  'read',
  'readonly',
  'return',
  'select',
  'set',
  'shift',
  'source',
  'then',
  'times',
  'trap',
  'type',
  'ulimit',
  'umask',
  'unalias',
  'unset',
  'until',
  'wait',
  'while',
  '{',
  '}',
  '!',
]);

/** The words of a script that is one simple command of literal words, else undefined. */
export function literalWords(script: string): string[] | undefined {
  const words: string[] = [];
  const re = /[ \t]*((?:[A-Za-z0-9_@%+=:,./-]+|'[^']*'|"[^"$`\\!]*")+)/y;
  const text = script.replace(/[ \t\n]+$/, '');
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m.index !== at) return undefined;
    at = re.lastIndex;
    if (at < text.length && !/[ \t]/.test(text[at])) return undefined;
    words.push(m[1].replace(/'([^']*)'|"([^"]*)"/g, (_q, a: string | undefined, b: string | undefined) => a ?? b ?? ''));
    if (words.length === 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(m[1])) return undefined; // an assignment
  }
  if (words[0] === 'exec') words.shift();
  if (words.length === 0 || BUILTINS.has(words[0])) return undefined;
  return words;
}

/** `command` replaced by `values` and `args` removed, checked as one change. */
function rewrite(doc: YamlDocument, line: CommandLine, docBase: (string | number)[], values: string[]): Refactor['edits'] | undefined {
  if (!line.commandSeq) return undefined;
  const replace = replaceSeqEdit(doc, line.commandSeq, values);
  if (!replace) return undefined;
  const edits = [replace];
  const changes: Change[] = [{ set: [...docBase, 'command'], value: values }];
  if (line.args) {
    const remove = new YamlEditor(doc).removePair(line.container.node, line.args.pair);
    if (!remove) return undefined;
    edits.push(...remove);
    changes.push({ delete: [...docBase, 'args'] });
  }
  edits.sort((a, b) => a.span.start - b.span.start);
  return verifyEdits(doc, edits, changes) ? edits : undefined;
}

export const shellForm: RefactorProvider = {
  id: 'shell-form',
  offer({ doc, manifest, container: c, offset }) {
    if (!c) return [];
    const line = commandLineOf(doc.text, manifest, c);
    if (!onCommand(line, offset) || !line.complete || !line.command || line.argv.length === 0) return [];
    const base = containerPath(manifest, c);
    const argv = line.argv.map((a) => a.value);
    if (!line.shell) {
      const edits = rewrite(doc, line, base, ['sh', '-c', argv.map(quoteWord).join(' ')]);
      return edits ? [{ id: 'shell-form', title: 'Wrap in sh -c', kind: 'refactor.rewrite', edits }] : [];
    }
    const s = line.script;
    if (!s || s.invocation.shellIndex !== 0 || s.invocation.wrappers.length || s.arg.argv !== argv.length - 1) return [];
    // Options that change what one command does or prints (`-x` traces it, `-u`…) stay with the shell.
    if (!/^[ec]*$/.test(s.invocation.flags) || s.invocation.longOptions.some((o) => o !== 'errexit' && o !== 'pipefail')) return [];
    const words = literalWords(s.arg.value);
    if (!words) return [];
    const edits = rewrite(doc, line, base, words);
    return edits ? [{ id: 'shell-form', title: 'Use exec form', kind: 'refactor.rewrite', edits }] : [];
  },
};
