/**
 * The `initlens` settings section → AnalysisOptions. Pure (no LSP): the configuration handler
 * fetches the raw section, this validates it. Invalid values never throw: they are ignored, the
 * default stays, and a warning says what was wrong.
 *
 *   initlens.kubernetesVersion  "1.33"
 *   initlens.rules              { "<rule id>": "off" | "hint" | "info" | "warning" | "error" }
 *   initlens.schema.enable      true
 *   initlens.codeLens.enable    true
 *   initlens.maxFileSizeKB      4096 (0: no limit)
 */
import {
  DEFAULT_MAX_FILE_SIZE_KB,
  defaultOptions,
  formatKubeVersion,
  isSeveritySetting,
  parseKubeVersion,
  type AnalysisOptions,
  SEVERITY_SETTINGS,
  type SeveritySetting,
} from '../config/options';
import { ruleInfo } from '../rules/index';

export const SETTINGS_SECTION = 'initlens';

export interface SettingsResult {
  options: AnalysisOptions;
  /** One line per ignored value, naming the setting and what it expects. */
  warnings: string[];
}

function show(value: unknown): string {
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Accepts the section itself (`{kubernetesVersion, rules, schema: {enable}}`, what
 * `workspace/configuration` returns for section `initlens`), the settings root that contains it
 * (`{initlens: {...}}`, what `didChangeConfiguration` and `initializationOptions.settings`
 * usually carry), dotted keys (`"schema.enable"`), or nothing (defaults).
 */
export function readSettings(raw: unknown): SettingsResult {
  const options = defaultOptions();
  const warnings: string[] = [];
  if (raw === undefined || raw === null) return { options, warnings };
  if (!isObject(raw)) {
    warnings.push(`ignoring the ${SETTINGS_SECTION} settings ${show(raw)}: expected an object`);
    return { options, warnings };
  }
  const section = isObject(raw[SETTINGS_SECTION]) ? raw[SETTINGS_SECTION] : raw;

  const version = section.kubernetesVersion;
  if (version !== undefined && version !== null) {
    const parsed = typeof version === 'string' ? parseKubeVersion(version) : undefined;
    if (parsed && parsed.major === 1) options.kubernetesVersion = parsed;
    else
      warnings.push(
        `ignoring ${SETTINGS_SECTION}.kubernetesVersion = ${show(version)}: expected a string MAJOR.MINOR such as "1.35"; using ${formatKubeVersion(options.kubernetesVersion)}`,
      );
  }

  const rules = section.rules;
  if (rules !== undefined && rules !== null) {
    if (!isObject(rules)) {
      warnings.push(`ignoring ${SETTINGS_SECTION}.rules = ${show(rules)}: expected an object {"<rule id>": "${SEVERITY_SETTINGS.join('|')}"}`);
    } else {
      const severities: Record<string, SeveritySetting> = {};
      for (const [id, severity] of Object.entries(rules)) {
        if (!ruleInfo(id)) warnings.push(`ignoring ${SETTINGS_SECTION}.rules.${id}: no rule has that id`);
        else if (!isSeveritySetting(severity))
          warnings.push(`ignoring ${SETTINGS_SECTION}.rules.${id} = ${show(severity)}: expected one of ${SEVERITY_SETTINGS.map((s) => `"${s}"`).join(', ')}`);
        else severities[id] = severity;
      }
      options.severities = severities;
    }
  }

  const schemaSection = section.schema;
  let enable: unknown = section['schema.enable'];
  if (isObject(schemaSection)) enable = schemaSection.enable ?? enable;
  else if (schemaSection !== undefined && schemaSection !== null)
    warnings.push(`ignoring ${SETTINGS_SECTION}.schema = ${show(schemaSection)}: expected an object {"enable": true|false}`);
  if (enable !== undefined && enable !== null) {
    if (typeof enable === 'boolean') options.schema = enable;
    else warnings.push(`ignoring ${SETTINGS_SECTION}.schema.enable = ${show(enable)}: expected true or false`);
  }

  const codeLensSection = section.codeLens;
  let lenses: unknown = section['codeLens.enable'];
  if (isObject(codeLensSection)) lenses = codeLensSection.enable ?? lenses;
  else if (codeLensSection !== undefined && codeLensSection !== null)
    warnings.push(`ignoring ${SETTINGS_SECTION}.codeLens = ${show(codeLensSection)}: expected an object {"enable": true|false}`);
  if (lenses !== undefined && lenses !== null) {
    if (typeof lenses === 'boolean') options.codeLens = lenses;
    else warnings.push(`ignoring ${SETTINGS_SECTION}.codeLens.enable = ${show(lenses)}: expected true or false`);
  }

  const maxSize = section.maxFileSizeKB;
  if (maxSize !== undefined && maxSize !== null) {
    if (typeof maxSize === 'number' && Number.isInteger(maxSize) && maxSize >= 0) options.maxFileSizeKB = maxSize;
    else
      warnings.push(
        `ignoring ${SETTINGS_SECTION}.maxFileSizeKB = ${show(maxSize)}: expected a whole number of kilobytes, 0 for no limit; using ${DEFAULT_MAX_FILE_SIZE_KB}`,
      );
  }

  return { options, warnings };
}
