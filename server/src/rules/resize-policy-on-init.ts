/**
 * R5/R25 `resize-policy-on-init`: `resizePolicy` on an init container (version-dependent): any
 * init container below 1.33 (error); from 1.36 `restartPolicy: RestartContainer` on a non-sidecar
 * init container (error, ground truth §6.8); otherwise on a regular init container a warning that
 * it does nothing.
 */
import { isMap, isSeq, type Scalar } from 'yaml';
import { atLeast } from '../config/options';
import { YamlEditor } from '../edits/yamlEdit';
import { getEntry, scalarText } from '../model/yamlNodes';
import type { Fix, Rule } from './rule';
import { apiMessage } from './support';

export const resizePolicyOnInit: Rule = {
  id: 'resize-policy-on-init',
  defaultSeverity: 'warning',
  title: '`resizePolicy` on a regular init container (rejected on any init container below Kubernetes 1.33; `RestartContainer` rejected there from 1.36).',
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
        ? apiMessage(
            path,
            `Invalid value: ${shown}: must not be set for init containers`,
            'in-place resize of init containers arrived with InPlacePodVerticalScaling in 1.33 (for sidecars); older API servers reject the pod.',
          )
        : apiMessage(
            path,
            'resizePolicy on a regular init container has no effect',
            'a regular init container has exited before the pod can be resized; only native sidecars (restartPolicy: Always) are resized in place.',
          );
      if (!rejected && atLeast(options, 1, 36)) {
        // R25: only `NotRequired` is allowed on a non-sidecar init container from 1.36.
        items.forEach((item, n) => {
          const policy = getEntry(item, 'restartPolicy');
          if (scalarText(policy?.value) !== 'RestartContainer') return;
          report({
            span: policy!.valueSpan,
            message: apiMessage(
              [...path, n, 'restartPolicy'],
              `Invalid value: "RestartContainer": must not be set to 'RestartContainer' for non-sidecar initContainers`,
              'a regular init container cannot be restarted to apply a resize; use `NotRequired`, or leave resizePolicy out.',
            ),
            severity: 'error',
            fixes: () => {
              const set = new YamlEditor(doc).setScalar(policy!.value as Scalar, 'NotRequired');
              return set ? [{ title: 'Set restartPolicy to NotRequired', edits: set, safe: true, preferred: true }] : [];
            },
          });
        });
      }
      const fixes = (): Fix[] => {
        const remove = new YamlEditor(doc).removePair(c.node, entry.pair);
        return remove ? [{ title: 'Remove resizePolicy', edits: remove, safe: false, preferred: true }] : [];
      };
      report({ span: entry.keySpan, message, severity: rejected ? 'error' : undefined, fixes });
    }
  },
};
