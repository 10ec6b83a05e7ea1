/**
 * A whole file: its YAML documents, each parsed on its own and placed at its offset and line,
 * or the reason the file is deliberately not analysed (a Helm/Go template, binary content).
 *
 * Re-parsing after an edit costs the documents the edit touched, not the file: `parseFile(text,
 * previous)` compares the new text with the previous parse's chunks (native string compares),
 * keeps the chunks before and after the change (their document markers provably cut the new text
 * at the same places), splits only the changed region again, and reuses parsed documents by text.
 * Positions over the file are answered from the documents' own line indexes (`DocumentLines`), so
 * no whole-file table is built per edit.
 */
import { compactDocument, parseDocument, type YamlDocument } from './document';
import { splitDocuments } from './split';
import { afterLineBreak, countWhile, lineBreakAt, LineIndex, type Lines, type Position, type Range, type Span } from './text';

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

/** The document of a file that holds a file offset, its index, and the offset inside it. */
export interface DocumentAt {
  placed: PlacedDocument;
  /** Index into `FileModel.documents`. */
  index: number;
  /** The offset relative to the document's start. */
  offset: number;
}

export interface FileModel {
  text: string;
  lines: Lines;
  documents: PlacedDocument[];
  /**
   * The document holding a file offset: the last one starting at or before it (a document's end
   * is the next one's start), undefined past the end of the text or when there is none. A binary
   * search: O(log documents).
   */
  documentAt(offset: number): DocumentAt | undefined;
  /** Set when the file is deliberately not analysed; `documents` is then empty. */
  notAnalysed?: NotAnalysed;
  /** This file's documents by text: pass it to the next `parseFile` of the same file. */
  cache: DocumentCache;
}

function documentIn(documents: readonly PlacedDocument[], offset: number): DocumentAt | undefined {
  const index = countWhile(documents, (d) => d.start <= offset) - 1;
  if (index < 0) return undefined;
  const placed = documents[index];
  if (offset > placed.start + placed.doc.text.length) return undefined;
  return { placed, index, offset: offset - placed.start };
}

function fileModel(text: string, lines: Lines, documents: PlacedDocument[], cache: DocumentCache, notAnalysed?: NotAnalysed): FileModel {
  return { text, lines, documents, cache, ...(notAnalysed ? { notAnalysed } : {}), documentAt: (offset) => documentIn(documents, offset) };
}

/** One chunk of a parsed file: the text of one YAML document (split at `---`) and what is in it. */
interface ChunkRecord {
  /** Offset in the file. */
  readonly start: number;
  /**
   * The chunk's text, a string of its own: a slice of the file's text would keep that whole
   * version of the file alive for as long as the chunk is reused (V8 sliced strings).
   */
  readonly text: string;
  /** Binary content or a Go template action in the chunk (offsets into the chunk). */
  readonly binary: Span | undefined;
  readonly template: Span | undefined;
  /** The parsed document (absent while the file is not analysed). */
  readonly doc: YamlDocument | undefined;
}

/**
 * Parsed documents by their text, so an edit re-parses only the documents it touched, and the
 * layout of the parsed text (its chunks), so an edit re-splits only the region it changed.
 */
export class DocumentCache extends Map<string, YamlDocument> {
  /** @internal The chunks of the text this cache was made from, in order. */
  chunks: readonly ChunkRecord[] = [];
  /** @internal The length of that text. */
  textLength = 0;
}

