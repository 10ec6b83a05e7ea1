/**
 * The code cache the shipped commands start from (server/src/launch.ts, via bin/): the real
 * `initlens` and `initlens-language-server` processes, with the cache in a folder of the test's
 * (`INITLENS_COMPILE_CACHE_DIR`). A usable cache is written once and then read as it is (a file V8
 * rejected would be written again); a missing, corrupt, stale, foreign or unwritable one changes
 * nothing in what the command does.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vm from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../lsp/client';
import { pod } from '../manifests';
import { initlens } from './helpers';

const POD = pod(['initContainers:', '  - name: wait', '    image: busybox', 'containers:', '  - name: app', '    image: nginx:1.27', ''].join('\n'));
/** The flags part of a cache file's name for the commands the tests start (no Node flags). */
const NO_FLAGS = createHash('sha256').update('').digest('hex').slice(0, 8);
const NAME = new RegExp(`^cli-${process.version.replace(/\./g, '\\.')}-${process.arch}-${NO_FLAGS}-[0-9a-f]{16}\\.cache$`);

let work: string;
let manifest: string;
/** What the command prints with the cache off: every run below must print the same. */
let expected: { status: number | null; stdout: string; stderr: string };

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-compile-cache-test-'));
  manifest = path.join(work, 'pod.yaml');
  fs.writeFileSync(manifest, POD);
  expected = check(path.join(work, 'never-made'), { NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.equal(expected.status, 0, expected.stderr);
  assert.match(expected.stdout, /image-tag-mutable/);
});
after(() => fs.rmSync(work, { recursive: true, force: true }));

function check(dir: string, env: Record<string, string> = {}) {
  return initlens(['check', '--no-color', manifest], { env: { INITLENS_COMPILE_CACHE_DIR: dir, ...env } });
}

function freshDir(name: string): string {
  return path.join(work, name);
}

/** The cache files in `dir` with their contents and inode. */
function files(dir: string): { name: string; data: Buffer; ino: number; mtimeMs: number }[] {
  return fs.readdirSync(dir).map((name) => {
    const stat = fs.statSync(path.join(dir, name));
    return { name, data: fs.readFileSync(path.join(dir, name)), ino: stat.ino, mtimeMs: stat.mtimeMs };
  });
}

function assertIntact(data: Buffer): void {
  assert.ok(data.length > 100_000, `a cache of the compiled bundle (${data.length} bytes)`);
  assert.deepEqual(createHash('sha256').update(data.subarray(32)).digest(), data.subarray(0, 32), 'the file starts with the SHA-256 of the rest');
}

/** A cache file written with a valid checksum around `payload`. */
function plant(file: string, payload: Buffer): void {
  fs.writeFileSync(file, Buffer.concat([createHash('sha256').update(payload).digest(), payload]), { mode: 0o600 });
}

