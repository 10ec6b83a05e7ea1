/**
 * What is at an offset of a document: the manifest, the path of keys and indexes from the
 * manifest root, and whether the offset is on a key or a value. Hover, completion and
 * navigation start here.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { podViewAt, type Manifest, type YamlDocument } from './document';
import { keyName, type Path } from './yamlNodes';

export interface Location {
  /** The manifest, or its view for the pod spec that holds the offset (`podViews`). */
  manifest: Manifest;
  /** Path from the manifest root to the innermost node at the offset. */
  path: Path;
  /** The innermost node at the offset (a scalar, map or sequence), if any. */
  node?: Node;
  /** The pair whose key or value holds the offset, innermost. */
  pair?: Pair;
  /** True when the offset is on the pair's key. */
  onKey: boolean;
}

function contains(node: unknown, offset: number): boolean {
  const r = (node as Node | null | undefined)?.range;
  return !!r && r[0] <= offset && offset <= r[1];
}

/** The manifest whose node contains the offset. */
export function manifestAt(doc: YamlDocument, offset: number): Manifest | undefined {
  return doc.manifests.find((m) => m.span.start <= offset && offset <= m.span.end);
}

export function locate(doc: YamlDocument, offset: number): Location | undefined {
  const whole = manifestAt(doc, offset);
  if (!whole) return undefined;
  const manifest = podViewAt(whole, offset);
  const path: Path = [];
  let node: Node = manifest.node;
  let pair: Pair | undefined;
  let onKey = false;
  for (let depth = 0; depth < 10_000; depth++) {
    if (isMap(node)) {
      const hit = node.items.find((p) => isPair(p) && (contains(p.key, offset) || contains(p.value, offset)));
      if (!hit) break;
      const key = keyName(hit);
      if (key === undefined) break;
      pair = hit;
      path.push(key);
      if (contains(hit.key, offset)) {
        onKey = true;
        node = hit.key as Node;
        break;
      }
      onKey = false;
      node = hit.value as Node;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index < 0) break;
      path.push(index);
      node = node.items[index] as Node;
    } else {
      break;
    }
    if (isScalar(node)) break;
  }
  return { manifest, path, node, pair, onKey };
}
