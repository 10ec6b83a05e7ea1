/**
 * The real server under stress, over stdio, at the JSON-RPC message level (rawClient.ts): 500
 * changes sent without waiting, cancelled requests, requests about closed or unknown documents,
 * out-of-range and invalid positions, a configuration change in the middle of an analysis, and
 * 1,000 open/close cycles with the server's memory measured before and after.
 *
 * What must hold throughout: the process stays up, every request gets a response (a result, or an
 * error where the request is invalid or was cancelled: never silence), diagnostics are never
 * published for a version other than the one their content was computed from, versions are
 * published in order, and the last publication is for the last version.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { STALE_TITLE } from '../../../server/out/lsp/codeLens';
import { ROOT } from './client';
import { defaultAnswer, RawClient, type RawResponse } from './rawClient';
import { positionIn, rangeIn } from './texts';

const REQUEST_CANCELLED = -32800;
const INVALID_PARAMS = -32602;

function uri(name: string): string {
  return `file:///work/lsp-stress/${name}`;
}

/** A pod whose `tty` is the string "<n>": its schema diagnostic names n, so content and version can be matched. */
function pod(n: number, name = 'p'): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  initContainers:',
    '    - name: init',
    '      image: busybox:1.36',
    `      tty: "${n}"`,
    '  containers:',
    '    - name: app',
    '      image: nginx:1.27',
    '',
  ].join('\n');
}

const TTY_LINE = 8;
const TTY_VALUE = /got string "(\d+)"/;

/** The n each published diagnostic list was computed from (undefined when none names one). */
function ttyOf(published: any): number | undefined {
  for (const d of published.diagnostics as any[]) {
    const m = TTY_VALUE.exec(d.message);
    if (m && d.range.start.line === TTY_LINE) return Number(m[1]);
  }
  return undefined;
}

function answered(r: RawResponse): boolean {
  return 'result' in r || (r.error !== undefined && typeof r.error.code === 'number');
}

