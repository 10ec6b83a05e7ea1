/**
 * What the workspace index tells a pod's startup plan (`pod/plan.ts`'s `PlanWorkspace`): the
 * Service behind each host a container connects to (`rules/workspaceRefs.ts` reads the hosts),
 * the Secrets, ConfigMaps and keys a container or a volume needs that the workspace does not
 * define, and the PodDisruptionBudgets that select the pod. Same precision as the cross-file
 * rules: something is "not in the workspace" only when the workspace defines objects of that kind
 * in that namespace. Pure: the front end gives the facts and how to name its files.
 *
 * What a missing object does (kubernetes.io, "Secrets": the kubelet retries and no container
 * starts before every volume is mounted; kubelet `makeEnvironmentVariables`): an env reference
 * stops its container with `CreateContainerConfigError`; a volume keeps every container waiting,
 * with `FailedMount` events. PodDisruptionBudgets (kubernetes.io, "Disruptions" and "Specifying a
 * Disruption Budget"; the eviction subresource, `registry/core/pod/storage/eviction.go`): only
 * evictions are limited, a pod counts as healthy once Ready, a Pending pod (still in init) is
 * evicted without checking the budget, a pod under two budgets cannot be evicted at all, and a
 * rollout is not limited.
 */
import type { Node } from 'yaml';
import type { WorkspaceFacts, WorkspaceObject, WorkspacePdb } from '../config/options';
import { containerConfigRefs, volumeConfigRefs, type ConfigRef } from '../model/configRefs';
import type { Manifest, YamlDocument } from '../model/document';
import type { Container, PodSpec } from '../model/podSpec';
import { entries, getEntry, nodeAt, scalarText } from '../model/yamlNodes';
import type { PlanWorkspace } from '../pod/plan';
import type { PlanBudget, PlanMissing, PlanWait, StartupPlan } from '../protocol/index';
import { budgetText } from '../protocol/planText';
import { hostRefs } from '../rules/workspaceRefs';

/** The workspace a plan is computed in. */
export interface StartupWorkspace {
  facts: WorkspaceFacts;
  /** The namespace of the file's manifests that set none (the kustomization's); default `default`. */
  namespace?: string;
  /** A file of the index (path or URI) as the user reads it: relative to the workspace root. */
  relative(file: string): string;
}

type Missing = Omit<PlanMissing, 'status' | 'text'>;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const ROLLING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);
const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

function text(node: Node | null | undefined): string | undefined {
  const value = scalarText(node);
  return value === undefined || value === '' ? undefined : value;
}

/** The manifest's namespace: its own, else the kustomization's, else `default`. */
function namespaceOf(manifest: Manifest, fallback: string | undefined): string {
  return text(getEntry(getEntry(manifest.node, 'metadata')?.value, 'namespace')?.value) ?? fallback ?? 'default';
}

/** A Secret or ConfigMap reference checked against the workspace: what is missing, if anything. */
function check(
  ws: StartupWorkspace,
  kind: 'Secret' | 'ConfigMap',
  name: string,
  key: string | undefined,
  namespace: string,
  how: string,
  effect: string,
): Missing[] {
  if (!DNS_SUBDOMAIN.test(name)) return [];
  const objects = ws.facts.objects(kind, namespace);
  if (!objects) return [];
  const object = objects.get(name);
  if (!object) return [{ kind, name, how, namespace, effect: `${effect} until the ${kind} exists` }];
  if (key === undefined || !object.keys || object.keys.includes(key)) return [];
  return [{ kind, name, key, how, namespace, file: ws.relative(object.file), line: object.line + 1, effect: `${effect} until the key exists` }];
}

/** The Secret and ConfigMap references the workspace lacks; optional ones are not needed. */
function missing(ws: StartupWorkspace, refs: readonly ConfigRef[], namespace: string, effect: string): Missing[] {
  return refs.flatMap((ref) =>
    ref.optional || ref.kind === 'PersistentVolumeClaim'
      ? []
      : check(ws, ref.kind, ref.name.value as string, ref.key?.value as string | undefined, namespace, ref.how, effect),
  );
}

