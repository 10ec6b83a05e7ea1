/**
 * Facts of a container (and of a pod spec) read once from its YAML, typed, each with the entry it
 * was read from (so its spans): the `resources` section (`requests` and `limits` with their
 * quantities parsed), the container's `restartPolicy`, its probes and lifecycle handlers.
 * `pod/`, the rules and the features read these rather than looking the keys up by hand. Total:
 * any YAML reads into something (a value that is not a quantity has none).
 */
import { isMap, isScalar } from 'yaml';
import { Quantity } from './quantity';
import { entries, getEntry, scalarText, type Entry } from './yamlNodes';

/** A scalar field as written: its entry (key and value spans), and its text when a scalar. */
export interface Written {
  entry: Entry;
  text?: string;
}

/** A field as written, or undefined when the key is absent. */
export function written(entry: Entry | undefined): Written | undefined {
  if (!entry) return undefined;
  const text = scalarText(entry.value);
  return text === undefined ? { entry } : { entry, text };
}

/**
 * A container's probes and lifecycle handlers, each its entry as written (whatever its value:
 * `isSet` tells a handler from `key:` or `key: null`).
 */
export interface ContainerHandlers {
  livenessProbe?: Entry;
  readinessProbe?: Entry;
  startupProbe?: Entry;
  /** `lifecycle` itself. */
  lifecycle?: Entry;
  /** `lifecycle.postStart` */
  postStart?: Entry;
  /** `lifecycle.preStop` */
  preStop?: Entry;
}

/** The probes and lifecycle handlers among a container's fields. */
export function readHandlers(fields: ReadonlyMap<string, Entry>): ContainerHandlers {
  const out: ContainerHandlers = {};
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const) {
    const e = fields.get(key);
    if (e) out[key] = e;
  }
  for (const hook of ['postStart', 'preStop'] as const) {
    const e = getEntry(out.lifecycle?.value, hook);
    if (e) out[hook] = e;
  }
  return out;
}

/** A key with a value that is not null (`key:`, `key: null` and `key: ~` count as absent). */
export function isSet(entry: Entry | undefined): boolean {
  const v = entry?.value;
  return !!v && !(isScalar(v) && (v.value === null || v.value === undefined));
}

/** One entry of a resource list (`cpu: 500m`). */
export interface ResourceValue {
  /** The resource name (`cpu`, `memory`, `example.com/gpu`). */
  name: string;
  entry: Entry;
  /** The scalar's value when it is a string or a number, as written (`500m`, `0.5`). */
  written?: string | number;
  /** `written` as a quantity; undefined when it is not one (the schema reports it). */
  quantity?: Quantity;
}

/** A resource list (`requests`, `limits`, `overhead`). */
export interface ResourceList {
  /** The list's own entry (`requests:`), when written. */
  entry?: Entry;
  /** Every entry, in source order (a duplicated key twice). */
  values: ResourceValue[];
  /** By name, the last of duplicates winning, as the API server's decoder keeps it. */
  byName: Map<string, ResourceValue>;
  /** The values that are quantities, by name. */
  quantities: Map<string, Quantity>;
}

/** A `resources` section (`ResourceRequirements`) of a container or a pod spec. */
export interface ResourceRequirements {
  /** The `resources:` entry, when written. */
  entry?: Entry;
  /** As written: no request defaulted from its limit (that is `pod/resources.ts`'s business). */
  requests: ResourceList;
  limits: ResourceList;
}

/** A resource list from its entry (`requests:`, `overhead:`), empty when absent or not a mapping. */
export function readResourceList(entry: Entry | undefined): ResourceList {
  const values: ResourceValue[] = [];
  const byName = new Map<string, ResourceValue>();
  const quantities = new Map<string, Quantity>();
  for (const e of entries(entry?.value)) {
    const raw = isScalar(e.value) ? e.value.value : undefined;
    const written = typeof raw === 'string' || typeof raw === 'number' ? raw : undefined;
    const quantity = written === undefined ? undefined : Quantity.parse(written);
    // Optional keys set only when present (not spread from literals: a runtime copy per value).
    const value: ResourceValue = { name: e.key, entry: e };
    if (written !== undefined) value.written = written;
    if (quantity) value.quantity = quantity;
    values.push(value);
    byName.set(e.key, value);
    if (quantity) quantities.set(e.key, quantity);
  }
  return entry ? { entry, values, byName, quantities } : { values, byName, quantities };
}

/** A `resources` section from its entry (a container's or a pod spec's). */
export function readResources(entry: Entry | undefined): ResourceRequirements {
  const section = entry?.value;
  const requests = readResourceList(getEntry(section, 'requests'));
  const limits = readResourceList(getEntry(section, 'limits'));
  return entry ? { entry, requests, limits } : { requests, limits };
}

/** The section sets no request and no limit at all (absent, `resources: {}`, empty lists; a list written `limits: null` or `limits:` is a node, not judged). */
export function setsNoResources(r: ResourceRequirements): boolean {
  if (!r.entry || r.entry.value === null) return true;
  if (!isMap(r.entry.value)) return false; // an alias or something odd: not ours to judge
  for (const e of entries(r.entry.value)) {
    if (e.key !== 'requests' && e.key !== 'limits') return false;
    if (e.value === null) continue;
    if (!isMap(e.value) || e.value.items.length > 0) return false;
  }
  return true;
}
