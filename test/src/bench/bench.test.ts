/**
 * `npm run bench` keeps working: its tiny version (N = 10, a few corpus files, one run of each
 * measurement, yaml-language-server offline) runs end to end and prints all nine measurements.
 * Nothing about time is asserted: timings of a tiny run on a shared machine mean nothing.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');

test('the benchmark script runs (tiny) and reports all nine measurements', () => {
  const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-bench-test-')), 'bench.json');
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bench/bench.mjs'), '--tiny', '--json', json], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `bench exited with ${run.status}: ${run.stderr}`);
  const { tiny, rows } = JSON.parse(fs.readFileSync(json, 'utf8')) as { tiny: boolean; rows: { measurement: string; value: string }[] };
  fs.rmSync(path.dirname(json), { recursive: true, force: true });
  assert.equal(tiny, true);
  const measured = [...new Set(rows.map((r) => Number(r.measurement.split(' ')[0])))].sort();
  assert.deepEqual(measured, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  for (const r of rows) assert.ok(r.value, `${r.measurement}: a value`);
  assert.match(run.stdout, /\| measurement \| input \| initlens \|/);
});
