/**
 * `service-not-found`: a container connects to a Service host (`nc -z db 5432`, `nslookup db`,
 * `curl http://db:8080`, `pg_isready -h db`, `$DB_SERVICE_HOST`, an env URL or `host:port`) that
 * no Service of the workspace defines, while the workspace defines Services in that namespace; or
 * to a port the Service does not expose. Reads the workspace index (`options.workspace`); without
 * it, or when the namespace has no Service in the workspace, nothing is reported.
 */
import type { Fix, Rule } from './rule';
import { byWrittenName, hostRefs, isTypo, nearest, overlayNote, placementsOf, portsText, where } from './workspaceRefs';

export const serviceNotFound: Rule = {
  id: 'service-not-found',
  defaultSeverity: 'warning',
  title: 'A container connects to a Service host (or port) that no Service of the workspace defines, while the workspace defines Services in that namespace.',
  check({ doc, manifest, options, report }) {
    const workspace = options.workspace;
    const pod = manifest.podSpec;
    if (!workspace || !pod) return;
    // One placement per kustomize overlay that builds the file (else one): reported only when it holds in each.
    const placements = placementsOf(manifest, options);
    for (const c of pod.containers) {
      if (c.role === 'ephemeral') continue;
      const stays = c.role === 'init' ? ` — the pod stays in Init:${c.index}/${pod.initContainers.length}` : '';
      const perPlacement = placements.map((p) => hostRefs(doc, manifest, c, p.namespace));
      perPlacement[0].forEach((ref, i) => {
        const seen = placements.map((p, j) => {
          const r = perPlacement[j][i];
          const services = workspace.objects('Service', r.namespace);
          // A host's explicit namespace is not the overlay's: kustomize does not rewrite hosts.
          const service = services && (r.namespace === p.namespace ? p.find(services, r.service) : services.get(r.service));
          return { ref: r, services, service };
        });
        if (seen.some((s) => !s.services)) return;
        if (seen.every((s) => s.service)) {
          if (ref.port === undefined) return;
          const wrong = seen.every((s) => {
            const ports = s.service!.ports ?? [];
            return ports.length > 0 && !ports.some((p) => p.port === ref.port);
          });
          const service = seen[0].service!;
          if (wrong) report({ span: ref.span, message: `${ref.how}: the Service ${where(service)} exposes ${portsText(service)}, not ${ref.port}${stays}` });
          return;
        }
        if (seen.some((s) => s.service)) return;
        const services = seen[0].services!;
        const target = seen[0].ref;
        // Names as written: a prefix differs from overlay to overlay, and matching tries the written name too.
        const written = byWrittenName(services);
        const near = nearest(ref.service, written.keys());
        const closest = near !== undefined ? written.get(near) : undefined;
        const hint = closest ? `; closest: ${where(closest)} with ${portsText(closest)}` : '';
        const message = `${ref.how}: no Service "${ref.service}" in namespace "${target.namespace}" in the workspace (which defines ${services.size} there${hint}${overlayNote(placements)})${stays}`;
        const fixes = (): Fix[] => {
          if (!near || !isTypo(ref.service, near)) return [];
          const edits = ref.rename(near);
          return edits ? [{ title: `Change to ${near}`, edits, safe: false, preferred: true }] : [];
        };
        report({ span: ref.span, message, fixes });
      });
    }
  },
};
