/**
 * The Debug section of the hover on a container's name, through the real server over stdio: the
 * exact `kubectl` commands for a Pod, a Deployment and a Job, for init containers and app
 * containers; "Copy" / "Open in terminal" links only for a client that runs those commands.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver/node';
import { COPY_TO_CLIPBOARD_COMMAND, OPEN_IN_TERMINAL_COMMAND } from '../../../server/out/protocol/index';
import { TestClient } from './client';
import { positionIn, rangeIn, uri } from './texts';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  initContainers:
    - name: proxy
      image: envoyproxy/envoy:v1.31.2
      restartPolicy: Always
      startupProbe:
        tcpSocket: {port: 15001}
    - name: migrate
      image: registry.example/app:1.0
      command: [./migrate, up]
  containers:
    - name: app
      image: registry.example/app:1.0
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: frontend}
    spec:
      containers:
        - name: app
          image: registry.example/app:1.0
        - name: log-shipper
          image: fluent/fluent-bit:3.1.9
`;

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: backup
  namespace: ops
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: fetch-config
          image: busybox:1.36.1
      containers:
        - name: backup
          image: registry.example/backup:2.1
`;

/** The Debug section of a hover (after the container's own part). */
function debugOf(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  const value = (hover.contents as { value: string }).value;
  const at = value.indexOf('\n\n---\n\n**Debug**');
  assert.ok(at > 0, `no Debug section in:\n${value}`);
  return value.slice(at + '\n\n---\n\n'.length);
}

