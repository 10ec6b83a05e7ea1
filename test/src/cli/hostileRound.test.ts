/**
 * What an adversarial round found in the CLI (issue 15): kustomization files that hang or abort,
 * endless inputs, memory beyond bounds, terminal escapes, and a valid U+FFFD taken for binary.
 * Every case runs the real `initlens` process with a time limit.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  BINARY_MESSAGE,
  CLI_BIN,
  CLEAN_POD,
  DEPLOYMENT_WITH_TYPO,
  DEPLOYMENT_WITH_TYPOS,
  initlens,
  PORT_MESSAGE,
  treesPerTest,
  TYPO_MESSAGE,
  type Run,
} from './helpers';

const tree = treesPerTest();

/** `initlens` without blocking the test process (a FIFO's writer runs meanwhile). */
function initlensAsync(args: readonly string[], cwd: string, timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a character split between two chunks stays one character.
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status: signal ? null : status, stdout, stderr });
    });
  });
}

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

const POD_WITH_ERROR = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: p',
  'spec:',
  '  containers:',
  '    - name: app',
  '      image: nginx:1.27',
  '      ports:',
  '        - containerPort: "80"',
  '',
].join('\n');

const DEPLOYMENT_WITHOUT_SELECTOR = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: nginx:1.27',
  '',
].join('\n');

describe('kustomization files are read like manifests', () => {
  it('a FIFO named kustomization.yaml does not block the check', async () => {
    const dir = tree({ 'pod.yaml': CLEAN_POD });
    mkfifo(path.join(dir, 'kustomization.yaml'));
    const r = await initlensAsync(['check', 'pod.yaml'], dir, 20_000);
    assert.deepEqual(r, { status: 0, stdout: 'no problems in 1 file\n', stderr: '' });
  });

  it('a link to /dev/zero named kustomization.yaml is not read', async () => {
    const dir = tree({ 'pod.yaml': CLEAN_POD });
    fs.symlinkSync('/dev/zero', path.join(dir, 'kustomization.yaml'));
    const r = await initlensAsync(['check', 'pod.yaml'], dir, 20_000);
    assert.deepEqual(r, { status: 0, stdout: 'no problems in 1 file\n', stderr: '' });
  });

  it('a kustomization nested 1,000 levels deep does not abort the check', () => {
    const deep = `resources:\n${'- '.repeat(1000)}x\n`;
    const dir = tree({ 'pod.yaml': CLEAN_POD, 'kustomization.yaml': deep });
    const r = initlens(['check', 'pod.yaml'], { cwd: dir });
    assert.deepEqual(r, { status: 0, stdout: 'no problems in 1 file\n', stderr: '' });
  });

  it('a kustomization over the size limit is ignored, and a changed one is read again', () => {
    const dir = tree({ 'dep.yaml': DEPLOYMENT_WITHOUT_SELECTOR, 'kustomization.yaml': `patches: [dep.yaml]\n# ${'x'.repeat(2 * 1024 * 1024)}\n` });
    const missing = { status: 1, stdout: 'dep.yaml:5:1: error schema: spec: missing required field "selector"\n1 error in 1 file\n', stderr: '' };
    assert.deepEqual(initlens(['check', 'dep.yaml'], { cwd: dir }), missing);
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'patches: [dep.yaml]\n');
    assert.deepEqual(initlens(['check', 'dep.yaml'], { cwd: dir }), { status: 0, stdout: 'no problems in 1 file\n', stderr: '' });
  });

  it('a kustomization with a syntax error is a diagnostic on that file, not a crash', () => {
    const dir = tree({ 'pod.yaml': CLEAN_POD, 'kustomization.yaml': 'resources: [pod.yaml\n' });
    const r = initlens(['check', '.'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^kustomization\.yaml:\d+:\d+: error yaml-syntax: /m);
    assert.equal(r.stderr, '');
  });
});

