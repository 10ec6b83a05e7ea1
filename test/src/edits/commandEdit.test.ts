/**
 * The command edits of the fixes: in-place script edits in every scalar style, lists rewritten in
 * their own style, and a document appended after the current one. Each result is checked here
 * exactly and by re-parsing; commandEdit.corpus.test.ts runs them over the real corpus.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../../server/out/edits/yamlEdit';
import { appendDocumentEdit, editArgValue, renderDocument, replaceSeqEdit } from '../../../server/out/edits/commandEdit';
import { commandLineOf } from '../../../server/out/model/commands';
import { parseDocument } from '../../../server/out/model/document';
import type { YAMLSeq } from 'yaml';

function pod(commandYaml: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n${commandYaml}`;
}

function scriptArg(text: string) {
  const doc = parseDocument(text);
  const m = doc.manifests[0];
  const l = commandLineOf(doc.text, m, m.podSpec!.containers[0]);
  return { doc, l };
}

test('editArgValue inserts in place in plain, quoted and block scalars', () => {
  const cases: [string, string][] = [
    ['      command: [sh, -c, mkdir /data/x]\n', '      command: [sh, -c, mkdir -p /data/x]\n'],
    ['      command: ["sh", "-c", "mkdir /data/x && echo \\"ok\\""]\n', '      command: ["sh", "-c", "mkdir -p /data/x && echo \\"ok\\""]\n'],
    ["      command: ['sh', '-c', 'mkdir /data/x && echo ''ok''']\n", "      command: ['sh', '-c', 'mkdir -p /data/x && echo ''ok''']\n"],
    [
      '      command:\n        - sh\n        - -c\n        - |\n          set -e\n          mkdir /data/x\n',
      '      command:\n        - sh\n        - -c\n        - |\n          set -e\n          mkdir -p /data/x\n',
    ],
  ];
  for (const [before, after] of cases) {
    const { doc, l } = scriptArg(pod(before));
    const s = l.script!;
    const at = s.arg.value.indexOf('mkdir') + 'mkdir'.length;
    const edits = editArgValue(doc, s.arg, [{ start: at, end: at, text: ' -p' }]);
    assert.ok(edits, before);
    assert.equal(applyEdits(doc.text, edits), pod(after));
  }
});

test('editArgValue escapes what it inserts for the scalar style', () => {
  const { doc, l } = scriptArg(pod(`      command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done"]\n`));
  const v = l.script!.arg.value;
  const edits = editArgValue(doc, l.script!.arg, [
    { start: 0, end: 0, text: `timeout 300 sh -c '` },
    { start: v.length, end: v.length, text: `' "x"` },
  ]);
  assert.ok(edits);
  assert.equal(applyEdits(doc.text, edits), pod(`      command: ["sh", "-c", "timeout 300 sh -c 'until nc -z db 5432; do sleep 1; done' \\"x\\""]\n`));
});

test('replaceSeqEdit keeps the list style', () => {
  const cases: [string, string[], string][] = [
    ['      command: ["echo", "x", ">", "/f"]\n', ['sh', '-c', 'echo x > /f'], '      command: ["sh", "-c", "echo x > /f"]\n'],
    ["      command: [ 'echo', 'x' ]\n", ['sh', '-c', "it's"], "      command: [ 'sh', '-c', 'it''s' ]\n"],
    ['      command: [echo, x]\n', ['sh', '-c', 'a, b'], '      command: [sh, -c, "a, b"]\n'],
    [
      '      command:\n        - echo\n        - ">"\n        - /f\n',
      ['sh', '-c', 'echo > /f'],
      '      command:\n        - sh\n        - -c\n        - echo > /f\n',
    ],
    ['      command:\n      - echo\n      - "#x"\n', ['sh', '-c', 'echo #x'], '      command:\n      - sh\n      - -c\n      - "echo #x"\n'],
  ];
  for (const [before, values, after] of cases) {
    const doc = parseDocument(pod(before));
    const seq = doc.manifests[0].podSpec!.containers[0].fields.get('command')!.value as YAMLSeq;
    const e = replaceSeqEdit(doc, seq, values);
    assert.ok(e, before);
    assert.equal(applyEdits(doc.text, [e]), pod(after));
  }
  const withComment = parseDocument(pod('      command:\n        - echo # say\n        - x\n'));
  assert.equal(replaceSeqEdit(withComment, withComment.manifests[0].podSpec!.containers[0].fields.get('command')!.value as YAMLSeq, ['y']), undefined);
});

test('appendDocumentEdit adds a --- document after this one, in the file’s line ends', () => {
  const doc = parseDocument('a: 1\r\nb: 2');
  const e = appendDocumentEdit(doc, 'kind: Job\nspec: {}\n');
  assert.equal(applyEdits(doc.text, [e]), 'a: 1\r\nb: 2\r\n---\r\nkind: Job\r\nspec: {}\r\n');
  const lf = parseDocument('a: 1\n');
  assert.equal(applyEdits(lf.text, [appendDocumentEdit(lf, 'x: 1')]), 'a: 1\n---\nx: 1\n');
});

test('renderDocument follows the file’s indentation and sequence style', () => {
  const value = { kind: 'Job', spec: { containers: [{ name: 'x', args: ['a'] }] } };
  const flush = parseDocument('spec:\n  items:\n  - a\n  - b\n');
  assert.equal(renderDocument(flush, value, value), 'kind: Job\nspec:\n  containers:\n  - name: x\n    args:\n    - a\n');
  const indented = parseDocument('spec:\n    items:\n        - a\n');
  assert.equal(renderDocument(indented, value, value), 'kind: Job\nspec:\n    containers:\n        - name: x\n          args:\n              - a\n');
  assert.equal(renderDocument(flush, value, { other: 1 }), undefined);
});
