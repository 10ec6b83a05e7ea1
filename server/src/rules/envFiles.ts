/**
 * Env files (ground truth §6.3, KEP-3721): the `env[].valueFrom.fileKeyRef` entries of a pod, for
 * `env-file-invalid` and `env-file-without-producer`. Pure readers over the model.
 */
import { isMap } from 'yaml';
import type { Container, EnvVar, Item, PodSpec } from '../model/podSpec';
import { entries, getEntry, spanOf, type Entry } from '../model/yamlNodes';

export interface EnvFileRef {
  container: Container;
  env: EnvVar;
  /** The `valueFrom` entry of the env var. */
  valueFrom: Entry;
  /** The `fileKeyRef` entry inside it. */
  entry: Entry;
  /** The `fileKeyRef` mapping as an item (its path ends in `fileKeyRef`), or undefined when it is not a mapping. */
  ref?: Item;
}

/** Every `fileKeyRef` of the pod's containers, init containers first (ephemeral containers included). */
export function envFileRefs(pod: PodSpec): EnvFileRef[] {
  const out: EnvFileRef[] = [];
  for (const container of pod.containers) {
    for (const env of container.env) {
      const valueFrom = env.fields.get('valueFrom');
      const entry = getEntry(valueFrom?.value, 'fileKeyRef');
      if (!valueFrom || !entry) continue;
      const node = entry.value;
      const span = spanOf(node);
      const ref: Item | undefined =
        isMap(node) && span
          ? { node: node, index: env.index, path: [...env.path, 'valueFrom', 'fileKeyRef'], span, fields: new Map(entries(node).map((e) => [e.key, e])) }
          : undefined;
      out.push({ container, env, valueFrom, entry, ref });
    }
  }
  return out;
}

/** The other keys of a `valueFrom` beside `fileKeyRef` (`configMapKeyRef`, …). */
export function otherSources(r: EnvFileRef): Entry[] {
  return entries(r.valueFrom.value).filter((e) => e.key !== 'fileKeyRef' && e.value !== null);
}
