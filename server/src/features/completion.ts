/**
 * Completion in Kubernetes manifests. Pure: text and an offset in, plain items out (no LSP types).
 *
 * The line being typed rarely parses (`      ima` has no colon), so the context is found on a
 * patched copy of the current YAML document only: the word at the cursor is replaced by a
 * placeholder (`__initlens__:` for a key, `key: __initlens__` for a value), the copy is parsed
 * (`yaml` recovers from errors elsewhere) and the placeholder's path gives the manifest and the
 * schema position. Nothing here throws: any surprise gives no items.
 *
 * What is offered:
 *  - keys of the schema object at the cursor that the mapping does not have yet: the required
 *    ones first, then (inside a new `initContainers` item) the snippets, then the others in the
 *    schema's order; fields the API server rejects for the target are left out (`restartPolicy`
 *    on an app container and `restartPolicyRules` below 1.34, `status`, server-set metadata);
 *  - after `key: `, the schema's enum values (the pod `restartPolicy` narrowed to what the kind
 *    accepts; `Always` for an init container's `restartPolicy`), `true`/`false`, and names:
 *    volumes (and claim templates) in `volumeMounts[].name`, containers in `targetContainerName`,
 *    `podFailurePolicy` rules and `resourceFieldRef.containerName`; apiVersions and kinds;
 *  - after `$(` in `command`/`args`/`env[].value`: the container's env names (for an env value,
 *    only the entries above it, as Kubernetes expands only those);
 *  - init container and native sidecar snippets (`snippets.ts`) in a new `initContainers` item;
 *    one that mounts a volume declares it in `volumes:` through `additionalEdits`.
 */
import { isMap, isScalar, isSeq, parse as parseYaml, type Document, type Node, type YAMLMap } from 'yaml';
import type { JSONSchema } from 'vscode-json-languageservice';
import { versionAtLeast } from '../config/options';
import type { FileModel } from '../model/file';
import { findPodSpecs } from '../model/document';
import type { WorkloadKind } from '../model/kinds';
import type { PodSpec } from '../model/podSpec';
import type { Span } from '../model/text';
import { getEntry, keyName, nodeAt, scalarText, type Path } from '../model/yamlNodes';
import { getKindSchema, loadSchemaIndex, resolveSchemaNode, schemaNodeAt, type ResolvedSchemaNode } from '../schema/loadSchema';
import { documentAt, findScalar, lineAt, parentMap, parseTree, scalarAt, startsWith, type FeatureOptions, type TreeLocation, type TreeManifest } from './context';
import { sidecarNote, typeName, typesOf } from './describe';
import { escapeSnippet, INIT_SNIPPETS, type InitSnippet } from './snippets';

export type CompletionKind = 'property' | 'value' | 'reference' | 'variable' | 'snippet';

export interface CompletionEdit {
  span: Span;
  newText: string;
}

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** What replaces `span`; snippet syntax when `snippet` is true. Lines after the first carry their full indentation. */
  insertText: string;
  snippet: boolean;
  /** The text the item replaces (offsets into the text given: the file, or the document). */
  span: Span;
  /** Edits elsewhere in the document (a volume the snippet mounts); never overlapping `span`'s line. */
  additionalEdits: CompletionEdit[];
  /** Keeps the order of the list (`0001`, `0002`, …). */
  sortText: string;
  filterText?: string;
}

export const PLACEHOLDER = '__initlens__';

/** Completion at a file offset. */
export function completionsAt(model: FileModel, offset: number, options: FeatureOptions): CompletionItem[] {
  const at = documentAt(model, offset);
  if (!at) return [];
  const shift = (s: Span): Span => ({ start: s.start + at.placed.start, end: s.end + at.placed.start });
  return completeInDocument(at.placed.doc.text, at.offset, options).map((item) => ({
    ...item,
    span: shift(item.span),
    additionalEdits: item.additionalEdits.map((e) => ({ span: shift(e.span), newText: e.newText })),
  }));
}

