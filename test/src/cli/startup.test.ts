/** `initlens startup FILE`: the startup plan as a terminal timeline or JSON (the real process). */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_KUBERNETES_VERSION, formatKubeVersion } from '../../../server/out/config/options';
import { initlens, removeTree, tempTree } from './helpers';

/** Ground truth §2, the worked example. */
const WORKED_EXAMPLE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
        - name: wait-db
          image: busybox:1.36
          resources:
            requests: {cpu: 500m, memory: 256Mi}
        - name: proxy
          image: envoyproxy/envoy:v1.30.1
          restartPolicy: Always
          resources:
            requests: {cpu: 100m, memory: 128Mi}
        - name: migrate
          image: migrate/migrate:v4.17.0
          resources:
            requests: {cpu: "1", memory: 512Mi}
        - name: log-agent
          image: fluent/fluent-bit:3.0
          restartPolicy: Always
          resources:
            requests: {cpu: 50m, memory: 64Mi}
      containers:
        - name: app
          image: example/app:1.0
          resources:
            requests: {cpu: 300m, memory: 256Mi}
        - name: worker
          image: example/worker:1.0
          resources:
            requests: {cpu: 200m, memory: 128Mi}
`;

const WORKED_EXAMPLE_TEXT = `web.yaml:1: Deployment web (document 1, spec.template.spec)
  restartPolicy Always (the default) · 4 init containers (2 sidecars) · 2 app containers · READY 0/4 · Kubernetes ${formatKubeVersion(DEFAULT_KUBERNETES_VERSION)}

  Startup
     1 Init:0/4         run wait-db to completion
                        gate: exit 0
                        on failure: wait-db is restarted with exponential back-off (Init:Error, then Init:CrashLoopBackOff); nothing after it starts until it exits 0
                        requests: cpu 500m · memory 256Mi
     2 Init:1/4         start proxy (sidecar) and keep it running until the pod stops
                        gate: running
                        on failure: proxy is restarted with exponential back-off whatever the pod's restartPolicy (Init:CrashLoopBackOff); the next container keeps waiting
                        requests: cpu 100m · memory 128Mi
                        note: proxy has no startupProbe: migrate starts as soon as proxy is running, not when it is ready
     3 Init:2/4         run migrate to completion
                        gate: exit 0
                        on failure: migrate is restarted with exponential back-off (Init:Error, then Init:CrashLoopBackOff); nothing after it starts until it exits 0
                        requests: cpu 1100m · memory 640Mi
     4 Init:3/4         start log-agent (sidecar) and keep it running until the pod stops
                        gate: running
                        on failure: log-agent is restarted with exponential back-off whatever the pod's restartPolicy (Init:CrashLoopBackOff); the next container keeps waiting
                        requests: cpu 150m · memory 192Mi
                        note: log-agent has no startupProbe: app ‖ worker start as soon as log-agent is running, not when it is ready
     5 PodInitializing  start app ‖ worker together, in list order
                        gate: started (readiness is not awaited)
                        then: Running
                        on failure: a container that exits, whatever its code, is restarted with exponential back-off (CrashLoopBackOff); the others keep running
                        requests: cpu 650m · memory 576Mi
                        note: proxy and log-agent keep running beside them

  Termination, when the pod is deleted (a rollout, a scale-down, an eviction, kubectl delete); all containers share one grace period of 30 s (the default), then SIGKILL
     6 Terminating      stop app ‖ worker together: SIGTERM
                        gate: every app container has exited
                        requests: cpu 650m · memory 576Mi
     7 Terminating      stop log-agent (SIGTERM) after the app containers exited
                        gate: log-agent has exited
                        requests: cpu 150m · memory 192Mi
     8 Terminating      stop proxy (SIGTERM) after log-agent exited
                        gate: proxy has exited
                        requests: cpu 100m · memory 128Mi

  Effective resources (KEP-753)
    requests  cpu     1100m  set by the init peak: migrate; long-running 650m
              memory  640Mi  set by the init peak: migrate; long-running 576Mi
    limits    none set
`;

const JOB = `# the second document
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: OnFailure
      initContainers:
        - {name: fetch, image: curl, resources: {limits: {cpu: 200m}}}
      containers:
        - {name: main, image: job, resources: {limits: {cpu: 100m}}}
