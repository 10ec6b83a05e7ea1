/**
 * `--fix`: applies the safe fixes to a text, round after round, and writes files back in place.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, type Diagnostic, type FileAnalysis, type FileEdit, type FileFix } from '../analysis/analyze';
import type { AnalysisOptions } from '../analysis/options';

/** Rounds of analyse → apply; a fix that makes room for another is followed up this many times. */
export const MAX_FIX_ROUNDS = 5;

export interface AppliedFix {
  /** The diagnostic, in the text of the round it was fixed in. */
  diagnostic: Diagnostic;
  fix: FileFix;
}

export interface FixResult {
  text: string;
  applied: AppliedFix[];
  /** The analysis of the final text. */
  analysis: FileAnalysis;
}

/** The fix `--fix` applies for a diagnostic: its preferred safe fix, else its first safe one. */
export function safeFixOf(d: Diagnostic): FileFix | undefined {
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

/** Analyses `text` and applies safe fixes until none is left (at most MAX_FIX_ROUNDS rounds). */
export async function fixText(text: string, options: AnalysisOptions): Promise<FixResult> {
  const applied: AppliedFix[] = [];
  let analysis = await analyzeText(text, options);
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const chosen = chooseFixes(analysis.diagnostics);
    if (chosen.length === 0) break;
    const next = applyEdits(text, chosen.flatMap((c) => c.fix.edits));
    if (next === text) break;
    applied.push(...chosen);
    text = next;
    analysis = await analyzeText(text, options);
  }
  return { text, applied, analysis };
}

/**
 * Replaces a file's content: a temporary file in the same directory, renamed over it, so a
 * reader never sees half a file. The permission bits are kept; a symbolic link stays a link
 * (its target is rewritten).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode: number): void {
  const target = fs.realpathSync(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.initlens-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(tmp, data, { mode, flag: 'wx' });
    fs.chmodSync(tmp, mode); // the umask may have narrowed it
    fs.renameSync(tmp, target);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    throw e;
  }
}
