/**
 * `pod-template-by-shape`: a custom resource of a kind initlens has no table entry for
 * (`model/customResources.ts`) whose `spec.template` looks like a PodTemplateSpec (metadata, and
 * containers that each name an image). Its pod spec is analysed like any other; this says so, so
 * the findings there are read knowing the kind is not known.
 */
import { getEntry, nodeAt } from '../model/yamlNodes';
import type { Rule } from './rule';

export const podTemplateByShape: Rule = {
  id: 'pod-template-by-shape',
  defaultSeverity: 'info',
  title: 'A custom resource of a kind initlens does not know, whose `spec.template` is shaped like a pod template: its pod spec is analysed.',
  check({ manifest, report }) {
    if (!manifest.workload?.custom?.byShape || !manifest.podSpec) return;
    const template = getEntry(nodeAt(manifest.node, ['spec']), 'template');
    if (!template) return;
    report({
      span: template.keySpan,
      message: `spec.template: recognised as a pod template by its shape (metadata, and containers that name their images); its pod spec is analysed as the pods the ${manifest.kind} creates, although initlens does not know this kind.`,
    });
  },
};
