/**
 * Effective pod requests and limits (ground truth §2), data-driven: each case is a pod spec and
 * the summary of every effective resource, one line each:
 *
 *     <requests|limits>.<resource> <effective> by <setBy> | LR <long-running> | init <InitUse(0)> <InitUse(1)>… peak <name>
 *       [| pod-level <q>] [| overhead <q>] [| no limit: <names>]
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseFile } from '../../../server/out/model/file';
import type { PodSpec } from '../../../server/out/model/podSpec';
import { effectiveResource, formatAmount, label, podResources, runningUse, type EffectiveResource } from '../../../server/out/pod/resources';
import { c, SIDECAR, WORKED_EXAMPLE } from './texts';

/** A pod spec from YAML: `spec` is the indented body of the pod spec (or a whole manifest with `kind`). */
export function podSpec(yaml: string): PodSpec {
  const text = /^kind:|\nkind:/.test(yaml) ? yaml : `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${yaml}`;
  const model = parseFile(text);
  const spec = model.documents[0]?.doc.manifests[0]?.podSpec;
  assert.ok(spec, `no pod spec in:\n${text}\n${JSON.stringify(model.documents[0]?.doc.syntaxIssues)}`);
  return spec;
}

function line(r: EffectiveResource): string {
  const parts = [`${r.kind}.${r.resource} ${formatAmount(r.effective)} by ${r.setBy}`, `LR ${formatAmount(r.longRunning)}`];
  if (r.initUse.length) parts.push(`init ${r.initUse.map(formatAmount).join(' ')} peak ${r.initPeak ? label(r.initPeak.container) : '-'}`);
  if (r.podLevel) parts.push(`pod-level ${r.podLevel.format()}`);
  if (r.overhead) parts.push(`overhead ${r.overhead.format()}`);
  if (r.unlimited.length) parts.push(`no limit: ${r.unlimited.map(label).join(', ')}`);
  return parts.join(' | ');
}

function check(spec: string, expected: string[]): void {
  const pr = podResources(podSpec(spec));
  assert.deepEqual([...pr.requests, ...pr.limits].map(line), expected);
}

