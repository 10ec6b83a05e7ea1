/**
 * Effective pod requests and limits (ground truth §2, KEP-753), per resource name, in exact
 * quantity arithmetic. Pure: reads the model, knows no LSP.
 *
 * The walk is the one of `aggregateContainerResourcesByFn` (component-helpers
 * `resource/helpers.go`), in its order:
 *
 *     result = Σ containers[*]
 *     for each init container c, keeping the running sidecar sum S:
 *       sidecar:  result += c; S += c; candidate = S
 *       regular:  candidate = c + S
 *       initMax = max(initMax, candidate)        (the first of equal peaks is kept)
 *     result = max(result, initMax)              (a tie keeps the long-running sum)
 *
 * then (`PodRequests` / `PodLimits`) pod-level `spec.resources` replaces the result for the
 * resources it sets (cpu, memory, hugepages-*), and `spec.overhead` is added: to every request,
 * and to a limit only where the limit exists and is not zero.
 *
 * Decisions beyond the Go code, each said where it is applied:
 * - **Defaulting.** A container with a limit and no request for a resource requests its limit
 *   (`SetDefaults_Pod`). The API server does this for Pods; pods created from a template are
 *   defaulted the same way when they are created, so it is applied to templates too. Pod-level:
 *   a pod-level limit without a pod-level request defaults the request to the containers'
 *   aggregate, or to the limit when no container requests the resource (`defaultPodRequests`).
 * - **Unbounded limits.** Go sums missing limits as 0. A container without a limit for a
 *   resource that some other container limits may use all of the node's, so that resource's
 *   limit is `'unbounded'` (sidecar-containers.md: "considered as the highest limit"). It is
 *   propagated through the walk as +∞: the long-running sum is unbounded when an app container or
 *   a sidecar has no limit, `InitUse(i)` when container i or a sidecar before it has none. A
 *   pod-level limit bounds it again.
 * - Quantities that do not parse are ignored (other rules report them); ephemeral containers
 *   have no resources.
 *
 * For a rule that compares the init peak with the long-running sum (`init-resources-dominate`):
 *
 *     const cpu = effectiveResource(pod, 'requests', 'cpu');
 *     if (cpu?.initDominates) report at cpu.initPeak.container:
 *       `${label(cpu.initPeak.container)} needs ${formatAmount(cpu.initPeak.value)} … more than the
 *        ${formatAmount(cpu.longRunning)} the pod needs once running`
 */
import type { Container, PodSpec } from '../model/podSpec';
import { Quantity } from '../model/quantity';

export type ResourceKind = 'requests' | 'limits';

export const UNBOUNDED = 'unbounded';
/** A quantity, or no limit at all (limits only). */
export type Amount = Quantity | typeof UNBOUNDED;

/** One container's resources as the pod will have them. */
export interface ContainerResources {
  container: Container;
  /** `resources.requests`, after defaulting: a resource limited but not requested requests its limit. */
  requests: Map<string, Quantity>;
  limits: Map<string, Quantity>;
  /** Resources whose request was copied from the limit by that defaulting. */
  defaultedRequests: string[];
}

export interface InitPeak {
  /** Index into `pod.initContainers`. */
  index: number;
  container: Container;
  /** `InitUse(index)`: the container plus the sidecars started before it (a sidecar: the sidecars up to it). */
  value: Amount;
}

/** What sets a pod's effective value of a resource. */
export type SetBy =
  /** The long-running sum, Σ apps + Σ sidecars (also when it ties with the init peak). */
  | 'long-running'
  /** The init peak `InitUse(i)`, strictly above the long-running sum. */
  | 'init'
  /** Pod-level `spec.resources` (it replaces the containers' aggregate). */
  | 'pod-level'
  /** Only `spec.overhead` (no container asks for the resource). */
  | 'overhead';

export interface EffectiveResource {
  resource: string;
  kind: ResourceKind;
  /** The pod's value: what the scheduler (requests) or the pod cgroup (limits) uses. */
  effective: Amount;
  setBy: SetBy;
  /** Σ app containers + Σ sidecars, as in `LongRunning` of §2. */
  longRunning: Amount;
  /** `InitUse(i)` for every init container, indexed like `pod.initContainers`. */
  initUse: Amount[];
  /** The largest `InitUse(i)` (the first of equals); undefined without init containers. */
  initPeak?: InitPeak;
  /** True when the init peak is strictly above the long-running sum (before pod-level and overhead). */
  initDominates: boolean;
  /** max(longRunning, initPeak): the containers' aggregate, before pod-level and overhead. */
  aggregate: Amount;
  /** The pod-level `spec.resources` value used instead of the aggregate. */
  podLevel?: Quantity;
  /** The `spec.overhead` added to the value (absent when none was added). */
  overhead?: Quantity;
  /** Limits only: the containers that set no limit for the resource (why it is unbounded). */
  unlimited: Container[];
}

