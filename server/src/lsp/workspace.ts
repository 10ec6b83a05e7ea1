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
 * - A big file just opened (256 KB or more, nothing parsed yet) is analysed in steps from the
 *   top (`publishLeading`): the first screen's diagnostics come first, each publication the
 *   start of the next, the last one the whole file's analysis. The steps use the workspace index
 *   as it is; the whole file's analysis indexes the file first, as every analysis does.
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
import { analyzeFile, analyzeLeading, hasPendingFixes, type FileAnalysis } from '../analysis/analyze';
import { DEFAULT_MAX_FILE_SIZE_KB, type AnalysisOptions, type KustomizeRendering, type WorkspaceFacts } from '../config/options';
import { kustomizeOptions, type KustomizeOptions } from '../kustomize';
import { documentAnchors } from '../features/codeLens';
import { documentSymbols } from '../features/symbols';
import { loadCount, treeState, type YamlDocument } from '../model/document';
import { compactModel, parseFile, parseLeading, type DocumentCache, type FileModel, type LeadingDocuments, type MayBeCustom } from '../model/file';
import { hasSchema } from '../schema/loadSchema';
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
  /** When a big file was opened (`Date.now()`) and when its first diagnostics went out; cleared once its open is logged. */
  openedAt?: number;
  firstShownAt?: number;
  /** The documents parsed so far by a progressive open not finished yet (see `publishLeading`). */
  opening?: DocumentCache;
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

/**
 * Files this long are opened progressively: the documents of the first screen are analysed and
 * published first, then each step publishes the documents of the next slice of text as well.
 */
export const PROGRESSIVE_MIN_CHARS = 256 * 1024;
/** A manifest of a kind without a built-in schema may be a custom resource whose CRD is further down the file. */
const mayBeCustom: MayBeCustom = (apiVersion, kind) => !hasSchema(apiVersion, kind);
/** The first screen: the documents starting in these first lines. */
const FIRST_SCREEN_LINES = 100;
/** The first step after the first screen covers this many characters; each later one as many as all before, up to the maximum. */
const STEP_MIN_CHARS = 64 * 1024;
const STEP_MAX_CHARS = 512 * 1024;

/** Parses costing more than this (an edit inside a document of hundreds of KB) wait for the debounce. */
const EAGER_PARSE_MAX_MS = 20;

/** The workspace index as the analysis loop uses it (./workspaceIndex.ts). */
export interface IndexHook {
  /** A document was opened: its file is indexed from its model from now on, not from the disk. */
  opening(uri: string): void;
  /** Indexes an open document's model; true when what the rules see changed. */
  update(uri: string, model: FileModel, namespace: string | undefined, kustomize?: readonly KustomizeRendering[]): boolean;
  /** What the kustomizations say of a file on disk. */
  kustomizeOptions(file: string): KustomizeOptions;
  /** What the rules read of the workspace; undefined without a workspace folder. */
  analysisFacts(): WorkspaceFacts | undefined;
  closed(uri: string): Promise<void>;
}

export class Workspace {
  private readonly files = new Map<string, OpenFile>();
  private debounceMs = DEFAULT_DEBOUNCE_MS;
  private index: IndexHook | undefined;
  /** Big files just opened whose steps (`publishLeading`) have not ended. */
  private readonly openings = new Map<string, { settled: Promise<void>; settle: () => void }>();

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
    else {
      this.files.set(uri, { uri, version, generation: 0, hot: [], compactedAt: 0 });
      this.index?.opening(uri);
    }
    if (!file && (this.documents.get(uri)?.getText().length ?? 0) >= PROGRESSIVE_MIN_CHARS && !this.openings.has(uri)) {
      let settle = (): void => undefined;
      const settled = new Promise<void>((resolve) => (settle = resolve));
      this.openings.set(uri, { settled, settle });
      this.files.get(uri)!.openedAt = Date.now();
    }
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
    this.openings.get(uri)?.settle();
    this.openings.delete(uri);
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

  /**
   * What the workspace index says changed: analyse the other open documents again (a document's
   * findings are kept while what it read of the index answers the same). A file whose open is in
   * flight is left to it: its complete analysis reads the index as it is then.
   */
  reanalyzeOthers(except?: string): void {
    for (const uri of this.files.keys()) if (uri !== except && !this.openings.has(uri)) this.schedule(uri, 0, true);
  }

  /**
   * Settles when the progressive open of `uri` in flight, if any, has published its steps:
   * a request about the file waits for it instead of parsing the whole file in the middle of it
   * (the model it then gets reuses every document the steps parsed).
   */
  async openSettled(uri: string): Promise<void> {
    await this.openings.get(uri)?.settled;
  }

  /** The steps of a file just opened are over (or were not taken): requests go ahead. */
  private settleOpening(file: OpenFile): void {
    const opening = this.openings.get(file.uri);
    if (!opening) return;
    this.openings.delete(file.uri);
    opening.settle();
  }

  /** The last completed analysis of an open document, whatever is pending. */
  lastAnalysis(uri: string): AnalysedVersion | undefined {
    return this.files.get(uri)?.last;
  }

