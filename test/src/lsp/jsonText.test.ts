/**
 * `lsp/jsonText.ts`: a response whose result is marked with its items' JSON text is written from
 * that text, the same bytes as `JSON.stringify`; every other message is `JSON.stringify`'s.
 * (Over stdio: `codeLens.test.ts`, "the list is written as JSON.stringify writes it".)
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Message } from 'vscode-languageserver/node';
import { messageBytes, messageEncoder, withItemsText } from '../../../server/out/lsp/jsonText';

const messageText = (message: Message): string => messageBytes(message).toString('utf8');

const lens = (line: number, data: number) => ({ range: { start: { line, character: 4 }, end: { line, character: 18 } }, data });

/** A list marked with texts of one or more items each, as each document's lenses are kept. */
function marked<T>(items: T[], groups: number[]): T[] {
  const texts: string[] = [];
  let at = 0;
  for (const n of groups) {
    texts.push(JSON.stringify(items.slice(at, at + n)).slice(1, -1));
    at += n;
  }
  assert.equal(at, items.length);
  return withItemsText([...items], texts);
}

describe('messages written from kept JSON text', () => {
  const items = [lens(3, 0), lens(3, 1), lens(9, 2), lens(120_000, 17), { range: lens(1, 1).range, data: 'é ✓ "q" \\' }];

  it('a marked result gives JSON.stringify of the message, in exactly as many bytes', () => {
    for (const id of [1, 'req-7', null]) {
      const message = { jsonrpc: '2.0', id, result: marked(items, [2, 1, 2]) } as Message;
      assert.equal(messageText(message), JSON.stringify(message));
      assert.equal(messageBytes(message).length, Buffer.byteLength(JSON.stringify(message)));
    }
    const empty = { jsonrpc: '2.0', id: 4, result: marked([], []) } as Message;
    assert.equal(messageText(empty), '{"jsonrpc":"2.0","id":4,"result":[]}');
  });

  it('is written from the texts, not from the items', () => {
    const list = withItemsText([lens(1, 1)], ['{"kept":true}']);
    assert.equal(messageText({ jsonrpc: '2.0', id: 2, result: list } as Message), '{"jsonrpc":"2.0","id":2,"result":[{"kept":true}]}');
  });

  it('other messages, unmarked results and errors are JSON.stringify’s', () => {
    const messages = [
      { jsonrpc: '2.0', id: 1, result: items },
      { jsonrpc: '2.0', id: 1, result: null },
      { jsonrpc: '2.0', id: 1, error: { code: -32600, message: 'no' } },
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a.yaml', diagnostics: [] } },
      { jsonrpc: '2.0', id: 3, method: 'workspace/configuration', params: { items: [] } },
    ] as unknown as Message[];
    for (const message of messages) assert.equal(messageText(message), JSON.stringify(message));
  });

  it('the encoder gives the UTF-8 bytes of the text', async () => {
    const message = { jsonrpc: '2.0', id: 9, result: marked(items, [5]) } as Message;
    const bytes = await (messageEncoder as { encode(m: Message, o: { charset: 'utf-8' }): Promise<Uint8Array> }).encode(message, { charset: 'utf-8' });
    assert.equal(Buffer.from(bytes).toString('utf8'), JSON.stringify(message));
  });
});
