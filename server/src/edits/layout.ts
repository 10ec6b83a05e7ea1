/**
 * Layout inference: what an editor learns from walking a document's tree once. For every node,
 * its path in the document's value, its parent and whether it is inside a flow collection; the
 * anchors some alias repeats; and the document's own style, by majority: the indentation step,
 * the dash column of block sequences under a key, the column of an item map's first key after
 * its dash, and the quote style. New text is written in that style.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { YamlDocument } from '../model/document';
import type { Path } from './expectedValue';
import type { LineGeometry } from './lineGeometry';

export type Parent =
  { kind: 'root' } | { kind: 'pair'; pair: Pair; map: YAMLMap } | { kind: 'key'; pair: Pair; map: YAMLMap } | { kind: 'item'; seq: YAMLSeq; index: number };

export interface NodeInfo {
  /** Path of the node's value in the document's `toJS()`; undefined when it has none (under a merge key, a complex key…). */
  path?: Path;
  parent: Parent;
  /** Inside a flow collection. */
  inFlow: boolean;
}

/** What an editor learns from walking a document's tree: read-only once made, so shared by every editor of that tree. */
export interface Layout {
  infos: Map<unknown, NodeInfo>;
  /** Anchors that some alias refers to. */
  aliased: Set<string>;
  /** The most common indentation step of nested maps (2 when none). */
  step: number;
  docSeqIndent: number | undefined;
  docItemOffset: number;
  quote: 'single' | 'double';
}

/** Keyed by the `yaml` tree, not the YamlDocument: a compact document parsed again has new nodes. */
const LAYOUTS = new WeakMap<object, Layout>();

export function keyNameOf(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) {
    const v = k.value;
    if (v === null || v === undefined || typeof v === 'object') return undefined;
    return String(v);
  }
  return undefined;
}

function mode(votes: Map<number, number>): number | undefined {
  let best: number | undefined;
  let count = 0;
  for (const [v, c] of votes) if (c > count || (c === count && best !== undefined && v < best)) [best, count] = [v, c];
  return best;
}

function vote(votes: Map<number, number>, v: number): void {
  votes.set(v, (votes.get(v) ?? 0) + 1);
}

/** Column of a block map item's first key minus its dash's column, when the key is on the dash line. */
export function itemOffsetOf(g: LineGeometry, seq: YAMLSeq, item: unknown): number | undefined {
  if (!isMap(item) || item.flow || !seq.range || !item.items.length) return undefined;
  const first = item.items[0];
  if (!isPair(first) || !isScalar(first.key) || !first.key.range) return undefined;
  const dc = g.col(seq.range[0]);
  const ks = first.key.range[0];
  const line = g.line(ks);
  const t = g.lineText(line);
  if (t[dc] !== '-') return undefined;
  const off = g.col(ks) - dc;
  return off >= 2 && /^-\s+$/.test(t.slice(dc, g.col(ks))) ? off : undefined;
}

/**
 * The layout of a document (which must have a tree), inferred once per tree: every editor of one
 * tree reads the same layout, so a rule building fixes for hundreds of findings in one document
 * walks it once. Read-only once made.
 */
export function layoutOf(doc: YamlDocument, g: LineGeometry): Layout {
  const tree = doc.yaml!;
  const known = LAYOUTS.get(tree);
  if (known) return known;
  const infos = new Map<unknown, NodeInfo>();
  const aliased = new Set<string>();
  const steps = new Map<number, number>();
  const seqIndents = new Map<number, number>();
  const itemOffsets = new Map<number, number>();
  let singles = 0;
  let doubles = 0;
  const walk = (node: unknown, path: Path | undefined, parent: Parent, inFlow: boolean, depth: number): void => {
    if (depth > 500 || node === null || node === undefined || typeof node !== 'object') return;
    infos.set(node, { path, parent, inFlow });
    if (isAlias(node)) {
      aliased.add(node.source);
      return;
    }
    if (isScalar(node)) {
      if (node.type === 'QUOTE_SINGLE') singles++;
      else if (node.type === 'QUOTE_DOUBLE') doubles++;
      return;
    }
    if (isMap(node)) {
      const flow = inFlow || !!node.flow;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = keyNameOf(pair);
        walk(pair.key, undefined, { kind: 'key', pair, map: node }, flow, depth + 1);
        infos.set(pair, { path: path && k !== undefined && k !== '<<' ? [...path, k] : undefined, parent: { kind: 'pair', pair, map: node }, inFlow: flow });
        if (!flow && isScalar(pair.key) && pair.key.range) {
          const keyCol = g.col(pair.key.range[0]);
          const v = pair.value;
          if (isMap(v) && !v.flow && v.items.length && isPair(v.items[0]) && isScalar(v.items[0].key) && v.items[0].key.range) {
            const d = g.col(v.items[0].key.range[0]) - keyCol;
            if (d > 0 && g.line(v.items[0].key.range[0]) > g.line(pair.key.range[0])) vote(steps, d);
          } else if (isSeq(v) && !v.flow && v.range) {
            const d = g.col(v.range[0]) - keyCol;
            if (d >= 0 && g.line(v.range[0]) > g.line(pair.key.range[0])) vote(seqIndents, d);
          }
        }
        const childPath = path && k !== undefined && k !== '<<' ? [...path, k] : undefined;
        walk(pair.value, childPath, { kind: 'pair', pair, map: node }, flow, depth + 1);
      }
      return;
    }
    if (isSeq(node)) {
      const flow = inFlow || !!node.flow;
      node.items.forEach((item, index) => {
        if (!flow) {
          const off = itemOffsetOf(g, node, item);
          if (off !== undefined) vote(itemOffsets, off);
        }
        walk(item, path && !isPair(item) ? [...path, index] : undefined, { kind: 'item', seq: node, index }, flow, depth + 1);
      });
    }
  };
  walk(tree.contents, [], { kind: 'root' }, false, 0);

  const layout: Layout = {
    infos,
    aliased,
    step: mode(steps) ?? 2,
    docSeqIndent: mode(seqIndents),
    docItemOffset: mode(itemOffsets) ?? 2,
    quote: singles > doubles ? 'single' : 'double',
  };
  LAYOUTS.set(tree, layout);
  return layout;
}
