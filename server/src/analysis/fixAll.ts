/**
 * Applying every safe fix of a file at once (`--fix`, the editor's "Fix all"), round after round.
 *
 * Each fix is checked alone when it is offered; applied together, two fixes can still break the
 * file (two typos both renamed to `resources` in one mapping). So the file as written is checked
 * as a whole after each round: the fixes of a round are kept only when the whole text still has
 * no error that the original did not have (a duplicate key, a syntax error, a schema error).
 * When a round's fixes together fail that check, they are tried one by one on top of those
 * already kept, and a fix that would add an error is skipped, with the error it would add.
 */
import { analyzeText, type Diagnostic, type FileAnalysis, type FileEdit, type FileFix } from './analyze';
import type { AnalysisOptions } from '../config/options';

/** Rounds of analyse → apply; a fix that makes room for another is followed up this many times. */
export const MAX_FIX_ROUNDS = 5;

export interface AppliedFix {
  /** The diagnostic, in the text of the round it was fixed in. */
  diagnostic: Diagnostic;
  fix: FileFix;
}

/** A safe fix `--fix` left out, and why. */
export interface SkippedFix extends AppliedFix {
  /** The error applying it would have added (`<rule>: <message>`). */
  reason: string;
}

export interface FixResult {
  text: string;
  applied: AppliedFix[];
  skipped: SkippedFix[];
  /** The analysis of the final text. */
  analysis: FileAnalysis;
}

/** The fix `--fix` applies for a diagnostic: its preferred safe fix, else its first safe one. */
export function safeFixOf(d: Diagnostic): FileFix | undefined {
  if (d.unsafeFixesOnly) return undefined; // not built: building them can cost seconds
  const safe = d.fixes.filter((f) => f.safe && f.edits.length > 0);
  return safe.find((f) => f.preferred) ?? safe[0];
}

/**
 * Between two fixes, touching edits count as overlapping too (which goes first would be
 * ambiguous); the next round applies the one skipped.
 */
function touches(a: FileEdit, b: FileEdit): boolean {
  return a.span.start <= b.span.end && b.span.start <= a.span.end;
}

/** Within one fix, only edits that replace the same text conflict. */
function intersects(a: FileEdit, b: FileEdit): boolean {
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

/** One fix per diagnostic, in order, skipping any fix whose edits overlap a fix already chosen. */
export function chooseFixes(diagnostics: readonly Diagnostic[]): AppliedFix[] {
  const chosen: AppliedFix[] = [];
  const taken: FileEdit[] = [];
  for (const diagnostic of diagnostics) {
    const fix = safeFixOf(diagnostic);
    if (!fix) continue;
    const malformed = fix.edits.some((e, i) => fix.edits.some((o, j) => i < j && intersects(e, o)));
    if (malformed || fix.edits.some((e) => taken.some((t) => touches(e, t)))) continue;
    chosen.push({ diagnostic, fix });
    taken.push(...fix.edits);
  }
  return chosen;
}

/**
 * Applies non-overlapping edits (offsets into `text`). Insertions at one offset appear in the
 * order of the array, as in LSP.
 */
export function applyEdits(text: string, edits: readonly FileEdit[]): string {
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.span.start - a.e.span.start || b.i - a.i);
  let out = text;
  for (const { e } of order) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** How many errors of each kind (`rule: message`) a text has. */
function errorCounts(analysis: FileAnalysis): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of analysis.diagnostics) {
    if (d.severity !== 'error') continue;
    // A suggestion may change as other keys come and go: `unknown field "x"` is the same error.
    const key = `${d.rule}: ${d.message.replace(/ \(did you mean [^)]*\)/g, '')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The first error `analysis` has more of than `baseline`, or undefined. */
function addedError(analysis: FileAnalysis, baseline: ReadonlyMap<string, number>): string | undefined {
  for (const [key, n] of errorCounts(analysis)) if (n > (baseline.get(key) ?? 0)) return key;
  return undefined;
}

/** Identifies a diagnostic's fix across rounds (its offsets move as other fixes land). */
function fixKey(a: AppliedFix): string {
  return JSON.stringify([a.diagnostic.rule, a.diagnostic.message, a.fix.title, a.fix.edits.map((e) => e.newText)]);
}

/**
 * Analyses `text` and applies safe fixes until none is left (at most MAX_FIX_ROUNDS rounds),
 * keeping only fixes after which the whole text has no error the original did not have.
 */
export async function fixText(text: string, options: AnalysisOptions): Promise<FixResult> {
  const applied: AppliedFix[] = [];
  const skipped: SkippedFix[] = [];
  const refused = new Set<string>();
  let analysis = await analyzeText(text, options);
  const baseline = errorCounts(analysis);
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const chosen = chooseFixes(
      analysis.diagnostics.filter((d) => {
        const fix = safeFixOf(d);
        return !fix || !refused.has(fixKey({ diagnostic: d, fix }));
      }),
    );
    if (chosen.length === 0) break;
    const all = applyEdits(
      text,
      chosen.flatMap((c) => c.fix.edits),
    );
    if (all === text) break;
    const together = await analyzeText(all, options);
    if (addedError(together, baseline) === undefined) {
      applied.push(...chosen);
      text = all;
      analysis = together;
      continue;
    }
    // Together they break the file: keep them one by one while the whole text holds, fixes that
    // change what is written (a typo renamed) before those that only add (a missing key: the
    // rename may be what was meant). The chosen fixes do not overlap, so any subset applies to
    // this round's text as it is.
    const addsOnly = (c: AppliedFix) => c.fix.edits.every((e) => e.span.start === e.span.end);
    const order = [...chosen.filter((c) => !addsOnly(c)), ...chosen.filter(addsOnly)];
    let kept: AppliedFix[] = [];
    let keptText = text;
    let keptAnalysis = analysis;
    for (const c of order) {
      const candidate = [...kept, c];
      const next = applyEdits(
        text,
        candidate.flatMap((k) => k.fix.edits),
      );
      const nextAnalysis = await analyzeText(next, options);
      const added = addedError(nextAnalysis, baseline);
      if (added !== undefined) {
        refused.add(fixKey(c));
        skipped.push({ ...c, reason: added });
        continue;
      }
      kept = candidate;
      keptText = next;
      keptAnalysis = nextAnalysis;
    }
    if (kept.length === 0) continue;
    applied.push(...kept);
    text = keptText;
    analysis = keptAnalysis;
  }
  return { text, applied, skipped, analysis };
}
