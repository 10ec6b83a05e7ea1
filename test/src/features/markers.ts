/**
 * Cursor and span markers for data-driven feature tests.
 *
 * - `⦚` (U+299A) marks the cursor: the offset where it stands, in the text without markers.
 * - `«` and `»` enclose an expected span (a definition target, a reference, a rename range).
 *
 * The usual `|` cannot be the cursor here: in YAML it starts block scalars (`args: |`). These
 * three characters never occur in the manifests under test, and each is one UTF-16 code unit.
 */
import type { Span } from '../../../server/out/model/text';

export const CURSOR = '⦚';
export const OPEN = '«';
export const CLOSE = '»';

export interface Marked {
  /** The text without markers. */
  text: string;
  /** The cursor offset, or -1 when there is no `⦚`. */
  cursor: number;
  /** The `«…»` spans, in order. */
  spans: Span[];
}

export function parseMarkers(marked: string): Marked {
  let text = '';
  let cursor = -1;
  const spans: Span[] = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === CURSOR) {
      if (cursor >= 0) throw new Error('two cursors in a test text');
      cursor = text.length;
    } else if (ch === OPEN) {
      if (open >= 0) throw new Error('nested « in a test text');
      open = text.length;
    } else if (ch === CLOSE) {
      if (open < 0) throw new Error('» without « in a test text');
      spans.push({ start: open, end: text.length });
      open = -1;
    } else {
      text += ch;
    }
  }
  if (open >= 0) throw new Error('« without » in a test text');
  return { text, cursor, spans };
}

/** The inverse of parseMarkers: `text` with the cursor and spans marked (spans must not overlap). */
export function renderMarkers(text: string, cursor: number, spans: readonly Span[]): string {
  const inserts: { at: number; mark: string; order: number }[] = [];
  for (const s of spans) {
    inserts.push({ at: s.start, mark: OPEN, order: 1 });
    inserts.push({ at: s.end, mark: CLOSE, order: 0 });
  }
  if (cursor >= 0) inserts.push({ at: cursor, mark: CURSOR, order: 2 });
  // At one offset: a span closing, then one opening, then the cursor inside it.
  inserts.sort((a, b) => a.at - b.at || a.order - b.order);
  let out = '';
  let last = 0;
  for (const i of inserts) {
    out += text.slice(last, i.at) + i.mark;
    last = i.at;
  }
  return out + text.slice(last);
}
