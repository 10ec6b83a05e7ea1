/** R13 `ephemeral-containers-in-manifest`: `ephemeralContainers` cannot be set when a pod is created. */
import { YamlEditor } from '../edits/yamlEdit';
import type { Fix, Rule } from './rule';
import { apiMessage } from './support';

export const ephemeralContainersInManifest: Rule = {
  id: 'ephemeral-containers-in-manifest',
  defaultSeverity: 'error',
  title: '`ephemeralContainers` in a manifest: they are added to running pods by `kubectl debug`, never at creation.',
  check({ doc, manifest, report }) {
    const pod = manifest.podSpec;
    const entry = pod?.fields.get('ephemeralContainers');
    if (!pod || !entry || !manifest.workload) return;
    const path = [...pod.path, 'ephemeralContainers'];
    const apiText = manifest.workload.template ? 'Forbidden: ephemeral containers not allowed in pod template' : 'Forbidden: cannot be set on create';
    const fixes = (): Fix[] => {
      const remove = new YamlEditor(doc).removePair(pod.node, entry.pair);
      return remove ? [{ title: 'Remove ephemeralContainers', edits: remove, safe: false, preferred: true }] : [];
    };
    report({
      span: entry.keySpan,
      message: apiMessage(
        path,
        apiText,
        'ephemeral containers are added to a running pod through its ephemeralcontainers subresource (`kubectl debug`), not written in manifests.',
      ),
      fixes,
    });
  },
};
