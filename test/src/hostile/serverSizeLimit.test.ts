/** initlens.maxFileSizeKB in the real server: over the limit one information; the setting takes effect at once. */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../lsp/client';
import { manyDeployments } from './inputs';

const doc = 'file:///tmp/initlens-size-limit/big.yaml';

describe('the server and initlens.maxFileSizeKB', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.started({ settings: { initlens: { maxFileSizeKB: 2 } } });
  });
  after(() => client?.kill());

  it('a file over the limit gets one not-analysed information; raising the limit analyses it', async () => {
    await client.open(doc, manyDeployments(3 * 1024), 1);
    const [d, ...rest] = (await client.waitForDiagnostics(doc, 1)).diagnostics;
    assert.deepEqual(rest, []);
    assert.equal(d.code, 'not-analysed');
    assert.equal(d.severity, 3);
    assert.match(String(d.message), /^the file is larger than 2 KB, so it is not analysed/);
    const before = client.published(doc).length;
    await client.changeConfiguration({ initlens: { maxFileSizeKB: 0 } });
    const again = (await client.waitForDiagnostics(doc, 1, before)).diagnostics;
    assert.ok(again.length > 0 && again.every((x) => x.code !== 'not-analysed'), JSON.stringify(again.map((x) => x.code)));
  });
});
