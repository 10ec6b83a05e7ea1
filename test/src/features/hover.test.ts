/**
 * features/hover.ts, data-driven: a manifest with the cursor `⦚` (markers.ts: `|` starts YAML
 * block scalars) and `«…»` around the span the hover is about, and the exact Markdown expected
 * (or the lines it must contain).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeVersion } from '../../../server/out/config/options';
import { apiReference, parseDefinitionName } from '../../../server/out/features/apiReference';
import { hoverAt } from '../../../server/out/features/hover/index';
import { parseFile } from '../../../server/out/model/file';
import { deployment } from '../manifests';
import { parseMarkers, renderMarkers } from './markers';

const V133: KubeVersion = { major: 1, minor: 33 };

function hover(marked: string, target: KubeVersion = V133) {
  const { text, cursor, spans } = parseMarkers(marked);
  const h = hoverAt(parseFile(text), cursor, { kubernetesVersion: target });
  return { h, text, cursor, spans };
}

/** Exact Markdown, and the span when the text marks one. */
function check(marked: string, expected: string | undefined, target?: KubeVersion): void {
  const { h, text, cursor, spans } = hover(marked, target);
  if (expected === undefined) {
    assert.equal(h, undefined, `no hover expected, got ${h?.markdown}`);
    return;
  }
  assert.ok(h, 'a hover');
  assert.equal(h.markdown, expected);
  if (spans.length) assert.equal(renderMarkers(text, cursor, [h.span]), renderMarkers(text, cursor, spans));
}

/** A container's name: its own part exactly, then the Debug section (test/src/lsp/debugHover.test.ts checks what it says). */
function checkName(marked: string, expected: string): void {
  const { h, text, cursor, spans } = hover(marked);
  assert.ok(h, 'a hover');
  const [own, debug, ...rest] = h.markdown.split('\n\n---\n\n');
  assert.equal(own, expected);
  assert.ok(debug.startsWith('**Debug** (nothing runs until you do)\n\n```sh\nkubectl logs -l app=web -c '), debug);
  assert.deepEqual(rest, []);
  assert.equal(renderMarkers(text, cursor, [h.span]), renderMarkers(text, cursor, spans));
}

/** The Markdown contains every one of `parts`. */
function checkHas(marked: string, parts: string[], target?: KubeVersion): string {
  const { h } = hover(marked, target);
  assert.ok(h, 'a hover');
  for (const p of parts) assert.ok(h.markdown.includes(p), `missing ${JSON.stringify(p)} in:\n${h.markdown}`);
  return h.markdown;
}

/** The worked example of ground truth §2, as a Deployment. */
const WORKED = (mark: (name: string) => string = (n) => n) =>
  deployment(`initContainers:
  ${mark('- name: wait-db')}
    image: busybox:1.36
    resources:
      requests: { cpu: 500m, memory: 256Mi }
  - name: ${mark('proxy')}
    image: envoyproxy/envoy:v1.31.2
    restartPolicy: Always
    startupProbe:
      tcpSocket: { port: 15001 }
    resources:
      requests: { cpu: 100m, memory: 128Mi }
  - name: ${mark('migrate')}
    image: app:1.0
    resources:
      requests: { cpu: "1", memory: 512Mi }
  - name: ${mark('log-agent')}
    image: fluent/fluent-bit:3.1.9
    restartPolicy: Always
    resources:
      requests: { cpu: 50m, memory: 64Mi }
containers:
  - name: ${mark('app')}
    image: app:1.0
    resources:
      requests: { cpu: 300m, memory: 256Mi }
  - name: worker
    image: app:1.0
    resources:
      requests: { cpu: 200m, memory: 128Mi }
`);

const at = (name: string) => (n: string) => (n === name ? (n.startsWith('- ') ? `«⦚-»${n.slice(1)}` : `«${n.slice(0, 2)}⦚${n.slice(2)}»`) : n);

