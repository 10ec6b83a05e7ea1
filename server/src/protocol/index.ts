/**
 * The wire contract between the initlens server and its clients (the VS Code extension, the
 * startup view, other editors): request and command names, their parameters and results, and the
 * startup plan's types. The only module of `server/src` the client imports; it imports nothing.
 */

/** A position as LSP counts it: 0-based line, UTF-16 code units. */
export interface ProtocolPosition {
  line: number;
  character: number;
}

export interface ProtocolRange {
  start: ProtocolPosition;
  end: ProtocolPosition;
}

/** Request: the startup plan of the pod at a position (`StartupPlanParams` → `StartupPlan | null`). */
export const STARTUP_PLAN_REQUEST = 'initlens/startupPlan';

export interface StartupPlanParams {
  textDocument: { uri: string };
  position: ProtocolPosition;
}

/**
 * Command carried by every code lens, arguments `[uri, position]`: the client opens its startup
 * view; a client without one may send it to the server, which answers the plan.
 */
export const SHOW_STARTUP_COMMAND = 'initlens.showStartup';

/** Client command: restart the language server. */
export const RESTART_SERVER_COMMAND = 'initlens.restartServer';

/**
 * Client commands, argument `[commandLine]`: copy a debugging command (`kubectl logs …`) to the
 * clipboard, or type it into a terminal without running it. A client that names them in
 * `initializationOptions.clientCommands` gets links to them in the hover of a container's name.
 */
export const COPY_TO_CLIPBOARD_COMMAND = 'initlens.copyToClipboard';
export const OPEN_IN_TERMINAL_COMMAND = 'initlens.openInTerminal';

/**
 * The plan's shape: 2 added each step's `amounts` (numbers the startup view draws to scale); 3
 * added what the workspace says (`waits` and `missing` on steps, `disruption`), all optional.
 */
export const PLAN_VERSION = 3;

export type StepKind = 'init-run' | 'sidecar-start' | 'app-start' | 'terminate-apps' | 'terminate-sidecar';
export type PodRestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface PlanContainer {
  /** The container's name, or `initContainers[2]` when it has none. */
  name: string;
  list: 'initContainers' | 'containers';
  /** Index in its list. */
  index: number;
  role: 'init' | 'sidecar' | 'app';
  /** Where the container is (its list item), when the plan was placed in a file. */
  range?: ProtocolRange;
}

/** Resource name → quantity (`1100m`, `640Mi`) or `unbounded`, cpu first, then memory, then by name. */
export type ResourceValues = Record<string, string>;

/**
 * The same resources as numbers in base units (cores, bytes, …), for drawing to scale: the
 * exact quantity rounded to the nearest double, `null` for `unbounded` (JSON has no infinity).
 */
export type ResourceNumbers = Record<string, number | null>;

export interface PlanStep {
  /** 1-based, over the whole plan. */
  step: number;
  phase: 'init' | 'run' | 'termination';
  kind: StepKind;
  containers: PlanContainer[];
  /** What happens, one line. */
  action: string;
  /** What must happen before the next step begins. */
  gate: string;
  /** What the kubelet (and a Job's controller) does when this step fails. */
  onFailure?: string;
  /** `kubectl get pods` STATUS while this step is in progress. */
  status: string;
  /** The STATUS this step ends in, when the next step does not say it (`Running`, `Completed`). */
  statusAfter?: string;
  /** What the containers running during this step request and are limited to (overhead not included). */
  resources: { requests: ResourceValues; limits: ResourceValues };
  /** `resources` as numbers, with the same keys. */
  amounts: { requests: ResourceNumbers; limits: ResourceNumbers };
  notes: string[];
  /**
   * The hosts this step's container connects to (its wait loop, its exec-form args, its env
   * values) and the Service each designates, as the workspace tells it. Only with a workspace.
   */
  waits?: PlanWait[];
  /**
   * What this step needs that is missing: a Secret, a ConfigMap or a key the workspace does not
   * define (only with a workspace; volumes block the pod's first step), or an env file no earlier
   * init container can have written. The step cannot pass while it is missing.
   */
  missing?: PlanMissing[];
}

