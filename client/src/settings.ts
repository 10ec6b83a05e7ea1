/**
 * The settings the client itself acts on (`initlens.exclude`). The server reads the rest
 * (`kubernetesVersion`, `rules`, `schema.enable`, `codeLens.enable`) through
 * `workspace/configuration`; `synchronize.configurationSection` tells it when they change, so
 * nothing needs a reload.
 */
import { workspace, type Uri } from 'vscode';

export const SECTION = 'initlens';

export interface ClientSettings {
  /** `initlens.exclude`: globs of YAML files not analysed. */
  exclude: string[];
}

export function readClientSettings(scope?: Uri): ClientSettings {
  const config = workspace.getConfiguration(SECTION, scope);
  const exclude = config.get<unknown>('exclude');
  return {
    exclude: Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [],
  };
}
