/**
 * Which feature gates are on by default at the target version, for the rules that follow them
 * (the table is `knowledge/featureGates.ts`). A cluster can switch an alpha gate on; a rule that meets a field of a gate off
 * by default says so ("dropped unless …") rather than asserting what every cluster does.
 */
import { versionAtLeast, type AnalysisOptions } from '../config/options';
import { GATES, onByDefault, type FeatureGate } from '../knowledge/featureGates';

const on = (gate: FeatureGate, options: AnalysisOptions): boolean => onByDefault(gate, options.kubernetesVersion);
const inApi = (gate: FeatureGate, options: AnalysisOptions): boolean => versionAtLeast(options.kubernetesVersion, 1, gate.since);

/** `ContainerRestartRules` (KEP-5307): container `restartPolicy` and `restartPolicyRules`; alpha (off) 1.34, beta (on) from 1.35. */
export function containerRestartRulesOn(options: AnalysisOptions): boolean {
  return on(GATES.containerRestartRules, options);
}

/** Whether the API knows container restart policies other than `Always` at all (from 1.34, gate or not). */
export function containerRestartRulesInApi(options: AnalysisOptions): boolean {
  return inApi(GATES.containerRestartRules, options);
}

/** `RestartAllContainersOnContainerExits` (KEP-5532): alpha (off) 1.35, beta (on) from 1.36. */
export function restartAllContainersOn(options: AnalysisOptions): boolean {
  return on(GATES.restartAllContainers, options);
}

/** `EnvFiles` (KEP-3721): `env[].valueFrom.fileKeyRef`; alpha (off) 1.34, beta (on) from 1.35. */
export function envFilesOn(options: AnalysisOptions): boolean {
  return on(GATES.envFiles, options);
}

/** `PodLevelResources` (KEP-2837): alpha (off) 1.32–1.33, beta (on) from 1.34. */
export function podLevelResourcesOn(options: AnalysisOptions): boolean {
  return on(GATES.podLevelResources, options);
}

/** `ImageVolume` (KEP-4639): beta on by default from 1.35, GA from 1.36. */
export function imageVolumesOn(options: AnalysisOptions): boolean {
  return on(GATES.imageVolume, options);
}

/** `ContainerStopSignals` (KEP-4960): alpha, off by default from 1.33 through 1.37. */
export function stopSignalsInApi(options: AnalysisOptions): boolean {
  return inApi(GATES.containerStopSignals, options);
}
