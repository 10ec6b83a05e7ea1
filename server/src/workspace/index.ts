/**
 * The workspace index: every Kubernetes object of a set of files by kind, namespace and name,
 * with what references to it can check (Service ports, Secret and ConfigMap keys,
 * HPA targets, PodDisruptionBudgets' budgets and selectors), and the ConfigMaps and Secrets kustomizations generate. Pure and LSP-free: the front ends (CLI, server) read the files and give it file
 * models; rules see it through `AnalysisOptions.workspace` (`facts()`).
 *
 * What a file exposes is read once per parsed document (kept with the document, so an edit costs
 * the documents it touched) and kept per file as plain data; the models are not kept.
 *
 * For navigation across files (features/workspaceNavigation.ts, workspaceRename.ts, the host
 * hover) each file also keeps the places (`Place`: line and character, taken at indexing, since a
 * closed file has no parse later) of its objects' names, keys and container ports, the references
 * it makes (`references.ts`) and why a rename could not edit it (`fileUnsafe`). None of that is
 * part of what the rules read or of the key.
 */
import { createHash } from 'node:crypto';
import { derived, derivedValue, setDerived, type YamlDocument } from '../model/document';
import { parseFile, type FileModel, type PlacedDocument } from '../model/file';
import type { Manifest } from '../model/document';
import { asMap, asSeq, entries, getEntry, nodeAt, scalarText } from '../model/yamlNodes';
import type { Autoscaled, CrdSource, KustomizeRendering, WorkspaceFacts, WorkspaceObject, WorkspacePdb, WorkspacePod, WorkspacePort } from '../config/options';
import type { Range, Span } from '../model/text';
import { crdInFileText, documentCrds } from '../schema/crd';
import { documentRefs, FILE_NAMESPACE, resolveNamespace, valueSpan, type RefKind } from './references';

/**
 * A place in a file, for navigation (0-based lines, UTF-16 characters), taken when the file is
 * indexed (the server keeps no parse of a closed file). Packed in one small integer when it is on
 * one line below line 16384, starts before character 256 and is shorter than 256 (V8 keeps such a
 * number in the field itself); else `[line, character, endLine, endCharacter]`. Read it with
 * `placeRange`.
 */
export type Place = number | readonly [number, number, number, number];

const CHAR_BITS = 2 ** 8;
const LINE_UNIT = CHAR_BITS * CHAR_BITS;

export function packPlace(line: number, character: number, endLine: number, endCharacter: number): Place {
  const length = endCharacter - character;
  if (line === endLine && line < 16384 && character < CHAR_BITS && length >= 0 && length < CHAR_BITS) return line * LINE_UNIT + character * CHAR_BITS + length;
  return [line, character, endLine, endCharacter];
}

/** The range a place stands for. */
export function placeRange(p: Place): Range {
  if (typeof p !== 'number') return { start: { line: p[0], character: p[1] }, end: { line: p[2], character: p[3] } };
  const line = Math.floor(p / LINE_UNIT);
  const character = Math.floor(p / CHAR_BITS) % CHAR_BITS;
  return { start: { line, character }, end: { line, character: character + (p % CHAR_BITS) } };
}

/** An object as a document states it: the namespace only when written. */
interface Stated extends Omit<WorkspaceObject, 'namespace' | 'file' | 'line'> {
  namespace?: string;
  /** 0-based line in the document. */
  line: number;
  /** An HPA's target scaled beyond one replica. */
  target?: { kind: string; name: string };
  /** Navigation: where the name is (a kustomize generator's `name`), each of `keys`, each of `pod.ports`. */
  at?: Place;
  keyAt?: readonly Place[];
  portAt?: readonly (Place | undefined)[];
  /** A Service's selector (the hover on a host shows it). */
  selector?: Readonly<Record<string, string>>;
  /** Defined by a kustomize generator whose name gets a suffix (content hash, `nameSuffix`, `namePrefix`): why it cannot be renamed. */
  generated?: string;
  /** A CustomResourceDefinition: what custom resources are checked against. */
  crd?: IndexedCrd;
}

/**
 * What the index keeps of a CustomResourceDefinition: what lookup needs, and where its document
 * is in the file (the schema is read from there on first need, ../schema/crd.ts).
 */
export interface IndexedCrd extends Omit<CrdSource, 'load' | 'source'> {
  /** The document's offset in the file (in a document's own objects: 0) and length. */
  start: number;
  length: number;
}

/** An object of the index. */
export interface IndexedObject extends WorkspaceObject {
  target?: { kind: string; name: string };
  at?: Place;
  keyAt?: readonly Place[];
  portAt?: readonly (Place | undefined)[];
  selector?: Readonly<Record<string, string>>;
  generated?: string;
  crd?: IndexedCrd;
}

/** A reference a file makes to an object (`references.ts`), where it is. */
export interface IndexedRef {
  kind: RefKind;
  name: string;
  namespace: string;
  /** A key reference (`secretKeyRef.key`). */
  key?: string;
  at: Place;
}

/** A reference of one document, its namespace possibly FILE_NAMESPACE and its place document-local. */
type StatedRef = IndexedRef;

const STATED = {};

