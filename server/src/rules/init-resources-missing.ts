/**
 * `init-resources-missing`: every app container has a memory limit, but an init container (a
 * sidecar included) sets no requests and no limits at all. Pod QoS is computed over init,
 * sidecar and app containers together, so one container without limits makes a pod that would be
 * Guaranteed Burstable; and that container runs with no memory limit in a pod whose author
 * bounded everything else. Pods whose app containers set no memory limit are not reported (an
 * unbounded init container is then nothing special), nor partial manifests, nor pods with a
 * pod-level memory limit where the target keeps pod-level resources (from 1.34): that limit
 * bounds every container, and QoS is then computed from the pod-level values alone.
 *
 * Fix, for a regular init container only: copy the cpu, memory and ephemeral-storage requests
 * and limits of the largest app container (by memory limit, then cpu limit, then requests). A
 * regular init container runs alone (beside the sidecars started before it), so this does not
 * raise the pod's effective request; for a sidecar it would (it runs beside the app), so no fix.
 */
import { YamlEditor } from '../edits/yamlEdit';
import { setsNoResources, type ResourceList, type ResourceRequirements } from '../model/containerFacts';
import type { Container } from '../model/podSpec';
import { Quantity } from '../model/quantity';
import { containerLabel, containerSpan } from './containerFacts';
import type { Fix, Rule } from './rule';
import { apiMessage, isPartial } from './support';
import { podLevelResourcesOn } from './targetGates';

const COPIED = new Set(['cpu', 'memory', 'ephemeral-storage']);
const ZERO = Quantity.zero();

function guaranteedLike(r: ResourceRequirements): boolean {
  for (const name of ['cpu', 'memory']) {
    const limit = r.limits.quantities.get(name);
    if (!limit) return false;
    const request = r.requests.quantities.get(name);
    if (request && !request.equals(limit)) return false;
  }
  return true;
}

function size(r: ResourceRequirements): Quantity[] {
  const q = (list: ResourceList, name: string) => list.quantities.get(name);
  return [q(r.limits, 'memory'), q(r.limits, 'cpu'), q(r.requests, 'memory'), q(r.requests, 'cpu')].map((q) => q ?? ZERO);
}

function larger(a: ResourceRequirements, b: ResourceRequirements): boolean {
  const x = size(a);
  const y = size(b);
  for (let i = 0; i < x.length; i++) {
    const c = x[i].compare(y[i]);
    if (c !== 0) return c > 0;
  }
  return false;
}

/** The cpu/memory/ephemeral-storage part of a container's `resources`, as written (strings and numbers). */
function copyOf(c: Container): Record<string, Record<string, string | number>> | undefined {
  const out: Record<string, Record<string, string | number>> = {};
  for (const key of ['requests', 'limits'] as const) {
    const part: Record<string, string | number> = {};
    for (const v of c.resources[key].values) {
      if (COPIED.has(v.name) && v.written !== undefined) part[v.name] = v.written;
    }
    if (Object.keys(part).length) out[key] = part;
  }
  // Copy only what the API server accepts (or the copy would repeat an error): quantities, and
  // no request above its limit.
  const q = (v: string | number) => Quantity.parse(v);
  if (Object.values(out).some((part) => Object.values(part).some((v) => !q(v)))) return undefined;
  for (const [k, v] of Object.entries(out.requests ?? {})) {
    const limit = out.limits?.[k];
    if (limit !== undefined && q(v)!.compare(q(limit)!) > 0) return undefined;
  }
  return out.limits ? out : undefined;
}

export const initResourcesMissing: Rule = {
  id: 'init-resources-missing',
  defaultSeverity: 'warning',
  title: 'Every app container sets a memory limit but an init container sets no resources: it breaks Guaranteed QoS and runs unbounded.',
  check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || pod.appContainers.length === 0 || isPartial(manifest, options)) return;
    const apps = pod.appContainers.map((c) => ({ c, r: c.resources }));
    if (!apps.every((a) => a.r.limits.quantities.has('memory'))) return;
    const missing = pod.initContainers.filter((c) => setsNoResources(c.resources));
    if (missing.length === 0) return;
    // Pod-level resources (where the target keeps them): a pod-level memory limit bounds every
    // container, and QoS is computed from the pod-level values alone.
    const podLevel = podLevelResourcesOn(options) && pod.fields.has('resources') ? pod.resources : undefined;
    if (podLevel?.limits.quantities.has('memory')) return;
    const others = pod.containers.filter((c) => c.role !== 'ephemeral' && !missing.includes(c));
    const wouldBeGuaranteed = podLevel === undefined && others.every((c) => guaranteedLike(c.resources));
    let largest = apps[0];
    for (const a of apps) if (larger(a.r, largest.r)) largest = a;
    for (const c of missing) {
      const label = containerLabel(c);
      const kind = c.role === 'sidecar' ? 'sidecar' : 'init container';
      const what = wouldBeGuaranteed
        ? `${kind} ${label} sets no resources while every other container sets requests equal to limits, so the pod is Burstable instead of Guaranteed`
        : `${kind} ${label} sets no resources while every app container has a memory limit, so it runs with no memory limit`;
      const why = wouldBeGuaranteed
        ? `QoS is computed over init containers, sidecars and app containers together, and ${label} also runs with no memory limit; give it requests equal to limits.`
        : `it can use as much of the node's memory as it likes, which the limits on the app containers were meant to prevent; give it requests and limits.`;
      const fixes = (): Fix[] => {
        const copy = c.role === 'init' ? copyOf(largest.c) : undefined;
        if (!copy) return [];
        const existing = c.resources.entry;
        const editor = new YamlEditor(doc);
        const edits = existing ? editor.replacePair(c.node, existing.pair, 'resources', copy) : editor.addPair(c.node, 'resources', copy);
        return edits ? [{ title: `Copy the resources of ${containerLabel(largest.c)}`, edits, safe: false, preferred: true }] : [];
      };
      report({ span: containerSpan(c), message: apiMessage(c.path, what, why), fixes });
    }
  },
};
