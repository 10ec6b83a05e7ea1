/**
 * A test-only preload for the memory test (`node --expose-gc --require test/out/lsp/gcProbe.js
 * bin/initlens-language-server.js --stdio`): on SIGUSR2 it forces a full garbage collection and
 * writes `gc-probe {process.memoryUsage()}` to stderr (the protocol is on stdout). It touches
 * nothing of the server: the shipped code has no memory hook.
 */
process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  process.stderr.write(`gc-probe ${JSON.stringify(process.memoryUsage())}\n`);
});
