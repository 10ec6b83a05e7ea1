/**
 * Diagnostics land at LSP positions (UTF-16 code units) whatever the file holds before them:
 * CRLF line breaks, a BOM, tabs inside strings, emoji and CJK text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';

const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: p',
  '  annotations: { note: "🚀 起動" }',
  'spec:',
  '  containers:',
  '    - name: a',
  '      image: busybox:1.36',
  '      env: [{ name: "名前🚀", value: "x\ty" }, { name: B, value: 1 }]',
];

async function errorsIn(text: string) {
  const { diagnostics } = await analyzeText(text, defaultOptions());
  return diagnostics.map((d) => ({ rule: d.rule, range: d.range, text: text.slice(d.span.start, d.span.end) }));
}

const EXPECTED = [
  {
    rule: 'schema',
    // `value: 1` on line 10: 21 characters up to the first quote, 名前 two code units, 🚀 two,
    // `", value: "` 11, `x<tab>y` 3, then 23 more: 62. (Counting code points would give 61.)
    range: { start: { line: 9, character: 62 }, end: { line: 9, character: 63 } },
    text: '1',
  },
];

test('positions count UTF-16 code units after emoji, CJK text and a tab in a string', async () => {
  const text = POD.join('\n') + '\n';
  assert.deepEqual(await errorsIn(text), EXPECTED);
});

test('CRLF line breaks give the same positions', async () => {
  assert.deepEqual(await errorsIn(POD.join('\r\n') + '\r\n'), EXPECTED);
});

test('a syntax error after non-ASCII text on its line is placed exactly', async () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "名前🚀" ]\n';
  const { diagnostics } = await analyzeText(text, defaultOptions());
  assert.equal(diagnostics[0].rule, 'yaml-syntax');
  assert.deepEqual(diagnostics[0].range.start, { line: 3, character: 12 });
});
