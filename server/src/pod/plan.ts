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
import { isMap, isSeq, type Node } from 'yaml';
import { formatKubeVersion, versionAtLeast, type KubeVersion } from '../config/options';
import { droppedAt, gateDefaultText, GATES, onByDefault } from '../knowledge/featureGates';
import {
  PLAN_VERSION,
  type PlanContainer,
  type PlanMissing,
  type PlanResource,
  type PlanStep,
  type PodRestartPolicy,
  type ResourceNumbers,
  type ResourceValues,
  type StartupPlan,
  type PlanWait,
} from '../protocol/index';
import { missingText, waitText } from '../protocol/planText';
import type { Manifest } from '../model/document';
import { isSet, type ContainerHandlers } from '../model/containerFacts';
import type { Container, PodSpec } from '../model/podSpec';
import type { Range, Span } from '../model/text';
import { getEntry, nodeAt, scalarText, formatPath, type Path } from '../model/yamlNodes';
import { amountNumber, formatAmount, label, podResources, runningUse, type Amount, type EffectiveResource, type PodResources } from './resources';
import { restartRulesOf } from './restartRules';

/** Maps a span of the manifest's document to a range in the file (for `PlanContainer.range`). */
export type Placer = (span: Span) => Range;

/**
 * What the other files of the workspace tell the plan (`features/startupWorkspace.ts` reads the
 * workspace index): the Services a container connects to, what it needs that is missing, the
 * volumes the pod cannot mount, the PodDisruptionBudgets selecting its pods.
 */
export interface PlanWorkspace {
  /** A digest of everything it says: equal keys give equal plans (the plan cache's key). */
  key: string;
  /** The hosts a container connects to; `container`, `text` and a missing Service's `effect` are filled by the plan. */
  waits(c: Container): Omit<PlanWait, 'container' | 'text'>[];
  /** A container's env references (`env`, `envFrom`) the workspace lacks; `status` and `text` are filled by the plan. */
  missing(c: Container): Omit<PlanMissing, 'status' | 'text'>[];
  /** Volumes the pod cannot mount: no container starts (the first step waits). */
  missingVolumes: Omit<PlanMissing, 'status' | 'text'>[];
  disruption?: StartupPlan['disruption'];
}

const RESTART_POLICIES: readonly PodRestartPolicy[] = ['Always', 'OnFailure', 'Never'];
const DEFAULT_BACKOFF_LIMIT = 6;
const DEFAULT_GRACE_SECONDS = 30;

