/**
 * Line geometry of one YAML document's text, for the edit layer: lines and columns of offsets,
 * where a block pair or collection ends (trailing comment lines included), key columns and
 * prefixes, comment runs above a line, and whole-line inserts and deletes in the text's own line
 * ending. Shapes it does not know are refused (`refusal.ts`).
 */
import { isMap, isPair, isScalar, isSeq, type Pair, type YAMLMap } from 'yaml';
import type { YamlDocument } from '../model/document';
import type { Edit } from '../model/text';
import { rangeOf, refuse } from './refusal';

export const pad = (n: number): string => ' '.repeat(Math.max(0, n));

export class LineGeometry {
  readonly text: string;
  /** The text's line ending: `\r\n` when its first line break is one. */
  readonly eol: string;
  readonly lineStarts: readonly number[];

  constructor(private readonly doc: YamlDocument) {
    this.text = doc.text;
    this.lineStarts = doc.lines.lineStarts;
    const crlf = this.text.indexOf('\r\n');
    const lf = this.text.indexOf('\n');
    this.eol = crlf >= 0 && crlf + 1 === lf ? '\r\n' : '\n';
  }

  line(offset: number): number {
    return this.doc.lines.positionAt(offset).line;
  }

  col(offset: number): number {
    return this.doc.lines.positionAt(offset).character;
  }

  lineStart(line: number): number {
    return this.lineStarts[line];
  }

  lineEnd(line: number): number {
    return this.doc.lines.lineEnd(line);
  }

  /** Start of the next line, or the end of the text. */
  nextLineStart(line: number): number {
    return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
  }

  lineText(line: number): string {
    return this.doc.lines.lineText(line);
  }

  isBlank(line: number): boolean {
    return /^\s*$/.test(this.lineText(line));
  }

  isCommentLine(line: number): boolean {
    return /^ *#/.test(this.lineText(line));
  }

  indentOf(line: number): number {
    const t = this.lineText(line);
    const n = t.length - t.trimStart().length;
    if (/^ *\t/.test(t) && !this.isBlank(line)) refuse('tab indentation');
    return n;
  }

  /** The line an end offset (exclusive) ends on. */
  endLine(end: number): number {
    return end > 0 && this.text[end - 1] === '\n' ? this.line(end - 1) : this.line(end);
  }

  /** Offset where a node's content ends (trailing comments excluded). */
  contentEnd(node: unknown): number {
    if (isMap(node) && !node.flow && node.items.length) {
      const last = node.items[node.items.length - 1];
      if (!isPair(last)) refuse('not a pair');
      return this.pairEnd(last);
    }
    if (isSeq(node) && !node.flow && node.items.length) return this.contentEnd(node.items[node.items.length - 1]);
    return rangeOf(node)[1];
  }

  pairEnd(pair: Pair): number {
    const keyEnd = rangeOf(pair.key)[1];
    const v = pair.value;
    if (v === null || v === undefined) return keyEnd;
    return Math.max(keyEnd, this.contentEnd(v));
  }

  /**
   * Last line of a block pair: its content's last line, then the comment lines right below it
   * indented deeper than its key (they are inside it).
   */
  pairLastLine(pair: Pair): number {
    return this.trailingComments(this.endLine(this.pairEnd(pair)), this.col(this.keyStart(pair)));
  }

  trailingComments(line: number, col: number): number {
    let l = line;
    while (l + 1 < this.lineStarts.length && this.isCommentLine(l + 1) && this.indentOf(l + 1) > col) l++;
    return l;
  }

  keyStart(pair: Pair): number {
    if (!isScalar(pair.key)) refuse('complex key');
    return rangeOf(pair.key)[0];
  }

  /** Column of a block map's keys. */
  mapCol(map: YAMLMap): number {
    const first = map.items[0];
    if (!first || !isPair(first)) refuse('empty map');
    return this.col(this.keyStart(first));
  }

  /** Offset of the `:` after a pair's key. */
  colonOf(pair: Pair): number {
    const end = rangeOf(pair.key)[1];
    const m = /^[ ]*:/.exec(this.text.slice(end, end + 200));
    if (!m) refuse('no colon after key');
    return end + m[0].length - 1;
  }

  /** Text before a block key on its line: `''`/spaces (a key line) or dashes (first key of an item). */
  keyPrefix(pair: Pair): 'line' | 'dash' {
    const ks = this.keyStart(pair);
    const prefix = this.lineText(this.line(ks)).slice(0, this.col(ks));
    if (/^ *$/.test(prefix)) return 'line';
    if (/^ *(?:- +)+$/.test(prefix)) return 'dash';
    return refuse('key preceded by other text');
  }

  /** Top line of the comment lines directly above `line` (indented at least `minIndent`, not above `floor`). */
  commentTop(line: number, minIndent: number, floor: number): number {
    let top = line;
    while (top - 1 > floor && top - 1 >= 0 && this.isCommentLine(top - 1) && this.indentOf(top - 1) >= minIndent) top--;
    return top;
  }

  blockTextOf(lines: string[]): string {
    return lines.map((l) => l + this.eol).join('');
  }

  /** Insert whole lines of text (each ending with the EOL) after `line`. */
  insertAfterLine(line: number, block: string): Edit {
    if (line + 1 < this.lineStarts.length) {
      const at = this.lineStarts[line + 1];
      return { span: { start: at, end: at }, newText: block };
    }
    const at = this.text.length;
    return { span: { start: at, end: at }, newText: this.eol + block.slice(0, block.length - this.eol.length) };
  }

  /** Deletes whole lines `from..to`. */
  deleteLines(from: number, to: number): Edit {
    return { span: { start: this.lineStart(from), end: this.nextLineStart(to) }, newText: '' };
  }
}