/** Completion at an offset of one YAML document's text (spans relative to it). Never throws. */
export function completeInDocument(text: string, offset: number, options: FeatureOptions): CompletionItem[] {
  try {
    return complete(text, Math.max(0, Math.min(offset, text.length)), options);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------

interface Ctx {
  text: string;
  offset: number;
  options: FeatureOptions;
  eol: string;
  line: { start: number; end: number };
}

const KEY_LINE = /^([ \t]*)((?:-[ \t]+)*)((?:[A-Za-z0-9_./][A-Za-z0-9_./-]*)?)$/;
const VALUE_LINE = /^([ \t]*(?:-[ \t]+)*)([A-Za-z0-9_./-]+|"[^"]*"|'[^']*')[ \t]*:([ \t]*)(["']?)([^\s"'#,{}[\]]*)$/;
const WORD_AFTER = /^[A-Za-z0-9_./-]*/;

function complete(text: string, offset: number, options: FeatureOptions): CompletionItem[] {
  const line = lineAt(text, offset);
  const before = text.slice(line.start, offset);
  if (/(^|\s)#/.test(before)) return [];
  const ctx: Ctx = { text, offset, options, eol: text.includes('\r\n') ? '\r\n' : '\n', line };
  const variable = /\$\(([A-Za-z0-9_.-]*)$/.exec(before);
  if (variable) return variableCompletions(ctx, variable[1]);
  const value = VALUE_LINE.exec(before);
  if (value) return valueCompletions(ctx, value[4], value[5], value[3] === '' && value[4] === '' && value[5] === '');
  const key = KEY_LINE.exec(before);
  if (key) return keyCompletions(ctx, key[2].length > 0, key[3]);
  return [];
}

function order(items: Omit<CompletionItem, 'sortText'>[]): CompletionItem[] {
  return items.map((item, i) => ({ ...item, sortText: String(i + 1).padStart(4, '0') }));
}

/** Parses the document with its current line replaced by `patchedLine`. */
function patched(ctx: Ctx, patchedLine: string): { doc: Document.Parsed; text: string; delta: number } | undefined {
  const text = ctx.text.slice(0, ctx.line.start) + patchedLine + ctx.text.slice(ctx.line.end);
  const doc = parseTree(text);
  return doc && { doc, text, delta: patchedLine.length - (ctx.line.end - ctx.line.start) };
}

/** The pod spec at (or the first above) `at`: a RayCluster's worker group when the cursor is in it. */
function podSpecOf(manifest: TreeManifest, at: Path): { pod: PodSpec; path: Path; workload: WorkloadKind } | undefined {
  const all = findPodSpecs(manifest.node, manifest.apiVersion, manifest.kind);
  const hit = all.find((p) => startsWith(at, p.podSpec.path)) ?? all[0];
  return hit && { pod: hit.podSpec, path: hit.podSpec.path, workload: hit.workload };
}

function kindSchema(manifest: TreeManifest): JSONSchema | undefined {
  return manifest.apiVersion && manifest.kind ? getKindSchema(manifest.apiVersion, manifest.kind) : undefined;
}

/** A plain scalar that YAML 1.1 would read as something else (`on`, `1:2`, `""`) is double-quoted. */
function yamlValue(value: string): string {
  let same = false;
  try {
    same = parseYaml(value, { version: '1.1' }) === value;
  } catch {
    same = false;
  }
  return same && value.trim() === value && value !== '' ? value : JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Keys

const SERVER_SET_METADATA = new Set(['creationTimestamp', 'deletionGracePeriodSeconds', 'deletionTimestamp', 'generation', 'managedFields', 'resourceVersion', 'selfLink', 'uid']);
const SIDECAR_ONLY = new Set(['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']);

interface KeyContext {
  /** Column of the key's first character. */
  column: number;
  /** The word being replaced. */
  span: Span;
  /** A `:` follows the word already: insert the bare key. */
  hasColon: boolean;
}

function keyCompletions(ctx: Ctx, dashed: boolean, word: string): CompletionItem[] {
  const { text, offset, line } = ctx;
  const wordStart = offset - word.length;
  const wordEnd = offset + (WORD_AFTER.exec(text.slice(offset, line.end))?.[0].length ?? 0);
  const rest = text.slice(wordEnd, line.end);
  const hasColon = /^[ \t]*:/.test(rest);
  const patchedLine = text.slice(line.start, wordStart) + PLACEHOLDER + (hasColon ? rest : ':');
  const p = patched(ctx, patchedLine);
  if (!p) return [];
  const loc = findScalar(p.doc, (n) => isScalar(n) && n.value === PLACEHOLDER);
  if (!loc || !loc.onKey) return [];
  const kc: KeyContext = { column: wordStart - line.start, span: { start: wordStart, end: wordEnd }, hasColon };
  const parentPath = loc.path.slice(0, -1);
  const map = parentMap(loc.ancestors);
  const present = new Set<string>();
  for (const item of map?.items ?? []) {
    const k = keyName(item);
    if (k !== undefined && k !== PLACEHOLDER) present.add(k);
  }
  const onlyPlaceholder = present.size === 0;
  const pod = podSpecOf(loc.manifest, loc.path);
  const root = kindSchema(loc.manifest);

  // `initContainers:` with the cursor on an indented line below it (no dash yet): an item goes here.
  if (pod && parentPath.length === pod.path.length + 1 && startsWith(parentPath, pod.path) && parentPath[parentPath.length - 1] === 'initContainers' && onlyPlaceholder) {
    return order(snippetItems(ctx, p, loc, pod, kc, true));
  }

  if (!root) {
    if (parentPath.length) return [];
    const items = ['apiVersion', 'kind', 'metadata']
      .filter((k) => !present.has(k))
      .map((k) => keyItem(ctx, kc, k, k === 'metadata' ? { node: { type: 'object' } } : { node: { type: 'string' } }, undefined, false));
    return order(items);
  }
  const parent = schemaNodeAt(root, parentPath);
  if (!parent) return [];
  const props = parent.node.properties ?? {};
  const required = new Set(parent.node.required ?? []);
  const container = pod?.pod.containers.find((c) => c.path.length === parentPath.length && startsWith(parentPath, c.path));
  const target = ctx.options.kubernetesVersion;
  const gated = !versionAtLeast(target, 1, 34);
  const exclude = (k: string): boolean => {
    if (present.has(k)) return true;
    if (parentPath.length === 0 && k === 'status') return true;
    if (parentPath.length === 1 && parentPath[0] === 'metadata' && SERVER_SET_METADATA.has(k)) return true;
    if (container && gated && k === 'restartPolicyRules') return true;
    if (container?.list === 'containers' && gated && k === 'restartPolicy') return true;
    return false;
  };
  const names = Object.keys(props).filter((k) => !exclude(k));
  const items: Omit<CompletionItem, 'sortText'>[] = [];
  const add = (k: string) => {
    const r = resolveSchemaNode(root, props[k] as JSONSchema);
    if (!r) return;
    let special: Special | undefined;
    if (container && container.list === 'initContainers' && k === 'restartPolicy') special = { insert: 'restartPolicy: Always', documentation: sidecarNote(target) };
    else if (container?.role === 'init' && SIDECAR_ONLY.has(k)) special = { detailSuffix: ' · sidecars only (restartPolicy: Always)' };
    else if (pod && k === 'restartPolicy' && parentPath.length === pod.path.length && startsWith(parentPath, pod.path)) special = { enumValues: pod.workload.restartPolicies.slice() };
    items.push(keyItem(ctx, kc, k, r, root, required.has(k), special));
  };
  for (const k of names) if (required.has(k)) add(k);
  // A new item of initContainers (its `- ` just typed): the snippets, right after the required keys.
  const isInitItem =
    !!pod && parentPath.length === pod.path.length + 2 && startsWith(parentPath, pod.path) && parentPath[pod.path.length] === 'initContainers' && typeof parentPath[pod.path.length + 1] === 'number';
  if (isInitItem && dashed && onlyPlaceholder && !hasColon) items.push(...snippetItems(ctx, p, loc, pod!, kc, false));
  for (const k of names) if (!required.has(k)) add(k);
  // The line right below a block `initContainers` list, at its dash column: a new item can start here too.
  if (pod && !dashed && !hasColon && parentPath.length === pod.path.length && startsWith(parentPath, pod.path) && map && followsInitContainers(p, map, kc.column)) {
    items.push(...snippetItems(ctx, p, loc, pod, kc, true));
  }
  return order(items);
}

interface Special {
  insert?: string;
  documentation?: string;
  detailSuffix?: string;
  enumValues?: string[];
}

function choice(values: string[]): string {
  return `\${1|${values.map((v) => yamlValue(v).replace(/[\\,|$}]/g, (c) => `\\${c}`)).join(',')}|}`;
}

function keyItem(ctx: Ctx, kc: KeyContext, key: string, r: ResolvedSchemaNode, root: JSONSchema | undefined, required: boolean, special?: Special): Omit<CompletionItem, 'sortText'> {
  const n = r.node;
  const types = typesOf(n);
  const indent = ' '.repeat(kc.column + 2);
  const k = escapeSnippet(key);
  let insertText: string;
  let snippet = true;
  const enumValues = special?.enumValues ?? (Array.isArray(n.enum) ? n.enum.map(String) : undefined);
  if (kc.hasColon) {
    insertText = key;
    snippet = false;
  } else if (special?.insert) {
    insertText = special.insert;
    snippet = false;
  } else if (enumValues && enumValues.length === 1) {
    insertText = `${key}: ${yamlValue(enumValues[0])}`;
    snippet = false;
  } else if (enumValues && enumValues.length) {
    insertText = `${k}: ${choice(enumValues)}`;
  } else if (types.includes('boolean')) {
    insertText = `${k}: \${1|true,false|}`;
  } else if (types.includes('array')) {
    insertText = `${k}:${ctx.eol}${indent}- $0`;
  } else if (types.includes('object') || n.properties) {
    insertText = `${k}:${ctx.eol}${indent}$0`;
  } else {
    insertText = `${k}: $0`;
  }
  const type = root ? typeName(root, r) : typesOf(n).join(' | ') || undefined;
  const doc = [special?.documentation, typeof n.description === 'string' ? n.description : undefined, required ? 'Required.' : undefined].filter(Boolean).join('\n\n');
  return {
    label: key,
    kind: 'property',
    detail: `${type ?? ''}${required ? ' · required' : ''}${special?.detailSuffix ?? ''}`.trim() || undefined,
    documentation: doc || undefined,
    insertText,
    snippet,
    span: kc.span,
    additionalEdits: [],
  };
}

/** The placeholder's pair comes right after `initContainers` in the pod spec, at the list's dash column. */
function followsInitContainers(p: { text: string }, map: YAMLMap, column: number): boolean {
  const index = map.items.findIndex((item) => keyName(item) === PLACEHOLDER);
  if (index < 1) return false;
  const prev = map.items[index - 1];
  if (keyName(prev) !== 'initContainers') return false;
  const value = prev.value as Node | null;
  if (value === null || (isScalar(value) && value.value === null)) return true;
  if (!isSeq(value) || value.flow || !value.items.length) return false;
  const first = (value.items[0] as Node | null)?.range?.[0];
  if (first === undefined) return false;
  const lineStart = p.text.lastIndexOf('\n', first - 1) + 1;
  const dash = p.text.lastIndexOf('-', first - 1);
  return dash >= lineStart && dash - lineStart === column;
}

// ---------------------------------------------------------------------------------------------
// Snippets

function snippetItems(ctx: Ctx, p: { doc: Document.Parsed; text: string; delta: number }, loc: TreeLocation, pod: { pod: PodSpec; path: Path }, kc: KeyContext, withDash: boolean): Omit<CompletionItem, 'sortText'>[] {
  const out: Omit<CompletionItem, 'sortText'>[] = [];
  const sidecars = versionAtLeast(ctx.options.kubernetesVersion, 1, 29);
  for (const s of INIT_SNIPPETS) {
    if (s.sidecar && !sidecars) continue;
    let volume: string | undefined;
    let additionalEdits: CompletionEdit[] = [];
    if (s.volume) {
      const chosen = chooseVolume(pod.pod, s);
      volume = chosen.name;
      if (!chosen.exists) {
        const edit = volumeEdit(ctx, p, loc.manifest, pod, chosen.name);
        if (!edit) continue; // the volume cannot be declared (flow-style spec or volumes): do not offer it
        additionalEdits = [edit];
      }
    }
    const body = s.body.map((l) => (volume !== undefined ? l.replace(/\bVOLUME\b/g, escapeSnippet(volume)) : l));
    const first = withDash ? `- ${body[0]}` : body[0];
    const indent = ' '.repeat(kc.column + (withDash ? 2 : 0));
    const insertText = [first, ...body.slice(1).map((l) => indent + l)].join(ctx.eol) + '$0';
    const adds = additionalEdits.length && volume ? `\n\nAdds the volume \`${volume}\` (\`emptyDir\`) to \`volumes\`.` : volume ? `\n\nMounts the volume \`${volume}\`.` : '';
    out.push({
      label: s.label,
      kind: 'snippet',
      detail: s.detail,
      documentation: `${s.documentation}${adds}`,
      insertText,
      snippet: true,
      span: kc.span,
      additionalEdits,
    });
  }
  return out;
}

function chooseVolume(pod: PodSpec, s: InitSnippet): { name: string; exists: boolean } {
  const declared = new Set([...pod.volumes, ...pod.volumeClaimTemplates].map((v) => v.name).filter((n): n is string => n !== undefined));
  if (s.volume?.reuseAppVolume) {
    for (const c of pod.appContainers) for (const m of c.volumeMounts) if (m.name && declared.has(m.name)) return { name: m.name, exists: true };
  }
  const name = s.volume!.name;
  return { name, exists: declared.has(name) };
}

function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

/** The offset of the end of the last non-blank character before `end`. */
function lastContentBefore(text: string, end: number): number {
  let i = end;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * The edit that declares `name` as an `emptyDir` volume: a new item of a block `volumes` list,
 * or a new `volumes:` key at the end of the pod spec (at its start when the pod spec ends on the
 * line being completed). In the original text's offsets; undefined when it cannot be placed.
 */
function volumeEdit(ctx: Ctx, p: { doc: Document.Parsed; text: string; delta: number }, manifest: TreeManifest, pod: { path: Path }, name: string): CompletionEdit | undefined {
  const spec = nodeAt(manifest.node, pod.path);
  if (!isMap(spec) || spec.flow) return undefined;
  const { eol } = ctx;
  const text = p.text;
  const patchedLineEnd = ctx.line.end + p.delta;
  const toOriginal = (o: number): number | undefined => (o < ctx.line.start ? o : o > patchedLineEnd ? o - p.delta : undefined);
  const item = (dashCol: number) => `${' '.repeat(dashCol)}- name: ${yamlValue(name)}${eol}${' '.repeat(dashCol + 2)}emptyDir: {}`;
  const volumes = getEntry(spec, 'volumes');
  if (volumes) {
    const value = volumes.value;
    const keyCol = columnOf(text, volumes.keySpan.start);
    if (value === null || (isScalar(value) && value.value === null)) {
      const at = toOriginal(lineEndAt(text, volumes.keySpan.end));
      return at === undefined ? undefined : { span: { start: at, end: at }, newText: `${eol}${item(keyCol + 2)}` };
    }
    if (!isSeq(value) || value.flow || !value.items.length) return undefined;
    const firstStart = (value.items[0] as Node | null)?.range?.[0];
    const last = value.items[value.items.length - 1] as Node | null;
    if (firstStart === undefined || !last?.range) return undefined;
    const dash = text.lastIndexOf('-', firstStart - 1);
    const dashCol = columnOf(text, dash);
    const at = toOriginal(lineEndAt(text, lastContentBefore(text, last.range[1]) - 1));
    return at === undefined ? undefined : { span: { start: at, end: at }, newText: `${eol}${item(dashCol)}` };
  }
  const pairs = spec.items.filter((i) => keyName(i) !== PLACEHOLDER);
  if (!pairs.length) return undefined;
  const firstKey = (pairs[0].key as Node | null)?.range?.[0];
  if (firstKey === undefined) return undefined;
  const keyCol = columnOf(text, firstKey);
  const block = `${' '.repeat(keyCol)}volumes:${eol}${item(keyCol + 2)}`;
  const lastPair = pairs[pairs.length - 1];
  const lastNode = ((lastPair.value as Node | null)?.range ? lastPair.value : lastPair.key) as Node | null;
  if (lastNode?.range) {
    const end = lineEndAt(text, lastContentBefore(text, lastNode.range[1]) - 1);
    const at = toOriginal(end);
    if (at !== undefined && end > patchedLineEnd) return { span: { start: at, end: at }, newText: `${eol}${block}` };
  }
  const start = text.lastIndexOf('\n', firstKey - 1) + 1;
  const at = toOriginal(start);
  return at === undefined ? undefined : { span: { start: at, end: at }, newText: `${block}${eol}` };
}

// ---------------------------------------------------------------------------------------------
// Values

/** `space`: the cursor is right after the colon (`key:|`), so the value is inserted with a space. */
function valueCompletions(ctx: Ctx, quote: string, partial: string, space: boolean): CompletionItem[] {
  const { text, offset, line } = ctx;
  const valueStart = offset - partial.length;
  const wordEnd = offset + (/^[^\s"'#,{}[\]]*/.exec(text.slice(offset, line.end))?.[0].length ?? 0);
  const patchedLine = text.slice(line.start, valueStart - quote.length) + (space ? ' ' : '') + PLACEHOLDER;
  const p = patched(ctx, patchedLine);
  if (!p) return [];
  const loc = findScalar(p.doc, (n) => isScalar(n) && n.value === PLACEHOLDER);
  if (!loc || loc.onKey || !loc.path.length) return [];
  const span = { start: valueStart, end: wordEnd };
  const path = loc.path;
  const key = path[path.length - 1];
  const manifest = loc.manifest;
  const items: Omit<CompletionItem, 'sortText'>[] = [];
  const value = (label: string, kind: CompletionKind, detail?: string, documentation?: string) =>
    items.push({ label, kind, detail, documentation, insertText: `${space ? ' ' : ''}${quote ? label : yamlValue(label)}`, snippet: false, span, additionalEdits: [] });

  // The manifest's apiVersion and kind, from the bundled schema's index.
  if (path.length === 1 && (key === 'apiVersion' || key === 'kind')) {
    const kinds = [...(loadSchemaIndex()?.kinds.keys() ?? [])].map((k) => {
      const slash = k.lastIndexOf('/');
      return { apiVersion: k.slice(0, slash), kind: k.slice(slash + 1) };
    });
    if (key === 'apiVersion') {
      let versions = [...new Set(kinds.filter((k) => !manifest.kind || k.kind === manifest.kind).map((k) => k.apiVersion))];
      const stable = versions.filter((v) => /(^|\/)v\d+$/.test(v));
      if (stable.length) versions = stable;
      for (const v of versions.sort()) value(v, 'value');
    } else {
      const names = [...new Set(kinds.filter((k) => (!manifest.apiVersion || k.apiVersion === manifest.apiVersion) && !k.kind.endsWith('List')).map((k) => k.kind))];
      for (const k of names.sort()) value(k, 'value');
    }
    return order(items);
  }

  const pod = podSpecOf(manifest, path);
  if (pod && startsWith(path, pod.path)) {
    const rel = path.slice(pod.path.length);
    const container = pod.pod.containers.find((c) => startsWith(path, c.path));
    const containerNames = () => [...pod.pod.initContainers, ...pod.pod.appContainers].filter((c) => c.name !== undefined);
    // volumeMounts[].name, volumeDevices[].name: the declared volumes and claim templates.
    if (container && path.length === container.path.length + 3 && (path[container.path.length] === 'volumeMounts' || path[container.path.length] === 'volumeDevices') && key === 'name') {
      for (const v of [...pod.pod.volumes, ...pod.pod.volumeClaimTemplates]) {
        if (v.name === undefined) continue;
        value(v.name, 'reference', v.source === 'claimTemplate' ? 'volumeClaimTemplate' : v.source ? `volume · ${v.source}` : 'volume');
      }
      return order(items);
    }
    // Names of containers.
    const namesContainer =
      (container?.list === 'ephemeralContainers' && path.length === container.path.length + 1 && key === 'targetContainerName') ||
      (!!container && key === 'containerName' && path[path.length - 2] === 'resourceFieldRef');
    if (namesContainer) {
      for (const c of containerNames()) value(c.name!, 'reference', c.role === 'app' ? 'container' : `${c.role} container`);
      return order(items);
    }
    // restartPolicy: the pod's (narrowed to the kind) and an init container's (`Always`: a sidecar).
    if (rel.length === 1 && key === 'restartPolicy') {
      for (const v of pod.workload.restartPolicies) value(v, 'value');
      return order(items);
    }
    if (container && path.length === container.path.length + 1 && key === 'restartPolicy') {
      if (container.list === 'initContainers') value('Always', 'value', 'native sidecar', sidecarNote(ctx.options.kubernetesVersion));
      return order(items);
    }
  }
  // podFailurePolicy.rules[].onExitCodes.containerName of a Job or CronJob.
  if (pod && key === 'containerName' && path[path.length - 2] === 'onExitCodes' && path.includes('podFailurePolicy')) {
    for (const c of [...pod.pod.initContainers, ...pod.pod.appContainers]) if (c.name !== undefined) value(c.name, 'reference', c.role === 'app' ? 'container' : `${c.role} container`);
    return order(items);
  }

  const root = kindSchema(manifest);
  if (!root) return [];
  const r = schemaNodeAt(root, path);
  if (!r) return [];
  if (Array.isArray(r.node.enum)) {
    for (const v of r.node.enum) if (v !== null && typeof v !== 'object') value(String(v), 'value');
  } else if (typesOf(r.node).includes('boolean')) {
    value('true', 'value');
    value('false', 'value');
  }
  return order(items);
}

// ---------------------------------------------------------------------------------------------
// $(VAR)

/** Closing characters for the flow collections and quotes left open in `before`. */
function closers(before: string): string {
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (quote) {
      if (c === quote && !(quote === '"' && before[i - 1] === '\\')) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') stack.push(']');
    else if (c === '{') stack.push('}');
    else if ((c === ']' || c === '}') && stack[stack.length - 1] === c) stack.pop();
  }
  return `${quote ?? ''}${stack.reverse().join('')}`;
}

function variableCompletions(ctx: Ctx, partial: string): CompletionItem[] {
  const { text, offset, line } = ctx;
  const start = offset - partial.length;
  const afterWord = /^[A-Za-z0-9_.-]*/.exec(text.slice(offset, line.end))?.[0].length ?? 0;
  const end = offset + afterWord;
  const closed = text[end] === ')';
  let loc = (() => {
    const doc = parseTree(text);
    return doc ? scalarAt(doc, offset) : undefined;
  })();
  if (!loc) {
    // An unterminated quote or flow list on the line being typed: close them on a copy.
    const before = text.slice(line.start, start);
    const patchedLine = `${before}${PLACEHOLDER})${closers(before)}`;
    const p = patched(ctx, patchedLine);
    if (!p) return [];
    loc = findScalar(p.doc, (n) => isScalar(n) && typeof n.value === 'string' && n.value.includes(`$(${PLACEHOLDER})`));
  }
  if (!loc || loc.onKey) return [];
  const path = loc.path;
  const at = path.findIndex((seg, i) => (seg === 'initContainers' || seg === 'containers' || seg === 'ephemeralContainers') && typeof path[i + 1] === 'number');
  if (at < 0) return [];
  const containerPath = path.slice(0, at + 2);
  const rel = path.slice(at + 2);
  const inCommand = rel.length === 2 && (rel[0] === 'command' || rel[0] === 'args') && typeof rel[1] === 'number';
  const inEnv = rel.length === 3 && rel[0] === 'env' && typeof rel[1] === 'number' && rel[2] === 'value';
  if (!inCommand && !inEnv) return [];
  const container = nodeAt(loc.manifest.node, containerPath);
  const env = getEntry(container, 'env')?.value;
  if (!isSeq(env)) return [];
  const limit = inEnv ? (rel[1] as number) : env.items.length;
  const seen = new Set<string>();
  const items: Omit<CompletionItem, 'sortText'>[] = [];
  env.items.slice(0, limit).forEach((item, index) => {
    const name = scalarText(getEntry(item as Node, 'name')?.value);
    if (!name || seen.has(name) || name === PLACEHOLDER) return;
    seen.add(name);
    const v = scalarText(getEntry(item as Node, 'value')?.value);
    const from = getEntry(item as Node, 'valueFrom')?.value;
    const source = v !== undefined ? `= ${v}` : isMap(from) ? `valueFrom ${(from.items[0] ? keyName(from.items[0]) : undefined) ?? ''}`.trim() : undefined;
    items.push({
      label: name,
      kind: 'variable',
      detail: `env[${index}]${source ? ` ${source}` : ''}`,
      insertText: closed ? name : `${name})`,
      snippet: false,
      span: { start, end },
      additionalEdits: [],
    });
  });
  return order(items);
}
