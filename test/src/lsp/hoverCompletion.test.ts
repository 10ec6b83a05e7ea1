/** textDocument/hover and textDocument/completion through the real server over stdio. */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { ClientCapabilities, CompletionItem, CompletionList, Hover, InitializeResult, Position, TextEdit } from 'vscode-languageserver/node';
import { applyEdits, TestClient, VSCODE_LIKE_CAPABILITIES } from './client';
import { uri } from './texts';

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
  'apiVersion: v1', //                          0
  'kind: Pod', //                               1
  'metadata:', //                               2
  '  name: web', //                             3
  'spec:', //                                   4
  '  initContainers:', //                       5
  '    - name: download-config', //             6
  '      image: busybox:1.36.1', //             7
  '      volumeMounts:', //                     8
  '        - name: html', //                    9
  '          mountPath: /usr/share/nginx/html', // 10
  '    - ', //                                  11
  '  containers:', //                           12
  '    - name: nginx', //                       13
  '      image: nginx:1.27.0', //               14
  '      imagePullPolicy: ', //                 15
  '      volumeMounts:', //                     16
  '        - name: html', //                    17
  '          mountPath: /usr/share/nginx/html', // 18
  '  volumes:', //                              19
  '    - name: html', //                        20
  '      emptyDir: {}', //                      21
  '',
].join('\n');

function at(line: number, character: number): Position {
  return { line, character };
}

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
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: doc }, position: at(17, 17) });
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
      range: { start: at(17, 16), end: at(17, 20) },
    });
  });

  it('hover on nothing: null', async () => {
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: doc }, position: at(19, 11) }), null);
  });

  it('completion of enum values after `key: `', async () => {
    const list = await completion(client, doc, at(15, 23));
    assert.deepEqual(
      list.items.map((i) => [i.label, i.kind, i.sortText, i.insertTextFormat, i.textEdit]),
      ['Always', 'IfNotPresent', 'Never'].map((v, n) => [v, 20, `000${n + 1}`, PLAIN, { range: { start: at(15, 23), end: at(15, 23) }, newText: v }]),
    );
  });

  it('a snippet in a new init container item, with the volume it needs as an additional edit', async () => {
    const list = await completion(client, doc, at(11, 6));
    assert.deepEqual(list.items.slice(0, 3).map((i) => i.label), ['name', 'wait-for-service', 'wait-for-tcp-port']);
    const item = list.items.find((i) => i.label === 'download-file') as CompletionItem;
    assert.equal(item.kind, 15);
    assert.equal(item.insertTextFormat, SNIPPET);
    assert.equal(item.insertTextMode, AS_IS);
    const edit = item.textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: at(11, 6), end: at(11, 6) });
    assert.ok(edit.newText.startsWith('name: ${1:download-config}\n      image: busybox:1.36.1\n'));
    assert.deepEqual(item.additionalTextEdits, [{ range: { start: at(21, 18), end: at(21, 18) }, newText: '\n    - name: shared-data\n      emptyDir: {}' }]);
    assert.equal((item.documentation as { kind: string }).kind, 'markdown');
  });

  it('a client without snippet support gets the snippet defaults as plain text', async () => {
    const plain = TestClient.start();
    try {
      await plain.initialize({ capabilities: VSCODE_LIKE_CAPABILITIES, initializationOptions: { debounceMs: 0 } });
      await plain.open(doc, POD, 1);
      const list = await completion(plain, doc, at(11, 6));
      const item = list.items.find((i) => i.label === 'wait-for-tcp-port') as CompletionItem;
      assert.equal(item.insertTextFormat, PLAIN);
      const edit = item.textEdit as TextEdit;
      const applied = applyEdits(POD, [edit, ...(item.additionalTextEdits ?? [])]);
      assert.ok(applied.includes("    - name: wait-for-port\n      image: busybox:1.36.1\n      command:\n        - sh\n        - -c\n        - timeout 120 sh -c 'until nc -z db 5432;"));
      // The result is what the server then analyses: no new diagnostics.
      await plain.change(doc, 2, [{ text: applied }]);
      const published = await plain.waitForDiagnostics(doc, 2);
      assert.deepEqual(published.diagnostics, []);
    } finally {
      plain.kill();
    }
  });
});
