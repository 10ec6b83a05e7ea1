/**
 * `init-resources-dominate` (ground truth §2): the pod's effective request for a resource is set
 * by the init phase, not by the containers that keep running. KEP-753: the pod requests
 * max(Σ app containers + Σ sidecars, max_i InitUse(i)), where InitUse(i) is init container i plus
 * the sidecars started before it; the scheduler reserves that for the pod's whole life.
 *
 * Reported per resource, on the request (or the limit it defaults from) of the init container
 * at the peak, when its InitUse is strictly above the long-running sum and the long-running
 * containers request some of that resource (when they request none, there is nothing to
 * compare). Not reported when pod-level `spec.resources` sets the resource (it replaces the
 * aggregate), or when a container requests more of it than its limit (the API server rejects
 * that: `resources-request-exceeds-limit`). The arithmetic is `pod/resources.ts`, exact.
 */
import { apiMessage, isPartial } from './support';
import { formatAmount, podResources, UNBOUNDED } from '../pod/resources';
import { containerLabel, containerSpan } from './containerFacts';
import type { Rule } from './rule';

export const initResourcesDominate: Rule = {
  id: 'init-resources-dominate',
  defaultSeverity: 'info',
  title: "The pod's effective request for a resource is set by an init container (KEP-753, sidecars included), not by the containers that keep running.",
  check({ manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || pod.initContainers.length === 0 || isPartial(manifest, options)) return;
    const all = podResources(pod);
    for (const r of all.requests) {
      if (!r.initDominates || r.setBy === 'pod-level' || !r.initPeak) continue;
      const peak = r.initPeak;
      if (peak.value === UNBOUNDED || r.longRunning === UNBOUNDED || r.longRunning.isZero()) continue;
      // A request above its limit is rejected by the API server (resources-request-exceeds-limit): no numbers to give.
      const overLimit = all.containers.some((cr) => {
        const request = cr.requests.get(r.resource);
        const limit = cr.limits.get(r.resource);
        return !!request && !!limit && request.compare(limit) > 0;
      });
      if (overLimit) continue;
      const c = peak.container;
      const own = all.containers.find((cr) => cr.container === c);
      const defaulted = own?.defaultedRequests.includes(r.resource) ?? false;
      const entry = c.resources[defaulted ? 'limits' : 'requests'].byName.get(r.resource)?.entry;
      const path = entry ? [...c.path, 'resources', defaulted ? 'limits' : 'requests', r.resource] : c.path;
      const before = pod.initContainers
        .slice(0, peak.index)
        .filter((s) => s.role === 'sidecar' && all.containers.find((cr) => cr.container === s)?.requests.has(r.resource));
      const label = containerLabel(c);
      const withSidecars = before.length ? ` (with sidecar${before.length > 1 ? 's' : ''} ${before.map(containerLabel).join(', ')} started before it)` : '';
      const what = `init container ${label}${withSidecars} needs ${formatAmount(peak.value)} ${r.resource}${defaulted ? ' (its request defaults to this limit)' : ''}, more than the ${formatAmount(r.longRunning)} the app containers and sidecars request, so the pod requests ${formatAmount(r.aggregate)} ${r.resource} for its whole life`;
      const why = `the scheduler reserves the larger of the init peak and the running containers' sum (KEP-753); if ${label} does not need that much, lower its request, otherwise this is what the pod costs.`;
      report({ span: entry?.keySpan ?? containerSpan(c), message: apiMessage(path, what, why) });
    }
  },
};
