/**
 * "Add an init container that fills <volume>" (issue 16, refactor 7) on an `emptyDir` volume, or
 * on a mount of one, that no init container mounts: an emptyDir starts empty, and the containers
 * that read it see only what something wrote there first. The skeleton init container mounts it
 * at the path its readers use (the first mount of it, else `/<volume>`) and comes before the
 * other init containers; its command is a placeholder that fails with a message until it is
 * replaced, so a forgotten skeleton cannot pass for a filled volume.
 */
import { insertItem } from '../../edits/insertItem';
import type { RefactorProvider } from './refactor';
import { podPath } from './support';

/** Pinned by tag: a small image with a shell. */
const IMAGE = 'busybox:1.36';

export const fillVolume: RefactorProvider = {
  id: 'fill-volume',
  offer({ doc, manifest, pod, container: c, offset }) {
    const mount = c?.volumeMounts.find((m) => offset >= m.span.start && offset <= m.span.end);
    const volume = mount ? pod.volumes.find((v) => v.name === mount.name) : pod.volumes.find((v) => offset >= v.span.start && offset <= v.span.end);
    if (!volume?.name || volume.source !== 'emptyDir') return [];
    if (pod.initContainers.some((i) => i.volumeMounts.some((m) => m.name === volume.name))) return [];
    const readers = pod.containers.flatMap((x) => x.volumeMounts).filter((m) => m.name === volume.name && m.mountPath);
    const path = readers[0]?.mountPath ?? `/${volume.name}`;
    const name = `fill-${volume.name}`.slice(0, 63).replace(/-+$/, '');
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || pod.containers.some((x) => x.name === name)) return [];
    const init = {
      name,
      image: IMAGE,
      command: ['sh', '-c', `echo "write the files of ${path} here" >&2; exit 1`],
      volumeMounts: [{ name: volume.name, mountPath: path }],
    };
    const at = pod.initContainers.length ? 0 : undefined;
    const edits = insertItem(doc, pod.node, podPath(manifest, pod), 'initContainers', init, at, pod.fields.get('containers')?.pair);
    return edits ? [{ id: 'fill-volume', title: `Add an init container that fills ${volume.name}`, kind: 'refactor.rewrite', edits }] : [];
  },
};
