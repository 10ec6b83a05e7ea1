/**
 * `downward-api-env-missing`: a container's shell script reads `$POD_IP`, `$POD_NAME`,
 * `$POD_NAMESPACE`, `$NODE_NAME`, `$HOST_IP`, `$POD_SERVICE_ACCOUNT` (or the like) but its env does
 * not define it. Kubernetes sets none of them by itself: the script gets an empty string.
 */
import { YamlEditor } from '../edits/yamlEdit';
import { downwardVariable } from '../knowledge/downwardApi';
import { argLineSpan } from '../model/commands';
import { formatPath } from '../model/yamlNodes';
import type { Script } from '../shell/ast';
import { programOf } from '../shell/query';
import type { Fix, Rule } from './rule';
import { envNames, lineOf } from './commandSupport';
import { isPartial } from './support';

/** Operators of `${VAR…}` that handle an unset variable (a default, an alternative, an assignment). */
const HANDLES_UNSET = new Set([':-', '-', ':=', '=', ':+', '+']);

/** Whether the script may set `name` itself (an assignment, export, read, for), or loads settings it cannot see (`.`, `source`, `eval`). */
function scriptMaySet(script: Script, name: string): boolean {
  for (const c of script.commands) {
    if (c.assignments.some((w) => w.text.startsWith(`${name}=`) || w.text.startsWith(`${name}+=`))) return true;
    const prog = programOf(c);
    if (!prog) continue;
    if (prog.name === '.' || prog.name === 'source' || prog.name === 'eval') return true;
    if (['export', 'local', 'readonly', 'declare', 'typeset', 'read', 'getopts', 'mapfile', 'readarray', 'printf'].includes(prog.name)) {
      if (prog.args.some((w) => w.text === name || w.text.startsWith(`${name}=`))) return true;
    }
  }
  return script.loops.some((l) => l.kind === 'for' && l.variable?.text === name);
}

export const downwardApiEnvMissing: Rule = {
  id: 'downward-api-env-missing',
  defaultSeverity: 'warning',
  title:
    'A shell script reads `$POD_IP`, `$POD_NAME`, `$POD_NAMESPACE`, `$NODE_NAME`, `$HOST_IP` or `$POD_SERVICE_ACCOUNT`, which the container env does not define.',
  check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || isPartial(manifest, options)) return;
    for (const c of pod.containers) {
      if (c.role === 'ephemeral' || c.hasEnvFrom) continue;
      const line = lineOf(doc, manifest, c);
      const s = line.script;
      if (!s) continue;
      const defined = new Set(envNames(c));
      const seen = new Set<string>();
      for (const v of s.script.variables) {
        const known = downwardVariable(v.name);
        if (!known || defined.has(v.name) || seen.has(v.name)) continue;
        if (v.op && HANDLES_UNSET.has(v.op)) continue;
        seen.add(v.name);
        if (scriptMaySet(s.script, v.name)) continue;
        const message = `${formatPath(s.arg.path)}: the script reads $${v.name}, but this container's env does not define ${v.name} — Kubernetes does not set it by itself, so it expands to an empty string; add it from the downward API (fieldRef ${known.fieldPath})`;
        const fixes = (): Fix[] => {
          const edits = new YamlEditor(doc).appendToList(c.node, 'env', { name: v.name, valueFrom: { fieldRef: { fieldPath: known.fieldPath } } });
          return edits ? [{ title: `Add env ${v.name} from the downward API (${known.fieldPath})`, edits, safe: false, preferred: true }] : [];
        };
        report({ span: argLineSpan(s.arg, v.start, v.end), message, fixes });
      }
    }
  },
};