// A Go template action where YAML structure is: at the start of a line (`{{- if … }}`,
// `{{ include … }}`), as an unquoted value (`replicas: {{ .Values.n }}`), or with trim markers.
// Quoted `"{{ … }}"` strings alone are ordinary YAML (Argo, Prometheus rules) and are analysed.
const TEMPLATE_LINE = /^[ \t]*(?:- +)?\{\{|:[ \t]+\{\{[^}\n]*\}\}|\{\{-|-\}\}/m;

export function detectTemplate(text: string): Span | undefined {
  // Every form holds `{{` or `}}`: most texts are ruled out by a native search.
  if (!text.includes('{{') && !text.includes('}}')) return undefined;
  const m = TEMPLATE_LINE.exec(text);
  if (!m) return undefined;
  const at = text.indexOf('{{', m.index);
  // A closing `-}}` can come without any `{{` (a truncated template): point at it instead.
  if (at < 0) return { start: m.index, end: m.index + m[0].length };
  return { start: at, end: at + 2 };
}

/**
 * NUL means the file is not text we can analyse: binary content, or invalid UTF-8 (the CLI decodes
 * each invalid sequence as NUL). U+FFFD is a valid character, analysed like any other.
 */
export function detectBinary(text: string): Span | undefined {
  const at = text.indexOf('\u0000');
  return at < 0 ? undefined : { start: at, end: at + 1 };
}

/** A copy of `s` that shares no memory with the string it was sliced from (flattening a concatenation copies). */
function ownCopy(s: string): string {
  return s.length < 16 ? s : ` ${s}`.slice(1);
}

/** The record of a chunk not kept from the previous parse: its document by text if it is known, else found out. */
function newRecord(start: number, text: string, previous: DocumentCache | undefined): ChunkRecord {
  const doc = previous?.get(text);
  // A cached document was parsed, so its chunk had neither binary content nor a template.
  if (doc) return { start, text: doc.text, binary: undefined, template: undefined, doc };
  return { start, text: ownCopy(text), binary: detectBinary(text), template: detectTemplate(text), doc: undefined };
}

/** Splits `text[from, to)` (both cuts of the new text) into records. */
function splitRegion(text: string, from: number, to: number, previous: DocumentCache | undefined, out: ChunkRecord[]): void {
  if (to <= from) return;
  for (const chunk of splitDocuments(text.slice(from, to))) out.push(newRecord(from + chunk.start, chunk.text, previous));
}

/** Whether `text` holds `part` at `at` (a slice compared with `===` is a memory compare: many times faster than startsWith). */
function sameAt(text: string, at: number, part: string): boolean {
  return text.length - at >= part.length && text.slice(at, at + part.length) === part;
}

/** The index of the last chunk starting at or before `offset` (0 if none). */
function chunkAt(chunks: readonly ChunkRecord[], offset: number): number {
  return Math.max(0, countWhile(chunks, (c) => c.start <= offset) - 1);
}

/** Where the last line of a chunk (which ends with a line break) starts, relative to the chunk. */
function lastLineStart(chunk: string): number {
  let end = chunk.length;
  if (end >= 2 && chunk.charCodeAt(end - 2) === 13 && chunk.charCodeAt(end - 1) === 10) end -= 2;
  else end -= 1;
  return Math.max(chunk.lastIndexOf('\n', end - 1), chunk.lastIndexOf('\r', end - 1)) + 1;
}

/**
 * The chunks of `text`, reusing those of the previous parse that the edit left alone.
 *
 * Front: chunks 0..k are kept when chunk k+1 is also unchanged at the same offset and is not the
 * last chunk: every cut up to chunk k+1's start depends only on text before it plus chunk k+1's
 * own first lines (its directive lines and `---` line, which end inside it).
 * Back: chunk m (shifted by the length difference) is kept when the common suffix of the two texts
 * covers the whole line before it and the line break before that line: then chunk m starts a line
 * in both, the line before it is the same (not a directive line, or m would not start there), and
 * a splitter entering chunk m is in the same state in both texts, so every later cut is the same.
 * The region between is split again.
 */
function chunksOf(text: string, previous: DocumentCache | undefined): ChunkRecord[] {
  const out: ChunkRecord[] = [];
  const old = previous?.chunks ?? [];
  const n = old.length;
  const oldLength = previous?.textLength ?? 0;
  if (n < 2 || oldLength === 0 || text.length === 0) {
    const chunks = splitDocuments(text);
    for (const chunk of chunks) out.push(newRecord(chunk.start, chunk.text, previous));
    return out;
  }
  const delta = text.length - oldLength;

  // Unchanged chunks from the front.
  let front = 0;
  while (front < n && sameAt(text, old[front].start, old[front].text)) front++;
  const keepFront = Math.max(0, Math.min(front - 1, n - 2));
  const prefix = front === n ? oldLength : old[front].start; // a lower bound of the common prefix

  // The exact common suffix: whole chunks from the back, then characters into the first that differs.
  let back = n - 1;
  while (back >= 0 && old[back].start + delta >= 0 && sameAt(text, old[back].start + delta, old[back].text)) back--;
  let suffix = oldLength - (back >= 0 ? old[back].start + old[back].text.length : 0);
  if (back >= 0) {
    const chunk = old[back].text;
    let i = chunk.length - 1;
    let j = old[back].start + i + delta;
    while (i >= 0 && j >= 0 && chunk.charCodeAt(i) === text.charCodeAt(j)) {
      i--;
      j--;
      suffix++;
    }
  }
  suffix = Math.min(suffix, Math.min(oldLength, text.length) - Math.min(prefix, text.length));
  const suffixFrom = oldLength - suffix; // old offsets >= this are unchanged (shifted by delta)

  // The first chunk kept at the back: the condition holds from some chunk on (the lines before
  // chunks come in order), at most a few chunks after the one the common suffix starts in.
  let keepBackFrom = Math.max(keepFront + 1, chunkAt(old, suffixFrom));
  while (keepBackFrom < n) {
    const lineBefore = old[keepBackFrom - 1].start + lastLineStart(old[keepBackFrom - 1].text);
    if (lineBefore >= 1 && lineBefore - 1 >= suffixFrom) break;
    keepBackFrom++;
  }

  for (let k = 0; k < keepFront; k++) out.push(old[k]);
  const from = keepFront > 0 ? old[keepFront].start : 0;
  const to = keepBackFrom < n ? old[keepBackFrom].start + delta : text.length;
  splitRegion(text, from, to, previous, out);
  for (let m = keepBackFrom; m < n; m++) {
    const c = old[m];
    out.push(delta === 0 ? c : { ...c, start: c.start + delta });
  }
  return out;
}

/** What a front end lets a file cost. */
export interface FileLimits {
  /** Larger files (UTF-8 kilobytes) are not analysed. Undefined or 0: no limit. */
  maxFileSizeKB?: number;
}

/**
 * Whether `text` takes more than `limit` bytes in UTF-8 (a lone surrogate counts 3, as U+FFFD).
 * Counted natively: a loop in JavaScript cost 5 ms per edit of a 2.7 MB file.
 */
function overUtf8Limit(text: string, limit: number): boolean {
  if (text.length > limit) return true; // every UTF-16 unit is at least one byte
  if (text.length * 3 <= limit) return false; // and at most three (a surrogate pair: 4 for 2)
  return Buffer.byteLength(text, 'utf8') > limit;
}

/** The `not-analysed` reason for a file over the limit. */
export function tooLargeReason(maxFileSizeKB: number): string {
  return `the file is larger than ${maxFileSizeKB} KB, so it is not analysed (the limit is the setting initlens.maxFileSizeKB, or the option --max-file-size-kb of initlens check)`;
}

/**
 * Parses a file. With `previous` (the cache of the same file's last parse), only the region of
 * the text that changed is split again, and documents whose text is in `previous` are reused,
 * not parsed again. A file over `limits.maxFileSizeKB` is not parsed at all.
 */
export function parseFile(text: string, previous?: DocumentCache, limits: FileLimits = {}): FileModel {
  const cache = new DocumentCache();
  cache.textLength = text.length;
  const skip = (reason: string, span: Span): FileModel => fileModel(text, new LineIndex(text), [], cache, { reason, span });
  const max = limits.maxFileSizeKB;
  if (max && max > 0 && overUtf8Limit(text, max * 1024)) return skip(tooLargeReason(max), { start: 0, end: 0 });
  const chunks = chunksOf(text, previous);
  // The first chunk with binary content, else with a template action, in file offsets.
  const found = (of: (c: ChunkRecord) => Span | undefined): Span | undefined => {
    const c = chunks.find(of);
    const at = c && of(c);
    return c && at && { start: c.start + at.start, end: c.start + at.end };
  };
  const binary = found((c) => c.binary);
  const template = binary ? undefined : found((c) => c.template);
  if (binary || template) {
    cache.chunks = chunks;
    return binary
      ? skip('binary content or text that is not valid UTF-8: the file is not analysed', binary)
      : skip(
          'this file is a Helm/Go template ({{ … }}), not YAML yet, so it is not analysed: render it with `helm template` and pipe it to `initlens check -`',
          template!,
        );
  }
  const documents: PlacedDocument[] = [];
  const parsed: ChunkRecord[] = [];
  let line = 0;
  for (const c of chunks) {
    const doc = c.doc ?? cache.get(c.text) ?? parseDocument(c.text);
    cache.set(c.text, doc);
    parsed.push(c.doc ? c : { ...c, doc });
    documents.push({ start: c.start, startLine: line, doc });
    line += doc.lines.lineCount - 1;
  }
  cache.chunks = parsed;
  return fileModel(text, new DocumentLines(text, documents), documents, cache);
}

/** The first documents of a file and the documents that scale workloads (see {@link parseLeading}). */
export interface LeadingDocuments {
  /** A model of the text holding only its first documents, placed as `parseFile` places them. */
  model: FileModel;
  /** Whether those documents are all of the file's. */
  complete: boolean;
  /** The documents after them that mention a HorizontalPodAutoscaler, in file order, at their offsets. */
  autoscalers: { start: number; doc: YamlDocument }[];
  /**
   * The documents after them that may define a CustomResourceDefinition of a kind they use (they
   * mention `CustomResourceDefinition` and the kind), in file order, at their offsets.
   */
  definitions: { start: number; doc: YamlDocument }[];
  /** The kinds of custom resources the definitions were looked for (this step's and the earlier steps'). */
  customKinds: ReadonlySet<string>;
}

const AUTOSCALER = 'HorizontalPodAutoscaler';
const DEFINITION = 'CustomResourceDefinition';

/**
 * Whether a manifest may be a custom resource, whose schema a CustomResourceDefinition elsewhere
 * in the file gives (the schema layer knows: a server asks whether the kind has a built-in schema).
 */
export type MayBeCustom = (apiVersion: string, kind: string) => boolean;

/** The kinds of the manifests of `documents` that may be custom resources. */
function customKindsOf(documents: readonly PlacedDocument[], mayBeCustom: MayBeCustom | undefined, into: Set<string>): void {
  if (!mayBeCustom) return;
  for (const d of documents) {
    for (const m of d.doc.manifests) if (m.kind && m.apiVersion && mayBeCustom(m.apiVersion, m.kind)) into.add(m.kind);
  }
}

/**
 * The documents of `text` that start before `until` (at least one more than `after` holds),
 * parsed, placed and cached exactly as `parseFile(text)` would, without splitting or parsing the
 * text after them: what a server shows while the rest of a big file is parsed. Also parsed: the
 * later documents that mention a HorizontalPodAutoscaler (what they scale changes findings in
 * other documents), and those that may define a CustomResourceDefinition of a kind the first
 * documents use that `mayBeCustom` says may be a custom resource (it is their schema; without
 * `mayBeCustom`, none are looked for). `after`: the previous step over the same text, whose documents are kept and
 * not split or parsed again; `previous`: documents by text from an earlier parse (of another
 * version). The model's cache serves a `parseFile` of the same text.
 *
 * Cuts found in `text[from, end)`, `from` a cut and `end` a line start, are cuts of the whole
 * text (a document marker line is one whatever follows it; a splitter starting at a cut is in
 * the state it is in there when starting at 0); only the chunk that reaches `end` may go on, and
 * it is left out unless `end` is the end of the text.
 *
 * Undefined when `parseFile` might not analyse the file at all: over the size limit, or with a
 * NUL, a `{{` or a `-}}` anywhere (a template, looked for per document by `parseFile`).
 */
export function parseLeading(
  text: string,
  until: number,
  after?: LeadingDocuments,
  limits: FileLimits = {},
  previous?: DocumentCache,
  mayBeCustom?: MayBeCustom,
): LeadingDocuments | undefined {
  if (!after) {
    const max = limits.maxFileSizeKB;
    if (max && max > 0 && overUtf8Limit(text, max * 1024)) return undefined;
    if (text.includes('\u0000') || text.includes('{{') || text.includes('-}}')) return undefined;
  }
  const cache = new DocumentCache();
  const documents: PlacedDocument[] = [];
  let from = 0;
  let line = 0;
  for (const d of after?.model.documents ?? []) {
    cache.set(d.doc.text, d.doc);
    documents.push(d);
    from = d.start + d.doc.text.length;
    line = d.startLine + d.doc.lines.lineCount - 1;
  }
  const known = new Map([...(after?.autoscalers ?? []), ...(after?.definitions ?? [])].map((a) => [a.doc.text, a.doc]));
  const parse = (chunk: string): YamlDocument => {
    const doc = cache.get(chunk) ?? known.get(chunk) ?? previous?.get(chunk) ?? parseDocument(ownCopy(chunk));
    cache.set(doc.text, doc);
    return doc;
  };
  // The start of the line after the one holding an offset (or the end of the text).
  const lfOnly = !text.includes('\r');
  const nextLineStart = (offset: number) => afterLineBreak(text, lineBreakAt(text, offset, lfOnly));
  let end = nextLineStart(Math.max(from, until - 1));
  let chunks = splitDocuments(text.slice(from, end));
  while (end < text.length && (chunks.length < 2 || from + chunks[chunks.length - 1].start < until)) {
    end = nextLineStart(Math.max(from + (end - from) * 2, until));
    chunks = splitDocuments(text.slice(from, end));
  }
  const complete = end >= text.length;
  if (!complete) chunks.pop();
  for (const c of chunks) {
    const doc = parse(c.text);
    documents.push({ start: from + c.start, startLine: line, doc });
    line += doc.lines.lineCount - 1;
  }
  const last = documents[documents.length - 1];
  const rest = complete || !last ? text.length : last.start + last.doc.text.length;
  // The chunks after the leading documents (`rest` is a cut, so they are the whole text's), split once.
  let later: { start: number; text: string }[] | undefined;
  const laterChunks = () => (later ??= splitDocuments(text.slice(rest)).map((c) => ({ start: rest + c.start, text: c.text })));
  let autoscalers: { start: number; doc: YamlDocument }[] = [];
  if (after) autoscalers = after.autoscalers.filter((a) => a.start >= rest);
  else if (text.indexOf(AUTOSCALER, rest) >= 0) {
    for (const c of laterChunks()) if (c.text.includes(AUTOSCALER)) autoscalers.push({ start: c.start, doc: parse(c.text) });
  }
  // Definitions are looked for once per custom kind: when a step brings a kind no earlier step had.
  const customKinds = new Set(after?.customKinds);
  const looked = customKinds.size;
  customKindsOf(documents, mayBeCustom, customKinds);
  const kinds = [...customKinds].slice(looked);
  const definitions = (after?.definitions ?? []).filter((d) => d.start >= rest);
  if (kinds.length > 0 && text.indexOf(DEFINITION, rest) >= 0) {
    const found = new Set(definitions.map((d) => d.start));
    for (const c of laterChunks()) {
      if (!found.has(c.start) && c.text.includes(DEFINITION) && kinds.some((k) => c.text.includes(k))) definitions.push({ start: c.start, doc: parse(c.text) });
    }
    definitions.sort((a, b) => a.start - b.start);
  }
  for (const a of autoscalers) cache.set(a.doc.text, a.doc);
  for (const d of definitions) cache.set(d.doc.text, d.doc);
  return { model: fileModel(text, new DocumentLines(text, documents), documents, cache), complete, autoscalers, definitions, customKinds };
}

/**
 * The same file with the documents `compact` picks in compact form (`compactDocument`: the tree
 * parsed again on first use): a new model, whose cache hands the compact documents to the next
 * parse. Whoever holds the original model keeps its documents.
 */
export function compactModel(model: FileModel, compact: (doc: YamlDocument) => boolean): FileModel {
  if (model.notAnalysed) return model;
  const replaced = new Map<YamlDocument, YamlDocument>();
  for (const d of model.documents) if (!replaced.has(d.doc) && compact(d.doc)) replaced.set(d.doc, compactDocument(d.doc));
  if (!replaced.size) return model;
  const swap = (doc: YamlDocument): YamlDocument => replaced.get(doc) ?? doc;
  const cache = new DocumentCache();
  cache.textLength = model.cache.textLength;
  cache.chunks = model.cache.chunks.map((c) => {
    const doc = c.doc && swap(c.doc);
    if (doc) cache.set(c.text, doc);
    return doc === c.doc ? c : { ...c, doc };
  });
  const documents = model.documents.map((d) => ({ ...d, doc: swap(d.doc) }));
  return fileModel(model.text, new DocumentLines(model.text, documents), documents, cache);
}

/**
 * Positions over a file answered by its documents' line indexes (documents start at line starts
 * and cover the file): O(log documents + log lines), with nothing built per edit.
 */
export class DocumentLines implements Lines {
  private starts: number[] | undefined;

  constructor(
    readonly text: string,
    private readonly documents: readonly PlacedDocument[],
  ) {}

  /** The whole file's table, built on first use (nothing in the engine needs it). */
  get lineStarts(): readonly number[] {
    if (!this.starts) {
      const starts: number[] = [];
      for (const d of this.documents) {
        const own = d.doc.lines.lineStarts;
        // A document's last line start (after its final line break) is the next document's first.
        for (let i = starts.length ? 1 : 0; i < own.length; i++) starts.push(d.start + own[i]);
      }
      if (!starts.length) starts.push(0);
      this.starts = starts;
    }
    return this.starts;
  }

  get lineCount(): number {
    const last = this.documents[this.documents.length - 1];
    return last ? last.startLine + last.doc.lines.lineCount : 1;
  }

  /** The document holding `offset` (within the text: the documents cover it). */
  private byOffset(offset: number): PlacedDocument | undefined {
    return documentIn(this.documents, offset)?.placed;
  }

  /** The last document starting on or before `line`. */
  private byLine(line: number): PlacedDocument | undefined {
    return this.documents[Math.max(0, countWhile(this.documents, (d) => d.startLine <= line) - 1)];
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const d = this.byOffset(o);
    if (!d) return { line: 0, character: o };
    const p = d.doc.lines.positionAt(o - d.start);
    return { line: d.startLine + p.line, character: p.character };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineCount) return this.text.length;
    const d = this.byLine(position.line);
    if (!d) return Math.max(0, Math.min(position.character, this.text.length));
    return d.start + d.doc.lines.offsetAt({ line: position.line - d.startLine, character: position.character });
  }

  lineEnd(line: number): number {
    if (line + 1 >= this.lineCount) return this.text.length;
    const d = this.byLine(Math.max(0, line));
    if (!d) return this.text.length;
    return d.start + d.doc.lines.lineEnd(line - d.startLine);
  }

  lineText(line: number): string {
    if (line < 0 || line >= this.lineCount) return '';
    const d = this.byLine(line);
    if (!d) return this.text;
    return d.doc.lines.lineText(line - d.startLine);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}
