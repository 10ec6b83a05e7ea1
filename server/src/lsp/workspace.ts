/**
 * The open documents' state and the analysis loop.
 *
 * Per open URI: the last parse's document cache (handed to the next `parseFile`, so an edit
 * re-parses only the YAML documents it touched), the last completed analysis (what code actions
 * answer from, immediately), a debounce timer and a generation counter.
 *
 * Invariants:
 * - didOpen analyses at once; didChange after `debounceMs` of quiet (150 ms unless
 *   `initializationOptions.debounceMs` says otherwise).
 * - Every open/change/close/configuration change bumps the generation: an analysis in flight for
 *   an older generation stops at its next check (`isCancelled`) and publishes nothing.
 * - Diagnostics are published only for the version the client currently has, with that version.
 * - didClose publishes an empty list and drops everything kept for the URI.
 */
import { fileURLToPath } from 'node:url';
import type { Connection, InitializeParams, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile, type FileAnalysis } from '../analysis/analyze';
import type { AnalysisOptions } from '../analysis/options';
import { isPartialManifest } from '../kustomize';
import { parseFile, type DocumentCache } from '../model/file';
import type { Configuration } from './configuration';
import { toLspDiagnostic } from './convert';
import { describeError, type Log } from './log';

export const DEFAULT_DEBOUNCE_MS = 150;

export interface AnalysedVersion {
  version: number;
  analysis: FileAnalysis;
}

interface OpenFile {
  uri: string;
  /** The latest version seen (open or change). */
  version: number;
  cache?: DocumentCache;
  last?: AnalysedVersion;
  timer?: NodeJS.Timeout;
  generation: number;
}

export class Workspace {
  private readonly files = new Map<string, OpenFile>();
  private debounceMs = DEFAULT_DEBOUNCE_MS;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly configuration: Configuration,
    private readonly log: Log,
  ) {}

  initialize(params: InitializeParams): void {
    const init = params.initializationOptions as { debounceMs?: unknown } | null | undefined;
    const debounce = init && typeof init === 'object' ? init.debounceMs : undefined;
    if (debounce === undefined || debounce === null) return;
    if (typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0) this.debounceMs = debounce;
    else this.log.warn(`ignoring initializationOptions.debounceMs = ${JSON.stringify(debounce)}: expected a number of milliseconds >= 0; using ${this.debounceMs}`);
  }

  /** didOpen: analyse now. */
  opened(uri: string, version: number): void {
    const file = this.files.get(uri);
    if (file) file.version = version;
    else this.files.set(uri, { uri, version, generation: 0 });
    this.schedule(uri, 0);
  }

  /** The content of `uri` is now `version`: analyse it after the debounce (a repeat is ignored). */
  changed(uri: string, version: number): void {
    const file = this.files.get(uri);
    if (!file) return this.opened(uri, version);
    if (file.version === version) return;
    file.version = version;
    this.schedule(uri, this.debounceMs);
  }

  closed(uri: string): void {
    const file = this.files.get(uri);
    if (file) {
      clearTimeout(file.timer);
      file.generation++;
      this.files.delete(uri);
    }
    this.configuration.forget(uri);
    this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch((e) => this.log.warn(`could not clear diagnostics of ${uri}: ${describeError(e)}`));
  }

  /** Settings changed: analyse every open document again, now. */
  reanalyzeAll(): void {
    for (const uri of this.files.keys()) this.schedule(uri, 0);
  }

  /** The last completed analysis of an open document, whatever is pending. */
  lastAnalysis(uri: string): AnalysedVersion | undefined {
    return this.files.get(uri)?.last;
  }

  dispose(): void {
    for (const file of this.files.values()) {
      clearTimeout(file.timer);
      file.generation++;
    }
  }

  private schedule(uri: string, delayMs: number): void {
    const file = this.files.get(uri);
    if (!file) return;
    clearTimeout(file.timer);
    file.timer = undefined;
    const generation = ++file.generation;
    if (delayMs <= 0) {
      void this.run(file, generation);
    } else {
      file.timer = setTimeout(() => {
        file.timer = undefined;
        void this.run(file, generation);
      }, delayMs);
    }
  }

  private async run(file: OpenFile, generation: number): Promise<void> {
    try {
      const document = this.documents.get(file.uri);
      if (!document) return;
      const { version } = document;
      const text = document.getText();
      const stale = () => file.generation !== generation || this.files.get(file.uri) !== file || this.documents.get(file.uri)?.version !== version;

      const options = await this.configuration.forDocument(file.uri);
      if (stale()) return;
      const model = parseFile(text, file.cache);
      file.cache = model.cache;
      // Let messages that arrived while parsing in (a newer version cancels this one). The engine
      // checks isCancelled between YAML documents, which only helps if it yields as well.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stale()) return;
      const analysis = await analyzeFile(model, partialFor(file.uri, options), { isCancelled: stale, yieldEveryMs: 10 });
      if (!analysis || stale()) return;

      for (const failure of analysis.failures) this.log.errorOnce(`rule ${failure.rule} failed on ${file.uri}: ${failure.error}`);
      file.last = { version, analysis };
      await this.connection.sendDiagnostics({ uri: file.uri, version, diagnostics: analysis.diagnostics.map(toLspDiagnostic) });
    } catch (e) {
      this.log.error(`analysing ${file.uri} failed: ${describeError(e)}`);
    }
  }
}

/** A file on disk that a kustomization in its folder uses as a patch is analysed as partial. */
function partialFor(uri: string, options: AnalysisOptions): AnalysisOptions {
  if (!uri.startsWith('file:')) return options;
  try {
    return isPartialManifest(fileURLToPath(uri)) ? { ...options, partial: true } : options;
  } catch {
    return options;
  }
}