describe('endless and non-regular inputs', () => {
  it('check /dev/zero stops at the size limit', async () => {
    const r = await initlensAsync(['check', '--max-file-size-kb', '64', '/dev/zero'], '/', 20_000);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\/dev\/zero:1:1: info not-analysed: the file is larger than 64 KB, so it is not analysed/);
  });

  it('check /dev/zero with --max-file-size-kb 0 stops at the most the CLI analyses', async () => {
    const r = await initlensAsync(['check', '--max-file-size-kb', '0', '/dev/zero'], '/', 30_000);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      '/dev/zero:1:1: info not-analysed: the file is larger than 16384 KB, the most initlens check analyses (its memory grows to 50 to 240 times the file), so it is not analysed\n1 info in 1 file\n',
    );
  });

  it('startup /dev/zero stops at the size limit', async () => {
    const r = await initlensAsync(['startup', '/dev/zero'], '/', 30_000);
    assert.deepEqual(r, { status: 2, stdout: '', stderr: 'initlens: /dev/zero is larger than 16 MiB, so it is not analysed\n' });
  });

  it('a named FIFO is read like standard input, and --fix does not replace it', async () => {
    const dir = tree({});
    const fifo = path.join(dir, 'pipe.yaml');
    mkfifo(fifo);
    const writer = fs.promises.writeFile(fifo, DEPLOYMENT_WITH_TYPOS);
    const r = await initlensAsync(['check', '--fix', 'pipe.yaml'], dir, 20_000);
    await writer;
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'initlens: not fixing pipe.yaml: it is not a regular file\n');
    assert.equal(r.stdout, `pipe.yaml:15:11: error schema: ${TYPO_MESSAGE}\npipe.yaml:20:30: error schema: ${PORT_MESSAGE}\n2 errors in 1 file\n`);
    assert.equal(fs.lstatSync(fifo).isFIFO(), true);
  });
});

