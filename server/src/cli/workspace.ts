/**
 * The workspaces of `initlens check`: each directory given is one workspace (its YAML files, all
 * of them), and the files given by name, when there are several, are another. A single file
 * given alone has none (it is not evidence of where a namespace's objects live), nor has stdin.
 * Each workspace's index is built before any file is checked, from the files as read (before
 * `--fix`); a file over the size limit, or not a regular file, defines nothing. The texts of the
 * files that define CustomResourceDefinitions are kept for their schemas. Each workspace
 * also has its kustomize graph (the kustomizations of its folders and what they include), which
 * says which overlays build a file; a file outside every workspace gets what the kustomization of
 * its own folder says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceFacts } from '../config/options';
import { kustomizeOptions, loadGraph, type KustomizeGraph, type KustomizeOptions } from '../kustomize';
import { parseFile, type FileModel } from '../model/file';
import { fileObjects, WorkspaceIndex, type IndexedObject } from '../workspace/index';
import { maxBytes, readSourceFile, type Input, type Source } from './files';

/** The inputs that share a workspace, group by group, each in input order. */
export function workspaceGroups(inputs: readonly Input[]): Input[][] {
  const groups = new Map<string, Input[]>();
  for (const input of inputs) {
    if (input.file === undefined) continue;
    const key = input.under !== undefined ? `dir:${input.under}` : 'files';
    const group = groups.get(key);
    if (group) group.push(input);
    else groups.set(key, [input]);
  }
  return [...groups].filter(([key, group]) => key !== 'files' || group.length >= 2).map(([, group]) => group);
}

/**
 * The kustomize graph of each input's workspace (built from every folder of the workspace's files;
 * kept when empty too: then no folder of the workspace has a kustomization, which each file's
 * placement would otherwise look for again).
 */
export function cliKustomizeGraphs(inputs: readonly Input[]): Map<Input, KustomizeGraph> {
  const out = new Map<Input, KustomizeGraph>();
  for (const group of workspaceGroups(inputs)) {
    const graph = loadGraph(new Set(group.map((input) => path.dirname(path.resolve(input.file!)))));
    for (const input of group) out.set(input, graph);
  }
  return out;
}

/**
 * What the kustomizations say of an input (cli/check.ts lays it over the file's options): through
 * its workspace's graph when it has one, else the kustomization beside it; nothing for stdin.
 */
export function placementOf(input: Input, graphs: ReadonlyMap<Input, KustomizeGraph>): KustomizeOptions {
  return input.file !== undefined ? kustomizeOptions(path.resolve(input.file), graphs.get(input)) : {};
}

/** A file as its workspace reads it: its content, its model and the objects it defines. */
export interface IndexedFile {
  source: Source;
  model: FileModel;
  objects: IndexedObject[];
}

/** Reads and parses a file of a workspace; undefined when it defines nothing (unreadable, too large, not a regular file). */
export async function indexFile(input: Input, maxFileSizeKB: number, placed: KustomizeOptions): Promise<IndexedFile | undefined> {
  try {
    // Regular files only: a FIFO or a device named on the command line is read once, by its check.
    if (!fs.statSync(input.file!).isFile()) return undefined;
    const source = await readSourceFile(input.file!, maxBytes(maxFileSizeKB));
    if (source.tooLarge) return undefined;
    const model = parseFile(source.text, undefined, { maxFileSizeKB });
    return { source, model, objects: fileObjects(model, input.path, placed.namespace, placed.kustomize) };
  } catch {
    return undefined; // unreadable: checking it reports that
  }
}

/** What a file of a workspace defines: its path as reported, and its objects. */
export type WorkspaceEntry = readonly [path: string, objects: IndexedObject[]];

/** Whether a file's objects hold a CustomResourceDefinition (its text is then kept: the CRD's schema is read from it). */
export function definesCrd(objects: readonly IndexedObject[]): boolean {
  return objects.some((o) => o.crd);
}

/**
 * The facts of a workspace from what its files define, in input order (the files that define
 * nothing left out); `crdText` gives the text, as indexed, of a file that defines CRDs.
 */
export function workspaceFacts(entries: Iterable<WorkspaceEntry>, crdText: (file: string) => string | undefined): WorkspaceFacts {
  const index = new WorkspaceIndex(crdText);
  for (const [file, objects] of entries) index.setObjects(file, objects);
  return index.facts();
}

/** Files read and parsed for their workspace, kept for their check up to `chars` characters of text in all. */
export interface KeptFiles {
  chars: number;
  files: Map<Input, IndexedFile>;
}

/** The workspace of each input that has one; `keep` collects what was read and parsed, so the check need not do it again. */
export async function cliWorkspaces(
  inputs: readonly Input[],
  maxFileSizeKB: number,
  graphs: ReadonlyMap<Input, KustomizeGraph> = new Map(),
  keep?: KeptFiles,
): Promise<Map<Input, WorkspaceFacts>> {
  const out = new Map<Input, WorkspaceFacts>();
  for (const group of workspaceGroups(inputs)) {
    const entries: WorkspaceEntry[] = [];
    // The texts of the files that define CRDs, as read (a schema is read from them on first need, even after `--fix`).
    const crdTexts = new Map<string, string>();
    for (const input of group) {
      const indexed = await indexFile(input, maxFileSizeKB, placementOf(input, graphs));
      if (!indexed) continue;
      entries.push([input.path, indexed.objects]);
      if (definesCrd(indexed.objects)) crdTexts.set(input.path, indexed.source.text);
      if (keep && indexed.source.text.length <= keep.chars) {
        keep.chars -= indexed.source.text.length;
        keep.files.set(input, indexed);
      }
    }
    const facts = workspaceFacts(entries, (file) => crdTexts.get(file));
    for (const input of group) out.set(input, facts);
  }
  return out;
}
