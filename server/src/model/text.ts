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
    if (!text.includes('\r')) {
      // Only `\n` breaks: found natively, several times faster than a loop over every character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
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