/**
 * A copy of a string that does not keep the text it was cut from alive (V8 keeps the whole
 * document text behind a sliced string): the index outlives the files' models.
 */
function own(text: string): string {
  return text.length === 0 ? text : (' ' + text).slice(1);
}
const NONE: readonly Stated[] = [];

/** A document span as a document-local place. */
function placeOf(doc: YamlDocument, span: Span): Place {
  const a = doc.lines.positionAt(span.start);
  const b = doc.lines.positionAt(span.end);
  return packPlace(a.line, a.character, b.line, b.character);
}

function shiftPlace(p: Place, lines: number): Place {
  const r = placeRange(p);
  return packPlace(r.start.line + lines, r.start.character, r.end.line + lines, r.end.character);
}

/** The span of a key (quotes excluded). */
function keySpan(pair: { key: unknown }, fallback: Span): Span {
  const key = pair.key as Parameters<typeof valueSpan>[0];
  return (key && typeof key === 'object' && 'range' in key && valueSpan(key)) || fallback;
}

function dataKeys(doc: YamlDocument, node: unknown, places: Place[]): string[] {
  const out: string[] = [];
  for (const key of ['data', 'stringData', 'binaryData']) {
    for (const e of entries(getEntry(node as never, key)?.value)) {
      out.push(own(e.key));
      places.push(placeOf(doc, keySpan(e.pair, e.keySpan)));
    }
  }
  return out;
}

/** The span of a scalar's value (quotes excluded), if it is a scalar. */
function scalarPlace(doc: YamlDocument, node: unknown): Place | undefined {
  const span = node && typeof node === 'object' && 'range' in node ? valueSpan(node as never) : undefined;
  return span && placeOf(doc, span);
}

function servicePorts(spec: unknown): WorkspacePort[] {
  const out: WorkspacePort[] = [];
  for (const item of asSeq(getEntry(spec as never, 'ports')?.value)?.items ?? []) {
    const port = Number(scalarText(getEntry(item as never, 'port')?.value));
    if (!Number.isInteger(port)) continue;
    const p: WorkspacePort = { port };
    const name = scalarText(getEntry(item as never, 'name')?.value);
    const target = scalarText(getEntry(item as never, 'targetPort')?.value);
    if (name) p.name = own(name);
    if (target) p.targetPort = own(target);
    out.push(p);
  }
  return out;
}

/**
 * The ConfigMaps and Secrets a kustomization's `configMapGenerator` and `secretGenerator` make
 * (in its `namespace:`); keys from `literals` only, else unknown.
 */
function generated(doc: YamlDocument, out: Stated[]): void {
  const root = asMap(doc.yaml?.contents);
  if (!root) return;
  const namespace = scalarText(getEntry(root, 'namespace')?.value) || undefined;
  const affix = ['namePrefix', 'nameSuffix'].find((f) => scalarText(getEntry(root, f)?.value));
  const noHash = (node: unknown) => scalarText(nodeAt(node as never, ['options', 'disableNameSuffixHash'])) === 'true';
  const hashOff = scalarText(nodeAt(root, ['generatorOptions', 'disableNameSuffixHash'])) === 'true';
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    for (const item of asSeq(getEntry(root, field)?.value)?.items ?? []) {
      const name = scalarText(getEntry(item as never, 'name')?.value);
      if (!name) continue;
      const o: Stated = { kind, name: own(name), line: doc.lines.positionAt((item as { range?: [number] }).range?.[0] ?? 0).line };
      const at = scalarPlace(doc, getEntry(item as never, 'name')?.value);
      if (at !== undefined) o.at = at;
      if (affix) o.generated = `the kustomization's ${affix} changes the generated name`;
      else if (!hashOff && !noHash(item)) o.generated = 'kustomize adds a content hash to the generated name';
      const itemNamespace = scalarText(getEntry(item as never, 'namespace')?.value) || namespace;
      if (itemNamespace) o.namespace = own(itemNamespace);
      const literals = asSeq(getEntry(item as never, 'literals')?.value)?.items ?? [];
      const onlyLiterals = !getEntry(item as never, 'files') && !getEntry(item as never, 'envs') && !getEntry(item as never, 'env');
      if (onlyLiterals && literals.length > 0) {
        o.keys = literals.map((l) => own((scalarText(l as never) ?? '').replace(/=.*$/s, '')));
        o.keyAt = literals.map((l, i) => {
          const span = valueSpan(l as never);
          return placeOf(doc, span ? { start: span.start, end: span.start + o.keys![i].length } : { start: 0, end: 0 });
        });
      }
      out.push(o);
    }
  }
}

