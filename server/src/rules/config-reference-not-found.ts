/**
 * `config-reference-not-found`: a pod names a Secret, ConfigMap, PersistentVolumeClaim or
 * ServiceAccount (or a key of a Secret or ConfigMap) that the workspace does not define, while
 * the workspace defines objects of that kind in that namespace. `optional: true` makes it an
 * information. Reads the workspace index (`options.workspace`); nothing without it.
 */
import { isScalar, type Scalar } from 'yaml';
import type { WorkspaceObject } from '../config/options';
import { YamlEditor } from '../edits/yamlEdit';
import { configRefs, type ConfigKind } from '../model/configRefs';
import { spanOf } from '../model/yamlNodes';
import type { Fix, Rule, RuleContext } from './rule';
import { byWrittenName, isTypo, nearest, overlayNote, placementsOf, where } from './workspaceRefs';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

interface Reference {
  kind: ConfigKind | 'ServiceAccount';
  /** The name's scalar. */
  name: Scalar;
  key?: Scalar;
  optional: boolean;
  /** What happens when it is missing. */
  effect: string;
  how: string;
}

const CONFIG_ERROR = 'the container fails to start with CreateContainerConfigError';
const MOUNT = 'the pod stays in ContainerCreating (FailedMount)';
const UNBOUND = 'the pod stays Pending (unbound claim)';

function references(ctx: RuleContext): Reference[] {
  const pod = ctx.manifest.podSpec!;
  const out: Reference[] = configRefs(pod).map((ref) => ({
    ...ref,
    effect: ref.container ? CONFIG_ERROR : ref.kind === 'PersistentVolumeClaim' ? UNBOUND : MOUNT,
  }));
  const sa = pod.fields.get('serviceAccountName')?.value;
  if (isScalar(sa) && typeof sa.value === 'string' && sa.value !== 'default')
    out.push({
      kind: 'ServiceAccount',
      name: sa,
      optional: false,
      effect: 'the pod is not created (the API server refuses a pod whose service account does not exist)',
      how: 'serviceAccountName',
    });
  return out;
}

export const configReferenceNotFound: Rule = {
  id: 'config-reference-not-found',
  defaultSeverity: 'warning',
  title:
    'A pod names a Secret, ConfigMap, PersistentVolumeClaim or ServiceAccount (or a key) the workspace does not define, while it defines objects of that kind in that namespace.',
  check(ctx) {
    const { doc, manifest, options, report } = ctx;
    const workspace = options.workspace;
    if (!workspace || !manifest.podSpec) return;
    const placements = placementsOf(manifest, options);
    for (const ref of references(ctx)) {
      const name = ref.name.value as string;
      // A placeholder (`$SA_NAME`, `<KSA_NAME>`) or a name the API server would refuse anyway.
      if (!DNS_SUBDOMAIN.test(name)) continue;
      // Each placement (one per kustomize overlay that builds the file): what the workspace says there.
      const seen = placements.map((p) => {
        const objects = workspace.objects(ref.kind, p.namespace);
        return { p, objects, object: objects && p.find(objects, name) };
      });
      // Reported only when every placement has evidence and none resolves it.
      if (seen.some((s) => !s.objects)) continue;
      const severity = ref.optional ? ('info' as const) : undefined;
      const effect = ref.optional ? 'it is optional, so the pod starts without it' : ref.effect;
      const change =
        (node: Scalar, to: string | undefined, from: string): (() => Fix[]) =>
        () => {
          if (!to || !isTypo(from, to)) return [];
          const edits = new YamlEditor(doc).setScalar(node, to);
          return edits ? [{ title: `Change to ${to}`, edits, safe: false, preferred: true }] : [];
        };
      const first = seen[0];
      if (seen.every((s) => !s.object)) {
        const objects = first.objects!;
        const namespace = first.p.namespace;
        // A typo fix names the object as written (kustomize renames the reference with it).
        const written = byWrittenName(objects);
        const near = nearest(name, written.keys());
        const closest: WorkspaceObject | undefined = near !== undefined ? written.get(near) : undefined;
        const hint = closest ? `; closest: ${where(closest)}${closest.keys ? ` with keys ${closest.keys.join(', ')}` : ''}` : '';
        const span = spanOf(ref.name);
        if (span)
          report({
            span,
            severity,
            message: `${ref.how}: no ${ref.kind} "${name}" in namespace "${namespace}" in the workspace (which defines ${objects.size} there${hint}${overlayNote(placements)}) — ${effect}`,
            fixes: change(ref.name, near, name),
          });
        continue;
      }
      const key = ref.key && typeof ref.key.value === 'string' ? ref.key.value : undefined;
      if (key === undefined) continue;
      // The key is missing only when every placement resolves the object and none has the key.
      if (!seen.every((s) => s.object && s.object.keys && !s.object.keys.includes(key))) continue;
      const object = first.object!;
      const keys = object.keys!;
      const span = spanOf(ref.key);
      const near = nearest(key, keys);
      if (span)
        report({
          span,
          severity,
          message: `${ref.how}: the ${ref.kind} ${where(object)} has no key "${key}" (keys: ${keys.join(', ')}) — ${effect}`,
          fixes: change(ref.key!, near, key),
        });
    }
  },
};
