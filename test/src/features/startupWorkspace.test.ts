/**
 * The startup plan with the workspace (features/startupWorkspace.ts over a built WorkspaceIndex):
 * wait steps name the Service and its file, or say it is not in the workspace (only where the
 * workspace defines Services in that namespace); missing Secrets, ConfigMaps and keys are gates
 * with the status the pod shows; the PodDisruptionBudgets selecting the pod.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lensAnchors, lensTitle } from '../../../server/out/features/codeLens';
import { filePlans, type StartupWorkspace } from '../../../server/out/features/startup';
import { selects } from '../../../server/out/features/startupWorkspace';
import { parseFile } from '../../../server/out/model/file';
import type { StartupPlan } from '../../../server/out/protocol/index';
import { WorkspaceIndex } from '../../../server/out/workspace/index';
import type { KubeVersion } from '../../../server/out/config/options';

const V1_35: KubeVersion = { major: 1, minor: 35 };

const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      initContainers:
        - name: wait-db
          image: busybox:1.36
          command: ['sh', '-c', 'until nc -z postgres 5432; do sleep 2; done']
        - name: wait-cache
          image: busybox:1.36
          command: ['sh', '-c', 'until nslookup redis.cache; do sleep 2; done']
          env:
            - name: PASSWORD
              valueFrom:
                secretKeyRef: {name: db-creds, key: passwd}
            - name: TOKEN
              valueFrom:
                secretKeyRef: {name: vault-token, key: t, optional: true}
      containers:
        - name: app
          image: example/app:1.0
          envFrom:
            - configMapRef: {name: app-config}
      volumes:
        - name: certs
          secret: {secretName: tls-certs}
`;

const DB = `apiVersion: v1
kind: Service
metadata:
  name: postgres
spec:
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Secret
metadata:
  name: db-creds
stringData:
  password: x
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data: {a: b}
`;

const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
spec:
  minAvailable: 3
  selector:
    matchLabels: {app: web}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: other
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: api}
`;

function workspace(files: Record<string, string>): StartupWorkspace {
  const index = new WorkspaceIndex();
  for (const [file, text] of Object.entries(files)) index.setText(`/repo/${file}`, text, 0);
  return { facts: index.facts(), relative: (f) => f.replace('/repo/', '') };
}

function planOf(text: string, ws?: StartupWorkspace): StartupPlan {
  const plans = filePlans(parseFile(text), V1_35, ws);
  assert.equal(plans.length, 1);
  return plans[0].plan;
}

describe('startup plan with the workspace', () => {
  test('a wait step names the Service and its file; a host without one is "missing" where Services exist in that namespace', () => {
    const plan = planOf(APP, workspace({ 'app.yaml': APP, 'db/db.yaml': DB }));
    assert.deepEqual(plan.steps[0].waits, [
      {
        container: 'wait-db',
        host: 'postgres',
        port: 5432,
        how: 'nc postgres 5432',
        service: 'postgres',
        namespace: 'default',
        state: 'defined',
        file: 'db/db.yaml',
        line: 1,
        text: 'postgres:5432 (nc postgres 5432): Service postgres, db/db.yaml:1',
      },
    ]);
    // redis.cache: namespace "cache" has no Service in the workspace: unknown, not missing.
    assert.deepEqual(
      plan.steps[1].waits?.map((w) => [w.service, w.namespace, w.state]),
      [['redis', 'cache', 'unknown']],
    );
    const withCache = planOf(
      APP,
      workspace({
        'app.yaml': APP,
        'db/db.yaml': DB,
        'cache.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: memcached, namespace: cache}\nspec: {ports: [{port: 11211}]}\n',
      }),
    );
    const redis = withCache.steps[1].waits?.[0];
    assert.equal(redis?.state, 'missing');
    assert.equal(
      redis?.effect,
      'if none exists in the cluster either, the name does not resolve: a wait loop keeps waiting (STATUS stays Init:1/2), a client fails to connect',
    );
  });

  test('a missing key, ConfigMap and Secret volume are gates with the status the pod shows; optional references are not', () => {
    const ws = workspace({ 'app.yaml': APP, 'db/db.yaml': DB, 'tls.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: other-tls}\n' });
    const plan = planOf(APP, ws);
    // The Secret volume: no container starts, so the first step carries it.
    assert.deepEqual(plan.steps[0].missing, [
      {
        kind: 'Secret',
        name: 'tls-certs',
        how: 'volume certs secret',
        namespace: 'default',
        effect: 'no container of the pod starts before every volume is mounted; the kubelet retries until the Secret exists',
        status: 'Init:0/2',
        event: 'FailedMount',
        text: 'Secret tls-certs (volume certs secret) is not in the workspace (namespace "default") → Init:0/2, FailedMount events: no container of the pod starts before every volume is mounted; the kubelet retries until the Secret exists',
      },
    ]);
    assert.deepEqual(plan.steps[1].missing, [
      {
        kind: 'Secret',
        name: 'db-creds',
        key: 'passwd',
        how: 'env PASSWORD secretKeyRef',
        container: 'wait-cache',
        namespace: 'default',
        file: 'db/db.yaml',
        line: 8,
        effect: 'the kubelet does not start wait-cache (CreateContainerConfigError) and retries until the key exists',
        status: 'Init:CreateContainerConfigError',
        text: 'key "passwd" of Secret db-creds (env PASSWORD secretKeyRef; db/db.yaml:8 has no such key) → Init:CreateContainerConfigError: the kubelet does not start wait-cache (CreateContainerConfigError) and retries until the key exists',
      },
    ]);
    // app-config exists: the app step needs nothing.
    assert.equal(plan.steps[2].missing, undefined);
    const noConfig = planOf(APP, workspace({ 'app.yaml': APP, 'db/db.yaml': DB.replace('name: app-config', 'name: unrelated') }));
    assert.deepEqual(
      noConfig.steps[2].missing?.map((m) => [m.container, m.kind, m.name, m.status]),
      [['app', 'ConfigMap', 'app-config', 'CreateContainerConfigError']],
    );
  });

  test('nothing is "not in the workspace" where it defines no object of that kind in that namespace', () => {
    const plan = planOf(APP, workspace({ 'app.yaml': APP }));
    for (const step of plan.steps) assert.equal(step.missing, undefined, `step ${step.step}`);
    assert.deepEqual(
      plan.steps[0].waits?.map((w) => w.state),
      ['unknown'],
    );
    assert.equal(plan.disruption, undefined);
  });

  test('without a workspace the plan has none of it', () => {
    const plan = planOf(APP);
    assert.ok(plan.steps.every((s) => s.waits === undefined && s.missing === undefined));
    assert.equal(plan.disruption, undefined);
  });

  test('a PodDisruptionBudget selecting the pod, with minAvailable equal to the replicas: no eviction', () => {
    const plan = planOf(APP, workspace({ 'app.yaml': APP, 'pdb.yaml': PDB }));
    assert.deepEqual(plan.disruption?.budgets, [
      {
        name: 'web-pdb',
        file: 'pdb.yaml',
        line: 1,
        minAvailable: '3',
        blocksEvictions: true,
        text: 'PodDisruptionBudget web-pdb (pdb.yaml:1): minAvailable 3 — allows no eviction',
      },
    ]);
    assert.deepEqual(plan.disruption?.notes, [
      'web-pdb (minAvailable 3 of 3 replicas) allows no voluntary eviction: a kubectl drain of a node running one of these pods never completes',
      'an eviction (kubectl drain, a node scale-down) is refused when it would leave fewer healthy pods than the budget allows; a pod counts as healthy only once Ready, so a replacement pod does not count while its init containers run, and the next eviction waits until it is Ready',
      'a pod still in its init containers (phase Pending) is evicted without checking the budget',
      "a rollout of the Deployment and kubectl delete are not limited by the budget (the Deployment's update strategy is), though the pods they take down count against it",
    ]);
    const four = planOf(APP.replace('replicas: 3', 'replicas: 4'), workspace({ 'pdb.yaml': PDB }));
    assert.equal(four.disruption?.budgets[0].blocksEvictions, false);
    assert.equal(four.disruption?.notes.length, 3);
  });

  test('an autoscaled workload: the replicas are not known, so minAvailable alone does not block', () => {
    const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 10
`;
    const plan = planOf(APP, workspace({ 'pdb.yaml': PDB, 'hpa.yaml': hpa }));
    assert.equal(plan.disruption?.budgets[0].blocksEvictions, false);
  });

  test('two budgets over the same pods, maxUnavailable 0', () => {
    const second = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: front}
spec:
  maxUnavailable: 0
  selector:
    matchExpressions:
      - {key: tier, operator: In, values: [front, edge]}
`;
    const plan = planOf(APP, workspace({ 'pdb.yaml': PDB, 'front.yaml': second }));
    assert.deepEqual(
      plan.disruption?.budgets.map((b) => [b.name, b.file, b.blocksEvictions]),
      [
        ['front', 'front.yaml', true],
        ['web-pdb', 'pdb.yaml', true],
      ],
    );
    assert.match(
      plan.disruption?.notes[0] ?? '',
      /^2 PodDisruptionBudgets select these pods: the eviction API refuses to evict a pod that more than one budget selects/,
    );
  });

  test('label selectors: matchLabels and every operator; an empty selector selects all, none selects nothing', () => {
    const labels = { app: 'web', tier: 'front' };
    const sel = (matchLabels: Record<string, string>, ...matchExpressions: { key: string; operator: string; values: string[] }[]) => ({
      matchLabels,
      matchExpressions,
    });
    assert.equal(selects(sel({}), labels), true);
    assert.equal(selects(undefined, labels), false);
    assert.equal(selects(sel({ app: 'web' }), labels), true);
    assert.equal(selects(sel({ app: 'api' }), labels), false);
    assert.equal(selects(sel({}, { key: 'tier', operator: 'NotIn', values: ['back'] }), labels), true);
    assert.equal(selects(sel({}, { key: 'tier', operator: 'NotIn', values: ['front'] }), labels), false);
    assert.equal(selects(sel({}, { key: 'zone', operator: 'NotIn', values: ['a'] }), labels), true);
    assert.equal(selects(sel({}, { key: 'tier', operator: 'Exists', values: [] }), labels), true);
    assert.equal(selects(sel({}, { key: 'tier', operator: 'DoesNotExist', values: [] }), labels), false);
    assert.equal(selects(sel({}, { key: 'tier', operator: 'Gt', values: ['1'] }), labels), false);
    assert.equal(selects(sel({ toString: 'x' }), labels), false);
  });

  test('the init lenses say it: the Service and its file, what is missing; the title follows the workspace', () => {
    const model = parseFile(APP);
    const titles = (ws?: StartupWorkspace) =>
      lensAnchors(model)
        .filter((a) => a.kind === 'init')
        .map((a) => lensTitle(model, a, V1_35, ws));
    const withCache = 'apiVersion: v1\nkind: Service\nmetadata: {name: redis, namespace: cache}\n';
    assert.deepEqual(titles(workspace({ 'db/db.yaml': DB, 'cache.yaml': withCache })), [
      'Init 1 of 2 · runs to completion before wait-cache · ⚠ Secret tls-certs not in the workspace · → postgres (db/db.yaml:1)',
      'Init 2 of 2 · starts after wait-db, runs to completion before app · ⚠ no key passwd in Secret db-creds · → redis (cache.yaml:1)',
    ]);
    // Another workspace, the same parsed manifest: the cached plan is not reused.
    assert.deepEqual(titles(workspace({ 'cache.yaml': withCache.replace('name: redis', 'name: memcached') })), [
      'Init 1 of 2 · runs to completion before wait-cache',
      'Init 2 of 2 · starts after wait-db, runs to completion before app · ⚠ no Service redis in the workspace',
    ]);
    assert.deepEqual(titles(), ['Init 1 of 2 · runs to completion before wait-cache', 'Init 2 of 2 · starts after wait-db, runs to completion before app']);
  });

  test('the index keeps PodDisruptionBudgets: a changed budget or selector changes its key, a moved one does not', () => {
    const index = new WorkspaceIndex();
    index.setText('/repo/app.yaml', APP, 0);
    const before = index.facts().key;
    assert.equal(index.setText('/repo/pdb.yaml', PDB, 0), true);
    const withPdb = index.facts().key;
    assert.notEqual(withPdb, before);
    assert.deepEqual(index.facts().objects('PodDisruptionBudget', 'default')?.get('web-pdb')?.pdb, {
      minAvailable: '3',
      selector: { matchLabels: { app: 'web' }, matchExpressions: [] },
    });
    assert.equal(index.setText('/repo/pdb.yaml', `# moved\n${PDB}`, 0), false);
    assert.equal(index.setText('/repo/pdb.yaml', PDB.replace('minAvailable: 3', 'minAvailable: 2'), 0), true);
    assert.equal(index.setText('/repo/pdb.yaml', PDB.replace('{app: web}', '{app: web2}'), 0), true);
    index.removeFile('/repo/pdb.yaml');
    assert.equal(index.facts().key, before);
  });
});
