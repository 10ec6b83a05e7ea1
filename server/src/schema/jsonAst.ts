/**
 * The bridge from `yaml` (eemeli) nodes to vscode-json-languageservice's AST, so the JSON
 * language service validates (and can hover/complete) YAML directly, with offsets into the same
 * text the YAML document was parsed from.
 *
 * What Kubernetes does with YAML decides the shape (sigs.k8s.io/yaml: YAML -> JSON, then the
 * API's JSON decoding):
 *  - Aliases are resolved, but the converted node keeps the alias's range (`*x`), so a type
 *    error on an aliased value points at the alias; nodes inside an aliased collection keep the
 *    ranges of the anchored original.
 *  - Merge keys (`<<: *base`, `<<: [*a, *b]`) are inlined: the merged maps' pairs become
 *    properties of the map, unless the map has the key itself (earlier merge sources win over
 *    later ones). A plain `<<` key is treated as a merge key whether or not the document was
 *    parsed with `merge: true`, as Kubernetes' YAML decoder does.
 *  - A property whose value is null (`key:`, `key: null`, `key: ~`) gets NO valueNode: for the
 *    API a null field is an absent field. The JSON validator then reports it as missing if it is
 *    required and never reports a type error for it; it also does not report it as unknown, so
 *    such properties are listed in {@link ConvertResult.nullProperties} for the caller.
 *    Null items of a sequence stay `null` nodes.
 *  - Numbers carry `isInteger` (Number.isInteger), so `replicas: 1.5` fails `type: integer`.
 *  - Non-string keys are converted with String() (`1: x` -> "1", `true: x` -> "true"); a
 *    missing or null key is "" (as `yaml`'s own toJS does).
 *
 * Never throws on a yaml AST, including error-recovered documents. Alias cycles (`&a [*a]`) are
 * cut (the inner alias becomes null); alias bombs are bounded by a node budget
 * ({@link DEFAULT_MAX_NODES}): past it conversion stops and the result is marked `truncated`.
 * Nesting deeper than {@link MAX_DEPTH} is cut the same way.
 */
import { isAlias, isDocument, isMap, isPair, isScalar, isSeq, visit, type Document, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ASTNode, ObjectASTNode, PropertyASTNode, StringASTNode } from 'vscode-json-languageservice';

export const DEFAULT_MAX_NODES = 200_000;
export const MAX_DEPTH = 1_000;

export interface ConvertOptions {
  /**
   * The text the YAML was parsed from. Used to trim trailing blank lines and comments off the
   * ranges of block collections and block scalars, to find colons, and to name non-scalar keys.
   */
  text?: string;
  /** Budget of AST nodes (objects, properties, keys, values); default {@link DEFAULT_MAX_NODES}. */
  maxNodes?: number;
}

export interface ConvertResult {
  /** The converted node; undefined for an empty document (null/absent node). */
  root: ASTNode | undefined;
  /** Number of AST nodes created. */
  nodeCount: number;
  /** True if the node budget or the depth limit was hit: the tree is incomplete. */
  truncated: boolean;
  /** Properties whose YAML value is null (they have no valueNode). */
  nullProperties: PropertyASTNode[];
}

// The language service's AST types are readonly; build them mutable, hand them out as ASTNode.
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MObject = Mutable<ObjectASTNode> & { properties: PropertyASTNode[]; children: ASTNode[] };
type MArray = { type: 'array'; parent?: ASTNode; offset: number; length: number; items: ASTNode[]; children: ASTNode[] };

type YNode = unknown; // anything found in a yaml AST; checked with the is* guards

/**
 * Convert a yaml node (usually a manifest: a document's contents or an item of a `kind: List`)
 * into a JSON AST. `doc` is the document the node belongs to (for anchors).
 */
export function yamlToJsonAst(node: YNode, doc: Document | undefined, options: ConvertOptions = {}): ConvertResult {
  const conv = new Converter(doc, options);
  let root: ASTNode | undefined;
  try {
    root = conv.value(node, undefined, -1, -1, 0, 0);
  } catch {
    // defensive: a yaml AST shape we did not foresee; whatever was built is incomplete
    conv.truncated = true;
  }
  return { root, nodeCount: conv.count, truncated: conv.truncated, nullProperties: conv.nullProperties };
}

