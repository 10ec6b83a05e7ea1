/**
 * Validation of one manifest against the bundled Kubernetes schema of its apiVersion/kind, with
 * vscode-json-languageservice over the YAML->JSON AST bridge (./jsonAst), and the service's
 * messages rewritten into initlens's.
 *
 * Caching: one JSON language service per kind, configured once with that kind's schema under a
 * uri + fileMatch; validation then calls doValidation without a schema argument, so the schema is
 * resolved once per kind and reused (passing the schema to doValidation would re-register and
 * re-resolve it on every call). The text document handed to the service is a stand-in whose
 * positions are plain offsets ({line: 0, character: offset}), so no line table is built.
 *
 * Ranges of the problems (offsets into `text`):
 *  - unknown field: the key;
 *  - wrong type / value not in the enum: the value (for an alias `*x`, the alias);
 *  - missing required field: if the object is the value of a property, that property's key
 *    (`hostPath:` for `volumes[0].hostPath` missing `path`); if it is a sequence item, from the
 *    item's start to the end of its first key (`- name: x` missing containerPort -> `name`); for
 *    the manifest root, the `kind` key (else its first key); an empty object (`{}`): the object.
 * The `path` of a problem is the path its message starts with: the unknown key itself, the value,
 * or for a missing field the object that lacks it.
 */
import type { Document, Node as YamlNode } from 'yaml';
import {
  getLanguageService,
  type ASTNode,
  type Diagnostic,
  type JSONSchema,
  type LanguageService,
  type ObjectASTNode,
  type PropertyASTNode,
} from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { formatPath } from '../model/yamlNodes';
import { forEachJsonNode, jsonNodePath, yamlToJsonAst, DEFAULT_MAX_NODES } from './jsonAst';
import { celFailures, celTypeName } from './cel';
import { formatKubeVersion, parseKubeVersion, versionAtLeast, type KubeVersion } from '../config/options';
import {
  fieldVersionOf,
  getKindSchema,
  hasSchema,
  loadSchemaFile,
  onSchemaCacheReset,
  resolveSchemaNode,
  schemaAt,
  schemaFileFor,
  schemaNodeAt,
  type FieldVersion,
  type ResolvedSchemaNode,
} from './loadSchema';

export { hasSchema, schemaAt };

export interface SchemaProblem {
  kind: ProblemKind;
  start: number;
  end: number;
  path: (string | number)[];
  message: string;
  fix?: { title: string; start: number; end: number; newText: string };
}

export interface KindService {
  service: LanguageService;
  documentUri: string;
}

const services = new Map<string, KindService>(); // schema file -> service
onSchemaCacheReset(() => services.clear());

/**
 * The JSON language service configured with the schema of apiVersion/kind, and the document uri
 * its schema is associated with (use it for the TextDocument given to doValidation / doHover /
 * doComplete). Undefined if there is no schema for the kind.
 */
export function schemaLanguageService(apiVersion: string, kind: string): KindService | undefined {
  const file = schemaFileFor(apiVersion, kind);
  if (file === undefined) return undefined;
  let s = services.get(file);
  if (!s) {
    const schema = loadSchemaFile(file);
    const service = getLanguageService({});
    const name = encodeURIComponent(file.replace(/\.json$/, ''));
    const documentUri = `initlens-manifest://k8s/${name}.yaml`;
    service.configure({
      validate: true,
      allowComments: true,
      schemas: [{ uri: `initlens-schema://k8s/${name}.json`, fileMatch: ['*'], schema }],
    });
    s = { service, documentUri };
    services.set(file, s);
  }
  return s;
}

/** A TextDocument whose positions are offsets: position {line: 0, character: n} is offset n. */
export function offsetTextDocument(uri: string, text: string): TextDocument {
  return {
    uri,
    languageId: 'yaml',
    version: 0,
    lineCount: 1,
    getText: (range?: { start: { character: number }; end: { character: number } }) => (range ? text.slice(range.start.character, range.end.character) : text),
    positionAt: (offset: number) => ({ line: 0, character: offset }),
    offsetAt: (position: { line: number; character: number }) => position.character,
    getLineRange: () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: text.length } }),
    getEOLCharacters: () => '',
  };
}

