/**
 * Code lens titles, data-driven over `test/fixtures-features/lens/*.yaml` (format in
 * lensFixtures.ts): every lens the file gets must be listed, and every listed lens must be there.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { circled, lensAnchors, lensTitle } from '../../../server/out/features/codeLens';
import { parseFile } from '../../../server/out/model/file';
import { LENS_FIXTURES, parseLensFixture, render } from './lensFixtures';
import { DEFAULT_KUBERNETES_VERSION, parseKubeVersion } from '../../../server/out/config/options';

/** The lenses of a text, resolved, grouped by where they start. */
function actualLenses(text: string): Map<string, string[]> {
  const model = parseFile(text);
  // `# kubernetesVersion: 1.33` in a fixture: the target its lenses are for (default: the default target).
  const written = /^# kubernetesVersion: (\S+)$/m.exec(text);
  const target = written ? parseKubeVersion(written[1]) : DEFAULT_KUBERNETES_VERSION;
  assert.ok(target, `bad kubernetesVersion ${written?.[1]}`);
  const actual = new Map<string, string[]>();
  for (const anchor of lensAnchors(model)) {
    const key = `${anchor.range.start.line}:${anchor.range.start.character}`;
    const titles = actual.get(key) ?? [];
    titles.push(lensTitle(model, anchor, target) ?? '<unresolved>');
    actual.set(key, titles);
  }
  return actual;
}

describe('code lens fixtures', () => {
  const files = fs
    .readdirSync(LENS_FIXTURES)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  test('there are fixtures', () => assert.ok(files.length >= 5));
  for (const file of files) {
    test(file, () => {
      const { text, expected } = parseLensFixture(fs.readFileSync(path.join(LENS_FIXTURES, file), 'utf8'));
      assert.deepEqual(render(text, actualLenses(text)), render(text, expected));
    });
  }
});

describe('lens helpers', () => {
  test('circled numbers: ① … ⑳, ㉑ … ㉟, ㊱ … ㊿, then (51)', () => {
    assert.deepEqual([1, 2, 10, 20, 21, 35, 36, 50, 51].map(circled), ['①', '②', '⑩', '⑳', '㉑', '㉟', '㊱', '㊿', '(51)']);
  });

  test('block scalar indicators stay in the text: only ⦚ marks a lens', () => {
    const { text, expected } = parseLensFixture('a: |\n  b\n⦚c: |-\n  d\n');
    assert.equal(text, 'a: |\n  b\nc: |-\n  d\n');
    assert.deepEqual([...expected.keys()], ['2:0']);
  });

  test('a file with a YAML syntax error in one document still gets the lenses of the others', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';
    const text = `${pod}---\nkind: [\n---\n${pod}`;
    const anchors = lensAnchors(parseFile(text));
    assert.deepEqual(
      anchors.map((a) => `${a.kind}@${a.range.start.line}`),
      ['startup@4', 'requests@4', 'startup@14', 'requests@14'],
    );
  });

  test('a resolved lens of a document that is gone has no title', () => {
    const model = parseFile('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: nginx}]\n');
    assert.equal(lensTitle(model, { kind: 'startup', document: 3, manifest: 0 }, DEFAULT_KUBERNETES_VERSION), undefined);
    assert.equal(lensTitle(model, { kind: 'init', document: 0, manifest: 0, container: 2 }, DEFAULT_KUBERNETES_VERSION), undefined);
    assert.equal(lensTitle(model, { kind: 'startup', document: 0, manifest: 0 }, DEFAULT_KUBERNETES_VERSION), 'Startup: app');
  });

  test('anchors are cheap: 500 documents, positions only', () => {
    const doc = (i: number) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  initContainers:\n    - name: init\n      image: busybox\n  containers:\n    - name: app\n      image: nginx\n`;
    const text = Array.from({ length: 500 }, (_, i) => doc(i)).join('---\n');
    const model = parseFile(text);
    const start = process.hrtime.bigint();
    const anchors = lensAnchors(model);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    assert.equal(anchors.length, 1500);
    assert.ok(ms < 500, `lensAnchors took ${ms} ms`);
  });
});