/** A workload's pod template: its labels and the ports its containers declare. */
function podOf(doc: YamlDocument, m: Manifest, portAt: (Place | undefined)[]): WorkspacePod | undefined {
  const pod = m.podSpec;
  if (!pod) return undefined;
  const labels: Record<string, string> = {};
  const metadata = m.kind === 'Pod' ? getEntry(m.node, 'metadata')?.value : nodeAt(m.node, [...pod.path.slice(0, -1), 'metadata']);
  for (const e of entries(getEntry(metadata, 'labels')?.value)) labels[own(e.key)] = own(scalarText(e.value) ?? '');
  const ports: WorkspacePod['ports'][number][] = [];
  for (const c of pod.containers) {
    if (c.role === 'ephemeral') continue;
    for (const item of asSeq(c.fields.get('ports')?.value)?.items ?? []) {
      const name = scalarText(getEntry(item as never, 'name')?.value);
      const port = Number(scalarText(getEntry(item as never, 'containerPort')?.value));
      ports.push({ container: own(c.name ?? `#${c.index}`), role: c.role, ...(name ? { name: own(name) } : {}), ...(Number.isInteger(port) ? { port } : {}) });
      portAt.push(scalarPlace(doc, getEntry(item as never, name ? 'name' : 'containerPort')?.value));
    }
  }
  return { labels, ports };
}

/** A PodDisruptionBudget's spec: the budget as written and the label selector. */
function pdbOf(spec: unknown): WorkspacePdb {
  const out: WorkspacePdb = {};
  const min = scalarText(getEntry(spec as never, 'minAvailable')?.value);
  const max = scalarText(getEntry(spec as never, 'maxUnavailable')?.value);
  if (min) out.minAvailable = own(min);
  if (max) out.maxUnavailable = own(max);
  const selector = asMap(getEntry(spec as never, 'selector')?.value);
  if (selector) {
    const matchLabels: Record<string, string> = {};
    for (const e of entries(getEntry(selector, 'matchLabels')?.value)) matchLabels[own(e.key)] = own(scalarText(e.value) ?? '');
    const matchExpressions: { key: string; operator: string; values: string[] }[] = [];
    for (const item of asSeq(getEntry(selector, 'matchExpressions')?.value)?.items ?? []) {
      const key = scalarText(getEntry(item as never, 'key')?.value);
      const operator = scalarText(getEntry(item as never, 'operator')?.value);
      const values = (asSeq(getEntry(item as never, 'values')?.value)?.items ?? []).map((v) => own(scalarText(v as never) ?? ''));
      if (key && operator) matchExpressions.push({ key: own(key), operator: own(operator), values });
    }
    out.selector = { matchLabels, matchExpressions };
  }
  return out;
}

/** The objects one document defines (kept with the document). */
export function documentObjects(doc: YamlDocument): readonly Stated[] {
  return derived(doc, STATED, () => {
    if (!doc.text.includes('kind') && !doc.text.includes('Generator')) return NONE;
    const out: Stated[] = [];
    if (doc.text.includes('Generator:') && doc.syntaxIssues.length === 0) generated(doc, out);
    const crds = documentCrds(doc);
    for (const [i, m] of doc.manifests.entries()) {
      if (!m.kind || !m.name || m.isPatch) continue;
      const metadata = getEntry(m.node, 'metadata')?.value;
      const namespace = scalarText(getEntry(metadata, 'namespace')?.value) || undefined;
      const line = doc.lines.positionAt(m.span.start).line;
      const o: Stated = { kind: own(m.kind), name: own(m.name), line };
      if (namespace) o.namespace = own(namespace);
      const at = scalarPlace(doc, getEntry(metadata, 'name')?.value);
      if (at !== undefined) o.at = at;
      const spec = getEntry(m.node, 'spec')?.value;
      const portAt: (Place | undefined)[] = [];
      const pod = podOf(doc, m, portAt);
      if (pod) o.pod = pod;
      if (portAt.length > 0) o.portAt = portAt;
      if (m.kind === 'Service') {
        o.ports = servicePorts(spec);
        const selector: Record<string, string> = {};
        for (const e of entries(getEntry(spec, 'selector')?.value)) selector[own(e.key)] = own(scalarText(e.value) ?? '');
        if (Object.keys(selector).length > 0) o.selector = selector;
      } else if (m.kind === 'Secret' || m.kind === 'ConfigMap') {
        const keyAt: Place[] = [];
        const keys = dataKeys(doc, m.node, keyAt);
        if (keys.length > 0) {
          o.keys = keys;
          o.keyAt = keyAt;
        }
      } else if (m.kind === 'CustomResourceDefinition') {
        const crd = crds.find((c) => c.manifest === i);
        if (crd)
          o.crd = {
            name: own(crd.name),
            group: own(crd.group),
            kind: own(crd.kind),
            served: crd.served.map(own),
            digest: crd.digest,
            start: 0,
            length: doc.text.length,
          };
      } else if (m.kind === 'HorizontalPodAutoscaler') {
        const ref = asMap(getEntry(spec, 'scaleTargetRef')?.value);
        const kind = scalarText(getEntry(ref, 'kind')?.value);
        const name = scalarText(getEntry(ref, 'name')?.value);
        if (kind && name && Number(scalarText(getEntry(spec, 'maxReplicas')?.value)) > 1) o.target = { kind: own(kind), name: own(name) };
      } else if (m.kind === 'PodDisruptionBudget') {
        o.pdb = pdbOf(spec);
      }
      out.push(o);
    }
    return out;
  });
}

/**
 * What one placed document gives the index: its objects, namespaced and placed in the file. Kept
 * with the document (its derived data, which a compacted copy shares) for the context it was
 * placed in: an edit recomputes only the documents it changed or moved.
 */
