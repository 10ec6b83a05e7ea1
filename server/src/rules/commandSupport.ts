/**
 * What the command and script rules share: the commands a container runs, seen the same way
 * whether they come from an exec-form argv or from the simple commands of a `sh -c` script, each
 * word located in its YAML scalar; the container's environment; message helpers.
 */
import type { Manifest, YamlDocument } from '../model/document';
import { argLineSpan, commandLineOf, type Arg, type CommandLine, type ShellScript } from '../model/commands';
import type { Container } from '../model/podSpec';
import type { Span } from '../model/text';
import type { Path } from '../model/yamlNodes';
import type { SimpleCommand, Word } from '../shell/ast';
import { programOf, type Program } from '../shell/query';
import { parseImageRef } from '../knowledge/images';
import { MIGRATION_ENTRYPOINTS } from '../knowledge/migrations';

/** A word of a command, located in the scalar it comes from. */
export interface WordRef {
  /** Quote-removed text, expansions as written. */
  text: string;
  /** What the program receives, when known (no expansion, no glob). */
  literal?: string;
  arg: Arg;
  /** Offsets into `arg.value`. */
  start: number;
  end: number;
  /** The shell word, for words of a script. */
  word?: Word;
}

/** One command a container runs: the whole argv of an exec form, or one simple command of its script. */
export interface CommandView {
  words: WordRef[];
  /** The program and its index in `words`, past wrappers such as `exec`, `env X=1`, `nohup`. */
  program?: Program;
  /** Set for a command of a script. */
  simple?: SimpleCommand;
  script?: ShellScript;
  /** The image's entrypoint when it is known and not written (`flyway` for `image: flyway/flyway`). */
  implicit?: string;
}

function literalWord(text: string): Word {
  return { kind: 'word', raw: text, text, literal: text, quoted: false, expansion: false, glob: false, start: 0, end: text.length };
}

/**
 * The commands a container runs: each simple command of its inline script, or its argv as one
 * command (with the image's known migration-tool entrypoint in front when only `args` are set).
 */
export function commandViews(line: CommandLine): CommandView[] {
  if (line.script) {
    const { arg, script } = line.script;
    return script.commands.map((simple) => {
      const words = simple.words.map((w) => ({ text: w.text, literal: w.literal, arg, start: w.start, end: w.end, word: w }));
      return { words, program: programOf(simple), simple, script: line.script };
    });
  }
  if (line.shell || line.argv.length === 0) return [];
  const words: WordRef[] = line.argv.map((a) => ({ text: a.value, literal: a.value, arg: a, start: 0, end: a.value.length }));
  let prefix: string[] = [];
  if (line.entrypointUnknown) {
    const ref = parseImageRef(line.container.image);
    const tool = ref && MIGRATION_ENTRYPOINTS.find((t) => ref.repository === t.match || ref.repository.endsWith(`/${t.match}`));
    if (tool) prefix = [tool.program];
  }
  const pseudo: SimpleCommand = {
    kind: 'simple',
    assignments: [],
    words: [...prefix, ...line.argv.map((a) => a.value)].map(literalWord),
    redirects: [],
    start: 0,
    end: 0,
  };
  if (prefix.length) return [{ words, program: { index: -1, name: prefix[0], args: pseudo.words.slice(1) }, implicit: prefix[0] }];
  return [{ words, program: programOf(pseudo) }];
}

/** The command line of a container, for the rules (cached per container). */
export function lineOf(doc: YamlDocument, manifest: Manifest, container: Container): CommandLine {
  return commandLineOf(doc.text, manifest, container);
}

/** Where a command is, for messages: the script's item, or the exec form's list (`…command`). */
export function viewPath(view: CommandView): Path | undefined {
  const first = view.words[0];
  if (!first) return undefined;
  return view.simple ? first.arg.path : first.arg.path.slice(0, -1);
}

/** The command's words as one line of text (for matching tables). */
export function commandText(view: CommandView): string {
  return [...(view.implicit ? [view.implicit] : []), ...view.words.map((w) => w.text)].join(' ');
}

/** A word's span in the document, cut to its first line. */
export function wordSpan(w: WordRef): Span {
  return argLineSpan(w.arg, w.start, w.end);
}

/**
 * The span of a whole command in the document: its text in the script (first line only), or for
 * an exec form the items from the program to the last one when they share a line (else the
 * program's item).
 */
export function commandSpan(view: CommandView, docText?: string): Span {
  const first = view.words[0];
  const last = view.words[view.words.length - 1];
  if (!first) return { start: 0, end: 0 };
  if (view.simple) return argLineSpan(first.arg, view.simple.start, view.simple.end);
  const program = view.program && view.program.index >= 0 ? view.words[view.program.index] : first;
  const start = program.arg.map.whole.start;
  const end = last.arg.map.whole.end;
  if (docText !== undefined && end > start && !/[\r\n]/.test(docText.slice(start, end))) return { start, end };
  return argLineSpan(program.arg, 0, Number.MAX_SAFE_INTEGER);
}

/** The source of a command in its script or argv, as one line for a message (shortened). */
export function shortText(text: string, max = 60): string {
  const one = text.replace(/\s*\\?\n\s*/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Names the container's `env` defines, in order (entries without a name are skipped). */
export function envNames(container: Container): string[] {
  return container.env.map((e) => e.name).filter((n): n is string => typeof n === 'string' && n !== '');
}
