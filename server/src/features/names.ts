/**
 * The names a pod spec declares and refers to: every place that names a volume or a container,
 * with the span of the name's characters. Navigation (definition, references, rename) and the
 * outline read it. Pure functions of the model; no LSP.
 *
 * A volume is named by `volumes[].name` and, in a StatefulSet, `volumeClaimTemplates[].metadata.name`
 * (declarations), and by `volumeMounts[].name` and `volumeDevices[].name` of every container
 * (references). A container is named by its `name` (declaration, in any list), and referred to by
 * `ephemeralContainers[].targetContainerName`, a Job's (or CronJob's)
 * `podFailurePolicy.rules[].onExitCodes.containerName`, and in the pod template's annotations by
 * the value of `kubectl.kubernetes.io/default-container` and the key suffix of
 * `container.apparmor.security.beta.kubernetes.io/<name>`.
 *
 * Only string scalars written plain or quoted count as names; a name written as an alias is
 * remembered (`aliased`) so that a rename can refuse rather than miss it.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { podViewAt, type Manifest, type YamlDocument } from '../model/document';
import { isJobLike } from '../model/kinds';
import type { Span } from '../model/text';
import { getEntry, nodeAt } from '../model/yamlNodes';

export type NameKind = 'volume' | 'container';

export interface NameOccurrence {
  kind: NameKind;
  name: string;
  role: 'declaration' | 'reference';
  /** The scalar that holds the name: a value, or (for an annotation key) a key. */
  node: Scalar;
  /** The name's characters (quotes excluded), document-local. */
  span: Span;
  /** Set when the name is the tail of a key: the key reads `${key.prefix}${name}`. */
  key?: { pair: Pair; prefix: string };
}

export interface PodNames {
  manifest: Manifest;
  occurrences: NameOccurrence[];
  /** Kinds of name that some place of this pod writes as a YAML alias (its target is not followed). */
  aliased: Set<NameKind>;
}

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** The characters of a plain or quoted scalar without its quotes; undefined for block scalars. */
export function innerSpan(node: Scalar): Span | undefined {
  const r = node.range;
  if (!r) return undefined;
  switch (node.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return r[1] - r[0] >= 2 ? { start: r[0] + 1, end: r[1] - 1 } : undefined;
    case 'PLAIN':
    case undefined:
      return { start: r[0], end: r[1] };
    default:
      return undefined;
  }
}

/** A scalar that can hold a name: a non-empty string written plain or quoted. */
export function nameScalar(node: Node | null | undefined): Scalar | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') return undefined;
  return innerSpan(node) ? node : undefined;
}

function seqItems(node: Node | null | undefined): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

/** Every place of a manifest's pod spec that names a volume or a container, in source order. */
export function podNames(manifest: Manifest, text: string): PodNames {
  const occurrences: NameOccurrence[] = [];
  const aliased = new Set<NameKind>();
  const spec = manifest.podSpec;
  const workload = manifest.workload;
  if (!spec || !workload) return { manifest, occurrences, aliased };

  const add = (kind: NameKind, role: NameOccurrence['role'], value: Node | null | undefined) => {
    if (isAlias(value)) aliased.add(kind);
    const node = nameScalar(value);
    const span = node && innerSpan(node);
    if (node && span) occurrences.push({ kind, name: node.value as string, role, node, span });
  };

  for (const v of spec.volumes) add('volume', 'declaration', v.fields.get('name')?.value);
  for (const t of spec.volumeClaimTemplates) add('volume', 'declaration', getEntry(t.fields.get('metadata')?.value, 'name')?.value);
  for (const c of spec.containers) {
    add('container', 'declaration', c.fields.get('name')?.value);
    for (const m of c.volumeMounts) add('volume', 'reference', m.fields.get('name')?.value);
    for (const d of seqItems(c.fields.get('volumeDevices')?.value)) add('volume', 'reference', getEntry(d, 'name')?.value);
    if (c.list === 'ephemeralContainers') add('container', 'reference', c.fields.get('targetContainerName')?.value);
  }

  if (isJobLike(workload)) {
    // The job spec holds the pod template: `<job spec>.template.spec` is the pod spec.
    const jobSpec = nodeAt(manifest.node, workload.podSpecPath.slice(0, -2));
    const rules = getEntry(getEntry(jobSpec, 'podFailurePolicy')?.value, 'rules')?.value;
    for (const rule of seqItems(rules)) add('container', 'reference', getEntry(getEntry(rule, 'onExitCodes')?.value, 'containerName')?.value);
  }

  // The pod's (or the pod template's) metadata sits beside its spec.
  const metadata = nodeAt(manifest.node, [...workload.podSpecPath.slice(0, -1), 'metadata']);
  const annotations = getEntry(metadata, 'annotations')?.value;
  if (isMap(annotations)) {
    for (const pair of annotations.items) {
      if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
      const key = pair.key.value;
      if (key === DEFAULT_CONTAINER_ANNOTATION) {
        add('container', 'reference', pair.value as Node | null);
      } else if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && key.length > APPARMOR_ANNOTATION_PREFIX.length) {
        const inner = innerSpan(pair.key);
        const name = key.slice(APPARMOR_ANNOTATION_PREFIX.length);
        // The name is the key's last characters, unless the key is written with escapes.
        if (inner && text.slice(inner.end - name.length, inner.end) === name) {
          occurrences.push({
            kind: 'container',
            name,
            role: 'reference',
            node: pair.key,
            span: { start: inner.end - name.length, end: inner.end },
            key: { pair, prefix: APPARMOR_ANNOTATION_PREFIX },
          });
        }
      }
    }
  }
  occurrences.sort((a, b) => a.span.start - b.span.start);
  return { manifest, occurrences, aliased };
}

/** Whether an offset is on an occurrence: anywhere on its scalar (quotes included), or on the name part of a key. */
export function isOn(o: NameOccurrence, offset: number): boolean {
  if (o.key) return o.span.start <= offset && offset <= o.span.end;
  const r = o.node.range!;
  return r[0] <= offset && offset <= r[1];
}

/** The name at a document-local offset, with every name of its pod. */
export function nameAt(doc: YamlDocument, offset: number): { at: NameOccurrence; pod: PodNames } | undefined {
  for (const whole of doc.manifests) {
    if (offset < whole.span.start || offset > whole.span.end || !whole.podSpec) continue;
    // Names are per pod: a RayCluster's head and a worker group may both have a container `ray-worker`.
    const manifest = podViewAt(whole, offset);
    const pod = podNames(manifest, doc.text);
    const at = pod.occurrences.find((o) => isOn(o, offset));
    if (at) return { at, pod };
  }
  return undefined;
}

/** Every place that names the same volume or container as `at`, in source order. */
export function sameName(pod: PodNames, at: NameOccurrence): NameOccurrence[] {
  return pod.occurrences.filter((o) => o.kind === at.kind && o.name === at.name);
}

export function shift(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}
