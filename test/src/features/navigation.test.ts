/**
 * Definition, references, prepareRename and rename over the model, data-driven: each case is a
 * YAML text with the cursor `⦚` and the expected spans `«…»` (see markers.ts), checked by one
 * helper per feature. Renames give the text before (with the cursor) and the exact text after,
 * and the text after must analyse with no diagnostic the text before did not have.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';
import { applyEdits } from '../../../server/out/edits/yamlEdit';
import { definition, prepareRename, references, rename, variableAt } from '../../../server/out/features/navigation';
import { parseFile } from '../../../server/out/model/file';
import { parseMarkers, renderMarkers } from './markers';

function checkDefinition(marked: string): void {
  const { text, cursor, spans } = parseMarkers(marked);
  assert.ok(cursor >= 0, 'the case needs a cursor');
  const actual = definition(parseFile(text), cursor);
  assert.equal(renderMarkers(text, cursor, actual), renderMarkers(text, cursor, spans));
}

function checkReferences(marked: string, includeDeclaration = true): void {
  const { text, cursor, spans } = parseMarkers(marked);
  const actual = references(parseFile(text), cursor, includeDeclaration);
  assert.equal(renderMarkers(text, cursor, actual), renderMarkers(text, cursor, spans));
}

/** `«…»` marks the range prepareRename answers; no span: it answers nothing. */
function checkPrepare(marked: string, placeholder?: string): void {
  const { text, cursor, spans } = parseMarkers(marked);
  const result = prepareRename(parseFile(text), cursor);
  if (spans.length === 0) return assert.equal(result, undefined);
  assert.ok(result && 'span' in result, `expected a rename range, got ${JSON.stringify(result)}`);
  assert.equal(renderMarkers(text, cursor, [result.span]), renderMarkers(text, cursor, spans));
  if (placeholder !== undefined) assert.equal(result.placeholder, placeholder);
}

function diagnosticRules(d: { rule: string; severity: string }[]): string[] {
  return d.map((x) => `${x.severity} ${x.rule}`).sort();
}

async function checkRename(before: string, newName: string, after: string): Promise<void> {
  const { text, cursor } = parseMarkers(before);
  const result = rename(parseFile(text), cursor, newName);
  assert.ok('edits' in result, `rename refused: ${JSON.stringify(result)}`);
  const renamed = applyEdits(text, result.edits);
  assert.equal(renamed, after);
  // No new diagnostics: every diagnostic after was there before.
  const was = diagnosticRules((await analyzeText(text, defaultOptions())).diagnostics);
  const now = diagnosticRules((await analyzeText(renamed, defaultOptions())).diagnostics);
  const left = [...was];
  for (const d of now) {
    const i = left.indexOf(d);
    assert.ok(i >= 0, `the rename added a diagnostic: ${d} (before: ${JSON.stringify(was)}, after: ${JSON.stringify(now)})`);
    left.splice(i, 1);
  }
}

function checkRenameRefused(before: string, newName: string, message: RegExp): void {
  const { text, cursor } = parseMarkers(before);
  const result = rename(parseFile(text), cursor, newName);
  assert.ok('error' in result, `rename should be refused, got ${JSON.stringify(result)}`);
  assert.match(result.error, message);
}

