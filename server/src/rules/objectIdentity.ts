/**
 * What the API server (or kubectl before it) rejects about the object itself, reported by the
 * `schema` rule: no `apiVersion` or no `kind`, a kind its group/version does not serve, and no
 * `metadata.name` and no `metadata.generateName`. Only built-in groups are judged (a group or
 * version the generated schema does not know may be a CRD, a kubeconfig or a tool's own file).
 */
import { loadSchemaIndex } from '../schema/loadSchema';
import type { AnalysisOptions } from '../config/options';
import type { Manifest } from '../model/document';
import type { Span } from '../model/text';
import { entries, getEntry, scalarText } from '../model/yamlNodes';
import type { Fix } from './rule';
import { isPartial, isTemplated, quote } from './support';

export interface ObjectProblem {
  span: Span;
  message: string;
  fixes: Fix[];
}

interface Served {
  /** apiVersion → the kinds it serves. */
  byVersion: Map<string, Set<string>>;
  /** kind → the apiVersions that serve it. */
  byKind: Map<string, string[]>;
}

let served: Served | undefined;

/** The group/versions and kinds of the generated schema, `…List` kinds left out. */
function servedKinds(): Served | undefined {
  if (served) return served;
  const index = loadSchemaIndex();
  if (!index) return undefined;
  const byVersion = new Map<string, Set<string>>();
  const byKind = new Map<string, string[]>();
  for (const key of index.kinds.keys()) {
    const cut = key.lastIndexOf('/');
    const apiVersion = key.slice(0, cut);
    const kind = key.slice(cut + 1);
    if (kind.endsWith('List')) continue;
    if (!byVersion.has(apiVersion)) byVersion.set(apiVersion, new Set());
    byVersion.get(apiVersion)!.add(kind);
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind)!.push(apiVersion);
  }
  served = { byVersion, byKind };
  return served;
}

/** The apiVersions to name for `kind`: the GA ones (`…/v1`, `v2`) when any serves it, else all. */
function servingVersions(s: Served, kind: string): string[] {
  const all = s.byKind.get(kind) ?? [];
  const ga = all.filter((v) => /(^|\/)v\d+$/.test(v));
  return (ga.length ? ga : all).sort();
}

function servedBy(versions: string[]): string {
  return versions.length === 1 ? versions[0] : `${versions.slice(0, -1).join(', ')} or ${versions[versions.length - 1]}`;
}

/** From the start of the manifest to the end of its first key: where a missing key is reported. */
function headSpan(manifest: Manifest): Span {
  const first = entries(manifest.node)[0];
  return first ? { start: manifest.span.start, end: first.keySpan.end } : manifest.span;
}

export function objectProblems(manifest: Manifest, options: AnalysisOptions): ObjectProblem[] {
  const s = servedKinds();
  if (!s) return [];
  const out: ObjectProblem[] = [];
  const { apiVersion, kind } = manifest;
  const apiEntry = getEntry(manifest.node, 'apiVersion');
  const kindEntry = getEntry(manifest.node, 'kind');
  if (!kindEntry || kind === undefined) {
    // kubectl's decoder: "Object 'Kind' is missing in '<the object as JSON>'".
    const known = apiVersion !== undefined && s.byVersion.has(apiVersion);
    if (apiEntry && !known) return out;
    out.push({
      span: headSpan(manifest),
      message: "Object 'Kind' is missing — kubectl cannot decode a document without `kind`, so it applies nothing",
      fixes: [],
    });
    return out;
  }
  if (!apiEntry || apiVersion === undefined) {
    const versions = servingVersions(s, kind);
    if (versions.length === 0) return out;
    out.push({
      span: headSpan(manifest),
      message: `apiVersion not set — kubectl cannot find the resource for kind ${quote(kind)} without it (${kind} is served by ${servedBy(versions)})`,
      fixes: [],
    });
    return out;
  }
  const kinds = s.byVersion.get(apiVersion);
  if (!kinds || isTemplated(apiVersion) || isTemplated(kind)) return out;
  if (!kinds.has(kind)) {
    const versions = servingVersions(s, kind);
    if (kind.endsWith('List') || versions.length === 0) return out;
    out.push({
      span: apiEntry.valueSpan,
      message: `no matches for kind ${quote(kind)} in version ${quote(apiVersion)} — ${kind} is served by ${servedBy(versions)}`,
      fixes: versions.map((v) => ({
        title: `Change apiVersion to ${v}`,
        safe: false,
        preferred: versions.length === 1,
        edits: [{ span: apiEntry.valueSpan, newText: v }],
      })),
    });
    return out;
  }
  if (isPartial(manifest, options)) return out;
  const metadata = getEntry(manifest.node, 'metadata');
  const name = scalarText(getEntry(metadata?.value, 'name')?.value);
  const generateName = scalarText(getEntry(metadata?.value, 'generateName')?.value);
  if (!name && !generateName) {
    out.push({
      span: metadata ? metadata.keySpan : headSpan(manifest),
      message: 'metadata.name: Required value: name or generateName is required — the API server creates no object without a name',
      fixes: [],
    });
  }
  return out;
}
