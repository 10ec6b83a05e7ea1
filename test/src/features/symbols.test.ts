/**
 * The outline (features/symbols.ts), data-driven: each case is a YAML text and the outline
 * rendered one symbol a line — `<kind>[/<role>|/pod] <name>[ · <detail>] <range> «<selection text>»`,
 * ranges as 0-based `line:character`, children indented by two spaces.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileSymbols, type OutlineSymbol } from '../../../server/out/features/symbols';
import { parseFile } from '../../../server/out/model/file';
import { deployment } from '../manifests';

function render(text: string): string {
  const model = parseFile(text);
  const pos = (o: number) => {
    const p = model.lines.positionAt(o);
    return `${p.line}:${p.character}`;
  };
  const lines = (s: OutlineSymbol, indent: string): string[] => {
    assert.ok(s.selectionSpan.start >= s.span.start && s.selectionSpan.end <= s.span.end, `selection of ${s.name} outside its range`);
    const kind = s.kind + (s.role ? `/${s.role}` : '') + (s.workload ? '/pod' : '');
    const detail = s.detail ? ` · ${s.detail}` : '';
    const head = `${indent}${kind} ${s.name}${detail} ${pos(s.span.start)}-${pos(s.span.end)} «${text.slice(s.selectionSpan.start, s.selectionSpan.end)}»`;
    return [head, ...s.children.flatMap((c) => lines(c, `${indent}  `))];
  };
  return fileSymbols(model)
    .flatMap((s) => lines(s, ''))
    .join('\n');
}

function check(text: string, expected: string): void {
  assert.equal(render(text), expected.trim());
}

const POD_SPEC = `initContainers:
  - name: wait-db
    image: busybox:1.36
  - name: proxy
    image: envoyproxy/envoy:v1.30.0
    restartPolicy: Always
  - image: busybox:1.36
containers:
  - name: app
    image: nginx:1.27
ephemeralContainers: []
volumes:
  - name: data
    emptyDir: {}
  - name: 'config'
    configMap: {name: web-config}
`;

const FILE = `${deployment(POD_SPEC, { name: '"web"' })}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: broken
---
# only a comment
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      containers: [{name: db, image: "postgres:16"}]
  volumeClaimTemplates:
    - metadata: {name: pgdata}
      spec: {}
`;

describe('document symbols', () => {
  test('a file: each manifest, its init containers in order (sidecar marked), containers, volumes; nothing from a broken document', () => {
    check(
      FILE,
      `
manifest/pod Deployment web · apps/v1 0:0-26:39 «web»
  group initContainers 11:6-17:29 «initContainers»
    container/init wait-db · busybox:1.36 12:10-13:29 «wait-db»
    container/sidecar proxy (sidecar) · envoyproxy/envoy:v1.30.0 14:10-16:31 «proxy»
    container/init initContainers[2] · busybox:1.36 17:10-17:29 «image»
  group containers 18:6-20:27 «containers»
    container/app app · nginx:1.27 19:10-20:27 «app»
  group volumes 22:6-26:39 «volumes»
    volume data · emptyDir 23:10-24:22 «data»
    volume config · configMap 25:10-26:39 «config»
manifest Service web · v1 28:0-32:21 «web»
manifest/pod StatefulSet db · apps/v1 40:0-49:14 «db»
  group containers 46:6-46:52 «containers»
    container/app db · postgres:16 46:19-46:51 «db»
  group volumeClaimTemplates 47:2-49:14 «volumeClaimTemplates»
    volume pgdata 48:6-49:14 «pgdata»
`,
    );
  });

  test('ephemeral containers, a CronJob, a manifest without a name (selection: its kind)', () => {
    check(
      `apiVersion: batch/v1
kind: CronJob
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: run
              image: busybox:1.36
          ephemeralContainers:
            - name: debug
              image: busybox:1.36
              targetContainerName: run
`,
      `
manifest/pod CronJob · batch/v1 0:0-15:38 «CronJob»
  group containers 9:10-11:33 «containers»
    container/app run · busybox:1.36 10:14-11:33 «run»
  group ephemeralContainers 12:10-15:38 «ephemeralContainers»
    container/ephemeral debug · busybox:1.36 13:14-15:38 «debug»
`,
    );
  });

  test('a kind: List: one symbol per item', () => {
    check(
      `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: a}
    spec:
      containers: [{name: c, image: busybox}]
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: b}
`,
      `
manifest/pod Pod a · v1 3:4-7:45 «a»
  group containers 7:6-7:45 «containers»
    container/app c · busybox 7:19-7:44 «c»
manifest ConfigMap b · v1 8:4-10:23 «b»
`,
    );
  });

  test('no manifests: a syntax error, a Helm template, plain data, an empty file', () => {
    check('apiVersion: v1\nkind: Pod\nmetadata: {name: p\n', '');
    check('apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n', '');
    check('just: data\n', '');
    check('', '');
  });

  test('CRLF line endings: ranges end on the last character of the line', () => {
    check(
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - name: c\r\n      image: busybox\r\n',
      `
manifest/pod Pod p · v1 0:0-7:20 «p»
  group containers 5:2-7:20 «containers»
    container/app c · busybox 6:6-7:20 «c»
`,
    );
  });
});
