// The floor of measurement 1: read and parse the given YAML files with `yaml` alone, as a whole
// stream each (parseAllDocuments with a LineCounter, as ../shared/docs/performance-anchors.md
// measured it), nothing else. Prints the number of files and documents.
//
//   node scripts/bench/parse-only.mjs <file or directory>...
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parseAllDocuments, LineCounter } = require('yaml');

function files(p) {
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs
    .readdirSync(p)
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort()
    .map((n) => path.join(p, n));
}

let count = 0;
let documents = 0;
for (const arg of process.argv.slice(2)) {
  for (const file of files(arg)) {
    const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'), { lineCounter: new LineCounter() });
    documents += Array.isArray(docs) ? docs.length : 0;
    count++;
  }
}
process.stdout.write(`${JSON.stringify({ files: count, documents })}\n`);
