/**
 * The entry of a worker thread of `initlens check --jobs N` (bundled to dist/checkWorker.js,
 * started by cli/pool.ts): each message is a task (workerTasks.ts), done one after the other and
 * answered in the order received (the pool sends the next task before this one is answered).
 * A task that throws stops the worker, as an uncaught error does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSetup } from './workerMessages';
import { CheckTasks } from './workerTasks';

const tasks = new CheckTasks(workerData as WorkerSetup);
const port = parentPort!;
let queue = Promise.resolve();
port.on('message', (msg: ToWorker) => {
  queue = queue
    .then(() => tasks.handle(msg))
    .then(
      (answer) => port.postMessage(answer),
      (e: unknown) =>
        queueMicrotask(() => {
          throw e;
        }),
    );
});
port.postMessage({ op: 'started' } satisfies FromWorker);
