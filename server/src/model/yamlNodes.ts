/** Small, total helpers over the `yaml` AST: they never throw and never follow aliases. */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from './text';

export type Path = (string | number)[];

/** A key of a mapping with the source spans of its key and value. */
export interface Entry {
  key: string;
  keySpan: Span;
  /** The value node, or null for `key:` with no value. */
  value: Node | null;
  /** Span of the value, or of the key when there is no value. */
  valueSpan: Span;
  pair: Pair;
}

export function spanOf(node: Node | null | undefined): Span | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

export function keyName(pair: Pair): string | undefined {
  const k = pair.key;
  // A merge key (`<<: *base`, read as go-yaml reads it) has a symbol for its value: name it `<<`.
  if (isScalar(k)) return k.value === null || k.value === undefined ? undefined : typeof k.value === 'symbol' ? '<<' : String(k.value);
  if (typeof k === 'string') return k;
  return undefined;
}

export function entryOf(pair: Pair): Entry | undefined {
  const key = keyName(pair);
  const keySpan = spanOf(pair.key as Node);
  if (key === undefined || !keySpan) return undefined;
  const value = (pair.value as Node | null) ?? null;
  return { key, keySpan, value, valueSpan: spanOf(value) ?? keySpan, pair };
}

/** The last entry for `key` (as the API server's decoder keeps the last duplicate). */
export function getEntry(map: Node | null | undefined, key: string): Entry | undefined {
  if (!isMap(map)) return undefined;
  let found: Entry | undefined;
  for (const item of map.items) {
    if (isPair(item) && keyName(item) === key) found = entryOf(item) ?? found;
  }
  return found;
}

export function entries(map: Node | null | undefined): Entry[] {
  if (!isMap(map)) return [];
  const out: Entry[] = [];
  for (const item of map.items) {
    const e = isPair(item) ? entryOf(item) : undefined;
    if (e) out.push(e);
  }
  return out;
}

export function asMap(node: Node | null | undefined): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: Node | null | undefined): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

/** The scalar value of an entry as a string (numbers and booleans stringified), else undefined. */
export function scalarText(node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'object' ? undefined : String(v);
}

/** Follows a path of keys and indexes through maps and sequences. */
export function nodeAt(root: Node | null | undefined, path: Path): Node | null | undefined {
  let cur: Node | null | undefined = root;
  for (const step of path) {
    if (typeof step === 'number') {
      const seq = asSeq(cur);
      cur = seq ? (seq.items[step] as Node | undefined) : undefined;
    } else {
      cur = getEntry(cur, step)?.value;
    }
    if (cur === undefined || cur === null) return cur;
  }
  return cur;
}

/**
 * A path as the API server writes it: dotted keys and [i] indexes
 * (`spec.template.spec.initContainers[0].name`); keys that are not plain identifiers are
 * bracketed and quoted (`metadata.labels["app.kubernetes.io/name"]`).
 */
export function formatPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) s += s ? `.${seg}` : seg;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}