/** A Deployment with every place that names a volume or a container. */
const POD = (m: Record<string, string> = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
      annotations:
        kubectl.kubernetes.io/default-container: ${m.annotation ?? 'app'}
    spec:
      initContainers:
        - name: ${m.init ?? 'wait-db'}
          image: busybox:1.36
          volumeMounts:
            - name: ${m.initMount ?? 'data'}
              mountPath: /data
        - name: ${m.sidecar ?? 'proxy'}
          image: envoyproxy/envoy:v1.30.0
          restartPolicy: Always
          volumeMounts:
            - name: ${m.sidecarMount ?? '"data"'}
              mountPath: /var/data
              readOnly: true
            - name: ${m.sidecarCache ?? 'cache'}
              mountPath: /cache
      containers:
        - name: ${m.app ?? 'app'}
          image: nginx:1.27
          volumeMounts:
            - name: ${m.appMount ?? "'data'"}
              mountPath: /usr/share/nginx/html
      volumes:
        - name: ${m.data ?? 'data'}
          emptyDir: {}
        - name: ${m.cache ?? 'cache'}
          emptyDir: {}
`;

describe('definition', () => {
  test('from a mount name to the volume (plain, double-quoted, single-quoted mounts)', () => {
    checkDefinition(POD({ initMount: 'da⦚ta', data: '«data»' }));
    checkDefinition(POD({ sidecarMount: '"⦚data"', data: '«data»' }));
    checkDefinition(POD({ appMount: "'data'⦚", data: '«data»' }));
    checkDefinition(POD({ sidecarCache: '⦚cache', cache: '«cache»' }));
  });

  test('the target of a quoted volume name excludes the quotes', () => {
    checkDefinition(POD({ initMount: 'data⦚', data: '"«data»"' }));
  });

  test('from a declaration to itself (editors then offer the references)', () => {
    checkDefinition(POD({ data: '«da⦚ta»' }));
    checkDefinition(POD({ app: '«a⦚pp»' }));
  });

  test('a mount of an undefined volume: nothing', () => {
    checkDefinition(POD({ sidecarCache: 'cach⦚ed' }));
  });

  test('from the default-container annotation to the container', () => {
    checkDefinition(POD({ annotation: '⦚app', app: '«app»' }));
  });

  test('a key, a mountPath, an image: nothing', () => {
    checkDefinition(POD().replace('mountPath: /data', 'mount⦚Path: /data'));
    checkDefinition(POD().replace('image: nginx', 'image: ngi⦚nx'));
    checkDefinition(POD().replace('  volumes:', '  vol⦚umes:'));
  });

  test('from a mount to a StatefulSet claim template', () => {
    checkDefinition(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - name: db
          image: postgres:16
          volumeMounts:
            - {name: pg⦚data, mountPath: /var/lib/postgresql/data}
  volumeClaimTemplates:
    - metadata:
        name: «pgdata»
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
`);
  });

  test('from a volumeDevices name to the volume', () => {
    checkDefinition(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: busybox:1.36
      volumeDevices:
        - name: ⦚block
          devicePath: /dev/xvda
  volumes:
    - name: «block»
      persistentVolumeClaim: {claimName: block-pvc}
`);
  });

  test('from targetContainerName and a podFailurePolicy containerName to the container', () => {
    checkDefinition(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: «app»
      image: busybox:1.36
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
      targetContainerName: ap⦚p
`);
    checkDefinition(`apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      podFailurePolicy:
        rules:
          - action: FailJob
            onExitCodes:
              containerName: "⦚main"
              operator: In
              values: [42]
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: «main»
              image: busybox:1.36
`);
  });

  const ENV = (command: string, env: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: busybox:1.36
      command: ${command}
      env:
${env}`;

  test('from $(VAR) in command and args to the env entry', () => {
    checkDefinition(ENV('["sh", "-c", "echo $(GRE⦚ETING)"]', '        - name: «GREETING»\n          value: hello\n'));
    checkDefinition(ENV('[echo, ⦚$(GREETING)]', '        - name: «GREETING»\n          value: hello\n'));
    checkDefinition(ENV('[echo, $(GREETING)⦚]', '        - name: «GREETING»\n          value: hello\n'));
    checkDefinition(
      ENV('[sh]', '        - name: «GREETING»\n          value: hello\n').replace(
        '      env:',
        '      args:\n        - |\n          echo $(GREETING⦚) $(X)\n      env:',
      ),
    );
  });

  test('$(VAR) in an env value: only entries defined earlier; the last of them wins', () => {
    const env =
      '        - name: HOST\n          value: db\n        - name: «HOST»\n          value: db2\n        - name: URL\n          value: "postgres://$(HO⦚ST):5432"\n        - name: HOST\n          value: late\n';
    checkDefinition(ENV('[run]', env));
    // Defined only after the reference: Kubernetes leaves `$(LATER)` as it is.
    checkDefinition(ENV('[run]', '        - name: URL\n          value: $(LAT⦚ER)/x\n        - name: LATER\n          value: x\n'));
  });

  test('$(VAR) in command uses every entry, the last one with the name', () => {
    checkDefinition(ENV('[echo, $(A⦚)]', '        - name: A\n          value: "1"\n        - name: «A»\n          value: "2"\n'));
  });

  test('$$(VAR) is escaped, an undefined variable and text outside $(…) give nothing', () => {
    checkDefinition(ENV('[echo, $$(A⦚)]', '        - name: A\n          value: "1"\n'));
    checkDefinition(ENV('[echo, $(NOPE⦚)]', '        - name: A\n          value: "1"\n'));
    checkDefinition(ENV('[ec⦚ho, $(A)]', '        - name: A\n          value: "1"\n'));
  });

  test('$(VAR) in a volumeMounts subPathExpr', () => {
    checkDefinition(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: busybox:1.36
      env:
        - name: «POD_NAME»
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
      volumeMounts:
        - name: logs
          mountPath: /logs
          subPathExpr: $(POD_N⦚AME)
  volumes:
    - {name: logs, emptyDir: {}}
`);
  });

  test('$(VAR) outside an expanding field (an image, a label) gives nothing', () => {
    checkDefinition(ENV('[run]', '        - name: A\n          value: "1"\n').replace('image: busybox:1.36', 'image: busybox:$(A⦚)'));
  });

  test('in the second document of a file: file offsets', () => {
    checkDefinition(`apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
---
${POD({ appMount: 'da⦚ta', data: '«data»' })}`);
  });
});

