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
import { kustomizeOptions, loadGraph, type KustomizeGraph } from '../kustomize';
import { WorkspaceIndex } from '../workspace/index';
import { maxBytes, readSourceFile, type Input } from './files';

/** The inputs of each workspace, by key (`dir:…` or `files`); a lone file given by name has none. */
function workspaceGroups(inputs: readonly Input[]): Input[][] {
  const groups = new Map<string, Input[]>();
  for (const input of inputs) {
    if (input.file === undefined) continue;
    const key = input.under !== undefined ? `dir:${input.under}` : 'files';
    const group = groups.get(key);
    if (group) group.push(input);
    else groups.set(key, [input]);
  }
  return [...groups].filter(([key, group]) => key !== 'files' || group.length > 1).map(([, group]) => group);
}

/** The kustomize graph of each input's workspace (built from every folder of the workspace's files). */
export function cliKustomizeGraphs(inputs: readonly Input[]): Map<Input, KustomizeGraph> {
  const out = new Map<Input, KustomizeGraph>();
  for (const group of workspaceGroups(inputs)) {
    const graph = loadGraph(new Set(group.map((input) => path.dirname(path.resolve(input.file!)))));
    if (graph.kustomizations.size === 0) continue;
    for (const input of group) out.set(input, graph);
  }
  return out;
}

/** The workspace of each input that has one. */
export async function cliWorkspaces(
  inputs: readonly Input[],
  maxFileSizeKB: number,
  graphs: ReadonlyMap<Input, KustomizeGraph> = new Map(),
): Promise<Map<Input, WorkspaceFacts>> {
  const out = new Map<Input, WorkspaceFacts>();
  for (const group of workspaceGroups(inputs)) {
    // The texts of the files that define CRDs, as read (a schema is read from them on first need, even after `--fix`).
    const crdTexts = new Map<string, string>();
    const index = new WorkspaceIndex((file) => crdTexts.get(file));
    for (const input of group) {
      try {
        // Regular files only: a FIFO or a device named on the command line is read once, by its check.
        if (!fs.statSync(input.file!).isFile()) continue;
        const source = await readSourceFile(input.file!, maxBytes(maxFileSizeKB));
        if (source.tooLarge) continue;
        const placed = kustomizeOptions(path.resolve(input.file!), graphs.get(input));
        index.setText(input.path, source.text, maxFileSizeKB, placed.namespace, placed.kustomize);
        if (index.objectsOf(input.path).some((o) => o.crd)) crdTexts.set(input.path, source.text);
      } catch {
        // Unreadable: checking it reports that.
      }
    }
    const facts = index.facts();
    for (const input of group) out.set(input, facts);
  }
  return out;
}
