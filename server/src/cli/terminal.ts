/**
 * What the CLI writes may reach a terminal, and manifests, file names and messages are not ours:
 * an ESC or a C1 control in an image name could clear the screen, set the window title or write
 * the clipboard (OSC 52); a `\r` in a file name could forge a report line; bidirectional controls
 * could reorder what is shown. Every string written as text goes through `printable`, every JSON
 * document through `terminalSafeJson`.
 */

/**
 * C0 controls but tab, DEL, C1 controls, the line and paragraph separators, the bidirectional
 * controls, and lone surrogates (which a terminal shows as garbage or not at all).
 */
const UNPRINTABLE =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escaped(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` on one line with every unprintable character written as `\xNN` or `\uNNNN`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escaped);
}

/** Characters JSON.stringify leaves raw that a terminal acts on or hides. */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** A JSON text with the characters JSON.stringify leaves raw, but a terminal acts on, written as `\uNNNN` (the same JSON value). */
export function terminalSafeJson(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