/**
 * Validate `node` (the manifest object: the document root, or an item of a `kind: List`) of the
 * YAML document `doc`, parsed from `text`, against the schema of apiVersion/kind.
 * Returns [] when there is no schema for apiVersion/kind (CRDs are never an error), for an empty
 * document, and for a node that is not a map.
 * With `target`, a field of the (newest) schema that the target's API server does not have yet
 * is a problem of kind `version` on its key (`versions.json`; a field whose first release is
 * known only within an interval is reported only at targets at or below the interval's start).
 */
export async function validateAgainstSchema(
  text: string,
  doc: Document,
  node: YamlNode | null | undefined,
  apiVersion: string,
  kind: string,
  target?: KubeVersion,
): Promise<SchemaProblem[]> {
  const ks = schemaLanguageService(apiVersion, kind);
  if (!ks) return [];
  const schema = getKindSchema(apiVersion, kind);
  if (!schema) return [];
  return validateWith(ks, schema, text, doc, node, target);
}

/** Language services of custom resources' schemas by key (./crdSources.ts), most recently used last. */
const customServices = new Map<string, KindService>();
const MAX_CUSTOM_SERVICES = 32;

function customService(key: string, schema: JSONSchema): KindService {
  let s = customServices.get(key);
  if (s) customServices.delete(key);
  else {
    const service = getLanguageService({});
    const name = encodeURIComponent(key);
    service.configure({ validate: true, allowComments: true, schemas: [{ uri: `initlens-schema://crd/${name}.json`, fileMatch: ['*'], schema }] });
    s = { service, documentUri: `initlens-manifest://crd/${name}.yaml` };
  }
  customServices.set(key, s);
  if (customServices.size > MAX_CUSTOM_SERVICES) customServices.delete(customServices.keys().next().value as string);
  return s;
}

/**
 * Validate a custom resource against the schema of its CRD (`schema`, identified by `key`; see
 * ./crdSources.ts), as {@link validateAgainstSchema} does a built-in kind.
 */
export async function validateAgainstCustomSchema(
  text: string,
  doc: Document,
  node: YamlNode | null | undefined,
  key: string,
  schema: JSONSchema,
): Promise<SchemaProblem[]> {
  return validateWith(customService(key, schema), schema, text, doc, node, undefined, async (root, problems) => {
    // The CEL rules of the values the schema accepts (a rejected value's rules would only add noise).
    const rejected = problems.filter((p) => p.kind !== 'skipped');
    const skip = (n: ASTNode) => rejected.some((p) => p.start >= n.offset && p.end <= n.offset + n.length);
    return (await celFailures(root, schema, skip)).map((f) => {
      const path = jsonNodePath(f.node);
      const r =
        f.node.type === 'object' || f.node.type === 'array'
          ? f.node.parent?.type === 'property'
            ? { start: f.node.parent.keyNode.offset, end: f.node.parent.keyNode.offset + f.node.parent.keyNode.length }
            : f.node.type === 'object'
              ? objectAnchorRange(f.node)
              : { start: f.node.offset, end: f.node.offset + f.node.length }
          : { start: f.node.offset, end: f.node.offset + f.node.length };
      return { kind: 'other', ...r, path, message: prefixed(path, `Invalid value: "${celTypeName(f.node)}": ${f.message}`) };
    });
  });
}