class DocumentPart {
  /**
   * What the rules read of it, set when the index first compares it (`signed`): the referenced
   * objects, their signatures sorted and joined in one flat string (one signature alone is a rope
   * of its pieces), how many, and the sum of their 52-bit hashes (modulo 2^52).
   */
  read: readonly IndexedObject[] | undefined = undefined;
  signatures = '';
  count = 0;
  sum = 0;

  constructor(readonly objects: readonly IndexedObject[]) {}
}

/** A document part with the context it was placed in (the key of the cache). */
class PlacedPart extends DocumentPart {
  /** The document's references, placed (the line and namespace are part of the key): set by `setFile`. */
  refs: readonly IndexedRef[] | undefined = undefined;

  constructor(
    objects: readonly IndexedObject[],
    readonly file: string,
    readonly line: number,
    /** The document's offset: only a CRD's object keeps it (`crd.start`), so only then part of the key. */
    readonly start: number,
    readonly hasCrd: boolean,
    readonly namespace: string | undefined,
    readonly kustomize: readonly KustomizeRendering[] | undefined,
  ) {
    super(objects);
  }
}

const PLACED = {};

function sameRenderings(a: readonly KustomizeRendering[] | undefined, b: readonly KustomizeRendering[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return (a?.length ?? 0) === 0 && (b?.length ?? 0) === 0;
  return a.every((r, i) => r.root === b[i].root && r.namespace === b[i].namespace && r.prefix === b[i].prefix && r.suffix === b[i].suffix);
}

/** The objects of one placed document (see `fileObjects`), kept with the document for this context. */
function documentPart(placed: PlacedDocument, file: string, namespace?: string, kustomize?: readonly KustomizeRendering[]): PlacedPart {
  const lines = placed.startLine;
  const kept = derivedValue<PlacedPart>(placed.doc, PLACED);
  if (
    kept &&
    kept.file === file &&
    kept.line === lines &&
    (!kept.hasCrd || kept.start === placed.start) &&
    kept.namespace === namespace &&
    sameRenderings(kept.kustomize, kustomize)
  )
    return kept;
  const out: IndexedObject[] = [];
  let hasCrd = false;
  for (const s of documentObjects(placed.doc)) {
    // The places, shifted to the file's lines.
    const places: Pick<IndexedObject, 'at' | 'keyAt' | 'portAt'> = {};
    if (s.at !== undefined) places.at = lines === 0 ? s.at : shiftPlace(s.at, lines);
    if (s.keyAt) places.keyAt = lines === 0 ? s.keyAt : s.keyAt.map((p) => shiftPlace(p, lines));
    if (s.portAt) places.portAt = lines === 0 ? s.portAt : s.portAt.map((p) => (p === undefined ? p : shiftPlace(p, lines)));
    if (s.crd) {
      // A CRD is cluster-scoped and keeps its name: kustomize's renderings do not make copies of it.
      hasCrd = true;
      out.push({ ...s, ...places, namespace: s.namespace ?? namespace ?? 'default', file, line: lines + s.line, crd: { ...s.crd, start: placed.start } });
      continue;
    }
    if (!kustomize || kustomize.length === 0) {
      out.push({ ...s, ...places, namespace: s.namespace ?? namespace ?? 'default', file, line: lines + s.line });
      continue;
    }
    for (const r of kustomize) {
      const name = r.prefix + s.name + r.suffix;
      const o: IndexedObject = { ...s, ...places, name, namespace: r.namespace ?? s.namespace ?? 'default', file, line: lines + s.line };
      if (name !== s.name) o.original = s.name;
      out.push(o);
    }
  }
  const part = new PlacedPart(out, file, lines, placed.start, hasCrd, namespace, kustomize);
  setDerived(placed.doc, PLACED, part);
  return part;
}

/**
 * The objects of a file model, namespaced: the manifest's, else `namespace`, else `default`. With
 * kustomize renderings (the overlays that build the file), once per rendering: named with its
 * prefix and suffix, in its namespace (which replaces the manifest's, as kustomize does).
 */
export function fileObjects(model: FileModel, file: string, namespace?: string, kustomize?: readonly KustomizeRendering[]): IndexedObject[] {
  return model.documents.flatMap((placed) => documentPart(placed, file, namespace, kustomize).objects);
}

const REFS = {};
const NO_REFS: readonly StatedRef[] = [];

/** The references one document makes, with document-local places (kept with the document). */
function documentRefPlaces(doc: YamlDocument): readonly StatedRef[] {
  return derived(doc, REFS, () => {
    if (doc.manifests.length === 0) return NO_REFS;
    const out: StatedRef[] = [];
    for (const r of documentRefs(doc)) {
      const ref: StatedRef = {
        kind: r.kind,
        name: own(r.name),
        namespace: r.namespace === FILE_NAMESPACE ? FILE_NAMESPACE : own(r.namespace),
        at: placeOf(doc, r.span),
      };
      if (r.key !== undefined) ref.key = own(r.key);
      out.push(ref);
    }
    return out.length ? out : NO_REFS;
  });
}

/** The references of one placed document: file places, namespaces resolved (an open file's are kept on its parts). */
function documentRefsAt(placed: PlacedDocument, namespace: string | undefined): readonly IndexedRef[] {
  const stated = documentRefPlaces(placed.doc);
  if (stated === NO_REFS) return NO_REFS;
  return stated.map((r) => ({
    ...r,
    namespace: resolveNamespace(r.namespace, namespace),
    at: placed.startLine === 0 ? r.at : shiftPlace(r.at, placed.startLine),
  }));
}

/** The references of a file model, with file places and resolved namespaces. */
export function fileRefs(model: FileModel, namespace?: string): IndexedRef[] {
  return model.documents.flatMap((placed) => documentRefsAt(placed, namespace));
}

/**
 * Why a file cannot be edited by a rename, read from its model: not analysed (a Helm template,
 * binary, over the size limit), or a document with YAML syntax errors; undefined when it can.
 */
export function fileUnsafe(model: FileModel): string | undefined {
  if (model.notAnalysed) return model.notAnalysed.reason;
  return model.documents.some((d) => d.doc.syntaxIssues.some((i) => i.severity === 'error')) ? 'it has YAML syntax errors' : undefined;
}

/** What a file read whole gives the index (`WorkspaceIndex.setWhole`), as plain data (a worker thread can send it). */
export interface WholeFile {
  objects: IndexedObject[];
  refs: IndexedRef[];
  unsafe?: string;
}

/** What a parsed file gives the index, read whole. */
export function readWhole(model: FileModel, file: string, namespace?: string, kustomize?: readonly KustomizeRendering[]): WholeFile {
  const unsafe = fileUnsafe(model);
  return { objects: fileObjects(model, file, namespace, kustomize), refs: fileRefs(model, namespace), ...(unsafe !== undefined ? { unsafe } : {}) };
}

/**
 * Reads what one placed document gives the index, kept with the document for `setFile` and
 * `readWhole` to take: a caller can spread a big file's reading over turns of its event loop.
 */
export function readDocument(placed: PlacedDocument, file: string, namespace?: string, kustomize?: readonly KustomizeRendering[]): void {
  documentPart(placed, file, namespace, kustomize);
  documentRefPlaces(placed.doc);
}

/** The kinds the rules look up (`WorkspaceFacts.objects`, `autoscaled`): only these make the key. */
export const REFERENCED_KINDS: ReadonlySet<string> = new Set([
  'Service',
  'Secret',
  'ConfigMap',
  'PersistentVolumeClaim',
  'ServiceAccount',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
]);

/** The bucket kind of pod-bearing objects (`WorkspaceFacts.pods`). */
const PODS = '#pods';
/** The bucket of CustomResourceDefinitions (`WorkspaceFacts.crd`), by `group/kind`, in no namespace. */
const CRDS = '#crds';

/** Whether the rules read an object (a referenced kind, pods a Service may select, a CRD). */
function referenced(o: IndexedObject): boolean {
  return REFERENCED_KINDS.has(o.kind) || o.pod !== undefined || o.crd !== undefined;
}

/** The bucket an object is read from. */
function bucketOfObject(o: IndexedObject): string {
  return o.crd ? bucketOf(CRDS, '') : bucketOf(o.pod !== undefined ? PODS : o.kind, o.namespace);
}

/** The name an object has in its bucket (pod-bearing objects of several kinds share one). */
function bucketName(o: IndexedObject): string {
  return o.crd ? `${o.crd.group}/${o.crd.kind}` : o.pod !== undefined ? `${o.kind}/${o.name}` : o.name;
}

/** What of an object reaches the rules (its line does not: moving a Service re-analyses nothing). */
/**
 * The text of an object's parts as its document states them (ports, keys, pod, budget), kept per
 * part: the copies of an object (its file indexed again after an edit elsewhere in the file, one
 * copy per kustomize rendering) share their document's parts, so each is written out once.
 */
const partText = new WeakMap<object, string>();

function part<T extends object>(value: T | undefined, text: (v: T) => string): string {
  if (value === undefined) return '';
  let t = partText.get(value);
  if (t === undefined) partText.set(value, (t = text(value)));
  return t;
}

function signature(o: IndexedObject): string {
  const ports = part(o.ports, (ps) => ps.map((p) => `${p.name ?? ''}:${p.port}>${p.targetPort ?? ''}`).join(','));
  const pod = part(o.pod, (pd) => `${JSON.stringify(pd.labels)}${pd.ports.map((p) => `${p.container}/${p.role}/${p.name ?? ''}:${p.port ?? ''}`).join(',')}`);
  const pdb = part(o.pdb, (b) => JSON.stringify(b));
  const keys = o.keys ? part(o.keys, (k) => k.join(',')) : '-';
  const crd = o.crd?.digest ?? '';
  return `${o.kind}\u0000${o.namespace}\u0000${o.name}\u0000${o.original ?? ''}\u0000${ports}\u0000${keys}\u0000${o.target ? `${o.target.kind}/${o.target.name}` : ''}\u0000${pod}\u0000${pdb}\u0000${crd}`;
}

function crdOf(o: WorkspaceObject | undefined): IndexedCrd | undefined {
  return (o && 'crd' in o ? o.crd : undefined) as IndexedCrd | undefined;
}

const SUM = 2 ** 52;

/** 52 bits of a string's hash (two 32-bit multiplicative hashes): cheap, and a sum of them is order-free. */
function hash52(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 & 0xfffff) * 2 ** 32 + (h1 >>> 0);
}

