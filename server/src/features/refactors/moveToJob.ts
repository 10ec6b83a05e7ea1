/**
 * "Move into a Job" (issue 16, refactor 5) on an init container that runs a one-off, cluster-wide
 * task (a database migration: knowledge/migrations.ts, what `init-runs-per-replica` knows): a Job
 * document appended to the file with the same image, command, env, envFrom, the volumes it mounts
 * and the pod's service account (rules/jobFromInit.ts), `restartPolicy: Never` and a
 * `backoffLimit`; the init container removed from the workload. Every pod of the workload ran it
 * when it started; the Job runs it once per apply.
 *
 * The variants, offered where the file shows the tool: "Move into a Helm hook Job" (the manifest
 * is rendered by Helm: `helm.sh/chart` or `app.kubernetes.io/managed-by: Helm`), annotated
 * `helm.sh/hook: pre-install,pre-upgrade` so it runs before the release's workloads change; "Move
 * into an Argo CD sync hook Job" (the file has `argocd.argoproj.io/` annotations), annotated
 * `argocd.argoproj.io/hook: PreSync`. Both replace the Job of the previous run before creating
 * the new one (`…hook-delete-policy`), as a Job's pod template cannot change.
 */
import { isSeq } from 'yaml';
import { appendDocumentEdit, renderDocument } from '../../edits/commandEdit';
import { YamlEditor } from '../../edits/yamlEdit';
import { migrationTool } from '../../knowledge/migrations';
import type { Edit } from '../../model/text';
import { commandText, commandViews, lineOf } from '../../rules/commandSupport';
import { jobFor } from '../../rules/jobFromInit';
import type { Refactor, RefactorProvider } from './refactor';

const VARIANTS: { title: string; when: (docText: string) => boolean; annotations?: Record<string, string> }[] = [
  { title: 'Move into a Job', when: () => true },
  {
    title: 'Move into a Helm hook Job',
    when: (t) => /helm\.sh\/chart|managed-by["']?\s*:\s*["']?Helm\b/.test(t),
    annotations: { 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-delete-policy': 'before-hook-creation' },
  },
  {
    title: 'Move into an Argo CD sync hook Job',
    when: (t) => t.includes('argocd.argoproj.io/'),
    annotations: { 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' },
  },
];

export const moveToJob: RefactorProvider = {
  id: 'move-to-job',
  offer({ doc, manifest, pod, container: c }) {
    if (!c || c.role !== 'init' || !manifest.workload) return [];
    if (!commandViews(lineOf(doc, manifest, c)).some((v) => migrationTool(commandText(v)))) return [];
    const entry = pod.fields.get('initContainers');
    const seq = entry?.value;
    if (!entry || !isSeq(seq)) return [];
    const editor = new YamlEditor(doc);
    const removal: Edit[] | undefined = seq.items.length === 1 ? editor.removePair(pod.node, entry.pair) : editor.removeItem(seq, c.index);
    if (!removal) return [];
    const out: Refactor[] = [];
    for (const v of VARIANTS) {
      if (!v.when(doc.text)) continue;
      let job: ReturnType<typeof jobFor>;
      try {
        job = jobFor(doc, manifest, pod, c, v.annotations);
      } catch {
        return out; // `toJS` refuses what YAML cannot merge: no copy, no Job
      }
      if (!job) return out;
      const text = renderDocument(doc, job.value, job.js);
      if (!text) continue;
      out.push({ id: 'move-to-job', title: v.title, kind: 'refactor.move', edits: [...removal, appendDocumentEdit(doc, text)] });
    }
    return out;
  },
};
