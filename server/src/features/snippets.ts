/**
 * Init container and native sidecar snippets offered by completion inside `initContainers`.
 *
 * Each body is written in LSP snippet syntax (`${1:default}`, `$0`, `\$` for a literal dollar),
 * one line per entry, relative to the column of the container's first key; completion indents
 * the lines and adds `- ` when the item's dash is not typed yet.
 *
 * Every snippet, inserted into a pod with its defaults, is clean under every initlens rule
 * (test/src/features/completion.test.ts proves it), so they:
 *  - pin image tags (`image-tag-mutable`);
 *  - run shell syntax through `sh -c` (`exec-form-shell-syntax`) and reference env with `$(VAR)`
 *    defined in the container (`env-reference-undefined`);
 *  - bound every wait loop with `timeout` (`wait-loop-without-timeout`);
 *  - are idempotent when re-run after a pod re-initialisation (`init-script-not-idempotent`);
 *  - install nothing at start (`package-install-at-startup`), keep credentials in Secrets
 *    (`secret-literal-in-env`), set requests and a memory limit (`init-resources-missing`);
 *  - quote `1000:1000` (YAML 1.1 would read it as the base-60 integer 61000).
 * The exceptions, listed in the test with their reason: a snippet that writes into a new shared
 * volume (download, clone, log shipper) gets `init-volume-unused` until an app container mounts
 * that volume, which is the point of the warning.
 */

export interface InitSnippet {
  label: string;
  detail: string;
  /** Markdown. */
  documentation: string;
  /** Lines in snippet syntax; `VOLUME` stands for the volume name chosen at completion time. */
  body: string[];
  /** A volume the snippet mounts: declared in `volumes` by the completion if missing. */
  volume?: { name: string; reuseAppVolume?: boolean };
  /** A native sidecar: offered only when the target Kubernetes has them on by default (1.29). */
  sidecar?: boolean;
}

const SMALL = ['resources:', '  requests:', '    cpu: 10m', '    memory: 16Mi', '  limits:', '    memory: 32Mi'];
const MEDIUM = ['resources:', '  requests:', '    cpu: 100m', '    memory: 128Mi', '  limits:', '    memory: 256Mi'];

