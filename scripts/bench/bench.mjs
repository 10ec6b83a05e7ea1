// `npm run bench`: how fast initlens is on big manifests, against raw `yaml` parsing and against
// yaml-language-server, measured in one run on this machine (absolute times on shared machines
// are noise; the ratios against baselines measured in the same run are the result).
// docs/performance.md explains every number.
//
//   node scripts/bench/bench.mjs [--runs N] [--edits N] [--tiny] [--only 1,2,…] [--json FILE]
//
// Needs the build (dist/, server/out/, test/out/): `npm run bench` builds first.
// --tiny: N = 10 documents, a few corpus files, few repetitions: keeps the script working in
// `npm test` (test/src/bench/bench.test.ts); it asserts nothing about time.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { generate } from './generate.mjs';
import { writePeerSchema } from './peer-schema.mjs';
import {
  editTarget,
  forget,
  median,
  nthPublication,
  now,
  PEER_BIN,
  PEER_DELAY_MS,
  percentile,
  ROOT,
  rssMb,
  sleep,
  startFloor,
  startInitlens,
  startPeer,
} from './lsp.mjs';

const require = createRequire(import.meta.url);
const { parseFile } = require(path.join(ROOT, 'server/out/model/file.js'));
const { LineIndex } = require(path.join(ROOT, 'server/out/model/text.js'));
const { DEFAULT_DEBOUNCE_MS, PROGRESSIVE_MIN_CHARS } = require(path.join(ROOT, 'server/out/lsp/workspace.js'));

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const tiny = flag('--tiny');
const RUNS = Number(option('--runs', tiny ? 1 : 3));
const EDITS = Number(option('--edits', tiny ? 4 : 40));
const PEER_EDITS = Number(option('--peer-edits', tiny ? 2 : 5));
const BURST_MS = tiny ? 600 : 5000;
const MEMORY_EDITS = tiny ? 20 : 1000;
const SIZES = tiny ? [10] : [10, 100, 1000, 5000];
const BIG = tiny ? 10 : 1000; // "the 1,000-document file"
const ONLY = option('--only', '1,2,3,4,5,6,7,8,9').split(',').map(Number);
const JSON_OUT = option('--json', undefined);
const DEBOUNCE_MS = DEFAULT_DEBOUNCE_MS;
const SETTLE_MS = tiny ? 500 : 60_000;

const CORPUS = path.resolve(ROOT, '../shared/corpus/real');
const hasCorpus = fs.existsSync(CORPUS);

const log = (line) => process.stderr.write(`${line}\n`);
const ms = (v) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : 'n/a');
const mb = (v) => (Number.isFinite(v) ? v.toFixed(0) : 'n/a');
const x = (v) => (Number.isFinite(v) ? `${v.toFixed(v >= 10 ? 0 : 2)}×` : 'n/a');

// ---------------------------------------------------------------------------------------------
// Inputs, built at run time and never committed.

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-bench-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));

function corpusFiles() {
  const dir = hasCorpus ? CORPUS : path.join(ROOT, 'examples');
  const all = fs
    .readdirSync(dir)
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort()
    .map((n) => path.join(dir, n));
  return tiny ? all.slice(0, 8) : all;
}

/** The largest file that holds a pod-bearing manifest. */
function largestPodFile(files) {
  const bySize = [...files].sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  for (const f of bySize) {
    const model = parseFile(fs.readFileSync(f, 'utf8'));
    if (model.documents.some((d) => d.doc.manifests.some((m) => m.workload))) return f;
  }
  return bySize[0];
}

/** Start offset of the first document of `text` with a pod-bearing manifest (or `index`-th document). */
function targetDocument(text, index) {
  const model = parseFile(text);
  if (index !== undefined) return model.documents[Math.min(index, model.documents.length - 1)].start;
  const d = model.documents.find((p) => p.doc.manifests.some((m) => m.workload));
  return (d ?? model.documents[0]).start;
}

