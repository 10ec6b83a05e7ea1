/**
 * Feature gates of the init-container and sidecar path, Kubernetes 1.31–1.37 (ground truth §6.0):
 * from which release the field a gate guards exists in the API, and from which release the gate
 * is on by default. A gate that is off by default makes the API server drop its field without a
 * word (`dropDisabledFields`), unless the cluster enables it. Versions are minors of 1.x.
 */
import { versionAtLeast, type KubeVersion } from '../config/options';

export interface FeatureGate {
  name: string;
  /** The first release whose API has the field (alpha, off). */
  since: number;
  /** The first release where the gate is on by default; undefined: off up to `knownUpTo`. */
  onFrom?: number;
}

/** The newest release the table describes (§6: the 1.37 code freeze). */
export const GATES_KNOWN_UP_TO = 37;

export const GATES = {
  // KEP-5307: alpha off 1.34, beta on 1.35.
  containerRestartRules: { name: 'ContainerRestartRules', since: 34, onFrom: 35 },
  // KEP-5532: not in the API at 1.34, alpha off 1.35, beta on 1.36.
  restartAllContainers: { name: 'RestartAllContainersOnContainerExits', since: 35, onFrom: 36 },
  // KEP-3721: alpha off 1.34, beta on 1.35.
  envFiles: { name: 'EnvFiles', since: 34, onFrom: 35 },
  // KEP-2837: alpha off 1.32–1.33, beta on 1.34.
  podLevelResources: { name: 'PodLevelResources', since: 32, onFrom: 34 },
  // KEP-4960: alpha off 1.33–1.37 (beta not merged by the 1.37 freeze).
  containerStopSignals: { name: 'ContainerStopSignals', since: 33 },
  // KEP-4639: alpha 1.31, beta off 1.33–1.34, beta on 1.35, GA 1.36.
  imageVolume: { name: 'ImageVolume', since: 31, onFrom: 35 },
  // KEP-4317: alpha off 1.34, beta off 1.35–1.36, GA on 1.37.
  podCertificateRequest: { name: 'PodCertificateRequest', since: 34, onFrom: 37 },
  // §6.8: 1.37 alpha probe and mount fields (their drop functions unread: presumably dropped).
  h2cContainerProbe: { name: 'H2CContainerProbe', since: 37 },
  grpcContainerProbeTLS: { name: 'GRPCContainerProbeTLS', since: 37 },
  volumeBindMountOptions: { name: 'VolumeBindMountOptions', since: 37 },
} as const satisfies Record<string, FeatureGate>;

/** Whether the gate's field exists at `v` and the gate is off by default there (so the field is dropped). */
export function droppedAt(gate: FeatureGate, v: KubeVersion): boolean {
  if (!versionAtLeast(v, 1, gate.since)) return false; // not in the API: an unknown field (schema)
  if (gate.onFrom !== undefined) return !versionAtLeast(v, 1, gate.onFrom);
  return !versionAtLeast(v, 1, GATES_KNOWN_UP_TO + 1);
}

/** Whether the gate is on by default at `v` (its field exists and is kept). */
export function onByDefault(gate: FeatureGate, v: KubeVersion): boolean {
  return gate.onFrom !== undefined && versionAtLeast(v, 1, gate.onFrom);
}

/** "on by default from 1.35", or "not on by default in any release up to 1.37". */
export function gateDefaultText(gate: FeatureGate): string {
  return gate.onFrom !== undefined ? `on by default from 1.${gate.onFrom}` : `not on by default in any release up to 1.${GATES_KNOWN_UP_TO}`;
}
