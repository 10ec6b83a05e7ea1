/**
 * `.vscodeignore` ships docs/rules/ (diagnostics link to those pages) and nothing else of docs/:
 * every other entry of docs/ is listed there, as `docs/<file>` or `docs/<folder>/**`.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');

test('.vscodeignore leaves out every docs/ entry except docs/rules/', () => {
  const patterns = new Set(
    fs
      .readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  const shipped = fs
    .readdirSync(path.join(ROOT, 'docs'), { withFileTypes: true })
    .filter((e) => e.name !== 'rules')
    .filter((e) => !patterns.has(e.isDirectory() ? `docs/${e.name}/**` : `docs/${e.name}`))
    .map((e) => e.name);
  assert.deepEqual(shipped, []);
  assert.equal(patterns.has('docs/rules/**'), false);
});
