/**
 * The Secrets, ConfigMaps and PersistentVolumeClaims a pod spec names, read once for the rule that
 * checks them against the workspace, the startup plan's missing gates and cross-file navigation:
 * each container's env `valueFrom` (`secretKeyRef`, `configMapKeyRef`) and `envFrom` (`secretRef`,
 * `configMapRef`), ephemeral containers left out (they start after the pod runs, and only by
 * `kubectl debug`), then the volumes (`secret`, `configMap`, `persistentVolumeClaim`, and the
 * `secret` and `configMap` sources of a `projected` volume), in document order.
 */
import { isScalar, type Node, type Scalar } from 'yaml';
import type { Container, PodSpec } from './podSpec';
import { asSeq, getEntry, scalarText } from './yamlNodes';

export type ConfigKind = 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim';

export interface ConfigRef {
  kind: ConfigKind;
  /** The scalar holding the name (a non-empty string). */
  name: Scalar;
  /** The scalar holding the key of a `secretKeyRef` or `configMapKeyRef` (a non-empty string). */
  key?: Scalar;
  /** `optional: true` on the reference (a volume's on its source). */
  optional: boolean;
  /** The container whose env names it; none for a volume. */
  container?: Container;
  /** How the pod uses it, as messages say it: `env DB_PASSWORD secretKeyRef`, `envFrom configMapRef`, `volume certs secret`, `volume all projected configMap`. */
  how: string;
}

function stringScalar(node: Node | null | undefined): Scalar | undefined {
  return isScalar(node) && typeof node.value === 'string' && node.value !== '' ? node : undefined;
}

function isOptional(node: Node | null | undefined): boolean {
  return scalarText(getEntry(node, 'optional')?.value) === 'true';
}

/** Words joined by one space, the missing ones left out (`env secretKeyRef` for an env entry without a name). */
function how(...words: (string | undefined)[]): string {
  return words.filter((w) => w).join(' ');
}

const ENV_REFS = [
  ['secretKeyRef', 'Secret'],
  ['configMapKeyRef', 'ConfigMap'],
] as const;
const ENV_FROM_REFS = [
  ['secretRef', 'Secret'],
  ['configMapRef', 'ConfigMap'],
] as const;
const PROJECTED_REFS = [
  ['secret', 'Secret'],
  ['configMap', 'ConfigMap'],
] as const;
const VOLUME_NAME_FIELD: Record<string, readonly [ConfigKind, string]> = {
  secret: ['Secret', 'secretName'],
  configMap: ['ConfigMap', 'name'],
  persistentVolumeClaim: ['PersistentVolumeClaim', 'claimName'],
};

/** What one container's env and `envFrom` name. */
export function containerConfigRefs(c: Container): ConfigRef[] {
  const out: ConfigRef[] = [];
  if (c.role === 'ephemeral') return out;
  for (const env of c.env) {
    const from = getEntry(env.node, 'valueFrom')?.value;
    for (const [field, kind] of ENV_REFS) {
      const ref = getEntry(from, field)?.value;
      const name = stringScalar(getEntry(ref, 'name')?.value);
      if (name)
        out.push({ kind, name, key: stringScalar(getEntry(ref, 'key')?.value), optional: isOptional(ref), container: c, how: how('env', env.name, field) });
    }
  }
  for (const item of c.envFrom) {
    for (const [field, kind] of ENV_FROM_REFS) {
      const ref = getEntry(item.node, field)?.value;
      const name = stringScalar(getEntry(ref, 'name')?.value);
      if (name) out.push({ kind, name, optional: isOptional(ref), container: c, how: how('envFrom', field) });
    }
  }
  return out;
}

/** What the pod's volumes name. */
export function volumeConfigRefs(pod: PodSpec): ConfigRef[] {
  const out: ConfigRef[] = [];
  for (const v of pod.volumes) {
    const source = v.source ? getEntry(v.node, v.source)?.value : undefined;
    const named = v.source ? VOLUME_NAME_FIELD[v.source] : undefined;
    if (named) {
      const [kind, field] = named;
      const name = stringScalar(getEntry(source, field)?.value);
      if (name) out.push({ kind, name, optional: isOptional(source), how: how('volume', v.name, v.source) });
    } else if (v.source === 'projected') {
      for (const s of asSeq(getEntry(source, 'sources')?.value)?.items ?? []) {
        for (const [field, kind] of PROJECTED_REFS) {
          const ref = getEntry(s as Node, field)?.value;
          const name = stringScalar(getEntry(ref, 'name')?.value);
          if (name) out.push({ kind, name, optional: isOptional(ref), how: how('volume', v.name, 'projected', field) });
        }
      }
    }
  }
  return out;
}

/** Everything the pod spec names: each container's references, then the volumes'. */
export function configRefs(pod: PodSpec): ConfigRef[] {
  return [...pod.containers.flatMap(containerConfigRefs), ...volumeConfigRefs(pod)];
}
