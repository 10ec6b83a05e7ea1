/**
 * The startup plan of a pod spec: what the kubelet does, step by step (ground truth §3), with
 * the `kubectl get pods` status at each step, what happens on failure given the pod's
 * `restartPolicy` and the kind, and the resources in use (§2, `resources.ts`).
 *
 * The plan is plain JSON (strings, numbers, arrays, objects): lenses, hover, the startup view,
 * the CLI and the `initlens/startupPlan` request all render the same structure. Pure, no LSP.
 *
 *     steps   init containers one at a time, in list order:
 *               init-run       a regular init container runs to completion (gate: exit 0)
 *               sidecar-start  a sidecar starts and stays (gate: startupProbe, or running + postStart)
 *             app-start        the app containers, launched back-to-back (a postStart delays the next)
 *             terminate-apps   the app containers stop (deletion) or finish (Jobs, OnFailure/Never pods)
 *             terminate-sidecar  each sidecar, in reverse list order, after all app containers
 */
import { isScalar, type Node } from 'yaml';
import { PLAN_VERSION, type PlanContainer, type PlanResource, type PlanStep, type PodRestartPolicy, type ResourceValues, type StartupPlan } from '../protocol/index';
import type { Manifest } from '../model/document';
import type { Container, PodSpec } from '../model/podSpec';
import type { Range, Span } from '../model/text';
import { getEntry, nodeAt, scalarText, formatPath, type Path } from '../model/yamlNodes';
import { formatAmount, label, podResources, runningUse, type Amount, type EffectiveResource, type PodResources } from './resources';

/** Maps a span of the manifest's document to a range in the file (for `PlanContainer.range`). */
export type Placer = (span: Span) => Range;

const RESTART_POLICIES: readonly PodRestartPolicy[] = ['Always', 'OnFailure', 'Never'];
const DEFAULT_BACKOFF_LIMIT = 6;
const DEFAULT_GRACE_SECONDS = 30;

/** A key with a value that is not null (`key:`, `key: null` and `key: ~` count as absent). */
function present(node: Node | null | undefined): boolean {
  return !!node && !(isScalar(node) && (node.value === null || node.value === undefined));
}

function has(c: Container, key: string): boolean {
  return present(c.fields.get(key)?.value);
}

function hook(c: Container, name: 'postStart' | 'preStop'): boolean {
  return present(getEntry(c.fields.get('lifecycle')?.value, name)?.value);
}

