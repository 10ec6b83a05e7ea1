/**
 * Where a document's AnalysisOptions come from.
 *
 * - A client that supports `workspace/configuration` is asked for section `initlens` with the
 *   document's URI as scope (per-folder settings work); the answer is kept per URI until
 *   `workspace/didChangeConfiguration` or until the document is closed. Only open documents are
 *   asked about (requests on other documents answer nothing first), so the cache holds at most
 *   one entry per open document. A client that does not answer within CONFIGURATION_TIMEOUT_MS
 *   gets the pushed settings or the defaults for that document (logged once).
 * - Otherwise the settings are `initializationOptions.settings`, then whatever each
 *   `didChangeConfiguration` carries.
 *
 * Invalid values are ignored with a warning in the client's log (settings.ts), never a crash.
 *
 * The repository's `.initlens.yaml` (./repoConfig.ts) is laid over them: what it sets wins, the
 * editor settings decide the rest.
 */
import { DidChangeConfigurationNotification, type Connection, type DidChangeConfigurationParams, type InitializeParams } from 'vscode-languageserver/node';
import { defaultOptions, type AnalysisOptions } from '../config/options';
import { describeError, type Log } from './log';
import type { RepoConfigWatch } from './repoConfig';
import { readSettings, SETTINGS_SECTION } from './settings';

/** How long the client's answer to `workspace/configuration` is waited for. */
export const CONFIGURATION_TIMEOUT_MS = 3000;

class NoAnswer extends Error {}

export class Configuration {
  private pull = false;
  private dynamicRegistration = false;
  /** Settings pushed by the client (initializationOptions.settings, didChangeConfiguration). */
  private pushed: unknown = undefined;
  private global: AnalysisOptions | undefined;
  private readonly perDocument = new Map<string, Promise<AnalysisOptions>>();

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
    private readonly repo?: RepoConfigWatch,
  ) {}

  initialize(params: InitializeParams): void {
    const workspace = params.capabilities?.workspace;
    this.pull = workspace?.configuration === true;
    this.dynamicRegistration = workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const init = params.initializationOptions as { settings?: unknown } | null | undefined;
    if (init && typeof init === 'object') this.pushed = init.settings;
    this.global = undefined;
  }

  /** After `initialized`: ask for configuration change notifications when the client lets us. */
  async registerForChanges(): Promise<void> {
    if (!this.dynamicRegistration) return;
    try {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    } catch (e) {
      this.log.warn(`could not register for configuration changes: ${describeError(e)}`);
    }
  }

  /** `workspace/didChangeConfiguration`: forget what was read; callers then re-analyse. */
  changed(params: DidChangeConfigurationParams | undefined): void {
    if (!this.pull) this.pushed = params?.settings;
    this.global = undefined;
    this.perDocument.clear();
    this.log.forgetOnce();
  }

  forget(uri: string): void {
    this.perDocument.delete(uri);
  }

  /** The options for a document: the editor's, then its repository's. Never rejects. */
  async forDocument(uri: string): Promise<AnalysisOptions> {
    const options = await this.editorOptions(uri);
    try {
      return this.repo ? this.repo.apply(uri, options) : options;
    } catch (e) {
      this.log.warnOnce(`could not read the repository settings for ${uri}: ${describeError(e)}`);
      return options;
    }
  }

  /** Whether the repository's `.initlens.yaml` excludes the document. */
  excluded(uri: string): boolean {
    try {
      return this.repo?.excluded(uri) ?? false;
    } catch {
      return false;
    }
  }

  /** The editor's options for a document. Never rejects: on any failure, the pushed settings or defaults. */
  private editorOptions(uri: string): Promise<AnalysisOptions> {
    if (!this.pull) return Promise.resolve(this.pushedOptions());
    let options = this.perDocument.get(uri);
    if (!options) {
      options = this.fetch(uri);
      this.perDocument.set(uri, options);
    }
    return options;
  }

  private async fetch(uri: string): Promise<AnalysisOptions> {
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new NoAnswer(`no answer within ${CONFIGURATION_TIMEOUT_MS} ms`)), CONFIGURATION_TIMEOUT_MS);
      });
      try {
        const section: unknown = await Promise.race([this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }), timeout]);
        return this.validate(section);
      } finally {
        clearTimeout(timer);
      }
    } catch (e) {
      if (e instanceof NoAnswer) {
        // Kept: asking again would make every request of this document wait as long.
        this.log.warnOnce(
          `the client did not answer workspace/configuration (${e.message}); using ${this.pushed === undefined ? 'the defaults' : 'the pushed settings'}`,
        );
        return this.pushedOptions();
      }
      this.log.warnOnce(`could not read the ${SETTINGS_SECTION} settings from the client (${e instanceof Error ? e.message : String(e)}); using defaults`);
      this.perDocument.delete(uri);
      return this.pushedOptions();
    }
  }

  private pushedOptions(): AnalysisOptions {
    this.global ??= this.validate(this.pushed);
    return this.global;
  }

  private validate(raw: unknown): AnalysisOptions {
    try {
      const { options, warnings } = readSettings(raw);
      for (const w of warnings) this.log.warnOnce(w);
      return options;
    } catch (e) {
      this.log.warnOnce(`ignoring the ${SETTINGS_SECTION} settings: ${describeError(e)}`);
      return defaultOptions();
    }
  }
}