/** A part with what the rules read of it. */
function signed(part: DocumentPart): DocumentPart & { read: readonly IndexedObject[] } {
  if (part.read) return part as DocumentPart & { read: readonly IndexedObject[] };
  const filtered = part.objects.filter(referenced);
  const read = filtered.length === part.objects.length ? part.objects : filtered;
  const signatures = read.map(signature).sort();
  let sum = 0;
  for (const sig of signatures) sum = (sum + hash52(sig)) % SUM;
  part.signatures = signatures.join('\n');
  part.count = signatures.length;
  part.sum = sum;
  part.read = read;
  return part as DocumentPart & { read: readonly IndexedObject[] };
}

/** A part's signatures, one by one. */
function signaturesOf(part: DocumentPart): string[] {
  const s = signed(part);
  return s.count === 0 ? [] : s.signatures.split('\n');
}

function sha1(...texts: string[]): string {
  const h = createHash('sha1');
  for (const t of texts) h.update(t);
  return h.digest('hex');
}

interface FileEntry {
  /** The file's objects, document by document (the definitions hold their referenced objects). */
  parts: readonly DocumentPart[];
  /** The references the file makes, document by document (navigation; not part of what the rules read). */
  refParts: readonly (readonly IndexedRef[])[];
  /** `parts` and `refParts` flattened, when first read. */
  objects?: IndexedObject[];
  refs?: IndexedRef[];
  /** Why a rename cannot edit the file (`fileUnsafe`). */
  unsafe?: string;
  /** How many signatures the parts have, and the sum of their hashes (modulo 2^52). */
  count: number;
  sum: number;
  /** 60 bits of the SHA-1 of the file name and the signatures' sum (the index's key is their XOR). */
  digest: bigint;
}

