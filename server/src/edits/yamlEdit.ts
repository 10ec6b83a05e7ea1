/**
 * The edit layer of the quick fixes: inserts, replaces and removes keys, sequence items and whole
 * containers in one YAML document without reformatting anything else.
 *
 * Every operation works on the text, line by line, guided by the node ranges of the parsed
 * document: it keeps comments, quoting, flow vs block style, the file's indentation and
 * sequence-dash style (`key:\n  - a` or `key:\n- a`) and its line endings (`\r\n` files get
 * `\r\n` in inserted text). Bytes outside the lines an edit touches never change.
 *
 * Every result is checked before it is returned: the edits are applied, the new text is parsed
 * again (same options as the analysis), and it must have no error and hold exactly the value the
 * operation promises (the document's `toJS()` with that one change). Anything else — a shape the
 * text operations do not know (explicit `? key`, nested `- - a` items, tabs, anchors on the
 * edited node, a merge key in the way, a map aliased elsewhere, a syntax error in the document…)
 * — gives `undefined`, and the caller offers no fix. Nothing here throws.
 *
 * Each operation is independent: its edits are offsets into the original document text
 * (document-local: a caller holding a multi-document file adds the document's start), sorted,
 * neither overlapping nor touching. The check costs one parse of the document per operation
 * (about 0.5 ms for a 100-line manifest).
 *
 * Decisions:
 * - A block pair's lines are its key line through its content's last line (a trailing comment on
 *   that line included), plus the comment lines right below indented deeper than its key; the
 *   comment lines above it are not its own. A sequence item's lines are its dash line through
 *   its content, plus the comment lines directly above its dash (same or deeper indentation, no
 *   blank line between), plus, for the last item, the comment lines right below it indented
 *   deeper than its dash. Insertions go after these lines.
 * - A block map emptied by `removePair` becomes `key: {}` (or `{}` in place of the pair when
 *   the key line has no room for it); a block sequence emptied by `removeItem`/`moveItem`
 *   becomes `key: []` the same way.
 * - Indentation of new text: the map's own key column; nested maps use the document's most
 *   common indentation step (default 2); a new sequence's dashes follow the sibling sequences of
 *   the same map, else the document's most common style, else are indented by the step; an item
 *   map's keys follow the dash as in that sequence's (else the document's) items (`- name` or
 *   `-   name`). Strings are written plain when they read back as the same string, else quoted
 *   in the quote style the file uses most (double by default).
 * - Removing the first key on a dash line (`- a: 1\n  b: 2` → `- b: 2`) moves comment lines
 *   that sat between the removed pair and the next key above the dash line.
 * - An empty flow collection (`{}` / `[]`) in a block context receives block text; a non-empty
 *   flow collection stays flow.
 * - `moveItem` out of a flow sequence (or into a non-empty flow one) renders the item from its
 *   value (comments inside that flow item are lost); out of a block sequence the item's text is
 *   kept byte for byte, re-indented uniformly.
 * - A block scalar replaced by `setScalar` stays a literal block (`|`, `|-` or `|+`, as the new
 *   value's trailing newlines require) when the value is multi-line text a literal can hold
 *   without an indentation indicator; otherwise it becomes a double-quoted scalar.
 */
import { isDeepStrictEqual } from 'node:util';
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { PARSE_OPTIONS, type YamlDocument } from '../model/document';
import type { Edit } from '../model/text';
import { applyEdits, editedValue, writable, writableChild } from './reparse';

export { applyEdits };

type Path = (string | number)[];
type Parent =
  | { kind: 'root' }
  | { kind: 'pair'; pair: Pair; map: YAMLMap }
  | { kind: 'key'; pair: Pair; map: YAMLMap }
  | { kind: 'item'; seq: YAMLSeq; index: number };

interface NodeInfo {
  /** Path of the node's value in the document's `toJS()`; undefined when it has none (under a merge key, a complex key…). */
  path?: Path;
  parent: Parent;
  /** Inside a flow collection. */
  inFlow: boolean;
}

/** What an operation does to the document's JS value (mutates `root` or returns a new root). */
type Expect = (root: unknown) => unknown;

interface Plan {
  edits: Edit[];
  expect: Expect;
}

type ScalarCtx = 'block' | 'flow' | 'block-key' | 'flow-key';
type JsScalar = string | number | boolean | null;

class Refusal extends Error {}

function refuse(why: string): never {
  throw new Refusal(why);
}

const pad = (n: number): string => ' '.repeat(Math.max(0, n));

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isJsScalar(v: unknown): v is JsScalar {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** A value the editor can render: scalars, arrays and plain objects of them. */
function checkValue(v: unknown, depth = 0): void {
  if (depth > 50) refuse('value too deep');
  if (isJsScalar(v)) return;
  if (Array.isArray(v)) return v.forEach((x) => checkValue(x, depth + 1));
  if (isPlainObject(v)) return Object.values(v).forEach((x) => checkValue(x, depth + 1));
  refuse('value cannot be rendered');
}

function isEmptyCollection(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0);
}

function keyNameOf(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) {
    const v = k.value;
    if (v === null || v === undefined || typeof v === 'object') return undefined;
    return String(v);
  }
  return undefined;
}

function rangeOf(node: unknown): [number, number, number] {
  const r = (node as Node | null | undefined)?.range;
  if (!r) refuse('node without a source range');
  return r;
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

/** Edits sorted, touching ones merged; overlapping ones refused. */
function normalize(edits: Edit[]): Edit[] {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.span.start - b.e.span.start || a.e.span.end - b.e.span.end || a.i - b.i);
  const out: Edit[] = [];
  for (const { e } of sorted) {
    if (e.span.start > e.span.end) refuse('bad span');
    const last = out[out.length - 1];
    if (last && e.span.start < last.span.end) refuse('overlapping edits');
    if (last && e.span.start === last.span.end) {
      out[out.length - 1] = { span: { start: last.span.start, end: e.span.end }, newText: last.newText + e.newText };
    } else {
      out.push({ span: { start: e.span.start, end: e.span.end }, newText: e.newText });
    }
  }
  return out.filter((e) => e.span.start !== e.span.end || e.newText !== '');
}

// ---------------------------------------------------------------------------------------------
// Scalars

const plainCache = new Map<string, boolean>();

function parsesAsPlainString(snippet: string, s: string, pick: (contents: unknown) => unknown): boolean {
  try {
    const docs = parseAllDocuments(snippet, PARSE_OPTIONS);
    if (!Array.isArray(docs) || docs.length !== 1) return false;
    const d = docs[0];
    if (d.errors.length || d.warnings.length) return false;
    const node = pick(d.contents);
    return isScalar(node) && node.type === 'PLAIN' && node.value === s && !node.tag;
  } catch {
    return false;
  }
}

const firstValue = (c: unknown): unknown => (isMap(c) && c.items.length === 1 ? c.items[0].value : undefined);
const firstKey = (c: unknown): unknown => (isMap(c) && c.items.length === 1 ? c.items[0].key : undefined);
const firstItem = (c: unknown): unknown => (isSeq(c) && c.items.length === 1 ? c.items[0] : undefined);

