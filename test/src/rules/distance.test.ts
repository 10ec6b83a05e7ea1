/** The edit distance behind typo hints: the optimal string alignment distance, checked against its textbook table. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closest, distance } from '../../../server/out/rules/support';

/** The whole (a.length + 1) × (b.length + 1) table, as the definition reads. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

test('distance: swaps count once, and it equals the full table on random names', () => {
  assert.equal(distance('', ''), 0);
  assert.equal(distance('', 'abc'), 3);
  assert.equal(distance('abc', ''), 3);
  assert.equal(distance('db-host', 'db-hsot'), 1);
  assert.equal(distance('ca', 'abc'), 3); // OSA, not Damerau: no edit of a swapped pair
  assert.equal(distance('config', 'cofnig'), 1);
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const word = () => Array.from({ length: Math.floor(random() * 9) }, () => 'abc-'[Math.floor(random() * 4)]).join('');
  for (let k = 0; k < 3000; k++) {
    const a = word();
    const b = word();
    assert.equal(distance(a, b), reference(a, b), `${a} / ${b}`);
  }
  assert.equal(closest('app-confg', ['app-config', 'db-config']), 'app-config');
});
