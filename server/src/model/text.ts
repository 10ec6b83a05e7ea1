/**
 * Offsets and positions. Offsets are indices into a JavaScript string, which are UTF-16 code
 * units, exactly what LSP positions count. Line breaks are `\n`, `\r\n` and a lone `\r`, as in
 * LSP. Nothing here knows LSP: `Position` is a plain pair.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Span {
  start: number;
  end: number;
}

/** A replacement of the text at `span` (offsets into the document's text). */
export interface Edit {
  span: Span;
  newText: string;
}

export interface Range {
  start: Position;
  end: Position;
}

/** What answers positions over a text: a {@link LineIndex}, or a file's documents' indexes together. */
export interface Lines {
  readonly text: string;
  /** Offset of the first character of each line. */
  readonly lineStarts: readonly number[];
  readonly lineCount: number;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  /** Offset just before the line break of `line` (or the end of the text). */
  lineEnd(line: number): number;
  lineText(line: number): string;
  rangeOf(span: Span): Range;
}

export class LineIndex implements Lines {
  /** Offset of the first character of each line. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    const lfOnly = !text.includes('\r');
    for (let end = lineBreakAt(text, 0, lfOnly); end < text.length;) {
      const next = afterLineBreak(text, end);
      starts.push(next);
      end = lineBreakAt(text, next, lfOnly);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = Math.max(0, countWhile(this.lineStarts, (start) => start <= o) - 1);
    return { line, character: o - this.lineStarts[line] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + position.character, end));
  }

  /** Offset just before the line break of `line` (or the end of the text). */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line] ?? this.text.length, this.lineEnd(line));
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

/**
 * The offset of the first line break (`\n` or `\r`) at or after `from`, or the text's length.
 * `lfOnly`: the text has no `\r` (`!text.includes('\r')`, asked once per text); its line breaks
 * are then found natively, several times faster than a loop over every character (most files;
 * this runs over every line of a file of megabytes).
 */
export function lineBreakAt(text: string, from: number, lfOnly: boolean): number {
  if (lfOnly) {
    const lf = text.indexOf('\n', from);
    return lf < 0 ? text.length : lf;
  }
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */ || c === 13 /* \r */) break;
    i++;
  }
  return i;
}

/** The start of the line after the line break at `end` (a `\r\n` is one break), or the text's length. */
export function afterLineBreak(text: string, end: number): number {
  if (end >= text.length) return text.length;
  return text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
}

/**
 * How many leading items of `items` satisfy `before`, which holds for a prefix of them (items
 * sorted by position, `before` asking "starts at or before x"): a binary search.
 */
export function countWhile<T>(items: readonly T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(items[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
