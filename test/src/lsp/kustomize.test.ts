/**
 * The real server over stdio on a kustomize workspace (../kustomize/layout.ts): files are
 * analysed as the overlays that build them render them, and again when a kustomization of
 * another folder changes on disk.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LAYOUT } from '../kustomize/layout';
import { TestClient, VSCODE_LIKE_CAPABILITIES } from './client';

const lines = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`);

const MISSING = (namespace: string, closest: string, overlays: string) =>
  `24:24 config-reference-not-found env DB_PASSWORD secretKeyRef: no Secret "dbx" in namespace "${namespace}" in the workspace (which defines 1 there; closest: ${closest} with keys password; rendered by 2 kustomize overlays, none with it: ${overlays}) — the container fails to start with CreateContainerConfigError`;

describe('the server on a kustomize workspace', () => {
  it('analyses a file as its overlays render it, and again when a kustomization elsewhere changes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-kustomize-ws-'));
    const files: Record<string, string> = { ...LAYOUT, 'base/api.yaml': LAYOUT['base/api.yaml'].replace('name: db\n', 'name: dbx\n') };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const uri = (name: string) => pathToFileURL(path.join(dir, name)).href;
    const client = TestClient.start();
    try {
      const capabilities = {
        ...VSCODE_LIKE_CAPABILITIES,
        workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } },
      };
      await client.initialize({ capabilities, initializationOptions: { debounceMs: 0 }, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }] });
      await client.waitFor(() => client.logs().find((l) => /^initlens: workspace index: 9 files in \d+ ms$/.test(l.message)), 'the index built');

      // The patch kept in a folder of its own: partial (no missing selector or template).
      const patch = uri('patches/replicas.yaml');
      await client.open(patch, files['patches/replicas.yaml'], 1);
      assert.deepEqual(lines(await client.waitForDiagnostics(patch, 1)), []);

      // The base Deployment: the Secret resolved in neither overlay, in the namespace of the first;
      // example/api tagged by the prod overlay (no image-tag-mutable); the Service `db` resolved as each overlay renders it.
      const api = uri('base/api.yaml');
      await client.open(api, files['base/api.yaml'], 1);
      assert.deepEqual(lines(await client.waitForDiagnostics(api, 1)), [MISSING('dev', '"dev-db" (kustomization.yaml)', 'overlays/dev, overlays/prod')]);

      // The dev overlay (another folder) renamed to staging on disk: the base file is analysed again.
      const dev = path.join(dir, 'overlays/dev/kustomization.yaml');
      fs.mkdirSync(path.join(dir, 'overlays/staging'));
      fs.writeFileSync(path.join(dir, 'overlays/staging/kustomization.yaml'), files['overlays/dev/kustomization.yaml'].replace(/dev/g, 'staging'));
      fs.rmSync(dev);
      let seen = client.published(api).length;
      const seenPatch = client.published(patch).length;
      await client.notifyServer('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: pathToFileURL(dev).href, type: 3 },
          { uri: uri('overlays/staging/kustomization.yaml'), type: 1 },
        ],
      });
      const staged = await client.waitFor(
        () =>
          client
            .published(api)
            .slice(seen)
            .find((p) => lines(p).some((l) => l.includes('overlays/staging'))),
        'the finding with the staging overlay',
      );
      // The overlays in the order the graph reads them now: prod first.
      assert.deepEqual(lines(staged), [MISSING('prod', '"prod-db" (secret.yaml)', 'overlays/prod, overlays/staging')]);

      // The prod overlay no longer lists the patch: it is a whole manifest again, with its errors.
      const prod = path.join(dir, 'overlays/prod/kustomization.yaml');
      fs.writeFileSync(prod, files['overlays/prod/kustomization.yaml'].replace('patches:\n  - path: ../../patches/replicas.yaml\n', ''));
      seen = client.published(patch).length;
      assert.ok(seen >= seenPatch);
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(prod).href, type: 2 }] });
      const whole = await client.waitFor(
        () =>
          client
            .published(patch)
            .slice(seen)
            .find((p) => p.diagnostics.length > 0),
        'the patch analysed as a whole manifest',
      );
      assert.deepEqual(lines(whole), ['4:0 schema spec: missing required field "selector"', '4:0 schema spec: missing required field "template"']);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
