/**
 * The bundled custom resource schemas (scripts/gen-crd-schemas.cjs -> dist/schema/crds, read by
 * server/src/schema/bundledCrds.ts). Build first: npm run build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundledCrdKinds, bundledCrdSchema } from '../../../server/out/schema/bundledCrds';

const MODULE = path.resolve(__dirname, '../../../server/out/schema/bundledCrds.js');
const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const INT_OR_STRING = 'x-kubernetes-int-or-string';

type Json = Record<string, any>;

/** The schema of a kind, walked down a path ("spec", "template", "*" for array items / map values). */
function at(group: string, version: string, kind: string, ...segments: string[]): Json {
  const found = bundledCrdSchema(group, version, kind);
  assert.ok(found, `${group}/${version}/${kind} is not bundled`);
  let node = found.openAPIV3Schema as Json;
  for (const s of segments) {
    const next: Json | undefined = s === '*' ? (node.items ?? node.additionalProperties) : node.properties?.[s];
    assert.ok(next, `${group}/${version}/${kind}: no ${s} under ${segments.join('.')}`);
    node = next;
  }
  return node;
}

test('each family is found with its package and version as source', () => {
  const cases: [string, string, string, string][] = [
    ['cert-manager.io', 'v1', 'Certificate', '@kubernetes-models/cert-manager 6.0.0'],
    ['argoproj.io', 'v1alpha1', 'Rollout', '@kubernetes-models/argo-rollouts 2.0.0'],
    ['argoproj.io', 'v1alpha1', 'Workflow', '@kubernetes-models/argo-workflows 2.0.0'],
    ['argoproj.io', 'v1alpha1', 'Application', '@kubernetes-models/argo-cd 4.0.0'],
    ['monitoring.coreos.com', 'v1', 'ServiceMonitor', '@kubernetes-models/prometheus-operator 6.0.0'],
    ['gateway.networking.k8s.io', 'v1', 'HTTPRoute', '@kubernetes-models/gateway-api 2.0.0'],
    ['networking.istio.io', 'v1', 'VirtualService', '@kubernetes-models/istio 3.0.1'],
    ['external-secrets.io', 'v1', 'ExternalSecret', '@kubernetes-models/external-secrets 2.0.0'],
    ['serving.knative.dev', 'v1', 'Service', '@kubernetes-models/knative 4.0.0'],
    ['keda.sh', 'v1alpha1', 'ScaledObject', '@kubernetes-models/keda 2.0.0'],
  ];
  for (const [group, version, kind, source] of cases) {
    const found = bundledCrdSchema(group, version, kind);
    assert.ok(found, `${group}/${version}/${kind}`);
    assert.equal(found.source, source);
    const root = found.openAPIV3Schema as Json;
    assert.equal(root.type, 'object');
    assert.ok(root.properties.spec.description, `${kind}: spec has its description`);
    assert.deepEqual(Object.keys(root.properties).sort().slice(0, 3), ['apiVersion', 'kind', 'metadata']);
  }
});

test('unknown kinds, core kinds and other versions are not bundled', () => {
  assert.equal(bundledCrdSchema('example.com', 'v1', 'Backup'), undefined);
  assert.equal(bundledCrdSchema('apps', 'v1', 'Deployment'), undefined);
  assert.equal(bundledCrdSchema('cert-manager.io', 'v9', 'Certificate'), undefined);
  assert.equal(bundledCrdSchema('cert-manager.io', 'v1', 'certificate'), undefined, 'kinds are case-sensitive');
  assert.equal(bundledCrdSchema('cert-manager.io', 'v1', 'CertificateList'), undefined, 'List kinds are not custom resources');
  assert.equal(bundledCrdSchema('keda.sh', 'v1alpha1', 'WithTriggers'), undefined, 'duck types are not custom resources');
  assert.equal(bundledCrdSchema('', '', ''), undefined);
  assert.equal(bundledCrdSchema('__proto__', 'constructor', 'toString'), undefined);
});

test('cert-manager Certificate: required fields, enums, integers and descriptions', () => {
  const spec = at('cert-manager.io', 'v1', 'Certificate', 'spec');
  assert.deepEqual(spec.required, ['issuerRef', 'secretName']);
  assert.match(spec.properties.secretName.description, /Secret/);
  assert.deepEqual(at('cert-manager.io', 'v1', 'Certificate', 'spec', 'privateKey', 'algorithm').enum, ['ECDSA', 'Ed25519', 'RSA']);
  assert.deepEqual(at('cert-manager.io', 'v1', 'Certificate', 'spec', 'privateKey', 'rotationPolicy').enum, ['Always', 'Never']);
  assert.deepEqual(at('cert-manager.io', 'v1', 'Certificate', 'spec', 'issuerRef').required, ['name']);
  const limit = at('cert-manager.io', 'v1', 'Certificate', 'spec', 'revisionHistoryLimit');
  assert.equal(limit.type, 'integer');
  assert.equal(limit.format, 'int32');
  assert.equal(at('cert-manager.io', 'v1', 'Certificate', 'spec', 'dnsNames', '*').type, 'string');
});

