/**
 * The language server's entry point: wiring only. The protocol adapters are in `lsp/`, the
 * engine in `analysis/`, `model/` and `rules/`.
 *
 *   initlens-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>
 */
// First: takes --clientProcessId off the command line before vscode-languageserver reads it.
import { CLIENT_PROCESS_ID } from './lsp/clientProcess';
import { createConnection, ProposedFeatures, TextDocuments, type CancellationToken } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionSupport, provideCodeActions, provideFixAll, type CodeActionSupport } from './lsp/codeActions';
import { CodeLenses } from './lsp/codeLens';
import { commandLineAction } from './lsp/commandLine';
import { completionSupport, provideCompletion, type CompletionSupport } from './lsp/completion';
import { Configuration } from './lsp/configuration';
import { initializeResult } from './lsp/initialize';
import { KustomizationWatch, kustomizationFolders } from './lsp/kustomizations';
import { hoverSupport, provideHover, type HoverClient } from './lsp/hover';
import { describeError, guard, Log } from './lsp/log';
import { documentUri, positionUri, renameUri } from './lsp/params';
import { currentModel } from './lsp/currentModel';
import { provideDefinition, providePrepareRename, provideReferences, provideRename } from './lsp/navigation';
import { CurrentModels, executeCommand, provideStartupPlan } from './lsp/startupPlan';
import { defaultOptions } from './config/options';
import { STARTUP_PLAN_REQUEST, type StartupPlanParams } from './protocol/index';
import { refactorActions, wantsRefactors } from './lsp/refactors';
import { isRepoConfigUri, RepoConfigWatch } from './lsp/repoConfig';
import { provideDocumentSymbols, symbolSupport, type SymbolSupport } from './lsp/symbols';
import { guardedTransport } from './lsp/transport';
import { Workspace } from './lsp/workspace';
import { WorkspaceIndexing } from './lsp/workspaceIndex';

const action = commandLineAction(process.argv.slice(2));
if (action.kind === 'print') {
  (action.stream === 'stdout' ? process.stdout : process.stderr).write(action.text, () => process.exit(action.exitCode));
} else {
  serve();
}

