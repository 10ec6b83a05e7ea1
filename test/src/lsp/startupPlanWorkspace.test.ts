/**
 * `initlens/startupPlan` with a two-file workspace in the real server: the wait step names the
 * Service and its file; when the file is deleted on disk, the next request says the Service is not
 * in the workspace, without reopening anything; the init lens says the same. The workload's hover
 * names the PodDisruptionBudget.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { StartupPlan } from '../../../server/out/protocol/index';
import { TestClient, VSCODE_LIKE_CAPABILITIES } from './client';

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
          command: ["sh", "-c", "until nc -z postgres 5432; do sleep 2; done"]
      containers:
        - name: app
          image: example/api:1.0
`;

const DB = `apiVersion: v1
kind: Service
metadata:
  name: postgres
spec:
  ports:
    - port: 5432
`;

/** Another Service in the namespace: with it, a host without a Service is "missing", not "unknown". */
const CACHE = `apiVersion: v1
kind: Service
metadata:
  name: redis
spec:
  ports:
    - port: 6379
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  minAvailable: 100%
  selector:
    matchLabels: {app: api}
`;

describe('initlens/startupPlan with the workspace index', () => {
  it('names the Service in the other file, then says it is not in the workspace once that file is deleted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-plan-workspace-'));
    const db = path.join(dir, 'db', 'postgres.yaml');
    fs.mkdirSync(path.dirname(db));
    fs.writeFileSync(db, DB);
    fs.writeFileSync(path.join(dir, 'cache.yaml'), CACHE);
    fs.writeFileSync(path.join(dir, 'api.yaml'), API);
    const client = TestClient.start();
    try {
      const capabilities = {
        ...VSCODE_LIKE_CAPABILITIES,
        workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } },
      };
      await client.initialize({ capabilities, initializationOptions: { debounceMs: 0 }, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }] });
      await client.waitFor(() => client.logs().find((l) => /^initlens: workspace index: 3 files in \d+ ms$/.test(l.message)), 'the index built');
      const api = pathToFileURL(path.join(dir, 'api.yaml')).href;
      await client.open(api, API, 1);
      const ask = () => client.request<StartupPlan>('initlens/startupPlan', { textDocument: { uri: api }, position: { line: 12, character: 10 } });

      const before = await ask();
      assert.equal(before.version, 3);
      assert.deepEqual(before.steps[0].waits, [
        {
          container: 'wait-db',
          host: 'postgres',
          port: 5432,
          how: 'nc postgres 5432',
          service: 'postgres',
          namespace: 'default',
          state: 'defined',
          file: 'db/postgres.yaml',
          line: 1,
          text: 'postgres:5432 (nc postgres 5432): Service postgres, db/postgres.yaml:1',
        },
      ]);
      assert.deepEqual(before.disruption?.budgets, [
        {
          name: 'api',
          file: 'cache.yaml',
          line: 9,
          minAvailable: '100%',
          blocksEvictions: true,
          text: 'PodDisruptionBudget api (cache.yaml:9): minAvailable 100% — allows no eviction',
        },
      ]);

      // The init container's lens names the Service and its file.
      const initLens = async () => {
        const lenses = await client.request<{ range: { start: { line: number } }; data: unknown }[]>('textDocument/codeLens', { textDocument: { uri: api } });
        const lens = lenses.find((l) => l.range.start.line === 12);
        assert.ok(lens, 'a lens above wait-db');
        return (await client.request<{ command?: { title: string } }>('codeLens/resolve', lens)).command?.title;
      };
      assert.equal(await initLens(), 'Init 1 of 1 · runs to completion before app · → postgres (db/postgres.yaml:1)');

      // The workload's hover names the budget and its file.
      const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
        textDocument: { uri: api },
        position: { line: 3, character: 9 },
      });
      assert.match(
        hover.contents.value,
        /^\*\*`metadata\.name`\*\* · 1 PodDisruptionBudget selects these pods\n\n- `api` \(`cache\.yaml:9`\): minAvailable 100% — allows no eviction\n/,
      );

      // Deleted on disk: the next plan says so; api.yaml was never reopened.
      fs.rmSync(db);
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(db).href, type: 3 }] });
      // The watcher event is a notification: ask until the index has taken it (a bounded wait).
      let after = await ask();
      for (let i = 0; i < 100 && after.steps[0].waits?.[0].state !== 'missing'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        after = await ask();
      }
      assert.deepEqual(after.steps[0].waits, [
        {
          container: 'wait-db',
          host: 'postgres',
          port: 5432,
          how: 'nc postgres 5432',
          service: 'postgres',
          namespace: 'default',
          state: 'missing',
          effect:
            'if none exists in the cluster either, the name does not resolve: a wait loop keeps waiting (STATUS stays Init:0/1), a client fails to connect',
          text: 'postgres:5432 (nc postgres 5432): no Service "postgres" in namespace "default" in the workspace; if none exists in the cluster either, the name does not resolve: a wait loop keeps waiting (STATUS stays Init:0/1), a client fails to connect',
        },
      ]);
      assert.equal(await initLens(), 'Init 1 of 1 · runs to completion before app · ⚠ no Service postgres in the workspace');
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
