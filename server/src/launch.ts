/**
 * The start of the shipped commands (bundled to dist/launch.js, called by bin/initlens.js and
 * bin/initlens-language-server.js, which the VS Code extension also starts): runs a bundle
 * (dist/cli.js, dist/server.js) with a V8 code cache, so that a new process does not compile
 * again the code an earlier one compiled. docs/performance.md, "Cold start", has the measurements.
 *
 * The cache of a bundle is made once the process has done its first work (at exit, or
 * `SAVE_AFTER_MS` after the start, whichever comes first), so it holds the functions that work
 * compiled, not only the top level: Node's own compile cache (`module.enableCompileCache`, Node
 * 22+) and the `v8-compile-cache` package save only what is compiled at load, which saved little
 * here. One file per bundle text, Node version, architecture and Node flags, in
 * `<os.tmpdir()>/initlens-compile-cache-<uid>` (or `$INITLENS_COMPILE_CACHE_DIR`), used only
 * when this user owns that folder and nobody else may write to it; each file carries the SHA-256
 * of its contents, checked before V8 reads it. `NODE_DISABLE_COMPILE_CACHE` (any value) turns it
 * off, and so does `--enable-source-maps` (Node maps the stacks of the code its loader compiled). Any failure on the way (no folder, a read-only one, a corrupt or stale file) runs the
 * bundle as a plain `require` would, and never prints.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** When a long-running process (the language server) saves the cache if it has not exited. */
const SAVE_AFTER_MS = 3000;
const SUM_BYTES = 32;
/** How many caches of one bundle (for one Node and flags) stay: the newest. */
const KEEP = 4;

/** Runs the CommonJS bundle at `bundle` (an absolute path), from the code cache when there is one. */
export function launch(bundle: string): void {
  const compiled = compile(bundle);
  if (!compiled) {
    createRequire(bundle)(bundle);
    return;
  }
  const mod = { exports: {} };
  compiled.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
}

/** The cache folder, or undefined when the cache is off. */
function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  return env.INITLENS_COMPILE_CACHE_DIR || path.join(os.tmpdir(), `initlens-compile-cache-${process.getuid?.() ?? 'user'}`);
}

/**
 * The cache file of `source` (the bundle's bytes) for this Node, architecture and Node flags
 * (V8 rejects a cache made under other flags): `<bundle>-<node>-<arch>-<flags>-<text>.cache`.
 */
function cacheFile(dir: string, bundle: string, source: Buffer): string {
  const flags = createHash('sha256').update(process.execArgv.join('\0')).digest('hex').slice(0, 8);
  const text = createHash('sha256').update(source).digest('hex').slice(0, 16);
  return path.join(dir, `${path.basename(bundle, '.js')}-${process.version}-${process.arch}-${flags}-${text}.cache`);
}

type Wrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

/** The bundle compiled (with the cache when it is valid), or undefined to fall back on `require`. */
function compile(bundle: string): Wrapper | undefined {
  // Stack traces mapped to the sources (--enable-source-maps) need Node's own loader.
  if (process.sourceMapsEnabled) return undefined;
  const dir = cacheDir();
  const access = dir === undefined ? undefined : folderAccess(dir);
  if (dir === undefined || access === undefined) return undefined;
  try {
    const source = fs.readFileSync(bundle);
    const file = cacheFile(dir, bundle, source);
    const cachedData = readCache(file);
    const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source.toString('utf8')}\n})`;
    const script = new vm.Script(wrapped, { filename: bundle, cachedData });
    if ((cachedData === undefined || script.cachedDataRejected) && access === 'write') saveLater(script, file);
    return script.runInThisContext() as Wrapper;
  } catch {
    return undefined;
  }
}

/** 'write' or 'read' when the folder may be used (created if missing), undefined when not. */
function folderAccess(dir: string): 'read' | 'write' | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.statSync(dir);
    // Another user's folder, or one others may write to, could hold code planted for us to run.
    if (!stat.isDirectory() || (process.getuid && (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0))) return undefined;
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      return 'write';
    } catch {
      return 'read';
    }
  } catch {
    return undefined;
  }
}

/** The cache's data when the file is there and its checksum matches (V8 does not check its own). */
function readCache(file: string): Buffer | undefined {
  try {
    const data = fs.readFileSync(file);
    const payload = data.subarray(SUM_BYTES);
    const intact = payload.length > 0 && createHash('sha256').update(payload).digest().equals(data.subarray(0, SUM_BYTES));
    return intact ? payload : undefined;
  } catch {
    return undefined;
  }
}

function saveLater(script: vm.Script, file: string): void {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    clearTimeout(timer);
    process.removeListener('exit', save);
    writeCache(file, script);
  };
  const timer = setTimeout(save, SAVE_AFTER_MS).unref();
  process.once('exit', save);
}

/**
 * Writes the cache atomically (another process may be reading it), then keeps only the `KEEP`
 * newest caches of other texts of the same bundle for this Node and flags: two versions in use
 * on one machine (a global install and a project's) keep theirs, old builds go.
 */
function writeCache(file: string, script: vm.Script): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const dir = path.dirname(file);
  const name = path.basename(file);
  const same = name.slice(0, name.lastIndexOf('-') + 1);
  try {
    const data = script.createCachedData();
    fs.writeFileSync(temporary, Buffer.concat([createHash('sha256').update(data).digest(), data]), { mode: 0o600 });
    fs.renameSync(temporary, file);
    const others = fs
      .readdirSync(dir)
      .filter((other) => other.startsWith(same) && other.endsWith('.cache') && other !== name)
      .map((other) => ({ path: path.join(dir, other), written: fs.statSync(path.join(dir, other)).mtimeMs }))
      .sort((a, b) => b.written - a.written);
    for (const old of others.slice(KEEP - 1)) fs.rmSync(old.path, { force: true });
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing more to do: the next start compiles as usual
    }
  }
}