const bucketOf = (kind: string, namespace: string) => `${kind}\u0000${namespace}`;

/** The stamp of `WorkspaceFacts.autoscaled` (a change in any bucket of HorizontalPodAutoscalers). */
const AUTOSCALED = '#autoscaled';
/** The start of every bucket of HorizontalPodAutoscalers. */
const HPA_BUCKETS = bucketOf('HorizontalPodAutoscaler', '');

/**
 * The last stamp given, over every index of the process: a stamp names one state of one bucket
 * of one index, so findings kept from an index replaced since never meet an equal stamp. 0 is
 * the stamp of a bucket that was never filled (an empty answer in any index).
 */
let lastStamp = 0;

/** Whether a name's first definition differs in what the rules read: its signature, and its file (messages name it). */
function differs(a: WorkspaceObject | undefined, b: WorkspaceObject | undefined): boolean {
  if (a === b) return false;
  if (!a || !b) return true;
  return a.file !== b.file || signature(a) !== signature(b);
}

/** Reads a file of the index as it was given (its current text), for the schema of a CRD. */
export type FileReader = (file: string) => string | undefined;

/**
 * The index over a set of files, kept current file by file. A change costs the documents that
 * changed and the (kind, namespace) buckets their objects are in, not the file or the workspace:
 * the key is the XOR of per-file digests, each of a sum of per-object digests; the buckets the
 * rules read are replaced (never changed) so a snapshot handed to an analysis in flight stays what
 * its key says. Each bucket has a stamp that changes only when what the rules read there does.
 */
export class WorkspaceIndex {
  /** `read`: how the schemas of the CRDs of other files are read (without it they are not). */
  constructor(private readonly read?: FileReader) {}

  private readonly files = new Map<string, FileEntry>();
  /** Every definition per bucket and name: other files' in the order the files were set, a file's in document order. */
  private readonly defs = new Map<string, Map<string, IndexedObject[]>>();
  /** What the rules read: bucket → name → the first definition. Replaced on change. */
  private published = new Map<string, ReadonlyMap<string, WorkspaceObject>>();
  /** Bucket (or AUTOSCALED) → its stamp. Replaced on change. */
  private stamps = new Map<string, number>();
  private key = 0n;
  private snapshot: WorkspaceFacts | undefined;

  /** Sets what a file defines; true when that changes what the rules see. */
  setObjects(file: string, objects: IndexedObject[], refs: readonly IndexedRef[] = [], unsafe?: string): boolean {
    return this.setParts(file, [new DocumentPart(objects)], [refs], unsafe);
  }

