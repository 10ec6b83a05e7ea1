/**
 * One document with hundreds of findings that offer quick fixes. Each fix is an edit the edit
 * layer checks by parsing the whole document again, so fixes are built when a client asks for
 * them (a code action, `--fix`, JSON output), not while analysing: before, 300 containers of
 * 96 KB took minutes to analyse.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';
import { parseFile } from '../../../server/out/model/file';
import { checkFix } from '../fixGuarantee';
import { manyFindings } from './inputs';

test('300 init and 300 app containers, each with findings that have fixes: analysed in bounded time, fixes built on request', async (t) => {
  const text = manyFindings(300);
  // At 1.33 the init containers' `OnFailure` and the app containers' `Always` are errors with fixes.
  const options = { ...defaultOptions(), kubernetesVersion: { major: 1, minor: 33 } };
  const model = parseFile(text, undefined, {});
  const t0 = performance.now();
  const analysis = (await analyzeFile(model, options))!;
  const ms = performance.now() - t0;
  t.diagnostic(`${(text.length / 1024).toFixed(0)} KB, ${analysis.diagnostics.length} diagnostics: analysis ${ms.toFixed(0)} ms`);
  assert.deepEqual(analysis.failures, []);
  const rules = new Set(analysis.diagnostics.map((d) => d.rule));
  for (const rule of [
    'init-restart-policy-value',
    'init-forbidden-field',
    'init-ports-ignored',
    'secret-literal-in-env',
    'env-reference-undefined',
    'exec-form-shell-syntax',
    'schema',
    'restart-policy-on-app-container',
    'env-reference-without-shell',
    'volume-mount-undefined',
    'port-invalid',
  ]) {
    assert.ok(rules.has(rule), `${rule} is reported`);
  }
  assert.ok(analysis.diagnostics.length > 3000, `${analysis.diagnostics.length} diagnostics`);
  // Seconds, not minutes, even on a busy machine.
  assert.ok(ms < 20_000, `analysis took ${ms.toFixed(0)} ms`);
  // The fixes are there when asked for, and keep the fix guarantee: one diagnostic of each rule.
  const seen = new Set<string>();
  for (const d of analysis.diagnostics) {
    if (seen.has(d.rule) || d.fixes.length === 0) continue;
    seen.add(d.rule);
    await checkFix(text, d, d.fixes[0], d.rule, options, analysis);
  }
  assert.ok(seen.size >= 9, `fixes of ${[...seen].join(', ')}`);
  // Every fix, as `initlens check --format json` builds them: each checks the containers it edits,
  // not the whole pod (it took minutes when each fix parsed and compared the whole document).
  const t1 = performance.now();
  const fixes = analysis.diagnostics.reduce((n, d) => n + d.fixes.length, 0);
  const all = performance.now() - t1;
  t.diagnostic(`every fix built: ${fixes} fixes in ${all.toFixed(0)} ms`);
  assert.ok(fixes > 3000, `${fixes} fixes`);
  assert.ok(all < 60_000, `building every fix took ${all.toFixed(0)} ms`);
});
