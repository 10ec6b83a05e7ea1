/**
 * The model of a document's current text, for requests that answer about positions (symbols,
 * definition, references, rename). The last analysis is used when it is of the version the client
 * has; otherwise (an edit still in its debounce) the current text is parsed again, reusing the
 * last parse's unchanged documents, so positions always match what the client sees.
 */
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_MAX_FILE_SIZE_KB } from '../config/options';
import { parseFile, type FileModel } from '../model/file';
import type { AnalysedVersion } from './workspace';

export interface AnalysisSource {
  lastAnalysis(uri: string): AnalysedVersion | undefined;
  /** The model of `text` (version `version` of `uri`), parsed from the file's latest parse. */
  modelOf?(uri: string, version: number, text: string): FileModel;
}

export function currentModel(documents: TextDocuments<TextDocument>, analyses: AnalysisSource, uri: string): FileModel | undefined {
  const document = documents.get(uri);
  if (!document) return undefined;
  const last = analyses.lastAnalysis(uri);
  if (last && last.version === document.version) return last.analysis.model;
  return (
    analyses.modelOf?.(uri, document.version, document.getText()) ??
    parseFile(document.getText(), last?.analysis.model.cache, { maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB })
  );
}
