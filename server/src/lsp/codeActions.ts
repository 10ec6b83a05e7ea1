/**
 * `textDocument/codeAction` (quickfix): answered from the last completed analysis, at once.
 * `source.fixAll.initlens` (asked for by kind, as on save): every safe fix of the file applied
 * with the same whole-file check as `--fix` (`analysis/fixAll.ts`), as one edit of the region
 * that changes.
 *
 * Each diagnostic of ours in the request's context (matched by code and range, then message) gets
 * its rule's fixes, and every one gets "Disable <id> for this line" (suppression.ts). Edits are
 * versioned with the analysed version when the client supports `documentChanges`, so a client
 * whose text moved on refuses them instead of applying them at the wrong place.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { disableFix, type Diagnostic } from '../analysis/analyze';
import { fixText } from '../analysis/fixAll';
import { sameRange, SOURCE, toLspRange } from './convert';
import type { AnalysedVersion } from './workspace';

export interface CodeActionSupport {
  documentChanges: boolean;
}

export function codeActionSupport(params: InitializeParams): CodeActionSupport {
  return { documentChanges: params.capabilities?.workspace?.workspaceEdit?.documentChanges === true };
}

/** Whether `kind` is asked for by `only` (a kind covers its sub-kinds: `refactor` covers `refactor.move`); nothing asked: every kind. */
export function kindWanted(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => o === kind || kind.startsWith(`${o}.`));
}

/** One document's edits as a WorkspaceEdit: versioned where the client takes document changes and the version is known. */
export function documentEdit(uri: string, version: number | undefined, edits: TextEdit[], support: CodeActionSupport): WorkspaceEdit {
  return support.documentChanges && version !== undefined ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
}

function wantsQuickFixes(only: readonly string[] | undefined): boolean {
  return kindWanted(CodeActionKind.QuickFix, only) || (only ?? []).includes(CodeActionKind.Empty);
}

/** The stored diagnostic a client diagnostic stands for, if it is ours. */
function findOurs(client: LspDiagnostic, stored: readonly Diagnostic[]): Diagnostic | undefined {
  if (client.source !== undefined && client.source !== SOURCE) return undefined;
  if (typeof client.code !== 'string') return undefined;
  const candidates = stored.filter((d) => d.rule === client.code && sameRange(toLspRange(d.range), client.range));
  return candidates.find((d) => d.message === client.message) ?? candidates[0];
}

export function provideCodeActions(params: CodeActionParams, analysed: AnalysedVersion | undefined, support: CodeActionSupport): CodeAction[] {
  if (!analysed || !wantsQuickFixes(params.context?.only)) return [];
  const uri = params.textDocument.uri;
  const workspaceEdit = (edits: TextEdit[]): WorkspaceEdit => documentEdit(uri, analysed.version, edits, support);

  const fixes: CodeAction[] = [];
  const disables: { action: CodeAction; key: string }[] = [];
  for (const client of params.context?.diagnostics ?? []) {
    const ours = findOurs(client, analysed.analysis.diagnostics);
    if (!ours) continue;
    for (const fix of ours.fixes) {
      const action: CodeAction = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [client],
        edit: workspaceEdit(fix.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText }))),
      };
      if (fix.preferred) action.isPreferred = true;
      fixes.push(action);
    }
    const disable = disableFix(analysed.analysis.model, ours);
    if (!disable) continue; // a whole-file diagnostic (`not-analysed`): no YAML document to comment
    const edit: TextEdit = { range: toLspRange(disable.edits[0].range), newText: disable.edits[0].newText };
    // Two diagnostics of one rule on one line share one action.
    const key = JSON.stringify([ours.rule, edit]);
    const same = disables.find((d) => d.key === key);
    if (same) same.action.diagnostics?.push(client);
    else disables.push({ key, action: { title: disable.title, kind: CodeActionKind.QuickFix, diagnostics: [client], edit: workspaceEdit([edit]) } });
  }
  return [...fixes, ...disables.map((d) => d.action)];
}

/** The kind of the "Fix all" action. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.initlens`;

/** Only when asked for by kind (`source`, `source.fixAll`, `source.fixAll.initlens`). */
function wantsFixAll(only: readonly string[] | undefined): boolean {
  return !!only?.length && kindWanted(FIX_ALL_KIND, only);
}

/** "Fix all": the safe fixes of the whole file, checked as a whole, as one edit. */
export async function provideFixAll(params: CodeActionParams, analysed: AnalysedVersion | undefined, support: CodeActionSupport): Promise<CodeAction[]> {
  if (!analysed || !wantsFixAll(params.context?.only)) return [];
  const { model } = analysed.analysis;
  const before = model.text;
  const fixed = await fixText(before, analysed.options);
  if (fixed.applied.length === 0 || fixed.text === before) return [];
  // The one region that changes: everything before and after it stays as it is.
  let start = 0;
  while (start < before.length && start < fixed.text.length && before[start] === fixed.text[start]) start++;
  let end = 0;
  while (end < before.length - start && end < fixed.text.length - start && before[before.length - 1 - end] === fixed.text[fixed.text.length - 1 - end]) end++;
  const edit: TextEdit = {
    range: toLspRange(model.lines.rangeOf({ start, end: before.length - end })),
    newText: fixed.text.slice(start, fixed.text.length - end),
  };
  const n = fixed.applied.length;
  return [
    {
      title: `Fix all: ${n} safe initlens fix${n === 1 ? '' : 'es'}`,
      kind: FIX_ALL_KIND,
      edit: documentEdit(params.textDocument.uri, analysed.version, [edit], support),
    },
  ];
}
