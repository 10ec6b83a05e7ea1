/**
 * The pod-bearing kinds and where their pod spec lives (ground truth §4).
 * Kinds are matched by kind *and* a known apiVersion, so a CRD that happens to be called `Job`
 * in another group is not mistaken for a batch Job.
 */
import type { Path } from './yamlNodes';

export type PodRestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface WorkloadKind {
  kind: string;
  /** apiVersions under which this kind carries a pod spec; the first is the current one. */
  apiVersions: string[];
  /** Path from the manifest root to the pod spec (`P`). */
  podSpecPath: Path;
  /** Pod `restartPolicy` values the kind accepts. */
  restartPolicies: PodRestartPolicy[];
  /** Whether the pod spec is a template (no live Pod). */
  template: boolean;
}

const TEMPLATE: Path = ['spec', 'template', 'spec'];
const ALWAYS: PodRestartPolicy[] = ['Always'];
const JOB: PodRestartPolicy[] = ['OnFailure', 'Never'];
const ANY: PodRestartPolicy[] = ['Always', 'OnFailure', 'Never'];
const APPS = ['apps/v1', 'apps/v1beta2', 'apps/v1beta1', 'extensions/v1beta1'];

export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  { kind: 'Pod', apiVersions: ['v1'], podSpecPath: ['spec'], restartPolicies: ANY, template: false },
  { kind: 'PodTemplate', apiVersions: ['v1'], podSpecPath: ['template', 'spec'], restartPolicies: ANY, template: true },
  { kind: 'ReplicationController', apiVersions: ['v1'], podSpecPath: TEMPLATE, restartPolicies: ALWAYS, template: true },
  { kind: 'Deployment', apiVersions: APPS, podSpecPath: TEMPLATE, restartPolicies: ALWAYS, template: true },
  { kind: 'ReplicaSet', apiVersions: APPS, podSpecPath: TEMPLATE, restartPolicies: ALWAYS, template: true },
  { kind: 'StatefulSet', apiVersions: APPS.filter((v) => v !== 'extensions/v1beta1'), podSpecPath: TEMPLATE, restartPolicies: ALWAYS, template: true },
  { kind: 'DaemonSet', apiVersions: APPS.filter((v) => v !== 'apps/v1beta1'), podSpecPath: TEMPLATE, restartPolicies: ALWAYS, template: true },
  { kind: 'Job', apiVersions: ['batch/v1'], podSpecPath: TEMPLATE, restartPolicies: JOB, template: true },
  {
    kind: 'CronJob',
    apiVersions: ['batch/v1', 'batch/v1beta1', 'batch/v2alpha1'],
    podSpecPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    restartPolicies: JOB,
    template: true,
  },
];

export function workloadKind(apiVersion: string | undefined, kind: string | undefined): WorkloadKind | undefined {
  if (!apiVersion || !kind) return undefined;
  return WORKLOAD_KINDS.find((k) => k.kind === kind && k.apiVersions.includes(apiVersion));
}
