/** `initlens check` over a workspace: references from one file to objects of another (the real process). */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { initlens, treesPerTest } from './helpers';

const tree = treesPerTest();

const SERVICE = (name: string, namespace?: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  ports:
    - name: sql
      port: 5432
`;

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db-creds
stringData:
  username: app
  password: s3cret
`;

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: api
  maxReplicas: 5
`;

const API = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      initContainers:
        - name: wait-db
          image: busybox:1.36
          command: ["sh", "-c", "nc -z postgress 5432 || exit 1"]
        - name: migrate
          image: example/api:1.0
          command: ["python", "manage.py", "migrate"]
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db-creds
                  key: passwd
      containers:
        - name: app
          image: example/api:1.0
`;

const NOT_FOUND =
  'api.yaml:17:40: warning service-not-found: nc postgress 5432: no Service "postgress" in namespace "default" in the workspace (which defines 1 there; closest: "postgres" (db.yaml) with port 5432 (sql)) — the pod stays in Init:0/2';
const NO_KEY =
  'api.yaml:26:24: warning config-reference-not-found: env DB_PASSWORD secretKeyRef: the Secret "db-creds" (secret.yaml) has no key "passwd" (keys: username, password) — the container fails to start with CreateContainerConfigError';
const PER_REPLICA =
  'api.yaml:20:21: warning init-runs-per-replica: spec.template.spec.initContainers[1].command: this init container runs a Django migration, which every pod that the HorizontalPodAutoscaler "api" (hpa.yaml) adds runs when it starts — a one-off, cluster-wide task belongs in a Job that runs once per release (a Helm hook or an Argo CD sync hook works too)';

describe('initlens check: a directory is a workspace', () => {
  it('reports a Service host, a Secret key and an HPA of other files', () => {
    const dir = tree({ 'db.yaml': SERVICE('postgres'), 'secret.yaml': SECRET, 'hpa.yaml': HPA, 'api.yaml': API });
    const r = initlens(['check', '.'], { cwd: dir });
    assert.deepEqual(r, { status: 0, stdout: `${NOT_FOUND}\n${PER_REPLICA}\n${NO_KEY}\n3 warnings in 4 files\n`, stderr: '' });
  });

  it('the files given by name together are one workspace; one file alone has none', () => {
    const dir = tree({ 'db.yaml': SERVICE('postgres'), 'api.yaml': API });
    assert.equal(initlens(['check', 'api.yaml', 'db.yaml'], { cwd: dir }).stdout, `${NOT_FOUND}\n1 warning in 2 files\n`);
    assert.equal(initlens(['check', 'api.yaml'], { cwd: dir }).stdout, 'no problems in 1 file\n');
  });

  it('says nothing where the workspace defines no Service in the namespace', () => {
    const dir = tree({ 'db.yaml': SERVICE('postgres', 'data'), 'api.yaml': API });
    assert.equal(initlens(['check', '.'], { cwd: dir }).stdout, 'no problems in 2 files\n');
  });

  it('takes the namespace of a file from the kustomization beside it', () => {
    const dir = tree({
      'db/db.yaml': SERVICE('postgres', 'data'),
      'app/kustomization.yaml': 'namespace: data\nresources:\n  - api.yaml\n',
      'app/api.yaml': API,
    });
    const r = initlens(['check', '--format', 'json', '.'], { cwd: dir });
    const found = (JSON.parse(r.stdout) as { files: { path: string; diagnostics: { rule: string; message: string }[] }[] }).files.flatMap((f) =>
      f.diagnostics.map((d) => `${f.path} ${d.rule}`),
    );
    assert.deepEqual(found, ['app/api.yaml service-not-found']);
  });

  it('knows the ConfigMaps a kustomization generates, in its namespace', () => {
    const dir = tree({
      'kustomization.yaml': 'namespace: shop\nresources:\n  - api.yaml\nconfigMapGenerator:\n  - name: app-settings\n    literals:\n      - LOG_LEVEL=info\n',
      'api.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: app
      image: example/api:1.0
      env:
        - name: LEVEL
          valueFrom:
            configMapKeyRef: {name: app-settings, key: LOG_LEVEL}
        - name: TRACE
          valueFrom:
            configMapKeyRef: {name: app-settings, key: TRACING}
      envFrom:
        - configMapRef: {name: app-setting}
`,
    });
    const r = initlens(['check', '.'], { cwd: dir });
    assert.equal(
      r.stdout,
      'api.yaml:15:56: warning config-reference-not-found: env TRACE configMapKeyRef: the ConfigMap "app-settings" (kustomization.yaml) has no key "TRACING" (keys: LOG_LEVEL) — the container fails to start with CreateContainerConfigError\n' +
        'api.yaml:17:32: warning config-reference-not-found: envFrom configMapRef: no ConfigMap "app-setting" in namespace "shop" in the workspace (which defines 1 there; closest: "app-settings" (kustomization.yaml) with keys LOG_LEVEL) — the container fails to start with CreateContainerConfigError\n' +
        '2 warnings in 2 files\n',
    );
  });

  it('--no-workspace turns cross-file findings off', () => {
    const dir = tree({ 'db.yaml': SERVICE('postgres'), 'secret.yaml': SECRET, 'hpa.yaml': HPA, 'api.yaml': API });
    assert.equal(initlens(['check', '--no-workspace', '.'], { cwd: dir }).stdout, 'no problems in 4 files\n');
  });
});
