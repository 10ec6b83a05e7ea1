/**
 * The workspace index in the server (../workspace/index.ts): built in the background after
 * `initialized` from the YAML files of the workspace folders (regular files only, not under
 * `node_modules` or `.git`, within `initlens.maxFileSizeKB`'s default, not matched by
 * `initlens.exclude`), then kept current: an open document is indexed from its text at each
 * analysis (`update`), the others from file-watcher events (`workspace/didChangeWatchedFiles`,
 * registered dynamically for `**∕*.{yaml,yml}`), and a closed document from disk again. Until the
 * first build is done the analysis gets an index that defines nothing (`analysisFacts()`) and the
 * features none (`facts()` is undefined), so the first diagnostics never wait for it and no finding
 * comes from half an index. When what the rules see changes, `onChange` is called (the open files
 * are analysed again).
 */
import { promises as fsp, readFileSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { localPath } from './uri';
import { FileChangeType, type Connection, type DidChangeWatchedFilesParams, type InitializeParams } from 'vscode-languageserver/node';
import { DEFAULT_MAX_FILE_SIZE_KB, type KustomizeRendering, type WorkspaceFacts } from '../config/options';
import { KUSTOMIZATION_FILES, type KustomizeOptions } from '../kustomize';
import type { StartupWorkspace } from '../features/startupWorkspace';
import { parseDocument } from '../model/document';
import { detectBinary, detectTemplate, DocumentCache, parseFile, type FileModel } from '../model/file';
import { splitDocuments } from '../model/split';
import { excludeMatcher } from '../workspace/glob';
import { readDocument, readWhole, WorkspaceIndex } from '../workspace/index';
import type { WorkspaceView } from '../features/workspaceNavigation';
import { KustomizeStructure, kustomizationFolders } from './kustomizations';
import { IndexThread } from './indexThread';
import { describeError, type Log } from './log';
import { canWatchFiles, watchFiles } from './watchers';

/** Navigation and a CRD's schema read no file larger than this (the CLI's largest input). */
const MAX_READ_BYTES = 16 * 1024 * 1024;

/** At most this many files are indexed (about 1 KB of index each): a larger tree is cut, with a warning. */
export const MAX_INDEXED_FILES = 20_000;
const MAX_DEPTH = 32;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const YAML = /\.ya?ml$/i;

/** An index that defines nothing (every stamp 0): what the analysis reads until the first build is done. */
const UNBUILT = new WorkspaceIndex().facts();

/**
 * Files at least this long are read on the index thread, or when it is not available in slices
 * of SLICE_MS (a smaller one is read within about one).
 */
const SLICED_MIN_CHARS = 64 * 1024;
const SLICE_MS = 2;

/**
 * A file's model, its documents parsed and read for the index a slice of time at a time: the
 * messages that arrive meanwhile go first (a big file of the workspace does not hold up the
 * first diagnostics of a document just opened, nor an edit). Undefined when `dropped` says so
 * between slices. A small file, or one `parseFile` does not parse (a template, binary), is read
 * at once.
 */
async function readInSlices(text: string, file: string, placement: KustomizeOptions, dropped: () => boolean): Promise<FileModel | undefined> {
  const limits = { maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB };
  if (text.length < SLICED_MIN_CHARS || detectBinary(text) || detectTemplate(text)) return parseFile(text, undefined, limits);
  let since = Date.now();
  const turn = async (): Promise<boolean> => {
    if (Date.now() - since < SLICE_MS) return false;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = Date.now();
    return dropped();
  };
  const parsed = new DocumentCache();
  for (const chunk of splitDocuments(text)) {
    if (!parsed.has(chunk.text)) parsed.set(chunk.text, parseDocument(chunk.text));
    if (await turn()) return undefined;
  }
  const model = parseFile(text, parsed, limits);
  for (const placed of model.documents) {
    readDocument(placed, file, placement.namespace, placement.kustomize);
    if (await turn()) return undefined;
  }
  return model;
}

export class WorkspaceIndexing {
  /** The current text of the open documents (the schemas of their CRDs are read from it). */
  private readonly openTexts = new Map<string, string>();
  readonly index = new WorkspaceIndex((uri) => this.textOf(uri, (open) => this.openTexts.get(open)));
  /** The workspace's kustomize graph (./kustomizations.ts), from the kustomization files the walk finds. */
  readonly kustomize = new KustomizeStructure();
  private folders: string[] = [];
  private pull = false;
  private dynamicRegistration = false;
  private pushedExclude: unknown;
  private exclude: (file: string, folder: string) => boolean = () => false;
  private ready = false;
  private truncated = false;
  private yamlCount = 0;
  /** URIs whose content comes from the editor, not the disk. */
  private readonly open = new Set<string>();
  /** The files being read from disk, each with the number of its latest read (of `reads`, so far). */
  private readonly reading = new Map<string, number>();
  private reads = 0;
  /** Reads the big files (./indexThread.ts); when it cannot, they are read here, in slices. */
  private readonly thread: IndexThread;
  private readonly maxBytes = DEFAULT_MAX_FILE_SIZE_KB * 1024;
  /** Milliseconds and files of the first build, for the log and the tests. */
  built?: { ms: number; files: number };

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
    private readonly onChange: () => void,
  ) {
    this.thread = new IndexThread(log);
  }

  /** The server is shutting down: the index thread stops. */
  dispose(): void {
    this.thread.dispose();
  }

  initialize(params: InitializeParams): void {
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.folders = [];
    for (const uri of folders) {
      try {
        if (typeof uri === 'string' && uri.startsWith('file:')) this.folders.push(fileURLToPath(uri));
      } catch {
        // Not a local folder: nothing to read.
      }
    }
    this.pull = params.capabilities?.workspace?.configuration === true;
    this.dynamicRegistration = canWatchFiles(params);
    const init = params.initializationOptions as { settings?: { exclude?: unknown } } | null | undefined;
    this.pushedExclude = init && typeof init === 'object' && init.settings && typeof init.settings === 'object' ? init.settings.exclude : undefined;
  }

  /**
   * What the analysis reads: undefined until the first build is done, and without a workspace
   * folder (files opened on their own are not a workspace, as a single file is not for the CLI).
   */
  facts(): WorkspaceFacts | undefined {
    return this.ready && this.folders.length > 0 ? this.index.facts() : undefined;
  }

  /**
   * What the analysis reads: as `facts()`, but while the first build is under way an index that
   * defines nothing yet. The rules report nothing from it, as without an index; what the
   * documents read of it (nothing defined) is kept with their findings, so when the build is done
   * only those that read what it defines are analysed again (a big file opened at start-up is
   * not analysed twice).
   */
  analysisFacts(): WorkspaceFacts | undefined {
    return this.folders.length === 0 ? undefined : this.ready ? this.index.facts() : UNBUILT;
  }

  /**
   * What a startup plan of `uri` reads of the workspace (features/startupWorkspace.ts): the facts,
   * the namespace its kustomization gives, and files named relative to their workspace folder.
   */
  startupWorkspace(uri: string): StartupWorkspace | undefined {
    const facts = this.facts();
    if (!facts) return undefined;
    const file = localPath(uri);
    let namespace: string | undefined;
    try {
      namespace = file ? this.kustomizeOptions(file).namespace : undefined;
    } catch {
      namespace = undefined;
    }
    return { facts, namespace, relative: (other) => this.relative(other) };
  }

  /** A URI of the index as the user reads it: relative to the workspace folder that holds it (`/` separated). */
  relative(uri: string): string {
    const file = localPath(uri);
    const folder = file && this.folders.find((f) => file.startsWith(f + path.sep));
    return file && folder ? path.relative(folder, file).split(path.sep).join('/') : (file ?? uri);
  }

  /** After `initialized`: watch YAML files, then read the folders in the background. */
  async start(): Promise<void> {
    if (this.folders.length === 0) return;
    if (this.dynamicRegistration) await watchFiles(this.connection, this.log, ['**/*.{yaml,yml}'], 'YAML files');
    const started = Date.now();
    let files = 0;
    try {
      this.exclude = excludeMatcher(await this.excludeGlobs());
      // The paths first: the kustomize graph (which overlays build which file) is known before any file is indexed.
      const found: string[] = [];
      for (const folder of this.folders) await this.walk(folder, folder, 0, found);
      this.kustomize.reset(
        this.folders,
        found.filter((f) => KUSTOMIZATION_FILES.includes(path.basename(f))).map((f) => path.dirname(f)),
      );
      for (const file of found) {
        if (!YAML.test(file)) continue;
        if (await this.readFile(file)) files++;
        // Between files: requests and edits go first.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      this.log.error(`indexing the workspace failed: ${describeError(e)}`);
    }
    this.built = { ms: Date.now() - started, files };
    this.log.info(`workspace index: ${files} files in ${this.built.ms} ms`);
    this.ready = true;
    this.onChange();
  }

  private async excludeGlobs(): Promise<string[]> {
    let value: unknown = this.pushedExclude;
    if (this.pull) {
      try {
        value = await this.connection.workspace.getConfiguration({
          section: 'initlens.exclude',
          scopeUri: this.folders[0] ? pathToFileURL(this.folders[0]).href : undefined,
        });
      } catch (e) {
        this.log.warn(`could not read initlens.exclude: ${describeError(e)}`);
      }
    }
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  }

  /** Collects the YAML and kustomization files under `dir` (at most MAX_INDEXED_FILES YAML files). */
  private async walk(dir: string, folder: string, depth: number, found: string[]): Promise<void> {
    if (depth > MAX_DEPTH) return;
    let entries: Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (this.yamlCount >= MAX_INDEXED_FILES) {
        if (!this.truncated) this.log.warn(`workspace index: more than ${MAX_INDEXED_FILES} YAML files; the rest are not indexed`);
        this.truncated = true;
        return;
      }
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !this.exclude(full, folder)) await this.walk(full, folder, depth + 1, found);
      } else if (entry.isFile() && (YAML.test(entry.name) || entry.name === 'Kustomization') && !this.exclude(full, folder)) {
        found.push(full);
        if (YAML.test(entry.name)) this.yamlCount++;
      }
    }
  }

  /**
   * Indexes a file from disk (a regular file within the size limit); true when it was read. A
   * read that a later one of the same file, or the file's opening, overtakes changes nothing.
   */
  private async readFile(file: string): Promise<boolean> {
    const uri = pathToFileURL(file).href;
    if (this.open.has(uri)) return false;
    const mine = ++this.reads;
    this.reading.set(uri, mine);
    const overtaken = () => this.open.has(uri) || this.reading.get(uri) !== mine;
    try {
      const stat = await fsp.lstat(file);
      if (overtaken()) return false;
      if (!stat.isFile()) {
        this.index.removeFile(uri);
        return false;
      }
      if (stat.size > this.maxBytes) {
        // Not parsed, but known: a rename refuses to leave a reference in it behind.
        this.index.setObjects(uri, [], [], `it is larger than ${DEFAULT_MAX_FILE_SIZE_KB} KB, so it is not read`);
        return false;
      }
      const placed = this.kustomize.options(file);
      if (stat.size >= SLICED_MIN_CHARS) {
        // A big file: read on the index thread, while this one answers the editor.
        const read = await this.thread.read({
          path: file,
          uri,
          maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB,
          namespace: placed.namespace,
          kustomize: placed.kustomize,
        });
        if (overtaken()) return false;
        if (read && 'error' in read) throw new Error(read.error);
        if (read) {
          this.index.setWhole(uri, read);
          return true;
        }
      }
      const text = await fsp.readFile(file, 'utf8');
      if (overtaken()) return false;
      const model = await readInSlices(text, uri, placed, overtaken);
      if (!model) return false;
      this.index.setWhole(uri, readWhole(model, uri, placed.namespace, placed.kustomize));
      return true;
    } catch {
      if (!overtaken()) this.index.removeFile(uri);
      return false;
    } finally {
      if (this.reading.get(uri) === mine) this.reading.delete(uri);
    }
  }

  /**
   * A document was opened: from now on its text comes from the editor, and the walk leaves its
   * file to its first analysis (which indexes it, `update`) instead of parsing the disk's copy
   * meanwhile (a big file opened at start-up was parsed twice at once).
   */
  opening(uri: string): void {
    this.open.add(uri);
    this.thread.drop(uri);
  }

  /** An open document was parsed for analysis: index its current text; true when the rules' view changed. */
  update(uri: string, model: FileModel, namespace: string | undefined, kustomize?: readonly KustomizeRendering[]): boolean {
    this.open.add(uri);
    // Without a workspace folder nothing reads the index (`facts()`, `view()`): open files are not indexed.
    if (this.folders.length === 0) return false;
    this.openTexts.set(uri, model.text);
    // Until the first build is done the rules see an index that defines nothing (`analysisFacts`).
    return this.index.setFile(uri, model, namespace, kustomize) && this.ready;
  }

  /** What the kustomizations say of a file on disk (the workspace's graph once it is built). */
  kustomizeOptions(file: string): KustomizeOptions {
    return this.kustomize.options(file);
  }

  /** An open document closed: what the disk holds counts again. */
  async closed(uri: string): Promise<void> {
    this.openTexts.delete(uri);
    if (!this.open.delete(uri)) return;
    const before = this.index.facts().key;
    const file = localPath(uri);
    if (file && this.inWorkspace(file)) await this.readFile(file);
    else this.index.removeFile(uri);
    if (this.ready && this.index.facts().key !== before) this.onChange();
  }

  /**
   * Files changed on disk: index them again (open documents keep the editor's text). A changed
   * kustomization first rebuilds the kustomize graph, and the files it includes (before or after)
   * are indexed again. Returns the folders of those files: their open documents need analysing
   * again (what the kustomizations say of them may have changed even when the index did not).
   */
  async watched(params: DidChangeWatchedFilesParams): Promise<Set<string>> {
    const before = this.index.facts().key;
    const affected = this.kustomize.changed(kustomizationFolders(params));
    const again = new Set<string>();
    for (const change of params?.changes ?? []) {
      if (typeof change?.uri !== 'string' || this.open.has(change.uri)) continue;
      const file = localPath(change.uri);
      if (!file || !YAML.test(file)) continue;
      again.add(file);
      if (change.type === FileChangeType.Deleted || !this.inWorkspace(file)) this.index.removeFile(change.uri);
      else await this.readFile(file);
    }
    const folders = new Set<string>();
    // A folder stands for its kustomization file (the ConfigMaps and Secrets it generates).
    const files = [...affected].flatMap((f) => (YAML.test(f) ? [f] : KUSTOMIZATION_FILES.map((name) => path.join(f, name))));
    for (const file of affected) folders.add(YAML.test(file) ? path.dirname(file) : file);
    for (const file of files) {
      if (!YAML.test(file) || again.has(file) || !this.index.has(pathToFileURL(file).href) || !this.inWorkspace(file)) continue;
      await this.readFile(file);
    }
    if (this.ready && this.index.facts().key !== before) this.onChange();
    return folders;
  }

  /**
   * What navigation across files reads: undefined until the first build is done and without a
   * workspace folder. `openText` gives an open document's current text; other files are read
   * from disk (regular files up to 16 MiB).
   */
  view(openText: (uri: string) => string | undefined): WorkspaceView | undefined {
    if (!this.ready || this.folders.length === 0) return undefined;
    return {
      index: this.index,
      maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB,
      namespaceOf: (uri) => {
        const file = localPath(uri);
        return file ? this.kustomizeOptions(file).namespace : undefined;
      },
      read: (uri) => this.textOf(uri, openText),
    };
  }

  /**
   * A file's text: `openText`'s for an open document, else the disk's (a regular file up to
   * 16 MiB). A CRD's schema is read from the text as indexed (`openTexts`), navigation from the
   * editor's.
   */
  private textOf(uri: string, openText: (uri: string) => string | undefined): string | undefined {
    const open = openText(uri);
    if (open !== undefined) return open;
    const file = localPath(uri);
    try {
      if (!file) return undefined;
      const stat = statSync(file);
      return stat.isFile() && stat.size <= MAX_READ_BYTES ? readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  }

  private inWorkspace(file: string): boolean {
    const folder = this.folders.find((f) => file.startsWith(f + path.sep));
    if (!folder) return false;
    const rel = path.relative(folder, file).split(path.sep);
    return !rel.some((part) => SKIPPED_DIRS.has(part)) && !this.exclude(file, folder);
  }
}
