/**
 * The workspaces of `initlens check`: each directory given is one workspace (its YAML files, all
 * of them), and the files given by name, when there are several, are another. A single file
 * given alone has none (it is not evidence of where a namespace's objects live), nor has stdin.
 * Each workspace's index is built before any file is checked, from the files as read (before
 * `--fix`); a file over the size limit, or not a regular file, defines nothing. The texts of the
 * files that define CustomResourceDefinitions are kept for their schemas.
 */
import * as fs from 'node:fs';
import type { WorkspaceFacts } from '../config/options';
import { kustomizeOptions } from '../kustomize';
import { WorkspaceIndex } from '../workspace/index';
import { maxBytes, readSourceFile, type Input } from './files';

/** The workspace of each input that has one. */
export async function cliWorkspaces(inputs: readonly Input[], maxFileSizeKB: number): Promise<Map<Input, WorkspaceFacts>> {
  const groups = new Map<string, Input[]>();
  for (const input of inputs) {
    if (input.file === undefined) continue;
    const key = input.under !== undefined ? `dir:${input.under}` : 'files';
    const group = groups.get(key);
    if (group) group.push(input);
    else groups.set(key, [input]);
  }
  const out = new Map<Input, WorkspaceFacts>();
  for (const [key, group] of groups) {
    if (key === 'files' && group.length < 2) continue;
    // The texts of the files that define CRDs, as read (a schema is read from them on first need, even after `--fix`).
    const crdTexts = new Map<string, string>();
    const index = new WorkspaceIndex((file) => crdTexts.get(file));
    for (const input of group) {
      try {
        // Regular files only: a FIFO or a device named on the command line is read once, by its check.
        if (!fs.statSync(input.file!).isFile()) continue;
        const source = await readSourceFile(input.file!, maxBytes(maxFileSizeKB));
        if (source.tooLarge) continue;
        index.setText(input.path, source.text, maxFileSizeKB, kustomizeOptions(input.file!).namespace);
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
