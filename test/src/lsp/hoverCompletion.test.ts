/** textDocument/hover and textDocument/completion through the real server over stdio. */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { ClientCapabilities, CompletionItem, CompletionList, Hover, InitializeResult, Position, TextEdit } from 'vscode-languageserver/node';
import { applyEdits, TestClient, VSCODE_LIKE_CAPABILITIES } from './client';
import { positionIn, rangeIn, uri } from './texts';

const SNIPPET = 2;
const PLAIN = 1;
const AS_IS = 1;

const WITH_COMPLETION: ClientCapabilities = {
  ...VSCODE_LIKE_CAPABILITIES,
  textDocument: {
    ...VSCODE_LIKE_CAPABILITIES.textDocument,
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertTextModeSupport: { valueSet: [1, 2] } } },
  },
};

const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  'spec:',
  '  initContainers:',
  '    - name: download-config',
  '      image: busybox:1.36.1',
  '      volumeMounts:',
  '        - name: html',
  '          mountPath: /usr/share/nginx/html',
  '    - ',
  '  containers:',
  '    - name: nginx',
  '      image: nginx:1.27.0',
  '      imagePullPolicy: ',
  '      volumeMounts:',
  '        - name: html',
  '          mountPath: /usr/share/nginx/html',
  '  volumes:',
  '    - name: html',
  '      emptyDir: {}',
  '',
].join('\n');

// Where the requests go, marked in snippets of POD (test/src/features/markers.ts).
const ON_MOUNT_NAME = 'imagePullPolicy: \n      volumeMounts:\n        - name: h⦚tml';
const MOUNT_NAME = 'imagePullPolicy: \n      volumeMounts:\n        - name: «html»';
const AFTER_VOLUMES_KEY = '  volumes:⦚';
const AFTER_PULL_POLICY = 'imagePullPolicy: ⦚';
const IN_NEW_INIT_ITEM = '    - ⦚\n  containers:';
const AFTER_LAST_VOLUME = 'emptyDir: {}⦚';

function completion(client: TestClient, doc: string, position: Position): Promise<CompletionList> {
  return client.request<CompletionList>('textDocument/completion', { textDocument: { uri: doc }, position });
}

describe('hover and completion over LSP', () => {
  let client: TestClient;
  let init: InitializeResult;
  const doc = uri('hoverCompletion.yaml');

  before(async () => {
    client = TestClient.start();
    init = await client.initialize({ capabilities: WITH_COMPLETION, initializationOptions: { debounceMs: 0 } });
    await client.open(doc, POD, 1);
  });
  after(() => client?.kill());

  it('announces hover and completion with trigger characters', () => {
    assert.equal(init.capabilities.hoverProvider, true);
    assert.deepEqual(init.capabilities.completionProvider, { triggerCharacters: [':', ' ', '('] });
  });

  it('hover on a volume mount name: who mounts it where, in startup order', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: doc }, position: positionIn(POD, ON_MOUNT_NAME) });
    assert.deepEqual(hover, {
      contents: {
        kind: 'markdown',
        value: [
          '**`spec.volumes[0]`** volume `html` · `emptyDir`',
          '',
          'In startup order:',
          '',
          '- written by init `download-config` at `/usr/share/nginx/html`',
          '- read by `nginx` at `/usr/share/nginx/html`',
        ].join('\n'),
      },
      range: rangeIn(POD, MOUNT_NAME),
    });
  });

  it('hover on nothing: null', async () => {
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: doc }, position: positionIn(POD, AFTER_VOLUMES_KEY) }), null);
  });

  it('completion of enum values after `key: `', async () => {
    const list = await completion(client, doc, positionIn(POD, AFTER_PULL_POLICY));
    assert.deepEqual(
      list.items.map((i) => [i.label, i.kind, i.sortText, i.insertTextFormat, i.textEdit]),
      ['Always', 'IfNotPresent', 'Never'].map((v, n) => [
        v,
        20,
        `000${n + 1}`,
        PLAIN,
        { range: { start: positionIn(POD, AFTER_PULL_POLICY), end: positionIn(POD, AFTER_PULL_POLICY) }, newText: v },
      ]),
    );
  });

  it('a snippet in a new init container item, with the volume it needs as an additional edit', async () => {
    const list = await completion(client, doc, positionIn(POD, IN_NEW_INIT_ITEM));
    assert.deepEqual(
      list.items.slice(0, 3).map((i) => i.label),
      ['name', 'wait-for-service', 'wait-for-tcp-port'],
    );
    const item = list.items.find((i) => i.label === 'download-file') as CompletionItem;
    assert.equal(item.kind, 15);
    assert.equal(item.insertTextFormat, SNIPPET);
    assert.equal(item.insertTextMode, AS_IS);
    const edit = item.textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: positionIn(POD, IN_NEW_INIT_ITEM), end: positionIn(POD, IN_NEW_INIT_ITEM) });
    assert.ok(edit.newText.startsWith('name: ${1:download-config}\n      image: busybox:1.36.1\n'));
    assert.deepEqual(item.additionalTextEdits, [
      {
        range: { start: positionIn(POD, AFTER_LAST_VOLUME), end: positionIn(POD, AFTER_LAST_VOLUME) },
        newText: '\n    - name: shared-data\n      emptyDir: {}',
      },
    ]);
    assert.equal((item.documentation as { kind: string }).kind, 'markdown');
  });

  it('a client without snippet support gets the snippet defaults as plain text', async () => {
    const plain = TestClient.start();
    try {
      await plain.initialize({ capabilities: VSCODE_LIKE_CAPABILITIES, initializationOptions: { debounceMs: 0 } });
      await plain.open(doc, POD, 1);
      const list = await completion(plain, doc, positionIn(POD, IN_NEW_INIT_ITEM));
      const item = list.items.find((i) => i.label === 'wait-for-tcp-port') as CompletionItem;
      assert.equal(item.insertTextFormat, PLAIN);
      const edit = item.textEdit as TextEdit;
      const applied = applyEdits(POD, [edit, ...(item.additionalTextEdits ?? [])]);
      assert.ok(
        applied.includes(
          "    - name: wait-for-port\n      image: busybox:1.36.1\n      command:\n        - sh\n        - -c\n        - timeout 120 sh -c 'until nc -z db 5432;",
        ),
      );
      // The result is what the server then analyses: no new diagnostics.
      await plain.change(doc, 2, [{ text: applied }]);
      const published = await plain.waitForDiagnostics(doc, 2);
      assert.deepEqual(published.diagnostics, []);
    } finally {
      plain.kill();
    }
  });
});
