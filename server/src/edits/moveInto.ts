/**
 * Moving a block-sequence item into another sequence at a chosen position, with pairs set,
 * added or removed on the way: the container moves of the refactors (an app container becomes a
 * native sidecar placed before the init containers that need it, a sidecar becomes an app
 * container).
 *
 * Built on `YamlEditor.moveItem` (the item's text kept byte for byte, re-indented, with the
 * comment lines directly above its dash): its insertion is placed before item `at` of the target
 * sequence instead of after the last one, lines for new nested pairs are added at the end of the
 * moved text, and a `key: scalar` line is dropped from it. The whole result is checked like every
 * operation of the edit layer (`verifyEdits`: parses, no new warning, exactly the promised value);
 * anything else gives undefined.
 */
import { isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { YamlDocument } from '../model/document';
import type { Edit } from '../model/text';
import type { Path } from '../model/yamlNodes';
import { eolOf, verifyEdits } from './commandEdit';
import { writable } from './reparse';
import { documentJs, YamlEditor } from './yamlEdit';

export interface MoveInto {
  /** The sequence the item leaves and its path from the document root. */
  from: YAMLSeq;
  fromPath: Path;
  index: number;
  /** The map holding the target sequence under `key` (created before `before` when missing), and the map's path. */
  parent: YAMLMap;
  parentPath: Path;
  key: string;
  before?: Pair;
  /** Place the item before item `at` of the target sequence; undefined: after the last one. */
  at?: number;
  /** Scalar pairs set on the moved item (added after `name`). */
  set?: Record<string, string>;
  /** A `key: scalar` pair removed from the moved item (its own line, not the dash line). */
  remove?: string;
  /** Nested pairs added at the end of the moved item (key → value of scalars and maps). */
  add?: Record<string, unknown>;
}

/** Block lines of `key: value` for maps of scalars, at column `col`, indented by `step`. */
function blockLines(key: string, value: unknown, col: number, step: number): string[] | undefined {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return [`${' '.repeat(col)}${key}: ${value}`];
  if (typeof value === 'string' && /^[a-z][a-z0-9-]*$/.test(value)) return [`${' '.repeat(col)}${key}: ${value}`];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out = [`${' '.repeat(col)}${key}:`];
  for (const [k, v] of Object.entries(value)) {
    const inner = blockLines(k, v, col + step, step);
    if (!inner) return undefined;
    out.push(...inner);
  }
  return out;
}

/**
 * Offset of the line where item `index` of a block sequence begins: its dash line (the item's
 * content must start on it, after nothing but its dash), or the comment lines right above it.
 */
export function itemTop(doc: YamlDocument, seq: YAMLSeq, index: number): number | undefined {
  const item = seq.items[index] as { range?: [number, number, number] } | undefined;
  if (seq.flow || !item?.range) return undefined;
  const pos = doc.lines.positionAt(item.range[0]);
  let line = pos.line;
  if (!/^ *- +$/.test(doc.lines.lineText(line).slice(0, pos.character))) return undefined;
  while (line > 0 && /^ *#/.test(doc.lines.lineText(line - 1))) line--;
  return doc.lines.lineStarts[line];
}

export function moveItemInto(doc: YamlDocument, move: MoveInto): Edit[] | undefined {
  try {
    const editor = new YamlEditor(doc);
    const moved = editor.moveItem(move.from, move.index, move.parent, move.key, { before: move.before, set: move.set });
    if (!moved) return undefined;
    let edits = moved;
    const reshaping = move.at !== undefined || move.remove !== undefined || move.add !== undefined;
    if (reshaping) {
      // moveItem gives the removal (no text, or `[]` after an emptied key) and one insertion of whole lines.
      const inserts = moved.filter((e) => e.span.start === e.span.end && /(?:^|\n) *- /.test(e.newText));
      if (inserts.length !== 1) return undefined;
      const insert = inserts[0];
      const eol = eolOf(doc.text);
      let lines = insert.newText.split(/(?<=\n)/);
      const dash = lines.findIndex((l) => /^ *- +\S/.test(l) && !/^ *#/.test(l));
      if (dash < 0) return undefined;
      const m = /^( *)-( +)/.exec(lines[dash])!;
      const keyCol = m[1].length + 1 + m[2].length;
      if (move.remove !== undefined) {
        const re = new RegExp(`^ {${keyCol}}${move.remove}:[ ]*[^ #\\r\\n]+[ ]*(#.*)?\\r?\\n$`);
        const hits = lines.map((l, i) => (i !== dash && re.test(l) ? i : -1)).filter((i) => i >= 0);
        if (hits.length !== 1) return undefined;
        lines = lines.filter((_, i) => i !== hits[0]);
      }
      if (move.add !== undefined) {
        if (!lines[lines.length - 1].endsWith('\n')) return undefined;
        // The item's own indentation step (a `key:` line and the deeper line under it), else 2.
        let step = 2;
        for (let i = dash; i + 1 < lines.length; i++) {
          const a = /^( *)(?:- +)?[\w.-]+:[ ]*\r?\n$/.exec(lines[i]);
          const b = /^( *)[\w.-]+:/.exec(lines[i + 1]);
          const col = a && (i === dash ? keyCol : a[1].length);
          if (a && b && col !== null && b[1].length > col) {
            step = b[1].length - col;
            break;
          }
        }
        for (const [k, v] of Object.entries(move.add)) {
          const added = blockLines(k, v, keyCol, step);
          if (!added) return undefined;
          lines.push(...added.map((l) => l + eol));
        }
      }
      let at = insert.span.start;
      if (move.at !== undefined) {
        const target = move.parent.items.find<Pair>((p): p is Pair => (p.key as { value?: unknown })?.value === move.key)?.value;
        const top = isSeq(target) ? itemTop(doc, target, move.at) : undefined;
        if (top === undefined) return undefined;
        at = top;
      }
      edits = [...moved.filter((e) => e !== insert), { span: { start: at, end: at }, newText: lines.join('') }].sort((a, b) => a.span.start - b.span.start);
    }
    // The promised value: the item leaves `from` and lands at its place, with its pairs changed.
    const root = writable(documentJs(doc)) as Record<string, unknown>;
    const get = (path: Path): unknown => path.reduce<unknown>((cur, step) => (cur as Record<string | number, unknown> | undefined)?.[step], root);
    const fromArr = get(move.fromPath);
    const parent = get(move.parentPath) as Record<string, unknown> | undefined;
    if (!Array.isArray(fromArr) || !parent || typeof parent !== 'object') return undefined;
    const item = structuredClone(fromArr[move.index]) as Record<string, unknown>;
    if (typeof item !== 'object' || item === null) return undefined;
    const nextFrom = fromArr.filter((_, i) => i !== move.index);
    for (const [k, v] of Object.entries(move.set ?? {})) item[k] = v;
    if (move.remove !== undefined) delete item[move.remove];
    for (const [k, v] of Object.entries(move.add ?? {})) item[k] = structuredClone(v);
    const existing = parent[move.key];
    const target = Array.isArray(existing) ? [...existing] : [];
    target.splice(move.at ?? target.length, 0, item);
    const fromChange = { set: move.fromPath, value: nextFrom };
    // `set` needs the key to exist: a new target list is promised through its parent (first, so
    // the removal from `from` applies to the new parent when `from` is inside it).
    const targetChange = Array.isArray(existing)
      ? { set: [...move.parentPath, move.key], value: target }
      : { set: move.parentPath, value: { ...parent, [move.key]: target } };
    const changes = [targetChange, fromChange];
    return verifyEdits(doc, edits, changes) ? edits : undefined;
  } catch {
    return undefined;
  }
}
