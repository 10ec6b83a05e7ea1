/**
 * The generated Kubernetes JSON Schemas (scripts/gen-k8s-schema.cjs): one file per apiVersion+kind
 * plus `index.json`. The index is read once; a kind's schema is read and parsed on first use and
 * kept. Selection is by apiVersion/kind in code, never by a schema-level oneOf/if-then.
 *
 * Where the files are, first match wins:
 *  1. `$INITLENS_SCHEMA_DIR`;
 *  2. `<dir of this module>/schema` — the esbuild bundle case (dist/server.js next to dist/schema);
 *  3. `<dir of this module>/../../../dist/schema` — the tsc output case (server/out/schema/*.js).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JSONSchema } from 'vscode-json-languageservice';

export interface SchemaIndex {
  /** The folder holding index.json and the per-kind files. */
  dir: string;
  /** e.g. "kubernetes-models@5.1.0" */
  generatedFrom: string;
  /** "apps/v1/Deployment" -> "apps_v1_Deployment.json" */
  kinds: ReadonlyMap<string, string>;
}

/** What a schema says about one node, $ref and allOf resolved. */
export interface SchemaInfo {
  description?: string;
  /** JSON Schema type(s): "object", "array", "string", "integer", "number", "boolean", or a list (int-or-string: ["integer", "string"]). */
  type?: string | string[];
  enum?: unknown[];
  /** Declared property names, in declaration order (objects only). */
  properties?: string[];
  /** Required property names (objects only). */
  required?: string[];
  /** Objects only: false when keys other than `properties` are rejected, true for maps / free-form objects. */
  additionalProperties?: boolean;
  /** Name of the definition the node was reached through (e.g. "CoreV1Container"), if any. */
  definition?: string;
}

let cachedIndex: SchemaIndex | undefined;
let indexError: string | undefined;
let indexLoaded = false;
const kindSchemas = new Map<string, JSONSchema>(); // file name -> parsed schema
/** Written by scripts/gen-k8s-schema.cjs next to index.json. */
const DEFINITIONS_FILE = 'definitions.json';
/** Written by scripts/gen-k8s-schema.cjs next to index.json: when each field appeared. */
const VERSIONS_FILE = 'versions.json';

/** The schema folder that would be used (it may not exist). */
export function schemaDir(): string {
  const env = process.env.INITLENS_SCHEMA_DIR;
  if (env) return path.resolve(env);
  const bundled = path.join(__dirname, 'schema');
  if (fs.existsSync(path.join(bundled, 'index.json'))) return bundled;
  return path.resolve(__dirname, '../../../dist/schema');
}

/** The index, read once. Undefined if missing or unreadable; see {@link schemaLoadError}. */
export function loadSchemaIndex(): SchemaIndex | undefined {
  if (indexLoaded) return cachedIndex;
  indexLoaded = true;
  const dir = schemaDir();
  const file = path.join(dir, 'index.json');
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { generatedFrom?: unknown; kinds?: unknown };
    if (!raw || typeof raw !== 'object' || !raw.kinds || typeof raw.kinds !== 'object') throw new Error('not a schema index (no "kinds")');
    const kinds = new Map<string, string>();
    for (const [key, value] of Object.entries(raw.kinds as Record<string, unknown>)) {
      if (typeof value === 'string') kinds.set(key, value);
    }
    cachedIndex = { dir, generatedFrom: typeof raw.generatedFrom === 'string' ? raw.generatedFrom : 'unknown', kinds };
  } catch (e) {
    indexError = `cannot load the Kubernetes schema index ${file}: ${e instanceof Error ? e.message : String(e)} (run \`npm run gen:schema\`)`;
    cachedIndex = undefined;
  }
  return cachedIndex;
}

/** Why the schema index could not be loaded, if it could not. */
export function schemaLoadError(): string | undefined {
  loadSchemaIndex();
  return indexError;
}

/** The schema file name for apiVersion/kind, if the bundled schema has that kind. */
export function schemaFileFor(apiVersion: string, kind: string): string | undefined {
  return loadSchemaIndex()?.kinds.get(`${apiVersion}/${kind}`);
}

/** Whether there is a schema for apiVersion/kind (false for CRDs and unknown kinds). */
export function hasSchema(apiVersion: string, kind: string): boolean {
  return schemaFileFor(apiVersion, kind) !== undefined;
}

/**
 * The whole schema of apiVersion/kind (root object schema with its `definitions`), parsed on
 * first use and cached. Undefined for unknown kinds; throws if the file exists in the index
 * but cannot be read (a broken build).
 */
