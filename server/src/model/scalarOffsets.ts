/**
 * Where each character of a string scalar's value comes from in the document text, so that a
 * diagnostic can point into a script (a line of a `|` block, a word in a double-quoted string)
 * and a fix can edit a few characters of it.
 *
 * Plain, single- and double-quoted scalars (escapes and line folding included), literal `|` and
 * folded `>` block scalars are mapped. The map is rebuilt from the source and checked against
 * the parsed value: when they differ (an indentation indicator, a form not handled), the map is
 * not exact and every range maps to the whole scalar.
 */
import { isScalar, type Scalar } from 'yaml';
import type { Span } from './text';

export interface ScalarMap {
  /** The scalar's source (quotes or block header included). */
  whole: Span;
  /** Whether `starts`/`ends` give the source of every value character. */
  exact: boolean;
  /** Per value character: the document offset where its source starts. */
  starts: number[];
  /** Per value character: the document offset where its source ends. */
  ends: number[];
  /** The scalar's style. */
  type: string;
}

/** The document span of value characters [start, end); the whole scalar when the map is not exact. */
export function spanOfValue(map: ScalarMap, start: number, end: number): Span {
  if (!map.exact) return map.whole;
  const n = map.starts.length;
  if (n === 0) return map.whole;
  const s = Math.max(0, Math.min(start, n));
  const e = Math.max(s, Math.min(end, n));
  if (s === e) {
    const at = s < n ? map.starts[s] : map.ends[n - 1];
    return { start: at, end: at };
  }
  return { start: map.starts[s], end: map.ends[e - 1] };
}

interface Built {
  value: string[];
  starts: number[];
  ends: number[];
}

