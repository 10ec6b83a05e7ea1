/**
 * A test-only preload for the safe-write tests (`node --require test/out/cli/fsHooks.js
 * bin/initlens.js check --fix …`): it wraps the `fs` calls of `writeFileAtomic` on its temporary
 * files (`.<name>.initlens-<pid>-<hex>.tmp`) to mark, slow down and disturb the moments of a write.
 * The shipped CLI has no such hook. `INITLENS_TEST_FS_HOOKS` is a comma-separated list of:
 *
 * - `trace`: writes `hook:<moment> <path>` to stderr at each moment: `open` (the temporary file is
 *   created), `chunk` (a part of it is written), `flushed` (written in full and fsynced), `rename`
 *   (just before the rename), `renamed` (just after);
 * - `sleep=<ms>`: sleeps that long after each mark (so a test can kill the process right there);
 * - `chunk=<bytes>`: writes the temporary file at most that many bytes at a time;
 * - `edit=<file name>`: when the temporary file for that file is flushed, appends a line to the
 *   file itself: a change on disk between the read and the rename.
 */
import type * as FsModule from 'node:fs';
import * as path from 'node:path';

/* The real module object: a namespace import would be a copy that the bundle never reads. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: the real module object
const fs = require('node:fs') as typeof FsModule;

const options = new Map<string, string>();
for (const part of (process.env.INITLENS_TEST_FS_HOOKS ?? '').split(',').filter(Boolean)) {
  const [key, value = ''] = part.split('=');
  options.set(key, value);
}
const trace = options.has('trace');
const sleepMs = Number(options.get('sleep') ?? 0);
const chunk = Number(options.get('chunk') ?? 0);
const edit = options.get('edit');

const TEMPORARY = /^\.(.+)\.initlens-\d+-[0-9a-f]{8}\.tmp$/;
const real = { openSync: fs.openSync, writeSync: fs.writeSync, fsyncSync: fs.fsyncSync, closeSync: fs.closeSync, renameSync: fs.renameSync };
const temporaries = new Map<number, string>();
const pause = new Int32Array(new SharedArrayBuffer(4));

function mark(moment: string, file: string): void {
  if (trace) real.writeSync.call(fs, 2, `hook:${moment} ${file}\n`);
  if (sleepMs > 0) Atomics.wait(pause, 0, 0, sleepMs);
}

function isTemporary(file: unknown): file is string {
  return typeof file === 'string' && TEMPORARY.test(path.basename(file));
}

function targetOf(temporary: string): string {
  return path.join(path.dirname(temporary), TEMPORARY.exec(path.basename(temporary))![1]);
}

const hooked = fs as unknown as Record<string, (...args: any[]) => any>;

hooked.openSync = function openSync(file: unknown, ...rest: unknown[]) {
  const fd = (real.openSync as (...args: unknown[]) => number).call(fs, file, ...rest);
  if (isTemporary(file)) {
    temporaries.set(fd, file);
    mark('open', file);
  }
  return fd;
};

hooked.writeSync = function writeSync(fd: number, buffer: unknown, offset?: unknown, length?: unknown, ...rest: unknown[]) {
  const temporary = temporaries.get(fd);
  if (temporary !== undefined && chunk > 0 && typeof length === 'number' && length > chunk) length = chunk;
  const written = (real.writeSync as (...args: unknown[]) => number).call(fs, fd, buffer, offset, length, ...rest);
  if (temporary !== undefined) mark('chunk', temporary);
  return written;
};

hooked.fsyncSync = function fsyncSync(fd: number) {
  real.fsyncSync.call(fs, fd);
  const temporary = temporaries.get(fd);
  if (temporary === undefined) return;
  mark('flushed', temporary);
  const target = targetOf(temporary);
  if (edit !== undefined && path.basename(target) === edit) fs.appendFileSync(target, '# edited meanwhile\n');
};

hooked.closeSync = function closeSync(fd: number) {
  temporaries.delete(fd);
  real.closeSync.call(fs, fd);
};

hooked.renameSync = function renameSync(from: unknown, to: unknown) {
  const temporary = isTemporary(from);
  if (temporary) mark('rename', from);
  (real.renameSync as (...args: unknown[]) => void).call(fs, from, to);
  if (temporary) mark('renamed', String(to));
};