export function getKindSchema(apiVersion: string, kind: string): JSONSchema | undefined {
  const file = schemaFileFor(apiVersion, kind);
  return file === undefined ? undefined : loadSchemaFile(file);
}

let sharedDefinitions: Record<string, JSONSchema> | undefined;

/** definitions.json: every definition some kind refers to, read once. */
function loadDefinitions(dir: string): Record<string, JSONSchema> {
  if (!sharedDefinitions) {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, DEFINITIONS_FILE), 'utf8')) as { definitions?: Record<string, JSONSchema> };
    sharedDefinitions = raw.definitions ?? {};
  }
  return sharedDefinitions;
}

/**
 * A kind's schema by file name (as listed in the index), parsed once, with its own copy of the
 * definitions it reaches (the JSON language service may annotate the schemas it is given).
 */
export function loadSchemaFile(file: string): JSONSchema {
  let s = kindSchemas.get(file);
  if (!s) {
    const index = loadSchemaIndex();
    if (!index) throw new Error(indexError ?? 'no schema index');
    s = JSON.parse(fs.readFileSync(path.join(index.dir, file), 'utf8')) as JSONSchema;
    const all = loadDefinitions(index.dir);
    const reached: Record<string, JSONSchema> = {};
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(collect);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
          const name = value.slice('#/definitions/'.length);
          if (!(name in reached) && all[name]) {
            reached[name] = all[name];
            collect(all[name]);
          }
        } else collect(value);
      }
    };
    collect(s);
    const names = Object.keys(reached).sort();
    if (names.length) s.definitions = JSON.parse(JSON.stringify(Object.fromEntries(names.map((n) => [n, reached[n]])))) as Record<string, JSONSchema>;
    annotateFieldVersions(s.definitions ?? {});
    kindSchemas.set(file, s);
  }
  return s;
}

/**
 * When a field of the shipped (newest) schema came into the Kubernetes API
 * (scripts/gen-k8s-versions.cjs): `since` when the first release is known, else the last
 * release known without it (`after`) and the first known with it (`by`). Versions as `major.minor`.
 */
export type FieldVersion = { since: string } | { after: string; by: string };

let fieldVersions: Map<string, FieldVersion> | undefined;

/** `versions.json`, read once: "<definition>.<property>" -> when the field appeared. */
function loadFieldVersions(): Map<string, FieldVersion> {
  if (fieldVersions) return fieldVersions;
  fieldVersions = new Map();
  const index = loadSchemaIndex();
  if (!index) return fieldVersions;
  let raw: { fields?: Record<string, Record<string, unknown>> };
  try {
    raw = JSON.parse(fs.readFileSync(path.join(index.dir, VERSIONS_FILE), 'utf8')) as typeof raw;
  } catch {
    return fieldVersions; // an older schema folder without version facts: every field exists everywhere
  }
  for (const [definition, props] of Object.entries(raw.fields ?? {})) {
    if (!props || typeof props !== 'object') continue;
    for (const [prop, v] of Object.entries(props)) {
      if (typeof v === 'string') fieldVersions.set(`${definition}.${prop}`, { since: v });
      else if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') fieldVersions.set(`${definition}.${prop}`, { after: v[0], by: v[1] });
    }
  }
  return fieldVersions;
}

/** The keyword a property's schema carries its {@link FieldVersion} in (ignored by JSON Schema validators). */
const FIELD_VERSION = 'x-initlens-version';

/**
 * Puts each field's {@link FieldVersion} on its property schema: the JSON language service
 * resolves `$ref`s in place (merging the definition into the node), so a definition's name is
 * not known any more when a validated schema is walked; its property schemas stay.
 */
function annotateFieldVersions(definitions: Record<string, JSONSchema>): void {
  for (const [key, fv] of loadFieldVersions()) {
    const dot = key.indexOf('.');
    const def = definitions[key.slice(0, dot)];
    const prop = def?.properties?.[key.slice(dot + 1)];
    if (prop && typeof prop === 'object') (prop as Record<string, unknown>)[FIELD_VERSION] = fv;
  }
}

/** When the field whose property schema is `propertySchema` appeared; undefined: in every version the schema serves. */
export function fieldVersionOf(propertySchema: JSONSchema | boolean | undefined): FieldVersion | undefined {
  if (!propertySchema || typeof propertySchema !== 'object') return undefined;
  return (propertySchema as Record<string, unknown>)[FIELD_VERSION] as FieldVersion | undefined;
}

/** Forget everything loaded (tests; or after INITLENS_SCHEMA_DIR changed). */
export function resetSchemaCache(): void {
  cachedIndex = undefined;
  fieldVersions = undefined;
  sharedDefinitions = undefined;
  indexError = undefined;
  indexLoaded = false;
  kindSchemas.clear();
  for (const listener of resetListeners) listener();
}

