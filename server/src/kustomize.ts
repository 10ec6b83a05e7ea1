/**
 * Kustomize inputs are not complete manifests: a patch names only the fields it changes, and a
 * base resource may leave out the `selector` that the kustomization's `commonLabels` (or
 * `labels` with `includeSelectors`) adds, or use `$(NAME)` that the kustomization's `vars` fill in. A file is treated as partial when the
 * kustomization file in its own folder references it in that way. Its `images:` also give tags to
 * images the resources name without one. This reads files; the model and the rules never do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { AnalysisOptions } from './config/options';

/** The names kustomize reads a kustomization from, in its order. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const PATCH_KEYS = ['patches', 'patchesStrategicMerge', 'patchesJson6902'];

function get(node: unknown, key: string): Node | undefined {
  return isMap(node) ? (node.get(key, true)) : undefined;
}

/** File names referenced by a list of entries: `- file.yaml` or `- path: file.yaml`. */
function referencedPaths(list: Node | undefined): string[] {
  if (!isSeq(list)) return [];
  const out: string[] = [];
  for (const item of list.items) {
    const value = isScalar(item) ? item.value : isScalar(get(item, 'path')) ? (get(item, 'path') as { value: unknown }).value : undefined;
    if (typeof value === 'string') out.push(value);
  }
  return out;
}

function addsSelectorLabels(root: unknown): boolean {
  if (isMap(get(root, 'commonLabels'))) return true;
  const labels = get(root, 'labels');
  return isSeq(labels) && labels.items.some((l) => {
    const inc = get(l, 'includeSelectors');
    return isScalar(inc) && inc.value === true;
  });
}

/** A tag the kustomization's `images:` gives an image: `newTag` (not `latest`) or `digest`. */
function pinnedImages(root: unknown): string[] {
  const list = get(root, 'images');
  if (!isSeq(list)) return [];
  const out: string[] = [];
  for (const entry of list.items) {
    const name = get(entry, 'name');
    const tag = get(entry, 'newTag');
    const digest = get(entry, 'digest');
    const pins = (isScalar(digest) && typeof digest.value === 'string' && digest.value !== '') || (isScalar(tag) && tag.value !== null && String(tag.value) !== '' && String(tag.value) !== 'latest');
    if (isScalar(name) && typeof name.value === 'string' && pins) out.push(name.value);
  }
  return out;
}

/**
 * What the kustomization in the folder of `filePath` says about it, as analysis options:
 * `partial` when the file is one of its patches, or a resource whose selector (`commonLabels`,
 * `labels` with `includeSelectors`) or `$(NAME)` values (`vars`) it fills in; `pinnedImages`, the
 * images its `images:` gives a tag or digest, when the file is one of its resources.
 */
export function kustomizeOptions(filePath: string): Pick<AnalysisOptions, 'partial' | 'pinnedImages'> {
  const dir = path.dirname(filePath);
  const base = path.basename(filePath);
  for (const name of KUSTOMIZATION_FILES) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, name), 'utf8');
    } catch {
      continue;
    }
    try {
      const root = parseDocument(text).contents;
      const same = (p: string) => path.normalize(p) === base;
      if (PATCH_KEYS.some((k) => referencedPaths(get(root, k)).some(same))) return { partial: true };
      if (!referencedPaths(get(root, 'resources')).some(same)) return {};
      const out: Pick<AnalysisOptions, 'partial' | 'pinnedImages'> = {};
      // commonLabels add the selector; vars fill in `$(NAME)` references: both complete the file.
      if (addsSelectorLabels(root) || isSeq(get(root, 'vars'))) out.partial = true;
      const pinned = pinnedImages(root);
      if (pinned.length > 0) out.pinnedImages = pinned;
      return out;
    } catch {
      // An unreadable kustomization says nothing about this file.
    }
    return {};
  }
  return {};
}
