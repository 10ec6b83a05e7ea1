/**
 * The fuzzer's seeds: the real manifests of ../shared/corpus/real (when that folder is there;
 * read at run time, never copied into the project), the rule fixtures, the lens fixtures and the
 * regression fixtures. Large corpus files (CRDs of several MB) are left out: the hostile-input
 * tests cover size, and a seed is mutated many times.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Seed {
  /** Where it comes from, for messages: `corpus/<file>` or `fixtures/<rule>/<file>`. */
  name: string;
  text: string;
}

/** The repository root, from test/out/fuzz/ (compiled) or test/src/fuzz/. */
export const REPO = path.resolve(__dirname, '../../..');
export const CORPUS = path.resolve(REPO, '../shared/corpus/real');
export const REGRESSIONS = path.join(REPO, 'test/fixtures-regressions');

/** Seeds larger than this are skipped. */
export const MAX_SEED_BYTES = 48 * 1024;

function yamlFilesBelow(dir: string, rel = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...yamlFilesBelow(path.join(dir, entry.name), relPath));
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) out.push(relPath);
  }
  return out;
}

function read(dir: string, prefix: string, out: Seed[]): void {
  for (const rel of yamlFilesBelow(dir)) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).size > MAX_SEED_BYTES) continue;
    out.push({ name: `${prefix}/${rel}`, text: fs.readFileSync(file, 'utf8') });
  }
}

export interface SeedSet {
  seeds: Seed[];
  /** Whether the corpus folder was found (otherwise only the project's fixtures are used). */
  corpus: boolean;
}

let cached: SeedSet | undefined;

/** Every seed, in a fixed order (so a seed number means the same input on every machine with the same corpus). */
export function loadSeeds(): SeedSet {
  if (cached) return cached;
  const seeds: Seed[] = [];
  read(path.join(REPO, 'test/fixtures'), 'fixtures', seeds);
  read(path.join(REPO, 'test/fixtures-features'), 'fixtures-features', seeds);
  read(REGRESSIONS, 'fixtures-regressions', seeds);
  const corpus = fs.existsSync(CORPUS);
  if (corpus) read(CORPUS, 'corpus', seeds);
  cached = { seeds, corpus };
  return cached;
}
