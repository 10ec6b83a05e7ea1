/**
 * Navigation across the workspace's files, over the workspace index (`workspace/index.ts`) and the
 * references of `workspace/references.ts`. Pure: the caller gives the current file's model and a
 * `WorkspaceView` (the index, and how to read a file's current text); places come back per file.
 *
 * - Definition: from a reference (a `secretKeyRef`/`configMapKeyRef` name or key, `envFrom`, a
 *   `secret`/`configMap`/`persistentVolumeClaim`/projected volume, `serviceAccountName`,
 *   `imagePullSecrets`, a host a container connects to, a StatefulSet's `serviceName`, an Ingress
 *   backend) to the object's `metadata.name` (a kustomize generator's `name`), a key to the key in
 *   `data`/`stringData`/`binaryData` (a generator's literal); from a Service's `selector` to the
 *   pod templates it matches (the workloads' names), from its `targetPort` to the container ports
 *   it resolves to (the port's `name`, else its `containerPort`); from a definition to itself.
 * - References: from a definition or a reference, every reference in the workspace (and the
 *   definitions, when asked), file by file in text order.
 *
 * The current file is read from its model (its current text); the other files from the index,
 * which keeps their places as of their last indexing.
 */
import { isScalar, type Scalar } from 'yaml';
import type { FileModel } from '../model/file';
import type { Range, Span } from '../model/text';
import { asMap, asSeq, entries, getEntry, scalarText } from '../model/yamlNodes';
import { fileObjects, fileRefs, placeRange, type IndexedObject, type IndexedRef, type Place, type WorkspaceIndex } from '../workspace/index';
import { documentRefs, resolveNamespace, statedNamespace, valueSpan, type RefKind } from '../workspace/references';

/** What navigation reads of the workspace. */
export interface WorkspaceView {
  index: WorkspaceIndex;
  /** The namespace of a file's manifests that set none (its kustomization's); undefined: `default`. */
  namespaceOf(file: string): string | undefined;
  /** A file's current text (an open document's, else the disk's); undefined when it cannot be read. */
  read(file: string): string | undefined;
  /** Files over this size are not parsed (as the index). */
  maxFileSizeKB: number;
}

export interface FilePlace {
  file: string;
  range: Range;
}

const filePlace = (file: string, place: Place): FilePlace => ({ file, range: placeRange(place) });

/** The kinds a definition's `metadata.name` is navigated from. */
const NAMED: ReadonlySet<string> = new Set<RefKind>(['Secret', 'ConfigMap', 'Service', 'ServiceAccount', 'PersistentVolumeClaim']);

/** What is at the cursor. */
export type Target =
  | { what: 'object'; kind: RefKind; namespace: string; name: string; key?: string; span: Span; declaration: boolean; generator?: boolean }
  | { what: 'selector'; namespace: string; selector: Record<string, string>; span: Span }
  | { what: 'targetPort'; namespace: string; selector: Record<string, string>; port: string; span: Span };

const contains = (s: Span, offset: number) => s.start <= offset && offset <= s.end;
const shiftSpan = (s: Span, by: number): Span => ({ start: s.start + by, end: s.end + by });

function selectorOf(spec: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries(getEntry(spec as never, 'selector')?.value)) out[e.key] = scalarText(e.value) ?? '';
  return out;
}

