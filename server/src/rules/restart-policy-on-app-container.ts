/** R2 `restart-policy-on-app-container`: `restartPolicy` set on a container under `containers`. */
import { atLeast } from '../config/options';
import { YamlEditor } from '../edits/yamlEdit';
import { asSeq } from '../model/yamlNodes';
import type { Fix, Rule } from './rule';
import { apiMessage, scalarNode } from './support';

export const restartPolicyOnAppContainer: Rule = {
  id: 'restart-policy-on-app-container',
  defaultSeverity: 'error',
  title: '`restartPolicy` is set on an app container (only init containers take it: `Always` makes a native sidecar).',
  check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    for (const c of pod.appContainers) {
      const entry = c.restartPolicy?.entry;
      if (!entry) continue;
      const gate = atLeast(options, 1, 34);
      const path = [...c.path, 'restartPolicy'];
      const message = gate
        ? apiMessage(path, 'restartPolicy on an app container needs the ContainerRestartRules feature gate (alpha in 1.34, beta in 1.35)', 'without it the API server rejects the pod with `Forbidden: may not be set for non-init containers`; a helper that should run beside the app belongs in initContainers with `restartPolicy: Always`.')
        : apiMessage(path, 'Forbidden: may not be set for non-init containers', 'app containers follow the pod restartPolicy; a helper that should run beside the app is a native sidecar: an init container with `restartPolicy: Always`.');
      const fixes = (): Fix[] => {
        const editor = new YamlEditor(doc);
        const out: Fix[] = [];
        const wantsSidecar = scalarNode(entry)?.value === 'Always';
        const containers = asSeq(pod.fields.get('containers')?.value);
        // Moving the only app container would leave the pod without one; sidecars need 1.28+.
        if (containers && pod.appContainers.length > 1 && atLeast(options, 1, 28)) {
          const move = editor.moveItem(containers, c.index, pod.node, 'initContainers', {
            before: pod.fields.get('containers')?.pair,
            set: { restartPolicy: 'Always' },
          });
          if (move) out.push({ title: 'Move to initContainers as a native sidecar', edits: move, safe: false, preferred: wantsSidecar });
        }
        const remove = editor.removePair(c.node, entry.pair);
        if (remove) out.push({ title: 'Remove restartPolicy', edits: remove, safe: true, preferred: !wantsSidecar || out.length === 0 });
        return out;
      };
      report({ span: entry.keySpan, message, severity: gate ? 'warning' : undefined, fixes });
    }
  },
};
