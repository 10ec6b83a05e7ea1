/**
 * `--fix`: applies the safe fixes to a text, round after round, and writes files back in place.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, type Diagnostic, type FileAnalysis, type FileEdit, type FileFix } from '../analysis/analyze';
import type { AnalysisOptions } from '../config/options';
import { sha256 } from './files';
import { keepOwnership } from './ownership';

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
 * Replaces a file's content: a temporary file in the same directory, written in full and flushed
 * to disk, then renamed over it, so the file is always either its old or its new content, for a
 * reader and after a kill -9 at any moment. The permission bits are kept; a symbolic link stays a
 * link (its target is rewritten).
 *
 * With `expectedSha256`, the file is left alone (`ChangedOnDiskError`) when its content is no
 * longer the one that was read and fixed: a change made meanwhile (an editor saving) is never
 * overwritten. Nothing can close the microseconds between that check and the rename.
 *
 * The temporary file is `.<name>.initlens-<pid>-<8 hex>.tmp`; one left by a killed run is removed
 * by the next `--fix` in that directory (`removeStaleTemporaries`).
 *
 * The owner and group are kept as far as the process may (ownership.ts); returns what could not
 * be kept, as a sentence, or undefined.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode: number, expectedSha256?: string): string | undefined {
  const target = fs.realpathSync(file);
  const before = fs.statSync(target);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.initlens-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  let created = false;
  try {
    fd = fs.openSync(tmp, 'wx', mode); // O_EXCL: never through a link planted at that name
    created = true;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
    const ownership = keepOwnership(fd, before);
    fs.fchmodSync(fd, mode); // the umask may have narrowed it (and a change of owner clears set-id bits)
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    if (expectedSha256 !== undefined && sha256(fs.readFileSync(target)) !== expectedSha256) throw new ChangedOnDiskError(file);
    fs.renameSync(tmp, target);
    return ownership;
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    try {
      if (created) fs.unlinkSync(tmp);
    } catch {
      // already renamed
    }
    throw e;
  }
}

/** The file changed on disk between the read and the write: it is left as it is now. */
export class ChangedOnDiskError extends Error {
  constructor(readonly file: string) {
    super(`${file} changed on disk since it was read`);
    this.name = 'ChangedOnDiskError';
  }
}

/** The name of a temporary file of `writeFileAtomic`: `.<name>.initlens-<pid>-<8 hex>.tmp`. */
export const TEMPORARY_FILE = /^\..+\.initlens-(\d+)-[0-9a-f]{8}\.tmp$/;

/** A temporary file older than this is stale even if its process id is in use again. */
const STALE_AFTER_MS = 60 * 60 * 1000;

function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files a killed `--fix` left in `dir`: those whose process is gone, or
 * that are more than an hour old. A run still writing (its process alive) keeps its own. Returns
 * the names removed.
 */
export function removeStaleTemporaries(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMPORARY_FILE.exec(name);
    if (!m) continue;
    const full = path.join(dir, name);
    try {
      const stat = fs.lstatSync(full);
      if (!stat.isFile() || (running(Number(m[1])) && Date.now() - stat.mtimeMs < STALE_AFTER_MS)) continue;
      fs.unlinkSync(full);
      removed.push(name);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

/**
 * Where `file` really is, when that is outside `dir` (a symbolic link found while walking `dir`
 * that points out of it); undefined when it is inside, or cannot be resolved (the write then
 * fails and says why).
 */
export function realPathOutside(file: string, dir: string): string | undefined {
  try {
    const real = fs.realpathSync(file);
    const base = fs.realpathSync(dir);
    const rel = path.relative(base, real);
    return rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? real : undefined;
  } catch {
    return undefined;
  }
}
