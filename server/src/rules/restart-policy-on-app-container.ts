/**
 * R2 `restart-policy-on-app-container` (ground truth §6.1): `restartPolicy` on a container under
 * `containers`. Up to 1.33 it is forbidden; at 1.34 (`ContainerRestartRules` off) it is dropped;
 * from 1.35 `Always`, `Never` and `OnFailure` are valid, and two valid uses are still worth a word:
 * `Always` in a Job or CronJob (the pod never succeeds) and `Never`/`OnFailure` where the pod
 * itself always restarts (the container stays terminated until the pod is replaced).
 */
import { atLeast } from '../config/options';
import { isJobLike } from '../model/kinds';
import { YamlEditor } from '../edits/yamlEdit';
import { asSeq } from '../model/yamlNodes';
import type { Fix, Rule } from './rule';
import { apiMessage, closest, quote, scalarNode, supportedValues } from './support';
import { containerRestartRulesInApi, containerRestartRulesOn } from './targetGates';

const POLICIES = ['Always', 'Never', 'OnFailure'];

export const restartPolicyOnAppContainer: Rule = {
  id: 'restart-policy-on-app-container',
  defaultSeverity: 'error',
  title: '`restartPolicy` on an app container that the target rejects or drops (up to 1.34), or that makes a Job never complete.',
  check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    const kind = manifest.workload?.kind;
    const isJob = isJobLike(manifest.workload);
    // The pod restarts every container that exits: a controller's pods, or a Pod left at the default.
    const podAlways =
      (manifest.workload?.restartPolicies.length === 1 && manifest.workload.restartPolicies[0] === 'Always') ||
      (kind === 'Pod' && (pod.restartPolicy ?? 'Always') === 'Always');
    for (const c of pod.appContainers) {
      const entry = c.restartPolicy?.entry;
      if (!entry) continue;
      const node = scalarNode(entry);
      const value = node ? String(node.value ?? '') : undefined;
      const path = [...c.path, 'restartPolicy'];
      const on = containerRestartRulesOn(options);
      const guess = value === undefined ? undefined : (POLICIES.find((p) => p.toLowerCase() === value.toLowerCase()) ?? closest(value, POLICIES));
      let message: string;
      let severity: 'error' | 'warning' | 'info' | undefined;
      // Whether the API server rejects or drops the value: only then is a fix safe.
      let refused = true;
      if (!containerRestartRulesInApi(options)) {
        message = apiMessage(
          path,
          'Forbidden: may not be set for non-init containers',
          'up to Kubernetes 1.33 app containers follow the pod restartPolicy; a helper that should run beside the app is a native sidecar: an init container with `restartPolicy: Always`.',
        );
      } else if (!on) {
        severity = 'warning';
        message = apiMessage(
          path,
          'restartPolicy on an app container is silently dropped at 1.34 unless the cluster enables the ContainerRestartRules feature gate (on by default from 1.35)',
          'without the gate the container follows the pod restartPolicy.',
        );
      } else if (value === undefined) {
        continue; // not a scalar: the schema rule's
      } else if (!POLICIES.includes(value)) {
        message = apiMessage(
          path,
          `Unsupported value: ${quote(value)}: ${supportedValues(POLICIES)}`,
          'a container restartPolicy is `Always`, `Never` or `OnFailure`; leave it out to follow the pod restartPolicy.',
        );
      } else if (value === 'Always' && isJob) {
        refused = false;
        severity = 'warning';
        message = apiMessage(
          path,
          `restartPolicy "Always" on an app container of a ${kind}`,
          'the container is restarted even after it exits 0, so the pod never succeeds and the Job never completes; a helper that should run beside the work is a native sidecar (an init container with `restartPolicy: Always`), which stops when the work is done.',
        );
      } else if (value !== 'Always' && podAlways && !c.fields.has('restartPolicyRules')) {
        // With rules the policy is the rules' fallback: a deliberate design, not a surprise.
        refused = false;
        severity = 'info';
        message = apiMessage(
          path,
          `restartPolicy ${quote(value)} on an app container of a pod that always restarts`,
          value === 'Never'
            ? 'once this container exits it stays terminated while the rest of the pod runs on; if it was the only one running, the pod stops and its controller replaces it.'
            : 'once this container exits 0 it stays terminated while the rest of the pod runs on; if it was the only one running, the pod stops and its controller replaces it.',
        );
      } else {
        continue;
      }
      const fixes = (): Fix[] => {
        const editor = new YamlEditor(doc);
        const out: Fix[] = [];
        const wantsSidecar = value === 'Always' || guess === 'Always';
        const containers = asSeq(pod.fields.get('containers')?.value);
        // Moving the only app container would leave the pod without one; sidecars need 1.28+.
        // It changes the startup order and the resources, so it is never applied by --fix.
        if (containers && pod.appContainers.length > 1 && atLeast(options, 1, 28) && (wantsSidecar || !on)) {
          const move = editor.moveItem(containers, c.index, pod.node, 'initContainers', {
            before: pod.fields.get('containers')?.pair,
            set: { restartPolicy: 'Always' },
          });
          if (move) out.push({ title: 'Move to initContainers as a native sidecar', edits: move, safe: false, preferred: wantsSidecar });
        }
        // From 1.35 a misspelt valid value is most likely what was meant.
        const set = on && refused && guess && node ? editor.setScalar(node, guess) : undefined;
        if (set) out.push({ title: `Set restartPolicy to ${guess}`, edits: set, safe: true, preferred: !out.some((f) => f.preferred) });
        const remove = editor.removePair(c.node, entry.pair);
        if (remove) out.push({ title: 'Remove restartPolicy', edits: remove, safe: refused && !set, preferred: !out.some((f) => f.preferred) });
        return out;
      };
      report({ span: entry.keySpan, message, severity, fixes });
    }
  },
};
