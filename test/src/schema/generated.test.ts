/**
 * The generated schema (scripts/gen-k8s-schema.cjs -> dist/schema). Build it first:
 *   node scripts/gen-k8s-schema.cjs dist/schema
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getKindSchema, hasSchema, loadSchemaFile, loadSchemaIndex, schemaAt, schemaDir } from '../../../server/out/schema/loadSchema';

// Measured on kubernetes-models 5.1.0: 236 files (235 kinds + index), 13,120,408 bytes in total
// (12,813 KiB; 2.3 MB gzipped), v1_Pod.json 226,003 bytes. Budgets about 20% above.
// Measured 1,656,000 bytes (236 kinds + definitions.json, written once) and 226,003 for Pod.
const TOTAL_BUDGET_BYTES = 2_000_000;
const POD_BUDGET_BYTES = 271_000;

const POD_BEARING = [
  ['v1', 'Pod'],
  ['v1', 'PodTemplate'],
  ['v1', 'ReplicationController'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'ReplicaSet'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
] as const;

type Json = Record<string, any>;

/** A kind's schema as the loader gives it: the root with the definitions it reaches. */
function readSchema(file: string): Json {
  return loadSchemaFile(file);
}

test('index.json lists every kind of kubernetes-models 5.1.0, one file each', () => {
  const index = loadSchemaIndex();
  assert.ok(index, 'dist/schema/index.json missing: run node scripts/gen-k8s-schema.cjs dist/schema');
  assert.equal(index.generatedFrom, 'kubernetes-models@5.1.0');
  assert.equal(index.kinds.size, 235);
  assert.equal(index.kinds.get('apps/v1/Deployment'), 'apps_v1_Deployment.json');
  assert.equal(index.kinds.get('v1/Pod'), 'v1_Pod.json');
  assert.equal(index.kinds.get('networking.k8s.io/v1/Ingress'), 'networking.k8s.io_v1_Ingress.json');
  assert.equal(index.kinds.get('v1/PodList'), 'v1_PodList.json', 'List kinds are included');
  assert.equal(index.kinds.get('apps/v1beta2/Deployment'), 'apps_v1beta2_Deployment.json', 'beta versions the package ships are included');
  for (const [key, file] of index.kinds) {
    const [apiVersion, kind] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
    assert.equal(file, `${apiVersion.replace(/\//g, '_')}_${kind}.json`);
    assert.ok(fs.existsSync(path.join(index.dir, file)), file);
  }
});

test('the nine pod-bearing kinds have a schema', () => {
  for (const [apiVersion, kind] of POD_BEARING) {
    assert.equal(hasSchema(apiVersion, kind), true, `${apiVersion}/${kind}`);
    const s = getKindSchema(apiVersion, kind) as Json;
    assert.deepEqual(s.properties.apiVersion.enum, [apiVersion]);
    assert.deepEqual(s.properties.kind.enum, [kind]);
    // kubernetes-models 5.1.0 (Kubernetes 1.36) marks CronJob.spec required, no other spec of these
    assert.deepEqual(s.required, kind === 'CronJob' ? ['apiVersion', 'kind', 'spec'] : ['apiVersion', 'kind']);
    assert.equal(s.additionalProperties, false);
    if (kind !== 'PodTemplate') assert.ok(s.properties.status, `${kind} keeps status`); // PodTemplate has none
  }
  assert.equal(hasSchema('example.com/v1', 'Foo'), false);
  assert.equal(hasSchema('v1', 'Deployment'), false);
});

test('schema files are self-contained draft-07 documents with no root selection', () => {
  const pod = readSchema('v1_Pod.json');
  assert.equal(pod.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(pod.type, 'object');
  for (const k of ['oneOf', 'anyOf', 'allOf', 'if', 'then']) assert.equal(pod[k], undefined, k);
  // every $ref resolves inside the file, and only reachable definitions are there
  const text = JSON.stringify(pod);
  const refs = new Set([...text.matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)].map((m) => m[1]));
  for (const r of refs) assert.ok(pod.definitions[r], r);
  assert.deepEqual(Object.keys(pod.definitions).sort(), [...refs].sort());
  assert.equal(pod.definitions.AppsV1DeploymentSpec, undefined);
});

