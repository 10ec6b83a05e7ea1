/**
 * The VS Code client: starts the bundled language server over IPC for YAML documents and
 * restarts it on demand. All analysis happens in the server.
 */
import * as path from 'node:path';
import { commands, window, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'initlens' },
  };
  client = new LanguageClient('initlens', 'initlens', serverOptions, clientOptions);
  context.subscriptions.push(
    commands.registerCommand('initlens.restartServer', async () => {
      await client?.restart();
      window.setStatusBarMessage('initlens: language server restarted', 3000);
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
