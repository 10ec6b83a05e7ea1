/** Checks the edit-layer tests share: the expected JS value of an edit, and the bytes it may touch. */
import assert from 'node:assert/strict';
import { LineIndex, type Edit } from '../../../server/out/model/text';

/** A document's JS value, as `toJS()` gives it (the tests index into it freely). */
export type Js = any;

/** Rebuilds `obj` with `key: value` inserted after key `after` (at the end when absent). */
export function insertAfter(obj: Js, after: string | undefined, key: string, value: unknown): Js {
  const out: Js = {};
  const keys = Object.keys(obj);
  if (after === undefined || !keys.includes(after)) return Object.assign(out, obj, { [key]: value });
  for (const k of keys) {
    out[k] = obj[k];
    if (k === after) out[key] = value;
  }
  return out;
}

export function replaceAt(root: Js, path: readonly (string | number)[], value: Js): void {
  const steps = [...path];
  const last = steps.pop()!;
  let cur = root;
  for (const s of steps) cur = cur[s];
  cur[last] = value;
}

/** Lines before the first and after the last edited line are unchanged. */
export function assertOutsideUnchanged(before: string, after: string, edits: readonly Edit[]): void {
  if (edits.length === 0) return;
  const lines = new LineIndex(before);
  const start = Math.min(...edits.map((e) => e.span.start));
  const end = Math.max(...edits.map((e) => e.span.end));
  const firstLine = lines.positionAt(start).line;
  const endPos = lines.positionAt(end);
  const lastLine = endPos.character === 0 && end > start ? endPos.line - 1 : endPos.line;
  const prefix = before.slice(0, lines.lineStarts[firstLine]);
  const suffix = lastLine + 1 < lines.lineCount ? before.slice(lines.lineStarts[lastLine + 1]) : '';
  assert.ok(after.startsWith(prefix), 'the lines before the edit changed');
  assert.ok(after.endsWith(suffix), 'the lines after the edit changed');
  assert.ok(prefix.length + suffix.length <= after.length);
}

export function assertWellFormed(edits: readonly Edit[], text: string): void {
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i];
    assert.ok(0 <= e.span.start && e.span.start <= e.span.end && e.span.end <= text.length, 'span inside the text');
    if (i > 0) assert.ok(edits[i - 1].span.end < e.span.start, 'edits sorted, neither overlapping nor touching');
  }
}
