/**
 * `textDocument/codeAction` (refactor.*): the refactors of features/refactors/ at the start of the
 * request's range, on the model of the document's current text (currentModel.ts), as code actions
 * with their edits. The edits are made while listing: a refactor is offered only when the edit
 * layer has checked its result, which is the expensive part, so resolving later would save nothing;
 * each costs a re-parse or two of one document. Versioned with the document's version when the
 * client supports `documentChanges`.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import type { AnalysisOptions } from '../config/options';
import { refactorsAt } from '../features/refactors/index';
import type { FileModel } from '../model/file';
import { documentEdit, kindWanted, type CodeActionSupport } from './codeActions';
import { toLspRange } from './convert';

/** The refactor kinds the server offers (declared in the initialize answer). */
export const REFACTOR_KINDS: string[] = [
  CodeActionKind.RefactorRewrite,
  CodeActionKind.RefactorMove,
  CodeActionKind.RefactorExtract,
  CodeActionKind.RefactorInline,
];

/** Whether any refactor kind is asked for by `only` (checked before the model and settings are fetched). */
export function wantsRefactors(only: readonly string[] | undefined): boolean {
  return REFACTOR_KINDS.some((k) => kindWanted(k, only));
}

export function refactorActions(
  params: CodeActionParams,
  model: FileModel | undefined,
  options: AnalysisOptions,
  version: number | undefined,
  support: CodeActionSupport,
): CodeAction[] {
  if (!model || typeof params.range?.start?.line !== 'number' || typeof params.range.start.character !== 'number') return [];
  const only = params.context?.only;
  if (!wantsRefactors(only)) return [];
  const offset = model.lines.offsetAt(params.range.start);
  const uri = params.textDocument.uri;
  return refactorsAt(model, offset, { kubernetesVersion: options.kubernetesVersion })
    .filter((r) => kindWanted(r.kind, only))
    .map((r) => {
      const edits = r.edits.map((e) => ({ range: toLspRange(model.lines.rangeOf(e.span)), newText: e.newText }));
      return { title: r.title, kind: r.kind, edit: documentEdit(uri, version, edits, support) };
    });
}