async function validateWith(
  ks: KindService,
  schema: JSONSchema,
  text: string,
  doc: Document,
  node: YamlNode | null | undefined,
  target: KubeVersion | undefined,
  more?: (root: ObjectASTNode, problems: readonly SchemaProblem[]) => Promise<SchemaProblem[]>,
): Promise<SchemaProblem[]> {
  const conv = yamlToJsonAst(node, doc, { text });
  const root = conv.root;
  if (!root || root.type !== 'object') return [];
  if (conv.truncated) {
    const r = objectAnchorRange(root);
    return [
      {
        kind: 'skipped',
        ...r,
        path: [],
        message: `schema validation skipped: the manifest expands to more than ${DEFAULT_MAX_NODES} nodes or nests too deeply (aliases?)`,
      },
    ];
  }
  neutralizeSchemaProperty(root);

  const jsonDoc = ks.service.newJSONDocument(root, []);
  const diagnostics = await ks.service.doValidation(offsetTextDocument(ks.documentUri, text), jsonDoc, {
    schemaValidation: 'error',
    schemaRequest: 'ignore',
    comments: 'ignore',
    trailingCommas: 'ignore',
  });

  const problems: SchemaProblem[] = [];
  let index: NodeIndex | undefined;
  for (const d of diagnostics) {
    index ??= new NodeIndex(root);
    const p = toProblem(d, index, text, schema);
    if (p) problems.push(p);
  }
  // Unknown keys whose value is null: the JSON validator skips them (no valueNode).
  for (const prop of conv.nullProperties) {
    const p = unknownNullProperty(prop, text, schema);
    if (p) problems.push(p);
  }

  if (target) problems.push(...versionProblems(root, schema, target));
  if (more) problems.push(...(await more(root, problems)));

  // A wrong type makes the enum message redundant (`imagePullPolicy: 5`).
  const typed = new Set(problems.filter((p) => p.kind === 'type').map((p) => `${p.start}:${p.end}`));
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const p of problems) {
    if (p.kind === 'enum' && typed.has(`${p.start}:${p.end}`)) continue;
    const sig = `${p.start}:${p.end}:${p.message}`;
    if (seen.has(sig)) continue;
    seen.add(sig);
    out.push(p);
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return out;
}

// ---------------------------------------------------------------------------------------------

/** `skipped`: the manifest was too large or too deep (aliases) to validate; not a schema violation. */
export type ProblemKind = 'unknown' | 'version' | 'type' | 'enum' | 'required' | 'other' | 'skipped';

// ---------------------------------------------------------------------------------------------
// Fields the target does not have yet

function below(a: KubeVersion, b: KubeVersion): boolean {
  return !versionAtLeast(a, b.major, b.minor);
}

/** Why a `target` API server rejects a field that appeared at `fv`, or undefined if it has it (or may). */
function missingAt(name: string, fv: FieldVersion, target: KubeVersion): string | undefined {
  const t = formatKubeVersion(target);
  if ('since' in fv) {
    const since = parseKubeVersion(fv.since);
    if (since && below(target, since)) return `\`${name}\` exists from Kubernetes ${fv.since}; a ${t} API server rejects it as an unknown field`;
    return undefined;
  }
  const after = parseKubeVersion(fv.after);
  if (after && !below(after, target))
    return `\`${name}\` is not in the Kubernetes ${fv.after} API (it is in ${fv.by}); a ${t} API server rejects it as an unknown field`;
  return undefined;
}

/**
 * Schema nodes merged with their `$ref`s, by kind schema, kept for every manifest of the kind:
 * merging a node copies its definition's properties (the pod spec's), which cost more than the
 * walk itself when done per manifest. The schemas are not changed once validated (the language
 * service resolves its `$ref`s in place on the first validation, before any walk here), and a
 * reset of the schema cache loads new schema objects.
 */
const resolvedBySchema = new WeakMap<JSONSchema, Map<JSONSchema, ResolvedSchemaNode | undefined>>();

