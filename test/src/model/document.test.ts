import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from '../../../server/out/model/document';
import { parseFile } from '../../../server/out/model/file';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: wait-db
          image: busybox
        - name: proxy
          image: envoy
          restartPolicy: Always
      containers:
        - name: app
          image: nginx
          env:
            - name: A
              value: "1"
          envFrom:
            - configMapRef: { name: cfg }
          volumeMounts:
            - name: data
              mountPath: /data
      ephemeralContainers:
        - name: debug
          image: busybox
      volumes:
        - name: data
          emptyDir: {}
`;

test('finds the pod spec of a Deployment and gives each container its role and index', () => {
  const doc = parseDocument(DEPLOYMENT);
  assert.equal(doc.syntaxIssues.length, 0);
  const [m] = doc.manifests;
  assert.equal(m.kind, 'Deployment');
  assert.equal(m.name, 'web');
  assert.deepEqual(m.podSpec?.path, ['spec', 'template', 'spec']);
  const roles = m.podSpec.containers.map((c) => [c.name, c.role, c.list, c.index]);
  assert.deepEqual(roles, [
    ['wait-db', 'init', 'initContainers', 0],
    ['proxy', 'sidecar', 'initContainers', 1],
    ['app', 'app', 'containers', 0],
    ['debug', 'ephemeral', 'ephemeralContainers', 0],
  ]);
  const app = m.podSpec.appContainers[0];
  assert.deepEqual(app.path, ['spec', 'template', 'spec', 'containers', 0]);
  assert.equal(app.hasEnvFrom, true);
  assert.deepEqual(
    app.env.map((e) => e.name),
    ['A'],
  );
  assert.deepEqual(
    app.volumeMounts.map((v) => [v.name, v.mountPath]),
    [['data', '/data']],
  );
  assert.deepEqual(
    m.podSpec.volumes.map((v) => [v.name, v.source]),
    [['data', 'emptyDir']],
  );
  // Source spans of keys and values.
  const image = app.fields.get('image')!;
  assert.equal(DEPLOYMENT.slice(image.keySpan.start, image.keySpan.end), 'image');
  assert.equal(DEPLOYMENT.slice(image.valueSpan.start, image.valueSpan.end), 'nginx');
});

test('every pod-bearing kind has its pod spec at its path (ground truth §4)', () => {
  const cases: [string, string, string, string[]][] = [
    ['v1', 'Pod', 'spec: {containers: [{name: a}]}', ['spec']],
    ['v1', 'PodTemplate', 'template: {spec: {containers: [{name: a}]}}', ['template', 'spec']],
    ['v1', 'ReplicationController', 'spec: {template: {spec: {containers: [{name: a}]}}}', ['spec', 'template', 'spec']],
    ['apps/v1', 'ReplicaSet', 'spec: {template: {spec: {containers: [{name: a}]}}}', ['spec', 'template', 'spec']],
    ['apps/v1', 'StatefulSet', 'spec: {template: {spec: {containers: [{name: a}]}}}', ['spec', 'template', 'spec']],
    ['apps/v1', 'DaemonSet', 'spec: {template: {spec: {containers: [{name: a}]}}}', ['spec', 'template', 'spec']],
    ['batch/v1', 'Job', 'spec: {template: {spec: {containers: [{name: a}]}}}', ['spec', 'template', 'spec']],
    ['batch/v1', 'CronJob', 'spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: a}]}}}}}', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
  ];
  for (const [apiVersion, kind, body, path] of cases) {
    const [m] = parseDocument(`apiVersion: ${apiVersion}\nkind: ${kind}\n${body}\n`).manifests;
    assert.deepEqual(m.podSpec?.path, path, kind);
    assert.equal(m.podSpec?.appContainers[0].name, 'a', kind);
  }
});

test('a CRD named Job in another group is not a pod-bearing kind', () => {
  const [m] = parseDocument('apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nspec: {template: {spec: {containers: []}}}\n').manifests;
  assert.equal(m.podSpec, undefined);
});

test('the items of a kind: List are manifests, with their paths', () => {
  const doc = parseDocument(
    'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    spec: {containers: [{name: a, image: x}]}\n  - apiVersion: v1\n    kind: ConfigMap\n',
  );
  assert.deepEqual(
    doc.manifests.map((m) => [m.kind, m.path]),
    [
      ['Pod', ['items', 0]],
      ['ConfigMap', ['items', 1]],
    ],
  );
  assert.deepEqual(doc.manifests[0].podSpec?.path, ['spec']);
});

test('volumeClaimTemplates of a StatefulSet are read by name', () => {
  const [m] = parseDocument(
    'apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  volumeClaimTemplates:\n    - metadata: {name: data}\n  template: {spec: {containers: []}}\n',
  ).manifests;
  assert.deepEqual(
    m.podSpec!.volumeClaimTemplates.map((v) => v.name),
    ['data'],
  );
});

test('a syntax error is data with an exact range, and the document yields no manifests', () => {
  const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n   image: b\n';
  const doc = parseDocument(text);
  assert.equal(doc.manifests.length, 0);
  assert.ok(doc.syntaxIssues.length >= 1);
  const first = doc.syntaxIssues[0];
  assert.equal(first.severity, 'error');
  assert.equal(doc.lines.positionAt(first.span.start).line, 5);
});

test('parsing never throws on junk', () => {
  for (const junk of ['{', ']]]', ': : :', '- - - -\n\t- x', '&a [*a]', '"unterminated', '\u0000\u0001', 'a: !!binary %%%', '? ? ?\n: : :']) {
    assert.doesNotThrow(() => parseFile(junk));
  }
});

test('files: documents are placed at their offset and line; a Helm template is not analysed', () => {
  const f = parseFile('a: 1\n---\nb: 2\n');
  assert.deepEqual(
    f.documents.map((d) => [d.start, d.startLine]),
    [
      [0, 0],
      [5, 1],
    ],
  );
  const helm = parseFile('apiVersion: v1\nkind: Pod\nspec:\n  replicas: {{ .Values.n }}\n');
  assert.equal(helm.documents.length, 0);
  assert.match(helm.notAnalysed!.reason, /helm template/);
  // A quoted "{{ }}" (Argo, Prometheus rules) is ordinary YAML and is analysed.
  assert.equal(parseFile('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "{{ .x }}"\n').notAnalysed, undefined);
  assert.match(parseFile('a: 1\u0000').notAnalysed!.reason, /binary/);
});

test('an edit re-parses only the documents whose text changed', () => {
  const first = parseFile('a: 1\n---\nb: 2\n');
  const second = parseFile('a: 1\n---\nb: 3\n', first.cache);
  assert.equal(second.documents[0].doc, first.documents[0].doc);
  assert.notEqual(second.documents[1].doc, first.documents[1].doc);
  assert.equal(second.cache.size, 2);
});

test('the cheap checks that skip a walk never skip one that finds something', () => {
  const patch = (key: string) =>
    parseDocument(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n      ${key}: delete\n`);
  // A directive written plainly, with `\x24`, `\u0024` and `\U00000024` (no `$` in the text).
  for (const key of ['$patch', '"\\x24patch"', '"\\u0024patch"', '"\\U00000024patch"']) assert.equal(patch(key).manifests[0].isPatch, true, key);
  assert.equal(patch('"\\tpatch"').manifests[0].isPatch, false);
  // An escaped line break joins a double-quoted key's lines without a space.
  assert.equal(patch('? "$pat\\\n        ch"\n      ').manifests[0].isPatch, true);
  assert.equal(patch('$retainKeys').manifests[0].isPatch, true);
  assert.equal(patch('a$patch').manifests[0].isPatch, false);
  assert.equal(patch('patch').manifests[0].isPatch, false);
  // go-yaml's `\'` in a double-quoted string, with and without other escapes in the text.
  for (const text of ['a: "it\\\'s"\n', 'a: "it\\\'s"\nb: "\\t"\n']) {
    const doc = parseDocument(text);
    assert.deepEqual(doc.syntaxIssues, []);
    assert.equal(doc.yaml?.toJS().a, "it's");
  }
  assert.deepEqual(
    parseDocument('a: "x\\/y"\n').syntaxIssues.map((i) => [i.code, i.span.start, i.span.end]),
    [['BAD_DQ_ESCAPE', 5, 7]],
  );
  // Line starts with `\n` only, and with `\r\n` and a lone `\r`.
  assert.deepEqual(parseDocument('a: 1\nb: 2\n\nc: 3').lines.lineStarts, [0, 5, 10, 11]);
  assert.deepEqual(parseDocument('a: 1\r\nb: 2\rc: 3\n').lines.lineStarts, [0, 6, 11, 16]);
});
