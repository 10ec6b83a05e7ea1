/**
 * The bundled schemas of popular custom resources (Argo CD, Argo Rollouts, Argo Workflows,
 * cert-manager, External Secrets, Gateway API, Istio, KEDA, Knative, Prometheus Operator),
 * generated at build time by scripts/gen-crd-schemas.cjs from the `@kubernetes-models/*`
 * packages into `<schema folder>/crds/` (see loadSchema.ts for where that folder is).
 *
 * Lazy: nothing is read before the first lookup; then `index.json` (which kind is in which
 * family); a family's file, and `core.json` (the Kubernetes definitions the families share), only
 * when a kind that needs them is looked up. A kind's schema is resolved once and kept.
 *
 * The schemas are in the form of a CRD's `spec.versions[].schema.openAPIV3Schema`: nested,
 * no `$ref`; int-or-string as `x-kubernetes-int-or-string`, open values as
 * `x-kubernetes-preserve-unknown-fields` (docs/custom-resources.md says what the packages lost and
 * how it is decided conservatively). A recursive type is cut at its second occurrence on a path
 * with `x-kubernetes-preserve-unknown-fields`, as CRDs do. The objects returned are shared and
 * frozen.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { schemaDir } from './loadSchema';

export interface BundledCrdSchema {
  /** The structural schema, as a CRD's `spec.versions[].schema.openAPIV3Schema`. */
  openAPIV3Schema: object;
  /** The npm package and version it was generated from, e.g. `@kubernetes-models/cert-manager 6.0.0`. */
  source: string;
}

export interface BundledCrdKind {
  group: string;
  /** The versions bundled, in the order of the index (sorted). */
  versions: string[];
  kind: string;
  /** The npm package and version the schemas come from. */
  source: string;
}

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const CORE = 'core';

interface Family {
  source: string;
  file: string;
  /**
   * The family's schemas do not match the CRDs users run (Knative's CRDs are not generated from
   * its types; External Secrets' package is far behind its releases): every object of its kinds
   * keeps unknown fields, requires nothing and has no enum.
   */
  open: boolean;
}
interface CrdIndex {
  families: Map<string, Family>;
  /** "group/version/Kind" -> family id */
  kinds: Map<string, string>;
  /** In index order. */
  list: { group: string; version: string; kind: string; family: string }[];
}
interface SchemaFile {
  kinds: Record<string, unknown>;
  definitions: Record<string, unknown>;
}

let index: CrdIndex | null | undefined;
/** File key (family id or "core") -> parsed file; null when it could not be read. */
const files = new Map<string, SchemaFile | null>();
/** "group/version/Kind" -> resolved schema */
const kindCache = new Map<string, BundledCrdSchema>();
/** "<file key>#<definition>" (prefixed "open:" for open families) -> resolved definition, shared by every kind that reaches it. */
const definitionCache = new Map<string, object>();

function crdDir(): string {
  return path.join(schemaDir(), 'crds');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `record[key]` if it is the record's own (a name like `__proto__` reaches nothing inherited). */
function own(record: Record<string, unknown> | undefined, key: string): unknown {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function loadIndex(): CrdIndex | null {
  if (index !== undefined) return index;
  index = null;
  try {
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(crdDir(), 'index.json'), 'utf8'));
    if (!isRecord(raw) || !isRecord(raw.families) || !Array.isArray(raw.kinds)) return index;
    const families = new Map<string, Family>();
    for (const [id, f] of Object.entries(raw.families)) {
      if (isRecord(f) && typeof f.source === 'string' && typeof f.file === 'string' && /^[\w.-]+\.json$/.test(f.file))
        families.set(id, { source: f.source, file: f.file, open: f.open === true });
    }
    const kinds = new Map<string, string>();
    const list: CrdIndex['list'] = [];
    for (const k of raw.kinds as unknown[]) {
      if (!isRecord(k) || typeof k.group !== 'string' || typeof k.version !== 'string' || typeof k.kind !== 'string' || typeof k.family !== 'string') continue;
      if (!families.has(k.family)) continue;
      kinds.set(`${k.group}/${k.version}/${k.kind}`, k.family);
      list.push({ group: k.group, version: k.version, kind: k.kind, family: k.family });
    }
    index = { families, kinds, list };
  } catch {
    // no bundled CRD schemas (a build without them): every lookup answers undefined
  }
  return index;
}

