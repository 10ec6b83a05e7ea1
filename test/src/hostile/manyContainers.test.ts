/**
 * 50,000 containers in one pod (3.9 MB): rules and features stay bounded. The schema bridge stops
 * at 200,000 nodes and says so; every other rule is linear in the containers. Each feature is
 * called at the start, the middle and the end (the fuzzer's exercise would re-analyse the file for
 * every fix: too slow here). Bounds are ratios to the `yaml` library parsing the same text in the
 * same run (the cheaper of two parses), so a loaded machine slows both sides: a feature quadratic
 * in the containers would cost thousands of parses, a linear one costs a few.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineCounter, parseAllDocuments } from 'yaml';
import { analyzeFile } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';
import { lensAnchors, lensTitle } from '../../../server/out/features/codeLens';
import { completionsAt } from '../../../server/out/features/completion/index';
import { hoverAt } from '../../../server/out/features/hover/index';
import { definition, prepareRename, references } from '../../../server/out/features/navigation';
import { filePlans, planAt } from '../../../server/out/features/startup';
import { fileSymbols } from '../../../server/out/features/symbols';
import { parseFile } from '../../../server/out/model/file';
import { manyContainers } from './inputs';
import { DEFAULT_KUBERNETES_VERSION } from '../../../server/out/config/options';

test('50,000 containers in one pod', async (t) => {
  const text = manyContainers(50_000);
  const times: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    times[name] = Math.max(times[name] ?? 0, performance.now() - t0);
    return out;
  };
  const rawParse = () => {
    const t0 = performance.now();
    parseAllDocuments(text, { lineCounter: new LineCounter() });
    return performance.now() - t0;
  };
  const baseline = Math.min(rawParse(), rawParse());
  const options = defaultOptions();
  const model = await time('parse', () => parseFile(text, undefined, {}));
  const analysis = (await time('analysis', () => analyzeFile(model, options)))!;
  assert.deepEqual(analysis.failures, []);
  assert.ok(analysis.diagnostics.some((d) => d.rule === 'schema' && d.severity === 'info' && /^schema validation skipped/.test(d.message)));
  const middle = text.indexOf('- name: c25000') + 9;
  for (const offset of [text.indexOf('- name: init') + 9, middle, text.length - 2]) {
    await time('hover', () => hoverAt(model, offset, options));
    await time('completion', () => completionsAt(model, offset, options));
    await time('definition', () => definition(model, offset));
    await time('references', () => references(model, offset));
    await time('prepareRename', () => prepareRename(model, offset));
    await time('planAt', () => planAt(model, model.lines.positionAt(offset), DEFAULT_KUBERNETES_VERSION));
  }
  const anchors = await time('lenses', () => lensAnchors(model));
  for (const a of anchors) await time('lensTitle', () => lensTitle(model, a, DEFAULT_KUBERNETES_VERSION));
  await time('symbols', () => fileSymbols(model));
  await time('filePlans', () => filePlans(model, DEFAULT_KUBERNETES_VERSION));
  const ratio = (ms: number) => `${(ms / baseline).toFixed(2)}×`;
  t.diagnostic(
    `yaml parse ${baseline.toFixed(0)} ms; ` +
      Object.entries(times)
        .map(([k, v]) => `${k} ${v.toFixed(0)} ms (${ratio(v)})`)
        .join(', '),
  );
  assert.ok(times.parse + times.analysis < 15 * baseline, `parse and analysis took ${ratio(times.parse + times.analysis)} of the yaml parse`);
  for (const [k, v] of Object.entries(times)) if (k !== 'parse' && k !== 'analysis') assert.ok(v < 20 * baseline, `${k} took ${ratio(v)} of the yaml parse`);
});

test('one large document: the analysis yields between rules, and a cancellation stops it there', async () => {
  const text = manyContainers(2_000);
  const model = parseFile(text, undefined, {});
  assert.equal(model.documents.length, 1);
  let checks = 0;
  // Once before the document, then before each rule: the fifth check is inside the document.
  const cancelled = await analyzeFile(model, defaultOptions(), { yieldEveryMs: 0, isCancelled: () => ++checks >= 5 });
  assert.equal(cancelled, undefined);
  assert.equal(checks, 5);
  // Nothing of the unfinished document was kept: analysed again, it gives what a fresh parse gives.
  const full = await analyzeFile(model, defaultOptions(), { yieldEveryMs: 0, isCancelled: () => false });
  const fresh = await analyzeFile(parseFile(text, undefined, {}), defaultOptions());
  const show = (a: typeof full) => a!.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.rule} ${d.message}`);
  assert.ok(full && full.diagnostics.length > 0);
  assert.deepEqual(show(full), show(fresh));
});
