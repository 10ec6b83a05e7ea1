/**
 * The server as the VS Code extension starts it (client/src/extension.ts: vscode-languageclient
 * forks `bin/initlens-language-server.js` with `--node-ipc --clientProcessId=<pid>` and talks over
 * the Node IPC channel), through the launcher and its code cache (server/src/launch.ts), twice:
 * once writing the cache, once reading it.
 */
import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, it } from 'node:test';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { pod } from '../manifests';
import { VSCODE_LIKE_CAPABILITIES, SERVER_BIN } from './client';

/** A pod with one schema error, on line 8 (0-based). */
const POD = pod('containers:\n  - name: app\n    image: nginx:1.27\n    imagePulPolicy: Always');
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-ipc-cache-'));
after(() => fs.rmSync(cache, { recursive: true, force: true }));

async function diagnosticsOverIpc(): Promise<PublishDiagnosticsParams> {
  const child = fork(SERVER_BIN, ['--node-ipc', `--clientProcessId=${process.pid}`], {
    execArgv: [],
    silent: true,
    env: { ...process.env, INITLENS_COMPILE_CACHE_DIR: cache },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const uri = 'file:///ipc/pod.yaml';
  const published = new Promise<PublishDiagnosticsParams>((resolve) =>
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri) resolve(p);
    }),
  );
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  try {
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: VSCODE_LIKE_CAPABILITIES,
      initializationOptions: { debounceMs: 0 },
    });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
    const result = await published;
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
    return result;
  } finally {
    connection.dispose();
    child.kill();
  }
}

it('the server forked over IPC as the extension does, from no cache and then from its cache, publishes the same', async () => {
  const first = await diagnosticsOverIpc();
  assert.deepEqual(
    first.diagnostics.map((d) => [d.code, d.range.start.line]),
    [['schema', 8]],
  );
  const written = fs.readdirSync(cache);
  assert.equal(written.length, 1);
  assert.match(written[0], /^server-v\d+\.\d+\.\d+-/);
  const ino = fs.statSync(path.join(cache, written[0])).ino;
  assert.deepEqual(await diagnosticsOverIpc(), first);
  assert.deepEqual(fs.readdirSync(cache), written);
  assert.equal(fs.statSync(path.join(cache, written[0])).ino, ino, 'read as it was, not written again');
});
