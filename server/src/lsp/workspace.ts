/**
 * The open documents' state and the analysis loop.
 *
 * Per open URI: the latest parse, of whatever version (the next `parseFile` starts from it, so an
 * edit re-splits and re-parses only the YAML documents it touched, whether the analysis or a
 * request asked for the parse), the last completed analysis (what code actions answer from,
 * immediately), a debounce timer and a generation counter.
 *
 * Invariants:
 * - didOpen analyses at once; didChange after `debounceMs` of quiet (150 ms unless
 *   `initializationOptions.debounceMs` says otherwise).
 * - Every open/change/close/configuration change bumps the generation: an analysis in flight for
 *   an older generation stops at its next check (`isCancelled`) and publishes nothing.
 * - Diagnostics are published only for the version the client currently has, with that version.
 * - didClose publishes an empty list and drops everything kept for the URI.
 *
 * Memory: after each analysis of a large file (many documents or megabytes), the documents the
 * user is not working in are put in compact form (`compactModel`): their text, line index,
 * findings, lenses and outline stay; their `yaml` tree is dropped and parsed again only if a
 * request needs it (a hover there). Kept whole: the documents parsed by the last few edits, those
 * a request parsed again since the previous compaction, and those whose fixes are still to be
 * computed from their tree.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, InitializeParams, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile, hasPendingFixes, type FileAnalysis } from '../analysis/analyze';
import { DEFAULT_MAX_FILE_SIZE_KB, type AnalysisOptions, type KustomizeRendering, type WorkspaceFacts } from '../config/options';
import { kustomizeOptions, type KustomizeOptions } from '../kustomize';
import { documentAnchors } from '../features/codeLens';
import { documentSymbols } from '../features/symbols';
import { loadCount, treeState, type YamlDocument } from '../model/document';
import { compactModel, parseFile, type FileModel } from '../model/file';
import type { Configuration } from './configuration';
import { toLspDiagnostic } from './convert';
import { describeError, type Log } from './log';
import { isRepoConfigUri, repoConfigDiagnostics } from './repoConfig';

export const DEFAULT_DEBOUNCE_MS = 150;

export interface AnalysedVersion {
  version: number;
  analysis: FileAnalysis;
  /** The options it was analysed with (what "Fix all" analyses the fixed text with). */
  options: AnalysisOptions;
}

interface OpenFile {
  uri: string;
  /** The latest version seen (open or change). */
  version: number;
  /** The latest parse (requests parse the current text between analyses), and the size limit it had. */
  parsed?: { version: number; model: FileModel; maxFileSizeKB?: number };
  /** `initlens.maxFileSizeKB` for this file, as of its latest analysis. */
  maxFileSizeKB?: number;
  last?: AnalysedVersion;
  timer?: NodeJS.Timeout;
  generation: number;
  /** A parse of the current text is queued (`parseSoon`). */
  parseQueued?: boolean;
  /** How long the latest parse took (ms): a slow one is left to the debounced analysis. */
  parseMs?: number;
  /** The documents the latest parses created (the ones being edited), newest last. */
  hot: YamlDocument[];
  /** `loadCount()` at the last compaction: documents parsed again after it were used since. */
  compactedAt: number;
}

/** Files with this many documents, or this many characters, are compacted after each analysis. */
const COMPACT_MIN_DOCUMENTS = 64;
const COMPACT_MIN_CHARS = 1 << 20;
/** How many of the documents recent edits created stay whole. */
const HOT_DOCUMENTS = 8;

/** Parses costing more than this (an edit inside a document of hundreds of KB) wait for the debounce. */
const EAGER_PARSE_MAX_MS = 20;

/** The workspace index as the analysis loop uses it (./workspaceIndex.ts). */
export interface IndexHook {
  /** Indexes an open document's model; true when what the rules see changed. */
  update(uri: string, model: FileModel, namespace: string | undefined, kustomize?: readonly KustomizeRendering[]): boolean;
  /** What the kustomizations say of a file on disk. */
  kustomizeOptions(file: string): KustomizeOptions;
  facts(): WorkspaceFacts | undefined;
  closed(uri: string): Promise<void>;
}

