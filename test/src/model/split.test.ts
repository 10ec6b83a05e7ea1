import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitDocuments } from '../../../server/out/model/split';

const texts = (s: string) => splitDocuments(s).map((c) => c.text);

test('splits at --- and after ... at column 0', () => {
  assert.deepEqual(texts('a: 1\n---\nb: 2\n--- # c\nc: 3\n...\nd: 4\n'), ['a: 1\n', '---\nb: 2\n', '--- # c\nc: 3\n...\n', 'd: 4\n']);
});

test('--- inside a block scalar still starts a document, indented --- does not, nor ---x', () => {
  assert.deepEqual(texts('s: |\n  ---\n  x\n---x: 1\n---\nb: 1'), ['s: |\n  ---\n  x\n---x: 1\n', '---\nb: 1']);
});

test('directives stay with the document their --- starts; CRLF is kept; offsets add up', () => {
  const text = 'a: 1\r\n%YAML 1.2\r\n---\r\nb: 2\r\n';
  const chunks = splitDocuments(text);
  assert.deepEqual(chunks.map((c) => c.text), ['a: 1\r\n', '%YAML 1.2\r\n---\r\nb: 2\r\n']);
  assert.equal(chunks[1].start, 6);
  assert.equal(chunks.map((c) => c.text).join(''), text);
});

test('an empty text is one empty chunk', () => {
  assert.deepEqual(texts(''), ['']);
});