describe('hover: containers (their place in the startup plan)', () => {
  it('a sidecar by its name value: step, waits for, waited on by, stop order, request share', () => {
    checkName(
      WORKED(at('proxy')),
      [
        '**`spec.template.spec.initContainers[1]`** `proxy` · Init 2 of 4 · sidecar',
        '',
        '- Waits for: `wait-db` (exit 0)',
        '- Waited on by: `migrate` (startupProbe succeeds)',
        '- Stops: after `log-agent`',
        '- Requests: cpu 100m of 1100m (9.1%) · memory 128Mi of 640Mi (20%)',
      ].join('\n'),
    );
  });

  it('the init container that sets the pod request says so', () => {
    checkName(
      WORKED(at('migrate')),
      [
        '**`spec.template.spec.initContainers[2]`** `migrate` · Init 3 of 4',
        '',
        '- Waits for: `proxy` (startupProbe succeeds)',
        '- Waited on by: `log-agent` (exit 0)',
        '- Runs beside: sidecar `proxy`',
        '- Requests: cpu 1 of 1100m (91%), sets the pod value · memory 512Mi of 640Mi (80%), sets the pod value',
      ].join('\n'),
    );
  });

  it('the first init container by the dash of its item', () => {
    check(
      WORKED(at('- name: wait-db')),
      [
        '**`spec.template.spec.initContainers[0]`** `wait-db` · Init 1 of 4',
        '',
        '- Waits for: nothing, it runs first',
        '- Waited on by: `proxy` (exit 0)',
        '- Requests: cpu 500m of 1100m (45%) · memory 256Mi of 640Mi (40%)',
      ].join('\n'),
    );
  });

  it('an app container waits for the last init container; sidecars run beside it', () => {
    checkName(
      WORKED(at('app')),
      [
        '**`spec.template.spec.containers[0]`** `app` · App 1 of 2',
        '',
        '- Waits for: `log-agent` (running)',
        '- Waited on by: nothing, app containers start together',
        '- Runs beside: sidecar `proxy`, sidecar `log-agent`',
        '- Requests: cpu 300m of 1100m (27%) · memory 256Mi of 640Mi (40%)',
      ].join('\n'),
    );
  });

  it('a container that requests nothing gives the pod totals', () => {
    checkHas(
      `apiVersion: v1
kind: Pod
spec:
  containers:
    - name: a⦚pp
      image: nginx:1.27
`,
      ['`app` · App 1 of 1', '- Waits for: nothing, no init containers', '- Requests: none'],
    );
  });
});

describe('hover: the Debug section on a container name', () => {
  it('past 7 STATUS values the middle ones are left out; the container says its own', () => {
    const init = Array.from({ length: 9 }, (_, i) => `    - name: ${i === 4 ? 'st⦚ep-4' : `step-${i}`}\n      image: busybox:1.36.1`).join('\n');
    checkHas(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  initContainers:\n${init}\n  containers:\n    - name: app\n      image: app:1.0\n`, [
      '\n```sh\nkubectl logs big -c step-4\n',
      '4. the STATUS: `Init:0/9` → `Init:1/9` → … → `Init:8/9` → `PodInitializing` → `Running`; `step-4` runs at `Init:4/9`;',
    ]);
  });

  it('no Debug section on the dash of the item, nor for a container without a name', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    ⦚- image: app:1.0\n`;
    const md = checkHas(text, ['App 1 of 1']);
    assert.ok(!md.includes('**Debug**'), md);
  });
});

describe('hover: containers at the target version (ground truth §6)', () => {
  const text = `apiVersion: v1
kind: Pod
spec:
  volumes:
    - {name: config, emptyDir: {}}
  initContainers:
    - name: setup-env⦚file
      image: busybox
      restartPolicy: Never
      volumeMounts: [{name: config, mountPath: /config}]
  containers:
    - name: app
      image: app
      env:
        - name: DB_HOST
          valueFrom: {fileKeyRef: {volumeName: config, path: config.env, key: DB_HOST}}
`;
  it('from 1.35 an init container with restartPolicy Never says that a failure fails the pod', () => {
    checkHas(
      text,
      ["- On failure: container restartPolicy Never: one try; a non-zero exit: the pod fails (phase Failed, Init:Error), whatever the pod's restartPolicy"],
      { major: 1, minor: 35 },
    );
    const at34 = checkHas(text, ['`setup-envfile` · Init 1 of 1'], { major: 1, minor: 34 });
    assert.ok(!at34.includes('On failure'), at34);
  });

  it('the consumer of an env file names the init container that writes it', () => {
    const app = text.replace('setup-env⦚file', 'setup-envfile').replace('- name: app', '- name: a⦚pp');
    checkHas(app, ['- Env file: env `DB_HOST` ← file `config.env` written by setup-envfile'], { major: 1, minor: 35 });
  });
});

describe('hover: volumes (who mounts them where, in startup order)', () => {
  const NGINX = (cursorAtDeclaration: boolean) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: download-config
      image: busybox:1.36.1
      volumeMounts:
        - name: ${cursorAtDeclaration ? 'html' : '«ht⦚ml»'}
          mountPath: /usr/share/nginx/html
  containers:
    - name: nginx
      image: nginx:1.27
      volumeMounts:
        - name: html
          mountPath: /usr/share/nginx/html
        - name: conf
          mountPath: /etc/nginx/nginx.conf
          subPath: nginx.conf
  volumes:
    - name: ${cursorAtDeclaration ? '«ht⦚ml»' : 'html'}
      emptyDir: {}
    - name: conf
      configMap: { name: nginx }
`;
  const EXPECTED = [
    '**`spec.volumes[0]`** volume `html` · `emptyDir`',
    '',
    'In startup order:',
    '',
    '- written by init `download-config` at `/usr/share/nginx/html`',
    '- read by `nginx` at `/usr/share/nginx/html`',
  ].join('\n');

  it('at the declaration', () => check(NGINX(true), EXPECTED));
  it('at a mount name', () => check(NGINX(false), EXPECTED));

  it('a configMap volume is only read; a subPath is shown', () => {
    const text = NGINX(false).replace('«ht⦚ml»', 'html').replace('    - name: conf\n      configMap', '    - name: co⦚nf\n      configMap');
    check(
      text,
      [
        '**`spec.volumes[1]`** volume `conf` · `configMap`',
        '',
        'In startup order:',
        '',
        '- read by `nginx` at `/etc/nginx/nginx.conf` (subPath `nginx.conf`)',
      ].join('\n'),
    );
  });

  it('a mount of an undeclared volume', () => {
    checkHas(
      `apiVersion: v1
kind: Pod
spec:
  containers:
    - name: app
      image: nginx:1.27
      volumeMounts:
        - name: ca⦚che
          mountPath: /cache
`,
      ['**volume `cache`**', 'Not declared in `spec.volumes`', '- mounted by `app` at `/cache`'],
    );
  });
});

