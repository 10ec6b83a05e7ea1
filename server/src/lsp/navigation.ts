/**
 * `textDocument/definition`, `references`, `prepareRename` and `rename`: LSP positions to file
 * offsets, `features/navigation.ts`, file spans back to ranges.
 *
 * - Nothing found: definition answers null, references an empty list, prepareRename null (the
 *   position is not a volume or container name).
 * - A name that cannot be renamed safely (prepareRename), and a rename refused (not a name, an
 *   invalid or taken new name): a `RequestFailed` error whose message says why; editors show it.
 * - Rename answers `changes` for the one document (every place is in the same pod).
 */
import {
  LSPErrorCodes,
  ResponseError,
  type DefinitionParams,
  type Location,
  type Position,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { definition, prepareRename, references, rename } from '../features/navigation';
import type { FileModel } from '../model/file';
import type { Span } from '../model/text';
import { toLspRange } from './convert';

function offsetOf(model: FileModel, position: Position): number {
  return model.lines.offsetAt({ line: position.line, character: position.character });
}

function rangeOf(model: FileModel, span: Span): Range {
  return toLspRange(model.lines.rangeOf(span));
}

export function provideDefinition(params: DefinitionParams, model: FileModel | undefined): Location[] | null {
  if (!model) return null;
  const uri = params.textDocument.uri;
  const targets = definition(model, offsetOf(model, params.position));
  return targets.length ? targets.map((span) => ({ uri, range: rangeOf(model, span) })) : null;
}

export function provideReferences(params: ReferenceParams, model: FileModel | undefined): Location[] {
  if (!model) return [];
  const uri = params.textDocument.uri;
  const includeDeclaration = params.context?.includeDeclaration !== false;
  return references(model, offsetOf(model, params.position), includeDeclaration).map((span) => ({ uri, range: rangeOf(model, span) }));
}

export function providePrepareRename(
  params: PrepareRenameParams,
  model: FileModel | undefined,
): { range: Range; placeholder: string } | ResponseError<void> | null {
  if (!model) return null;
  const result = prepareRename(model, offsetOf(model, params.position));
  if (!result) return null;
  if ('error' in result) return new ResponseError(LSPErrorCodes.RequestFailed, result.error);
  return { range: rangeOf(model, result.span), placeholder: result.placeholder };
}

export function provideRename(params: RenameParams, model: FileModel | undefined): WorkspaceEdit | ResponseError<void> {
  if (!model) return new ResponseError(LSPErrorCodes.RequestFailed, 'the document is not open');
  const result = rename(model, offsetOf(model, params.position), params.newName);
  if ('error' in result) return new ResponseError(LSPErrorCodes.RequestFailed, result.error);
  const uri = params.textDocument.uri;
  return { changes: { [uri]: result.edits.map((e) => ({ range: rangeOf(model, e.span), newText: e.newText })) } };
}
