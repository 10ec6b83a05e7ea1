/**
 * Custom resources that carry pod templates, and where (issue 18). Each entry names the API group
 * (any version: CRDs add versions and keep the field paths), the kind, and the paths from the
 * manifest root to its pod specs; `*` stands for any index of a sequence or any key of a mapping
 * (Kubeflow's replica-spec maps). Each path comes from the project's own Go API types, cited per
 * entry. Read with `Object.hasOwn`-free lookups only (the table is searched, never indexed by
 * user text).
 *
 * Not in the table, deliberately:
 * - Argo Workflows (`Workflow`, `WorkflowTemplate`, `CronWorkflow`): a template carries one
 *   `container` plus `initContainers` and `sidecars` (argoproj/argo-workflows
 *   pkg/apis/workflow/v1alpha1/workflow_types.go, `Template`), not a pod spec; the executor adds
 *   its own `init`/`wait` containers and Argo's sidecars are ordinary containers it kills itself.
 *   Analysing them as a pod would report things the pod Argo builds does not have.
 * - Flink (`FlinkDeployment.spec.podTemplate`) and Spark (`SparkApplication.spec.driver.template`)
 *   pod templates are partial: the operator merges them into its own pod (the main container
 *   often has no image there), so pod-spec rules would report missing fields that are not missing.
 * - Kubeflow Trainer: a `TrainJob` has no pod template (it names a runtime; kubeflow/trainer
 *   pkg/apis/trainer/v1alpha1/trainjob_types.go), and a (Cluster)TrainingRuntime's JobSet template
 *   mounts volumes the trainer adds from its own claim policies, so its pod specs are not whole.
 * - OpenKruise `SidecarSet`: its `spec.containers`/`spec.initContainers` are injected into other
 *   pods, so there is no pod of its own to check.
 */
import type { PodRestartPolicy, WorkloadKind } from './kinds';
import type { Path } from './yamlNodes';

export interface CustomPodKind {
  /** API group, matched against the part of apiVersion before `/`. */
  group: string;
  kind: string;
  /** Paths to the pod specs; `*` matches every sequence index or mapping key. */
  paths: Path[];
  restartPolicies: PodRestartPolicy[];
  /** Who creates the pods, for messages: "the ReplicaSets it creates". */
  creates: string;
  /**
   * The built-in kind whose validation and run-time behaviour the pods get: a Rollout's
   * ReplicaSets are checked like a Deployment's; a JobSet's Jobs are Jobs. Absent: the operator
   * creates Pods itself, with no controller-specific rules.
   */
  behavesAs?: 'Deployment' | 'StatefulSet' | 'Job';
  /** The pods run to completion (a training job, a batch task): a container that never exits keeps it from finishing. */
  runsToCompletion: boolean;
  /** Environment variables the controller puts first in every container's env (so `$(VAR)` resolves). */
  injectedEnv?: string[];
}

const ANY: PodRestartPolicy[] = ['Always', 'OnFailure', 'Never'];
const ALWAYS: PodRestartPolicy[] = ['Always'];
const JOB: PodRestartPolicy[] = ['OnFailure', 'Never'];
const RAY_CLUSTER: Path[] = [
  ['headGroupSpec', 'template', 'spec'],
  ['workerGroupSpecs', '*', 'template', 'spec'],
];
const under = (prefix: Path, paths: Path[]): Path[] => paths.map((p) => [...prefix, ...p]);

