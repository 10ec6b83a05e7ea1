/**
 * `active-deadline-seconds-forbidden` (ground truth §4): `activeDeadlineSeconds` in the pod
 * template of a controller that keeps its pods running. Not in the original catalogue; added.
 */
import { YamlEditor } from '../edits/yamlEdit';
import { builtinKind } from '../model/kinds';
import type { Fix, Rule } from './rule';
import { apiMessage } from './support';

/** The kind the API server names in its message (Deployments reuse the ReplicaSet validator). */
const VALIDATOR_KIND: Record<string, string> = {
  ReplicationController: 'ReplicationController',
  Deployment: 'ReplicaSet',
  ReplicaSet: 'ReplicaSet',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
};

export const activeDeadlineSecondsForbidden: Rule = {
  id: 'active-deadline-seconds-forbidden',
  defaultSeverity: 'error',
  title: '`activeDeadlineSeconds` in the pod template of a ReplicationController, Deployment, ReplicaSet, StatefulSet or DaemonSet.',
  check({ doc, manifest, report }) {
    const pod = manifest.podSpec;
    const builtin = builtinKind(manifest.workload);
    const kind = builtin && Object.hasOwn(VALIDATOR_KIND, builtin) ? VALIDATOR_KIND[builtin] : undefined;
    const entry = pod?.fields.get('activeDeadlineSeconds');
    if (!pod || !kind || !entry) return;
    const fixes = (): Fix[] => {
      const remove = new YamlEditor(doc).removePair(pod.node, entry.pair);
      return remove ? [{ title: 'Remove activeDeadlineSeconds', edits: remove, safe: false, preferred: true }] : [];
    };
    report({
      span: entry.keySpan,
      message: apiMessage(
        [...pod.path, 'activeDeadlineSeconds'],
        `Forbidden: activeDeadlineSeconds in ${kind} is not Supported`,
        'the deadline would kill every pod of a controller that is meant to keep them running; use it on Pods and Jobs.',
      ),
      fixes,
    });
  },
};
