/**
 * What rules share: API-server-style messages, where to report a missing key, and small
 * readers over the model. Pure functions of the model, like the rules.
 */
import { isScalar, type Node, type Scalar } from 'yaml';
import { atLeast, type AnalysisOptions } from '../config/options';
import type { Manifest } from '../model/document';
import { stringField, type Item, type VolumeMount } from '../model/podSpec';
import type { Span } from '../model/text';
import { formatPath, getEntry, type Entry, type Path } from '../model/yamlNodes';

/**
 * `<path>: <the API server's own text> — <why it matters>`. The first part is what
 * `kubectl apply` prints after `is invalid:`; the second is one plain sentence for the reader.
 */
export function apiMessage(path: Path, apiText: string, why: string): string {
  return `${formatPath(path)}: ${apiText} — ${why}`;
}

/** `"value"` as the API server quotes values in `Unsupported value` and `Duplicate value`. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** `supported values: "A", "B"` */
export function supportedValues(values: readonly string[]): string {
  return `supported values: ${values.map(quote).join(', ')}`;
}

/**
 * Where to report a key that an item lacks: from the item's start to the end of its first key
 * (the same place the `schema` rule reports a missing required field, so the two deduplicate).
 */
export function missingKeySpan(item: Item): Span {
  const first = item.fields.values().next().value;
  return first ? { start: item.span.start, end: first.keySpan.end } : item.span;
}

/** The scalar node of an entry's value, if it is a scalar. */
export function scalarNode(entry: Entry | undefined): Scalar | undefined {
  return entry && isScalar(entry.value) ? entry.value : undefined;
}

/** An entry's value as a number, if it is a numeric scalar. */
export function numberValue(entry: Entry | undefined): number | undefined {
  const v = scalarNode(entry)?.value;
  return typeof v === 'number' ? v : undefined;
}

/** The source text of a node's value (as written, quotes included). */
export function sourceOf(text: string, node: Node | null | undefined): string | undefined {
  const r = node?.range;
  return r ? text.slice(r[0], r[1]) : undefined;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The API server's `ValidateDNS1123Label` messages for `value`, empty when it is valid. */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(value)) {
    errors.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errors;
}

/**
 * A value filled in later by envsubst, Flux `postBuild` substitution or a similar tool
 * (`${NAME}`, `app-${ENV}`): its final text is unknown, so it is not judged.
 */
export function isTemplated(value: string): boolean {
  return /\$\{[^}]*\}/.test(value);
}

const SELECTOR_REQUIRED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/**
 * Whether fields left out of this manifest may be filled in elsewhere, so that "missing" findings
 * (`Required value`, a volume not found) would be noise: a partial manifest (options.partial: a
 * kustomize patch or resource; or one using patch directives), or an `apps/v1` workload without
 * `spec.selector` that also shows what only a patch or a kustomize base leaves out:
 * - a container without `image` (a strategic-merge patch matches containers by name and carries
 *   only what it changes; a complete manifest is rejected without one), or no `containers`;
 * - no pod template labels (a base whose kustomization's labels add both the selector and the
 *   template labels; a complete workload needs template labels that its selector matches).
 * A workload with its images and template labels and no selector is checked as complete: the
 * `schema` rule reports the missing selector and the other rules still run.
 */
export function isPartial(manifest: Manifest, options: AnalysisOptions): boolean {
  if (options.partial || manifest.isPatch) return true;
  if (manifest.apiVersion !== 'apps/v1' || !SELECTOR_REQUIRED.has(manifest.kind ?? '')) return false;
  const spec = getEntry(manifest.node, 'spec')?.value;
  const selector = getEntry(spec, 'selector');
  if (selector && selector.value !== null) return false;
  const pod = manifest.podSpec;
  const containers = pod ? pod.containers.filter((c) => c.role !== 'ephemeral') : [];
  if (!pod || !containers.some((c) => c.list === 'containers')) return true;
  if (containers.some((c) => !c.fields.has('image'))) return true;
  const labels = getEntry(getEntry(getEntry(spec, 'template')?.value, 'metadata')?.value, 'labels');
  return !labels || labels.value === null;
}

/** The closest valid label to `name`: lowercase, other characters → `-`, `-` collapsed and trimmed, at most 63. */
export function sanitiseLabel(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** Before 1.33 an image volume takes no mount with a sub-path: whether `m` sets one then. */
export function imageSubPathRefused(options: AnalysisOptions, m: VolumeMount): boolean {
  if (atLeast(options, 1, 33)) return false;
  return (['subPath', 'subPathExpr'] as const).some((key) => {
    const f = stringField(m, key);
    return f.kind === 'string' && f.value !== '';
  });
}

/**
 * Optimal string alignment distance (Levenshtein plus swaps of neighbours). Three rows of the
 * table, reused (`nearest` compares a name with every name of a kind in the workspace).
 */
export function distance(a: string, b: string): number {
  const n = b.length;
  let before = new Int32Array(n + 1); // row i - 2
  let previous = new Int32Array(n + 1); // row i - 1
  let row = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row[j] = d;
    }
    [before, previous, row] = [previous, row, before];
  }
  return previous[n];
}

/**
 * The declared name closest to `name` (distance 1 or 2), when exactly one is closest. `spend` is
 * asked before each comparison (a budget, `suggestions.ts`); when it says no, nothing is suggested.
 */
export function closest(name: string, declared: readonly string[], spend: () => boolean = () => true): string | undefined {
  // Volume names are DNS labels (63 characters): the table of a 100 kB name would be quadratic.
  if (name.length > 253) return undefined;
  let best: string[] = [];
  let bestDistance = 3;
  for (const candidate of new Set(declared)) {
    if (Math.abs(name.length - candidate.length) > bestDistance) continue; // farther than that already
    if (!spend()) return undefined;
    const dist = distance(name, candidate);
    if (dist < bestDistance) {
      best = [candidate];
      bestDistance = dist;
    } else if (dist === bestDistance) {
      best.push(candidate);
    }
  }
  return best.length === 1 ? best[0] : undefined;
}

/**
 * An error found in a custom resource's pod spec, said the way it happens: the API server
 * accepts the custom resource (its CRD does not carry the pod-spec rules) and rejects what its
 * controller creates from it. Other messages are returned as they are. The engine applies it to
 * every error, so each rule keeps the API server's own text.
 */
export function createdPodMessage(manifest: Manifest, span: Span, message: string): string {
  const workload = manifest.workload;
  const range = manifest.podSpec?.node.range;
  if (!workload?.custom || !range || span.start < range[0] || span.end > range[2]) return message;
  return `the ${workload.kind} is accepted; the ${workload.custom.creates} it creates will be rejected: ${message}`;
}
