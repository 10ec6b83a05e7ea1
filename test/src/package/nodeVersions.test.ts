/**
 * The CLI and language-server tests (the `process` tier: cli, lsp, security, repoConfig) run again
 * on Node 22 and 24, each a child `node --test` run by that Node, so the CLI and the server they
 * start (`process.execPath`) are that Node too. The machine's Node 20 runs them in the tier itself.
 * The binaries come from npm (scripts/node-versions.mjs), as for the package test.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '../../..');

function processTierFiles(): string[] {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'test.mjs'), '--list', 'process'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

/** The `not ok` line at `at` and its YAML block up to the closing `...` (at most 40 lines). */
function failureBlock(lines: string[], at: number): string[] {
  const end = lines.findIndex((l, i) => i > at && /^\s*\.\.\.$/.test(l));
  return lines.slice(at, Math.min(end < 0 ? lines.length : end, at + 40));
}

/** Runs `node --test FILES` with `node`; resolves with the exit status and the summary lines. */
function runTests(node: string, files: string[]): Promise<{ status: number | null; summary: string[]; failures: string[]; details: string }> {
  return new Promise((resolve, reject) => {
    // Not NODE_TEST_CONTEXT: the outer runner sets it, and a child run with it reports to that runner instead of printing.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT'));
    const child = spawn(node, ['--test', '--test-reporter=tap', '--test-timeout=1200000', ...files], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => {
      const lines = out.split('\n');
      resolve({
        status,
        summary: lines.filter((l) => /^# (tests|pass|fail) \d+/.test(l)),
        failures: lines.filter((l) => /^\s*not ok /.test(l)),
        // Each failure with the YAML block after it (the assertion's message), for the report.
        details: lines.flatMap((l, i) => (/^\s*not ok /.test(l) ? failureBlock(lines, i) : [])).join('\n'),
      });
    });
  });
}

for (const major of [22, 24]) {
  test(`the CLI and language-server tests pass on Node ${major}`, async (t) => {
    const script = pathToFileURL(path.join(ROOT, 'scripts', 'node-versions.mjs')).href;
    const { nodeBinary } = (await import(script)) as { nodeBinary(major: number): Promise<string> };
    const node = await nodeBinary(major);
    assert.match(spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout, new RegExp(`^v${major}\\.`));
    const files = processTierFiles();
    assert.ok(files.length > 10, files.join(', '));
    const run = await runTests(node, files);
    for (const line of run.summary) t.diagnostic(`Node ${major}: ${line.slice(2)}`);
    assert.deepEqual(run.failures, [], `Node ${major}: failing tests\n${run.details}`);
    assert.equal(run.status, 0, `Node ${major}: node --test exited ${run.status}`);
    assert.ok(
      run.summary.some((l) => /^# pass [1-9]/.test(l)),
      run.summary.join('\n'),
    );
  });
}