describe('terminal output is printable', () => {
  const HOSTILE_NAME = 'evil\u001b]52;c;aGk=\u0007\u001b[2J\u009b31m\u2028x';

  it('startup escapes names and images', () => {
    const dir = tree({
      'pod.yaml': CLEAN_POD.replace(
        'name: clean',
        `name: "${HOSTILE_NAME.replace(/[\u0000-\u001f\u007f-\u009f\u2028]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`,
      ),
    });
    const r = initlens(['startup', 'pod.yaml'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Pod evil\\x1b\]52;c;aGk=\\x07\\x1b\[2J\\x9b31m\\u2028x \(document 1/);
    assert.doesNotMatch(r.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    const json = initlens(['startup', '--format', 'json', 'pod.yaml'], { cwd: dir });
    assert.doesNotMatch(json.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    assert.equal(JSON.parse(json.stdout).plans[0].plan.name, HOSTILE_NAME);
  });

  it('check escapes file names: a \\r cannot forge a report line', () => {
    const name = 'a\rpod.yaml:1:1: error forged: all good\u001b[2K.yaml';
    const dir = tree({ [name]: POD_WITH_ERROR });
    const r = initlens(['check', '.'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.equal(
      r.stdout.split('\n')[0],
      `a\\x0dpod.yaml:1:1: error forged: all good\\x1b[2K.yaml:10:26: error schema: spec.containers[0].ports[0].containerPort: expected integer, got string "80"`,
    );
    const missing = initlens(['check', 'no\u001b]0;title\u0007such.yaml'], { cwd: dir });
    assert.equal(missing.stderr, 'initlens: cannot read no\\x1b]0;title\\x07such.yaml: no such file or directory\n');
  });

  it('messages carrying C1 controls and U+2028 are escaped in text, and JSON escapes them too', () => {
    const dir = tree({ 'pod.yaml': POD_WITH_ERROR.replace('name: app', 'name: "a\\u009b\\u2029b"') });
    const r = initlens(['check', '--format', 'text', 'pod.yaml', 'missing\u0085.yaml'], { cwd: dir });
    assert.doesNotMatch(r.stdout + r.stderr, /[\u0085\u009b\u2028\u2029]/);
    for (const format of ['json', 'sarif']) {
      const out = initlens(['check', '--format', format, 'pod.yaml'], { cwd: dir }).stdout;
      assert.doesNotMatch(out, /[\u0085\u009b\u2028\u2029]/);
      JSON.parse(out);
    }
  });
});

describe('U+FFFD is a character, invalid UTF-8 is binary', () => {
  it('a valid U+FFFD in a comment does not hide the errors of the file', () => {
    const dir = tree({ 'pod.yaml': `# copied from a terminal: \uFFFD\n${POD_WITH_ERROR}` });
    const r = initlens(['check', 'pod.yaml'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^pod\.yaml:11:26: error schema: /);
  });

  it('an invalid byte still makes the file not analysed', () => {
    const dir = tree({ 'pod.yaml': Buffer.concat([Buffer.from(`# \uFFFD\n`), Buffer.from([0xff]), Buffer.from(`\n${POD_WITH_ERROR}`)]) });
    const r = initlens(['check', 'pod.yaml'], { cwd: dir });
    assert.deepEqual(r, { status: 0, stdout: `pod.yaml:2:1: info not-analysed: ${BINARY_MESSAGE}\n1 info in 1 file\n`, stderr: '' });
  });
});

describe('--fix keeps what it may of a file', () => {
  const isRoot = process.getuid?.() === 0;

  it("root fixing another user's file keeps its owner and group", { skip: !isRoot && 'needs root' }, () => {
    const dir = tree({ 'dep.yaml': DEPLOYMENT_WITH_TYPO });
    const file = path.join(dir, 'dep.yaml');
    fs.chownSync(file, 65534, 65534);
    const r = initlens(['check', '--fix', 'dep.yaml'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.notEqual(fs.readFileSync(file, 'utf8'), DEPLOYMENT_WITH_TYPO);
    const after = fs.statSync(file);
    assert.deepEqual([after.uid, after.gid], [65534, 65534]);
    assert.doesNotMatch(r.stderr, /belongs to/);
  });

  it('a group member fixing a group-writable file keeps the group, and says the owner changed', { skip: !isRoot && 'needs root' }, () => {
    const dir = tree({ 'dep.yaml': DEPLOYMENT_WITH_TYPO });
    fs.chmodSync(dir, 0o777);
    const file = path.join(dir, 'dep.yaml');
    fs.chownSync(file, 1, 65534);
    fs.chmodSync(file, 0o664);
    const r = spawnSyncAs(65534, ['check', '--fix', 'dep.yaml'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^initlens: fixed dep\.yaml, but it now belongs to user 65534 instead of user 1: only root can keep another user's file theirs\n/);
    const after = fs.statSync(file);
    assert.deepEqual([after.uid, after.gid, after.mode & 0o777], [65534, 65534, 0o664]);
  });

  it('a read-only file is left alone, unless --force', () => {
    const dir = tree({ 'dep.yaml': DEPLOYMENT_WITH_TYPO });
    const file = path.join(dir, 'dep.yaml');
    fs.chmodSync(file, 0o444);
    const r = initlens(['check', '--fix', 'dep.yaml'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'initlens: not fixing dep.yaml: it is read-only (mode 0444); --force fixes it anyway\n');
    assert.equal(fs.readFileSync(file, 'utf8'), DEPLOYMENT_WITH_TYPO);
    const forced = initlens(['check', '--fix', '--force', 'dep.yaml'], { cwd: dir });
    assert.equal(forced.status, 0, forced.stderr);
    assert.notEqual(fs.readFileSync(file, 'utf8'), DEPLOYMENT_WITH_TYPO);
    assert.equal(fs.statSync(file).mode & 0o777, 0o444);
  });
});

function spawnSyncAs(uid: number, args: readonly string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], { cwd, uid, gid: uid, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
