/**
 * What ships of docs/, in the npm package and the .vsix alike (both take package.json `files`):
 * the rule pages (diagnostics link to them) and the configuration reference, nothing else — not
 * docs/performance.md or docs/reliability.md.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');

test('package.json files ships docs/rules/ and docs/configuration.md, no other docs/ entry', () => {
  const files = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;
  const docs = files.filter((f) => f.startsWith('docs'));
  assert.deepEqual(docs.sort(), ['docs/configuration.md', 'docs/rules/']);
  for (const entry of fs.readdirSync(path.join(ROOT, 'docs'))) {
    const shipped = files.some((f) => f === `docs/${entry}` || f === `docs/${entry}/` || f === 'docs/' || f === 'docs');
    assert.equal(shipped, entry === 'rules' || entry === 'configuration.md', `docs/${entry}`);
  }
  assert.ok(fs.existsSync(path.join(ROOT, 'docs/reliability.md')) && fs.existsSync(path.join(ROOT, 'docs/performance.md')));
});
