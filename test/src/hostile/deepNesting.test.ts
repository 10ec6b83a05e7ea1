/**
 * Deep nesting. The `yaml` composer recurses once per level; deeper than MAX_NESTING (256) a
 * document is refused, always (measured without recursion, before composing), with one clear
 * error. At the limit, parsing, every rule and every feature run without overflowing the stack.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { defaultOptions } from '../../../server/out/config/options';
import { MAX_NESTING } from '../../../server/out/model/document';
import { describeProblems, nested, probe, timedAnalysis } from './inputs';

const STYLES = ['flowSeq', 'flowMap', 'blockSeq', 'blockMap'] as const;
const TOO_DEEP = `this document nests too deeply to be parsed (more than ${MAX_NESTING} levels); it is not analysed`;

for (const style of STYLES) {
  test(`${style === 'blockMap' ? '2,000' : '10,000'} levels (${style}): one error, no stack overflow`, async (t) => {
    const text = nested(style === 'blockMap' ? 2000 : 10_000, style); // 2,000 indented levels are already 2 MB
    const { value, ms } = await timedAnalysis(text);
    t.diagnostic(`${text.length} characters: ${ms.toFixed(0)} ms`);
    assert.deepEqual(
      value.diagnostics.map((d) => `${d.rule} ${d.severity}: ${d.message}`),
      [`yaml-syntax error: ${TOO_DEEP}`],
    );
    const r = await probe(text, defaultOptions(), 30, 1000);
    assert.deepEqual(describeProblems(r), []);
  });

  test(`${MAX_NESTING} levels (${style}): parsed; every rule and feature runs`, async (t) => {
    const text = nested(MAX_NESTING, style);
    const { value, ms } = await timedAnalysis(text);
    t.diagnostic(`${ms.toFixed(0)} ms`);
    assert.ok(!value.diagnostics.some((d) => d.rule === 'yaml-syntax'), value.diagnostics.map((d) => d.message).join('\n'));
    const r = await probe(text, defaultOptions(), 200, 1000);
    t.diagnostic(`features: ${r.calls} calls, slowest ${r.slowest.call} ${r.slowest.ms.toFixed(0)} ms`);
    assert.deepEqual(describeProblems(r), []);
    // One more level is refused.
    const deeper = await timedAnalysis(nested(MAX_NESTING + 1, style));
    assert.deepEqual(
      deeper.value.diagnostics.map((d) => d.message),
      [TOO_DEEP],
    );
  });
}

test('parsing a 10,001-level document and then a 5,001-level one does not abort the process', () => {
  // Before the depth limit, V8 aborted the whole process here ("RegExpCompiler Allocation failed -
  // process out of memory"): a regular expression compiled near the end of the stack. In a child.
  const model = path.resolve(__dirname, '../../../server/out/model/file.js');
  const script = `const { parseFile } = require(${JSON.stringify(model)});
    for (const n of [10001, 5001, 3000, 10001]) parseFile('- '.repeat(n) + 'x');
    process.stdout.write('survived');`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.stdout, 'survived', r.stderr.slice(0, 500));
  assert.equal(r.status, 0);
});