class Converter {
  count = 0;
  truncated = false;
  readonly nullProperties: PropertyASTNode[] = [];
  private readonly max: number;
  private readonly text: string | undefined;
  private aliasTargets: Map<unknown, unknown> | undefined;
  /** yaml collections (and pairs) being converted, innermost last: an alias to one of them is a cycle */
  private readonly ancestors: unknown[] = [];
  /**
   * The same as a set, made when the first alias or merge key asks (only they can lead back to an
   * ancestor; a document without them never pays for hashing its nodes), then kept in step.
   */
  private active: Set<unknown> | undefined;
  /** The range found by {@link span} (no object per node). */
  private rStart = 0;
  private rEnd = 0;

  constructor(
    private readonly doc: Document | undefined,
    options: ConvertOptions,
  ) {
    this.max = options.maxNodes ?? DEFAULT_MAX_NODES;
    this.text = options.text;
  }

  private budget(): boolean {
    if (this.count >= this.max) {
      this.truncated = true;
      return false;
    }
    this.count++;
    return true;
  }

  private enter(n: unknown): void {
    this.ancestors.push(n);
    if (this.active) this.active.add(n);
  }

  private leave(n: unknown): void {
    this.ancestors.pop();
    if (this.active) this.active.delete(n);
  }

  private isActive(n: unknown): boolean {
    this.active ??= new Set(this.ancestors);
    return this.active.has(n);
  }

  /** Alias -> the node it refers to: the last node before it (document order) with that anchor. */
  private resolveAlias(alias: YNode): YNode {
    if (!this.aliasTargets) {
      const targets = new Map<unknown, unknown>();
      this.aliasTargets = targets;
      if (this.doc) {
        const latest = new Map<string, unknown>();
        try {
          visit(this.doc, {
            Node: (_key, n) => {
              if (isAlias(n)) targets.set(n, latest.get(n.source));
              else if (typeof (n as { anchor?: unknown }).anchor === 'string') latest.set((n as { anchor: string }).anchor, n);
            },
          });
        } catch {
          // leave unresolved what we could not reach
        }
      }
    }
    return this.aliasTargets.get(alias);
  }

  /** Follow aliases (cycle-safe) to a map/seq/scalar, or undefined. */
  private deref(n: YNode): YNode {
    let cur = n;
    for (let i = 0; i < 64 && isAlias(cur); i++) cur = this.resolveAlias(cur);
    return isAlias(cur) ? undefined : cur;
  }

  /**
   * The node's own range, untrimmed, into rStart/rEnd (`fallback` for both if it has none);
   * true if it has one.
   */
  private span(n: YNode, fallback: number): boolean {
    const r = (n as { range?: unknown } | null | undefined)?.range;
    if (Array.isArray(r)) {
      const s: unknown = r[0];
      const e: unknown = r[1];
      if (typeof s === 'number' && typeof e === 'number' && e >= s) {
        this.rStart = s;
        this.rEnd = e;
        return true;
      }
    }
    this.rStart = fallback;
    this.rEnd = fallback;
    return false;
  }

  /** {@link span}, with the end of a block collection or block scalar trimmed ({@link trimEnd}). */
  private range(n: YNode, fallback: number): void {
    if (this.span(n, fallback)) {
      this.rEnd = this.trimEnd(n, this.rStart, this.rEnd);
      this.note(n, this.rEnd);
    }
  }

  /** {@link range} of a scalar. */
  private scalarRange(n: Scalar, fallback: number): void {
    if (this.span(n, fallback)) {
      if (this.text !== undefined) this.rEnd = this.scalarEnd(n, this.rStart, this.rEnd);
      this.note(n, this.rEnd);
    }
  }

  /**
   * The last node whose trimmed end was found, and that end. A block collection ends where its
   * last item does, and that item was converted (its end found) just before: remembering one
   * node spares walking the chain of last items again for every ancestor, with no table by node.
   */
  private notedNode: unknown = undefined;
  private notedEnd = 0;

  private note(n: unknown, end: number): void {
    this.notedNode = n;
    this.notedEnd = end;
  }

  /** Block collections and block scalars end after trailing line breaks (and comments). */
  private trimEnd(n: YNode, start: number, end: number): number {
    if (this.text === undefined) return end;
    if (isMap(n) || isSeq(n)) return n.flow ? end : this.trimCollection(n, start, end);
    if (isScalar(n)) return this.scalarEnd(n, start, end);
    return end;
  }

