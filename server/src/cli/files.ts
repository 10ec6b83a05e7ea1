/**
 * What the CLI reads: the paths of the command line expanded into files (directories walked),
 * and each file's bytes decoded into the text the engine analyses.
 */
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_MAX_FILE_SIZE_KB } from '../config/options';

/** A file to check. `path` is how it is reported; `file` is where it is read (none for stdin). */
export interface Input {
  path: string;
  file?: string;
  /** The directory of the command line the file was found under (none for a file named there). */
  under?: string;
}

export interface Expansion {
  inputs: Input[];
  /** One line each, without the `initlens: ` prefix. */
  errors: string[];
}

/**
 * Files larger than this are never analysed (one `not-analysed` info instead); `--max-file-size-kb`
 * may lower it. The engine's memory is 50 to 240 times the input (an 8 MiB file of small pods, each
 * with findings: 1.9 GB in SARIF mode), so a larger file would reach V8's heap limit and abort.
 */
export const MAX_FILE_BYTES = CLI_MAX_FILE_SIZE_KB * 1024;

/** The byte limit for `--max-file-size-kb`: N kilobytes, never more than MAX_FILE_BYTES (0: MAX_FILE_BYTES). */
export function maxBytes(maxFileSizeKB: number): number {
  return maxFileSizeKB > 0 ? Math.min(maxFileSizeKB * 1024, MAX_FILE_BYTES) : MAX_FILE_BYTES;
}

/** The `not-analysed` reason for a file over MAX_FILE_BYTES. */
export function ceilingReason(): string {
  return `the file is larger than ${CLI_MAX_FILE_SIZE_KB} KB, the most initlens check analyses (its memory grows to 50 to 240 times the file), so it is not analysed`;
}

const YAML_NAME = /\.ya?ml$/i;

/** Directories and files skipped while walking a directory (not when named on the command line). */
export function skippedWhileWalking(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err?.message ?? String(e);
  }
}