/** Walks the manifest beside its schema; every field the target lacks, on its key (its subtree is not walked). */
function versionProblems(root: ObjectASTNode, schema: JSONSchema, target: KubeVersion): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const resolved = resolvedBySchema.get(schema) ?? new Map<JSONSchema, ResolvedSchemaNode | undefined>();
  resolvedBySchema.set(schema, resolved);
  const resolve = (n: JSONSchema | boolean | undefined): ResolvedSchemaNode | undefined => {
    if (!n || typeof n !== 'object') return undefined;
    if (!resolved.has(n)) resolved.set(n, resolveSchemaNode(schema, n));
    return resolved.get(n);
  };
  const visit = (node: ASTNode, s: ResolvedSchemaNode | undefined): void => {
    if (!s) return;
    const n = s.node;
    if (node.type === 'object') {
      for (const p of node.properties) {
        const key = p.keyNode.value;
        let next: JSONSchema | boolean | undefined;
        if (n.properties && Object.prototype.hasOwnProperty.call(n.properties, key)) {
          next = n.properties[key];
          const fv = fieldVersionOf(next);
          const why = fv && missingAt(key, fv, target);
          if (why) {
            const path = jsonNodePath(p);
            out.push({ kind: 'version', start: p.keyNode.offset, end: p.keyNode.offset + p.keyNode.length, path, message: prefixed(path, why) });
            continue;
          }
        } else if (n.additionalProperties && typeof n.additionalProperties === 'object') next = n.additionalProperties;
        if (p.valueNode) visit(p.valueNode, resolve(next));
      }
    } else if (node.type === 'array' && n.items && !Array.isArray(n.items)) {
      const items = resolve(n.items);
      for (const item of node.items) visit(item, items);
    }
  };
  visit(root, resolve(schema));
  return out;
}

/** Nodes of the converted tree by start offset (built only when there is something to map). */
class NodeIndex {
  private readonly byOffset = new Map<number, ASTNode[]>();
  constructor(root: ASTNode) {
    forEachJsonNode(root, (n) => {
      const list = this.byOffset.get(n.offset);
      if (list) list.push(n);
      else this.byOffset.set(n.offset, [n]);
    });
  }
  at(offset: number): ASTNode[] {
    return this.byOffset.get(offset) ?? [];
  }
  keyAt(offset: number, length: number, name?: string): ASTNode | undefined {
    return this.at(offset).find((n) => isKeyNode(n) && n.length === length && (name === undefined || n.value === name));
  }
  valueAt(offset: number, length: number): ASTNode | undefined {
    return this.at(offset).find((n) => n.type !== 'property' && !isKeyNode(n) && n.length === length);
  }
}

function isKeyNode(n: ASTNode): boolean {
  return n.type === 'string' && n.parent?.type === 'property' && n.parent.keyNode === n;
}

const RE_UNKNOWN = /^Property (.*) is not allowed\.$/s;
const RE_MISSING = /^Missing property "(.*)"\.$/s;
const RE_TYPE_ONE = /^Incorrect type\. Expected "(.*)"\.$/s;
const RE_TYPE_MANY = /^Incorrect type\. Expected one of (.*)\.$/s;
const RE_ENUM = /^Value is not accepted\. Valid values: (.*)\.$/s;

function toProblem(d: Diagnostic, index: NodeIndex, text: string, schema: JSONSchema): SchemaProblem | undefined {
  const start = d.range.start.character;
  const end = d.range.end.character;
  const msg = typeof d.message === 'string' ? d.message : d.message.value;
  let m: RegExpExecArray | null;

  if ((m = RE_UNKNOWN.exec(msg))) {
    const key = index.keyAt(start, end - start, m[1]) ?? index.keyAt(start, end - start);
    if (key && key.parent?.type === 'property') return unknownField(key.parent, text, schema);
  }

  if ((m = RE_MISSING.exec(msg))) {
    const obj = missingTarget(index, start, end);
    if (obj) {
      const path = jsonNodePath(obj);
      const r =
        obj.parent?.type === 'property'
          ? { start: obj.parent.keyNode.offset, end: obj.parent.keyNode.offset + obj.parent.keyNode.length }
          : objectAnchorRange(obj);
      return { kind: 'required', ...r, path, message: prefixed(path, `missing required field ${JSON.stringify(m[1])}`) };
    }
  }

  const node = index.valueAt(start, end - start);
  const path = node ? jsonNodePath(node) : [];
  if ((m = RE_TYPE_ONE.exec(msg)) || (m = RE_TYPE_MANY.exec(msg))) {
    const expected = m[1].split(', ').map((t) => t.trim());
    return { kind: 'type', start, end, path, message: prefixed(path, `expected ${orList(expected)}, got ${describe(node)}`) };
  }
  if ((m = RE_ENUM.exec(msg))) {
    const values = parseEnumList(m[1]);
    const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
    const got = node ? valueText(node) : 'value';
    return { kind: 'enum', start, end, path, message: prefixed(path, `unsupported value ${got}: expected ${expected}`) };
  }
  const bound = boundMessage(msg);
  if (bound) return { kind: 'other', start, end, path, message: prefixed(path, `Invalid value: ${node ? valueText(node) : 'value'}: ${bound}`) };
  return { kind: 'other', start, end, path, message: prefixed(path, msg) };
}

