import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../../server/out/model/text';

test('offsets map to LSP positions across LF, CRLF and lone CR line breaks', () => {
  const idx = new LineIndex('a\nbc\r\nd\re');
  assert.deepEqual(idx.lineStarts, [0, 2, 6, 8]);
  assert.deepEqual(idx.positionAt(3), { line: 1, character: 1 });
  assert.deepEqual(idx.positionAt(4), { line: 1, character: 2 }); // the \r of \r\n belongs to line 1
  assert.deepEqual(idx.positionAt(6), { line: 2, character: 0 });
  assert.deepEqual(idx.positionAt(9), { line: 3, character: 1 });
  assert.equal(idx.lineText(1), 'bc');
  assert.equal(idx.offsetAt({ line: 1, character: 99 }), 4); // clamped before the line break
  assert.equal(idx.offsetAt({ line: 9, character: 0 }), 9); // past the end: the end
});

test('characters are UTF-16 code units: an emoji counts two, a CJK character one', () => {
  const text = 'x: "🚀"\ny: 名前 z';
  const idx = new LineIndex(text);
  assert.deepEqual(idx.positionAt(text.indexOf('"', 4)), { line: 0, character: 6 });
  assert.deepEqual(idx.positionAt(text.indexOf('z')), { line: 1, character: 6 });
});