/** A Deployment with a schema error in its init container, `count` times. */
function bigFile(count: number): string {
  const one = (i: number) =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: web-${i}`,
      'spec:',
      '  selector: { matchLabels: { app: web } }',
      '  template:',
      '    metadata: { labels: { app: web } }',
      '    spec:',
      '      initContainers:',
      '        - name: wait',
      '          image: busybox:1.36',
      '          command: ["sh", "-c", "until nslookup db; do sleep 2; done"]',
      '          imagePulPolicy: IfNotPresent',
      '      containers:',
      '        - name: app',
      '          image: nginx:1.27',
      '',
    ].join('\n');
  return Array.from({ length: count }, (_, i) => one(i)).join('---\n');
}

const POSITION_REQUESTS = ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references', 'textDocument/prepareRename'];

describe('the server under stress', () => {
  let client: RawClient;
  let settings: Record<string, unknown> = { initlens: {} };

  before(async () => {
    client = RawClient.start();
    client.onServerRequest = (method, params) => defaultAnswer(method, params, settings);
    await client.initialize({ debounceMs: 0 });
  });
  after(() => client?.kill());

  // In one burst; in bursts of 5 with a 2 ms pause (so analyses finish, and publish, in between); with the default debounce.
  for (const [debounce, burst] of [
    [0, 500],
    [0, 5],
    [150, 500],
  ]) {
    it(`500 changes sent without waiting (debounce ${debounce} ms, bursts of ${burst}): every version published is consistent with its text, in order, ending with the last`, async (t) => {
      const c = debounce === 0 ? client : RawClient.start();
      try {
        if (c !== client) {
          c.onServerRequest = (method, params) => defaultAnswer(method, params, settings);
          await c.initialize({ debounceMs: debounce });
        }
        const doc = uri(`changes-${debounce}-${burst}.yaml`);
        let local = TextDocument.create(doc, 'yaml', 1, pod(1));
        await c.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'yaml', version: 1, text: local.getText() } });
        const requests: number[] = [];
        for (let v = 2; v <= 501; v++) {
          let change: { range?: unknown; text: string };
          if (v % 3 === 0) {
            change = { text: pod(v) }; // a full replacement
          } else {
            // An incremental edit of the quoted value on the tty line.
            const line = local.getText().split('\n')[TTY_LINE];
            const start = line.indexOf('"') + 1;
            const end = line.lastIndexOf('"');
            change = { range: { start: { line: TTY_LINE, character: start }, end: { line: TTY_LINE, character: end } }, text: String(v) };
          }
          local = TextDocument.create(
            doc,
            'yaml',
            v,
            change.range ? TextDocument.applyEdits(local, [{ range: change.range as any, newText: change.text }]) : change.text,
          );
          void c.notify('textDocument/didChange', { textDocument: { uri: doc, version: v }, contentChanges: [change] });
          if (v % burst === 0) await new Promise((resolve) => setTimeout(resolve, 2));
          if (v % 10 === 0) {
            requests.push(c.send('textDocument/hover', { textDocument: { uri: doc }, position: { line: TTY_LINE, character: 7 } }));
            requests.push(c.send('textDocument/documentSymbol', { textDocument: { uri: doc } }));
            requests.push(
              c.send('textDocument/codeAction', {
                textDocument: { uri: doc },
                range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
                context: { diagnostics: [] },
              }),
            );
          }
        }
        assert.equal(local.getText(), pod(501));
        const last = await c.waitFor(() => c.published(doc).find((p) => p.version === 501), 'diagnostics for version 501', 30_000);
        assert.equal(ttyOf(last), 501);
        const responses = await Promise.all(requests.map((id) => c.response(id, 30_000)));
        assert.ok(responses.every(answered));
        assert.deepEqual(
          responses.filter((r) => r.error),
          [],
          'no request failed',
        );
        await new Promise((resolve) => setTimeout(resolve, debounce + 300));

        const published = c.published(doc);
        const versions = published.map((p) => p.version);
        for (const p of published) assert.equal(ttyOf(p), p.version, `the diagnostics published for version ${p.version} are those of its text`);
        assert.deepEqual(
          versions,
          [...versions].sort((a, b) => a - b),
          'versions are published in order',
        );
        assert.equal(versions.at(-1), 501, 'nothing is published after the last version');
        assert.equal(new Set(versions).size, versions.length, 'each version at most once');
        // Within the debounce only the last version is analysed (and the first, unless a change overtook it).
        if (debounce > 0)
          assert.ok(
            versions.every((v) => v === 1 || v === 501),
            `within the debounce, only the first and the last version: ${versions.join(', ')}`,
          );
        t.diagnostic(
          `debounce ${debounce} ms, bursts of ${burst}: 500 changes, ${requests.length} requests answered, ${published.length} publications (versions ${versions.slice(0, 5).join(', ')}${versions.length > 5 ? ', …' : ''})`,
        );
        assert.equal(c.exitCode, undefined);
      } finally {
        if (c !== client) await c.shutdown();
      }
    });
  }

  it('cancelled requests (hover, completion, codeLens, codeLens/resolve, documentSymbol, …) are each answered: a result or RequestCancelled', async (t) => {
    const doc = uri('cancel.yaml');
    await client.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'yaml', version: 1, text: bigFile(40) } });
    // Positions in the first Deployment, which is bigFile(1) and the start of bigFile(40).
    const first = bigFile(1);
    const position = positionIn(first, '          im⦚age: busybox:1.36'); // `image` of the init container
    const lens = { range: rangeIn(first, '    «spec:»\n      initContainers:'), data: { uri: doc, version: 1, kind: 'startup', document: 0, manifest: 0 } };
    const kinds: [string, unknown][] = [
      ['textDocument/hover', { textDocument: { uri: doc }, position }],
      ['textDocument/completion', { textDocument: { uri: doc }, position }],
      ['textDocument/codeLens', { textDocument: { uri: doc } }],
      ['codeLens/resolve', lens],
      ['textDocument/documentSymbol', { textDocument: { uri: doc } }],
      ['textDocument/references', { textDocument: { uri: doc }, position: positionIn(first, '        - name: w⦚ait'), context: { includeDeclaration: true } }],
      ['initlens/startupPlan', { textDocument: { uri: doc }, position }],
    ];
    const ids: { method: string; id: number }[] = [];
    for (let round = 0; round < 30; round++) {
      for (const [method, params] of kinds) {
        const id = client.send(method, params);
        ids.push({ method, id });
        // Cancel most at once, some after the next request is already on its way.
        if (round % 3 !== 2) void client.cancel(id);
        else setTimeout(() => void client.cancel(id), 1);
      }
    }
    const responses = await Promise.all(ids.map(({ id }) => client.response(id, 30_000)));
    let cancelled = 0;
    responses.forEach((r, i) => {
      assert.ok(answered(r), `${ids[i].method} ${ids[i].id} answered`);
      if (r.error) {
        assert.equal(r.error.code, REQUEST_CANCELLED, `${ids[i].method}: ${r.error.message}`);
        cancelled++;
      }
    });
    t.diagnostic(`${ids.length} requests cancelled: ${cancelled} answered RequestCancelled, ${ids.length - cancelled} with their result`);
    // And the server still answers a request that is not cancelled.
    const hover = await client.request('textDocument/hover', { textDocument: { uri: doc }, position });
    assert.match((hover.result as any)?.contents?.value ?? '', /imagePullPolicy|image/i);
  });

  it('requests about a closed or never-opened document are answered: empty results, and an error for rename', async () => {
    const closed = uri('closed.yaml');
    await client.notify('textDocument/didOpen', { textDocument: { uri: closed, languageId: 'yaml', version: 1, text: pod(1) } });
    await client.waitFor(() => client.published(closed).find((p) => p.version === 1), 'diagnostics of closed.yaml');
    const closedLens = ((await client.request('textDocument/codeLens', { textDocument: { uri: closed } })).result as { data: unknown }[])[0];
    assert.ok(closedLens, 'closed.yaml has lenses while open');
    await client.notify('textDocument/didClose', { textDocument: { uri: closed } });
    for (const doc of [closed, uri('never-opened.yaml'), 'untitled:Untitled-1', 'not a uri']) {
      const td = { uri: doc };
      const at = { line: 3, character: 9 };
      const cases: [string, unknown, unknown][] = [
        ['textDocument/hover', { textDocument: td, position: at }, null],
        ['textDocument/completion', { textDocument: td, position: at }, { isIncomplete: false, items: [] }],
        ['textDocument/codeLens', { textDocument: td }, []],
        ['textDocument/documentSymbol', { textDocument: td }, []],
        ['textDocument/definition', { textDocument: td, position: at }, null],
        ['textDocument/references', { textDocument: td, position: at, context: { includeDeclaration: true } }, []],
        ['textDocument/prepareRename', { textDocument: td, position: at }, null],
        ['textDocument/codeAction', { textDocument: td, range: { start: at, end: at }, context: { diagnostics: [] } }, []],
        ['initlens/startupPlan', { textDocument: td, position: at }, null],
        ['workspace/executeCommand', { command: 'initlens.showStartup', arguments: [doc, at] }, null],
      ];
      for (const [method, params, expected] of cases) {
        const r = await client.request(method, params);
        assert.equal(r.error, undefined, `${method} on ${doc}: ${r.error?.message}`);
        if (expected !== undefined) assert.deepEqual(r.result, expected, `${method} on ${doc}`);
      }
      const rename = await client.request('textDocument/rename', { textDocument: td, position: at, newName: 'x' });
      assert.ok(rename.error, 'rename of a document that is not open is refused');
      assert.match(rename.error.message, /not open/);
    }
    // A lens of the closed document resolves to the out-of-date title; data the server never gave comes back as it was.
    const stale = await client.request('codeLens/resolve', closedLens);
    assert.equal((stale.result as { command?: { title: string } }).command?.title, STALE_TITLE);
    for (const data of [[999, 0, 0, 0], { uri: closed, kind: 'startup', document: 0, manifest: 0 }, [0, 9, 0, 0], null]) {
      const lens = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, data };
      assert.deepEqual((await client.request('codeLens/resolve', lens)).result, lens);
    }
    // Changes to a document that is not open are ignored; nothing is published for it.
    await client.notify('textDocument/didChange', { textDocument: { uri: uri('never-opened.yaml'), version: 2 }, contentChanges: [{ text: pod(2) }] });
    await client.notify('textDocument/didClose', { textDocument: { uri: uri('never-opened-either.yaml') } });
    const probe = await client.request('textDocument/documentSymbol', { textDocument: { uri: uri('never-opened.yaml') } });
    assert.deepEqual(probe.result, []);
    assert.deepEqual(
      client.published(uri('never-opened.yaml')).filter((p) => p.diagnostics.length > 0),
      [],
    );
  });

  it('positions past the end of a line or the document are clamped; invalid positions and params get InvalidParams', async () => {
    const doc = uri('positions.yaml');
    await client.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'yaml', version: 1, text: pod(1) } });
    const beyond = [
      { line: 10_000, character: 0 },
      { line: 0, character: 10_000 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
      { line: 12, character: 5 }, // the empty last line
    ];
    for (const method of [...POSITION_REQUESTS, 'initlens/startupPlan']) {
      for (const position of beyond) {
        const r = await client.request(method, { textDocument: { uri: doc }, position, context: { includeDeclaration: true } });
        assert.equal(r.error, undefined, `${method} at ${JSON.stringify(position)}: ${r.error?.message}`);
      }
    }
    const rename = await client.request('textDocument/rename', { textDocument: { uri: doc }, position: { line: 10_000, character: 0 }, newName: 'x' });
    assert.ok(rename.error && rename.error.code !== INVALID_PARAMS, 'nothing to rename there: RequestFailed');

    const invalid: unknown[] = [
      { textDocument: { uri: doc }, position: { line: -1, character: 0 } },
      { textDocument: { uri: doc }, position: { line: 0, character: -3 } },
      { textDocument: { uri: doc }, position: { line: 1.5, character: 0 } },
      { textDocument: { uri: doc }, position: { line: '1', character: 0 } },
      { textDocument: { uri: doc }, position: null },
      { textDocument: { uri: doc } },
      { textDocument: null, position: { line: 0, character: 0 } },
      { textDocument: { uri: 42 }, position: { line: 0, character: 0 } },
      { position: { line: 0, character: 0 } },
    ];
    for (const method of [...POSITION_REQUESTS, 'textDocument/rename']) {
      for (const params of invalid) {
        const r = await client.request(method, { ...(params as object), newName: 'x', context: { includeDeclaration: true } });
        assert.equal(r.error?.code, INVALID_PARAMS, `${method} ${JSON.stringify(params)}: ${JSON.stringify(r)}`);
      }
      // No params at all: vscode-languageserver's own wrapper fails before the handler (InternalError).
      const none = await client.request(method, null);
      assert.ok(none.error, `${method} null: ${JSON.stringify(none)}`);
    }
    const noName = await client.request('textDocument/rename', { textDocument: { uri: doc }, position: positionIn(pod(1), '  name: p⦚\n') });
    assert.equal(noName.error?.code, INVALID_PARAMS, 'rename without newName');
    for (const method of ['textDocument/codeLens', 'textDocument/documentSymbol', 'textDocument/codeAction']) {
      for (const params of [{}, { textDocument: null }, { textDocument: { uri: 7 } }]) {
        const r = await client.request(method, params);
        assert.equal(r.error?.code, INVALID_PARAMS, `${method} ${JSON.stringify(params)}: ${JSON.stringify(r)}`);
      }
      assert.ok((await client.request(method, null)).error, `${method} null`);
    }
    const unknown = await client.request('textDocument/nonexistent', {});
    assert.equal(unknown.error?.code, -32601, 'an unknown method: MethodNotFound');
    // Still up, still right.
    const hover = await client.request('textDocument/hover', { textDocument: { uri: doc }, position: { line: TTY_LINE, character: 7 } });
    assert.match((hover.result as any)?.contents?.value ?? '', /tty/);
  });

  it('a configuration change while the configuration is being asked for: the old settings are never published', async () => {
    const doc = uri('config-held.yaml');
    settings = { initlens: { rules: {} } };
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = client.onServerRequest;
    const old = settings;
    client.onServerRequest = async (method, params) => {
      if (method !== 'workspace/configuration') return previous(method, params);
      const answer = defaultAnswer(method, params, old); // the settings as they were when asked
      await held;
      return answer;
    };
    try {
      await client.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'yaml', version: 1, text: bigFile(5) } });
      await client.waitFor(
        () => client.serverRequests.find((r) => r.method === 'workspace/configuration' && r.params.items?.[0]?.scopeUri === doc),
        'the server asks for the settings',
      );
      settings = { initlens: { rules: { schema: 'warning' } } };
      client.onServerRequest = previous;
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      // The new request is answered with the new settings; then the held, older one arrives.
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      const first = await client.waitFor(() => client.published(doc)[0], 'diagnostics of config-held.yaml');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const schema = client.published(doc).map((p) => p.diagnostics.filter((d: any) => d.code === 'schema').map((d: any) => d.severity));
      assert.deepEqual(first.diagnostics.filter((d: any) => d.code === 'schema').length, 5);
      assert.deepEqual(
        schema.flat().filter((s) => s !== 2),
        [],
        'every publication uses the new severity (warning)',
      );
    } finally {
      client.onServerRequest = previous;
      release();
    }
  });

  it('a configuration change in the middle of a long analysis: the analysis in flight is dropped, the last publication has the new settings', async (t) => {
    const doc = uri('config-mid.yaml');
    settings = { initlens: { rules: { schema: 'error' } } };
    const text = bigFile(300);
    const previous = client.onServerRequest;
    let sentChange = false;
    client.onServerRequest = (method, params) => {
      const answer = previous(method, params);
      if (method === 'workspace/configuration' && params.items?.[0]?.scopeUri === doc && !sentChange) {
        sentChange = true;
        // Right after the answer: the analysis with the old settings has just started.
        setTimeout(() => {
          settings = { initlens: { rules: { schema: 'info' } } };
          void client.notify('workspace/didChangeConfiguration', { settings: null });
        }, 5);
      }
      return answer;
    };
    try {
      const started = performance.now();
      await client.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'yaml', version: 1, text } });
      const last = await client.waitFor(
        () => {
          const p = client.published(doc).at(-1);
          return p && p.diagnostics.some((d: any) => d.code === 'schema' && d.severity === 3) ? p : undefined;
        },
        'diagnostics with the new settings',
        30_000,
      );
      const elapsed = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(client.published(doc).at(-1), last, 'nothing published after the new settings');
      assert.equal(last.diagnostics.filter((d: any) => d.code === 'schema').length, 300);
      const severities = client
        .published(doc)
        .map((p) => [...new Set(p.diagnostics.filter((d: any) => d.code === 'schema').map((d: any) => d.severity))].join());
      t.diagnostic(`300 Deployments, configuration changed mid-analysis: publications ${JSON.stringify(severities)} in ${elapsed.toFixed(0)} ms`);
      // Each publication is of one settings version (never a mix).
      assert.ok(
        severities.every((s) => s === '1' || s === '3'),
        JSON.stringify(severities),
      );
    } finally {
      client.onServerRequest = previous;
    }
  });

  it('stays up through all of it and shuts down cleanly', async () => {
    assert.equal(client.exitCode, undefined);
    assert.deepEqual(client.readErrors, []);
    assert.equal(await client.shutdown(), 0);
  });
});

/** The gc probe: a test-only preload that forces a GC on SIGUSR2 and prints memoryUsage() to stderr. */
const GC_PROBE = path.join(ROOT, 'test', 'out', 'lsp', 'gcProbe.js');

describe('memory over 1,000 open/close cycles', () => {
  let client: RawClient;
  before(async () => {
    client = RawClient.start({ nodeArgs: ['--expose-gc', '--require', GC_PROBE] });
    await client.initialize({ debounceMs: 0 });
  });
  after(() => client?.kill());

  /** Memory after a forced GC: VmRSS, and VmRSS outside V8's young generation (`newSpace`, empty after the GC, sized by V8). */
  async function measure(): Promise<{ vmRss: number; outside: number; heapUsed: number }> {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = client.stderr.length;
    client.child.kill('SIGUSR2');
    const line = await client.waitFor(() => /gc-probe (\{.*\})\n/.exec(client.stderr.slice(before))?.[1], 'the gc probe');
    const usage = JSON.parse(line) as { rss: number; heapUsed: number; newSpace: number };
    // VmRSS from /proc on Linux (read from outside); elsewhere the rss the process reports.
    const vmRss = fs.existsSync(`/proc/${client.child.pid}/status`) ? client.rss() : usage.rss;
    return { vmRss, outside: vmRss - usage.newSpace, heapUsed: usage.heapUsed };
  }

  async function cycles(from: number, count: number, batch = 25): Promise<void> {
    for (let i = from; i < from + count; i += batch) {
      const uris: string[] = [];
      for (let j = i; j < Math.min(i + batch, from + count); j++) {
        const doc = uri(`cycle-${j}.yaml`);
        uris.push(doc);
        void client.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'yaml', version: 1, text: pod(j, `pod-${j}`) } });
        client.send('textDocument/documentSymbol', { textDocument: { uri: doc } });
        client.send('textDocument/codeLens', { textDocument: { uri: doc } });
        client.send('textDocument/hover', { textDocument: { uri: doc }, position: { line: TTY_LINE, character: 7 } });
      }
      await client.waitFor(
        () => (uris.every((u) => client.published(u).some((p) => p.version === 1)) ? true : undefined),
        `diagnostics of cycles ${i}…`,
        30_000,
      );
      for (const doc of uris) void client.notify('textDocument/didClose', { textDocument: { uri: doc } });
      await client.waitFor(
        () => (uris.every((u) => client.published(u).some((p) => p.diagnostics.length === 0)) ? true : undefined),
        `diagnostics of cycles ${i}… cleared`,
        30_000,
      );
    }
    // Keep the client's own record small: only the last publications matter from here on.
    client.notifications.length = 0;
    client.responses.clear();
  }

  it('RSS outside the young generation levels off (the second 1,000 cycles add under 16 MB) and the heap after a forced GC stays within +8 MB', async (t) => {
    await cycles(0, 200); // warm-up: code paths compiled, schema services loaded, heap grown
    const start = await measure();
    const started = performance.now();
    await cycles(200, 1000);
    const elapsed = performance.now() - started;
    const middle = await measure();
    await cycles(1200, 1000);
    const end = await measure();
    const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
    const steps = (key: 'vmRss' | 'outside' | 'heapUsed') =>
      `${mb(start[key])} → ${mb(middle[key])} → ${mb(end[key])} (${[middle[key] - start[key], end[key] - middle[key]].map((d) => `${d >= 0 ? '+' : ''}${mb(d)}`).join(', then ')})`;
    t.diagnostic(
      `1,000 open/close cycles in ${(elapsed / 1000).toFixed(1)} s: VmRSS ${steps('vmRss')}; outside the young generation ${steps('outside')}; heap used after GC ${steps('heapUsed')}`,
    );
    // The heap after a forced GC is the leak check. VmRSS also counts V8's young generation, which
    // V8 grows by its own rules (Node 24: to 128 MB, empty after the GC), and pages malloc keeps for
    // reuse after the first cycles; a leak shows as memory that keeps growing once those are warm.
    assert.ok(end.outside - middle.outside < 16 * 2 ** 20, `VmRSS outside the young generation kept growing: ${steps('outside')}`);
    assert.ok(end.heapUsed - start.heapUsed < 8 * 2 ** 20, `the heap after GC grew: ${steps('heapUsed')}`);
    assert.equal(await client.shutdown(), 0);
  });
});
