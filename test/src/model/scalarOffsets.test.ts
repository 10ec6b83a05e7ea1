/**
 * Value offsets → document offsets for every scalar style: each value character must map to the
 * source text it comes from (escapes, `''`, folding, block indentation and chomping included).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import { mapScalar, spanOfValue } from '../../../server/out/model/scalarOffsets';

function scalars(text: string): Scalar[] {
  const d = parseDocument(text, { version: '1.1' });
  const out: Scalar[] = [];
  const walk = (n: unknown) => {
    if (isScalar(n)) out.push(n);
    else if (isSeq(n)) n.items.forEach(walk);
    else if (isMap(n)) n.items.forEach((p) => walk(p.value));
  };
  walk(d.contents);
  return out;
}

/** Every value character maps to source text that reads as that character. */
function assertExact(text: string, s: Scalar): void {
  const m = mapScalar(text, s);
  assert.equal(m.exact, true, `${s.type} ${JSON.stringify(s.value)} not exact`);
  const v = s.value as string;
  assert.equal(m.starts.length, v.length);
  for (let i = 0; i < v.length; i++) {
    const src = text.slice(m.starts[i], m.ends[i]);
    if (src.length === 1 && src === v[i]) continue;
    // Escapes, '' and folded breaks: the source is longer or a line break.
    assert.ok(
      src.startsWith('\\') || src === "''" || /^\r?\n$/.test(src) || (v[i] === '\n' && /\n/.test(src)),
      `${s.type} char ${i} ${JSON.stringify(v[i])} from ${JSON.stringify(src)}`,
    );
  }
}

test('every scalar style maps exactly', () => {
  const text = [
    'a: plain text here',
    'b: plain',
    '  continued over lines',
    "c: 'single ''quoted'' x'",
    'd: "double \\"esc\\" \\t \\u00e9 \\x41 end"',
    'e: "folded',
    '  double',
    '',
    '  with empty line"',
    'f: |',
    '  line one',
    '    indented two',
    '',
    '  after blank',
    'g: |-',
    '  strip',
    'h: >',
    '  folded one',
    '  folded two',
    '',
    '  new paragraph',
    '    more indented',
    '  back',
    'i: |+',
    '  keep',
    '',
    'j: "\\',
    '  escaped break"',
    '',
  ].join('\n');
  for (const s of scalars(text)) assertExact(text, s);
});

test('a span of value characters is the source of those characters', () => {
  const text = 'cmd:\n  - |\n    until nc -z db 5432; do\n      sleep 2\n    done\n';
  const [s] = scalars(text);
  const m = mapScalar(text, s);
  const v = s.value as string;
  const at = v.indexOf('sleep 2');
  const span = spanOfValue(m, at, at + 'sleep 2'.length);
  assert.equal(text.slice(span.start, span.end), 'sleep 2');
  // Insertion point at the end of the value.
  const end = spanOfValue(m, v.length, v.length);
  assert.equal(end.start, end.end);
});

test('CRLF block scalars map exactly', () => {
  const text = 'a: |\r\n  one\r\n  two\r\nb: x\r\n';
  const [s] = scalars(text);
  const m = mapScalar(text, s);
  assert.equal(m.exact, true);
  assert.equal(text.slice(m.starts[4], m.ends[4]), 't');
});

test('forms not mapped fall back to the whole scalar', () => {
  const text = 'a: |2\n    indented by indicator\n';
  const [s] = scalars(text);
  const m = mapScalar(text, s);
  assert.equal(m.exact, false);
  assert.deepEqual(spanOfValue(m, 3, 5), m.whole);
  assert.equal(mapScalar(text, { value: 5, range: [0, 1, 1] } as unknown as Scalar).exact, false);
});
