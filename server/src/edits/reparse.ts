/**
 * The value of a document after a fix's edits, for the check every fix makes of its own result
 * (./yamlEdit.ts, ./commandEdit.ts): parsed from the edited text with no error, no new warning and
 * exactly one document, or no value at all.
 *
 * Parsing the whole document again costs its size for every fix, and rules offer a fix for each of
 * hundreds of containers: JSON output of a 48 KB pod with 1,200 findings took 45 s. When every edit
 * falls inside one item of a block sequence (a container, an env entry), only that item's lines
 * are parsed, on their own. That gives the value the whole document would have when:
 *
 * - the document has no alias and no directive (an alias could read an anchor of the item; a
 *   directive changes how its tags and version read), and the item is reached through plain
 *   string keys and indices, with no merge key on the way;
 * - the item's lines are a region of their own: its first line is `- ` at column c after spaces
 *   only, every later line of the region is blank or indented deeper than c, and the line after
 *   the region (if any) is not blank and indented c or less, so it starts a sibling or a parent key;
 * - the original region parses on its own, cleanly, to a block sequence of one item whose value is
 *   the item's value in the document (this checks the region and the path);
 * - the edited region keeps that shape (first line `- ` at column c, the rest blank or deeper) and
 *   parses on its own to a block sequence of one item, with no error and no warning.
 *
 * Then every construct opened in the item also closes in it (a clean parse), the line after it ends
 * any block scalar or plain scalar of the item (it is indented c or less), and what the item holds
 * is read as it is at the top of a document. Otherwise the whole document is parsed again.
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type YAMLSeq } from 'yaml';
import { PARSE_OPTIONS, type YamlDocument } from '../model/document';
import type { Path } from '../model/yamlNodes';
import type { Edit } from '../rules/rule';

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

/** The same value from the edited item alone, when that is sure to be the same; else undefined. */
export function editedItem(doc: YamlDocument, original: unknown, edits: readonly Edit[]): { value: unknown } | undefined {
  const tree = doc.yaml;
  if (!tree || tree.errors.length > 0 || edits.length === 0 || !localOk(tree, doc.text)) return undefined;
  const from = Math.min(...edits.map((e) => e.span.start));
  const to = Math.max(...edits.map((e) => e.span.end));
  const item = innermostItem(tree, doc, original, from, to);
  if (!item) return undefined;
  const shifted = edits.map((e) => ({ ...e, span: { start: e.span.start - item.start, end: e.span.end - item.start } }));
  const region = applyEdits(doc.text.slice(item.start, item.end), shifted);
  // A region that ended with a line break must keep it, or the next line would join its last one.
  if (doc.text.charCodeAt(item.end - 1) === 10 && !region.endsWith('\n')) return undefined;
  const value = itemValue(region, item.column);
  return value === undefined ? undefined : { value: replacedAt(original, item.path, value.item) };
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
        if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string' || pair.key.value === '<<' || pair.key.value === '__proto__') return best;
        const v = pair.value as Node | null;
        if (v && v.range && v.range[0] <= from && to <= v.range[2]) {
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
  const lines = region.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0 || !new RegExp(`^ {${column}}-( |\\r?$)`).test(lines[0])) return undefined;
  for (const line of lines.slice(1)) if (!blank(line) && indentOf(line) <= column) return undefined;
  const docs = parseAllDocuments(region, PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const d = docs[0];
  if (d.errors.length > 0 || d.warnings.length > 0 || !isSeq(d.contents) || d.contents.flow || d.contents.items.length !== 1) return undefined;
  let aliased = false;
  visit(d, {
    Alias() {
      aliased = true;
      return visit.BREAK;
    },
  });
  if (aliased) return undefined;
  try {
    return { item: (d.toJS({ maxAliasCount: 1000 }) as unknown[])[0] };
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

/** `root` with the value at `path` replaced, copying only the collections on the path. */
function replacedAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [step, ...rest] = path;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  copy[step] = replacedAt(copy[step], rest, value);
  return copy;
}

