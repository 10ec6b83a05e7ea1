/// <reference lib="dom" />
/**
 * The startup view's script, bundled on its own (`dist/startupView.js`) and loaded by the page
 * with its nonce. It draws whatever plan the host posts and tells the host what it drew.
 *
 *   host → view  { type: 'plan', plan: StartupPlan | null, source: string, message?: string }
 *   view → host  { type: 'ready' } | { type: 'rendered', summary } | { type: 'reveal', line }
 */
import { escapeHtml, planFacts, renderPlan, type StartupPlan } from './render';

interface PlanMessage {
  type: 'plan';
  plan: StartupPlan | null;
  source: string;
  message?: string;
}

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; setState(state: unknown): void; getState(): unknown };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

function draw(message: PlanMessage): void {
  const { plan } = message;
  if (!plan) {
    root.innerHTML = `<header><h1>Pod startup</h1></header><p class="empty">${escapeHtml(message.message ?? 'Put the cursor in a manifest with a pod spec (Pod, Deployment, Job, …).')}</p>`;
    vscode.postMessage({ type: 'rendered', summary: null, message: message.message ?? '' });
    return;
  }
  const r = renderPlan(plan);
  const lanes = r.summary.lanes
    .map((l, i) => {
      const c = plan.steps.flatMap((s) => s.containers).find((x) => x.name === l.name && x.range);
      return c?.range ? `<button class="link" data-line="${c.range.start.line}" data-i="${i}">${escapeHtml(l.name)}</button>` : escapeHtml(l.name);
    })
    .join(', ');
  root.innerHTML =
    `<header><h1>Startup of ${escapeHtml(r.title)}</h1>` +
    `<p class="facts">${planFacts(plan).map((f) => `<span>${escapeHtml(f)}</span>`).join('')}</p>` +
    `<p class="source">${escapeHtml(message.source)} · containers: ${lanes}</p></header>` +
    `<div class="legend" aria-hidden="true"><span><i class="k-init"></i>init container (runs to completion)</span><span><i class="k-sidecar"></i>sidecar</span><span><i class="k-app"></i>app container</span><span><i class="k-gate"></i>gate before the next step</span><span><i class="k-peak"></i>peak request</span></div>` +
    `<div class="picture">${r.svg}</div>` +
    `<section class="text" aria-label="The startup plan as text">${r.table}</section>`;
  vscode.postMessage({ type: 'rendered', summary: r.summary });
}

root.addEventListener('click', (e) => {
  const target = (e.target as HTMLElement).closest('button[data-line]') as HTMLElement | null;
  if (target) vscode.postMessage({ type: 'reveal', line: Number(target.dataset.line) });
});

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as PlanMessage;
  if (message?.type !== 'plan') return;
  vscode.setState(message);
  draw(message);
});

const saved = vscode.getState() as PlanMessage | undefined;
if (saved?.type === 'plan') draw(saved);
vscode.postMessage({ type: 'ready' });