export interface PodResources {
  /** Init containers in order (sidecars included), then app containers. */
  containers: ContainerResources[];
  /** Effective requests, cpu first, then memory, then the others by name. */
  requests: EffectiveResource[];
  /** Effective limits, only for resources some container or the pod level limits. */
  limits: EffectiveResource[];
  overhead: Map<string, Quantity>;
  podLevel: { requests: Map<string, Quantity>; limits: Map<string, Quantity> };
}

/** The resources of what runs at one moment (a step of the startup plan). */
export interface RunningUse {
  /** Every resource some container requests, summed over the running containers (0 when none of them asks). */
  requests: Map<string, Amount>;
  /** Every resource some container limits: unbounded when a running container has no limit for it. */
  limits: Map<string, Amount>;
}

// ---------------------------------------------------------------------------------------------
// Reading

export function containerResources(container: Container): ContainerResources {
  // Copies: the defaulting below adds to the requests.
  const requests = new Map(container.resources.requests.quantities);
  const limits = new Map(container.resources.limits.quantities);
  const defaultedRequests: string[] = [];
  for (const [name, limit] of limits) {
    if (!requests.has(name)) {
      requests.set(name, limit);
      defaultedRequests.push(name);
    }
  }
  return { container, requests, limits, defaultedRequests };
}

function isPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');
}