test('Container.restartPolicy and PodSpec.initContainers, with descriptions', () => {
  const pod = readSchema('v1_Pod.json');
  const podSpec = pod.definitions.CoreV1PodSpec;
  assert.equal(podSpec.properties.initContainers.type, 'array');
  assert.deepEqual(podSpec.properties.initContainers.items, { $ref: '#/definitions/CoreV1Container' });
  assert.match(podSpec.properties.initContainers.description, /^List of initialization containers belonging to the pod\./);
  const restart = pod.definitions.CoreV1Container.properties.restartPolicy;
  assert.equal(restart.type, 'string');
  assert.match(restart.description, /"sidecar" container/);

  const info = schemaAt('v1', 'Pod', ['spec', 'initContainers', 0, 'restartPolicy']);
  assert.ok(info);
  assert.equal(info.type, 'string');
  assert.equal(info.description, restart.description);
  const container = schemaAt('v1', 'Pod', ['spec', 'initContainers', 3]);
  assert.ok(container);
  assert.equal(container.definition, 'CoreV1Container');
  assert.deepEqual(container.required, ['name']);
  assert.equal(container.additionalProperties, false);
  assert.ok(container.properties?.includes('restartPolicy'));
  assert.ok(container.properties?.includes('imagePullPolicy'));
  const labels = schemaAt('apps/v1', 'Deployment', ['metadata', 'labels']);
  assert.equal(labels?.additionalProperties, true);
  assert.equal(schemaAt('apps/v1', 'Deployment', ['metadata', 'labels', 'app.kubernetes.io/name'])?.type, 'string');
  assert.equal(schemaAt('apps/v1', 'Deployment', ['spec', 'nope']), undefined);
  assert.equal(schemaAt('example.com/v1', 'Foo', []), undefined);
});

test('every property of the Pod schema has a description', () => {
  const pod = readSchema('v1_Pod.json');
  const missing: string[] = [];
  let count = 0;
  for (const [name, def] of Object.entries<Json>(pod.definitions)) {
    for (const [prop, s] of Object.entries<Json>(def.properties ?? {})) {
      count++;
      if (typeof s.description !== 'string' || !s.description.trim()) missing.push(`${name}.${prop}`);
    }
  }
  assert.ok(count > 500, `only ${count} properties`);
  assert.deepEqual(missing, []);
  assert.match(pod.properties.apiVersion.description, /^APIVersion defines the versioned schema/);
  assert.match(pod.description, /^Pod is a collection of containers/);
});

test('string-literal unions become enums', () => {
  assert.deepEqual(schemaAt('v1', 'Pod', ['spec', 'containers', 0, 'imagePullPolicy'])?.enum, ['Always', 'IfNotPresent', 'Never']);
  assert.deepEqual(schemaAt('v1', 'Pod', ['spec', 'restartPolicy'])?.enum, ['Always', 'Never', 'OnFailure']);
  assert.deepEqual(schemaAt('v1', 'Pod', ['spec', 'containers', 0, 'ports', 0, 'protocol'])?.enum, ['SCTP', 'TCP', 'UDP']);
});

test('integers are told apart from numbers (from the ajv validators)', () => {
  assert.equal(schemaAt('apps/v1', 'Deployment', ['spec', 'replicas'])?.type, 'integer');
  assert.equal(schemaAt('v1', 'Pod', ['spec', 'containers', 0, 'ports', 0, 'containerPort'])?.type, 'integer');
  assert.equal(schemaAt('v1', 'Pod', ['spec', 'initContainers', 0, 'livenessProbe', 'periodSeconds'])?.type, 'integer');
  assert.equal(schemaAt('v1', 'Pod', ['spec', 'terminationGracePeriodSeconds'])?.type, 'integer'); // int64
  assert.equal(schemaAt('v1', 'Pod', ['spec', 'securityContext', 'supplementalGroups', 0])?.type, 'integer'); // array items
  // floats stay numbers (CRD schema bounds are float64)
  const crdProps = ['spec', 'versions', 0, 'schema', 'openAPIV3Schema'];
  assert.equal(schemaAt('apiextensions.k8s.io/v1', 'CustomResourceDefinition', [...crdProps, 'maximum'])?.type, 'number');
  assert.equal(schemaAt('apiextensions.k8s.io/v1', 'CustomResourceDefinition', [...crdProps, 'maxItems'])?.type, 'integer');
});

