/**
 * Hover on a container (the `-` of its item, its `name` key or value): its place in the startup
 * plan, what it waits for, what waits for it, its share of the pod's effective requests; on its
 * name, then the Debug section (`debug.ts`).
 */
import { isScalar, isSeq, type Node, type YAMLSeq } from 'yaml';
import type { YamlDocument } from '../../model/document';
import type { Location } from '../../model/locate';
import type { Container, PodSpec } from '../../model/podSpec';
import type { Span } from '../../model/text';
import { GATES, onByDefault } from '../../knowledge/featureGates';
import { containerPolicy, envFileNotes, startupPlan } from '../../pod/plan';
import { containerResources, podResources, UNBOUNDED } from '../../pod/resources';
import { startsWith, type FeatureOptions } from '../context';
import { debugSection, type HoverClient } from './debug';
import { code, header, type HoverResult, list, nameOf, roleLabel, scalarSpan } from './markdown';

/** The item of a block sequence whose `-` is at `offset` (the item starts later on that line). */
function itemAtDash(text: string, seq: YAMLSeq, offset: number): number | undefined {
  if (text[offset] !== '-' && text[offset - 1] !== '-') return undefined;
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  const index = seq.items.findIndex((item) => {
    const r = (item as Node | null)?.range;
    return !!r && r[0] > offset - 1 && r[0] <= end;
  });
  return index < 0 ? undefined : index;
}

function containerAtCursor(doc: YamlDocument, loc: Location, pod: PodSpec, offset: number): { container: Container; span: Span; onName: boolean } | undefined {
  const last = loc.path[loc.path.length - 1];
  if (
    isSeq(loc.node) &&
    (last === 'initContainers' || last === 'containers' || last === 'ephemeralContainers') &&
    startsWith(loc.path, pod.path) &&
    loc.path.length === pod.path.length + 1
  ) {
    const index = itemAtDash(doc.text, loc.node, offset);
    if (index === undefined) return undefined;
    const c = pod.containers.find((x) => x.list === last && x.index === index);
    const at = doc.text[offset] === '-' ? offset : offset - 1;
    return c && { container: c, span: { start: at, end: at + 1 }, onName: false };
  }
  if (last !== 'name' || !isScalar(loc.node)) return undefined;
  const c = pod.containers.find((x) => x.path.length === loc.path.length - 1 && startsWith(loc.path, x.path));
  const span = scalarSpan(loc);
  return c && span && { container: c, span, onName: true };
}

/** ` (9.1%)` below 10 %, ` (45%)` from 10 % on. */
function percent(part: bigint, whole: bigint): string {
  if (whole <= 0n) return '';
  if (part * 10n >= whole) return ` (${(part * 100n + whole / 2n) / whole}%)`;
  const tenths = Number((part * 1000n + whole / 2n) / whole);
  return ` (${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}%)`;
}

function requestShare(pod: PodSpec, c: Container, options: FeatureOptions): string | undefined {
  if (c.role === 'ephemeral') return undefined;
  const mine = containerResources(c).requests;
  const requests = podResources(pod, { podLevel: onByDefault(GATES.podLevelResources, options.kubernetesVersion) }).requests;
  const pieces: string[] = [];
  for (const r of requests) {
    if (r.effective === UNBOUNDED) continue;
    const q = mine.get(r.resource);
    if (!q) continue;
    let piece = `${r.resource} ${q.format()} of ${r.effective.format()}${percent(q.nano, r.effective.nano)}`;
    if (r.setBy === 'init' && r.initPeak?.container === c) piece += ', sets the pod value';
    pieces.push(piece);
  }
  if (pieces.length) return `Requests: ${pieces.join(' · ')}`;
  const pods = requests.flatMap((r) => (r.effective === UNBOUNDED ? [] : [`${r.resource} ${r.effective.format()}`]));
  return pods.length ? `Requests: none (the pod requests ${pods.join(', ')})` : 'Requests: none';
}

export function containerHover(
  doc: YamlDocument,
  loc: Location,
  pod: PodSpec,
  offset: number,
  options: FeatureOptions,
  client: HoverClient,
): HoverResult | undefined {
  const hit = containerAtCursor(doc, loc, pod, offset);
  if (!hit) return undefined;
  const c = hit.container;
  const plan = startupPlan(loc.manifest, options.kubernetesVersion);
  const lines: string[] = [];
  let place: string;
  const init = pod.initContainers;
  const apps = pod.appContainers;
  if (c.role === 'ephemeral') {
    place = 'ephemeral · not part of the startup plan';
  } else if (c.list === 'initContainers') {
    const i = init.indexOf(c);
    place = `Init ${i + 1} of ${init.length}${c.role === 'sidecar' ? ' · sidecar' : ''}`;
    const prev = init[i - 1];
    const gateOf = (k: number) => plan?.steps[k]?.gate;
    lines.push(prev ? `Waits for: ${nameOf(prev)} (${gateOf(i - 1)})` : 'Waits for: nothing, it runs first');
    const next = init[i + 1];
    if (next) lines.push(`Waited on by: ${nameOf(next)} (${gateOf(i)})`);
    else lines.push(apps.length ? `Waited on by: ${list(apps.map(nameOf))} (${gateOf(i)})` : 'Waited on by: nothing');
    const sidecars = init.slice(0, i).filter((x) => x.role === 'sidecar');
    if (sidecars.length) lines.push(`Runs beside: ${list(sidecars.map(roleLabel))}`);
    if (c.role === 'sidecar' && plan) {
      const order = plan.termination.order;
      const at = order.indexOf(c.name ?? `initContainers[${c.index}]`);
      const before = at > 0 ? order[at - 1] : undefined;
      if (before !== undefined) {
        const isApp = apps.some((a) => (a.name ?? `containers[${a.index}]`) === before);
        lines.push(`Stops: after ${isApp ? 'the app containers' : code(before)}`);
      }
    }
  } else {
    place = `App ${apps.indexOf(c) + 1} of ${apps.length}`;
    const last = init[init.length - 1];
    const gate = plan?.steps[init.length - 1]?.gate;
    lines.push(last ? `Waits for: ${nameOf(last)} (${gate})` : 'Waits for: nothing, no init containers');
    const next = apps[apps.indexOf(c) + 1];
    const postStart = !!c.handlers.postStart;
    lines.push(next && postStart ? `Waited on by: ${nameOf(next)} (its postStart returns)` : 'Waited on by: nothing, app containers start together');
    const sidecars = init.filter((x) => x.role === 'sidecar');
    if (sidecars.length) lines.push(`Runs beside: ${list(sidecars.map(roleLabel))}`);
  }
  if (c.role === 'init' && plan && containerPolicy(c, options.kubernetesVersion)) {
    const step = plan.steps[init.indexOf(c)];
    if (step?.onFailure) lines.push(`On failure: ${step.onFailure}`);
  }
  if (c.role !== 'ephemeral') for (const note of envFileNotes(pod, c, options.kubernetesVersion)) lines.push(`Env file: ${note}`);
  const share = requestShare(pod, c, options);
  if (share) lines.push(share);
  const markdown = `${header(c.path, `${nameOf(c)} · ${place}`)}\n\n${lines.map((l) => `- ${l}`).join('\n')}`;
  // On its name: then the commands to debug it by hand.
  const debug = hit.onName && plan ? debugSection(loc.manifest, c, options.kubernetesVersion, client, plan) : undefined;
  return { markdown: debug ? `${markdown}\n\n---\n\n${debug}` : markdown, span: hit.span };
}
