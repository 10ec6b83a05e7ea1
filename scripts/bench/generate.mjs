// Generated benchmark inputs: a YAML stream of N different workloads (Deployments, StatefulSets and
// Jobs, in turn) with a regular init container, a native sidecar, two app containers, volumes,
// env, probes and resources. Every document is different (names, images, ports, env values,
// quantities and scripts follow its index), so no two documents share a text and caching by
// document text cannot make the whole file trivially fast: each document is parsed and analysed
// once. Deterministic: the same N gives the same text.
//
//   node scripts/bench/generate.mjs 1000 > /tmp/1000.yaml

const KINDS = ['Deployment', 'StatefulSet', 'Job'];
const IMAGES = ['nginx', 'redis', 'postgres', 'busybox', 'envoyproxy/envoy', 'ghcr.io/acme/api', 'registry.example.com/team/worker'];

function pick(list, i) {
  return list[i % list.length];
}

/** One document (without the `---` line), about 90 lines. */
export function workload(i) {
  const kind = pick(KINDS, i);
  const name = `svc-${i.toString(36)}-${pick(['api', 'web', 'worker', 'cache', 'db', 'queue'], i * 7)}`;
  const tag = `${1 + (i % 9)}.${i % 31}.${(i * 13) % 97}`;
  const cpu = `${50 + ((i * 17) % 400)}m`;
  const mem = `${64 + ((i * 29) % 448)}Mi`;
  const port = 8000 + (i % 1000);
  const apiVersion = kind === 'Job' ? 'batch/v1' : 'apps/v1';
  const lines = [
    `apiVersion: ${apiVersion}`,
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    `  namespace: team-${i % 13}`,
    '  labels:',
    `    app.kubernetes.io/name: ${name}`,
    `    app.kubernetes.io/version: "${tag}"`,
    `    tier: ${pick(['frontend', 'backend', 'data'], i)}`,
    '  annotations:',
    `    example.com/owner: owner-${(i * 31) % 211}@example.com`,
    'spec:',
  ];
  if (kind !== 'Job') {
    lines.push(`  replicas: ${1 + (i % 5)}`, '  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${name}`);
  }
  if (kind === 'StatefulSet') lines.push(`  serviceName: ${name}-headless`);
  if (kind === 'Job') lines.push(`  backoffLimit: ${i % 6}`, `  ttlSecondsAfterFinished: ${600 + i}`);
  lines.push(
    '  template:',
    '    metadata:',
    '      labels:',
    `        app.kubernetes.io/name: ${name}`,
    '    spec:',
    ...(kind === 'Job' ? ['      restartPolicy: OnFailure'] : []),
    `      serviceAccountName: ${name}-sa`,
    '      initContainers:',
    `        - name: wait-for-${pick(['db', 'cache', 'queue'], i)}`,
    `          image: busybox:1.36.${i % 3}`,
    '          command:',
    '            - sh',
    '            - -c',
    '            - |',
    '              set -e',
    ...(i % 10 === 7 ? [`              mkdir /var/log/app/${name}`] : []),
    '              for i in $(seq 1 60); do',
    `                nc -z ${name}-dep-${i % 17} ${5432 + (i % 40)} && exit 0`,
    '                sleep 2',
    '              done',
    '              exit 1',
    '          volumeMounts:',
    '            - name: logs',
    '              mountPath: /var/log/app',
    '          resources:',
    `            requests: { cpu: ${cpu}, memory: ${mem} }`,
    `            limits: { cpu: ${cpu}, memory: ${mem} }`,
    '        - name: log-shipper',
    `          image: fluent/fluent-bit:3.${i % 10}.${i % 7}`,
    '          restartPolicy: Always',
    '          startupProbe:',
    '            httpGet:',
    `              path: /api/v1/health/${i}`,
    `              port: ${2020 + (i % 50)}`,
    '          volumeMounts:',
    '            - name: logs',
    '              mountPath: /var/log/app',
    '          resources:',
    '            requests:',
    `              cpu: ${10 + (i % 90)}m`,
    `              memory: ${32 + (i % 64)}Mi`,
    '      containers:',
    `        - name: ${pick(['api', 'server', 'main'], i)}`,
    `          image: ${pick(IMAGES, i)}:${tag}`,
    '          args:',
    `            - --listen=:${port}`,
    `            - --instance=${name}`,
    '          ports:',
    `            - containerPort: ${port}`,
    '              name: http',
    '          env:',
    '            - name: INSTANCE_ID',
    `              value: "${i}"`,
    '            - name: POD_NAME',
    '              valueFrom:',
    '                fieldRef:',
    '                  fieldPath: metadata.name',
    '            - name: DATABASE_URL',
    `              value: postgres://${name}-dep-${i % 17}:${5432 + (i % 40)}/db${i}`,
    '          readinessProbe:',
    '            httpGet:',
    '              path: /ready',
    `              port: ${port}`,
    `            periodSeconds: ${5 + (i % 10)}`,
    '          resources:',
    '            requests:',
    `              cpu: ${cpu}`,
    `              memory: ${mem}`,
    '            limits:',
    `              memory: ${mem}`,
    '          volumeMounts:',
    '            - name: logs',
    '              mountPath: /var/log/app',
    '            - name: config',
    `              mountPath: /etc/${name}`,
    '              readOnly: true',
    '        - name: metrics',
    // Every tenth document has a finding or two, as real files do (a mutable tag, a non-idempotent init script).
    `          image: prom/statsd-exporter:${i % 10 === 3 ? 'latest' : `v0.${20 + (i % 8)}.${i % 5}`}`,
    '          ports:',
    `            - containerPort: ${9100 + (i % 800)}`,
    '          resources:',
    '            requests:',
    `              cpu: ${5 + (i % 45)}m`,
    `              memory: ${16 + (i % 48)}Mi`,
    '      volumes:',
    '        - name: logs',
    '          emptyDir: {}',
    '        - name: config',
    '          configMap:',
    `            name: ${name}-config`,
  );
  return lines.join('\n') + '\n';
}

/** A file of `n` documents separated by `---` lines. */
export function generate(n) {
  const docs = [];
  for (let i = 0; i < n; i++) docs.push(workload(i));
  return docs.join('---\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(generate(Number(process.argv[2] ?? 10)));
}
