/** Pod specs shared by the pod tests. */

/** A container in flow style. */
export function c(name: string, resources: string, extra = ''): string {
  return `{name: ${name}, image: busybox:1.36${extra}, resources: ${resources}}`;
}
export const SIDECAR = ', restartPolicy: Always';

/** Ground truth §2, the worked example. */
export const WORKED_EXAMPLE = [
  '  initContainers:',
  `    - ${c('wait-db', '{requests: {cpu: 500m, memory: 256Mi}}')}`,
  `    - ${c('proxy', '{requests: {cpu: 100m, memory: 128Mi}}', SIDECAR)}`,
  `    - ${c('migrate', '{requests: {cpu: "1", memory: 512Mi}}')}`,
  `    - ${c('log-agent', '{requests: {cpu: 50m, memory: 64Mi}}', SIDECAR)}`,
  '  containers:',
  `    - ${c('app', '{requests: {cpu: 300m, memory: 256Mi}}')}`,
  `    - ${c('worker', '{requests: {cpu: 200m, memory: 128Mi}}')}`,
  '',
].join('\n');
