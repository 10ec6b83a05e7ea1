/**
 * The fix guarantee over every real manifest of ../shared/corpus/real: every fix offered on every
 * diagnostic, applied, keeps the YAML parseable, removes its diagnostic, adds no error and leaves
 * every other line byte for byte.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';
import { checkFix } from '../fixGuarantee';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

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
