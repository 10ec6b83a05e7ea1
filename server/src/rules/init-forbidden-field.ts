/**
 * R3 `init-forbidden-field`: lifecycle hooks or probes on an init container that is not a sidecar.
 * A `lifecycle` that holds only `stopSignal` (from 1.33) is dropped with it while
 * `ContainerStopSignals` is off, its default up to 1.37 (ground truth §6.5): a warning for
 * clusters that enable the gate, not an error.
 */
import { isMap } from 'yaml';
import { atLeast } from '../config/options';
import { entries } from '../model/yamlNodes';
import { YamlEditor } from '../edits/yamlEdit';
import { apiMessage, scalarNode } from './support';
import { checkContainerHandlers } from './containerHandlers';
import { stopSignalsInApi } from './targetGates';
import type { Fix, Rule } from './rule';

const FORBIDDEN = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

const WHY: Record<(typeof FORBIDDEN)[number], string> = {
  lifecycle:
    'a regular init container runs once to completion before the next one starts, so it has no postStart/preStop hooks; make it a native sidecar (restartPolicy: Always) if it should keep running.',
  livenessProbe: 'a regular init container runs to completion and is never probed; make it a native sidecar (restartPolicy: Always) if it should keep running.',
  readinessProbe:
    'a regular init container runs to completion and is never probed; make it a native sidecar (restartPolicy: Always) if it should keep running.',
  startupProbe:
    'a regular init container runs to completion and is never probed; a startupProbe gates the next container only on a native sidecar (restartPolicy: Always).',
};

export const initForbiddenField: Rule = {
  id: 'init-forbidden-field',
  defaultSeverity: 'error',
  title: '`lifecycle`, `livenessProbe`, `readinessProbe` or `startupProbe` on an init container without `restartPolicy: Always`.',
  check({ doc, manifest, options, report }) {
    for (const c of manifest.podSpec?.initContainers ?? []) {
      if (c.role !== 'init') continue;
      for (const field of FORBIDDEN) {
        const entry = c.fields.get(field);
        if (!entry) continue;
        const fixes = (): Fix[] => {
          const editor = new YamlEditor(doc);
          const out: Fix[] = [];
          const remove = editor.removePair(c.node, entry.pair);
          if (remove) out.push({ title: `Remove ${field}`, edits: remove, safe: false, preferred: true });
          // Native sidecars need 1.28 or later (sidecar-unsupported-version).
          // Its probes and hooks must then pass the checks a sidecar's get (probe-invalid).
          let valid = true;
          checkContainerHandlers(c, manifest.podSpec!, options, () => (valid = false));
          if (atLeast(options, 1, 28) && valid) {
            const policy = c.restartPolicy?.entry;
            const node = scalarNode(policy);
            const sidecar =
              policy && node ? editor.setScalar(node, 'Always') : editor.addPair(c.node, 'restartPolicy', 'Always', { after: c.fields.get('name')?.pair });
            if (sidecar) out.push({ title: 'Add restartPolicy: Always (make it a native sidecar)', edits: sidecar, safe: false });
          }
          return out;
        };
        const onlyStopSignal =
          field === 'lifecycle' &&
          stopSignalsInApi(options) &&
          isMap(entry.value) &&
          entries(entry.value).every((e) => e.key === 'stopSignal') &&
          entries(entry.value).length > 0;
        report({
          span: entry.keySpan,
          severity: onlyStopSignal ? 'warning' : undefined,
          message: apiMessage(
            [...c.path, field],
            'Forbidden: may not be set for init containers without restartPolicy=Always',
            onlyStopSignal
              ? 'only where the ContainerStopSignals feature gate is enabled (alpha, off by default up to Kubernetes 1.37): otherwise the API server drops `stopSignal` and the `lifecycle` it empties, without an error. A regular init container is not stopped by a signal of its choosing; remove the `lifecycle`.'
              : WHY[field],
          ),
          fixes,
        });
      }
    }
  },
};
