/** Runs the real `initlens` command (bin/initlens.js → dist/cli.js) on files in a temp dir. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'node:test';
import { deployment, pod } from '../manifests';

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI_BIN = path.join(ROOT, 'bin', 'initlens.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function assertCliBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
    throw new Error('dist/cli.js is missing: build first (`npx tsc -b && node scripts/bundle.mjs`)');
  }
}

export function initlens(args: readonly string[], opts: { cwd?: string; input?: string | Buffer; env?: Record<string, string>; uid?: number } = {}): Run {
  assertCliBuilt();
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  if (!opts.env || !('NO_COLOR' in opts.env)) delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env,
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
    // Run as another user (a test running as root that needs what root may not do).
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }),
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temp dir with `files` (relative path → content) written into it. */
export function tempTree(files: Record<string, string | Buffer> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** `tempTree` for the tests of one file: each tree is removed after the test that made it. */
export function treesPerTest(): (files: Record<string, string | Buffer>) => string {
  const dirs: string[] = [];
  afterEach(() => {
    while (dirs.length) removeTree(dirs.pop() as string);
  });
  return (files) => {
    const dir = tempTree(files);
    dirs.push(dir);
    return dir;
  };
}

/** A Deployment with two schema errors: a typo in an init container and a quoted port. */
export const DEPLOYMENT_WITH_TYPOS = deployment(
  [
    'initContainers:',
    '  - name: init',
    '    image: busybox:1.36',
    '    imagePulPolicy: IfNotPresent', // line 15, `imagePulPolicy` at columns 11–24
    'containers:',
    '  - name: app',
    '    image: nginx:1.27',
    '    ports:',
    '      - containerPort: "80"', // line 20, `"80"` at columns 30–33
    '',
  ].join('\n'),
);

/** The same Deployment with the typo only (fixable, so `--fix` leaves no error). */
export const DEPLOYMENT_WITH_TYPO = DEPLOYMENT_WITH_TYPOS.replace('containerPort: "80"', 'containerPort: 80');

export const CLEAN_POD = pod('containers:\n  - name: app\n    image: nginx:1.27\n', { name: 'clean' });

export const TYPO_MESSAGE = 'spec.template.spec.initContainers[0].imagePulPolicy: unknown field "imagePulPolicy" (did you mean "imagePullPolicy"?)';
export const PORT_MESSAGE = 'spec.template.spec.containers[0].ports[0].containerPort: expected integer, got string "80"';
export const TYPO_FIX_TITLE = 'Change to `imagePullPolicy`';
export const HELM_MESSAGE =
  'this file is a Helm/Go template ({{ … }}), not YAML yet, so it is not analysed: render it with `helm template` and pipe it to `initlens check -`';
export const BINARY_MESSAGE = 'binary content or text that is not valid UTF-8: the file is not analysed';

export function range(line: number, character: number, endLine: number, endCharacter: number) {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}
