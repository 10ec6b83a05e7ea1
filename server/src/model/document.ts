/**
 * One YAML document of a file, parsed on its own, with the Kubernetes manifests in it.
 * Parsing never throws: syntax errors are data.
 */
import { Composer, isMap, isPair, isScalar, isSeq, Parser, type CST, type Document, type Node, type YAMLMap } from 'yaml';
import { customPodKind, customWorkload } from './customResources';
import { alignScalars, goYamlTags, isApostropheEscape, separatorIssues, tabsAsFlowSpace } from './goyaml';
import { workloadKind, type WorkloadKind } from './kinds';
import { readPodSpec, type PodSpec } from './podSpec';
import { LineIndex, type Span } from './text';
import { asSeq, entries, getEntry, nodeAt, scalarText, spanOf, type Path } from './yamlNodes';

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
  /**
   * Set for the pod-bearing kinds of ground truth §4, the custom resources of
   * `customResources.ts` and a `template` recognised by its shape: the workload of `podSpec`.
   */
  workload?: WorkloadKind;
  /** The first pod spec of the manifest (in a view, the view's own: see `podViews`). */
  podSpec?: PodSpec;
  /**
   * Every pod spec of the manifest, in document order, each with its own workload (its
   * `podSpecPath` is the spec's path): a RayCluster's head and worker groups, a JobSet's jobs.
   */
  podSpecs: { podSpec: PodSpec; workload: WorkloadKind }[];
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

/**
 * Parser options shared by everything that parses manifests. `logLevel: 'error'`: the `yaml`
 * library would otherwise print a process warning each time `toJS` meets a collection as a key
 * (`{ {}: 1 }`), flooding a server's stderr; such keys are still read (stringified).
 */
export const PARSE_OPTIONS = {
  version: '1.1',
  customTags: goYamlTags,
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  keepSourceTokens: false,
  logLevel: 'error',
} as const;

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
  RESOURCE_EXHAUSTION: 'this document nests too deeply to be parsed (more than 256 levels); it is not analysed',
};

function plainMessage(code: string, message: string): string {
  if (code === 'RESOURCE_EXHAUSTION') return PLAIN_WORDS[code];
  const words = PLAIN_WORDS[code];
  const msg = message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
  return words ? `${words}: ${msg}` : msg;
}

/** The strategic-merge patch directives a key starts with (`$patch`, `$setElementOrder/containers`…), as a pattern. */
const DIRECTIVES = String.raw`\$(?:patch|retainKeys|setElementOrder/|deleteFromPrimitiveList/)`;

/** A patch directive as written, when the text has no escape (see `parseDocument`). */
const DIRECTIVE_TEXT = new RegExp(DIRECTIVES);

/** A key that is a patch directive. */
const PATCH_DIRECTIVE = new RegExp(`^${DIRECTIVES}`);

/** Whether a key anywhere below `node` is a patch directive (a plain walk: yaml's `visit` costs a tenth of a large file's analysis). */
function usesPatchDirectives(node: YAMLMap): boolean {
  const stack: unknown[] = [node];
  while (stack.length) {
    const n = stack.pop();
    // A pair may also be a sequence item (`[a: b]`).
    const pairs = isMap(n) ? n.items : isPair(n) ? [n] : undefined;
    if (pairs) {
      for (const pair of pairs) {
        const key = pair.key;
        if (isScalar(key)) {
          if (typeof key.value === 'string' && key.value.charCodeAt(0) === 36 /* $ */ && PATCH_DIRECTIVE.test(key.value)) return true;
        } else if (key) stack.push(key);
        if (pair.value) stack.push(pair.value);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) if (item) stack.push(item);
    }
  }
  return false;
}

/** `mayPatch`: false when the document's text cannot hold a patch directive key (no `$`, no escape). */
function manifestOf(node: YAMLMap, path: Path, mayPatch: boolean): Manifest {
  const apiVersion = scalarText(getEntry(node, 'apiVersion')?.value);
  const kind = scalarText(getEntry(node, 'kind')?.value);
  const name = scalarText(getEntry(getEntry(node, 'metadata')?.value, 'name')?.value);
  const span = spanOf(node) ?? { start: 0, end: 0 };
  const manifest: Manifest = { node, path, span, apiVersion, kind, name, podSpecs: [], isPatch: mayPatch && usesPatchDirectives(node) };
  manifest.podSpecs = findPodSpecs(node, apiVersion, kind);
  if (manifest.podSpecs.length > 0) {
    manifest.podSpec = manifest.podSpecs[0].podSpec;
    manifest.workload = manifest.podSpecs[0].workload;
  } else {
    // A built-in workload whose pod spec is missing still has its kind (rules report the gap).
    manifest.workload = workloadKind(apiVersion, kind);
  }
  return manifest;
}

