/**
 * The startup plan (ground truth §3): steps, gates, failure handling per restartPolicy and kind,
 * `kubectl get pods` status strings, READY, termination order, resources per step. The plan at
 * a position is checked with a `⦚` cursor (test/src/features/markers.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { filePlans, planAt } from '../../../server/out/features/startup';
import { parseFile } from '../../../server/out/model/file';
import { LineIndex } from '../../../server/out/model/text';
import { startupPlan } from '../../../server/out/pod/plan';
import type { StartupPlan } from '../../../server/out/protocol/index';
import { parseMarkers } from '../features/markers';
import { WORKED_EXAMPLE } from './texts';
import type { KubeVersion } from '../../../server/out/config/options';

const V1_35: KubeVersion = { major: 1, minor: 35 };

function manifestText(spec: string, kind = 'Pod'): string {
  switch (kind) {
    case 'Pod':
      return `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;
    case 'Deployment':
      return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n${indent(spec, 4)}`;
    case 'Job':
      return `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n${indent(spec, 4)}`;
    default:
      throw new Error(kind);
  }
}

function indent(text: string, by: number): string {
  return text
    .split('\n')
    .map((l) => (l ? ' '.repeat(by) + l : l))
    .join('\n');
}

function plan(text: string, target: KubeVersion = V1_35): StartupPlan {
  const m = parseFile(text).documents[0].doc.manifests[0];
  const p = startupPlan(m, target);
  assert.ok(p, 'no plan');
  return p;
}

/** One line per step: `<step> <kind> <containers> [<status>→<after>] gate: <gate>` */
function timeline(p: StartupPlan): string[] {
  return p.steps.map(
    (s) => `${s.step} ${s.kind} ${s.containers.map((c) => c.name).join(',')} [${s.status}${s.statusAfter ? `→${s.statusAfter}` : ''}] gate: ${s.gate}`,
  );
}

