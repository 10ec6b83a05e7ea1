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
  /** Set for a custom resource's pod spec (`customResources.ts`) and one recognised by its shape. */
  custom?: CustomSemantics;
}

/** How a custom resource's pods are made and run. */
export interface CustomSemantics {
  /** Who creates the pods, for messages: "the ReplicaSets it creates". */
  creates: string;
  /** The built-in kind whose validation and run-time behaviour the pods get. */
  behavesAs?: 'Deployment' | 'StatefulSet' | 'Job';
  /** The pods run to completion. */
  runsToCompletion: boolean;
  /** Path to the replica count of the pods, when there is one per manifest. */
  replicasPath?: Path;
  /** Environment variables the controller puts first in every container's env. */
  injectedEnv?: string[];
  /** Recognised by the shape of a `template` (metadata and containers), not by the table. */
  byShape?: boolean;
}

/** The built-in kind whose rules apply to the workload's pods: its own kind, or what a custom resource's pods behave as. */
export function builtinKind(workload: WorkloadKind | undefined): string | undefined {
  if (!workload) return undefined;
  return workload.custom ? workload.custom.behavesAs : workload.kind;
}

/** Whether the pods run to completion like a Job's (a missing restartPolicy is rejected, a never-ending container keeps it from finishing). */
export function isJobLike(workload: WorkloadKind | undefined): boolean {
  const kind = builtinKind(workload);
  return kind === 'Job' || kind === 'CronJob';
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
