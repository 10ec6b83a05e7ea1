/**
 * `initlens check --jobs N`: the files checked on N threads, this one and N - 1 workers
 * (cli/checkWorker.ts), their outcomes printed in input order, the same bytes as one thread
 * prints.
 *
 * The files of a workspace are read and parsed once: first every slot (a worker, or this
 * thread) indexes the files it takes (keeping their models), this thread merges what they define
 * into the workspaces (in input order, as `cliWorkspaces` does) and sends them to every worker,
 * then each slot checks the files it indexed, largest first; one out of its own files checks the
 * smallest of the slot with the most bytes left (parsing it again). Files outside any workspace
 * are checked by whichever slot is free. The workers take the largest files first and get two
 * tasks at a time; this thread takes the smallest and lets the workers' answers in between its
 * tasks, so no worker waits for it long.
 * Standard input is checked by this thread. A worker that stops (a crash, out of memory) loses
 * only the file it was on, which is reported as not checked; its other files are checked by the
 * others.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisOptions } from '../config/options';
import type { IndexedObject } from '../workspace/index';
import { troubleLine, type FileOutcome, type Message } from './checkFile';
import type { KustomizeOptions } from '../kustomize';
import type { Input } from './files';
import { workerOptions, type FromWorker, type GivenCrd, type ToWorker, type WorkerSetup } from './workerMessages';
import { CheckTasks } from './workerTasks';
import { workspaceGroups, type WorkspaceEntry } from './workspace';

export interface PoolPlan {
  inputs: readonly Input[];
  /** How many workers to start (at most one per file). */
  jobs: number;
  setup: WorkerSetup;
  /** false with `--no-workspace`: no workspaces, nothing indexed first. */
  workspaces: boolean;
  /** The analysis options of a file (its repository settings were read, and their problems reported, before). */
  optionsFor(input: Input): AnalysisOptions;
  /** What the kustomizations say of a file (cli/workspace.ts `placementOf`). */
  placedFor(input: Input): KustomizeOptions;
  /** What is printed before a file's outcome (the `--fix` clean-up of its folder); called in input order before any check. */
  before(input: Input): Message[];
  /** Checks standard input in this thread. */
  checkHere(input: Input): Promise<FileOutcome>;
  /** Prints a file's outcome; called in input order. */
  emit(outcome: FileOutcome): void;
}

/** Runs tasks: a worker thread, or this thread. */
interface Slot {
  run(msg: ToWorker): Promise<FromWorker>;
  /** This thread: it takes the smallest files, so it is soon free again to hand the workers their next tasks. */
  here: boolean;
  /** How many tasks it is given at once: a worker gets its next task before it answers this one, so it never waits for this thread. */
  depth: number;
  /** The files whose models this slot kept for their check, largest first. */
  owned: number[];
  close(): Promise<unknown>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The worker's script: next to this module (server/out/cli/, or dist/ in the bundle). */
export const WORKER_SCRIPT = path.join(__dirname, 'checkWorker.js');

/**
 * A task a worker had not begun when it stopped: its own script had not loaded (a broken
 * install), or the task was waiting behind the one it stopped on. The task is not its fault.
 */
class NotBegun extends Error {}

/** Tasks a worker is given at once (it works on them one after the other, answering in order). */
const WORKER_DEPTH = 2;

function workerSlot(setup: WorkerSetup): Slot {
  // The worker answers its tasks in the order given: the first here is the one it is on.
  const pending: { resolve(answer: FromWorker): void; reject(e: Error): void }[] = [];
  let started = false;
  let stopped: string | undefined;
  /** Why the task the worker was on (or, before its script loaded, any task) failed. */
  const failure = (): Error => (started ? new Error(stopped) : new NotBegun(stopped));
  const worker = new Worker(WORKER_SCRIPT, { workerData: setup });
  worker.on('message', (answer: FromWorker) => {
    if (answer.op === 'started') {
      started = true;
      return;
    }
    pending.shift()?.resolve(answer);
  });
  worker.on('error', (e) => {
    stopped ??= message(e);
  });
  worker.on('exit', (code) => {
    stopped ??= `it exited with code ${code}`;
    pending.shift()?.reject(failure());
    for (const p of pending.splice(0)) p.reject(new NotBegun(stopped));
  });
  return {
    here: false,
    depth: WORKER_DEPTH,
    owned: [],
    run: (msg) =>
      stopped !== undefined
        ? Promise.reject(failure())
        : new Promise<FromWorker>((resolve, reject) => {
            pending.push({ resolve, reject });
            worker.postMessage(msg);
          }),
    close: () => worker.terminate(),
  };
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // unreadable: its check reports that
  }
}

