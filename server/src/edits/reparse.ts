/**
 * The value of a document after a fix's edits, for the check every fix makes of its own result
 * (./yamlEdit.ts, ./commandEdit.ts): parsed from the edited text with no error, no new warning and
 * exactly one document, or no value at all.
 *
 * Parsing the whole document again costs its size for every fix, and rules offer a fix for each of
 * hundreds of containers: JSON output of a 48 KB pod with 1,200 findings took 45 s. When every edit
 * falls inside an item of a block sequence (a container, an env entry), only that item's lines
 * are parsed, on their own; a move (an item deleted from one list, added after the last item of
 * another) parses the two items' regions. That gives the value the whole document would have when:
 *
 * - the document has no alias and no directive (an alias could read an anchor of the item; a
 *   directive changes how its tags and version read), and the item is reached through plain
 *   string keys and indices, with no merge key on the way;
 * - the item's lines are a region of their own: its first line is `- ` at column c after spaces
 *   only, every later line of the region is blank or indented deeper than c, and the first line
 *   after the region that is not blank or a comment (if any) is indented c or less, so it starts
 *   a sibling or a parent key;
 * - the original region parses on its own, cleanly, to a block sequence of one item whose value is
 *   the item's value in the document (this checks the region and the path);
 * - each edited region is empty (the item deleted), or is items at column c (its lines start with
 *   `- ` at column c or are blank or deeper) that parse on their own to a block sequence with no
 *   error, no warning and no alias, and it keeps the region's final line break; the regions of
 *   one fix do not overlap, and no list is left empty (it would read as null).
 *
 * Then every construct opened in a region also closes in it (a clean parse), the line after it ends
 * any block scalar or plain scalar there (it is indented c or less), and what the region holds is
 * read as it is at the top of a document: the document's value is the original one with the item
 * replaced by the region's items. Otherwise the whole document is parsed again.
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type YAMLSeq } from 'yaml';
import { PARSE_OPTIONS, type YamlDocument } from '../model/document';
import type { Path } from '../model/yamlNodes';
import type { Edit } from '../model/text';

/** The value of the document `edits` make (sorted, inside the text, not overlapping), or undefined. */
export function editedValue(doc: YamlDocument, original: unknown, edits: readonly Edit[], warningCount: number): { value: unknown } | undefined {
  const local = editedItem(doc, original, edits);
  if (local) return local;
  const docs = parseAllDocuments(applyEdits(doc.text, edits), PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const d = docs[0];
  if (d.errors.length > 0 || d.warnings.length > warningCount) return undefined;
  return { value: d.toJS({ maxAliasCount: 1000 }) };
}

/**
 * Applies edits (offsets into `text`) that do not overlap. Insertions at one offset appear in the
 * order of the array, as in LSP.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.span.start - a.e.span.start || b.i - a.i);
  let out = text;
  for (const { e } of order) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

interface Item {
  /** [start, end) of the item's lines in the document text. */
  start: number;
  end: number;
  /** Column of its `-`. */
  column: number;
  path: Path;
}

/** Per tree: whether items can be parsed alone at all (no alias, no directive). */
const LOCAL_OK = new WeakMap<object, boolean>();
/** Per item node: its region, when the original region reads back as the item. */
const ITEMS = new WeakMap<object, Item | null>();

/**
 * The same value from the edited items alone, when that is sure to be the same; else undefined.
 * The edits fall inside one item, or (a move: an item deleted from one list and added to another)
 * in several items whose regions do not overlap; each region is read again on its own, as zero or
 * more items of its sequence.
 */
