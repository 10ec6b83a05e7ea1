/**
 * What `--fix` keeps of a file besides its content: its owner and group, and its being read-only.
 * The fixed text is written to a new file renamed over the old one (fix.ts `writeFileAtomic`),
 * which belongs to whoever runs the fix unless it is given the old file's owner and group.
 */
import * as fs from 'node:fs';

/**
 * Gives the new file (`fd`) the owner and group of `before`, as far as this process may: root
 * keeps both; another user keeps the group when it is one of theirs (a group member fixing a
 * group-writable file), but the file then belongs to them. Returns what could not be kept, as a
 * sentence for the user, or undefined when both were kept.
 */
export function keepOwnership(fd: number, before: fs.Stats): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined; // Windows: no POSIX owners
  if (uid === before.uid) {
    if (fs.fstatSync(fd).gid === before.gid) return undefined;
    try {
      fs.fchownSync(fd, before.uid, before.gid);
      return undefined;
    } catch {
      return `its group is now ${fs.fstatSync(fd).gid} instead of ${before.gid} (you are not a member of group ${before.gid})`;
    }
  }
  try {
    fs.fchownSync(fd, before.uid, before.gid);
    return undefined;
  } catch {
    // Only root can give a file to another user.
  }
  let group = '';
  try {
    fs.fchownSync(fd, uid, before.gid);
  } catch {
    group = ` and group ${fs.fstatSync(fd).gid} instead of ${before.gid}`;
  }
  return `it now belongs to user ${uid}${group} instead of user ${before.uid}: only root can keep another user's file theirs`;
}

/**
 * Why `file` must not be rewritten without `--force`: it has no write permission bit (0444), or
 * this process may not write it (renaming over it would still work in a writable folder).
 */
export function readOnlyReason(file: string, mode: number): string | undefined {
  if ((mode & 0o222) === 0) return `it is read-only (mode ${(mode & 0o777).toString(8).padStart(4, '0')})`;
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return undefined;
  } catch {
    return 'you may not write it';
  }
}
