/**
 * A small LSP test client: spawns the real language server (`bin/initlens-language-server.js
 * --stdio`, i.e. the esbuild bundle in dist/) and talks JSON-RPC to it over the child's pipes.
 *
 * It records every notification, answers `workspace/configuration` from `settings` (which the
 * test changes at will) and `client/registerCapability` with null. Every wait has a timeout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CodeAction,
  CodeActionParams,
  ConfigurationParams,
  Diagnostic,
  InitializeResult,
  LogMessageParams,
  PublishDiagnosticsParams,
  Range,
  RegistrationParams,
  TextDocumentContentChangeEvent,
  TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const ROOT = path.resolve(__dirname, '../../..');
export const SERVER_BIN = path.join(ROOT, 'bin', 'initlens-language-server.js');
export const SERVER_BUNDLE = path.join(ROOT, 'dist', 'server.js');

export const DEFAULT_TIMEOUT_MS = 10_000;

/** What VS Code declares, trimmed to what the server looks at. */
export const VSCODE_LIKE_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
      isPreferredSupport: true,
    },
  },
};

export interface StartOptions {
  /** The settings root the client answers `workspace/configuration` from: `{initlens: {...}}`. */
  settings?: Record<string, unknown>;
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /**
   * Another server to talk to (the benchmark drives yaml-language-server with this client):
   * the arguments after `node`, e.g. `[script, '--stdio']`. Default: the initlens server.
   */
  serverArgs?: readonly string[];
  /** Arguments for node before the script (e.g. `--cpu-prof`). */
  nodeArgs?: readonly string[];
  /** The program to start instead of this Node (the package test starts the installed `initlens-language-server`). */
  executable?: string;
  /** The server's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The workspace folders `initialize` names (none by default). */
  workspaceFolders?: { uri: string; name: string }[];
}

export interface Notification {
  method: string;
  params: unknown;
}

export function assertServerBuilt(): void {
  if (!fs.existsSync(SERVER_BUNDLE)) {
    throw new Error(`${path.relative(ROOT, SERVER_BUNDLE)} is missing: run \`npm run build\` (tsc -b && node scripts/bundle.mjs) before the LSP tests`);
  }
}

/**
 * A reader of the server's stdout without vscode-jsonrpc's partial-message timer. That timer
 * (10 s) starts when the stream stops inside a message, as it does when a test kills the server
 * while it writes, then re-arms itself for ever: nothing clears it on dispose, and it kept the test
 * process alive after its last test (`node --test` then waits for that file without end).
 */
export function serverReader(child: ChildProcess): StreamMessageReader {
  const reader = new StreamMessageReader(child.stdout!);
  reader.partialMessageTimeout = 0;
  return reader;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Applies LSP text edits to a text (what an editor does with a code action's edit). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 0, text), edits);
}

export class TestClient {
  settings: Record<string, unknown>;
  readonly notifications: Notification[] = [];
  readonly configurationRequests: ConfigurationParams[] = [];
  readonly registrations: RegistrationParams[] = [];
  stderr = '';
  exitCode: number | null | undefined = undefined;

  private readonly waiters = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.exitCode = code;
        this.notify();
        resolve(code);
      });
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      this.notify();
    });
    connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests.push(params);
      this.notify();
      return params.items.map((item) => lookup(this.settings, item.section));
    });
    connection.onRequest('client/registerCapability', (params: RegistrationParams) => {
      this.registrations.push(params);
      this.notify();
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onError(() => undefined);
    connection.listen();
  }

  static start(options: StartOptions = {}): TestClient {
    if (!options.serverArgs) assertServerBuilt();
    const args = [...(options.nodeArgs ?? []), ...(options.serverArgs ?? [SERVER_BIN, '--stdio'])];
    const child = spawn(options.executable ?? process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    const connection = createMessageConnection(serverReader(child), new StreamMessageWriter(child.stdin));
    return new TestClient(child, connection, options.settings ?? {});
  }

  /** initialize → initialized. */
  async initialize(options: StartOptions = {}): Promise<InitializeResult> {
    const result = await this.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      ...(options.workspaceFolders ? { workspaceFolders: options.workspaceFolders } : {}),
      capabilities: options.capabilities ?? VSCODE_LIKE_CAPABILITIES,
      initializationOptions: options.initializationOptions ?? { debounceMs: 0 },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  static async started(options: StartOptions = {}): Promise<TestClient> {
    const client = TestClient.start(options);
    try {
      await client.initialize(options);
    } catch (e) {
      client.kill();
      throw e;
    }
    return client;
  }

  request<R>(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<R> {
    const died = this.exited.then((code) => {
      throw new Error(`server exited (code ${code}) before answering ${method}${this.stderrNote()}`);
    });
    return withTimeout(Promise.race([this.connection.sendRequest<R>(method, params), died]), timeoutMs, `${method} request${this.stderrNote()}`);
  }

  notifyServer(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.notifyServer('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.notifyServer('textDocument/didClose', { textDocument: { uri } });
  }

  changeConfiguration(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    // VS Code's pull model: the notification carries no settings, the server asks again.
    return this.notifyServer('workspace/didChangeConfiguration', { settings: null });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const params: CodeActionParams = { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } };
    return this.request<CodeAction[]>('textDocument/codeAction', params);
  }

  published(uri?: string): PublishDiagnosticsParams[] {
    return this.notifications
      .filter((n) => n.method === 'textDocument/publishDiagnostics')
      .map((n) => n.params as PublishDiagnosticsParams)
      .filter((p) => uri === undefined || p.uri === uri);
  }

  logs(): LogMessageParams[] {
    return this.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params as LogMessageParams);
  }

  /** Resolves with the first value `probe` returns that is not undefined; rejects on timeout. */
  waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    return withTimeout(
      new Promise<T>((resolve, reject) => {
        const check = () => {
          let value: T | undefined;
          try {
            value = probe();
          } catch (e) {
            this.waiters.delete(check);
            reject(e);
            return;
          }
          if (value !== undefined) {
            this.waiters.delete(check);
            resolve(value);
          } else if (this.exitCode !== undefined) {
            this.waiters.delete(check);
            reject(new Error(`server exited (code ${this.exitCode}) while waiting for ${what}${this.stderrNote()}`));
          }
        };
        this.waiters.add(check);
        check();
      }),
      timeoutMs,
      `${what}${this.stderrNote()}`,
    );
  }

  /** The diagnostics published for `uri` at `version`, the first time they arrive after `after` publications. */
  waitForDiagnostics(uri: string, version: number | undefined, after = 0, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PublishDiagnosticsParams> {
    return this.waitFor(
      () =>
        this.published(uri)
          .slice(after)
          .find((p) => p.version === version),
      `diagnostics for ${uri} version ${version}`,
      timeoutMs,
    );
  }

  /** shutdown → exit; resolves with the process's exit code. */
  async shutdown(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number | null> {
    try {
      await this.request('shutdown', null, timeoutMs);
      await this.notifyServer('exit', null);
      return await withTimeout(this.exited, timeoutMs, 'server exit after shutdown/exit');
    } finally {
      this.kill();
    }
  }

  kill(): void {
    this.connection.dispose();
    if (this.exitCode === undefined) this.child.kill();
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }

  private stderrNote(): string {
    return this.stderr ? ` (server stderr: ${this.stderr.slice(-2000)})` : '';
  }
}

/** `workspace/configuration` semantics: a dotted section path into the settings root. */
function lookup(settings: Record<string, unknown>, section: string | undefined): unknown {
  if (!section) return settings;
  let value: unknown = settings;
  for (const part of section.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value ?? null;
}
