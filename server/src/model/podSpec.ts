/**
 * The pod spec of a manifest: containers with their roles, volumes, claim templates, env and
 * mounts, each with the source spans of its keys and values.
 */
import { isAlias, isMap, isScalar, type Node, type Scalar, type YAMLMap } from 'yaml';
import {
  readHandlers,
  readResourceList,
  readResources,
  written,
  type ContainerHandlers,
  type ResourceList,
  type ResourceRequirements,
  type Written,
} from './containerFacts';
import type { Span } from './text';
import { asSeq, entries, getEntry, scalarText, spanOf, type Entry, type Path } from './yamlNodes';

export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';
/** `sidecar` is an init container with `restartPolicy: Always` (a restartable init container). */
export type ContainerRole = 'init' | 'sidecar' | 'app' | 'ephemeral';

/** A mapping item of a list (a container, a volume, an env var…) with its fields by key. */
export interface Item {
  node: YAMLMap;
  index: number;
  /** Path from the manifest root. */
  path: Path;
  span: Span;
  fields: Map<string, Entry>;
}

/** What a key of an item holds, as far as a string-valued field is concerned. */
export type StringField =
  /** No key, `key:`, `key: null` or `key: ~`: the API server sees the empty string. */
  | { kind: 'absent' }
  | { kind: 'string'; value: string; node: Scalar; entry: Entry; span: Span }
  /** Anything else (a number, a map, an alias, a merge we do not follow): not ours to judge. */
  | { kind: 'other' };

export function stringField(item: Item, key: string): StringField {
  const entry = item.fields.get(key);
  if (!entry) return item.fields.has('<<') ? { kind: 'other' } : { kind: 'absent' };
  const node = entry.value;
  if (node === null) return { kind: 'absent' };
  if (isAlias(node) || !isScalar(node)) return { kind: 'other' };
  if (node.value === null || node.value === undefined) return { kind: 'absent' };
  if (typeof node.value !== 'string') return { kind: 'other' };
  return { kind: 'string', value: node.value, node, entry, span: entry.valueSpan };
}

export interface EnvVar extends Item {
  name?: string;
}

export interface VolumeMount extends Item {
  name?: string;
  mountPath?: string;
}

export interface Volume extends Item {
  name?: string;
  /** The volume source key (`emptyDir`, `configMap`, …), or `claimTemplate` for a StatefulSet's volumeClaimTemplates. */
  source?: string;
}

/** A `ports` entry that is a mapping. */
export interface PortEntry {
  item: Item;
  containerPort?: number;
  hostPort?: number;
  /** `TCP` when left out. */
  protocol: string;
  /** `''` when left out. */
  hostIP: string;
  hostPortNode?: Scalar;
}

export interface Container extends Item {
  list: ContainerList;
  role: ContainerRole;
  name?: string;
  image?: string;
  env: EnvVar[];
  /** Whether `envFrom` is present: it may define any variable. */
  hasEnvFrom: boolean;
  /** The `envFrom` entries that are mappings (`configMapRef`, `secretRef`, `prefix`). */
  envFrom: Item[];
  volumeMounts: VolumeMount[];
  /** `resources`, read once (requests and limits as written, quantities parsed). */
  resources: ResourceRequirements;
  /** The container's own `restartPolicy` as written (`Always` makes an init container a sidecar). */
  restartPolicy?: Written;
  /** Probes and lifecycle handlers as written. */
  handlers: ContainerHandlers;
  /** The `ports` entries that are mappings, their numbers read. */
  ports: PortEntry[];
}

export interface PodSpec {
  node: YAMLMap;
  /** Path from the manifest root to the pod spec (`P`). */
  path: Path;
  fields: Map<string, Entry>;
  /** All containers: init containers (sidecars included) in order, then app, then ephemeral. */
  containers: Container[];
  initContainers: Container[];
  appContainers: Container[];
  ephemeralContainers: Container[];
  volumes: Volume[];
  /** A StatefulSet's `spec.volumeClaimTemplates` (mountable by name like volumes). */
  volumeClaimTemplates: Volume[];
  /** The pod `restartPolicy` as written, if any. */
  restartPolicy?: string;
  /** Pod-level `spec.resources`. */
  resources: ResourceRequirements;
  /** `spec.overhead` (set by the RuntimeClass admission, rarely written). */
  overhead: ResourceList;
}

