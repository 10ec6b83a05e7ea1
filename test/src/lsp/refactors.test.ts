/**
 * The refactors over stdio (lsp/refactors.ts): offered as `refactor.*` code actions where the
 * cursor is, filtered by `only`, versioned edits that give the refactored text, the kinds declared
 * in the initialize answer, and the target version from the settings.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver/node';
import { applyEdits, TestClient } from './client';
import { uri } from './texts';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    command: ["touch", "/work/ready"]
  containers:
  - name: api
    image: registry.example.com/api:3.2.0
  - name: logs   # ships the logs
    image: fluent/fluent-bit:3.1.9
`;

const AFTER_SIDECAR = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    command: ["touch", "/work/ready"]
  - name: logs   # ships the logs
    restartPolicy: Always
    image: fluent/fluent-bit:3.1.9
  containers:
  - name: api
    image: registry.example.com/api:3.2.0
`;

const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });

function edits(action: CodeAction | undefined, version: number): TextEdit[] {
  const changes = action?.edit?.documentChanges as TextDocumentEdit[] | undefined;
  assert.ok(changes && changes.length === 1, `one document change: ${JSON.stringify(action)}`);
  assert.equal(changes[0].textDocument.version, version);
  return changes[0].edits as TextEdit[];
}

describe('refactors over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.started({ initializationOptions: { debounceMs: 0 }, settings: { initlens: { kubernetesVersion: '1.33' } } });
  });
  after(() => client?.kill());

  it('declares the refactor kinds', async () => {
    const fresh = TestClient.start();
    try {
      const result = await fresh.initialize();
      const provider = result.capabilities.codeActionProvider as { codeActionKinds?: string[] } | undefined;
      assert.deepEqual(provider?.codeActionKinds, [
        'quickfix',
        'source.fixAll.initlens',
        'refactor.rewrite',
        'refactor.move',
        'refactor.extract',
        'refactor.inline',
      ]);
    } finally {
      fresh.kill();
    }
  });

  it('offers the refactors of the container under the cursor and applies one exactly', async () => {
    const doc = uri('refactor-pod.yaml');
    await client.open(doc, POD, 3);
    const actions = await client.codeActions(doc, at(12, 10), []);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Convert to native sidecar', 'refactor.rewrite']],
    );
    assert.equal(applyEdits(POD, edits(actions[0], 3)), AFTER_SIDECAR);
  });

  it('filters by `only` and offers nothing outside a pod spec', async () => {
    const doc = uri('refactor-only.yaml');
    await client.open(doc, POD, 1);
    assert.deepEqual(
      (await client.codeActions(doc, at(8, 15), [], ['refactor.move'])).map((a) => a.title),
      [],
    );
    assert.deepEqual(
      (await client.codeActions(doc, at(8, 15), [], ['refactor'])).map((a) => a.title),
      ['Wrap in sh -c'],
    );
    assert.deepEqual(
      (await client.codeActions(doc, at(8, 15), [], ['refactor.rewrite'])).map((a) => a.title),
      ['Wrap in sh -c'],
    );
    assert.deepEqual(
      (await client.codeActions(doc, at(8, 15), [], ['quickfix'])).map((a) => a.title),
      [],
    );
    assert.deepEqual(
      (await client.codeActions(doc, at(1, 3), [])).map((a) => a.title),
      [],
    );
  });

  it('follows the target version from the settings', async () => {
    await client.changeConfiguration({ initlens: { kubernetesVersion: '1.28' } });
    const doc = uri('refactor-old.yaml');
    await client.open(doc, POD, 1);
    assert.deepEqual(
      (await client.codeActions(doc, at(12, 10), [])).map((a) => a.title),
      [],
    );
    await client.changeConfiguration({ initlens: { kubernetesVersion: '1.33' } });
  });
});
