/**
 * Which feature gates of ground truth §6.0 are on by default at the target version, for the rules
 * that follow them. A cluster can switch an alpha gate on; a rule that meets a field of a gate off
 * by default says so ("dropped unless …") rather than asserting what every cluster does.
 */
import { atLeast, type AnalysisOptions } from '../config/options';

/** `ContainerRestartRules` (KEP-5307): container `restartPolicy` and `restartPolicyRules`; alpha (off) 1.34, beta (on) from 1.35. */
export function containerRestartRulesOn(options: AnalysisOptions): boolean {
  return atLeast(options, 1, 35);
}

/** Whether the API knows container restart policies other than `Always` at all (from 1.34, gate or not). */
export function containerRestartRulesInApi(options: AnalysisOptions): boolean {
  return atLeast(options, 1, 34);
}

/** `RestartAllContainersOnContainerExits` (KEP-5532): alpha (off) 1.35, beta (on) from 1.36. */
export function restartAllContainersOn(options: AnalysisOptions): boolean {
  return atLeast(options, 1, 36);
}

/** `EnvFiles` (KEP-3721): `env[].valueFrom.fileKeyRef`; alpha (off) 1.34, beta (on) from 1.35. */
export function envFilesOn(options: AnalysisOptions): boolean {
  return atLeast(options, 1, 35);
}

/** `PodLevelResources` (KEP-2837): alpha (off) 1.32–1.33, beta (on) from 1.34. */
export function podLevelResourcesOn(options: AnalysisOptions): boolean {
  return atLeast(options, 1, 34);
}

/** `ImageVolume` (KEP-4639): beta on by default from 1.35, GA from 1.36. */
export function imageVolumesOn(options: AnalysisOptions): boolean {
  return atLeast(options, 1, 35);
}

/** `ContainerStopSignals` (KEP-4960): alpha, off by default from 1.33 through 1.37. */
export function stopSignalsInApi(options: AnalysisOptions): boolean {
  return atLeast(options, 1, 33);
}