export function resourceOrder(a: string, b: string): number {
  const rank = (n: string) => (n === 'cpu' ? 0 : n === 'memory' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Amount arithmetic (unbounded is +∞)

export function addAmount(a: Amount, b: Amount): Amount {
  return a === UNBOUNDED || b === UNBOUNDED ? UNBOUNDED : a.add(b);
}

/** True when a > b. */
export function greater(a: Amount, b: Amount): boolean {
  if (a === UNBOUNDED) return b !== UNBOUNDED;
  if (b === UNBOUNDED) return false;
  return a.compare(b) > 0;
}

/** `1100m`, `640Mi`, `unbounded`: Kubernetes' canonical form. */
export function formatAmount(a: Amount): string {
  return a === UNBOUNDED ? UNBOUNDED : a.format();
}

/** The amount as a number in base units (`Quantity.toNumber`), `null` when unbounded. */
export function amountNumber(a: Amount): number | null {
  return a === UNBOUNDED ? null : a.toNumber();
}

/** The container's name, or `initContainers[2]` when it has none. */
export function label(c: Container): string {
  return c.name ?? `${c.list}[${c.index}]`;
}

// ---------------------------------------------------------------------------------------------
// The walk

function valueOf(cr: ContainerResources, kind: ResourceKind, resource: string): Amount {
  const q = cr[kind].get(resource);
  if (q) return q;
  return kind === 'limits' ? UNBOUNDED : Quantity.zero();
}

function effective(
  kind: ResourceKind,
  resource: string,
  init: ContainerResources[],
  apps: ContainerResources[],
  overhead: Map<string, Quantity>,
  podLevel: Map<string, Quantity>,
  podRequestDefault?: Quantity,
): EffectiveResource {
  // 1. result = Σ app containers
  let result: Amount = Quantity.zero();
  for (const a of apps) result = addAmount(result, valueOf(a, kind, resource));
  // 2. walk the init containers with the running sidecar sum S
  let sidecars: Amount = Quantity.zero();
  const initUse: Amount[] = [];
  let initPeak: InitPeak | undefined;
  init.forEach((cr, index) => {
    const c = valueOf(cr, kind, resource);
    let candidate: Amount;
    if (cr.container.role === 'sidecar') {
      result = addAmount(result, c);
      sidecars = addAmount(sidecars, c);
      candidate = sidecars;
    } else {
      candidate = addAmount(c, sidecars);
    }
    initUse.push(candidate);
    if (!initPeak || greater(candidate, initPeak.value)) initPeak = { index, container: cr.container, value: candidate };
  });
  const longRunning = result;
  // 3. result = max(result, initMax)
  const initDominates = !!initPeak && greater(initPeak.value, longRunning);
  const aggregate = initDominates ? initPeak!.value : longRunning;
  let value: Amount = aggregate;
  let setBy: SetBy = initDominates ? 'init' : 'long-running';
  const unlimited = kind === 'limits' ? [...init, ...apps].filter((cr) => !cr.limits.has(resource)).map((cr) => cr.container) : [];
  const anyContainer = [...init, ...apps].some((cr) => cr[kind].has(resource));

  // Pod-level resources replace the aggregate for what they set.
  let pod = podLevel.get(resource);
  if (!pod && podRequestDefault && !anyContainer) pod = podRequestDefault;
  if (pod) {
    value = pod;
    setBy = 'pod-level';
  }
  // Overhead: every request; a limit only where it exists (a container or the pod level set one) and is not zero.
  const extra = overhead.get(resource);
  let added: Quantity | undefined;
  if (extra) {
    // (Every limit listed exists: a container or the pod level sets it. Unbounded stays unbounded.)
    if (kind === 'requests' || (value !== UNBOUNDED && !value.isZero())) {
      if (!anyContainer && !pod) setBy = 'overhead';
      value = addAmount(value, extra);
      added = extra;
    }
  }
  return {
    resource,
    kind,
    effective: value,
    setBy,
    longRunning,
    initUse,
    initPeak,
    initDominates,
    aggregate,
    podLevel: pod,
    overhead: added,
    unlimited,
  };
}

/**
 * Effective requests and limits of a pod spec (§2), per resource. `podLevel: false`: the pod-level
 * `spec.resources` is not applied (the target's API server drops it: PodLevelResources is off by
 * default below 1.34, §6.4).
 */
export function podResources(pod: PodSpec, options: { podLevel?: boolean } = {}): PodResources {
  const init = pod.initContainers.map(containerResources);
  const apps = pod.appContainers.map(containerResources);
  const containers = [...init, ...apps];
  const overhead = new Map(pod.overhead.quantities);
  const applyPodLevel = options.podLevel !== false;
  const only = (m: Map<string, Quantity>) => new Map([...m].filter(([name]) => isPodLevelResource(name)));
  const none = new Map<string, Quantity>();
  const podLevel = applyPodLevel
    ? { requests: only(pod.resources.requests.quantities), limits: only(pod.resources.limits.quantities) }
    : { requests: none, limits: none };

  const names = (kind: ResourceKind, extra: Iterable<string>) => {
    const set = new Set<string>(extra);
    for (const cr of containers) for (const name of cr[kind].keys()) set.add(name);
    return [...set].sort(resourceOrder);
  };
  // Requests: overhead adds resources no container asks for; limits: it never creates one.
  const requestNames = names('requests', [...overhead.keys(), ...podLevel.requests.keys(), ...podLevel.limits.keys()]);
  const limitNames = names('limits', podLevel.limits.keys());
  const requests = requestNames.map((r) => effective('requests', r, init, apps, overhead, podLevel.requests, podLevel.limits.get(r)));
  const limits = limitNames.map((r) => effective('limits', r, init, apps, overhead, podLevel.limits));
  return { containers, requests, limits, overhead, podLevel };
}

/** One resource's effective request or limit, or undefined when nothing in the pod sets it. */
export function effectiveResource(pod: PodSpec, kind: ResourceKind, resource: string): EffectiveResource | undefined {
  return podResources(pod)[kind].find((r) => r.resource === resource);
}

/** What the given containers use together: the resources of one moment of the pod's life. */
export function runningUse(resources: PodResources, running: readonly Container[]): RunningUse {
  const of = resources.containers.filter((cr) => running.includes(cr.container));
  const sum = (kind: ResourceKind, resource: string): Amount => of.reduce<Amount>((acc, cr) => addAmount(acc, valueOf(cr, kind, resource)), Quantity.zero());
  const requests = new Map<string, Amount>();
  for (const r of resources.requests) {
    if (!resources.containers.some((cr) => cr.requests.has(r.resource))) continue; // pod-level or overhead only
    requests.set(r.resource, sum('requests', r.resource));
  }
  const limits = new Map<string, Amount>();
  for (const r of resources.limits) {
    if (!resources.containers.some((cr) => cr.limits.has(r.resource))) continue; // pod-level only
    limits.set(r.resource, sum('limits', r.resource));
  }
  return { requests, limits };
}
