/**
 * The startup view: a webview beside the editor that draws the startup plan of the pod under the
 * cursor (`initlens/startupPlan`), follows the cursor from pod to pod and redraws as the user
 * types (debounced). Opened by the lenses' command and by "initlens: Show Pod Startup".
 *
 * The page has a strict Content-Security-Policy (webview/page.ts): no remote content, one nonce
 * for its stylesheet and its script (`dist/startupView.js`), nothing inline otherwise.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import {
  type Disposable,
  Position,
  Range,
  Selection,
  TextEditorRevealType,
  Uri,
  ViewColumn,
  window,
  workspace,
  type ExtensionContext,
  type TextDocument,
  type TextEditor,
  type WebviewPanel,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { DocumentFilter } from './documentFilter';
import { STARTUP_PLAN_REQUEST, type StartupPlan } from '../../server/src/protocol/index';
import type { RenderSummary } from './webview/render';
import { startupViewHtml } from './webview/page';

const VIEW_TYPE = 'initlens.startup';
const CURSOR_DEBOUNCE_MS = 150;
const TYPING_DEBOUNCE_MS = 300;
/** After another YAML file changed: the server indexes it first (its watcher event or its edit), then the plan reads it. */
const WORKSPACE_DEBOUNCE_MS = 500;

/** What the view shows now (read by the editor tests through the extension's API). */
export interface RenderedSummary {
  visible: boolean;
  title: string;
  uri?: string;
  line?: number;
  /** How many times the page drew a plan or a message. */
  renders: number;
  /** What the page drew last (null: a message, no plan). */
  rendered: RenderSummary | null | undefined;
  message?: string;
}

type Trigger = 'show' | 'cursor' | 'typing' | 'workspace';

export class StartupView implements Disposable {
  private panel: WebviewPanel | undefined;
  private followed: { uri: Uri; position: Position } | undefined;
  private ready = false;
  private pending: unknown;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private renders = 0;
  private rendered: RenderSummary | null | undefined;
  private message: string | undefined;
  private readonly listeners: Disposable[] = [];

  constructor(
    private readonly context: ExtensionContext,
    private readonly client: () => LanguageClient | undefined,
    private readonly filter: DocumentFilter,
  ) {
    this.listeners.push(
      window.onDidChangeTextEditorSelection((e) => this.cursorMoved(e.textEditor)),
      window.onDidChangeActiveTextEditor((editor) => editor && this.cursorMoved(editor)),
      workspace.onDidChangeTextDocument((e) => {
        if (this.panel && this.followed && e.contentChanges.length && e.document.uri.toString() === this.followed.uri.toString()) {
          const editor = window.activeTextEditor;
          if (editor && editor.document === e.document) this.followed.position = editor.selection.active;
          this.schedule('typing', TYPING_DEBOUNCE_MS);
        } else if (this.panel && this.followed && e.contentChanges.length && e.document.languageId === 'yaml') {
          // Another file: the Services, Secrets and budgets the plan names may have changed.
          this.schedule('workspace', WORKSPACE_DEBOUNCE_MS);
        }
      }),
    );
    const files = workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    const changed = () => {
      if (this.panel && this.followed) this.schedule('workspace', WORKSPACE_DEBOUNCE_MS);
    };
    this.listeners.push(files, files.onDidCreate(changed), files.onDidChange(changed), files.onDidDelete(changed));
  }

  /** Opens (or reveals) the view on the pod at `position` of `uri`, or under the active editor's cursor. */
  async show(uri?: Uri | string, position?: Position | { line: number; character: number }): Promise<void> {
    const editor = window.activeTextEditor;
    const target = uri ? (typeof uri === 'string' ? Uri.parse(uri) : uri) : editor?.document.uri;
    const at = position
      ? new Position(position.line, position.character)
      : editor && target && editor.document.uri.toString() === target.toString()
        ? editor.selection.active
        : new Position(0, 0);
    if (target) this.followed = { uri: target, position: at };
    if (!this.panel) this.create();
    else this.panel.reveal(this.panel.viewColumn ?? ViewColumn.Beside, true);
    await this.update('show', ++this.generation);
  }

  summary(): RenderedSummary | undefined {
    if (!this.panel) return undefined;
    return {
      visible: this.panel.visible,
      title: this.panel.title,
      uri: this.followed?.uri.toString(),
      line: this.followed?.position.line,
      renders: this.renders,
      rendered: this.rendered,
      message: this.message,
    };
  }

