/**
 * "Convert to app container" (issue 16, refactor 2): the reverse of "Convert to native sidecar",
 * for clusters older than the target allows. The sidecar moves to the end of `containers` without
 * its `restartPolicy: Always`: it then starts with the app containers, after every init container
 * (the ones after it no longer run beside it), and in a Job it keeps the pod from completing until
 * it exits. The startup lenses show the new order once the edit is applied.
 */
import { moveItemInto } from '../../edits/moveInto';
import type { RefactorProvider } from './refactor';
import { listSeq, podPath } from './support';

export const appContainer: RefactorProvider = {
  id: 'app-container',
  offer({ doc, manifest, pod, container: c }) {
    if (!c || c.role !== 'sidecar') return [];
    const from = listSeq(pod, 'initContainers');
    if (!from) return [];
    const path = podPath(manifest, pod);
    const edits = moveItemInto(doc, {
      from,
      fromPath: [...path, 'initContainers'],
      index: c.index,
      parent: pod.node,
      parentPath: path,
      key: 'containers',
      remove: 'restartPolicy',
    });
    return edits ? [{ id: 'app-container', title: 'Convert to app container', kind: 'refactor.rewrite', edits }] : [];
  },
};