`;

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n';

describe('initlens startup', () => {
  let dir: string;
  before(() => {
    dir = tempTree({
      'web.yaml': WORKED_EXAMPLE,
      'multi.yaml': `# only a comment\n---\n${CONFIG_MAP}---\n${JOB}`,
      'config.yaml': CONFIG_MAP,
      'chart.yaml': 'image: {{ .Values.image }}\n',
    });
  });
  after(() => removeTree(dir));

  it('prints the timeline of the worked example, exactly', () => {
    const r = initlens(['startup', 'web.yaml'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, WORKED_EXAMPLE_TEXT);
    assert.equal(r.status, 0);
  });

  it('reads standard input with -', () => {
    const r = initlens(['startup', '-'], { cwd: dir, input: WORKED_EXAMPLE });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, WORKED_EXAMPLE_TEXT.replace('web.yaml:1:', '-:1:'));
  });

  it('--format json prints the plans with 1-based document and line numbers', () => {
    const r = initlens(['startup', '--format', 'json', 'multi.yaml'], { cwd: dir });
    assert.equal(r.status, 0);
    const out = JSON.parse(r.stdout) as { version: number; path: string; plans: { document: number; line: number; plan: Record<string, unknown> }[] };
    assert.equal(out.version, 1);
    assert.equal(out.path, 'multi.yaml');
    assert.deepEqual(
      out.plans.map((p) => [p.document, p.line, p.plan.kind, p.plan.name]),
      [[2, 9, 'Job', 'once']],
    );
    const plan = out.plans[0].plan as { job: unknown; resources: { requests: unknown[]; limits: unknown[] }; steps: { status: string; onFailure?: string }[] };
    assert.deepEqual(plan.job, { backoffLimit: 2, backoffLimitWritten: true, podFailurePolicy: false });
    assert.deepEqual(
      plan.steps.map((s) => s.status),
      ['Init:0/1', 'PodInitializing', 'Running'],
    );
    assert.equal(
      plan.steps[0].onFailure,
      "fetch is restarted in the same pod with exponential back-off (Init:Error, then Init:CrashLoopBackOff); each restart counts toward the Job's backoffLimit 2",
    );
    assert.deepEqual(plan.resources.limits, [
      {
        resource: 'cpu',
        effective: '200m',
        setBy: 'init',
        longRunning: '100m',
        initDominates: true,
        aggregate: '200m',
        initPeak: { value: '200m', container: 'fetch', index: 0 },
        unlimited: [],
      },
    ]);
  });

  it('--document N picks the N-th document (comment-only documents are not counted)', () => {
    const r = initlens(['startup', '--document=2', 'multi.yaml'], { cwd: dir });
    assert.equal(r.status, 0);
    assert.ok(r.stdout.startsWith('multi.yaml:9: Job once (document 2, spec.template.spec)\n'), r.stdout);
    assert.ok(r.stdout.includes('restartPolicy OnFailure · backoffLimit 2 · 1 init container · 1 app container · READY 0/1'), r.stdout);
  });

  it('no pod spec: exit 1 with a message; in JSON an empty list', () => {
    assert.deepEqual(initlens(['startup', 'config.yaml'], { cwd: dir }), { status: 1, stdout: '', stderr: 'initlens: no pod spec in config.yaml\n' });
    assert.deepEqual(initlens(['startup', '--document', '1', 'multi.yaml'], { cwd: dir }), {
      status: 1,
      stdout: '',
      stderr: 'initlens: no pod spec in document 1 of multi.yaml\n',
    });
    const json = initlens(['startup', '--format', 'json', 'config.yaml'], { cwd: dir });
    assert.equal(json.status, 1);
    assert.deepEqual(JSON.parse(json.stdout), { version: 1, path: 'config.yaml', plans: [] });
  });

  it('files it cannot read or analyse, and documents that are not there: exit 2', () => {
    assert.deepEqual(initlens(['startup', '--document', '3', 'multi.yaml'], { cwd: dir }), {
      status: 2,
      stdout: '',
      stderr: 'initlens: multi.yaml has 2 documents, so there is no document 3\n',
    });
    const missing = initlens(['startup', 'missing.yaml'], { cwd: dir });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^initlens: cannot read missing\.yaml: /);
    const chart = initlens(['startup', 'chart.yaml'], { cwd: dir });
    assert.equal(chart.status, 2);
    assert.match(chart.stderr, /^initlens: chart\.yaml: this file is a Helm\/Go template/);
  });

  it('--kubernetes-version: an init container with restartPolicy Never is one try from 1.35, retried at 1.34 (dropped)', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - {name: check, image: busybox, restartPolicy: Never}\n  containers:\n    - {name: app, image: app}\n';
    const at35 = initlens(['startup', '--kubernetes-version', '1.35', '-'], { cwd: dir, input: pod });
    assert.equal(at35.status, 0, at35.stderr);
    assert.ok(
      at35.stdout.includes(
        "on failure: container restartPolicy Never: one try; a non-zero exit: the pod fails (phase Failed, Init:Error), whatever the pod's restartPolicy\n",
      ),
      at35.stdout,
    );
    assert.ok(!at35.stdout.includes('check is restarted'), at35.stdout);
    const at34 = initlens(['startup', '--kubernetes-version=v1.34', '--format', 'json', '-'], { cwd: dir, input: pod });
    assert.equal(at34.status, 0, at34.stderr);
    const plan = (JSON.parse(at34.stdout) as { plans: { plan: { kubernetesVersion: string; steps: { onFailure?: string }[] } }[] }).plans[0].plan;
    assert.equal(plan.kubernetesVersion, '1.34');
    assert.equal(
      plan.steps[0].onFailure,
      'check is restarted with exponential back-off (Init:Error, then Init:CrashLoopBackOff); nothing after it starts until it exits 0',
    );
  });

  it('usage errors exit 2', () => {
    const cases: [string[], string][] = [
      [['startup'], 'no file given (a file, a directory, or - for standard input)'],
      [['startup', 'a.yaml', 'b.yaml'], 'one file or directory at a time (got 2)'],
      [['startup', '--format', 'sarif', 'a.yaml'], 'unknown format "sarif" (expected text, json)'],
      [['startup', '--document', '0', 'a.yaml'], 'invalid document number "0" (expected 1, 2, …)'],
      [['startup', '--document'], 'option --document needs a value'],
      [['startup', '--fix', 'a.yaml'], 'unknown option --fix'],
      [['startup', '--kubernetes-version', '2.1', 'a.yaml'], 'invalid Kubernetes version "2.1" (expected 1.MINOR, e.g. 1.35)'],
    ];
    for (const [args, message] of cases) {
      assert.deepEqual(
        initlens(args, { cwd: dir }),
        { status: 2, stdout: '', stderr: `initlens: ${message}\nRun \`initlens --help\` for usage.\n` },
        args.join(' '),
      );
    }
  });

  it('help: `startup --help`, `help startup`, and a line in --help', () => {
    const a = initlens(['startup', '--help']);
    assert.equal(a.status, 0);
    assert.ok(a.stdout.startsWith('Usage: initlens startup [options] FILE | DIR | -\n'));
    assert.ok(a.stdout.includes('--document N'));
    assert.deepEqual(initlens(['help', 'startup']), a);
    assert.ok(initlens(['--help']).stdout.includes('initlens startup [options] FILE | DIR | -'));
  });
});

