/**
 * The startup view's picture and table, as markup strings, from a `StartupPlan` (the protocol
 * module's types; the server's `pod/plan.ts` builds it, with the numbers to draw to scale). Pure
 * (no DOM, no VS Code): the webview script puts the strings into the page, the tests read them.
 *
 * The picture (SVG):
 *
 *              │ Init               │ Run        │ Termination          │
 *              │ ①        ②         │ ③          │ ④          ⑤         │
 *   wait-db    │ ████ exit 0        │            │                      │
 *   proxy      │      ███◆startupProbe══════════════════════════▌       │
 *   app        │                    │ ████◆postStart══════════▌          │
 *   STATUS     │ Init:0/2  Init:1/2 │ PodInitializing→Running │ Terminating │
 *   cpu req.   │ ▁▁▁▁      ▃▃▃▃▃▃▃▃▃  ▇▇▇▇▇ peak 600m …                    │
 *
 * one lane per container (init steps one after another, sidecars from their start to their
 * turn in termination, app containers together), gates as diamonds, the `kubectl get pods`
 * STATUS under each step, and a step chart per requested resource (cpu and memory) with the
 * peak marked. With the workspace, a lane also shows the Service each host it connects to
 * resolves to (`→ postgres`), and a warning mark where something it needs is not in the workspace
 * (a Service, a Secret, a ConfigMap, a key; a volume marks the pod's first lane). Colours are VS Code theme variables (see `style.ts`); every mark also has a shape
 * or a label, so nothing is told by colour alone. The table below says the same in text.
 */
import type { PlanContainer, PlanStep, StartupPlan } from '../../../server/src/protocol/index';

export type { StartupPlan } from '../../../server/src/protocol/index';

/** What the view drew, for the tests and the host's summary. */
export interface RenderSummary {
  title: string;
  lanes: { name: string; role: string; from: number; to: number; gate?: string }[];
  statuses: string[];
  phases: string[];
  charts: { resource: string; values: string[]; peak: string; peakSteps: number[] }[];
  tableRows: number;
  /** What the workspace says on each lane (1-based step): the Services it connects to, what it lacks. */
  workspace: { step: number; lane: string; mark: 'service' | 'missing'; label: string }[];
  /** The PodDisruptionBudgets listed under the table. */
  budgets: string[];
}

export interface Rendered {
  title: string;
  svg: string;
  table: string;
  summary: RenderSummary;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// -------------------------------------------------------------------------------------------
// Layout

const LABEL_W = 132;
const COL_W = 100;
const PAD = 16;
const HEADER_H = 54;
const LANE_H = 34;
const BAR_H = 14;
const STATUS_H = 46;
const CHART_H = 78;
const CHART_GAP = 22;

const CIRCLED = (n: number) => (n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `(${n})`);

interface Lane {
  container: PlanContainer;
  /** First and last step index (0-based) the container is alive in. */
  from: number;
  to: number;
  /** Where the bar ends inside `to`: a regular init container ends inside its own step. */
  exits: boolean;
  gate?: { label: string; step: number };
  postStart?: boolean;
}

function key(c: PlanContainer): string {
  return `${c.list}\u0000${c.index}`;
}

function gateLabel(gate: string): string {
  if (/startupProbe/.test(gate)) return 'startupProbe';
  if (/postStart/.test(gate)) return 'postStart';
  return 'running';
}

/** One lane per container, in the pod's order: init containers (sidecars included), then apps. */
export function lanes(plan: StartupPlan): Lane[] {
  const byKey = new Map<string, Lane>();
  const order: string[] = [];
  const postStartApps = new Set<string>();
  for (const step of plan.steps) {
    for (const note of step.notes) {
      const m = /^postStart of (.+?) delays /.exec(note);
      if (m) postStartApps.add(m[1]);
    }
  }
  plan.steps.forEach((step, i) => {
    for (const c of step.containers) {
      const k = key(c);
      let lane = byKey.get(k);
      if (!lane) {
        lane = { container: c, from: i, to: i, exits: step.kind === 'init-run' };
        byKey.set(k, lane);
        order.push(k);
        if (step.kind === 'sidecar-start') lane.gate = { label: gateLabel(step.gate), step: i };
        if (step.kind === 'app-start' && postStartApps.has(c.name)) lane.postStart = true;
      }
      lane.to = i;
    }
  });
  // A sidecar that is never stopped in the plan (no termination step names it) runs to the end.
  const last = plan.steps.length - 1;
  for (const lane of byKey.values()) if (lane.container.role === 'sidecar' && lane.to === lane.from) lane.to = last;
  const rank = (l: Lane) => (l.container.list === 'initContainers' ? 0 : 1) * 10_000 + l.container.index;
  return order.map((k) => byKey.get(k)!).sort((a, b) => rank(a) - rank(b));
}

const PHASE_NAMES: Record<PlanStep['phase'], string> = { init: 'Init', run: 'Run', termination: 'Termination' };

function phaseSpans(steps: readonly PlanStep[]): { phase: PlanStep['phase']; from: number; to: number }[] {
  const out: { phase: PlanStep['phase']; from: number; to: number }[] = [];
  steps.forEach((s, i) => {
    const last = out[out.length - 1];
    if (last && last.phase === s.phase) last.to = i;
    else out.push({ phase: s.phase, from: i, to: i });
  });
  return out;
}

function statusText(step: PlanStep): string {
  return step.statusAfter ? `${step.status} → ${step.statusAfter}` : step.status;
}

function text(x: number, y: number, content: string, cls: string, anchor: 'start' | 'middle' | 'end' = 'start'): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" class="${cls}" text-anchor="${anchor}">${escapeHtml(content)}</text>`;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function planTitle(plan: StartupPlan): string {
  return `${plan.kind}${plan.name ? ` ${plan.name}` : ''}`;
}