/** The reference, definition, selector or target port at a file offset. */
export function targetAt(model: FileModel, offset: number, fileNamespace: string | undefined): Target | undefined {
  const at = model.documentAt(offset);
  if (!at) return undefined;
  const { doc, start } = at.placed;
  const local = at.offset;
  let best: Target | undefined;
  for (const r of documentRefs(doc)) {
    if (!contains(r.span, local) || (best && best.span.end - best.span.start <= r.span.end - r.span.start)) continue;
    const namespace = resolveNamespace(r.namespace, fileNamespace);
    best = { what: 'object', kind: r.kind, namespace, name: r.name, ...(r.key !== undefined ? { key: r.key } : {}), span: r.span, declaration: false };
  }
  if (best) return { ...best, span: shiftSpan(best.span, start) };
  for (const m of doc.manifests) {
    if (!contains(m.span, local) || m.isPatch || !m.kind) continue;
    const namespace = resolveNamespace(statedNamespace(m), fileNamespace);
    const nameNode = getEntry(getEntry(m.node, 'metadata')?.value, 'name')?.value;
    const nameSpan = isScalar(nameNode) ? valueSpan(nameNode) : undefined;
    if (NAMED.has(m.kind) && m.name && nameSpan && contains(nameSpan, local)) {
      return { what: 'object', kind: m.kind as RefKind, namespace, name: m.name, span: shiftSpan(nameSpan, start), declaration: true };
    }
    if ((m.kind === 'Secret' || m.kind === 'ConfigMap') && m.name) {
      for (const field of ['data', 'stringData', 'binaryData']) {
        for (const e of entries(getEntry(m.node, field)?.value)) {
          const span = (isScalar(e.pair.key) && valueSpan(e.pair.key)) || e.keySpan;
          if (contains(span, local))
            return { what: 'object', kind: m.kind, namespace, name: m.name, key: e.key, span: shiftSpan(span, start), declaration: true };
        }
      }
    }
    if (m.kind === 'Service') {
      const spec = getEntry(m.node, 'spec')?.value;
      const selector = selectorOf(spec);
      if (Object.keys(selector).length === 0) continue;
      const sel = getEntry(spec, 'selector');
      const selRange = sel?.value?.range;
      if (sel && (contains(sel.keySpan, local) || (selRange && selRange[0] <= local && local <= selRange[1]))) {
        return { what: 'selector', namespace, selector, span: shiftSpan(sel.keySpan, start) };
      }
      for (const item of asSeq(getEntry(spec, 'ports')?.value)?.items ?? []) {
        const tp = getEntry(item as never, 'targetPort')?.value;
        const span = isScalar(tp) ? valueSpan(tp) : undefined;
        if (span && contains(span, local)) return { what: 'targetPort', namespace, selector, port: scalarText(tp) ?? '', span: shiftSpan(span, start) };
      }
    }
  }
  return generatorAt(doc.yaml?.contents, local, start, fileNamespace);
}

/** A ConfigMap or Secret a kustomization's `configMapGenerator`/`secretGenerator` item makes: its name's scalar and its literals. */
export interface GeneratorItem {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  namespace: string;
  nameNode: Scalar;
  literals: Scalar[];
}

/** The generator items of a document's root (a kustomization). */
export function generatorItems(root: unknown, fileNamespace: string | undefined): GeneratorItem[] {
  const out: GeneratorItem[] = [];
  const map = asMap(root as never);
  if (!map) return out;
  const rootNamespace = scalarText(getEntry(map, 'namespace')?.value) || undefined;
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    for (const item of asSeq(getEntry(map, field)?.value)?.items ?? []) {
      const nameNode = getEntry(item as never, 'name')?.value;
      if (!isScalar(nameNode) || typeof nameNode.value !== 'string' || nameNode.value === '') continue;
      const namespace = scalarText(getEntry(item as never, 'namespace')?.value) || rootNamespace || fileNamespace || 'default';
      const literals = (asSeq(getEntry(item as never, 'literals')?.value)?.items ?? []).filter((l): l is Scalar => isScalar(l));
      out.push({ kind, name: nameNode.value, namespace, nameNode, literals });
    }
  }
  return out;
}

/** A kustomization's generator item name or literal key at the offset. */
function generatorAt(root: unknown, local: number, start: number, fileNamespace: string | undefined): Target | undefined {
  for (const g of generatorItems(root, fileNamespace)) {
    const { kind, namespace, name } = g;
    const nameSpan = valueSpan(g.nameNode);
    if (nameSpan && contains(nameSpan, local))
      return { what: 'object', kind, namespace, name, span: shiftSpan(nameSpan, start), declaration: true, generator: true };
    for (const l of g.literals) {
      const span = valueSpan(l);
      if (typeof l.value !== 'string' || !span) continue;
      const key = l.value.replace(/=.*$/s, '');
      const keySpan = { start: span.start, end: span.start + key.length };
      if (contains(keySpan, local)) return { what: 'object', kind, namespace, name, key, span: shiftSpan(keySpan, start), declaration: true, generator: true };
    }
  }
  return undefined;
}

/** The files of the workspace with their objects and references; the current file from its model. */
export function* workspaceFiles(
  view: WorkspaceView,
  current: { file: string; model: FileModel },
): Iterable<{ file: string; objects: readonly IndexedObject[]; refs: readonly IndexedRef[]; unsafe?: string }> {
  const ns = view.namespaceOf(current.file);
  yield { file: current.file, objects: fileObjects(current.model, current.file, ns), refs: fileRefs(current.model, ns) };
  for (const e of view.index.entries()) if (e.file !== current.file) yield e;
}