/** The entries of a mapping by key, the last of duplicates winning (as the API server's decoder keeps them). */
export function fieldsOf(map: YAMLMap): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const e of entries(map)) out.set(e.key, e);
  return out;
}

/** The items of a list (at `path`) that are mappings; none when `node` is not a sequence. */
export function listItems(node: Node | null | undefined, path: Path): Item[] {
  const seq = asSeq(node);
  if (!seq) return [];
  const out: Item[] = [];
  seq.items.forEach((n, index) => {
    const item = n as Node;
    if (!isMap(item)) return;
    const span = spanOf(item);
    if (!span) return;
    out.push({ node: item, index, path: [...path, index], span, fields: fieldsOf(item) });
  });
  return out;
}

function str(item: Item, key: string): string | undefined {
  return scalarText(item.fields.get(key)?.value);
}

function intOf(item: Item, key: string): { value: number; node: Scalar } | undefined {
  const node = item.fields.get(key)?.value;
  if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) return undefined;
  return { value: node.value, node };
}

function port(item: Item): PortEntry {
  const host = intOf(item, 'hostPort');
  return {
    item,
    containerPort: intOf(item, 'containerPort')?.value,
    hostPort: host && host.value > 0 ? host.value : undefined,
    hostPortNode: host?.node,
    protocol: str(item, 'protocol') ?? 'TCP',
    hostIP: str(item, 'hostIP') ?? '',
  };
}

function container(item: Item, list: ContainerList): Container {
  const restartPolicy = written(item.fields.get('restartPolicy'));
  const role: ContainerRole =
    list === 'containers' ? 'app' : list === 'ephemeralContainers' ? 'ephemeral' : restartPolicy?.text === 'Always' ? 'sidecar' : 'init';
  const c = {
    ...item,
    list,
    role,
    name: str(item, 'name'),
    image: str(item, 'image'),
    env: listItems(item.fields.get('env')?.value, [...item.path, 'env']).map((e) => ({ ...e, name: str(e, 'name') })),
    hasEnvFrom: item.fields.has('envFrom'),
    envFrom: listItems(item.fields.get('envFrom')?.value, [...item.path, 'envFrom']),
    volumeMounts: listItems(item.fields.get('volumeMounts')?.value, [...item.path, 'volumeMounts']).map((m) => ({
      ...m,
      name: str(m, 'name'),
      mountPath: str(m, 'mountPath'),
    })),
    resources: readResources(item.fields.get('resources')),
  } as Container;
  // Set in this order, `restartPolicy` only when written (a conditional spread is a runtime copy per container).
  if (restartPolicy) c.restartPolicy = restartPolicy;
  c.handlers = readHandlers(item.fields);
  c.ports = listItems(item.fields.get('ports')?.value, [...item.path, 'ports']).map(port);
  return c;
}

const NOT_A_SOURCE = new Set(['name']);

export function readPodSpec(node: YAMLMap, path: Path, manifestRoot: YAMLMap, isStatefulSet: boolean): PodSpec {
  const fields = fieldsOf(node);
  const list = (key: ContainerList) => listItems(fields.get(key)?.value, [...path, key]).map((i) => container(i, key));
  const initContainers = list('initContainers');
  const appContainers = list('containers');
  const ephemeralContainers = list('ephemeralContainers');
  const volumes = listItems(fields.get('volumes')?.value, [...path, 'volumes']).map((v) => ({
    ...v,
    name: str(v, 'name'),
    source: [...v.fields.keys()].find((k) => !NOT_A_SOURCE.has(k)),
  }));
  const vct = isStatefulSet ? getEntry(getEntry(manifestRoot, 'spec')?.value, 'volumeClaimTemplates') : undefined;
  const volumeClaimTemplates = listItems(vct?.value, ['spec', 'volumeClaimTemplates']).map((v) => ({
    ...v,
    name: scalarText(getEntry(v.fields.get('metadata')?.value, 'name')?.value),
    source: 'claimTemplate',
  }));
  return {
    node,
    path,
    fields,
    containers: [...initContainers, ...appContainers, ...ephemeralContainers],
    initContainers,
    appContainers,
    ephemeralContainers,
    volumes,
    volumeClaimTemplates,
    restartPolicy: scalarText(fields.get('restartPolicy')?.value),
    resources: readResources(fields.get('resources')),
    overhead: readResourceList(fields.get('overhead')),
  };
}