/** This thread's slot: before each task it lets the workers' answers in (and hands them their next tasks). */
function localSlot(setup: WorkerSetup): Slot {
  const tasks = new CheckTasks(setup);
  return {
    here: true,
    depth: 1,
    owned: [],
    run: async (msg) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return tasks.handle(msg);
    },
    close: () => Promise.resolve(),
  };
}

interface Task {
  msg: ToWorker;
  done(answer: FromWorker): void;
  /** The slot stopped while on this task. */
  lost(reason: string): void;
  /** The slot could not start: the task goes back to the queue. */
  retry(): void;
}

/**
 * Gives each slot tasks (`take`), `depth` at a time, until there are none; the workers that stop
 * are dropped, and tasks left then (a stopped worker's, put back) go to this thread's slot.
 */
async function drive(slots: readonly Slot[], take: (slot: Slot) => Task | undefined, remaining: () => boolean, here: Slot): Promise<void> {
  const loop = async (slot: Slot): Promise<void> => {
    for (let task = take(slot); task; task = take(slot)) {
      let answer: FromWorker;
      try {
        answer = await slot.run(task.msg);
      } catch (e) {
        // The worker stopped: it gets no more tasks.
        if (e instanceof NotBegun) task.retry();
        else task.lost(message(e));
        return;
      }
      task.done(answer);
    }
  };
  await Promise.all(slots.flatMap((slot) => Array.from({ length: slot.depth }, () => loop(slot))));
  if (remaining()) await loop(here);
}

/**
 * What each slot's files need of the CRDs other slots' files define (a custom resource of that
 * kind): read by the slot that parsed the CRD's file, from its model, and handed over, so no
 * worker parses another's CRD document again (one is often a megabyte of YAML). A slot that cannot
 * answer leaves the others to read the CRD from its text, as they would without it.
 */
async function crdsFor(slots: readonly Slot[], defined: ReadonlyMap<number, readonly IndexedObject[]>): Promise<Map<Slot, GivenCrd[]>> {
  const out = new Map<Slot, GivenCrd[]>(slots.map((slot) => [slot, []]));
  const owner = new Map<number, Slot>();
  for (const slot of slots) for (const id of slot.owned) owner.set(id, slot);
  const definitions: [id: number, group: string, kind: string][] = [];
  for (const [id, objects] of defined) for (const o of objects) if (o.crd) definitions.push([id, o.crd.group, o.crd.kind]);
  if (definitions.length === 0) return out;
  // Asked of each owner, and who gets what it answers (by group and kind).
  const asked = new Map<Slot, [id: number, group: string, kind: string][]>();
  const receivers = new Map<string, Set<Slot>>();
  for (const slot of slots) {
    const kinds = new Set<string>();
    for (const id of slot.owned) for (const o of defined.get(id) ?? []) kinds.add(o.kind);
    for (const definition of definitions) {
      const [id, group, kind] = definition;
      const from = owner.get(id);
      if (!from || from === slot || !kinds.has(kind)) continue;
      const wanted = asked.get(from) ?? [];
      if (!wanted.includes(definition)) wanted.push(definition);
      asked.set(from, wanted);
      const key = `${group}\u0000${kind}`;
      receivers.set(key, (receivers.get(key) ?? new Set()).add(slot));
    }
  }
  await Promise.all(
    [...asked].map(async ([from, wanted]) => {
      const answer = await from.run({ op: 'crds', wanted }).catch(() => undefined);
      if (answer?.op !== 'crds') return;
      for (const given of answer.crds)
        for (const slot of receivers.get(`${given.group}\u0000${given.kind}`) ?? []) if (slot !== from) out.get(slot)!.push(given);
    }),
  );
  return out;
}