/** A host a container connects to, and the Service the workspace defines for it. */
export interface PlanWait {
  /** The container that connects (its `PlanContainer.name`). */
  container: string;
  /** As written (`postgres`, `db.prod.svc.cluster.local`). */
  host: string;
  port?: number;
  /** How the container uses it (`nc -z postgres 5432`, `env DB_URL`). */
  how: string;
  /** The Service the host designates and its namespace. */
  service: string;
  namespace: string;
  /**
   * `defined`: the workspace defines the Service (`file`, `line`); `missing`: it defines Services
   * in that namespace but not this one; `unknown`: it defines no Service there (it may come from
   * elsewhere: a chart, another repository).
   */
  state: 'defined' | 'missing' | 'unknown';
  /** Where the Service is defined: the file relative to the workspace root, 1-based line. */
  file?: string;
  line?: number;
  /** What happens meanwhile (for `missing`). */
  effect?: string;
  /** All of it in one line, as the terminal and the startup view show it (`protocol/planText.ts`). */
  text: string;
}

/** Something a container or the pod needs that the workspace does not define. */
export interface PlanMissing {
  kind: 'Secret' | 'ConfigMap' | 'EnvFile';
  /** The object's name (an env file: its path in the volume). */
  name: string;
  /** The key asked for, when the object is defined but lacks it. */
  key?: string;
  /** How it is referenced (`env DB_PASSWORD secretKeyRef`, `volume creds secret`). */
  how: string;
  /** The container that needs it (its `PlanContainer.name`); none for a volume, which the whole pod needs. */
  container?: string;
  /** The namespace looked in (Secrets and ConfigMaps). */
  namespace?: string;
  /** Where the object is defined, when only a key is missing (relative to the workspace root, 1-based line). */
  file?: string;
  line?: number;
  /** `kubectl get pods` STATUS meanwhile (`Init:CreateContainerConfigError`, `Init:0/2`, `ContainerCreating`). */
  status: string;
  /** The event the kubelet records (`FailedMount`), when one says it. */
  event?: string;
  /** What happens, one line. */
  effect: string;
  /** All of it in one line, as the terminal and the startup view show it (`protocol/planText.ts`). */
  text: string;
}

/** A PodDisruptionBudget that selects the pod's labels. */
export interface PlanBudget {
  name: string;
  /** Relative to the workspace root, and the 1-based line. */
  file: string;
  line: number;
  minAvailable?: string;
  maxUnavailable?: string;
  /** The budget allows no voluntary eviction of these pods (maxUnavailable 0, minAvailable 100% or the replicas). */
  blocksEvictions: boolean;
  /** All of it in one line, as the terminal and the startup view show it (`protocol/planText.ts`). */
  text: string;
}

export interface PlanResource {
  resource: string;
  /** The pod's effective value (overhead and pod-level resources applied), or `unbounded`. */
  effective: string;
  setBy: 'long-running' | 'init' | 'pod-level' | 'overhead';
  /** Σ app containers + Σ sidecars. */
  longRunning: string;
  /** The largest `InitUse(i)` and the init container it belongs to. */
  initPeak?: { value: string; container: string; index: number };
  /** The init peak is strictly above the long-running sum. */
  initDominates: boolean;
  /** max(long-running, init peak): the containers' value, before pod-level resources and overhead. */
  aggregate: string;
  podLevel?: string;
  overhead?: string;
  /** Limits only: the containers without a limit for the resource. */
  unlimited?: string[];
}

export interface StartupPlan {
  version: typeof PLAN_VERSION;
  /** The Kubernetes version the plan is for (`1.35`): which feature-gated fields count. */
  kubernetesVersion: string;
  kind: string;
  apiVersion: string;
  name?: string;
  /** `spec.template.spec` */
  podSpecPath: string;
  /** A template (Deployment, Job, …) rather than a Pod. */
  template: boolean;
  /** The pod's restartPolicy (`Always` when not written). */
  restartPolicy: PodRestartPolicy;
  restartPolicyWritten: boolean;
  /** Jobs and CronJobs: how failed pods are retried. */
  job?: { backoffLimit: number; backoffLimitWritten: boolean; podFailurePolicy: boolean };
  containers: { init: number; sidecars: number; apps: number };
  /** READY's denominator in `kubectl get pods`: app containers + sidecars. */
  readyTotal: number;
  steps: PlanStep[];
  termination: {
    /** What starts it. */
    trigger: string;
    gracePeriodSeconds: number;
    gracePeriodWritten: boolean;
    /** Container names in the order they stop: app containers together, then sidecars in reverse. */
    order: string[];
  };
  resources: { requests: PlanResource[]; limits: PlanResource[] };
  notes: string[];
  /** The PodDisruptionBudgets of the workspace that select these pods, and what they mean for evictions. */
  disruption?: { budgets: PlanBudget[]; notes: string[] };
}
