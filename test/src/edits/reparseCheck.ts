/** The check the reparse tests share: `editedValue` against the whole document parsed again. */
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { applyEdits, editedItem, editedValue } from '../../../server/out/edits/reparse';
import { documentJs } from '../../../server/out/edits/yamlEdit';
import { PARSE_OPTIONS, type YamlDocument } from '../../../server/out/model/document';
import type { Edit } from '../../../server/out/model/text';

/** What the whole document parsed again says: its value, or undefined when the result is refused. */
export function wholeValue(doc: YamlDocument, edits: Edit[]): { value: unknown } | undefined {
  const docs = parseAllDocuments(applyEdits(doc.text, edits), PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const d = docs[0];
  if (d.errors.length > 0 || d.warnings.length > doc.yaml!.warnings.length) return undefined;
  return { value: d.toJS({ maxAliasCount: 1000 }) };
}

export function orThrown<T>(f: () => T): T | 'threw' {
  try {
    return f();
  } catch {
    return 'threw';
  }
}

export function check(doc: YamlDocument, edits: Edit[], where: string, counts: { local: number; cases: number }, failures: string[]): void {
  const original = orThrown(() => documentJs(doc));
  if (original === 'threw') return; // no fix is offered in such a document (`<<: 1`)
  const local = editedItem(doc, original, edits);
  // The callers treat an exception as a refusal; `toJS` throws on some aliases.
  const got = orThrown(() => editedValue(doc, original, edits, doc.yaml!.warnings.length));
  const want = orThrown(() => wholeValue(doc, edits));
  counts.cases++;
  if (local) counts.local++;
  try {
    assert.deepStrictEqual(got, want);
  } catch {
    failures.push(`${where}: ${JSON.stringify(edits)} local=${local !== undefined}`);
  }
}
