/** The test client itself: a server killed in the middle of a message leaves nothing running. */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { it } from 'node:test';
import { TestClient } from './client';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

it('a server that dies inside a message leaves no timer behind (else `node --test` waits for this file for ever)', async () => {
  const before = timers();
  // Half a message, then silence until it is killed: what a server killed while writing leaves.
  const client = TestClient.start({ serverArgs: ['-e', `process.stdout.write('Content-Length: 100\\r\\n\\r\\n{"jsonrpc":'); setInterval(() => {}, 1000);`] });
  await once(client.child.stdout!, 'data');
  client.kill();
  if (client.exitCode === undefined) await once(client.child, 'exit');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(timers(), before, `active resources: ${process.getActiveResourcesInfo().join(', ')}`);
});