const files = corpusFiles();
const largest = [...files].sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
const podFile = largestPodFile(files);
const generated = new Map();
const HUGE_MB = tiny ? 0.05 : 16;
/** Documents of a generated file of about `mb` megabytes (2.77 KB per document). */
const HUGE = Math.round((HUGE_MB * 1e6) / 2770);
for (const n of new Set([...SIZES, BIG, 3, HUGE])) {
  const file = path.join(work, `generated-${n}.yaml`);
  fs.writeFileSync(file, generate(n));
  generated.set(n, file);
}
const onePod = path.join(work, 'one-pod.yaml');
fs.writeFileSync(
  onePod,
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: one\nspec:\n  initContainers:\n    - name: wait\n      image: busybox:1.36\n      command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done"]\n  containers:\n    - name: app\n      image: nginx:1.27\n',
);
const bytes = (f) => fs.statSync(f).size;
const totalBytes = files.reduce((s, f) => s + bytes(f), 0);
log(`initlens bench${tiny ? ' (tiny)' : ''}: ${os.cpus().length} cores, Node ${process.version}, ${RUNS} runs; inputs in ${work}`);
log(
  `corpus: ${files.length} files, ${(totalBytes / 1e6).toFixed(1)} MB${hasCorpus ? '' : ' (examples/: ../shared/corpus/real is missing)'}; largest ${path.basename(largest)} (${(bytes(largest) / 1e6).toFixed(1)} MB); largest pod-bearing ${path.basename(podFile)}`,
);

// ---------------------------------------------------------------------------------------------
// Results: one row per number, printed as a table at the end.

const rows = [];
function row(measurement, input, value, baseline, ratio, target, pass, note = '') {
  rows.push({ measurement, input, value, baseline, ratio, target, pass, note });
  log(`  ${measurement} | ${input} | ${value} | ${baseline} | ${ratio} | ${target} | ${pass === undefined ? '' : pass ? 'pass' : 'FAIL'}`);
}

/**
 * A big file just opened publishes its diagnostics in steps (the first screen first), then logs
 * `opened <uri> (…): …` once its complete diagnostics are out: what "open → complete"
 * waits for. A smaller file publishes once.
 */
function waitForComplete(client, uri, text, timeoutMs = 300_000) {
  if (text.length < PROGRESSIVE_MIN_CHARS) return client.waitForDiagnostics(uri, 1, 0, timeoutMs);
  const line = `opened ${uri} (`;
  return client.waitFor(() => client.logs().find((l) => l.message.includes(line)), `complete diagnostics of ${uri}`, timeoutMs);
}

/** The row of edit → diagnostics times (debounce subtracted): p95 within 30 ms. */
function editRow(measurement, input, latencies) {
  const p95 = percentile(latencies, 95);
  row(measurement, input, `p95 ${ms(p95)} ms (median ${ms(median(latencies))})`, `debounce ${DEBOUNCE_MS} ms subtracted`, '', 'p95 ≤ 30 ms', p95 <= 30);
}

/** A fresh server (with `folder` as its workspace folder): didOpen → the first publication, and → the complete diagnostics. */
async function openOnce(uri, text, { settings = {}, folder } = {}) {
  const client = await startInitlens({ debounceMs: DEBOUNCE_MS, settings, folder });
  try {
    const t = now();
    await client.open(uri, text, 1);
    await client.waitForDiagnostics(uri, 1, 0, 300_000);
    const first = now() - t;
    await waitForComplete(client, uri, text);
    return { first, complete: now() - t };
  } finally {
    await client.shutdown().catch(() => client.kill());
  }
}

/** EDITS edits of a document just opened (version 1), `edit(k)` the k-th, each until its diagnostics: the times, debounce subtracted. */
async function editTimes(client, uri, edit) {
  const latencies = [];
  for (let k = 0; k < EDITS; k++) {
    const before = client.published(uri).length;
    const t = now();
    await client.change(uri, k + 2, [edit(k)]);
    await client.waitForDiagnostics(uri, k + 2, before, 30_000);
    latencies.push(now() - t - DEBOUNCE_MS);
  }
  return latencies;
}

