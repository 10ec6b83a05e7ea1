/** A 1 MB single line, a 100 kB script in `args`, names of 100 kB: bounded time, no failure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultOptions } from '../../../server/out/config/options';
import { bigScript, describeProblems, probe, timedAnalysis } from './inputs';

test('a 1 MB single line (a quoted value)', async (t) => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {blob: "${'x'.repeat(1024 * 1024)}"}\n`;
  const { value, ms } = await timedAnalysis(text);
  t.diagnostic(`${ms.toFixed(0)} ms`);
  assert.deepEqual(value.failures, []);
  const r = await probe(text, defaultOptions(), 20, 2000);
  t.diagnostic(`features: slowest ${r.slowest.call} ${r.slowest.ms.toFixed(0)} ms`);
  assert.deepEqual(describeProblems(r), []);
});

test('a 160 kB single line: a flow Pod of 6,000 containers', async (t) => {
  const containers = Array.from({ length: 6000 }, (_, i) => `{name: c${i}, image: b:1}`).join(', ');
  const text = `{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [${containers}]}}\n`;
  const { value, ms } = await timedAnalysis(text);
  t.diagnostic(`${text.length} characters: ${ms.toFixed(0)} ms`);
  assert.deepEqual(value.failures, []);
  const r = await probe(text, defaultOptions(), 8, 5000, 10);
  t.diagnostic(`features: slowest ${r.slowest.call} ${r.slowest.ms.toFixed(0)} ms`);
  assert.deepEqual(describeProblems(r), []);
});

test('a script of 100 kB in args: every rule reads it in bounded time', async (t) => {
  const text = bigScript(100 * 1024);
  const { value, ms } = await timedAnalysis(text);
  t.diagnostic(`${text.length} characters: ${ms.toFixed(0)} ms (was 1.8 s: errexitAt re-read the script for every command)`);
  assert.deepEqual(value.failures, []);
  assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  const r = await probe(text, defaultOptions(), 20, 1000);
  assert.deepEqual(describeProblems(r), []);
});

test('names of 100 kB: no quadratic "did you mean" (it ran out of memory)', async (t) => {
  const long = 'v'.repeat(100 * 1024);
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  volumes: [{name: ${long}a, emptyDir: {}}]
  containers:
  - name: c
    image: b:1
    env: [{name: ${'A'.repeat(100 * 1024)}B, value: x}]
    args: ["$(${'A'.repeat(100 * 1024)}C)"]
    volumeMounts: [{name: ${long}b, mountPath: /a}]
`;
  const { value, ms } = await timedAnalysis(text);
  t.diagnostic(`${ms.toFixed(0)} ms`);
  assert.deepEqual(value.failures, []);
  assert.ok(value.diagnostics.some((d) => d.rule === 'volume-mount-undefined'));
  assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
});
