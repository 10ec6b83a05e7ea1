/**
 * The real server over stdio opens a big file progressively: the first publication comes before
 * the final one and holds the diagnostics of the top of the file, every publication of the open
 * is the start of the final list (the same diagnostics, in the same order), and the final one is
 * the one-shot analysis of the file.
 */
import { strict as assert } from 'node:assert';
import { after, describe, it } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';
import { toLspDiagnostic } from '../../../server/out/lsp/convert';
import { bigFile } from '../analysis/bigTexts';
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver/node';
import { TestClient } from './client';

describe('progressive open', () => {
  let client: TestClient;
  after(() => client?.kill());

  it('publishes the top of a big file first, then supersets of it, ending in the one-shot analysis', async () => {
    const text = bigFile(1500);
    assert.ok(text.length > 1_000_000, `${text.length} characters`);
    const expected = (await analyzeText(text, defaultOptions())).diagnostics.map(toLspDiagnostic);
    const firstDocument = expected.filter((d) => d.range.start.line < 40);
    assert.ok(
      firstDocument.some((d) => d.code === 'init-runs-per-replica'),
      'the first document has a finding (from the autoscaler at the end)',
    );

    client = await TestClient.started({ initializationOptions: { debounceMs: 0 } });
    const uri = 'file:///progressive/big.yaml';
    await client.open(uri, text, 1);
    // Asked at once (as an editor does): answered after the steps, about the whole file, without
    // holding up the first screen.
    const symbols = client
      .request<(DocumentSymbol | SymbolInformation)[]>('textDocument/documentSymbol', { textDocument: { uri } }, 120_000)
      .then((result) => ({
        result,
        publishedBefore: client.published(uri).length,
      }));
    const json = JSON.stringify(expected);
    await client.waitFor(
      () => (client.published(uri).some((p) => JSON.stringify(p.diagnostics) === json) ? true : undefined),
      'the final diagnostics',
      120_000,
    );
    const published = client.published(uri);
    assert.ok(published.length >= 2, `${published.length} publications`);
    assert.ok(
      published.every((p) => p.version === 1),
      'all of version 1',
    );
    // The first covers the top of the file: the first document's diagnostics, nothing further down missing before them.
    assert.deepEqual(published[0].diagnostics.slice(0, firstDocument.length), firstDocument);
    assert.ok(published[0].diagnostics.length < expected.length, 'the first publication is not already the whole file');
    for (const [i, p] of published.entries()) {
      assert.deepEqual(p.diagnostics, expected.slice(0, p.diagnostics.length), `publication ${i} is the start of the final list`);
      if (i > 0) assert.ok(p.diagnostics.length > published[i - 1].diagnostics.length, `publication ${i} adds diagnostics`);
    }
    assert.equal(JSON.stringify(published[published.length - 1].diagnostics), json);
    const logged = await client.waitFor(() => client.logs().find((l) => l.message.includes(`opened ${uri} (`)), 'the open logged');
    assert.match(logged.message, new RegExp(`\\d+ documents\\): first diagnostics after \\d+ ms, all ${expected.length} after \\d+ ms$`));
    const answered = await symbols;
    assert.ok(answered.publishedBefore >= 1, 'the first screen was published before the symbols were answered');
    const lines = answered.result.map((sym) => ('location' in sym ? sym.location : sym).range.end.line);
    assert.ok(Math.max(...lines) >= text.split('\n').length - 12, 'symbols down to the last document: the whole file');
  });
});
