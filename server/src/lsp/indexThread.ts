/**
 * A worker thread that reads big workspace files for the index (./indexWorker.ts): parsing a
 * 2.8 MB file takes over a second, which the server's own thread would otherwise spend (in
 * slices) while the user types. Started on the first file it is given, stopped after IDLE_MS
 * with nothing to do (its heap is given back). If it cannot start or dies, every read in flight
 * and every later one answers undefined and the caller reads the file itself.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { KustomizeRendering } from '../config/options';
import type { WholeFile } from '../workspace/index';
import { describeError, type Log } from './log';

/** A file for the thread to read: its path on disk, its name in the index, how the index places it. */
export interface IndexRead {
  id: number;
  path: string;
  uri: string;
  maxFileSizeKB: number;
  namespace?: string;
  kustomize?: readonly KustomizeRendering[];
}

/** What the file gives the index (as `WorkspaceIndex.setWhole` takes it), or why it could not be read. */
export type IndexReadAnswer = ({ id: number } & WholeFile) | { id: number; error: string };

const IDLE_MS = 5_000;

export class IndexThread {
  private worker: Worker | undefined;
  /** The thread could not start or died: files are read by the caller from then on. */
  private down = false;
  private nextId = 0;
  /** The reads in flight: the file's name in the index, and who waits for the answer. */
  private readonly pending = new Map<number, { uri: string; resolve: (answer: IndexReadAnswer | undefined) => void }>();
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly log: Log) {}

  /** The file read on the thread; undefined when the thread is not available (the caller reads it). */
  read(file: Omit<IndexRead, 'id'>): Promise<IndexReadAnswer | undefined> {
    const worker = this.started();
    if (!worker) return Promise.resolve(undefined);
    clearTimeout(this.idle);
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.pending.set(id, { uri: file.uri, resolve });
      worker.postMessage({ ...file, id } satisfies IndexRead);
    });
  }

  /**
   * The file is no longer wanted from disk (it was opened): if the thread is reading it, the
   * thread is stopped rather than left parsing it beside the file's own analysis (the two would
   * share the machine's memory bandwidth). The next file starts it again.
   */
  drop(uri: string): void {
    for (const read of this.pending.values()) if (read.uri === uri) return this.stop();
  }

  /** Stops the thread (the server is shutting down). */
  dispose(): void {
    this.down = true;
    this.stop();
  }

  private started(): Worker | undefined {
    if (this.worker || this.down) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(path.join(__dirname, 'indexWorker.js'));
    } catch (e) {
      this.fail(`could not start the index thread: ${describeError(e)}`);
      return undefined;
    }
    worker.unref();
    worker.on('message', (answer: IndexReadAnswer) => {
      const read = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      read?.resolve(answer);
      if (this.pending.size === 0) this.idle = setTimeout(() => this.stop(), IDLE_MS).unref();
    });
    worker.on('error', (e) => this.fail(`the index thread failed: ${describeError(e)}`));
    worker.on('exit', (code) => {
      if (this.worker === worker && !this.down) this.fail(`the index thread exited with code ${code}`);
    });
    this.worker = worker;
    return worker;
  }

  /** The thread is gone for good: what was asked of it is answered undefined. */
  private fail(why: string): void {
    this.log.warn(`${why}; workspace files are read on the main thread`);
    this.down = true;
    this.stop();
  }

  private stop(): void {
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = undefined;
    for (const read of this.pending.values()) read.resolve(undefined);
    this.pending.clear();
    void worker?.terminate();
  }
}
