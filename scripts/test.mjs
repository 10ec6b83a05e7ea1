#!/usr/bin/env node
/**
 * Runs the test tiers in one `node --test` process tree (one summary, which CI reads):
 *
 *   node scripts/test.mjs unit process slow e2e     (npm test: all of them, after one build)
 *   node scripts/test.mjs unit                      (npm run test:unit, after each edit)
 *   node scripts/test.mjs --list slow               (print the files of a tier)
 *
 * unit     the engine in-process: model, shell, edits, rules, features, pod, schema, knowledge,
 *          kustomize, workspace, architecture, grammar (well under a minute on two cores); not *.corpus.test.ts
 * process  the real CLI and language-server processes: cli, lsp, security, repoConfig (.initlens.yaml)
 * slow     corpus (and every *.corpus.test.ts), the fuzzer's fixed-seed slice, hostile inputs,
 *          the benchmark's tiny run, the packed npm package on Node 20, 22 and 24
 * e2e      real editors: test/editor/*.test.mjs
 *
 * Test files are found in test/src (so a stale file in test/out never runs) and run from
 * test/out: build first (`npm run build`; the unit tier needs only `npx tsc -b` and
 * `npm run gen:schema`). A test folder that no tier names fails the run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const FOLDERS = {
  unit: ['model', 'shell', 'edits', 'rules', 'features', 'pod', 'schema', 'knowledge', 'kustomize', 'workspace', 'architecture', 'grammar'],
  process: ['cli', 'lsp', 'security', 'repoConfig'],
  slow: ['corpus', 'fuzz', 'hostile', 'bench', 'package'],
};

/**
 * A test over the whole real corpus (../shared/corpus/real) takes seconds to minutes, whatever its
 * folder: it is named `<name>.corpus.test.ts` and runs in the slow tier.
 */
const CORPUS_TEST = /\.corpus\.test\.ts$/;

function walk(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function tierOf(relative) {
  if (CORPUS_TEST.test(relative)) return 'slow';
  const folder = relative.split('/')[0];
  return Object.keys(FOLDERS).find((tier) => FOLDERS[tier].includes(folder));
}

function filesOf(tiers) {
  const files = [];
  const src = path.join(ROOT, 'test/src');
  for (const file of walk(src).filter((f) => f.endsWith('.test.ts'))) {
    const relative = path.relative(src, file).split(path.sep).join('/');
    const tier = tierOf(relative);
    if (tier === undefined) throw new Error(`test/src/${relative}: its folder is in no tier (scripts/test.mjs)`);
    if (tiers.includes(tier)) files.push(path.join('test/out', relative.replace(/\.ts$/, '.js')));
  }
  if (tiers.includes('e2e')) {
    for (const name of readdirSync(path.join(ROOT, 'test/editor')).sort()) if (name.endsWith('.test.mjs')) files.push(`test/editor/${name}`);
  }
  return files;
}

const args = process.argv.slice(2);
const list = args[0] === '--list';
const tiers = list ? args.slice(1) : args;
const known = [...Object.keys(FOLDERS), 'e2e'];
const unknown = tiers.filter((t) => !known.includes(t));
if (tiers.length === 0 || unknown.length > 0) {
  process.stderr.write(`usage: node scripts/test.mjs [--list] ${known.join('|')}…${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}\n`);
  process.exit(2);
}
const files = filesOf(tiers);
if (list) {
  process.stdout.write(files.map((f) => `${f}\n`).join(''));
} else {
  // Twenty minutes per test and per file: nothing may hang the run (ARCHITECTURE.md, Testing).
  const run = spawnSync(process.execPath, ['--test', '--test-timeout=1200000', ...files], { cwd: ROOT, stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
