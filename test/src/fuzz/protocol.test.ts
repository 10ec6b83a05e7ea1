/**
 * A slice of the protocol-abuse fuzzer (protocol.ts) with a fixed seed: 12 generated sessions
 * against the real server. `npm run fuzz -- --mode protocol` runs a campaign.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runProtocolCampaign } from './protocol';

test('protocol abuse: 12 sessions, every property holds', async () => {
  const r = await runProtocolCampaign({ runs: 12, seed: 20261206, from: 0 });
  assert.equal(r.runs, 12);
  assert.deepEqual(
    r.failures.map((f) => `case ${f.index}: ${f.problem}`),
    [],
  );
});
