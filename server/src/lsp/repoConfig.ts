/**
 * The repository's `.initlens.yaml` in the server (../repoConfig.ts reads it, as the CLI does):
 * the nearest one above a file on disk, up to its workspace folder (or the folder holding
 * `.git`), is laid over the editor settings; files its `exclude` matches get no diagnostics.
 *
 * Watched: clients that register file watchers dynamically are asked to watch
 * `**\/.initlens.yaml`; a change analyses every open document again. Clients without watchers
 * get the same when a `.initlens.yaml` they have open is saved or opened with new text on disk.
 * An open `.initlens.yaml` gets its own problems as diagnostics (rule `config`), not an analysis.
 */
import * as path from 'node:path';
import { localPath } from './uri';
import { DiagnosticSeverity, type Connection, type Diagnostic, type DidChangeWatchedFilesParams, type InitializeParams } from 'vscode-languageserver/node';
import type { AnalysisOptions } from '../config/options';
import { applyRepoSettings, describeSettings, formatProblem, isExcluded, parseRepoConfig, REPO_CONFIG_FILE, RepoConfigs, type RepoConfig } from '../repoConfig';
import type { Log } from './log';
import { canWatchFiles, watchFiles } from './watchers';

/** The diagnostics' code for problems in `.initlens.yaml`. */
export const CONFIG_DIAGNOSTIC_CODE = 'config';

/** Whether `uri` is a `.initlens.yaml`. */
export function isRepoConfigUri(uri: string): boolean {
  const file = localPath(uri);
  return file !== undefined ? path.basename(file) === REPO_CONFIG_FILE : uri.endsWith(`/${REPO_CONFIG_FILE}`);
}

/** The problems of a `.initlens.yaml`'s text as LSP diagnostics. */
export function repoConfigDiagnostics(text: string): Diagnostic[] {
  return parseRepoConfig(text).problems.map((p) => ({
    range: p.range,
    message: p.message,
    severity: DiagnosticSeverity.Error,
    source: 'initlens',
    code: CONFIG_DIAGNOSTIC_CODE,
  }));
}

export class RepoConfigWatch {
  private dynamicRegistration = false;
  readonly configs = new RepoConfigs();
  private readonly logged = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
  ) {}

  initialize(params: InitializeParams): void {
    this.dynamicRegistration = canWatchFiles(params);
    const roots: string[] = [];
    for (const folder of params.workspaceFolders ?? []) {
      const p = typeof folder?.uri === 'string' ? localPath(folder.uri) : undefined;
      if (p) roots.push(p);
    }
    const rootUri = typeof params.rootUri === 'string' ? localPath(params.rootUri) : undefined;
    if (roots.length === 0 && rootUri) roots.push(rootUri);
    this.configs.setRoots(roots);
  }

  /** After `initialized`: ask the client to watch `.initlens.yaml` files, when it can. */
  async register(): Promise<void> {
    if (this.dynamicRegistration) await watchFiles(this.connection, this.log, [`**/${REPO_CONFIG_FILE}`], `${REPO_CONFIG_FILE} files`);
  }

  /** Watched files changed: true when a `.initlens.yaml` is among them (what was read is forgotten). */
  changed(params: DidChangeWatchedFilesParams): boolean {
    const hit = (params?.changes ?? []).some((c) => typeof c?.uri === 'string' && isRepoConfigUri(c.uri));
    if (hit) {
      this.configs.forget();
      this.logged.clear();
    }
    return hit;
  }

  /** A `.initlens.yaml` was opened or saved: true when its text on disk differs from what was read. */
  refresh(uri: string): boolean {
    const file = localPath(uri);
    if (file === undefined || !this.configs.refresh(file)) return false;
    this.logged.clear();
    return true;
  }

  private configFor(uri: string): RepoConfig | undefined {
    const file = localPath(uri);
    if (file === undefined) return undefined;
    const config = this.configs.forFile(file);
    if (config && !this.logged.has(config.file)) {
      this.logged.add(config.file);
      this.log.info(`${config.file}: ${describeSettings(config.settings)}`);
      for (const p of config.problems) this.log.warn(`${formatProblem(config, p)} (the rest of the file applies)`);
    }
    return config;
  }

  /** The editor's options for `uri` with its repository's settings laid over them. */
  apply(uri: string, options: AnalysisOptions): AnalysisOptions {
    const config = this.configFor(uri);
    return config ? applyRepoSettings(options, config.settings, config.file) : options;
  }

  /** Whether the repository excludes `uri`. */
  excluded(uri: string): boolean {
    const file = localPath(uri);
    const config = this.configFor(uri);
    return file !== undefined && config !== undefined && isExcluded(config, file);
  }
}
