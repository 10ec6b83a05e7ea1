/**
 * One YAML document of a file, parsed on its own, with the Kubernetes manifests in it.
 * Parsing never throws: syntax errors are data.
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type YAMLMap } from 'yaml';
import { workloadKind, type WorkloadKind } from './kinds';
import { readPodSpec, type PodSpec } from './podSpec';
import { LineIndex, type Span } from './text';
import { getEntry, nodeAt, scalarText, spanOf, type Path } from './yamlNodes';

export interface SyntaxIssue {
  span: Span;
  message: string;
  code: string;
  severity: 'error' | 'warning';
}

export interface Manifest {
  /** The manifest object: the document root, or an item of a `kind: List`. */
  node: YAMLMap;
  /** Path from the document root to `node` (`[]`, or `['items', 2]`). */
  path: Path;
  span: Span;
  apiVersion?: string;
  kind?: string;
  name?: string;
  /** Set for the pod-bearing kinds of ground truth §4. */
  workload?: WorkloadKind;
  podSpec?: PodSpec;
  /**
   * The manifest uses strategic-merge-patch directives (`$patch`, `$setElementOrder/…`,
   * `$retainKeys`, `$deleteFromPrimitiveList/…`): it is a patch, not a complete object.
   */
  isPatch: boolean;
}

export interface YamlDocument {
  /** The document's own text; every span in this document indexes into it. */
  text: string;
  lines: LineIndex;
  /** The parsed document, absent for a chunk that holds no document (only comments or blanks). */
  yaml?: Document.Parsed;
  syntaxIssues: SyntaxIssue[];
  /** Manifests found; empty when the document has syntax errors (they are not analysed further). */
  manifests: Manifest[];
}

/** Parser options shared by everything that parses manifests. */
export const PARSE_OPTIONS = { version: '1.1', merge: true, uniqueKeys: true, prettyErrors: false, keepSourceTokens: false } as const;

const PLAIN_WORDS: Record<string, string> = {
  DUPLICATE_KEY: 'a key appears twice in the same mapping',
  TAB_AS_INDENT: 'tabs are not allowed for indentation in YAML; use spaces',
  BAD_INDENT: 'the indentation does not line up with the surrounding block',
  MULTILINE_IMPLICIT_KEY: 'a key must be on one line (is a `:` or an indentation missing above?)',
  BLOCK_AS_IMPLICIT_KEY: 'a nested block cannot be used as a key (check the indentation)',
  MISSING_CHAR: 'a closing character is missing',
  UNEXPECTED_TOKEN: 'unexpected text here',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  MULTIPLE_DOCS: 'a second document starts without a `---` line',
  RESOURCE_EXHAUSTION: 'this document nests too deeply to be parsed (hundreds of levels); it is not analysed',
};

function plainMessage(code: string, message: string): string {
  if (code === 'RESOURCE_EXHAUSTION') return PLAIN_WORDS[code];
  const words = PLAIN_WORDS[code];
  const msg = message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
  return words ? `${words}: ${msg}` : msg;
}

const PATCH_DIRECTIVE = /^\$(patch|retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/;

function usesPatchDirectives(node: YAMLMap): boolean {
  let found = false;
  visit(node, {
    Pair(_key, pair) {
      if (isPair(pair) && isScalar(pair.key) && typeof pair.key.value === 'string' && PATCH_DIRECTIVE.test(pair.key.value)) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function manifestOf(node: YAMLMap, path: Path): Manifest {
  const apiVersion = scalarText(getEntry(node, 'apiVersion')?.value);
  const kind = scalarText(getEntry(node, 'kind')?.value);
  const name = scalarText(getEntry(getEntry(node, 'metadata')?.value, 'name')?.value);
  const span = spanOf(node) ?? { start: 0, end: 0 };
  const manifest: Manifest = { node, path, span, apiVersion, kind, name, isPatch: usesPatchDirectives(node) };
  const workload = workloadKind(apiVersion, kind);
  if (workload) {
    manifest.workload = workload;
    const spec = nodeAt(node, workload.podSpecPath);
    if (isMap(spec)) manifest.podSpec = readPodSpec(spec, workload.podSpecPath, node, workload.kind === 'StatefulSet');
  }
  return manifest;
}

/** A `kind: List` (or `FooList`) with `items`: its items are the manifests. */
function manifestsOf(root: Node | null | undefined): Manifest[] {
  if (!isMap(root)) return [];
  const kind = scalarText(getEntry(root, 'kind')?.value);
  const items = getEntry(root, 'items')?.value;
  if (kind && kind.endsWith('List') && isSeq(items)) {
    const out: Manifest[] = [];
    items.items.forEach((item, i) => {
      if (isMap(item)) out.push(manifestOf(item, ['items', i]));
    });
    return out;
  }
  if (!getEntry(root, 'apiVersion') && !getEntry(root, 'kind')) return [];
  return [manifestOf(root, [])];
}

export function parseDocument(text: string): YamlDocument {
  const lines = new LineIndex(text);
  const syntaxIssues: SyntaxIssue[] = [];
  let yaml: Document.Parsed | undefined;
  try {
    const docs = parseAllDocuments(text, PARSE_OPTIONS);
    const list = Array.isArray(docs) ? docs : [];
    yaml = list[0];
    for (const d of list) {
      for (const e of d.errors) syntaxIssues.push(issue(e, 'error', text));
      for (const w of d.warnings) syntaxIssues.push(issue(w, 'warning', text));
    }
    if (list.length > 1) {
      const second = list[1].range?.[0] ?? 0;
      syntaxIssues.push({
        span: { start: second, end: Math.min(text.length, second + 1) },
        message: PLAIN_WORDS.MULTIPLE_DOCS,
        code: 'MULTIPLE_DOCS',
        severity: 'error',
      });
    }
  } catch (e) {
    // The parser is recursive: thousands of nested levels exhaust the stack. Say so plainly.
    const tooDeep = e instanceof RangeError;
    syntaxIssues.push({
      span: { start: 0, end: Math.min(text.length, 1) },
      message: tooDeep ? PLAIN_WORDS.RESOURCE_EXHAUSTION : `the YAML parser failed on this document: ${(e as Error).message}`,
      code: 'IMPOSSIBLE',
      severity: 'error',
    });
    yaml = undefined;
  }
  const hasErrors = syntaxIssues.some((i) => i.severity === 'error');
  const manifests = !hasErrors && yaml ? manifestsOf(yaml.contents as Node | null) : [];
  return { text, lines, yaml, syntaxIssues, manifests };
}

function issue(e: { code: string; message: string; pos: [number, number] }, severity: 'error' | 'warning', text: string): SyntaxIssue {
  let [start, end] = e.pos;
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(start, Math.min(end, text.length));
  // A range that starts at a line break (e.g. a missing closing quote) ends there too.
  const lineBreak = text.slice(start, end).search(/[\r\n]/);
  if (lineBreak === 0) end = start;
  if (end === start) {
    // An empty range is invisible in editors: take the character there, or the one before at the end.
    if (start < text.length && text[start] !== '\n' && text[start] !== '\r') end = start + 1;
    else if (start > 0) start = start - 1;
  }
  return { span: { start, end }, message: plainMessage(e.code, e.message), code: e.code, severity };
}