  private scalarEnd(n: Scalar, start: number, end: number): number {
    if (n.type !== 'BLOCK_LITERAL' && n.type !== 'BLOCK_FOLDED') return end;
    const text = this.text as string;
    let e = end;
    while (e > start && /\s/.test(text[e - 1])) e--;
    return e;
  }

  /** The end of a block collection's last item, recursively trimmed (`start` and `end`: the collection's range). */
  private trimCollection(n: YAMLMap | YAMLSeq, start: number, end: number): number {
    const items = n.items as unknown[];
    for (let i = items.length - 1; i >= 0; i--) {
      const it = items[i];
      const last = isPair(it) ? (it.value ?? it.key) : it;
      const r = (last as { range?: unknown } | null)?.range;
      if (Array.isArray(r) && typeof r[1] === 'number' && r[1] > start) {
        return Math.min(end, last === this.notedNode ? this.notedEnd : this.trimEnd(last, r[0] as number, r[1]));
      }
      if (isPair(it)) {
        const kr = (it.key as { range?: unknown } | null)?.range;
        if (Array.isArray(kr) && typeof kr[1] === 'number') return Math.min(end, kr[1]);
      }
    }
    return end;
  }

  /**
   * Convert a value node. Returns undefined for null (YAML null, empty node, unresolved or
   * cyclic alias, budget exhausted); callers decide what a null becomes.
   * `atStart`/`atEnd` is the range to give the result (an alias's own range; `atStart` < 0: the
   * node's own), `fallback` an offset for nodes without a range.
   */
  value(n: YNode, parent: ASTNode | undefined, atStart: number, atEnd: number, depth: number, fallback: number): ASTNode | undefined {
    if (n === null || n === undefined) return undefined;
    if (depth > MAX_DEPTH) {
      if (isDocument(n)) return this.value(n.contents, parent, atStart, atEnd, depth + 1, fallback);
      this.truncated = true;
      return undefined;
    }
    if (isScalar(n)) {
      if (atStart < 0) {
        this.scalarRange(n, fallback);
        return this.scalar(n.value, parent, this.rStart, this.rEnd);
      }
      return this.scalar(n.value, parent, atStart, atEnd);
    }
    if (isMap(n) || isSeq(n)) {
      if (atStart >= 0) return isMap(n) ? this.object(n, parent, atStart, atEnd, depth) : this.array(n, parent, atStart, atEnd, depth);
      const own = this.span(n, fallback);
      const start = this.rStart;
      const end = this.rEnd;
      const c = isMap(n) ? this.object(n, parent, start, end, depth) : this.array(n, parent, start, end, depth);
      if (own) {
        // the end trimmed now that the items are converted (the last one's end is noted)
        const trimmed = this.trimEnd(n, start, end);
        if (c) (c as { length: number }).length = trimmed - start;
        this.note(n, trimmed);
      }
      return c;
    }
    if (isAlias(n)) {
      const target = this.resolveAlias(n);
      if (target === undefined || isAlias(target) || this.isActive(target)) return undefined;
      if (atStart >= 0) return this.value(target, parent, atStart, atEnd, depth + 1, fallback);
      const own = this.span(n, fallback);
      const start = this.rStart;
      const end = this.rEnd;
      const c = this.value(target, parent, start, end, depth + 1, fallback);
      if (own) this.note(n, end);
      return c;
    }
    if (isPair(n)) {
      // a pair where a node is expected (e.g. `[a: 1]` in some recoveries): a one-property object
      if (atStart < 0) this.span(n, fallback);
      const start = atStart < 0 ? this.rStart : atStart;
      const end = atStart < 0 ? this.rEnd : atEnd;
      if (!this.budget()) return undefined;
      const properties: PropertyASTNode[] = [];
      const obj: MObject = { type: 'object', parent, offset: start, length: end - start, properties, children: properties };
      this.enter(n);
      this.pair(n, obj, depth + 1);
      this.leave(n);
      if (properties.length) {
        const last = properties[properties.length - 1];
        obj.offset = properties[0].offset;
        obj.length = last.offset + last.length - obj.offset;
      }
      return obj;
    }
    if (isDocument(n)) return this.value(n.contents, parent, atStart, atEnd, depth + 1, fallback);
    return undefined;
  }

