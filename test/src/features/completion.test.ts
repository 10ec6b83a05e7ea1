/**
 * features/completion.ts, data-driven: a manifest with the cursor `⦚` (markers.ts: `|` starts
 * YAML block scalars) and the exact labels expected, in order; insert texts and edits for a few;
 * and the snippet guarantee: every snippet, inserted with its defaults and its additional edits,
 * leaves a pod that initlens finds clean (except the diagnostics listed with their reason).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { defaultOptions, type KubeVersion } from '../../../server/out/config/options';
import { completeInDocument, completionsAt, type CompletionItem } from '../../../server/out/features/completion/index';
import { INIT_SNIPPETS, snippetToPlainText } from '../../../server/out/features/snippets';
import { parseFile } from '../../../server/out/model/file';
import { parseMarkers } from './markers';

const V133: KubeVersion = { major: 1, minor: 33 };

function complete(marked: string, target: KubeVersion = V133): { items: CompletionItem[]; text: string; cursor: number } {
  const { text, cursor } = parseMarkers(marked);
  return { items: completeInDocument(text, cursor, { kubernetesVersion: target }), text, cursor };
}

function check(marked: string, expected: string[], target?: KubeVersion): void {
  assert.deepEqual(
    complete(marked, target).items.map((i) => i.label),
    expected,
  );
}

function item(marked: string, label: string, target?: KubeVersion): CompletionItem & { text: string } {
  const { items, text } = complete(marked, target);
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} in ${items.map((i) => i.label).join(', ')}`);
  return { ...found, text };
}

/** Applies an item with its snippet defaults and its additional edits. */
function apply(text: string, i: CompletionItem): string {
  const edits = [{ span: i.span, newText: i.snippet ? snippetToPlainText(i.insertText) : i.insertText }, ...i.additionalEdits];
  edits.sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

const POD = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n${spec}`;
const APP = `  containers:
    - name: app
      image: nginx:1.27.0
`;

const SNIPPETS = INIT_SNIPPETS.map((s) => s.label);
const NON_SIDECAR_SNIPPETS = INIT_SNIPPETS.filter((s) => !s.sidecar).map((s) => s.label);
// Container keys in schema order, without `name` and `restartPolicyRules` (KEP-5307, 1.34+).
const CONTAINER_KEYS = [
  'args',
  'command',
  'env',
  'envFrom',
  'image',
  'imagePullPolicy',
  'lifecycle',
  'livenessProbe',
  'ports',
  'readinessProbe',
  'resizePolicy',
  'resources',
  'restartPolicy',
  'securityContext',
  'startupProbe',
  'stdin',
  'stdinOnce',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'tty',
  'volumeDevices',
  'volumeMounts',
  'workingDir',
];

describe('completion: keys', () => {
  it('a new init container item: the required name first, then the snippets, then the other keys', () => {
    assert.deepEqual(SNIPPETS, [
      'wait-for-service',
      'wait-for-tcp-port',
      'download-file',
      'run-migrations',
      'git-clone',
      'fix-volume-permissions',
      'sidecar-log-shipper',
      'sidecar-proxy',
    ]);
    check(POD(`  initContainers:\n    - ⦚\n${APP}`), ['name', ...SNIPPETS, ...CONTAINER_KEYS]);
  });

  it('below 1.29 the sidecar snippets are not offered; from 1.34 restartPolicyRules is', () => {
    check(POD(`  initContainers:\n    - ⦚\n${APP}`), ['name', ...NON_SIDECAR_SNIPPETS, ...CONTAINER_KEYS], { major: 1, minor: 28 });
    const keys = complete(POD(`  initContainers:\n    - ⦚\n${APP}`), { major: 1, minor: 34 }).items.map((i) => i.label);
    assert.ok(keys.includes('restartPolicyRules'));
  });

  it('a new app container item: no snippets, no restartPolicy (rejected on app containers)', () => {
    check(POD(`  containers:\n    - name: app\n      image: nginx:1.27.0\n    - ⦚\n`), ['name', ...CONTAINER_KEYS.filter((k) => k !== 'restartPolicy')]);
  });

  it('a key being typed without its colon: the keys the mapping does not have yet', () => {
    check(
      POD(`  initContainers:\n    - name: wait\n      image: busybox:1.36.1\n      ima⦚\n${APP}`),
      CONTAINER_KEYS.filter((k) => k !== 'image'),
    );
  });

  it('the manifest root: apiVersion/kind without a schema, no status with one; server-set metadata left out', () => {
    check('⦚', ['apiVersion', 'kind', 'metadata']);
    check('apiVersion: v1\nkind: Pod\n⦚\n', ['metadata', 'spec']);
    check('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  ⦚\n', ['annotations', 'finalizers', 'generateName', 'labels', 'namespace', 'ownerReferences']);
  });

  it('insert texts follow the type, with the full indentation of the lines after the first', () => {
    const at = POD(`  initContainers:\n    - name: wait\n      ⦚\n${APP}`);
    assert.equal(item(at, 'imagePullPolicy').insertText, 'imagePullPolicy: ${1|Always,IfNotPresent,Never|}');
    assert.equal(item(at, 'env').insertText, 'env:\n        - $0');
    assert.equal(item(at, 'resources').insertText, 'resources:\n        $0');
    assert.equal(item(at, 'stdin').insertText, 'stdin: ${1|true,false|}');
    assert.equal(item(at, 'workingDir').insertText, 'workingDir: $0');
    const rp = item(at, 'restartPolicy');
    assert.deepEqual([rp.insertText, rp.snippet], ['restartPolicy: Always', false]);
    assert.ok(rp.documentation?.startsWith('**Native sidecar.**'));
    assert.equal(item(at, 'startupProbe').detail, 'Probe · sidecars only (restartPolicy: Always)');
    assert.equal(item(POD(`  initContainers:\n    - ⦚\n${APP}`), 'name').detail, 'string · required');
    // The pod's restartPolicy: the kind's values.
    assert.equal(
      item('apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      ⦚\n', 'restartPolicy').insertText,
      'restartPolicy: ${1|OnFailure,Never|}',
    );
  });

  it('on an existing key (colon after the word): the bare key replaces the word', () => {
    const i = item(POD(`  containers:\n    - name: app\n      imag⦚ePullPolicy: Always\n`), 'imagePullPolicy');
    assert.deepEqual([i.insertText, i.snippet, i.text.slice(i.span.start, i.span.end)], ['imagePullPolicy', false, 'imagePullPolicy']);
  });

  it('CRLF documents get CRLF insert texts', () => {
    const i = item(POD(`  containers:\n    - name: app\n      ⦚\n`).replace(/\n/g, '\r\n'), 'env');
    assert.equal(i.insertText, 'env:\r\n        - $0');
  });
});

describe('completion: values', () => {
  it('enum values after `key: ` (and right after the colon, with a space)', () => {
    check(POD(`  containers:\n    - name: app\n      imagePullPolicy: ⦚\n`), ['Always', 'IfNotPresent', 'Never']);
    check(POD(`  containers:\n    - name: app\n      imagePullPolicy: If⦚\n`), ['Always', 'IfNotPresent', 'Never']);
    const i = item(POD(`  containers:\n    - name: app\n      imagePullPolicy:⦚\n`), 'Never');
    assert.equal(i.insertText, ' Never');
    check(POD(`  containers:\n    - name: app\n      stdin: ⦚\n`), ['true', 'false']);
    check(POD(`  containers:\n    - name: app\n      image: ⦚\n`), []);
  });

  it('restartPolicy: what the kind accepts; Always on an init container; nothing on an app container', () => {
    check('apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      restartPolicy: ⦚\n', ['Always']);
    check('apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      restartPolicy: ⦚\n', ['OnFailure', 'Never']);
    check(POD(`  restartPolicy: ⦚\n${APP}`), ['Always', 'OnFailure', 'Never']);
    check(POD(`  initContainers:\n    - name: proxy\n      restartPolicy: ⦚\n${APP}`), ['Always']);
    check(POD(`  containers:\n    - name: app\n      restartPolicy: ⦚\n`), []);
  });

  it('volume names in volumeMounts: declared volumes and claim templates', () => {
    check(
      `apiVersion: apps/v1
kind: StatefulSet
spec:
  template:
    spec:
      containers:
        - name: db
          volumeMounts:
            - name: ⦚
      volumes:
        - name: config
          configMap: { name: db }
  volumeClaimTemplates:
    - metadata:
        name: data
`,
      ['config', 'data'],
    );
    assert.equal(
      item(POD(`  containers:\n    - name: app\n      volumeMounts:\n        - name: ⦚\n  volumes:\n    - name: html\n      emptyDir: {}\n`), 'html').detail,
      'volume · emptyDir',
    );
  });

  it('container names: targetContainerName, podFailurePolicy rules, resourceFieldRef', () => {
    const pod = POD(
      `  initContainers:\n    - name: setup\n  containers:\n    - name: app\n  ephemeralContainers:\n    - name: debug\n      targetContainerName: ⦚\n`,
    );
    check(pod, ['setup', 'app']);
    check(
      `apiVersion: batch/v1
kind: Job
spec:
  podFailurePolicy:
    rules:
      - action: FailJob
        onExitCodes:
          containerName: ⦚
          operator: In
          values: [42]
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: setup
      containers:
        - name: main
`,
      ['setup', 'main'],
    );
    check(
      POD(
        `  containers:\n    - name: app\n      env:\n        - name: CPU\n          valueFrom:\n            resourceFieldRef:\n              containerName: ⦚\n`,
      ),
      ['app'],
    );
  });

  it('apiVersion and kind from the bundled schema', () => {
    check('apiVersion: apps/v1\nkind: ⦚\n', ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet']);
    check('apiVersion: ⦚\nkind: CronJob\n', ['batch/v1']);
  });

  it('values that YAML 1.1 would read as something else are quoted', () => {
    const i = item(POD(`  containers:\n    - name: app\n      volumeMounts:\n        - name: ⦚\n  volumes:\n    - name: "on"\n      emptyDir: {}\n`), 'on');
    assert.equal(i.insertText, '"on"');
  });
});

describe('completion: $(VAR)', () => {
  const ENV = `      env:
        - name: DB_HOST
          value: db
        - name: URL
          value: http://$(⦚
        - name: PORT
          value: "5432"
`;
  it('in command/args: every env name of the container; in an env value: the entries above it', () => {
    check(POD(`  containers:\n    - name: app\n      args: ["--db=$(⦚"]\n${ENV.replace('$(⦚', '$(DB_HOST)')}`), ['DB_HOST', 'URL', 'PORT']);
    check(POD(`  containers:\n    - name: app\n${ENV}`), ['DB_HOST']);
  });

  it('the name and a closing parenthesis replace what is typed', () => {
    const i = item(POD(`  containers:\n    - name: app\n      command:\n        - echo $(DB⦚\n${ENV.replace('$(⦚', 'x')}`), 'DB_HOST');
    assert.deepEqual([i.insertText, i.text.slice(i.span.start, i.span.end), i.detail], ['DB_HOST)', 'DB', 'env[0] = db']);
    const closed = item(POD(`  containers:\n    - name: app\n      command: ["echo", "$(D⦚B)"]\n${ENV.replace('$(⦚', 'x')}`), 'DB_HOST');
    assert.deepEqual([closed.insertText, closed.text.slice(closed.span.start, closed.span.end)], ['DB_HOST', 'DB']);
  });

  it('outside command/args/env values: nothing', () => {
    check(POD(`  containers:\n    - name: app\n      workingDir: /$(⦚\n${ENV.replace('$(⦚', 'x')}`), []);
  });
});

describe('completion: never throws, gives nothing where nothing fits', () => {
  it('comments and flow mappings', () => {
    check(POD(`  containers:\n    - name: app # ima⦚\n`), []);
    check(POD(`  containers: [{ name: app, ima⦚ }]\n`), []);
  });

  it('every offset of broken and odd texts', () => {
    const texts = [
      POD(`  initContainers:\n    - name: a\n      ima\n      command: ["sh", "-c", "echo $(X\n  containers:\n    - name: b\n`),
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    spec:\n      containers:\n        - \n',
      '- a\n- b: [\n  c: {\n',
      '&a [*a]\n',
      ':\n:\n- - - :\n',
      '"unterminated\n  key: \'also\n',
      'apiVersion: v1\r\nkind: Pod\r\nspec:\r\n  containers:\r\n    - \r\n',
    ];
    for (const text of texts) {
      for (let offset = 0; offset <= text.length; offset++) {
        assert.ok(Array.isArray(completeInDocument(text, offset, { kubernetesVersion: V133 })));
      }
    }
  });

  it("a file with several documents: offsets and edits are the file's", () => {
    const { text, cursor } = parseMarkers(`apiVersion: v1\nkind: ConfigMap\n---\n${POD(`  initContainers:\n    - ⦚\n${APP}`)}`);
    const items = completionsAt(parseFile(text), cursor, { kubernetesVersion: V133 });
    const download = items.find((i) => i.label === 'download-file')!;
    assert.deepEqual(download.span, { start: cursor, end: cursor });
    assert.equal(download.additionalEdits[0].span.start, text.length - 1);
    assert.equal(apply(text, download).endsWith('  volumes:\n    - name: shared-data\n      emptyDir: {}\n'), true);
  });
});