/** The language service's messages for bounds, patterns and formats, as the API server words them. */
const BOUNDS: readonly [RegExp, (n: string) => string][] = [
  [/^Value is below the minimum of (.*)\.$/s, (n) => `should be greater than or equal to ${n}`],
  [/^Value is above the maximum of (.*)\.$/s, (n) => `should be less than or equal to ${n}`],
  [/^Value is below the exclusive minimum of (.*)\.$/s, (n) => `should be greater than ${n}`],
  [/^Value is above the exclusive maximum of (.*)\.$/s, (n) => `should be less than ${n}`],
  [/^String is shorter than the minimum length of (.*)\.$/s, (n) => `should be at least ${n} chars long`],
  [/^String is longer than the maximum length of (.*)\.$/s, (n) => `may not be more than ${n} bytes`],
  [/^String does not match the pattern of "(.*)"\.$/s, (p) => `should match '${p}'`],
  [/^Array has too few items\. Expected (.*) or more\.$/s, (n) => `should have at least ${n} items`],
  [/^Array has too many items\. Expected (.*) or fewer\.$/s, (n) => `should have at most ${n} items`],
  [/^Array has (duplicate) items\.$/s, () => 'shall give unique items'],
  [/^Object has fewer properties than the required number of (.*)$/s, (n) => `should have at least ${n} properties`],
  [/^Object has more properties than limit of (.*)\.$/s, (n) => `should have at most ${n} properties`],
  [/^String is not an (IPv4) address\.$/s, () => 'must be of type ipv4'],
  [/^String is not an (IPv6) address\.$/s, () => 'must be of type ipv6'],
  [/^String is not a RFC3339 (date)\.$/s, () => 'must be of type date'],
];

function boundMessage(msg: string): string | undefined {
  for (const [re, say] of BOUNDS) {
    const m = re.exec(msg);
    if (m) return say(m[1]);
  }
  return undefined;
}

/** The object a "Missing property" diagnostic at [start, end) is about. */
function missingTarget(index: NodeIndex, start: number, end: number): ObjectASTNode | undefined {
  const key = index.keyAt(start, end - start);
  const prop = key?.parent;
  if (prop?.type === 'property' && prop.valueNode?.type === 'object') return prop.valueNode;
  const obj = index.at(start).find((n) => n.type === 'object');
  return obj?.type === 'object' ? obj : undefined;
}

/** Where to report something about a whole object that is not a property's value. */
function objectAnchorRange(obj: ObjectASTNode): { start: number; end: number } {
  const inside = (p: PropertyASTNode): boolean => p.keyNode.offset >= obj.offset && p.keyNode.offset + p.keyNode.length <= obj.offset + obj.length;
  const keyRange = (p: PropertyASTNode) => ({ start: p.keyNode.offset, end: p.keyNode.offset + p.keyNode.length });
  if (!obj.parent) {
    const kindProp = obj.properties.find((p) => p.keyNode.value === 'kind' && inside(p));
    if (kindProp) return keyRange(kindProp);
  }
  const first = obj.properties[0];
  if (first && inside(first)) return { start: obj.offset, end: first.keyNode.offset + first.keyNode.length };
  return { start: obj.offset, end: obj.offset + obj.length };
}

