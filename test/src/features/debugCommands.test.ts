/**
 * features/debugCommands.ts, data-driven: a manifest, a container name, the target version, and
 * the exact commands (and statuses) expected. The hover over stdio is test/src/lsp/debugHover.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeVersion } from '../../../server/out/config/options';
import { debugCommands } from '../../../server/out/features/debugCommands';
import { parseFile } from '../../../server/out/model/file';
import { podViews } from '../../../server/out/model/document';

const V134: KubeVersion = { major: 1, minor: 34 };
const V135: KubeVersion = { major: 1, minor: 35 };

/** The commands for container `name` of the first manifest of `text` (each pod view searched). */
function commandsOf(text: string, name: string, target: KubeVersion = V134) {
  const manifest = parseFile(text).documents[0].doc.manifests[0];
  for (const view of podViews(manifest)) {
    const c = view.podSpec?.containers.find((x) => x.name === name);
    if (c) return debugCommands(view, c, target);
  }
  throw new Error(`no container ${name}`);
}

const lines = (text: string, name: string, target?: KubeVersion) => commandsOf(text, name, target)?.commands.map((c) => c.command);

describe('debug commands: how the pod is named', () => {
  it('a Pod without a name: a placeholder to replace, and every pod watched', () => {
    const text = `apiVersion: v1
kind: Pod
spec:
  containers:
    - name: app
      image: app:1.0
`;
    assert.deepEqual(lines(text, 'app'), [
      'kubectl logs <pod> -c app',
      'kubectl logs <pod> -c app --previous',
      'kubectl exec -it <pod> -c app -- sh',
      'kubectl get pods -w',
    ]);
    assert.equal(commandsOf(text, 'app')?.pickPod, true);
  });

  it('a CronJob: its template labels select the pods; kubectl exec cannot pick one of a CronJob', () => {
    const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: reports}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app.kubernetes.io/name: nightly}
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: app:1.0
`;
    assert.deepEqual(lines(text, 'report'), [
      'kubectl logs -l app.kubernetes.io/name=nightly -n reports -c report --prefix',
      'kubectl logs -l app.kubernetes.io/name=nightly -n reports -c report --prefix --previous',
      'kubectl exec -it <pod> -n reports -c report -- sh',
      'kubectl get pods -l app.kubernetes.io/name=nightly -n reports -w',
    ]);
    assert.deepEqual(commandsOf(text, 'report')?.statuses, ['ContainerCreating', 'Running', 'Completed']);
  });

  it('a custom resource (an Argo Rollout): its template labels; exec needs a pod picked by hand', () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: app:1.0
`;
    assert.deepEqual(lines(text, 'app'), [
      'kubectl logs -l app=web -c app --prefix',
      'kubectl logs -l app=web -c app --prefix --previous',
      'kubectl exec -it <pod> -c app -- sh',
      'kubectl get pods -l app=web -w',
    ]);
  });

  it('a StatefulSet: sts/<name> for exec; names a shell would split are quoted', () => {
    const text = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    metadata:
      labels: {app: "db's; rm -rf ~"}
    spec:
      containers:
        - name: db
          image: postgres:16
`;
    assert.deepEqual(lines(text, 'db'), [
      `kubectl logs -l 'app=db'\\''s; rm -rf ~' -c db --prefix`,
      `kubectl logs -l 'app=db'\\''s; rm -rf ~' -c db --prefix --previous`,
      'kubectl exec -it sts/db -c db -- sh',
      `kubectl get pods -l 'app=db'\\''s; rm -rf ~' -w`,
    ]);
  });

  it('a Deployment whose pod template has no labels: logs and exec name deploy/<name>, kubectl picks the pod', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: notebook}
spec:
  template:
    spec:
      containers:
        - name: jupyter
          image: jupyter/base-notebook:2024-05-27
`;
    assert.deepEqual(lines(text, 'jupyter'), [
      'kubectl logs deploy/notebook -c jupyter',
      'kubectl logs deploy/notebook -c jupyter --previous',
      'kubectl exec -it deploy/notebook -c jupyter -- sh',
      'kubectl get pods -w',
    ]);
  });

  it('a name with a newline (never valid) is not put in a command', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: "web\\nkubectl delete ns prod"}
spec:
  containers:
    - name: app
      image: app:1.0
`;
    assert.deepEqual(lines(text, 'app')?.[0], 'kubectl logs <pod> -c app');
  });
});

describe('debug commands: --previous where a failed container is restarted in place', () => {
  const pod = (podPolicy: string, own = '') => `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  restartPolicy: ${podPolicy}
  initContainers:
    - name: setup
      image: busybox:1.36.1${own}
  containers:
    - name: app
      image: app:1.0
`;
  it('pod restartPolicy Never: the failed init container is not restarted, its own log is the last run', () => {
    assert.deepEqual(lines(pod('Never'), 'setup'), ['kubectl logs web -c setup', 'kubectl exec -it web -c setup -- sh', 'kubectl get pod web -w']);
    assert.deepEqual(commandsOf(pod('Never'), 'setup')?.crashStatuses, ['Init:Error']);
  });

  it('from 1.35 the container restartPolicy OnFailure restarts it in place whatever the pod says', () => {
    const text = pod('Never', '\n      restartPolicy: OnFailure');
    assert.deepEqual(lines(text, 'setup', V135)?.[1], 'kubectl logs web -c setup --previous');
    assert.deepEqual(commandsOf(text, 'setup', V135)?.crashStatuses, ['Init:Error', 'Init:CrashLoopBackOff']);
    // At 1.34 the API server drops the container's restartPolicy OnFailure: the pod's Never applies.
    assert.equal(lines(text, 'setup', V134)?.length, 3);
  });

  it('pod restartPolicy OnFailure: --previous, and an ephemeral or unnamed container gets no commands', () => {
    assert.deepEqual(lines(pod('OnFailure'), 'setup')?.[1], 'kubectl logs web -c setup --previous');
    const text = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - image: app:1.0
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36.1
`;
    const manifest = parseFile(text).documents[0].doc.manifests[0];
    for (const c of manifest.podSpec?.containers ?? []) assert.equal(debugCommands(manifest, c, V134), undefined);
    assert.equal(manifest.podSpec?.containers.length, 2);
  });
});
