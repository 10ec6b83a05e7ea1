/**
 * Opening a big file progressively ends in the one-shot analysis: each step of `parseLeading`
 * places its documents as `parseFile` does, each step's diagnostics are the start of the one-shot
 * list (the same diagnostics in the same order), and the whole file's parse started from the
 * steps' documents analyses to exactly the one-shot result, byte for byte as JSON. Over the
 * corpus's biggest files and generated ones (with an autoscaler at the end that changes the first
 * document's findings, a broken document, `...` and `%YAML` lines, CRLF; a custom resource at the
 * top whose CustomResourceDefinition is at the end).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeFile, analyzeLeading } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';
import { parseFile, parseLeading, type LeadingDocuments, type MayBeCustom, type PlacedDocument } from '../../../server/out/model/file';
import { hasSchema } from '../../../server/out/schema/loadSchema';
import type { FileAnalysis } from '../../../server/out/analysis/analyze';
import { BACKUP, BACKUP_CRD, RETENTION_MESSAGE } from '../schema/crdTexts';
import { bigFile } from './bigTexts';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

/** As the server asks: a kind without a built-in schema may be a custom resource. */
const mayBeCustom: MayBeCustom = (apiVersion, kind) => !hasSchema(apiVersion, kind);

/** What a model places: offsets, lines and texts of its documents. */
const layout = (documents: readonly { start: number; startLine: number; doc: { text: string } }[]) =>
  documents.map((d) => [d.start, d.startLine, d.doc.text] as const);

/**
 * Opens `text` in steps (the first `first` characters, then `step` more each time), checking
 * each step against the one-shot analysis; returns how many steps published something.
 */
async function progressiveEqualsOneShot(label: string, text: string, first: number, step: number, oneShotModel = parseFile(text)): Promise<number> {
  const options = defaultOptions();
  const oneShot = (await analyzeFile(oneShotModel, options))!;
  const expected = JSON.stringify(oneShot.diagnostics);
  let leading: LeadingDocuments | undefined = parseLeading(text, first, undefined, {}, undefined, mayBeCustom);
  assert.ok(leading, `${label}: parseLeading declined`);
  let steps = 0;
  while (leading && !leading.complete) {
    const docs: readonly PlacedDocument[] = leading.model.documents;
    assert.deepEqual(layout(docs), layout(oneShotModel.documents.slice(0, docs.length)), `${label}: step ${steps} places documents as parseFile`);
    const partial: FileAnalysis = (await analyzeLeading(leading, options))!;
    const count: number = partial.diagnostics.length;
    assert.equal(
      JSON.stringify(partial.diagnostics),
      JSON.stringify(oneShot.diagnostics.slice(0, count)),
      `${label}: step ${steps} is the start of the one-shot list`,
    );
    // Nothing of a later document: the step's diagnostics are all of its documents' ones.
    assert.equal(count, oneShot.diagnostics.filter((d) => d.document < docs.length).length, `${label}: step ${steps} holds all of its documents' diagnostics`);
    steps++;
    const last = docs[docs.length - 1];
    leading = parseLeading(text, last.start + last.doc.text.length + step, leading, {}, undefined, mayBeCustom);
  }
  const final = (await analyzeFile(parseFile(text, leading?.model.cache), options))!;
  assert.equal(JSON.stringify(final.diagnostics), expected, `${label}: the final analysis is the one-shot one`);
  return steps;
}

test('progressive steps over generated files end in the one-shot analysis, byte for byte', async () => {
  const cases: [string, string, [number, number][]][] = [
    [
      '1,000 documents',
      bigFile(1000),
      [
        [3000, 64 * 1024],
        [50_000, 7_777],
      ],
    ],
    [
      '200 documents, CRLF',
      bigFile(200, true),
      [
        [1, 1],
        [3000, 20_000],
      ],
    ],
  ];
  for (const [label, text, steps] of cases) {
    // The autoscaler at the end makes the first document's migration a finding.
    const model = parseFile(text);
    const oneShot = (await analyzeFile(model, defaultOptions()))!;
    assert.ok(
      oneShot.diagnostics.some((d) => d.document === 0 && d.rule === 'init-runs-per-replica'),
      `${label}: the first document has its finding`,
    );
    assert.ok(
      oneShot.diagnostics.some((d) => d.rule === 'yaml-syntax'),
      `${label}: the broken document is reported`,
    );
    for (const [first, step] of steps) assert.ok((await progressiveEqualsOneShot(`${label} (${first}, ${step})`, text, first, step, model)) > 1);
  }
});

test('a custom resource at the top is checked against the CustomResourceDefinition at the end from the first step', async () => {
  const text = `${BACKUP}---\n${bigFile(300)}\n---\n${BACKUP_CRD}`;
  const model = parseFile(text);
  const oneShot = (await analyzeFile(model, defaultOptions()))!;
  assert.ok(
    oneShot.diagnostics.some((d) => d.document === 0 && d.message.includes(RETENTION_MESSAGE)),
    'the custom resource is checked against its CRD',
  );
  const first = parseLeading(text, 1, undefined, {}, undefined, mayBeCustom)!;
  assert.deepEqual(
    first.definitions.map((d) => d.start),
    [text.lastIndexOf('\n---\n') + 1],
    'the first step parses the CRD at the end, and only it',
  );
  // A CRD at the top is no custom resource: the CRDs after it wait for their step.
  const crds = `${BACKUP_CRD}---\n${bigFile(50)}\n---\n${BACKUP_CRD.replace(/backups?|Backup/g, (w) => `${w}2`)}`;
  assert.deepEqual(parseLeading(crds, 1, undefined, {}, undefined, mayBeCustom)!.definitions, []);
  assert.ok((await progressiveEqualsOneShot('Backup, then 300 workloads, then its CRD', text, 1, 20_000, model)) > 1);
});

test(
  "progressive steps over the corpus's biggest files end in the one-shot analysis",
  { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` },
  async () => {
    const files = fs
      .readdirSync(CORPUS)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => path.join(CORPUS, f))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)
      .slice(0, 8);
    let checked = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      if (!parseLeading(text, 1)) continue; // a template: not analysed, nothing to show early
      await progressiveEqualsOneShot(path.basename(file), text, 1, 100_000);
      checked++;
    }
    assert.ok(checked >= 5, `checked ${checked} files`);
  },
);

test('a file parseFile would not analyse is not shown early', () => {
  const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
  assert.equal(parseLeading(`${doc}---\n${doc}---\nkind: {{ .Values.kind }}\n`, 1), undefined);
  assert.equal(parseLeading(`${doc}---\n${doc}\u0000`, 1), undefined);
  assert.equal(parseLeading(`${doc}---\n${doc}`, 1, undefined, { maxFileSizeKB: 0.05 }), undefined);
  // The whole file at once: complete.
  assert.equal(parseLeading(`${doc}---\n${doc}`, 1_000)?.complete, true);
});
