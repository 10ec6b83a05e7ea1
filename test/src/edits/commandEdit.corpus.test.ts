/**
 * The command edits over the real corpus (slow tier): script edits and list rewrites of every
 * container keep the YAML parseable and change exactly the value they edit.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { YAMLSeq } from 'yaml';
import { applyEdits } from '../../../server/out/edits/yamlEdit';
import { editArgValue, replaceSeqEdit } from '../../../server/out/edits/commandEdit';
import { commandLineOf } from '../../../server/out/model/commands';
import { parseDocument } from '../../../server/out/model/document';
import { parseFile } from '../../../server/out/model/file';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

test(
  'over the corpus: script edits and list rewrites keep the YAML and change exactly the value',
  { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` },
  () => {
    let scripts = 0;
    let lists = 0;
    for (const f of fs.readdirSync(CORPUS).filter((n) => /\.ya?ml$/.test(n))) {
      const model = parseFile(fs.readFileSync(path.join(CORPUS, f), 'utf8'));
      for (const placed of model.documents) {
        const doc = placed.doc;
        for (const m of doc.manifests) {
          for (const c of m.podSpec?.containers ?? []) {
            const l = commandLineOf(doc.text, m, c);
            if (l.script && l.script.script.commands.length) {
              // Insert a word after the first command's first word, and wrap the first one in quotes.
              const first = l.script.script.commands[0];
              const w = first.words[0] ?? first.assignments[0];
              if (!w) continue;
              const edits = editArgValue(doc, l.script.arg, [
                { start: w.end, end: w.end, text: ' -x' },
                { start: first.start, end: first.start, text: `'` },
                { start: first.end, end: first.end, text: `'` },
              ]);
              assert.ok(edits, `${f}: ${c.name}: no edit`);
              const after = parseDocument(applyEdits(doc.text, edits));
              assert.equal(after.syntaxIssues.length, 0, `${f}: ${c.name}`);
              const v = l.script.arg.value;
              const want = `${v.slice(0, first.start)}'${v.slice(first.start, w.end)} -x${v.slice(w.end, first.end)}'${v.slice(first.end)}`;
              const got = commandLineOf(
                after.text,
                after.manifests[doc.manifests.indexOf(m)],
                after.manifests[doc.manifests.indexOf(m)].podSpec!.containers[m.podSpec!.containers.indexOf(c)],
              );
              assert.equal(got.script?.arg.value, want, `${f}: ${c.name}`);
              scripts++;
            }
            for (const key of ['command', 'args']) {
              const seq = c.fields.get(key)?.value;
              if (!seq || !l.complete || (seq as YAMLSeq).items?.length === undefined) continue;
              const values = ['sh', '-c', `echo "it's" > /tmp/x # not a comment`, ...l.argv.filter((a) => a.list === key).map((a) => a.value)];
              const e = replaceSeqEdit(doc, seq as YAMLSeq, values);
              if (!e) continue; // comments inside the list: refused
              const after = parseDocument(applyEdits(doc.text, [e]));
              assert.equal(after.syntaxIssues.length, 0, `${f}: ${c.name}.${key}`);
              const node = after.manifests[doc.manifests.indexOf(m)].podSpec!.containers[m.podSpec!.containers.indexOf(c)].fields.get(key)!.value as YAMLSeq;
              assert.deepEqual(node.toJSON(), values, `${f}: ${c.name}.${key}`);
              lists++;
            }
          }
        }
      }
    }
    assert.ok(scripts > 30 && lists > 200, `checked ${scripts} scripts and ${lists} lists`);
  },
);
