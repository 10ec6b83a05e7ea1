/**
 * R9 `volume-mount-path-duplicate`: the same `mountPath` twice in one container
 * (`ValidateVolumeMounts`: `must be unique`). The same path in different containers is fine:
 * each container has its own filesystem.
 */
import type { Rule } from './rule';
import { apiMessage, isTemplated, quote } from './support';
import { stringField } from '../model/podSpec';

export const volumeMountPathDuplicate: Rule = {
  id: 'volume-mount-path-duplicate',
  defaultSeverity: 'error',
  title: 'The same `mountPath` twice in one container (R9).',
  check({ manifest, report }) {
    const spec = manifest.podSpec;
    if (!spec) return;
    for (const c of spec.containers) {
      const seen = new Map<string, number>();
      for (const m of c.volumeMounts) {
        const mountPath = stringField(m, 'mountPath');
        if (mountPath.kind !== 'string' || mountPath.value === '' || isTemplated(mountPath.value)) continue;
        const first = seen.get(mountPath.value);
        if (first === undefined) {
          seen.set(mountPath.value, m.index);
          continue;
        }
        const other = stringField(
          c.volumeMounts.find((x) => x.index === first)!,
          'name',
        );
        const otherName = other.kind === 'string' ? ` (volume ${quote(other.value)})` : '';
        report({
          span: mountPath.span,
          message: apiMessage(
            [...m.path, 'mountPath'],
            `Invalid value: ${quote(mountPath.value)}: must be unique`,
            `volumeMounts[${first}]${otherName} is already mounted at this path in this container, and one path can hold only one mount.`,
          ),
        });
      }
    }
  },
};