/**
 * The pod specs of a manifest node, each with its workload: the built-in kind's one (ground truth
 * §4), a table custom resource's (`customResources.ts`), or a `spec.template` recognised by its shape.
 */
export function findPodSpecs(node: YAMLMap, apiVersion: string | undefined, kind: string | undefined): { podSpec: PodSpec; workload: WorkloadKind }[] {
  const out: { podSpec: PodSpec; workload: WorkloadKind }[] = [];
  const workload = workloadKind(apiVersion, kind);
  if (workload) {
    const spec = nodeAt(node, workload.podSpecPath);
    if (isMap(spec)) out.push({ podSpec: readPodSpec(spec, workload.podSpecPath, node, workload.kind === 'StatefulSet'), workload });
    return out;
  }
  const custom = customPodKind(apiVersion, kind);
  if (custom && apiVersion) {
    for (const p of custom.paths) {
      for (const at of expand(node, p)) {
        const spec = nodeAt(node, at);
        if (isMap(spec)) out.push({ podSpec: readPodSpec(spec, at, node, false), workload: customWorkload(custom, apiVersion, at) });
      }
    }
  } else if (apiVersion && kind && !isBuiltinGroup(apiVersion) && templateShaped(node)) {
    const at = ['spec', 'template', 'spec'];
    const shaped: WorkloadKind = {
      kind,
      apiVersions: [apiVersion],
      podSpecPath: at,
      restartPolicies: ['Always', 'OnFailure', 'Never'],
      template: true,
      custom: { creates: 'Pods', runsToCompletion: false, byShape: true },
    };
    out.push({ podSpec: readPodSpec(nodeAt(node, at) as YAMLMap, at, node, false), workload: shaped });
  }
  return out;
}

/** The concrete paths a table path with `*` (any index or key) names in `root`, in document order. */
function expand(root: Node, pattern: Path): Path[] {
  let paths: Path[] = [[]];
  for (const step of pattern) {
    if (step !== '*') {
      paths = paths.map((p) => [...p, step]);
      continue;
    }
    const next: Path[] = [];
    for (const p of paths) {
      const at = nodeAt(root, p);
      const seq = asSeq(at);
      if (seq) seq.items.forEach((_, i) => next.push([...p, i]));
      else if (isMap(at)) for (const e of entries(at)) next.push([...p, e.key]);
    }
    paths = next;
  }
  return paths;
}

/** Groups of the Kubernetes API itself: the core group, groups without a dot and `*.k8s.io` (not `*.x-k8s.io`, which are SIG projects' CRDs). */
function isBuiltinGroup(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return true;
  const group = apiVersion.slice(0, slash);
  return !group.includes('.') || (group.endsWith('.k8s.io') && !group.endsWith('.x-k8s.io'));
}

/**
 * `spec.template` shaped like a PodTemplateSpec: a `metadata` mapping and a `spec` whose
 * `containers` are mappings that each name an image (a string `name` and `image`).
 */
function templateShaped(node: YAMLMap): boolean {
  const template = nodeAt(node, ['spec', 'template']);
  if (!isMap(nodeAt(template, ['metadata'])) || !isMap(nodeAt(template, ['spec']))) return false;
  const containers = asSeq(nodeAt(template, ['spec', 'containers']));
  if (!containers || containers.items.length === 0) return false;
  return containers.items.every((c) => isMap(c) && !!scalarText(getEntry(c, 'name')?.value) && !!scalarText(getEntry(c, 'image')?.value));
}

const views = new WeakMap<Manifest, Manifest[]>();

/**
 * The manifest once per pod spec, each view with `podSpec` and `workload` set to that pod
 * spec's: rules, lenses and the startup plan look at one pod at a time. A manifest with at most
 * one pod spec is its own only view.
 */
export function podViews(manifest: Manifest): Manifest[] {
  if (manifest.podSpecs.length <= 1) return [manifest];
  let out = views.get(manifest);
  if (!out) {
    out = manifest.podSpecs.map(({ podSpec, workload }) => ({ ...manifest, podSpec, workload }));
    views.set(manifest, out);
  }
  return out;
}

