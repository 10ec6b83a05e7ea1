/**
 * A file beside a kustomization is analysed with what the kustomization says of it (../kustomize.ts:
 * a patch, images it tags), read from disk. When a kustomization file changes on disk, the open
 * files in its folder are analysed again: clients that register file watchers dynamically are
 * asked to watch kustomization files (`workspace/didChangeWatchedFiles`).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DidChangeWatchedFilesNotification, type Connection, type DidChangeWatchedFilesParams, type InitializeParams } from 'vscode-languageserver/node';
import { KUSTOMIZATION_FILES } from '../kustomize';
import { describeError, type Log } from './log';

export class KustomizationWatch {
  private dynamicRegistration = false;

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
  ) {}

  initialize(params: InitializeParams): void {
    this.dynamicRegistration = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  }

  /** After `initialized`: ask the client to watch kustomization files, when it can. */
  async register(): Promise<void> {
    if (!this.dynamicRegistration) return;
    try {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: KUSTOMIZATION_FILES.map((name) => ({ globPattern: `**/${name}` })),
      });
    } catch (e) {
      this.log.warn(`could not register a watcher for kustomization files: ${describeError(e)}`);
    }
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