  /**
   * The model of `text`, version `version` of `uri`: the latest parse when it is of that text,
   * else a parse that starts from it (only what changed since is split and parsed again).
   */
  modelOf(uri: string, version: number, text: string, leading?: DocumentCache): FileModel {
    const file = this.files.get(uri);
    const maxFileSizeKB = file?.maxFileSizeKB ?? DEFAULT_MAX_FILE_SIZE_KB;
    if (!file) return parseFile(text, undefined, { maxFileSizeKB });
    const parsed = file.parsed;
    if (parsed && parsed.version === version && parsed.model.text === text && parsed.maxFileSizeKB === maxFileSizeKB) return parsed.model;
    const started = Date.now();
    const model = parseFile(text, parsed?.model.cache ?? leading ?? file.opening, { maxFileSizeKB });
    file.parseMs = Date.now() - started;
    file.parsed = { version, model, maxFileSizeKB };
    file.opening = undefined;
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

  /**
   * A file just opened, in steps: the documents of the first screen, then each step those of the
   * next slice of text as well (`parseLeading`), each analysed and published (the first always,
   * a later one when it found more than the one before), yielding between steps. Each
   * publication is the start of the final one, the same diagnostics in the same order, when the
   * final analysis sees the same workspace index. Returns the documents parsed, for the whole
   * file's parse; undefined when cancelled.
   */
  private async publishLeading(
    file: OpenFile,
    version: number,
    text: string,
    options: AnalysisOptions,
    stale: () => boolean,
  ): Promise<DocumentCache | undefined> {
    const limits = { maxFileSizeKB: file.maxFileSizeKB };
    // What an open cancelled by an edit had parsed: its documents are found by text.
    const earlier = file.opening;
    let leading: LeadingDocuments | undefined = parseLeading(text, lineOffset(text, FIRST_SCREEN_LINES), undefined, limits, earlier, mayBeCustom);
    // The first screen is published even when clean; a later step only when it found more.
    let published = -1;
    while (leading && !leading.complete) {
      file.opening = leading.model.cache;
      const analysis = await analyzeLeading(leading, options, { isCancelled: stale, yieldEveryMs: 10 });
      if (!analysis || stale()) return undefined;
      if (analysis.diagnostics.length > published) {
        published = analysis.diagnostics.length;
        file.firstShownAt ??= Date.now();
        await this.connection.sendDiagnostics({ uri: file.uri, version, diagnostics: analysis.diagnostics.map(toLspDiagnostic) });
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stale()) return undefined;
      const last = leading.model.documents[leading.model.documents.length - 1];
      const covered = last.start + last.doc.text.length;
      leading = parseLeading(text, covered + Math.min(STEP_MAX_CHARS, Math.max(STEP_MIN_CHARS, covered)), leading, limits, earlier, mayBeCustom);
    }
    return leading?.model.cache;
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
        this.settleOpening(file);
        file.last = undefined;
        await this.connection.sendDiagnostics({ uri: file.uri, version, diagnostics: isRepoConfigUri(file.uri) ? repoConfigDiagnostics(text) : [] });
        return;
      }

      const options = await this.configuration.forDocument(file.uri);
      if (stale()) return;
      file.maxFileSizeKB = options.maxFileSizeKB ?? DEFAULT_MAX_FILE_SIZE_KB;
      let fileOptions = kustomizedFor(file.uri, options, this.index);
      let leading: DocumentCache | undefined;
      if (!file.parsed && text.length >= PROGRESSIVE_MIN_CHARS) {
        file.openedAt ??= Date.now();
        // Just opened: the index as it is (it holds the file as read from disk, if at all).
        const early = this.index ? { ...fileOptions, workspace: this.index.analysisFacts() } : fileOptions;
        leading = await this.publishLeading(file, version, text, early, stale);
        if (stale()) return;
      }
      this.settleOpening(file);
      const model = this.modelOf(file.uri, version, text, leading);
      // Let messages that arrived while parsing in (a newer version cancels this one). The engine
      // checks isCancelled between YAML documents, which only helps if it yields as well.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stale()) return;
      const indexChanged = this.index?.update(file.uri, model, fileOptions.namespace, fileOptions.kustomize) ?? false;
      if (this.index) fileOptions = { ...fileOptions, workspace: this.index.analysisFacts() };
      if (indexChanged && fileOptions.workspace) this.reanalyzeOthers(file.uri);
      const analysis = await analyzeFile(model, fileOptions, { isCancelled: stale, yieldEveryMs: 10 });
      if (!analysis || stale()) return;

      for (const failure of analysis.failures) this.log.errorOnce(`rule ${failure.rule} failed on ${file.uri}: ${failure.error}`);
      const unchanged = quiet && file.last?.version === version && sameDiagnostics(file.last.analysis, analysis);
      file.last = { version, analysis, options: fileOptions };
      if (unchanged) return;
      await this.connection.sendDiagnostics({ uri: file.uri, version, diagnostics: analysis.diagnostics.map(toLspDiagnostic) });
      if (file.openedAt !== undefined) {
        // A big file's open, once complete: how long its first and its complete diagnostics took.
        const now = Date.now();
        this.log.info(
          `opened ${file.uri} (${(text.length / 1e6).toFixed(1)} MB, ${model.documents.length} documents): first diagnostics after ${(file.firstShownAt ?? now) - file.openedAt} ms, all ${analysis.diagnostics.length} after ${now - file.openedAt} ms`,
        );
        file.openedAt = file.firstShownAt = undefined;
      }
      if (this.files.get(file.uri) === file && file.last.analysis === analysis) this.compact(file, file.last);
    } catch (e) {
      this.settleOpening(file);
      this.log.error(`analysing ${file.uri} failed: ${describeError(e)}`);
    }
  }
}

/** The offset where line `line` of `text` starts (the text's length if it has fewer lines). */
function lineOffset(text: string, line: number): number {
  let at = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', at);
    if (next < 0) return text.length;
    at = next + 1;
  }
  return at;
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
