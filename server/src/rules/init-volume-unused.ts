/**
 * `init-volume-unused`: a regular init container mounts an `emptyDir` volume that no other
 * container of the pod mounts: not a later init container, not a sidecar, not an app container.
 * An emptyDir exists only inside the pod and only containers that mount it see it, so whatever
 * the init container leaves there is never read: usually the mount meant to carry its output is
 * missing elsewhere, or the volume names differ. Reported on that `volumeMounts` entry. A container
 * that reads an env file from the volume (`env[].valueFrom.fileKeyRef`, ground truth §6.3) uses it
 * without mounting it.
 *
 * An emptyDir that an earlier init container also mounts is not reported: the later one may be
 * the reader (download, then unpack). Nor is one that is the container's scratch space: a
 * read-only mount, a scratch mount path (`/tmp`, `/var/tmp`, `/run`, caches) or volume name
 * (`tmp`, `temp`, `scratch`, `cache`), or a container that also writes to a volume that outlives
 * it or that others see (a claim, a hostPath, an emptyDir another container mounts). Partial
 * manifests (a patch may mount it elsewhere) are not judged.
 */
import { isScalar } from 'yaml';
import type { Container, PodSpec } from '../model/podSpec';
import { scalarText } from '../model/yamlNodes';
import { containerLabel } from './containerFacts';
import { envFileRefs } from './envFiles';
import type { Rule } from './rule';
import { apiMessage, isPartial, missingKeySpan, quote } from './support';

const SCRATCH_PATH = /^\/(?:tmp|var\/tmp|run|var\/run|var\/lock|dev\/shm)(?:\/|$)|(?:^|\/)\.?cache(?:\/|$)|(?:^|\/)tmp(?:\/|$)/;
const SCRATCH_NAME = /(?:^|[-_.])(?:tmp|temp|tmpdir|scratch|cache|caches|shm)(?:$|[-_.])|^(?:tmp|temp|scratch|cache)/;

function isTrue(c: { fields: Map<string, { value: unknown }> }, key: string): boolean {
  const v = c.fields.get(key)?.value;
  return isScalar(v) && v.value === true;
}

function mounts(c: Container, volume: string): boolean {
  return c.volumeMounts.some((m) => m.name === volume);
}

/** The volumes each container reads an env file from (`env[].valueFrom.fileKeyRef`, KEP-3721): no mount needed. */
function envFileVolumes(pod: PodSpec): Map<Container, Set<string>> {
  const out = new Map<Container, Set<string>>();
  for (const { container, ref } of envFileRefs(pod)) {
    const volume = scalarText(ref?.fields.get('volumeName')?.value);
    if (volume === undefined) continue;
    const volumes = out.get(container) ?? new Set<string>();
    out.set(container, volumes.add(volume));
  }
  return out;
}

export const initVolumeUnused: Rule = {
  id: 'init-volume-unused',
  defaultSeverity: 'warning',
  title: 'A regular init container mounts an `emptyDir` that no other container mounts or reads an env file from: what it writes there is never read.',
  check({ manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || isPartial(manifest, options)) return;
    const emptyDirs = new Set<string>();
    const seen = new Set<string>();
    for (const v of pod.volumes) {
      if (!v.name || seen.has(v.name)) continue;
      seen.add(v.name);
      if (v.source === 'emptyDir') emptyDirs.add(v.name);
    }
    /** Sources that are read-only by nature: writing there is not an output. */
    const READ_ONLY = new Set(['configMap', 'secret', 'downwardAPI', 'projected', 'image']);
    const sources = new Map<string, string | undefined>();
    for (const v of [...pod.volumes, ...pod.volumeClaimTemplates]) if (v.name && !sources.has(v.name)) sources.set(v.name, v.source);
    const readsEnvFile = envFileVolumes(pod);
    const mountedBy = (name: string, except: Container) =>
      pod.containers.some((x) => x !== except && x.role !== 'ephemeral' && (mounts(x, name) || readsEnvFile.get(x)?.has(name) === true));
    for (const c of pod.initContainers) {
      if (c.role !== 'init') continue;
      const writable = c.volumeMounts.filter((m) => m.name !== undefined && !isTrue(m, 'readOnly') && !READ_ONLY.has(sources.get(m.name) ?? 'configMap'));
      // Another way out for its results: a volume that outlives the container or that others see.
      const output = writable.some((m) => !emptyDirs.has(m.name!) || mountedBy(m.name!, c));
      if (output) continue;
      const reported = new Set<string>();
      for (const m of writable) {
        const name = m.name!;
        if (!emptyDirs.has(name) || reported.has(name) || SCRATCH_NAME.test(name.toLowerCase())) continue;
        if (m.mountPath === undefined || SCRATCH_PATH.test(m.mountPath)) continue;
        reported.add(name);
        const entry = m.fields.get('name');
        report({
          span: entry?.valueSpan ?? missingKeySpan(m),
          message: apiMessage(
            m.path,
            `init container ${containerLabel(c)} mounts emptyDir ${quote(name)} at ${m.mountPath}, and no other container mounts it`,
            `an emptyDir is seen only by the containers that mount it, so whatever ${containerLabel(c)} leaves there is never read; mount ${quote(name)} in the container that needs the files, or drop the mount.`,
          ),
        });
      }
    }
  },
};