  /**
   * Sets what a file defines, document by document; true when that
   * changes what the rules see. Parts kept from the last call cost nothing.
   */
  private setParts(file: string, parts: readonly DocumentPart[], refParts: readonly (readonly IndexedRef[])[], unsafe?: string): boolean {
    const old = this.files.get(file);
    const current = new Set(parts);
    const kept = new Set<DocumentPart>();
    const removed: DocumentPart[] = [];
    for (const p of old?.parts ?? []) {
      if (current.has(p)) kept.add(p);
      else removed.push(p);
    }
    const added = parts.filter((p) => !kept.has(p));
    const before = removed.flatMap(signaturesOf).sort();
    const after = added.flatMap(signaturesOf).sort();
    const same = before.length === after.length && before.every((sig, i) => sig === after[i]);
    const entry: FileEntry = {
      parts,
      refParts,
      count: old?.count ?? 0,
      sum: old?.sum ?? 0,
      digest: old?.digest ?? 0n,
      ...(unsafe !== undefined ? { unsafe } : {}),
    };
    this.files.set(file, entry);
    if (same && old) {
      if (removed.length === 0) return false;
      // Documents that moved or changed nothing the rules read: their new objects take the old ones' places.
      this.swap(
        removed.flatMap((p) => signed(p).read),
        added.flatMap((p) => signed(p).read),
      );
      return false;
    }
    let sum = entry.sum;
    for (const p of removed) sum = (sum - signed(p).sum + SUM) % SUM;
    for (const p of added) sum = (sum + signed(p).sum) % SUM;
    entry.sum = sum;
    entry.count += after.length - before.length;
    entry.digest = entry.count === 0 ? 0n : BigInt(`0x${sha1(file, '\u0000', `${entry.count}:${entry.sum.toString(16)}`).slice(0, 15)}`);
    if (same) return false;
    const keyChange = (old?.digest ?? 0n) ^ entry.digest;
    this.replace(
      file,
      removed.flatMap((p) => signed(p).read),
      added.flatMap((p) => signed(p).read),
      parts,
      keyChange,
    );
    return true;
  }