describe('hover: $(VAR) in command, args and env', () => {
  const POD = (line: string, env = '') => `apiVersion: v1
kind: Pod
spec:
  containers:
    - name: app
      image: nginx:1.27
${line}${env}
`;
  const ENV = `
      env:
        - name: DB_HOST
          value: db.default.svc
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: { name: db, key: password }`;

  it('resolves to the env entry', () => {
    check(
      POD('      args: ["--host=«$(DB_⦚HOST)»"]', ENV),
      '**`$(DB_HOST)`** in `spec.containers[0].args[0]`\n\nResolves to env `DB_HOST` of `app` (`env[0]`) = `db.default.svc`.',
    );
    check(
      POD('      command: ["sh", "-c", "psql --password=«$(DB_PASSWO⦚RD)»"]', ENV),
      '**`$(DB_PASSWORD)`** in `spec.containers[0].command[2]`\n\nResolves to env `DB_PASSWORD` of `app` (`env[1]`) from secret `db` key `password`.',
    );
  });

  it('not defined: passed literally', () => {
    check(POD('      args: ["«$(NO⦚PE)»"]', ENV), '**`$(NOPE)`** in `spec.containers[0].args[0]`\n\nNot defined: passed literally as `$(NOPE)`.');
  });

  it('escaped with $$', () => {
    check(
      POD('      args: ["«$$(DB_⦚HOST)»"]', ENV),
      '**`$(DB_HOST)`** in `spec.containers[0].args[0]`\n\nEscaped with `$$`: passed as the literal text `$(DB_HOST)`.',
    );
  });

  it('in an env value, only the entries above it are expanded', () => {
    const text = `apiVersion: v1
kind: Pod
spec:
  containers:
    - name: app
      image: nginx:1.27
      env:
        - name: URL
          value: http://«$(HO⦚ST)»:8080
        - name: HOST
          value: db
`;
    check(
      text,
      '**`$(HOST)`** in `spec.containers[0].env[0].value`\n\n`HOST` is defined later (`env[1]`): only entries above this one are expanded, so it is passed literally.',
    );
  });

  it('envFrom may define it', () => {
    checkHas(POD('      args: ["$(FR⦚OM)"]\n      envFrom:\n        - configMapRef: { name: settings }'), [
      'it resolves if `envFrom` (configMap `settings`) defines it',
    ]);
  });
});

