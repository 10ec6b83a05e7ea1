/**
 * What the check loop and its worker threads say to each other (cli/pool.ts, cli/checkWorker.ts):
 * plain data only (structured clone). Each message to a worker is answered by one message back,
 * and a worker gets its next task only once it has answered (so the task a dead worker was on
 * is known).
 */
import type { AnalysisOptions } from '../config/options';
import type { KustomizeOptions } from '../kustomize';
import type { IndexedObject } from '../workspace/index';
import type { FileOutcome, FileSettings } from './checkFile';
import type { Input } from './files';
import type { WorkspaceEntry } from './workspace';

/** Given to each worker when it starts. */
export interface WorkerSetup {
  settings: FileSettings;
  /** Whether the output reads the findings' fixes (JSON, SARIF): they are then built in the worker. */
  fixes: boolean;
  /** Whether the output reads the checked text (SARIF fingerprints). */
  text: boolean;
  /** A worker keeps the models of the files it indexed up to this many characters of text; past it, it parses again. */
  keepChars: number;
}

export type ToWorker =
  /** Read and parse a file of a workspace; answer what it defines; keep it for its check. */
  | { op: 'index'; id: number; input: Input; placed: KustomizeOptions }
  /** The workspaces, each from what its files define in input order. */
  | { op: 'workspaces'; workspaces: WorkspaceEntry[][] }
  /** Check a file (with the model kept from its `index`, when the worker has it). */
  | { op: 'check'; id: number; input: Input; options: AnalysisOptions; placed: KustomizeOptions; workspace?: number };

export type FromWorker =
  /** Sent once, unasked, when the worker's script has loaded. */
  { op: 'started' } | { op: 'indexed'; id: number; objects?: IndexedObject[] } | { op: 'ready' } | { op: 'checked'; id: number; outcome: FileOutcome };
