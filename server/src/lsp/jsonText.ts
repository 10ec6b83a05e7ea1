/**
 * Results written from JSON text made earlier instead of `JSON.stringify` over them at each
 * response: the code lens list of a file of 1,000 pods is 5,000 lenses (about 480 KB of JSON),
 * asked for after each change, and each document's lenses keep their text while they stay the
 * same (`lsp/codeLens.ts`).
 *
 * A list is marked with the texts of its items (`withItemsText`); the stdio writer
 * (`transport.ts`) encodes each message with `messageBytes`, which gives the bytes
 * `JSON.stringify` gives. The other transports serialise every message (IPC: Node's `process.send`): the list is
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

/**
 * The UTF-8 JSON of a message: `JSON.stringify(message)`'s bytes; a marked result's part is
 * copied from its texts into one buffer (no joined string, no second encoding pass).
 */
export function messageBytes(message: Message): Buffer {
  const result: unknown = Message.isResponse(message) ? message.result : undefined;
  const texts = typeof result === 'object' && result !== null ? itemsText.get(result) : undefined;
  if (!texts) return Buffer.from(JSON.stringify(message), 'utf-8');
  // The connection builds a response as {jsonrpc, id, result}: the result is the last member.
  const { result: _result, ...head } = message as Message & { result: unknown };
  const open = `${JSON.stringify(head).slice(0, -1)},"result":[`;
  let size = Buffer.byteLength(open) + Math.max(texts.length - 1, 0) + 2;
  for (const text of texts) size += Buffer.byteLength(text);
  const bytes = Buffer.allocUnsafe(size);
  let at = bytes.write(open);
  texts.forEach((text, i) => {
    if (i > 0) at += bytes.write(',', at);
    at += bytes.write(text, at);
  });
  bytes.write(']}', at);
  return bytes;
}

/** The `application/json` encoder of the stdio writer, over `messageBytes`. */
export const messageEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode: (message, options) => {
    try {
      return Promise.resolve(options.charset === 'utf-8' ? messageBytes(message) : Buffer.from(JSON.stringify(message), options.charset));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
};