describe('hover on a container name: kubectl commands to debug it, over LSP', () => {
  let plain: TestClient;
  let vscode: TestClient;
  const pod = uri('debugPod.yaml');
  const deployment = uri('debugDeployment.yaml');
  const job = uri('debugJob.yaml');

  before(async () => {
    plain = await TestClient.started();
    vscode = await TestClient.started({ initializationOptions: { debounceMs: 0, clientCommands: [COPY_TO_CLIPBOARD_COMMAND, OPEN_IN_TERMINAL_COMMAND] } });
    for (const client of [plain, vscode]) {
      await client.open(pod, POD);
      await client.open(deployment, DEPLOYMENT);
      await client.open(job, JOB);
    }
  });
  after(() => {
    plain?.kill();
    vscode?.kill();
  });

  const hover = (client: TestClient, doc: string, text: string, snippet: string) =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc }, position: positionIn(text, snippet) });

  it('an init container of a Pod: logs, logs --previous after a crash, exec while it runs, the statuses', async () => {
    const h = await hover(plain, pod, POD, '- name: mig⦚rate');
    assert.deepEqual(h?.range, rangeIn(POD, '- name: «migrate»'));
    assert.equal(
      debugOf(h),
      [
        '**Debug** (nothing runs until you do)',
        '',
        '```sh',
        'kubectl logs web -n shop -c migrate',
        'kubectl logs web -n shop -c migrate --previous',
        'kubectl exec -it web -n shop -c migrate -- sh',
        'kubectl get pod web -n shop -w',
        '```',
        '',
        '1. what `migrate` printed, its current or last run',
        '2. the run before its last restart: what you need after it crashed',
        '3. a shell in `migrate`, only while it runs',
        '4. the STATUS: `Init:0/2` → `Init:1/2` → `PodInitializing` → `Running`; `migrate` runs at `Init:1/2`; a failure of `migrate` shows `Init:Error`, then `Init:CrashLoopBackOff`',
      ].join('\n'),
    );
  });

  it('a sidecar of a Pod, hovered on its name key: it starts at its own step and is always restarted', async () => {
    const section = debugOf(await hover(plain, pod, POD, '- na⦚me: proxy'));
    assert.equal(
      section.split('\n').slice(3, 7).join('\n'),
      [
        'kubectl logs web -n shop -c proxy',
        'kubectl logs web -n shop -c proxy --previous',
        'kubectl exec -it web -n shop -c proxy -- sh',
        'kubectl get pod web -n shop -w',
      ].join('\n'),
    );
    assert.ok(section.endsWith('`proxy` starts at `Init:0/2`; a failure of `proxy` shows `Init:CrashLoopBackOff`'), section);
  });

  it('an app container of a Deployment: the pod template labels select its pods, kubectl exec picks one', async () => {
    assert.equal(
      debugOf(await hover(plain, deployment, DEPLOYMENT, '- name: log-ship⦚per')),
      [
        '**Debug** (nothing runs until you do)',
        '',
        '```sh',
        'kubectl logs -l app=web,tier=frontend -c log-shipper --prefix',
        'kubectl logs -l app=web,tier=frontend -c log-shipper --prefix --previous',
        'kubectl exec -it deploy/web -c log-shipper -- sh',
        'kubectl get pods -l app=web,tier=frontend -w',
        '```',
        '',
        '1. what `log-shipper` printed in each pod that matches, its current or last run (the last 10 lines of each: add `--tail=-1` for all)',
        '2. the run before its last restart: what you need after it crashed',
        '3. a shell in `log-shipper` of one pod kubectl picks from the Deployment',
        '4. the STATUS: `ContainerCreating` → `Running`; a failure of `log-shipper` shows `Error`, then `CrashLoopBackOff`',
      ].join('\n'),
    );
  });

  it('an init container of a Job with restartPolicy Never: the job-name label, no --previous (a failed pod is not restarted)', async () => {
    assert.equal(
      debugOf(await hover(plain, job, JOB, '- name: fetch-con⦚fig')),
      [
        '**Debug** (nothing runs until you do)',
        '',
        '```sh',
        'kubectl logs -l batch.kubernetes.io/job-name=backup -n ops -c fetch-config --prefix',
        'kubectl exec -it job/backup -n ops -c fetch-config -- sh',
        'kubectl get pods -l batch.kubernetes.io/job-name=backup -n ops -w',
        '```',
        '',
        '1. what `fetch-config` printed in each pod that matches, its current or last run (the last 10 lines of each: add `--tail=-1` for all)',
        '2. a shell in `fetch-config` of one pod kubectl picks from the Job, only while it runs',
        '3. the STATUS: `Init:0/1` → `PodInitializing` → `Running` → `Completed`; `fetch-config` runs at `Init:0/1`; a failure of `fetch-config` shows `Init:Error`',
      ].join('\n'),
    );
  });

  it('no Debug section elsewhere on the container (its image)', async () => {
    const h = await hover(plain, job, JOB, 'image: busy⦚box:1.36.1');
    assert.ok(h && !(h.contents as { value: string }).value.includes('**Debug**'));
  });

  it('a client that runs the copy and terminal commands gets both links on each line, carrying the exact command', async () => {
    const section = debugOf(await hover(vscode, deployment, DEPLOYMENT, '- name: log-ship⦚per'));
    const lines = section.split('\n').filter((l) => /^\d\. /.test(l));
    const commands = section.split('```sh\n')[1].split('\n```')[0].split('\n');
    assert.equal(lines.length, 4);
    lines.forEach((line, i) => {
      const links = [...line.matchAll(/ · \[([^\]]+)\]\(command:([a-zA-Z.]+)\?([^)]*)\)/g)].map((m) => [m[1], m[2], JSON.parse(decodeURIComponent(m[3]))]);
      assert.deepEqual(links, [
        ['Copy', COPY_TO_CLIPBOARD_COMMAND, [commands[i]]],
        ['Open in terminal', OPEN_IN_TERMINAL_COMMAND, [commands[i]]],
      ]);
    });
    assert.ok(
      lines[2].startsWith('3. a shell in `log-shipper` of one pod kubectl picks from the Deployment · [Copy](command:initlens.copyToClipboard?'),
      lines[2],
    );
  });

  it('links only to the commands the client names: a string, or entries that are not strings, name none', async () => {
    for (const [clientCommands, titles] of [
      [COPY_TO_CLIPBOARD_COMMAND, []],
      [[42, null, { command: OPEN_IN_TERMINAL_COMMAND }, COPY_TO_CLIPBOARD_COMMAND], ['Copy']],
    ] as const) {
      const client = await TestClient.started({ initializationOptions: { debounceMs: 0, clientCommands } });
      try {
        await client.open(deployment, DEPLOYMENT);
        const section = debugOf(await hover(client, deployment, DEPLOYMENT, '- name: log-ship⦚per'));
        const first = section.split('\n').find((l) => l.startsWith('1. ')) ?? '';
        assert.deepEqual(
          [...first.matchAll(/\[([^\]]+)\]\(command:/g)].map((m) => m[1]),
          titles,
          `${JSON.stringify(clientCommands)}: ${first}`,
        );
      } finally {
        client.kill();
      }
    }
  });
});
