/**
 * The protocol-abuse mode of the fuzzer (`npm run fuzz -- --mode protocol`): each case starts the
 * real language server over stdio and sends a generated sequence of actions: documents opened,
 * requests on open and never-opened documents with valid and invalid params, notifications with
 * bad params, bodies that are not JSON, `shutdown` followed by more traffic, and malformed frames.
 * Case `i` of seed `S` is generated from seed `S + i` alone. The properties:
 *
 * - before `shutdown`, every request is answered (a result or an error) in time;
 * - after `shutdown`, every request is answered InvalidRequest, nothing is published, and `exit`
 *   ends the process with status 0;
 * - a malformed frame ends the process with status 1 within seconds;
 * - the server asks the client's configuration only for documents that are open;
 * - otherwise the server is still running at the end.
 */
import * as fc from 'fast-check';
import { RawClient } from '../lsp/rawClient';

const URIS = ['file:///fuzz/a.yaml', 'file:///fuzz/b.yaml', 'file:///fuzz/never-opened.yaml', 'untitled:Untitled-1', 'not a uri'];
const OPENABLE = URIS.slice(0, 2);

const TEXTS = [
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: init\n      image: busybox:1.36\n      command: [sh, -c, "until nc -z db 5432; do sleep 1; done"]\n  containers:\n    - name: app\n      image: nginx\n      ports: [{containerPort: "80"}]\n',
  'a: [1, 2\n',
  '',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - {name: a, image: "x\u001b[2J"}\n',
];

const POSITIONS: unknown[] = [
  { line: 0, character: 0 },
  { line: 5, character: 9 },
  { line: 1e9, character: 1e9 },
  { line: -1, character: 0 },
  { line: 'x'.repeat(5000), character: 0 },
  null,
  'nope',
];

const REQUESTS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/codeLens',
  'textDocument/documentSymbol',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/codeAction',
  'initlens/startupPlan',
  'textDocument/rename',
  'no/such/method',
];

const FRAMES = [
  'Content-Type: x\r\n\r\n{}',
  'Content-Length: abc\r\n\r\n{}',
  'Content-Length: 3\r\n\r\n{"jsonrpc":"2.0","method":"initialized"}Content-Length: 2\r\n\r\n{}',
  'no header at all\r\n\r\n',
];

export type Action =
  | { k: 'open'; uri: number; text: number }
  | { k: 'change'; uri: number; text: number }
  | { k: 'close'; uri: number }
  | { k: 'request'; method: number; uri: number; position: number }
  | { k: 'badNotification'; which: number }
  | { k: 'notJson' }
  | { k: 'shutdown' }
  | { k: 'malformed'; frame: number };

export function actionsArbitrary(): fc.Arbitrary<Action[]> {
  const action: fc.Arbitrary<Action> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ k: fc.constant('open' as const), uri: fc.nat({ max: OPENABLE.length - 1 }), text: fc.nat({ max: TEXTS.length - 1 }) }),
    },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('change' as const), uri: fc.nat({ max: URIS.length - 1 }), text: fc.nat({ max: TEXTS.length - 1 }) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('close' as const), uri: fc.nat({ max: URIS.length - 1 }) }) },
    {
      weight: 8,
      arbitrary: fc.record({
        k: fc.constant('request' as const),
        method: fc.nat({ max: REQUESTS.length - 1 }),
        uri: fc.nat({ max: URIS.length - 1 }),
        position: fc.nat({ max: POSITIONS.length - 1 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('badNotification' as const), which: fc.nat({ max: 3 }) }) },
    { weight: 1, arbitrary: fc.constant({ k: 'notJson' as const }) },
    { weight: 1, arbitrary: fc.constant({ k: 'shutdown' as const }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('malformed' as const), frame: fc.nat({ max: FRAMES.length - 1 }) }) },
  );
  return fc.array(action, { minLength: 1, maxLength: 25 });
}

export function actionsAt(seed: number, index: number): Action[] {
  return fc.sample(actionsArbitrary(), { seed: seed + index, numRuns: 1 })[0];
}

function requestParams(method: string, uri: string, position: unknown): unknown {
  const textDocument = { uri };
  switch (method) {
    case 'textDocument/codeLens':
    case 'textDocument/documentSymbol':
      return { textDocument };
    case 'textDocument/codeAction':
      return { textDocument, range: { start: position, end: position }, context: { diagnostics: [] } };
    case 'textDocument/references':
      return { textDocument, position, context: { includeDeclaration: true } };
    case 'textDocument/rename':
      return { textDocument, position, newName: 'x' };
    default:
      return { textDocument, position };
  }
}

const BAD_NOTIFICATIONS: [string, unknown][] = [
  ['textDocument/didOpen', { textDocument: null }],
  ['textDocument/didChange', { textDocument: { uri: URIS[0] }, contentChanges: [{ text: 7 }] }],
  ['workspace/didChangeConfiguration', null],
  ['$/setTrace', { value: 'x'.repeat(10_000) }],
];

export interface ProtocolCaseResult {
  /** The first property that failed, or undefined. */
  problem?: string;
  messages: number;
}