describe('hover: initContainers and restartPolicy: Always', () => {
  it('initContainers: three lines for this pod (restartPolicy Never)', () => {
    check(
      `apiVersion: v1
kind: Pod
spec:
  restartPolicy: Never
  «initCon⦚tainers»:
    - name: a
      image: busybox:1.36.1
    - name: b
      image: busybox:1.36.1
      restartPolicy: Always
  containers:
    - name: app
      image: nginx:1.27
`,
      [
        '**`spec.initContainers`** · `[]Container` · 2 init containers, 1 sidecar',
        '',
        '1. They run one at a time, in list order, before the app containers start; a sidecar (`restartPolicy: Always`) only has to start, then keeps running.',
        '2. Each regular init container must exit 0 before the next one starts.',
        "3. On a failure, under this pod's `restartPolicy: Never`: the pod fails (phase `Failed`); nothing is retried.",
        '',
        '[API reference: PodSpec (core/v1)](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodSpec)',
      ].join('\n'),
    );
  });

  it('initContainers of a Job (OnFailure): restarts count toward backoffLimit; default Always in a Job is rejected', () => {
    const job = (policy: string) => `apiVersion: batch/v1
kind: Job
spec:
  template:
    spec:
${policy}      initCon⦚tainers:
        - name: a
          image: busybox:1.36.1
      containers:
        - name: app
          image: busybox:1.36.1
`;
    checkHas(job('      restartPolicy: OnFailure\n'), [
      "under this pod's `restartPolicy: OnFailure`: the kubelet restarts that init container with back-off (`Init:CrashLoopBackOff`) until it exits 0; each restart counts toward the Job's `backoffLimit`.",
    ]);
    checkHas(job(''), ["under this pod's `restartPolicy` (not set: `Always`): a Job must set `restartPolicy: OnFailure` or `Never`"]);
  });

  const SIDECAR = `apiVersion: v1
kind: Pod
spec:
  initContainers:
    - name: proxy
      image: envoyproxy/envoy:v1.31.2
      restartPolicy: «Alw⦚ays»
  containers:
    - name: app
      image: nginx:1.27
`;

  it('restartPolicy: Always on an init container: what a native sidecar is, against the target version', () => {
    const md = checkHas(SIDECAR, [
      '**`spec.initContainers[0].restartPolicy`** · `string`',
      '**Native sidecar.**',
      'Target 1.33: supported (GA since 1.33).',
      'RestartPolicy defines the restart behavior',
    ]);
    assert.ok(md.endsWith('[API reference: Container (core/v1)](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container)'));
    checkHas(SIDECAR, ['Target 1.30: supported (beta, on by default since 1.29).'], { major: 1, minor: 30 });
    checkHas(SIDECAR, ['Target 1.28: alpha, only with the `SidecarContainers` feature gate'], { major: 1, minor: 28 });
    checkHas(SIDECAR, ['Target 1.27: not supported (native sidecars arrived in 1.28)'], { major: 1, minor: 27 });
  });

  it('restartPolicy on an app container or a pod: no sidecar note', () => {
    const { h } = hover(
      SIDECAR.replace('restartPolicy: «Alw⦚ays»', 'restartPolicy: Always').replace('  containers:\n', '  restartPolicy: Alw⦚ays\n  containers:\n'),
    );
    assert.ok(h && !h.markdown.includes('Native sidecar'));
  });
});

