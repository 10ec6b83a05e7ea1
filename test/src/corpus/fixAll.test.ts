/**
 * `--fix` over a whole file: after every safe fix is applied to a real manifest or a fixture, the
 * file still parses, has no duplicate key, and has no error that the original did not have.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { fixText } from '../../../server/out/analysis/fixAll';
import { defaultOptions, type AnalysisOptions } from '../../../server/out/config/options';
import { parseFixture } from '../fixtures';
import { POD_WITH_TWO_RESOURCES_TYPOS } from '../manifests';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

/** Errors by rule and message (suggestions in parentheses left out: they follow the keys around). */
function errors(diagnostics: readonly { severity: string; rule: string; message: string }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of diagnostics) {
    if (d.severity !== 'error') continue;
    const key = `${d.rule}: ${d.message.replace(/ \(did you mean [^)]*\)/g, '')}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

async function checkWholeFile(name: string, text: string, options: AnalysisOptions): Promise<string[]> {
  const before = await analyzeText(text, options);
  const fixed = await fixText(text, options);
  if (fixed.text === text) return [];
  const problems: string[] = [];
  const after = await analyzeText(fixed.text, options);
  const was = errors(before.diagnostics);
  for (const [key, n] of errors(after.diagnostics)) if (n > (was.get(key) ?? 0)) problems.push(`${name}: --fix added ${key}`);
  const duplicates = (d: { rule: string; message: string }[]) =>
    d.filter((x) => x.rule === 'yaml-syntax' && x.message.startsWith('a key appears twice')).length;
  if (duplicates(after.diagnostics) > duplicates(before.diagnostics)) problems.push(`${name}: --fix made a duplicate key`);
  const syntax = (d: { rule: string }[]) => d.filter((x) => x.rule === 'yaml-syntax').length;
  if (syntax(after.diagnostics) > syntax(before.diagnostics)) problems.push(`${name}: --fix broke the YAML`);
  return problems;
}

function fixtureFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? fixtureFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

test('--fix keeps every fixture whole: it parses, no duplicate key, no new error', async () => {
  const files = fixtureFiles(FIXTURES);
  assert.ok(files.length > 50, `expected the rule fixtures, found ${files.length}`);
  const problems: string[] = [];
  let changed = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const { options } = parseFixture(text);
    if ((await fixText(text, options)).text !== text) changed++;
    problems.push(...(await checkWholeFile(path.relative(FIXTURES, file), text, options)));
  }
  assert.deepEqual(problems, []);
  assert.ok(changed > 10, `--fix changed only ${changed} fixtures`);
});

test('--fix keeps every real manifest whole', { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` }, async () => {
  const problems: string[] = [];
  for (const f of fs.readdirSync(CORPUS).filter((n) => /\.ya?ml$/.test(n))) {
    problems.push(...(await checkWholeFile(f, fs.readFileSync(path.join(CORPUS, f), 'utf8'), defaultOptions())));
  }
  assert.deepEqual(problems, []);
});

test('two typos fixed to the same key: one is fixed, the other skipped with the reason', async () => {
  const text = POD_WITH_TWO_RESOURCES_TYPOS;
  const r = await fixText(text, defaultOptions());
  assert.equal(r.text, text.replace('resourcse:', 'resources:'));
  assert.deepEqual(
    r.applied.map((a) => a.fix.title),
    ['Change to `resources`'],
  );
  assert.deepEqual(
    r.skipped.map((s) => [s.diagnostic.range.start.line, s.reason]),
    [[10, 'yaml-syntax: a key appears twice in the same mapping: Map keys must be unique']],
  );
});

test('a Job with a RestartPolicy typo and no restartPolicy: the typo is fixed, no second policy added', async () => {
  const text = [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: j',
    'spec:',
    '  template:',
    '    spec:',
    '      RestartPolicy: OnFailure',
    '      containers:',
    '        - name: work',
    '          image: busybox:1.36',
    '          command: ["true"]',
    '',
  ].join('\n');
  const r = await fixText(text, defaultOptions());
  assert.equal(r.text, text.replace('RestartPolicy:', 'restartPolicy:'));
  assert.deepEqual(
    r.applied.map((a) => `${a.diagnostic.rule}: ${a.fix.title}`),
    ['schema: Change to `restartPolicy`'],
  );
  assert.deepEqual(
    r.skipped.map((s) => `${s.diagnostic.rule}: ${s.fix.title}: ${s.reason}`),
    ['pod-restart-policy-invalid: Set restartPolicy to Never: yaml-syntax: a key appears twice in the same mapping: Map keys must be unique'],
  );
  assert.deepEqual(
    r.analysis.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
});
