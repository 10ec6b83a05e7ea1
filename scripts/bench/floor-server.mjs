// The floor of measurement 7's first screen: a language server over stdio that does nothing but
// answer. On `didOpen` it publishes an empty diagnostics list at once, so a client's time from
// sending a file to that publication is the transport alone: the client writing the message
// (JSON of the whole text), the pipe, the server reading and decoding it, and the answer back.
// Built on the same vscode-languageserver as initlens's server.
//
//   node scripts/bench/floor-server.mjs --stdio
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createConnection, ProposedFeatures, TextDocumentSyncKind } = require('vscode-languageserver/node');

const connection = createConnection(ProposedFeatures.all);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
connection.onDidOpenTextDocument(({ textDocument }) => {
  void connection.sendDiagnostics({ uri: textDocument.uri, version: textDocument.version, diagnostics: [] });
});
connection.listen();
