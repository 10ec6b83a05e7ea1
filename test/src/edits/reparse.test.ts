/**
 * The check of a fix's result parses only the edited block-sequence item when that gives the value
 * the whole document would have (server/src/edits/reparse.ts). Property: for random edits inside
 * the items of every document of the real corpus and of cases written to break the shortcut,
 * `editedValue` answers exactly what parsing the whole edited document answers; and the shortcut
 * is taken, so the property is about it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments, visit, type Node } from 'yaml';
import { applyEdits, editedItem, editedValue } from '../../../server/out/edits/reparse';
import { documentJs } from '../../../server/out/edits/yamlEdit';
import { parseDocument, PARSE_OPTIONS, type YamlDocument } from '../../../server/out/model/document';
import { parseFile } from '../../../server/out/model/file';
import { analyzeFile } from '../../../server/out/analysis/analyze';
import type { AnalysisOptions } from '../../../server/out/config/options';
import { parseFixture } from '../fixtures';
import type { Edit } from '../../../server/out/model/text';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

/** What the whole document parsed again says: its value, or undefined when the result is refused. */
function wholeValue(doc: YamlDocument, edits: Edit[]): { value: unknown } | undefined {
  const docs = parseAllDocuments(applyEdits(doc.text, edits), PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const d = docs[0];
  if (d.errors.length > 0 || d.warnings.length > doc.yaml!.warnings.length) return undefined;
  return { value: d.toJS({ maxAliasCount: 1000 }) };
}

/** A small seeded generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['\n', ' ', '  ', '\n  ', '\n    ', '\n- ', '- ', '#', ' # c', ':', ': ', '"', "'", '[', ']', '{', '}', ', ', '|', '|-\n', '>', '&a ', '*a', '!!str ', '!x ', '---\n', '...\n', '%YAML 1.2\n', '? ', 'x', 'y', '\t', '\r\n', '<<: ', '"\\', '\n# c\n', '0o7', '1e3'];

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

function orThrown<T>(f: () => T): T | 'threw' {
  try {
    return f();
  } catch {
    return 'threw';
  }
}

function check(doc: YamlDocument, edits: Edit[], where: string, counts: { local: number; cases: number }, failures: string[]): void {
  const original = orThrown(() => documentJs(doc));
  if (original === 'threw') return; // no fix is offered in such a document (`<<: 1`)
  const local = editedItem(doc, original, edits);
  // The callers treat an exception as a refusal; `toJS` throws on some aliases.
  const got = orThrown(() => editedValue(doc, original, edits, doc.yaml!.warnings.length));
  const want = orThrown(() => wholeValue(doc, edits));
  counts.cases++;
  if (local) counts.local++;
  try {
    assert.deepStrictEqual(got, want);
  } catch {
    failures.push(`${where}: ${JSON.stringify(edits)} local=${local !== undefined}`);
  }
}

test('editedValue = the whole document parsed again, for random edits in the items of the real corpus', { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` }, (t) => {
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
});

test('editedValue = the whole document parsed again, where parsing the item alone would be wrong', () => {
  const cases: [string, string, string, string][] = [
    // [document, text to find, replacement, what it tests]
    ['a:\n  - x: 1\n    y: 2\n  - z: 3\n', '    y: 2\n', '    y: 2', 'the line break at the end of the item removed: the next item would join'],
    ['a:\n  - x: 1\n# note\n    y: 2\n', 'x: 1', 'x: 5', 'a comment at column 0 inside the item: the region is not the item'],
    ['a:\n  - x: &k 1\nb: *k\n', 'x: &k 1', 'x: &k 2', 'an anchor of the item read by an alias after it'],
    ['a:\n  - x: 1\n  - y: 2\n', 'x: 1', 'x: 1\n  - w: 0', 'a new item inserted in the region'],
    ['a:\n  - x: 1\n  - y: 2\n', 'x: 1\n', 'x: [1,\n', 'an unclosed flow sequence'],
    ['a:\n  - x: 1\n  - y: 2\n', 'x: 1', 'x: "1', 'an unclosed quote'],
    ['a:\n  - x: 1\n  - y: 2\n', '  - x: 1', '- x: 1', 'the dash moved to another column'],
    ['a:\n  - x: 1\nb: 2\n', 'x: 1', 'x: |', 'a block scalar header with the parent key after it'],
    ['%YAML 1.1\n---\na:\n  - x: 1\n', 'x: 1', 'x: 2', 'a directive'],
    ['a:\n- x: 1\n- y: 2\nb: 3\n', 'x: 1', 'x: 4', 'items at the column of their key'],
    ['a:\n  - x: 1\n\n\n  - y: 2\n', 'x: 1\n', 'x: 1\n\n    z: 3\n', 'blank lines inside and after the item'],
    ['a:\n  - x: 1\n  - y: 2', 'y: 2', 'y: 3', 'the last item without a final line break'],
    ['a:\n  - - x: 1\n    - y: 2\n', 'y: 2', 'y: 3', 'a sequence in a sequence'],
    ['a:\n  - x: 1\nb: 2\n', '  - x: 1\n', '', 'the only item deleted: the list reads as null, not []'],
    ['a:\n  - x: 1\n  - y: 2\nb: 2\n', '  - y: 2\n', '  - y: 2\n  - z: 3\n', 'an item added after the last one'],
    ['a:\n  - x: 1\n  - y: 2\nb: 2\n', '  - y: 2\n', '  - y: 2\n    - z: 3\n', 'an item added deeper than its list'],
    ['a:\n  - x: 1\n  - y: 2\nb: 2\n', '  - y: 2\n', '  - y: 2\n- z: 3\n', 'an item added at another column'],
    ['a:\n  - x: 1\n    y: 2\n', 'y: 2', 'x: 2', 'a duplicate key'],
  ];
  const counts = { local: 0, cases: 0 };
  const failures: string[] = [];
  for (const [text, find, replacement, what] of cases) {
    const doc = parseDocument(text);
    assert.deepEqual(doc.yaml!.errors, [], what);
    const start = text.indexOf(find);
    assert.ok(start >= 0, what);
    check(doc, [{ span: { start, end: start + find.length }, newText: replacement }], what, counts, failures);
  }
  assert.deepEqual(failures, []);
  // The ones that may take the shortcut do: the directive, the alias, the dash moved, the new item
  // and the region cut by a comment do not.
  assert.ok(counts.local >= 4, `${counts.local} cases parsed the item alone`);
});

test('a move between two lists: both regions are read alone, in either order of the edits', () => {
  const text = 'spec:\n  initContainers:\n  - name: a\n    image: img-a\n  containers:\n  - name: b\n    image: img-b\n    restartPolicy: Always\n  - name: c\n    image: img-c\n';
  const doc = parseDocument(text);
  const original = documentJs(doc);
  const item = '  - name: b\n    image: img-b\n    restartPolicy: Always\n';
  const at = text.indexOf('  containers:');
  const from = text.indexOf(item);
  const edits: Edit[] = [
    { span: { start: at, end: at }, newText: item },
    { span: { start: from, end: from + item.length }, newText: '' },
  ];
  for (const order of [edits, [...edits].reverse()]) {
    const local = editedItem(doc, original, order);
    assert.deepEqual(local, wholeValue(doc, order));
    assert.deepEqual(local?.value, { spec: { initContainers: [{ name: 'a', image: 'img-a' }, { name: 'b', image: 'img-b', restartPolicy: 'Always' }], containers: [{ name: 'c', image: 'img-c' }] } });
  }
  // Moving the last container away would leave `containers:` empty (null): not answered locally.
  const last = text.indexOf('  - name: c');
  const all = [{ span: { start: at, end: at }, newText: text.slice(last) }, { span: { start: from, end: text.length }, newText: '' }];
  assert.equal(editedItem(doc, original, all), undefined);
});

test('a pod of 200 containers: checking one fix per container parses each container, not the pod', () => {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: many', 'spec:', '  containers:'];
  for (let i = 0; i < 200; i++) lines.push(`  - name: c${i}`, '    image: busybox:1.36', '    imagePulPolicy: Always');
  const doc = parseDocument(`${lines.join('\n')}\n`);
  const original = documentJs(doc);
  let local = 0;
  for (let i = 0; i < 200; i++) {
    const start = doc.text.indexOf('imagePulPolicy', doc.text.indexOf(`name: c${i}\n`));
    const edits = [{ span: { start, end: start + 'imagePulPolicy'.length }, newText: 'imagePullPolicy' }];
    if (editedItem(doc, original, edits)) local++;
    const got = editedValue(doc, original, edits, 0) as { value: { spec: { containers: Record<string, string>[] } } };
    assert.equal(got.value.spec.containers[i].imagePullPolicy, 'Always');
    assert.equal(got.value.spec.containers[i].imagePulPolicy, undefined);
  }
  assert.equal(local, 200);
});

function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const child of Object.values(v)) deepFreeze(child);
}

/** Every fix of every diagnostic of a text, as titles and edits. */
async function allFixes(text: string, options: AnalysisOptions, freeze: boolean): Promise<string> {
  const model = parseFile(text);
  if (freeze) for (const placed of model.documents) if (placed.doc.yaml && placed.doc.yaml.errors.length === 0) deepFreeze(orThrown(() => documentJs(placed.doc)));
  const analysis = await analyzeFile(model, options);
  return JSON.stringify(analysis!.diagnostics.map((d) => [d.rule, d.span.start, d.fixes.map((f) => [f.title, f.edits.map((e) => [e.span.start, e.span.end, e.newText])])]));
}

test("checking a fix never writes into the document's value it shares (frozen, every fixture offers the same fixes)", async () => {
  const root = path.resolve(__dirname, '../../../test/fixtures');
  let fixes = 0;
  for (const rule of fs.readdirSync(root)) {
    for (const name of fs.readdirSync(path.join(root, rule)).filter((f) => f.endsWith('.yaml'))) {
      const { text, options } = parseFixture(fs.readFileSync(path.join(root, rule, name), 'utf8'));
      const plain = await allFixes(text, options, false);
      assert.equal(await allFixes(text, options, true), plain, `${rule}/${name}`);
      fixes += (plain.match(/\[\[/g) ?? []).length;
    }
  }
  assert.ok(fixes > 100, `${fixes} fixes compared`);
});