/** Runs one case against a fresh server. */
export async function runProtocolCase(actions: readonly Action[], timeoutMs = 10_000): Promise<ProtocolCaseResult> {
  const client = RawClient.start();
  let messages = 0;
  const versions = new Map<string, number>();
  const open = new Set<string>();
  let shutDown = false;
  let publishedBeforeShutdown = 0;
  try {
    await client.initialize();
    for (const a of actions) {
      messages++;
      switch (a.k) {
        case 'open':
        case 'change': {
          const uri = a.k === 'open' ? OPENABLE[a.uri] : URIS[a.uri];
          const version = (versions.get(uri) ?? 0) + 1;
          versions.set(uri, version);
          if (a.k === 'open') {
            if (!shutDown) open.add(uri);
            await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text: TEXTS[a.text] } });
          } else {
            await client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: TEXTS[a.text] }] });
          }
          break;
        }
        case 'close':
          await client.notify('textDocument/didClose', { textDocument: { uri: URIS[a.uri] } });
          break;
        case 'request': {
          const method = REQUESTS[a.method];
          const r = await client.request(method, requestParams(method, URIS[a.uri], POSITIONS[a.position]), timeoutMs).catch(() => undefined);
          if (!r) return { problem: `${method} on ${URIS[a.uri]} was not answered within ${timeoutMs} ms${shutDown ? ' (after shutdown)' : ''}`, messages };
          if (shutDown && r.error?.code !== -32600)
            return { problem: `${method} after shutdown was answered ${JSON.stringify(r).slice(0, 200)}, not InvalidRequest`, messages };
          if (r.error && r.error.message.length > 1000) return { problem: `${method}: an error message of ${r.error.message.length} characters`, messages };
          break;
        }
        case 'badNotification':
          await client.notify(...BAD_NOTIFICATIONS[a.which]);
          break;
        case 'notJson': {
          const body = '{"jsonrpc":"2.0","method":"x",nope';
          client.child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
          break;
        }
        case 'shutdown': {
          const r = await client.request('shutdown', null, timeoutMs).catch(() => undefined);
          if (!r) return { problem: 'shutdown was not answered', messages };
          if (shutDown ? r.error?.code !== -32600 : r.error !== undefined) return { problem: `shutdown answered ${JSON.stringify(r).slice(0, 200)}`, messages };
          if (!shutDown) publishedBeforeShutdown = client.published().length;
          shutDown = true;
          break;
        }
        case 'malformed': {
          client.child.stdin!.write(FRAMES[a.frame]);
          const code = await client.waitFor(() => client.exitCode, 'exit after a malformed frame', 5000).catch(() => undefined);
          if (code === undefined)
            return { problem: `the server did not exit within 5 s after the malformed frame ${JSON.stringify(FRAMES[a.frame])}`, messages };
          if (code !== (shutDown ? 0 : 1)) return { problem: `the server exited with ${code} after a malformed frame`, messages };
          return { messages };
        }
      }
      if (client.exitCode !== undefined) return { problem: `the server exited (${client.exitCode}) after ${a.k}: ${client.stderr.slice(-300)}`, messages };
    }
    // A round trip, so that everything sent before has been handled.
    const last = await client
      .request(
        shutDown ? 'textDocument/hover' : 'textDocument/documentSymbol',
        { textDocument: { uri: URIS[0] }, position: { line: 0, character: 0 } },
        timeoutMs,
      )
      .catch(() => undefined);
    if (!last) return { problem: 'the final request was not answered', messages };
    if (shutDown && client.published().length !== publishedBeforeShutdown) return { problem: 'diagnostics were published after shutdown', messages };
    const asked = client.serverRequests
      .filter((r) => r.method === 'workspace/configuration')
      .flatMap((r) => (r.params?.items ?? []).map((i: { scopeUri?: string }) => i.scopeUri));
    const strange = asked.filter((u) => u !== undefined && !open.has(u));
    if (strange.length) return { problem: `workspace/configuration asked for documents never opened: ${[...new Set(strange)].join(', ')}`, messages };
    if (shutDown) {
      await client.notify('exit', null);
      const code = await client.waitFor(() => client.exitCode, 'exit', 5000).catch(() => undefined);
      if (code !== 0) return { problem: `exit after shutdown ended the server with ${code}`, messages };
    }
    return { messages };
  } catch (e) {
    return { problem: `the harness failed: ${e instanceof Error ? e.message : String(e)}`, messages };
  } finally {
    client.kill();
  }
}

export interface ProtocolFailure {
  index: number;
  problem: string;
  actions: Action[];
}

export interface ProtocolCampaignResult {
  runs: number;
  messages: number;
  elapsedMs: number;
  failures: ProtocolFailure[];
}

export async function runProtocolCampaign(o: {
  runs: number;
  seed: number;
  from: number;
  timeLimitMs?: number;
  onProgress?: (done: number, failures: number, ms: number) => void;
  onFailure?: (f: ProtocolFailure) => void;
}): Promise<ProtocolCampaignResult> {
  const started = Date.now();
  const result: ProtocolCampaignResult = { runs: 0, messages: 0, elapsedMs: 0, failures: [] };
  for (let i = o.from; i < o.from + o.runs; i++) {
    if (o.timeLimitMs !== undefined && Date.now() - started > o.timeLimitMs) break;
    const actions = actionsAt(o.seed, i);
    const r = await runProtocolCase(actions);
    result.runs++;
    result.messages += r.messages;
    if (r.problem) {
      const f = { index: i, problem: r.problem, actions };
      result.failures.push(f);
      o.onFailure?.(f);
    }
    o.onProgress?.(result.runs, result.failures.length, Date.now() - started);
  }
  result.elapsedMs = Date.now() - started;
  return result;
}
