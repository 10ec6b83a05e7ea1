/**
 * The served set: which open YAML documents the server knows about.
 *
 * The client's document selector is every YAML document; this filter, installed as middleware,
 * decides per document. A document is opened on the server when it looks like Kubernetes
 * (`kubernetes.ts`) and no `initlens.exclude` glob matches it; a YAML file that becomes a manifest
 * while the user types (a new file gets `apiVersion` and `kind`) is opened on the server then. A
 * served document stays served until it is closed or excluded, so deleting `kind:` for a moment
 * does not make its diagnostics flicker. Requests (hover, lenses, …) for documents the server
 * does not know are answered empty without asking it.
 */
import { EventEmitter, languages, RelativePattern, workspace, type Disposable, type TextDocument, type TextDocumentChangeEvent } from 'vscode';
import { DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, type LanguageClient, type Middleware } from 'vscode-languageclient/node';
import { looksLikeKubernetes, REPO_CONFIG_FILE, SERVED_SCHEMES } from './kubernetes';
import { readClientSettings } from './settings';

export class DocumentFilter implements Disposable {
  private readonly served = new Set<string>();
  private client: LanguageClient | undefined;
  private readonly listeners: Disposable[] = [];
  private readonly changed = new EventEmitter<void>();
  /** Fires when a document starts or stops being served. */
  readonly onDidChangeServed = this.changed.event;

  constructor() {
    this.listeners.push(
      this.changed,
      workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('initlens.exclude')) this.refresh();
      }),
    );
  }

  /** The client whose notifications the middleware gates (set before it starts, reset on restart). */
  attach(client: LanguageClient): void {
    this.client = client;
    this.served.clear();
    this.changed.fire();
  }

  /** Whether the server knows `document` (was sent didOpen and not didClose). */
  isServed(document: TextDocument): boolean {
    return this.served.has(document.uri.toString());
  }

  /** Whether `document` should be served now. */
  wants(document: TextDocument): boolean {
    if (!SERVED_SCHEMES.includes(document.uri.scheme) || document.languageId !== 'yaml') return false;
    if (isExcluded(document)) return false;
    // The repository's settings file: the server reports its problems.
    if (document.uri.path.endsWith(`/${REPO_CONFIG_FILE}`)) return true;
    return looksLikeKubernetes(document.getText());
  }

  readonly middleware: Middleware = {
    didOpen: async (document, next) => {
      if (!this.wants(document)) return;
      this.served.add(document.uri.toString());
      this.changed.fire();
      await next(document);
    },
    didChange: async (event: TextDocumentChangeEvent, next) => {
      const key = event.document.uri.toString();
      if (this.served.has(key)) return next(event);
      // Not on the server yet: open it there with its current text once it looks like Kubernetes.
      if (this.wants(event.document)) await this.open(event.document);
    },
    didClose: async (document, next) => {
      if (!this.served.delete(document.uri.toString())) return;
      this.changed.fire();
      await next(document);
    },
    didSave: async (document, next) => {
      if (this.isServed(document)) await next(document);
    },
    provideHover: (document, position, token, next) => (this.isServed(document) ? next(document, position, token) : undefined),
    provideCompletionItem: (document, position, context, token, next) => (this.isServed(document) ? next(document, position, context, token) : undefined),
    provideCodeActions: (document, range, context, token, next) => (this.isServed(document) ? next(document, range, context, token) : undefined),
    provideDefinition: (document, position, token, next) => (this.isServed(document) ? next(document, position, token) : undefined),
    provideReferences: (document, position, options, token, next) => (this.isServed(document) ? next(document, position, options, token) : undefined),
    provideDocumentHighlights: (document, position, token, next) => (this.isServed(document) ? next(document, position, token) : undefined),
    provideDocumentSymbols: (document, token, next) => (this.isServed(document) ? next(document, token) : undefined),
    provideDocumentLinks: (document, token, next) => (this.isServed(document) ? next(document, token) : undefined),
    provideRenameEdits: (document, position, newName, token, next) => (this.isServed(document) ? next(document, position, newName, token) : undefined),
    prepareRename: (document, position, token, next) => (this.isServed(document) ? next(document, position, token) : undefined),
    provideCodeLenses: (document, token, next) => (this.isServed(document) ? next(document, token) : []),
  };

  /** `initlens.exclude` changed: close newly excluded documents, open newly included ones. */
  refresh(): void {
    const client = this.client;
    if (!client || !client.isRunning()) return;
    for (const document of workspace.textDocuments) {
      const key = document.uri.toString();
      const wanted = this.wants(document);
      if (this.served.has(key) && isExcluded(document)) {
        this.served.delete(key);
        this.changed.fire();
        client
          .sendNotification(DidCloseTextDocumentNotification.type, client.code2ProtocolConverter.asCloseTextDocumentParams(document))
          .catch(() => undefined);
      } else if (!this.served.has(key) && wanted) {
        void this.open(document);
      }
    }
  }

  private async open(document: TextDocument): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.served.add(document.uri.toString());
    this.changed.fire();
    await client.sendNotification(DidOpenTextDocumentNotification.type, client.code2ProtocolConverter.asOpenTextDocumentParams(document));
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
  }
}

/**
 * `initlens.exclude`: globs relative to the document's workspace folder (`charts/**`), or
 * absolute / starting with `**` (`** /templates/**`) matched against the whole path, with VS Code's
 * glob syntax (the same as `files.exclude`).
 */
export function isExcluded(document: TextDocument): boolean {
  const globs = readClientSettings(document.uri).exclude;
  if (globs.length === 0) return false;
  const folder = workspace.getWorkspaceFolder(document.uri);
  for (const glob of globs) {
    if (languages.match({ pattern: glob }, document) > 0) return true;
    if (folder && languages.match({ pattern: new RelativePattern(folder, glob) }, document) > 0) return true;
  }
  return false;
}
