/**
 * Inserting a new item (a JS value) into the block sequence `parent[key]` before item `at`, or
 * appending it (the list created when missing): `YamlEditor.appendToList` renders the item in the
 * sequence's style, and its lines are placed above item `at` (and the comment lines right above
 * it) instead. Checked like every operation of the edit layer (`verifyEdits`); anything else gives
 * undefined.
 */
import { isSeq, type Pair, type YAMLMap } from 'yaml';
import type { YamlDocument } from '../model/document';
import type { Edit } from '../model/text';
import type { Path } from '../model/yamlNodes';
import { verifyEdits } from './commandEdit';
import { itemTop } from './moveInto';
import { writable } from './reparse';
import { documentJs, YamlEditor } from './yamlEdit';

export function insertItem(
  doc: YamlDocument,
  parent: YAMLMap,
  parentPath: Path,
  key: string,
  value: unknown,
  at: number | undefined,
  before?: Pair,
): Edit[] | undefined {
  try {
    const appended = new YamlEditor(doc).appendToList(parent, key, value, before ? { before } : undefined);
    if (!appended) return undefined;
    const target = parent.items.find<Pair>((p): p is Pair => (p.key as { value?: unknown })?.value === key)?.value;
    if (at === undefined || !isSeq(target) || at >= target.items.length) return appended;
    if (appended.length !== 1 || appended[0].span.start !== appended[0].span.end || !/^ *- /.test(appended[0].newText)) return undefined;
    const top = itemTop(doc, target, at);
    if (top === undefined) return undefined;
    const edits = [{ span: { start: top, end: top }, newText: appended[0].newText }];
    const list = writable<unknown>(documentJs(doc));
    const current = [...parentPath, key].reduce<unknown>((cur, step) => (cur as Record<string | number, unknown> | undefined)?.[step], list);
    if (!Array.isArray(current)) return undefined;
    const next = [...current];
    next.splice(at, 0, structuredClone(value));
    return verifyEdits(doc, edits, [{ set: [...parentPath, key], value: next }]) ? edits : undefined;
  } catch {
    return undefined;
  }
}
