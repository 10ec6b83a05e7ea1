/**
 * Kustomize inputs are not complete manifests: a patch names only the fields it changes, and a
 * base resource may leave out the `selector` that the kustomization's `commonLabels` (or
 * `labels` with `includeSelectors`) adds, or use `$(NAME)` that the kustomization's `vars` fill in. A file is treated as partial when the
 * kustomization file in its own folder references it in that way. This reads files; the model
 * and the rules never do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const PATCH_KEYS = ['patches', 'patchesStrategicMerge', 'patchesJson6902'];

function get(node: unknown, key: string): Node | undefined {
  return isMap(node) ? (node.get(key, true) as Node | undefined) : undefined;
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

/** Whether the file at `filePath` is a kustomize patch, or a resource whose selector kustomize adds. */
export function isPartialManifest(filePath: string): boolean {
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
      if (PATCH_KEYS.some((k) => referencedPaths(get(root, k)).some(same))) return true;
      // commonLabels add the selector; vars fill in `$(NAME)` references: both complete the file.
      if ((addsSelectorLabels(root) || isSeq(get(root, 'vars'))) && referencedPaths(get(root, 'resources')).some(same)) return true;
    } catch {
      // An unreadable kustomization says nothing about this file.
    }
    return false;
  }
  return false;
}
