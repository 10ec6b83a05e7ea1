/**
 * `field-dropped-at-target` (ground truth §6, warning): a field the target's API server removes
 * without a word because its feature gate is off by default there (`dropDisabledFields`): the
 * manifest is accepted and behaves as if the field were not there.
 *
 *   restartPolicyRules (any container)        1.34          ContainerRestartRules, on from 1.35
 *   spec.resources (pod level)                 1.32–1.33     PodLevelResources, on from 1.34
 *   volumes[].image, with the mounts naming it 1.31–1.34     ImageVolume, on from 1.35
 *   lifecycle.stopSignal                        1.33–1.37     ContainerStopSignals, off up to 1.37
 *   projected.sources[].podCertificate          1.34–1.36     PodCertificateRequest, on from 1.37
 *   httpGet.protocol, grpc.mode (probes, hooks) 1.37          H2CContainerProbe, GRPCContainerProbeTLS
 *   volumeMounts[].bindMountOptions             1.37          VolumeBindMountOptions
 *
 * Below the first release of a field the schema rule reports it (an unknown field). Container
 * `restartPolicy` at 1.34 is `init-restart-policy-value`'s and `restart-policy-on-app-container`'s;
 * `env[].valueFrom.fileKeyRef` at 1.34 is not silently dropped (the emptied `valueFrom` is
 * rejected: `env-file-invalid`). The fix removes the field: safe, the server drops it anyway.
 */
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { formatKubeVersion } from '../config/options';
import { YamlEditor } from '../edits/yamlEdit';
import { droppedAt, gateDefaultText, GATES, type FeatureGate } from '../knowledge/featureGates';
import type { Container, PodSpec } from '../model/podSpec';
import type { Edit } from '../model/text';
import { entries, getEntry, type Entry, type Path } from '../model/yamlNodes';
import { containerLabel } from './containerFacts';
import type { Fix, Rule, RuleContext } from './rule';
import { stopSignalProblem } from './stopSignals';
import { apiMessage } from './support';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HOOKS = ['postStart', 'preStop'] as const;

/** Edits that do not overlap, in one fix; undefined if any part is refused or two overlap. */
function combined(parts: (Edit[] | undefined)[]): Edit[] | undefined {
  const all: Edit[] = [];
  for (const p of parts) {
    if (!p) return undefined;
    all.push(...p);
  }
  all.sort((a, b) => a.span.start - b.span.start);
  for (let i = 1; i < all.length; i++) if (all[i].span.start < all[i - 1].span.end) return undefined;
  return all;
}

export const fieldDroppedAtTarget: Rule = {
  id: 'field-dropped-at-target',
  defaultSeverity: 'warning',
  title: 'A field the target API server drops without a word: its feature gate is off by default there.',
  check(ctx) {
    const spec = ctx.manifest.podSpec;
    if (!spec) return;
    const v = ctx.options.kubernetesVersion;
    const at = formatKubeVersion(v);
    const editor = (): YamlEditor => new YamlEditor(ctx.doc);

    const drop = (path: Path, entry: Entry, gate: FeatureGate, what: string, remove: () => Edit[] | undefined, title: string): void => {
      const fixes = (): Fix[] => {
        const edits = remove();
        return edits ? [{ title, edits, safe: true, preferred: true }] : [];
      };
      ctx.report({
        span: entry.keySpan,
        message: apiMessage(
          path,
          `dropped by a ${at} API server: the ${gate.name} feature gate is off by default there (${gateDefaultText(gate)})`,
          `${what} The pod is accepted as if the field were not there, unless the cluster enables the gate.`,
        ),
        fixes,
      });
    };
    const removeKey = (map: YAMLMap, entry: Entry) => (): Edit[] | undefined => editor().removePair(map, entry.pair);

    // Pod-level resources.
    const podResources = spec.fields.get('resources');
    if (podResources && droppedAt(GATES.podLevelResources, v)) {
      drop(
        [...spec.path, 'resources'],
        podResources,
        GATES.podLevelResources,
        'the pod-level requests and limits are not applied: the pod is sized and scheduled by its containers alone.',
        removeKey(spec.node, podResources),
        'Remove pod-level `resources`',
      );
    }

    // Image volumes and the mounts that name them.
    const volumesSeq = spec.fields.get('volumes')?.value;
    if (droppedAt(GATES.imageVolume, v) && isSeq(volumesSeq)) {
      for (const vol of spec.volumes) {
        const image = vol.fields.get('image');
        if (!image) continue;
        const mounts = spec.containers.flatMap((c) => c.volumeMounts.filter((m) => m.name !== undefined && m.name === vol.name).map((m) => ({ c, m })));
        const where = mounts.length
          ? ` Its mounts go with it (${mounts.map(({ c, m }) => `${containerLabel(c)} at ${m.mountPath ?? '?'}`).join(', ')}): the containers start with an empty directory there.`
          : '';
        drop(
          [...vol.path, 'image'],
          image,
          GATES.imageVolume,
          `the image volume${vol.name ? ` "${vol.name}"` : ''} is removed from the pod.${where}`,
          () => {
            // Removing items of one list one by one shifts indexes: one edit per list, each from the original text.
            const parts: (Edit[] | undefined)[] = [editor().removeItem(volumesSeq, vol.index)];
            for (const { c, m } of mounts) {
              const seq = c.fields.get('volumeMounts')?.value;
              parts.push(isSeq(seq) ? editor().removeItem(seq, m.index) : undefined);
            }
            return combined(parts);
          },
          mounts.length ? 'Remove the image volume and its mounts' : 'Remove the image volume',
        );
        for (const { c, m } of mounts) {
          const name = m.fields.get('name');
          if (!name) continue;
          ctx.report({
            span: name.valueSpan,
            message: apiMessage(
              [...m.path, 'name'],
              `dropped by a ${at} API server with the image volume "${vol.name}": the ${GATES.imageVolume.name} feature gate is off by default there (${gateDefaultText(GATES.imageVolume)})`,
              `${containerLabel(c)} starts without this mount: ${m.mountPath ?? 'its mount path'} is an empty directory of the container's own image.`,
            ),
          });
        }
      }
    }

    // Projected pod certificates.
    if (droppedAt(GATES.podCertificateRequest, v)) {
      for (const vol of spec.volumes) {
        const sources = getEntry(vol.fields.get('projected')?.value, 'sources')?.value;
        if (!isSeq(sources)) continue;
        sources.items.forEach((item, i) => {
          if (!isMap(item)) return;
          const cert = getEntry(item, 'podCertificate');
          if (!cert) return;
          const only = entries(item).length === 1;
          drop(
            [...vol.path, 'projected', 'sources', i, 'podCertificate'],
            cert,
            GATES.podCertificateRequest,
            'the projection source is emptied: the pod starts without the certificate and key files.',
            () => (only ? editor().removeItem(sources, i) : editor().removePair(item, cert.pair)),
            only ? 'Remove the podCertificate source' : 'Remove `podCertificate`',
          );
        });
      }
    }

    for (const c of spec.containers) {
      if (c.list === 'ephemeralContainers') continue; // forbidden there altogether (R13)
      containerFields(spec, c, v, drop, removeKey);
    }
  },
};

