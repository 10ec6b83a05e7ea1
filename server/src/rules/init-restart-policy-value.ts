/** R1 `init-restart-policy-value`: an init container's `restartPolicy` is anything but `Always`. */
import { atLeast } from '../config/options';
import { YamlEditor } from '../edits/yamlEdit';
import type { Fix, Rule } from './rule';
import { apiMessage, quote, scalarNode } from './support';
import { checkContainerHandlers } from './containerHandlers';

export const initRestartPolicyValue: Rule = {
  id: 'init-restart-policy-value',
  defaultSeverity: 'error',
  title: 'An init container sets `restartPolicy` to something other than `Always`.',
  check({ doc, manifest, options, report }) {
    for (const c of manifest.podSpec?.initContainers ?? []) {
      const entry = c.restartPolicy?.entry;
      const node = scalarNode(entry);
      if (!entry || !node || c.role === 'sidecar') continue;
      const value = String(node.value ?? '');
      const path = [...c.path, 'restartPolicy'];
      const gate = atLeast(options, 1, 34);
      const message = gate
        ? `${apiMessage(path, `restartPolicy ${quote(value)} on an init container needs the ContainerRestartRules feature gate (alpha in 1.34, beta in 1.35)`, 'without it the API server rejects the pod with `Unsupported value: ' + quote(value) + ': supported values: "Always"`; only `Always` (a native sidecar) works everywhere.')}`
        : apiMessage(path, `Unsupported value: ${quote(value)}: supported values: "Always"`, 'an init container takes only `Always` (which makes it a native sidecar); leave the field out for a regular init container, which the pod restartPolicy already retries.');
      const fixes = (): Fix[] => {
        const editor = new YamlEditor(doc);
        const out: Fix[] = [];
        // OnFailure/Never are what a regular init container does anyway under the pod's policy:
        // removing the field keeps the meaning. Anything else is most likely a misspelt `Always`.
        const meantRegular = value === 'OnFailure' || value === 'Never';
        const remove = editor.removePair(c.node, entry.pair);
        // Native sidecars need 1.28 or later (sidecar-unsupported-version), and their probes and
        // hooks must pass the checks a sidecar's get (probe-invalid).
        let handlersValid = true;
        checkContainerHandlers(c, manifest.podSpec!, options, () => (handlersValid = false));
        const always = atLeast(options, 1, 28) && handlersValid ? editor.setScalar(node, 'Always') : undefined;
        if (remove) out.push({ title: 'Remove restartPolicy (a regular init container)', edits: remove, safe: meantRegular, preferred: meantRegular });
        if (always) out.push({ title: 'Set restartPolicy to Always (a native sidecar)', edits: always, safe: !meantRegular, preferred: !meantRegular });
        return out;
      };
      report({ span: entry.valueSpan, message, severity: gate ? 'warning' : undefined, fixes });
    }
  },
};
