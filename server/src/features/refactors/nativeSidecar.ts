/**
 * "Convert to native sidecar" (issue 16, refactor 1): an app container beside the app (a proxy,
 * log or metrics helper; in a Job the container whose command never exits) moves to
 * `initContainers` with `restartPolicy: Always`. Ground truth §3: a native sidecar starts in the
 * init order and keeps running; the kubelet stops it after the app containers.
 *
 * Where it goes: a network proxy (knowledge/images.ts) before the first regular init container
 * that is not the mesh's own traffic-redirect step (the init containers after it talk through
 * it), with a `startupProbe` skeleton on its first port so they wait until it listens; any other
 * helper after the last init container. Offered only when another app container remains, and
 * when the target's API server has native sidecars (on by default from 1.29; 1.28 has them only
 * behind the SidecarContainers feature gate, so not offered there).
 */
import { versionAtLeast } from '../../config/options';
import { moveItemInto } from '../../edits/moveInto';
import { helperImage, isMeshInitImage, isNetworkProxy } from '../../knowledge/images';
import type { Container } from '../../model/podSpec';
import type { RefactorProvider } from './refactor';
import { listSeq, podPath } from './support';

/** The first TCP container port, the probe's target. */
function firstPort(c: Container): number | undefined {
  return c.ports.find((p) => p.protocol === 'TCP' && p.containerPort !== undefined)?.containerPort;
}

export const nativeSidecar: RefactorProvider = {
  id: 'native-sidecar',
  offer({ doc, manifest, pod, container: c, options }) {
    if (!c || c.role !== 'app' || pod.appContainers.length < 2) return [];
    if (!versionAtLeast(options.kubernetesVersion, 1, 29)) return [];
    const from = listSeq(pod, 'containers');
    if (!from) return [];
    const proxy = isNetworkProxy(helperImage(c.image));
    const regular = pod.initContainers.filter((i) => i.role === 'init' && !isMeshInitImage(i.image));
    const at = proxy && regular.length && listSeq(pod, 'initContainers') ? regular[0].index : undefined;
    const port = firstPort(c);
    const probe =
      at !== undefined && port !== undefined && !c.fields.has('startupProbe')
        ? { startupProbe: { tcpSocket: { port }, periodSeconds: 1, failureThreshold: 30 } }
        : undefined;
    const path = podPath(manifest, pod);
    const edits = moveItemInto(doc, {
      from,
      fromPath: [...path, 'containers'],
      index: c.index,
      parent: pod.node,
      parentPath: path,
      key: 'initContainers',
      before: pod.fields.get('containers')?.pair,
      at,
      set: { restartPolicy: 'Always' },
      add: probe,
    });
    return edits ? [{ id: 'native-sidecar', title: 'Convert to native sidecar', kind: 'refactor.rewrite', edits }] : [];
  },
};
