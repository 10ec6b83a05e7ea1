/**
 * What a container runs, read from its `command` and `args`: the argv (each item with its node,
 * its path and a map from value offsets to document offsets), whether it is a shell running an
 * inline script (`sh -c '…'`, script possibly in `args`), and that script read by the shell
 * reader. Rules use it to point into a script line and to edit a few characters of it.
 *
 * Kubernetes runs `command` (else the image's ENTRYPOINT) with `args` (else the image's CMD)
 * after replacing `$(VAR)` references with the container's environment; no shell is involved
 * unless the argv starts one.
 */
import { isScalar, isSeq, type Scalar, type YAMLSeq } from 'yaml';
import { findShell, type ShellInvocation } from '../shell/invocation';
import { parseScript } from '../shell/parse';
import type { Script } from '../shell/ast';
import type { Manifest } from './document';
import type { Container } from './podSpec';
import { mapScalar, spanOfValue, type ScalarMap } from './scalarOffsets';
import type { Span } from './text';
import type { Entry, Path } from './yamlNodes';

export interface Arg {
  list: 'command' | 'args';
  /** Index in its list. */
  index: number;
  /** Index in the argv (command items first). */
  argv: number;
  /** The value as a string (numbers and booleans as written). */
  value: string;
  /** The item is a string scalar (not a number, a boolean, null or an alias). */
  isString: boolean;
  node: Scalar;
  /** Path from the manifest root (for messages). */
  path: Path;
  /** Path from the document root (for edits). */
  docPath: Path;
  map: ScalarMap;
}

export interface ShellScript {
  invocation: ShellInvocation;
  /** The argument holding the script. */
  arg: Arg;
  script: Script;
  /** `sh -e`, `-o errexit` (the script's own `set -e` is found by the shell reader's `errexitAt`). */
  errexit: boolean;
}

export interface CommandLine {
  container: Container;
  command?: Entry;
  args?: Entry;
  commandSeq?: YAMLSeq;
  argsSeq?: YAMLSeq;
  /** `command` then `args`; items that are not scalars are left out (see `complete`). */
  argv: Arg[];
  /** Every item of both lists is a string scalar, and each list present is a sequence. */
  complete: boolean;
  /** No `command`: the image's ENTRYPOINT comes first and is unknown. */
  entrypointUnknown: boolean;
  /** The shell invocation, when argv runs one (with or without an inline script). */
  shell?: ShellInvocation;
  /** The inline script, when the shell runs one from `-c`. */
  script?: ShellScript;
}

const cache = new WeakMap<object, CommandLine>();

function listArgs(
  doc: string,
  entry: Entry | undefined,
  list: 'command' | 'args',
  base: Path,
  docBase: Path,
  start: number,
  out: Arg[],
): { seq?: YAMLSeq; complete: boolean } {
  if (!entry) return { complete: true };
  const seq = entry.value;
  if (seq === null) return { complete: true };
  if (!isSeq(seq)) return { complete: false };
  let complete = true;
  seq.items.forEach((item, index) => {
    if (!isScalar(item) || item.value === null || item.value === undefined || typeof item.value === 'object') {
      complete = false;
      return;
    }
    const isString = typeof item.value === 'string';
    if (!isString) complete = false;
    out.push({
      list,
      index,
      argv: start + out.length,
      value: String(item.value),
      isString,
      node: item,
      path: [...base, list, index],
      docPath: [...docBase, list, index],
      // Built when first read (a finding or an edit inside the value): two offsets per character,
      // for every argument of every container, were most of the memory a parsed file kept.
      get map(): ScalarMap {
        const map = mapScalar(doc, item);
        Object.defineProperty(this, 'map', { value: map, enumerable: true, writable: true, configurable: true });
        return map;
      },
    });
  });
  return { seq, complete };
}

