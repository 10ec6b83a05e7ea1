/**
 * The reparse shortcut over the real corpus (slow tier): for random edits inside the items of
 * every document, `editedValue` answers exactly what parsing the whole edited document answers,
 * and the shortcut is taken often enough that the property is about it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { visit, type Node } from 'yaml';
import type { YamlDocument } from '../../../server/out/model/document';
import { parseFile } from '../../../server/out/model/file';
import type { Edit } from '../../../server/out/model/text';
import { check } from './reparseCheck';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

/** A small seeded generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '\n',
  ' ',
  '  ',
  '\n  ',
  '\n    ',
  '\n- ',
  '- ',
  '#',
  ' # c',
  ':',
  ': ',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ', ',
  '|',
  '|-\n',
  '>',
  '&a ',
  '*a',
  '!!str ',
  '!x ',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '? ',
  'x',
  'y',
  '\t',
  '\r\n',
  '<<: ',
  '"\\',
  '\n# c\n',
  '0o7',
  '1e3',
];

function randomEdits(next: () => number, from: number, to: number): Edit[] {
  const n = 1 + Math.floor(next() * 2);
  const edits: Edit[] = [];
  let at = from;
  for (let i = 0; i < n && at <= to; i++) {
    const start = at + Math.floor(next() * (to - at + 1));
    const end = Math.min(to, start + (next() < 0.5 ? 0 : Math.floor(next() * 6)));
    const newText = next() < 0.25 ? '' : TOKENS[Math.floor(next() * TOKENS.length)];
    if (start === end && newText === '') continue;
    edits.push({ span: { start, end }, newText });
    at = end + 1;
  }
  return edits;
}

/** Block-sequence items of a document, as [start of the item's line, end of its line range). */
function items(doc: YamlDocument): [number, number][] {
  const out: [number, number][] = [];
  visit(doc.yaml!, {
    Seq(_, seq) {
      if (seq.flow) return;
      for (const item of seq.items as Node[]) {
        if (!item?.range) continue;
        const start = doc.text.lastIndexOf('\n', item.range[0] - 1) + 1;
        const nl = doc.text.indexOf('\n', item.range[2]);
        out.push([start, nl < 0 ? doc.text.length : nl + 1]);
      }
    },
  });
  return out;
}

test(
  'editedValue = the whole document parsed again, for random edits in the items of the real corpus',
  { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` },
  (t) => {
    const next = random(20261122);
    const counts = { local: 0, cases: 0 };
    const failures: string[] = [];
    for (const f of fs.readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f))) {
      for (const placed of parseFile(fs.readFileSync(path.join(CORPUS, f), 'utf8')).documents) {
        const doc = placed.doc;
        // Every case parses its document whole (twice when the shortcut is not taken): CRDs of
        // hundreds of kilobytes would cost seconds and test nothing more.
        if (!doc.yaml || doc.yaml.errors.length > 0 || doc.manifests.length === 0 || doc.text.length > 32_000) continue;
        const list = items(doc);
        for (let k = 0; k < Math.min(list.length, 6); k++) {
          const [from, to] = list[Math.floor(next() * list.length)];
          check(doc, randomEdits(next, from, to), f, counts, failures);
        }
        // Whole items deleted, copied or moved (what moving a container between lists does), the
        // moved text sometimes re-indented or cut.
        for (let k = 0; k < Math.min(list.length, 3); k++) {
          const [from, to] = list[Math.floor(next() * list.length)];
          const [at] = list[Math.floor(next() * list.length)];
          const where = next() < 0.5 ? at : list.find(([s]) => s === at)![1];
          let moved = doc.text.slice(from, to);
          const r = next();
          if (r < 0.2) moved = moved.replace(/^ {2}/gm, '');
          else if (r < 0.4) moved = moved.replace(/^/gm, '  ');
          else if (r < 0.5) moved = moved.slice(0, Math.floor(next() * moved.length));
          const edits: Edit[] = [];
          const deleting = next() < 0.7;
          if (where <= from || !deleting) edits.push({ span: { start: where, end: where }, newText: moved });
          if (deleting && (where <= from || where >= to)) edits.push({ span: { start: from, end: to }, newText: '' });
          if (deleting && where > from && where >= to) edits.push(edits.shift()!);
          if (edits.length > 0) check(doc, edits, `${f} (items)`, counts, failures);
        }
      }
    }
    t.diagnostic(`${counts.cases} cases, ${counts.local} answered from the item alone`);
    assert.deepEqual(failures.slice(0, 10), []);
    assert.ok(counts.cases > 2000, `${counts.cases} cases`);
    // Most random edits break the YAML (then the whole document is parsed to say so); the shortcut
    // must still answer a good part of them.
    assert.ok(counts.local > counts.cases / 5, `the item alone was parsed in ${counts.local} of ${counts.cases} cases`);
  },
);
