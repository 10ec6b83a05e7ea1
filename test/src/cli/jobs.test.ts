/**
 * `initlens check --jobs N`: worker threads print the same bytes, exit status and fixes as one
 * thread (the real process, every format), over the real corpus and over a workspace of
 * cross-file references; a worker that dies loses only its file.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FORMATS } from '../../../server/out/cli/args';
import { aliasBomb, manyDeployments, nested } from '../hostile/inputs';
import { deployment, pod } from '../manifests';
import { assertCliBuilt, CLI_BIN, DEPLOYMENT_WITH_TYPO, DEPLOYMENT_WITH_TYPOS, initlens, ROOT, treesPerTest, type Run } from './helpers';

const tree = treesPerTest();
const CORPUS = path.resolve(ROOT, '../shared/corpus/real');

/** `initlens` as a child process, without blocking (several run at once). */
function run(args: readonly string[], cwd: string, { input = '', nodeArgs = [] as string[], timeoutMs = 300_000 } = {}): Promise<Run> {
  assertCliBuilt();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, CLI_BIN, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a character split between two chunks stays one character.
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status: signal ? null : status, stdout, stderr });
    });
  });
}

/** Runs `args` with `--jobs 1` and with `--jobs n`: both results. */
async function both(args: readonly string[], cwd: string, n: number, input?: string): Promise<[Run, Run]> {
  const one = await run(['check', '--jobs', '1', ...args], cwd, { input });
  const many = await run(['check', '--jobs', String(n), ...args], cwd, { input });
  return [one, many];
}

/** `many` is `one`, byte for byte; a difference is shown as the first line that differs. */
function assertSame(many: Run, one: Run, what: string): void {
  for (const key of ['stdout', 'stderr'] as const) {
    const expected = one[key].split('\n');
    const actual = many[key].split('\n');
    const at = expected.findIndex((line, i) => line !== actual[i]);
    if (at >= 0 || actual.length !== expected.length)
      assert.deepEqual({ line: at + 1, text: actual[at] }, { line: at + 1, text: expected[at] }, `${what}: ${key} differs`);
  }
  assert.deepEqual(many, one, what);
}

const service = (name: string, port: number) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  ports:
    - name: main
      port: ${port}
`;

const secret = (name: string, key: string) => `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
stringData:
  ${key}: value
