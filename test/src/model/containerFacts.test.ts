/**
 * The container facts the model reads once: `resources` (requests and limits as written, with
 * their entries' spans, quantities parsed), pod-level `resources` and `overhead`, the container's
 * `restartPolicy`, probes and lifecycle handlers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSet, setsNoResources } from '../../../server/out/model/containerFacts';
import { parseFile } from '../../../server/out/model/file';

function pod(spec: string) {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;
  const p = parseFile(text).documents[0].doc.manifests[0].podSpec;
  assert.ok(p);
  return { text, pod: p };
}

test('requests and limits as written, with spans; values that are not quantities have none', () => {
  const { text, pod: p } = pod(
    '  containers:\n  - name: a\n    image: x\n    resources:\n      requests: {cpu: 500m, memory: 1Gi, gpu: lots}\n      limits: {cpu: 0.5}\n      claims: [{name: c}]\n',
  );
  const r = p.appContainers[0].resources;
  assert.equal(text.slice(r.entry!.keySpan.start, r.entry!.keySpan.end), 'resources');
  assert.deepEqual(
    r.requests.values.map((v) => [v.name, v.written, v.quantity?.format(), text.slice(v.entry.valueSpan.start, v.entry.valueSpan.end)]),
    [
      ['cpu', '500m', '500m', '500m'],
      ['memory', '1Gi', '1Gi', '1Gi'],
      ['gpu', 'lots', undefined, 'lots'],
    ],
  );
  assert.deepEqual([...r.requests.quantities.keys()], ['cpu', 'memory']);
  assert.equal(r.limits.byName.get('cpu')?.written, 0.5, 'a YAML number stays a number');
  assert.equal(r.limits.quantities.get('cpu')?.format(), '500m');
  assert.equal(setsNoResources(r), false);
});

test('no resources or empty lists set nothing; something odd is not judged', () => {
  const sets = (resources: string) => setsNoResources(pod(`  containers:\n  - name: a\n${resources}`).pod.appContainers[0].resources);
  assert.equal(sets(''), true);
  assert.equal(sets('    resources: {}\n'), true);
  assert.equal(sets('    resources: {requests: {}, limits: {}}\n'), true);
  assert.equal(sets('    resources: {limits: {cpu: 1}}\n'), false);
  assert.equal(sets('    resources: [1]\n'), false);
  assert.equal(sets('    resources: {claims: []}\n'), false);
});

test('pod level: spec.resources and spec.overhead', () => {
  const { pod: p } = pod('  overhead: {cpu: 250m}\n  resources: {limits: {memory: 1Gi}}\n  containers: [{name: a}]\n');
  assert.equal(p.overhead.quantities.get('cpu')?.format(), '250m');
  assert.equal(p.resources.limits.quantities.get('memory')?.format(), '1Gi');
  assert.equal(p.resources.requests.values.length, 0);
  assert.equal(p.appContainers[0].resources.entry, undefined);
});

test("the container's restartPolicy, probes and lifecycle handlers, each its entry as written", () => {
  const { text, pod: p } = pod(
    '  initContainers:\n  - name: s\n    restartPolicy: Always\n    startupProbe: {exec: {command: [true]}}\n    lifecycle:\n      postStart: {exec: {command: [true]}}\n      preStop:\n  containers:\n  - name: a\n    readinessProbe: ~\n',
  );
  const [s] = p.initContainers;
  const [a] = p.appContainers;
  const at = (e: { keySpan: { start: number; end: number } } | undefined) => e && text.slice(e.keySpan.start, e.keySpan.end);
  assert.equal(s.restartPolicy?.text, 'Always');
  assert.equal(at(s.restartPolicy?.entry), 'restartPolicy');
  assert.equal(s.role, 'sidecar');
  assert.deepEqual(Object.keys(s.handlers).sort(), ['lifecycle', 'postStart', 'preStop', 'startupProbe']);
  assert.equal(at(s.handlers.postStart), 'postStart');
  assert.equal(isSet(s.handlers.startupProbe), true);
  assert.equal(isSet(s.handlers.preStop), false, '`preStop:` with no value is written but not set');
  assert.equal(a.restartPolicy, undefined);
  assert.equal(at(a.handlers.readinessProbe), 'readinessProbe');
  assert.equal(isSet(a.handlers.readinessProbe), false, '`~` is null');
  assert.equal(a.handlers.postStart, undefined);
});

test('ports and envFrom: the entries that are mappings, ports with their numbers read', () => {
  const { pod: p } = pod(
    '  containers:\n  - name: a\n    ports: [{containerPort: 8080, hostPort: 80}, {containerPort: 53, protocol: UDP, hostIP: 10.0.0.1, hostPort: 0}, 9090]\n    envFrom: [{configMapRef: {name: c}}, x]\n',
  );
  const [a] = p.appContainers;
  assert.deepEqual(
    a.ports.map((x) => [x.item.index, x.item.path.join('.'), x.containerPort, x.hostPort, x.protocol, x.hostIP]),
    [
      [0, 'spec.containers.0.ports.0', 8080, 80, 'TCP', ''],
      [1, 'spec.containers.0.ports.1', 53, undefined, 'UDP', '10.0.0.1'],
    ],
  );
  assert.equal(a.ports[0].hostPortNode?.value, 80);
  assert.equal(a.hasEnvFrom, true);
  assert.deepEqual(
    a.envFrom.map((e) => [...e.fields.keys()]),
    [['configMapRef']],
  );
});
