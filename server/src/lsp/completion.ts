/**
 * `textDocument/completion`: the model of the document's current text (currentModel.ts) →
 * features/completion → LSP items.
 *
 * Every item carries a `textEdit` (the word it replaces, on the cursor's line), its
 * `additionalTextEdits` (a volume a snippet declares) and a `sortText` that keeps the feature's
 * order. Multi-line texts carry their full indentation, so they are sent with
 * `insertTextMode: asIs` (the client must not re-indent them). A client without snippet support
 * gets each snippet's default text as plain text; one without Markdown gets plain documentation.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem as LspCompletionItem,
  type CompletionList,
  type CompletionParams,
  type InitializeParams,
} from 'vscode-languageserver/node';
import type { AnalysisOptions } from '../config/options';
import { completionsAt, type CompletionKind } from '../features/completion/index';
import { snippetToPlainText } from '../features/snippets';
import type { FileModel } from '../model/file';
import { toLspRange } from './convert';

/** Characters that open a completion: a value after `key:`/`key: `, a new item after `- `, `$(`. */
export const COMPLETION_TRIGGERS = [':', ' ', '('];

export interface CompletionSupport {
  snippets: boolean;
  markdown: boolean;
}

export function completionSupport(params: InitializeParams): CompletionSupport {
  const item = params.capabilities?.textDocument?.completion?.completionItem;
  return {
    snippets: item?.snippetSupport === true,
    markdown: item?.documentationFormat === undefined || item.documentationFormat.includes(MarkupKind.Markdown),
  };
}

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  variable: CompletionItemKind.Variable,
  snippet: CompletionItemKind.Snippet,
};

export function provideCompletion(
  params: CompletionParams,
  model: FileModel | undefined,
  options: AnalysisOptions,
  support: CompletionSupport,
): CompletionList {
  if (!model) return { isIncomplete: false, items: [] };
  const offset = model.lines.offsetAt(params.position);
  const items = completionsAt(model, offset, options).map((item): LspCompletionItem => {
    const snippet = item.snippet && support.snippets;
    const newText = item.snippet && !support.snippets ? snippetToPlainText(item.insertText) : item.insertText;
    const out: LspCompletionItem = {
      label: item.label,
      kind: KINDS[item.kind],
      sortText: item.sortText,
      textEdit: { range: toLspRange(model.lines.rangeOf(item.span)), newText },
      insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    };
    if (/[\r\n]/.test(newText)) out.insertTextMode = InsertTextMode.asIs;
    if (item.detail) out.detail = item.detail;
    if (item.documentation) out.documentation = support.markdown ? { kind: MarkupKind.Markdown, value: item.documentation } : item.documentation;
    if (item.filterText) out.filterText = item.filterText;
    if (item.additionalEdits.length)
      out.additionalTextEdits = item.additionalEdits.map((e) => ({ range: toLspRange(model.lines.rangeOf(e.span)), newText: e.newText }));
    return out;
  });
  return { isIncomplete: false, items };
}
