/**
 * Protocol abuse (issue 15): malformed frames, requests after `shutdown`, documents never opened,
 * a client that never answers `workspace/configuration`, a parent process of another user, and
 * huge invalid params. Each runs the real server over stdio.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { delay } from './client';
import { RawClient } from './rawClient';

const URI = 'file:///abuse/pod.yaml';
const POD_WITH_ERROR =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: "80"\n';

function open(client: RawClient, uri = URI, text = POD_WITH_ERROR): Promise<void> {
  return client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
}

function exited(client: RawClient, what: string, timeoutMs = 5000): Promise<number | null> {
  return client.waitFor(() => (client.exitCode !== undefined ? client.exitCode : undefined), what, timeoutMs).catch(() => client.exitCode ?? -1);
}

describe('malformed frames end the server with an error', () => {
  const FRAMES: [string, string][] = [
    ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
    ['a non-numeric Content-Length', 'Content-Length: abc\r\n\r\n{}'],
    // The rest of the body is read as the next header, once the next message comes.
    ['a Content-Length shorter than the body', 'Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","id":99,"method":"shutdown"}Content-Length: 2\r\n\r\n{}'],
  ];
  for (const [name, frame] of FRAMES) {
    it(name, async () => {
      const client = RawClient.start();
      try {
        await client.initialize();
        client.child.stdin!.write(frame);
        const code = await client.waitFor(() => client.exitCode, 'the server to exit', 5000);
        assert.equal(code, 1);
        assert.match(client.stderr, /initlens-language-server: malformed message from the client/);
      } finally {
        client.kill();
      }
    });
  }
});

describe('after shutdown', () => {
  it('requests are answered InvalidRequest, and nothing is published', async () => {
    const client = RawClient.start();
    try {
      await client.initialize();
      const shutdown = await client.request('shutdown', null);
      assert.equal(shutdown.error, undefined);
      await open(client);
      const hover = await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 0 } });
      assert.equal(hover.error?.code, -32600);
      const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } });
      assert.equal(symbols.error?.code, -32600);
      await delay(500);
      assert.deepEqual(client.published(), []);
      await client.notify('exit', null);
      assert.equal(await exited(client, 'exit'), 0);
    } finally {
      client.kill();
    }
  });
});

describe('documents that were never opened', () => {
  it('hover, completion and code lenses on them ask the client nothing', async () => {
    const client = RawClient.start();
    try {
      await client.initialize();
      for (let i = 0; i < 50; i++) {
        const uri = `file:///never/opened-${i}.yaml`;
        assert.equal((await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } })).result, null);
        assert.deepEqual((await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } })).result, {
          isIncomplete: false,
          items: [],
        });
        assert.deepEqual((await client.request('textDocument/codeLens', { textDocument: { uri } })).result, []);
      }
      assert.deepEqual(
        client.serverRequests.filter((r) => r.method === 'workspace/configuration'),
        [],
      );
    } finally {
      client.kill();
    }
  });
});

describe('a client that never answers workspace/configuration', () => {
  it('gets diagnostics and hovers with the defaults after a bounded wait', async () => {
    const client = RawClient.start();
    try {
      client.onServerRequest = (method) => (method === 'workspace/configuration' ? new Promise(() => undefined) : null);
      await client.initialize();
      await open(client);
      const published = await client.waitFor(() => client.published(URI).find((p) => p.diagnostics.length > 0), 'diagnostics', 8000);
      assert.deepEqual(
        published.diagnostics.map((d: any) => d.code),
        ['schema'],
      );
      const hover = await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 1, character: 7 } }, 8000);
      assert.equal(hover.error, undefined);
      assert.ok(client.notifications.some((n) => n.method === 'window/logMessage' && /did not answer workspace\/configuration/.test(n.params.message)));
    } finally {
      client.kill();
    }
  });
});

describe('the parent process', () => {
  it('a parent that belongs to another user (EPERM) is alive', async () => {
    if (process.getuid?.() !== 0) return; // needs root to run the server as another user
    const client = RawClient.start({ uid: 65534, gid: 65534 });
    try {
      await client.initialize(); // processId: this (root's) process
      await delay(4000); // past the first check (every 3 s)
      const r = await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } });
      assert.deepEqual(r.result, []);
      assert.equal(client.exitCode, undefined);
    } finally {
      client.kill();
    }
  });

  it('a parent that is gone ends the server', async () => {
    const client = RawClient.start();
    try {
      const id = client.send('initialize', { processId: 2 ** 22 + 12345, rootUri: null, capabilities: {} });
      await client.response(id);
      assert.equal(await client.waitFor(() => client.exitCode, 'the server to exit', 6000), 1);
    } finally {
      client.kill();
    }
  });
});

describe('invalid params', () => {
  it('the error message does not echo a huge value', async () => {
    const client = RawClient.start();
    try {
      await client.initialize();
      const r = await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 'x'.repeat(1_000_000), character: 0 } });
      assert.equal(r.error?.code, -32602);
      assert.ok(r.error.message.length < 400, `${r.error.message.length} characters`);
      assert.match(r.error.message, /… \(1000025 characters\)$/);
    } finally {
      client.kill();
    }
  });
});
