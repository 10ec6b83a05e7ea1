/**
 * `init-never-completes`: a regular init container runs something that never exits: `sleep
 * infinity`, `tail -f`, an endless `while true` loop with no way out, a server in the foreground,
 * or a server image started with its default command. The next containers wait for it forever and
 * the pod stays in `Init:k/N`.
 */
import { atLeast } from '../config/options';
import { YamlEditor } from '../edits/yamlEdit';
import { formatPath } from '../model/yamlNodes';
import type { Fix, Rule } from './rule';
import { neverExitingCommand } from './neverExits';
import { scalarNode } from './support';

const FORBIDDEN_ON_INIT = ['restartPolicy', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'];

export const initNeverCompletes: Rule = {
  id: 'init-never-completes',
  defaultSeverity: 'warning',
  title: 'A regular init container runs a process that never exits (`sleep infinity`, `tail -f`, an endless loop, a server): the pod stays in `Init` forever.',
  check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    for (const c of pod.initContainers) {
      if (c.role !== 'init') continue;
      // Probes, hooks or a restartPolicy other than Always: init-forbidden-field or
      // init-restart-policy-value already asks whether it should be a sidecar.
      if (FORBIDDEN_ON_INIT.some((k) => c.fields.has(k))) continue;
      const hit = neverExitingCommand(doc, manifest, c);
      if (!hit) continue;
      const status = `Init:${c.index}/${pod.initContainers.length}`;
      const message = `${formatPath(hit.path)}: ${hit.what} — an init container must exit before the next container starts, so this pod stays in ${status} and its app containers never start; if it should run beside the app, make it a native sidecar (restartPolicy: Always)`;
      const fixes = (): Fix[] => {
        if (!atLeast(options, 1, 28)) return [];
        const editor = new YamlEditor(doc);
        const policy = c.restartPolicy?.entry;
        const node = scalarNode(policy);
        const edits =
          policy && node ? editor.setScalar(node, 'Always') : editor.addPair(c.node, 'restartPolicy', 'Always', { after: c.fields.get('name')?.pair });
        return edits ? [{ title: 'Make it a native sidecar (restartPolicy: Always)', edits, safe: false, preferred: true }] : [];
      };
      report({ span: hit.span, message, fixes });
    }
  },
};