export const CUSTOM_POD_KINDS: readonly CustomPodKind[] = [
  // argoproj/argo-rollouts pkg/apis/rollouts/v1alpha1/types.go: RolloutSpec.Template corev1.PodTemplateSpec; the controller creates ReplicaSets.
  {
    group: 'argoproj.io',
    kind: 'Rollout',
    paths: [['spec', 'template', 'spec']],
    restartPolicies: ALWAYS,
    creates: 'ReplicaSets',
    behavesAs: 'Deployment',
    runsToCompletion: false,
  },
  // knative/serving pkg/apis/serving/v1/service_types.go (ServiceSpec inlines ConfigurationSpec) and
  // configuration_types.go: ConfigurationSpec.Template RevisionTemplateSpec, whose Spec is a RevisionSpec
  // (revision_types.go) that inlines corev1.PodSpec. Revisions become Deployments.
  {
    group: 'serving.knative.dev',
    kind: 'Service',
    paths: [['spec', 'template', 'spec']],
    restartPolicies: ALWAYS,
    creates: 'Revisions',
    behavesAs: 'Deployment',
    runsToCompletion: false,
  },
  {
    group: 'serving.knative.dev',
    kind: 'Configuration',
    paths: [['spec', 'template', 'spec']],
    restartPolicies: ALWAYS,
    creates: 'Revisions',
    behavesAs: 'Deployment',
    runsToCompletion: false,
  },
  {
    group: 'serving.knative.dev',
    kind: 'Revision',
    paths: [['spec']],
    restartPolicies: ALWAYS,
    creates: 'Deployment',
    behavesAs: 'Deployment',
    runsToCompletion: false,
  },
  // kedacore/keda apis/keda/v1alpha1/scaledjob_types.go: ScaledJobSpec.JobTargetRef *batchv1.JobSpec; KEDA creates Jobs.
  {
    group: 'keda.sh',
    kind: 'ScaledJob',
    paths: [['spec', 'jobTargetRef', 'template', 'spec']],
    restartPolicies: JOB,
    creates: 'Jobs',
    behavesAs: 'Job',
    runsToCompletion: true,
  },
  // kubernetes-sigs/jobset api/jobset/v1alpha2/jobset_types.go: ReplicatedJob.Template batchv1.JobTemplateSpec.
  {
    group: 'jobset.x-k8s.io',
    kind: 'JobSet',
    paths: [['spec', 'replicatedJobs', '*', 'template', 'spec', 'template', 'spec']],
    restartPolicies: JOB,
    creates: 'Jobs',
    behavesAs: 'Job',
    runsToCompletion: true,
  },
  // kubernetes-sigs/lws api/leaderworkerset/v1/leaderworkerset_types.go: LeaderWorkerTemplate.LeaderTemplate
  // *corev1.PodTemplateSpec and WorkerTemplate corev1.PodTemplateSpec; the controller creates StatefulSets.
  {
    group: 'leaderworkerset.x-k8s.io',
    kind: 'LeaderWorkerSet',
    paths: [
      ['spec', 'leaderWorkerTemplate', 'leaderTemplate', 'spec'],
      ['spec', 'leaderWorkerTemplate', 'workerTemplate', 'spec'],
    ],
    restartPolicies: ALWAYS,
    creates: 'StatefulSets',
    behavesAs: 'StatefulSet',
    runsToCompletion: false,
    // pkg/utils/pod/pod_utils.go (AddLWSVariables, addEnvVarsIfNotExists: prepended to each container's env).
    injectedEnv: ['LWS_LEADER_ADDRESS', 'LWS_GROUP_SIZE', 'LWS_WORKER_INDEX', 'LWS_NAME'],
  },
  // kubeflow/training-operator pkg/apis/kubeflow.org/v1/pytorch_types.go (PyTorchReplicaSpecs map[ReplicaType]*ReplicaSpec),
  // tensorflow_types.go (TFReplicaSpecs) and common_types.go (ReplicaSpec.Template corev1.PodTemplateSpec).
  {
    group: 'kubeflow.org',
    kind: 'PyTorchJob',
    paths: [['spec', 'pytorchReplicaSpecs', '*', 'template', 'spec']],
    restartPolicies: ANY,
    creates: 'Pods',
    runsToCompletion: true,
  },
  {
    group: 'kubeflow.org',
    kind: 'TFJob',
    paths: [['spec', 'tfReplicaSpecs', '*', 'template', 'spec']],
    restartPolicies: ANY,
    creates: 'Pods',
    runsToCompletion: true,
  },
  {
    group: 'kubeflow.org',
    kind: 'XGBoostJob',
    paths: [['spec', 'xgbReplicaSpecs', '*', 'template', 'spec']],
    restartPolicies: ANY,
    creates: 'Pods',
    runsToCompletion: true,
  },
  {
    group: 'kubeflow.org',
    kind: 'PaddleJob',
    paths: [['spec', 'paddleReplicaSpecs', '*', 'template', 'spec']],
    restartPolicies: ANY,
    creates: 'Pods',
    runsToCompletion: true,
  },
  // kubeflow/mpi-operator pkg/apis/kubeflow/v2beta1/types.go: MPIJobSpec.MPIReplicaSpecs map[MPIReplicaType]*common.ReplicaSpec.
  {
    group: 'kubeflow.org',
    kind: 'MPIJob',
    paths: [['spec', 'mpiReplicaSpecs', '*', 'template', 'spec']],
    restartPolicies: ANY,
    creates: 'Pods',
    runsToCompletion: true,
  },
  // ray-project/kuberay ray-operator/apis/ray/v1/raycluster_types.go: HeadGroupSpec.Template and
  // WorkerGroupSpec.Template corev1.PodTemplateSpec; rayjob_types.go RayJobSpec.RayClusterSpec
  // (`rayClusterSpec`) and SubmitterPodTemplate; rayservice_types.go RayServiceSpec.RayClusterSpec (`rayClusterConfig`).
  { group: 'ray.io', kind: 'RayCluster', paths: under(['spec'], RAY_CLUSTER), restartPolicies: ANY, creates: 'Pods', runsToCompletion: false },
  {
    group: 'ray.io',
    kind: 'RayJob',
    paths: [...under(['spec', 'rayClusterSpec'], RAY_CLUSTER), ['spec', 'submitterPodTemplate', 'spec']],
    restartPolicies: ANY,
    creates: 'Pods',
    runsToCompletion: false,
  },
  {
    group: 'ray.io',
    kind: 'RayService',
    paths: under(['spec', 'rayClusterConfig'], RAY_CLUSTER),
    restartPolicies: ANY,
    creates: 'Pods',
    runsToCompletion: false,
  },
  // volcano-sh/apis pkg/apis/batch/v1alpha1/job.go: TaskSpec.Template v1.PodTemplateSpec under JobSpec.Tasks.
  {
    group: 'batch.volcano.sh',
    kind: 'Job',
    paths: [['spec', 'tasks', '*', 'template', 'spec']],
    restartPolicies: ANY,
    creates: 'Pods',
    runsToCompletion: true,
  },
  // openkruise/kruise apis/apps/v1alpha1/cloneset_types.go: CloneSetSpec.Template v1.PodTemplateSpec;
  // apis/apps/v1beta1/statefulset_types.go: StatefulSetSpec.Template (Advanced StatefulSet).
  {
    group: 'apps.kruise.io',
    kind: 'CloneSet',
    paths: [['spec', 'template', 'spec']],
    restartPolicies: ALWAYS,
    creates: 'Pods',
    behavesAs: 'Deployment',
    runsToCompletion: false,
  },
  {
    group: 'apps.kruise.io',
    kind: 'StatefulSet',
    paths: [['spec', 'template', 'spec']],
    restartPolicies: ALWAYS,
    creates: 'Pods',
    behavesAs: 'StatefulSet',
    runsToCompletion: false,
  },
];

/** The table entry for a manifest's apiVersion and kind. */
export function customPodKind(apiVersion: string | undefined, kind: string | undefined): CustomPodKind | undefined {
  if (!apiVersion || !kind) return undefined;
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return undefined;
  const group = apiVersion.slice(0, slash);
  return CUSTOM_POD_KINDS.find((k) => k.group === group && k.kind === kind);
}

/** The WorkloadKind of a custom resource's pod spec at `path`. */
export function customWorkload(entry: CustomPodKind, apiVersion: string, path: Path): WorkloadKind {
  return {
    kind: entry.kind,
    apiVersions: [apiVersion],
    podSpecPath: path,
    restartPolicies: entry.restartPolicies,
    template: true,
    custom: {
      creates: entry.creates,
      behavesAs: entry.behavesAs,
      runsToCompletion: entry.runsToCompletion,
      injectedEnv: entry.injectedEnv,
      // `replicas` beside the pod template: a Rollout's, a RayCluster worker group's, a training job's replica type's.
      replicasPath: path.length >= 2 && path[path.length - 2] === 'template' ? [...path.slice(0, -2), 'replicas'] : undefined,
    },
  };
}
