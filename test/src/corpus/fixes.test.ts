/**
 * The fix guarantee over every real manifest of ../shared/corpus/real: every fix offered on every
 * diagnostic, applied, keeps the YAML parseable, removes its diagnostic, adds no error and leaves
 * every other line byte for byte.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeFile, analyzeText, type FileAnalysis } from '../../../server/out/analysis/analyze';
import { defaultOptions, formatKubeVersion } from '../../../server/out/config/options';
import { checkFix, safeFixesOnValidDocuments, TARGETS } from '../fixGuarantee';
import { parseFixture } from '../fixtures';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

test('every fix offered on the corpus keeps the guarantee', { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` }, async () => {
  let checked = 0;
  for (const f of fs.readdirSync(CORPUS).filter((n) => /\.ya?ml$/.test(n))) {
    const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
    const options = defaultOptions();
    const { diagnostics } = await analyzeText(text, options);
    for (const d of diagnostics) {
      for (const fix of d.fixes) {
        await checkFix(text, d, fix, `${f}: ${d.rule}`, options);
        checked++;
      }
    }
  }
  // The corpus holds real mistakes with fixes (a misspelt scaleIO field at least).
  assert.ok(checked > 0, 'no fix was offered on the corpus');
});

test(
  'no fix is safe on a manifest without errors, at every target from 1.29 to 1.37',
  { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` },
  async () => {
    // The corpus and every rule fixture; each file is parsed once and analysed at each target.
    const files: { name: string; text: string }[] = [];
    for (const f of fs.readdirSync(CORPUS).filter((n) => /\.ya?ml$/.test(n))) files.push({ name: f, text: fs.readFileSync(path.join(CORPUS, f), 'utf8') });
    for (const dir of fs.readdirSync(FIXTURES)) {
      if (!fs.statSync(path.join(FIXTURES, dir)).isDirectory()) continue;
      for (const f of fs.readdirSync(path.join(FIXTURES, dir)).filter((n) => /\.ya?ml$/.test(n))) {
        files.push({ name: `${dir}/${f}`, text: parseFixture(fs.readFileSync(path.join(FIXTURES, dir, f), 'utf8')).text });
      }
    }
    const problems: string[] = [];
    let errors = 0;
    for (const { name, text } of files) {
      let model: FileAnalysis['model'] | undefined;
      for (const target of TARGETS) {
        const options = { ...defaultOptions(), kubernetesVersion: target };
        const analysis = model ? await analyzeFile(model, options) : await analyzeText(text, options);
        if (!analysis) continue;
        model = analysis.model;
        problems.push(...safeFixesOnValidDocuments(analysis, `${name} at ${formatKubeVersion(target)}`));
        errors += analysis.diagnostics.filter((d) => d.severity === 'error').length;
      }
    }
    assert.deepEqual(problems, []);
    // The property can fail: errors (where safe fixes are allowed) are found at every target.
    assert.ok(errors > 0);
  },
);