function timeChild(args) {
  return new Promise((resolve, reject) => {
    const t = now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const elapsed = now() - t;
      if (code !== 0 && code !== 1) reject(new Error(`${args.join(' ')} exited with ${code}: ${err.slice(-2000)}`));
      else resolve({ elapsed, out });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// 1. Batch: `initlens check` over the corpus vs `yaml` parsing the same files (both fresh processes).

/** The files in `parts` groups of about the same bytes (each file to the lightest group, largest first). */
function byBytes(list, parts) {
  const groups = Array.from({ length: parts }, () => ({ files: [], bytes: 0 }));
  for (const f of [...list].sort((a, b) => bytes(b) - bytes(a) || a.localeCompare(b))) {
    const lightest = groups.reduce((min, g) => (g.bytes < min.bytes ? g : min));
    lightest.files.push(f);
    lightest.bytes += bytes(f);
  }
  return groups.map((g) => g.files);
}

async function batch() {
  log('1. batch');
  const targets = hasCorpus && !tiny ? [CORPUS] : files;
  const jobs = os.availableParallelism();
  const parseOnly = path.join(ROOT, 'scripts/bench/parse-only.mjs');
  // What this machine gives a second thread on this work: the parse, split into `jobs` processes
  // of the same bytes, run at once (no initlens code at all).
  const shares = byBytes(files, jobs);
  const check = [];
  const single = [];
  const parse = [];
  const parallelParse = [];
  for (let r = 0; r < RUNS; r++) {
    parse.push((await timeChild([parseOnly, ...targets])).elapsed);
    const t = now();
    await Promise.all(shares.map((share) => timeChild([parseOnly, ...share])));
    parallelParse.push(now() - t);
    check.push((await timeChild([path.join(ROOT, 'bin/initlens.js'), 'check', '--no-color', ...targets])).elapsed);
    single.push((await timeChild([path.join(ROOT, 'bin/initlens.js'), 'check', '--no-color', '--jobs', '1', ...targets])).elapsed);
  }
  const ratio = median(check) / median(parse);
  row(
    `1 batch: \`initlens check\` (all rules + schema), default --jobs ${jobs} (one per core)`,
    `corpus, ${files.length} files`,
    `${ms(median(check))} ms`,
    `parse only ${ms(median(parse))} ms (one thread)`,
    x(ratio),
    '≤ 1×',
    ratio <= 1,
  );
  const singleRatio = median(single) / median(parse);
  row(
    '1 batch: `initlens check --jobs 1` (one thread)',
    `corpus, ${files.length} files`,
    `${ms(median(single))} ms`,
    `parse only ${ms(median(parse))} ms (one thread)`,
    x(singleRatio),
    '≤ 2×',
    singleRatio <= 2,
  );
  // No target: how far threads can take the first row here. With R this ratio, `--jobs ${jobs}` can
  // at best come to about R × the one-thread ratio (if initlens's work spreads as well as parsing).
  const room = median(parallelParse) / median(parse);
  row(
    `1 batch: the machine's room for threads: \`yaml\` parsing the corpus as ${jobs} processes at once, the same bytes each`,
    `corpus, ${files.length} files`,
    `${ms(median(parallelParse))} ms`,
    `parse only ${ms(median(parse))} ms (one thread)`,
    x(room),
    `(none: --jobs ${jobs} can reach about ${x(room * singleRatio)})`,
    undefined,
  );
}

// ---------------------------------------------------------------------------------------------
// 2. Edit latency in the server, and hover / code lens during a typing burst.

async function editLatency() {
  log('2. edit latency');
  const file = generated.get(BIG);
  const text = fs.readFileSync(file, 'utf8');
  const uri = `file://${file}`;
  const docIndex = Math.floor(BIG / 2);
  const target = editTarget(text, targetDocument(text, docIndex));
  const client = await startInitlens({ debounceMs: DEBOUNCE_MS });
  try {
    await client.open(uri, text, 1);
    await waitForComplete(client, uri, text);
    const latencies = await editTimes(client, uri, target.edit);
    let version = 1 + EDITS;
    editRow('2 edit → diagnostics (server, stdio), minus debounce', `${BIG}-doc file, 1 char in doc ${docIndex}`, latencies);

    // The burst: a change every 50 ms; 25 ms after each change a request, hover and code lens in
    // turn (the lenses then resolved as VS Code does: the list, then the visible ones).
    forget(client);
    const hovers = [];
    const lensLists = [];
    const resolves = [];
    const timed = async (into, method, params) => {
      const t = now();
      const result = await client.request(method, params, 30_000);
      into.push(now() - t);
      return result;
    };
    const pending = [];
    const end = now() + BURST_MS;
    for (let k = 0; now() < end; k++) {
      version++;
      await client.change(uri, version, [target.edit(k)]);
      await sleep(25);
      if (k % 2 === 0) pending.push(timed(hovers, 'textDocument/hover', { textDocument: { uri }, position: target.hover }));
      else {
        pending.push(
          timed(lensLists, 'textDocument/codeLens', { textDocument: { uri } }).then((list) => {
            const lens = list.findLast((l) => l.range.start.line <= target.hover.line) ?? list[0]; // the edited document's, above its first image
            return lens && timed(resolves, 'codeLens/resolve', lens);
          }),
        );
      }
      await sleep(25);
    }
    await Promise.all(pending);
    await client.waitForDiagnostics(uri, version, 0, 30_000);
    const h = percentile(hovers, 95);
    const l = percentile(lensLists, 95);
    const r = percentile(resolves, 95);
    row(
      '2 hover during typing burst',
      `${BIG}-doc file, change every 50 ms for ${BURST_MS / 1000} s`,
      `p95 ${ms(h)} ms (median ${ms(median(hovers))}, n ${hovers.length})`,
      '',
      '',
      'p95 ≤ 10 ms',
      h <= 10,
    );
    row(
      '2 code lens during typing burst',
      'same burst: textDocument/codeLens (whole file)',
      `p95 ${ms(l)} ms (median ${ms(median(lensLists))}, n ${lensLists.length})`,
      '',
      '',
      'p95 ≤ 10 ms',
      l <= 10,
    );
    row(
      '2 code lens resolve during typing burst',
      'same burst: codeLens/resolve (a lens of the edited document)',
      `p95 ${ms(r)} ms (median ${ms(median(resolves))}, n ${resolves.length})`,
      '',
      '',
      'p95 ≤ 10 ms',
      r <= 10,
    );
  } finally {
    await client.shutdown().catch(() => client.kill());
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Against yaml-language-server: open → diagnostics, edit → diagnostics, same files and schema.

async function serverTimes(client, file, docStart, edits, versioned) {
  const text = fs.readFileSync(file, 'utf8');
  const uri = `file://${file}`;
  const target = editTarget(text, docStart);
  forget(client);
  let t = now();
  await client.open(uri, text, 1);
  // initlens publishes the first screen first: "open" is until its complete diagnostics.
  if (versioned) await waitForComplete(client, uri, text);
  else await nthPublication(client, uri, 0, 300_000);
  const open = now() - t;
  const edit = [];
  for (let k = 0; k < edits; k++) {
    const n = client.published(uri).length;
    t = now();
    await client.change(uri, k + 2, [target.edit(k)]);
    if (versioned) await client.waitForDiagnostics(uri, k + 2, n, 300_000);
    else await nthPublication(client, uri, n, 300_000);
    edit.push(now() - t);
  }
  const peakMb = rssMb(client.child.pid, true);
  await client.close(uri);
  await sleep(100);
  return { open, edit: median(edit), peakMb };
}

async function againstPeer() {
  log('3. against yaml-language-server');
  const schema = writePeerSchema(ROOT, path.join(ROOT, 'dist/schema'), path.join(work, 'peer'));
  const inputs = [
    {
      label: `${path.basename(podFile).slice(0, 60)}… (${(bytes(podFile) / 1e6).toFixed(1)} MB)`,
      file: podFile,
      docStart: targetDocument(fs.readFileSync(podFile, 'utf8')),
    },
    { label: `${BIG}-doc file`, file: generated.get(BIG), docStart: targetDocument(fs.readFileSync(generated.get(BIG), 'utf8'), Math.floor(BIG / 2)) },
  ];
  const peer = await startPeer(schema.file);
  const ours = await startInitlens({ debounceMs: DEBOUNCE_MS });
  try {
    for (const input of inputs) {
      const p = await serverTimes(peer, input.file, input.docStart, PEER_EDITS, false);
      const o = await serverTimes(ours, input.file, input.docStart, Math.max(PEER_EDITS, 5), true);
      const openRatio = p.open / o.open;
      const editRaw = p.edit / o.edit;
      const editNet = (p.edit - PEER_DELAY_MS) / (o.edit - DEBOUNCE_MS);
      row(
        '3 open → complete diagnostics vs yaml-language-server',
        input.label,
        `initlens ${ms(o.open)} ms`,
        `yaml-language-server ${ms(p.open)} ms (incl. its ${PEER_DELAY_MS} ms delay)`,
        x(openRatio),
        '≥ 3×',
        openRatio >= 3,
      );
      row(
        '3 edit → diagnostics vs yaml-language-server, delays included',
        input.label,
        `initlens ${ms(o.edit)} ms (incl. ${DEBOUNCE_MS} ms debounce)`,
        `yaml-language-server ${ms(p.edit)} ms (incl. ${PEER_DELAY_MS} ms delay)`,
        x(editRaw),
        '(≥ 40×, see net)',
        undefined,
      );
      row(
        '3 edit → diagnostics vs yaml-language-server, delays subtracted',
        input.label,
        `initlens ${ms(o.edit - DEBOUNCE_MS)} ms`,
        `yaml-language-server ${ms(p.edit - PEER_DELAY_MS)} ms`,
        x(editNet),
        '≥ 40×',
        editNet >= 40,
      );
      row('3 server memory, peak so far', input.label, `initlens ${mb(o.peakMb)} MB`, `yaml-language-server ${mb(p.peakMb)} MB`, '', '', undefined);
    }
  } finally {
    await peer.shutdown().catch(() => peer.kill());
    await ours.shutdown().catch(() => ours.kill());
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Cold start: process start → first diagnostics on a one-pod file.

async function coldStart() {
  log('4. cold start');
  const uri = `file://${onePod}`;
  const text = fs.readFileSync(onePod, 'utf8');
  // The server starts from the code cache of an earlier start (server/src/launch.ts), in a folder
  // of this run's; the baseline is the same start with the cache off, in turn with it.
  const cached = { INITLENS_COMPILE_CACHE_DIR: path.join(work, 'compile-cache') };
  const uncached = { NODE_DISABLE_COMPILE_CACHE: '1' };
  const start = async (env) => {
    const t = now();
    const client = await startInitlens({ debounceMs: DEBOUNCE_MS, env });
    await client.open(uri, text, 1);
    await client.waitForDiagnostics(uri, 1, 0, 30_000);
    const elapsed = now() - t;
    await client.shutdown().catch(() => client.kill());
    return elapsed;
  };
  await start(cached); // writes the cache (at its exit), as the first start of a new version does
  const times = [];
  const baseline = [];
  for (let r = 0; r < Math.max(RUNS, tiny ? 1 : 5); r++) {
    times.push(await start(cached));
    baseline.push(await start(uncached));
  }
  const m = median(times);
  const b = median(baseline);
  row(
    '4 cold start → first diagnostics',
    'one-pod file, new process each run, code cache of an earlier start',
    `${ms(m)} ms (max ${ms(Math.max(...times))})`,
    `no code cache ${ms(b)} ms (max ${ms(Math.max(...baseline))})`,
    x(m / b),
    '≤ 200 ms',
    m <= 200,
  );
}

// ---------------------------------------------------------------------------------------------
// 5. Memory: RSS with the big file open after 1,000 edits, and after closing it.

async function memory() {
  log('5. memory');
  const file = generated.get(BIG);
  const text = fs.readFileSync(file, 'utf8');
  const uri = `file://${file}`;
  const warm = `file://${generated.get(3)}`;
  // Every edit analysed (no debounce), each in another document, so old versions would pile up if kept.
  const client = await startInitlens({ debounceMs: 0 });
  try {
    const pid = client.child.pid;
    // Start: after a small file of the same kinds was opened and closed (schemas loaded, code compiled).
    await client.open(warm, fs.readFileSync(generated.get(3), 'utf8'), 1);
    await client.waitForDiagnostics(warm, 1, 0, 30_000);
    await client.close(warm);
    await sleep(tiny ? 200 : 2000);
    const start = rssMb(pid);
    await client.open(uri, text, 1);
    await waitForComplete(client, uri, text);
    const lines = new LineIndex(text);
    const targets = parseFile(text).documents.map((d) => editTarget(text, d.start, lines));
    for (let k = 0; k < MEMORY_EDITS; k++) {
      const before = client.published(uri).length;
      // Document 37k mod n: every document in turn, each edit in another one.
      const t = targets[(k * 37) % targets.length];
      await client.change(uri, k + 2, [t.edit(Math.floor(k / targets.length))]);
      await client.waitForDiagnostics(uri, k + 2, before, 30_000);
      if (k % 100 === 99) forget(client);
    }
    const instant = rssMb(pid);
    const peak = rssMb(pid, true);
    forget(client);
    // V8 gives memory back to the system once the process has been idle a while (its memory
    // reducer, after some seconds to tens of seconds): RSS is read every second until it is
    // within the target or SETTLE_MS have passed, and how long that took is shown.
    const settle = async (within) => {
      const t = now();
      let value = rssMb(pid);
      while (value > within && now() - t < SETTLE_MS) {
        await sleep(1000);
        value = rssMb(pid);
      }
      return { value, seconds: (now() - t) / 1000 };
    };
    const open = await settle(150);
    await client.close(uri);
    const closed = await settle(start * 1.1);
    row(
      '5 memory: RSS with the file open after edits',
      `${BIG}-doc file, ${MEMORY_EDITS} edits (each analysed, each in another document)`,
      `${mb(open.value)} MB after ${open.seconds.toFixed(0)} s idle (${mb(instant)} MB right after the last edit, peak ${mb(peak)} MB)`,
      `start ${mb(start)} MB`,
      '',
      '≤ 150 MB',
      open.value <= 150,
    );
    row(
      '5 memory: RSS after closing it',
      `${BIG}-doc file`,
      `${mb(closed.value)} MB after ${closed.seconds.toFixed(0)} s idle`,
      `start ${mb(start)} MB`,
      x(closed.value / start),
      '≤ 1.10× start',
      closed.value <= start * 1.1,
    );
  } finally {
    await client.shutdown().catch(() => client.kill());
  }
}

// ---------------------------------------------------------------------------------------------
// 6. Growth: time per document for N = 10 … 5,000 (the whole-file engine path, fresh each run).

async function growth() {
  log('6. growth');
  const results = [];
  for (const n of SIZES) {
    const { out } = await timeChild([path.join(ROOT, 'scripts/bench/growth.mjs'), String(n), String(n >= 5000 ? Math.min(RUNS, 2) : RUNS)]);
    const r = JSON.parse(out);
    results.push(r);
    const perDoc = median(r.analyze) / n;
    row(
      '6 growth: engine time per document',
      `${n} docs (${(r.bytes / 1e6).toFixed(2)} MB)`,
      `${ms(perDoc)} ms/doc (total ${ms(median(r.analyze))} ms)`,
      `parse only ${ms(median(r.parse) / n)} ms/doc`,
      x(median(r.analyze) / median(r.parse)),
      '',
      undefined,
    );
  }
  const per = (n) => {
    const r = results.find((q) => q.n === n);
    return r ? median(r.analyze) / n : NaN;
  };
  if (SIZES.includes(5000) && SIZES.includes(100)) {
    const ratio = per(5000) / per(100);
    row('6 growth: per-document time at 5,000 vs 100', '', x(ratio), '', '', '≤ 1.3', ratio <= 1.3);
  }
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// 7. Open: a fresh server, didOpen → its first publication (the first screen) and → the complete
// diagnostics, against a fresh process parsing the same file with `yaml` in one thread. The first
// screen is measured from before the client writes didOpen, so it holds the transport of the whole
// text (the client's JSON, the pipe, the server's decoding): the same didOpen to a server that only
// answers (floor-server.mjs) is its floor, and the target is the server's own time past that floor.

/** didOpen → the publication of a server that only answers: the transport of `text` there and back. */
async function floorTime(uri, text) {
  const echo = await startFloor();
  try {
    const t = now();
    await echo.open(uri, text, 1);
    await echo.waitForDiagnostics(uri, 1, 0, 300_000);
    return now() - t;
  } finally {
    await echo.shutdown().catch(() => echo.kill());
  }
}

/**
 * Two rows: `subject`'s open → first diagnostics past the transport floor, and → complete
 * diagnostics against `baseline`'s (the same open with one thing left out, named `name`).
 */
async function openAgainst(measurement, firstNote, label, subject, baseline) {
  const first = [];
  const complete = [];
  const alone = [];
  const floor = [];
  for (let r = 0; r < RUNS; r++) {
    floor.push(await floorTime(subject.uri, subject.text));
    const times = await openOnce(subject.uri, subject.text, subject);
    first.push(times.first);
    complete.push(times.complete);
    alone.push((await openOnce(baseline.uri, baseline.text)).complete);
  }
  const past = median(first) - median(floor);
  row(
    `${measurement} → first diagnostics${firstNote}`,
    label,
    `${ms(median(first))} ms (max ${ms(Math.max(...first))})`,
    `transport floor ${ms(median(floor))} ms`,
    `+${ms(past)} ms`,
    '≤ 100 ms past the floor',
    past <= 100,
  );
  const ratio = median(complete) / median(alone);
  row(
    `${measurement} → complete diagnostics`,
    label,
    `${ms(median(complete))} ms`,
    `${baseline.name} ${ms(median(alone))} ms`,
    x(ratio),
    `≤ 1.1× ${baseline.name}`,
    ratio <= 1.1,
  );
}

async function openTimes() {
  log('7. open');
  const inputs = [
    { label: `${path.basename(podFile).slice(0, 60)}… (${(bytes(podFile) / 1e6).toFixed(1)} MB)`, file: podFile, complete: true },
    { label: `${BIG}-doc file (${(bytes(generated.get(BIG)) / 1e6).toFixed(1)} MB)`, file: generated.get(BIG), complete: true },
    // Over the server's default size limit (4 MB): opened with initlens.maxFileSizeKB = 16384.
    { label: `${HUGE}-doc file (${(bytes(generated.get(HUGE)) / 1e6).toFixed(1)} MB)`, file: generated.get(HUGE), complete: false, maxFileSizeKB: 16384 },
  ];
  for (const input of inputs) {
    const text = fs.readFileSync(input.file, 'utf8');
    const uri = `file://${input.file}`;
    const settings = input.maxFileSizeKB ? { initlens: { maxFileSizeKB: input.maxFileSizeKB } } : {};
    const first = [];
    const complete = [];
    const parse = [];
    const floor = [];
    for (let r = 0; r < RUNS; r++) {
      if (input.complete) parse.push((await timeChild([path.join(ROOT, 'scripts/bench/parse-only.mjs'), input.file])).elapsed);
      floor.push(await floorTime(uri, text));
      const times = await openOnce(uri, text, { settings });
      first.push(times.first);
      complete.push(times.complete);
    }
    const f = median(first);
    const past = f - median(floor);
    row(
      '7 open → first diagnostics (first screen)',
      input.label,
      `${ms(f)} ms (max ${ms(Math.max(...first))})`,
      `transport floor ${ms(median(floor))} ms (a server that only answers)`,
      `+${ms(past)} ms`,
      '≤ 100 ms past the floor',
      past <= 100,
    );
    const c = median(complete);
    if (input.complete) {
      const ratio = c / median(parse);
      row(
        '7 open → complete diagnostics vs single-thread parse',
        input.label,
        `${ms(c)} ms`,
        `parse only (fresh process) ${ms(median(parse))} ms`,
        x(ratio),
        '≤ 1.0×',
        ratio <= 1,
      );
    } else row('7 open → complete diagnostics', input.label, `${ms(c)} ms`, '', '', '', undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// 8. A workspace folder: its index (every YAML file in it, read in the background after
// `initialize`) must not move the numbers of 2 and 7. The folder holds the 1,000-document file of
// 2 and 7 and, beside it, the Services its workloads in one namespace wait for (so the findings are
// those of the file alone: each host resolves, on its port), one of which selects a workload of the
// file (its findings read that namespace's pods). The file is opened right after `initialize`,
// while the index reads the folder (this file included), and the open is compared with the same
// open without a folder; then the name of a workload of that namespace is edited, each edit
// changing what the index holds.

/** The namespace of the workload edited in 8 (the middle document's). */
const WORKSPACE_NAMESPACE = `team-${Math.floor(BIG / 2) % 13}`;

/** The folder: the big file, and the Services of one namespace beside it. */
function workspaceFolder() {
  const dir = path.join(work, 'workspace');
  fs.mkdirSync(dir, { recursive: true });
  const text = fs.readFileSync(generated.get(BIG), 'utf8');
  const file = path.join(dir, 'app.yaml');
  fs.copyFileSync(generated.get(BIG), file);
  const services = [];
  let selected;
  for (const doc of text.split(/^---$/m)) {
    const name = /^ {2}name: (\S+)$/m.exec(doc)?.[1];
    if (/^ {2}namespace: (\S+)$/m.exec(doc)?.[1] !== WORKSPACE_NAMESPACE) continue;
    selected ??= name;
    for (const [, host, port] of doc.matchAll(/nc -z (\S+) (\d+)/g)) services.push({ host, port });
  }
  const service = ({ host, port }, i) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${host}\n  namespace: ${WORKSPACE_NAMESPACE}\nspec:\n  selector:\n    app.kubernetes.io/name: ${i === 0 ? selected : host}\n  ports:\n    - port: ${port}\n      targetPort: http\n`;
  fs.writeFileSync(path.join(dir, 'services.yaml'), services.map(service).join('---\n'));
  return { dir, file, services: services.length };
}

/** The edit of the last character of the name of the workload at `docStart` (then back, in turn). */
function nameTarget(text, docStart) {
  const nameAt = text.indexOf('\n  name: ', docStart) + '\n  name: '.length;
  const end = text.indexOf('\n', nameAt);
  const at = new LineIndex(text).positionAt(end - 1);
  const original = text[end - 1];
  const other = original === 'z' ? 'y' : 'z';
  return (k) => ({ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: k % 2 === 0 ? other : original });
}

async function workspaceTimes() {
  log('8. workspace folder');
  const { dir, file, services } = workspaceFolder();
  const text = fs.readFileSync(file, 'utf8');
  const uri = `file://${file}`;
  await openAgainst(
    '8 workspace: open',
    ' while the index reads the folder',
    `${BIG}-doc file (${(text.length / 1e6).toFixed(1)} MB), ${services} Services beside it`,
    { uri, text, folder: dir },
    { uri, text, name: 'no folder' },
  );

  const client = await startInitlens({ debounceMs: DEBOUNCE_MS, folder: dir });
  try {
    await client.waitFor(() => client.logs().find((l) => l.message.startsWith('initlens: workspace index: ')), 'the workspace index', 300_000);
    await client.open(uri, text, 1);
    await waitForComplete(client, uri, text);
    const docIndex = Math.floor(BIG / 2);
    const edit = nameTarget(text, targetDocument(text, docIndex));
    if (/^ {2}namespace: (\S+)$/m.exec(text.slice(targetDocument(text, docIndex)))?.[1] !== WORKSPACE_NAMESPACE)
      throw new Error(`doc ${docIndex} is not in ${WORKSPACE_NAMESPACE}`);
    const latencies = await editTimes(client, uri, edit);
    editRow('8 workspace: edit → diagnostics, a workload renamed', `same file, the name of doc ${docIndex} (what the index holds changes)`, latencies);
  } finally {
    await client.shutdown().catch(() => client.kill());
  }
}

// ---------------------------------------------------------------------------------------------
// 9. Custom resources, checked against the schemas bundled for popular CRDs (loaded on first use,
// docs/custom-resources.md), must not move the numbers of 2 and 7 either: the 1,000-document file
// with its Deployments made Argo Rollouts (a third of the workloads, the same findings) opened
// as the file itself is, then edited in a Rollout.

async function customResourceTimes() {
  log('9. custom resources');
  const plain = generated.get(BIG);
  const file = path.join(work, `rollouts-${BIG}.yaml`);
  fs.writeFileSync(
    file,
    fs.readFileSync(plain, 'utf8').replaceAll('apiVersion: apps/v1\nkind: Deployment\n', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\n'),
  );
  const text = fs.readFileSync(file, 'utf8');
  const uri = `file://${file}`;
  await openAgainst(
    '9 custom resources: open',
    '',
    `${BIG}-doc file, ${text.split('kind: Rollout\n').length - 1} of its workloads Rollouts (${(text.length / 1e6).toFixed(1)} MB)`,
    { uri, text },
    { uri: `file://${plain}`, text: fs.readFileSync(plain, 'utf8'), name: 'as Deployments' },
  );

  const client = await startInitlens({ debounceMs: DEBOUNCE_MS });
  try {
    await client.open(uri, text, 1);
    await waitForComplete(client, uri, text);
    const start = parseFile(text).documents.find((d) => d.doc.manifests.some((m) => m.kind === 'Rollout') && d.start >= text.length / 2)?.start;
    const latencies = await editTimes(client, uri, editTarget(text, start ?? 0).edit);
    editRow('9 custom resources: edit → diagnostics', 'same file, 1 char in a Rollout half-way down', latencies);
  } finally {
    await client.shutdown().catch(() => client.kill());
  }
}

const steps = { 1: batch, 2: editLatency, 3: againstPeer, 4: coldStart, 5: memory, 6: growth, 7: openTimes, 8: workspaceTimes, 9: customResourceTimes };
const started = now();
for (const n of ONLY) {
  if (n === 3 && !fs.existsSync(PEER_BIN)) {
    row('3 against yaml-language-server', '', 'skipped: node_modules/yaml-language-server is missing (npm ci)', '', '', '', undefined);
    continue;
  }
  await steps[n]();
}

const header = ['measurement', 'input', 'initlens', 'baseline (same run)', 'ratio', 'target', 'result'];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const r of rows)
  lines.push(
    `| ${[r.measurement, r.input, r.value, r.baseline, r.ratio, r.target, r.pass === undefined ? '' : r.pass ? '✔ pass' : '✘ **not met**'].join(' | ')} |`,
  );
process.stdout.write(
  `\ninitlens bench${tiny ? ' (tiny: N = 10, timings meaningless)' : ''} — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}, ${os.platform()}; ${RUNS} runs per batch/growth number; ${((now() - started) / 1000).toFixed(0)} s\n\n${lines.join('\n')}\n`,
);
if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify({ tiny, rows }, null, 2));
