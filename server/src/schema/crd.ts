/**
 * CustomResourceDefinitions: which kinds a document defines (`documentCrds`, kept with the
 * document), and the schema of one served version as JSON Schema (`crdVersionSchema`), read
 * lazily from the CRD (`CrdSource.load`) and cached by its document's digest.
 *
 * The structural schema (`spec.versions[].schema.openAPIV3Schema`) becomes JSON Schema as the API
 * server and kubectl's strict field validation read it:
 *  - an object's fields other than its `properties` are unknown (`additionalProperties: false`),
 *    unless `x-kubernetes-preserve-unknown-fields: true` keeps them or `additionalProperties`
 *    gives a map's values;
 *  - `x-kubernetes-int-or-string` is `integer` or `string`, `nullable` adds `null`;
 *  - the root and an `x-kubernetes-embedded-resource` object also have `apiVersion`, `kind` and
 *    `metadata` (the object meta is the API server's, not the CRD's: not checked here);
 *  - `required` (but a field with a `default`: the API server fills it in before it validates),
 *    `enum`, `minimum`/`maximum` (OpenAPI's boolean `exclusiveMinimum`/`Maximum` as
 *    numbers), `minLength`/`maxLength`, `pattern` (when it compiles), `minItems`/`maxItems`,
 *    `uniqueItems`, `minProperties`/`maxProperties` carry over; of the formats only those the
 *    API server checks the same way (`date`, `ipv4`, `ipv6`): the others are left unchecked;
 *  - `allOf`/`anyOf`/`oneOf`/`not` are left out (they can only narrow values; never a false
 *    error); `x-kubernetes-validations` (CEL) stays for ./cel.ts.
 * `description`, `default` and `x-kubernetes-preserve-unknown-fields` stay for hover.
 */
import { createHash } from 'node:crypto';
import type { JSONSchema } from 'vscode-json-languageservice';
import type { CrdSource } from '../config/options';
import { derived, parseDocument, treeState, type YamlDocument } from '../model/document';
import { asSeq, getEntry, scalarText } from '../model/yamlNodes';
import { VALIDATIONS } from './cel';
import type { Node } from 'yaml';

const CRDS = {};
const NONE: readonly DocumentCrd[] = [];

/** The apiVersions a CustomResourceDefinition is written in (v1beta1 was served up to 1.21). */
const CRD_API_VERSIONS: ReadonlySet<string> = new Set(['apiextensions.k8s.io/v1', 'apiextensions.k8s.io/v1beta1']);

export function digestOf(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}

/** A CRD of a document; `load` reads it from the document's tree. */
export interface DocumentCrd extends CrdSource {
  /** The CRD manifest's index in the document's `manifests`. */
  manifest: number;
}

/** The CustomResourceDefinitions of one document (kept with the document). */
export function documentCrds(doc: YamlDocument): readonly DocumentCrd[] {
  return derived(doc, CRDS, () => {
    // Most documents define none: answered from the text, without the tree of a compact document.
    if (!doc.text.includes('CustomResourceDefinition')) return NONE;
    const out: DocumentCrd[] = [];
    let digest: string | undefined;
    doc.manifests.forEach((m, i) => {
      const meta = m.kind === 'CustomResourceDefinition' && m.apiVersion && CRD_API_VERSIONS.has(m.apiVersion) ? crdMeta(m.node) : undefined;
      if (!meta) return;
      if (digest === undefined) {
        digest = digestOf(doc.text);
        remember(digest, doc);
      }
      // The tree is read again from the document (parsed again if it was made compact).
      out.push({ ...meta, name: m.name ?? meta.name, digest, manifest: i, load: () => crdOfDocument(doc, meta.group, meta.kind) });
    });
    return out;
  });
}

/** What lookup needs of a CRD manifest, or undefined when it names no group or kind. */
function crdMeta(node: Node): Pick<CrdSource, 'name' | 'group' | 'kind' | 'served'> | undefined {
  const spec = getEntry(node, 'spec')?.value;
  const group = scalarText(getEntry(spec, 'group')?.value);
  const names = getEntry(spec, 'names')?.value;
  const kind = scalarText(getEntry(names, 'kind')?.value);
  if (!group || !kind) return undefined;
  const served: string[] = [];
  for (const v of asSeq(getEntry(spec, 'versions')?.value)?.items ?? []) {
    const name = scalarText(getEntry(v as Node, 'name')?.value);
    if (name && scalarText(getEntry(v as Node, 'served')?.value) === 'true') served.push(name);
  }
  // v1beta1's single `version` (served; `versions`, when present, lists it again).
  const single = scalarText(getEntry(spec, 'version')?.value);
  if (single && !getEntry(spec, 'versions')) served.push(single);
  const plural = scalarText(getEntry(names, 'plural')?.value);
  return { name: `${plural ?? kind.toLowerCase()}.${group}`, group, kind, served };
}

/**
 * The CRD of `group` and `kind` in the document at [start, start + length) of a file's text, when
 * that document still reads as it did (its digest); undefined otherwise.
 */