describe('the code cache of `initlens`', () => {
  it('is written by the first run, in a folder only its user may use, and read as it is by the next', () => {
    const dir = freshDir('first');
    assert.deepEqual(check(dir), expected);
    const [first, ...rest] = files(dir);
    assert.deepEqual(rest, []);
    assert.match(first.name, NAME);
    assertIntact(first.data);
    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
      assert.equal(fs.statSync(path.join(dir, first.name)).mode & 0o777, 0o600);
    }
    assert.deepEqual(check(dir), expected);
    // Accepted by V8: a rejected cache would have been written again (another inode, by the rename).
    assert.deepEqual(files(dir), [first]);
  });

  it('a corrupt file (a changed byte, a truncated file) is not given to V8 and is written again', () => {
    const dir = freshDir('corrupt');
    check(dir);
    const [{ name, data }] = files(dir);
    const flipped = Buffer.from(data);
    flipped[flipped.length >> 1] ^= 0xff;
    for (const damaged of [flipped, data.subarray(0, 40), Buffer.alloc(0)]) {
      fs.writeFileSync(path.join(dir, name), damaged);
      assert.deepEqual(check(dir), expected);
      const [again, ...rest] = files(dir);
      assert.deepEqual(rest, []);
      assert.equal(again.name, name);
      assertIntact(again.data);
    }
  });

  it('a file V8 rejects (intact, but the cache of other code) is written again', () => {
    const dir = freshDir('rejected');
    check(dir);
    const [{ name }] = files(dir);
    const other = new vm.Script('(function () { return 42; })').createCachedData();
    plant(path.join(dir, name), other);
    assert.deepEqual(check(dir), expected);
    const [again] = files(dir);
    assertIntact(again.data);
    assert.notDeepEqual(again.data.subarray(32), other);
  });

  it("keeps the bundle's 4 newest caches (other texts: other versions), and every other Node's, flags' and bundle's", () => {
    const dir = freshDir('older');
    fs.mkdirSync(dir, { mode: 0o700 });
    const texts = ['1111111111111111', '2222222222222222', '3333333333333333', '4444444444444444'];
    const older = texts.map((text) => `cli-${process.version}-${process.arch}-${NO_FLAGS}-${text}.cache`);
    const keep = [
      `cli-${process.version}-${process.arch}-00000000-0000000000000000.cache`,
      `cli-v0.0.1-${process.arch}-${NO_FLAGS}-0000000000000000.cache`,
      `server-${process.version}-${process.arch}-${NO_FLAGS}-0000000000000000.cache`,
    ];
    for (const name of [...older, ...keep]) plant(path.join(dir, name), Buffer.from('old'));
    // Written 4, 3, 2 and 1 days ago, and the others long ago.
    const day = 24 * 3600;
    older.forEach((name, k) => fs.utimesSync(path.join(dir, name), Date.now() / 1000 - (4 - k) * day, Date.now() / 1000 - (4 - k) * day));
    for (const name of keep) fs.utimesSync(path.join(dir, name), 1, 1);
    assert.deepEqual(check(dir), expected);
    const names = fs.readdirSync(dir);
    assert.deepEqual(names.filter((n) => !NAME.test(n)).sort(), [...keep].sort());
    assert.deepEqual(names.filter((n) => NAME.test(n)).sort(), [...older.slice(1), names.find((n) => NAME.test(n) && !older.includes(n))].sort());
    assert.equal(names.length, 7);
  });

  it('NODE_DISABLE_COMPILE_CACHE: nothing is read or written', () => {
    const dir = freshDir('disabled');
    assert.deepEqual(check(dir, { NODE_DISABLE_COMPILE_CACHE: '1' }), expected);
    assert.equal(fs.existsSync(dir), false);
  });

  it('--enable-source-maps: nothing is read or written (stack traces stay mapped to the sources)', () => {
    const dir = freshDir('source-maps');
    assert.deepEqual(check(dir, { NODE_OPTIONS: '--enable-source-maps' }), expected);
    assert.equal(fs.existsSync(dir), false);
  });

  it('a folder that cannot be made (a file is in the way) changes nothing', () => {
    const blocker = path.join(work, 'a-file');
    fs.writeFileSync(blocker, '');
    assert.deepEqual(check(path.join(blocker, 'cache')), expected);
    assert.deepEqual(check(blocker), expected);
    assert.equal(fs.readFileSync(blocker, 'utf8'), '');
  });

  it('a folder others may write to is not used', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
    const dir = freshDir('shared');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o777);
    assert.deepEqual(check(dir), expected);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it("another user's folder is not used", { skip: process.getuid?.() !== 0 && 'needs root (chown)' }, () => {
    const dir = freshDir('foreign');
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.chownSync(dir, 4242, 4242);
    assert.deepEqual(check(dir), expected);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a read-only folder changes nothing', { skip: process.platform === 'win32' && 'no POSIX modes' }, () => {
    const dir = freshDir('read-only');
    fs.mkdirSync(dir, { mode: 0o500 });
    // Root writes anywhere: as root, the command runs as `nobody`, in a folder `nobody` owns.
    const asRoot = process.getuid?.() === 0;
    const NOBODY = 65534;
    if (asRoot) {
      fs.chmodSync(work, 0o755);
      fs.chownSync(dir, NOBODY, NOBODY);
    }
    try {
      const run = initlens(['check', '--no-color', manifest], { env: { INITLENS_COMPILE_CACHE_DIR: dir }, ...(asRoot ? { uid: NOBODY } : {}) });
      assert.deepEqual(run, expected);
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      fs.chmodSync(dir, 0o700);
    }
  });
});

describe('the code cache of `initlens-language-server`', () => {
  it('is written by the first server and read as it is by the next; the diagnostics are the same', async () => {
    const dir = freshDir('server');
    const uri = pathToFileURL(manifest).href;
    const diagnosticsOf = async (env: NodeJS.ProcessEnv) => {
      const client = await TestClient.started({ env: { ...process.env, INITLENS_COMPILE_CACHE_DIR: dir, ...env } });
      try {
        await client.open(uri, POD);
        const published = await client.waitForDiagnostics(uri, 1, 0, 30_000);
        assert.equal(await client.shutdown(), 0);
        return published.diagnostics;
      } finally {
        client.kill();
      }
    };
    const plain = await diagnosticsOf({ NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(fs.existsSync(dir), false);
    assert.ok(plain.length > 0);
    assert.deepEqual(await diagnosticsOf({}), plain);
    const [first, ...rest] = files(dir);
    assert.deepEqual(rest, []);
    assert.match(first.name, new RegExp(`^server-${process.version.replace(/\./g, '\\.')}-${process.arch}-${NO_FLAGS}-[0-9a-f]{16}\\.cache$`));
    assertIntact(first.data);
    assert.deepEqual(await diagnosticsOf({}), plain);
    assert.deepEqual(files(dir), [first]);
  });

  it('a server that keeps running writes its cache a few seconds after its start, not only at exit', async () => {
    const dir = freshDir('server-running');
    const uri = pathToFileURL(manifest).href;
    const client = await TestClient.started({ env: { ...process.env, INITLENS_COMPILE_CACHE_DIR: dir } });
    try {
      await client.open(uri, POD);
      await client.waitForDiagnostics(uri, 1, 0, 30_000);
      const deadline = Date.now() + 20_000;
      while (!(fs.existsSync(dir) && fs.readdirSync(dir).some((n) => n.endsWith('.cache'))) && Date.now() < deadline) await sleep(100);
      assert.equal(client.child.exitCode, null, 'the server is still running');
      const [cache] = files(dir);
      assertIntact(cache.data);
      assert.equal(await client.shutdown(), 0);
      // Written once: not again at exit.
      assert.deepEqual(files(dir), [cache]);
    } finally {
      client.kill();
    }
  });
});
