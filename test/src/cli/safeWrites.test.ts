/**
 * `initlens check --fix` never loses a byte (the real process):
 * - atomic writes: a temporary file in the same folder, flushed, renamed over the file (a new
 *   inode), permission bits kept;
 * - symbolic links: a file named on the command line is written through its link; a link found
 *   while walking a directory is written only when it points inside that directory;
 * - a file changed on disk between the read and the write is left as it is now (stderr says so,
 *   exit status 2);
 * - kill -9 at any moment leaves every file byte-identical to its old or its new content; the
 *   temporary files a killed run leaves are recognisable and the next `--fix` removes them.
 *
 * Moments inside a write are reached with a test-only preload (fsHooks.ts) that marks them on
 * stderr and pauses there, so the kill lands exactly at each.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CLI_BIN, DEPLOYMENT_WITH_TYPO, initlens, ROOT, treesPerTest, TYPO_FIX_TITLE } from './helpers';

const FIXED = DEPLOYMENT_WITH_TYPO.replace('imagePulPolicy:', 'imagePullPolicy:');
const HOOKS = path.join(ROOT, 'test', 'out', 'cli', 'fsHooks.js');
const TEMPORARY = /^\..+\.initlens-\d+-[0-9a-f]{8}\.tmp$/;

const tree = treesPerTest();

function temporaries(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => TEMPORARY.test(name));
}

describe('--fix writes atomically', () => {
  it('through a temporary file renamed over the file: a new inode, the permission bits kept, nothing left behind', () => {
    const dir = tree({ 'private.yaml': DEPLOYMENT_WITH_TYPO, 'script.yaml': DEPLOYMENT_WITH_TYPO, 'setgid.yaml': DEPLOYMENT_WITH_TYPO });
    const modes: Record<string, number> = { 'private.yaml': 0o600, 'script.yaml': 0o755, 'setgid.yaml': 0o2640 };
    const inodes: Record<string, number> = {};
    for (const [name, mode] of Object.entries(modes)) {
      fs.chmodSync(path.join(dir, name), mode);
      inodes[name] = fs.statSync(path.join(dir, name)).ino;
    }
    const r = initlens(['check', '--fix', '.'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    for (const [name, mode] of Object.entries(modes)) {
      const stat = fs.statSync(path.join(dir, name));
      assert.equal(fs.readFileSync(path.join(dir, name), 'utf8'), FIXED, name);
      assert.equal(stat.mode & 0o7777, mode, `${name}: mode ${(stat.mode & 0o7777).toString(8)}`);
      assert.notEqual(stat.ino, inodes[name], `${name} was replaced by a rename, not rewritten in place`);
    }
    assert.deepEqual(fs.readdirSync(dir).sort(), Object.keys(modes).sort(), 'no temporary file left');
  });

  it('the temporary file is created in the folder of the file (a rename never crosses file systems)', () => {
    const dir = tree({ 'sub/web.yaml': DEPLOYMENT_WITH_TYPO });
    const r = spawnHooked(['check', '--fix', path.join('sub', 'web.yaml')], dir, 'trace');
    return r.then(({ status, stderr }) => {
      assert.equal(status, 0, stderr);
      const opened = /^hook:open (.+)$/m.exec(stderr)?.[1];
      assert.ok(opened, stderr);
      assert.equal(path.dirname(opened), fs.realpathSync(path.join(dir, 'sub')));
      assert.match(path.basename(opened), /^\.web\.yaml\.initlens-\d+-[0-9a-f]{8}\.tmp$/);
    });
  });
});

describe('--fix and symbolic links', () => {
  it('a link named on the command line is written through, even to another folder; the link stays a link', () => {
    const dir = tree({ 'elsewhere/real.yaml': DEPLOYMENT_WITH_TYPO, 'work/.keep': '' });
    fs.symlinkSync(path.join('..', 'elsewhere', 'real.yaml'), path.join(dir, 'work', 'link.yaml'));
    const r = initlens(['check', '--fix', 'link.yaml'], { cwd: path.join(dir, 'work') });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.lstatSync(path.join(dir, 'work', 'link.yaml')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'elsewhere', 'real.yaml'), 'utf8'), FIXED);
    assert.deepEqual(temporaries(path.join(dir, 'elsewhere')), []);
  });

  it('a link found in a directory that points out of it is checked but not written; one that points inside is', () => {
    const dir = tree({ 'outside/secret.yaml': DEPLOYMENT_WITH_TYPO, 'repo/inside.yaml': DEPLOYMENT_WITH_TYPO, 'repo/sub/.keep': '' });
    fs.symlinkSync(path.join(dir, 'outside', 'secret.yaml'), path.join(dir, 'repo', 'escape.yaml'));
    fs.symlinkSync(path.join('..', 'inside.yaml'), path.join(dir, 'repo', 'sub', 'alias.yaml'));
    fs.symlinkSync(path.join(dir, 'outside'), path.join(dir, 'repo', 'linked-dir')); // not walked at all
    const before = fs.statSync(path.join(dir, 'outside', 'secret.yaml'));
    const r = initlens(['check', '--fix', 'repo'], { cwd: dir });
    assert.equal(fs.readFileSync(path.join(dir, 'outside', 'secret.yaml'), 'utf8'), DEPLOYMENT_WITH_TYPO, 'the file outside is untouched');
    assert.equal(fs.statSync(path.join(dir, 'outside', 'secret.yaml')).mtimeMs, before.mtimeMs);
    assert.equal(fs.readFileSync(path.join(dir, 'repo', 'inside.yaml'), 'utf8'), FIXED);
    assert.ok(fs.lstatSync(path.join(dir, 'repo', 'escape.yaml')).isSymbolicLink());
    assert.ok(fs.lstatSync(path.join(dir, 'repo', 'sub', 'alias.yaml')).isSymbolicLink());
    assert.equal(
      r.stderr,
      `initlens: not fixing ${path.join('repo', 'escape.yaml')}: it is a symbolic link to ${fs.realpathSync(path.join(dir, 'outside', 'secret.yaml'))}, outside repo\n` +
        `fixed ${path.join('repo', 'inside.yaml')}:15:11 schema: ${TYPO_FIX_TITLE}\n`,
    );
    // The link's finding stays in the report (error: exit 1); the alias was fixed with its target.
    assert.equal(r.status, 1);
    assert.match(r.stdout, /repo\/escape\.yaml:15:11: error schema: .*imagePulPolicy/);
    assert.doesNotMatch(r.stdout, /inside\.yaml|alias\.yaml/);
    assert.deepEqual(temporaries(path.join(dir, 'outside')), []);
  });
});

describe('--fix and a file that changes meanwhile', () => {
  it('a file edited between the read and the rename is left as edited; the others are fixed; exit 2', async () => {
    const dir = tree({ 'a.yaml': DEPLOYMENT_WITH_TYPO, 'b.yaml': DEPLOYMENT_WITH_TYPO });
    const r = await spawnHooked(['check', '--fix', 'a.yaml', 'b.yaml'], dir, 'edit=a.yaml');
    assert.equal(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8'), `${DEPLOYMENT_WITH_TYPO}# edited meanwhile\n`, 'the edit is kept, not overwritten');
    assert.equal(fs.readFileSync(path.join(dir, 'b.yaml'), 'utf8'), FIXED);
    assert.equal(r.stderr, `initlens: not fixing a.yaml: it changed on disk since it was read\nfixed b.yaml:15:11 schema: ${TYPO_FIX_TITLE}\n`);
    assert.equal(r.status, 2);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.yaml', 'b.yaml'], 'the unused temporary file is removed');
  });
});

// -------------------------------------------------------------------------------------------
// kill -9

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function spawnHooked(args: string[], cwd: string, hooks: string, killAt?: { marker: RegExp; nth: number } | { afterMs: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, INITLENS_TEST_FS_HOOKS: hooks };
    delete env.NO_COLOR;
    const child = spawn(process.execPath, ['--require', HOOKS, CLI_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let seen = 0;
    // Decoded as a stream: a character split between two chunks stays one character.
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
      if (killAt && 'marker' in killAt) {
        for (const line of text.split('\n')) if (killAt.marker.test(line) && ++seen === killAt.nth) child.kill('SIGKILL');
      }
    });
    const timer = killAt && 'afterMs' in killAt ? setTimeout(() => child.kill('SIGKILL'), killAt.afterMs) : undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    // 'close': the process is reaped (its pid is free) and its output read.
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

const FILES = 40;

/** A Deployment with a typo `--fix` corrects, and a ConfigMap of ~500 kB: each write takes a while. */
function largeFile(i: number): string {
  const deployment = DEPLOYMENT_WITH_TYPO.replace('name: web', `name: web-${i}`);
  const blob = Array.from({ length: 8000 }, (_, n) => `    line ${n} of file ${i} ${'x'.repeat(48)}`).join('\n');
  return `${deployment}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: blob-${i} }\ndata:\n  blob: |\n${blob}\n`;
}

