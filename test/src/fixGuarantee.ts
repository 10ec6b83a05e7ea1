/**
 * The guarantee every fix keeps (rules.md): applying it yields YAML that parses, the diagnostic
 * it fixes is gone, no new error appears, and every line outside the edited span is unchanged.
 */
import assert from 'node:assert/strict';
import { analyzeText, type Diagnostic, type FileFix } from '../../server/out/analysis/analyze';

/** A diagnostic as one line: `L:C-L:C severity rule: message` (1-based). */
export function show(d: Diagnostic): string {
  const r = d.range;
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${d.severity} ${d.rule}: ${d.message}`;
}

export function applyFix(text: string, fix: FileFix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** Lines of `before` outside the edited lines must appear unchanged in `after`. */
export function assertOnlyEditedLinesChanged(before: string, after: string, fix: FileFix, where: string): void {
  const edits = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
  const firstLineStart = before.lastIndexOf('\n', edits[0].span.start - 1) + 1;
  const lastEdit = edits[edits.length - 1];
  let lastLineEnd = before.indexOf('\n', lastEdit.span.end);
  if (lastLineEnd < 0) lastLineEnd = before.length;
  assert.equal(after.slice(0, firstLineStart), before.slice(0, firstLineStart), `${where}: text before the edit changed`);
  const tail = before.slice(lastLineEnd);
  assert.equal(after.slice(after.length - tail.length), tail, `${where}: text after the edit changed`);
}

export async function checkFix(text: string, d: Diagnostic, fix: FileFix, where: string, options: Parameters<typeof analyzeText>[1]): Promise<void> {
  const after = applyFix(text, fix);
  const again = await analyzeText(after, options);
  const syntax = again.diagnostics.filter((x) => x.rule === 'yaml-syntax' && x.severity === 'error');
  assert.deepEqual(syntax.map(show), [], `${where}: "${fix.title}" broke the YAML`);
  const before = await analyzeText(text, options);
  const count = (ds: Diagnostic[]) => ds.filter((x) => x.rule === d.rule && x.message === d.message).length;
  assert.ok(count(again.diagnostics) < count(before.diagnostics), `${where}: "${fix.title}" did not remove: ${show(d)}`);
  const known = new Set(before.diagnostics.map((x) => `${x.rule}|${x.message}`));
  const added = again.diagnostics.filter((x) => x.severity === 'error' && !known.has(`${x.rule}|${x.message}`));
  assert.deepEqual(added.map(show), [], `${where}: "${fix.title}" added errors`);
  assertOnlyEditedLinesChanged(text, after, fix, where);
}

