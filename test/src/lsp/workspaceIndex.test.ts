/** The workspace index in the real server: findings that depend on other files of the workspace. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TestClient, VSCODE_LIKE_CAPABILITIES } from './client';

const ROOT = path.resolve(__dirname, '../../..');

const SERVICES = (...names: string[]) =>
  names.map((name) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports:\n    - port: 5432\n`).join('---\n');

const API = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      initContainers:
        - name: wait-db
          image: busybox:1.36
          command: ["sh", "-c", "nc -z postgres 5432 || exit 1"]
      containers:
        - name: app
          image: example/api:1.0
`;

const MESSAGE =
  'nc postgres 5432: no Service "postgres" in namespace "default" in the workspace (which defines 1 there; closest: "redis" (db.yaml) with port 5432) — the pod stays in Init:0/1';

const notFound = (p: PublishDiagnosticsParams) =>
  p.diagnostics.filter((d) => d.code === 'service-not-found').map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);

describe('the workspace index', () => {
  it('reports a Service deleted in another file, and stops when it is back, without reopening', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-workspace-'));
    const db = path.join(dir, 'db.yaml');
    fs.writeFileSync(db, SERVICES('postgres', 'redis'));
    fs.writeFileSync(path.join(dir, 'api.yaml'), API);
    // An excluded folder whose Service would otherwise count.
    fs.mkdirSync(path.join(dir, 'charts'));
    fs.writeFileSync(path.join(dir, 'charts', 'other.yaml'), SERVICES('postgres'));
    const client = TestClient.start({ settings: { initlens: { exclude: ['charts/**'] } } });
    try {
      const capabilities = {
        ...VSCODE_LIKE_CAPABILITIES,
        workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } },
      };
      await client.initialize({ capabilities, initializationOptions: { debounceMs: 0 }, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }] });
      const watchers = await client.waitFor(
        () => client.registrations.flatMap((r) => r.registrations).find((r) => JSON.stringify(r.registerOptions).includes('*.{yaml,yml}')),
        'the YAML watcher',
      );
      assert.deepEqual(watchers.registerOptions, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
      // Beside it, the repository's settings and the kustomization files are watched.
      const watched = () =>
        client.registrations
          .flatMap((r) => r.registrations)
          .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
          .flatMap((r) => (r.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern))
          .sort();
      await client.waitFor(() => (watched().length >= 5 ? true : undefined), 'every file watcher');
      assert.deepEqual(watched(), ['**/*.{yaml,yml}', '**/.initlens.yaml', '**/Kustomization', '**/kustomization.yaml', '**/kustomization.yml']);
      await client.waitFor(
        () => client.logs().find((l) => /^initlens: workspace index: 2 files in \d+ ms$/.test(l.message)),
        'the index built (charts/ excluded)',
      );
      const api = pathToFileURL(path.join(dir, 'api.yaml')).href;
      await client.open(api, API, 1);
      assert.deepEqual(notFound(await client.waitForDiagnostics(api, 1)), []);

      // postgres deleted on disk: the open file gets the finding.
      const count = () => client.published(api).length;
      let seen = count();
      fs.writeFileSync(db, SERVICES('redis'));
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(db).href, type: 2 }] });
      const found = await client.waitFor(
        () =>
          client
            .published(api)
            .slice(seen)
            .find((p) => notFound(p).length > 0),
        'the finding',
      );
      assert.deepEqual(notFound(found), [`14:39 ${MESSAGE}`]);

      // Back: it goes.
      seen = count();
      fs.writeFileSync(db, SERVICES('postgres', 'redis'));
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(db).href, type: 2 }] });
      await client.waitFor(
        () =>
          client
            .published(api)
            .slice(seen)
            .find((p) => notFound(p).length === 0),
        'the finding gone',
      );

      // The same from an edit of the open, unsaved db.yaml: the editor's text wins over the disk.
      const dbUri = pathToFileURL(db).href;
      await client.open(dbUri, SERVICES('postgres', 'redis'), 1);
      seen = count();
      await client.change(dbUri, 2, [{ text: SERVICES('redis') }]);
      const again = await client.waitFor(
        () =>
          client
            .published(api)
            .slice(seen)
            .find((p) => notFound(p).length > 0),
        'the finding from the edit',
      );
      assert.deepEqual(notFound(again), [`14:39 ${MESSAGE}`]);
      // Closed without saving: the disk (postgres defined) counts again.
      seen = count();
      await client.close(dbUri);
      await client.waitFor(
        () =>
          client
            .published(api)
            .slice(seen)
            .find((p) => notFound(p).length === 0),
        'the finding gone after close',
      );
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // The server as built (a big file read on its index thread), and a copy of it without the
  // thread's script next to it (the thread cannot start: read on the main thread, in slices).
  for (const where of ['on the index thread', 'on the main thread when the index thread cannot start']) {
    it(`reads a big file on disk ${where}, as it reads a small one`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-workspace-'));
      const alone = where.includes('cannot') ? fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-server-')) : undefined;
      if (alone) fs.copyFileSync(path.join(ROOT, 'dist', 'server.js'), path.join(alone, 'server.js'));
      // 800 Services, about 80 KB: over the size from which the index reads a file apart.
      const names = Array.from({ length: 800 }, (_, i) => `svc-${i}`).concat('redis');
      const text = SERVICES(...names);
      assert.ok(text.length > 64 * 1024);
      fs.writeFileSync(path.join(dir, 'db.yaml'), text);
      const client = TestClient.start(
        alone
          ? { serverArgs: [path.join(alone, 'server.js'), '--stdio'], env: { ...process.env, INITLENS_SCHEMA_DIR: path.join(ROOT, 'dist', 'schema') } }
          : {},
      );
      try {
        await client.initialize({ initializationOptions: { debounceMs: 0 }, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }] });
        await client.waitFor(() => client.logs().find((l) => /^initlens: workspace index: 1 files in \d+ ms$/.test(l.message)), 'the index built');
        const api = pathToFileURL(path.join(dir, 'api.yaml')).href;
        await client.open(api, API, 1);
        const published = await client.waitForDiagnostics(api, 1);
        assert.deepEqual(notFound(published), [
          '14:39 nc postgres 5432: no Service "postgres" in namespace "default" in the workspace (which defines 801 there; closest: "svc-0" (db.yaml) with port 5432) — the pod stays in Init:0/1',
        ]);
        const fallback = client.logs().filter((l) => l.message.includes('workspace files are read on the main thread'));
        assert.equal(fallback.length, alone ? 1 : 0, fallback.map((l) => l.message).join('\n'));
        assert.equal(await client.shutdown(), 0);
      } finally {
        client.kill();
        fs.rmSync(dir, { recursive: true, force: true });
        if (alone) fs.rmSync(alone, { recursive: true, force: true });
      }
    });
  }
});
