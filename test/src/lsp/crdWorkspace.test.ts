/** Custom resources checked against a CustomResourceDefinition of another file, in the real server. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TestClient, VSCODE_LIKE_CAPABILITIES } from './client';
import { BACKUP, BACKUP_CRD, RETENTION_MESSAGE } from '../schema/crdTexts';

const schemaFindings = (p: PublishDiagnosticsParams) =>
  p.diagnostics
    .filter((d) => d.code === 'schema')
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`);

describe('a CRD in the workspace', () => {
  it('checks an open custom resource when its CRD file is added, and stops when it is deleted, without reopening', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-crd-'));
    const backup = path.join(dir, 'backup.yaml');
    const crd = path.join(dir, 'crds', 'backups.yaml');
    fs.writeFileSync(backup, BACKUP);
    fs.mkdirSync(path.dirname(crd));
    const client = TestClient.start();
    try {
      const capabilities = {
        ...VSCODE_LIKE_CAPABILITIES,
        workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } },
      };
      await client.initialize({ capabilities, initializationOptions: { debounceMs: 0 }, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }] });
      await client.waitFor(() => client.logs().find((l) => /^initlens: workspace index: 1 files in \d+ ms$/.test(l.message)), 'the index built');
      const uri = pathToFileURL(backup).href;
      await client.open(uri, BACKUP, 1);
      assert.deepEqual(schemaFindings(await client.waitForDiagnostics(uri, 1)), []);

      // The CRD appears on disk: the open custom resource gets the finding.
      let seen = client.published(uri).length;
      fs.writeFileSync(crd, BACKUP_CRD);
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(crd).href, type: 1 }] });
      const found = await client.waitFor(
        () =>
          client
            .published(uri)
            .slice(seen)
            .find((p) => schemaFindings(p).length > 0),
        'the finding',
      );
      assert.deepEqual(schemaFindings(found), [`5:17-5:24 ${RETENTION_MESSAGE}`]);

      // Deleted: the finding goes.
      seen = client.published(uri).length;
      fs.rmSync(crd);
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(crd).href, type: 3 }] });
      await client.waitFor(
        () =>
          client
            .published(uri)
            .slice(seen)
            .find((p) => schemaFindings(p).length === 0),
        'the finding gone',
      );
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the CRDs of the folder `.initlens.yaml` names, outside the workspace folder', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-crd-config-'));
    const dir = path.join(root, 'app');
    fs.mkdirSync(dir);
    fs.mkdirSync(path.join(root, 'platform'));
    fs.writeFileSync(path.join(root, 'platform', 'backups.yaml'), BACKUP_CRD);
    fs.writeFileSync(path.join(dir, '.initlens.yaml'), 'crds:\n  - ../platform\n');
    fs.writeFileSync(path.join(dir, 'backup.yaml'), BACKUP);
    const client = TestClient.start();
    try {
      await client.initialize({
        capabilities: VSCODE_LIKE_CAPABILITIES,
        initializationOptions: { debounceMs: 0 },
        workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }],
      });
      const uri = pathToFileURL(path.join(dir, 'backup.yaml')).href;
      await client.open(uri, BACKUP, 1);
      assert.deepEqual(schemaFindings(await client.waitForDiagnostics(uri, 1)), [`5:17-5:24 ${RETENTION_MESSAGE}`]);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
