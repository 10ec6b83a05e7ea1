/**
 * Hostile inputs, generated (nothing large is stored in the repository), and a probe that runs
 * one through everything the engine offers (the fuzzer's exercise) and times it.
 */
import { analyzeText, type FileAnalysis } from '../../../server/out/analysis/analyze';
import { defaultOptions, type AnalysisOptions } from '../../../server/out/config/options';
import { exercise, type ExerciseResult } from '../fuzz/exercise';

/** Billion laughs: 9 levels of 9 aliases each, ~387 million nodes once expanded, in a Pod's args and env. */
export function aliasBomb(): string {
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: bomb',
    '  labels:',
    '    a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ];
  for (let i = 1; i < 10; i++)
    lines.push(
      `    a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  lines.push(
    'spec:',
    '  containers:',
    '  - name: c',
    '    image: busybox:1.36',
    '    args: *a9',
    '    env: *a9',
    '    volumeMounts: *a9',
    '    <<: {resources: *a9}',
    '',
  );
  return lines.join('\n');
}

/** A Deployment with a wait-for-it init container, the `i`th of a long file. */
export function deployment(i: number): string {
  return `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d${i}
spec:
  replicas: 2
  selector: {matchLabels: {app: d${i}}}
  template:
    metadata: {labels: {app: d${i}}}
    spec:
      initContainers:
      - name: wait
        image: busybox:1.36
        command: ["sh", "-c", "until nslookup db; do sleep 2; done"]
      containers:
      - name: app
        image: nginx:1.25
        ports: [{containerPort: 80}]
        resources: {requests: {cpu: 100m, memory: 64Mi}}
`;
}

/** Deployments up to `bytes`. */
export function manyDeployments(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const d = deployment(i);
    parts.push(d);
    size += d.length;
  }
  return parts.join('');
}

/** A Pod nesting `depth` collections deep (its container's args nest the rest) in the given style. */
export function nested(depth: number, style: 'flowSeq' | 'flowMap' | 'blockSeq' | 'blockMap'): string {
  const head = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n';
  // The pod itself takes 4 levels: the manifest, spec, containers, the container.
  const d = depth - 4;
  switch (style) {
    case 'flowSeq':
      return `${head}    args: ${'['.repeat(d)}${']'.repeat(d)}\n`;
    case 'flowMap':
      return `${head}    args: ${'{a: '.repeat(d)}x${'}'.repeat(d)}\n`;
    case 'blockSeq':
      return `${head}    args:\n    ${'- '.repeat(d)}x\n`;
    case 'blockMap':
      return `${head}    args:\n${Array.from({ length: d }, (_, i) => `${' '.repeat(i + 6)}k${i}:`).join('\n')} x\n`;
  }
}

/** A Pod with `n` app containers (and an init container waiting for a database). */
export function manyContainers(n: number): string {
  const out = [
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: many\nspec:\n  initContainers:\n  - name: init\n    image: busybox:1.36\n    command: [sh, -c, "until nslookup db; do sleep 1; done"]\n  containers:\n',
  ];
  for (let i = 0; i < n; i++) out.push(`  - name: c${i}\n    image: busybox:1.36\n    resources: {requests: {cpu: 10m}}\n`);
  return out.join('');
}

/** A Pod whose init container runs a shell script of about `bytes` in `args`. */
export function bigScript(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const l = `      echo step ${i}; mkdir -p /data/d${i} && cp /src/f${i} /data/d${i}/ || exit 1\n`;
    lines.push(l);
    size += l.length;
  }
  return `apiVersion: v1
kind: Pod
metadata:
  name: script
spec:
  volumes: [{name: data, emptyDir: {}}]
  initContainers:
  - name: init
    image: busybox:1.36
    command: [sh, -c]
    args:
    - |
      set -e
${lines.join('')}    volumeMounts: [{name: data, mountPath: /data}]
  containers:
  - name: c
    image: busybox:1.36
`;
}

export interface Timed<T> {
  value: T;
  ms: number;
}

export async function timedAnalysis(text: string, options: AnalysisOptions = defaultOptions()): Promise<Timed<FileAnalysis>> {
  const t0 = performance.now();
  const value = await analyzeText(text, options);
  return { value, ms: performance.now() - t0 };
}

/**
 * Every feature at `count` offsets spread over the text, every fix and up to 3 disable actions,
 * with the fuzzer's properties; `slowMs` is the limit for one call.
 */
export function probe(text: string, options: AnalysisOptions, count: number, slowMs: number, maxFixes = 1000): Promise<ExerciseResult> {
  const offsets = Array.from({ length: count }, (_, i) => Math.floor((i * text.length) / Math.max(1, count - 1)));
  return exercise(text, { options, offsets, maxFixes, maxDisables: 3, slowMs, newName: 'renamed' });
}

export function describeProblems(r: ExerciseResult): string[] {
  return r.problems.map((p) => `${p.property} in ${p.call}${p.rule ? ` (${p.rule})` : ''}: ${p.message}`);
}

/**
 * A Pod of `n` init containers and `n` app containers in which every container has several
 * findings with quick fixes (misspelt fields, restart policies, ports, probes, secrets, `$VAR`
 * without a shell, an undefined volume, shell syntax in exec form).
 */
export function manyFindings(n: number): string {
  const out = ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: many\nspec:\n  initContainers:\n'];
  for (let i = 0; i < n; i++) {
    out.push(
      `  - name: init-${i}\n    image: busybox:1.36\n    restartPolicy: OnFailure\n    readinessProbe: {exec: {command: [x]}}\n    ports: [{containerPort: ${1000 + i}}]\n` +
        `    env: [{name: DB_PASSWORD, value: hunter2}]\n    command: ["echo", "$(UNDEFINED)", ">", "/tmp/x"]\n`,
    );
  }
  out.push('  containers:\n');
  for (let i = 0; i < n; i++) {
    out.push(
      `  - name: C${i}\n    image: busybox:1.36\n    imagePulPolicy: Always\n    restartPolicy: Always\n    env: [{name: A, value: x}]\n    args: ["$A"]\n` +
        `    volumeMounts: [{name: vol, mountPath: /data}]\n    ports: [{containerPort: 80, protocol: tcp}]\n`,
    );
  }
  return out.join('');
}
