/**
 * Large files: above `maxFileSizeKB` (editor 4096 KB by default, CLI 16384 KB) a file gets one
 * `not-analysed` information and is not parsed at all; below it, it is analysed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../../server/out/analysis/analyze';
import { DEFAULT_MAX_FILE_SIZE_KB, defaultOptions } from '../../../server/out/config/options';
import { readSettings } from '../../../server/out/lsp/settings';
import { completionsAt } from '../../../server/out/features/completion/index';
import { hoverAt } from '../../../server/out/features/hover/index';
import { lensAnchors } from '../../../server/out/features/codeLens';
import { fileSymbols } from '../../../server/out/features/symbols';
import { parseFile } from '../../../server/out/model/file';
import { initlens, tempTree } from '../cli/helpers';
import { manyDeployments, timedAnalysis } from './inputs';
import * as fs from 'node:fs';
import * as path from 'node:path';

const TOO_LARGE =
  /^the file is larger than (\d+) KB, so it is not analysed \(the limit is the setting initlens\.maxFileSizeKB, or the option --max-file-size-kb of initlens check\)$/;

test('a 10 MB file is skipped at once with one information (editor default)', async (t) => {
  const text = manyDeployments(10 * 1024 * 1024);
  const { value, ms } = await timedAnalysis(text, defaultOptions());
  t.diagnostic(`10 MB (${text.length} characters): ${ms.toFixed(0)} ms`);
  assert.equal(value.diagnostics.length, 1);
  const [d] = value.diagnostics;
  assert.equal(d.rule, 'not-analysed');
  assert.equal(d.severity, 'info');
  assert.match(d.message, TOO_LARGE);
  assert.equal(TOO_LARGE.exec(d.message)![1], String(DEFAULT_MAX_FILE_SIZE_KB));
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
  // Features have nothing to work on, and answer at once.
  const model = parseFile(text, undefined, { maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB });
  const t0 = performance.now();
  for (const offset of [0, text.length >> 1, text.length]) {
    assert.equal(hoverAt(model, offset, defaultOptions()), undefined);
    assert.deepEqual(completionsAt(model, offset, defaultOptions()), []);
  }
  assert.deepEqual(lensAnchors(model), []);
  assert.deepEqual(fileSymbols(model), []);
  assert.ok(performance.now() - t0 < 1000);
});

test('the limit is configurable: lower, higher, or 0 for none; sizes count UTF-8 bytes', async () => {
  const text = manyDeployments(300 * 1024);
  assert.equal((await timedAnalysis(text, { ...defaultOptions(), maxFileSizeKB: 200 })).value.diagnostics[0].rule, 'not-analysed');
  const analysed = await timedAnalysis(text, { ...defaultOptions(), maxFileSizeKB: 400 });
  assert.ok(analysed.value.diagnostics.length > 0 && analysed.value.diagnostics.every((d) => d.rule !== 'not-analysed'));
  assert.ok(!(await timedAnalysis(text, { ...defaultOptions(), maxFileSizeKB: 0 })).value.diagnostics.some((d) => d.rule === 'not-analysed'));
  // 1024 characters of 3 bytes each are 3 KB: over a 2 KB limit; 2048 ASCII characters are not.
  assert.ok(parseFile('€'.repeat(1024), undefined, { maxFileSizeKB: 2 }).notAnalysed);
  assert.equal(parseFile('x'.repeat(2048), undefined, { maxFileSizeKB: 2 }).notAnalysed, undefined);
  assert.equal(parseFile('😀'.repeat(512), undefined, { maxFileSizeKB: 2 }).notAnalysed, undefined);
  assert.ok(parseFile('😀'.repeat(513), undefined, { maxFileSizeKB: 2 }).notAnalysed);
});

test('below the limit, a 1 MB file of 2,000 workloads is analysed in bounded time', async (t) => {
  const text = manyDeployments(1024 * 1024);
  const model = parseFile(text, undefined, {});
  const t0 = performance.now();
  const analysis = await analyzeFile(model, defaultOptions(), { yieldEveryMs: 10 });
  const ms = performance.now() - t0;
  t.diagnostic(`1 MB, ${model.documents.length} documents: analysis ${ms.toFixed(0)} ms`);
  assert.ok(analysis && analysis.failures.length === 0);
  assert.ok(ms < 60_000, `took ${ms.toFixed(0)} ms`);
});

test('initlens.maxFileSizeKB: a whole number of kilobytes, 0 for no limit; anything else is ignored with a warning', () => {
  assert.equal(readSettings({ initlens: { maxFileSizeKB: 64 } }).options.maxFileSizeKB, 64);
  assert.equal(readSettings({ maxFileSizeKB: 0 }).options.maxFileSizeKB, 0);
  assert.equal(readSettings({}).options.maxFileSizeKB, undefined);
  for (const bad of [-1, 1.5, '64', true]) {
    const r = readSettings({ maxFileSizeKB: bad });
    assert.equal(r.options.maxFileSizeKB, undefined);
    assert.match(r.warnings.join('\n'), /ignoring initlens\.maxFileSizeKB = .*: expected a whole number of kilobytes, 0 for no limit; using 4096/);
  }
});

test('package.json declares initlens.maxFileSizeKB with the engine default', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
  const setting = pkg.contributes.configuration.properties['initlens.maxFileSizeKB'];
  assert.equal(setting.default, DEFAULT_MAX_FILE_SIZE_KB);
  assert.equal(setting.minimum, 0);
});

test('initlens check --max-file-size-kb: the same limit on the command line', () => {
  const dir = tempTree({ 'big.yaml': manyDeployments(3 * 1024), 'small.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' });
  const r = initlens(['check', '--max-file-size-kb', '2', 'big.yaml', 'small.yaml'], { cwd: dir });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^big\.yaml:1:1: info not-analysed: the file is larger than 2 KB, so it is not analysed \(/);
  assert.match(r.stdout, /1 info in 2 files\n$/);
  const none = initlens(['check', '--max-file-size-kb', '0', '--format', 'json', 'big.yaml'], { cwd: dir });
  assert.ok(!none.stdout.includes('not-analysed'));
});
