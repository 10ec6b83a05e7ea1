/**
 * validateAgainstSchema: YAML text -> yaml AST -> JSON AST bridge -> vscode-json-languageservice
 * -> initlens messages and ranges. Needs dist/schema (node scripts/gen-k8s-schema.cjs dist/schema).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments, parseDocument, isMap, isSeq, type Document, type Node } from 'yaml';
import { isOneEditAway, schemaLanguageService, validateAgainstSchema, type SchemaProblem } from '../../../server/out/schema/validate';

/** The kind each message form implies; `check` asserts it and leaves it out of the comparison. */
function kindOf(message: string): SchemaProblem['kind'] {
  if (/: unknown field "/.test(message) || message.startsWith('unknown field')) return 'unknown';
  if (/missing required field/.test(message)) return 'required';
  if (/unsupported value /.test(message)) return 'enum';
  if (/expected [\w" ,|]+, got /.test(message)) return 'type';
  return 'other';
}

async function check(text: string, apiVersion: string, kind: string, merge = false): Promise<Omit<SchemaProblem, 'kind'>[]> {
  const doc = parseDocument(text, { merge });
  assert.deepEqual(doc.errors, [], 'test YAML must parse');
  const problems = await validateAgainstSchema(text, doc, doc.contents, apiVersion, kind);
  return problems.map(({ kind: k, ...p }) => {
    assert.equal(k, kindOf(p.message), p.message);
    return p;
  });
}

/** [start, end) of the n-th (0-based) occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): { start: number; end: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `"${needle}" #${nth} not in text`);
  }
  return { start: i, end: i + needle.length };
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  creationTimestamp: null
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
      - name: migrate
        image: migrate:1.0
        restartPolicy: Always
      containers:
      - name: app
        image: nginx:1.27
        imagePullPolicy: IfNotPresent
        ports:
        - containerPort: 8080
          name: http
        livenessProbe:
          httpGet: {path: /healthz, port: 8080}
        readinessProbe:
          httpGet: {path: /ready, port: http}
        resources:
          limits: {cpu: 0.5, memory: 128Mi}
status: {}
`;

test('a valid Deployment (with creationTimestamp: null and status) has no problems', async () => {
  assert.deepEqual(await check(DEPLOYMENT, 'apps/v1', 'Deployment'), []);
});

test('typo in an init container: unknown field at the key, with a fix', async () => {
  const text = DEPLOYMENT.replace('        restartPolicy: Always\n', '        imagePulPolicy: Always\n');
  const key = at(text, 'imagePulPolicy');
  assert.deepEqual(await check(text, 'apps/v1', 'Deployment'), [
    {
      start: key.start,
      end: key.end,
      path: ['spec', 'template', 'spec', 'initContainers', 0, 'imagePulPolicy'],
      message: 'spec.template.spec.initContainers[0].imagePulPolicy: unknown field "imagePulPolicy" (did you mean "imagePullPolicy"?)',
      fix: { title: 'Change to `imagePullPolicy`', start: key.start, end: key.end, newText: 'imagePullPolicy' },
    },
  ]);
});

test('the fix keeps the quoting of a quoted key', async () => {
  const text = `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    "imagePulPolicy": Always\n    'imagee': x\n`;
  const problems = await check(text, 'v1', 'Pod');
  const dq = at(text, '"imagePulPolicy"');
  const sq = at(text, "'imagee'");
  assert.deepEqual(
    problems.map((p) => [p.start, p.end, p.fix?.newText]),
    [
      [dq.start, dq.end, '"imagePullPolicy"'],
      [sq.start, sq.end, "'image'"],
    ],
  );
});

test('no suggestion when none or several known fields are one edit away, or the match is already there', async () => {
  const text = `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    bogus: 1\n    image: x\n    imagee: y\n`;
  const problems = await check(text, 'v1', 'Pod');
  assert.deepEqual(
    problems.map((p) => [p.message, p.fix]),
    [
      ['spec.containers[0].bogus: unknown field "bogus"', undefined],
      ['spec.containers[0].imagee: unknown field "imagee"', undefined],
    ],
  );
});

test('containerPort: "80" -> expected integer, got string, at the value', async () => {
  const text = DEPLOYMENT.replace('containerPort: 8080', 'containerPort: "80"');
  const value = at(text, '"80"');
  assert.deepEqual(await check(text, 'apps/v1', 'Deployment'), [
    {
      start: value.start,
      end: value.end,
      path: ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'],
      message: 'spec.template.spec.containers[0].ports[0].containerPort: expected integer, got string "80"',
    },
  ]);
});

test('Pod containerPort: "80" names the path from the manifest root', async () => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    ports:\n    - containerPort: "80"\n`;
  const [p] = await check(text, 'v1', 'Pod');
  assert.equal(p.message, 'spec.containers[0].ports[0].containerPort: expected integer, got string "80"');
});

test('a value outside the enum', async () => {
  const text = DEPLOYMENT.replace('imagePullPolicy: IfNotPresent', 'imagePullPolicy: Sometimes');
  const value = at(text, 'Sometimes');
  assert.deepEqual(await check(text, 'apps/v1', 'Deployment'), [
    {
      start: value.start,
      end: value.end,
      path: ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy'],
      message: 'spec.template.spec.containers[0].imagePullPolicy: unsupported value "Sometimes": expected one of "Always", "IfNotPresent", "Never"',
    },
  ]);
});

test('a wrong type on an enum field gives the type problem only', async () => {
  const text = DEPLOYMENT.replace('imagePullPolicy: IfNotPresent', 'imagePullPolicy: 5');
  const problems = await check(text, 'apps/v1', 'Deployment');
  assert.deepEqual(
    problems.map((p) => p.message),
    ['spec.template.spec.containers[0].imagePullPolicy: expected string, got number 5'],
  );
});

test('replicas: 1.5 is not an integer; replicas: 3 is', async () => {
  const text = DEPLOYMENT.replace('replicas: 2', 'replicas: 1.5');
  const value = at(text, '1.5');
  assert.deepEqual(await check(text, 'apps/v1', 'Deployment'), [
    { start: value.start, end: value.end, path: ['spec', 'replicas'], message: 'spec.replicas: expected integer, got number 1.5' },
  ]);
});

test('int-or-string accepts 8080 and "http", not 1.5 or true; quantities accept numbers', async () => {
  const text = DEPLOYMENT.replace('port: http}', 'port: 1.5}').replace('{path: /healthz, port: 8080}', '{path: /healthz, port: true}');
  assert.deepEqual(
    (await check(text, 'apps/v1', 'Deployment')).map((p) => p.message),
    [
      'spec.template.spec.containers[0].livenessProbe.httpGet.port: expected integer or string, got boolean true',
      'spec.template.spec.containers[0].readinessProbe.httpGet.port: expected integer or string, got number 1.5',
    ],
  );
});

test('a missing required field, reported at the key of the object that lacks it', async () => {
  const withVolume = DEPLOYMENT.replace('      containers:\n', '      volumes:\n      - name: v\n        hostPath: {type: Directory}\n      containers:\n');
  const key = at(withVolume, 'hostPath');
  assert.deepEqual(await check(withVolume, 'apps/v1', 'Deployment'), [
    {
      start: key.start,
      end: key.end,
      path: ['spec', 'template', 'spec', 'volumes', 0, 'hostPath'],
      message: 'spec.template.spec.volumes[0].hostPath: missing required field "path"',
    },
  ]);
});

test('a missing required field in a sequence item: the item start to the end of its first key', async () => {
  const text = `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - name: http\n      protocol: TCP\n    - {}\n`;
  const first = at(text, 'name: http');
  const empty = at(text, '{}');
  assert.deepEqual(await check(text, 'v1', 'Pod'), [
    {
      start: first.start,
      end: first.start + 'name'.length,
      path: ['spec', 'containers', 0, 'ports', 0],
      message: 'spec.containers[0].ports[0]: missing required field "containerPort"',
    },
    {
      start: empty.start,
      end: empty.end,
      path: ['spec', 'containers', 0, 'ports', 1],
      message: 'spec.containers[0].ports[1]: missing required field "containerPort"',
    },
  ]);
});

test('a required field set to null is missing; null elsewhere is absent, not a type error', async () => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  creationTimestamp: null\n  labels: ~\nspec:\n  nodeName:\n  containers:\n  - name: null\n    image: ~\n`;
  const item = at(text, 'name: null');
  assert.deepEqual(await check(text, 'v1', 'Pod'), [
    { start: item.start, end: item.start + 4, path: ['spec', 'containers', 0], message: 'spec.containers[0]: missing required field "name"' },
  ]);
});

test('an unknown field with a null value is still unknown', async () => {
  const text = `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    imagePulPolicy:\n`;
  const key = at(text, 'imagePulPolicy');
  const problems = await check(text, 'v1', 'Pod');
  assert.deepEqual(problems, [
    {
      start: key.start,
      end: key.end,
      path: ['spec', 'containers', 0, 'imagePulPolicy'],
      message: 'spec.containers[0].imagePulPolicy: unknown field "imagePulPolicy" (did you mean "imagePullPolicy"?)',
      fix: { title: 'Change to `imagePullPolicy`', start: key.start, end: key.end, newText: 'imagePullPolicy' },
    },
  ]);
});

test('got object / array / boolean; keys that are not identifiers are bracketed', async () => {
  const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    app.kubernetes.io/name: 5\nspec:\n  containers: {name: a}\n  hostNetwork: "yes"\n  nodeSelector: [a]\n  enableServiceLinks: {}\n`;
  assert.deepEqual(
    (await check(text, 'v1', 'Pod')).map((p) => p.message),
    [
      'metadata.labels["app.kubernetes.io/name"]: expected string, got number 5',
      'spec.containers: expected array, got object',
      'spec.hostNetwork: expected boolean, got string "yes"',
      'spec.nodeSelector: expected object, got array',
      'spec.enableServiceLinks: expected boolean, got object',
    ],
  );
});

test('unknown apiVersion/kind (CRD) gives nothing', async () => {
  assert.deepEqual(await check(`apiVersion: example.com/v1\nkind: Foo\nspec: {anything: [1, 2]}\nbogus: true\n`, 'example.com/v1', 'Foo'), []);
  assert.deepEqual(await check(`apiVersion: v1\nkind: Deployment\nbogus: 1\n`, 'v1', 'Deployment'), []);
});

test('empty and comment-only documents give nothing', async () => {
  for (const text of ['', '# only a comment\n', '---\n', '\n\n# a\n# b\n']) {
    const doc = parseDocument(text);
    assert.deepEqual(await validateAgainstSchema(text, doc, doc.contents, 'v1', 'Pod'), [], JSON.stringify(text));
    assert.deepEqual(await validateAgainstSchema(text, doc, null, 'v1', 'Pod'), []);
  }
  const scalar = parseDocument('just a string\n');
  assert.deepEqual(await validateAgainstSchema('just a string\n', scalar, scalar.contents, 'v1', 'Pod'), []);
});

test('anchors, aliases and merge keys', async () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  replicas: &n 1.5
  selector: {matchLabels: {a: b}}
  template:
    spec:
      containers:
      - &base
        name: a
        image: x
        resources: &res
          limits: {cpu: 1}
      - <<: *base
        name: b
      - <<: [*base]
        resources: *res
        replicaz: 2
      - *base
      terminationGracePeriodSeconds: *n
`;
  for (const merge of [true, false]) {
    const problems = await check(text, 'apps/v1', 'Deployment', merge);
    const alias = at(text, '*n');
    assert.deepEqual(
      problems.map((p) => [p.start, p.end, p.message]),
      [
        [at(text, '1.5').start, at(text, '1.5').end, 'spec.replicas: expected integer, got number 1.5'],
        [at(text, 'replicaz').start, at(text, 'replicaz').end, 'spec.template.spec.containers[2].replicaz: unknown field "replicaz"'],
        // the aliased value is reported at the alias
        [alias.start, alias.end, 'spec.template.spec.terminationGracePeriodSeconds: expected integer, got number 1.5'],
      ],
      `merge: ${merge}`,
    );
  }
});

test('a merged map missing a required field is reported; own keys override merged ones', async () => {
  const text = `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - &p {name: x, containerPort: "80"}\n    - <<: *p\n      containerPort: 81\n`;
  const problems = await check(text, 'v1', 'Pod', true);
  // only the original "80" (merged copy overridden by 81)
  assert.deepEqual(
    problems.map((p) => p.message),
    ['spec.containers[0].ports[0].containerPort: expected integer, got string "80"'],
  );
});

test('items of a kind: List are validated on their own, paths from the item', async () => {
  const text = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  data: {a: 1}\n- apiVersion: v1\n  kind: Service\n  spec:\n    ports:\n    - port: "80"\n`;
  const doc = parseDocument(text);
  const items = (doc.contents as unknown as { get(k: string): unknown }).get('items');
  assert.ok(isSeq(items));
  const [cm, svc] = items.items as Node[];
  assert.ok(isMap(cm) && isMap(svc));
  assert.deepEqual(
    (await validateAgainstSchema(text, doc, cm, 'v1', 'ConfigMap')).map((p) => [p.start, p.message]),
    [[at(text, '1}').start, 'data.a: expected string, got number 1']],
  );
  assert.deepEqual(
    (await validateAgainstSchema(text, doc, svc, 'v1', 'Service')).map((p) => p.message),
    ['spec.ports[0].port: expected integer, got string "80"'],
  );
});

test('offsets are into the whole multi-document text', async () => {
  const text = `apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n---\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    imagePulPolicy: Never\n`;
  const docs = parseAllDocuments(text) as Document.Parsed[];
  assert.deepEqual(await validateAgainstSchema(text, docs[0], docs[0].contents, 'v1', 'ConfigMap'), []);
  const [p] = await validateAgainstSchema(text, docs[1], docs[1].contents, 'v1', 'Pod');
  assert.equal(text.slice(p.start, p.end), 'imagePulPolicy');
});

test('a `$schema` key at the root is just an unknown field (no schema is fetched)', async () => {
  const text = `$schema: https://example.com/s.json\napiVersion: v1\nkind: ConfigMap\n`;
  assert.deepEqual(
    (await check(text, 'v1', 'ConfigMap')).map((p) => p.message),
    ['$schema: unknown field "$schema"'],
  );
});

test('a missing required field of the manifest root is reported at kind', async () => {
  const text = `apiVersion: v1\nkind: Binding\nmetadata: {name: b}\n`;
  const kindKey = at(text, 'kind');
  assert.deepEqual(await check(text, 'v1', 'Binding'), [{ ...kindKey, path: [], message: 'missing required field "target"' }]);
});

test('CRD manifests themselves (apiextensions.k8s.io/v1) accept boolean additionalProperties and array items', async () => {
  const text = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: foos.example.com}
spec:
  group: example.com
  names: {kind: Foo, plural: foos}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        additionalProperties: false
        properties:
          spec:
            type: object
            x-kubernetes-preserve-unknown-fields: true
            default: {a: 1}
            maxItems: 1.5
`;
  assert.deepEqual(
    (await check(text, 'apiextensions.k8s.io/v1', 'CustomResourceDefinition')).map((p) => p.message),
    ['spec.versions[0].schema.openAPIV3Schema.properties.spec.maxItems: expected integer, got number 1.5'],
  );
});

test('one language service per kind, reused', () => {
  const a = schemaLanguageService('apps/v1', 'Deployment');
  assert.ok(a);
  assert.equal(schemaLanguageService('apps/v1', 'Deployment'), a);
  assert.notEqual(schemaLanguageService('v1', 'Pod'), a);
  assert.equal(schemaLanguageService('example.com/v1', 'Foo'), undefined);
});

test('odd documents do not throw', async () => {
  const texts = [
    'apiVersion: v1\nkind: Pod\nspec: &a\n  containers: [*a]\n',
    'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: [\n  foo: : :\n- x\n',
    'apiVersion: v1\nkind: Pod\n? [a, b]\n: 1\n1: 2\ntrue: 3\n~: 4\n',
    'apiVersion: v1\nkind: Pod\nspec: *undefined\n',
    'apiVersion: v1\nkind: Pod\nspec: !!binary aGVsbG8=\nmetadata: {creationTimestamp: 2001-12-14}\n',
    'apiVersion: v1\nkind: Pod\n<<: 5\n<<: [1, *x]\n',
    'apiVersion: v1\nkind: Pod\nspec: {containers: [{name: a, ports: [[[[[]]]]]}]}\n',
  ];
  for (const text of texts) {
    for (const merge of [false, true]) {
      const doc = parseDocument(text, { merge, schema: 'yaml-1.1' });
      const problems = await validateAgainstSchema(text, doc, doc.contents, 'v1', 'Pod');
      for (const p of problems) {
        assert.ok(p.start >= 0 && p.end >= p.start && p.end <= text.length, `${JSON.stringify(text)}: ${JSON.stringify(p)}`);
        assert.equal(typeof p.message, 'string');
      }
    }
  }
});

test('isOneEditAway: Damerau-Levenshtein distance exactly 1, case-sensitive', () => {
  assert.equal(isOneEditAway('imagePulPolicy', 'imagePullPolicy'), true); // insertion
  assert.equal(isOneEditAway('imagee', 'image'), true); // deletion
  assert.equal(isOneEditAway('imoge', 'image'), true); // substitution
  assert.equal(isOneEditAway('iamge', 'image'), true); // transposition
  assert.equal(isOneEditAway('image', 'image'), false);
  assert.equal(isOneEditAway('Image', 'image'), true);
  assert.equal(isOneEditAway('IMAGE', 'image'), false);
  assert.equal(isOneEditAway('imgae2', 'image'), false);
  assert.equal(isOneEditAway('', 'a'), true);
});

test('at a target, a field newer than it is an error on its key, naming the release that added it', async () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  resources:
    requests: { cpu: "1" }
  securityContext:
    appArmorProfile: { type: RuntimeDefault }
  containers:
    - name: app
      image: app:1.0
      restartPolicyRules:
        - action: Restart
          exitCodes: { operator: In, values: [42] }
      volumeMounts:
        - name: data
          mountPath: /data
          recursiveReadOnly: Disabled
      readinessProbe:
        httpGet: { port: 80, protocol: HTTP2 }
`;
  const doc = parseDocument(text);
  const run = async (minor: number) =>
    (await validateAgainstSchema(text, doc, doc.contents, 'v1', 'Pod', { major: 1, minor })).map((p) => ({
      kind: p.kind,
      text: text.slice(p.start, p.end),
      message: p.message,
    }));
  const v = (field: string, path: string, since: string, target: string) => ({
    kind: 'version',
    text: field,
    message: `${path}: \`${field}\` exists from Kubernetes ${since}; a ${target} API server rejects it as an unknown field`,
  });
  assert.deepEqual(await run(29), [
    v('resources', 'spec.resources', '1.32', '1.29'),
    // absent from kubernetes-types 1.29, present in 1.30: the interval's message
    {
      kind: 'version',
      text: 'appArmorProfile',
      message:
        'spec.securityContext.appArmorProfile: `appArmorProfile` is not in the Kubernetes 1.29 API (it is in 1.30); a 1.29 API server rejects it as an unknown field',
    },
    v('restartPolicyRules', 'spec.containers[0].restartPolicyRules', '1.34', '1.29'),
    {
      kind: 'version',
      text: 'recursiveReadOnly',
      message:
        'spec.containers[0].volumeMounts[0].recursiveReadOnly: `recursiveReadOnly` is not in the Kubernetes 1.29 API (it is in 1.30); a 1.29 API server rejects it as an unknown field',
    },
    v('protocol', 'spec.containers[0].readinessProbe.httpGet.protocol', '1.37', '1.29'),
  ]);
  assert.deepEqual(await run(31), [
    v('resources', 'spec.resources', '1.32', '1.31'),
    v('restartPolicyRules', 'spec.containers[0].restartPolicyRules', '1.34', '1.31'),
    v('protocol', 'spec.containers[0].readinessProbe.httpGet.protocol', '1.37', '1.31'),
  ]);
  assert.deepEqual(await run(34), [v('protocol', 'spec.containers[0].readinessProbe.httpGet.protocol', '1.37', '1.34')]);
  assert.deepEqual(await run(37), []);
  // Without a target (other callers): the newest schema only.
  assert.deepEqual(await validateAgainstSchema(text, doc, doc.contents, 'v1', 'Pod'), []);
});

test('a field known only within an interval is not reported inside it', async () => {
  // PodSpec.hostnameOverride: absent from the 1.33 package, present in 1.36: unknown at 1.34 and 1.35.
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  hostnameOverride: h\n  containers: [{ name: a, image: a:1 }]\n';
  const doc = parseDocument(text);
  const at = async (minor: number) => (await validateAgainstSchema(text, doc, doc.contents, 'v1', 'Pod', { major: 1, minor })).map((p) => p.message);
  assert.deepEqual(await at(33), [
    'spec.hostnameOverride: `hostnameOverride` is not in the Kubernetes 1.33 API (it is in 1.36); a 1.33 API server rejects it as an unknown field',
  ]);
  assert.deepEqual(await at(34), []);
  assert.deepEqual(await at(35), []);
  assert.deepEqual(await at(36), []);
});
