/**
 * The references one YAML document makes to objects other files may define: a pod's Secrets,
 * ConfigMaps, PersistentVolumeClaims and ServiceAccount (names, and the keys of `secretKeyRef` /
 * `configMapKeyRef`), the Services its containers connect to (the hosts of
 * `rules/workspaceRefs.ts`: wait loops, exec-form args, env values), a StatefulSet's
 * `serviceName`, a pod's `subdomain` and an Ingress's backends. Each with its span in the document
 * (the name's characters, quotes excluded) and, for a name, the edits that rename what it names.
 *
 * Navigation and rename read them fresh from a document (`documentRefs`); the index keeps their
 * places only (`workspace/index.ts`).
 */
import { isScalar, type Node, type Scalar } from 'yaml';
import { containerConfigRefs, volumeConfigRefs } from '../model/configRefs';
import { podViews, type Manifest, type YamlDocument } from '../model/document';
import type { Edit, Span } from '../model/text';
import { asSeq, getEntry, nodeAt, scalarText } from '../model/yamlNodes';
import { YamlEditor } from '../edits/yamlEdit';
import { hostRefs } from '../rules/workspaceRefs';

/** The kinds a reference names. */
export type RefKind = 'Secret' | 'ConfigMap' | 'Service' | 'ServiceAccount' | 'PersistentVolumeClaim';

/**
 * Stands for "the namespace the manifest lands in" while a document is read on its own: the file
 * (its kustomization) decides it (`resolveNamespace`).
 */
export const FILE_NAMESPACE = '\u0000file';

export interface DocRef {
  kind: RefKind;
  name: string;
  /** The namespace it resolves in (`FILE_NAMESPACE`: the manifest's, decided by the file). */
  namespace: string;
  /** Set on a key reference (`secretKeyRef.key`): `span` is then the key's. */
  key?: string;
  span: Span;
  /** How the pod uses it (`env DB_PASSWORD secretKeyRef`, `nc -z postgres 5432`). */
  how: string;
  /** Whether the reference is a host inside a command or an env value (not a YAML name field). */
  host: boolean;
  /** A name reference: edits renaming the name it designates to `to`; undefined when that is refused. */
  rename?: (to: string) => Edit[] | undefined;
}

/** The namespace a reference resolves in, given the file's default. */
export function resolveNamespace(namespace: string, fileNamespace: string | undefined): string {
  return namespace === FILE_NAMESPACE ? (fileNamespace ?? 'default') : namespace;
}

/** The span of a scalar's characters, quotes excluded. */
export function valueSpan(node: Scalar): Span | undefined {
  const r = node.range;
  if (!r) return undefined;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  return quoted ? { start: r[0] + 1, end: r[1] - 1 } : { start: r[0], end: r[1] };
}

function stringScalar(node: Node | null | undefined): Scalar | undefined {
  return isScalar(node) && typeof node.value === 'string' && node.value !== '' ? node : undefined;
}

/** The namespace a manifest states, else FILE_NAMESPACE. */
export function statedNamespace(m: Manifest): string {
  return scalarText(getEntry(getEntry(m.node, 'metadata')?.value, 'namespace')?.value) || FILE_NAMESPACE;
}

/** The references of one document, in document order within each kind of field. */
export function documentRefs(doc: YamlDocument): DocRef[] {
  const out: DocRef[] = [];
  for (const manifest of doc.manifests) {
    if (manifest.isPatch) continue;
    const namespace = statedNamespace(manifest);
    const field = (kind: RefKind, node: Node | null | undefined, how: string, key?: Node | null) => {
      const name = stringScalar(node);
      const span = name && valueSpan(name);
      if (!name || !span) return;
      const value = name.value as string;
      out.push({ kind, name: value, namespace, span, how, host: false, rename: (to) => new YamlEditor(doc).setScalar(name, to) });
      const k = stringScalar(key);
      const keySpan = k && valueSpan(k);
      if (k && keySpan) out.push({ kind, name: value, namespace, key: k.value as string, span: keySpan, how, host: false });
    };
    for (const view of podViews(manifest)) {
      const pod = view.podSpec;
      if (!pod) continue;
      for (const c of pod.containers) {
        if (c.role === 'ephemeral') continue;
        for (const ref of containerConfigRefs(c)) field(ref.kind, ref.name, ref.how, ref.key);
        for (const h of hostRefs(doc, view, c, namespace)) {
          // The Service's label of the host (`postgres` of `postgres.db.svc`), when the source spells the host as it reads.
          const whole = h.span.end - h.span.start === h.host.length && h.host.startsWith(h.service);
          const span = whole ? { start: h.span.start, end: h.span.start + h.service.length } : h.span;
          out.push({ kind: 'Service', name: h.service, namespace: h.namespace, span, how: h.how, host: true, rename: (to) => h.rename(to) });
        }
      }
      for (const ref of volumeConfigRefs(pod)) field(ref.kind, ref.name, ref.how);
      for (const item of asSeq(pod.fields.get('imagePullSecrets')?.value)?.items ?? [])
        field('Secret', getEntry(item as Node, 'name')?.value, 'imagePullSecrets');
      for (const f of ['serviceAccountName', 'serviceAccount']) {
        const sa = stringScalar(pod.fields.get(f)?.value);
        if (sa && sa.value !== 'default') field('ServiceAccount', sa, f);
      }
      field('Service', pod.fields.get('subdomain')?.value, 'subdomain');
    }
    const spec = getEntry(manifest.node, 'spec')?.value;
    if (manifest.kind === 'StatefulSet') field('Service', getEntry(spec, 'serviceName')?.value, 'serviceName');
    if (manifest.kind === 'Ingress') {
      field('Service', nodeAt(spec, ['defaultBackend', 'service', 'name']), 'Ingress defaultBackend');
      for (const rule of asSeq(getEntry(spec, 'rules')?.value)?.items ?? []) {
        for (const p of asSeq(nodeAt(rule as Node, ['http', 'paths']))?.items ?? []) {
          field('Service', nodeAt(p as Node, ['backend', 'service', 'name']), 'Ingress backend');
        }
      }
    }
  }
  return out;
}
