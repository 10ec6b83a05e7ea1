/**
 * What the CLI reads: the paths of the command line expanded into files (directories walked),
 * and each file's bytes decoded into the text the engine analyses.
 */
import { createHash } from 'node:crypto';
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

/** By default, files larger than this are not analysed (one `not-analysed` info instead); `--max-file-size-kb` sets it. */
export const MAX_FILE_BYTES = CLI_MAX_FILE_SIZE_KB * 1024;

/** The byte limit for `--max-file-size-kb` (0: none). */
export function maxBytes(maxFileSizeKB: number): number {
  return maxFileSizeKB > 0 ? maxFileSizeKB * 1024 : Infinity;
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
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** UTF-8 with invalid sequences as U+FFFD (the engine then reports `not-analysed`); BOM stripped. */
export function decode(bytes: Uint8Array): { text: string; bom: boolean } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
  return { text, bom };
}

export function readSourceFile(file: string, limit = MAX_FILE_BYTES): Source {
  const stat = fs.statSync(file);
  const mode = stat.mode & 0o7777;
  if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (stat.size > limit) return { text: '', bom: false, tooLarge: true, mode };
  const bytes = fs.readFileSync(file);
  if (bytes.length > limit) return { text: '', bom: false, tooLarge: true, mode };
  return { ...decode(bytes), tooLarge: false, mode, sha256: sha256(bytes) };
}

export async function readSourceStream(stream: NodeJS.ReadableStream, limit = MAX_FILE_BYTES): Promise<Source> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk);
    size += buf.length;
    if (size <= limit) chunks.push(buf); // beyond the limit: drain, keep nothing
  }
  if (size > limit) return { text: '', bom: false, tooLarge: true };
  return { ...decode(Buffer.concat(chunks)), tooLarge: false };
}

export { describe as describeError };