export const INIT_SNIPPETS: readonly InitSnippet[] = [
  {
    label: 'wait-for-service',
    detail: 'init container: wait until a Service resolves (with a timeout)',
    documentation:
      "Waits until the DNS name of a Service in the pod's namespace resolves, for at most 120 s; then the pod goes on (or the container fails and is retried under the pod's `restartPolicy`). The namespace comes from the downward API as `$(POD_NAMESPACE)`.",
    body: [
      'name: ${1:wait-for-db}',
      'image: busybox:1.36.1',
      'command:',
      '  - sh',
      '  - -c',
      "  - timeout ${3:120} sh -c 'until nslookup ${2:db}.\\$(POD_NAMESPACE).svc.cluster.local; do echo waiting for ${2:db}; sleep 2; done'",
      'env:',
      '  - name: POD_NAMESPACE',
      '    valueFrom:',
      '      fieldRef:',
      '        fieldPath: metadata.namespace',
      ...SMALL,
    ],
  },
  {
    label: 'wait-for-tcp-port',
    detail: 'init container: wait until a TCP port accepts connections (with a timeout)',
    documentation: 'Waits until `host:port` accepts a TCP connection (`nc -z`), for at most 120 s.',
    body: [
      'name: ${1:wait-for-port}',
      'image: busybox:1.36.1',
      'command:',
      '  - sh',
      '  - -c',
      "  - timeout ${4:120} sh -c 'until nc -z ${2:db} ${3:5432}; do echo waiting for ${2:db} port ${3:5432}; sleep 2; done'",
      ...SMALL,
    ],
  },
  {
    label: 'download-file',
    detail: 'init container: download a file into a shared volume',
    documentation:
      'Downloads a file into the `emptyDir` volume `shared-data` (added to `volumes` if missing), atomically (temporary file, then `mv`). Mount `shared-data` in the app container to read it.',
    body: [
      'name: ${1:download-config}',
      'image: busybox:1.36.1',
      'command:',
      '  - sh',
      '  - -c',
      '  - wget -q -T 30 -O /data/${3:index.html}.tmp ${2:https://example.com/index.html} && mv /data/${3:index.html}.tmp /data/${3:index.html}',
      'volumeMounts:',
      '  - name: VOLUME',
      '    mountPath: /data',
      ...SMALL,
    ],
    volume: { name: 'shared-data' },
  },
  {
    label: 'run-migrations',
    detail: 'init container: run database migrations',
    documentation:
      'Runs the migrations of the app image before the app starts, with the database URL from a Secret. In a workload with several replicas every pod runs it, concurrently: prefer a Job there (initlens warns with `init-runs-per-replica`).',
    body: [
      'name: ${1:migrate}',
      'image: ${2:registry.example.com/app:1.0.0}',
      'command:',
      '  - ${3:/app/migrate}',
      '  - ${4:up}',
      'env:',
      '  - name: DATABASE_URL',
      '    valueFrom:',
      '      secretKeyRef:',
      '        name: ${5:db-credentials}',
      '        key: ${6:url}',
      ...MEDIUM,
    ],
  },
  {
    label: 'git-clone',
    detail: 'init container: clone a git repository into a shared volume',
    documentation:
      'Clones a branch into the `emptyDir` volume `repo` (added to `volumes` if missing), or pulls it when the pod is re-initialised and the clone is already there. Mount `repo` in the app container to use it.',
    body: [
      'name: ${1:git-clone}',
      'image: alpine/git:2.45.2',
      'command:',
      '  - sh',
      '  - -c',
      '  - if [ -d /repo/.git ]; then git -C /repo pull --ff-only; else git clone --depth 1 --branch ${3:main} ${2:https://github.com/example/app.git} /repo; fi',
      'volumeMounts:',
      '  - name: VOLUME',
      '    mountPath: /repo',
      'resources:',
      '  requests:',
      '    cpu: 50m',
      '    memory: 64Mi',
      '  limits:',
      '    memory: 256Mi',
    ],
    volume: { name: 'repo' },
  },
  {
    label: 'fix-volume-permissions',
    detail: 'init container: chown a volume for a non-root app',
    documentation:
      "Gives a volume to the app's user (runs as root, `chown -R`). It mounts the first volume an app container mounts, or a new `emptyDir` volume `data`. Not possible when the pod sets `runAsNonRoot: true`; `securityContext.fsGroup` is the alternative.",
    body: [
      'name: ${1:fix-permissions}',
      'image: busybox:1.36.1',
      'command:',
      '  - chown',
      '  - -R',
      '  - "${2:1000}:${3:1000}"',
      '  - /data',
      'securityContext:',
      '  runAsUser: 0',
      'volumeMounts:',
      '  - name: VOLUME',
      '    mountPath: /data',
      ...SMALL,
    ],
    volume: { name: 'data', reuseAppVolume: true },
  },
  {
    label: 'sidecar-log-shipper',
    detail: 'native sidecar: ship logs from a shared volume (fluent-bit)',
    documentation:
      'A native sidecar (`restartPolicy: Always`): starts before the app containers, keeps running beside them, stops after them. It reads the `emptyDir` volume `app-logs` (added to `volumes` if missing): mount it in the app container where it writes its logs, and give fluent-bit its configuration (a ConfigMap at `/fluent-bit/etc/`).',
    body: [
      'name: ${1:log-shipper}',
      'image: fluent/fluent-bit:3.1.9',
      'restartPolicy: Always',
      'volumeMounts:',
      '  - name: VOLUME',
      '    mountPath: /var/log/app',
      '    readOnly: true',
      'resources:',
      '  requests:',
      '    cpu: 50m',
      '    memory: 64Mi',
      '  limits:',
      '    memory: 128Mi',
    ],
    volume: { name: 'app-logs' },
    sidecar: true,
  },
  {
    label: 'sidecar-proxy',
    detail: 'native sidecar: proxy with a startupProbe',
    documentation:
      'A native sidecar proxy: the containers after it start only once its `startupProbe` succeeds (the port accepts connections), so they never talk to a proxy that is not listening yet.',
    body: [
      'name: ${1:proxy}',
      'image: ${2:envoyproxy/envoy:v1.31.2}',
      'restartPolicy: Always',
      'ports:',
      '  - containerPort: ${3:15001}',
      'startupProbe:',
      '  tcpSocket:',
      '    port: ${3:15001}',
      '  periodSeconds: 1',
      '  failureThreshold: 30',
      ...MEDIUM,
    ],
    sidecar: true,
  },
];

/** Escapes text for use inside a snippet (outside placeholders and choices). */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/**
 * The text a snippet inserts when every placeholder keeps its default: what a client without
 * snippet support gets, and what the tests analyse. Tab stops without a default take the
 * default given at another occurrence of the same number (mirrors), else nothing.
 */
export function snippetToPlainText(snippet: string): string {
  const defaults = new Map<string, string>();
  const re = /\$\{(\d+):((?:\\.|[^\\}])*)\}|\$\{(\d+)\|((?:\\.|[^\\|])*)\|\}/g;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m[1] !== undefined && !defaults.has(m[1])) defaults.set(m[1], unescape(m[2]));
    if (m[3] !== undefined && !defaults.has(m[3])) defaults.set(m[3], unescape(m[4].split(/(?<!\\),/)[0]));
  }
  let out = '';
  for (let i = 0; i < snippet.length;) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '\\$}'.includes(snippet[i + 1])) {
      out += snippet[i + 1];
      i += 2;
      continue;
    }
    if (c === '$') {
      const rest = snippet.slice(i);
      const tab = /^\$(\d+)|^\$\{(\d+)\}/.exec(rest);
      if (tab) {
        out += defaults.get(tab[1] ?? tab[2]) ?? '';
        i += tab[0].length;
        continue;
      }
      const placeholder = /^\$\{(\d+):((?:\\.|[^\\}])*)\}/.exec(rest);
      if (placeholder) {
        out += unescape(placeholder[2]);
        i += placeholder[0].length;
        continue;
      }
      const choice = /^\$\{(\d+)\|((?:\\.|[^\\|])*)\|\}/.exec(rest);
      if (choice) {
        out += unescape(choice[2].split(/(?<!\\),/)[0]);
        i += choice[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}
