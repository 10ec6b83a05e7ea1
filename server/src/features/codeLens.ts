/**
 * Code lenses over the startup plan. Pure: positions are plain `{line, character}`; the LSP
 * adapter (`lsp/codeLens.ts`) turns anchors into unresolved lenses and titles into commands.
 *
 * Above each pod spec (on its `initContainers:` key, or `containers:` when there are no init
 * containers):
 *
 *     Startup: ① wait-db → ② proxy (sidecar) → ③ migrate → ④ log-agent (sidecar) → app ‖ worker
 *     Requests: cpu 1100m (init peak: migrate) · memory 640Mi (init peak: migrate)
 *     Limits: cpu unbounded (no limit: worker) · memory 1Gi          (only when something sets a limit)
 *
 * Above each init container:
 *
 *     Init 2 of 4 · sidecar · starts after wait-db, runs until the pod stops
 *     Init 3 of 4 · starts after proxy, runs to completion before log-agent
 *     Init 1 of 4 · runs to completion before proxy · → postgres (db/postgres.yaml:1)   (with a workspace)
 *     Init 3 of 4 · … · ⚠ no key passwd in Secret db · ⚠ no Service redis in the workspace
 *
 * Anchors are cheap (positions read from the parsed model, no plan); titles are computed from
 * the plan when a lens is resolved. Every lens runs `initlens.showStartup [uri, position]`.
 */
import { derived, derivedValue, podViews, type Manifest, type YamlDocument } from '../model/document';
import type { FileModel } from '../model/file';
import type { Range } from '../model/text';
import type { KubeVersion } from '../config/options';
import type { PlanResource, StartupPlan } from '../protocol/index';
import { cachedPlan, placer, type StartupWorkspace } from './startup';

export type LensKind = 'startup' | 'requests' | 'limits' | 'init';

/** Which lens: enough to find it again in the same file. */
export interface LensTarget {
  kind: LensKind;
  /** Index into `model.documents`. */
  document: number;
  /** Index into that document's manifests. */
  manifest: number;
  /** `init` lenses: the init container's index. */
  container?: number;
  /** Index into the manifest's pod specs (`podViews`), when more than 0. */
  pod?: number;
}

export interface LensAnchor extends LensTarget {
  /** Where the lens sits, in the file: the key (`initContainers`), or the start of the container item. */
  range: Range;
}

function hasLimits(manifest: Manifest): boolean {
  const pod = manifest.podSpec;
  if (!pod) return false;
  return pod.resources.limits.values.length > 0 || [...pod.initContainers, ...pod.appContainers].some((c) => c.resources.limits.values.length > 0);
}

/** A lens of one YAML document, its range relative to the document's first line. */
export type DocumentAnchor = Omit<LensAnchor, 'document'>;

/** The key of a document's lenses in its derived data. */
const ANCHORS = {};

/**
 * A document's lenses, computed once (kept with the document, and by its compact form): a request
 * for a file's lenses then costs a copy per lens.
 */
export function documentAnchors(doc: YamlDocument): DocumentAnchor[] {
  return derived(doc, ANCHORS, () => computeAnchors(doc));
}

/**
 * A document's lenses if they were computed (`documentAnchors`), else undefined: the same array for
 * as long as the document (or its compact form) lives, so it tells a document again after moves.
 */
export function knownAnchors(doc: YamlDocument): DocumentAnchor[] | undefined {
  return derivedValue(doc, ANCHORS);
}

function computeAnchors(doc: YamlDocument): DocumentAnchor[] {
  const out: DocumentAnchor[] = [];
  const place = placer({ start: 0, startLine: 0, doc });
  doc.manifests.forEach((whole, manifest) => {
    podViews(whole).forEach((value, podIndex) => {
      const pod = value.podSpec;
      if (!pod || !value.workload || value.isPatch) return;
      const key = pod.initContainers.length ? pod.fields.get('initContainers') : (pod.fields.get('containers') ?? pod.fields.get('initContainers'));
      if (!key) return;
      const range = place(key.keySpan);
      const at = podIndex > 0 ? { manifest, pod: podIndex } : { manifest };
      out.push({ kind: 'startup', ...at, range }, { kind: 'requests', ...at, range });
      if (hasLimits(value)) out.push({ kind: 'limits', ...at, range });
      for (const c of pod.initContainers) {
        const first = c.fields.values().next().value;
        const end = first && first.keySpan.end <= c.span.end ? first.keySpan.end : c.span.start;
        out.push({ kind: 'init', ...at, container: c.index, range: place({ start: c.span.start, end }) });
      }
    });
  });
  return out;
}

/** Every lens of a file, unresolved. Patches (`$patch` directives) get none: their pod is not whole. */
export function lensAnchors(model: FileModel): LensAnchor[] {
  const out: LensAnchor[] = [];
  model.documents.forEach((placed, document) => {
    const line = placed.startLine;
    for (const a of documentAnchors(placed.doc)) {
      const range = {
        start: { line: a.range.start.line + line, character: a.range.start.character },
        end: { line: a.range.end.line + line, character: a.range.end.character },
      };
      out.push({
        kind: a.kind,
        document,
        manifest: a.manifest,
        ...(a.container === undefined ? {} : { container: a.container }),
        ...(a.pod === undefined ? {} : { pod: a.pod }),
        range,
      });
    }
  });
  return out;
}