  private create(): void {
    const dist = Uri.file(path.join(this.context.extensionPath, 'dist'));
    const panel = window.createWebviewPanel(
      VIEW_TYPE,
      'Pod startup',
      { viewColumn: ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: false },
    );
    panel.iconPath = Uri.file(path.join(this.context.extensionPath, 'images', 'icon.png'));
    this.panel = panel;
    this.ready = false;
    this.renders = 0;
    this.rendered = undefined;
    panel.webview.html = this.html(panel, dist);
    panel.webview.onDidReceiveMessage((m: { type?: string; summary?: RenderSummary | null; message?: string; line?: number }) => {
      if (m?.type === 'ready') {
        this.ready = true;
        if (this.pending) void panel.webview.postMessage(this.pending);
      } else if (m?.type === 'rendered') {
        this.renders++;
        this.rendered = m.summary ?? null;
      } else if (m?.type === 'reveal' && typeof m.line === 'number') {
        void this.reveal(m.line);
      }
    });
    panel.onDidChangeViewState(() => {
      // A hidden webview loses its page (retainContextWhenHidden is off): it reloads and says ready.
      if (!panel.visible) this.ready = false;
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
      clearTimeout(this.timer);
    });
  }

  private html(panel: WebviewPanel, dist: Uri): string {
    const webview = panel.webview;
    const script = webview.asWebviewUri(Uri.joinPath(dist, 'startupView.js'));
    return startupViewHtml({ nonce: randomBytes(18).toString('base64'), cspSource: webview.cspSource, scriptUri: script.toString() });
  }

  private cursorMoved(editor: TextEditor): void {
    if (!this.panel || editor.document.languageId !== 'yaml' || !this.filter.isServed(editor.document)) return;
    const same = this.followed && this.followed.uri.toString() === editor.document.uri.toString() && this.followed.position.isEqual(editor.selection.active);
    if (same) return;
    this.followed = { uri: editor.document.uri, position: editor.selection.active };
    this.schedule('cursor', CURSOR_DEBOUNCE_MS);
  }

  private schedule(trigger: Trigger, ms: number): void {
    clearTimeout(this.timer);
    const generation = ++this.generation;
    this.timer = setTimeout(() => void this.update(trigger, generation), ms);
  }

  private async update(trigger: Trigger, generation: number): Promise<void> {
    const panel = this.panel;
    const followed = this.followed;
    if (!panel) return;
    if (!followed)
      return this.post({
        type: 'plan',
        plan: null,
        source: '',
        message: 'Open a Kubernetes manifest and put the cursor in a pod, a Deployment, a Job, … to see how it starts.',
      });
    const document = workspace.textDocuments.find((d) => d.uri.toString() === followed.uri.toString());
    let plan: StartupPlan | null = null;
    let message: string | undefined;
    const client = this.client();
    if (!document || !this.filter.isServed(document)) {
      message = 'This file is not a Kubernetes manifest that initlens analyses.';
    } else if (!client || !client.isRunning()) {
      message = 'The initlens language server is not running.';
    } else {
      try {
        plan = await client.sendRequest<StartupPlan | null>(STARTUP_PLAN_REQUEST, {
          textDocument: { uri: followed.uri.toString() },
          position: { line: followed.position.line, character: followed.position.character },
        });
      } catch (e) {
        message = `Could not compute the startup plan: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    if (generation !== this.generation || panel !== this.panel) return; // a newer update is on its way
    // Moving the cursor out of every pod (a Service, a comment), or a change elsewhere, keeps the last picture.
    if (!plan && (trigger === 'cursor' || trigger === 'workspace') && this.rendered) return;
    if (!plan && !message) message = 'No pod spec at the cursor: put it in a Pod, a Deployment, a Job, a CronJob, …';
    panel.title = plan ? `Startup: ${plan.name ?? plan.kind}` : 'Pod startup';
    this.message = message;
    await this.post({
      type: 'plan',
      plan,
      source: document ? `${path.basename(document.uri.path)}:${followed.position.line + 1}` : '',
      ...(message ? { message } : {}),
    });
  }

  private async post(message: unknown): Promise<void> {
    this.pending = message;
    if (this.panel && this.ready) await this.panel.webview.postMessage(message);
  }

  private async reveal(line: number): Promise<void> {
    const followed = this.followed;
    if (!followed) return;
    const document: TextDocument = await workspace.openTextDocument(followed.uri);
    const editor = await window.showTextDocument(document, {
      viewColumn: window.visibleTextEditors.find((e) => e.document === document)?.viewColumn,
      preserveFocus: false,
    });
    const position = new Position(line, document.lineAt(Math.min(line, document.lineCount - 1)).firstNonWhitespaceCharacterIndex);
    editor.selection = new Selection(position, position);
    editor.revealRange(new Range(position, position), TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const l of this.listeners) l.dispose();
    this.panel?.dispose();
  }
}
