/**
 * Generators of inputs that made rules super-linear (issue 15): each gives a manifest of `n`
 * units (mounts, references, env entries, `=` characters, loops) whose analysis time must grow
 * at most linearly with `n`. Used by the property test (test/src/hostile/superLinear.test.ts)
 * and by the fuzzer (a `generated` mutation appends one).
 */

const pad = (i: number) => String(i).padStart(6, '0');

function lines(n: number, line: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(line(i));
  return out.join('\n');
}

export const SUPERLINEAR_GENERATORS = {
  /** `volume-mount-undefined`: n mounts of missing names, n volumes of names as long. */
  mounts: (n: number) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: mounts}',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: nginx:1.27',
      '      volumeMounts:',
      lines(n, (i) => `        - {name: m${pad(i)}, mountPath: /m/${i}}`),
      '  volumes:',
      lines(n, (i) => `    - {name: v${pad(i)}, emptyDir: {}}`),
      '',
    ].join('\n'),
  /** `env-reference-undefined` in args: n undefined `$(REF)` against n env names. */
  envRefs: (n: number) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: refs}',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: nginx:1.27',
      '      args:',
      lines(n, (i) => `        - "$(REF_${pad(i)})"`),
      '      env:',
      lines(n, (i) => `        - {name: VAR_${pad(i)}, value: x}`),
      '',
    ].join('\n'),
  /** `env-reference-undefined` in env values: entry i refers to a name defined nowhere. */
  envValues: (n: number) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: values}',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: nginx:1.27',
      '      env:',
      lines(n, (i) => `        - {name: VAR_${pad(i)}, value: "$(REF_${pad(i)})"}`),
      '',
    ].join('\n'),
  /** `shell/query.ts` optionsOf: a long option with n `=` before a line break. */
  equals: (n: number) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: equals}',
      'spec:',
      '  initContainers:',
      '    - name: init',
      '      image: busybox:1.36',
      '      command:',
      '        - sh',
      '        - -c',
      `        - "mkdir \\"--x${'='.repeat(n)}\\nz\\" /data/a"`,
      '      volumeMounts: [{name: data, mountPath: /data}]',
      '  containers: [{name: app, image: nginx:1.27}]',
      '  volumes: [{name: data, emptyDir: {}}]',
      '',
    ].join('\n'),
  /** `wait-loop-without-timeout`: n wait loops in one init script, each offered a fix. */
  waitLoops: (n: number) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: loops}',
      'spec:',
      '  initContainers:',
      '    - name: init',
      '      image: busybox:1.36',
      '      command:',
      '        - sh',
      '        - -c',
      '        - |',
      lines(n, (i) => `          until nc -z db-${i} 5432; do sleep 1; done; echo "x'${i}"`),
      '  containers: [{name: app, image: nginx:1.27}]',
      '',
    ].join('\n'),
} satisfies Record<string, (n: number) => string>;

export type SuperlinearKind = keyof typeof SUPERLINEAR_GENERATORS;
export const SUPERLINEAR_KINDS = Object.keys(SUPERLINEAR_GENERATORS) as SuperlinearKind[];
