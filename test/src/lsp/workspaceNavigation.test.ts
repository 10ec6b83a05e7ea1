/**
 * Navigation across files through the real server over stdio, in a workspace folder on disk:
 * definition from each kind of reference to the file that defines it, references from a Secret's
 * name, rename of a Service (a wait loop, an env URL, a StatefulSet's `serviceName`) and of a
 * Secret in every file, renames refused (a Helm template, a host inside a longer name), the hover
 * on a wait loop's host. Cursors `⦚` and expected spans `«…»` are marked in snippets that occur
 * once in a file (`positionIn`, `rangeIn`).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc/node';
import type { Hover, Location, WorkspaceEdit } from 'vscode-languageserver/node';
import { applyEdits, TestClient, VSCODE_LIKE_CAPABILITIES } from './client';
import { positionIn, rangeIn } from './texts';

const FILES: Record<string, string> = {
  'db.yaml': `apiVersion: v1
kind: Service
metadata:
  name: postgres
spec:
  selector:
    app: pg
  ports:
    - port: 5432
      targetPort: pg
---
apiVersion: v1
kind: Secret
metadata:
  name: db-creds
stringData:
  username: app
  password: hunter2
`,
  'pg.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: pg
spec:
  serviceName: postgres
  selector:
    matchLabels: {app: pg}
  template:
    metadata:
      labels: {app: pg}
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          ports:
            - name: pg
              containerPort: 5432
`,
  'config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  LOG_LEVEL: info
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: uploads
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
---
apiVersion: v1
kind: Service
metadata:
  name: cache
spec:
  ports:
    - port: 6379
---
apiVersion: v1
kind: Service
metadata:
  name: redis
spec:
  ports:
    - port: 6379
`,
  'api.yaml': `apiVersion: apps/v1
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
      serviceAccountName: api
      initContainers:
        - name: wait-db
          image: busybox:1.36
          command: ["sh", "-c", "until nc -z postgres 5432; do sleep 2; done"]
        - name: wait-cache
          image: busybox:1.36
          command: ["sh", "-c", "until nc -z cache 6379 && nslookup cache-0.cache; do sleep 2; done"]
      containers:
        - name: app
          image: example/api:1.0
          env:
            - name: DB_USER
              valueFrom:
                secretKeyRef:
                  name: db-creds
                  key: username
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: db-creds, key: password}
            - name: DATABASE_URL
              value: postgres://postgres:5432/app
          envFrom:
            - configMapRef:
                name: app-config
          volumeMounts:
            - {name: uploads, mountPath: /uploads}
            - {name: tls, mountPath: /tls}
            - {name: settings, mountPath: /etc/api}
      volumes:
        - name: uploads
          persistentVolumeClaim:
            claimName: uploads
        - name: tls
          secret:
            secretName: db-creds
        - name: settings
          configMap:
            name: app-config
`,
  // A Helm template: not YAML yet, so a rename cannot edit the Service it names.
  'chart/templates/job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-flush
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: flush
          image: example/flush:1.0
          command: ["redis-cli", "-h", "redis", "FLUSHALL"]
`,
};

const CAPABILITIES = {
  ...VSCODE_LIKE_CAPABILITIES,
  textDocument: { ...VSCODE_LIKE_CAPABILITIES.textDocument, rename: { prepareSupport: true } },
};

/** Definition: from `⦚` in a file to the `«…»` in another (one target each). */
const DEFINITIONS: { what: string; from: [string, string]; to: [string, string] }[] = [
  { what: 'a wait loop host', from: ['api.yaml', 'nc -z ⦚postgres 5432'], to: ['db.yaml', 'metadata:\n  name: «postgres»'] },
  { what: 'a URL host in env', from: ['api.yaml', 'postgres://post⦚gres:5432'], to: ['db.yaml', 'metadata:\n  name: «postgres»'] },
  { what: 'a StatefulSet serviceName', from: ['pg.yaml', 'serviceName: ⦚postgres'], to: ['db.yaml', 'metadata:\n  name: «postgres»'] },
  { what: 'a secretKeyRef name', from: ['api.yaml', 'name: db-cr⦚eds\n                  key'], to: ['db.yaml', 'name: «db-creds»'] },
  { what: 'a secretKeyRef key', from: ['api.yaml', 'key: ⦚username'], to: ['db.yaml', '«username»: app'] },
  { what: 'a flow secretKeyRef key', from: ['api.yaml', 'key: pass⦚word}'], to: ['db.yaml', '«password»: hunter2'] },
  { what: 'a secret volume', from: ['api.yaml', 'secretName: ⦚db-creds'], to: ['db.yaml', 'name: «db-creds»'] },
  { what: 'an envFrom configMapRef', from: ['api.yaml', 'configMapRef:\n                name: app-⦚config'], to: ['config.yaml', 'name: «app-config»'] },
  { what: 'a configMap volume', from: ['api.yaml', 'configMap:\n            name: ⦚app-config'], to: ['config.yaml', 'name: «app-config»'] },
  { what: 'a persistentVolumeClaim volume', from: ['api.yaml', 'claimName: upl⦚oads'], to: ['config.yaml', 'name: «uploads»'] },
  { what: 'serviceAccountName', from: ['api.yaml', 'serviceAccountName: ⦚api'], to: ['config.yaml', 'name: «api»\n---\napiVersion: v1\nkind: Service'] },
  { what: "a Service's selector", from: ['db.yaml', 'app: ⦚pg'], to: ['pg.yaml', 'name: «pg»\nspec'] },
  { what: "a Service's targetPort", from: ['db.yaml', 'targetPort: ⦚pg'], to: ['pg.yaml', '- name: «pg»'] },
];

