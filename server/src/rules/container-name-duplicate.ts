/**
 * R7 `container-name-duplicate`: a container name used twice in one pod, reported where the API
 * server reports it (`validateInitContainers`, `validateContainers`, `validateEphemeralContainers`):
 * - an init container that repeats an app container's or an earlier init container's name: on
 *   the init container (even when the app container comes later in the file);
 * - an app container that repeats an earlier app container's name: on the later one;
 * - an ephemeral container that repeats any other container's name: on the ephemeral one.
 */
import { type Container, stringField } from '../model/podSpec';
import { formatPath } from '../model/yamlNodes';
import { YamlEditor } from '../edits/yamlEdit';
import type { Fix, Rule } from './rule';
import { apiMessage, dns1123LabelErrors, quote } from './support';

const WHY =
  'container names must be unique across initContainers, containers and ephemeralContainers: the kubelet, `kubectl logs -c` and `kubectl exec -c` address containers by name.';

/** `<name>-2`, `<name>-3`, … : the first that no container uses and that is a valid label. */
function freeName(name: string, used: Set<string>): string | undefined {
  for (let n = 2; n < 100; n++) {
    const suffix = `-${n}`;
    const candidate = name.slice(0, 63 - suffix.length).replace(/-+$/, '') + suffix;
    if (!used.has(candidate) && !dns1123LabelErrors(candidate).length) return candidate;
  }
  return undefined;
}

export const containerNameDuplicate: Rule = {
  id: 'container-name-duplicate',
  defaultSeverity: 'error',
  title: 'A container name is repeated across initContainers, containers and ephemeralContainers (R7).',
  check({ doc, manifest, report }) {
    const spec = manifest.podSpec;
    if (!spec) return;
    const used = new Set(spec.containers.map((c) => c.name).filter((n): n is string => n !== undefined));

    const flag = (c: Container, other: Container) => {
      const name = stringField(c, 'name');
      if (name.kind !== 'string') return;
      const fixes = (): Fix[] => {
        const renamed = freeName(name.value, used);
        const edits = renamed ? new YamlEditor(doc).setScalar(name.node, renamed) : undefined;
        return renamed && edits ? [{ title: `Rename to \`${renamed}\``, edits, safe: true, preferred: true }] : [];
      };
      report({
        span: name.span,
        message: apiMessage([...c.path, 'name'], `Duplicate value: ${quote(name.value)}`, `${formatPath(other.path)} already has this name; ${WHY}`),
        fixes,
      });
    };

    // App containers among themselves: the later one.
    const apps = new Map<string, Container>();
    for (const c of spec.appContainers) {
      if (!c.name) continue;
      const first = apps.get(c.name);
      if (first) flag(c, first);
      else apps.set(c.name, c);
    }
    // Init containers against every app container and the earlier init containers.
    const regular = new Map(apps);
    for (const c of spec.initContainers) {
      if (!c.name) continue;
      const first = regular.get(c.name);
      if (first) flag(c, first);
      else regular.set(c.name, c);
    }
    // Ephemeral containers against all of them and the earlier ephemeral containers.
    const all = new Map(regular);
    for (const c of spec.ephemeralContainers) {
      if (!c.name) continue;
      const first = all.get(c.name);
      if (first) flag(c, first);
      else all.set(c.name, c);
    }
  },
};
