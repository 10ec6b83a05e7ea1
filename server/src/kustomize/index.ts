/**
 * Kustomize inputs are not complete manifests: a patch names only the fields it changes, and a
 * base resource may leave out the `selector` that a kustomization's `commonLabels` (or `labels`
 * with `includeSelectors`) adds, or use `$(NAME)` that its `vars` fill in. The overlays that
 * build a file also set its namespace, prefix and suffix its names and tag its images. This turns
 * what the kustomize graph (./graph.ts) says of a file into analysis options; used by the CLI and
 * the server, never by rules.
 */
import * as path from 'node:path';
import type { AnalysisOptions, KustomizeRendering } from '../config/options';
import { buildGraph, type KustomizeGraph } from './graph';
import { readKustomizationDir } from './read';

export { KUSTOMIZATION_FILES, MAX_KUSTOMIZATION_BYTES, parseKustomization, readKustomizationDir, type Kustomization } from './read';
export { buildGraph, type KustomizeGraph, type Placement, type Rendering } from './graph';

/** What kustomize says of a file, as analysis options. */
export type KustomizeOptions = Pick<AnalysisOptions, 'partial' | 'pinnedImages' | 'namespace' | 'kustomize'>;

/** The graph of the kustomizations in `dirs` and those they include, read from disk. */
export function loadGraph(dirs: Iterable<string>): KustomizeGraph {
  return buildGraph(dirs, readKustomizationDir);
}

/**
 * What the kustomizations say about `filePath`, as analysis options, from `graph` (else from
 * the kustomization in the file's folder and those it includes):
 * - `partial` when any kustomization lists the file as a patch, or an overlay that builds it
 *   adds selector labels (`commonLabels`, `labels` with `includeSelectors`) or fills in
 *   `$(NAME)` values (`vars`);
 * - `pinnedImages`, the images a kustomization on the way from the file to any overlay tags;
 * - `namespace`, the namespace the overlays set when they all agree;
 * - `kustomize`, the renderings, when a name prefix or suffix, or overlays setting different
 *   namespaces, make one namespace not enough.
 */
export function kustomizeOptions(filePath: string, graph?: KustomizeGraph): KustomizeOptions {
  const placement = (graph ?? loadGraph([path.dirname(filePath)])).placement(filePath);
  if (!placement) return {};
  if (placement.patch) return { partial: true };
  const renderings = placement.renderings;
  if (renderings.length === 0) return {};
  const out: KustomizeOptions = {};
  if (renderings.some((r) => r.completes)) out.partial = true;
  const pinned = [...new Set(renderings.flatMap((r) => r.pinnedImages))].sort();
  if (pinned.length > 0) out.pinnedImages = pinned;
  const namespaces = new Set(renderings.map((r) => r.namespace));
  const [namespace] = namespaces;
  if (namespaces.size === 1 && namespace !== undefined) out.namespace = namespace;
  const distinct = new Map<string, KustomizeRendering>();
  for (const r of renderings) {
    const key = `${r.namespace ?? ''}\u0000${r.prefix}\u0000${r.suffix}`;
    if (!distinct.has(key))
      distinct.set(key, { root: r.root, ...(r.namespace !== undefined ? { namespace: r.namespace } : {}), prefix: r.prefix, suffix: r.suffix });
  }
  if (namespaces.size > 1 || [...distinct.values()].some((r) => r.prefix !== '' || r.suffix !== '')) out.kustomize = [...distinct.values()];
  return out;
}