  private scalar(v: unknown, parent: ASTNode | undefined, start: number, end: number): ASTNode | undefined {
    if (v === null || v === undefined) return undefined;
    if (!this.budget()) return undefined;
    const offset = start;
    const length = end - start;
    if (typeof v === 'string') return { type: 'string', parent, offset, length, value: v };
    if (typeof v === 'number') return { type: 'number', parent, offset, length, value: v, isInteger: Number.isInteger(v) };
    if (typeof v === 'boolean') return { type: 'boolean', parent, offset, length, value: v };
    if (typeof v === 'bigint') return { type: 'number', parent, offset, length, value: Number(v), isInteger: true };
    if (typeof v === 'symbol') return { type: 'string', parent, offset, length, value: v.description ?? '' };
    // yaml-1.1 extras (timestamps, !!binary, …): the source text, as the API would see a string
    const src = this.text !== undefined && length > 0 ? this.text.slice(start, end) : safeString(v);
    return { type: 'string', parent, offset, length, value: src };
  }

  private array(n: YAMLSeq, parent: ASTNode | undefined, start: number, end: number, depth: number): ASTNode | undefined {
    if (!this.budget()) return undefined;
    const items: ASTNode[] = [];
    const arr: MArray = { type: 'array', parent, offset: start, length: end - start, items, children: items };
    this.enter(n);
    let prevEnd = start;
    const list = n.items;
    for (let i = 0; i < list.length; i++) {
      if (this.truncated) break;
      const it = list[i];
      let c = this.value(it, arr, -1, -1, depth + 1, prevEnd);
      if (c === undefined) {
        if (this.truncated) break;
        // null item (`- `, `- ~`, unresolved alias): a JSON null
        if (!this.budget()) break;
        this.range(it, prevEnd);
        c = { type: 'null', parent: arr as ASTNode, offset: this.rStart, length: this.rEnd - this.rStart, value: null };
      }
      items.push(c);
      prevEnd = c.offset + c.length;
    }
    this.leave(n);
    return arr;
  }

  private object(n: YAMLMap, parent: ASTNode | undefined, start: number, end: number, depth: number): ASTNode | undefined {
    if (!this.budget()) return undefined;
    const properties: PropertyASTNode[] = [];
    const obj: MObject = { type: 'object', parent, offset: start, length: end - start, properties, children: properties };
    this.enter(n);
    const items = n.items as unknown[];
    let merges = 0;
    for (let i = 0; i < items.length; i++) {
      if (this.truncated) break;
      const p = items[i];
      // a bare node inside a map (error recovery) is ignored
      if (!isPair(p)) continue;
      if (isMergeKey(p.key)) merges++;
      else this.pair(p, obj, depth + 1);
    }
    if (merges > 0 && !this.truncated) {
      // then the merged pairs, past the map's own in its effective pairs
      const all = this.effectivePairs(n);
      for (let i = items.length - merges; i < all.length; i++) {
        if (this.truncated) break;
        this.pair(all[i], obj, depth + 1);
      }
    }
    this.leave(n);
    return obj;
  }

  /**
   * The map's pairs with merge keys inlined: its own pairs (all of them, in order, but the merge
   * keys), then the pairs of each merge source whose key is not there yet (so own keys win, then
   * earlier sources). Merge sources may merge in turn.
   */
  private effectivePairs(map: YAMLMap): unknown[] {
    const visiting = new Set<unknown>();
    const effective = (m: { items: unknown[] }, depth: number): unknown[] => {
      if (visiting.has(m) || depth > 32) return [];
      visiting.add(m);
      const res: unknown[] = [];
      const sources: unknown[] = [];
      const keys = new Set<string>();
      for (const p of m.items) {
        if (isPair(p) && isMergeKey(p.key)) {
          const v = this.deref(p.value);
          if (isSeq(v)) for (const it of v.items) sources.push(this.deref(it));
          else sources.push(v);
        } else {
          res.push(p);
          if (isPair(p)) keys.add(this.keyString(p.key));
        }
      }
      for (const src of sources) {
        if (!isMap(src) || this.isActive(src)) continue; // only maps merge; never an ancestor
        for (const p of effective(src, depth + 1)) {
          const k = isPair(p) ? this.keyString(p.key) : undefined;
          if (k === undefined || keys.has(k)) continue;
          keys.add(k);
          res.push(p);
        }
      }
      visiting.delete(m);
      return res;
    };
    return effective(map, 0);
  }

