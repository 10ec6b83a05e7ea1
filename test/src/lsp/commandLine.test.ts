/** `initlens-language-server --help | --version | (no transport)`: print and exit. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { assertServerBuilt, ROOT, SERVER_BIN } from './client';

function run(...args: string[]) {
  assertServerBuilt();
  return spawnSync(process.execPath, [SERVER_BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 10_000, input: '' });
}

describe('language server command line', () => {
  it('--version prints the package version and exits 0', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = run('--version');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${version}\n`);
  });

  it('--help prints the usage and exits 0', () => {
    const r = run('--help');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: initlens-language-server --stdio \| --node-ipc/);
    assert.match(r.stdout, /initlens\.kubernetesVersion/);
    assert.equal(r.stderr, '');
  });

  it('no transport: usage on stderr, exit 2, nothing on stdout', () => {
    const r = run();
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no transport given/);
  });
});
