/** The `initialize` answer: capabilities for exactly what the server implements. */
import { CodeActionKind, TextDocumentSyncKind, type InitializeParams, type InitializeResult } from 'vscode-languageserver/node';
import { FIX_ALL_KIND } from './codeActions';
import { serverVersion } from './commandLine';
import { COMPLETION_TRIGGERS } from './completion';
import { REFACTOR_KINDS } from './refactors';
import { serverCommands } from './startupPlan';

export function initializeResult(params?: InitializeParams): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, ...REFACTOR_KINDS] },
      documentSymbolProvider: { label: 'initlens' },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      codeLensProvider: { resolveProvider: true },
      hoverProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
      executeCommandProvider: { commands: serverCommands(params) },
    },
    serverInfo: { name: 'initlens', version: serverVersion() },
  };
}