test("Argo Rollout: int-or-string, the pod template's Kubernetes types, open plugin config", () => {
  for (const field of ['maxSurge', 'maxUnavailable']) {
    const s = at('argoproj.io', 'v1alpha1', 'Rollout', 'spec', 'strategy', 'canary', field);
    assert.equal(s[INT_OR_STRING], true, field);
    assert.equal(s.type, undefined, `${field}: int-or-string has no type`);
  }
  const container = at('argoproj.io', 'v1alpha1', 'Rollout', 'spec', 'template', 'spec', 'initContainers', '*');
  assert.deepEqual(container.required, ['name']);
  assert.equal(container.properties.restartPolicy.type, 'string');
  assert.match(container.properties.restartPolicy.description, /init container/);
  // Kubernetes' own enums are not in CRDs (controller-gen does not emit them): not bundled either.
  assert.equal(at('argoproj.io', 'v1alpha1', 'Rollout', 'spec', 'template', 'spec', 'containers', '*', 'imagePullPolicy').enum, undefined);
  assert.equal(at('argoproj.io', 'v1alpha1', 'Rollout', 'spec', 'template', 'spec', 'containers', '*', 'resources', 'limits', '*')[INT_OR_STRING], true);
  assert.equal(at('argoproj.io', 'v1alpha1', 'Rollout', 'spec', 'strategy', 'canary', 'steps', '*', 'plugin', 'config')[PRESERVE], true);
  assert.equal(at('argoproj.io', 'v1alpha1', 'Rollout', 'spec', 'replicas').type, 'integer');
});

