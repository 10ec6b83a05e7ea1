/**
 * Hover on a key or scalar value of a custom resource whose CustomResourceDefinition is known
 * (the same file, the workspace: ../../schema/crdSources.ts): the CRD's description of the field,
 * its type, allowed values, default and whether it is required, and where unknown fields are kept
 * (`x-kubernetes-preserve-unknown-fields`).
 */
import type { JSONSchema } from 'vscode-json-languageservice';
import type { Location } from '../../model/locate';
import { formatPath, type Path } from '../../model/yamlNodes';
import { customResourceSchema } from '../../schema/crdSources';
import { hasSchema, schemaNodeAt } from '../../schema/loadSchema';
import type { FeatureOptions } from '../context';
import { typeName } from '../describe';
import { code, header, type HoverResult, scalarSpan } from './markdown';

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';

/** The schema of the custom resource at `loc`, if its CRD is known and serves its version. */
function crdSchema(loc: Location, options: FeatureOptions): { schema: JSONSchema; source?: string } | undefined {
  const { apiVersion, kind } = loc.manifest;
  if (!apiVersion || !kind || hasSchema(apiVersion, kind)) return undefined;
  const custom = customResourceSchema(apiVersion, kind, options);
  return custom && 'schema' in custom ? custom : undefined;
}

/** The innermost node on the path that keeps unknown fields, when the path leaves the schema there. */
function keptBy(root: JSONSchema, path: Path): Path | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const r = schemaNodeAt(root, path.slice(0, i));
    if (r) return (r.node as Record<string, unknown>)[PRESERVE] === true ? path.slice(0, i) : undefined;
  }
  return undefined;
}

export function customResourceHover(loc: Location, options: FeatureOptions): HoverResult | undefined {
  const span = scalarSpan(loc);
  if (!span) return undefined;
  const custom = crdSchema(loc, options);
  if (!custom) return undefined;
  const root = custom.schema;
  // A value in a list of scalars: the facts of the list field.
  let path = loc.path;
  while (path.length && typeof path[path.length - 1] === 'number') path = path.slice(0, -1);
  if (!path.length) return undefined;
  const r = schemaNodeAt(root, path);
  if (!r) {
    const at = keptBy(root, path);
    if (!at) return undefined;
    return {
      markdown: `${header(path)}\n\nNot in the schema of ${loc.manifest.kind}: kept as written (${code(PRESERVE)} on ${at.length ? code(formatPath(at)) : 'the object'}).`,
      span,
    };
  }
  const n = r.node as JSONSchema & Record<string, unknown>;
  const parent = schemaNodeAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  const required = typeof key === 'string' && !!parent?.node.required?.includes(key);
  const type = typeName(root, r);
  const meta = [type ? code(type) : undefined, required ? 'required' : undefined].filter(Boolean).join(' · ');
  const parts = [`${header(path)}${meta ? ` · ${meta}` : ''}`];
  if (typeof n.description === 'string') parts.push(n.description);
  if (Array.isArray(n.enum) && n.enum.length) parts.push(`Allowed: ${n.enum.map((v) => code(JSON.stringify(v))).join(', ')}`);
  if (n.default !== undefined) parts.push(`Default: ${code(JSON.stringify(n.default))}`);
  if (n[PRESERVE] === true) parts.push(`Fields the schema does not name are kept as written (${code(PRESERVE)}).`);
  parts.push(
    `From the CustomResourceDefinition of ${loc.manifest.kind}${custom.source ? ` in ${code(custom.source.slice(custom.source.lastIndexOf('/') + 1))}` : ' in this file'}.`,
  );
  return { markdown: parts.join('\n\n'), span };
}