/** A container's env references (`env[].valueFrom`, `envFrom`) the workspace lacks. */
function containerMissing(ws: StartupWorkspace, c: Container, namespace: string): Missing[] {
  return missing(ws, containerConfigRefs(c), namespace, `the kubelet does not start ${c.name ?? 'the container'} (CreateContainerConfigError) and retries`);
}

/** Secret and ConfigMap volumes the workspace lacks (projected sources included). */
function volumeMissing(ws: StartupWorkspace, pod: PodSpec, namespace: string): Missing[] {
  return missing(ws, volumeConfigRefs(pod), namespace, 'no container of the pod starts before every volume is mounted; the kubelet retries');
}

/** The hosts a container connects to, each with what the workspace says of its Service. */
function containerWaits(ws: StartupWorkspace, doc: YamlDocument, manifest: Manifest, c: Container, namespace: string): Omit<PlanWait, 'container' | 'text'>[] {
  const out: Omit<PlanWait, 'container' | 'text'>[] = [];
  const seen = new Set<string>();
  for (const ref of hostRefs(doc, manifest, c, namespace)) {
    const id = `${ref.service}\u0000${ref.namespace}\u0000${ref.how}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const objects = ws.facts.objects('Service', ref.namespace);
    const service = objects?.get(ref.service);
    const wait: Omit<PlanWait, 'container' | 'text'> = {
      host: ref.host,
      ...(ref.port !== undefined ? { port: ref.port } : {}),
      how: ref.how,
      service: ref.service,
      namespace: ref.namespace,
      state: service ? 'defined' : objects ? 'missing' : 'unknown',
    };
    if (service) {
      wait.file = ws.relative(service.file);
      wait.line = service.line + 1;
    }
    out.push(wait);
  }
  return out;
}

/** The pod's labels (a template's `metadata.labels`, a Pod's own). */
function podLabels(manifest: Manifest, pod: PodSpec): Record<string, string> {
  const metadata = manifest.kind === 'Pod' ? getEntry(manifest.node, 'metadata')?.value : nodeAt(manifest.node, [...pod.path.slice(0, -1), 'metadata']);
  const out: Record<string, string> = {};
  for (const e of entries(getEntry(metadata, 'labels')?.value)) out[e.key] = scalarText(e.value) ?? '';
  return out;
}

/** A label selector against a pod's labels (policy/v1: an empty selector selects every pod). */
export function selects(selector: WorkspacePdb['selector'], labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  const has = (k: string) => Object.hasOwn(labels, k);
  for (const [k, v] of Object.entries(selector.matchLabels)) if (!has(k) || labels[k] !== v) return false;
  for (const e of selector.matchExpressions) {
    const ok =
      e.operator === 'In'
        ? has(e.key) && e.values.includes(labels[e.key])
        : e.operator === 'NotIn'
          ? !has(e.key) || !e.values.includes(labels[e.key])
          : e.operator === 'Exists'
            ? has(e.key)
            : e.operator === 'DoesNotExist'
              ? !has(e.key)
              : false;
    if (!ok) return false;
  }
  return true;
}

/** The PodDisruptionBudgets of the pod's namespace that select its labels, in name order. */
export function budgetsOf(facts: WorkspaceFacts, manifest: Manifest, namespace: string): WorkspaceObject[] {
  const pod = manifest.podSpec;
  const objects = facts.objects('PodDisruptionBudget', namespace);
  if (!pod || !objects) return [];
  const labels = podLabels(manifest, pod);
  return [...objects.values()].filter((o) => selects(o.pdb?.selector, labels)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The replicas a workload asks for (1 when not written), or undefined when unknown (not replicated, autoscaled, a template). */
function replicasOf(manifest: Manifest, facts: WorkspaceFacts, namespace: string): number | undefined {
  const kind = manifest.workload?.kind;
  if (!kind || !REPLICATED_KINDS.has(kind) || manifest.workload?.custom) return undefined;
  if (facts.autoscaled.some((a) => a.kind === kind && a.name === manifest.name && (a.namespace ?? namespace) === namespace)) return undefined;
  const written = text(getEntry(getEntry(manifest.node, 'spec')?.value, 'replicas')?.value);
  if (written === undefined) return 1;
  return /^\d+$/.test(written) ? Number(written) : undefined;
}

/** The budget allows no voluntary eviction (kubernetes.io, "Specifying a Disruption Budget"). */
function blocks(pdb: WorkspacePdb, replicas: number | undefined): boolean {
  if (pdb.maxUnavailable !== undefined) return pdb.maxUnavailable === '0' || pdb.maxUnavailable === '0%';
  const min = pdb.minAvailable;
  if (min === undefined) return false;
  if (min.endsWith('%')) return min === '100%';
  return replicas !== undefined && /^\d+$/.test(min) && Number(min) >= replicas;
}

/** `minAvailable 3`, `maxUnavailable 0` */
function budgetValue(b: Omit<PlanBudget, 'text'>): string {
  return b.maxUnavailable !== undefined ? `maxUnavailable ${b.maxUnavailable}` : `minAvailable ${b.minAvailable ?? '?'}`;
}

/** The PodDisruptionBudgets selecting the pod, and what they mean for its init containers. */
function disruption(ws: StartupWorkspace, manifest: Manifest, namespace: string): StartupPlan['disruption'] {
  const found = budgetsOf(ws.facts, manifest, namespace);
  if (!found.length) return undefined;
  const replicas = replicasOf(manifest, ws.facts, namespace);
  const budgets: PlanBudget[] = found.map((o) => {
    const b: Omit<PlanBudget, 'text'> = {
      name: o.name,
      file: ws.relative(o.file),
      line: o.line + 1,
      ...(o.pdb?.minAvailable !== undefined ? { minAvailable: o.pdb.minAvailable } : {}),
      ...(o.pdb?.maxUnavailable !== undefined ? { maxUnavailable: o.pdb.maxUnavailable } : {}),
      blocksEvictions: o.pdb ? blocks(o.pdb, replicas) : false,
    };
    return { ...b, text: budgetText(b) };
  });
  const notes: string[] = [];
  const kind = manifest.workload?.kind ?? 'workload';
  if (budgets.length > 1)
    notes.push(
      `${budgets.length} PodDisruptionBudgets select these pods: the eviction API refuses to evict a pod that more than one budget selects, so kubectl drain cannot move them`,
    );
  for (const b of budgets.filter((x) => x.blocksEvictions))
    notes.push(
      `${b.name} (${budgetValue(b)}${b.minAvailable !== undefined && !b.minAvailable.endsWith('%') && replicas !== undefined ? ` of ${replicas} replica${replicas === 1 ? '' : 's'}` : ''}) allows no voluntary eviction: a kubectl drain of a node running one of these pods never completes`,
    );
  notes.push(
    'an eviction (kubectl drain, a node scale-down) is refused when it would leave fewer healthy pods than the budget allows; a pod counts as healthy only once Ready, so a replacement pod does not count while its init containers run, and the next eviction waits until it is Ready',
  );
  notes.push('a pod still in its init containers (phase Pending) is evicted without checking the budget');
  if (ROLLING_KINDS.has(kind))
    notes.push(
      `a rollout of the ${kind} and kubectl delete are not limited by the budget (the ${kind}'s update strategy is), though the pods they take down count against it`,
    );
  return { budgets, notes };
}

/** What the workspace tells the plan of one pod-bearing manifest of a document. */
export function planWorkspace(ws: StartupWorkspace, doc: YamlDocument, manifest: Manifest): PlanWorkspace {
  const namespace = namespaceOf(manifest, ws.namespace);
  const pod = manifest.podSpec;
  return {
    key: `${ws.facts.key}|${ws.namespace ?? ''}`,
    waits: (c) => containerWaits(ws, doc, manifest, c, namespace),
    missing: (c) => containerMissing(ws, c, namespace),
    missingVolumes: pod ? volumeMissing(ws, pod, namespace) : [],
    disruption: disruption(ws, manifest, namespace),
  };
}