/** The picture. */
function svg(plan: StartupPlan, laneList: Lane[], summary: RenderSummary): string {
  const steps = plan.steps;
  const n = steps.length;
  const width = LABEL_W + n * COL_W + PAD * 2;
  const colX = (i: number) => PAD + LABEL_W + i * COL_W;
  const lanesTop = HEADER_H;
  const statusTop = lanesTop + laneList.length * LANE_H + 6;
  const chartsTop = statusTop + STATUS_H + 10;
  const chartResources = ['cpu', 'memory'].filter((r) => steps.some((s) => s.resources.requests[r] !== undefined));
  const height = chartsTop + chartResources.length * (CHART_H + CHART_GAP) + PAD;
  const parts: string[] = [];

  // Phase bands and step numbers.
  for (const span of phaseSpans(steps)) {
    const x0 = colX(span.from);
    const x1 = colX(span.to + 1);
    parts.push(`<rect x="${x0 + 1}" y="4" width="${x1 - x0 - 2}" height="20" rx="3" class="phase phase-${span.phase}"/>`);
    parts.push(text((x0 + x1) / 2, 18, PHASE_NAMES[span.phase], 'phase-label', 'middle'));
    summary.phases.push(PHASE_NAMES[span.phase]);
  }
  steps.forEach((s, i) => {
    parts.push(
      text(
        colX(i) + COL_W / 2,
        42,
        `${CIRCLED(s.step)} ${s.kind === 'init-run' ? 'run' : s.kind === 'sidecar-start' ? 'start sidecar' : s.kind === 'app-start' ? 'start apps' : 'stop'}`,
        'step-label',
        'middle',
      ),
    );
  });
  // Column grid.
  for (let i = 0; i <= n; i++) {
    parts.push(`<line x1="${colX(i)}" y1="28" x2="${colX(i)}" y2="${chartsTop - 6}" class="grid"/>`);
  }

  // Lanes.
  laneList.forEach((lane, li) => {
    const y = lanesTop + li * LANE_H;
    const mid = y + LANE_H / 2;
    const c = lane.container;
    if (li % 2 === 1) parts.push(`<rect x="${PAD}" y="${y}" width="${width - PAD * 2}" height="${LANE_H}" class="lane-alt"/>`);
    parts.push(text(PAD + 4, mid - 2, truncate(c.name, 20), 'lane-name'));
    parts.push(text(PAD + 4, mid + 11, c.role === 'init' ? 'init container' : c.role === 'sidecar' ? 'sidecar' : 'app container', 'lane-role'));
    const x0 = colX(lane.from) + 8;
    const x1 = lane.exits ? colX(lane.to) + COL_W * 0.62 : colX(lane.to + 1) - 8;
    parts.push(
      `<rect x="${x0}" y="${mid - BAR_H / 2}" width="${Math.max(4, x1 - x0)}" height="${BAR_H}" rx="3" class="bar bar-${c.role}"><title>${escapeHtml(`${c.name}: ${c.role}, steps ${lane.from + 1}–${lane.to + 1}`)}</title></rect>`,
    );
    if (lane.exits) {
      parts.push(`<line x1="${x1}" y1="${mid - BAR_H / 2 - 3}" x2="${x1}" y2="${mid + BAR_H / 2 + 3}" class="exit-mark"/>`);
      parts.push(text(x1 + 4, mid + 4, 'exit 0', 'mark-label'));
    }
    const gate = lane.gate ?? (lane.postStart ? { label: 'postStart', step: lane.from } : undefined);
    if (gate) {
      const gx = colX(gate.step) + COL_W - 14;
      parts.push(
        `<path d="M ${gx} ${mid - 8} L ${gx + 8} ${mid} L ${gx} ${mid + 8} L ${gx - 8} ${mid} Z" class="gate gate-${gate.label}"><title>${escapeHtml(`gate: ${gate.label}`)}</title></path>`,
      );
      parts.push(text(gx, mid - 10, gate.label, 'gate-label', 'end'));
    }
    // What the workspace says: the Services the container connects to, what it lacks (a volume: the first lane).
    const start = steps[lane.from];
    const waits = (start?.waits ?? []).filter((w) => w.container === c.name);
    const missing = (start?.missing ?? []).filter((m) => m.container === c.name || (m.container === undefined && li === 0));
    const unresolved = waits.filter((w) => w.state === 'missing');
    const problems = [...missing.map((m) => m.text), ...unresolved.map((w) => w.text)];
    const services = waits.filter((w) => w.state === 'defined');
    if (services.length) {
      const label = `→ ${services.map((w) => w.service).join(', ')}`;
      parts.push(
        `<text x="${(colX(lane.from) + 8).toFixed(1)}" y="${(mid + BAR_H / 2 + 10).toFixed(1)}" class="mark-label service-label">${escapeHtml(truncate(label, 18))}<title>${escapeHtml(services.map((w) => w.text).join('\n'))}</title></text>`,
      );
      summary.workspace.push({ step: lane.from + 1, lane: c.name, mark: 'service', label });
    }
    if (problems.length) {
      const mx = colX(lane.from) + 14;
      const label = missing.length ? 'missing' : 'no Service';
      parts.push(`<circle cx="${mx}" cy="${mid}" r="7" class="missing-mark"><title>${escapeHtml(problems.join('\n'))}</title></circle>`);
      parts.push(text(mx, mid + 4, '!', 'missing-bang', 'middle'));
      parts.push(text(mx + 10, mid - 10, label, 'missing-label'));
      summary.workspace.push({ step: lane.from + 1, lane: c.name, mark: 'missing', label: problems.join('\n') });
    }
    if (!lane.exits && steps[lane.to]?.phase === 'termination') {
      parts.push(text(x1 - 2, mid + BAR_H / 2 + 10, 'SIGTERM', 'mark-label', 'end'));
    }
    summary.lanes.push({ name: c.name, role: c.role, from: lane.from + 1, to: lane.to + 1, ...(gate ? { gate: gate.label } : {}) });
  });

  // kubectl get pods STATUS under each step.
  parts.push(text(PAD + 4, statusTop + 18, 'kubectl get pods', 'row-title'));
  parts.push(text(PAD + 4, statusTop + 32, 'STATUS', 'lane-role'));
  steps.forEach((s, i) => {
    const x = colX(i) + COL_W / 2;
    parts.push(`<rect x="${colX(i) + 6}" y="${statusTop + 4}" width="${COL_W - 12}" height="${STATUS_H - 10}" rx="3" class="status-box"/>`);
    parts.push(text(x, statusTop + 20, s.status, 'status', 'middle'));
    if (s.statusAfter) parts.push(text(x, statusTop + 34, `→ ${s.statusAfter}`, 'status-after', 'middle'));
    summary.statuses.push(statusText(s));
  });

  // Step charts of the effective requests.
  chartResources.forEach((resource, ri) => {
    const top = chartsTop + ri * (CHART_H + CHART_GAP);
    const texts = steps.map((s) => s.resources.requests[resource] ?? '0');
    // The server sends each value as a number too (`amounts`): the view parses no quantity.
    const values = steps.map((s) => {
      const v = s.amounts.requests[resource];
      return v === null ? Infinity : (v ?? 0);
    });
    const max = Math.max(...values.filter(Number.isFinite), 0);
    const peakSteps = max > 0 ? values.map((v, i) => (v === max ? i : -1)).filter((i) => i >= 0) : [];
    const y = (v: number) => top + CHART_H - (max > 0 ? (Math.min(v, max) / max) * (CHART_H - 16) : 0);
    const effective = plan.resources.requests.find((r) => r.resource === resource);
    parts.push(text(PAD + 4, top + 20, `${resource} requests`, 'row-title'));
    if (effective) {
      parts.push(text(PAD + 4, top + 36, `pod: ${effective.effective}`, 'lane-role'));
      const why =
        effective.setBy === 'init' && effective.initPeak
          ? `init peak: ${effective.initPeak.container}`
          : effective.setBy === 'long-running'
            ? 'apps + sidecars'
            : effective.setBy;
      parts.push(text(PAD + 4, top + 50, truncate(why, 24), 'lane-role'));
    }
    parts.push(`<line x1="${colX(0)}" y1="${top + CHART_H}" x2="${colX(n)}" y2="${top + CHART_H}" class="axis"/>`);
    let d = '';
    values.forEach((v, i) => {
      const yy = y(v);
      d += i === 0 ? `M ${colX(0)} ${yy}` : ` L ${colX(i)} ${yy}`;
      d += ` L ${colX(i + 1)} ${yy}`;
    });
    parts.push(`<path d="${d} L ${colX(n)} ${top + CHART_H} L ${colX(0)} ${top + CHART_H} Z" class="area area-${resource}"/>`);
    parts.push(`<path d="${d}" class="step-line step-${resource}"/>`);
    values.forEach((v, i) => {
      const peak = peakSteps.includes(i);
      parts.push(text(colX(i) + COL_W / 2, y(v) - 4, texts[i], peak ? 'value peak-value' : 'value', 'middle'));
    });
    if (peakSteps.length) {
      const i = peakSteps[0];
      const px = colX(i) + 10;
      parts.push(`<path d="M ${px} ${y(max) + 4} l 6 10 l -12 0 Z" class="peak-mark"><title>peak</title></path>`);
      parts.push(text(px + 10, y(max) + 14, 'peak', 'peak-label'));
    }
    summary.charts.push({ resource, values: texts, peak: max > 0 ? texts[peakSteps[0]] : '0', peakSteps: peakSteps.map((i) => i + 1) });
  });

  const desc = describe(plan, laneList);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="plan-svg-title plan-svg-desc" class="timeline">` +
    `<title id="plan-svg-title">${escapeHtml(`Startup of ${planTitle(plan)}`)}</title><desc id="plan-svg-desc">${escapeHtml(desc)}</desc>` +
    parts.join('') +
    `</svg>`
  );
}

/** One paragraph a screen reader reads for the picture; the table has the details. */
export function describe(plan: StartupPlan, laneList: Lane[] = lanes(plan)): string {
  const init = laneList
    .filter((l) => l.container.list === 'initContainers')
    .map((l) => `${l.container.name}${l.container.role === 'sidecar' ? ' (sidecar)' : ''}`);
  const apps = laneList.filter((l) => l.container.list === 'containers').map((l) => l.container.name);
  const peaks = plan.resources.requests
    .filter((r) => r.resource === 'cpu' || r.resource === 'memory')
    .map((r) => `${r.resource} ${r.effective}${r.setBy === 'init' && r.initPeak ? ` (peak during ${r.initPeak.container})` : ''}`);
  return (
    `Timeline of ${planTitle(plan)}: ` +
    (init.length ? `init containers ${init.join(', then ')}; ` : 'no init containers; ') +
    `then ${apps.length ? apps.join(' and ') : 'no app containers'} start together` +
    (plan.termination.order.length ? `; on termination ${plan.termination.order.join(', then ')} stop` : '') +
    (peaks.length ? `. Pod requests: ${peaks.join(', ')}.` : '.')
  );
}

function requestsCell(step: PlanStep): string {
  const entries = Object.entries(step.resources.requests);
  return entries.length ? entries.map(([k, v]) => `${k} ${v}`).join(', ') : 'none';
}

/** A step's cross-file gates and connections, as a list in its "Waits for" cell. */
function crossFileList(s: PlanStep): string {
  const items = [
    ...(s.missing ?? []).map((m) => `<li class="missing">${escapeHtml(`Missing: ${m.text}`)}</li>`),
    ...(s.waits ?? []).map((w) => `<li${w.state === 'missing' ? ' class="missing"' : ''}>${escapeHtml(`${w.container} connects to ${w.text}`)}</li>`),
  ];
  return items.length ? `<ul>${items.join('')}</ul>` : '';
}

/** The PodDisruptionBudgets that select the pod, and what they mean for evictions. */
function disruptionSection(plan: StartupPlan): string {
  const d = plan.disruption;
  if (!d) return '';
  const budgets = d.budgets.map((b) => `<li>${escapeHtml(b.text)}</li>`);
  return `<h3>Disruption budgets</h3><ul class="budgets">${budgets.join('')}</ul><ul>${d.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
}

/** The same plan as text: what a screen reader reads, and what can be copied. */
function table(plan: StartupPlan): string {
  const rows = plan.steps
    .map(
      (s) =>
        `<tr><th scope="row">${s.step}</th><td>${escapeHtml(PHASE_NAMES[s.phase])}</td><td>${escapeHtml(s.containers.map((c) => `${c.name} (${c.role})`).join(', ') || '—')}</td>` +
        `<td>${escapeHtml(s.action)}</td><td>${escapeHtml(s.gate)}${crossFileList(s)}</td><td><code>${escapeHtml(statusText(s))}</code></td><td>${escapeHtml(requestsCell(s))}</td>` +
        `<td>${escapeHtml(s.onFailure ?? '—')}${s.notes.length ? `<ul>${s.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>` : ''}</td></tr>`,
    )
    .join('');
  const resourceRows = [...plan.resources.requests.map((r) => ({ kind: 'request', r })), ...plan.resources.limits.map((r) => ({ kind: 'limit', r }))]
    .map(({ kind, r }) => {
      const why =
        r.setBy === 'init' && r.initPeak
          ? `init peak during ${r.initPeak.container} (${r.initPeak.value}), above the ${r.longRunning} of the running pod`
          : r.setBy === 'long-running'
            ? `app containers + sidecars (${r.longRunning})`
            : r.setBy === 'pod-level'
              ? `pod-level spec.resources (${r.podLevel ?? r.effective})`
              : 'spec.overhead only';
      const extra = [r.overhead ? `overhead ${r.overhead} included` : '', r.unlimited?.length ? `no limit: ${r.unlimited.join(', ')}` : '']
        .filter(Boolean)
        .join('; ');
      return `<tr><th scope="row">${escapeHtml(r.resource)} ${kind}</th><td>${escapeHtml(r.effective)}</td><td>${escapeHtml(why)}${extra ? `; ${escapeHtml(extra)}` : ''}</td></tr>`;
    })
    .join('');
  const t = plan.termination;
  const notes = plan.notes.length ? `<h3>Notes</h3><ul>${plan.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>` : '';
  return (
    `<table class="plan-table"><caption>Startup plan of ${escapeHtml(planTitle(plan))}, step by step</caption>` +
    `<thead><tr><th scope="col">Step</th><th scope="col">Phase</th><th scope="col">Containers</th><th scope="col">What happens</th><th scope="col">Waits for</th><th scope="col">STATUS (kubectl get pods)</th><th scope="col">Requests while running</th><th scope="col">If it fails</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>` +
    `<table class="resource-table"><caption>Effective pod resources (what the scheduler reserves)</caption>` +
    `<thead><tr><th scope="col">Resource</th><th scope="col">Value</th><th scope="col">Set by</th></tr></thead><tbody>${resourceRows || '<tr><td colspan="3">No container requests or limits resources.</td></tr>'}</tbody></table>` +
    `<h3>Termination</h3><p>Starts when ${escapeHtml(t.trigger)}. Order: ${escapeHtml(t.order.join(' → ') || 'nothing runs')}. ` +
    `Grace period ${t.gracePeriodSeconds} s${t.gracePeriodWritten ? '' : ' (the default)'}, shared by every container.</p>` +
    disruptionSection(plan) +
    notes
  );
}

export function renderPlan(plan: StartupPlan): Rendered {
  const title = planTitle(plan);
  const laneList = lanes(plan);
  const summary: RenderSummary = {
    title,
    lanes: [],
    statuses: [],
    phases: [],
    charts: [],
    tableRows: plan.steps.length,
    workspace: [],
    budgets: (plan.disruption?.budgets ?? []).map((b) => `${b.name} (${b.file}:${b.line})`),
  };
  const picture = svg(plan, laneList, summary);
  return { title, svg: picture, table: table(plan), summary };
}

/** Facts under the title: restart policy, READY, counts. */
export function planFacts(plan: StartupPlan): string[] {
  const facts = [
    `${plan.apiVersion} ${plan.kind}${plan.template ? ` (pod template at ${plan.podSpecPath})` : ''}`,
    `restartPolicy: ${plan.restartPolicy}${plan.restartPolicyWritten ? '' : ' (default)'}`,
    `READY x/${plan.readyTotal}`,
    // Plans from a server before the field existed have none.
    ...(plan.kubernetesVersion ? [`Kubernetes ${plan.kubernetesVersion}`] : []),
    `${plan.containers.init - plan.containers.sidecars} init, ${plan.containers.sidecars} sidecar${plan.containers.sidecars === 1 ? '' : 's'}, ${plan.containers.apps} app`,
  ];
  if (plan.job) facts.push(`backoffLimit ${plan.job.backoffLimit}${plan.job.backoffLimitWritten ? '' : ' (default)'}`);
  return facts;
}

/** What the host posts to the page. */
export interface PlanMessage {
  type: 'plan';
  plan: StartupPlan | null;
  source: string;
  message?: string;
}

/**
 * The page's content for a message of the host (what the page script puts in `#root`): the
 * header, the legend, the picture and the table, or the message when there is no plan. Every
 * string that comes from the manifest or the host is escaped.
 */
export function renderPage(message: PlanMessage): { html: string; summary: RenderSummary | null } {
  const { plan } = message;
  if (!plan) {
    return {
      html: `<header><h1>Pod startup</h1></header><p class="empty">${escapeHtml(message.message ?? 'Put the cursor in a manifest with a pod spec (Pod, Deployment, Job, …).')}</p>`,
      summary: null,
    };
  }
  const r = renderPlan(plan);
  const lanes = r.summary.lanes
    .map((l, i) => {
      const c = plan.steps.flatMap((s) => s.containers).find((x) => x.name === l.name && x.range);
      return c?.range
        ? `<button class="link" data-line="${escapeHtml(String(c.range.start.line))}" data-i="${i}">${escapeHtml(l.name)}</button>`
        : escapeHtml(l.name);
    })
    .join(', ');
  const html =
    `<header><h1>Startup of ${escapeHtml(r.title)}</h1>` +
    `<p class="facts">${planFacts(plan)
      .map((f) => `<span>${escapeHtml(f)}</span>`)
      .join('')}</p>` +
    `<p class="source">${escapeHtml(message.source)} · containers: ${lanes}</p></header>` +
    `<div class="legend" aria-hidden="true"><span><i class="k-init"></i>init container (runs to completion)</span><span><i class="k-sidecar"></i>sidecar</span><span><i class="k-app"></i>app container</span><span><i class="k-gate"></i>gate before the next step</span><span><i class="k-peak"></i>peak request</span>${r.summary.workspace.some((w) => w.mark === 'missing') ? '<span><i class="k-missing"></i>not in the workspace</span>' : ''}</div>` +
    `<div class="picture">${r.svg}</div>` +
    `<section class="text" aria-label="The startup plan as text">${r.table}</section>`;
  return { html, summary: r.summary };
}
