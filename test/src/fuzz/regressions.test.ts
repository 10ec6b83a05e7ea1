/**
 * Every input the fuzzer found a bug with, minimised, in test/fixtures-regressions/: each goes
 * through everything the fuzzer checks (see exercise.ts), with the features probed at every
 * offset and every fix and disable action checked. Bugs found in a rule's findings or fixes are
 * rule fixtures instead (test/fixtures/<rule>/fuzz-*.yaml), run by the rule runner.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseFixture } from '../fixtures';
import { exercise } from './exercise';
import { REGRESSIONS } from './seeds';

describe('fuzz regressions', () => {
  const files = fs.existsSync(REGRESSIONS)
    ? fs
        .readdirSync(REGRESSIONS)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  test('there are regression fixtures', () => assert.ok(files.length > 0));
  for (const file of files) {
    test(file, async () => {
      const text = fs.readFileSync(path.join(REGRESSIONS, file), 'utf8');
      const offsets: number[] = [];
      for (let i = 0; i <= text.length; i += Math.max(1, Math.floor(text.length / 2000))) offsets.push(i);
      const { problems } = await exercise(text, {
        options: parseFixture(text).options,
        offsets,
        maxFixes: 10_000,
        maxDisables: 10_000,
        slowMs: 1000,
        newName: 'renamed',
      });
      assert.deepEqual(
        problems.map((p) => `${p.property} in ${p.call}${p.rule ? ` (${p.rule})` : ''}${p.offset !== undefined ? ` at ${p.offset}` : ''}: ${p.message}`),
        [],
      );
    });
  }
});
