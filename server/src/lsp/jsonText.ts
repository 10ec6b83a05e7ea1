/**
 * Results written from JSON text made earlier instead of `JSON.stringify` over them at each
 * response: the code lens list of a file of 1,000 pods is 5,000 lenses (about 480 KB of JSON),
 * asked for after each change, and each document's lenses keep their text while they stay the
 * same (`lsp/codeLens.ts`).
 *
 * A list is marked with the texts of its items (`withItemsText`); the stdio writer
 * (`transport.ts`) encodes each message with `messageText`, which gives the bytes `JSON.stringify`
 * gives. The other transports serialise every message (IPC: Node's `process.send`): the list is
 * an ordinary array of the same items, so they write the same JSON.
 */
import { Message, type ContentTypeEncoder } from 'vscode-languageserver/node';

const itemsText = new WeakMap<object, readonly string[]>();

/**
 * `items`, marked with the JSON of its items: `texts` joined with commas is exactly
 * `JSON.stringify(items).slice(1, -1)` (each text the JSON of one or more consecutive items, none
 * empty). Neither may change afterwards.
 */
export function withItemsText<T>(items: T[], texts: readonly string[]): T[] {
  itemsText.set(items, texts);
  return items;
}

/** The JSON text of a message: `JSON.stringify(message)`, a marked result's part joined from its texts. */
export function messageText(message: Message): string {
  const result: unknown = Message.isResponse(message) ? message.result : undefined;
  const texts = typeof result === 'object' && result !== null ? itemsText.get(result) : undefined;
  if (!texts) return JSON.stringify(message);
  // The connection builds a response as {jsonrpc, id, result}: the result is the last member.
  const { result: _result, ...head } = message as Message & { result: unknown };
  return `${JSON.stringify(head).slice(0, -1)},"result":[${texts.join(',')}]}`;
}

/** The `application/json` encoder of the stream writers, over `messageText`. */
export const messageEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode: (message, options) => {
    try {
      return Promise.resolve(Buffer.from(messageText(message), options.charset));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
};
