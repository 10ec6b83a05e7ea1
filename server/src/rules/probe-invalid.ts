/**
 * R4 `probe-invalid`: probes and lifecycle handlers of containers that may have them (app
 * containers and sidecars) are validated as the API server does.
 */
import { checkContainerHandlers } from './containerHandlers';
import type { Rule } from './rule';

export const probeInvalid: Rule = {
  id: 'probe-invalid',
  defaultSeverity: 'error',
  title:
    'A probe or lifecycle handler the API server rejects: successThreshold ≠ 1, grace period on a readiness probe, zero or several actions, negative timings.',
  check({ manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    for (const c of pod.containers) {
      if (c.role === 'init' || c.role === 'ephemeral') continue; // init-forbidden-field, ephemeral-containers-in-manifest
      checkContainerHandlers(c, pod, options, report);
    }
  },
};