describe('completion: snippets', () => {
  it('snippetToPlainText: defaults, mirrors, choices and escapes', () => {
    assert.equal(snippetToPlainText('a: ${1:x} ${1} $1 ${2|p,q|} \\$(V) \\} $0'), 'a: x x x p $(V) } ');
  });

  it('the volume edit: a new item of a block volumes list, a new volumes key, an empty volumes key, or none', () => {
    const existing = item(POD(`  initContainers:\n    - ⦚\n${APP}  volumes:\n    - name: other\n      emptyDir: {}\n`), 'download-file');
    assert.equal(
      apply(existing.text, existing).endsWith('  volumes:\n    - name: other\n      emptyDir: {}\n    - name: shared-data\n      emptyDir: {}\n'),
      true,
    );
    const zeroIndented = item(POD(`  initContainers:\n    - ⦚\n${APP}  volumes:\n  - name: other\n    emptyDir: {}\n`), 'git-clone');
    assert.equal(apply(zeroIndented.text, zeroIndented).endsWith('  volumes:\n  - name: other\n    emptyDir: {}\n  - name: repo\n    emptyDir: {}\n'), true);
    const empty = item(POD(`  initContainers:\n    - ⦚\n${APP}  volumes:\n`), 'download-file');
    assert.equal(apply(empty.text, empty).endsWith('  volumes:\n    - name: shared-data\n      emptyDir: {}\n'), true);
    const none = item(POD(`  initContainers:\n    - ⦚\n${APP}`), 'download-file');
    assert.deepEqual(none.additionalEdits, [
      { span: { start: none.text.length - 1, end: none.text.length - 1 }, newText: '\n  volumes:\n    - name: shared-data\n      emptyDir: {}' },
    ]);
    const declared = item(POD(`  initContainers:\n    - ⦚\n${APP}  volumes:\n    - name: shared-data\n      emptyDir: {}\n`), 'download-file');
    assert.deepEqual(declared.additionalEdits, []);
    // The pod spec ends on the line being completed: `volumes` goes before its first key.
    const last = item(POD(`${APP}  initContainers:\n    - ⦚`), 'download-file');
    assert.equal(apply(last.text, last).startsWith(POD('  volumes:\n    - name: shared-data\n      emptyDir: {}\n  containers:\n')), true);
  });

  it('fix-volume-permissions chowns the volume the app mounts', () => {
    const i = item(
      POD(
        `  initContainers:\n    - ⦚\n  containers:\n    - name: app\n      image: nginx:1.27.0\n      volumeMounts:\n        - name: www\n          mountPath: /srv\n  volumes:\n    - name: www\n      emptyDir: {}\n`,
      ),
      'fix-volume-permissions',
    );
    assert.deepEqual(i.additionalEdits, []);
    assert.ok(snippetToPlainText(i.insertText).includes('volumeMounts:\n        - name: www\n          mountPath: /data'));
  });

  // Where a snippet is inserted, in three layouts; each must give a clean pod.
  const APP_FULL = `  containers:
    - name: app
      image: nginx:1.27.0
      resources:
        requests:
          cpu: 250m
          memory: 256Mi
        limits:
          memory: 512Mi
      volumeMounts:
        - name: cache
          mountPath: /var/cache/nginx
`;
  const VOLUMES = '  volumes:\n    - name: cache\n      emptyDir: {}\n';
  const LAYOUTS: Record<string, string> = {
    'a new `- ` item of initContainers': POD(`  initContainers:\n    - ⦚\n${APP_FULL}${VOLUMES}`),
    'an indented line under an empty initContainers (no volumes key)': POD(
      `  initContainers:\n    ⦚\n${APP_FULL.slice(0, APP_FULL.indexOf('      volumeMounts:'))}`,
    ),
    'the pod spec of a Deployment ending with `initContainers:` (zero-indented items)': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
${APP_FULL.replace(/^/gm, '    ').replace(/\n {4}$/, '\n')}      volumes:
        - name: cache
          emptyDir: {}
      initContainers:
      ⦚`,
  };

  /** Diagnostics a snippet is allowed to leave, with the reason. */
  const ALLOWED: Record<string, Record<string, string>> = {
    'download-file': {
      'init-volume-unused': 'the file is for an app container: the warning stays until one mounts `shared-data`, which the snippet cannot guess',
    },
    'git-clone': { 'init-volume-unused': 'the clone is for an app container: the warning stays until one mounts `repo`' },
    'fix-volume-permissions': {
      'init-volume-unused': 'only where no app container mounts a volume: the snippet then declares `data`, which the app must mount',
    },
  };

  for (const [layout, marked] of Object.entries(LAYOUTS)) {
    it(`every snippet is clean under every rule: ${layout}`, async () => {
      const { items, text } = complete(marked);
      const snippets = items.filter((i) => i.kind === 'snippet');
      assert.deepEqual(
        snippets.map((i) => i.label),
        SNIPPETS,
      );
      for (const s of snippets) {
        const result = apply(text, s);
        const analysis = await analyzeText(result, defaultOptions());
        const unexpected = analysis.diagnostics.filter((d) => !ALLOWED[s.label]?.[d.rule]);
        assert.deepEqual(
          unexpected.map((d) => `${d.rule}: ${d.message}`),
          [],
          `${s.label} in ${layout}:\n${result}`,
        );
      }
    });
  }

  it('a snippet inserted at a `- ` item keeps its first line after the dash', () => {
    const i = item(POD(`  initContainers:\n    - ⦚\n${APP}`), 'wait-for-tcp-port');
    assert.equal(
      apply(i.text, i),
      POD(`  initContainers:
    - name: wait-for-port
      image: busybox:1.36.1
      command:
        - sh
        - -c
        - timeout 120 sh -c 'until nc -z db 5432; do echo waiting for db port 5432; sleep 2; done'
      resources:
        requests:
          cpu: 10m
          memory: 16Mi
        limits:
          memory: 32Mi
${APP}`),
    );
  });
});
