/**
 * R19 `env-file-without-producer` (ground truth §6.3): the API server does not check who writes
 * the env file a `fileKeyRef` reads. The kubelet reads it when the reading container starts, so
 * a regular init container earlier in the list must mount the emptyDir and write it: it runs to
 * completion before the next container starts. Reported when no earlier regular init container
 * mounts the volume (writable): either nothing writes it (the container does not start, or the
 * variable stays unset with `optional: true`), or the only writers are sidecars or app containers,
 * which start at the same time as the reader or before it has written (a race).
 * From 1.35, where `EnvFiles` is on by default; partial manifests are not judged.
 */
import { isScalar } from 'yaml';
import { type Container, type PodSpec, stringField } from '../model/podSpec';
import { containerLabel } from './containerFacts';
import { envFileRefs } from './envFiles';
import type { Rule } from './rule';
import { apiMessage, isPartial, isTemplated, quote } from './support';
import { envFilesOn } from './targetGates';

/** Whether `c` mounts `volume` writable. */
function writes(c: Container, volume: string): boolean {
  return c.volumeMounts.some((m) => {
    if (m.name !== volume) return false;
    const ro = m.fields.get('readOnly')?.value;
    return !(isScalar(ro) && ro.value === true);
  });
}

/** The containers that start, and run to completion, before `c` starts: the regular init containers before it. */
function completedBefore(pod: PodSpec, c: Container): Container[] {
  const limit = c.list === 'initContainers' ? c.index : Number.POSITIVE_INFINITY;
  return pod.initContainers.filter((i) => i.role === 'init' && i.index < limit);
}

/**
 * The containers that may be running, but not done, when `c` starts: for an init container (or
 * sidecar) the sidecars before it; for an app container every sidecar and the other app containers.
 */
function startedWith(pod: PodSpec, c: Container): Container[] {
  if (c.list === 'initContainers') return pod.initContainers.filter((i) => i.role === 'sidecar' && i.index < c.index);
  return pod.containers.filter((x) => x !== c && (x.role === 'sidecar' || x.role === 'app'));
}

export const envFileWithoutProducer: Rule = {
  id: 'env-file-without-producer',
  defaultSeverity: 'warning',
  title: 'A `fileKeyRef` reads an env file that no earlier regular init container writes (nothing writes it, or only a sidecar or an app container: a race).',
  check({ manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || !envFilesOn(options) || isPartial(manifest, options)) return;
    const emptyDirs = new Set(pod.volumes.filter((v) => v.source === 'emptyDir' && v.name !== undefined).map((v) => v.name!));
    for (const r of envFileRefs(pod)) {
      if (!r.ref || r.container.role === 'ephemeral') continue;
      const name = stringField(r.ref, 'volumeName');
      if (name.kind !== 'string' || !emptyDirs.has(name.value) || isTemplated(name.value)) continue; // env-file-invalid's
      const volume = name.value;
      if (completedBefore(pod, r.container).some((i) => writes(i, volume))) continue;
      const reader = containerLabel(r.container);
      const flag = r.ref.fields.get('optional')?.value;
      const optional = isScalar(flag) && flag.value === true;
      const missing = optional
        ? `the variable${r.env.name ? ` ${r.env.name}` : ''} stays unset`
        : `${reader} does not start (the kubelet cannot read the file)`;
      const racers = startedWith(pod, r.container).filter((x) => writes(x, volume));
      const path = [...r.ref.path, 'volumeName'];
      if (racers.length > 0) {
        const sidecar = racers.some((x) => x.role === 'sidecar');
        const who = racers.map((x) => `${x.role === 'sidecar' ? 'sidecar' : 'app container'} ${containerLabel(x)}`).join(', ');
        report({
          span: name.span,
          message: apiMessage(
            path,
            `emptyDir ${quote(volume)} is written only by ${who}, which may not have written the env file when ${reader} starts`,
            `the kubelet reads the file as ${reader} starts, and ${sidecar ? 'the next container starts as soon as a sidecar has started, not when it has written the file' : 'app containers start together'}; if it is not there yet, ${missing}. Write it in a regular init container${sidecar ? ', or give the sidecar a startupProbe that tests for the file' : ''}.`,
          ),
        });
        continue;
      }
      const later = pod.containers.filter((x) => x !== r.container && x.role !== 'ephemeral' && writes(x, volume));
      const after = later.length
        ? ` (${later.map(containerLabel).join(', ')} mount${later.length > 1 ? '' : 's'} it, but start${later.length > 1 ? '' : 's'} after ${reader})`
        : '';
      report({
        span: name.span,
        message: apiMessage(
          path,
          `no init container before ${reader} mounts emptyDir ${quote(volume)}, so nothing writes the env file before it starts${after}`,
          `the kubelet reads the file from the volume as ${reader} starts; without it ${missing}. Mount ${quote(volume)} in a regular init container before ${reader} that writes the file (\`KEY='value'\` lines).`,
        ),
      });
    }
  },
};
