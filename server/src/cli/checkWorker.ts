/**
 * The entry of a worker thread of `initlens check --jobs N` (bundled to dist/checkWorker.js,
 * started by cli/pool.ts): each message is a task (workerTasks.ts), answered in turn.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSetup } from './workerMessages';
import { CheckTasks } from './workerTasks';

const tasks = new CheckTasks(workerData as WorkerSetup);
const port = parentPort!;
port.on('message', (msg: ToWorker) => {
  void tasks.handle(msg).then((answer) => port.postMessage(answer));
});
port.postMessage({ op: 'started' } satisfies FromWorker);