function serve(): void {
  const { reader, writer } = guardedTransport(process.argv.slice(2), CLIENT_PROCESS_ID);
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  const documents = new TextDocuments(TextDocument);
  const log = new Log(connection);
  const repoConfig = new RepoConfigWatch(connection, log);
  const configuration = new Configuration(connection, log, repoConfig);
  const workspace = new Workspace(connection, documents, configuration, log);
  let codeActions: CodeActionSupport = { documentChanges: false };
  let symbols: SymbolSupport = { hierarchical: false };
  let completion: CompletionSupport = { snippets: false, markdown: true };
  let hover: HoverClient = hoverSupport();
  const modelOf = (uri: string) => currentModel(documents, workspace, uri);
  // Requests about a big file being opened in steps wait for the steps (see Workspace.openSettled).
  const afterOpen =
    <P, R>(uriOf: (params: unknown) => string, handler: (params: P) => R | Promise<R>) =>
    async (params: P): Promise<R> => {
      await workspace.openSettled(uriOf(params));
      return handler(params);
    };
  const models = new CurrentModels(documents, workspace);
  // What the rules, the plans and the lenses read of the other files changed: analyse and title again.
  const indexing = new WorkspaceIndexing(connection, log, () => {
    workspace.reanalyzeOthers();
    codeLenses.refresh();
  });
  const codeLenses = new CodeLenses(connection, models, configuration, log, (uri) => indexing.startupWorkspace(uri));
  const kustomizations = new KustomizationWatch(connection, log);
  workspace.useIndex(indexing);

  process.on('uncaughtException', (e) => log.error(`uncaught exception: ${describeError(e)}`));
  process.on('unhandledRejection', (e) => log.error(`unhandled rejection: ${describeError(e)}`));

  connection.onInitialize(
    guard(log, 'initialize', initializeResult(), (params) => {
      configuration.initialize(params);
      workspace.initialize(params);
      codeActions = codeActionSupport(params);
      symbols = symbolSupport(params);
      completion = completionSupport(params);
      hover = hoverSupport(params);
      codeLenses.initialize(params);
      kustomizations.initialize(params);
      repoConfig.initialize(params);
      indexing.initialize(params);
      return initializeResult(params);
    }),
  );
  connection.onInitialized(
    guard(log, 'initialized', undefined, () => {
      void configuration.registerForChanges();
      void kustomizations.register();
      void repoConfig.register();
      void indexing.start();
    }),
  );
  // A repository's .initlens.yaml changed: every open document again; else the files beside a changed kustomization.
  const repoConfigChanged = (): void => {
    workspace.reanalyzeAll();
    codeLenses.refresh();
  };
  connection.onDidChangeWatchedFiles(
    guard(log, 'didChangeWatchedFiles', undefined, async (params) => {
      if (repoConfig.changed(params)) repoConfigChanged();
      else workspace.reanalyzeIn(kustomizationFolders(params));
      // A changed kustomization: the open files it includes, in any folder, again.
      workspace.reanalyzeIn(await indexing.watched(params));
    }),
  );
  connection.onDidChangeConfiguration(
    guard(log, 'didChangeConfiguration', undefined, (params) => {
      configuration.changed(params);
      workspace.reanalyzeAll();
      codeLenses.refresh();
    }),
  );

  documents.onDidOpen(
    guard(log, 'didOpen', undefined, (e) => {
      if (isRepoConfigUri(e.document.uri) && repoConfig.refresh(e.document.uri)) repoConfigChanged();
      workspace.opened(e.document.uri, e.document.version);
    }),
  );
  documents.onDidSave(
    guard(log, 'didSave', undefined, (e) => (isRepoConfigUri(e.document.uri) && repoConfig.refresh(e.document.uri) ? repoConfigChanged() : undefined)),
  );
  // Also fired right after onDidOpen, for the version just opened: `changed` ignores that repeat.
  documents.onDidChangeContent(guard(log, 'didChange', undefined, (e) => workspace.changed(e.document.uri, e.document.version)));
  documents.onDidClose(guard(log, 'didClose', undefined, (e) => workspace.closed(e.document.uri)));

  connection.onCodeAction(
    guard(log, 'codeAction', [], async (params) => {
      const uri = documentUri(params);
      const analysed = workspace.lastAnalysis(uri);
      const fixes = provideCodeActions(params, analysed, codeActions);
      const fixAll = await provideFixAll(params, analysed, codeActions);
      const open = documents.get(uri);
      await workspace.openSettled(uri);
      // Refactors work on an open document's current text (asking for settings of any other would leave a configuration cached for it).
      const refactors =
        open && wantsRefactors(params.context?.only)
          ? refactorActions(params, modelOf(uri), await configuration.forDocument(uri), open.version, codeActions)
          : [];
      return [...fixes, ...fixAll, ...refactors];
    }),
  );
  connection.onDocumentSymbol(
    guard(
      log,
      'documentSymbol',
      [],
      afterOpen(documentUri, (params) => provideDocumentSymbols(documentUri(params), modelOf(params.textDocument.uri), symbols)),
    ),
  );
  // Navigation across files reads open documents' current text, other files from disk.
  const workspaceView = () => indexing.view((uri) => documents.get(uri)?.getText());
  connection.onDefinition(
    guard(
      log,
      'definition',
      null,
      afterOpen(positionUri, (params) => provideDefinition(params, modelOf(positionUri(params)), workspaceView())),
    ),
  );
  connection.onReferences(
    guard(
      log,
      'references',
      [],
      afterOpen(positionUri, (params) => provideReferences(params, modelOf(positionUri(params)), workspaceView())),
    ),
  );
  connection.onPrepareRename(
    guard(
      log,
      'prepareRename',
      null,
      afterOpen(positionUri, (params) => providePrepareRename(params, modelOf(positionUri(params)), workspaceView())),
    ),
  );
  connection.onRenameRequest(
    guard(
      log,
      'rename',
      null,
      afterOpen(renameUri, (params) => provideRename(params, modelOf(renameUri(params)), workspaceView())),
    ),
  );
  // A document that is not open has no model: no answer, and no configuration round trip for it.
  connection.onHover(
    guard(log, 'hover', null, async (params) => {
      await workspace.openSettled(positionUri(params));
      const model = modelOf(positionUri(params));
      const uri = params.textDocument.uri;
      return model
        ? provideHover(
            params,
            model,
            { ...(await configuration.forDocument(uri)), planWorkspace: indexing.startupWorkspace(uri), workspace: indexing.facts() },
            hover,
            workspaceView(),
          )
        : null;
    }),
  );
  connection.onCompletion(
    guard(log, 'completion', null, async (params) => {
      await workspace.openSettled(positionUri(params));
      const model = modelOf(positionUri(params));
      return model
        ? provideCompletion(params, model, { ...(await configuration.forDocument(params.textDocument.uri)), workspace: indexing.facts() }, completion)
        : { isIncomplete: false, items: [] };
    }),
  );
  connection.onCodeLens(
    guard(
      log,
      'codeLens',
      [],
      afterOpen(documentUri, (params) => codeLenses.provide({ ...params, textDocument: { uri: documentUri(params) } })),
    ),
  );
  connection.onCodeLensResolve((lens, token) => guard(log, 'codeLens/resolve', lens, (_token: CancellationToken) => codeLenses.resolve(lens))(token));
  // Only an open document has a plan; settings are asked for open documents only (none is cached for others).
  const targetOf = async (uri: string) => (documents.get(uri) ? await configuration.forDocument(uri) : defaultOptions()).kubernetesVersion;
  const planSources = { models, targetOf, workspaceOf: (uri: string) => indexing.startupWorkspace(uri) };
  connection.onExecuteCommand(guard(log, 'executeCommand', null, (params) => executeCommand(planSources, params)));
  connection.onRequest(
    STARTUP_PLAN_REQUEST,
    guard(log, STARTUP_PLAN_REQUEST, null, (params: StartupPlanParams) => provideStartupPlan(planSources, params)),
  );
  connection.onShutdown(
    guard(log, 'shutdown', undefined, () => {
      workspace.dispose();
      indexing.dispose();
    }),
  );

  documents.listen(connection);
  connection.listen();
}