/** A workspace: the app waits for postgres (in another file) and redis (nowhere), needs a key its Secret lacks; a PDB selects it. */
const WS_APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
        - name: wait-db
          image: busybox:1.36
          command: ['sh', '-c', 'until nc -z postgres 5432 && nc -z redis 6379; do sleep 2; done']
          env:
            - name: PASSWORD
              valueFrom:
                secretKeyRef: {name: db-creds, key: passwd}
      containers:
        - {name: app, image: example/app:1.0}
`;

const WS_DB = `apiVersion: v1
kind: Service
metadata: {name: postgres}
spec:
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Secret
metadata: {name: db-creds}
stringData: {password: x}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-pdb}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
`;

describe('initlens startup with a workspace', () => {
  let dir: string;
  before(() => {
    dir = tempTree({ 'ws/app.yaml': WS_APP, 'ws/db/db.yaml': WS_DB, 'ws/notes.yaml': 'just: data\n' });
  });
  after(() => removeTree(dir));

  it('a directory: each file its plans, the Service named with its file, the missing ones as gates, the PDB', () => {
    const r = initlens(['startup', 'ws'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'ws/app.yaml:1: Deployment web (document 1, spec.template.spec)');
    const at = (prefix: string) => lines.filter((l) => l.trimStart().startsWith(prefix)).map((l) => l.trim());
    assert.deepEqual(at('connects to:'), [
      'connects to: postgres:5432 (nc postgres 5432): Service postgres, db/db.yaml:1',
      'connects to: redis:6379 (nc redis 6379): no Service "redis" in namespace "default" in the workspace; if none exists in the cluster either, the name does not resolve: a wait loop keeps waiting (STATUS stays Init:0/1), a client fails to connect',
    ]);
    assert.deepEqual(at('gate: key'), [
      'gate: key "passwd" of Secret db-creds (env PASSWORD secretKeyRef; db/db.yaml:7 has no such key) → Init:CreateContainerConfigError: the kubelet does not start wait-db (CreateContainerConfigError) and retries until the key exists',
    ]);
    assert.deepEqual(at('PodDisruptionBudget'), ['PodDisruptionBudget web-pdb (db/db.yaml:12): maxUnavailable 1']);
  });

  it('JSON: each plan with its file, the workspace named; the plan is version 3 with waits, missing and disruption', () => {
    const r = initlens(['startup', '--format', 'json', 'ws'], { cwd: dir });
    assert.equal(r.status, 0);
    const json = JSON.parse(r.stdout);
    assert.equal(json.workspace, 'ws');
    assert.deepEqual(
      json.plans.map((p: { file: string; document: number }) => [p.file, p.document]),
      [['ws/app.yaml', 1]],
    );
    const plan = json.plans[0].plan;
    assert.equal(plan.version, 3);
    assert.deepEqual(
      plan.steps[0].waits.map((w: { service: string; state: string; file?: string }) => [w.service, w.state, w.file]),
      [
        ['postgres', 'defined', 'db/db.yaml'],
        ['redis', 'missing', undefined],
      ],
    );
    assert.equal(plan.steps[0].missing[0].status, 'Init:CreateContainerConfigError');
    assert.deepEqual(plan.disruption.budgets, [
      {
        name: 'web-pdb',
        file: 'db/db.yaml',
        line: 12,
        maxUnavailable: '1',
        blocksEvictions: false,
        text: 'PodDisruptionBudget web-pdb (db/db.yaml:12): maxUnavailable 1',
      },
    ]);
  });

  it('a file with --workspace DIR reads the same workspace; alone it has none', () => {
    const withWs = initlens(['startup', '--format', 'json', '--workspace', 'ws', 'ws/app.yaml'], { cwd: dir });
    assert.equal(withWs.status, 0);
    const plan = JSON.parse(withWs.stdout).plans[0].plan;
    assert.equal(plan.steps[0].waits[0].file, 'db/db.yaml');
    const alone = initlens(['startup', '--format', 'json', 'ws/app.yaml'], { cwd: dir });
    const bare = JSON.parse(alone.stdout);
    assert.equal(bare.workspace, undefined);
    assert.equal(bare.plans[0].plan.steps[0].waits, undefined);
    assert.equal(bare.plans[0].plan.disruption, undefined);
  });

  it('usage: --document or --workspace with a directory, --workspace that is not a directory', () => {
    for (const [args, message] of [
      [['startup', '--document', '1', 'ws'], '--document applies to a file, not to a directory'],
      [['startup', '--workspace', 'ws', 'ws'], '--workspace applies to a file: a directory given is its own workspace'],
      [['startup', '--workspace', 'ws/app.yaml', 'ws/app.yaml'], '--workspace ws/app.yaml: not a directory'],
    ] as const) {
      const r = initlens(args, { cwd: dir });
      assert.equal(r.stderr, `initlens: ${message}\n`);
      assert.equal(r.status, 2);
    }
  });
});