export function crdInFileText(text: string | undefined, start: number, length: number, crd: CrdSource): unknown {
  const doc = text?.slice(start, start + length);
  if (doc === undefined || digestOf(doc) !== crd.digest) return undefined;
  const given = givenCrds.get(crdKey(crd));
  if (given !== undefined) return given;
  // A live document of that text is read without parsing it again.
  return crdOfDocument(liveDocuments.get(crd.digest)?.deref() ?? parseDocument(doc), crd.group, crd.kind);
}

/** The CRD that is the same wherever its document's text is: its digest, group and kind. */
export interface CrdIdentity {
  digest: string;
  group: string;
  kind: string;
}

const crdKey = (crd: CrdIdentity): string => `${crd.digest}\u0000${crd.group}\u0000${crd.kind}`;

/**
 * CRDs read elsewhere and handed over as plain data (a worker thread of `initlens check --jobs`
 * gets those another worker read from the documents it parsed), by identity: read instead of
 * parsing their document's text again. A document whose text still has that digest holds that CRD.
 */
const givenCrds = new Map<string, unknown>();

/** Takes a CRD read elsewhere (see {@link givenCrds}). */
export function giveCrd(crd: CrdIdentity, value: unknown): void {
  givenCrds.set(crdKey(crd), value);
}

/**
 * Documents that define CRDs, by digest, while something else keeps them (the workspace index
 * reads a file's CRDs from its parsed documents; a check keeps those models): reading a CRD again
 * from its document's tree costs no parse (a CRD document is often a megabyte: parsing the nine
 * CRDs of the corpus' custom resources again was a tenth of `initlens check`). Bounded.
 */
const liveDocuments = new Map<string, WeakRef<YamlDocument>>();
const MAX_LIVE = 256;

function remember(digest: string, doc: YamlDocument): void {
  if (liveDocuments.get(digest)?.deref()) return;
  liveDocuments.set(digest, new WeakRef(doc));
  if (liveDocuments.size <= MAX_LIVE) return;
  for (const [d, ref] of liveDocuments) if (!ref.deref()) liveDocuments.delete(d);
  if (liveDocuments.size > MAX_LIVE) liveDocuments.delete(liveDocuments.keys().next().value as string);
}

/**
 * The CRD of `group` and `kind` in a parsed document, as plain data, read from the model's tree
 * as go-yaml reads it (`\'` escapes, tabs in flow context, aliases and merge keys resolved), so
 * a CRD reads the same in its own file, in another file and from its text; undefined when the
 * document does not hold it or has syntax errors. A compact document is not given its tree back
 * (that would undo the compaction): its text is parsed for the purpose.
 */
function crdOfDocument(doc: YamlDocument, group: string, kind: string): unknown {
  if (treeState(doc).state === 'compact') return crdInDocumentText(doc.text, group, kind);
  if (!doc.yaml || doc.syntaxIssues.some((i) => i.severity === 'error')) return undefined;
  try {
    return crdIn(doc.yaml.toJS({ maxAliasCount: 100 }), group, kind);
  } catch {
    return undefined; // an alias bomb
  }
}

/**
 * The CRD of `group` and `kind` in the text of a YAML document (the document itself, or an item
 * of its `List`), as plain data; undefined when the text does not hold it.
 */
export function crdInDocumentText(text: string, group: string, kind: string): unknown {
  return crdOfDocument(parseDocument(text), group, kind);
}

/** The CRD of `group` and `kind` in a document's value: the value itself, or an item of its `List`. */
function crdIn(root: unknown, group: string, kind: string): unknown {
  const candidates = isObj(root) && Array.isArray(root.items) ? root.items : [root];
  return candidates.find((c) => isObj(c) && isObj(c.spec) && c.spec.group === group && isObj(c.spec.names) && c.spec.names.kind === kind);
}

// ---------------------------------------------------------------------------------------------
// Schemas

/** Converted schemas by digest and version; `null`: the version has no schema. Bounded. */
const schemas = new Map<string, JSONSchema | null>();
const MAX_CACHED = 16;
/** Deeper schemas are cut there (a hostile CRD). */
const MAX_DEPTH = 64;

/**
 * The JSON Schema of `version` of a CRD, or undefined when the CRD gives that version no schema
 * (or its text does not parse). Parsed and converted once per CRD text and version.
 */
export function crdVersionSchema(crd: CrdSource, version: string): JSONSchema | undefined {
  const id = `${crd.digest}\u0000${crd.group}/${crd.kind}`;
  return cachedSchema(`${id}\u0000${version}`, () => {
    // The CRD last read, kept while its other versions are asked for (reading one costs a parse).
    if (lastLoaded?.id !== id) {
      const loaded = crd.load();
      // Unreadable now (its file changed since it was indexed): asked again next time.
      if (loaded === undefined) return undefined;
      lastLoaded = { id, crd: loaded };
    }
    return structuralSchema(lastLoaded.crd, version) ?? null;
  });
}

