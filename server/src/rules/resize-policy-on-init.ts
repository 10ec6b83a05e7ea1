/** R5 `resize-policy-on-init`: `resizePolicy` on an init container (version-dependent). */
import { isMap, isSeq } from 'yaml';
import { atLeast } from '../config/options';
import { YamlEditor } from '../edits/yamlEdit';
import { getEntry, scalarText } from '../model/yamlNodes';
import type { Fix, Rule } from './rule';
import { apiMessage } from './support';

export const resizePolicyOnInit: Rule = {
  id: 'resize-policy-on-init',
  defaultSeverity: 'warning',
  title: '`resizePolicy` on a regular init container (rejected on any init container below Kubernetes 1.33).',
  check({ doc, manifest, options, report }) {
    for (const c of manifest.podSpec?.initContainers ?? []) {
      const entry = c.fields.get('resizePolicy');
      if (!entry) continue;
      const rejected = !atLeast(options, 1, 33);
      if (!rejected && c.role === 'sidecar') continue; // sidecars can be resized in place from 1.33
      const path = [...c.path, 'resizePolicy'];
      // The API server prints the Go value: [{cpu NotRequired} {memory RestartContainer}].
      const items = isSeq(entry.value) ? entry.value.items.filter(isMap) : [];
      const shown = `[${items.map((i) => `{${scalarText(getEntry(i, 'resourceName')?.value) ?? ''} ${scalarText(getEntry(i, 'restartPolicy')?.value) ?? ''}}`).join(' ')}]`;
      const message = rejected
        ? apiMessage(path, `Invalid value: ${shown}: must not be set for init containers`, 'in-place resize of init containers arrived with InPlacePodVerticalScaling in 1.33 (for sidecars); older API servers reject the pod.')
        : apiMessage(path, 'resizePolicy on a regular init container has no effect', 'a regular init container has exited before the pod can be resized; only native sidecars (restartPolicy: Always) are resized in place.');
      const fixes = (): Fix[] => {
        const remove = new YamlEditor(doc).removePair(c.node, entry.pair);
        return remove ? [{ title: 'Remove resizePolicy', edits: remove, safe: false, preferred: true }] : [];
      };
      report({ span: entry.keySpan, message, severity: rejected ? 'error' : undefined, fixes });
    }
  },
};