/** The command line of a container (cached per container node). */
export function commandLineOf(docText: string, manifest: Manifest, container: Container): CommandLine {
  const hit = cache.get(container.node);
  if (hit) return hit;
  const command = container.fields.get('command');
  const args = container.fields.get('args');
  const argv: Arg[] = [];
  const docBase = [...manifest.path, ...container.path];
  const c = listArgs(docText, command, 'command', container.path, docBase, 0, argv);
  const a = listArgs(docText, args, 'args', container.path, docBase, 0, argv);
  argv.forEach((x, i) => (x.argv = i));
  const line: CommandLine = {
    container,
    command,
    args,
    commandSeq: c.seq,
    argsSeq: a.seq,
    argv,
    complete: c.complete && a.complete,
    entrypointUnknown: !command,
  };
  const values = argv.map((x) => x.value);
  const shell = values.length ? findShell(values) : undefined;
  if (shell) {
    line.shell = shell;
    const arg = shell.scriptIndex !== undefined ? argv[shell.scriptIndex] : undefined;
    if (arg && arg.isString) line.script = { invocation: shell, arg, script: parseScript(arg.value), errexit: shell.errexit };
  }
  cache.set(container.node, line);
  return line;
}

/** The document span of characters [start, end) of an argument's value (its whole scalar when the map is not exact). */
export function argSpan(arg: Arg, start = 0, end = arg.value.length): Span {
  return spanOfValue(arg.map, start, end);
}

/** The span of [start, end) of an argument's value cut to its first line (diagnostics read better on one line). */
export function argLineSpan(arg: Arg, start: number, end: number): Span {
  const nl = arg.value.indexOf('\n', start);
  const e = nl >= 0 && nl < end ? Math.max(nl, start + 1) : end;
  return argSpan(arg, start, Math.min(e, arg.value.length));
}

/** A `$` reference in a command, an argument or an env value. */
export interface DollarRef {
  /** `kube`: `$(NAME)`, which Kubernetes expands; `shell`: `$NAME` or `${NAME…}`, which only a shell expands. */
  kind: 'kube' | 'shell';
  /** The name (for `kube`, the text between the parentheses: not necessarily a valid name). */
  name: string;
  start: number;
  end: number;
  /** `shell`: `$NAME` or `${NAME}`, with no operator (`${NAME:-x}` is not plain); `kube`: always. */
  plain: boolean;
}

/**
 * The references in a string, read as Kubernetes' expansion does: `$$` is an escaped `$`, `$(`
 * runs to the first `)` (what is inside is not read again), anything else after `$` is literal to
 * Kubernetes, and is a shell reference when it reads as one.
 */
export function dollarRefs(value: string): DollarRef[] {
  const out: DollarRef[] = [];
  for (let i = 0; i < value.length - 1; i++) {
    if (value[i] !== '$') continue;
    const next = value[i + 1];
    if (next === '$') {
      i++;
      continue;
    }
    if (next === '(') {
      const close = value.indexOf(')', i + 2);
      if (close < 0) continue;
      out.push({ kind: 'kube', name: value.slice(i + 2, close), start: i, end: close + 1, plain: true });
      i = close;
      continue;
    }
    const m =
      next === '{' ? /^\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}/.exec(value.slice(i, i + 300)) : /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(value.slice(i, i + 300));
    if (m) {
      out.push({ kind: 'shell', name: m[1], start: i, end: i + m[0].length, plain: !m[2] });
      i += m[0].length - 1;
    }
  }
  return out;
}

/** The `$(…)` references Kubernetes looks up in a string. */
export function kubeRefs(value: string): DollarRef[] {
  return value.includes('$(') ? dollarRefs(value).filter((r) => r.kind === 'kube') : [];
}

/** Shell-style references in a string (`$NAME`, `${NAME…}`), outside Kubernetes' own `$$` and `$(…)`. */
export function shellRefs(value: string): DollarRef[] {
  return value.includes('$') ? dollarRefs(value).filter((r) => r.kind === 'shell') : [];
}
