/**
 * The kustomize structure of a workspace: which kustomization includes which file (resources,
 * bases, components, patches) and, for each file, how every overlay that builds it renders it.
 * Pure: kustomizations come from a `load` function (the front ends read them from disk), paths
 * are absolute and compared as they are. Cycles, missing paths and remote bases are skipped; the
 * walk is bounded (MAX_KUSTOMIZATIONS, MAX_DEPTH, MAX_RENDERINGS, MAX_VISITS).
 */
import * as path from 'node:path';
import type { KustomizeRendering } from '../config/options';
import type { Kustomization } from './read';

/** At most this many kustomizations are read for one graph. */
export const MAX_KUSTOMIZATIONS = 2000;
/** Chains of kustomizations deeper than this are cut (overlay → base → … → file). */
export const MAX_DEPTH = 16;
/** At most this many distinct renderings are kept per file. */
export const MAX_RENDERINGS = 16;
/** The walk from the overlays down stops after this many steps, shared among the overlays (diamonds of bases multiply paths). */
export const MAX_VISITS = 50_000;

/** How one build renders a file, with what it says about the file's content. */
export interface Rendering extends KustomizeRendering {
  /** Images a kustomization on the way tags (`images:` with `newTag` or `digest`). */
  pinnedImages: readonly string[];
  /** A kustomization on the way adds selector labels or fills in `$(NAME)`. */
  completes: boolean;
}

/** What the graph says of one file. */
export interface Placement {
  /** A kustomization lists it as a patch. */
  patch: boolean;
  /** One per distinct rendering; empty when no kustomization includes it as a resource. */
  renderings: readonly Rendering[];
}

export interface KustomizeGraph {
  /** The folders of the kustomizations read. */
  readonly kustomizations: ReadonlySet<string>;
  /** What the graph says of a file (undefined: nothing, no kustomization names it). */
  placement(file: string): Placement | undefined;
  /** The files (resources, patches) and kustomization folders a kustomization folder includes, transitively. */
  included(dir: string): ReadonlySet<string>;
}

/** Remote resources (git, http): nothing to read. */
function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) || entry.startsWith('git@') || entry.includes('?ref=')
  );
}

interface Node {
  k: Kustomization;
  /** Kustomization folders it includes (resources and bases naming a folder, components). */
  children: string[];
  /** Resource files it lists. */
  files: string[];
  patches: string[];
}

function renderingKey(r: Rendering): string {
  return `${r.namespace ?? ''}\u0000${r.prefix}\u0000${r.suffix}\u0000${r.completes}\u0000${r.pinnedImages.join(',')}`;
}

/** A chain of kustomizations, outermost first, as one rendering. */
function compose(chain: readonly Node[], root: string): Rendering {
  let namespace: string | undefined;
  let prefix = '';
  let suffix = '';
  const pinned = new Set<string>();
  let completes = false;
  for (const n of chain) {
    namespace ??= n.k.namespace;
    prefix += n.k.namePrefix;
    suffix = n.k.nameSuffix + suffix;
    for (const image of n.k.pinnedImages) pinned.add(image);
    completes ||= n.k.completes;
  }
  return { root, ...(namespace !== undefined ? { namespace } : {}), prefix, suffix, pinnedImages: [...pinned].sort(), completes };
}

/**
 * The graph of the kustomizations in `dirs` and of every kustomization they include (followed
 * through `load`, which gives the kustomization of a folder, or undefined when it has none).
 */
export function buildGraph(dirs: Iterable<string>, load: (dir: string) => Kustomization | undefined): KustomizeGraph {
  const nodes = new Map<string, Node>();
  const queue = [...dirs].map((d) => path.resolve(d));
  const included = new Set<string>();
  while (queue.length > 0 && nodes.size < MAX_KUSTOMIZATIONS) {
    const dir = queue.shift()!;
    if (nodes.has(dir)) continue;
    const k = load(dir);
    if (!k) continue;
    const node: Node = { k, children: [], files: [], patches: k.patches.map((p) => path.resolve(dir, p)) };
    nodes.set(dir, node);
    for (const entry of [...k.resources, ...k.components]) {
      if (isRemote(entry)) continue;
      const target = path.resolve(dir, entry);
      if (target === dir) continue;
      if (nodes.has(target) || load(target)) {
        node.children.push(target);
        included.add(target);
        queue.push(target);
      } else if (k.resources.includes(entry)) {
        node.files.push(target);
      }
    }
  }
  for (const node of nodes.values()) node.children = node.children.filter((c) => nodes.has(c));

  // The builds: overlays no other kustomization includes; then, for kustomizations only a cycle
  // includes, each of them (so every kustomization read is built from somewhere).
  const renderings = new Map<string, Map<string, Rendering>>();
  // The budget is shared fairly: each overlay gets its part (one diamond does not starve the others).
  let visits = 0;
  let budget = MAX_VISITS;
  const add = (file: string, r: Rendering) => {
    let known = renderings.get(file);
    if (!known) renderings.set(file, (known = new Map()));
    if (known.size < MAX_RENDERINGS) known.set(renderingKey(r), r);
  };
  const walk = (root: string, chain: Node[], onChain: Set<string>, dir: string) => {
    if (++visits > budget || chain.length > MAX_DEPTH) return;
    const node = nodes.get(dir)!;
    chain.push(node);
    onChain.add(dir);
    const rendering = compose(chain, root);
    // The kustomization file itself: the ConfigMaps and Secrets it generates.
    for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) add(path.join(dir, name), rendering);
    for (const file of node.files) add(file, rendering);
    for (const child of node.children) if (!onChain.has(child)) walk(root, chain, onChain, child);
    chain.pop();
    onChain.delete(dir);
  };
  const roots = [...nodes.keys()].filter((dir) => !included.has(dir));
  // What the overlays reach, however deep (a chain cut at MAX_DEPTH is not built from below).
  const reached = new Set(roots);
  for (const stack = [...roots]; stack.length > 0;) {
    for (const child of nodes.get(stack.pop()!)!.children) {
      if (reached.has(child)) continue;
      reached.add(child);
      stack.push(child);
    }
  }
  const cycleOnly = [...nodes.keys()].filter((dir) => !reached.has(dir));
  const builds = [...roots, ...cycleOnly];
  const share = Math.floor(MAX_VISITS / Math.max(1, builds.length));
  for (const dir of builds) {
    visits = 0;
    budget = share;
    walk(dir, [], new Set(), dir);
  }

  const patches = new Set<string>();
  for (const node of nodes.values()) for (const p of node.patches) patches.add(p);

  const closure = new Map<string, ReadonlySet<string>>();
  const includedBy = (dir: string): ReadonlySet<string> => {
    const known = closure.get(dir);
    if (known) return known;
    const out = new Set<string>();
    const stack = [dir];
    while (stack.length > 0 && out.size < MAX_VISITS) {
      const d = stack.pop()!;
      const node = nodes.get(d);
      if (!node) continue;
      for (const f of [...node.files, ...node.patches]) out.add(f);
      for (const c of node.children) {
        if (out.has(c) || c === dir) continue;
        out.add(c);
        stack.push(c);
      }
    }
    closure.set(dir, out);
    return out;
  };

  return {
    kustomizations: new Set(nodes.keys()),
    placement(file) {
      const abs = path.resolve(file);
      const patch = patches.has(abs);
      const found = renderings.get(abs);
      if (!patch && !found) return undefined;
      return { patch, renderings: found ? [...found.values()] : [] };
    },
    included: includedBy,
  };
}
