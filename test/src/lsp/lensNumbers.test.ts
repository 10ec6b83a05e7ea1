/**
 * `lsp/lensNumbers.ts`: the numbers code lenses carry, what each was given for, and which blocks
 * are kept (the last two lists of each open file). Through the server: `codeLens.test.ts`.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { DocumentAnchor } from '../../../server/out/features/codeLens';
import { LensNumbers } from '../../../server/out/lsp/lensNumbers';

/** A document's lenses: only their count and identity matter here. */
function anchors(count: number): DocumentAnchor[] {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  return Array.from({ length: count }, () => ({ kind: 'init', manifest: 0, container: 0, range }));
}

describe('code lens numbers', () => {
  it('a document keeps its numbers while it is listed; numbers name their file and lens', () => {
    const numbers = new LensNumbers();
    const a = anchors(3);
    const b = anchors(2);
    const list = numbers.startList(0);
    const blockA = numbers.block(0, list, a, 0, 2);
    const blockB = numbers.block(0, list, b, 1, 2);
    numbers.endList(0, list, () => true);
    assert.deepEqual([blockA.base, blockB.base], [1, 4]);
    // Listed again at another index (it moved): the same numbers.
    const next = numbers.startList(0);
    assert.equal(numbers.block(0, next, b, 0, 1), blockB);
    assert.equal(blockB.index, 0);
    assert.equal(numbers.blockOf(b), blockB);
    assert.deepEqual(numbers.find(5), { uri: 0, found: { block: blockB, lens: 1 } });
    for (const data of [6, 0, -1, 1.5, '1', null, [1]]) assert.equal(numbers.find(data), undefined, JSON.stringify(data));
  });

  it('blocks no list of the last two listed are dropped; their numbers still name the file', () => {
    const numbers = new LensNumbers();
    const old = anchors(2);
    const kept = anchors(1);
    const first = numbers.startList(7);
    const oldBlock = numbers.block(7, first, old, 0, 2);
    numbers.block(7, first, kept, 1, 2);
    numbers.endList(7, first, () => true);
    const second = numbers.startList(7);
    numbers.block(7, second, kept, 0, 1);
    numbers.endList(7, second, () => true);
    assert.equal(numbers.find(2)?.found?.block, oldBlock, 'listed by the list before');
    const third = numbers.startList(7);
    numbers.block(7, third, kept, 0, 1);
    numbers.endList(7, third, () => true);
    assert.deepEqual(numbers.find(2), { uri: 7 });
    assert.equal(numbers.blockOf(old), undefined);
    assert.equal(oldBlock.dropped, true);
    assert.equal(numbers.relist(oldBlock, 7, 4, 0, 1), false, 'a dropped block is not listed again');
    // The same anchors listed again get new numbers.
    assert.equal(numbers.block(7, numbers.startList(7), old, 0, 2).base, 4);
  });

  it('a list drops the blocks of closed files, and numbers given for files in turn name each its file', () => {
    const numbers = new LensNumbers();
    const one = anchors(2);
    const two = anchors(2);
    const three = anchors(1);
    numbers.block(1, numbers.startList(1), one, 0, 1);
    numbers.block(2, numbers.startList(2), two, 0, 1);
    numbers.block(1, numbers.startList(1), three, 1, 2);
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => numbers.find(n)?.uri),
      [1, 1, 2, 2, 1],
    );
    const list = numbers.startList(1);
    numbers.block(1, list, one, 0, 2);
    numbers.block(1, list, three, 1, 2);
    numbers.endList(1, list, (uri) => uri !== 2);
    assert.deepEqual(numbers.find(3), { uri: 2 });
    assert.equal(numbers.find(1)?.found?.block.anchors, one);
  });
});
