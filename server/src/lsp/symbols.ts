/**
 * `textDocument/documentSymbol`: the outline of `features/symbols.ts` as hierarchical
 * `DocumentSymbol`s, or flat `SymbolInformation`s (with `containerName`) for a client that does
 * not declare `hierarchicalDocumentSymbolSupport`.
 *
 * Symbol kinds: a pod-bearing manifest is a Class, any other manifest a Module; a list group an
 * Array; a container a Function; a volume (or claim template) a Variable.
 */
import { SymbolKind, type DocumentSymbol, type InitializeParams, type SymbolInformation } from 'vscode-languageserver/node';
import { fileSymbols, type OutlineSymbol } from '../features/symbols';
import type { FileModel } from '../model/file';
import { toLspRange } from './convert';

export interface SymbolSupport {
  hierarchical: boolean;
}

export function symbolSupport(params: InitializeParams): SymbolSupport {
  return { hierarchical: params.capabilities?.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true };
}

export function lspSymbolKind(s: OutlineSymbol): SymbolKind {
  switch (s.kind) {
    case 'manifest':
      return s.workload ? SymbolKind.Class : SymbolKind.Module;
    case 'group':
      return SymbolKind.Array;
    case 'container':
      return SymbolKind.Function;
    case 'volume':
      return SymbolKind.Variable;
  }
}

function toDocumentSymbol(model: FileModel, s: OutlineSymbol): DocumentSymbol {
  const symbol: DocumentSymbol = {
    name: s.name,
    kind: lspSymbolKind(s),
    range: toLspRange(model.lines.rangeOf(s.span)),
    selectionRange: toLspRange(model.lines.rangeOf(s.selectionSpan)),
    children: s.children.map((c) => toDocumentSymbol(model, c)),
  };
  if (s.detail !== undefined) symbol.detail = s.detail;
  return symbol;
}

function flatten(model: FileModel, uri: string, symbols: OutlineSymbol[], containerName: string | undefined, out: SymbolInformation[]): SymbolInformation[] {
  for (const s of symbols) {
    const info: SymbolInformation = { name: s.name, kind: lspSymbolKind(s), location: { uri, range: toLspRange(model.lines.rangeOf(s.span)) } };
    if (containerName !== undefined) info.containerName = containerName;
    out.push(info);
    flatten(model, uri, s.children, s.name, out);
  }
  return out;
}

export function provideDocumentSymbols(uri: string, model: FileModel | undefined, support: SymbolSupport): DocumentSymbol[] | SymbolInformation[] {
  if (!model) return [];
  const symbols = fileSymbols(model);
  return support.hierarchical ? symbols.map((s) => toDocumentSymbol(model, s)) : flatten(model, uri, symbols, undefined, []);
}