describe('variableAt', () => {
  const at = (s: string) => {
    const { text, cursor } = parseMarkers(s);
    return variableAt(text, 0, text.length, cursor);
  };
  test('reads $(NAME) under the cursor, honouring $$ escapes', () => {
    assert.equal(at('⦚$(A)'), 'A');
    assert.equal(at('$(A)⦚'), 'A');
    assert.equal(at('x $(A) $(B⦚)'), 'B');
    assert.equal(at('$$(A⦚)'), undefined);
    assert.equal(at('$$$(A⦚)'), 'A');
    assert.equal(at('$(A⦚'), undefined);
    assert.equal(at('$(a b⦚)'), undefined);
    assert.equal(at('$(⦚)'), undefined);
  });
});

describe('references', () => {
  test('of a volume, from its declaration or any mount: the declaration and every mount of every container', () => {
    for (const [key, value] of [
      ['initMount', '«d⦚ata»'],
      ['sidecarMount', '"«data»⦚"'],
      ['appMount', "'«⦚data»'"],
      ['data', '«dat⦚a»'],
    ]) {
      checkReferences(POD({ initMount: '«data»', sidecarMount: '"«data»"', appMount: "'«data»'", data: '«data»', [key]: value }));
    }
  });

  test('without the declaration when the client asks so', () => {
    checkReferences(POD({ initMount: '«data»', sidecarMount: '"«data»"', appMount: "'«data»'", data: 'da⦚ta' }), false);
  });

  test('of a container: its name, the default-container annotation, targetContainerName, podFailurePolicy, AppArmor key', () => {
    checkReferences(`apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  podFailurePolicy:
    rules:
      - action: FailJob
        onExitCodes: {containerName: «main», operator: In, values: [42]}
      - action: Ignore
        onPodConditions: [{type: DisruptionTarget}]
  template:
    metadata:
      annotations:
        kubectl.kubernetes.io/default-container: "«main»"
        container.apparmor.security.beta.kubernetes.io/«main»: runtime/default
        container.apparmor.security.beta.kubernetes.io/other: runtime/default
    spec:
      restartPolicy: Never
      containers:
        - name: «ma⦚in»
          image: busybox:1.36
        - name: other
          image: busybox:1.36
      ephemeralContainers:
        - name: debug
          image: busybox:1.36
          targetContainerName: «main»
`);
  });

  test('not across pods: another manifest with the same names is not included', () => {
    checkReferences(`${POD({ initMount: '«data»', sidecarMount: '"«data»"', appMount: "'«data»'", data: '«d⦚ata»' })}---
${POD()}`);
  });

  test('a mount of an undefined volume: the mounts with that name', () => {
    checkReferences(POD({ initMount: '«ghost»', appMount: '«gh⦚ost»' }));
  });

  test('not on a name: nothing', () => {
    checkReferences(POD().replace('mountPath: /cache', 'mountPath: /ca⦚che'));
    checkReferences(`apiVersion: v1
kind: ConfigMap
metadata: {name: c⦚fg}
`);
  });

  test('a document with syntax errors: nothing', () => {
    checkReferences(POD({ data: 'da⦚ta' }).replace('emptyDir: {}', 'emptyDir: {'));
  });
});

describe('prepareRename', () => {
  test('a volume or container name: the name without quotes', () => {
    checkPrepare(POD({ data: '«d⦚ata»' }), 'data');
    checkPrepare(POD({ sidecarMount: '"«⦚data»"' }), 'data');
    checkPrepare(POD({ appMount: "'«data»⦚'" }), 'data');
    checkPrepare(POD({ sidecar: '«pro⦚xy»' }), 'proxy');
    checkPrepare(POD({ annotation: '«⦚app»' }), 'app');
  });

  test('anything else: nothing', () => {
    checkPrepare(POD().replace('name: web', 'name: w⦚eb'));
    checkPrepare(POD().replace('image: nginx', 'im⦚age: nginx'));
    checkPrepare(POD().replace('mountPath: /data', 'mountPath: /da⦚ta'));
    checkPrepare(POD().replace('emptyDir: {}', 'emptyDir: {⦚}'));
    checkPrepare(POD({ init: '|-\n            wait-d⦚b' }));
  });

  test('a name written through an alias: refused with a reason', () => {
    const { text, cursor } = parseMarkers(POD({ data: '&v da⦚ta', appMount: '*v' }));
    const result = prepareRename(parseFile(text), cursor);
    assert.ok(result && 'error' in result);
    assert.match(result.error, /alias/);
  });
});

