/**
 * `--fix`: applies the safe fixes to a text (`analysis/fixAll.ts`: the file is checked as a whole
 * after each round) and writes files back in place.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256 } from './files';
import { keepOwnership } from './ownership';

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
    for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
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
