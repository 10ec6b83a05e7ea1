/**
 * `init-runs-per-replica`: an init container runs a database migration (a one-off, cluster-wide
 * task) in a workload whose pods all run it: more than one replica, a DaemonSet, or an
 * autoscaled target. Every pod runs the migration when it starts, several at once during a
 * rollout or a scale-up.
 *
 * What the rule sees: `spec.replicas` of the same manifest, the kind, and a
 * HorizontalPodAutoscaler anywhere in the same file (`options.autoscaled`, collected by the
 * engine from every document), or in another file of the workspace in the workload's namespace
 * (`options.workspace.autoscaled`, from the workspace index).
 */
import { isScalar, isSeq } from 'yaml';
import { appendDocumentEdit, renderDocument } from '../edits/commandEdit';
import { YamlEditor } from '../edits/yamlEdit';
import { migrationTool } from '../knowledge/migrations';
import type { AnalysisOptions } from '../config/options';
import { parseDocument, type Manifest, type YamlDocument } from '../model/document';
import type { Container, PodSpec } from '../model/podSpec';
import { formatPath, getEntry, nodeAt, scalarText } from '../model/yamlNodes';
import { jobFor } from './jobFromInit';
import type { Edit } from '../model/text';
import type { Fix, Rule } from './rule';
import { baseName, placementsOf } from './workspaceRefs';
import { viewPath, commandSpan, commandText, commandViews, lineOf } from './commandSupport';
import { hasSchema, validateAgainstSchema } from '../schema/validate';

const REPLICATED = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);

/** How many pods run the init container, as words for the message; undefined when one. */
function fanOut(manifest: Manifest, options: AnalysisOptions): string | undefined {
  const custom = manifest.workload?.custom;
  if (custom) {
    // A custom resource: `replicas` beside its pod template (a Rollout's, a RayCluster worker group's).
    if (!custom.replicasPath || custom.behavesAs === 'Job') return undefined;
    const count = nodeAt(manifest.node, custom.replicasPath);
    const n = isScalar(count) && typeof count.value === 'number' ? count.value : undefined;
    return n !== undefined && n > 1 ? `each of the ${n} replicas of this ${manifest.workload!.kind} runs when it starts, several at once` : undefined;
  }
  const kind = manifest.workload?.kind;
  if (!kind) return undefined;
  if (kind === 'DaemonSet') return 'the pod of this DaemonSet on every node runs when it starts';
  if (!REPLICATED.has(kind)) return undefined;
  const spec = getEntry(manifest.node, 'spec')?.value;
  if (kind === 'StatefulSet' && scalarText(getEntry(spec, 'podManagementPolicy')?.value) !== 'Parallel') {
    // OrderedReady starts the pods one at a time: each runs it, never two at once.
    return undefined;
  }
  const replicas = getEntry(spec, 'replicas')?.value;
  const n = replicas && 'value' in replicas && typeof (replicas as { value: unknown }).value === 'number' ? (replicas as { value: number }).value : undefined;
  if (n !== undefined && n > 1) {
    return kind === 'StatefulSet'
      ? `each of the ${n} replicas runs when it starts, several at once when the StatefulSet is created or scaled up (podManagementPolicy: Parallel)`
      : `each of the ${n} replicas runs when it starts, several at once during a rollout`;
  }
  const hpa = options.autoscaled?.find((a) => a.kind === kind && a.name === manifest.name);
  if (hpa) return `every pod that the HorizontalPodAutoscaler "${hpa.by}" adds runs when it starts`;
  // An HPA of another file of the workspace, in the workload's namespace.
  // Through kustomize: an HPA of any overlay that builds the file (the HPA's target is indexed as written).
  const namespaces = new Set(placementsOf(manifest, options).map((p) => p.namespace));
  const other = options.workspace?.autoscaled.find(
    (a) => a.kind === kind && a.name === manifest.name && a.namespace !== undefined && namespaces.has(a.namespace),
  );
  if (other) return `every pod that the HorizontalPodAutoscaler "${other.by}" (${baseName(other.file ?? '')}) adds runs when it starts`;
  return undefined;
}

/**
 * Whether the Job raises no schema error: what it copies (the container, the volumes it mounts)
 * may carry one, which the Job would then repeat.
 */
async function schemaAcceptsJob(text: string, options: AnalysisOptions): Promise<boolean> {
  if (!options.schema || options.severities.schema === 'off' || !hasSchema('batch/v1', 'Job')) return true;
  const job = parseDocument(text);
  if (!job.yaml || job.manifests.length !== 1) return false;
  const problems = await validateAgainstSchema(text, job.yaml, job.manifests[0].node, 'batch/v1', 'Job');
  return problems.every((p) => p.kind === 'skipped');
}

async function extractFix(doc: YamlDocument, manifest: Manifest, pod: PodSpec, c: Container, options: AnalysisOptions): Promise<Fix | undefined> {
  let job: ReturnType<typeof jobFor>;
  try {
    job = jobFor(doc, manifest, pod, c);
  } catch {
    return undefined; // `toJS` refuses what YAML cannot merge (`<<: *scalar`): no copy, no fix
  }
  if (!job) return undefined;
  const text = renderDocument(doc, job.value, job.js);
  if (!text || !(await schemaAcceptsJob(text, options))) return undefined;
  const editor = new YamlEditor(doc);
  const entry = pod.fields.get('initContainers');
  const seq = entry?.value;
  if (!entry || !isSeq(seq)) return undefined;
  const removal: Edit[] | undefined =
    pod.initContainers.length === 1 && seq.items.length === 1 ? editor.removePair(pod.node, entry.pair) : editor.removeItem(seq, c.index);
  if (!removal) return undefined;
  return { title: 'Extract into a Job', edits: [...removal, appendDocumentEdit(doc, text)], safe: false, preferred: true };
}

export const initRunsPerReplica: Rule = {
  id: 'init-runs-per-replica',
  defaultSeverity: 'warning',
  title: 'An init container runs a one-off, cluster-wide task (a database migration) in a workload with several pods: every pod runs it, concurrently.',
  async check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    const why = fanOut(manifest, options);
    if (!why) return;
    for (const c of pod.initContainers) {
      if (c.role !== 'init') continue;
      const line = lineOf(doc, manifest, c);
      for (const view of commandViews(line)) {
        const tool = migrationTool(commandText(view));
        if (!tool) continue;
        const path = viewPath(view) ?? [...c.path, 'command'];
        const message = `${formatPath(path)}: this init container runs a ${tool} migration, which ${why} — a one-off, cluster-wide task belongs in a Job that runs once per release (a Helm hook or an Argo CD sync hook works too)`;
        const fix = await extractFix(doc, manifest, pod, c, options);
        report({ span: commandSpan(view, doc.text), message, fixes: fix ? [fix] : [] });
        break;
      }
    }
  },
};
