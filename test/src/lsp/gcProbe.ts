/**
 * A test-only preload for the memory test (`node --expose-gc --require test/out/lsp/gcProbe.js
 * bin/initlens-language-server.js --stdio`): on SIGUSR2 it forces a full garbage collection and
 * writes `gc-probe {process.memoryUsage(), newSpace}` to stderr (the protocol is on stdout), where
 * `newSpace` is the physical size of V8's young generation: memory V8 keeps for new objects and
 * sizes by its own rules (up to 32 MB on Node 20 and 22, up to 128 MB on Node 24), empty after the
 * GC. It touches nothing of the server: the shipped code has no memory hook.
 */
import { getHeapSpaceStatistics } from 'node:v8';

process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.physical_space_size ?? 0;
  process.stderr.write(`gc-probe ${JSON.stringify({ ...process.memoryUsage(), newSpace })}\n`);
});