/** The view of the manifest whose pod spec holds the offset, or the manifest itself. */
export function podViewAt(manifest: Manifest, offset: number): Manifest {
  if (manifest.podSpecs.length <= 1) return manifest;
  return (
    podViews(manifest).find((v) => v.podSpec && v.podSpec.node.range && v.podSpec.node.range[0] <= offset && offset <= v.podSpec.node.range[2]) ?? manifest
  );
}

/** A `kind: List` (or `FooList`) with `items`: its items are the manifests. */
function manifestsOf(root: Node | null | undefined, mayPatch: boolean): Manifest[] {
  if (!isMap(root)) return [];
  const kind = scalarText(getEntry(root, 'kind')?.value);
  const items = getEntry(root, 'items')?.value;
  if (kind && kind.endsWith('List') && isSeq(items)) {
    const out: Manifest[] = [];
    items.items.forEach((item, i) => {
      if (isMap(item)) out.push(manifestOf(item, ['items', i], mayPatch));
    });
    return out;
  }
  if (!getEntry(root, 'apiVersion') && !getEntry(root, 'kind')) return [];
  return [manifestOf(root, [], mayPatch)];
}

/**
 * Documents nesting deeper than this are not parsed. Real manifests nest less than 50 levels (the
 * deepest CRD of the corpus: 47). The `yaml` composer recurses per level: near the end of the
 * stack it fails at a depth that depends on its caller's stack (so the same text parsed or not),
 * and V8 may even abort the process when a regular expression is first compiled there (`- - - …`
 * 10,000 levels deep, parsed twice). The depth is measured on the CST, which `yaml` builds
 * without recursion, before composing.
 */
export const MAX_NESTING = 256;

/** Thrown by parseYaml for a text nested deeper than MAX_NESTING. */
export class NestingTooDeep extends RangeError {
  constructor(readonly offset: number) {
    super(`the text nests more than ${MAX_NESTING} levels deep`);
  }
}

/** Offset of the first collection nested deeper than MAX_NESTING, or -1. Iterative. */
function tooDeepAt(tokens: readonly CST.Token[]): number {
  // Two stacks side by side (a token and its depth): no pair allocated per token.
  const stack: (CST.Token | null | undefined)[] = [...tokens];
  const depths: number[] = tokens.map(() => 0);
  while (stack.length) {
    const t = stack.pop();
    const depth = depths.pop()!;
    if (!t) continue;
    if (t.type === 'document') {
      stack.push(t.value);
      depths.push(depth);
    } else if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection') {
      if (depth >= MAX_NESTING) return t.offset;
      for (const item of t.items) {
        if ('key' in item) {
          stack.push(item.key);
          depths.push(depth + 1);
        }
        stack.push(item.value);
        depths.push(depth + 1);
      }
    }
  }
  return -1;
}

/**
 * `parseAllDocuments(text, PARSE_OPTIONS)`, except that a text nested deeper than MAX_NESTING
 * throws NestingTooDeep instead of reaching the recursive composer. Use it for every text that
 * comes from a user.
 */
export function parseYaml(text: string): Document.Parsed[] {
  const tokens = Array.from(new Parser().parse(text));
  const at = tooDeepAt(tokens);
  if (at >= 0) throw new NestingTooDeep(at);
  return Array.from<Document.Parsed>(new Composer(PARSE_OPTIONS).compose(tokens) as Iterable<Document.Parsed>);
}

/**
 * go-yaml takes tabs as white space inside flow collections and quoted strings, where `yaml`
 * refuses a line that starts with one: when that is the only trouble, the document is read with
 * those tabs as spaces (the same offsets, the same values).
 */
function withFlowTabs(text: string, list: Document.Parsed[]): Document.Parsed[] {
  if (!list.some((d) => d.errors.length > 0)) return list;
  const spaced = tabsAsFlowSpace(text, (t) => parseYaml(t));
  return spaced ?? list;
}