/** The container has this probe or lifecycle handler (written with a value). */
function has(c: Container, handler: keyof ContainerHandlers): boolean {
  return isSet(c.handlers[handler]);
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

function numbers(m: Map<string, Amount>): ResourceNumbers {
  const out: ResourceNumbers = {};
  for (const [k, v] of m) out[k] = amountNumber(v);
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
  /** The target Kubernetes version: which gated fields the API server keeps (§6.0). */
  target: KubeVersion;
  resources: PodResources;
  policy: PodRestartPolicy;
  job?: StartupPlan['job'];
  /** The pod is done when its app containers are (restartPolicy OnFailure or Never). */
  completes: boolean;
  place?: Placer;
  workspace?: PlanWorkspace;
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

// ---------------------------------------------------------------------------------------------
// Container-level restart policies and rules (R17, R18), where the target keeps them

/** A rule the target applies. */
interface ActiveRule {
  action: string;
  operator: string;
  values: number[];
}

interface ContainerPolicy {
  policy: 'Always' | 'OnFailure' | 'Never';
  rules: ActiveRule[];
}

/** The container's own restartPolicy and rules, when the target applies them (ContainerRestartRules on). */
export function containerPolicy(c: Container, target: KubeVersion): ContainerPolicy | undefined {
  if (!onByDefault(GATES.containerRestartRules, target)) return undefined;
  const policy = c.restartPolicy?.text;
  if (policy !== 'Always' && policy !== 'OnFailure' && policy !== 'Never') return undefined;
  const rules: ActiveRule[] = [];
  for (const r of restartRulesOf(c)?.rules ?? []) {
    const action = r.action.kind === 'string' ? r.action.value : '';
    const operator = r.operator.kind === 'string' ? r.operator.value : '';
    if (
      (operator === 'In' || operator === 'NotIn') &&
      (action === 'Restart' || (action === 'RestartAllContainers' && onByDefault(GATES.restartAllContainers, target)))
    )
      rules.push({ action, operator, values: r.numbers });
  }
  return { policy, rules };
}

function codesText(r: ActiveRule): string {
  return r.operator === 'In' ? `exit ${r.values.join('/') || '(none)'}` : `any exit but ${r.values.join('/') || '(none)'}`;
}

/** What a regular init container's own policy does on a non-zero exit (R17). */
function initPolicyFailure(ctx: Context, c: Container, p: ContainerPolicy): string {
  const name = label(c);
  const restarts = p.rules.filter((r) => r.action === 'Restart');
  const inPlace = `${name} is retried in the same pod with exponential back-off (Init:CrashLoopBackOff)`;
  const counts = ctx.job
    ? ctx.policy === 'OnFailure'
      ? `; each restart counts toward the Job's ${backoff(ctx.job)}`
      : '; the Job does not count restarts in place (template restartPolicy Never), only failed pods'
    : '';
  const fails = ctx.job
    ? `the pod fails (Init:Error) and the Job creates a new pod (counts toward ${backoff(ctx.job)})${failurePolicyNote(ctx)}`
    : 'the pod fails (phase Failed, Init:Error)';
  if (p.policy === 'OnFailure') return `container restartPolicy OnFailure: ${inPlace} until it exits 0, whatever the pod's restartPolicy${counts}`;
  if (restarts.length)
    return `container restartPolicy Never with restart rules: on ${restarts.map(codesText).join(' or ')}, ${inPlace}${counts}; any other non-zero exit: ${fails}, whatever the pod's restartPolicy`;
  return `container restartPolicy Never: one try; a non-zero exit: ${fails}, whatever the pod's restartPolicy`;
}

/** Notes for a container's own policy on an app container (R17). */
function appPolicyNote(ctx: Context, c: Container, p: ContainerPolicy): string {
  const name = label(c);
  const rules = p.rules.filter((r) => r.action === 'Restart');
  const extra = rules.length ? `; restarted in place on ${rules.map(codesText).join(' or ')} first` : '';
  if (p.policy === 'Always')
    return `${name} has its own restartPolicy Always${extra}: restarted whatever its exit code${ctx.job ? `, so the pod never succeeds and the ${ctx.job ? 'Job' : 'pod'} never completes` : ''}`;
  if (p.policy === 'OnFailure') return `${name} has its own restartPolicy OnFailure${extra}: restarted in place on a non-zero exit, done on exit 0`;
  return `${name} has its own restartPolicy Never${extra}: ${rules.length ? 'otherwise ' : ''}not restarted; once it exits it stays terminated${ctx.policy === 'Always' ? ' and the controller replaces the pod when nothing runs any more' : ''}`;
}

/** The RestartAllContainers loop (R18): "exit 88 of watcher → restart from init[0]". */
function restartAllNote(ctx: Context, c: Container, p: ContainerPolicy): string | undefined {
  const all = p.rules.filter((r) => r.action === 'RestartAllContainers');
  if (!all.length) return undefined;
  const first = ctx.pod.initContainers[0];
  const from = first ? `from ${label(first)}` : 'from the app containers';
  return `${all.map(codesText).join(' or ')} of ${label(c)} → every container is killed at once (no preStop, no grace period) and the pod restarts in place ${from}: every init container runs again against the same volumes, so init-script-not-idempotent matters more`;
}

// ---------------------------------------------------------------------------------------------
// Env files (R19), stop signals (R21), pod certificates (R23)

/** "env `DB_HOST` ← file `config.env` written by `setup-envfile`", for each fileKeyRef of c (EnvFiles on). */
export function envFileNotes(pod: PodSpec, c: Container, target: KubeVersion): string[] {
  if (!onByDefault(GATES.envFiles, target)) return [];
  const out: string[] = [];
  const init = pod.initContainers;
  const before = c.list === 'initContainers' ? init.slice(0, init.indexOf(c)) : init;
  for (const e of c.env) {
    const ref = getEntry(e.fields.get('valueFrom')?.value, 'fileKeyRef')?.value;
    if (!isMap(ref)) continue;
    const volume = scalarText(getEntry(ref, 'volumeName')?.value);
    const file = scalarText(getEntry(ref, 'path')?.value) ?? '?';
    const mounts = (x: Container) => x.volumeMounts.some((m) => m.name === volume);
    const writer = [...before].reverse().find((x) => x.role === 'init' && mounts(x));
    const sidecar = before.find((x) => x.role === 'sidecar' && mounts(x));
    const by = writer
      ? `written by ${label(writer)}`
      : sidecar
        ? `written by sidecar ${label(sidecar)}, which may not have written it yet`
        : `which no earlier init container writes (volume ${volume ?? '?'})`;
    out.push(`env \`${e.name ?? '?'}\` ← file \`${file}\` ${by}`);
  }
  return out;
}

/**
 * The env files `c` needs that no earlier init container can have written (EnvFiles on): the
 * emptyDir starts empty, so the file is missing when `c` starts (ground truth R19: the container
 * does not start; the waiting reason is probably CreateContainerConfigError, unconfirmed). An
 * optional reference is not needed; a volume that is not an emptyDir is the API server's refusal.
 */
function missingEnvFiles(pod: PodSpec, c: Container, target: KubeVersion): PlanMissing[] {
  if (!onByDefault(GATES.envFiles, target)) return [];
  const out: PlanMissing[] = [];
  const init = pod.initContainers;
  const before = c.list === 'initContainers' ? init.slice(0, init.indexOf(c)) : init;
  for (const e of c.env) {
    const ref = getEntry(e.fields.get('valueFrom')?.value, 'fileKeyRef')?.value;
    if (!isMap(ref) || scalarText(getEntry(ref, 'optional')?.value) === 'true') continue;
    const volume = scalarText(getEntry(ref, 'volumeName')?.value);
    const file = scalarText(getEntry(ref, 'path')?.value);
    if (!volume || !file || !pod.volumes.some((v) => v.name === volume && v.source === 'emptyDir')) continue;
    // Another app container may write it (racy, not missing): only a volume nobody before can write is.
    const writers = c.list === 'initContainers' ? before : [...before, ...pod.appContainers.filter((x) => x !== c)];
    if (writers.some((x) => x.volumeMounts.some((m) => m.name === volume))) continue;
    const status = `${c.list === 'initContainers' ? 'Init:' : ''}CreateContainerConfigError`;
    const m: Omit<PlanMissing, 'text'> = {
      kind: 'EnvFile',
      name: file,
      how: `env ${e.name ?? '?'} fileKeyRef, volume ${volume}`,
      container: label(c),
      status,
      effect: `the emptyDir starts empty and no container that runs before it mounts it, so the file does not exist when ${label(c)} starts: the kubelet does not start it (the waiting reason is probably CreateContainerConfigError, unconfirmed)`,
    };
    out.push({ ...m, text: missingText(m) });
  }
  return out;
}

/** The signal `c` is stopped with: its `stopSignal` where the target keeps it, else SIGTERM. */
function stopSignal(ctx: Context, c: Container): string {
  const written = scalarText(getEntry(c.fields.get('lifecycle')?.value, 'stopSignal')?.value);
  return written && versionAtLeast(ctx.target, 1, GATES.containerStopSignals.since) && !droppedAt(GATES.containerStopSignals, ctx.target) ? written : 'SIGTERM';
}

function signals(ctx: Context, cs: readonly Container[]): string {
  const custom = cs.filter((c) => stopSignal(ctx, c) !== 'SIGTERM');
  return custom.length ? `SIGTERM (${custom.map((c) => `${label(c)}: ${stopSignal(ctx, c)}`).join(', ')})` : 'SIGTERM';
}

/** Signer names of projected podCertificate sources, where the target keeps them (PodCertificateRequest on). */
function certificateSigners(ctx: Context): string[] {
  if (!onByDefault(GATES.podCertificateRequest, ctx.target)) return [];
  const out: string[] = [];
  for (const v of ctx.pod.volumes) {
    const sources = getEntry(v.fields.get('projected')?.value, 'sources')?.value;
    if (!isSeq(sources)) continue;
    for (const item of sources.items) {
      const cert = isMap(item) ? getEntry(item, 'podCertificate')?.value : undefined;
      if (cert) out.push(scalarText(getEntry(cert, 'signerName')?.value) ?? '?');
    }
  }
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
  if (policy === 'Never')
    return 'a container that exits is not restarted; once all app containers have exited, the pod is Failed (Error) if any exited non-zero';
  if (policy === 'OnFailure') return 'a container that exits non-zero is restarted with exponential back-off (CrashLoopBackOff); one that exits 0 is done';
  return 'a container that exits, whatever its code, is restarted with exponential back-off (CrashLoopBackOff); the others keep running';
}

function sidecarGate(c: Container): string {
  if (has(c, 'startupProbe')) return 'startupProbe succeeds';
  return has(c, 'postStart') ? 'running, postStart returned' : 'running';
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

/** A step's cross-file parts: the Services its container connects to, what it needs that is missing. */
function crossFile(ctx: Context, cs: readonly Container[], status: string): Pick<PlanStep, 'waits' | 'missing'> {
  const files = cs.flatMap((c) => missingEnvFiles(ctx.pod, c, ctx.target));
  const ws = ctx.workspace;
  if (!ws) return files.length ? { missing: files } : {};
  const out: Pick<PlanStep, 'waits' | 'missing'> = {};
  const waits = cs.flatMap((c) =>
    c.role === 'app'
      ? []
      : ws.waits(c).map((w) => {
          const wait: Omit<PlanWait, 'text'> = { ...w, container: label(c) };
          if (w.state === 'missing')
            wait.effect = `if none exists in the cluster either, the name does not resolve: a wait loop keeps waiting (STATUS stays ${status}), a client fails to connect`;
          return { ...wait, text: waitText(wait) };
        }),
  );
  if (waits.length) out.waits = waits;
  const missing = [
    ...cs.flatMap((c) =>
      ws.missing(c).map((m) => withText({ ...m, container: label(c), status: `${c.list === 'initContainers' ? 'Init:' : ''}CreateContainerConfigError` })),
    ),
    ...files,
  ];
  if (missing.length) out.missing = missing;
  return out;
}

function withText(m: Omit<PlanMissing, 'text'>): PlanMissing {
  return { ...m, text: missingText(m) };
}

function steps(ctx: Context): PlanStep[] {
  const { pod, resources, place } = ctx;
  const out: PlanStep[] = [];
  const init = pod.initContainers;
  const apps = pod.appContainers;
  const n = init.length;
  const use = (running: readonly Container[]) => {
    const u = runningUse(resources, running);
    return {
      resources: { requests: values(u.requests), limits: values(u.limits) },
      amounts: { requests: numbers(u.requests), limits: numbers(u.limits) },
    };
  };
  const next = (i: number): string => (i + 1 < n ? label(init[i + 1]) : apps.length ? names(apps) : 'the app containers');
  const startVerb = (i: number): string => (i + 1 < n || apps.length === 1 ? 'starts' : 'start');
  const sidecarsBefore = (i: number) => init.slice(0, i).filter((c) => c.role === 'sidecar');

  init.forEach((c, i) => {
    const name = label(c);
    const notes: string[] = [...envFileNotes(ctx.pod, c, ctx.target)];
    const own = containerPolicy(c, ctx.target);
    const loop = own && restartAllNote(ctx, c, own);
    if (loop) notes.push(loop);
    if (c.role === 'sidecar') {
      if (!has(c, 'startupProbe') && (i + 1 < n || apps.length))
        notes.push(`${name} has no startupProbe: ${next(i)} ${startVerb(i)} as soon as ${name} is running, not when it is ready`);
      if (!has(c, 'startupProbe') && has(c, 'postStart') && (i + 1 < n || apps.length)) notes.push(`postStart of ${name} delays ${next(i)}`);
      out.push({
        step: out.length + 1,
        phase: 'init',
        kind: 'sidecar-start',
        containers: [planContainer(c, place)],
        action: `start ${name} (sidecar) and keep it running until ${ctx.completes ? 'the app containers exit' : 'the pod stops'}`,
        gate: sidecarGate(c),
        onFailure: sidecarFailure(c),
        status: `Init:${i}/${n}`,
        ...use([...sidecarsBefore(i), c]),
        notes,
        ...crossFile(ctx, [c], `Init:${i}/${n}`),
      });
    } else {
      const own = containerPolicy(c, ctx.target);
      out.push({
        step: out.length + 1,
        phase: 'init',
        kind: 'init-run',
        containers: [planContainer(c, place)],
        action: `run ${name} to completion`,
        gate: 'exit 0',
        onFailure: own ? initPolicyFailure(ctx, c, own) : initFailure(ctx, c),
        status: `Init:${i}/${n}`,
        ...use([...sidecarsBefore(i), c]),
        notes,
        ...crossFile(ctx, [c], `Init:${i}/${n}`),
      });
    }
  });

  const sidecars = init.filter((c) => c.role === 'sidecar');
  const longRunning = [...sidecars, ...apps];
  const appNotes: string[] = [];
  apps.forEach((c, j) => {
    if (has(c, 'postStart') && j + 1 < apps.length) appNotes.push(`postStart of ${label(c)} delays ${label(apps[j + 1])}`);
  });
  if (sidecars.length && apps.length) appNotes.push(`${listed(sidecars)} keep${sidecars.length === 1 ? 's' : ''} running beside them`);
  for (const c of apps) {
    const own = containerPolicy(c, ctx.target);
    if (own) appNotes.push(appPolicyNote(ctx, c, own));
    const loop = own && restartAllNote(ctx, c, own);
    if (loop) appNotes.push(loop);
    appNotes.push(...envFileNotes(ctx.pod, c, ctx.target));
  }
  const postStart = apps.some((c) => has(c, 'postStart'));
  out.push({
    step: out.length + 1,
    phase: 'run',
    kind: 'app-start',
    containers: apps.map((c) => planContainer(c, place)),
    action:
      apps.length === 0
        ? 'start the app containers (there are none)'
        : apps.length === 1
          ? `start ${label(apps[0])}`
          : `start ${names(apps)} together, in list order`,
    gate: postStart ? 'started; each postStart returns before the next container starts (readiness is not awaited)' : 'started (readiness is not awaited)',
    onFailure: appFailure(ctx),
    status: n ? 'PodInitializing' : 'ContainerCreating',
    statusAfter: 'Running',
    ...use(longRunning),
    notes: appNotes,
    ...crossFile(ctx, apps, n ? 'PodInitializing' : 'ContainerCreating'),
  });

  const stopping = ctx.completes ? 'Completed' : 'Terminating';
  const preStopSidecars = sidecars.filter((c) => has(c, 'preStop'));
  const appStop: string[] = [];
  if (preStopSidecars.length && !ctx.completes)
    appStop.push(
      `the preStop hook${preStopSidecars.length === 1 ? '' : 's'} of ${listed(preStopSidecars)} start${preStopSidecars.length === 1 ? 's' : ''} now too; SIGTERM waits for ${preStopSidecars.length === 1 ? 'its' : 'their'} turn`,
    );
  out.push({
    step: out.length + 1,
    phase: 'termination',
    kind: 'terminate-apps',
    containers: apps.map((c) => planContainer(c, place)),
    action: ctx.completes
      ? `${apps.length ? names(apps) : 'the app containers'} run${apps.length === 1 ? 's' : ''} until ${apps.length === 1 ? 'it exits' : 'they exit'}; then the pod completes`
      : `stop ${apps.length ? names(apps) : 'the app containers'}${apps.length > 1 ? ' together' : ''}: ${signals(ctx, apps)}${apps.some((c) => has(c, 'preStop')) ? ' after the preStop hooks' : ''}`,
    gate: 'every app container has exited',
    status: ctx.completes ? 'Running' : 'Terminating',
    ...(ctx.completes ? { statusAfter: 'Completed' } : {}),
    ...use(longRunning),
    notes: appStop,
  });
  const volumes = ctx.workspace?.missingVolumes ?? [];
  if (volumes.length) {
    // No container starts before every volume is mounted: the first container waits (kubelet's default waiting reason).
    const status = n ? `Init:0/${n}` : 'ContainerCreating';
    out[0].missing = [...volumes.map((m) => withText({ ...m, status, event: 'FailedMount' })), ...(out[0].missing ?? [])];
  }
  const signers = certificateSigners(ctx);
  if (signers.length)
    out[0].notes.unshift(
      `before ${out[0].kind === 'app-start' ? 'any container' : 'the first init container'}, the pod waits for certificates from ${signers.map((s) => `signer \`${s}\``).join(', ')} (projected podCertificate): until they are issued it stays Pending`,
    );
  const reversed = [...sidecars].reverse();
  reversed.forEach((c, k) => {
    const still = sidecars.slice(0, sidecars.length - k);
    const after = k === 0 ? 'the app containers' : label(reversed[k - 1]);
    out.push({
      step: out.length + 1,
      phase: 'termination',
      kind: 'terminate-sidecar',
      containers: [planContainer(c, place)],
      action: `stop ${label(c)} (${stopSignal(ctx, c)}${has(c, 'preStop') ? ' once its preStop hook has returned' : ''}) after ${after} exited`,
      gate: `${label(c)} has exited`,
      status: stopping,
      ...use(still),
      notes: [],
    });
  });
  return out;
}

/**
 * The startup plan of a manifest's pod spec at the target Kubernetes version, or undefined when it
 * has none. The target decides which gated fields count (§6.0): container restart policies and
 * rules, RestartAllContainers, env files, pod-level resources, stop signals, pod certificates.
 * With `workspace`, the steps also say which Services their containers connect to and what they
 * need that the workspace lacks, and the plan which PodDisruptionBudgets select its pods.
 */
export function startupPlan(manifest: Manifest, target: KubeVersion, place?: Placer, workspace?: PlanWorkspace): StartupPlan | undefined {
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
    job = {
      backoffLimit: limit ?? DEFAULT_BACKOFF_LIMIT,
      backoffLimitWritten: limit !== undefined,
      podFailurePolicy: isSet(getEntry(spec, 'podFailurePolicy')),
    };
  }
  const podLevel = onByDefault(GATES.podLevelResources, target);
  const resources = podResources(pod, { podLevel });
  const ctx: Context = { pod, target, resources, policy, job, completes: policy !== 'Always', place, workspace };

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
  const at = formatKubeVersion(target);
  if (!podLevel && isSet(pod.fields.get('resources')))
    notes.push(
      `pod-level resources are dropped at ${at} (${GATES.podLevelResources.name} is ${gateDefaultText(GATES.podLevelResources)}): the containers' values apply`,
    );
  for (const c of [...init, ...apps]) {
    const written = scalarText(getEntry(c.fields.get('lifecycle')?.value, 'stopSignal')?.value);
    if (written && stopSignal(ctx, c) === 'SIGTERM')
      notes.push(
        `stopSignal ${written} of ${label(c)} is dropped at ${at} (${GATES.containerStopSignals.name} is ${gateDefaultText(GATES.containerStopSignals)}): it is stopped with its image's STOPSIGNAL, SIGTERM by default`,
      );
  }
  if ([...init, ...apps].some((c) => containerPolicy(c, target)?.rules.some((r) => r.action === 'RestartAllContainers')))
    notes.push(
      'a RestartAllContainers rule restarts the whole pod in place: every init container runs again against the same volumes, so each must be idempotent (init-script-not-idempotent)',
    );
  const deadline = integer(pod.fields.get('activeDeadlineSeconds')?.value);
  if (deadline !== undefined) notes.push(`activeDeadlineSeconds (${deadline} s) counts from the pod's start: the time spent in init is included`);
  for (const cr of resources.containers) {
    if (cr.defaultedRequests.length)
      notes.push(`${label(cr.container)} requests its limit for ${cr.defaultedRequests.join(', ')} (a limit without a request defaults the request to it)`);
  }

  const trigger = ctx.completes
    ? job
      ? "the app containers exit (the Job's work is done), or the pod is deleted"
      : 'the app containers exit (restartPolicy ' + policy + '), or the pod is deleted'
    : 'the pod is deleted (a rollout, a scale-down, an eviction, kubectl delete)';

  return {
    version: PLAN_VERSION,
    kubernetesVersion: at,
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
    ...(workspace?.disruption ? { disruption: workspace.disruption } : {}),
  };
}
