/**
 * The expected-value model: what an operation promises the document's value (`toJS()`) becomes.
 * `YamlEditor` applies an operation's edits, parses the result again and compares its value
 * with the original value changed by the operation's `Expect`; anything else is refused.
 */
import type { YamlDocument } from '../model/document';
import { writableChild } from './reparse';
import { refuse } from './refusal';

export type Path = (string | number)[];
export type JsScalar = string | number | boolean | null;

/** What an operation does to the document's JS value (mutates `root` or returns a new root). */
export type Expect = (root: unknown) => unknown;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isJsScalar(v: unknown): v is JsScalar {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** A value the editor can render: scalars, arrays and plain objects of them. */
export function checkValue(v: unknown, depth = 0): void {
  if (depth > 50) refuse('value too deep');
  if (isJsScalar(v)) return;
  if (Array.isArray(v)) return v.forEach((x) => checkValue(x, depth + 1));
  if (isPlainObject(v)) return Object.values(v).forEach((x) => checkValue(x, depth + 1));
  refuse('value cannot be rendered');
}

export function isEmptyCollection(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0);
}

const VALUES = new WeakMap<object, { value: unknown }>();

/** The document's value (`toJS`), computed once per tree. Callers clone it before changing it. */
export function documentJs(doc: YamlDocument): unknown {
  const tree = doc.yaml!;
  let known = VALUES.get(tree);
  if (!known) {
    known = { value: tree.toJS({ maxAliasCount: 1000 }) };
    VALUES.set(tree, known);
  }
  return known.value;
}

export function getAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(cur)) refuse('path');
    } else if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, step)) refuse('path');
    cur = writableChild(cur as Record<string | number, unknown>, step);
  }
  return cur;
}

/** `obj` with `set` applied: existing keys keep their place, new ones go after `name` (else last). */
export function withSet(obj: Record<string, unknown>, set: [string, unknown][]): Record<string, unknown> {
  const added = set.filter(([k]) => !Object.prototype.hasOwnProperty.call(obj, k));
  const out: Record<string, unknown> = {};
  const keys = Object.keys(obj);
  const after = keys.includes('name') ? 'name' : keys[keys.length - 1];
  if (keys.length === 0) for (const [k, v] of added) out[k] = v;
  for (const k of keys) {
    const hit = set.find(([s]) => s === k);
    out[k] = hit ? hit[1] : obj[k];
    if (k === after) for (const [a, v] of added) out[a] = v;
  }
  return out;
}

export function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    if (!Array.isArray(parent)) refuse('path');
    parent[last] = value;
  } else {
    if (!isPlainObject(parent)) refuse('path');
    parent[last] = value;
  }
  return root;
}
