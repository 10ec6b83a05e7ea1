/**
 * Checks of a request's params before a handler reads them: a request that is not what the
 * protocol says (no `textDocument.uri`, a position with a negative or fractional line, no new
 * name) is answered with an `InvalidParams` error (thrown as a `ResponseError`, which `guard`
 * answers as is), never an empty result that looks like "nothing here".
 *
 * A position past the end of a line or of the document is valid (the protocol clamps it).
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';

function invalid(message: string): never {
  throw new ResponseError(ErrorCodes.InvalidParams, message);
}

/** The longest value an error message shows; longer ones are cut (a 50 MB value must not come back). */
export const SHOWN_VALUE_CHARS = 200;

/** `value` as JSON, cut to SHOWN_VALUE_CHARS. */
function shown(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined; // a value that is not JSON (cannot come from the wire)
  }
  if (json === undefined) return 'nothing';
  return json.length > SHOWN_VALUE_CHARS ? `${json.slice(0, SHOWN_VALUE_CHARS)}… (${json.length} characters)` : json;
}

function isUinteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2 ** 31 - 1;
}

/** `params.textDocument.uri`, which must be a string. */
export function documentUri(params: unknown): string {
  const uri = (params as { textDocument?: { uri?: unknown } | null } | null | undefined)?.textDocument?.uri;
  if (typeof uri !== 'string') invalid('expected params.textDocument.uri, a string');
  return uri;
}

/** `params.textDocument.uri`, after checking `params.position` (line and character: unsigned integers). */
export function positionUri(params: unknown): string {
  const uri = documentUri(params);
  const position = (params as { position?: { line?: unknown; character?: unknown } | null }).position;
  if (!position || typeof position !== 'object' || !isUinteger(position.line) || !isUinteger(position.character)) {
    invalid(`expected params.position with a line and a character (unsigned integers), got ${shown(position)}`);
  }
  return uri;
}

/** For `textDocument/rename`: the position's document, after checking `params.newName` is a string. */
export function renameUri(params: unknown): string {
  const uri = positionUri(params);
  if (typeof (params as { newName?: unknown }).newName !== 'string') invalid('expected params.newName, a string');
  return uri;
}
