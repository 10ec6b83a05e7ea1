/**
 * The Job that runs an init container once instead of in every pod: the fix of
 * `init-runs-per-replica` ("Extract into a Job") and the refactor "Move into a Job" build it here.
 * Same image, command, env, envFrom and volume mounts, the volumes they need, the pod's service
 * account, pull secrets and security context; `restartPolicy: Never` and a `backoffLimit`.
 */
import { isAlias, visit, type Node } from 'yaml';
import type { Manifest, YamlDocument } from '../model/document';
import { type Container, type PodSpec, stringField } from '../model/podSpec';
import { getEntry, scalarText } from '../model/yamlNodes';
import { sanitiseLabel } from './support';

function toJs(doc: YamlDocument, node: unknown): unknown {
  return (node as { toJS(d: unknown, o: unknown): unknown }).toJS(doc.yaml!, { maxAliasCount: 1000 });
}

/** A copy of a node for the new document: the node itself (style and comments kept) unless it holds anchors or aliases. */
function copyOf(doc: YamlDocument, node: Node): { node: unknown; js: unknown } {
  let linked = false;
  visit(node, {
    Node(_k, n) {
      if (isAlias(n) || (n as { anchor?: string }).anchor) {
        linked = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  const js = toJs(doc, node);
  return { node: linked ? js : node.clone(), js };
}

const NOT_COPIED = ['restartPolicy', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'];

/** The Job that runs the init container once (with `annotations` on it, when given); undefined when it cannot be made. */
export function jobFor(
  doc: YamlDocument,
  manifest: Manifest,
  pod: PodSpec,
  c: Container,
  annotations?: Record<string, string>,
): { value: unknown; js: unknown } | undefined {
  const name = manifest.name;
  if (!name || !c.name || /[$({]/.test(name)) return undefined;
  // Fields a regular init container may not have (init-forbidden-field, init-restart-policy-value)
  // would be checked as an app container's in the Job: fix those first.
  if (NOT_COPIED.some((k) => c.fields.has(k))) return undefined;
  // A Job's container needs an image (a pod template may have left it to kustomize).
  const image = stringField(c, 'image');
  if (image.kind !== 'string' || image.value.trim() === '') return undefined;
  const jobName = sanitiseLabel(`${name}-${c.name}`).slice(0, 63).replace(/-+$/, '');
  if (!jobName) return undefined;
  const container = copyOf(doc, c.node);
  const volumes: { node: unknown; js: unknown }[] = [];
  const seen = new Set<string>();
  for (const m of c.volumeMounts) {
    const v = pod.volumes.find((x) => x.name === m.name);
    if (!v || !v.name) return undefined; // a claim template or an undefined volume: the Job cannot have it
    if (!seen.has(v.name)) volumes.push(copyOf(doc, v.node));
    seen.add(v.name);
  }
  const namespace = scalarText(getEntry(getEntry(manifest.node, 'metadata')?.value, 'namespace')?.value);
  const build = (pick: 'node' | 'js') => {
    const spec: Record<string, unknown> = {};
    for (const key of ['serviceAccountName', 'imagePullSecrets', 'securityContext']) {
      const e = pod.fields.get(key);
      if (e?.value) spec[key] = copyOf(doc, e.value)[pick];
    }
    spec.containers = [container[pick]];
    if (volumes.length) spec.volumes = volumes.map((v) => v[pick]);
    spec.restartPolicy = 'Never';
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: jobName, ...(namespace ? { namespace } : {}), ...(annotations ? { annotations: { ...annotations } } : {}) },
      spec: { backoffLimit: 3, template: { spec } },
    };
  };
  return { value: build('node'), js: build('js') };
}