describe('startup plan: the worked example (Deployment)', () => {
  const p = plan(manifestText(WORKED_EXAMPLE, 'Deployment'));

  test('steps, status strings and gates', () => {
    assert.deepEqual(timeline(p), [
      '1 init-run wait-db [Init:0/4] gate: exit 0',
      '2 sidecar-start proxy [Init:1/4] gate: running',
      '3 init-run migrate [Init:2/4] gate: exit 0',
      '4 sidecar-start log-agent [Init:3/4] gate: running',
      '5 app-start app,worker [PodInitializing→Running] gate: started (readiness is not awaited)',
      '6 terminate-apps app,worker [Terminating] gate: every app container has exited',
      '7 terminate-sidecar log-agent [Terminating] gate: log-agent has exited',
      '8 terminate-sidecar proxy [Terminating] gate: proxy has exited',
    ]);
  });

  test('resources during each step: InitUse(i) in init, the long-running sum while running', () => {
    assert.deepEqual(
      p.steps.map((s) => `${s.step} ${s.resources.requests.cpu} ${s.resources.requests.memory}`),
      ['1 500m 256Mi', '2 100m 128Mi', '3 1100m 640Mi', '4 150m 192Mi', '5 650m 576Mi', '6 650m 576Mi', '7 150m 192Mi', '8 100m 128Mi'],
    );
  });

  test('the same resources as numbers in base units, for the startup view to draw', () => {
    const Mi = 2 ** 20;
    assert.deepEqual(
      p.steps.map((s) => [s.amounts.requests.cpu, s.amounts.requests.memory]),
      [
        [0.5, 256 * Mi],
        [0.1, 128 * Mi],
        [1.1, 640 * Mi],
        [0.15, 192 * Mi],
        [0.65, 576 * Mi],
        [0.65, 576 * Mi],
        [0.15, 192 * Mi],
        [0.1, 128 * Mi],
      ],
    );
    for (const s of p.steps) assert.deepEqual(Object.keys(s.amounts.requests), Object.keys(s.resources.requests));
  });

  test('an unbounded limit is null among the numbers (JSON has no infinity)', () => {
    const q = plan(manifestText('  containers:\n  - {name: a, image: x, resources: {limits: {cpu: 500m}}}\n  - {name: b, image: x}\n'));
    const run = q.steps.find((s) => s.kind === 'app-start');
    assert.equal(run?.resources.limits.cpu, 'unbounded');
    assert.equal(run?.amounts.limits.cpu, null);
    assert.equal(run?.amounts.requests.cpu, 0.5);
  });

  test('effective requests, READY, termination, no limits', () => {
    assert.deepEqual(p.resources.requests, [
      {
        resource: 'cpu',
        effective: '1100m',
        setBy: 'init',
        longRunning: '650m',
        initDominates: true,
        aggregate: '1100m',
        initPeak: { value: '1100m', container: 'migrate', index: 2 },
      },
      {
        resource: 'memory',
        effective: '640Mi',
        setBy: 'init',
        longRunning: '576Mi',
        initDominates: true,
        aggregate: '640Mi',
        initPeak: { value: '640Mi', container: 'migrate', index: 2 },
      },
    ]);
    assert.deepEqual(p.resources.limits, []);
    assert.equal(p.readyTotal, 4);
    assert.deepEqual(p.containers, { init: 4, sidecars: 2, apps: 2 });
    assert.deepEqual(p.termination, {
      trigger: 'the pod is deleted (a rollout, a scale-down, an eviction, kubectl delete)',
      gracePeriodSeconds: 30,
      gracePeriodWritten: false,
      order: ['app', 'worker', 'log-agent', 'proxy'],
    });
    assert.equal(p.restartPolicy, 'Always');
    assert.equal(p.restartPolicyWritten, false);
    assert.equal(p.podSpecPath, 'spec.template.spec');
    assert.equal(p.template, true);
    assert.equal(p.job, undefined);
  });

  test('failure handling with restartPolicy Always', () => {
    assert.deepEqual(
      p.steps.slice(0, 5).map((s) => s.onFailure),
      [
        'wait-db is restarted with exponential back-off (Init:Error, then Init:CrashLoopBackOff); nothing after it starts until it exits 0',
        "proxy is restarted with exponential back-off whatever the pod's restartPolicy (Init:CrashLoopBackOff); the next container keeps waiting",
        'migrate is restarted with exponential back-off (Init:Error, then Init:CrashLoopBackOff); nothing after it starts until it exits 0',
        "log-agent is restarted with exponential back-off whatever the pod's restartPolicy (Init:CrashLoopBackOff); the next container keeps waiting",
        'a container that exits, whatever its code, is restarted with exponential back-off (CrashLoopBackOff); the others keep running',
      ],
    );
  });

  test('notes: sidecars without a startupProbe, sidecars beside the apps', () => {
    assert.deepEqual(
      p.steps.map((s) => s.notes),
      [
        [],
        ['proxy has no startupProbe: migrate starts as soon as proxy is running, not when it is ready'],
        [],
        ['log-agent has no startupProbe: app ‖ worker start as soon as log-agent is running, not when it is ready'],
        ['proxy and log-agent keep running beside them'],
        [],
        [],
        [],
      ],
    );
    assert.deepEqual(p.notes, []);
  });

  test('the plan is plain JSON', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(p)), p);
  });
});

describe('startup plan: gates, hooks, grace period', () => {
  test('a startupProbe gates the next step; a postStart without one delays it; postStart of an app delays the next app', () => {
    const p = plan(
      manifestText(
        [
          'terminationGracePeriodSeconds: 60',
          'initContainers:',
          '  - {name: mesh, image: envoy, restartPolicy: Always, startupProbe: {tcpSocket: {port: 15021}}, readinessProbe: {httpGet: {port: 15021, path: /ready}}}',
          '  - {name: vault, image: vault, restartPolicy: Always, lifecycle: {postStart: {exec: {command: [sh, -c, "sleep 2"]}}, preStop: {sleep: {seconds: 5}}}}',
          'containers:',
          '  - {name: app, image: app, lifecycle: {postStart: {exec: {command: [warm-up]}}}}',
          '  - {name: worker, image: worker}',
          '',
        ]
          .map((l) => `  ${l}`)
          .join('\n'),
      ),
    );
    assert.deepEqual(timeline(p), [
      '1 sidecar-start mesh [Init:0/2] gate: startupProbe succeeds',
      '2 sidecar-start vault [Init:1/2] gate: running, postStart returned',
      '3 app-start app,worker [PodInitializing→Running] gate: started; each postStart returns before the next container starts (readiness is not awaited)',
      '4 terminate-apps app,worker [Terminating] gate: every app container has exited',
      '5 terminate-sidecar vault [Terminating] gate: vault has exited',
      '6 terminate-sidecar mesh [Terminating] gate: mesh has exited',
    ]);
    assert.deepEqual(
      p.steps.map((s) => s.notes),
      [
        [],
        ['vault has no startupProbe: app ‖ worker start as soon as vault is running, not when it is ready', 'postStart of vault delays app ‖ worker'],
        ['postStart of app delays worker', 'mesh and vault keep running beside them'],
        ['the preStop hook of vault starts now too; SIGTERM waits for its turn'],
        [],
        [],
      ],
    );
    assert.equal(
      p.steps[0].onFailure,
      "mesh is restarted with exponential back-off whatever the pod's restartPolicy (Init:CrashLoopBackOff); a failing startupProbe kills and restarts it; the next container keeps waiting",
    );
    assert.equal(p.steps[4].action, 'stop vault (SIGTERM once its preStop hook has returned) after the app containers exited');
    assert.deepEqual(p.notes, ["mesh's readinessProbe counts toward pod Ready"]);
    assert.equal(p.termination.gracePeriodSeconds, 60);
    assert.equal(p.termination.gracePeriodWritten, true);
    assert.equal(p.readyTotal, 4);
  });

  test('no init containers: ContainerCreating, then Running', () => {
    const p = plan(manifestText('  containers: [{name: app, image: nginx}]\n'));
    assert.deepEqual(timeline(p), [
      '1 app-start app [ContainerCreating→Running] gate: started (readiness is not awaited)',
      '2 terminate-apps app [Terminating] gate: every app container has exited',
    ]);
    assert.equal(p.steps[0].action, 'start app');
    assert.equal(p.steps[1].action, 'stop app: SIGTERM');
  });
});