/** Checks every input on this thread and `plan.jobs - 1` worker threads; each outcome goes to `plan.emit` in input order. */
export async function checkInPool(plan: PoolPlan): Promise<void> {
  const { inputs, setup } = plan;
  const ids = new Map(inputs.map((input, i) => [input, i]));
  const before = inputs.map((input) => plan.before(input));

  // Outcomes, printed as soon as every earlier one is; what comes before one (the --fix clean-up
  // of its folder) as soon as every earlier outcome is, without waiting for its own.
  const outcomes = new Map<number, FileOutcome>();
  let next = 0;
  const advance = (): void => {
    for (let o = outcomes.get(next); o; o = outcomes.get(next)) {
      outcomes.delete(next);
      plan.emit(o);
      next++;
      if (next < inputs.length) plan.emit({ messages: before[next] });
    }
  };
  const settle = (id: number, outcome: FileOutcome): void => {
    outcomes.set(id, outcome);
    advance();
  };
  if (inputs.length > 0) plan.emit({ messages: before[0] });
  const notChecked = (id: number, reason: string): void =>
    settle(id, { messages: [troubleLine(`failed to check ${inputs[id].path}: the worker thread checking it stopped: ${reason}`)] });

  const files = inputs.filter((input) => input.file !== undefined);
  // This thread is one of the `jobs`: it checks files too (one worker fewer to start and warm up).
  const here = localSlot(setup);
  const slots: Slot[] = [];
  for (let k = 1; k < Math.min(plan.jobs, files.length); k++) slots.push(workerSlot(setup));
  slots.push(here);

  // Standard input meanwhile, in this thread.
  const stdin = Promise.all(inputs.filter((input) => input.file === undefined).map(async (input) => settle(ids.get(input)!, await plan.checkHere(input))));

  // 1. Index the workspaces' files.
  const groups = plan.workspaces ? workspaceGroups(files) : [];
  const groupOf = new Map<number, number>();
  groups.forEach((group, g) => group.forEach((input) => groupOf.set(ids.get(input)!, g)));
  // Largest first: the last task to finish is then a small one, whichever worker takes it.
  const size = new Map(files.map((input) => [ids.get(input)!, sizeOf(input.file!)]));
  const largestFirst = (a: number, b: number): number => size.get(b)! - size.get(a)! || a - b;
  const toIndex = [...groupOf.keys()].sort(largestFirst);
  const defined = new Map<number, IndexedObject[]>();
  // The texts of the files that define CRDs, as indexed (every worker reads the CRDs' schemas from them).
  const crdTexts: [path: string, text: string][] = [];
  const lost = new Set<number>();
  await drive(
    slots,
    (slot) => {
      const id = slot.here ? toIndex.pop() : toIndex.shift();
      if (id === undefined) return undefined;
      return {
        msg: { op: 'index', id, input: inputs[id], placed: plan.placedFor(inputs[id]) },
        done: (answer) => {
          if (answer.op !== 'indexed' || !answer.objects) return;
          defined.set(id, answer.objects);
          if (answer.crdText !== undefined) crdTexts.push([inputs[id].path, answer.crdText]);
          slot.owned.push(id);
        },
        lost: (reason) => {
          lost.add(id);
          notChecked(id, reason);
        },
        retry: () => toIndex.unshift(id),
      };
    },
    () => toIndex.length > 0,
    here,
  );
  const workspaces: WorkspaceEntry[][] = groups.map((group) =>
    group.flatMap((input): WorkspaceEntry[] => {
      const objects = defined.get(ids.get(input)!);
      return objects ? [[input.path, objects]] : [];
    }),
  );
  const given = await crdsFor(slots, defined);
  const ready = async (slot: Slot): Promise<Slot> => {
    await slot.run({ op: 'workspaces', workspaces, crdTexts, crds: given.get(slot) ?? [] });
    return slot;
  };
  const started = await Promise.all(slots.map((slot) => ready(slot).catch(() => undefined)));
  const live = started.filter((slot): slot is Slot => slot !== undefined);

  // 2. Check: each slot its own files first, then the others', then those another slot kept.
  const owner = new Map<number, Slot>();
  for (const slot of slots) for (const id of slot.owned) owner.set(id, slot);
  const shared = files
    .map((input) => ids.get(input)!)
    .filter((id) => !owner.has(id) && !lost.has(id))
    .sort(largestFirst);
  const checkTask = (id: number): Task => {
    const input = inputs[id];
    return {
      msg: { op: 'check', id, input, options: workerOptions(plan.optionsFor(input)), placed: plan.placedFor(input), workspace: groupOf.get(id) },
      done: (answer) => settle(id, answer.op === 'checked' ? answer.outcome : { messages: [] }),
      lost: (reason) => notChecked(id, reason),
      retry: () => shared.unshift(id),
    };
  };
  // Each slot checks its own files largest first; a slot with none left takes the smallest file of
  // the slot with the most bytes left (the file it parses again costs least).
  for (const slot of slots) slot.owned.sort(largestFirst);
  const bytesLeft = (slot: Slot): number => slot.owned.reduce((sum, id) => sum + size.get(id)!, 0);
  const stealFrom = (): Slot | undefined => {
    let most: Slot | undefined;
    let mostBytes = 0;
    for (const slot of slots) {
      if (slot.owned.length === 0) continue;
      const bytes = bytesLeft(slot);
      if (!most || bytes > mostBytes) [most, mostBytes] = [slot, bytes];
    }
    return most;
  };
  await drive(
    live,
    (slot) => {
      const id = slot.owned.shift() ?? (slot.here ? shared.pop() : shared.shift()) ?? stealFrom()?.owned.pop();
      return id === undefined ? undefined : checkTask(id);
    },
    () => shared.length > 0 || slots.some((slot) => slot.owned.length > 0),
    here,
  );
  await stdin;
  await Promise.all(slots.map((slot) => slot.close()));
}
