/**
 * "Wait for Service <name>" (issue 16, refactor 6) on a pod spec (its `initContainers` key, or a
 * container): an init container that waits, with a bound, until a Service defined in the same
 * file accepts connections on its port (`nc -z`, inside `timeout 120`; the pod's start fails, and
 * is retried by the kubelet, rather than hanging). One action per Service of the file (at most 8), first
 * the ones the pod spec mentions (`svc`, `svc.ns`, `svc.ns.svc.cluster.local`, `$SVC_SERVICE_HOST`),
 * never a Service that selects the pod itself (it would wait for its own readiness). Placed before
 * the first regular init container (after the sidecars before it: a proxy it may need), with a
 * small image pinned by tag. Services are looked for in the file only, not the workspace.
 */
import { insertItem } from '../../edits/insertItem';
import { entries, getEntry, nodeAt, scalarText } from '../../model/yamlNodes';
import type { Refactor, RefactorProvider } from './refactor';
import { podPath } from './support';

const IMAGE = 'busybox:1.36';
const TIMEOUT_SECONDS = 120;
/** At most this many actions: each is checked by a parse of the document, on every code action request. */
const MAX_OFFERED = 8;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const waitForService: RefactorProvider = {
  id: 'wait-for-service',
  offer({ doc, manifest, pod, container: c, offset, services }) {
    const key = pod.fields.get('initContainers');
    // On a container, or on the line of the `initContainers` key.
    if (!c && !(key && doc.lines.positionAt(offset).line === doc.lines.positionAt(key.keySpan.start).line)) return [];
    const meta = getEntry(manifest.node, 'metadata')?.value;
    const namespace = scalarText(getEntry(meta, 'namespace')?.value);
    // The pod's own labels (the template's, or the Pod's).
    const labels = new Map<string, string | undefined>();
    for (const e of entries(getEntry(nodeAt(manifest.node, [...pod.path.slice(0, -1), 'metadata']), 'labels')?.value)) labels.set(e.key, scalarText(e.value));
    const text = doc.text.slice(pod.node.range?.[0] ?? 0, pod.node.range?.[1] ?? 0);
    const stripped = text.replace(/^\s*-?\s*name:.*$/gm, '');
    const candidates = services
      .filter((s) => s.port !== undefined && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s.name))
      // Not a Service that selects this pod.
      .filter((s) => !(s.selector && Object.keys(s.selector).length && Object.entries(s.selector).every(([k, v]) => labels.get(k) === v)))
      .map((s) => {
        const env = `${s.name.toUpperCase().replace(/-/g, '_')}_SERVICE_HOST`;
        const dns = new RegExp(`(?<![\\w.-])${escape(s.name)}(?:\\.[a-z0-9-]+(?:\\.svc(?:\\.cluster\\.local)?)?)?(?![\\w-])`);
        return { s, mentioned: dns.test(stripped) || text.includes(env) };
      });
    const ordered = [...candidates.filter((x) => x.mentioned), ...candidates.filter((x) => !x.mentioned)];
    const first = pod.initContainers.find((i) => i.role === 'init');
    const out: Refactor[] = [];
    for (const { s } of ordered) {
      if (out.length >= MAX_OFFERED) break;
      const name = `wait-${s.name}`.slice(0, 63).replace(/-+$/, '');
      if (pod.containers.some((x) => x.name === name)) continue;
      const host = s.namespace === undefined || s.namespace === namespace ? s.name : `${s.name}.${s.namespace}.svc`;
      const init = {
        name,
        image: IMAGE,
        command: ['sh', '-c', `timeout ${TIMEOUT_SECONDS} sh -c 'until nc -z -w 2 ${host} ${s.port}; do sleep 2; done'`],
      };
      const edits = insertItem(doc, pod.node, podPath(manifest, pod), 'initContainers', init, first?.index, pod.fields.get('containers')?.pair);
      if (edits) out.push({ id: 'wait-for-service', title: `Wait for Service ${s.name}`, kind: 'refactor.rewrite', edits });
    }
    return out;
  },
};
