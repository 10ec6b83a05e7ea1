/**
 * The check of a fix's result parses only the edited block-sequence item when that gives the value
 * the whole document would have (server/src/edits/reparse.ts). Property: for cases written to
 * break the shortcut, `editedValue` answers exactly what parsing the whole edited document
 * answers; and the shortcut is taken, so the property is about it. The same property over random
 * edits in every document of the real corpus is reparse.corpus.test.ts (slow tier).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { editedItem, editedValue } from '../../../server/out/edits/reparse';
import { documentJs } from '../../../server/out/edits/yamlEdit';
import { parseDocument } from '../../../server/out/model/document';
import { parseFile } from '../../../server/out/model/file';
import { analyzeFile } from '../../../server/out/analysis/analyze';
import type { AnalysisOptions } from '../../../server/out/config/options';
import { parseFixture } from '../fixtures';
import type { Edit } from '../../../server/out/model/text';
import { check, orThrown, wholeValue } from './reparseCheck';

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
  const text =
    'spec:\n  initContainers:\n  - name: a\n    image: img-a\n  containers:\n  - name: b\n    image: img-b\n    restartPolicy: Always\n  - name: c\n    image: img-c\n';
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
    assert.deepEqual(local?.value, {
      spec: {
        initContainers: [
          { name: 'a', image: 'img-a' },
          { name: 'b', image: 'img-b', restartPolicy: 'Always' },
        ],
        containers: [{ name: 'c', image: 'img-c' }],
      },
    });
  }
  // Moving the last container away would leave `containers:` empty (null): not answered locally.
  const last = text.indexOf('  - name: c');
  const all = [
    { span: { start: at, end: at }, newText: text.slice(last) },
    { span: { start: from, end: text.length }, newText: '' },
  ];
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
  if (freeze)
    for (const placed of model.documents) if (placed.doc.yaml && placed.doc.yaml.errors.length === 0) deepFreeze(orThrown(() => documentJs(placed.doc)));
  const analysis = await analyzeFile(model, options);
  return JSON.stringify(
    analysis!.diagnostics.map((d) => [d.rule, d.span.start, d.fixes.map((f) => [f.title, f.edits.map((e) => [e.span.start, e.span.end, e.newText])])]),
  );
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