function loadFile(key: string): SchemaFile | null {
  const cached = files.get(key);
  if (cached !== undefined) return cached;
  let out: SchemaFile | null = null;
  const name = key === CORE ? `${CORE}.json` : loadIndex()?.families.get(key)?.file;
  if (name) {
    try {
      const raw: unknown = JSON.parse(fs.readFileSync(path.join(crdDir(), name), 'utf8'));
      if (isRecord(raw)) out = { kinds: isRecord(raw.kinds) ? raw.kinds : {}, definitions: isRecord(raw.definitions) ? raw.definitions : {} };
    } catch {
      out = null;
    }
  }
  files.set(key, out);
  return out;
}

/**
 * A resolved schema node: `$ref`s replaced by their (cached, frozen) definitions; `properties`,
 * `items` and `additionalProperties` resolved in turn, every other keyword kept as it is. `open`:
 * every object with properties also keeps unknown fields, nothing is required, no value is
 * limited to an enum.
 */
function resolve(node: unknown, stack: string[], open: boolean): unknown {
  if (!isRecord(node)) return node;
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const target = resolveRef(ref, stack, open);
    const description = node.description;
    return typeof description === 'string' ? Object.freeze({ ...target, description }) : target;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && isRecord(v)) {
      const props: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(v)) props[name] = resolve(sub, stack, open);
      out[k] = Object.freeze(props);
    } else if (k === 'items' || k === 'additionalProperties') out[k] = resolve(v, stack, open);
    else out[k] = Array.isArray(v) ? Object.freeze([...v]) : v;
  }
  if (open && out.properties) {
    out[PRESERVE] = true;
    delete out.required;
  }
  if (open) delete out.enum;
  return Object.freeze(out);
}

function resolveRef(ref: string, stack: string[], open: boolean): object {
  const cacheKey = open ? `open:${ref}` : ref;
  const hit = definitionCache.get(cacheKey);
  if (hit) return hit;
  const hash = ref.indexOf('#');
  const def = hash > 0 ? own(loadFile(ref.slice(0, hash))?.definitions, ref.slice(hash + 1)) : undefined;
  if (!isRecord(def)) return Object.freeze({ [PRESERVE]: true }); // a broken build: accept anything
  if (stack.includes(ref)) {
    // Recursive: cut here, as CRDs do.
    const cut: Record<string, unknown> = def.type === 'object' ? { type: 'object', [PRESERVE]: true } : { [PRESERVE]: true };
    if (typeof def.description === 'string') cut.description = def.description;
    return Object.freeze(cut);
  }
  stack.push(ref);
  const out = resolve(def, stack, open) as object;
  stack.pop();
  definitionCache.set(cacheKey, out);
  return out;
}

/**
 * The bundled structural schema of a custom resource kind at group/version, or undefined when
 * none is bundled (or the bundled files are missing). The first lookup of a family reads its file.
 */
export function bundledCrdSchema(group: string, version: string, kind: string): { openAPIV3Schema: object; source: string } | undefined {
  const key = `${group}/${version}/${kind}`;
  const cached = kindCache.get(key);
  if (cached) return cached;
  const idx = loadIndex();
  const familyId = idx?.kinds.get(key);
  const family = familyId === undefined ? undefined : idx?.families.get(familyId);
  if (!familyId || !family) return undefined;
  const root = own(loadFile(familyId)?.kinds, key);
  if (!isRecord(root)) return undefined;
  const out: BundledCrdSchema = Object.freeze({ openAPIV3Schema: resolve(root, [], family.open) as object, source: family.source });
  kindCache.set(key, out);
  return out;
}

/** Every bundled kind: its group, versions and the package it comes from. Reads only the index. */
export function bundledCrdKinds(): BundledCrdKind[] {
  const idx = loadIndex();
  if (!idx) return [];
  const byKind = new Map<string, BundledCrdKind>();
  for (const k of idx.list) {
    const source = idx.families.get(k.family)?.source ?? '';
    const key = `${k.group}/${k.kind}/${source}`;
    const entry = byKind.get(key);
    if (entry) entry.versions.push(k.version);
    else byKind.set(key, { group: k.group, versions: [k.version], kind: k.kind, source });
  }
  return [...byKind.values()];
}