describe('effective requests (§2)', () => {
  test('the worked example: cpu 1100m and memory 640Mi, both at the init peak migrate; long-running 650m and 576Mi', () => {
    check(WORKED_EXAMPLE, [
      'requests.cpu 1100m by init | LR 650m | init 500m 100m 1100m 150m peak migrate',
      'requests.memory 640Mi by init | LR 576Mi | init 256Mi 128Mi 640Mi 192Mi peak migrate',
    ]);
    const cpu = effectiveResource(podSpec(WORKED_EXAMPLE), 'requests', 'cpu');
    assert.ok(cpu?.initDominates);
    assert.equal(cpu.initPeak?.index, 2);
    assert.equal(formatAmount(cpu.aggregate), '1100m');
  });

  test('the second example: the sidecar first gives 600m; setup moved before it gives 400m', () => {
    const proxy = `    - ${c('proxy', '{requests: {cpu: 200m}}', SIDECAR)}`;
    const setup = `    - ${c('setup', '{requests: {cpu: 400m}}')}`;
    const app = `  containers:\n    - ${c('app', '{requests: {cpu: 100m}}')}\n`;
    check(`  initContainers:\n${proxy}\n${setup}\n${app}`, ['requests.cpu 600m by init | LR 300m | init 200m 600m peak setup']);
    check(`  initContainers:\n${setup}\n${proxy}\n${app}`, ['requests.cpu 400m by init | LR 300m | init 400m 200m peak setup']);
  });

  test('the old formula would under-count: without sidecars the same containers give max(init, apps)', () => {
    const spec = WORKED_EXAMPLE.replaceAll(SIDECAR, '');
    check(spec, [
      'requests.cpu 1 by init | LR 500m | init 500m 100m 1 50m peak migrate',
      'requests.memory 512Mi by init | LR 384Mi | init 256Mi 128Mi 512Mi 64Mi peak migrate',
    ]);
  });

  test('a tie between the init peak and the long-running sum is set by the long-running sum', () => {
    check(`  initContainers:\n    - ${c('init', '{requests: {cpu: 300m}}')}\n  containers:\n    - ${c('app', '{requests: {cpu: 300m}}')}\n`, [
      'requests.cpu 300m by long-running | LR 300m | init 300m peak init',
    ]);
    assert.equal(
      effectiveResource(
        podSpec(`  initContainers:\n    - ${c('init', '{requests: {cpu: 300m}}')}\n  containers:\n    - ${c('app', '{requests: {cpu: 300m}}')}\n`),
        'requests',
        'cpu',
      )?.initDominates,
      false,
    );
  });

  test('of equal init peaks, the first is named', () => {
    check(
      `  initContainers:\n    - ${c('a', '{requests: {cpu: 1}}')}\n    - ${c('b', '{requests: {cpu: 1000m}}')}\n  containers:\n    - ${c('app', '{requests: {cpu: 100m}}')}\n`,
      ['requests.cpu 1 by init | LR 100m | init 1 1 peak a'],
    );
  });

  test('each resource is computed on its own; a resource one container lacks counts as 0 there', () => {
    check(
      `  initContainers:\n    - ${c('gpu-check', '{requests: {nvidia.com/gpu: "1"}}')}\n  containers:\n    - ${c('app', '{requests: {cpu: 250m, ephemeral-storage: 1Gi}}')}\n`,
      [
        'requests.cpu 250m by long-running | LR 250m | init 0 peak gpu-check',
        'requests.ephemeral-storage 1Gi by long-running | LR 1Gi | init 0 peak gpu-check',
        'requests.nvidia.com/gpu 1 by init | LR 0 | init 1 peak gpu-check',
      ],
    );
  });

  test('a limit without a request is the request (Pod defaulting, applied to templates too)', () => {
    const containers = `      initContainers:\n        - ${c('init', '{limits: {cpu: 800m}}')}\n      containers:\n        - ${c('app', '{requests: {cpu: 100m}, limits: {cpu: 200m, memory: 64Mi}}')}\n`;
    const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n${containers}`;
    const expected = [
      'requests.cpu 800m by init | LR 100m | init 800m peak init',
      'requests.memory 64Mi by long-running | LR 64Mi | init 0 peak init',
      'limits.cpu 800m by init | LR 200m | init 800m peak init',
      'limits.memory unbounded by init | LR 64Mi | init unbounded peak init | no limit: init',
    ];
    check(deployment, expected);
    check(containers.replace(/^ {4}/gm, ''), expected);
    const pr = podResources(podSpec(deployment));
    assert.deepEqual(
      pr.containers.map((x) => `${label(x.container)}: ${x.defaultedRequests.join(',')}`),
      ['init: cpu', 'app: memory'],
    );
  });

  test('quantities that do not parse are left out; ephemeral containers have no resources', () => {
    check(
      `  containers:\n    - ${c('app', '{requests: {cpu: 1.5.5, memory: 10 Mi, ephemeral-storage: 2Gi}}')}\n  ephemeralContainers:\n    - ${c('debug', '{requests: {cpu: "9"}}')}\n`,
      ['requests.ephemeral-storage 2Gi by long-running | LR 2Gi'],
    );
  });

  test('YAML numbers are quantities: cpu: 0.5 is 500m', () => {
    check(`  containers:\n    - ${c('a', '{requests: {cpu: 0.5}}')}\n    - ${c('b', '{requests: {cpu: 1}}')}\n`, [
      'requests.cpu 1500m by long-running | LR 1500m',
    ]);
  });
});

describe('effective limits (§2)', () => {
  test('one container without a cpu limit makes the cpu limit unbounded, and says which', () => {
    check(
      `  initContainers:\n    - ${c('proxy', '{limits: {cpu: 200m, memory: 128Mi}}', SIDECAR)}\n  containers:\n    - ${c('app', '{limits: {cpu: "1", memory: 1Gi}}')}\n    - ${c('worker', '{requests: {cpu: 100m}, limits: {memory: 256Mi}}')}\n`,
      [
        'requests.cpu 1300m by long-running | LR 1300m | init 200m peak proxy',
        'requests.memory 1408Mi by long-running | LR 1408Mi | init 128Mi peak proxy',
        'limits.cpu unbounded by long-running | LR unbounded | init 200m peak proxy | no limit: worker',
        'limits.memory 1408Mi by long-running | LR 1408Mi | init 128Mi peak proxy',
      ],
    );
  });

  test("a regular init container without a limit makes only its InitUse unbounded (and the pod's limit)", () => {
    check(`  initContainers:\n    - ${c('init', '{requests: {cpu: 100m}}')}\n  containers:\n    - ${c('app', '{limits: {cpu: 500m}}')}\n`, [
      'requests.cpu 500m by long-running | LR 500m | init 100m peak init',
      'limits.cpu unbounded by init | LR 500m | init unbounded peak init | no limit: init',
    ]);
  });

  test('every container limited: the same walk over limits', () => {
    const spec = WORKED_EXAMPLE.replaceAll('requests:', 'limits:');
    check(spec, [
      'requests.cpu 1100m by init | LR 650m | init 500m 100m 1100m 150m peak migrate',
      'requests.memory 640Mi by init | LR 576Mi | init 256Mi 128Mi 640Mi 192Mi peak migrate',
      'limits.cpu 1100m by init | LR 650m | init 500m 100m 1100m 150m peak migrate',
      'limits.memory 640Mi by init | LR 576Mi | init 256Mi 128Mi 640Mi 192Mi peak migrate',
    ]);
  });
});

describe('overhead and pod-level resources (§2)', () => {
  test('overhead is added to every request, and to limits only where a non-zero limit exists', () => {
    check(
      `  overhead: {cpu: 250m, memory: 120Mi, ephemeral-storage: 1Gi}\n  containers:\n    - ${c('app', '{requests: {cpu: 100m}, limits: {cpu: 200m, memory: "0"}}')}\n`,
      [
        'requests.cpu 350m by long-running | LR 100m | overhead 250m',
        'requests.memory 120Mi by long-running | LR 0 | overhead 120Mi',
        'requests.ephemeral-storage 1Gi by overhead | LR 0 | overhead 1Gi',
        'limits.cpu 450m by long-running | LR 200m | overhead 250m',
        'limits.memory 0 by long-running | LR 0',
      ],
    );
  });

  test('pod-level spec.resources replaces the aggregate for cpu and memory only; overhead comes on top', () => {
    check(
      `  overhead: {cpu: 100m}\n  resources:\n    requests: {cpu: "2", ephemeral-storage: 5Gi}\n    limits: {memory: 2Gi}\n  initContainers:\n    - ${c('init', '{requests: {cpu: "3", memory: 512Mi}}')}\n  containers:\n    - ${c('app', '{requests: {cpu: 500m, memory: 1Gi}}')}\n`,
      [
        'requests.cpu 2100m by pod-level | LR 500m | init 3 peak init | pod-level 2 | overhead 100m',
        'requests.memory 1Gi by long-running | LR 1Gi | init 512Mi peak init',
        'limits.memory 2Gi by pod-level | LR unbounded | init unbounded peak init | pod-level 2Gi | no limit: init, app',
      ],
    );
  });

  test("a pod-level limit without a request: the request is the containers' aggregate, or the limit when no container asks", () => {
    check(`  resources:\n    limits: {cpu: "4", memory: 1Gi}\n  containers:\n    - ${c('app', '{requests: {cpu: 500m}}')}\n`, [
      'requests.cpu 500m by long-running | LR 500m',
      'requests.memory 1Gi by pod-level | LR 0 | pod-level 1Gi',
      'limits.cpu 4 by pod-level | LR unbounded | pod-level 4 | no limit: app',
      'limits.memory 1Gi by pod-level | LR unbounded | pod-level 1Gi | no limit: app',
    ]);
  });
});

describe('what runs at one moment', () => {
  test('during migrate: wait-db is done, proxy runs beside it', () => {
    const spec = podSpec(WORKED_EXAMPLE);
    const pr = podResources(spec);
    const [, proxy, migrate] = spec.initContainers;
    const use = runningUse(pr, [proxy, migrate]);
    assert.deepEqual(Object.fromEntries([...use.requests].map(([k, v]) => [k, formatAmount(v)])), { cpu: '1100m', memory: '640Mi' });
    assert.deepEqual([...use.limits], []);
  });
});
