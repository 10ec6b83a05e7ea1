/**
 * Splits a YAML stream into its documents *before* parsing, so that each document is parsed,
 * analysed and cached on its own (a 1,000-document file costs seconds to parse as a whole).
 *
 * A document marker (`---` or `...` at column 0, followed by white space or the end of the line)
 * always starts or ends a document in YAML 1.2, even after a block scalar, so cutting there gives
 * the same documents the parser would find. Directive lines (`%YAML`, `%TAG`) right before a `---`
 * belong to the document the marker starts.
 */
import { afterLineBreak, lineBreakAt } from './text';

export interface Chunk {
  /** Offset of the chunk's first character in the whole text. */
  start: number;
  text: string;
}

const MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/;

export function splitDocuments(text: string): Chunk[] {
  const cuts: number[] = [0];
  const lfOnly = !text.includes('\r');
  let lineStart = 0;
  // Start of the run of directive lines directly above the current line, or -1.
  let directivesFrom = -1;
  while (lineStart < text.length) {
    const lineEnd = lineBreakAt(text, lineStart, lfOnly);
    const next = afterLineBreak(text, lineEnd);
    const first = text.charCodeAt(lineStart);
    if (first === 45 /* - */ || first === 46 /* . */) {
      const m = MARKER.exec(text.slice(lineStart, Math.min(lineEnd, lineStart + 4)));
      if (m) {
        if (m[1] === '---') {
          const cut = directivesFrom >= 0 ? directivesFrom : lineStart;
          if (cut > cuts[cuts.length - 1]) cuts.push(cut);
        } else if (next > cuts[cuts.length - 1]) {
          cuts.push(next);
        }
      }
    }
    directivesFrom = first === 37 /* % */ ? (directivesFrom >= 0 ? directivesFrom : lineStart) : -1;
    lineStart = next;
  }
  const chunks: Chunk[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const start = cuts[i];
    const end = i + 1 < cuts.length ? cuts[i + 1] : text.length;
    if (end > start || chunks.length === 0) chunks.push({ start, text: text.slice(start, end) });
  }
  return chunks;
}