const resetListeners: Array<() => void> = [];
/** @internal other schema modules drop their caches with ours */
export function onSchemaCacheReset(listener: () => void): void {
  resetListeners.push(listener);
}

// ---------------------------------------------------------------------------------------------
// Walking a schema

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** A schema node merged with what its $ref/allOf point at, and the definition it came through. */
export interface ResolvedSchemaNode {
  node: JSONSchema;
  definition?: string;
}

/**
 * Merge a schema node with what its `$ref` and `allOf` point at. The node's own keywords win
 * (a property's description over its definition's); `properties` are merged, `required` united.
 */
export function resolveSchemaNode(root: JSONSchema, node: JSONSchema | boolean | undefined): ResolvedSchemaNode | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  let definition: string | undefined;
  const seen = new Set<JSONSchema>();
  const add = (n: JSONSchema | boolean | undefined, depth: number): void => {
    if (!n || typeof n !== 'object' || seen.has(n) || depth > 32) return;
    seen.add(n);
    for (const [k, v] of Object.entries(n)) {
      if (k === '$ref' || k === 'allOf' || k === 'definitions' || k === '$schema' || k === '$comment') continue;
      if (k === 'properties' && v && typeof v === 'object') {
        out.properties = { ...(v as object), ...(out.properties ?? {}) };
      } else if (k === 'required' && Array.isArray(v)) {
        out.required = [...new Set([...((out.required as string[] | undefined) ?? []), ...(v as string[])])];
      } else if (!hasOwn(out, k)) {
        out[k] = v;
      }
    }
    if (Array.isArray(n.allOf)) for (const sub of n.allOf) add(sub, depth + 1);
    if (typeof n.$ref === 'string') {
      const m = /^#\/definitions\/(.+)$/.exec(n.$ref);
      const defs = root.definitions;
      if (m && defs && hasOwn(defs, m[1])) {
        definition ??= m[1];
        add(defs[m[1]], depth + 1);
      }
    }
  };
  add(node, 0);
  return { node: out, definition };
}

/** The (resolved) schema node at a data path below the root of a kind's schema. */
export function schemaNodeAt(root: JSONSchema, dataPath: readonly (string | number)[]): ResolvedSchemaNode | undefined {
  let cur = resolveSchemaNode(root, root);
  for (const seg of dataPath) {
    if (!cur) return undefined;
    const n = cur.node;
    const types = n.type === undefined ? [] : Array.isArray(n.type) ? n.type : [n.type];
    let next: JSONSchema | boolean | undefined;
    if (typeof seg === 'number' && (types.includes('array') || (n.items && !types.includes('object')))) {
      next = Array.isArray(n.items) ? n.items[seg] : n.items;
    } else {
      const key = String(seg);
      if (n.properties && hasOwn(n.properties, key)) next = n.properties[key];
      else if (n.additionalProperties && typeof n.additionalProperties === 'object') next = n.additionalProperties;
      else if (typeof seg === 'number' && n.items) next = Array.isArray(n.items) ? n.items[seg] : n.items;
      else return undefined;
    }
    cur = resolveSchemaNode(root, next);
  }
  return cur;
}

/**
 * What the schema of apiVersion/kind says about the node at `path` (keys and array indexes from
 * the manifest root, e.g. ['spec', 'template', 'spec', 'initContainers', 0, 'restartPolicy']),
 * or undefined if there is no schema for the kind or the path leaves it.
 */
export function schemaAt(apiVersion: string, kind: string, path: readonly (string | number)[]): SchemaInfo | undefined {
  const root = getKindSchema(apiVersion, kind);
  if (!root) return undefined;
  const r = schemaNodeAt(root, path);
  return r ? toInfo(r) : undefined;
}

function toInfo(r: ResolvedSchemaNode): SchemaInfo {
  const n = r.node;
  const info: SchemaInfo = {};
  if (typeof n.description === 'string') info.description = n.description;
  if (n.type !== undefined) info.type = Array.isArray(n.type) ? [...n.type] : n.type;
  if (Array.isArray(n.enum)) info.enum = [...n.enum];
  const isObject = n.type === 'object' || (Array.isArray(n.type) && n.type.includes('object')) || n.properties !== undefined;
  if (n.properties) info.properties = Object.keys(n.properties);
  if (Array.isArray(n.required)) info.required = [...n.required];
  if (isObject) info.additionalProperties = n.additionalProperties !== false;
  if (r.definition) info.definition = r.definition;
  return info;
}