const CIRCLED_1_20 = 0x2460;
const CIRCLED_21_35 = 0x3251;
const CIRCLED_36_50 = 0x32b1;

/** ① … ⑳, ㉑ … ㉟, ㊱ … ㊿, then `(51)`. */
export function circled(n: number): string {
  if (n >= 1 && n <= 20) return String.fromCodePoint(CIRCLED_1_20 + n - 1);
  if (n >= 21 && n <= 35) return String.fromCodePoint(CIRCLED_21_35 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCodePoint(CIRCLED_36_50 + n - 36);
  return `(${n})`;
}

/** `Startup: ① wait-db → ② proxy (sidecar) → ③ migrate → app ‖ worker` */
export function startupTitle(plan: StartupPlan): string {
  const parts: string[] = [];
  let i = 0;
  for (const step of plan.steps) {
    if (step.phase !== 'init') continue;
    const c = step.containers[0];
    parts.push(`${circled(++i)} ${c.name}${c.role === 'sidecar' ? ' (sidecar)' : ''}`);
  }
  const apps = plan.steps.find((s) => s.kind === 'app-start')?.containers ?? [];
  if (apps.length) parts.push(apps.map((c) => c.name).join(' ‖ '));
  return `Startup: ${parts.length ? parts.join(' → ') : 'no containers'}`;
}

function others(names: readonly string[]): string {
  return names.length <= 2 ? names.join(', ') : `${names.slice(0, 2).join(', ')} +${names.length - 2}`;
}

function resourceText(r: PlanResource): string {
  const why: string[] = [];
  if (r.effective === 'unbounded') {
    if (r.unlimited?.length) why.push(`no limit: ${others(r.unlimited)}`);
  } else {
    if (r.setBy === 'pod-level') why.push(`pod-level; containers ${r.aggregate}`);
    else if (r.setBy === 'init' && r.initPeak) why.push(`init peak: ${r.initPeak.container}`);
    if (r.overhead) why.push(`overhead ${r.overhead} included`);
  }
  return `${r.resource} ${r.effective}${why.length ? ` (${why.join(', ')})` : ''}`;
}

/** `Requests: cpu 1100m (init peak: migrate) · memory 640Mi (init peak: migrate)` */
export function requestsTitle(plan: StartupPlan): string {
  const rs = plan.resources.requests;
  return `Requests: ${rs.length ? rs.map(resourceText).join(' · ') : 'none'}`;
}

/** `Limits: cpu unbounded (no limit: worker) · memory 1Gi` */
export function limitsTitle(plan: StartupPlan): string {
  const rs = plan.resources.limits;
  return `Limits: ${rs.length ? rs.map(resourceText).join(' · ') : 'none'}`;
}

/** `Init 2 of 4 · sidecar · starts after wait-db, runs until the pod stops` */
export function initTitle(plan: StartupPlan, index: number): string | undefined {
  const init = plan.steps.filter((s) => s.phase === 'init');
  const step = init.find((s) => s.containers[0].index === index);
  if (!step) return undefined;
  const k = init.indexOf(step);
  const c = step.containers[0];
  const parts = [`Init ${k + 1} of ${init.length}`];
  if (c.role === 'sidecar') parts.push('sidecar');
  const when: string[] = [];
  if (k > 0) when.push(`starts after ${init[k - 1].containers[0].name}`);
  if (c.role === 'sidecar') {
    when.push(plan.restartPolicy === 'Always' ? 'runs until the pod stops' : 'runs until the app containers exit');
  } else {
    const apps = plan.steps.find((s) => s.kind === 'app-start')?.containers ?? [];
    const next = k + 1 < init.length ? init[k + 1].containers[0].name : apps.length ? apps.map((a) => a.name).join(' ‖ ') : 'the app containers';
    when.push(`runs to completion before ${next}`);
  }
  parts.push(when.join(', '));
  // What the workspace says: something missing first (the step cannot pass), then the Services.
  for (const m of step.missing ?? [])
    parts.push(`⚠ ${m.key !== undefined ? `no key ${m.key} in ${m.kind} ${m.name}` : `${m.kind} ${m.name} not in the workspace`}`);
  for (const w of step.waits ?? []) {
    if (w.state === 'missing') parts.push(`⚠ no Service ${w.service} in the workspace`);
    else if (w.state === 'defined') parts.push(`→ ${w.service} (${w.file}:${w.line})`);
  }
  return parts.join(' · ');
}

/**
 * The title of a lens, or undefined when the file no longer has it (it changed since); with
 * `workspace`, the init lenses say what the workspace tells their step.
 */
export function lensTitle(model: FileModel, target: LensTarget, version: KubeVersion, workspace?: StartupWorkspace): string | undefined {
  const doc = model.documents[target.document]?.doc;
  const whole = doc?.manifests[target.manifest];
  const manifest = whole ? podViews(whole)[target.pod ?? 0] : undefined;
  const plan = manifest && doc ? cachedPlan(manifest, version, workspace && { ws: workspace, doc }) : undefined;
  if (!plan) return undefined;
  switch (target.kind) {
    case 'startup':
      return startupTitle(plan);
    case 'requests':
      return requestsTitle(plan);
    case 'limits':
      return limitsTitle(plan);
    case 'init':
      return target.container === undefined ? undefined : initTitle(plan, target.container);
  }
}
