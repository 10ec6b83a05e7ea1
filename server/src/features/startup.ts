/**
 * Startup plans over a whole file: the plan of the pod at a position (the `initlens/startupPlan`
 * request, the `initlens.showStartup` command), every plan of a file (the CLI), and a per-manifest
 * cache the code lenses resolve from. Pure: file positions are plain `{line, character}`.
 */
import { formatKubeVersion, type KubeVersion } from '../config/options';
import { podViewAt, podViews, type Manifest, type YamlDocument } from '../model/document';
import { spanOf } from '../model/yamlNodes';
import type { FileModel, PlacedDocument } from '../model/file';
import { manifestAt } from '../model/locate';
import type { Position, Span } from '../model/text';
import { startupPlan } from '../pod/plan';
import type { StartupPlan } from '../protocol/index';
import { planWorkspace, type StartupWorkspace } from './startupWorkspace';

export type { StartupWorkspace } from './startupWorkspace';

export interface PlacedManifest {
  /** Index into `model.documents`. */
  document: number;
  /** Index into the document's `manifests`. */
  manifest: number;
  placed: PlacedDocument;
  value: Manifest;
}

/** A plan with the place of its pod in the file. */
export interface FilePlan {
  /** Index into `model.documents` (0-based). */
  document: number;
  /** Index into the document's manifests (0-based; more than 0 only in a `kind: List`). */
  manifest: number;
  /** Where the manifest starts in the file (where its pod spec starts, for one of several pods). */
  position: Position;
  plan: StartupPlan;
}

const plans = new WeakMap<Manifest, Map<string, StartupPlan | null>>();

/**
 * The plan of a manifest at a target version, without ranges, computed once per parsed manifest,
 * target and workspace key (with `workspace`, `doc` is the manifest's document).
 */
export function cachedPlan(manifest: Manifest, target: KubeVersion, workspace?: { ws: StartupWorkspace; doc: YamlDocument }): StartupPlan | undefined {
  let byTarget = plans.get(manifest);
  if (!byTarget) plans.set(manifest, (byTarget = new Map()));
  const facts = workspace && planWorkspace(workspace.ws, workspace.doc, manifest);
  const key = `${formatKubeVersion(target)}|${facts?.key ?? ''}`;
  let plan = byTarget.get(key);
  if (plan === undefined) {
    // One entry per target: a plan for an older workspace key is dropped.
    for (const k of byTarget.keys()) if (k.startsWith(`${formatKubeVersion(target)}|`)) byTarget.delete(k);
    plan = startupPlan(manifest, target, undefined, facts) ?? null;
    byTarget.set(key, plan);
  }
  return plan ?? undefined;
}

/** Maps a span of a placed document to a file range. */
export function placer(placed: PlacedDocument) {
  return (span: Span) => {
    const s = placed.doc.lines.positionAt(span.start);
    const e = placed.doc.lines.positionAt(span.end);
    return {
      start: { line: placed.startLine + s.line, character: s.character },
      end: { line: placed.startLine + e.line, character: e.character },
    };
  };
}

/** The manifests of a file that have a pod spec, in file order. */
export function podManifests(model: FileModel): PlacedManifest[] {
  const out: PlacedManifest[] = [];
  model.documents.forEach((placed, document) => {
    placed.doc.manifests.forEach((whole, manifest) => {
      for (const value of podViews(whole)) if (value.podSpec && value.workload) out.push({ document, manifest, placed, value });
    });
  });
  return out;
}

/**
 * The pod-bearing manifest at a file position: the one whose node holds it, else the only one of
 * the position's YAML document (a comment above it, the `---` line).
 */
export function podManifestAt(model: FileModel, position: Position): PlacedManifest | undefined {
  const offset = model.lines.offsetAt(position);
  const at = model.documentAt(offset);
  if (!at) return undefined;
  const { placed, index: document, offset: local } = at;
  const found = manifestAt(placed.doc, local);
  const hit = found && podViewAt(found, local);
  const candidates = placed.doc.manifests.filter((m) => m.podSpec && m.workload && m.podSpecs.length === 1);
  const value = hit?.podSpec && hit.workload ? hit : hit ? undefined : candidates.length === 1 ? candidates[0] : undefined;
  if (!value) return undefined;
  return { document, manifest: placed.doc.manifests.findIndex((m) => m.node === value.node), placed, value };
}

/**
 * The plan of the pod at a file position at the target version, its containers placed in the
 * file; with `workspace`, what the other files tell it (startupWorkspace.ts).
 */
export function planAt(model: FileModel, position: Position, target: KubeVersion, workspace?: StartupWorkspace): StartupPlan | undefined {
  const at = podManifestAt(model, position);
  return at ? startupPlan(at.value, target, placer(at.placed), workspace && planWorkspace(workspace, at.placed.doc, at.value)) : undefined;
}

/** Every pod's plan in a file at the target version, containers placed in the file; with `workspace`, what the other files tell it. */
export function filePlans(model: FileModel, target: KubeVersion, workspace?: StartupWorkspace): FilePlan[] {
  const out: FilePlan[] = [];
  for (const m of podManifests(model)) {
    const place = placer(m.placed);
    const plan = startupPlan(m.value, target, place, workspace && planWorkspace(workspace, m.placed.doc, m.value));
    // A manifest with several pods (a RayCluster's groups): each plan is placed at its own pod spec.
    const span = m.value.podSpecs.length > 1 && m.value.podSpec ? (spanOf(m.value.podSpec.node) ?? m.value.span) : m.value.span;
    if (plan) out.push({ document: m.document, manifest: m.manifest, position: place(span).start, plan });
  }
  return out;
}
