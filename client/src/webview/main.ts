/// <reference lib="dom" />
/**
 * The startup view's script, bundled on its own (`dist/startupView.js`) and loaded by the page
 * with its nonce. It draws whatever plan the host posts and tells the host what it drew.
 *
 *   host → view  { type: 'plan', plan: StartupPlan | null, source: string, message?: string }
 *   view → host  { type: 'ready' } | { type: 'rendered', summary } | { type: 'reveal', line }
 */
import { renderPage, type PlanMessage } from './render';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; setState(state: unknown): void; getState(): unknown };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

function draw(message: PlanMessage): void {
  const page = renderPage(message);
  root.innerHTML = page.html;
  vscode.postMessage(page.summary ? { type: 'rendered', summary: page.summary } : { type: 'rendered', summary: null, message: message.message ?? '' });
}

root.addEventListener('click', (e) => {
  const target = (e.target as HTMLElement).closest<HTMLElement>('button[data-line]');
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