export function parseDocument(text: string): YamlDocument {
  const lines = new LineIndex(text);
  const syntaxIssues: SyntaxIssue[] = [];
  let yaml: Document.Parsed | undefined;
  try {
    const list = withFlowTabs(text, parseYaml(text));
    yaml = list[0];
    for (const d of list) {
      for (const e of d.errors) if (!isApostropheEscape(text, e.code, e.pos)) syntaxIssues.push(issue(e, 'error', text));
      for (const g of alignScalars(d, text, PARSE_OPTIONS)) syntaxIssues.push({ ...g, severity: 'error' });
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
    const at = e instanceof NestingTooDeep ? Math.min(e.offset, Math.max(0, text.length - 1)) : 0;
    syntaxIssues.push({
      span: { start: at, end: Math.min(text.length, at + 1) },
      message: tooDeep ? PLAIN_WORDS.RESOURCE_EXHAUSTION : `the YAML parser failed on this document: ${(e as Error).message}`,
      code: 'IMPOSSIBLE',
      severity: 'error',
    });
    yaml = undefined;
  }
  const hasErrors = syntaxIssues.some((i) => i.severity === 'error');
  // kubectl refuses the stream at such a line, but the document reads the same: still analysed.
  for (const g of separatorIssues(text)) syntaxIssues.push({ ...g, severity: 'error' });
  // Without an escape (`"\x24patch"`, a `\` line join), a key's text is written in one piece
  // (folding adds spaces): a directive key needs the directive in the text, and most documents
  // need no walk of their keys.
  const mayPatch = text.includes('\\') || (text.includes('$') && DIRECTIVE_TEXT.test(text));
  const manifests = !hasErrors && yaml ? manifestsOf(yaml.contents, mayPatch) : [];
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

// ---------------------------------------------------------------------------------------------
// Derived data and compact documents: what lets a server keep a file of thousands of documents
// open without keeping every document's tree.

const derivedData = new WeakMap<YamlDocument, Map<object, unknown>>();

/**
 * Data derived from a document and computed once (findings, lens positions, outline): plain
 * values that hold no YAML node of the document, or its compact form could not drop the tree.
 * `key` is an object private to the caller. Carried over by {@link compactDocument}.
 */
export function derived<T>(doc: YamlDocument, key: object, compute: () => T): T {
  const data = derivedData.get(doc);
  if (data?.has(key)) return data.get(key) as T;
  const value = compute();
  setDerived(doc, key, value);
  return value;
}

/** The derived data of `doc` under `key`, if computed. */
export function derivedValue<T>(doc: YamlDocument, key: object): T | undefined {
  return derivedData.get(doc)?.get(key) as T | undefined;
}

/** Sets (or replaces) the derived data of `doc` under `key`. */
export function setDerived<T>(doc: YamlDocument, key: object, value: T): void {
  let data = derivedData.get(doc);
  if (!data) derivedData.set(doc, (data = new Map()));
  data.set(key, value);
}

let loads = 0;

/** A counter that grows each time a compact document parses its text again (see {@link treeState}). */
export function loadCount(): number {
  return loads;
}

/**
 * A document whose tree is parsed from its text on first use: `yaml` and `manifests` come from
 * one parse (the same structure as the original's, new objects), kept from then on.
 */
class CompactDocument implements YamlDocument {
  readonly text: string;
  readonly lines: LineIndex;
  readonly syntaxIssues: SyntaxIssue[];
  private tree: { yaml?: Document.Parsed; manifests: Manifest[] } | undefined;
  /** `loadCount()` when the tree was parsed again, or -1. */
  loadedAt = -1;

  constructor(from: YamlDocument) {
    this.text = from.text;
    this.lines = from.lines;
    this.syntaxIssues = from.syntaxIssues;
  }

  get yaml(): Document.Parsed | undefined {
    return this.load().yaml;
  }

  get manifests(): Manifest[] {
    return this.load().manifests;
  }

  get loaded(): boolean {
    return this.tree !== undefined;
  }

  private load(): { yaml?: Document.Parsed; manifests: Manifest[] } {
    if (!this.tree) {
      const full = parseDocument(this.text);
      this.tree = { yaml: full.yaml, manifests: full.manifests };
      this.loadedAt = ++loads;
    }
    return this.tree;
  }
}

/**
 * The same document without its tree (text, line index, syntax issues and derived data shared):
 * the tree is parsed again when something reads `yaml` or `manifests`. A new object, so whoever
 * holds the original keeps using the original's nodes, never a mix of two parses.
 */
export function compactDocument(doc: YamlDocument): YamlDocument {
  const compact = new CompactDocument(doc);
  const data = derivedData.get(doc);
  if (data) derivedData.set(compact, new Map(data));
  return compact;
}

/**
 * What memory a document holds: `full` (an ordinary parse), `compact` (no tree), or `loaded` (a
 * compact document whose tree was parsed again, at `loadCount()` = `loadedAt`).
 */
export function treeState(doc: YamlDocument): { state: 'full' } | { state: 'compact' } | { state: 'loaded'; loadedAt: number } {
  if (!(doc instanceof CompactDocument)) return FULL;
  return doc.loaded ? { state: 'loaded', loadedAt: doc.loadedAt } : COMPACT;
}

const FULL = { state: 'full' } as const;
const COMPACT = { state: 'compact' } as const;
