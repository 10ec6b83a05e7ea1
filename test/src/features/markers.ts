/**
 * The one marker convention of every feature test (hover, completion, navigation, code lenses,
 * the startup plan, the model's locate, and the positions of the LSP tests):
 *
 * - `⦚` (U+299A) marks a position: the offset where it stands, in the text without markers (the
 *   cursor of a request, where a lens starts).
 * - `«` and `»` enclose an expected span (a definition target, a reference, a rename range).
 *
 * The usual `|` cannot be the marker (the one exception YAML forces): it starts block scalars
 * (`args: |`). These three characters never occur in the manifests under test, and each is one
 * UTF-16 code unit. Expectations about diagnostics and grammar scopes are comments under the line
 * instead (`# ^^^`, test/src/fixtures.ts and test/src/grammar/), never markers in the text.
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
  /** Every `⦚` offset, in order (one at most unless `several` was asked for). */
  cursors: number[];
  /** The `«…»` spans, in order. */
  spans: Span[];
}

/** The text without markers, and where they stood. Two `⦚` are an error unless `several`. */
export function parseMarkers(marked: string, several = false): Marked {
  let text = '';
  const cursors: number[] = [];
  const spans: Span[] = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === CURSOR) {
      if (cursors.length > 0 && !several) throw new Error('two cursors in a test text');
      cursors.push(text.length);
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
  return { text, cursor: cursors.length > 0 ? cursors[0] : -1, cursors, spans };
}

/**
 * The markers of `snippet` placed in `text`: the snippet without its markers must occur in the
 * text exactly once, and its marks are given as offsets into the text. This is how a test names a
 * position in a longer text without counting lines: `markIn(POD, '      imagePullPolicy: ⦚')`.
 */
export function markIn(text: string, snippet: string): Marked {
  const m = parseMarkers(snippet);
  const at = text.indexOf(m.text);
  if (at < 0) throw new Error(`not in the text: ${JSON.stringify(m.text)}`);
  if (text.indexOf(m.text, at + 1) >= 0) throw new Error(`more than once in the text: ${JSON.stringify(m.text)}`);
  return {
    text,
    cursor: m.cursor < 0 ? -1 : at + m.cursor,
    cursors: m.cursors.map((c) => at + c),
    spans: m.spans.map((s) => ({ start: at + s.start, end: at + s.end })),
  };
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
