/**
 * Hover on a workload's name, its pod template's `template` key or the template's `labels` key:
 * the PodDisruptionBudgets of the workspace that select its pods, with their files, and what they
 * mean while init containers run (the plan's `disruption`, features/startupWorkspace.ts). Nothing
 * when no budget selects the pods, or without a workspace index.
 */
import type { YamlDocument } from '../../model/document';
import type { Location } from '../../model/locate';
import type { PodSpec } from '../../model/podSpec';
import type { Path } from '../../model/yamlNodes';
import { budgetLimit } from '../../protocol/planText';
import { planWorkspace } from '../startupWorkspace';
import type { FeatureOptions } from '../context';
import { code, header, type HoverResult, scalarSpan } from './markdown';

function same(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The places this hover answers on: `metadata.name`, the pod template's key, the pod's `labels` key. */
function onWorkload(loc: Location, pod: PodSpec): boolean {
  const template = pod.path.slice(0, -1);
  const metadata = loc.manifest.kind === 'Pod' ? ['metadata'] : [...template, 'metadata'];
  if (same(loc.path, ['metadata', 'name'])) return true;
  if (!loc.onKey) return false;
  return (template.length > 0 && same(loc.path, template)) || same(loc.path, [...metadata, 'labels']);
}

export function disruptionBudgetsHover(doc: YamlDocument, loc: Location, pod: PodSpec, options: FeatureOptions): HoverResult | undefined {
  const ws = options.planWorkspace;
  if (!ws || !onWorkload(loc, pod)) return undefined;
  const span = scalarSpan(loc);
  const disruption = span && planWorkspace(ws, doc, loc.manifest).disruption;
  if (!span || !disruption) return undefined;
  const n = disruption.budgets.length;
  const lines = [
    `${header(loc.path)} · ${n} PodDisruptionBudget${n === 1 ? '' : 's'} select${n === 1 ? 's' : ''} these pods`,
    '',
    ...disruption.budgets.map((b) => `- ${code(b.name)} (${code(`${b.file}:${b.line}`)}): ${budgetLimit(b)}`),
    '',
    ...disruption.notes.map((note) => `- ${note}`),
  ];
  return { markdown: lines.join('\n'), span };
}