describe('startup plan: restartPolicy and Jobs', () => {
  const spec = (policy: string) =>
    [
      ...(policy ? [`restartPolicy: ${policy}`] : []),
      'initContainers:',
      '  - {name: fetch, image: curl}',
      '  - {name: proxy, image: envoy, restartPolicy: Always}',
      'containers:',
      '  - {name: main, image: job}',
      '',
    ].join('\n');

  test('a Pod with restartPolicy Never: one init failure fails the pod; it completes when main exits', () => {
    const p = plan(manifestText(indent(spec('Never'), 2)));
    assert.equal(p.steps[0].onFailure, 'the pod fails (phase Failed, Init:Error): restartPolicy Never retries nothing');
    assert.equal(
      p.steps[2].onFailure,
      'a container that exits is not restarted; once all app containers have exited, the pod is Failed (Error) if any exited non-zero',
    );
    assert.deepEqual(timeline(p).slice(3), [
      '4 terminate-apps main [Running→Completed] gate: every app container has exited',
      '5 terminate-sidecar proxy [Completed] gate: proxy has exited',
    ]);
    assert.equal(p.termination.trigger, 'the app containers exit (restartPolicy Never), or the pod is deleted');
    assert.equal(p.steps[1].action, 'start proxy (sidecar) and keep it running until the app containers exit');
  });

  test('a Pod with restartPolicy OnFailure retries in place', () => {
    const p = plan(manifestText(indent(spec('OnFailure'), 2)));
    assert.equal(
      p.steps[0].onFailure,
      'fetch is restarted with exponential back-off (Init:Error, then Init:CrashLoopBackOff); nothing after it starts until it exits 0',
    );
    assert.equal(p.steps[2].onFailure, 'a container that exits non-zero is restarted with exponential back-off (CrashLoopBackOff); one that exits 0 is done');
  });

  test('a Job with restartPolicy Never: a new pod per failure, counted against backoffLimit', () => {
    const text = manifestText(indent(spec('Never'), 2), 'Job').replace('spec:\n  template:', 'spec:\n  backoffLimit: 3\n  template:');
    const p = plan(text);
    assert.deepEqual(p.job, { backoffLimit: 3, backoffLimitWritten: true, podFailurePolicy: false });
    assert.equal(
      p.steps[0].onFailure,
      'the pod fails (Init:Error); the Job creates a new pod, which runs every init container again (counts toward backoffLimit 3)',
    );
    assert.equal(
      p.steps[2].onFailure,
      'a container that exits non-zero is not restarted: the pod fails (Error) and the Job creates a new pod, init containers included (counts toward backoffLimit 3)',
    );
    assert.deepEqual(timeline(p).slice(3), [
      '4 terminate-apps main [Running→Completed] gate: every app container has exited',
      '5 terminate-sidecar proxy [Completed] gate: proxy has exited',
    ]);
    assert.equal(p.termination.trigger, "the app containers exit (the Job's work is done), or the pod is deleted");
    assert.deepEqual(p.notes, ["the sidecars do not block the Job's completion: they are stopped once the app containers exit"]);
  });

  test('a Job with restartPolicy OnFailure and a podFailurePolicy: restarts in place count toward the default backoffLimit 6', () => {
    const text = manifestText(indent(spec('OnFailure'), 2), 'Job').replace('spec:\n  template:', 'spec:\n  podFailurePolicy: {rules: []}\n  template:');
    const p = plan(text);
    assert.deepEqual(p.job, { backoffLimit: 6, backoffLimitWritten: false, podFailurePolicy: true });
    assert.equal(
      p.steps[0].onFailure,
      "fetch is restarted in the same pod with exponential back-off (Init:Error, then Init:CrashLoopBackOff); each restart counts toward the Job's backoffLimit 6, the default; spec.podFailurePolicy may instead fail the Job at once or ignore the failure",
    );
  });

  test('a CronJob reads backoffLimit from its jobTemplate; Always (the default) is called out', () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata: {name: nightly}',
      'spec:',
      '  schedule: "@daily"',
      '  jobTemplate:',
      '    spec:',
      '      backoffLimit: 1',
      '      template:',
      '        spec:',
      indent(spec(''), 10),
    ].join('\n');
    const p = plan(text);
    assert.deepEqual(p.job, { backoffLimit: 1, backoffLimitWritten: true, podFailurePolicy: false });
    assert.equal(p.podSpecPath, 'spec.jobTemplate.spec.template.spec');
    assert.equal(p.notes[0], "a CronJob's pod must set restartPolicy OnFailure or Never: the API server rejects Always (the default)");
  });

  test('an invalid restartPolicy is assumed Always and said so; activeDeadlineSeconds and defaulted requests are noted', () => {
    const p = plan(
      manifestText('  restartPolicy: Sometimes\n  activeDeadlineSeconds: 600\n  containers: [{name: app, image: nginx, resources: {limits: {cpu: 500m}}}]\n'),
    );
    assert.equal(p.restartPolicy, 'Always');
    assert.deepEqual(p.notes, [
      'restartPolicy "Sometimes" is not a valid value: the plan assumes Always',
      "activeDeadlineSeconds (600 s) counts from the pod's start: the time spent in init is included",
      'app requests its limit for cpu (a limit without a request defaults the request to it)',
    ]);
  });
});

