/** Quoting for fixes: what the shell reads back is what was meant. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScript } from '../../../server/out/shell/parse';
import { doubleQuoteKeepingExpansions, quoteWord, singleQuote } from '../../../server/out/shell/quote';

test('quoteWord keeps a value one literal word', () => {
  for (const v of ['plain', '/data/x.conf', 'a b', "it's", 'x > y', '$HOME', '`date`', 'a"b', '', '*', 'tab\there', 'new\nline', '-c', '--flag=a|b']) {
    const q = quoteWord(v);
    const s = parseScript(`echo ${q}`);
    assert.equal(s.commands.length, 1, q);
    assert.deepEqual(
      s.commands[0].words.map((w) => w.literal),
      ['echo', v],
      q,
    );
  }
  assert.equal(quoteWord('/data/x.conf'), '/data/x.conf');
  assert.equal(quoteWord("it's"), `'it'\\''s'`);
});

test('singleQuote makes a script one argument of sh -c', () => {
  const loop = `until wget -qO- 'http://api/healthz'; do sleep 5; done`;
  const s = parseScript(`timeout 300 sh -c ${singleQuote(loop)}`);
  assert.deepEqual(
    s.commands[0].words.map((w) => w.literal),
    ['timeout', '300', 'sh', '-c', loop],
  );
});

test('doubleQuoteKeepingExpansions keeps $ and backticks live in one word', () => {
  const s = parseScript(`touch ${doubleQuoteKeepingExpansions('/data/$(date +%s) "x"')}`);
  assert.equal(s.commands.find((c) => c.words[0].literal === 'touch')!.words.length, 2);
  assert.equal(s.substitutions.length, 1);
});