export class Workspace {
  private readonly files = new Map<string, OpenFile>();
  private debounceMs = DEFAULT_DEBOUNCE_MS;
  private index: IndexHook | undefined;

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
    else
      this.log.warn(
        `ignoring initializationOptions.debounceMs = ${JSON.stringify(debounce)}: expected a number of milliseconds >= 0; using ${this.debounceMs}`,
      );
  }

  /** Cross-file findings: each analysis indexes its file first and reads the index. */
  useIndex(index: IndexHook): void {
    this.index = index;
  }

  /** didOpen: analyse now. */
  opened(uri: string, version: number): void {
    const file = this.files.get(uri);
    if (file) file.version = version;
    else this.files.set(uri, { uri, version, generation: 0, hot: [], compactedAt: 0 });
    this.schedule(uri, 0);
  }

  /** The content of `uri` is now `version`: analyse it after the debounce (a repeat is ignored). */
  changed(uri: string, version: number): void {
    const file = this.files.get(uri);
    if (!file) return this.opened(uri, version);
    if (file.version === version) return;
    file.version = version;
    this.schedule(uri, this.debounceMs);
    this.parseSoon(file);
  }

  /**
   * Parse the current text as soon as the messages at hand are handled, so that a request arriving
   * during the debounce (hover, lenses) finds the model of the text it is about ready instead of
   * parsing first. Cheap: only the changed documents are parsed; skipped when parses of this file
   * are slow (the debounced analysis then parses once).
   */
  private parseSoon(file: OpenFile): void {
    if (file.parseQueued || (file.parseMs ?? 0) > EAGER_PARSE_MAX_MS) return;
    file.parseQueued = true;
    setImmediate(() => {
      file.parseQueued = false;
      const document = this.documents.get(file.uri);
      if (!document || this.files.get(file.uri) !== file) return;
      try {
        this.modelOf(file.uri, document.version, document.getText());
      } catch (e) {
        this.log.error(`parsing ${file.uri} failed: ${describeError(e)}`);
      }
    });
  }

  closed(uri: string): void {
    const file = this.files.get(uri);
    if (file) {
      clearTimeout(file.timer);
      file.generation++;
      this.files.delete(uri);
    }
    this.configuration.forget(uri);
    this.index?.closed(uri).catch((e) => this.log.error(`indexing ${uri} again failed: ${describeError(e)}`));
    this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch((e) => this.log.warn(`could not clear diagnostics of ${uri}: ${describeError(e)}`));
  }

  /** Kustomization files in these folders changed: analyse the open files beside them again, now. */
  reanalyzeIn(folders: ReadonlySet<string>): void {
    if (folders.size === 0) return;
    for (const uri of this.files.keys()) {
      if (!uri.startsWith('file:')) continue;
      try {
        if (folders.has(path.dirname(fileURLToPath(uri)))) this.schedule(uri, 0);
      } catch {
        // Not a local file path.
      }
    }
  }

  /** Settings changed: analyse every open document again, now. */
  reanalyzeAll(): void {
    for (const uri of this.files.keys()) this.schedule(uri, 0);
  }

  /** What the workspace index says changed: analyse the other open documents again (their unchanged documents' findings are kept only while the index's key is the same). */
  reanalyzeOthers(except?: string): void {
    for (const uri of this.files.keys()) if (uri !== except) this.schedule(uri, 0, true);
  }

  /** The last completed analysis of an open document, whatever is pending. */
  lastAnalysis(uri: string): AnalysedVersion | undefined {
    return this.files.get(uri)?.last;
  }

  /**
   * The model of `text`, version `version` of `uri`: the latest parse when it is of that text,
   * else a parse that starts from it (only what changed since is split and parsed again).
   */
  modelOf(uri: string, version: number, text: string): FileModel {
    const file = this.files.get(uri);
    const maxFileSizeKB = file?.maxFileSizeKB ?? DEFAULT_MAX_FILE_SIZE_KB;
    if (!file) return parseFile(text, undefined, { maxFileSizeKB });
    const parsed = file.parsed;
    if (parsed && parsed.version === version && parsed.model.text === text && parsed.maxFileSizeKB === maxFileSizeKB) return parsed.model;
    const started = Date.now();
    const model = parseFile(text, parsed?.model.cache, { maxFileSizeKB });
    file.parseMs = Date.now() - started;
    file.parsed = { version, model, maxFileSizeKB };
    if (parsed) {
      const before = new Set(parsed.model.documents.map((d) => d.doc));
      for (const d of model.documents) if (!before.has(d.doc)) file.hot.push(d.doc);
      if (file.hot.length > HOT_DOCUMENTS) file.hot.splice(0, file.hot.length - HOT_DOCUMENTS);
    }
    return model;
  }

  /**
   * Puts the documents of a large file that nobody is working in into compact form, in the last
   * analysis and (when it is of the same version) the latest parse. What requests over the
   * whole file read (lenses, outline) is computed first, so they never parse those again.
   */
  private compact(file: OpenFile, analysed: AnalysedVersion): void {
    const model = analysed.analysis.model;
    if (model.documents.length < COMPACT_MIN_DOCUMENTS && model.text.length < COMPACT_MIN_CHARS) return;
    const hot = new Set(file.hot);
    const since = file.compactedAt;
    const compacted = compactModel(model, (doc) => {
      const tree = treeState(doc);
      if (tree.state === 'compact' || (tree.state === 'loaded' && tree.loadedAt > since)) return false;
      if (hot.has(doc) || hasPendingFixes(doc)) return false;
      try {
        documentAnchors(doc);
        documentSymbols(doc);
      } catch {
        return false; // computed when asked, from the tree
      }
      return true;
    });
    file.compactedAt = loadCount();
    if (compacted === model) return;
    file.last = { ...analysed, analysis: { ...analysed.analysis, model: compacted } };
    if (file.parsed?.model === model) file.parsed = { version: file.parsed.version, model: compacted };
  }

  dispose(): void {
    for (const file of this.files.values()) {
      clearTimeout(file.timer);
      file.generation++;
    }
  }

  /** `quiet`: publish only if the diagnostics differ from the last ones of the same version. */
  private schedule(uri: string, delayMs: number, quiet = false): void {
    const file = this.files.get(uri);
    if (!file) return;
    clearTimeout(file.timer);
    file.timer = undefined;
    const generation = ++file.generation;
    if (delayMs <= 0) {
      void this.run(file, generation, quiet);
    } else {
      file.timer = setTimeout(() => {
        file.timer = undefined;
        void this.run(file, generation, quiet);
      }, delayMs);
    }
  }

  private async run(file: OpenFile, generation: number, quiet = false): Promise<void> {
    try {
      const document = this.documents.get(file.uri);
      if (!document) return;
      const { version } = document;
      const text = document.getText();
      const stale = () => file.generation !== generation || this.files.get(file.uri) !== file || this.documents.get(file.uri)?.version !== version;
      // `.initlens.yaml` itself: its problems, not an analysis. A file it excludes: nothing.
      if (isRepoConfigUri(file.uri) || this.configuration.excluded(file.uri)) {
        file.last = undefined;
        await this.connection.sendDiagnostics({ uri: file.uri, version, diagnostics: isRepoConfigUri(file.uri) ? repoConfigDiagnostics(text) : [] });
        return;
      }

      const options = await this.configuration.forDocument(file.uri);
      if (stale()) return;
      file.maxFileSizeKB = options.maxFileSizeKB ?? DEFAULT_MAX_FILE_SIZE_KB;
      const model = this.modelOf(file.uri, version, text);
      // Let messages that arrived while parsing in (a newer version cancels this one). The engine
      // checks isCancelled between YAML documents, which only helps if it yields as well.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stale()) return;
      let fileOptions = kustomizedFor(file.uri, options, this.index);
      const indexChanged = this.index?.update(file.uri, model, fileOptions.namespace, fileOptions.kustomize) ?? false;
      if (this.index) fileOptions = { ...fileOptions, workspace: this.index.facts() };
      if (indexChanged && fileOptions.workspace) this.reanalyzeOthers(file.uri);
      const analysis = await analyzeFile(model, fileOptions, { isCancelled: stale, yieldEveryMs: 10 });
      if (!analysis || stale()) return;

      for (const failure of analysis.failures) this.log.errorOnce(`rule ${failure.rule} failed on ${file.uri}: ${failure.error}`);
      const unchanged = quiet && file.last?.version === version && sameDiagnostics(file.last.analysis, analysis);
      file.last = { version, analysis, options: fileOptions };
      if (unchanged) return;
      await this.connection.sendDiagnostics({ uri: file.uri, version, diagnostics: analysis.diagnostics.map(toLspDiagnostic) });
      if (this.files.get(file.uri) === file && file.last.analysis === analysis) this.compact(file, file.last);
    } catch (e) {
      this.log.error(`analysing ${file.uri} failed: ${describeError(e)}`);
    }
  }
}

/** The same findings at the same places (a re-analysis the workspace index asked for changed nothing here). */
function sameDiagnostics(a: FileAnalysis, b: FileAnalysis): boolean {
  if (a.diagnostics.length !== b.diagnostics.length) return false;
  return a.diagnostics.every((d, i) => {
    const e = b.diagnostics[i];
    return d.rule === e.rule && d.severity === e.severity && d.message === e.message && d.span.start === e.span.start && d.span.end === e.span.end;
  });
}

/** A file on disk is analysed with what the kustomizations that include it say of it (a patch, pinned images, overlays). */
function kustomizedFor(uri: string, options: AnalysisOptions, index: IndexHook | undefined): AnalysisOptions {
  if (!uri.startsWith('file:')) return options;
  try {
    const file = fileURLToPath(uri);
    return { ...options, ...(index ? index.kustomizeOptions(file) : kustomizeOptions(file)) };
  } catch {
    return options;
  }
}