  /**
   * Puts each of `after` in the place of the one of `before` with the same signature (the same
   * multiset): what the rules see stays, the key too; the objects (their lines and places) are
   * the current ones.
   */
  private swap(before: readonly IndexedObject[], after: readonly IndexedObject[]): void {
    const bySignature = (objects: readonly IndexedObject[]) =>
      objects.map((o) => [signature(o), o] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const was = bySignature(before);
    const now = bySignature(after);
    const views = new Map<string, Map<string, WorkspaceObject>>();
    for (const [i, [, old]] of was.entries()) {
      const bucket = bucketOfObject(old);
      const name = bucketName(old);
      const list = this.defs.get(bucket)?.get(name);
      const at = list ? list.indexOf(old) : -1;
      if (!list || at < 0) continue;
      list[at] = now[i][1];
      if (at > 0) continue;
      let view = views.get(bucket);
      if (!view) views.set(bucket, (view = new Map(this.published.get(bucket))));
      view.set(name, now[i][1]);
    }
    if (views.size === 0) return;
    const published = new Map(this.published);
    for (const [bucket, view] of views) published.set(bucket, view);
    this.published = published;
    this.snapshot = undefined;
  }

  /**
   * Replaces a file's definitions `before` by `after` (`parts`: the file's parts now, which give
   * the order of its definitions).
   */
  private replace(file: string, before: readonly IndexedObject[], after: readonly IndexedObject[], parts: readonly DocumentPart[], keyChange: bigint): void {
    const gone = new Set(before);
    // The new definitions per bucket and name, in document order.
    const touched = new Map<string, Map<string, IndexedObject[]>>();
    const touch = (o: IndexedObject) => {
      const bucket = bucketOfObject(o);
      let names = touched.get(bucket);
      if (!names) touched.set(bucket, (names = new Map()));
      let list = names.get(bucketName(o));
      if (!list) names.set(bucketName(o), (list = []));
      return list;
    };
    for (const o of before) touch(o);
    for (const o of after) touch(o).push(o);
    for (const [bucket, names] of touched) {
      let defs = this.defs.get(bucket);
      for (const [name, added] of names) {
        const list = defs?.get(name) ?? [];
        const others = list.filter((d) => d.file !== file);
        let mine = list.filter((d) => d.file === file && !gone.has(d));
        // A name the file defines more than once: its definitions in document order, read from its parts.
        if (mine.length > 0 && added.length > 0)
          mine = parts.flatMap((p) => signed(p).read.filter((o) => bucketOfObject(o) === bucket && bucketName(o) === name));
        else mine.push(...added);
        const next = others.concat(mine);
        if (next.length > 0) {
          if (!defs) this.defs.set(bucket, (defs = new Map()));
          defs.set(name, next);
        } else defs?.delete(name);
      }
      if (defs && defs.size === 0) this.defs.delete(bucket);
    }
    const published = new Map(this.published);
    const changed: string[] = [];
    for (const [bucket, touchedNames] of touched) {
      const was = this.published.get(bucket);
      const names = this.defs.get(bucket);
      if (!names) {
        published.delete(bucket);
        if (was) changed.push(bucket);
        continue;
      }
      // The first definition wins (a name defined twice is kustomize's or kubectl's problem).
      const view = new Map<string, WorkspaceObject>();
      for (const [name, list] of names) view.set(name, list[0]);
      published.set(bucket, view);
      // Only the names touched can differ from what was published.
      for (const name of touchedNames.keys()) {
        if (differs(was?.get(name), view.get(name))) {
          changed.push(bucket);
          break;
        }
      }
    }
    this.published = published;
    if (changed.length > 0) {
      const stamps = new Map(this.stamps);
      for (const bucket of changed) stamps.set(bucket, ++lastStamp);
      if (changed.some((b) => b.startsWith(HPA_BUCKETS))) stamps.set(AUTOSCALED, ++lastStamp);
      this.stamps = stamps;
    }
    this.key ^= keyChange;
    this.snapshot = undefined;
  }

  /** Sets what a parsed file defines (rendered by `kustomize`, when given); true when that changes what the rules see. */
  setFile(file: string, model: FileModel, namespace?: string, kustomize?: readonly KustomizeRendering[]): boolean {
    const parts = model.documents.map((placed) => documentPart(placed, file, namespace, kustomize));
    const refParts = parts.map((part, i) => (part.refs ??= documentRefsAt(model.documents[i], namespace)));
    return this.setParts(file, parts, refParts, fileUnsafe(model));
  }

  /**
   * Parses a file's text and sets what it defines (a file over `maxFileSizeKB` defines nothing);
   * true when that changes what the rules see.
   */
  setText(file: string, text: string, maxFileSizeKB: number, namespace?: string, kustomize?: readonly KustomizeRendering[]): boolean {
    return this.setWhole(file, readWhole(parseFile(text, undefined, { maxFileSizeKB }), file, namespace, kustomize));
  }

  /**
   * Sets what a file read whole defines (`readWhole`; a file read again is parsed again): kept as
   * one part, as small as a flat list. True when that changes what the rules see.
   */
  setWhole(file: string, whole: WholeFile): boolean {
    return this.setObjects(file, whole.objects, whole.refs, whole.unsafe);
  }

  /** Forgets a file; true when that changes what the rules see. */
  removeFile(file: string): boolean {
    const old = this.files.get(file);
    if (!old) return false;
    this.files.delete(file);
    if (old.count === 0) return false;
    this.replace(
      file,
      old.parts.flatMap((p) => signed(p).read),
      [],
      [],
      old.digest,
    );
    return true;
  }

  private static objectsOf(e: FileEntry): IndexedObject[] {
    return (e.objects ??= e.parts.flatMap((p) => p.objects));
  }

  private static refsOf(e: FileEntry): IndexedRef[] {
    return (e.refs ??= e.refParts.flat());
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  get size(): number {
    return this.files.size;
  }

  /** Every object, file by file. */
  *objects(): Iterable<IndexedObject> {
    for (const entry of this.files.values()) yield* WorkspaceIndex.objectsOf(entry);
  }

  /** The objects a file defines. */
  objectsOf(file: string): readonly IndexedObject[] {
    const entry = this.files.get(file);
    return entry ? WorkspaceIndex.objectsOf(entry) : [];
  }

  /** Every file with the references it makes and why a rename cannot edit it. */
  *entries(): Iterable<{ file: string; objects: readonly IndexedObject[]; refs: readonly IndexedRef[]; unsafe?: string }> {
    for (const [file, e] of this.files)
      yield { file, objects: WorkspaceIndex.objectsOf(e), refs: WorkspaceIndex.refsOf(e), ...(e.unsafe !== undefined ? { unsafe: e.unsafe } : {}) };
  }

  /** A CRD of the index as lookup reads it: its document read again (if unchanged) on first need. */
  private crdSource(file: string, crd: IndexedCrd): CrdSource {
    const { start, length, ...meta } = crd;
    const read = this.read;
    const source: CrdSource = { ...meta, source: file, load: () => crdInFileText(read?.(file), start, length, source) };
    return source;
  }

  /** What the rules read: a snapshot, unchanged by later updates. */
  facts(): WorkspaceFacts {
    if (this.snapshot) return this.snapshot;
    const published = this.published;
    const autoscaled: Autoscaled[] = [];
    for (const [bucket, names] of published) {
      if (!bucket.startsWith(HPA_BUCKETS)) continue;
      for (const o of names.values()) {
        const target = (o as IndexedObject).target;
        if (target) autoscaled.push({ kind: target.kind, name: target.name, by: o.name, namespace: o.namespace, file: o.file });
      }
    }
    const key = this.key.toString(16).padStart(15, '0');
    const stamps = this.stamps;
    this.snapshot = {
      key,
      stamps: {
        objects: (kind, namespace) => stamps.get(bucketOf(kind, namespace)) ?? 0,
        autoscaled: stamps.get(AUTOSCALED) ?? 0,
        pods: (namespace) => stamps.get(bucketOf(PODS, namespace)) ?? 0,
        crd: stamps.get(bucketOf(CRDS, '')) ?? 0,
      },
      autoscaled,
      objects: (kind, namespace) => published.get(bucketOf(kind, namespace)),
      pods: (namespace) => published.get(bucketOf(PODS, namespace))?.values() ?? [],
      crd: (group, kind) => {
        const o = published.get(bucketOf(CRDS, ''))?.get(`${group}/${kind}`);
        const crd = crdOf(o);
        return o && crd && this.crdSource(o.file, crd);
      },
    };
    return this.snapshot;
  }
}
