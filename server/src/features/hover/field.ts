/**
 * Hover on any other key or scalar value of a kind the schema knows: the official description,
 * the type, the allowed values, a link to the API reference; for `restartPolicy: Always` on an
 * init container, what a native sidecar is and what it needs of the target version.
 */
import type { Node } from 'yaml';
import type { JSONSchema } from 'vscode-json-languageservice';
import type { Location } from '../../model/locate';
import { scalarText, type Path } from '../../model/yamlNodes';
import { getKindSchema, schemaNodeAt } from '../../schema/loadSchema';
import { apiReference } from '../apiReference';
import { sidecarNote, typeName } from '../describe';
import { startsWith, type FeatureOptions } from '../context';
import { code, header, type HoverResult, scalarSpan } from './markdown';

interface FieldFacts {
  description?: string;
  type?: string;
  enumValues?: string[];
  required: boolean;
  link?: string;
}

/** The innermost definition on the path to (not including) the field: where the field is declared. */
function declaringDefinition(root: JSONSchema, path: Path): string | undefined {
  let end = path.length - 1;
  // A scalar item of a list (`command[0]`) is documented with the list's field.
  while (end > 0 && typeof path[end] === 'number') end--;
  for (let i = end; i >= 0; i--) {
    const r = schemaNodeAt(root, path.slice(0, i));
    if (r?.definition) return r.definition;
  }
  return undefined;
}

export function fieldFacts(loc: Location, options: FeatureOptions): FieldFacts | undefined {
  const { apiVersion, kind } = loc.manifest;
  if (!apiVersion || !kind) return undefined;
  const root = getKindSchema(apiVersion, kind);
  if (!root) return undefined;
  let path = loc.path;
  // A value in a list of scalars: the facts of the list field.
  let fieldPath = path;
  while (fieldPath.length && typeof fieldPath[fieldPath.length - 1] === 'number') fieldPath = fieldPath.slice(0, -1);
  if (!fieldPath.length) return undefined;
  const r = schemaNodeAt(root, fieldPath);
  if (!r) return undefined;
  path = fieldPath;
  const parent = schemaNodeAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  const required = typeof key === 'string' && !!parent?.node.required?.includes(key);
  const enumValues = Array.isArray(r.node.enum) ? r.node.enum.map((v) => String(v)) : undefined;
  const ref = apiReference(declaringDefinition(root, path), apiVersion, kind, options.kubernetesVersion);
  return {
    description: typeof r.node.description === 'string' ? r.node.description : undefined,
    type: typeName(root, r),
    enumValues,
    required,
    link: ref ? `[API reference: ${ref.title}](${ref.url})` : undefined,
  };
}

export function fieldHover(loc: Location, options: FeatureOptions): HoverResult | undefined {
  const span = scalarSpan(loc);
  if (!span) return undefined;
  const facts = fieldFacts(loc, options);
  if (!facts) return undefined;
  const parts: string[] = [];
  const meta = [facts.type ? code(facts.type) : undefined, facts.required ? 'required' : undefined].filter(Boolean).join(' · ');
  parts.push(`${header(loc.path)}${meta ? ` · ${meta}` : ''}`);
  const pod = loc.manifest.podSpec;
  const isInitRestartPolicy =
    !!pod &&
    loc.path.length === pod.path.length + 3 &&
    startsWith(loc.path, pod.path) &&
    loc.path[pod.path.length] === 'initContainers' &&
    loc.path[loc.path.length - 1] === 'restartPolicy' &&
    scalarText(loc.pair?.value as Node | undefined) === 'Always';
  if (isInitRestartPolicy) parts.push(sidecarNote(options.kubernetesVersion));
  if (facts.description) parts.push(facts.description);
  if (facts.enumValues?.length && !facts.description?.includes('Possible enum values'))
    parts.push(`Allowed: ${facts.enumValues.map((v) => code(v === '' ? '""' : v)).join(', ')}`);
  if (facts.link) parts.push(facts.link);
  return { markdown: parts.join('\n\n'), span };
}
