/**
 * Reads a kustomization file into what initlens needs of it: what it includes (resources, bases,
 * components, patches) and how it transforms what it includes (namespace, name prefix and suffix,
 * selector labels, `vars`, image tags). This reads files; the model and the rules never do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseYaml } from '../model/document';

/** The names kustomize reads a kustomization from, in its order. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const PATCH_KEYS = ['patches', 'patchesStrategicMerge', 'patchesJson6902'];

function get(node: unknown, key: string): Node | undefined {
  return isMap(node) ? node.get(key, true) : undefined;
}

function text(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' && node.value !== '' ? node.value : undefined;
}

/**
 * File names referenced by a list of entries: `- file.yaml` or `- path: file.yaml`. An inline
 * patch (`patchesStrategicMerge` accepts YAML text as an entry) names no file.
 */
function referencedPaths(list: Node | undefined): string[] {
  if (!isSeq(list)) return [];
  const out: string[] = [];
  for (const item of list.items) {
    const value = isScalar(item) ? item.value : text(get(item, 'path'));
    if (typeof value === 'string' && value !== '' && !value.includes('\n')) out.push(value);
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

/** What a kustomization says, as far as the files it includes are concerned. Paths as written, normalised. */
export interface Kustomization {
  /** `resources:` and `bases:`: files, or folders holding a kustomization. */
  resources: string[];
  /** `components:`: folders holding a kustomization of kind Component. */
  components: string[];
  /** The files of `patches`, `patchesStrategicMerge` and `patchesJson6902`. */
  patches: string[];
  /** It adds selector labels or fills in `$(NAME)`: its resources are partial. */
  completes: boolean;
  pinnedImages: string[];
  /** Its `namespace:`, which it sets on its resources. */
  namespace?: string;
  namePrefix: string;
  nameSuffix: string;
}

/** Kustomization files larger than this are ignored (the largest of the corpus: a few KB). */
export const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

/** Kustomizations kept, by path; the oldest is forgotten past this. */
const CACHE_ENTRIES = 1024;

const cache = new Map<string, { mtimeMs: number; size: number; ino: number; value: Kustomization | undefined }>();

/** A kustomization's text, read (undefined: not a kustomization initlens can read). */
export function parseKustomization(source: string): Kustomization | undefined {
  let root: unknown;
  try {
    const docs = parseYaml(source); // the nesting limit: never the recursive composer on a deep text
    if (docs.length === 0 || docs[0].errors.length > 0) return undefined;
    root = docs[0].contents;
  } catch {
    return undefined; // too deep: its own check reports it
  }
  if (!isMap(root)) return undefined;
  const normal = (list: string[]) => [...new Set(list.map((p) => path.normalize(p)))];
  const namespace = text(get(root, 'namespace'));
  return {
    resources: normal([...referencedPaths(get(root, 'resources')), ...referencedPaths(get(root, 'bases'))]),
    components: normal(referencedPaths(get(root, 'components'))),
    patches: normal(PATCH_KEYS.flatMap((k) => referencedPaths(get(root, k)))),
    // commonLabels add the selector; vars fill in `$(NAME)` references: both complete the file.
    completes: addsSelectorLabels(root) || isSeq(get(root, 'vars')),
    pinnedImages: pinnedImages(root),
    ...(namespace !== undefined ? { namespace } : {}),
    namePrefix: text(get(root, 'namePrefix')) ?? '',
    nameSuffix: text(get(root, 'nameSuffix')) ?? '',
  };
}

/**
 * The kustomization at `file`, read like a manifest: a regular file only (a FIFO would block, a
 * link to `/dev/zero` never end), at most MAX_KUSTOMIZATION_BYTES, parsed once per modification
 * time and size. Missing: 'absent'. Unreadable, too large or not valid YAML: undefined (a file
 * with a syntax error gets its diagnostics when it is checked itself).
 */
export function readKustomization(file: string): Kustomization | undefined | 'absent' {
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
 * The kustomization of a folder, the first of KUSTOMIZATION_FILES present (as kustomize reads
 * it); undefined when there is none or it cannot be read.
 */
export function readKustomizationDir(dir: string): Kustomization | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const k = readKustomization(path.join(dir, name));
    if (k !== 'absent') return k;
  }
  return undefined;
}
