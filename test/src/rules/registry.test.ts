/**
 * The registry is the contract: every id is unique, lives in a file of its own name, has a page in
 * docs/rules/ listed in docs/rules/README.md, and is in the catalogue (../shared/docs/rules.md)
 * or documented there as an addition.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ALL_RULE_INFOS, RULES } from '../../../server/out/rules/index';

const ROOT = path.resolve(__dirname, '../../..');
const CATALOGUE = path.resolve(ROOT, '../shared/docs/rules.md');
const ADDED = ['active-deadline-seconds-forbidden', 'pod-template-by-shape'];

test('rule ids are unique and each rule is one file named after its id', () => {
  const ids = ALL_RULE_INFOS.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of RULES) assert.ok(fs.existsSync(path.join(ROOT, 'server', 'src', 'rules', `${r.id}.ts`)), `server/src/rules/${r.id}.ts`);
});

test('every rule has a documentation page, listed in docs/rules/README.md with its default severity', () => {
  const index = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'README.md'), 'utf8');
  for (const r of ALL_RULE_INFOS) {
    const page = fs.readFileSync(path.join(ROOT, 'docs', 'rules', `${r.id}.md`), 'utf8');
    assert.ok(page.startsWith(`# ${r.id}\n`), `docs/rules/${r.id}.md title`);
    assert.ok(index.includes(`| [\`${r.id}\`](${r.id}.md) | ${r.defaultSeverity} |`), `docs/rules/README.md row for ${r.id}`);
  }
});

test('every id is in the catalogue, or documented as an addition', { skip: !fs.existsSync(CATALOGUE) && 'no ../shared catalogue' }, () => {
  const catalogue = fs.readFileSync(CATALOGUE, 'utf8');
  const index = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'README.md'), 'utf8');
  for (const r of ALL_RULE_INFOS) {
    if (ADDED.includes(r.id)) assert.match(index, new RegExp(`\`${r.id}\` is not in the original catalogue`));
    else assert.ok(catalogue.includes(`| \`${r.id}\` |`), `${r.id} is not in rules.md`);
  }
});

test('every rule id has fixtures in test/fixtures/<id>/ that expect it, and every fixture folder is a rule id', () => {
  const FIXTURES = path.join(ROOT, 'test', 'fixtures');
  // initlens-disable comments, across rules; pod templates in each custom resource of model/customResources.ts, across rules.
  const OTHER_FOLDERS = ['suppression', 'custom-resources'];
  const ids = ALL_RULE_INFOS.map((r) => r.id);
  for (const id of ids) {
    const dir = path.join(FIXTURES, id);
    assert.ok(fs.existsSync(dir) && fs.statSync(dir).isDirectory(), `test/fixtures/${id}/ is missing`);
    const expecting = new RegExp(`^\\s*#\\s*(?:\\^+|expect \\S+)\\s+(?:error|warning|info|hint)\\s+${id}\\b`, 'm');
    const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    assert.ok(
      files.some((f) => expecting.test(fs.readFileSync(path.join(dir, f), 'utf8'))),
      `no fixture in test/fixtures/${id}/ expects a ${id} diagnostic`,
    );
  }
  const folders = fs.readdirSync(FIXTURES).filter((f) => fs.statSync(path.join(FIXTURES, f)).isDirectory());
  assert.deepEqual(
    folders.filter((f) => !ids.includes(f) && !OTHER_FOLDERS.includes(f)),
    [],
    'fixture folders that name no rule id',
  );
});
