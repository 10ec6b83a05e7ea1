/**
 * What one document's analysis read of the workspace index, and whether a later snapshot of the
 * index still answers it the same. The findings of a document are kept across a change elsewhere
 * in the workspace unless the change touched what they read: renaming a Deployment in a
 * 1,000-document file changes the index, yet no other document asked about it.
 */
import type { WorkspaceFacts, WorkspaceStamps } from '../config/options';

/** Each read (by its question) with the stamp its answer had. */
export type WorkspaceReads = ReadonlyMap<string, { stamp: number; again: (stamps: WorkspaceStamps) => number }>;

/** `facts` as the rules use it, noting each question they ask in `reads`. */
export function recordingReads(facts: WorkspaceFacts): { facts: WorkspaceFacts; reads: WorkspaceReads } {
  const reads = new Map<string, { stamp: number; again: (stamps: WorkspaceStamps) => number }>();
  const note = (question: string, again: (stamps: WorkspaceStamps) => number) => {
    if (!reads.has(question)) reads.set(question, { stamp: again(facts.stamps), again });
  };
  const crd = facts.crd;
  const recording: WorkspaceFacts = {
    key: facts.key,
    stamps: facts.stamps,
    objects(kind, namespace) {
      note(`objects\0${kind}\0${namespace}`, (s) => s.objects(kind, namespace));
      return facts.objects(kind, namespace);
    },
    get autoscaled() {
      note('autoscaled', (s) => s.autoscaled);
      return facts.autoscaled;
    },
    pods(namespace) {
      note(`pods\0${namespace}`, (s) => s.pods(namespace));
      return facts.pods(namespace);
    },
    ...(crd && {
      crd(group: string, kind: string) {
        note('crd', (s) => s.crd);
        return crd.call(facts, group, kind);
      },
    }),
  };
  return { facts: recording, reads };
}

/** Whether every question in `reads` has the same answer in `facts`. */
export function stillAnswered(reads: WorkspaceReads, facts: WorkspaceFacts): boolean {
  for (const { stamp, again } of reads.values()) if (again(facts.stamps) !== stamp) return false;
  return true;
}
