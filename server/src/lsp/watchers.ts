/**
 * File watchers the server asks the client for (`workspace/didChangeWatchedFiles`, registered
 * dynamically after `initialized`): the workspace index's YAML files, `.initlens.yaml` files and
 * kustomization files each ask for theirs. A client that cannot register watchers dynamically is
 * not asked; one that refuses is logged once per request and otherwise ignored.
 */
import { DidChangeWatchedFilesNotification, type Connection, type InitializeParams } from 'vscode-languageserver/node';
import { describeError, type Log } from './log';

/** Whether the client registers file watchers when asked. */
export function canWatchFiles(params: InitializeParams): boolean {
  return params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
}

/** Asks the client to watch `globs` (`what` names them in the log when it refuses). */
export async function watchFiles(connection: Connection, log: Log, globs: readonly string[], what: string): Promise<void> {
  try {
    await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((globPattern) => ({ globPattern })) });
  } catch (e) {
    log.warn(`could not register a watcher for ${what}: ${describeError(e)}`);
  }
}
