/** The real server over stdio: initialize, diagnostics on open/change/close, debounce, shutdown. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { delay, TestClient, VSCODE_LIKE_CAPABILITIES } from './client';
import {
  BAD_ENUM,
  DEPLOYMENT,
  DUPLICATE_KEY,
  expected,
  HELM_TEMPLATE,
  only,
  rangeIn,
  ruleDocHref,
  STDIN,
  THREE_DOCUMENTS,
  TTY,
  TYPO,
  uri,
  WRONG_TYPE,
} from './texts';

const ERROR = 1;
const INFO = 3;

describe('initialize', () => {
  let client: TestClient;
  after(() => client?.kill());

  it('declares exactly incremental sync, quick-fix and fix-all code actions, then registers for configuration changes', async () => {
    client = TestClient.start();
    const result = await client.initialize();
    assert.deepEqual(result.capabilities, {
      textDocumentSync: { openClose: true, change: 2, save: { includeText: false } },
      codeActionProvider: {
        codeActionKinds: ['quickfix', 'source.fixAll.initlens', 'refactor.rewrite', 'refactor.move', 'refactor.extract', 'refactor.inline'],
      },
      documentSymbolProvider: { label: 'initlens' },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [':', ' ', '('] },
      codeLensProvider: { resolveProvider: true },
      executeCommandProvider: { commands: ['initlens.showStartup'] },
    });
    assert.equal(result.serverInfo?.name, 'initlens');
    const registration = await client.waitFor(() => client.registrations[0], 'client/registerCapability');
    assert.deepEqual(
      registration.registrations.map((r) => [r.method, r.registerOptions]),
      [['workspace/didChangeConfiguration', { section: 'initlens' }]],
    );
  });

  it('shutdown then exit ends the process with code 0', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('diagnostics', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.started({ initializationOptions: { debounceMs: 0 } });
  });
  after(() => client?.kill());

  it('didOpen publishes the schema errors of an init container: exact ranges, codes, source, codeDescription, version', async () => {
    const doc = uri('deployment.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    const published = await client.waitForDiagnostics(doc, 1);
    assert.deepEqual(only(published, 'schema'), [
      expected('schema', ERROR, TYPO.range, TYPO.message),
      expected('schema', ERROR, WRONG_TYPE.range, WRONG_TYPE.message),
      expected('schema', ERROR, BAD_ENUM.range, BAD_ENUM.message),
    ]);
    for (const d of published.diagnostics) {
      assert.equal(d.source, 'initlens');
      assert.deepEqual(d.codeDescription, { href: ruleDocHref(String(d.code)) });
    }
    assert.equal(client.published(doc).length, 1, 'one publication for one version');
  });

  it('an incremental didChange that fixes the enum publishes the remaining errors for the new version', async () => {
    const doc = uri('deployment.yaml');
    const before = client.published(doc).length;
    await client.change(doc, 2, [{ range: BAD_ENUM.range, text: 'Never' }]);
    const published = await client.waitForDiagnostics(doc, 2, before);
    assert.deepEqual(only(published, 'schema'), [
      expected('schema', ERROR, TYPO.range, TYPO.message),
      expected('schema', ERROR, WRONG_TYPE.range, WRONG_TYPE.message),
    ]);
  });

  it('a YAML syntax error in the second of three documents is reported there; the first and third are still analysed', async () => {
    const doc = uri('three.yaml');
    await client.open(doc, THREE_DOCUMENTS, 7);
    const published = await client.waitForDiagnostics(doc, 7);
    assert.deepEqual(only(published, 'schema', 'yaml-syntax'), [
      expected('schema', ERROR, TTY.range, TTY.message),
      expected('yaml-syntax', ERROR, DUPLICATE_KEY.range, DUPLICATE_KEY.message),
      expected('schema', ERROR, STDIN.range, STDIN.message),
    ]);
  });

  it('a Helm template gets exactly one not-analysed info and nothing else', async () => {
    const doc = uri('chart/templates/deployment.yaml');
    await client.open(doc, HELM_TEMPLATE, 1);
    const published = await client.waitForDiagnostics(doc, 1);
    assert.deepEqual(published.diagnostics, [
      {
        range: rangeIn(HELM_TEMPLATE, '  name: «{{» .Release.Name }}'),
        severity: INFO,
        code: 'not-analysed',
        codeDescription: { href: ruleDocHref('not-analysed') },
        source: 'initlens',
        message:
          'this file is a Helm/Go template ({{ … }}), not YAML yet, so it is not analysed: render it with `helm template` and pipe it to `initlens check -`',
      },
    ]);
  });

  it('didClose publishes an empty list', async () => {
    const doc = uri('deployment.yaml');
    const before = client.published(doc).length;
    await client.close(doc);
    const cleared = await client.waitFor(() => client.published(doc).slice(before)[0], 'diagnostics cleared on close');
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('requests about a closed or unknown document answer empty, and the server stays up', async () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    assert.deepEqual(await client.codeActions(uri('deployment.yaml'), range, []), []);
    assert.deepEqual(await client.codeActions(uri('never-opened.yaml'), range, []), []);
    // Malformed params: an InvalidParams error (lsp/params.ts); the server keeps going.
    await assert.rejects(client.request('textDocument/codeAction', { textDocument: null }), (e: { code?: number }) => e.code === -32602);
    await client.change(uri('never-opened.yaml'), 3, [{ text: 'x: 1' }]);
    const doc = uri('after-bad-input.yaml');
    await client.open(
      doc,
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: a\n      image: busybox:1.36\n      tty: 1\n',
      1,
    );
    const published = await client.waitForDiagnostics(doc, 1);
    assert.deepEqual(
      only(published, 'schema').map((d) => d.range),
      ['7:11-7:12'],
    );
  });

  it('malformed messages and params are logged and dropped; the server keeps analysing', async () => {
    const body = '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{nope';
    client.child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await client.notifyServer('textDocument/didOpen', { textDocument: null });
    await client.notifyServer('textDocument/didChange', { textDocument: { uri: uri('after-bad-input.yaml') }, contentChanges: [{ text: 'x: 1' }] });
    await client.notifyServer('workspace/didChangeConfiguration', null);
    const doc = uri('still-alive.yaml');
    await client.open(doc, 'a: [1, 2\n', 1);
    const published = await client.waitForDiagnostics(doc, 1);
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['yaml-syntax'],
    );
    assert.equal(client.exitCode, undefined, 'still running');
  });

  it('shutdown then exit ends the process with code 0', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('debounce and stale versions', () => {
  let client: TestClient;
  before(async () => {
    // No debounceMs: the default 150 ms.
    client = await TestClient.started({ initializationOptions: {} });
  });
  after(() => client?.kill());

  it('didOpen is analysed at once; two quick changes publish only the latest version', async () => {
    const doc = uri('debounce.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    const first = await client.waitForDiagnostics(doc, 1);
    assert.equal(only(first, 'schema').length, 3);

    await client.change(doc, 2, [{ range: BAD_ENUM.range, text: 'Never' }]);
    await client.change(doc, 3, [{ range: TYPO.range, text: 'imagePullPolicy' }]);
    const latest = await client.waitForDiagnostics(doc, 3);
    assert.deepEqual(only(latest, 'schema'), [expected('schema', ERROR, WRONG_TYPE.range, WRONG_TYPE.message)]);
    await delay(400);
    assert.deepEqual(
      client.published(doc).map((p) => p.version),
      [1, 3],
      'version 2 was superseded within the debounce: never published',
    );
  });

  it('publishes a change only after the 150 ms debounce', async () => {
    const doc = uri('debounce.yaml');
    const before = client.published(doc).length;
    const sent = performance.now();
    await client.change(doc, 4, [{ range: WRONG_TYPE.range, text: '80' }]);
    const published = await client.waitForDiagnostics(doc, 4, before);
    const elapsed = performance.now() - sent;
    assert.ok(elapsed >= 145, `published ${elapsed.toFixed(0)} ms after the change`);
    assert.deepEqual(only(published, 'schema'), []);
  });

  it('shutdown then exit ends the process with code 0', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('a client without workspace/configuration', () => {
  it('uses initializationOptions.settings and no dynamic registration', async () => {
    const client = await TestClient.started({
      capabilities: { ...VSCODE_LIKE_CAPABILITIES, workspace: {} },
      initializationOptions: { debounceMs: 0, settings: { initlens: { rules: { schema: 'hint' } } } },
    });
    try {
      const doc = uri('push.yaml');
      await client.open(doc, DEPLOYMENT, 1);
      const published = await client.waitForDiagnostics(doc, 1);
      assert.deepEqual(
        only(published, 'schema').map((d) => d.severity),
        [4, 4, 4],
      );
      assert.equal(client.configurationRequests.length, 0);
      assert.equal(client.registrations.length, 0);

      // Such a client pushes its settings with the notification.
      const before = client.published(doc).length;
      await client.notifyServer('workspace/didChangeConfiguration', { settings: { initlens: { rules: { schema: 'warning' } } } });
      const republished = await client.waitForDiagnostics(doc, 1, before);
      assert.deepEqual(
        only(republished, 'schema').map((d) => d.severity),
        [2, 2, 2],
      );
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });
});

describe('a file with a kustomization beside it', () => {
  it('is analysed with what the kustomization says of it, and again when the kustomization changes on disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-kustomize-'));
    const client = TestClient.start();
    try {
      const text =
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: web\n        - name: cache\n          image: cache\n';
      const kustomization = path.join(dir, 'kustomization.yaml');
      fs.writeFileSync(kustomization, 'resources:\n  - deployment.yaml\nimages:\n  - name: web\n    newTag: "1.2"\n');
      fs.writeFileSync(path.join(dir, 'deployment.yaml'), text);
      const capabilities = {
        ...VSCODE_LIKE_CAPABILITIES,
        workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } },
      };
      await client.initialize({ capabilities, initializationOptions: { debounceMs: 0 } });
      // The server asks to watch kustomization files.
      const watch = await client.waitFor(
        () => client.registrations.flatMap((r) => r.registrations).find((r) => r.method === 'workspace/didChangeWatchedFiles'),
        'a file watcher registration',
      );
      assert.deepEqual(watch.registerOptions, {
        watchers: [{ globPattern: '**/kustomization.yaml' }, { globPattern: '**/kustomization.yml' }, { globPattern: '**/Kustomization' }],
      });
      const doc = pathToFileURL(path.join(dir, 'deployment.yaml')).href;
      await client.open(doc, text, 1);
      const mutable = (p: { diagnostics: { code?: unknown; range: { start: { line: number } } }[] }) =>
        p.diagnostics.filter((d) => d.code === 'image-tag-mutable').map((d) => d.range.start.line);
      assert.deepEqual(mutable(await client.waitForDiagnostics(doc, 1)), [15]);
      // The kustomization no longer tags `web`: the open file is analysed again.
      const before = client.published(doc).length;
      fs.writeFileSync(kustomization, 'resources:\n  - deployment.yaml\n');
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(kustomization).href, type: 2 }] });
      assert.deepEqual(mutable(await client.waitForDiagnostics(doc, 1, before)), [13, 15]);
    } finally {
      client.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a HorizontalPodAutoscaler in another document of the file', () => {
  it('makes the documents of its target analysed again: added, the warning appears there; removed, it goes', async () => {
    const client = await TestClient.started({ initializationOptions: { debounceMs: 0 } });
    try {
      const deployment =
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      initContainers:\n        - name: migrate\n          image: registry.example.com/web:2.3.0\n          command: ["npx", "prisma", "migrate", "deploy"]\n      containers:\n        - name: web\n          image: registry.example.com/web:2.3.0\n';
      const hpa =
        '---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web-hpa\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 5\n';
      const doc = uri('hpa-elsewhere.yaml');
      const lines = deployment.split('\n').length - 1;
      const replicaWarnings = (p: { diagnostics: { code?: unknown; range: { start: { line: number } } }[] }) =>
        p.diagnostics.filter((d) => d.code === 'init-runs-per-replica').map((d) => d.range.start.line);
      await client.open(doc, deployment, 1);
      assert.deepEqual(replicaWarnings(await client.waitForDiagnostics(doc, 1)), []);
      await client.change(doc, 2, [{ range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, text: hpa }]);
      assert.deepEqual(replicaWarnings(await client.waitForDiagnostics(doc, 2)), [14]);
      await client.change(doc, 3, [
        { range: { start: { line: lines, character: 0 }, end: { line: lines + hpa.split('\n').length - 1, character: 0 } }, text: '' },
      ]);
      assert.deepEqual(replicaWarnings(await client.waitForDiagnostics(doc, 3)), []);
    } finally {
      client.kill();
    }
  });
});
