/**
 * The manifests tests build around a pod spec, written once. A test writes only the part it is
 * about (the pod spec, at column 0) and gets the whole manifest:
 *
 *     deployment('initContainers:\n  - name: wait-db\n    image: busybox:1.36\n')
 *
 * gives a Deployment named `web` with its selector and template labels, the pod spec under
 * `spec.template.spec` (indented by 6). Line numbers are stable: the pod spec starts on line 11
 * (0-based) of a Deployment and line 4 of a Pod.
 */

export interface ManifestOptions {
  /** metadata.name, as written (quotes included): `web` by default. */
  name?: string;
  /** The `app` label of the selector and the template: `web` by default. */
  app?: string;
}

/** `text` with every non-empty line indented by `by` spaces. */
export function indent(text: string, by: number): string {
  return text
    .split('\n')
    .map((l) => (l ? ' '.repeat(by) + l : l))
    .join('\n');
}

/** An apps/v1 Deployment around `podSpec` (written at column 0, ending with a line break). */
export function deployment(podSpec: string, { name = 'web', app = 'web' }: ManifestOptions = {}): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  selector:',
    `    matchLabels: {app: ${app}}`,
    '  template:',
    '    metadata:',
    `      labels: {app: ${app}}`,
    '    spec:',
    indent(podSpec, 6),
  ].join('\n');
}

/** A v1 Pod around `podSpec` (written at column 0, ending with a line break). */
export function pod(podSpec: string, { name = 'web' }: ManifestOptions = {}): string {
  return ['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, 'spec:', indent(podSpec, 2)].join('\n');
}

/**
 * The whole-file `--fix` case of two typos that each fix to `resources` (fixed one by one, the
 * container would end with the key twice): the engine and the CLI test it alike.
 */
export const POD_WITH_TWO_RESOURCES_TYPOS = pod(
  [
    'containers:',
    '  - name: app',
    '    image: nginx:1.27',
    '    resourcse:',
    '      limits: {memory: 128Mi}',
    '    resoures:',
    '      requests: {memory: 64Mi}',
    '',
  ].join('\n'),
  { name: 'p' },
);
