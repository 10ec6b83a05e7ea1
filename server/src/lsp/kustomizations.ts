/**
 * A file is analysed with what the kustomizations that include it say of it (../kustomize/: a
 * patch, images they tag, the overlays' namespaces and name prefixes), read from disk. The
 * workspace's kustomize graph is built from the kustomization files the workspace index finds
 * (`KustomizeStructure`); when a kustomization file changes on disk, the graph is built again and
 * the files it includes, transitively, before and after the change, are indexed and analysed
 * again. Clients that register file watchers dynamically are asked to watch kustomization files
 * (`workspace/didChangeWatchedFiles`).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, DidChangeWatchedFilesParams, InitializeParams } from 'vscode-languageserver/node';
import { KUSTOMIZATION_FILES, kustomizeOptions, loadGraph, readKustomizationDir, type KustomizeGraph, type KustomizeOptions } from '../kustomize';
import type { Log } from './log';
import { canWatchFiles, watchFiles } from './watchers';

export class KustomizationWatch {
  private dynamicRegistration = false;

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
  ) {}

  initialize(params: InitializeParams): void {
    this.dynamicRegistration = canWatchFiles(params);
  }

  /** After `initialized`: ask the client to watch kustomization files, when it can. */
  async register(): Promise<void> {
    if (this.dynamicRegistration)
      await watchFiles(
        this.connection,
        this.log,
        KUSTOMIZATION_FILES.map((name) => `**/${name}`),
        'kustomization files',
      );
  }
}

/** The folders (file paths) of the kustomization files among the changed files. */
export function kustomizationFolders(params: DidChangeWatchedFilesParams): Set<string> {
  const out = new Set<string>();
  for (const change of params?.changes ?? []) {
    if (typeof change?.uri !== 'string' || !change.uri.startsWith('file:')) continue;
    try {
      const file = fileURLToPath(change.uri);
      if (KUSTOMIZATION_FILES.includes(path.basename(file))) out.add(path.dirname(file));
    } catch {
      // Not a local file path: nothing to do.
    }
  }
  return out;
}

/**
 * The kustomize graph of the workspace: built from the folders holding a kustomization that the
 * workspace index found, and again when one changes. Until then (and for a file outside the
 * workspace folders) a file gets what the kustomization of its own folder says.
 */
export class KustomizeStructure {
  private dirs = new Set<string>();
  private graph: KustomizeGraph | undefined;
  private roots: string[] = [];

  /** The workspace folders and the folders of the kustomization files found in them. */
  reset(roots: readonly string[], dirs: Iterable<string>): void {
    this.roots = roots.map((r) => path.resolve(r));
    this.dirs = new Set([...dirs].map((d) => path.resolve(d)));
    this.graph = loadGraph(this.dirs);
  }

  /** What the kustomizations say of a file on disk, as analysis options. */
  options(file: string): KustomizeOptions {
    const inside = this.graph !== undefined && this.roots.some((r) => file.startsWith(r + path.sep));
    return kustomizeOptions(file, inside ? this.graph : undefined);
  }

  /**
   * Kustomizations changed in `folders`: the graph is built again. Returns the files and folders
   * they include, transitively, before or after the change (and the folders themselves): what
   * may be placed differently now.
   */
  changed(folders: ReadonlySet<string>): Set<string> {
    const affected = new Set<string>();
    if (folders.size === 0 || !this.graph) return affected;
    const before = this.graph;
    for (const dir of folders) {
      const d = path.resolve(dir);
      affected.add(d);
      for (const f of before.included(d)) affected.add(f);
      if (readKustomizationDir(d) !== undefined) this.dirs.add(d);
      else this.dirs.delete(d);
    }
    this.graph = loadGraph(this.dirs);
    for (const dir of folders) for (const f of this.graph.included(path.resolve(dir))) affected.add(f);
    return affected;
  }
}
