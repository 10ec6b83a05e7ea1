import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitDocuments } from '../../../server/out/model/split';
import { parseFile } from '../../../server/out/model/file';

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
  assert.deepEqual(
    chunks.map((c) => c.text),
    ['a: 1\r\n', '%YAML 1.2\r\n---\r\nb: 2\r\n'],
  );
  assert.equal(chunks[1].start, 6);
  assert.equal(chunks.map((c) => c.text).join(''), text);
});

test('an empty text is one empty chunk', () => {
  assert.deepEqual(texts(''), ['']);
});

test('documentAt: the document holding a file offset, by index, with the offset inside it', () => {
  const text = 'a: 1\n---\nb: 2\n---\nc: 3\n';
  const model = parseFile(text);
  const at = (offset: number) => {
    const d = model.documentAt(offset);
    return d && [d.index, d.offset];
  };
  assert.deepEqual(at(0), [0, 0]);
  assert.deepEqual(at(4), [0, 4]);
  assert.deepEqual(at(5), [1, 0], 'a document starts at its ---');
  assert.deepEqual(at(text.indexOf('c')), [2, 4]);
  assert.deepEqual(at(text.length), [2, 9], 'the end of the text is in the last document');
  assert.equal(model.documentAt(text.length + 1), undefined);
  assert.equal(parseFile('{{ .Values.x }}\n').documentAt(0), undefined, 'a file not analysed has no documents');
});