type Drop = (path: Path, entry: Entry, gate: FeatureGate, what: string, remove: () => Edit[] | undefined, title: string) => void;

function containerFields(
  pod: PodSpec,
  c: Container,
  v: RuleContext['options']['kubernetesVersion'],
  drop: Drop,
  removeKey: (map: YAMLMap, e: Entry) => () => Edit[] | undefined,
): void {
  const rules = c.fields.get('restartPolicyRules');
  if (rules && droppedAt(GATES.containerRestartRules, v)) {
    drop(
      [...c.path, 'restartPolicyRules'],
      rules,
      GATES.containerRestartRules,
      `the restart rules of ${containerLabel(c)} are removed: it restarts as if it had none.`,
      removeKey(c.node, rules),
      'Remove `restartPolicyRules`',
    );
  }

  const lifecycle = c.fields.get('lifecycle');
  const lifecycleMap = lifecycle?.value;
  const stop = getEntry(lifecycleMap, 'stopSignal');
  // A signal an API server with the gate on would reject is stop-signal-invalid's to explain.
  if (lifecycle && stop && isMap(lifecycleMap) && droppedAt(GATES.containerStopSignals, v) && !stopSignalProblem(pod, c)) {
    const only = entries(lifecycleMap).length === 1;
    drop(
      [...c.path, 'lifecycle', 'stopSignal'],
      stop,
      GATES.containerStopSignals,
      `${containerLabel(c)} is stopped with its image's STOPSIGNAL (SIGTERM by default)${only ? '; `lifecycle`, left empty, is removed with it' : ''}.`,
      only ? removeKey(c.node, lifecycle) : removeKey(lifecycleMap, stop),
      only ? 'Remove `lifecycle` (only `stopSignal`)' : 'Remove `stopSignal`',
    );
  }

  // 1.37 alpha: httpGet.protocol and grpc.mode in probes and hooks, bindMountOptions on mounts.
  const handlers: { path: Path; map: Node | null | undefined }[] = [];
  for (const p of PROBES) handlers.push({ path: [...c.path, p], map: c.fields.get(p)?.value });
  for (const h of HOOKS) handlers.push({ path: [...c.path, 'lifecycle', h], map: getEntry(lifecycleMap, h)?.value });
  for (const h of handlers) {
    for (const [action, field, gate] of [
      ['httpGet', 'protocol', GATES.h2cContainerProbe],
      ['grpc', 'mode', GATES.grpcContainerProbeTLS],
    ] as const) {
      const actionMap = getEntry(h.map, action)?.value;
      const e = getEntry(actionMap, field);
      if (e && isMap(actionMap) && droppedAt(gate, v)) {
        drop(
          [...h.path, action, field],
          e,
          gate,
          `the ${action} action runs with its default ${field === 'protocol' ? 'protocol (HTTP/1.1)' : 'mode (plaintext)'}.`,
          removeKey(actionMap, e),
          `Remove \`${field}\``,
        );
      }
    }
  }
  if (droppedAt(GATES.volumeBindMountOptions, v)) {
    for (const m of c.volumeMounts) {
      const e = m.fields.get('bindMountOptions');
      if (e)
        drop(
          [...m.path, 'bindMountOptions'],
          e,
          GATES.volumeBindMountOptions,
          'the volume is mounted with the default options.',
          removeKey(m.node, e),
          'Remove `bindMountOptions`',
        );
    }
  }
}
