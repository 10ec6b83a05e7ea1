/**
 * Billion laughs: nine levels of nine aliases (~387 million nodes if expanded). The schema rule
 * refuses it with one information; no other rule or feature expands the aliases.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultOptions } from '../../../server/out/config/options';
import { aliasBomb, describeProblems, probe, timedAnalysis } from './inputs';

test('an alias bomb is refused quickly with one information, and nothing expands it', async (t) => {
  const text = aliasBomb();
  const { value, ms } = await timedAnalysis(text);
  t.diagnostic(`analysis: ${ms.toFixed(0)} ms, ${value.diagnostics.length} diagnostic(s)`);
  assert.deepEqual(value.failures, []);
  const skipped = value.diagnostics.filter((d) => d.rule === 'schema' && d.severity === 'info' && /^schema validation skipped/.test(d.message));
  assert.equal(skipped.length, 1, value.diagnostics.map((d) => `${d.rule}: ${d.message}`).join('\n'));
  assert.ok(ms < 3000, `analysis took ${ms.toFixed(0)} ms`);
  // Every feature at 40 places, every fix, the disable action: no call over a second.
  const r = await probe(text, defaultOptions(), 40, 1000);
  t.diagnostic(`features: ${r.calls} calls, slowest ${r.slowest.call} ${r.slowest.ms.toFixed(0)} ms`);
  assert.deepEqual(describeProblems(r), []);
});

test('an alias that refers to itself, and aliases to undefined anchors, do not loop', async () => {
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: &c\n  - name: a\n    image: b\n    args: *c\n    env: *nowhere\n  initContainers: *c\n';
  const r = await probe(text, defaultOptions(), 60, 1000);
  assert.deepEqual(describeProblems(r), []);
});
