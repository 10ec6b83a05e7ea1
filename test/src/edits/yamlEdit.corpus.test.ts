/**
 * The edit layer over the real-world corpus (slow tier): two operations on every container,
 * each output parsed again, holding the expected value and keeping every other line.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LineCounter, parseAllDocuments } from 'yaml';
import { applyEdits, YamlEditor } from '../../../server/out/edits/yamlEdit';
import { parseDocument } from '../../../server/out/model/document';
import { parseFile } from '../../../server/out/model/file';
import type { Edit } from '../../../server/out/model/text';
import { assertOutsideUnchanged, assertWellFormed, insertAfter, replaceAt, type Js } from './editChecks';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

test(
  'every container of the real corpus: add restartPolicy after name, remove its last pair',
  { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` },
  (t) => {
    const files = fs.readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f));
    let containers = 0;
    let refusedExisting = 0;
    const failures: string[] = [];
    // The time bound is a ratio to the `yaml` library parsing the same files in the same run.
    const texts = files.map((f) => fs.readFileSync(path.join(CORPUS, f), 'utf8'));
    const parsedAt = performance.now();
    for (const text of texts) parseAllDocuments(text, { lineCounter: new LineCounter() });
    const parseMs = performance.now() - parsedAt;
    const started = performance.now();
    for (const f of files) {
      const model = parseFile(fs.readFileSync(path.join(CORPUS, f), 'utf8'));
      for (const placed of model.documents) {
        const doc = placed.doc;
        for (const m of doc.manifests) {
          for (const c of m.podSpec?.containers ?? []) {
            containers++;
            const where = `${f}: ${c.name ?? c.index}`;
            const jsPath = [...m.path, ...c.path];
            const original = doc.yaml!.toJS();
            const container = jsPath.reduce((o: Js, s) => o[s], original);
            const ed = new YamlEditor(doc);
            const name = c.fields.get('name');

            // 1. addPair restartPolicy after name.
            const add = ed.addPair(c.node, 'restartPolicy', 'Always', name ? { after: name.pair } : undefined);
            if (c.fields.has('restartPolicy')) {
              if (add !== undefined) failures.push(`${where}: a duplicate restartPolicy was not refused`);
              else refusedExisting++;
            } else if (!add) {
              failures.push(`${where}: addPair refused`);
            } else {
              const expected = structuredClone(original);
              const rebuilt = insertAfter(container, name ? 'name' : undefined, 'restartPolicy', 'Always');
              if (jsPath.length === 0) failures.push(`${where}: container at the root`);
              else replaceAt(expected, jsPath, rebuilt);
              const problem = verify(doc.text, add, expected, jsPath, Object.keys(rebuilt));
              if (problem) failures.push(`${where}: addPair: ${problem}`);
            }

            // 2. removePair of its last pair.
            const last = c.node.items[c.node.items.length - 1];
            const rm = ed.removePair(c.node, last);
            if (!rm) {
              failures.push(`${where}: removePair refused`);
            } else {
              const expected = structuredClone(original);
              const target = jsPath.reduce((o: Js, s) => o[s], expected);
              const lastKey = Object.keys(container).pop()!;
              delete target[lastKey];
              const problem = verify(doc.text, rm, expected, jsPath, Object.keys(target));
              if (problem) failures.push(`${where}: removePair: ${problem}`);
            }
          }
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(containers > 500, `expected the corpus's containers, found ${containers}`);
    const ratio = (performance.now() - started) / parseMs;
    t.diagnostic(`${containers} containers; ${ratio.toFixed(1)}× the yaml parse of the corpus (${parseMs.toFixed(0)} ms)`);
    assert.ok(ratio < 15, `two edits of every container, each parsed again, took ${ratio.toFixed(1)}× parsing the corpus`);
    void refusedExisting;
  },
);

/** Output parses, holds the expected value (and key order of the container), lines outside unchanged. */
function verify(text: string, edits: Edit[], expected: Js, jsPath: (string | number)[], keys: string[]): string | undefined {
  try {
    assertWellFormed(edits, text);
    const out = applyEdits(text, edits);
    const parsed = parseDocument(out);
    if (parsed.syntaxIssues.length) return `does not parse: ${parsed.syntaxIssues[0].message}`;
    const actual = parsed.yaml!.toJS();
    assert.deepEqual(actual, expected);
    assert.deepEqual(Object.keys(jsPath.reduce((o: Js, s) => o[s], actual)), keys);
    assertOutsideUnchanged(text, out, edits);
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}
