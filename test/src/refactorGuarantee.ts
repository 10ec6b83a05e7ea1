/**
 * The guarantee every refactor keeps (docs/refactors.md), shared by the fixture runner and the
 * corpus property test: applied, the file parses, the lines outside the edited ones are byte for
 * byte the same, and no error diagnostic appears that the text did not have (counted per rule and
 * message without its field path and container indices: a moved container moves its errors).
 */
import assert from 'node:assert/strict';
import { analyzeText, type Diagnostic, type FileAnalysis } from '../../server/out/analysis/analyze';
import type { AnalysisOptions } from '../../server/out/config/options';
import type { Refactor } from '../../server/out/features/refactors/index';
import { assertOnlyEditedLinesChanged, show } from './fixGuarantee';

export function applyRefactor(text: string, r: Refactor): string {
  let out = text;
  for (const e of [...r.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

const FIELD_PATH = /^(?:[A-Za-z_$][\w$-]*|\.[A-Za-z_$][\w$-]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])+: /;
const bare = (x: Diagnostic) => `${x.rule}|${x.message.replace(FIELD_PATH, '').replace(/(initContainers|containers|ephemeralContainers)\[\d+\]/g, '$1[]')}`;

/** Applies `r` to `text` and checks the guarantee; gives the text after it. */
export async function checkRefactor(text: string, r: Refactor, where: string, options: AnalysisOptions, before?: FileAnalysis): Promise<string> {
  assert.ok(r.edits.length > 0, `${where}: "${r.title}" has no edit`);
  const after = applyRefactor(text, r);
  const was = before ?? (await analyzeText(text, options));
  const now = await analyzeText(after, options);
  const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');
  const known = new Map<string, number>();
  for (const d of errors(was.diagnostics)) known.set(bare(d), (known.get(bare(d)) ?? 0) + 1);
  const added = errors(now.diagnostics).filter((d) => {
    const left = known.get(bare(d)) ?? 0;
    known.set(bare(d), left - 1);
    return left <= 0;
  });
  assert.deepEqual(added.map(show), [], `${where}: "${r.title}" added errors`);
  assertOnlyEditedLinesChanged(text, after, { title: r.title, edits: r.edits } as Parameters<typeof assertOnlyEditedLinesChanged>[2], where);
  return after;
}
