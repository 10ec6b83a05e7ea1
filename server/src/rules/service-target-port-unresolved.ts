/**
 * `service-target-port-unresolved`: a Service's named `targetPort` that no app container or
 * sidecar of the pods its selector matches declares (none of them: a port some of them declare
 * has endpoints). Reads the workspace index
 * (`options.workspace`): only pods the workspace defines are judged, and nothing is reported when
 * the selector matches none of them (the pods may come from elsewhere).
 */
import type { WorkspaceObject } from '../config/options';
import { asSeq, entries, getEntry, scalarText, spanOf } from '../model/yamlNodes';
import type { Rule } from './rule';
import { baseName, placementsOf } from './workspaceRefs';

/** IANA_SVC_NAME: what a port name may be. */
const PORT_NAME = /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

function matches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.keys(selector).every((k) => Object.hasOwn(labels, k) && labels[k] === selector[k]);
}

export const serviceTargetPortUnresolved: Rule = {
  id: 'service-target-port-unresolved',
  defaultSeverity: 'warning',
  title: "A Service's named `targetPort` that no app container or sidecar of the pods its selector matches declares.",
  check({ manifest, options, report }) {
    const workspace = options.workspace;
    if (!workspace || manifest.kind !== 'Service') return;
    const spec = getEntry(manifest.node, 'spec')?.value;
    const selector: Record<string, string> = {};
    for (const e of entries(getEntry(spec, 'selector')?.value)) selector[e.key] = scalarText(e.value) ?? '';
    if (Object.keys(selector).length === 0 || scalarText(getEntry(spec, 'type')?.value) === 'ExternalName') return;
    // Once per kustomize overlay that builds the file (else once): reported only when it holds in each.
    const perPlacement = placementsOf(manifest, options).map((p) => {
      const selected: WorkspaceObject[] = [];
      for (const o of workspace.pods(p.namespace)) if (o.pod && matches(selector, o.pod.labels)) selected.push(o);
      return selected;
    });
    if (perPlacement.some((selected) => selected.length === 0)) return;
    const selected = perPlacement[0];
    for (const item of asSeq(getEntry(spec, 'ports')?.value)?.items ?? []) {
      const target = getEntry(item as never, 'targetPort');
      const name = scalarText(target?.value);
      // A number, or not a port name at all (a placeholder; the schema reports what the API refuses).
      if (!target || !name || !PORT_NAME.test(name) || !/[a-z]/.test(name)) continue;
      // Reported only when no selected pod declares it: the Service then has no endpoint for it.
      const declares = (o: WorkspaceObject) => o.pod!.ports.some((p) => p.role !== 'init' && p.name === name);
      if (perPlacement.some((pods) => pods.some(declares))) continue;
      const span = spanOf(target.value);
      if (!span) continue;
      const o = selected[0];
      const declared = o.pod!.ports.filter((p) => p.role !== 'init' && p.name).map((p) => `${p.name} (${p.port ?? '?'})`);
      const init = o.pod!.ports.find((p) => p.role === 'init' && p.name === name);
      const others = selected.length > 1 ? ` and ${selected.length - 1} other workload${selected.length > 2 ? 's' : ''} it selects` : '';
      const has = declared.length ? `its named ports: ${declared.join(', ')}` : 'it names no port';
      const initNote = init ? `; the regular init container "${init.container}" declares it, but an init container's port never receives traffic` : '';
      report({
        span,
        message: `targetPort "${name}": no app container or sidecar of ${o.kind} "${o.name}" (${baseName(o.file)})${others} declares a port named "${name}" (${has})${initNote} — the Service has no endpoint for this port`,
      });
    }
  },
};