describe('rename', () => {
  test('a volume: the declaration and every mount, quoting kept', async () => {
    await checkRename(POD({ data: 'd⦚ata' }), 'content', POD({ initMount: 'content', sidecarMount: '"content"', appMount: "'content'", data: 'content' }));
  });

  test('a volume from a mount, to a name that needs quotes in YAML (digits, yes)', async () => {
    await checkRename(POD({ sidecarCache: 'cac⦚he' }), '123', POD({ sidecarCache: '"123"', cache: '"123"' }));
    await checkRename(POD({ sidecarCache: 'cac⦚he' }), 'yes', POD({ sidecarCache: '"yes"', cache: '"yes"' }));
  });

  test('a container: its name and the default-container annotation', async () => {
    await checkRename(POD({ app: 'a⦚pp' }), 'web', POD({ app: 'web', annotation: 'web' }));
  });

  test('a sidecar: only its name', async () => {
    await checkRename(POD({ sidecar: 'prox⦚y' }), 'envoy', POD({ sidecar: 'envoy' }));
  });

  test('a container of a Job: podFailurePolicy, AppArmor key, targetContainerName', async () => {
    const JOB = (n: string, cursor = '') => `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  podFailurePolicy:
    rules:
      - action: FailJob
        onExitCodes: {containerName: ${n}, operator: In, values: [42]}
  template:
    metadata:
      annotations:
        "container.apparmor.security.beta.kubernetes.io/${n}": runtime/default
    spec:
      restartPolicy: Never
      containers:
        - name: ${cursor}${n}
          image: busybox:1.36
      ephemeralContainers:
        - name: debug
          image: busybox:1.36
          targetContainerName: ${n}
`;
    await checkRename(JOB('main', '⦚'), 'migrate', JOB('migrate'));
  });

  test('a StatefulSet claim template from a mount', async () => {
    const STS = (n: string, cursor = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - name: db
          image: postgres:16
          volumeMounts:
            - {name: ${cursor}${n}, mountPath: /var/lib/postgresql/data}
  volumeClaimTemplates:
    - metadata:
        name: ${n}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
`;
    await checkRename(STS('pgdata', '⦚'), 'pg', STS('pg'));
  });

  test('in the second document: edits at file offsets, the first document untouched', async () => {
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: data}\n---\n';
    await checkRename(head + POD({ data: '⦚data' }), 'store', head + POD({ initMount: 'store', sidecarMount: '"store"', appMount: "'store'", data: 'store' }));
  });

  test('CRLF line endings are kept', async () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    await checkRename(crlf(POD({ cache: 'ca⦚che' })), 'tmp', crlf(POD({ sidecarCache: 'tmp', cache: 'tmp' })));
  });

  test('the same name: no edits', () => {
    const { text, cursor } = parseMarkers(POD({ data: 'da⦚ta' }));
    assert.deepEqual(rename(parseFile(text), cursor, 'data'), { edits: [] });
  });

  test('refused: not a name, an invalid label, a name already taken, an alias', () => {
    checkRenameRefused(POD().replace('image: nginx', 'image: ng⦚inx'), 'x', /^nothing to rename here: only a volume name or a container name can be renamed$/);
    checkRenameRefused(POD({ data: 'da⦚ta' }), 'Data', /^"Data" is not a valid volume name: a lowercase RFC 1123 label must consist of/);
    checkRenameRefused(POD({ app: 'a⦚pp' }), 'my_app', /^"my_app" is not a valid container name/);
    checkRenameRefused(POD({ app: 'a⦚pp' }), 'a'.repeat(64), /must be no more than 63 characters/);
    checkRenameRefused(POD({ app: 'a⦚pp' }), '', /^"" is not a valid container name/);
    checkRenameRefused(POD({ data: 'da⦚ta' }), 'cache', /^a volume named `cache` already exists in this pod/);
    checkRenameRefused(POD({ app: 'a⦚pp' }), 'wait-db', /^a container named `wait-db` already exists in this pod/);
    checkRenameRefused(POD({ data: '&v da⦚ta', appMount: '*v' }), 'x', /alias/);
  });
});
