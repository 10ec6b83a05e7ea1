/**
 * Property (issue 15): a rule's time grows at most linearly with its input. For each generator
 * of an input that used to be super-linear (test/src/fuzz/superlinear.ts), the time for 2n units
 * is compared with the time for n: linear gives about 2, quadratic 4. The best of five runs of
 * each size is taken (the machine is shared); the test asserts ratios, never absolute times.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { fixText } from '../../../server/out/analysis/fixAll';
import { defaultOptions } from '../../../server/out/config/options';
import { formatJson } from '../../../server/out/cli/format/json';
import { SUPERLINEAR_GENERATORS, type SuperlinearKind } from '../fuzz/superlinear';

/** At most this ratio between the time for 2n and for n (linear: 2; quadratic: 4). */
const MAX_RATIO = 3;

type Step = (text: string) => Promise<unknown>;

const analyse: Step = (text) => analyzeText(text, defaultOptions());
/** As `--format json` does: every fix is built. */
const report: Step = async (text) => formatJson([{ path: 'x.yaml', diagnostics: (await analyzeText(text, defaultOptions())).diagnostics }]);
/** As `--fix` does. */
const fix: Step = (text) => fixText(text, defaultOptions());

async function best(step: Step, text: string): Promise<number> {
  let min = Infinity;
  for (let run = 0; run < 5; run++) {
    const t = process.hrtime.bigint();
    await step(text);
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return min;
}

const CASES: [SuperlinearKind, number, string, Step][] = [
  ['mounts', 1000, 'analysis', analyse],
  ['mounts', 1000, 'JSON report', report],
  ['envRefs', 1000, 'analysis', analyse],
  ['envValues', 2000, 'analysis', analyse],
  // Fast per unit: large enough that a collector pause cannot double the small run's time.
  ['equals', 500_000, 'analysis', analyse],
  ['waitLoops', 1000, 'JSON report', report],
  ['waitLoops', 1000, '--fix', fix],
];

for (const [kind, n, what, step] of CASES) {
  test(`${kind}: ${what} time grows at most linearly (${n} → ${2 * n})`, async () => {
    const generate = SUPERLINEAR_GENERATORS[kind];
    await step(generate(n / 10)); // warm up the engine's code paths
    const small = await best(step, generate(n));
    const large = await best(step, generate(2 * n));
    const ratio = large / Math.max(small, 1);
    assert.ok(ratio < MAX_RATIO, `${kind} ${what}: ${small.toFixed(0)} ms for ${n}, ${large.toFixed(0)} ms for ${2 * n} (×${ratio.toFixed(2)})`);
  });
}