function unknownField(prop: PropertyASTNode, text: string, schema: JSONSchema): SchemaProblem {
  const key = prop.keyNode;
  const name = key.value;
  const path = jsonNodePath(prop);
  const start = key.offset;
  const end = key.offset + key.length;
  let message = prefixed(path, `unknown field ${JSON.stringify(name)}`);
  const problem: SchemaProblem = { kind: 'unknown', start, end, path, message };
  const obj = prop.parent;
  if (obj?.type === 'object') {
    const parentSchema = schemaNodeAt(schema, jsonNodePath(obj));
    const declared = parentSchema?.node.properties ? Object.keys(parentSchema.node.properties) : [];
    const present = new Set(obj.properties.map((p) => p.keyNode.value));
    const candidates = declared.filter((k) => !present.has(k) && isOneEditAway(name, k));
    if (candidates.length === 1) {
      const suggestion = candidates[0];
      message += ` (did you mean ${JSON.stringify(suggestion)}?)`;
      const q = text[start];
      const quoted = (q === '"' || q === "'") && text[end - 1] === q && end - start >= 2;
      const newText = quoted ? (q === '"' ? JSON.stringify(suggestion) : `'${suggestion.replace(/'/g, "''")}'`) : suggestion;
      problem.message = message;
      problem.fix = { title: `Change to \`${suggestion}\``, start, end, newText };
    }
  }
  return problem;
}

function unknownNullProperty(prop: PropertyASTNode, text: string, schema: JSONSchema): SchemaProblem | undefined {
  const obj = prop.parent;
  if (obj?.type !== 'object') return undefined;
  const s = schemaNodeAt(schema, jsonNodePath(obj));
  if (!s || s.node.additionalProperties !== false) return undefined;
  const t = s.node.type;
  if (t !== undefined && t !== 'object' && !(Array.isArray(t) && t.includes('object'))) return undefined;
  const declared = s.node.properties ?? {};
  if (Object.prototype.hasOwnProperty.call(declared, prop.keyNode.value)) return undefined;
  return unknownField(prop, text, schema);
}

/** The JSON validator does not look into `$schema` values, but it would try to load one at the root. */
function neutralizeSchemaProperty(root: ObjectASTNode): void {
  for (const p of root.properties) {
    if (p.keyNode.value === '$schema' && p.valueNode?.type === 'string') {
      const v = p.valueNode;
      const replacement: ASTNode = { type: 'null', value: null, parent: p, offset: v.offset, length: v.length };
      // the converter's properties make their children from their valueNode
      (p as { valueNode?: ASTNode }).valueNode = replacement;
    }
  }
}

function prefixed(path: readonly (string | number)[], text: string): string {
  const p = formatPath(path);
  return p ? `${p}: ${text}` : text;
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function parseEnumList(list: string): string[] {
  try {
    const values = JSON.parse(`[${list}]`) as unknown[];
    return values.map((v) => JSON.stringify(v));
  } catch {
    return [list];
  }
}

const MAX_SHOWN = 80;

function valueText(n: ASTNode): string {
  switch (n.type) {
    case 'string':
      return JSON.stringify(n.value.length > MAX_SHOWN ? `${n.value.slice(0, MAX_SHOWN - 1)}…` : n.value);
    case 'number':
    case 'boolean':
      return String(n.value);
    case 'null':
      return 'null';
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    default:
      return 'value';
  }
}

/** `string "80"`, `number 1.5`, `boolean true`, `null`, `object`, `array`. */
function describe(n: ASTNode | undefined): string {
  if (!n) return 'value';
  switch (n.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return `${n.type} ${valueText(n)}`;
    default:
      return valueText(n);
  }
}

/** Damerau-Levenshtein distance exactly 1 (one insertion, deletion, substitution or adjacent swap); case-sensitive. */
export function isOneEditAway(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    let i = 0;
    while (i < la && a[i] === b[i]) i++;
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  const [s, l] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return s.slice(i) === l.slice(i + 1); // insertion/deletion
}
