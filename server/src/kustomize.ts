/**
 * Kustomize inputs are not complete manifests: a patch names only the fields it changes, and a
 * base resource may leave out the `selector` that the kustomization's `commonLabels` (or
 * `labels` with `includeSelectors`) adds, or use `$(NAME)` that the kustomization's `vars` fill in. A file is treated as partial when the
 * kustomization file in its own folder references it in that way. Its `images:` also give tags to
 * images the resources name without one. This reads files; the model and the rules never do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseYaml } from './model/document';
import type { AnalysisOptions } from './config/options';

/** The names kustomize reads a kustomization from, in its order. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const PATCH_KEYS = ['patches', 'patchesStrategicMerge', 'patchesJson6902'];

function get(node: unknown, key: string): Node | undefined {
  return isMap(node) ? node.get(key, true) : undefined;
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
  return (
    isSeq(labels) &&
    labels.items.some((l) => {
      const inc = get(l, 'includeSelectors');
      return isScalar(inc) && inc.value === true;
    })
  );
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
    const pins =
      (isScalar(digest) && typeof digest.value === 'string' && digest.value !== '') ||
      (isScalar(tag) && tag.value !== null && String(tag.value) !== '' && String(tag.value) !== 'latest');
    if (isScalar(name) && typeof name.value === 'string' && pins) out.push(name.value);
  }
  return out;
}

/** What a kustomization says, as far as the files beside it are concerned. */
interface Kustomization {
  patches: Set<string>;
  resources: Set<string>;
  /** It adds selector labels or fills in `$(NAME)`: its resources are partial. */
  completes: boolean;
  pinnedImages: string[];
  /** Its `namespace:`, which it sets on its resources. */
  namespace?: string;
}

/** Kustomization files larger than this are ignored (the largest of the corpus: a few KB). */
export const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

/** Kustomizations kept, by path; the oldest is forgotten past this. */
const CACHE_ENTRIES = 256;

const cache = new Map<string, { mtimeMs: number; size: number; ino: number; value: Kustomization | undefined }>();

function parseKustomization(text: string): Kustomization | undefined {
  let root: unknown;
  try {
    const docs = parseYaml(text); // the nesting limit: never the recursive composer on a deep text
    if (docs.length === 0 || docs[0].errors.length > 0) return undefined;
    root = docs[0].contents;
  } catch {
    return undefined; // too deep: its own check reports it
  }
  const normal = (list: string[]) => new Set(list.map((p) => path.normalize(p)));
  const pinned = pinnedImages(root);
  const namespace = get(root, 'namespace');
  return {
    patches: normal(PATCH_KEYS.flatMap((k) => referencedPaths(get(root, k)))),
    resources: normal(referencedPaths(get(root, 'resources'))),
    // commonLabels add the selector; vars fill in `$(NAME)` references: both complete the file.
    completes: addsSelectorLabels(root) || isSeq(get(root, 'vars')),
    pinnedImages: pinned,
    ...(isScalar(namespace) && typeof namespace.value === 'string' && namespace.value !== '' ? { namespace: namespace.value } : {}),
  };
}

/**
 * The kustomization at `file`, read like a manifest: a regular file only (a FIFO would block, a
 * link to `/dev/zero` never end), at most MAX_KUSTOMIZATION_BYTES, parsed once per modification
 * time and size. Missing, unreadable, too large or not valid YAML: undefined (a file with a
 * syntax error gets its diagnostics when it is checked itself).
 */
function readKustomization(file: string): Kustomization | undefined | 'absent' {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO does not wait for a writer; it is then refused as not regular.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return 'absent';
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_KUSTOMIZATION_BYTES) return undefined;
    const known = cache.get(file);
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size && known.ino === stat.ino) return known.value;
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = fs.readSync(fd, bytes, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const value = parseKustomization(bytes.subarray(0, read).toString('utf8'));
    cache.delete(file);
    cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino, value });
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    return value;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * What the kustomization in the folder of `filePath` says about it, as analysis options:
 * `partial` when the file is one of its patches, or a resource whose selector (`commonLabels`,
 * `labels` with `includeSelectors`) or `$(NAME)` values (`vars`) it fills in; `pinnedImages`, the
 * images its `images:` gives a tag or digest, and `namespace`, its `namespace:`, when the file is
 * one of its resources.
 */
export function kustomizeOptions(filePath: string): Pick<AnalysisOptions, 'partial' | 'pinnedImages' | 'namespace'> {
  const dir = path.dirname(filePath);
  const base = path.basename(filePath);
  for (const name of KUSTOMIZATION_FILES) {
    const k = readKustomization(path.join(dir, name));
    if (k === 'absent') continue;
    if (k === undefined) return {}; // an unusable kustomization says nothing about this file
    if (k.patches.has(base)) return { partial: true };
    if (!k.resources.has(base)) return {};
    const out: Pick<AnalysisOptions, 'partial' | 'pinnedImages' | 'namespace'> = {};
    if (k.completes) out.partial = true;
    if (k.pinnedImages.length > 0) out.pinnedImages = k.pinnedImages;
    if (k.namespace !== undefined) out.namespace = k.namespace;
    return out;
  }
  return {};
}