/** Relative paths (with `/`) of the YAML files below `dir`. */
function walk(dir: string, rel: string, out: string[], errors: string[], display: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    errors.push(`cannot read directory ${display}: ${describe(e)}`);
    return;
  }
  for (const entry of entries) {
    if (skippedWhileWalking(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // A link to a file is checked; a link to a directory is not followed (no cycles).
      try {
        isFile = fs.statSync(full).isFile();
      } catch {
        isFile = false; // a dangling link: not a file we were asked about
      }
      isDir = false;
    }
    if (isDir) walk(full, relPath, out, errors, path.join(display, entry.name));
    else if (isFile && YAML_NAME.test(entry.name)) out.push(relPath);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The files to check, in command-line order; a directory contributes its YAML files sorted by
 * relative path (code-unit order, independent of locale and file system). A file reached twice
 * is checked once.
 */
export function expandPaths(paths: readonly string[]): Expansion {
  const inputs: Input[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const add = (input: Input): void => {
    const key = input.file === undefined ? '-' : path.resolve(input.file);
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push(input);
  };
  for (const given of paths) {
    if (given === '-') {
      add({ path: '-' });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (e) {
      errors.push(`cannot read ${given}: ${describe(e)}`);
      continue;
    }
    if (!stat.isDirectory()) {
      add({ path: given, file: given });
      continue;
    }
    const found: string[] = [];
    walk(given, '', found, errors, given);
    if (found.length === 0) {
      errors.push(`no *.yaml or *.yml files in directory ${given}`);
      continue;
    }
    found.sort(compare);
    for (const rel of found) {
      const file = path.join(given, ...rel.split('/'));
      add({ path: file, file, under: given });
    }
  }
  return { inputs, errors };
}

/** A file's content as the engine sees it. */
export interface Source {
  /** Without the BOM. */
  text: string;
  /** The bytes started with a UTF-8 BOM (kept when the file is rewritten). */
  bom: boolean;
  /** Larger than the limit: `text` is empty and the file is not analysed. */
  tooLarge: boolean;
  /** The file's permission bits (files only). */
  mode?: number;
  /** SHA-256 of the bytes read (files only): `--fix` writes only if the file still has them. */
  sha256?: string;
  /** Read from a regular file (which `--fix` may rewrite); false for a FIFO or a device. */
  regular?: boolean;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The bytes of U+FFFD in UTF-8: a valid character, which a manifest may hold (in a comment, a value). */
const REPLACEMENT_CHARACTER = Buffer.from([0xef, 0xbf, 0xbd]);

/** Non-fatal UTF-8 decoding with each invalid sequence as a NUL (which the engine reports as binary). */
function decodeMarkingInvalid(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes).replace(/\uFFFD/g, '\u0000');
}

/**
 * UTF-8, BOM stripped. Each invalid sequence becomes U+0000, so the engine reports the file as
 * `not-analysed` (binary) at the first one; a valid U+FFFD (bytes EF BF BD) stays what it is.
 * EF is never a continuation byte, so cutting the bytes before each EF BF BD keeps every other
 * sequence whole.
 */
export function decode(bytes: Uint8Array): { text: string; bom: boolean } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = Buffer.from(bom ? bytes.subarray(3) : bytes);
  if (isUtf8(body)) return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body), bom };
  const parts: string[] = [];
  let from = 0;
  for (let at = body.indexOf(REPLACEMENT_CHARACTER); at >= 0; at = body.indexOf(REPLACEMENT_CHARACTER, from)) {
    parts.push(decodeMarkingInvalid(body.subarray(from, at)), '\uFFFD');
    from = at + REPLACEMENT_CHARACTER.length;
  }
  parts.push(decodeMarkingInvalid(body.subarray(from)));
  return { text: parts.join(''), bom };
}

/** Bytes read at a time: no read is larger, whatever a file claims or streams. */
const CHUNK_BYTES = 64 * 1024;

/** The bytes of a regular file, read in chunks; undefined when there are more than `limit`. */
function readBounded(fd: number, limit: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const n = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null);
    if (n === 0) return Buffer.concat(chunks, size);
    size += n;
    if (size > limit) return undefined; // grew past the limit since its size was read
    chunks.push(n === CHUNK_BYTES ? chunk : chunk.subarray(0, n));
  }
}

/**
 * A file's content. A regular file is read in chunks, never past `limit`. A FIFO, a device or any
 * other file that is not regular (its size says nothing: `/dev/zero` never ends, a FIFO reports
 * 0) is read like standard input, up to `limit`; it is never rewritten (`regular` false).
 */
export async function readSourceFile(file: string, limit = MAX_FILE_BYTES): Promise<Source> {
  const stat = fs.statSync(file);
  const mode = stat.mode & 0o7777;
  if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (!stat.isFile()) {
    const stream = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES });
    try {
      return { ...(await readSourceStream(stream, limit)), regular: false };
    } finally {
      stream.destroy();
    }
  }
  if (stat.size > limit) return { text: '', bom: false, tooLarge: true, mode, regular: true };
  const fd = fs.openSync(file, 'r');
  let bytes: Buffer | undefined;
  try {
    bytes = readBounded(fd, limit);
  } finally {
    fs.closeSync(fd);
  }
  if (bytes === undefined) return { text: '', bom: false, tooLarge: true, mode, regular: true };
  return { ...decode(bytes), tooLarge: false, mode, sha256: sha256(bytes), regular: true };
}

/** A stream's content, up to `limit` bytes: past it, reading stops (an endless stream ends here). */
export async function readSourceStream(stream: NodeJS.ReadableStream, limit = MAX_FILE_BYTES): Promise<Source> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > limit) return { text: '', bom: false, tooLarge: true };
    chunks.push(buf);
  }
  return { ...decode(Buffer.concat(chunks)), tooLarge: false };
}

export { describe as describeError };
