/**
 * The VS Code client: starts the bundled language server (`dist/server.js`, through
 * `bin/initlens-language-server.js`, which runs it with a code cache) over IPC for YAML
 * documents that look like Kubernetes, restarts it when it crashes (saying so) or on demand, and
 * hosts the pod startup view. All analysis happens in the server.
 */
import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext, type Position, type Uri } from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { RESTART_SERVER_COMMAND, SHOW_STARTUP_COMMAND } from '../../server/src/protocol/index';
import { DEBUG_COMMANDS, registerDebugCommands, trustingHover } from './debugCommands';
import { DocumentFilter } from './documentFilter';
import { RestartingErrorHandler, type CrashNotice } from './errorHandler';
import { SERVED_SCHEMES } from './kubernetes';
import { SECTION } from './settings';
import { StartupView, type RenderedSummary } from './startupView';
import { TraceChannel } from './trace';

/** Commands the client implements itself, even when the server also offers them (`workspace/executeCommand`). */
const CLIENT_COMMANDS: readonly string[] = [SHOW_STARTUP_COMMAND, RESTART_SERVER_COMMAND, ...DEBUG_COMMANDS];

/** What `activate` returns: used by the editor tests. */
export interface InitlensApi {
  /** The client (the same object across restarts). */
  client(): LanguageClient | undefined;
  /** Resolves when the server is running (after start or restart); rejects after 30 s. */
  ready(): Promise<void>;
  /** Crashes seen and what the user was told. */
  crashes(): readonly CrashNotice[];
  /** Whether the server was told about this document. */
  isServed(uri: Uri): boolean;
  /** The startup view: what it shows, or undefined when it is closed. */
  startupView(): RenderedSummary | undefined;
  /** The last lines of the protocol trace (`initlens.trace.server`). */
  trace(): readonly string[];
}

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<InitlensApi> {
  const module = context.asAbsolutePath(path.join('bin', 'initlens-language-server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const outputChannel = window.createOutputChannel('initlens', { log: true });
  const traceOutputChannel = new TraceChannel();
  const filter = new DocumentFilter();
  const errorHandler = new RestartingErrorHandler(() => outputChannel.show(true));
  const clientOptions: LanguageClientOptions = {
    documentSelector: SERVED_SCHEMES.map((scheme) => ({ scheme, language: 'yaml' })),
    synchronize: { configurationSection: SECTION },
    outputChannel,
    traceOutputChannel,
    errorHandler,
    // Hovers of documents the server knows, with the Debug section's two command links enabled.
    middleware: { ...filter.middleware, provideHover: trustingHover(filter.middleware.provideHover) },
    // The server also answers `initlens.showStartup` (with the plan, for clients without a view):
    // told that the client runs it, it does not ask VS Code to register a command of that name.
    // The debug commands: told that the client runs them, its hovers link to them.
    initializationOptions: { clientCommands: CLIENT_COMMANDS },
  };
  // The id `initlens` makes `initlens.trace.server` the trace setting.
  const languageClient = new LanguageClient('initlens', 'initlens', serverOptions, clientOptions);
  client = languageClient;
  filter.attach(languageClient);
  languageClient.onDidChangeState((e) => {
    // A restart (after a crash or by the command) opens the documents again through the middleware.
    if (e.newState === State.Starting) filter.attach(languageClient);
  });

  const startupView = new StartupView(context, () => client, filter);
  // `initlens.manifestActive`: the editor title's "Show Pod Startup" button shows on manifests only.
  const updateContext = () =>
    void commands.executeCommand('setContext', 'initlens.manifestActive', !!window.activeTextEditor && filter.isServed(window.activeTextEditor.document));

  context.subscriptions.push(
    outputChannel,
    traceOutputChannel,
    filter,
    startupView,
    commands.registerCommand(RESTART_SERVER_COMMAND, async () => {
      errorHandler.reset();
      if (languageClient.isRunning()) await languageClient.restart();
      else await languageClient.start();
      window.setStatusBarMessage('initlens: language server restarted', 3000);
    }),
    filter.onDidChangeServed(updateContext),
    window.onDidChangeActiveTextEditor(updateContext),
    ...registerDebugCommands(),
    commands.registerCommand(SHOW_STARTUP_COMMAND, (uri?: Uri | string, position?: Position | { line: number; character: number }) =>
      startupView.show(uri, position),
    ),
  );

  await languageClient.start();

  return {
    client: () => client,
    ready: async () => {
      const t0 = Date.now();
      while (client && client.state !== State.Running) {
        if (Date.now() - t0 > 30_000) throw new Error(`the initlens language server is not running (state ${client.state})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    crashes: () => errorHandler.notices,
    isServed: (uri) => workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && filter.isServed(d)),
    startupView: () => startupView.summary(),
    trace: () => traceOutputChannel.recent,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