test('int-or-string and quantity fields', () => {
  assert.deepEqual(schemaAt('v1', 'Pod', ['spec', 'containers', 0, 'livenessProbe', 'httpGet', 'port'])?.type, ['integer', 'string']);
  assert.deepEqual(schemaAt('apps/v1', 'Deployment', ['spec', 'strategy', 'rollingUpdate', 'maxSurge'])?.type, ['integer', 'string']);
  assert.deepEqual(schemaAt('v1', 'Pod', ['spec', 'containers', 0, 'resources', 'limits', 'cpu'])?.type, ['number', 'string']);
});

test('size budget', () => {
  const dir = schemaDir();
  let total = 0;
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.json')) total += fs.statSync(path.join(dir, f)).size;
  // The Pod schema as loaded: its root with the definitions it reaches.
  const pod = JSON.stringify(loadSchemaFile('v1_Pod.json')).length;
  assert.ok(total <= TOTAL_BUDGET_BYTES, `dist/schema is ${total} bytes, budget ${TOTAL_BUDGET_BYTES}`);
  assert.ok(pod <= POD_BUDGET_BYTES, `the loaded v1/Pod schema is ${pod} bytes, budget ${POD_BUDGET_BYTES}`);
  assert.ok(pod > 100_000, 'the v1/Pod schema is suspiciously small (descriptions lost?)');
});

test('versions.json: when the fields newer than the oldest source appeared', () => {
  const raw = JSON.parse(fs.readFileSync(path.join(schemaDir(), 'versions.json'), 'utf8')) as Json;
  assert.equal(raw.newest, '1.36');
  assert.deepEqual(
    raw.sources.map((s: Json) => `${s.package}=${s.kubernetes}`),
    ['kubernetes-types@1.29.0=1.29', 'kubernetes-types@1.30.0=1.30', 'kubernetes-models@4.5.1=1.33', 'kubernetes-models@5.1.0=1.36'],
  );
  // Exact where the ground truth's gate table names the release (§6.0) ...
  assert.equal(raw.fields.CoreV1Container.restartPolicyRules, '1.34');
  assert.equal(raw.fields.CoreV1EnvVarSource.fileKeyRef, '1.34');
  assert.equal(raw.fields.CoreV1VolumeProjection.podCertificate, '1.34');
  assert.equal(raw.fields.CoreV1PodSpec.resources, '1.32');
  assert.equal(raw.fields.CoreV1Volume.image, '1.31');
  assert.equal(raw.fields.CoreV1Lifecycle.stopSignal, '1.33');
  // ... an interval between two packages otherwise (recursiveReadOnly: 1.30 alpha).
  assert.deepEqual(raw.fields.CoreV1VolumeMount.recursiveReadOnly, ['1.29', '1.30']);
  // Fields every source has are not listed; a `status` some package leaves out is not either.
  assert.equal(raw.fields.CoreV1Container.image, undefined);
  assert.equal(raw.fields.CoreV1Pod, undefined);
  // The 1.37 alpha fields of §6 are in the schema, as fields that exist from 1.37.
  assert.equal(raw.fields.CoreV1HTTPGetAction.protocol, '1.37');
  assert.equal(raw.fields.CoreV1GRPCAction.mode, '1.37');
  assert.equal(raw.fields.CoreV1VolumeMount.bindMountOptions, '1.37');
  assert.deepEqual(schemaAt('v1', 'Pod', ['spec', 'containers', 0, 'readinessProbe', 'httpGet', 'protocol'])?.enum, ['HTTP', 'HTTP2']);
  assert.ok(JSON.stringify(raw).length < 8_000, 'the version table stays small');
});