describe('startup plan: in a file', () => {
  const file = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: c}',
    '---',
    'apiVersion: v1',
    'kind: List',
    'items:',
    '  - apiVersion: v1',
    '    kind: Pod',
    '    metadata: {name: first}',
    '    spec:',
    '      containers: [{name: a, image: x}]',
    '  - apiVersion: v1',
    '    kind: Pod',
    '    metadata: {name: second}',
    '    spec:',
    '      initContainers:',
    '        - ⦚name: init',
    '          image: busybox',
    '      containers: [{name: b, image: x}]',
    '',
  ].join('\n');

  function at(marked: string): { text: string; position: { line: number; character: number } } {
    const { text, cursor } = parseMarkers(marked);
    return { text, position: new LineIndex(text).positionAt(cursor) };
  }

  test('the plan at a position is the plan of the pod there, its containers placed in the file', () => {
    const { text, position } = at(file);
    const p = planAt(parseFile(text), position, V1_35);
    assert.equal(p?.name, 'second');
    assert.deepEqual(p?.steps[0].containers, [
      { name: 'init', list: 'initContainers', index: 0, role: 'init', range: { start: { line: 17, character: 10 }, end: { line: 19, character: 0 } } },
    ]);
  });

  test('no plan outside a pod; every plan of the file in order', () => {
    const { text } = at(file);
    const model = parseFile(text);
    assert.equal(planAt(model, { line: 1, character: 2 }, V1_35), undefined);
    assert.deepEqual(
      filePlans(model, V1_35).map((f) => `${f.document}/${f.manifest} ${f.plan.name} @${f.position.line}`),
      ['1/0 first @7', '1/1 second @12'],
    );
  });

  test('a comment above the only pod of a document still finds it', () => {
    const text = '# the web pod\napiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: a, image: x}]\n';
    assert.equal(planAt(parseFile(text), { line: 0, character: 3 }, V1_35)?.name, 'web');
  });
});

