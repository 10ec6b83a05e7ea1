/**
 * `sidecar-host-port-conflict` (ground truth R10, warnings): a native sidecar declares a
 * `hostPort` that an app container also declares (same protocol, overlapping `hostIP`). Both run
 * at the same time, and the API server does not catch it: it compares host ports among app
 * containers only, and each init container only with itself.
 *
 * What happens at run time (kubelet `generatePodSandboxConfig`, scheduler NodePorts): host port
 * mappings are made for `containers` only, so the host port always reaches the app container,
 * never the sidecar. Reported on the sidecar's `hostPort`, once per clashing app container port.
 */
import { formatPath, spanOf } from '../model/yamlNodes';
import type { PortEntry } from '../model/podSpec';
import { containerLabel } from './containerFacts';
import type { Rule } from './rule';
import { apiMessage } from './support';

const ANY_IP = new Set(['', '0.0.0.0', '::']);

function clash(a: PortEntry, b: PortEntry): boolean {
  if (a.hostPort === undefined || a.hostPort !== b.hostPort || a.protocol !== b.protocol) return false;
  return a.hostIP === b.hostIP || ANY_IP.has(a.hostIP) || ANY_IP.has(b.hostIP);
}

export const sidecarHostPortConflict: Rule = {
  id: 'sidecar-host-port-conflict',
  defaultSeverity: 'warning',
  title: 'A native sidecar and an app container declare the same `hostPort`: they run at the same time and the API server does not catch it.',
  check({ manifest, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    const appPorts = pod.appContainers.flatMap((c) => c.ports.map((p) => ({ c, p })));
    for (const s of pod.initContainers) {
      if (s.role !== 'sidecar') continue;
      for (const p of s.ports) {
        if (p.hostPort === undefined || !p.hostPortNode) continue;
        const span = spanOf(p.hostPortNode);
        if (!span) continue;
        for (const a of appPorts) {
          if (!clash(p, a.p)) continue;
          const app = containerLabel(a.c);
          report({
            span,
            message: apiMessage(
              [...p.item.path, 'hostPort'],
              `host port ${p.hostPort}/${p.protocol} is also claimed by app container ${app} (${formatPath(a.p.item.path.slice(-4))}), and the two run at the same time`,
              `the API server checks host ports among app containers only, and the kubelet maps host ports for app containers only, so this port reaches ${app}, never sidecar ${containerLabel(s)}; remove one of the two hostPorts.`,
            ),
          });
        }
      }
    }
  },
};
