/**
 * `init-ports-ignored` (ground truth R10, warnings): `ports` on a regular init container (no
 * `restartPolicy: Always`) do nothing. It has exited before the pod serves traffic; a Service's
 * named `targetPort` resolves against app containers and sidecars only (`FindPort`); probes are
 * forbidden on it; the kubelet and the scheduler handle `hostPort` for app containers only.
 */
import { isSeq } from 'yaml';
import { YamlEditor } from '../edits/yamlEdit';
import { containerLabel } from './containerFacts';
import type { Fix, Rule } from './rule';
import { apiMessage } from './support';

export const initPortsIgnored: Rule = {
  id: 'init-ports-ignored',
  defaultSeverity: 'info',
  title: '`ports` on a regular init container do nothing.',
  check({ doc, manifest, report }) {
    for (const c of manifest.podSpec?.initContainers ?? []) {
      if (c.role !== 'init') continue;
      const entry = c.fields.get('ports');
      if (!entry || !isSeq(entry.value) || entry.value.items.length === 0) continue;
      const fixes = (): Fix[] => {
        const remove = new YamlEditor(doc).removePair(c.node, entry.pair);
        return remove ? [{ title: 'Remove ports', edits: remove, safe: false, preferred: true }] : [];
      };
      report({
        span: entry.keySpan,
        message: apiMessage(
          [...c.path, 'ports'],
          `ports on regular init container ${containerLabel(c)} do nothing`,
          'it has exited before the pod is Ready, and Services send traffic to Ready pods only; named ports resolve on app containers and sidecars only, and the kubelet maps hostPort for app containers only. Remove them, or add `restartPolicy: Always` if the container should keep running beside the app.',
        ),
        fixes,
      });
    }
  },
};
