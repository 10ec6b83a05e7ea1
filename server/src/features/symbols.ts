/**
 * The outline of a file: one symbol per manifest (`Deployment web`), and under a pod-bearing
 * manifest one group per list of its pod spec — `initContainers` (in order, sidecars marked
 * `name (sidecar)`), `containers`, `ephemeralContainers`, `volumes` — and a StatefulSet's
 * `volumeClaimTemplates`, in that order; a group only when its list has items. Documents with
 * syntax errors have no manifests, so they give nothing. Pure function of the model; no LSP.
 *
 * Spans: a manifest's is its mapping, a group's its key through its list, an item's its mapping,
 * each without the line break and blanks after it (so it ends on its last line); the selection span is the name's characters (quotes excluded) — the manifest's `metadata.name`,
 * else its `kind` value — or, for something without a name, its first key.
 */
import type { Node, YAMLMap } from 'yaml';
import { derived, type Manifest, type YamlDocument } from '../model/document';
import type { FileModel } from '../model/file';
import type { Container, ContainerRole, Item, Volume } from '../model/podSpec';
import type { Span } from '../model/text';
import { entries, getEntry, type Entry } from '../model/yamlNodes';
import { innerSpan, nameScalar, shift } from './names';

export type OutlineKind = 'manifest' | 'group' | 'container' | 'volume';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** A manifest: whether it carries a pod spec. */
  workload?: boolean;
  /** A container: its role. */
  role?: ContainerRole;
  span: Span;
  /** Inside `span`. */
  selectionSpan: Span;
  children: OutlineSymbol[];
}

function nameSpan(value: Node | null | undefined): { name: string; span: Span } | undefined {
  const node = nameScalar(value);
  const span = node && innerSpan(node);
  return node && span ? { name: node.value as string, span } : undefined;
}

function firstKeySpan(map: YAMLMap, fallback: Span): Span {
  const first = entries(map)[0];
  return first ? first.keySpan : { start: fallback.start, end: fallback.start };
}

function within(inner: Span, outer: Span): Span {
  return inner.start >= outer.start && inner.end <= outer.end ? inner : { start: outer.start, end: outer.start };
}

/** `span` without the white space (line breaks included) at its end. */
function trimmed(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1])) end--;
  return { start: span.start, end };
}

function itemSymbol(
  text: string,
  item: Item,
  kind: 'container' | 'volume',
  listName: string,
  nameValue: Node | null | undefined,
  detail: string | undefined,
): OutlineSymbol {
  const named = nameSpan(nameValue);
  const span = trimmed(text, item.span);
  return {
    name: named ? named.name : `${listName}[${item.index}]`,
    ...(detail ? { detail } : {}),
    kind,
    span,
    selectionSpan: within(named ? named.span : firstKeySpan(item.node, span), span),
    children: [],
  };
}

function containerSymbol(text: string, c: Container): OutlineSymbol {
  const s = itemSymbol(text, c, 'container', c.list, c.fields.get('name')?.value, c.image);
  if (c.role === 'sidecar') s.name += ' (sidecar)';
  s.role = c.role;
  return s;
}

function volumeSymbol(text: string, v: Volume, claimTemplate: boolean): OutlineSymbol {
  const name = claimTemplate ? getEntry(v.fields.get('metadata')?.value, 'name')?.value : v.fields.get('name')?.value;
  return itemSymbol(text, v, 'volume', claimTemplate ? 'volumeClaimTemplates' : 'volumes', name, claimTemplate ? undefined : v.source);
}

function group(text: string, entry: Entry | undefined, children: OutlineSymbol[]): OutlineSymbol[] {
  if (!entry || children.length === 0) return [];
  const span = trimmed(text, { start: entry.keySpan.start, end: Math.max(entry.valueSpan.end, ...children.map((c) => c.span.end)) });
  return [{ name: entry.key, kind: 'group', span, selectionSpan: entry.keySpan, children }];
}

function manifestSymbol(text: string, m: Manifest): OutlineSymbol {
  const nameEntry = getEntry(getEntry(m.node, 'metadata')?.value, 'name');
  const kindEntry = getEntry(m.node, 'kind');
  const named = nameSpan(nameEntry?.value);
  const kindSpan = nameSpan(kindEntry?.value);
  const title = [m.kind, m.name].filter((s) => s !== undefined && s !== '').join(' ') || (m.path.length ? `items[${m.path[1]}]` : 'manifest');
  const children: OutlineSymbol[] = [];
  // Every pod spec's containers and volumes (a RayCluster's head group, then its worker groups).
  for (const { podSpec: spec } of m.podSpecs) {
    children.push(
      ...group(
        text,
        spec.fields.get('initContainers'),
        spec.initContainers.map((c) => containerSymbol(text, c)),
      ),
      ...group(
        text,
        spec.fields.get('containers'),
        spec.appContainers.map((c) => containerSymbol(text, c)),
      ),
      ...group(
        text,
        spec.fields.get('ephemeralContainers'),
        spec.ephemeralContainers.map((c) => containerSymbol(text, c)),
      ),
      ...group(
        text,
        spec.fields.get('volumes'),
        spec.volumes.map((v) => volumeSymbol(text, v, false)),
      ),
      ...group(
        text,
        spec.volumeClaimTemplates.length ? getEntry(getEntry(m.node, 'spec')?.value, 'volumeClaimTemplates') : undefined,
        spec.volumeClaimTemplates.map((v) => volumeSymbol(text, v, true)),
      ),
    );
  }
  const span = trimmed(text, m.span);
  const selection = named?.span ?? kindSpan?.span ?? firstKeySpan(m.node, span);
  return {
    name: title,
    ...(m.apiVersion ? { detail: m.apiVersion } : {}),
    kind: 'manifest',
    workload: !!m.workload,
    span,
    selectionSpan: within(selection, span),
    children,
  };
}

/** The key of a document's outline in its derived data. */
const SYMBOLS = {};

/**
 * The outline of one YAML document, document-local spans: computed once, kept with the document
 * (and by its compact form). Callers must not change what it returns.
 */
export function documentSymbols(doc: YamlDocument): OutlineSymbol[] {
  return derived(doc, SYMBOLS, () => doc.manifests.map((m) => manifestSymbol(doc.text, m)));
}

function shiftSymbol(s: OutlineSymbol, by: number): OutlineSymbol {
  return { ...s, span: shift(s.span, by), selectionSpan: shift(s.selectionSpan, by), children: s.children.map((c) => shiftSymbol(c, by)) };
}

/** The outline of a file, file spans. */
export function fileSymbols(model: FileModel): OutlineSymbol[] {
  return model.documents.flatMap((placed) => {
    try {
      return documentSymbols(placed.doc).map((s) => shiftSymbol(s, placed.start));
    } catch {
      return [];
    }
  });
}
