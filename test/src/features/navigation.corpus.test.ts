/**
 * Navigation over every real manifest of ../shared/corpus/real: the outline and every
 * navigation request at every name never throw, and renaming the first volume and the first
 * container of every pod (to a fresh label) succeeds, edits every place that names it, and adds
 * no diagnostic.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';
import { applyEdits } from '../../../server/out/edits/yamlEdit';
import { podNames } from '../../../server/out/features/names';
import { definition, prepareRename, references, rename } from '../../../server/out/features/navigation';
import { fileSymbols } from '../../../server/out/features/symbols';
import { parseFile } from '../../../server/out/model/file';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

function rules(d: { rule: string; severity: string }[]): string[] {
  return d.map((x) => `${x.severity} ${x.rule}`).sort();
}

test(
  'navigation over the real-world corpus: no crash; renames keep every file as valid as it was',
  { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` },
  async () => {
    const files = fs.readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f));
    assert.ok(files.length > 600, `expected the corpus's ~650 files, found ${files.length}`);
    const problems: string[] = [];
    let renamed = 0;
    for (const f of files) {
      const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
      const model = parseFile(text);
      fileSymbols(model);
      const targets: { offset: number; places: number }[] = [];
      for (const placed of model.documents) {
        for (const m of placed.doc.manifests) {
          const { occurrences } = podNames(m, placed.doc.text);
          for (const o of occurrences) {
            const offset = placed.start + o.span.start;
            definition(model, offset);
            const refs = references(model, offset, true);
            if (!refs.some((s) => s.start === offset)) problems.push(`${f}: references at ${offset} miss the name itself`);
            if (!prepareRename(model, offset)) problems.push(`${f}: prepareRename refuses the name at ${offset}`);
          }
          for (const kind of ['volume', 'container'] as const) {
            const first = occurrences.find((o) => o.kind === kind && o.role === 'declaration');
            if (first)
              targets.push({ offset: placed.start + first.span.start, places: occurrences.filter((o) => o.kind === kind && o.name === first.name).length });
          }
        }
      }
      if (targets.length === 0) continue;
      const before = rules((await analyzeText(text, defaultOptions())).diagnostics);
      for (const [i, t] of targets.entries()) {
        const result = rename(model, t.offset, `renamed-by-test-${i}`);
        if ('error' in result) {
          problems.push(`${f}: rename refused: ${result.error}`);
          continue;
        }
        renamed++;
        const out = applyEdits(text, result.edits);
        const after = rules((await analyzeText(out, defaultOptions())).diagnostics);
        if (JSON.stringify(after) !== JSON.stringify(before))
          problems.push(`${f}: renaming at ${t.offset} changed the diagnostics: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        const again = parseFile(out);
        const count = references(again, result.edits[0].span.start, true).length;
        if (count !== t.places) problems.push(`${f}: ${t.places} places before the rename, ${count} after`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(renamed > 500, `only ${renamed} renames`);
  },
);
