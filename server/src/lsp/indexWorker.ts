/**
 * The entry of the worker thread that reads big workspace files for the server's index (bundled
 * to dist/indexWorker.js, started by ./indexThread.ts): each message names a file; the answer is
 * what the file gives the index, as plain data, or why it could not be read. Answers come in the
 * order of the messages.
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { parseFile } from '../model/file';
import { readWhole } from '../workspace/index';
import type { IndexRead, IndexReadAnswer } from './indexThread';

const port = parentPort!;
port.on('message', (read: IndexRead) => {
  let answer: IndexReadAnswer;
  try {
    const model = parseFile(readFileSync(read.path, 'utf8'), undefined, { maxFileSizeKB: read.maxFileSizeKB });
    answer = { id: read.id, ...readWhole(model, read.uri, read.namespace, read.kustomize) };
  } catch (e) {
    answer = { id: read.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(answer);
});
