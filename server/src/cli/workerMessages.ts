/**
 * What the check loop and its worker threads say to each other (cli/pool.ts, cli/checkWorker.ts):
 * plain data only (structured clone). Each message to a worker is answered by one message back,
 * in the order given: a worker works on one task at a time (so the task a dead worker was on is
 * the oldest unanswered one).
 */
import type { AnalysisOptions } from '../config/options';
import type { KustomizeOptions } from '../kustomize';
import type { CrdIdentity } from '../schema/crd';
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

/** A file's analysis options as plain data: the `.initlens.yaml` CRD catalog as the paths it is read from. */
export type WorkerOptions = Omit<AnalysisOptions, 'crdCatalog'> & { crdPaths?: readonly string[] };

/** Options made plain for a worker (structured clone copies no function). */
export function workerOptions(options: AnalysisOptions): WorkerOptions {
  const { crdCatalog, ...plain } = options;
  return crdCatalog ? { ...plain, crdPaths: crdCatalog.paths } : plain;
}

/** A CRD read by the worker that parsed its file, for the workers whose files use its kind. */
export interface GivenCrd extends CrdIdentity {
  crd: unknown;
}

export type ToWorker =
  /** Read and parse a file of a workspace; answer what it defines; keep it for its check. */
  | { op: 'index'; id: number; input: Input; placed: KustomizeOptions }
  /** The CRDs of kinds `[file id, group, kind]` of files this worker indexed (and kept the models of), read from those models. */
  | { op: 'crds'; wanted: [id: number, group: string, kind: string][] }
  /** The workspaces, each from what its files define in input order, and the CRDs other workers read for this one's files. */
  | { op: 'workspaces'; workspaces: WorkspaceEntry[][]; crdTexts: [path: string, text: string][]; crds: GivenCrd[] }
  /** Check a file (with the model kept from its `index`, when the worker has it). */
  | { op: 'check'; id: number; input: Input; options: WorkerOptions; placed: KustomizeOptions; workspace?: number };

export type FromWorker =
  /** Sent once, unasked, when the worker's script has loaded. */
  | { op: 'started' }
  | { op: 'indexed'; id: number; objects?: IndexedObject[]; crdText?: string }
  | { op: 'crds'; crds: GivenCrd[] }
  | { op: 'ready' }
  | { op: 'checked'; id: number; outcome: FileOutcome };
