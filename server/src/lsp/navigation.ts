/**
 * `textDocument/definition`, `references`, `prepareRename` and `rename`: LSP positions to file
 * offsets, `features/navigation.ts` (names within a pod) then, where it finds nothing,
 * `features/workspaceNavigation.ts` and `features/workspaceRename.ts` (objects across the
 * workspace's files, once the workspace index is built), places back to ranges.
 *
 * - Nothing found: definition answers null, references an empty list, prepareRename null (the
 *   position is not a volume, container, Secret, ConfigMap or Service name).
 * - A name that cannot be renamed safely (prepareRename), and a rename refused (not a name, an
 *   invalid or taken new name, a place in a file that cannot be edited safely): a `RequestFailed`
 *   error whose message says why; editors show it.
 * - Rename answers `changes`: the one document for a volume or container, every file that names
 *   the object for a Secret, ConfigMap or Service (ranges in each file's current text).
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
import { workspaceDefinition, workspaceReferences, type FilePlace, type WorkspaceView } from '../features/workspaceNavigation';
import { workspacePrepareRename, workspaceRename } from '../features/workspaceRename';
import type { FileModel } from '../model/file';
import { LineIndex, type Span } from '../model/text';
import { toLspRange } from './convert';

function location(p: FilePlace): Location {
  return { uri: p.file, range: toLspRange(p.range) };
}

function offsetOf(model: FileModel, position: Position): number {
  return model.lines.offsetAt({ line: position.line, character: position.character });
}

function rangeOf(model: FileModel, span: Span): Range {
  return toLspRange(model.lines.rangeOf(span));
}

export function provideDefinition(params: DefinitionParams, model: FileModel | undefined, view?: WorkspaceView): Location[] | null {
  if (!model) return null;
  const uri = params.textDocument.uri;
  const offset = offsetOf(model, params.position);
  const targets = definition(model, offset);
  if (targets.length) return targets.map((span) => ({ uri, range: rangeOf(model, span) }));
  const across = view ? workspaceDefinition(view, uri, model, offset) : [];
  return across.length ? across.map(location) : null;
}

export function provideReferences(params: ReferenceParams, model: FileModel | undefined, view?: WorkspaceView): Location[] {
  if (!model) return [];
  const uri = params.textDocument.uri;
  const includeDeclaration = params.context?.includeDeclaration !== false;
  const offset = offsetOf(model, params.position);
  const local = references(model, offset, includeDeclaration);
  if (local.length || !view) return local.map((span) => ({ uri, range: rangeOf(model, span) }));
  return workspaceReferences(view, uri, model, offset, includeDeclaration).map(location);
}

export function providePrepareRename(
  params: PrepareRenameParams,
  model: FileModel | undefined,
  view?: WorkspaceView,
): { range: Range; placeholder: string } | ResponseError<void> | null {
  if (!model) return null;
  const offset = offsetOf(model, params.position);
  const result = prepareRename(model, offset) ?? (view ? workspacePrepareRename(view, params.textDocument.uri, model, offset) : undefined);
  if (!result) return null;
  if ('error' in result) return new ResponseError(LSPErrorCodes.RequestFailed, result.error);
  return { range: rangeOf(model, result.span), placeholder: result.placeholder };
}

export function provideRename(params: RenameParams, model: FileModel | undefined, view?: WorkspaceView): WorkspaceEdit | ResponseError<void> {
  if (!model) return new ResponseError(LSPErrorCodes.RequestFailed, 'the document is not open');
  const offset = offsetOf(model, params.position);
  if (!prepareRename(model, offset) && view) {
    const across = workspaceRename(view, params.textDocument.uri, model, offset, params.newName);
    if (across && 'error' in across) return new ResponseError(LSPErrorCodes.RequestFailed, across.error);
    if (across) {
      const changes: WorkspaceEdit['changes'] = {};
      for (const c of across.changes) {
        const lines = c.file === params.textDocument.uri ? model.lines : new LineIndex(c.text);
        changes[c.file] = c.edits.map((e) => ({ range: toLspRange(lines.rangeOf(e.span)), newText: e.newText }));
      }
      return { changes };
    }
  }
  const result = rename(model, offset, params.newName);
  if ('error' in result) return new ResponseError(LSPErrorCodes.RequestFailed, result.error);
  const uri = params.textDocument.uri;
  return { changes: { [uri]: result.edits.map((e) => ({ range: rangeOf(model, e.span), newText: e.newText })) } };
}
