/**
 * The fixed-seed slice of the fuzzer that `npm test` runs: SLICE_RUNS mutated inputs (seed files
 * from ../shared/corpus/real when it is there, and the project's fixtures), each through parsing,
 * every rule, every fix offered (applied and checked against the guarantee), the disable action,
 * and hover, completion, definition, references, rename, lenses, symbols and startup plans at
 * random offsets. Properties: nothing throws, no rule fails, no call takes a second, every fix
 * keeps the guarantee, every span returned is inside the text.
 *
 * A failure prints the case and how to replay it: `npm run fuzz -- --profile slice --seed SEED
 * --from INDEX --runs 1` (it writes the input, minimised, to a folder it names).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCampaign } from './campaign';
import { SLICE } from './mutate';

export const SLICE_SEED = 20250601;
export const SLICE_RUNS = 2000;

test(`fuzz: ${SLICE_RUNS} mutated inputs (seed ${SLICE_SEED}) keep every property`, { timeout: 600_000 }, async (t) => {
  const result = await runCampaign({ runs: SLICE_RUNS, seed: SLICE_SEED, profile: SLICE, settings: { slowMs: 1000, maxFixes: 6, maxDisables: 2 } });
  t.diagnostic(
    `${result.runs} inputs (${(result.bytes / 1e6).toFixed(1)} M characters) from ${result.seeds} seed files${result.corpus ? '' : ' (no corpus: fixtures only)'}, ${result.calls} engine calls in ${(result.elapsedMs / 1000).toFixed(1)} s; slowest call: ${result.slowest.call} ${Math.round(result.slowest.ms)} ms`,
  );
  assert.equal(result.runs, SLICE_RUNS);
  const report = result.failures.map(
    (f) =>
      `${f.problem.property} in ${f.problem.call}${f.problem.rule ? ` (${f.problem.rule})` : ''}: ${f.problem.message} — ${f.count} case(s), first #${f.index} from ${f.seedName}; replay: npm run fuzz -- --profile slice --seed ${SLICE_SEED} --from ${f.index} --runs 1`,
  );
  assert.deepEqual(report, []);
});