describe('startup plan: the target version (ground truth §6)', () => {
  const V = (minor: number): KubeVersion => ({ major: 1, minor });
  const step = (p: StartupPlan, name: string) => {
    const s = p.steps.find((x) => x.phase !== 'termination' && x.containers.some((c) => c.name === name));
    assert.ok(s, name);
    return s;
  };

  test('an init container with restartPolicy Never: one try from 1.35; at 1.34 (dropped) the pod policy rules', () => {
    const text = manifestText(`  initContainers:
    - name: check
      image: busybox
      restartPolicy: Never
    - name: migrate
      image: app
      restartPolicy: Never
      restartPolicyRules:
        - action: Restart
          exitCodes: { operator: In, values: [42] }
    - name: warm
      image: app
      restartPolicy: OnFailure
  containers:
    - name: app
      image: app
`);
    const at35 = plan(text, V(35));
    assert.equal(at35.kubernetesVersion, '1.35');
    assert.equal(
      step(at35, 'check').onFailure,
      "container restartPolicy Never: one try; a non-zero exit: the pod fails (phase Failed, Init:Error), whatever the pod's restartPolicy",
    );
    assert.equal(
      step(at35, 'migrate').onFailure,
      "container restartPolicy Never with restart rules: on exit 42, migrate is retried in the same pod with exponential back-off (Init:CrashLoopBackOff); any other non-zero exit: the pod fails (phase Failed, Init:Error), whatever the pod's restartPolicy",
    );
    assert.equal(
      step(at35, 'warm').onFailure,
      "container restartPolicy OnFailure: warm is retried in the same pod with exponential back-off (Init:CrashLoopBackOff) until it exits 0, whatever the pod's restartPolicy",
    );
    const at34 = plan(text, V(34));
    assert.equal(
      step(at34, 'check').onFailure,
      'check is restarted with exponential back-off (Init:Error, then Init:CrashLoopBackOff); nothing after it starts until it exits 0',
    );
  });

  test('in a Job: what the Job counts depends on the template restartPolicy', () => {
    const spec = (policy: string) => `  restartPolicy: ${policy}
  initContainers:
    - name: fetch
      image: busybox
      restartPolicy: OnFailure
  containers:
    - name: work
      image: app
      restartPolicy: Never
`;
    const never = plan(manifestText(spec('Never'), 'Job'), V(35));
    assert.match(step(never, 'fetch').onFailure ?? '', /the Job does not count restarts in place \(template restartPolicy Never\), only failed pods$/);
    assert.ok(step(never, 'work').notes.includes('work has its own restartPolicy Never: not restarted; once it exits it stays terminated'));
    const onFailure = plan(manifestText(spec('OnFailure'), 'Job'), V(35));
    assert.match(step(onFailure, 'fetch').onFailure ?? '', /each restart counts toward the Job's backoffLimit 6, the default$/);
  });

  test('RestartAllContainers: the loop back to the first init container from 1.36; not at 1.35 (gate off)', () => {
    const text = manifestText(`  initContainers:
    - name: setup
      image: busybox
    - name: watcher
      image: watcher
      restartPolicy: Always
      restartPolicyRules:
        - action: RestartAllContainers
          exitCodes: { operator: In, values: [88] }
  containers:
    - name: app
      image: app
`);
    const loop =
      'exit 88 of watcher → every container is killed at once (no preStop, no grace period) and the pod restarts in place from setup: every init container runs again against the same volumes, so init-script-not-idempotent matters more';
    const at36 = plan(text, V(36));
    assert.ok(step(at36, 'watcher').notes.includes(loop), step(at36, 'watcher').notes.join('\n'));
    assert.ok(at36.notes.some((n) => n.startsWith('a RestartAllContainers rule restarts the whole pod in place')));
    assert.ok(!step(plan(text, V(35)), 'watcher').notes.includes(loop));
  });

  test('env files name the init container that writes them (EnvFiles on from 1.35)', () => {
    const text = manifestText(`  volumes:
    - name: config
      emptyDir: {}
  initContainers:
    - name: setup-envfile
      image: busybox
      command: ['sh', '-c', "echo \\"DB_HOST='db'\\" > /config/config.env"]
      volumeMounts:
        - { name: config, mountPath: /config }
  containers:
    - name: app
      image: app
      env:
        - name: DB_HOST
          valueFrom:
            fileKeyRef: { volumeName: config, path: config.env, key: DB_HOST }
`);
    assert.ok(step(plan(text, V(35)), 'app').notes.includes('env `DB_HOST` ← file `config.env` written by setup-envfile'));
    assert.ok(!step(plan(text, V(34)), 'app').notes.some((n) => n.startsWith('env `DB_HOST`')));
    assert.equal(step(plan(text, V(35)), 'app').missing, undefined);
  });

  test('an env file no container before it can write is a gate of its step; optional or not an emptyDir: none', () => {
    const text = manifestText(`  volumes:
    - name: config
      emptyDir: {}
  initContainers:
    - name: migrate
      image: migrate
      env:
        - name: DB_HOST
          valueFrom:
            fileKeyRef: { volumeName: config, path: config.env, key: DB_HOST }
  containers:
    - name: app
      image: app
`);
    assert.deepEqual(step(plan(text, V(35)), 'migrate').missing, [
      {
        kind: 'EnvFile',
        name: 'config.env',
        how: 'env DB_HOST fileKeyRef, volume config',
        container: 'migrate',
        status: 'Init:CreateContainerConfigError',
        effect:
          'the emptyDir starts empty and no container that runs before it mounts it, so the file does not exist when migrate starts: the kubelet does not start it (the waiting reason is probably CreateContainerConfigError, unconfirmed)',
        text: 'env file config.env (env DB_HOST fileKeyRef, volume config) → Init:CreateContainerConfigError: the emptyDir starts empty and no container that runs before it mounts it, so the file does not exist when migrate starts: the kubelet does not start it (the waiting reason is probably CreateContainerConfigError, unconfirmed)',
      },
    ]);
    // EnvFiles off at 1.34: the field is dropped, nothing to wait for.
    assert.equal(step(plan(text, V(34)), 'migrate').missing, undefined);
    assert.equal(step(plan(text.replace('key: DB_HOST }', 'key: DB_HOST, optional: true }'), V(35)), 'migrate').missing, undefined);
    assert.equal(step(plan(text.replace('emptyDir: {}', 'configMap: { name: c }'), V(35)), 'migrate').missing, undefined);
  });

  test("pod-level resources replace the aggregate from 1.34, the containers' value beside them; dropped at 1.33", () => {
    const text = manifestText(`  resources:
    requests: { cpu: "2" }
  containers:
    - name: app
      image: app
      resources:
        requests: { cpu: 500m }
`);
    const at34 = plan(text, V(34)).resources.requests.find((r) => r.resource === 'cpu');
    assert.deepEqual([at34?.effective, at34?.setBy, at34?.aggregate, at34?.podLevel], ['2', 'pod-level', '500m', '2']);
    const p33 = plan(text, V(33));
    const at33 = p33.resources.requests.find((r) => r.resource === 'cpu');
    assert.deepEqual([at33?.effective, at33?.setBy, at33?.podLevel], ['500m', 'long-running', undefined]);
    assert.ok(p33.notes.includes("pod-level resources are dropped at 1.33 (PodLevelResources is on by default from 1.34): the containers' values apply"));
  });

  test('a stopSignal is dropped at every target up to 1.37: SIGTERM, and a note says so', () => {
    const text = manifestText(`  os: { name: linux }
  containers:
    - name: app
      image: app
      lifecycle:
        stopSignal: SIGQUIT
`);
    const p = plan(text, V(37));
    assert.equal(p.steps.find((s) => s.kind === 'terminate-apps')?.action, 'stop app: SIGTERM');
    assert.ok(
      p.notes.includes(
        "stopSignal SIGQUIT of app is dropped at 1.37 (ContainerStopSignals is not on by default in any release up to 1.37): it is stopped with its image's STOPSIGNAL, SIGTERM by default",
      ),
    );
  });

  test('at 1.37 the pod waits for its podCertificate before the first init container; not at 1.36 (dropped)', () => {
    const text = manifestText(`  volumes:
    - name: certs
      projected:
        sources:
          - podCertificate: { signerName: example.com/signer, keyType: ED25519, credentialBundlePath: creds.pem }
  initContainers:
    - name: setup
      image: busybox
  containers:
    - name: app
      image: app
`);
    const wait =
      'before the first init container, the pod waits for certificates from signer `example.com/signer` (projected podCertificate): until they are issued it stays Pending';
    assert.equal(plan(text, V(37)).steps[0].notes[0], wait);
    assert.ok(!plan(text, V(36)).steps[0].notes.includes(wait));
  });
});
