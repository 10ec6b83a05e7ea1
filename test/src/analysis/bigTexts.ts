/**
 * Big multi-document files written for the progressive-open tests: thousands of different
 * workloads with findings spread over the file, a first document with a finding that only an
 * autoscaler at the end of the file causes, a broken document, document end markers and
 * directives. Deterministic.
 */

/** Document `i` (without its `---` line). */
function workload(i: number): string {
  const name = `app-${i.toString(36)}`;
  const kind = i % 3 === 2 ? 'StatefulSet' : 'Deployment';
  const image = i % 10 === 0 ? `registry.example.com/${name}:latest` : `registry.example.com/${name}:1.${i % 17}.${i % 7}`;
  return [
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    `  namespace: team-${i % 7}`,
    'spec:',
    `  replicas: ${i === 0 ? 1 : 1 + (i % 3)}`,
    ...(kind === 'StatefulSet' ? [`  serviceName: ${name}`] : []),
    '  selector:',
    `    matchLabels: { app: ${name} }`,
    '  template:',
    '    metadata:',
    `      labels: { app: ${name} }`,
    '    spec:',
    '      initContainers:',
    '        - name: migrate',
    `          image: ${image}`,
    i % 25 === 0 ? '          command: ["npx", "prisma", "migrate", "deploy"]' : '          command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done"]',
    '        - name: sidecar',
    `          image: registry.example.com/proxy:2.${i % 5}.0`,
    ...(i % 4 === 1 ? ['          restartPolicy: Always'] : []),
    '      containers:',
    `        - name: ${name}`,
    `          image: ${image}`,
    '          ports:',
    `            - containerPort: ${8000 + (i % 900)}`,
    '          resources:',
    `            requests: { cpu: ${10 + (i % 90)}m, memory: ${32 + (i % 200)}Mi }`,
    '',
  ].join('\n');
}

const HPA = [
  'apiVersion: autoscaling/v2',
  'kind: HorizontalPodAutoscaler',
  'metadata:',
  '  name: app-0',
  '  namespace: team-0',
  'spec:',
  '  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: app-0 }',
  '  minReplicas: 2',
  '  maxReplicas: 10',
  '',
].join('\n');

/** `n` documents; `crlf`: CRLF line breaks. About 900 characters per document. */
export function bigFile(n: number, crlf = false): string {
  const parts: string[] = ['# generated for the progressive-open tests\n'];
  for (let i = 0; i < n; i++) {
    if (i > 0) parts.push(i % 97 === 0 ? '...\n---\n' : '---\n');
    if (i === Math.floor(n / 2)) parts.push('%YAML 1.1\n---\n');
    // One broken document: a key twice.
    parts.push(i === Math.floor(n / 3) ? workload(i).replace('metadata:\n', 'metadata:\n  name: twice\n') : workload(i));
  }
  parts.push('---\n', HPA);
  const text = parts.join('');
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}
