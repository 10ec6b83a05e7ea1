/** `api-version-removed`: an apiVersion that Kubernetes no longer serves for the kind. */
import { atLeast, formatKubeVersion, type AnalysisOptions } from '../config/options';
import { YamlEditor } from '../edits/yamlEdit';
import type { Manifest } from '../model/document';
import { getEntry, nodeAt } from '../model/yamlNodes';
import { hasSchema, validateAgainstSchema } from '../schema/validate';
import type { Fix, Rule } from './rule';
import { apiMessage, quote, scalarNode } from './support';

interface Removal {
  apiVersions: string[];
  kinds: string[];
  /** The minor version of Kubernetes 1.x that stopped serving them. */
  removedIn: number;
  /** The apiVersion to use instead, if any. */
  replacement?: string;
  /** Whether the replacement reads the same manifest (so the fix introduces no error). */
  compatible?: (manifest: Manifest) => boolean;
}

const hasSelector = (m: Manifest) => getEntry(nodeAt(m.node, ['spec']), 'selector') !== undefined;

// From the Kubernetes deprecated API migration guide.
const REMOVALS: Removal[] = [
  {
    apiVersions: ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'],
    kinds: ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'],
    removedIn: 16,
    replacement: 'apps/v1',
    compatible: hasSelector,
  },
  { apiVersions: ['extensions/v1beta1'], kinds: ['NetworkPolicy'], removedIn: 16, replacement: 'networking.k8s.io/v1', compatible: () => true },
  { apiVersions: ['extensions/v1beta1', 'networking.k8s.io/v1beta1'], kinds: ['Ingress'], removedIn: 22, replacement: 'networking.k8s.io/v1' },
  { apiVersions: ['networking.k8s.io/v1beta1'], kinds: ['IngressClass'], removedIn: 22, replacement: 'networking.k8s.io/v1', compatible: () => true },
  {
    apiVersions: ['rbac.authorization.k8s.io/v1beta1'],
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    removedIn: 22,
    replacement: 'rbac.authorization.k8s.io/v1',
    compatible: () => true,
  },
  { apiVersions: ['apiextensions.k8s.io/v1beta1'], kinds: ['CustomResourceDefinition'], removedIn: 22, replacement: 'apiextensions.k8s.io/v1' },
  {
    apiVersions: ['admissionregistration.k8s.io/v1beta1'],
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    removedIn: 22,
    replacement: 'admissionregistration.k8s.io/v1',
  },
  { apiVersions: ['scheduling.k8s.io/v1beta1'], kinds: ['PriorityClass'], removedIn: 22, replacement: 'scheduling.k8s.io/v1', compatible: () => true },
  { apiVersions: ['batch/v1beta1', 'batch/v2alpha1'], kinds: ['CronJob'], removedIn: 25, replacement: 'batch/v1', compatible: () => true },
  { apiVersions: ['policy/v1beta1'], kinds: ['PodDisruptionBudget'], removedIn: 25, replacement: 'policy/v1', compatible: () => true },
  { apiVersions: ['policy/v1beta1', 'extensions/v1beta1'], kinds: ['PodSecurityPolicy'], removedIn: 25 },
  { apiVersions: ['autoscaling/v2beta1'], kinds: ['HorizontalPodAutoscaler'], removedIn: 25, replacement: 'autoscaling/v2' },
  { apiVersions: ['autoscaling/v2beta2'], kinds: ['HorizontalPodAutoscaler'], removedIn: 26, replacement: 'autoscaling/v2', compatible: () => true },
];

/**
 * Whether the manifest, read as `replacement`, raises no schema error the old apiVersion did not
 * (the bundled schema no longer knows most removed versions): otherwise the fix would reveal
 * errors, e.g. a CronJob without `spec` or with a misspelt field.
 */
async function schemaAccepts(
  text: string,
  doc: { yaml?: Parameters<typeof validateAgainstSchema>[1] },
  manifest: Manifest,
  replacement: string,
  options: AnalysisOptions,
): Promise<boolean> {
  const { apiVersion, kind } = manifest;
  if (!options.schema || options.severities.schema === 'off' || !doc.yaml || !apiVersion || !kind || !hasSchema(replacement, kind)) return true;
  const partial = options.partial || manifest.isPatch;
  const errors = async (version: string) =>
    (hasSchema(version, kind) ? await validateAgainstSchema(text, doc.yaml!, manifest.node, version, kind) : [])
      // The apiVersion itself is what changes.
      .filter((p) => p.kind !== 'skipped' && !(p.kind === 'required' && partial) && !(p.path.length === 1 && p.path[0] === 'apiVersion'))
      .map((p) => p.message);
  const before = new Set(await errors(apiVersion));
  return (await errors(replacement)).every((m) => before.has(m));
}

export const apiVersionRemoved: Rule = {
  id: 'api-version-removed',
  defaultSeverity: 'error',
  title: 'An apiVersion that the target Kubernetes version no longer serves (extensions/v1beta1, apps/v1beta1, apps/v1beta2, batch/v1beta1 CronJob, …).',
  async check({ doc, manifest, options, report }) {
    const { apiVersion, kind } = manifest;
    if (!apiVersion || !kind) return;
    const removal = REMOVALS.find((r) => r.kinds.includes(kind) && r.apiVersions.includes(apiVersion));
    if (!removal || !atLeast(options, 1, removal.removedIn)) return;
    const entry = getEntry(manifest.node, 'apiVersion')!;
    const node = scalarNode(entry);
    const instead = removal.replacement ? `use ${removal.replacement}` : 'it has no replacement';
    const fixes: Fix[] = [];
    if (removal.replacement && node && removal.compatible?.(manifest) && (await schemaAccepts(doc.text, doc, manifest, removal.replacement, options))) {
      const edits = new YamlEditor(doc).setScalar(node, removal.replacement);
      if (edits) fixes.push({ title: `Change to ${removal.replacement}`, edits, safe: false, preferred: true });
    }
    report({
      span: entry.valueSpan,
      message: apiMessage(
        ['apiVersion'],
        `no matches for kind ${quote(kind)} in version ${quote(apiVersion)}`,
        `${apiVersion} ${kind} was removed in Kubernetes 1.${removal.removedIn} (target ${formatKubeVersion(options.kubernetesVersion)}); ${instead}.`,
      ),
      fixes,
    });
  },
};