export function editedItem(doc: YamlDocument, original: unknown, edits: readonly Edit[]): { value: unknown } | undefined {
  const tree = doc.yaml;
  if (!tree || tree.errors.length > 0 || edits.length === 0 || !localOk(tree, doc.text)) return undefined;
  const from = Math.min(...edits.map((e) => e.span.start));
  const to = Math.max(...edits.map((e) => e.span.end));
  const one = innermostItem(tree, doc, original, from, to);
  const groups = one ? [{ item: one, edits: [...edits] }] : itemGroups(tree, doc, original, edits);
  if (!groups) return undefined;
  // Later regions first, so that an item replaced earlier in the same list keeps its index.
  let value = original;
  for (const { item, edits: mine } of [...groups].sort((a, b) => b.item.start - a.item.start)) {
    const shifted = mine.map((e) => ({ ...e, span: { start: e.span.start - item.start, end: e.span.end - item.start } }));
    const region = applyEdits(doc.text.slice(item.start, item.end), shifted);
    // A region that ended with a line break must keep it, or the next line would join its last one.
    if (region !== '' && doc.text.charCodeAt(item.end - 1) === 10 && !region.endsWith('\n')) return undefined;
    const items = itemsValue(region, item.column);
    if (!items) return undefined;
    value = splicedAt(value, item.path, items);
    // An emptied block sequence would read as null, not [].
    if ((valueAt(value, item.path.slice(0, -1)).value as unknown[]).length === 0) return undefined;
  }
  return { value };
}

/** The edits grouped by the innermost item holding each, when those items' regions are disjoint. */
function itemGroups(tree: Document.Parsed, doc: YamlDocument, original: unknown, edits: readonly Edit[]): { item: Item; edits: Edit[] }[] | undefined {
  const groups: { item: Item; edits: Edit[] }[] = [];
  for (const e of edits) {
    const item = innermostItem(tree, doc, original, e.span.start, e.span.end);
    if (!item) return undefined;
    const same = groups.find((g) => g.item === item);
    if (same) same.edits.push(e);
    else if (groups.some((g) => g.item.start < item.end && item.start < g.item.end)) return undefined;
    else groups.push({ item, edits: [e] });
  }
  return groups;
}

function localOk(tree: Document.Parsed, text: string): boolean {
  let ok = LOCAL_OK.get(tree);
  if (ok === undefined) {
    ok = !/^%/m.test(text);
    if (ok) {
      visit(tree, {
        Alias() {
          ok = false;
          return visit.BREAK;
        },
      });
    }
    LOCAL_OK.set(tree, ok);
  }
  return ok;
}

/** The deepest block-sequence item whose region holds [from, to), walking down from the root. */
function innermostItem(tree: Document.Parsed, doc: YamlDocument, original: unknown, from: number, to: number): Item | undefined {
  let best: Item | undefined;
  const path: Path = [];
  let node: unknown = tree.contents;
  while (node) {
    let next: unknown;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string' || pair.key.value === '<<' || pair.key.value === '__proto__')
          return best;
        const v = pair.value as Node | null;
        // A block sequence's items' regions start at the beginning of their lines, before the dash.
        const start = v?.range && isSeq(v) && !v.flow ? doc.text.lastIndexOf('\n', v.range[0] - 1) + 1 : v?.range?.[0];
        if (v && v.range && start! <= from && to <= v.range[2]) {
          path.push(pair.key.value);
          next = v;
          break;
        }
      }
    } else if (isSeq(node)) {
      const i = node.flow ? node.items.findIndex((v) => isNodeWithRange(v) && v.range![0] <= from && to <= v.range![2]) : lastItemFrom(doc, node, from);
      if (i < 0) return best;
      path.push(i);
      next = node.items[i];
      if (!node.flow) {
        const item = regionOf(doc, node, next as Node, path, original);
        if (!item || item.start > from || to > item.end) return best;
        best = item;
      }
    } else return best;
    node = next;
  }
  return best;
}

function isNodeWithRange(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && Array.isArray((v as Node).range);
}

/** The last item of a block sequence whose line starts at or before `from`, or -1. */
function lastItemFrom(doc: YamlDocument, seq: YAMLSeq, from: number): number {
  let found = -1;
  for (let i = 0; i < seq.items.length; i++) {
    const v = seq.items[i];
    if (!isNodeWithRange(v)) return -1;
    if (doc.text.lastIndexOf('\n', v.range![0] - 1) + 1 > from) break;
    found = i;
  }
  return found;
}