let lastLoaded: { id: string; crd: unknown } | undefined;

/**
 * A structural schema (a CRD version's `openAPIV3Schema`, as `structural` gives it) as JSON
 * Schema, converted once per `key`; undefined when `structural` gives none (`null`: there is
 * none, kept; undefined: it cannot be read now, not kept).
 */
export function cachedSchema(key: string, structural: () => object | null | undefined): JSONSchema | undefined {
  const hit = schemas.get(key);
  if (hit !== undefined) {
    // Most recently used last.
    schemas.delete(key);
    schemas.set(key, hit);
    return hit ?? undefined;
  }
  let result: JSONSchema | null = null;
  try {
    const s = structural();
    if (s === undefined) return undefined;
    if (isObj(s)) result = convert(s, true, 0);
  } catch {
    result = null;
  }
  schemas.set(key, result);
  if (schemas.size > MAX_CACHED) schemas.delete(schemas.keys().next().value as string);
  return result ?? undefined;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `spec.versions[name=version].schema.openAPIV3Schema`, else (v1beta1) `spec.validation.openAPIV3Schema`. */
function structuralSchema(crd: unknown, version: string): Obj | undefined {
  if (!isObj(crd) || !isObj(crd.spec)) return undefined;
  const spec = crd.spec;
  if (Array.isArray(spec.versions)) {
    const v = spec.versions.find((x): x is Obj => isObj(x) && String(x.name) === version);
    if (v && isObj(v.schema) && isObj(v.schema.openAPIV3Schema)) return v.schema.openAPIV3Schema;
  }
  if (isObj(spec.validation) && isObj(spec.validation.openAPIV3Schema)) return spec.validation.openAPIV3Schema;
  return undefined;
}

const TYPES: ReadonlySet<string> = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
/** Formats the API server checks as vscode-json-languageservice does. */
const FORMATS: ReadonlySet<string> = new Set(['date', 'ipv4', 'ipv6']);
const NUMERIC = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function convert(s: Obj, root: boolean, depth: number): JSONSchema {
  const out: JSONSchema & Obj = {};
  if (typeof s.description === 'string') out.description = s.description;
  if (s.default !== undefined) out.default = s.default;
  if (Array.isArray(s.enum)) out.enum = s.enum;
  if (typeof s.format === 'string' && FORMATS.has(s.format)) out.format = s.format;
  for (const k of NUMERIC) if (typeof s[k] === 'number') out[k] = s[k];
  if (s.exclusiveMinimum === true && typeof s.minimum === 'number') {
    out.exclusiveMinimum = s.minimum;
    delete out.minimum;
  }
  if (s.exclusiveMaximum === true && typeof s.maximum === 'number') {
    out.exclusiveMaximum = s.maximum;
    delete out.maximum;
  }
  if (s.uniqueItems === true) out.uniqueItems = true;
  if (typeof s.pattern === 'string' && compiles(s.pattern)) out.pattern = s.pattern;

  const types: string[] = [];
  if (s['x-kubernetes-int-or-string'] === true) types.push('integer', 'string');
  else if (typeof s.type === 'string' && TYPES.has(s.type)) types.push(s.type);
  if (types.length > 0 && s.nullable === true) types.push('null');
  if (types.length === 1) out.type = types[0];
  else if (types.length > 1) out.type = types;

  if (Array.isArray(s[VALIDATIONS]) && s[VALIDATIONS].length > 0) out[VALIDATIONS] = s[VALIDATIONS];
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (preserve) out['x-kubernetes-preserve-unknown-fields'] = true;
  if (depth >= MAX_DEPTH) return out;

  const properties: Record<string, JSONSchema> = {};
  let hasProperties = false;
  if (isObj(s.properties)) {
    for (const [k, v] of Object.entries(s.properties)) {
      if (!isObj(v)) continue;
      properties[k] = convert(v, false, depth + 1);
      hasProperties = true;
    }
  }
  if (root || s['x-kubernetes-embedded-resource'] === true) {
    properties.apiVersion ??= { type: 'string' };
    properties.kind ??= { type: 'string' };
    // The object meta is the API server's own schema, whatever the CRD says of it.
    properties.metadata = { type: 'object', ...(properties.metadata?.description ? { description: properties.metadata.description } : {}) };
    hasProperties = true;
  }
  if (hasProperties) out.properties = properties;
  // A required field with a default is never missing: the API server defaults before it validates.
  if (Array.isArray(s.required))
    out.required = s.required.filter((r): r is string => typeof r === 'string' && !(Object.hasOwn(properties, r) && properties[r].default !== undefined));
  if (isObj(s.additionalProperties)) out.additionalProperties = convert(s.additionalProperties, false, depth + 1);
  else if (s.additionalProperties === false || (s.additionalProperties === undefined && !preserve && (types.includes('object') || hasProperties)))
    out.additionalProperties = false;
  if (isObj(s.items)) out.items = convert(s.items, false, depth + 1);
  return out;
}