describe('hover: fields (schema description, type, reference link)', () => {
  const MOUNT = `apiVersion: v1
kind: Pod
spec:
  containers:
    - name: app
      image: nginx:1.27
      volumeMounts:
        - name: data
          «mount⦚Path»: /data
  volumes:
    - name: data
      emptyDir: {}
`;
  it('a key: path, type, required, description, generated reference of the target version', () => {
    check(
      MOUNT,
      "**`spec.containers[0].volumeMounts[0].mountPath`** · `string` · required\n\nPath within the container at which the volume should be mounted.  Must not contain ':'.\n\n[API reference: VolumeMount (core/v1)](https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.33/#volumemount-v1-core)",
    );
    check(
      MOUNT,
      "**`spec.containers[0].volumeMounts[0].mountPath`** · `string` · required\n\nPath within the container at which the volume should be mounted.  Must not contain ':'.\n\n[API reference: VolumeMount (core/v1)](https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.30/#volumemount-v1-core)",
      { major: 1, minor: 30 },
    );
  });

  it('a value: the facts of its field; an enum field lists its values (the schema description has them)', () => {
    const md = checkHas(
      `apiVersion: apps/v1
kind: Deployment
spec:
  strategy:
    type: «Recre⦚ate»
`,
      [
        '**`spec.strategy.type`** · `string`',
        '[API reference: DeploymentStrategy (apps/v1)](https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.33/#deploymentstrategy-v1-apps)',
      ],
    );
    assert.ok(md.includes('Possible enum values') && md.includes('`"Recreate"`') && md.includes('`"RollingUpdate"`'), md);
  });

  it('the manifest root links to the kind; a list item to the list field; maps and int-or-string types', () => {
    checkHas('apiVersion: apps/v1\nkind: Deployment\nsp⦚ec: {}\n', [
      '**`spec`** · `DeploymentSpec`',
      '(https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/#Deployment)',
    ]);
    checkHas('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      command: ["sh", "-⦚c"]\n', [
      '**`spec.containers[0].command[1]`** · `[]string`',
      'Entrypoint array.',
    ]);
    checkHas('apiVersion: v1\nkind: Pod\nspec:\n  node⦚Selector: {}\n', ['**`spec.nodeSelector`** · `map[string]string`']);
    checkHas('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      startupProbe:\n        tcpSocket: { po⦚rt: 80 }\n', [
      '`integer | string` · required',
      '#tcpsocketaction-v1-core',
    ]);
    checkHas('apiVersion: v1\nkind: Pod\nmet⦚adata: {}\n', ['**`metadata`** · `ObjectMeta`']);
  });

  it('nothing for kinds without a schema, unknown fields, comments, blank space and broken documents', () => {
    check('apiVersion: example.com/v1\nkind: Widget\nspec:\n  si⦚ze: 3\n', undefined);
    check('apiVersion: v1\nkind: Pod\nspec:\n  bog⦚us: 1\n', undefined);
    check('apiVersion: v1\nkind: Pod\n# a comm⦚ent\nspec: {}\n', undefined);
    check('apiVersion: v1\nkind: Pod\nspec:\n  containers: [⦚\n', undefined);
    check('{{ .Values.x }}⦚\n', undefined);
  });
});

describe('API reference links', () => {
  const t = V133;
  it('curated pages for the common types, the generated reference for the others', () => {
    assert.deepEqual(apiReference('CoreV1Container', 'v1', 'Pod', t), {
      title: 'Container (core/v1)',
      url: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container',
    });
    assert.equal(
      apiReference('AppsV1StatefulSetSpec', 'apps/v1', 'StatefulSet', t)?.url,
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/stateful-set-v1/#StatefulSetSpec',
    );
    assert.equal(
      apiReference('MetaV1ObjectMeta', 'v1', 'Pod', t)?.url,
      'https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/#ObjectMeta',
    );
    assert.equal(
      apiReference('CoreV1Volume', 'v1', 'Pod', t)?.url,
      'https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/#Volume',
    );
    assert.equal(apiReference('CoreV1EnvVar', 'v1', 'Pod', t)?.url, 'https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.33/#envvar-v1-core');
    assert.equal(
      apiReference('NetworkingV1IngressSpec', 'networking.k8s.io/v1', 'Ingress', t)?.url,
      'https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.33/#ingressspec-v1-networking-k8s-io',
    );
    assert.equal(
      apiReference('AppsV1beta2DeploymentSpec', 'apps/v1beta2', 'Deployment', t)?.url,
      'https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.33/#deploymentspec-v1beta2-apps',
    );
    assert.equal(
      apiReference(undefined, 'batch/v1', 'CronJob', t)?.url,
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/cron-job-v1/#CronJob',
    );
    assert.equal(
      apiReference(undefined, 'autoscaling/v2', 'HorizontalPodAutoscaler', t)?.url,
      'https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.33/#horizontalpodautoscaler-v2-autoscaling',
    );
  });

  it('definition names', () => {
    assert.deepEqual(parseDefinitionName('AutoscalingV2HorizontalPodAutoscalerSpec'), {
      group: 'autoscaling',
      version: 'v2',
      type: 'HorizontalPodAutoscalerSpec',
    });
    assert.deepEqual(parseDefinitionName('RbacV1ClusterRole'), { group: 'rbac.authorization.k8s.io', version: 'v1', type: 'ClusterRole' });
    assert.equal(parseDefinitionName('NotADefinition'), undefined);
  });
});