test('Prometheus ServiceMonitor: required selector and endpoints, int-or-string target port', () => {
  assert.deepEqual(at('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'spec').required, ['endpoints', 'selector']);
  assert.equal(at('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'spec', 'endpoints', '*', 'targetPort')[INT_OR_STRING], true);
  assert.equal(at('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'spec', 'endpoints', '*', 'port').type, 'string');
  assert.equal(at('monitoring.coreos.com', 'v1', 'PrometheusRule', 'spec', 'groups', '*', 'rules', '*', 'expr')[INT_OR_STRING], true);
  const labels = at('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'spec', 'selector', 'matchLabels');
  assert.equal(labels.type, 'object');
  assert.equal(labels.additionalProperties.type, 'string');
});

test('Gateway API HTTPRoute: integer enums, ports, descriptions', () => {
  const redirect = at('gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'spec', 'rules', '*', 'filters', '*', 'requestRedirect');
  assert.equal(redirect.properties.statusCode.type, 'integer');
  assert.deepEqual(redirect.properties.statusCode.enum.slice(0, 2), [301, 302]);
  const port = at('gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'spec', 'rules', '*', 'backendRefs', '*', 'port');
  assert.equal(port.type, 'integer');
  assert.ok(port.description);
  assert.deepEqual(at('gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'spec', 'rules', '*', 'matches', '*', 'path', 'type').enum, [
    'Exact',
    'PathPrefix',
    'RegularExpression',
  ]);
});

test('Istio VirtualService (from its CRD): oneOf variants keep every field, open values stay open', () => {
  const uri = at('networking.istio.io', 'v1', 'VirtualService', 'spec', 'http', '*', 'match', '*', 'uri');
  assert.deepEqual(Object.keys(uri.properties).sort(), ['exact', 'prefix', 'regex']);
  assert.equal(at('networking.istio.io', 'v1', 'VirtualService', 'spec', 'http', '*', 'retries', 'attempts').type, 'integer');
  assert.equal(at('networking.istio.io', 'v1', 'VirtualService', 'spec', 'http', '*', 'route', '*', 'weight').type, 'integer');
  assert.match(at('networking.istio.io', 'v1', 'VirtualService', 'spec', 'hosts').description, /destination hosts/);
  assert.equal(at('networking.istio.io', 'v1alpha3', 'EnvoyFilter', 'spec', 'configPatches', '*', 'patch', 'value')[PRESERVE], true);
  assert.equal(at('networking.istio.io', 'v1', 'VirtualService', 'status', 'observedGeneration')[INT_OR_STRING], true);
});

test("Argo Workflow: steps are lists of lists, a template's container needs no name, its init containers do", () => {
  const template = ['argoproj.io', 'v1alpha1', 'Workflow', 'spec', 'templates', '*'] as const;
  const steps = at(...template, 'steps');
  assert.equal(steps.type, 'array');
  assert.equal(steps.items.type, 'array', 'ParallelSteps is an anonymous list');
  assert.equal(steps.items.items.properties.template.type, 'string');
  assert.equal(at(...template, 'container').required, undefined);
  assert.equal(at(...template, 'container', 'image').type, 'string');
  assert.equal(at(...template, 'script').required?.includes('name') ?? false, false);
  assert.deepEqual(at(...template, 'initContainers', '*').required, ['name']);
  assert.equal(at(...template, 'retryStrategy', 'limit')[INT_OR_STRING], true);
  // An embedded kind's apiVersion and kind are optional strings, as in the CRD.
  const pvc = at('argoproj.io', 'v1alpha1', 'Workflow', 'spec', 'volumeClaimTemplates', '*');
  assert.equal(pvc.required, undefined);
  assert.deepEqual(pvc.properties.kind, { description: pvc.properties.kind.description, type: 'string' });
});

test('Argo CD Application, KEDA ScaledObject: required fields, enums, open values', () => {
  assert.deepEqual(at('argoproj.io', 'v1alpha1', 'Application', 'spec').required, ['destination', 'project']);
  const valuesObject = at('argoproj.io', 'v1alpha1', 'Application', 'spec', 'source', 'helm', 'valuesObject');
  assert.equal(valuesObject[PRESERVE], true);
  assert.equal(valuesObject.type, undefined, 'any JSON value');
  assert.deepEqual(at('keda.sh', 'v1alpha1', 'ScaledObject', 'spec').required, ['scaleTargetRef', 'triggers']);
  assert.deepEqual(at('keda.sh', 'v1alpha1', 'ScaledObject', 'spec', 'triggers', '*').required, ['metadata', 'type']);
  assert.equal(at('keda.sh', 'v1alpha1', 'ScaledObject', 'spec', 'minReplicaCount').type, 'integer');
});

test('ExternalSecret is open: the package is a year of releases behind (new fields, new enum values)', () => {
  const target = at('external-secrets.io', 'v1', 'ExternalSecret', 'spec', 'target');
  assert.equal(target[PRESERVE], true);
  assert.equal(target.properties.creationPolicy.type, 'string');
  assert.equal(target.properties.creationPolicy.enum, undefined, 'CreateOrMerge came later');
  assert.match(target.properties.creationPolicy.description, /creation/i);
  assert.equal(at('external-secrets.io', 'v1', 'ExternalSecret', 'spec', 'data', '*').required, undefined);
  assert.equal(at('external-secrets.io', 'v1', 'ExternalSecret', 'spec', 'data', '*', 'remoteRef', 'key').type, 'string');
});

test('Knative Service is open: its CRDs are not generated from the Go types the package has', () => {
  const podSpec = at('serving.knative.dev', 'v1', 'Service', 'spec', 'template', 'spec');
  assert.equal(podSpec[PRESERVE], true);
  const container = at('serving.knative.dev', 'v1', 'Service', 'spec', 'template', 'spec', 'containers', '*');
  assert.equal(container[PRESERVE], true);
  assert.equal(container.required, undefined, 'a Knative container needs no name');
  assert.equal(container.properties.image.type, 'string');
  assert.equal(at('serving.knative.dev', 'v1', 'Service', 'spec', 'template', 'spec', 'containerConcurrency').type, 'integer');
  // The open copy of the core Container is Knative's own: Rollout's container still requires a name.
  assert.deepEqual(at('argoproj.io', 'v1alpha1', 'Rollout', 'spec', 'template', 'spec', 'containers', '*').required, ['name']);
});

test('every bundled schema is structural: nested, typed, no $ref, properties or a map, never required metadata', () => {
  const kinds = bundledCrdKinds();
  let nodes = 0;
  for (const k of kinds) {
    for (const v of k.versions) {
      const found = bundledCrdSchema(k.group, v, k.kind);
      assert.ok(found, `${k.group}/${v}/${k.kind} listed but not found`);
      assert.equal(found.source, k.source);
      const root = found.openAPIV3Schema as Json;
      for (const r of ['apiVersion', 'kind', 'metadata', 'status']) assert.ok(!(root.required ?? []).includes(r), `${k.kind} requires ${r}`);
      const walk = (s: Json, where: string, depth: number): void => {
        nodes++;
        assert.ok(depth < 60, `${where}: too deep (a recursive type not cut?)`);
        assert.equal(s.$ref, undefined, `${where}: $ref`);
        assert.ok(s.type !== undefined || s[INT_OR_STRING] === true || s[PRESERVE] === true, `${where}: no type`);
        assert.ok(!(s.properties && s.additionalProperties), `${where}: both properties and additionalProperties`);
        if (s.properties) assert.equal(s.type, 'object', where);
        if (s.items) assert.equal(s.type, 'array', where);
        for (const r of s.required ?? []) assert.ok(s.properties?.[r], `${where}: requires ${r}, which it does not declare`);
        for (const [name, sub] of Object.entries<Json>(s.properties ?? {})) walk(sub, `${where}.${name}`, depth + 1);
        if (s.items) walk(s.items, `${where}[]`, depth + 1);
        if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${where}{}`, depth + 1);
      };
      walk(root, `${k.group}/${v}/${k.kind}`, 0);
    }
  }
  assert.ok(nodes > 100_000, `walked ${nodes} schema nodes`);
});

test('bundledCrdKinds lists every family with its versions', () => {
  const kinds = bundledCrdKinds();
  assert.equal(new Set(kinds.map((k) => k.source)).size, 10);
  const find = (group: string, kind: string) => kinds.find((k) => k.group === group && k.kind === kind);
  assert.deepEqual(find('networking.istio.io', 'VirtualService')?.versions, ['v1', 'v1alpha3', 'v1beta1']);
  assert.deepEqual(find('gateway.networking.k8s.io', 'HTTPRoute')?.versions, ['v1', 'v1beta1']);
  assert.equal(find('argoproj.io', 'Rollout')?.source, '@kubernetes-models/argo-rollouts 2.0.0');
  assert.equal(find('argoproj.io', 'Application')?.source, '@kubernetes-models/argo-cd 4.0.0');
  for (const k of kinds) assert.ok(k.versions.length > 0 && k.group && k.kind, JSON.stringify(k));
});

test('docs/custom-resources.md lists every bundled kind under its package, with its versions', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/custom-resources.md'), 'utf8');
  for (const k of bundledCrdKinds()) {
    const line = doc.split('\n').find((l) => l.startsWith(`- **${k.source}**:`));
    assert.ok(line, `no line for ${k.source}`);
    const group = line.indexOf(`\`${k.group}\`:`);
    assert.ok(group >= 0, `${k.source}: group ${k.group} not listed`);
    const rest = line.slice(group).split(/; `/)[0];
    assert.match(rest, new RegExp(`\\b${k.kind}\\b`), `${k.group} ${k.kind} not listed`);
    for (const v of k.versions) assert.ok(rest.includes(v), `${k.group} ${k.kind} ${v} not listed`);
    assert.ok(doc.includes(`\`${k.source.split(' ')[0]}\` ${k.source.split(' ')[1]}`), `${k.source} not in the size table`);
  }
});

test('the returned schemas are shared and frozen', () => {
  const a = bundledCrdSchema('cert-manager.io', 'v1', 'Certificate');
  assert.equal(a, bundledCrdSchema('cert-manager.io', 'v1', 'Certificate'));
  assert.ok(a && Object.isFrozen(a.openAPIV3Schema));
  assert.ok(Object.isFrozen((a.openAPIV3Schema as Json).properties.spec.properties));
  assert.throws(() => {
    (a.openAPIV3Schema as Json).type = 'string';
  }, TypeError);
});

/** Runs `body` in a fresh Node process with the module loaded and every file read recorded (`reads()`); returns its JSON output. */
function inFreshProcess(body: string, env: NodeJS.ProcessEnv = {}): any {
  const script = `
    const fs = require('node:fs');
    const read = [];
    const original = fs.readFileSync;
    fs.readFileSync = function (file, ...rest) { read.push(String(file)); return original.call(this, file, ...rest); };
    const reads = () => read.filter((f) => f.includes('crds')).map((f) => require('node:path').basename(f));
    const m = require(${JSON.stringify(MODULE)});
    ${body}
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...env } }));
}

test('lazy: nothing is read at load, a family only when one of its kinds is looked up, each file once', () => {
  const out = inFreshProcess(`
    const steps = { atLoad: reads() };
    m.bundledCrdSchema('example.com', 'v1', 'Backup');
    steps.unknownKind = reads();
    m.bundledCrdSchema('cert-manager.io', 'v1', 'Certificate');
    steps.certificate = reads();
    m.bundledCrdSchema('cert-manager.io', 'v1', 'Certificate');
    steps.again = reads();
    m.bundledCrdSchema('cert-manager.io', 'v1', 'Issuer');
    steps.issuer = reads();
    m.bundledCrdSchema('keda.sh', 'v1alpha1', 'ScaledObject');
    steps.keda = reads();
    console.log(JSON.stringify(steps));
  `);
  assert.deepEqual(out.atLoad, []);
  assert.deepEqual(out.unknownKind, ['index.json']);
  assert.deepEqual(out.certificate, ['index.json', 'cert-manager.json', 'core.json']);
  assert.deepEqual(out.again, out.certificate);
  // An Issuer's ACME HTTP-01 solver refers to Gateway API types (ParentReference).
  assert.deepEqual(out.issuer, [...out.certificate, 'gateway-api.json']);
  assert.deepEqual(out.keda, [...out.issuer, 'keda.json']);
});

test('missing or broken bundled files: every lookup answers undefined, nothing throws', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-crds-'));
  try {
    const probe = `console.log(JSON.stringify({ schema: m.bundledCrdSchema('cert-manager.io', 'v1', 'Certificate') ?? null, kinds: m.bundledCrdKinds().length }));`;
    assert.deepEqual(inFreshProcess(probe, { INITLENS_SCHEMA_DIR: dir }), { schema: null, kinds: 0 });
    fs.mkdirSync(path.join(dir, 'crds'));
    fs.writeFileSync(
      path.join(dir, 'crds', 'index.json'),
      '{"families": {"cm": {"source": "x 1", "file": "cm.json"}}, "kinds": [{"group": "cert-manager.io", "version": "v1", "kind": "Certificate", "family": "cm"}]}',
    );
    fs.writeFileSync(path.join(dir, 'crds', 'cm.json'), '{"kinds": {"cert-manager.io/v1/Certificate"');
    assert.deepEqual(inFreshProcess(probe, { INITLENS_SCHEMA_DIR: dir }), { schema: null, kinds: 1 });
    // References to definitions that are not there (or inherited names): accepted as anything, not a crash.
    fs.writeFileSync(
      path.join(dir, 'crds', 'cm.json'),
      '{"kinds": {"cert-manager.io/v1/Certificate": {"type": "object", "properties": {"spec": {"$ref": "core#Gone"}, "status": {"$ref": "cm#__proto__"}, "x": {"$ref": "cm#constructor"}}}}}',
    );
    assert.deepEqual(inFreshProcess(probe, { INITLENS_SCHEMA_DIR: dir }).schema, {
      openAPIV3Schema: { type: 'object', properties: { spec: { [PRESERVE]: true }, status: { [PRESERVE]: true }, x: { [PRESERVE]: true } } },
      source: 'x 1',
    });
    fs.writeFileSync(path.join(dir, 'crds', 'index.json'), 'not json');
    assert.deepEqual(inFreshProcess(probe, { INITLENS_SCHEMA_DIR: dir }), { schema: null, kinds: 0 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an open family: objects keep unknown fields, nothing required, no enum; fields named like keywords stay fields', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-crds-'));
  try {
    fs.mkdirSync(path.join(dir, 'crds'));
    fs.writeFileSync(
      path.join(dir, 'crds', 'index.json'),
      JSON.stringify({ families: { x: { source: 'x 1', file: 'x.json', open: true } }, kinds: [{ group: 'x.io', version: 'v1', kind: 'X', family: 'x' }] }),
    );
    const keywordsAsFields = {
      type: 'object',
      required: ['enum'],
      properties: { enum: { type: 'array', items: { type: 'string' } }, required: { type: 'boolean' }, properties: { type: 'string', enum: ['a'] } },
    };
    fs.writeFileSync(
      path.join(dir, 'crds', 'x.json'),
      JSON.stringify({
        kinds: { 'x.io/v1/X': { type: 'object', required: ['spec'], properties: { spec: { $ref: 'x#Spec' } } } },
        definitions: { Spec: keywordsAsFields },
      }),
    );
    const out = inFreshProcess(`console.log(JSON.stringify(m.bundledCrdSchema('x.io', 'v1', 'X')));`, { INITLENS_SCHEMA_DIR: dir });
    assert.deepEqual(out.openAPIV3Schema, {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { enum: { type: 'array', items: { type: 'string' } }, required: { type: 'boolean' }, properties: { type: 'string' } },
          [PRESERVE]: true,
        },
      },
      [PRESERVE]: true,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
