/**
 * The language server's entry point: wiring only. The protocol adapters are in `lsp/`, the
 * engine in `analysis/`, `model/` and `rules/`.
 *
 *   initlens-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>
 */
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionSupport, provideCodeActions, type CodeActionSupport } from './lsp/codeActions';
import { commandLineAction } from './lsp/commandLine';
import { Configuration } from './lsp/configuration';
import { initializeResult } from './lsp/initialize';
import { describeError, guard, Log } from './lsp/log';
import { Workspace } from './lsp/workspace';

const action = commandLineAction(process.argv.slice(2));
if (action.kind === 'print') {
  (action.stream === 'stdout' ? process.stdout : process.stderr).write(action.text, () => process.exit(action.exitCode));
} else {
  serve();
}

function serve(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const log = new Log(connection);
  const configuration = new Configuration(connection, log);
  const workspace = new Workspace(connection, documents, configuration, log);
  let codeActions: CodeActionSupport = { documentChanges: false };

  process.on('uncaughtException', (e) => log.error(`uncaught exception: ${describeError(e)}`));
  process.on('unhandledRejection', (e) => log.error(`unhandled rejection: ${describeError(e)}`));

  connection.onInitialize(
    guard(log, 'initialize', initializeResult(), (params) => {
      configuration.initialize(params);
      workspace.initialize(params);
      codeActions = codeActionSupport(params);
      return initializeResult();
    }),
  );
  connection.onInitialized(guard(log, 'initialized', undefined, () => configuration.registerForChanges()));
  connection.onDidChangeConfiguration(
    guard(log, 'didChangeConfiguration', undefined, (params) => {
      configuration.changed(params);
      workspace.reanalyzeAll();
    }),
  );

  documents.onDidOpen(guard(log, 'didOpen', undefined, (e) => workspace.opened(e.document.uri, e.document.version)));
  // Also fired right after onDidOpen, for the version just opened: `changed` ignores that repeat.
  documents.onDidChangeContent(guard(log, 'didChange', undefined, (e) => workspace.changed(e.document.uri, e.document.version)));
  documents.onDidClose(guard(log, 'didClose', undefined, (e) => workspace.closed(e.document.uri)));

  connection.onCodeAction(guard(log, 'codeAction', [], (params) => provideCodeActions(params, workspace.lastAnalysis(params.textDocument.uri), codeActions)));
  connection.onShutdown(guard(log, 'shutdown', undefined, () => workspace.dispose()));

  documents.listen(connection);
  connection.listen();
}
