/**
 * A JSON-RPC client at the message level, for the stress tests: unlike `TestClient` (which goes
 * through vscode-jsonrpc's connection and its request bookkeeping), it writes raw messages with
 * the ids it chooses, sends `$/cancelRequest` itself, and records every response by id, so a test
 * can tell "the server answered (a result or an error)" from "the server said nothing".
 *
 * Requests from the server (`workspace/configuration`, `client/registerCapability`, …) are
 * answered by `onServerRequest`, which may hold its answer back (a slow client).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import { StreamMessageWriter, type Message } from 'vscode-jsonrpc/node';
import { assertServerBuilt, ROOT, SERVER_BIN, serverReader, withTimeout } from './client';

export interface RawResponse {
  id: number;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface RawNotification {
  method: string;
  params: any;
}

export type ServerRequestHandler = (method: string, params: any) => unknown | Promise<unknown>;

export interface RawStart {
  /** Arguments for node before the script (e.g. `--require <preload>`). */
  nodeArgs?: string[];
  /** The server script; the shipped `bin/initlens-language-server.js` by default. */
  script?: string;
  env?: NodeJS.ProcessEnv;
  /** Run the server as this user and group (the test process must be root). */
  uid?: number;
  gid?: number;
}

export class RawClient {
  readonly responses = new Map<number, RawResponse>();
  readonly notifications: RawNotification[] = [];
  readonly serverRequests: { method: string; params: any }[] = [];
  onServerRequest: ServerRequestHandler = (method, params) => defaultAnswer(method, params, {});
  stderr = '';
  exitCode: number | null | undefined = undefined;
  /** Messages that could not be parsed as JSON-RPC (never expected). */
  readonly readErrors: string[] = [];

  private nextId = 1;
  private readonly writer: StreamMessageWriter;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly child: ChildProcess) {
    this.writer = new StreamMessageWriter(child.stdin!);
    const reader = serverReader(child);
    reader.onError((e) => this.readErrors.push(String(e)));
    reader.listen((message) => this.receive(message));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.wake();
    });
    child.on('exit', (code) => {
      this.exitCode = code;
      this.wake();
    });
    // Writing to a dead server must fail the test's wait, not crash the runner.
    child.stdin!.on('error', () => undefined);
  }

  static start(options: RawStart = {}): RawClient {
    assertServerBuilt();
    const spawnOptions: SpawnOptions = { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env, uid: options.uid, gid: options.gid };
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script ?? SERVER_BIN, '--stdio'], spawnOptions);
    return new RawClient(child);
  }

  /** initialize → initialized, with VS Code's pull configuration. */
  async initialize(initializationOptions: unknown = { debounceMs: 0 }, capabilities: unknown = PULL_CAPABILITIES): Promise<any> {
    const id = this.send('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions });
    const response = await this.response(id);
    if (response.error) throw new Error(`initialize failed: ${response.error.message}`);
    await this.notify('initialized', {});
    return response.result;
  }

  /** Sends a request without waiting; returns its id. */
  send(method: string, params: unknown): number {
    const id = this.nextId++;
    void this.write({ jsonrpc: '2.0', id, method, params } as Message);
    return id;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.write({ jsonrpc: '2.0', method, params } as Message);
  }

  cancel(id: number): Promise<void> {
    return this.notify('$/cancelRequest', { id });
  }

  /** Sends a request and waits for its response (a result or an error). */
  request(method: string, params: unknown, timeoutMs = 10_000): Promise<RawResponse> {
    return this.response(this.send(method, params), timeoutMs);
  }

  response(id: number, timeoutMs = 10_000): Promise<RawResponse> {
    return this.waitFor(() => this.responses.get(id), `the response to request ${id}`, timeoutMs);
  }

  published(uri?: string): any[] {
    return this.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (uri === undefined || n.params.uri === uri)).map((n) => n.params);
  }

  waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
    return withTimeout(
      new Promise<T>((resolve, reject) => {
        const check = () => {
          const value = probe();
          if (value !== undefined) {
            this.waiters.delete(check);
            resolve(value);
          } else if (this.exitCode !== undefined) {
            this.waiters.delete(check);
            reject(new Error(`server exited (code ${this.exitCode}) while waiting for ${what}: ${this.stderr.slice(-2000)}`));
          }
        };
        this.waiters.add(check);
        check();
      }),
      timeoutMs,
      `${what}${this.stderr ? ` (server stderr: ${this.stderr.slice(-2000)})` : ''}`,
    );
  }

  /** The resident set size of the server process, in bytes (Linux: /proc/<pid>/status VmRSS). */
  rss(): number {
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
    if (!m) throw new Error(`no VmRSS in /proc/${this.child.pid}/status`);
    return Number(m[1]) * 1024;
  }

  async shutdown(timeoutMs = 10_000): Promise<number | null> {
    try {
      const r = await this.request('shutdown', null, timeoutMs);
      if (r.error) throw new Error(`shutdown failed: ${r.error.message}`);
      await this.notify('exit', null);
      await this.waitFor(() => (this.exitCode !== undefined ? true : undefined), 'exit after shutdown', timeoutMs).catch(() => undefined);
      return this.exitCode ?? null;
    } finally {
      this.kill();
    }
  }

  kill(): void {
    if (this.exitCode === undefined) this.child.kill();
  }

  private write(message: Message): Promise<void> {
    if (this.exitCode !== undefined) return Promise.resolve();
    return this.writer.write(message).catch(() => undefined);
  }

  private receive(message: Message): void {
    const m = message as any;
    if (typeof m.method === 'string' && m.id !== undefined) {
      this.serverRequests.push({ method: m.method, params: m.params });
      Promise.resolve()
        .then(() => this.onServerRequest(m.method, m.params))
        .then(
          (result) => this.write({ jsonrpc: '2.0', id: m.id, result: result ?? null } as Message),
          (e) => this.write({ jsonrpc: '2.0', id: m.id, error: { code: -32603, message: String(e) } } as Message),
        );
    } else if (typeof m.method === 'string') {
      this.notifications.push({ method: m.method, params: m.params });
    } else if (typeof m.id === 'number') {
      this.responses.set(m.id, m);
    } else {
      this.readErrors.push(JSON.stringify(m).slice(0, 500));
    }
    this.wake();
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }
}

export const PULL_CAPABILITIES = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    codeLens: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true },
    hover: { contentFormat: ['markdown'] },
    completion: { completionItem: { snippetSupport: true } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix'] } } },
  },
};

/** What a plain client answers: settings from `settings` (a root `{initlens: {...}}`), null otherwise. */
export function defaultAnswer(method: string, params: any, settings: Record<string, unknown>): unknown {
  if (method === 'workspace/configuration')
    return (params?.items ?? []).map((item: { section?: string }) => (item.section ? ((settings as any)[item.section] ?? null) : settings));
  return null;
}
