/**
 * Re-parsing after an edit (`parseFile(text, previous.cache)`) re-splits only the changed region
 * and answers positions from the documents' line indexes: it must give exactly what a parse from
 * scratch gives, for any edit — document markers, `...` ends, directive lines and every kind of line
 * break included.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseFile, type FileModel } from '../../../server/out/model/file';
import { LineIndex } from '../../../server/out/model/text';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LINES = [
  '---',
  '...',
  '--- # doc',
  '---x',
  '%YAML 1.1',
  '%TAG ! tag:x,2000:',
  'a: 1',
  'kind: Pod',
  '  - b: 2',
  '',
  '# c',
  'k: |',
  '  ---',
  '  text',
  '.. .',
  'x: "{{ .Values.a }}"',
];
const BREAKS = ['\n', '\n', '\n', '\r\n', '\r'];

function randomText(next: () => number, lines: number): string {
  let out = '';
  for (let i = 0; i < lines; i++) {
    out += LINES[Math.floor(next() * LINES.length)];
    if (i < lines - 1 || next() < 0.7) out += BREAKS[Math.floor(next() * BREAKS.length)];
  }
  return out;
}

function randomEdit(next: () => number, text: string): string {
  const a = Math.floor(next() * (text.length + 1));
  const b = Math.min(text.length, a + Math.floor(next() * (next() < 0.8 ? 4 : 60)));
  const pieces = ['', '-', '.', '%', '\n', '\r', '\r\n', '---\n', '\n---\n', '...\n', 'x', ' ', randomText(next, 1 + Math.floor(next() * 4))];
  return text.slice(0, a) + pieces[Math.floor(next() * pieces.length)] + text.slice(b);
}

function layout(model: FileModel): unknown {
  return {
    documents: model.documents.map((d) => [d.start, d.startLine, d.doc.text]),
    notAnalysed: model.notAnalysed,
  };
}

function checkLines(model: FileModel, next: () => number): void {
  const full = new LineIndex(model.text);
  assert.equal(model.lines.lineCount, full.lineCount);
  assert.deepEqual([...model.lines.lineStarts], full.lineStarts);
  for (let k = 0; k < 20; k++) {
    const offset = Math.floor(next() * (model.text.length + 3)) - 1;
    assert.deepEqual(model.lines.positionAt(offset), full.positionAt(offset), `positionAt(${offset})`);
    const line = Math.floor(next() * (full.lineCount + 2)) - 1;
    const character = Math.floor(next() * 12);
    assert.equal(model.lines.offsetAt({ line, character }), full.offsetAt({ line, character }), `offsetAt(${line}, ${character})`);
    if (line >= 0) {
      assert.equal(model.lines.lineEnd(line), full.lineEnd(line), `lineEnd(${line})`);
      assert.equal(model.lines.lineText(line), full.lineText(line), `lineText(${line})`);
    }
  }
}

test('an edit re-parsed from the previous parse gives what a parse from scratch gives (random edits near markers)', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const next = rng(seed);
    let text = randomText(next, 5 + Math.floor(next() * 30));
    let model = parseFile(text);
    for (let step = 0; step < 15; step++) {
      text = randomEdit(next, text);
      const incremental = parseFile(text, model.cache);
      const scratch = parseFile(text);
      assert.deepEqual(layout(incremental), layout(scratch), `seed ${seed}, step ${step}: ${JSON.stringify(text)}`);
      if (!incremental.notAnalysed) checkLines(incremental, next);
      model = incremental;
    }
  }
});

test('an edit in one document of many re-parses that document only and keeps the others', () => {
  const docs = Array.from({ length: 50 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: "${i}"\n`);
  const text = docs.join('---\n');
  const first = parseFile(text);
  const at = text.indexOf('name: c25') + 'name: c2'.length;
  const edited = text.slice(0, at) + '7' + text.slice(at + 1);
  const second = parseFile(edited, first.cache);
  assert.equal(second.documents.length, 50);
  second.documents.forEach((d, i) => {
    if (i === 25) assert.notEqual(d.doc, first.documents[i].doc);
    else assert.equal(d.doc, first.documents[i].doc, `document ${i} is reused`);
  });
  assert.deepEqual(layout(second), layout(parseFile(edited)));
});