function lineEndAfter(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

const blank = (line: string) => /^[ \t]*\r?$/.test(line);

/** The item's region, checked once per item node: its original text must read back as its value. */
function regionOf(doc: YamlDocument, seq: YAMLSeq, item: Node, path: Path, original: unknown): Item | undefined {
  let known = ITEMS.get(item);
  if (known === undefined) {
    known = null;
    const text = doc.text;
    const start = text.lastIndexOf('\n', item.range![0] - 1) + 1;
    const head = /^( *)- +/.exec(text.slice(start, item.range![0]));
    if (head && start + head[0].length === item.range![0] && !seq.flow) {
      const column = head[1].length;
      let end = lineEndAfter(text, start);
      while (end < text.length) {
        const line = text.slice(end, lineEndAfter(text, end));
        if (!blank(line) && indentOf(line) <= column) break;
        end += line.length;
      }
      // What follows must start a sibling or a parent key: comment lines at column c or less may
      // come first, but not more of the item after them.
      let after = end;
      while (after < text.length) {
        const line = text.slice(after, lineEndAfter(text, after));
        if (!blank(line) && !/^ *#/.test(line)) break;
        after += line.length;
      }
      const follows = after >= text.length || indentOf(text.slice(after, lineEndAfter(text, after))) <= column;
      const value = itemValue(text.slice(start, end), column);
      const expected = valueAt(original, path);
      if (follows && value && expected.found && isDeepStrictEqual(value.item, expected.value)) known = { start, end, column, path: [...path] };
    }
    ITEMS.set(item, known);
  }
  return known ?? undefined;
}

/** The value of a region that must be one block-sequence item at `column`, parsed on its own. */
function itemValue(region: string, column: number): { item: unknown } | undefined {
  const items = itemsValue(region, column);
  return items && items.length === 1 ? { item: items[0] } : undefined;
}

/** The items of a region that must be block-sequence items at `column` (none when it is empty). */
function itemsValue(region: string, column: number): unknown[] | undefined {
  if (region === '') return [];
  const lines = region.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const dash = new RegExp(`^ {${column}}-( |\\r?$)`);
  if (lines.length === 0 || !dash.test(lines[0])) return undefined;
  for (const line of lines.slice(1)) if (!blank(line) && indentOf(line) <= column && !(indentOf(line) === column && dash.test(line))) return undefined;
  const docs = parseAllDocuments(region, PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const d = docs[0];
  if (d.errors.length > 0 || d.warnings.length > 0 || !isSeq(d.contents) || d.contents.flow) return undefined;
  let aliased = false;
  visit(d, {
    Alias() {
      aliased = true;
      return visit.BREAK;
    },
  });
  if (aliased) return undefined;
  try {
    return d.toJS({ maxAliasCount: 1000 }) as unknown[];
  } catch {
    return undefined; // `<<: 1`: the whole document is parsed again, to say the same
  }
}

function valueAt(root: unknown, path: Path): { found: boolean; value?: unknown } {
  let cur = root;
  for (const step of path) {
    if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, step)) return { found: false };
    cur = (cur as Record<string | number, unknown>)[step];
  }
  return { found: true, value: cur };
}

/** `root` with the item at `path` (its last step an index) replaced by `items`, copying only the collections on the path. */
function splicedAt(root: unknown, path: Path, items: readonly unknown[]): unknown {
  const [step, ...rest] = path;
  if (rest.length === 0) {
    const copy = [...(root as unknown[])];
    copy.splice(step as number, 1, ...items);
    return copy;
  }
  const copy = shallowCopy(root as object) as Record<string | number, unknown>;
  copy[step] = splicedAt(copy[step], rest, items);
  return copy;
}

function shallowCopy<T extends object>(v: T): T {
  return (Array.isArray(v) ? [...v] : { ...v }) as T;
}

/** Collections copied for an expectation (see `writable`). */
const OWNED = new WeakSet<object>();

/**
 * A copy of a document's value to write a fix's expected value into, made as it is written:
 * only the root is copied here, and `writableChild` copies a collection the first time a writer
 * goes down into it. What no writer reaches stays shared with the original, as it does in the
 * value `editedValue` builds, so comparing the two costs the paths changed, not the document.
 * Writers change only collections they reached through `writableChild`.
 */
export function writable<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const copy = shallowCopy(value);
  OWNED.add(copy);
  return copy;
}

/** `parent[step]`, made a copy of its own first when `parent` is a writable copy. */
export function writableChild(parent: Record<string | number, unknown>, step: string | number): unknown {
  const v = parent[step];
  if (typeof v !== 'object' || v === null || !OWNED.has(parent) || OWNED.has(v)) return v;
  const copy = writable(v);
  parent[step] = copy;
  return copy;
}