  private keyString(k: YNode): string {
    if (k === null || k === undefined) return '';
    const target = isAlias(k) ? this.deref(k) : k;
    if (isScalar(target)) {
      const v = target.value;
      if (typeof v === 'string') return v;
      if (v === null || v === undefined) return '';
      if (typeof v === 'symbol') return v.description ?? '';
      return safeString(v);
    }
    // a collection as key: its source text (the API would reject it anyway)
    const r = (target as { range?: unknown } | null)?.range ?? (k as { range?: unknown }).range;
    if (this.text !== undefined && Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'number') {
      return this.text.slice(r[0], r[1]).trim();
    }
    return safeString(target);
  }

  private pair(p: YNode, obj: MObject, depth: number): void {
    if (!isPair(p)) {
      // a bare node inside a map (error recovery): ignore
      return;
    }
    if (!this.budget()) return;
    const key: unknown = p.key;
    const hasKey = key !== null && key !== undefined;
    let name: string | undefined;
    if (isScalar(key)) {
      // the usual key: a plain string
      this.scalarRange(key, obj.offset);
      if (typeof key.value === 'string') name = key.value;
    } else this.range(hasKey ? key : p.value, obj.offset);
    const keyStart = this.rStart;
    const keyEnd = hasKey ? this.rEnd : keyStart;
    if (!this.budget()) return;
    const keyNode: Mutable<StringASTNode> = {
      type: 'string',
      parent: undefined,
      offset: keyStart,
      length: keyEnd - keyStart,
      value: name ?? this.keyString(key),
    };
    const prop = new PropertyNode(obj, keyStart, keyEnd - keyStart, keyNode, this.colonAfter(keyEnd));
    keyNode.parent = prop;
    const valueNode = this.value(p.value, prop, -1, -1, depth, keyEnd);
    if (valueNode) {
      prop.valueNode = valueNode;
      const end = Math.max(keyEnd, valueNode.offset + valueNode.length);
      // an aliased/merged value may live elsewhere in the text: keep the property's own span sane
      if (valueNode.offset >= keyStart) prop.length = end - prop.offset;
    } else if (!this.truncated) {
      this.nullProperties.push(prop);
    }
    obj.properties.push(prop);
  }

  private colonAfter(keyEnd: number): number {
    const text = this.text;
    if (text === undefined) return keyEnd;
    const stop = Math.min(text.length, keyEnd + 256);
    for (let i = keyEnd; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c === 58 /* : */) return i;
      if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
    }
    return keyEnd;
  }
}

/**
 * A property node. Its children (key, then value if any) are made when asked for, as the language
 * service's own nodes do: validation never asks, and a property costs no array.
 */
class PropertyNode implements PropertyASTNode {
  readonly type = 'property';
  valueNode: ASTNode | undefined = undefined;
  constructor(
    readonly parent: ObjectASTNode,
    readonly offset: number,
    public length: number,
    readonly keyNode: StringASTNode,
    readonly colonOffset: number,
  ) {}
  get children(): ASTNode[] {
    return this.valueNode ? [this.keyNode, this.valueNode] : [this.keyNode];
  }
}

function isMergeKey(k: YNode): boolean {
  if (!isScalar(k)) return false;
  const v = k.value;
  if (typeof v === 'symbol') return v.description === '<<';
  return v === '<<' && (k.type === undefined || k.type === 'PLAIN');
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers over the converted AST

/** Keys and array indexes from the converted root to `node` (a property yields its key). */
export function jsonNodePath(node: ASTNode): (string | number)[] {
  const path: (string | number)[] = [];
  let cur: ASTNode | undefined = node;
  while (cur) {
    const parent: ASTNode | undefined = cur.parent;
    if (cur.type === 'property') {
      path.push(cur.keyNode.value);
    } else if (parent && parent.type === 'array') {
      path.push(parent.items.indexOf(cur));
    } else if (parent && parent.type === 'property' && parent.keyNode === cur) {
      // a key node: its property adds the key
    }
    cur = parent;
  }
  return path.reverse();
}

/** Visit every node of a converted tree (properties, keys and values), pre-order. */
export function forEachJsonNode(root: ASTNode | undefined, fn: (n: ASTNode) => void): void {
  if (!root) return;
  const stack: ASTNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as ASTNode;
    fn(n);
    const ch = n.children;
    if (ch) for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]);
  }
}

export type { ObjectASTNode, PropertyASTNode };