function fixedFile(i: number): string {
  return largeFile(i).replace('imagePulPolicy:', 'imagePullPolicy:');
}

function name(i: number): string {
  return `m${String(i).padStart(2, '0')}.yaml`;
}

/** How many files are new; throws when one is neither old nor new. */
function checkAll(dir: string, what: string): { fixed: number; temporaries: string[] } {
  let fixed = 0;
  for (let i = 0; i < FILES; i++) {
    const bytes = fs.readFileSync(path.join(dir, name(i)), 'utf8');
    if (bytes === fixedFile(i)) fixed++;
    else assert.ok(bytes === largeFile(i), `${what}: ${name(i)} is neither its old nor its new content (${bytes.length} bytes)`);
  }
  const left = temporaries(dir);
  const others = fs.readdirSync(dir).filter((n) => !TEMPORARY.test(n) && !/^m\d\d\.yaml$/.test(n));
  assert.deepEqual(others, [], `${what}: no other file appeared`);
  return { fixed, temporaries: left };
}

describe('kill -9 in the middle of --fix', () => {
  it('every file is byte-identical to its old or its new content after each kill; the next run removes the temporary files left and finishes', async (t) => {
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) files[name(i)] = largeFile(i);
    const dir = tree(files);
    const bytes = Object.values(files).reduce((n, text) => n + text.length, 0);
    const chunks = Math.ceil(Buffer.byteLength(fixedFile(0)) / 65536);

    // Moments inside a write, reached exactly (the process pauses at each mark and is killed
    // there; together they fix about a dozen files), then moments by the clock (start-up,
    // analysis, writes; a run may also finish before its kill).
    const kills: { label: string; hooks: string; at: { marker: RegExp; nth: number } | { afterMs: number } }[] = [
      { label: 'as the first temporary file is created', hooks: 'trace,sleep=20', at: { marker: /^hook:open /, nth: 1 } },
      {
        label: 'while the 3rd temporary file is half written',
        hooks: 'trace,sleep=20,chunk=65536',
        at: { marker: /^hook:chunk /, nth: 2 * chunks + Math.ceil(chunks / 2) },
      },
      { label: 'after a temporary file is flushed, before its rename', hooks: 'trace,sleep=20', at: { marker: /^hook:flushed /, nth: 2 } },
      { label: 'just before a rename', hooks: 'trace,sleep=20', at: { marker: /^hook:rename /, nth: 2 } },
      { label: 'just after a rename, before it is reported', hooks: 'trace,sleep=20', at: { marker: /^hook:renamed /, nth: 3 } },
      ...[150, 350, 500, 650, 800].map((afterMs) => ({ label: `${afterMs} ms after the start`, hooks: '', at: { afterMs } })),
    ];
    const lines: string[] = [];
    let previous = 0;
    let leftBefore: string[] = [];
    for (const kill of kills) {
      const r = await spawnHooked(['check', '--fix', '.'], dir, kill.hooks, kill.at);
      // A run that got as far as writing first removed what the previous, killed, run left.
      if ('marker' in kill.at && kill.at.marker.source !== '^hook:open ') {
        for (const temporary of leftBefore)
          assert.ok(
            r.stderr.includes(`initlens: removed ${path.join(fs.realpathSync(dir), temporary)}, left by an interrupted --fix\n`),
            `${kill.label}: ${r.stderr.slice(0, 500)}`,
          );
      }
      const state = checkAll(dir, kill.label);
      leftBefore = state.temporaries;
      assert.ok(state.fixed >= previous, 'a fixed file never goes back');
      previous = state.fixed;
      for (const temporary of state.temporaries) assert.match(temporary, TEMPORARY);
      lines.push(
        `${kill.label}: ${r.signal === 'SIGKILL' ? 'killed' : `exited ${r.status}`}, ${state.fixed}/${FILES} files new, the rest old, ${state.temporaries.length} temporary file(s) left`,
      );
      if ('marker' in kill.at) assert.equal(r.signal, 'SIGKILL', `${kill.label}: the kill landed (${r.stderr.slice(-300)})`);
    }
    assert.ok(
      lines.some((l) => / [1-9]\d* temporary file/.test(l)),
      `some kill left a temporary file behind: ${lines.join('; ')}`,
    );

    // The next run removes what the killed ones left and fixes the rest.
    const left = temporaries(dir);
    const last = initlens(['check', '--fix', '.'], { cwd: dir });
    assert.equal(last.status, 0, last.stderr);
    for (const temporary of left)
      assert.ok(last.stderr.includes(`initlens: removed ${path.join(fs.realpathSync(dir), temporary)}, left by an interrupted --fix\n`), last.stderr);
    const end = checkAll(dir, 'after the last run');
    assert.equal(end.fixed, FILES);
    assert.deepEqual(end.temporaries, []);
    t.diagnostic(`${FILES} files, ${(bytes / 2 ** 20).toFixed(1)} MiB; ${kills.length} runs, each sent SIGKILL:`);
    for (const line of lines) t.diagnostic(`  ${line}`);
    t.diagnostic(`then one run to the end: removed ${left.length} temporary file(s), ${FILES}/${FILES} files new`);
  });

  it('a temporary file of a run still in progress is not removed by another run', () => {
    const dir = tree({ 'a.yaml': DEPLOYMENT_WITH_TYPO });
    const alive = `.a.yaml.initlens-${process.pid}-0123abcd.tmp`; // this test's own process: alive
    const dead = `.a.yaml.initlens-999999999-89abcdef.tmp`; // no such process
    fs.writeFileSync(path.join(dir, alive), 'half');
    fs.writeFileSync(path.join(dir, dead), 'half');
    const r = initlens(['check', '--fix', 'a.yaml'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(fs.readdirSync(dir).sort(), [alive, 'a.yaml'].sort());
    assert.match(r.stderr, /^initlens: removed .*\.a\.yaml\.initlens-999999999-89abcdef\.tmp, left by an interrupted --fix$/m);
    // A plain check never deletes anything.
    fs.writeFileSync(path.join(dir, dead), 'half');
    initlens(['check', 'a.yaml'], { cwd: dir });
    assert.ok(fs.existsSync(path.join(dir, dead)));
  });
});