`;

/** A pod waiting for `host:port` and reading `secretName`'s `key`. */
const waiter = (host: string, port: number, secretName: string, key: string) =>
  deployment(
    [
      'initContainers:',
      '  - name: wait',
      '    image: busybox:1.36',
      `    command: ["sh", "-c", "until nc -z ${host} ${port}; do sleep 1; done"]`,
      'containers:',
      '  - name: app',
      '    image: example/app:1.0',
      '    env:',
      '      - name: TOKEN',
      '        valueFrom:',
      `          secretKeyRef: {name: ${secretName}, key: ${key}}`,
      '',
    ].join('\n'),
  );

/**
 * A repository: a directory workspace whose files refer to each other (a Service defined twice,
 * the first definition in input order winning), a folder with its own .initlens.yaml (a severity,
 * an exclude, a problem), a template, and files over the size limit given.
 */
function workspaceTree(): string {
  return tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'a-db.yaml': service('db', 5432),
    'b-secret.yaml': secret('creds', 'token'),
    'c-api.yaml': waiter('db', 5433, 'creds', 'passwd'),
    'd-web.yaml': waiter('dbb', 5432, 'creds', 'token'),
    'e-db-again.yaml': service('db', 5433),
    'f-typos.yaml': DEPLOYMENT_WITH_TYPOS,
    'g-template.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n',
    'team/.initlens.yaml': 'rules:\n  service-not-found: error\n  no-such-rule: off\nexclude:\n  - skipped.yaml\n',
    'team/api.yaml': waiter('db', 5432, 'creds', 'token'),
    'team/skipped.yaml': DEPLOYMENT_WITH_TYPOS,
    'team/worker.yaml': waiter('queue', 6379, 'creds', 'token'),
    'z-big.yaml': manyDeployments(6 * 1024),
  });
}

describe('initlens check --jobs', () => {
  it('prints what one thread prints over the real corpus, in every format', { skip: !fs.existsSync(CORPUS) && 'no ../shared/corpus/real' }, async () => {
    for (const format of FORMATS) {
      const [one, many] = await both(['--no-color', '--format', format, CORPUS], ROOT, 3);
      assert.equal(one.status, 1, `${format}: ${one.stderr}`);
      assert.ok(one.stdout.length > 10_000, format);
      assertSame(many, one, format);
    }
  });

  it('prints what one thread prints over a workspace of cross-file references, configs, stdin and limits', async () => {
    const dir = workspaceTree();
    const stdin = pod('containers:\n  - name: app\n    image: nginx:1.27\n    imagePulPolicy: Always\n');
    // A directory (one workspace), and a directory, stdin and files named (another).
    const named = ['team', '-', 'e-db-again.yaml', 'c-api.yaml', 'z-big.yaml', 'a-db.yaml', 'g-template.yaml', 'd-web.yaml', 'b-secret.yaml', 'f-typos.yaml'];
    for (const paths of [['.'], named])
      for (const format of FORMATS) {
        const [one, many] = await both(['--format', format, '--max-file-size-kb', '5', ...paths], dir, 3, stdin);
        assertSame(many, one, `${format} ${paths.join(' ')}`);
        assert.equal(one.status, 2, format); // the problem in team/.initlens.yaml
      }
    const [one] = await both(['.'], dir, 3);
    // The first definition of Service db (a-db.yaml, port 5432) is the one read, whichever worker indexed which file.
    assert.match(one.stdout, /c-api\.yaml:\d+:\d+: warning service-not-found: nc db 5433: the Service "db" \(a-db\.yaml\) exposes port 5432/);
    assert.match(one.stdout, /d-web\.yaml:\d+:\d+: warning service-not-found: nc dbb 5432: no Service "dbb"/);
    assert.match(one.stdout, /c-api\.yaml:\d+:\d+: warning config-reference-not-found: .*has no key "passwd"/);
    assert.match(one.stdout, /team\/worker\.yaml:\d+:\d+: error service-not-found: nc queue 6379/);
    assert.doesNotMatch(one.stdout, /skipped\.yaml/);
    assert.match(one.stderr, /team\/\.initlens\.yaml:.*no-such-rule/);
  });

  it('with --fix, fixes the same files the same way and reports the same', async () => {
    const files = {
      'a.yaml': DEPLOYMENT_WITH_TYPO,
      'b.yaml': DEPLOYMENT_WITH_TYPOS,
      'sub/c.yaml': DEPLOYMENT_WITH_TYPO.replace('name: web', 'name: other'),
      'sub/d.yaml': service('db', 5432),
      'read-only.yaml': DEPLOYMENT_WITH_TYPO,
    };
    const first = tree(files);
    const second = tree(files);
    for (const dir of [first, second]) fs.chmodSync(path.join(dir, 'read-only.yaml'), 0o444);
    const one = await run(['check', '--fix', '--jobs', '1', '.'], first);
    const many = await run(['check', '--fix', '--jobs', '3', '.'], second);
    assert.deepEqual(many, one);
    assert.match(one.stderr, /^fixed a\.yaml:15:11 schema: Change to `imagePullPolicy`$/m);
    assert.match(one.stderr, /not fixing read-only\.yaml/);
    for (const rel of Object.keys(files)) {
      assert.equal(fs.readFileSync(path.join(second, rel), 'utf8'), fs.readFileSync(path.join(first, rel), 'utf8'), rel);
      assert.equal(fs.statSync(path.join(second, rel)).mode, fs.statSync(path.join(first, rel)).mode, rel);
    }
    assert.notEqual(fs.readFileSync(path.join(first, 'a.yaml'), 'utf8'), DEPLOYMENT_WITH_TYPO);
    assert.deepEqual(fs.readdirSync(second).sort(), fs.readdirSync(first).sort());
  });

  it('checks hostile files on workers like one thread, and ends', async () => {
    const dir = tree({
      'bomb.yaml': aliasBomb(),
      'deep.yaml': nested(5000, 'flowSeq'),
      'deeper.yaml': nested(5000, 'blockMap'),
      'typos.yaml': DEPLOYMENT_WITH_TYPOS,
    });
    const [one, many] = await both(['--format', 'json', '.'], dir, 2);
    assert.deepEqual(many, one);
    assert.equal(JSON.parse(one.stdout).files.length, 4);
  });

  it('a worker that runs out of memory loses its file alone: reported, the others checked', async () => {
    const dir = tree({ 'a.yaml': DEPLOYMENT_WITH_TYPOS, 'big.yaml': manyDeployments(4 * 1024 * 1024), 'z.yaml': DEPLOYMENT_WITH_TYPO });
    // The workers get the heap limit of the process: 100 MB, less than the 4 MB file needs.
    const r = await run(['check', '--jobs', '2', '.'], dir, { nodeArgs: ['--max-old-space-size=100'] });
    const others = initlens(['check', '--jobs', '1', 'a.yaml', 'z.yaml', '--no-workspace'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^initlens: failed to check big\.yaml: the worker thread checking it stopped: .*memory/m);
    assert.equal(r.stdout, others.stdout);
  });

  it('--jobs takes a whole number of threads, 1 or more', () => {
    for (const [args, message] of [
      [['--jobs', '0'], 'invalid --jobs "0" (expected a whole number of threads, 1 or more)'],
      [['--jobs', 'abc'], 'invalid --jobs "abc" (expected a whole number of threads, 1 or more)'],
      [['--jobs=-2'], 'invalid --jobs "-2" (expected a whole number of threads, 1 or more)'],
      [['--jobs'], 'option --jobs needs a value'],
    ] as const) {
      const r = initlens(['check', 'x.yaml', ...args]);
      assert.deepEqual(r, { status: 2, stdout: '', stderr: `initlens: ${message}\nRun \`initlens --help\` for usage.\n` }, args.join(' '));
    }
  });
});