describe('navigation across the files of a workspace (real server, files on disk)', () => {
  let client: TestClient;
  let dir: string;
  const uriOf = (file: string) => pathToFileURL(path.join(dir, file)).href;
  const opened = new Set<string>();
  const open = async (file: string) => {
    if (opened.has(file)) return;
    opened.add(file);
    await client.open(uriOf(file), FILES[file], 1);
    await client.waitForDiagnostics(uriOf(file), 1);
  };
  const at = (file: string, snippet: string) => ({ textDocument: { uri: uriOf(file) }, position: positionIn(FILES[file], snippet) });
  const place = (file: string, snippet: string): Location => ({ uri: uriOf(file), range: rangeIn(FILES[file], snippet) });

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-xnav-')));
    for (const [name, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    client = TestClient.start();
    await client.initialize({
      capabilities: CAPABILITIES,
      initializationOptions: { debounceMs: 0 },
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }],
    });
    await client.waitFor(() => client.logs().find((l) => /workspace index: 5 files in \d+ ms$/.test(l.message)), 'the index built');
  });
  after(() => {
    client?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of DEFINITIONS) {
    it(`definition from ${c.what} to ${c.to[0]}`, async () => {
      await open(c.from[0]);
      const found = await client.request<Location[] | null>('textDocument/definition', at(...c.from));
      assert.deepEqual(found, [place(...c.to)]);
    });
  }

  it('references from a Secret name: every use in the workspace, with or without the declaration', async () => {
    await open('db.yaml');
    const references = (includeDeclaration: boolean) =>
      client.request<Location[]>('textDocument/references', { ...at('db.yaml', 'name: db-⦚creds'), context: { includeDeclaration } });
    const uses = [
      place('api.yaml', 'name: «db-creds»\n                  key'),
      place('api.yaml', '{name: «db-creds», key'),
      place('api.yaml', 'secretName: «db-creds»'),
    ];
    assert.deepEqual(await references(false), uses);
    assert.deepEqual(await references(true), [...uses, place('db.yaml', 'name: «db-creds»')]);
  });

  it('references from a Service name: hosts in scripts and env, serviceName', async () => {
    await open('db.yaml');
    const found = await client.request<Location[]>('textDocument/references', {
      ...at('db.yaml', 'name: post⦚gres'),
      context: { includeDeclaration: false },
    });
    assert.deepEqual(found, [
      place('api.yaml', 'nc -z «postgres» 5432'),
      place('api.yaml', 'postgres://«postgres»:5432'),
      place('pg.yaml', 'serviceName: «postgres»'),
    ]);
  });

  it('rename a Service from a wait loop: every file, each edit applied gives the renamed texts', async () => {
    await open('api.yaml');
    const prepared = await client.request<unknown>('textDocument/prepareRename', at('api.yaml', 'nc -z ⦚postgres 5432'));
    assert.deepEqual(prepared, { range: rangeIn(FILES['api.yaml'], 'nc -z «postgres» 5432'), placeholder: 'postgres' });
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...at('api.yaml', 'nc -z ⦚postgres 5432'), newName: 'pg-main' });
    const changes = edit.changes ?? {};
    assert.deepEqual(Object.keys(changes).sort(), ['api.yaml', 'db.yaml', 'pg.yaml'].map(uriOf));
    assert.equal(
      applyEdits(FILES['api.yaml'], changes[uriOf('api.yaml')]),
      FILES['api.yaml'].replace('nc -z postgres', 'nc -z pg-main').replace('postgres://postgres:', 'postgres://pg-main:'),
    );
    assert.equal(applyEdits(FILES['db.yaml'], changes[uriOf('db.yaml')]), FILES['db.yaml'].replace('name: postgres', 'name: pg-main'));
    assert.equal(applyEdits(FILES['pg.yaml'], changes[uriOf('pg.yaml')]), FILES['pg.yaml'].replace('serviceName: postgres', 'serviceName: pg-main'));
  });

  it('rename a Secret from a secretKeyRef: its definition and every secretKeyRef and volume', async () => {
    await open('api.yaml');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...at('api.yaml', '{name: db-⦚creds'), newName: 'api-db' });
    const changes = edit.changes ?? {};
    assert.deepEqual(Object.keys(changes).sort(), ['api.yaml', 'db.yaml'].map(uriOf));
    assert.equal(applyEdits(FILES['api.yaml'], changes[uriOf('api.yaml')]), FILES['api.yaml'].replaceAll('db-creds', 'api-db'));
    assert.equal(applyEdits(FILES['db.yaml'], changes[uriOf('db.yaml')]), FILES['db.yaml'].replace('db-creds', 'api-db'));
  });

  it('rename reads an open document’s unsaved text, not the disk', async () => {
    await open('pg.yaml');
    await open('db.yaml');
    // Two lines added in the editor, not saved: the edit in pg.yaml lands two lines lower.
    const unsaved = `# edited, not saved\n# second line\n${FILES['pg.yaml']}`;
    await client.change(uriOf('pg.yaml'), 2, [{ text: unsaved }]);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...at('db.yaml', 'name: post⦚gres'), newName: 'pg-main' });
    const edits = edit.changes?.[uriOf('pg.yaml')] ?? [];
    assert.deepEqual(
      edits.map((e) => e.range.start.line),
      [7],
    );
    assert.equal(applyEdits(unsaved, edits), unsaved.replace('serviceName: postgres', 'serviceName: pg-main'));
    await client.change(uriOf('pg.yaml'), 3, [{ text: FILES['pg.yaml'] }]);
  });

  it('rename refused: a Helm template names the Service, a script names it inside a longer host, an invalid or taken name', async () => {
    await open('config.yaml');
    const refused = (p: Promise<unknown>, message: string) =>
      assert.rejects(p, (e: unknown) => e instanceof ResponseError && e.code === -32803 && e.message === message);
    await refused(
      client.request('textDocument/prepareRename', at('config.yaml', 'name: re⦚dis')),
      `cannot rename Service "redis": job.yaml names it on line 12, and that file cannot be edited safely: this file is a Helm/Go template ({{ … }}), not YAML yet, so it is not analysed: render it with \`helm template\` and pipe it to \`initlens check -\``,
    );
    await refused(
      client.request('textDocument/rename', { ...at('config.yaml', 'name: ca⦚che'), newName: 'valkey' }),
      'cannot rename Service "cache": api.yaml, line 19: a command or env value names it inside a larger host or expansion that the shell reader does not read as the Service',
    );
    await refused(
      client.request('textDocument/rename', { ...at('db.yaml', 'name: post⦚gres'), newName: '9db' }),
      `"9db" is not a valid Service name: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, end with an alphanumeric character, and be at most 63 characters`,
    );
    await refused(
      client.request('textDocument/rename', { ...at('db.yaml', 'name: post⦚gres'), newName: 'redis' }),
      'cannot rename Service "postgres": a Service named "redis" already exists in namespace "default"',
    );
  });

  it('hover on a wait loop host: the Service, its ports, selector and the pods it selects; or that there is none', async () => {
    await open('api.yaml');
    const hover = await client.request<Hover>('textDocument/hover', at('api.yaml', 'nc -z post⦚gres'));
    assert.deepEqual(hover, {
      contents: {
        kind: 'markdown',
        value: [
          '**Service `postgres`** · namespace `default` · nc postgres 5432',
          'Defined in `db.yaml` line 4.',
          'Ports: `5432` → `pg`.',
          'Selector: `app=pg`.',
          'Selects the pods of:\n\n- StatefulSet `pg` (`pg.yaml` line 4)',
        ].join('\n\n'),
      },
      range: rangeIn(FILES['api.yaml'], 'nc -z «postgres» 5432'),
    });
    const none = await client.request<Hover>('textDocument/hover', at('api.yaml', 'nslookup cache⦚-0.cache'));
    assert.deepEqual(none.contents, {
      kind: 'markdown',
      value: '**Service `cache-0`** · namespace `cache` · nslookup cache-0.cache\n\nNo Service `cache-0` in namespace `cache` in the workspace.',
    });
  });
});