function integer(node: Node | null | undefined): number | undefined {
  const text = scalarText(node);
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

function names(cs: readonly Container[]): string {
  return cs.map(label).join(' ‖ ');
}

/** `a`, `a and b`, `a, b and c` */
function listed(cs: readonly Container[]): string {
  const all = cs.map(label);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

function values(m: Map<string, Amount>): ResourceValues {
  const out: ResourceValues = {};
  for (const [k, v] of m) out[k] = formatAmount(v);
  return out;
}

function planResource(r: EffectiveResource): PlanResource {
  const out: PlanResource = {
    resource: r.resource,
    effective: formatAmount(r.effective),
    setBy: r.setBy,
    longRunning: formatAmount(r.longRunning),
    initDominates: r.initDominates,
    aggregate: formatAmount(r.aggregate),
  };
  if (r.initPeak) out.initPeak = { value: formatAmount(r.initPeak.value), container: label(r.initPeak.container), index: r.initPeak.index };
  if (r.podLevel) out.podLevel = r.podLevel.format();
  if (r.overhead) out.overhead = r.overhead.format();
  if (r.kind === 'limits') out.unlimited = r.unlimited.map(label);
  return out;
}

interface Context {
  pod: PodSpec;
  resources: PodResources;
  policy: PodRestartPolicy;
  job?: StartupPlan['job'];
  /** The pod is done when its app containers are (restartPolicy OnFailure or Never). */
  completes: boolean;
  place?: Placer;
}

function planContainer(c: Container, place?: Placer): PlanContainer {
  const out: PlanContainer = {
    name: label(c),
    list: c.list === 'initContainers' ? 'initContainers' : 'containers',
    index: c.index,
    role: c.role === 'sidecar' ? 'sidecar' : c.role === 'init' ? 'init' : 'app',
  };
  if (place) out.range = place(c.span);
  return out;
}

function backoff(job: NonNullable<StartupPlan['job']>): string {
  return `backoffLimit ${job.backoffLimit}${job.backoffLimitWritten ? '' : ', the default'}`;
}

function failurePolicyNote(ctx: Context): string {
  return ctx.job?.podFailurePolicy ? '; spec.podFailurePolicy may instead fail the Job at once or ignore the failure' : '';
}

function initFailure(ctx: Context, c: Container): string {
  const name = label(c);
  const { job, policy } = ctx;
  if (job && policy === 'Never')
    return `the pod fails (Init:Error); the Job creates a new pod, which runs every init container again (counts toward ${backoff(job)})${failurePolicyNote(ctx)}`;
  if (job)
    return `${name} is restarted in the same pod with exponential back-off (Init:Error, then Init:CrashLoopBackOff); each restart counts toward the Job's ${backoff(job)}${failurePolicyNote(ctx)}`;
  if (policy === 'Never') return 'the pod fails (phase Failed, Init:Error): restartPolicy Never retries nothing';
  return `${name} is restarted with exponential back-off (Init:Error, then Init:CrashLoopBackOff); nothing after it starts until it exits 0`;
}

function sidecarFailure(c: Container): string {
  const name = label(c);
  const probe = has(c, 'startupProbe') ? `; a failing startupProbe kills and restarts it` : '';
  return `${name} is restarted with exponential back-off whatever the pod's restartPolicy (Init:CrashLoopBackOff)${probe}; the next container keeps waiting`;
}

function appFailure(ctx: Context): string {
  const { job, policy } = ctx;
  if (job && policy === 'Never')
    return `a container that exits non-zero is not restarted: the pod fails (Error) and the Job creates a new pod, init containers included (counts toward ${backoff(job)})${failurePolicyNote(ctx)}`;
  if (job)
    return `a container that exits non-zero is restarted in the same pod with exponential back-off (CrashLoopBackOff); restarts count toward the Job's ${backoff(job)}${failurePolicyNote(ctx)}`;
  if (policy === 'Never') return 'a container that exits is not restarted; once all app containers have exited, the pod is Failed (Error) if any exited non-zero';
  if (policy === 'OnFailure') return 'a container that exits non-zero is restarted with exponential back-off (CrashLoopBackOff); one that exits 0 is done';
  return 'a container that exits, whatever its code, is restarted with exponential back-off (CrashLoopBackOff); the others keep running';
}

function sidecarGate(c: Container): string {
  if (has(c, 'startupProbe')) return 'startupProbe succeeds';
  return hook(c, 'postStart') ? 'running, postStart returned' : 'running';
}

function jobSpecPath(manifest: Manifest): Path | undefined {
  const workload = manifest.workload;
  if (!workload) return undefined;
  if (workload.custom) {
    // A custom resource whose pods are a batch Job's (a JobSet's jobs, a KEDA ScaledJob): the JobSpec holds the pod template.
    return workload.custom.behavesAs === 'Job' ? workload.podSpecPath.slice(0, -2) : undefined;
  }
  if (workload.kind === 'Job') return ['spec'];
  if (workload.kind === 'CronJob') return ['spec', 'jobTemplate', 'spec'];
  return undefined;
}

function steps(ctx: Context): PlanStep[] {
  const { pod, resources, place } = ctx;
  const out: PlanStep[] = [];
  const init = pod.initContainers;
  const apps = pod.appContainers;
  const n = init.length;
  const use = (running: readonly Container[]) => {
    const u = runningUse(resources, running);
    return { requests: values(u.requests), limits: values(u.limits) };
  };
  const next = (i: number): string => (i + 1 < n ? label(init[i + 1]) : apps.length ? names(apps) : 'the app containers');
  const startVerb = (i: number): string => (i + 1 < n || apps.length === 1 ? 'starts' : 'start');
  const sidecarsBefore = (i: number) => init.slice(0, i).filter((c) => c.role === 'sidecar');

  init.forEach((c, i) => {
    const name = label(c);
    const notes: string[] = [];
    if (c.role === 'sidecar') {
      if (!has(c, 'startupProbe') && (i + 1 < n || apps.length))
        notes.push(`${name} has no startupProbe: ${next(i)} ${startVerb(i)} as soon as ${name} is running, not when it is ready`);
      if (!has(c, 'startupProbe') && hook(c, 'postStart') && (i + 1 < n || apps.length)) notes.push(`postStart of ${name} delays ${next(i)}`);
      out.push({
        step: out.length + 1,
        phase: 'init',
        kind: 'sidecar-start',
        containers: [planContainer(c, place)],
        action: `start ${name} (sidecar) and keep it running until ${ctx.completes ? 'the app containers exit' : 'the pod stops'}`,
        gate: sidecarGate(c),
        onFailure: sidecarFailure(c),
        status: `Init:${i}/${n}`,
        resources: use([...sidecarsBefore(i), c]),
        notes,
      });
    } else {
      out.push({
        step: out.length + 1,
        phase: 'init',
        kind: 'init-run',
        containers: [planContainer(c, place)],
        action: `run ${name} to completion`,
        gate: 'exit 0',
        onFailure: initFailure(ctx, c),
        status: `Init:${i}/${n}`,
        resources: use([...sidecarsBefore(i), c]),
        notes,
      });
    }
  });

  const sidecars = init.filter((c) => c.role === 'sidecar');
  const longRunning = [...sidecars, ...apps];
  const appNotes: string[] = [];
  apps.forEach((c, j) => {
    if (hook(c, 'postStart') && j + 1 < apps.length) appNotes.push(`postStart of ${label(c)} delays ${label(apps[j + 1])}`);
  });
  if (sidecars.length && apps.length) appNotes.push(`${listed(sidecars)} keep${sidecars.length === 1 ? 's' : ''} running beside them`);
  const postStart = apps.some((c) => hook(c, 'postStart'));
  out.push({
    step: out.length + 1,
    phase: 'run',
    kind: 'app-start',
    containers: apps.map((c) => planContainer(c, place)),
    action: apps.length === 0 ? 'start the app containers (there are none)' : apps.length === 1 ? `start ${label(apps[0])}` : `start ${names(apps)} together, in list order`,
    gate: postStart ? 'started; each postStart returns before the next container starts (readiness is not awaited)' : 'started (readiness is not awaited)',
    onFailure: appFailure(ctx),
    status: n ? 'PodInitializing' : 'ContainerCreating',
    statusAfter: 'Running',
    resources: use(longRunning),
    notes: appNotes,
  });

  const stopping = ctx.completes ? 'Completed' : 'Terminating';
  const preStopSidecars = sidecars.filter((c) => hook(c, 'preStop'));
  const appStop: string[] = [];
  if (preStopSidecars.length && !ctx.completes)
    appStop.push(`the preStop hook${preStopSidecars.length === 1 ? '' : 's'} of ${listed(preStopSidecars)} start${preStopSidecars.length === 1 ? 's' : ''} now too; SIGTERM waits for ${preStopSidecars.length === 1 ? 'its' : 'their'} turn`);
  out.push({
    step: out.length + 1,
    phase: 'termination',
    kind: 'terminate-apps',
    containers: apps.map((c) => planContainer(c, place)),
    action: ctx.completes
      ? `${apps.length ? names(apps) : 'the app containers'} run${apps.length === 1 ? 's' : ''} until ${apps.length === 1 ? 'it exits' : 'they exit'}; then the pod completes`
      : `stop ${apps.length ? names(apps) : 'the app containers'}${apps.length > 1 ? ' together' : ''}: SIGTERM${apps.some((c) => hook(c, 'preStop')) ? ' after the preStop hooks' : ''}`,
    gate: 'every app container has exited',
    status: ctx.completes ? 'Running' : 'Terminating',
    ...(ctx.completes ? { statusAfter: 'Completed' } : {}),
    resources: use(longRunning),
    notes: appStop,
  });
  const reversed = [...sidecars].reverse();
  reversed.forEach((c, k) => {
    const still = sidecars.slice(0, sidecars.length - k);
    const after = k === 0 ? 'the app containers' : label(reversed[k - 1]);
    out.push({
      step: out.length + 1,
      phase: 'termination',
      kind: 'terminate-sidecar',
      containers: [planContainer(c, place)],
      action: `stop ${label(c)} (SIGTERM${hook(c, 'preStop') ? ' once its preStop hook has returned' : ''}) after ${after} exited`,
      gate: `${label(c)} has exited`,
      status: stopping,
      resources: use(still),
      notes: [],
    });
  });
  return out;
}

/** The startup plan of a manifest's pod spec, or undefined when it has none. */
export function startupPlan(manifest: Manifest, place?: Placer): StartupPlan | undefined {
  const pod = manifest.podSpec;
  const workload = manifest.workload;
  if (!pod || !workload) return undefined;
  const written = pod.restartPolicy;
  const policy: PodRestartPolicy = written && (RESTART_POLICIES as readonly string[]).includes(written) ? (written as PodRestartPolicy) : 'Always';
  const notes: string[] = [];
  let job: StartupPlan['job'];
  const jobPath = jobSpecPath(manifest);
  if (jobPath) {
    const spec = nodeAt(manifest.node, jobPath);
    const limit = integer(getEntry(spec, 'backoffLimit')?.value);
    job = { backoffLimit: limit ?? DEFAULT_BACKOFF_LIMIT, backoffLimitWritten: limit !== undefined, podFailurePolicy: present(getEntry(spec, 'podFailurePolicy')?.value) };
  }
  const resources = podResources(pod);
  const ctx: Context = { pod, resources, policy, job, completes: policy !== 'Always', place };

  const init = pod.initContainers;
  const sidecars = init.filter((c) => c.role === 'sidecar');
  const apps = pod.appContainers;
  const grace = integer(pod.fields.get('terminationGracePeriodSeconds')?.value);
  const gracePeriodSeconds = grace ?? DEFAULT_GRACE_SECONDS;

  if (written !== undefined && written !== policy) notes.push(`restartPolicy "${written}" is not a valid value: the plan assumes Always`);
  if (job && policy === 'Always') notes.push(`a ${workload.kind}'s pod must set restartPolicy OnFailure or Never: the API server rejects Always (the default)`);
  if (apps.length === 0) notes.push('the pod has no app containers: the API server requires at least one');
  if (job && sidecars.length) notes.push(`the sidecars do not block the ${workload.kind}'s completion: they are stopped once the app containers exit`);
  for (const c of sidecars) {
    if (has(c, 'readinessProbe')) notes.push(`${label(c)}'s readinessProbe counts toward pod Ready`);
  }
  const deadline = integer(pod.fields.get('activeDeadlineSeconds')?.value);
  if (deadline !== undefined) notes.push(`activeDeadlineSeconds (${deadline} s) counts from the pod's start: the time spent in init is included`);
  for (const cr of resources.containers) {
    if (cr.defaultedRequests.length) notes.push(`${label(cr.container)} requests its limit for ${cr.defaultedRequests.join(', ')} (a limit without a request defaults the request to it)`);
  }

  const trigger = ctx.completes
    ? job
      ? 'the app containers exit (the Job\'s work is done), or the pod is deleted'
      : 'the app containers exit (restartPolicy ' + policy + '), or the pod is deleted'
    : 'the pod is deleted (a rollout, a scale-down, an eviction, kubectl delete)';

  return {
    version: PLAN_VERSION,
    kind: workload.kind,
    apiVersion: manifest.apiVersion ?? '',
    ...(manifest.name !== undefined ? { name: manifest.name } : {}),
    podSpecPath: formatPath(pod.path),
    template: workload.template,
    restartPolicy: policy,
    restartPolicyWritten: written !== undefined,
    ...(job ? { job } : {}),
    containers: { init: init.length, sidecars: sidecars.length, apps: apps.length },
    readyTotal: apps.length + sidecars.length,
    steps: steps(ctx),
    termination: {
      trigger,
      gracePeriodSeconds,
      gracePeriodWritten: grace !== undefined,
      order: [...apps.map(label), ...[...sidecars].reverse().map(label)],
    },
    resources: { requests: resources.requests.map(planResource), limits: resources.limits.map(planResource) },
    notes,
  };
}
