// Measurement 6, in a process of its own per size: the engine's whole-file path (what
// `initlens check` runs: split, parse, all rules, schema) on a generated file of N documents,
// and `yaml` parsing the same text, `runs` times each, after one warm-up on a small file.
//
//   node scripts/bench/growth.mjs <N> <runs>   → {"n":…, "analyze":[ms…], "parse":[ms…], "diagnostics":…}
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { generate } from './generate.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const { parseAllDocuments, LineCounter } = require('yaml');
const { analyzeText } = require(path.join(ROOT, 'server/out/analysis/analyze.js'));
const { defaultOptions } = require(path.join(ROOT, 'server/out/config/options.js'));

const n = Number(process.argv[2]);
const runs = Number(process.argv[3] ?? 3);
const text = generate(n);
await analyzeText(generate(6), defaultOptions()); // load the schemas and compile the hot paths once
const analyze = [];
const parse = [];
// No size limit: the 5,000-document file (14 MB) is over the editor's default, and a file that is
// not analysed would make the growth look flat for nothing.
const options = () => ({ ...defaultOptions(), maxFileSizeKB: 0 });
let diagnostics = 0;
for (let r = 0; r < runs; r++) {
  let t = performance.now();
  parseAllDocuments(text, { lineCounter: new LineCounter() });
  parse.push(performance.now() - t);
  t = performance.now();
  // A fresh parse each time: no document of an earlier run is reused.
  const result = await analyzeText(text, options());
  analyze.push(performance.now() - t);
  diagnostics = result.diagnostics.length;
  const skipped = result.diagnostics.find((d) => d.rule === 'not-analysed');
  if (skipped) throw new Error(`growth: the ${n}-document file was not analysed: ${skipped.message}`);
}
process.stdout.write(`${JSON.stringify({ n, bytes: text.length, analyze, parse, diagnostics })}\n`);