/** Whether `s` written plain in that context reads back as the same string. */
function plainSafe(s: string, ctx: ScalarCtx): boolean {
  if (s === '' || s.length > 1000 || /^\s|\s$/.test(s)) return false;
  // Line breaks, control characters, BOM and the Unicode line separators.
  if (/[\u0000-\u001f\u007f-\u009f\ufeff\u2028\u2029]/.test(s)) return false;
  if ((ctx === 'flow' || ctx === 'flow-key') && /[,[\]{}]/.test(s)) return false;
  const id = `${ctx}\u0000${s}`;
  const hit = plainCache.get(id);
  if (hit !== undefined) return hit;
  let ok: boolean;
  switch (ctx) {
    case 'block':
      ok = parsesAsPlainString(`k: ${s}\n`, s, firstValue) && parsesAsPlainString(`- ${s}\n`, s, firstItem);
      break;
    case 'block-key':
      ok = parsesAsPlainString(`${s}: v\n`, s, firstKey);
      break;
    case 'flow':
      ok = parsesAsPlainString(`[${s}]\n`, s, firstItem) && parsesAsPlainString(`{k: ${s}}\n`, s, firstValue);
      break;
    case 'flow-key':
      ok = parsesAsPlainString(`{${s}: v}\n`, s, firstKey);
      break;
  }
  if (plainCache.size > 10000) plainCache.clear();
  plainCache.set(id, ok);
  return ok;
}

function singleQuotable(s: string): boolean {
  return !/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\ufeff\u2028\u2029]/.test(s);
}

const singleQuoted = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** JSON strings are valid YAML double-quoted scalars. */
const doubleQuoted = (s: string): string => JSON.stringify(s);

function nonString(v: number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (!Number.isFinite(v)) refuse('non-finite number');
  return String(v);
}

// ---------------------------------------------------------------------------------------------

/** What an editor learns from walking a document's tree: read-only once made, so shared by every editor of that tree. */
interface Layout {
  infos: Map<unknown, NodeInfo>;
  aliased: Set<string>;
  step: number;
  docSeqIndent: number | undefined;
  docItemOffset: number;
  quote: 'single' | 'double';
}

/** Keyed by the `yaml` tree, not the YamlDocument: a compact document parsed again has new nodes. */
const LAYOUTS = new WeakMap<object, Layout>();
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

export class YamlEditor {
  private readonly text: string;
  private readonly eol: string;
  private readonly lineStarts: number[];
  private readonly ok: boolean;
  private analysed = false;
  private infos = new Map<unknown, NodeInfo>();
  /** Anchors that some alias refers to. */
  private aliased = new Set<string>();
  private step = 2;
  private docSeqIndent: number | undefined;
  private docItemOffset = 2;
  private quote: 'single' | 'double' = 'double';
  private warningCount = 0;

  constructor(private readonly doc: YamlDocument) {
    this.text = doc.text;
    this.lineStarts = doc.lines.lineStarts;
    const crlf = this.text.indexOf('\r\n');
    const lf = this.text.indexOf('\n');
    this.eol = crlf >= 0 && crlf + 1 === lf ? '\r\n' : '\n';
    this.ok =
      !!doc.yaml &&
      doc.yaml.errors.length === 0 &&
      !doc.syntaxIssues.some((i) => i.severity === 'error') &&
      !/\r(?!\n)/.test(this.text);
    this.warningCount = doc.yaml?.warnings.length ?? 0;
  }

  // ----- public API ---------------------------------------------------------------------------

  /** Replace a scalar value, keeping its quote style when the new value can be written in it. */
  setScalar(node: Scalar, value: string | number | boolean): Edit[] | undefined {
    return this.run(() => {
      const info = this.info(node);
      this.notAliased(node);
      return {
        edits: this.setScalarEdits(node, value),
        expect: (root) => setAt(root, need(info.path), value),
      };
    });
  }

