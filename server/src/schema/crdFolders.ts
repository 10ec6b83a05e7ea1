/**
 * The CustomResourceDefinitions of the folders and files `.initlens.yaml` names (`crds:`, like
 * kubectl-validate's local CRDs): a custom resource none of its file's or the workspace's CRDs
 * defines is checked against them. The YAML files there are walked (not `node_modules` or
 * hidden folders; at most MAX_FILES files of at most MAX_FILE_BYTES), the documents that mention
 * `CustomResourceDefinition` parsed once for what lookup needs; a schema is read from its file
 * again on first need (./crd.ts), as the workspace index does. The catalog is built again when a
 * file's size or modification time changes.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CrdCatalog, CrdSource } from '../config/options';
import { parseDocument } from '../model/document';
import { splitDocuments } from '../model/split';
import { crdInFileText, documentCrds } from './crd';

const MAX_FILES = 2000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_DEPTH = 16;
const YAML = /\.ya?ml$/i;

interface Entry {
  file: string;
  /** size and mtime: the catalog is built again when they change. */
  stamp: string;
}

/** The YAML files of the paths, in order, bounded. */
function walk(paths: readonly string[]): Entry[] {
  const out: Entry[] = [];
  const visit = (p: string, depth: number, named: boolean): void => {
    if (out.length >= MAX_FILES) return;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      if (depth > MAX_DEPTH) return;
      let names: string[];
      try {
        names = fs.readdirSync(p).sort();
      } catch {
        return;
      }
      for (const name of names) if (name !== 'node_modules' && !name.startsWith('.')) visit(path.join(p, name), depth + 1, false);
    } else if (stat.isFile() && (named || YAML.test(p)) && stat.size <= MAX_FILE_BYTES) {
      out.push({ file: p, stamp: `${stat.size}:${stat.mtimeMs}` });
    }
  };
  for (const p of paths) visit(p, 0, true);
  return out;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function build(entries: readonly Entry[], key: string, paths: readonly string[]): CrdCatalog {
  const byKind = new Map<string, CrdSource>();
  for (const { file } of entries) {
    const text = readText(file);
    if (text === undefined || !text.includes('CustomResourceDefinition')) continue;
    for (const chunk of splitDocuments(text)) {
      if (!chunk.text.includes('CustomResourceDefinition')) continue;
      for (const c of documentCrds(parseDocument(chunk.text))) {
        const id = `${c.group}/${c.kind}`;
        if (byKind.has(id)) continue; // the first wins
        const { start } = chunk;
        const length = chunk.text.length;
        const source: CrdSource = {
          name: c.name,
          group: c.group,
          kind: c.kind,
          served: c.served,
          digest: c.digest,
          source: file,
          load: () => crdInFileText(readText(file), start, length, source),
        };
        byKind.set(id, source);
      }
    }
  }
  return { key, paths, crd: (group, kind) => byKind.get(`${group}/${kind}`) };
}

/** Built catalogs by their paths; the newest few. */
const catalogs = new Map<string, { stamp: string; catalog: CrdCatalog }>();
const MAX_CATALOGS = 8;

/** The CRDs of `paths` (absolute folders or files). */
export function crdCatalog(paths: readonly string[]): CrdCatalog {
  const id = paths.join('\u0000');
  const entries = walk(paths);
  const stamp = entries.map((e) => `${e.file}\u0000${e.stamp}`).join('\n');
  const hit = catalogs.get(id);
  if (hit && hit.stamp === stamp) return hit.catalog;
  const catalog = build(entries, createHash('sha1').update(stamp).digest('hex').slice(0, 16), paths);
  catalogs.delete(id);
  catalogs.set(id, { stamp, catalog });
  if (catalogs.size > MAX_CATALOGS) catalogs.delete(catalogs.keys().next().value as string);
  return catalog;
}
