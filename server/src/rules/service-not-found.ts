/**
 * `service-not-found`: a container connects to a Service host (`nc -z db 5432`, `nslookup db`,
 * `curl http://db:8080`, `pg_isready -h db`, `$DB_SERVICE_HOST`, an env URL or `host:port`) that
 * no Service of the workspace defines, while the workspace defines Services in that namespace; or
 * to a port the Service does not expose. Reads the workspace index (`options.workspace`); without
 * it, or when the namespace has no Service in the workspace, nothing is reported.
 */
import type { Fix, Rule } from './rule';
import { hostRefs, isTypo, namespaceOf, nearest, portsText, where } from './workspaceRefs';

export const serviceNotFound: Rule = {
  id: 'service-not-found',
  defaultSeverity: 'warning',
  title: 'A container connects to a Service host (or port) that no Service of the workspace defines, while the workspace defines Services in that namespace.',
  check({ doc, manifest, options, report }) {
    const workspace = options.workspace;
    const pod = manifest.podSpec;
    if (!workspace || !pod) return;
    const podNamespace = namespaceOf(manifest, options);
    for (const c of pod.containers) {
      if (c.role === 'ephemeral') continue;
      const stays = c.role === 'init' ? ` — the pod stays in Init:${c.index}/${pod.initContainers.length}` : '';
      for (const ref of hostRefs(doc, manifest, c, podNamespace)) {
        const services = workspace.objects('Service', ref.namespace);
        if (!services) continue;
        const service = services.get(ref.service);
        if (service) {
          const ports = service.ports ?? [];
          if (ref.port === undefined || ports.length === 0 || ports.some((p) => p.port === ref.port)) continue;
          report({ span: ref.span, message: `${ref.how}: the Service ${where(service)} exposes ${portsText(service)}, not ${ref.port}${stays}` });
          continue;
        }
        const near = nearest(ref.service, services.keys());
        const closest = near !== undefined ? services.get(near) : undefined;
        const hint = closest ? `; closest: ${where(closest)} with ${portsText(closest)}` : '';
        const message = `${ref.how}: no Service "${ref.service}" in namespace "${ref.namespace}" in the workspace (which defines ${services.size} there${hint})${stays}`;
        const fixes = (): Fix[] => {
          if (!near || !isTypo(ref.service, near)) return [];
          const edits = ref.rename(near);
          return edits ? [{ title: `Change to ${near}`, edits, safe: false, preferred: true }] : [];
        };
        report({ span: ref.span, message, fixes });
      }
    }
  },
};