  /** Rename a key, keeping its quoting. */
  renameKey(pair: Pair, newKey: string): Edit[] | undefined {
    return this.run(() => {
      if (typeof newKey !== 'string') refuse('key must be a string');
      const { map, path } = this.pairInfo(pair);
      this.notAliased(map);
      const key = pair.key;
      if (!isScalar(key) || key.anchor || key.tag) refuse('key is not a plain scalar');
      const oldName = need(keyNameOf(pair));
      if (oldName === '<<') refuse('merge key');
      const ctx: ScalarCtx = map.flow || this.info(map).inFlow ? 'flow-key' : 'block-key';
      const [start, end] = rangeOf(key);
      if (key.type === 'BLOCK_LITERAL' || key.type === 'BLOCK_FOLDED') refuse('block scalar key');
      const newText = this.renderString(newKey, key.type ?? 'PLAIN', ctx);
      return {
        edits: [{ span: { start, end }, newText }],
        expect: (root) => {
          const obj = getAt(root, need(path));
          if (!isPlainObject(obj)) refuse('not an object');
          const rebuilt: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(obj)) rebuilt[k === oldName ? newKey : k] = v;
          for (const k of Object.keys(obj)) delete obj[k];
          Object.assign(obj, rebuilt);
          return root;
        },
      };
    });
  }

  /** Remove a pair from a map (block: its whole lines; flow: the pair and one comma). */
  removePair(map: YAMLMap, pair: Pair): Edit[] | undefined {
    return this.run(() => {
      const info = this.pairInfo(pair);
      if (info.map !== map) refuse('pair not in map');
      this.notAliased(map);
      const name = need(keyNameOf(pair));
      if (name === '<<') refuse('merge key');
      const path = need(info.path);
      return {
        edits: this.removePairEdits(map, pair),
        expect: (root) => {
          const obj = getAt(root, path);
          if (!isPlainObject(obj) || !Object.hasOwn(obj, name)) refuse('not an object');
          delete obj[name];
          return root;
        },
      };
    });
  }

  /** Add `key: value` to a map, in its style; after the last pair unless `where` says otherwise. */
  addPair(map: YAMLMap, key: string, value: unknown, where?: { after?: Pair; before?: Pair }): Edit[] | undefined {
    return this.run(() => {
      if (typeof key !== 'string') refuse('key must be a string');
      checkValue(value);
      this.notAliased(map);
      const path = need(this.info(map).path);
      return {
        edits: this.addPairsEdits(map, [[key, value]], where),
        expect: (root) => {
          const obj = getAt(root, path);
          if (!isPlainObject(obj) || Object.hasOwn(obj, key)) refuse('not an object or key exists');
          obj[key] = structuredClone(value);
          return root;
        },
      };
    });
  }

  /** Remove item `index` of a sequence (block: its lines and the comment lines directly above its dash). */
  removeItem(seq: YAMLSeq, index: number): Edit[] | undefined {
    return this.run(() => {
      const path = need(this.info(seq).path);
      this.notAliased(seq);
      return {
        edits: this.removeItemEdits(seq, index),
        expect: (root) => {
          const arr = getAt(root, path);
          if (!Array.isArray(arr) || index < 0 || index >= arr.length) refuse('not an array');
          arr.splice(index, 1);
          return root;
        },
      };
    });
  }

  /** Append a JS value as the last item of a sequence, in its style. */
  appendItem(seq: YAMLSeq, value: unknown): Edit[] | undefined {
    return this.run(() => {
      checkValue(value);
      this.notAliased(seq);
      const path = need(this.info(seq).path);
      return {
        edits: this.appendItemEdits(seq, value),
        expect: (root) => {
          const arr = getAt(root, path);
          if (!Array.isArray(arr)) refuse('not an array');
          arr.push(structuredClone(value));
          return root;
        },
      };
    });
  }

  /** Append `value` to the sequence `parent[key]`, creating `key:` when it is missing. */
  appendToList(parent: YAMLMap, key: string, value: unknown, where?: { before?: Pair; after?: Pair }): Edit[] | undefined {
    return this.run(() => {
      if (typeof key !== 'string') refuse('key must be a string');
      checkValue(value);
      this.notAliased(parent);
      const path = need(this.info(parent).path);
      return {
        edits: this.appendToListEdits(parent, key, value, where),
        expect: (root) => {
          const obj = getAt(root, path);
          if (!isPlainObject(obj)) refuse('not an object');
          const list = obj[key];
          if (list === undefined || list === null) obj[key] = [structuredClone(value)];
          else if (Array.isArray(list)) obj[key] = [...list, structuredClone(value)];
          else refuse('not a list');
          return root;
        },
      };
    });
  }

  /**
   * Move item `index` of `from` to the end of `parent[key]` (created when missing), keeping its
   * text (re-indented uniformly, with the comment lines directly above it); then set `set` pairs
   * in the moved map (replace the value, or add the pair after `name`).
   */
  moveItem(
    from: YAMLSeq,
    index: number,
    parent: YAMLMap,
    key: string,
    options?: { before?: Pair; set?: Record<string, string | number | boolean> },
  ): Edit[] | undefined {
    return this.run(() => {
      if (typeof key !== 'string') refuse('key must be a string');
      const set = Object.entries(options?.set ?? {});
      for (const [, v] of set) if (!isJsScalar(v) || v === null) refuse('set values must be scalars');
      const fromPath = need(this.info(from).path);
      this.notAliased(from);
      this.notAliased(parent);
      const parentPath = need(this.info(parent).path);
      return {
        edits: this.moveItemEdits(from, index, parent, key, options?.before, set),
        expect: (root) => {
          const arr = getAt(root, fromPath);
          if (!Array.isArray(arr) || index < 0 || index >= arr.length) refuse('not an array');
          const [item] = arr.splice(index, 1);
          if (set.length && !isPlainObject(item)) refuse('item is not an object');
          const moved = set.length ? withSet(item as Record<string, unknown>, set) : item;
          const obj = getAt(root, parentPath);
          if (!isPlainObject(obj)) refuse('not an object');
          const list = obj[key];
          if (list === undefined || list === null) obj[key] = [moved];
          else if (Array.isArray(list)) obj[key] = [...list, moved];
          else refuse('not a list');
          return root;
        },
      };
    });
  }

  /**
   * Replace a pair by `key: value` in its place (the old key and value go, the new pair takes
   * their text position; a comment after the old value's last line stays at the end of the line).
   */
  replacePair(map: YAMLMap, pair: Pair, key: string, value: unknown): Edit[] | undefined {
    return this.run(() => {
      if (typeof key !== 'string') refuse('key must be a string');
      checkValue(value);
      const info = this.pairInfo(pair);
      if (info.map !== map) refuse('pair not in map');
      this.notAliased(map);
      const oldName = need(keyNameOf(pair));
      if (oldName === '<<') refuse('merge key');
      const path = need(info.path);
      return {
        edits: this.replacePairEdits(map, pair, key, value),
        expect: (root) => {
          const obj = getAt(root, path);
          if (!isPlainObject(obj) || !Object.hasOwn(obj, oldName)) refuse('not an object');
          if (key !== oldName && Object.hasOwn(obj, key)) refuse('key exists');
          delete obj[oldName];
          obj[key] = structuredClone(value);
          return root;
        },
      };
    });
  }

  /**
   * Move item `from` of a block sequence to just before item `to` of the same sequence, keeping
   * its text byte for byte with the comment lines directly above its dash (those of `to` stay
   * with `to`). A flow sequence, a no-op (`to` is `from` or the item right after it) and items
   * sharing a line with another dash are refused.
   */
  moveItemBefore(seq: YAMLSeq, from: number, to: number): Edit[] | undefined {
    return this.run(() => {
      const path = need(this.info(seq).path);
      this.notAliased(seq);
      return {
        edits: this.moveItemBeforeEdits(seq, from, to),
        expect: (root) => {
          const arr = getAt(root, path);
          if (!Array.isArray(arr)) refuse('not an array');
          const [item] = arr.splice(from, 1);
          arr.splice(from < to ? to - 1 : to, 0, item);
          return root;
        },
      };
    });
  }

  // ----- verification -------------------------------------------------------------------------

  private run(make: () => Plan): Edit[] | undefined {
    try {
      if (!this.ok) return undefined;
      this.analyse();
      const plan = make();
      const edits = normalize(plan.edits);
      if (edits.length === 0) return undefined;
      for (const e of edits) if (e.span.start < 0 || e.span.end > this.text.length) return undefined;
      const actual = editedValue(this.doc, this.originalJs(), edits, this.warningCount);
      if (!actual) return undefined;
      const expected = plan.expect(writable(this.originalJs()));
      if (!isDeepStrictEqual(actual.value, expected)) return undefined;
      return edits;
    } catch {
      return undefined;
    }
  }

  private originalJs(): unknown {
    return documentJs(this.doc);
  }

  // ----- document analysis --------------------------------------------------------------------

  private analyse(): void {
    if (this.analysed) return;
    this.analysed = true;
    // Every editor of one tree reads the same layout: a rule building fixes for hundreds of
    // findings in one document walks it once.
    const tree = this.doc.yaml!;
    const known = LAYOUTS.get(tree);
    if (known) {
      ({ infos: this.infos, aliased: this.aliased, step: this.step, docSeqIndent: this.docSeqIndent, docItemOffset: this.docItemOffset, quote: this.quote } = known);
      return;
    }
    const steps = new Map<number, number>();
    const seqIndents = new Map<number, number>();
    const itemOffsets = new Map<number, number>();
    let singles = 0;
    let doubles = 0;
    const walk = (node: unknown, path: Path | undefined, parent: Parent, inFlow: boolean, depth: number): void => {
      if (depth > 500 || node === null || node === undefined || typeof node !== 'object') return;
      this.infos.set(node, { path, parent, inFlow });
      if (isAlias(node)) {
        this.aliased.add(node.source);
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
          this.infos.set(pair, { path: path && k !== undefined && k !== '<<' ? [...path, k] : undefined, parent: { kind: 'pair', pair, map: node }, inFlow: flow });
          if (!flow && isScalar(pair.key) && pair.key.range) {
            const keyCol = this.col(pair.key.range[0]);
            const v = pair.value;
            if (isMap(v) && !v.flow && v.items.length && isPair(v.items[0]) && isScalar(v.items[0].key) && v.items[0].key.range) {
              const d = this.col(v.items[0].key.range[0]) - keyCol;
              if (d > 0 && this.line(v.items[0].key.range[0]) > this.line(pair.key.range[0])) vote(steps, d);
            } else if (isSeq(v) && !v.flow && v.range) {
              const d = this.col(v.range[0]) - keyCol;
              if (d >= 0 && this.line(v.range[0]) > this.line(pair.key.range[0])) vote(seqIndents, d);
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
            const off = this.itemOffsetOf(node, item);
            if (off !== undefined) vote(itemOffsets, off);
          }
          walk(item, path && !isPair(item) ? [...path, index] : undefined, { kind: 'item', seq: node, index }, flow, depth + 1);
        });
      }
    };
    const root = this.doc.yaml?.contents;
    walk(root, [], { kind: 'root' }, false, 0);
    this.step = mode(steps) ?? 2;
    this.docSeqIndent = mode(seqIndents);
    this.docItemOffset = mode(itemOffsets) ?? 2;
    this.quote = singles > doubles ? 'single' : 'double';
    LAYOUTS.set(tree, { infos: this.infos, aliased: this.aliased, step: this.step, docSeqIndent: this.docSeqIndent, docItemOffset: this.docItemOffset, quote: this.quote });
  }

  /** Column of a block map item's first key minus its dash's column, when the key is on the dash line. */
  private itemOffsetOf(seq: YAMLSeq, item: unknown): number | undefined {
    if (!isMap(item) || item.flow || !seq.range || !item.items.length) return undefined;
    const first = item.items[0];
    if (!isPair(first) || !isScalar(first.key) || !first.key.range) return undefined;
    const dc = this.col(seq.range[0]);
    const ks = first.key.range[0];
    const line = this.line(ks);
    const t = this.lineText(line);
    if (t[dc] !== '-') return undefined;
    const off = this.col(ks) - dc;
    return off >= 2 && /^-\s+$/.test(t.slice(dc, this.col(ks))) ? off : undefined;
  }

  private info(node: unknown): NodeInfo {
    const i = this.infos.get(node);
    if (!i) refuse('node is not part of this document');
    return i;
  }

  /** Refuses a node that is, or is inside, an anchored node some alias repeats elsewhere. */
  private notAliased(node: unknown): void {
    let cur: unknown = node;
    for (let i = 0; cur && i < 1000; i++) {
      const anchor = (cur as Node).anchor;
      if (anchor && this.aliased.has(anchor)) refuse('the node is repeated by an alias');
      const parent = this.info(cur).parent;
      cur = parent.kind === 'root' ? undefined : parent.kind === 'item' ? parent.seq : parent.map;
    }
  }

  private pairInfo(pair: Pair): { map: YAMLMap; path?: Path } {
    const i = this.info(pair);
    if (i.parent.kind !== 'pair') refuse('not a pair');
    const mapInfo = this.info(i.parent.map);
    return { map: i.parent.map, path: mapInfo.path };
  }

  // ----- text helpers -------------------------------------------------------------------------

  private line(offset: number): number {
    return this.doc.lines.positionAt(offset).line;
  }

  private col(offset: number): number {
    return this.doc.lines.positionAt(offset).character;
  }

  private lineStart(line: number): number {
    return this.lineStarts[line];
  }

  private lineEnd(line: number): number {
    return this.doc.lines.lineEnd(line);
  }

  /** Start of the next line, or the end of the text. */
  private nextLineStart(line: number): number {
    return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
  }

  private lineText(line: number): string {
    return this.doc.lines.lineText(line);
  }

  private isBlank(line: number): boolean {
    return /^\s*$/.test(this.lineText(line));
  }

  private isCommentLine(line: number): boolean {
    return /^ *#/.test(this.lineText(line));
  }

  private indentOf(line: number): number {
    const t = this.lineText(line);
    const n = t.length - t.trimStart().length;
    if (/^ *\t/.test(t) && !this.isBlank(line)) refuse('tab indentation');
    return n;
  }

  /** The line an end offset (exclusive) ends on. */
  private endLine(end: number): number {
    return end > 0 && this.text[end - 1] === '\n' ? this.line(end - 1) : this.line(end);
  }

  /** Offset where a node's content ends (trailing comments excluded). */
  private contentEnd(node: unknown): number {
    if (isMap(node) && !node.flow && node.items.length) {
      const last = node.items[node.items.length - 1];
      if (!isPair(last)) refuse('not a pair');
      return this.pairEnd(last);
    }
    if (isSeq(node) && !node.flow && node.items.length) return this.contentEnd(node.items[node.items.length - 1]);
    return rangeOf(node)[1];
  }

  private pairEnd(pair: Pair): number {
    const keyEnd = rangeOf(pair.key)[1];
    const v = pair.value;
    if (v === null || v === undefined) return keyEnd;
    return Math.max(keyEnd, this.contentEnd(v));
  }

  /**
   * Last line of a block pair: its content's last line, then the comment lines right below it
   * indented deeper than its key (they are inside it).
   */
  private pairLastLine(pair: Pair): number {
    return this.trailingComments(this.endLine(this.pairEnd(pair)), this.col(this.keyStart(pair)));
  }

  private trailingComments(line: number, col: number): number {
    let l = line;
    while (l + 1 < this.lineStarts.length && this.isCommentLine(l + 1) && this.indentOf(l + 1) > col) l++;
    return l;
  }

  private keyStart(pair: Pair): number {
    if (!isScalar(pair.key)) refuse('complex key');
    return rangeOf(pair.key)[0];
  }

  /** Column of a block map's keys. */
  private mapCol(map: YAMLMap): number {
    const first = map.items[0];
    if (!first || !isPair(first)) refuse('empty map');
    return this.col(this.keyStart(first));
  }

  /** Offset of the `:` after a pair's key. */
  private colonOf(pair: Pair): number {
    const end = rangeOf(pair.key)[1];
    const m = /^[ ]*:/.exec(this.text.slice(end, end + 200));
    if (!m) refuse('no colon after key');
    return end + m[0].length - 1;
  }

  /** Text before a block key on its line: `''`/spaces (a key line) or dashes (first key of an item). */
  private keyPrefix(pair: Pair): 'line' | 'dash' {
    const ks = this.keyStart(pair);
    const prefix = this.lineText(this.line(ks)).slice(0, this.col(ks));
    if (/^ *$/.test(prefix)) return 'line';
    if (/^ *(?:- +)+$/.test(prefix)) return 'dash';
    return refuse('key preceded by other text');
  }

  /** Top line of the comment lines directly above `line` (indented at least `minIndent`, not above `floor`). */
  private commentTop(line: number, minIndent: number, floor: number): number {
    let top = line;
    while (top - 1 > floor && top - 1 >= 0 && this.isCommentLine(top - 1) && this.indentOf(top - 1) >= minIndent) top--;
    return top;
  }

  private blockTextOf(lines: string[]): string {
    return lines.map((l) => l + this.eol).join('');
  }

  /** Insert whole lines of text (each ending with the EOL) after `line`. */
  private insertAfterLine(line: number, block: string): Edit {
    if (line + 1 < this.lineStarts.length) {
      const at = this.lineStarts[line + 1];
      return { span: { start: at, end: at }, newText: block };
    }
    const at = this.text.length;
    return { span: { start: at, end: at }, newText: this.eol + block.slice(0, block.length - this.eol.length) };
  }

  /** Deletes whole lines `from..to`. */
  private deleteLines(from: number, to: number): Edit {
    return { span: { start: this.lineStart(from), end: this.nextLineStart(to) }, newText: '' };
  }

  // ----- rendering ----------------------------------------------------------------------------

  private renderString(s: string, style: string, ctx: ScalarCtx): string {
    if (style === 'QUOTE_SINGLE') return singleQuotable(s) ? singleQuoted(s) : doubleQuoted(s);
    if (style === 'QUOTE_DOUBLE') return doubleQuoted(s);
    if (plainSafe(s, ctx)) return s;
    return this.quote === 'single' && singleQuotable(s) ? singleQuoted(s) : doubleQuoted(s);
  }

  private renderScalar(v: JsScalar, ctx: ScalarCtx): string {
    return typeof v === 'string' ? this.renderString(v, 'PLAIN', ctx) : nonString(v);
  }

  private renderFlow(v: unknown): string {
    if (isJsScalar(v)) return this.renderScalar(v, 'flow');
    if (Array.isArray(v)) return `[${v.map((x) => this.renderFlow(x)).join(', ')}]`;
    if (isPlainObject(v)) return `{${Object.entries(v).map(([k, x]) => `${this.renderString(k, 'PLAIN', 'flow-key')}: ${this.renderFlow(x)}`).join(', ')}}`;
    return refuse('value cannot be rendered');
  }

  /** A value written inline after `key: ` or `- ` in block context, or undefined if it needs lines. */
  private inlineBlock(v: unknown): string | undefined {
    if (isJsScalar(v)) return this.renderScalar(v, 'block');
    if (isEmptyCollection(v)) return Array.isArray(v) ? '[]' : '{}';
    return undefined;
  }

  /** Lines of `key: value` at column `col`. `seqIndent`: dash column relative to the key. */
  private pairLines(key: string, v: unknown, col: number, seqIndent: number): string[] {
    const k = this.renderString(key, 'PLAIN', 'block-key');
    const inline = this.inlineBlock(v);
    if (inline !== undefined) return [`${pad(col)}${k}: ${inline}`];
    if (Array.isArray(v)) return [`${pad(col)}${k}:`, ...this.seqLines(v, col + seqIndent, this.docItemOffset)];
    return [`${pad(col)}${k}:`, ...this.mapLines(v as Record<string, unknown>, col + this.step)];
  }

  private mapLines(obj: Record<string, unknown>, col: number): string[] {
    return Object.entries(obj).flatMap(([k, v]) => this.pairLines(k, v, col, this.newSeqIndent()));
  }

  /** Lines of the items of a block sequence whose dashes are at `dashCol`. */
  private seqLines(arr: unknown[], dashCol: number, itemOffset: number): string[] {
    return arr.flatMap((v) => this.itemLines(v, dashCol, itemOffset));
  }

  private itemLines(v: unknown, dashCol: number, itemOffset: number): string[] {
    const inline = this.inlineBlock(v);
    if (inline !== undefined) return [`${pad(dashCol)}- ${inline}`];
    const inner = Array.isArray(v) ? this.seqLines(v, dashCol + itemOffset, this.docItemOffset) : this.mapLines(v as Record<string, unknown>, dashCol + itemOffset);
    const first = inner[0];
    inner[0] = `${pad(dashCol)}-${pad(itemOffset - 1)}${first.slice(dashCol + itemOffset)}`;
    return inner;
  }

  /** Dash indentation for a new sequence under a key. */
  private newSeqIndent(siblings?: YAMLMap): number {
    if (siblings && !siblings.flow) {
      for (const p of siblings.items) {
        if (!isPair(p) || !isSeq(p.value) || p.value.flow || !p.value.range || !isScalar(p.key) || !p.key.range) continue;
        if (this.line(p.value.range[0]) <= this.line(p.key.range[0])) continue;
        const d = this.col(p.value.range[0]) - this.col(p.key.range[0]);
        if (d >= 0) return d;
      }
    }
    return this.docSeqIndent ?? this.step;
  }

  private seqItemOffset(seq: YAMLSeq): number {
    for (const item of seq.items) {
      const off = this.itemOffsetOf(seq, item);
      if (off !== undefined) return off;
    }
    return this.docItemOffset;
  }

  // ----- operations ---------------------------------------------------------------------------

  private setScalarEdits(node: Scalar, value: string | number | boolean): Edit[] {
    if (!isScalar(node)) refuse('not a scalar');
    if (node.anchor || node.tag) refuse('anchored or tagged scalar');
    if (!(typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) refuse('bad value');
    const info = this.info(node);
    if (info.parent.kind === 'key') refuse('use renameKey for keys');
    const [start, end] = rangeOf(node);
    const ctx: ScalarCtx = info.inFlow ? 'flow' : 'block';
    const type = node.type ?? 'PLAIN';
    if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
      const endsLine = end > start && this.text[end - 1] === '\n';
      const literal = typeof value === 'string' ? this.literalBlock(node, value) : undefined;
      if (literal !== undefined) return [{ span: { start, end }, newText: literal }];
      const flat = typeof value === 'string' ? this.renderString(value, 'PLAIN', ctx) : nonString(value);
      return [{ span: { start, end }, newText: flat + (endsLine ? this.eol : '') }];
    }
    let newText = typeof value === 'string' ? this.renderString(value, type, ctx) : nonString(value);
    if (start === end && start > 0 && !/\s/.test(this.text[start - 1])) newText = ' ' + newText;
    return [{ span: { start, end }, newText }];
  }

  /** A literal block scalar (header, content lines, final EOL) for `value`, or undefined. */
  private literalBlock(node: Scalar, value: string): string | undefined {
    if (!value.includes('\n') || /[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff\u2028\u2029]/.test(value)) return undefined;
    const [start, end] = rangeOf(node);
    if (!(end > start && this.text[end - 1] === '\n')) return undefined;
    const trailing = /\n*$/.exec(value)![0].length;
    const body = value.slice(0, value.length - trailing);
    if (body === '' || /^[ \n]/.test(body) || /\s$/.test(body)) return undefined;
    // Content indentation: the existing content's, else the owner's column plus the step.
    const headerLine = this.line(start);
    const lastLine = this.endLine(end);
    let ci: number | undefined;
    for (let l = headerLine + 1; l <= lastLine; l++) {
      if (!this.isBlank(l)) {
        ci = this.indentOf(l);
        break;
      }
    }
    if (ci === undefined) {
      const parent = this.info(node).parent;
      if (parent.kind === 'pair') ci = this.col(this.keyStart(parent.pair)) + this.step;
      else if (parent.kind === 'item') ci = this.col(rangeOf(parent.seq)[0]) + this.step;
      else ci = this.step;
    }
    const header = trailing === 0 ? '|-' : trailing === 1 ? '|' : '|+';
    const lines = body.split('\n').map((l) => (l === '' ? '' : pad(ci) + l));
    for (let i = 1; i < trailing; i++) lines.push('');
    return header + this.eol + this.blockTextOf(lines);
  }

  private removePairEdits(map: YAMLMap, pair: Pair): Edit[] {
    const index = map.items.indexOf(pair);
    if (index < 0) refuse('pair not in map');
    const ks = this.keyStart(pair);
    const pe = this.pairEnd(pair);
    const n = map.items.length;
    if (map.flow) {
      const [ms, me] = rangeOf(map);
      if (n === 1) {
        if (this.text[ms] !== '{' || this.text[me - 1] !== '}') refuse('flow map without braces');
        return [{ span: { start: ms + 1, end: me - 1 }, newText: '' }];
      }
      if (index < n - 1) return [{ span: { start: ks, end: this.keyStart(map.items[index + 1]) }, newText: '' }];
      return [{ span: { start: this.pairEnd(map.items[index - 1]), end: pe }, newText: '' }];
    }
    const keyLine = this.line(ks);
    const lastLine = this.pairLastLine(pair);
    this.indentOf(keyLine);
    const prefix = this.keyPrefix(pair);
    if (n === 1) return this.emptyCollection(map, '{}', keyLine, keyLine, lastLine, ks);
    if (prefix === 'line') return [this.deleteLines(keyLine, lastLine)];
    // The first key on a dash line: the next key moves up onto the dash line.
    if (index !== 0) refuse('dash before a later key');
    const next = map.items[1];
    const nks = this.keyStart(next);
    const nextLine = this.line(nks);
    if (nextLine <= lastLine || this.keyPrefix(next) !== 'line') refuse('unexpected layout');
    const edits: Edit[] = [{ span: { start: ks, end: nks }, newText: '' }];
    const between = this.text.slice(this.nextLineStart(lastLine), this.lineStart(nextLine));
    if (/\S/.test(between)) {
      const kept = between
        .split(/(?<=\n)/)
        .filter((l) => /\S/.test(l))
        .join('');
      const at = this.lineStart(keyLine);
      edits.push({ span: { start: at, end: at }, newText: kept });
    }
    return edits;
  }

  /**
   * Replaces the only content of a block collection (lines `top..last`, the first content at
   * `contentStart` on line `first`) with `{}` / `[]`: after the parent's `key:` when its line has
   * room, else in place.
   */
  private emptyCollection(coll: YAMLMap | YAMLSeq, empty: '{}' | '[]', top: number, first: number, last: number, contentStart: number): Edit[] {
    const parent = this.info(coll).parent;
    if (parent.kind === 'pair' && !parent.map.flow && isScalar(parent.pair.key)) {
      const colon = this.colonOf(parent.pair);
      const keyLine = this.line(colon);
      if (keyLine < top && /^[ ]*(?:#.*)?$/.test(this.text.slice(colon + 1, this.lineEnd(keyLine)))) {
        const rest = this.text.slice(colon + 1, this.lineEnd(keyLine));
        return [
          { span: { start: colon + 1, end: colon + 1 }, newText: ` ${empty}${rest.startsWith('#') ? ' ' : ''}` },
          this.deleteLines(top, last),
        ];
      }
    }
    // In place: on the first content line, where the content started.
    const col = this.col(contentStart);
    if (top === first) return [{ span: { start: contentStart, end: this.lineEnd(last) }, newText: empty }];
    return [{ span: { start: this.lineStart(top), end: this.lineEnd(last) }, newText: pad(col) + empty }];
  }

  private addPairsEdits(map: YAMLMap, pairs: [string, unknown][], where?: { after?: Pair; before?: Pair }): Edit[] {
    const anchor = where?.before ?? where?.after;
    if (anchor && map.items.indexOf(anchor) < 0) refuse('where pair not in map');
    if (!isMap(map)) refuse('not a map');
    if (map.flow) {
      const [ms, me] = rangeOf(map);
      if (map.items.length === 0) {
        if (this.text[ms] !== '{' || this.text[me - 1] !== '}') refuse('flow map without braces');
        const info = this.info(map);
        if (!info.inFlow) return this.fillEmptyFlow(map, 'map', (col) => this.blockTextOf(pairs.flatMap(([k, v]) => this.pairLines(k, v, col, this.newSeqIndent()))));
        const flow = pairs.map(([k, v]) => `${this.renderString(k, 'PLAIN', 'flow-key')}: ${this.renderFlow(v)}`).join(', ');
        return [{ span: { start: ms + 1, end: ms + 1 }, newText: flow }];
      }
      const flow = pairs.map(([k, v]) => `${this.renderString(k, 'PLAIN', 'flow-key')}: ${this.renderFlow(v)}`).join(', ');
      if (where?.before) {
        const at = this.keyStart(where.before);
        return [{ span: { start: at, end: at }, newText: `${flow}, ` }];
      }
      const after = where?.after ?? map.items[map.items.length - 1];
      const at = this.pairEnd(after);
      return [{ span: { start: at, end: at }, newText: `, ${flow}` }];
    }
    const col = this.mapCol(map);
    const seqIndent = this.newSeqIndent(map);
    const lines = pairs.flatMap(([k, v]) => this.pairLines(k, v, col, seqIndent));
    if (where?.before) {
      const b = where.before;
      const bks = this.keyStart(b);
      const bLine = this.line(bks);
      this.indentOf(bLine);
      if (this.keyPrefix(b) === 'dash') {
        const text = lines.map((l, i) => (i === 0 ? l.slice(col) : l)).join(this.eol) + this.eol + pad(col);
        return [{ span: { start: bks, end: bks }, newText: text }];
      }
      const index = map.items.indexOf(b);
      const floor = index > 0 ? this.pairLastLine(map.items[index - 1]) : -1;
      const top = this.commentTop(bLine, col, floor);
      const at = this.lineStart(top);
      return [{ span: { start: at, end: at }, newText: this.blockTextOf(lines) }];
    }
    const after = where?.after ?? map.items[map.items.length - 1];
    this.keyPrefix(after);
    return [this.insertAfterLine(this.pairLastLine(after), this.blockTextOf(lines))];
  }

  /**
   * Block text in place of an empty flow collection (`{}` / `[]`) in block context. `render`
   * gives the block's lines (each ending with the EOL) at a column: after `key:` they go on the
   * next lines (`key: {} # c` → `key: # c` + lines); as a sequence item or the document root they
   * replace the brackets.
   */
  private fillEmptyFlow(coll: YAMLMap | YAMLSeq, what: 'map' | 'seq', render: (col: number) => string, inline = true): Edit[] {
    const [cs, ce] = rangeOf(coll);
    if (coll.anchor || coll.tag) refuse('anchored or tagged collection');
    const info = this.info(coll);
    if (info.inFlow) refuse('flow context');
    const parent = info.parent;
    if (parent.kind === 'pair') {
      if (parent.map.flow) refuse('flow parent');
      const colon = this.colonOf(parent.pair);
      if (!/^\s*$/.test(this.text.slice(colon + 1, cs))) refuse('text between key and value');
      const rest = this.text.slice(ce, this.lineEnd(this.line(ce)));
      if (!/^[ ]*(?:#.*)?$/.test(rest)) refuse('text after the value');
      const keyCol = this.col(this.keyStart(parent.pair));
      const col = what === 'map' ? keyCol + this.step : keyCol + this.newSeqIndent(parent.map);
      return [{ span: { start: colon + 1, end: ce }, newText: '' }, this.insertAfterLine(this.line(ce), render(col))];
    }
    if (inline && (parent.kind === 'item' || parent.kind === 'root')) {
      const col = this.col(cs);
      if (parent.kind === 'item' && this.dashOf(parent.seq, parent.index).line !== this.line(cs)) refuse('layout');
      const block = render(col);
      return [{ span: { start: cs, end: ce }, newText: block.slice(col, block.length - this.eol.length) }];
    }
    return refuse('unexpected parent');
  }

  /** Dash line and offset of item `index` of a block sequence. */
  private dashOf(seq: YAMLSeq, index: number): { line: number; offset: number; col: number } {
    const [ss] = rangeOf(seq);
    const dc = this.col(ss);
    if (index === 0) {
      if (this.text[ss] !== '-') refuse('sequence without dash');
      return { line: this.line(ss), offset: ss, col: dc };
    }
    const item = seq.items[index];
    const floor = this.endLine(this.contentEnd(seq.items[index - 1])) + 1;
    for (let l = this.line(rangeOf(item)[0]); l >= floor; l--) {
      const t = this.lineText(l);
      if (t[dc] === '-' && (t.length === dc + 1 || t[dc + 1] === ' ') && /^ *(?:- +)*$/.test(t.slice(0, dc))) {
        return { line: l, offset: this.lineStart(l) + dc, col: dc };
      }
    }
    return refuse('dash not found');
  }

  /** Lines of item `index` of a block sequence: top (leading comments), dash line, last line. */
  private itemLinesOf(seq: YAMLSeq, index: number): { top: number; dash: number; last: number; col: number; dashOffset: number } {
    const dash = this.dashOf(seq, index);
    if (!/^ *$/.test(this.lineText(dash.line).slice(0, dash.col))) refuse('item shares its line with another dash');
    this.indentOf(dash.line);
    const item = seq.items[index];
    let last = this.endLine(this.contentEnd(item));
    // The comment lines right below the last item, indented deeper than its dash, are its own.
    if (index === seq.items.length - 1) last = this.trailingComments(last, dash.col);
    let floor: number;
    if (index > 0) floor = this.endLine(this.contentEnd(seq.items[index - 1]));
    else {
      const parent = this.info(seq).parent;
      floor = parent.kind === 'pair' ? this.line(this.colonOf(parent.pair)) : -1;
    }
    const top = this.commentTop(dash.line, dash.col, floor);
    return { top, dash: dash.line, last, col: dash.col, dashOffset: dash.offset };
  }

  private removeItemEdits(seq: YAMLSeq, index: number): Edit[] {
    if (!isSeq(seq)) refuse('not a sequence');
    if (!Number.isInteger(index) || index < 0 || index >= seq.items.length) refuse('no such item');
    const item = seq.items[index];
    if (isPair(item)) refuse('pair item');
    const n = seq.items.length;
    if (seq.flow) {
      const [ss, se] = rangeOf(seq);
      if (n === 1) {
        if (this.text[ss] !== '[' || this.text[se - 1] !== ']') refuse('flow sequence without brackets');
        return [{ span: { start: ss + 1, end: se - 1 }, newText: '' }];
      }
      if (index < n - 1) {
        const next = seq.items[index + 1];
        if (isPair(next)) refuse('pair item');
        return [{ span: { start: rangeOf(item)[0], end: rangeOf(next)[0] }, newText: '' }];
      }
      const prev = seq.items[index - 1];
      if (isPair(prev)) refuse('pair item');
      return [{ span: { start: this.contentEnd(prev), end: this.contentEnd(item) }, newText: '' }];
    }
    const lines = this.itemLinesOf(seq, index);
    if (n === 1) return this.emptyCollection(seq, '[]', lines.top, lines.dash, lines.last, lines.dashOffset);
    return [this.deleteLines(lines.top, lines.last)];
  }

  private appendItemEdits(seq: YAMLSeq, value: unknown): Edit[] {
    if (!isSeq(seq)) refuse('not a sequence');
    if (seq.flow) {
      const [ss, se] = rangeOf(seq);
      if (seq.items.length === 0) {
        if (this.text[ss] !== '[' || this.text[se - 1] !== ']') refuse('flow sequence without brackets');
        if (!this.info(seq).inFlow) return this.fillEmptyFlow(seq, 'seq', (col) => this.blockTextOf(this.itemLines(value, col, this.docItemOffset)));
        return [{ span: { start: ss + 1, end: ss + 1 }, newText: this.renderFlow(value) }];
      }
      const last = seq.items[seq.items.length - 1];
      if (isPair(last)) refuse('pair item');
      const at = this.contentEnd(last);
      return [{ span: { start: at, end: at }, newText: `, ${this.renderFlow(value)}` }];
    }
    const last = this.itemLinesOf(seq, seq.items.length - 1);
    const lines = this.itemLines(value, last.col, this.seqItemOffset(seq));
    return [this.insertAfterLine(last.last, this.blockTextOf(lines))];
  }

  private findPair(map: YAMLMap, key: string): Pair | undefined {
    let found: Pair | undefined;
    for (const p of map.items) if (isPair(p) && keyNameOf(p) === key) found = p;
    return found;
  }

  private appendToListEdits(parent: YAMLMap, key: string, value: unknown, where?: { before?: Pair; after?: Pair }): Edit[] {
    if (!isMap(parent)) refuse('not a map');
    const pair = this.findPair(parent, key);
    if (!pair) return this.addPairsEdits(parent, [[key, [value]]], where);
    const v = pair.value;
    if (isSeq(v)) return this.appendItemEdits(v, value);
    if (this.isEmptyValue(pair)) {
      const keyLine = this.line(this.colonOf(pair));
      const col = this.col(this.keyStart(pair)) + this.newSeqIndent(parent);
      return [this.insertAfterLine(keyLine, this.blockTextOf(this.itemLines(value, col, this.docItemOffset)))];
    }
    return refuse('the key holds something else than a list');
  }

  /** `key:` with nothing after it (in a block map). */
  private isEmptyValue(pair: Pair): boolean {
    const v = pair.value;
    const info = this.info(pair);
    if (info.inFlow || info.parent.kind !== 'pair' || info.parent.map.flow) return false;
    if (v === null || v === undefined) return true;
    if (!isScalar(v) || v.value !== null || v.anchor || v.tag) return false;
    const [s, e] = rangeOf(v);
    return s === e;
  }

  private moveItemEdits(from: YAMLSeq, index: number, parent: YAMLMap, key: string, before: Pair | undefined, set: [string, JsScalar][]): Edit[] {
    if (!isSeq(from) || !isMap(parent)) refuse('bad arguments');
    if (!Number.isInteger(index) || index < 0 || index >= from.items.length) refuse('no such item');
    const item = from.items[index];
    if (isPair(item)) refuse('pair item');
    if (set.length && !isMap(item)) refuse('set needs a map item');
    const targetPair = this.findPair(parent, key);
    const target = targetPair?.value;
    if (target === from) refuse('moving within one sequence');
    const [is, ie] = rangeOf(item);
    const [ps, pe] = rangeOf(parent);
    if (ps >= is && pe <= ie) refuse('target inside the moved item');

    const removal = this.removeItemEdits(from, index);

    // Render from the value when either side is flow (comments of a flow item are lost).
    const fromValue = (): unknown => {
      const js = (item as Node).toJS(this.doc.yaml!, { maxAliasCount: 1000 });
      if (!set.length) return js;
      if (!isPlainObject(js)) refuse('item is not an object');
      const out = withSet(js, set);
      checkValue(out);
      return out;
    };
    if (from.flow || this.info(item).inFlow) {
      const value = fromValue();
      return [...removal, ...this.appendToListEdits(parent, key, value, before ? { before } : undefined)];
    }
    if (isSeq(target) && target.flow && target.items.length > 0) {
      return [...removal, ...this.appendItemEdits(target, fromValue())];
    }

    // The item's own text, with the `set` changes applied, re-indented to the target dash column.
    const lines = this.itemLinesOf(from, index);
    const blockStart = this.lineStart(lines.top);
    const blockEnd = this.nextLineStart(lines.last);
    let block = this.text.slice(blockStart, blockEnd);
    if (!block.endsWith('\n')) block += this.eol;
    if (set.length) {
      const map = item as YAMLMap;
      const inner: Edit[] = [];
      const added: [string, unknown][] = [];
      for (const [k, v] of set) {
        const existing = this.findPair(map, k);
        if (!existing) added.push([k, v]);
        else if (isScalar(existing.value)) inner.push(...this.setScalarEdits(existing.value, v as string | number | boolean));
        else refuse('set on a non-scalar value');
      }
      if (added.length) {
        const name = this.findPair(map, 'name');
        inner.push(...this.addPairsEdits(map, added, { after: name ?? map.items[map.items.length - 1] }));
      }
      const shifted = normalize(inner).map((e) => {
        if (e.span.start < blockStart || e.span.end > blockEnd) refuse('set edit outside the item');
        return { span: { start: e.span.start - blockStart, end: e.span.end - blockStart }, newText: e.newText };
      });
      block = applyEdits(block, shifted);
      if (!block.endsWith('\n')) block += this.eol;
    }

    const reindent = (dashCol: number): string => {
      const delta = dashCol - lines.col;
      if (delta === 0) return block;
      return block
        .split(/(?<=\n)/)
        .map((l) => {
          const body = l.replace(/\r?\n$/, '');
          if (body === '') return l;
          if (delta > 0) return pad(delta) + l;
          const spaces = /^ */.exec(body)![0].length;
          if (spaces < -delta && /\S/.test(body)) refuse('line less indented than the item');
          return l.slice(Math.min(spaces, -delta));
        })
        .join('');
    };

    if (targetPair === undefined) {
      // Create `key:` with the item as its only element.
      if (parent.flow) return [...removal, ...this.addPairsEdits(parent, [[key, [fromValue()]]], before ? { before } : undefined)];
      const col = this.mapCol(parent);
      const seqIndent = this.newSeqIndent(parent);
      const keyText = `${pad(col)}${this.renderString(key, 'PLAIN', 'block-key')}:${this.eol}`;
      const moved = keyText + reindent(col + seqIndent);
      if (before) {
        if (parent.items.indexOf(before) < 0) refuse('before pair not in map');
        const bks = this.keyStart(before);
        const bLine = this.line(bks);
        if (this.keyPrefix(before) === 'dash') {
          const at = bks;
          return [...removal, { span: { start: at, end: at }, newText: moved.slice(col) + pad(col) }];
        }
        const bi = parent.items.indexOf(before);
        const floor = bi > 0 ? this.pairLastLine(parent.items[bi - 1]) : -1;
        const top = this.commentTop(bLine, col, floor);
        const at = this.lineStart(top);
        return [...removal, { span: { start: at, end: at }, newText: moved }];
      }
      const last = parent.items[parent.items.length - 1];
      this.keyPrefix(last);
      return [...removal, this.insertAfterLine(this.pairLastLine(last), moved)];
    }
    if (isSeq(target) && !target.flow) {
      if (target.items.length === 0) refuse('empty block sequence');
      const last = this.itemLinesOf(target, target.items.length - 1);
      return [...removal, this.insertAfterLine(last.last, reindent(last.col))];
    }
    if (isSeq(target) && target.flow) return [...removal, ...this.fillEmptyFlow(target, 'seq', reindent, false)];
    if (this.isEmptyValue(targetPair)) {
      const keyLine = this.line(this.colonOf(targetPair));
      const col = this.col(this.keyStart(targetPair)) + this.newSeqIndent(parent);
      return [...removal, this.insertAfterLine(keyLine, reindent(col))];
    }
    return refuse('the key holds something else than a list');
  }
  private replacePairEdits(map: YAMLMap, pair: Pair, key: string, value: unknown): Edit[] {
    if (map.items.indexOf(pair) < 0) refuse('pair not in map');
    const ks = this.keyStart(pair);
    const pe = this.pairEnd(pair);
    if (map.flow || this.info(map).inFlow) {
      return [{ span: { start: ks, end: pe }, newText: `${this.renderString(key, 'PLAIN', 'flow-key')}: ${this.renderFlow(value)}` }];
    }
    this.indentOf(this.line(ks));
    this.keyPrefix(pair);
    const col = this.col(ks);
    const lines = this.pairLines(key, value, col, this.newSeqIndent(map));
    let text = lines.map((l, i) => (i === 0 ? l.slice(col) : l)).join(this.eol);
    // A block scalar's range ends after its line break(s): keep one.
    if (this.text[pe - 1] === '\n') text += this.eol;
    return [{ span: { start: ks, end: pe }, newText: text }];
  }

  private moveItemBeforeEdits(seq: YAMLSeq, from: number, to: number): Edit[] {
    if (!isSeq(seq) || seq.flow) refuse('not a block sequence');
    const n = seq.items.length;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < 0 || from >= n || to >= n) refuse('no such item');
    if (to === from || to === from + 1) refuse('no-op');
    if (isPair(seq.items[from]) || isPair(seq.items[to])) refuse('pair item');
    const moved = this.itemLinesOf(seq, from);
    const target = this.itemLinesOf(seq, to);
    const start = this.lineStart(moved.top);
    const end = this.nextLineStart(moved.last);
    let block = this.text.slice(start, end);
    if (!block.endsWith('\n')) block += this.eol;
    const at = this.lineStart(target.top);
    return [
      { span: { start: at, end: at }, newText: block },
      { span: { start, end }, newText: '' },
    ];
  }
}

// ---------------------------------------------------------------------------------------------
// JS value helpers for the expected result

function need<T>(v: T | undefined): T {
  if (v === undefined) refuse('missing');
  return v;
}

function getAt(root: unknown, path: Path): unknown {
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
function withSet(obj: Record<string, unknown>, set: [string, unknown][]): Record<string, unknown> {
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

function setAt(root: unknown, path: Path, value: unknown): unknown {
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