function matches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.keys(selector).every((k) => Object.hasOwn(labels, k) && labels[k] === selector[k]);
}

/** The definitions of an object of the workspace. */
export function definitionsOf(files: Iterable<{ objects: readonly IndexedObject[] }>, kind: string, namespace: string, name: string): IndexedObject[] {
  const out: IndexedObject[] = [];
  // By the name as rendered, or as written in a file a kustomize overlay renders with a prefix or suffix.
  for (const f of files) for (const o of f.objects) if (o.kind === kind && (o.name === name || o.original === name) && o.namespace === namespace) out.push(o);
  return out;
}

/** The workloads whose pod template a selector matches, in a namespace. */
export function selectedPods(
  files: Iterable<{ objects: readonly IndexedObject[] }>,
  namespace: string,
  selector: Readonly<Record<string, string>>,
): IndexedObject[] {
  const out: IndexedObject[] = [];
  if (Object.keys(selector).length === 0) return out;
  for (const f of files) for (const o of f.objects) if (o.pod && o.namespace === namespace && matches(selector, o.pod.labels)) out.push(o);
  return out;
}

/** File by file, then in text order. */
function byPlace(a: FilePlace, b: FilePlace): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** Sorted places without repeats (an object kustomize renders in several overlays is indexed once per overlay). */
function unique(places: FilePlace[]): FilePlace[] {
  return places.filter((p, i) => i === 0 || byPlace(places[i - 1], p) !== 0 || JSON.stringify(places[i - 1].range) !== JSON.stringify(p.range));
}

const placeOf = (o: IndexedObject): FilePlace[] => (o.at !== undefined ? [filePlace(o.file, o.at)] : []);

/** Definition places for a file offset, file by file in text order (empty when the cursor is on nothing this module knows). */
export function workspaceDefinition(view: WorkspaceView, file: string, model: FileModel, offset: number): FilePlace[] {
  return unique(definitionPlaces(view, file, model, offset).sort(byPlace));
}

function definitionPlaces(view: WorkspaceView, file: string, model: FileModel, offset: number): FilePlace[] {
  const target = targetAt(model, offset, view.namespaceOf(file));
  if (!target) return [];
  const files = [...workspaceFiles(view, { file, model })];
  if (target.what === 'selector') return selectedPods(files, target.namespace, target.selector).flatMap(placeOf);
  if (target.what === 'targetPort') {
    const out: FilePlace[] = [];
    const number = /^\d+$/.test(target.port) ? Number(target.port) : undefined;
    for (const o of selectedPods(files, target.namespace, target.selector)) {
      o.pod!.ports.forEach((p, i) => {
        const at = o.portAt?.[i];
        if (at !== undefined && p.role !== 'init' && (number !== undefined ? p.port === number : p.name === target.port)) out.push(filePlace(o.file, at));
      });
    }
    return out;
  }
  const defs = definitionsOf(files, target.kind, target.namespace, target.name);
  if (target.key !== undefined) {
    const keyed: FilePlace[] = [];
    for (const o of defs) {
      const i = o.keys?.indexOf(target.key) ?? -1;
      const at = i >= 0 ? o.keyAt?.[i] : undefined;
      if (at !== undefined) keyed.push(filePlace(o.file, at));
    }
    if (keyed.length > 0 || target.declaration) return keyed;
  }
  return defs.flatMap(placeOf);
}

/** Every reference in the workspace to what is at a file offset (and its definitions, when asked). */
export function workspaceReferences(view: WorkspaceView, file: string, model: FileModel, offset: number, includeDeclaration: boolean): FilePlace[] {
  const target = targetAt(model, offset, view.namespaceOf(file));
  if (!target || target.what !== 'object') return [];
  const files = [...workspaceFiles(view, { file, model })];
  const out: FilePlace[] = [];
  if (includeDeclaration) {
    for (const o of definitionsOf(files, target.kind, target.namespace, target.name)) {
      if (target.key === undefined) out.push(...placeOf(o));
      else {
        const i = o.keys?.indexOf(target.key) ?? -1;
        const at = i >= 0 ? o.keyAt?.[i] : undefined;
        if (at !== undefined) out.push(filePlace(o.file, at));
      }
    }
  }
  for (const f of files) {
    for (const r of f.refs) {
      if (r.kind === target.kind && r.name === target.name && r.namespace === target.namespace && r.key === target.key) out.push(filePlace(f.file, r.at));
    }
  }
  return unique(out.sort(byPlace));
}