function push(b: Built, s: string, start: number, end: number): void {
  for (const ch of s) {
    // Astral characters are two code units in the value and in the source.
    for (let k = 0; k < ch.length; k++) {
      b.value.push(ch[k]);
      b.starts.push(start);
      b.ends.push(end);
    }
  }
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Plain and quoted scalars: escapes, `''`, and line folding (a break → a space, n empty lines → n breaks). */
function mapFlow(text: string, from: number, to: number, kind: 'plain' | 'single' | 'double'): Built | undefined {
  const b: Built = { value: [], starts: [], ends: [] };
  let trailingWs = 0;
  let i = from;
  while (i < to) {
    const c = text[i];
    if (kind === 'double' && c === '\\') {
      const n = text[i + 1];
      if (n === '\n' || n === '\r') {
        i += n === '\r' && text[i + 2] === '\n' ? 3 : 2;
        while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
        trailingWs = 0;
        continue;
      }
      const hex = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
      if (hex) {
        const code = parseInt(text.slice(i + 2, i + 2 + hex), 16);
        if (!Number.isFinite(code)) return undefined;
        push(b, String.fromCodePoint(code), i, i + 2 + hex);
        i += 2 + hex;
      } else {
        const e = ESCAPES[n];
        if (e === undefined) return undefined;
        push(b, e, i, i + 2);
        i += 2;
      }
      trailingWs = 0;
      continue;
    }
    if (c === '\n' || c === '\r') {
      // Fold: trailing white space before the break goes, so does leading white space after it.
      for (; trailingWs > 0; trailingWs--) {
        b.value.pop();
        b.starts.pop();
        b.ends.pop();
      }
      const breakAt = i;
      const breakEnd = c === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      i = breakEnd;
      let empty = 0;
      for (;;) {
        while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
        if (i < to && (text[i] === '\n' || text[i] === '\r')) {
          empty++;
          i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
        } else break;
      }
      push(b, empty ? '\n'.repeat(empty) : ' ', breakAt, breakEnd);
      continue;
    }
    if (kind === 'single' && c === "'" && text[i + 1] === "'") {
      push(b, "'", i, i + 2);
      i += 2;
      trailingWs = 0;
      continue;
    }
    push(b, c, i, i + 1);
    trailingWs = c === ' ' || c === '\t' ? trailingWs + 1 : 0;
    i++;
  }
  return b;
}

/** Literal and folded block scalars with an automatically detected indentation. */
function mapBlock(text: string, from: number, to: number, folded: boolean, value: string): Built | undefined {
  const headerEnd = text.indexOf('\n', from);
  if (headerEnd < 0 || headerEnd >= to) return { value: [], starts: [], ends: [] };
  const header = text
    .slice(from, headerEnd)
    .replace(/\s+#.*$/, '')
    .trim();
  if (/[1-9]/.test(header)) return undefined;
  // Lines of the content.
  const lines: { start: number; end: number; breakEnd: number }[] = [];
  let p = headerEnd + 1;
  while (p < to) {
    let e = text.indexOf('\n', p);
    if (e < 0 || e > to) e = to;
    const end = e > p && text[e - 1] === '\r' ? e - 1 : e;
    lines.push({ start: p, end, breakEnd: e < to ? e + 1 : e });
    p = e + 1;
  }
  let indent = -1;
  for (const l of lines) {
    const s = text.slice(l.start, l.end);
    if (/\S/.test(s)) {
      indent = /^ */.exec(s)![0].length;
      break;
    }
  }
  if (indent < 0) return { value: [], starts: [], ends: [] };
  // The literal reading: each line less its indentation, each break a \n.
  const lit: Built = { value: [], starts: [], ends: [] };
  for (const l of lines) {
    const len = l.end - l.start;
    if (len > indent) for (let k = l.start + indent; k < l.end; k++) push(lit, text[k], k, k + 1);
    else if (/\S/.test(text.slice(l.start, l.end))) return undefined;
    if (l.breakEnd > l.end) push(lit, '\n', l.end, l.breakEnd);
  }
  if (!folded) return lit;
  // Folded: align the value with the literal reading (folded breaks are spaces, some breaks go).
  const out: Built = { value: [], starts: [], ends: [] };
  let j = 0;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    for (;;) {
      if (j >= lit.value.length) return undefined;
      const l = lit.value[j];
      if (l === v || (v === ' ' && l === '\n')) break;
      if (l !== '\n') return undefined;
      j++; // a break folding removed
    }
    push(out, v, lit.starts[j], lit.ends[j]);
    j++;
  }
  return out;
}

export function mapScalar(text: string, node: Scalar): ScalarMap {
  const r = node.range ?? [0, 0, 0];
  const whole = { start: r[0], end: r[1] };
  const type = String(node.type ?? 'PLAIN');
  const none: ScalarMap = { whole, exact: false, starts: [], ends: [], type };
  try {
    if (!isScalar(node) || typeof node.value !== 'string') return none;
    const value = node.value;
    let built: Built | undefined;
    switch (type) {
      case 'PLAIN':
        built = mapFlow(text, r[0], r[1], 'plain');
        break;
      case 'QUOTE_SINGLE':
        built = text[r[0]] === "'" && text[r[1] - 1] === "'" ? mapFlow(text, r[0] + 1, r[1] - 1, 'single') : undefined;
        break;
      case 'QUOTE_DOUBLE':
        built = text[r[0]] === '"' && text[r[1] - 1] === '"' ? mapFlow(text, r[0] + 1, r[1] - 1, 'double') : undefined;
        break;
      case 'BLOCK_LITERAL':
      case 'BLOCK_FOLDED':
        built = mapBlock(text, r[0], r[1], type === 'BLOCK_FOLDED', value);
        break;
    }
    if (!built) return none;
    // Block scalars: chomping drops (or keeps) trailing breaks, so the value is a prefix.
    const got = built.value.join('');
    if (got === value) return { whole, exact: true, starts: built.starts, ends: built.ends, type };
    if ((type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') && got.startsWith(value)) {
      return { whole, exact: true, starts: built.starts.slice(0, value.length), ends: built.ends.slice(0, value.length), type };
    }
    return none;
  } catch {
    return none;
  }
}
