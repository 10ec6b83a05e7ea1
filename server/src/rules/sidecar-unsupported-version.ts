/** R15 `sidecar-unsupported-version`: a native sidecar while the target Kubernetes is below 1.29. */
import { atLeast, formatKubeVersion } from '../config/options';
import type { Rule } from './rule';
import { apiMessage } from './support';

export const sidecarUnsupportedVersion: Rule = {
  id: 'sidecar-unsupported-version',
  defaultSeverity: 'warning',
  title: '`restartPolicy: Always` on an init container while the target Kubernetes version is below 1.29 (error below 1.28).',
  check({ manifest, options, report }) {
    if (atLeast(options, 1, 29)) return;
    const v = formatKubeVersion(options.kubernetesVersion);
    for (const c of manifest.podSpec?.initContainers ?? []) {
      if (c.role !== 'sidecar') continue;
      const entry = c.restartPolicy!.entry;
      const path = [...c.path, 'restartPolicy'];
      if (atLeast(options, 1, 28)) {
        report({
          span: entry.valueSpan,
          message: apiMessage(
            path,
            `native sidecars are alpha in Kubernetes ${v} (SidecarContainers feature gate, off by default)`,
            'on a cluster without the gate the field is dropped, the sidecar becomes a regular init container that never exits, and the pod hangs in Init; sidecars are on by default from 1.29.',
          ),
        });
      } else {
        report({
          span: entry.valueSpan,
          severity: 'error',
          message: apiMessage(
            path,
            `native sidecars do not exist in Kubernetes ${v} (they arrived as alpha in 1.28)`,
            'the API server drops the field, the sidecar becomes a regular init container that never exits, and the pod hangs in Init.',
          ),
        });
      }
    }
  },
};
