/**
 * A whole file: its YAML documents, each parsed on its own and placed at its offset and line,
 * or the reason the file is deliberately not analysed (a Helm/Go template, binary content).
 */
import { parseDocument, type YamlDocument } from './document';
import { splitDocuments } from './split';
import { LineIndex, type Span } from './text';

export interface PlacedDocument {
  /** Offset of the document's first character in the file. */
  start: number;
  /** Line of the document's first character in the file (documents start at line starts). */
  startLine: number;
  doc: YamlDocument;
}

export interface NotAnalysed {
  reason: string;
  span: Span;
}

export interface FileModel {
  text: string;
  lines: LineIndex;
  documents: PlacedDocument[];
  /** Set when the file is deliberately not analysed; `documents` is then empty. */
  notAnalysed?: NotAnalysed;
  /** This file's documents by text: pass it to the next `parseFile` of the same file. */
  cache: DocumentCache;
}

/** Parsed documents by their text, so an edit re-parses only the documents it touched. */
export type DocumentCache = Map<string, YamlDocument>;

// A Go template action where YAML structure is: at the start of a line (`{{- if … }}`,
// `{{ include … }}`), as an unquoted value (`replicas: {{ .Values.n }}`), or with trim markers.
// Quoted `"{{ … }}"` strings alone are ordinary YAML (Argo, Prometheus rules) and are analysed.
const TEMPLATE_LINE = /^[ \t]*(?:- +)?\{\{|:[ \t]+\{\{[^}\n]*\}\}|\{\{-|-\}\}/m;

export function detectTemplate(text: string): Span | undefined {
  const m = TEMPLATE_LINE.exec(text);
  if (!m) return undefined;
  const at = text.indexOf('{{', m.index);
  return { start: at, end: at + 2 };
}

/** NUL bytes or U+FFFD (what invalid UTF-8 decodes to) mean the file is not text we can analyse. */
export function detectBinary(text: string): Span | undefined {
  const at = text.search(/[\u0000\uFFFD]/);
  return at < 0 ? undefined : { start: at, end: at + 1 };
}

/**
 * Parses a file. Documents whose text is in `previous` (the cache of the file's last parse) are
 * reused, not parsed again.
 */
export function parseFile(text: string, previous?: DocumentCache): FileModel {
  const lines = new LineIndex(text);
  const cache: DocumentCache = new Map();
  const binary = detectBinary(text);
  if (binary) {
    return {
      text,
      lines,
      documents: [],
      cache,
      notAnalysed: { reason: 'binary content or text that is not valid UTF-8: the file is not analysed', span: binary },
    };
  }
  const template = detectTemplate(text);
  if (template) {
    return {
      text,
      lines,
      documents: [],
      cache,
      notAnalysed: {
        reason:
          'this file is a Helm/Go template ({{ … }}), not YAML yet, so it is not analysed: render it with `helm template` and pipe it to `initlens check -`',
        span: template,
      },
    };
  }
  const documents: PlacedDocument[] = [];
  for (const chunk of splitDocuments(text)) {
    const doc = cache.get(chunk.text) ?? previous?.get(chunk.text) ?? parseDocument(chunk.text);
    cache.set(chunk.text, doc);
    documents.push({ start: chunk.start, startLine: lines.positionAt(chunk.start).line, doc });
  }
  return { text, lines, documents, cache };
}
