/**
 * The registry: every rule initlens runs, one file each, named after its id in the catalogue
 * (`../shared/docs/rules.md`; the ids are a public contract).
 */
import { NOT_ANALYSED, YAML_SYNTAX } from './engine';
import type { Rule, RuleInfo } from './rule';
import { containerNameInvalid } from './container-name-invalid';
import { schema } from './schema';
import { fieldDroppedAtTarget } from './field-dropped-at-target';
import { initRestartPolicyValue } from './init-restart-policy-value';
import { restartPolicyOnAppContainer } from './restart-policy-on-app-container';
import { initForbiddenField } from './init-forbidden-field';
import { probeInvalid } from './probe-invalid';
import { podRestartPolicyInvalid } from './pod-restart-policy-invalid';
import { activeDeadlineSecondsForbidden } from './active-deadline-seconds-forbidden';
import { ephemeralContainersInManifest } from './ephemeral-containers-in-manifest';
import { apiVersionRemoved } from './api-version-removed';
import { sidecarUnsupportedVersion } from './sidecar-unsupported-version';
import { resizePolicyOnInit } from './resize-policy-on-init';
import { resourcesRequestExceedsLimit } from './resources-request-exceeds-limit';
import { containerNameDuplicate } from './container-name-duplicate';
import { imageMissing } from './image-missing';
import { volumeMountUndefined } from './volume-mount-undefined';
import { volumeMountPathDuplicate } from './volume-mount-path-duplicate';
import { volumeMountSubpathInvalid } from './volume-mount-subpath-invalid';
import { volumeNameDuplicate } from './volume-name-duplicate';
import { portInvalid } from './port-invalid';
import { sidecarInAppContainers } from './sidecar-in-app-containers';
import { secretLiteralInEnv } from './secret-literal-in-env';
import { initVolumeUnused } from './init-volume-unused';
import { initOutputNotOnVolume } from './init-output-not-on-volume';
import { sidecarWithoutStartupProbe } from './sidecar-without-startup-probe';
import { sidecarHostPortConflict } from './sidecar-host-port-conflict';
import { initResourcesMissing } from './init-resources-missing';
import { imageTagMutable } from './image-tag-mutable';
import { initPortsIgnored } from './init-ports-ignored';
import { podTemplateByShape } from './pod-template-by-shape';
import { initBeforeSidecar } from './init-before-sidecar';
import { initResourcesDominate } from './init-resources-dominate';
import { execFormShellSyntax } from './exec-form-shell-syntax';
import { envReferenceWithoutShell } from './env-reference-without-shell';
import { envReferenceUndefined } from './env-reference-undefined';
import { downwardApiEnvMissing } from './downward-api-env-missing';
import { initNeverCompletes } from './init-never-completes';
import { initRunsPerReplica } from './init-runs-per-replica';
import { initScriptNotIdempotent } from './init-script-not-idempotent';
import { waitLoopWithoutTimeout } from './wait-loop-without-timeout';
import { serviceNotFound } from './service-not-found';
import { configReferenceNotFound } from './config-reference-not-found';
import { serviceTargetPortUnresolved } from './service-target-port-unresolved';
import { packageInstallAtStartup } from './package-install-at-startup';
import { restartPolicyRulesInvalid } from './restart-policy-rules-invalid';
import { restartPolicyRulesIneffective } from './restart-policy-rules-ineffective';
import { envFileInvalid } from './env-file-invalid';
import { podResourcesInvalid } from './pod-resources-invalid';
import { stopSignalInvalid } from './stop-signal-invalid';
import { envFileWithoutProducer } from './env-file-without-producer';
import { initCouldBeImageVolume } from './init-could-be-image-volume';

export const RULES: readonly Rule[] = [
  // The API server would reject it (rules.md, section A).
  schema,
  initRestartPolicyValue,
  restartPolicyOnAppContainer,
  initForbiddenField,
  probeInvalid,
  podRestartPolicyInvalid,
  activeDeadlineSecondsForbidden,
  ephemeralContainersInManifest,
  apiVersionRemoved,
  resourcesRequestExceedsLimit,
  containerNameInvalid,
  containerNameDuplicate,
  imageMissing,
  volumeMountUndefined,
  volumeMountPathDuplicate,
  volumeMountSubpathInvalid,
  volumeNameDuplicate,
  portInvalid,
  restartPolicyRulesInvalid,
  envFileInvalid,
  podResourcesInvalid,
  stopSignalInvalid,
  // Accepted, very likely a bug (section B).
  sidecarUnsupportedVersion,
  resizePolicyOnInit,
  sidecarInAppContainers,
  secretLiteralInEnv,
  initVolumeUnused,
  initOutputNotOnVolume,
  sidecarWithoutStartupProbe,
  sidecarHostPortConflict,
  fieldDroppedAtTarget,
  initResourcesMissing,
  execFormShellSyntax,
  envReferenceWithoutShell,
  envReferenceUndefined,
  downwardApiEnvMissing,
  initNeverCompletes,
  initRunsPerReplica,
  initScriptNotIdempotent,
  waitLoopWithoutTimeout,
  serviceNotFound,
  configReferenceNotFound,
  serviceTargetPortUnresolved,
  restartPolicyRulesIneffective,
  envFileWithoutProducer,
  // Worth knowing (section C).
  imageTagMutable,
  initPortsIgnored,
  podTemplateByShape,
  initBeforeSidecar,
  initResourcesDominate,
  packageInstallAtStartup,
  initCouldBeImageVolume,
];

/** Every id initlens can publish: the engine's and the rules'. */
export const ALL_RULE_INFOS: readonly RuleInfo[] = [YAML_SYNTAX, NOT_ANALYSED, ...RULES];

export function ruleInfo(id: string): RuleInfo | undefined {
  return ALL_RULE_INFOS.find((r) => r.id === id);
}
