#!/usr/bin/env node
/**
 * A fuzzing campaign over the engine (test/src/fuzz/): `npm run fuzz -- --runs N --seed S`.
 *
 *   --runs N          cases to run (default 10000)
 *   --seed S          the campaign's seed (default: the time; printed, so a run can be replayed)
 *   --from I          start at case I (replay one case: --seed S --from I --runs 1)
 *   --minutes M       stop after M minutes even if the runs are not done
 *   --profile P       campaign (default: huge scalars up to 300 kB, nesting up to 600 levels) or slice (as npm test)
 *   --slow-ms MS      a call slower than this is a failure (default 1000)
 *   --max-fixes N     fixes applied and checked per case (default 20)
 *   --out DIR         where failures are written (default $TMPDIR/initlens-fuzz-<seed>)
 *   --no-minimise     do not minimise failures
 *   --mode M          engine (default: mutated manifests through the engine) or protocol (the real
 *                     language server over stdio: malformed frames, requests after shutdown,
 *                     never-opened documents, bad params; test/src/fuzz/protocol.ts)
 *
 * Each distinct failure is written as DIR/<n>-<property>-<call>.yaml (the minimised text) with
 * DIR/<n>-<property>-<call>.json (problem, case index, seed file, mutations). Exit status 1 when
 * anything failed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { runCampaign } = require(path.join(root, 'test/out/fuzz/campaign.js'));
const { CAMPAIGN, SLICE } = require(path.join(root, 'test/out/fuzz/mutate.js'));
const { runProtocolCampaign } = require(path.join(root, 'test/out/fuzz/protocol.js'));

function parse(argv) {
  const o = {
    runs: 10000,
    seed: Date.now() % 2 ** 31,
    from: 0,
    minutes: undefined,
    profile: 'campaign',
    slowMs: 1000,
    maxFixes: 20,
    out: undefined,
    minimise: true,
    mode: 'engine',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const number = () => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a non-negative number`);
      return v;
    };
    switch (a) {
      case '--runs':
        o.runs = number();
        break;
      case '--seed':
        o.seed = number();
        break;
      case '--from':
        o.from = number();
        break;
      case '--minutes':
        o.minutes = number();
        break;
      case '--profile':
        o.profile = value();
        if (!['slice', 'campaign'].includes(o.profile)) throw new Error('--profile is slice or campaign');
        break;
      case '--slow-ms':
        o.slowMs = number();
        break;
      case '--max-fixes':
        o.maxFixes = number();
        break;
      case '--out':
        o.out = value();
        break;
      case '--no-minimise':
        o.minimise = false;
        break;
      case '--mode':
        o.mode = value();
        if (!['engine', 'protocol'].includes(o.mode)) throw new Error('--mode is engine or protocol');
        break;
      case '-h':
      case '--help':
        process.stdout.write(
          fs
            .readFileSync(fileURLToPath(import.meta.url), 'utf8')
            .split('*/')[0]
            .replace(/^#!.*\n\/\*\*\n/, '')
            .replace(/^ \* ?/gm, ''),
        );
        process.exit(0);
        break; // not reached: exit never returns
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}

let o;
try {
  o = parse(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`fuzz: ${e.message}\n`);
  process.exit(2);
}
const out = o.out ?? path.join(os.tmpdir(), `initlens-fuzz-${o.seed}`);
if (o.mode === 'protocol') {
  process.stderr.write(`fuzz: protocol mode, seed ${o.seed}, cases ${o.from}..${o.from + o.runs - 1}${o.minutes ? `, at most ${o.minutes} min` : ''}\n`);
  const r = await runProtocolCampaign({
    runs: o.runs,
    seed: o.seed,
    from: o.from,
    timeLimitMs: o.minutes === undefined ? undefined : o.minutes * 60_000,
    onProgress: (done, failures, ms) => {
      if (done % 100 === 0 || process.env.FUZZ_VERBOSE) process.stderr.write(`fuzz: ${done} cases, ${failures} failures, ${(ms / 1000).toFixed(0)} s\n`);
    },
    onFailure: (f) => process.stderr.write(`fuzz: case ${f.index}: ${f.problem}\n`),
  });
  const summary = {
    mode: 'protocol',
    seed: o.seed,
    from: o.from,
    cases: r.runs,
    messages: r.messages,
    seconds: Math.round(r.elapsedMs / 100) / 10,
    failures: r.failures.map((f) => ({ case: f.index, problem: f.problem })),
  };
  if (r.failures.length) {
    fs.mkdirSync(out, { recursive: true });
    r.failures.forEach((f, n) => fs.writeFileSync(path.join(out, `${n + 1}-protocol.json`), JSON.stringify({ seed: o.seed, ...f }, null, 2)));
    summary.out = out;
  }
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  process.exit(r.failures.length ? 1 : 0);
}
const profile = o.profile === 'slice' ? SLICE : CAMPAIGN;
process.stderr.write(`fuzz: seed ${o.seed}, cases ${o.from}..${o.from + o.runs - 1}, profile ${o.profile}${o.minutes ? `, at most ${o.minutes} min` : ''}\n`);
const result = await runCampaign({
  runs: o.runs,
  seed: o.seed,
  from: o.from,
  profile,
  settings: { slowMs: o.slowMs, maxFixes: o.maxFixes, maxDisables: 3 },
  timeLimitMs: o.minutes === undefined ? undefined : o.minutes * 60_000,
  minimise: o.minimise,
  onProgress: (done, failures, ms) => {
    if (done % 1000 === 0 || process.env.FUZZ_VERBOSE)
      process.stderr.write(
        `fuzz: ${done} cases, ${failures} distinct failures, ${(ms / 1000).toFixed(0)} s, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB\n`,
      );
  },
  onFailure: (f) =>
    process.stderr.write(
      `fuzz: case ${f.index} (${f.seedName}): ${f.problem.property} in ${f.problem.call}${f.problem.rule ? ` (${f.problem.rule})` : ''}: ${f.problem.message}\n`,
    ),
});
const summary = {
  seed: o.seed,
  from: o.from,
  profile: o.profile,
  cases: result.runs,
  engineCalls: result.calls,
  inputChars: result.bytes,
  seconds: Math.round(result.elapsedMs / 100) / 10,
  fuzzSeconds: Math.round(result.fuzzMs / 100) / 10,
  seeds: result.seeds,
  corpus: result.corpus,
  slowestCall: { ...result.slowest, ms: Math.round(result.slowest.ms) },
  slowOnlyUnderLoad: result.noise.map((f) => `case ${f.index}: ${f.problem.message}`),
  failures: result.failures.map((f) => ({ signature: f.signature, count: f.count, firstCase: f.index, seedFile: f.seedName, message: f.problem.message })),
};
if (result.failures.length) {
  fs.mkdirSync(out, { recursive: true });
  result.failures.forEach((f, n) => {
    const base = path.join(out, `${n + 1}-${f.problem.property}-${f.problem.call}`);
    fs.writeFileSync(`${base}.yaml`, f.minimised ?? f.text);
    fs.writeFileSync(
      `${base}.json`,
      JSON.stringify(
        {
          problem: f.problem,
          count: f.count,
          case: f.index,
          seed: o.seed,
          seedFile: f.seedName,
          ops: f.ops.map((op) => JSON.stringify(op).slice(0, 300)),
          options: f.config.options,
          offsets: f.config.offsets,
        },
        null,
        2,
      ),
    );
  });
  summary.out = out;
}
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
process.exit(result.failures.length ? 1 : 0);
