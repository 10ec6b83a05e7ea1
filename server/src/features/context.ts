/**
 * What hover and completion share: the options they read, and paths through a `yaml` tree that
 * may hold errors (completion parses text that is being typed). The document at a file offset is
 * the file model's `documentAt`. Nothing here throws on any text.
 */
import { isMap, isPair, isSeq, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { CrdCatalog, CrdSource, KubeVersion, WorkspaceFacts } from '../config/options';
import type { StartupWorkspace } from './startupWorkspace';
import { parseYaml } from '../model/document';
import { getEntry, keyName, scalarText, type Path } from '../model/yamlNodes';

export interface FeatureOptions {
  /** The configured target Kubernetes version (version notes, reference links). */
  kubernetesVersion: KubeVersion;
  /** The workspace index: the CustomResourceDefinitions of other files (the server's, when built). */
  workspace?: WorkspaceFacts;
  /** The CustomResourceDefinitions of the file itself (set by `hoverAt` and `completionsAt`). */
  crds?: readonly CrdSource[];
  /** The CustomResourceDefinitions of the folders `.initlens.yaml` names. */
  crdCatalog?: CrdCatalog;
  /** The workspace index, when the front end has one (the PodDisruptionBudgets a workload's hover names). */
  planWorkspace?: StartupWorkspace;
}

/** A manifest found in a (possibly broken) tree: the map and its path from the document root. */
export interface TreeManifest {
  node: YAMLMap;
  /** Path from the document root to the manifest (`[]`, or `['items', 2]`). */
  rootPath: Path;
  apiVersion?: string;
  kind?: string;
}

/** Where a node sits in a tree: the manifest and the path from the manifest root. */
export interface TreeLocation {
  manifest: TreeManifest;
  path: Path;
  /** The pair whose key (or value) the node is, innermost. */
  pair?: Pair;
  onKey: boolean;
  /** The maps, sequences and pairs from the document root down to the node's parent. */
  ancestors: readonly unknown[];
}

export function parseTree(text: string): Document.Parsed | undefined {
  try {
    // Too deep: NestingTooDeep (document.ts).
    return parseYaml(text)[0];
  } catch {
    return undefined;
  }
}

function manifestOfRoot(root: unknown, path: Path): { manifest: TreeManifest; skip: number } | undefined {
  if (!isMap(root)) return undefined;
  const kind = scalarText(getEntry(root, 'kind')?.value);
  if (kind?.endsWith('List') && path[0] === 'items' && typeof path[1] === 'number') {
    const items = getEntry(root, 'items')?.value;
    const item = isSeq(items) ? items.items[path[1]] : undefined;
    if (isMap(item)) {
      return {
        manifest: {
          node: item,
          rootPath: ['items', path[1]],
          apiVersion: scalarText(getEntry(item, 'apiVersion')?.value),
          kind: scalarText(getEntry(item, 'kind')?.value),
        },
        skip: 2,
      };
    }
  }
  return { manifest: { node: root, rootPath: [], apiVersion: scalarText(getEntry(root, 'apiVersion')?.value), kind }, skip: 0 };
}

/** The data path of a node reached through `ancestors` (as `visit` gives them). */
function pathOf(ancestors: readonly unknown[], node: unknown): { path: Path; pair?: Pair; onKey: boolean } {
  const path: Path = [];
  let pair: Pair | undefined;
  let onKey = false;
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length - 1; i++) {
    const a = chain[i];
    const next = chain[i + 1];
    if (isPair(a)) {
      const k = keyName(a);
      path.push(k ?? '');
      pair = a;
      onKey = a.key === next;
    } else if (isSeq(a)) {
      path.push(a.items.indexOf(next));
    }
  }
  return { path, pair, onKey };
}

/** The first scalar of the tree for which `test` holds, with its location. */
export function findScalar(doc: Document, test: (node: Scalar) => boolean): TreeLocation | undefined {
  let hit: { ancestors: readonly unknown[]; node: Node } | undefined;
  try {
    visit(doc, {
      Scalar(_key, node, ancestors) {
        if (test(node)) {
          hit = { ancestors: [...ancestors], node };
          return visit.BREAK;
        }
        return undefined;
      },
    });
  } catch {
    return undefined;
  }
  if (!hit) return undefined;
  const { path, pair, onKey } = pathOf(hit.ancestors, hit.node);
  const m = manifestOfRoot(doc.contents, path);
  if (!m) return undefined;
  return { manifest: m.manifest, path: path.slice(m.skip), pair, onKey, ancestors: hit.ancestors };
}

/** The innermost scalar whose range holds `offset`. */
export function scalarAt(doc: Document, offset: number): TreeLocation | undefined {
  let best: TreeLocation | undefined;
  let bestSize = Infinity;
  try {
    visit(doc, {
      Scalar(_key, node, ancestors) {
        const r = node.range;
        if (r && r[0] <= offset && offset <= r[1] && r[1] - r[0] < bestSize) {
          const { path, pair, onKey } = pathOf(ancestors, node);
          const m = manifestOfRoot(doc.contents, path);
          if (m) {
            best = { manifest: m.manifest, path: path.slice(m.skip), pair, onKey, ancestors: [...ancestors] };
            bestSize = r[1] - r[0];
          }
        }
        return undefined;
      },
    });
  } catch {
    return undefined;
  }
  return best;
}

/** The last ancestor that is a map (the mapping a pair belongs to). */
export function parentMap(ancestors: readonly unknown[]): YAMLMap | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) if (isMap(ancestors[i])) return ancestors[i] as YAMLMap;
  return undefined;
}

/** Line of `offset` in `text`: its start, its end (before the line break) and the column. */
export function lineAt(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end };
}

/** `prefix` is a prefix of `path`. */
export function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg);
}
