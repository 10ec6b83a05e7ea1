/**
 * Code lenses, the `initlens/startupPlan` request and the `initlens.showStartup` command through
 * the real server over stdio. Lens positions and titles come from the lens fixtures
 * (`test/fixtures-features/lens/*.yaml`, format in test/src/features/lensFixtures.ts).
 */
import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { CodeLens, InitializeResult } from 'vscode-languageserver/node';
import { LENS_FIXTURES, parseLensFixture, render } from '../features/lensFixtures';
import { deployment } from '../manifests';
import { lensJson, STALE_TITLE } from '../../../server/out/lsp/codeLens';
import { SERVER_BIN, TestClient, VSCODE_LIKE_CAPABILITIES } from './client';
import { positionIn, rangeIn, uri } from './texts';

const COMMAND = 'initlens.showStartup';
const CAPABILITIES = { ...VSCODE_LIKE_CAPABILITIES, workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, codeLens: { refreshSupport: true } } };

function fixture(name: string) {
  return parseLensFixture(fs.readFileSync(path.join(LENS_FIXTURES, name), 'utf8'));
}

function key(lens: CodeLens): string {
  return `${lens.range.start.line}:${lens.range.start.character}`;
}

async function resolvedLenses(client: TestClient, doc: string): Promise<{ unresolved: CodeLens[]; resolved: CodeLens[] }> {
  const unresolved = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc } });
  const resolved = await Promise.all(unresolved.map((lens) => client.request<CodeLens>('codeLens/resolve', lens)));
  return { unresolved, resolved };
}

function grouped(lenses: CodeLens[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const lens of lenses) out.set(key(lens), [...(out.get(key(lens)) ?? []), lens.command?.title ?? '<no command>']);
  return out;
}

describe('code lenses over stdio', () => {
  let client: TestClient;
  let init: InitializeResult;
  before(async () => {
    client = TestClient.start();
    init = await client.initialize({ capabilities: CAPABILITIES, initializationOptions: { debounceMs: 0 } });
  });
  after(() => client?.kill());

  it('declares lazy code lenses and the initlens.showStartup command', () => {
    assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: true });
    assert.deepEqual(init.capabilities.executeCommandProvider, { commands: [COMMAND] });
  });

  it('codeLens answers unresolved lenses (range and data, no command); codeLens/resolve gives the titles and the command', async () => {
    const { text, expected } = fixture('worked-example.yaml');
    const doc = uri('lens/worked-example.yaml');
    await client.open(doc, text, 1);
    const { unresolved, resolved } = await resolvedLenses(client, doc);
    assert.equal(unresolved.length, 6);
    for (const lens of unresolved) assert.equal(lens.command, undefined);
    // data: one number per lens, consecutive within a document (lsp/lensNumbers.ts).
    const first = unresolved[0].data as number;
    assert.ok(Number.isSafeInteger(first) && first >= 0, `data ${JSON.stringify(first)}`);
    assert.deepEqual(
      unresolved.map((l) => l.data),
      [0, 1, 2, 3, 4, 5].map((k) => first + k),
    );
    assert.deepEqual(unresolved[0].range, rangeIn(text, '      «initContainers»:'));
    assert.deepEqual(render(text, grouped(resolved)), render(text, expected));
    assert.deepEqual(resolved[0].command, {
      title: 'Startup: ① wait-db → ② proxy (sidecar) → ③ migrate → ④ log-agent (sidecar) → app ‖ worker',
      command: COMMAND,
      arguments: [doc, positionIn(text, '      ⦚initContainers:')],
    });
    assert.deepEqual(resolved[1].command?.title, 'Requests: cpu 1100m (init peak: migrate) · memory 640Mi (init peak: migrate)');
  });

  it('every lens fixture gives the same lenses through the server', async () => {
    for (const file of fs.readdirSync(LENS_FIXTURES).filter((f) => f.endsWith('.yaml'))) {
      const { text, expected } = fixture(file);
      const doc = uri(`lens/all/${file}`);
      // `# kubernetesVersion: X` (see features/codeLens.test.ts): the editor setting for this document.
      const version = /^# kubernetesVersion: (\S+)$/m.exec(text)?.[1];
      const settings = client.settings;
      if (version) client.settings = { ...settings, initlens: { ...(settings.initlens ?? {}), kubernetesVersion: version } };
      await client.open(doc, text, 1);
      const { resolved } = await resolvedLenses(client, doc);
      client.settings = settings;
      assert.deepEqual(render(text, grouped(resolved)), render(text, expected), file);
    }
  });

  it('initlens/startupPlan answers the plan of the pod at the position, or null', async () => {
    const { text } = fixture('second-example.yaml');
    const doc = uri('lens/second-example.yaml');
    await client.open(doc, text, 1);
    const lines = text.split('\n');
    const second = lines.findIndex((l) => l.includes('name: setup-first'));
    const plan = await client.request<{
      name: string;
      steps: { status: string; resources: { requests: Record<string, string> } }[];
      resources: { requests: { effective: string }[] };
    }>('initlens/startupPlan', { textDocument: { uri: doc }, position: { line: second, character: 4 } });
    assert.equal(plan.name, 'setup-first');
    assert.deepEqual(
      plan.steps.map((s) => `${s.status} cpu ${s.resources.requests.cpu}`),
      ['Init:0/2 cpu 400m', 'Init:1/2 cpu 200m', 'PodInitializing cpu 300m', 'Terminating cpu 300m', 'Terminating cpu 200m'],
    );
    assert.equal(plan.resources.requests[0].effective, '400m');
    const first = await client.request<{ name: string; resources: { requests: { effective: string }[] } }>('initlens/startupPlan', {
      textDocument: { uri: doc },
      position: positionIn(text, '  ⦚#> Startup: ① proxy (sidecar) → ② setup → app'),
    });
    assert.equal(first.name, 'sidecar-first');
    assert.equal(first.resources.requests[0].effective, '600m');
    assert.equal(await client.request('initlens/startupPlan', { textDocument: { uri: uri('not-open.yaml') }, position: { line: 0, character: 0 } }), null);
    assert.equal(await client.request('initlens/startupPlan', { textDocument: { uri: doc }, position: { line: -1, character: 0 } }), null);
  });

  it('workspace/executeCommand initlens.showStartup [uri, position] answers the same plan as the request', async () => {
    const doc = uri('lens/worked-example.yaml');
    const lens = (await resolvedLenses(client, doc)).resolved[3];
    const fromCommand = await client.request('workspace/executeCommand', { command: lens.command!.command, arguments: lens.command!.arguments });
    const fromRequest = await client.request('initlens/startupPlan', { textDocument: { uri: doc }, position: lens.range.start });
    assert.deepEqual(fromCommand, fromRequest);
    assert.equal((fromCommand as { name: string }).name, 'web');
    assert.equal(await client.request('workspace/executeCommand', { command: 'initlens.other', arguments: [] }), null);
    assert.equal(await client.request('workspace/executeCommand', { command: COMMAND }), null);
  });

  it('lenses follow an edit at once, before the debounced analysis', async () => {
    const slow = TestClient.start();
    try {
      await slow.initialize({ capabilities: CAPABILITIES, initializationOptions: { debounceMs: 60_000 } });
      const { text } = fixture('second-example.yaml');
      const doc = uri('lens/edited.yaml');
      await slow.open(doc, text, 1);
      await slow.change(doc, 2, [{ text: text.replace('cpu: 400m', 'cpu: 700m') }]);
      const { resolved } = await resolvedLenses(slow, doc);
      assert.equal(resolved[1].command?.title, 'Requests: cpu 900m (init peak: setup)');
    } finally {
      slow.kill();
    }
  });

  it('a lens whose pod is gone resolves to a placeholder that still carries the command', async () => {
    const { text } = fixture('second-example.yaml');
    const doc = uri('lens/pod-gone.yaml');
    await client.open(doc, text, 1);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc } });
    const second = lenses.find((l) => l.range.start.line > rangeIn(text, 'name: «setup-first»').start.line)!;
    await client.change(doc, 2, [{ text: text.slice(0, text.indexOf('---')) }]);
    const lens = await client.request<CodeLens>('codeLens/resolve', second);
    assert.deepEqual(lens.command, { title: 'initlens: out of date', command: COMMAND, arguments: [doc, second.range.start] });
    assert.deepEqual(lens.range, second.range);
  });

  it('initlens.codeLens.enable = false: no lenses, and the client is asked to refresh', async () => {
    let refreshes = 0;
    client.connection.onRequest('workspace/codeLens/refresh', () => {
      refreshes++;
      return null;
    });
    const doc = uri('lens/worked-example.yaml');
    await client.changeConfiguration({ initlens: { codeLens: { enable: false } } });
    await client.waitFor(() => (refreshes > 0 ? true : undefined), 'workspace/codeLens/refresh');
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: doc } }), []);
    await client.changeConfiguration({ initlens: {} });
    assert.equal((await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc } })).length, 6);
  });
});

/** A Deployment whose lenses' titles name it and its init container's CPU request. */
function workload(name: string, cpu: string): string {
  return deployment(
    [
      'initContainers:',
      `  - name: ${name}-init`,
      '    image: busybox:1.36',
      `    resources: {requests: {cpu: ${cpu}}}`,
      'containers:',
      `  - name: ${name}`,
      '    image: nginx:1.27',
      '',
    ].join('\n'),
    { name, app: name },
  );
}

const titles = (lenses: CodeLens[]): (string | undefined)[] => lenses.map((l) => l.command?.title);

describe('code lenses after edits, and the list on the wire', () => {
  let client: TestClient;
  const body: Buffer[] = [];
  before(async () => {
    client = TestClient.start();
    // Every byte the server writes, beside the client's own reader.
    client.child.stdout!.on('data', (chunk: Buffer) => body.push(chunk));
    await client.initialize({ capabilities: CAPABILITIES, initializationOptions: { debounceMs: 0 } });
  });
  after(() => client?.kill());

  it('lenses given before documents moved resolve in their documents; a document edited in place gives its new titles', async () => {
    const doc = uri('lens/moved.yaml');
    const text = [workload('alpha', '100m'), workload('beta', '200m'), workload('gamma', '300m')].join('---\n');
    await client.open(doc, text, 1);
    const before = await resolvedLenses(client, doc);
    assert.equal(before.unresolved.length, 9);
    assert.deepEqual(titles(before.resolved).slice(3, 6), [
      'Startup: ① beta-init → beta',
      'Requests: cpu 200m (init peak: beta-init)',
      'Init 1 of 1 · runs to completion before beta',
    ]);

    // A document above all of them: every lens moved (lines and index).
    const moved = `${workload('delta', '400m')}---\n${text}`;
    await client.change(doc, 2, [{ text: moved }]);
    const again = await Promise.all(before.unresolved.map((lens) => client.request<CodeLens>('codeLens/resolve', lens)));
    assert.deepEqual(titles(again.slice(3)), titles(before.resolved.slice(3)), 'each lens is found in its document where it moved');
    // alpha's text changed: it begins with the `---` line now. Its place tells nothing (a document was added).
    assert.deepEqual(titles(again.slice(0, 3)), [STALE_TITLE, STALE_TITLE, STALE_TITLE]);
    const now = await resolvedLenses(client, doc);
    assert.deepEqual(titles(now.resolved.slice(3)), titles(before.resolved));

    // beta's CPU changes in place: its lenses of the last list give the new titles.
    const edited = moved.replace('cpu: 200m', 'cpu: 250m');
    await client.change(doc, 3, [{ text: edited }]);
    const beta = now.unresolved.slice(6, 9);
    const resolved = await Promise.all(beta.map((lens) => client.request<CodeLens>('codeLens/resolve', lens)));
    assert.deepEqual(titles(resolved), [
      'Startup: ① beta-init → beta',
      'Requests: cpu 250m (init peak: beta-init)',
      'Init 1 of 1 · runs to completion before beta',
    ]);
  });

  it('a lens whose document was deleted is out of date, not the lens of the document that took its place', async () => {
    const doc = uri('lens/deleted.yaml');
    const text = [workload('alpha', '100m'), workload('beta', '200m'), workload('gamma', '300m')].join('---\n');
    await client.open(doc, text, 1);
    const { unresolved, resolved } = await resolvedLenses(client, doc);
    await client.change(doc, 2, [{ text: [workload('alpha', '100m'), workload('gamma', '300m')].join('---\n') }]);
    const after = await Promise.all(unresolved.map((lens) => client.request<CodeLens>('codeLens/resolve', lens)));
    assert.deepEqual(titles(after.slice(0, 3)), titles(resolved.slice(0, 3)));
    assert.deepEqual(titles(after.slice(3, 6)), [STALE_TITLE, STALE_TITLE, STALE_TITLE]);
    assert.deepEqual(titles(after.slice(6)), titles(resolved.slice(6)), "gamma, moved into beta's place, keeps its own lenses");
    assert.deepEqual(after[3].command?.arguments, [doc, unresolved[3].range.start]);
  });

  it('lenses of a document changed since two lists ago are out of date; numbers never given come back as they were', async () => {
    const doc = uri('lens/two-lists.yaml');
    const text = [workload('alpha', '100m'), workload('beta', '200m')].join('---\n');
    await client.open(doc, text, 1);
    const old = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc } });
    await client.change(doc, 2, [{ text: text.replace('cpu: 200m', 'cpu: 250m') }]);
    await client.request('textDocument/codeLens', { textDocument: { uri: doc } });
    await client.request('textDocument/codeLens', { textDocument: { uri: doc } });
    const lens = await client.request<CodeLens>('codeLens/resolve', old[4]);
    assert.deepEqual(lens.command, { title: STALE_TITLE, command: COMMAND, arguments: [doc, old[4].range.start] });
    assert.equal((await client.request<CodeLens>('codeLens/resolve', old[1])).command?.title, 'Requests: cpu 100m (init peak: alpha-init)');
    for (const data of [2 ** 40, -1, 1.5, '3', [0, 0, 0, 0]]) {
      const unknown = { range: old[0].range, data };
      assert.deepEqual(await client.request('codeLens/resolve', unknown), unknown);
    }
  });

  it('the list is written as JSON.stringify writes it', async () => {
    const doc = uri('lens/wire.yaml');
    const { text } = fixture('worked-example.yaml');
    await client.open(doc, `${text}---\n${workload('beta', '200m')}`, 1);
    const before = Buffer.concat(body).length;
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc } });
    assert.equal(lenses.length, 9);
    const wire = Buffer.concat(body).subarray(before).toString('utf8');
    const frame = /Content-Length: (\d+)\r\n\r\n(\{"jsonrpc":"2\.0","id":\d+,"result":\[\{"range".*)$/s.exec(wire);
    assert.ok(frame, `a lens list on the wire: ${wire.slice(0, 200)}`);
    const json = Buffer.from(frame[2]).subarray(0, Number(frame[1])).toString('utf8');
    const message = JSON.parse(json) as { result: CodeLens[] };
    assert.deepEqual(message.result, lenses);
    assert.equal(json, JSON.stringify(message));
  });

  it('lensJson writes a lens as JSON.stringify writes it', () => {
    const at = (line: number, character: number) => ({ line, character });
    const lenses = [
      { range: { start: at(0, 0), end: at(0, 0) }, data: 0 },
      { range: { start: at(7, 6), end: at(7, 20) }, data: 41 },
      { range: { start: at(2 ** 31 - 1, 1234), end: at(2 ** 31 - 1, 99999) }, data: Number.MAX_SAFE_INTEGER },
    ];
    for (const lens of lenses) assert.equal(lensJson(lens.range, lens.data), JSON.stringify(lens));
  });
});

describe('the list over IPC, as VS Code starts the server', () => {
  it('is the list written over stdio, and resolves', async () => {
    const doc = uri('lens/ipc.yaml');
    const { text } = fixture('worked-example.yaml');
    const file = `${text}---\n${workload('beta', '200m')}---\n${workload('gamma', '300m')}`;
    const stdio = TestClient.start();
    const child = fork(SERVER_BIN, ['--node-ipc', `--clientProcessId=${process.pid}`], { execArgv: [], silent: true });
    const ipc = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    try {
      await stdio.initialize({ capabilities: CAPABILITIES, initializationOptions: { debounceMs: 0 } });
      await stdio.open(doc, file, 1);
      const overStdio = await stdio.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc } });

      ipc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
      ipc.onRequest('client/registerCapability', () => null);
      ipc.listen();
      await ipc.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: CAPABILITIES, initializationOptions: { debounceMs: 0 } });
      await ipc.sendNotification('initialized', {});
      await ipc.sendNotification('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'yaml', version: 1, text: file } });
      const overIpc = await ipc.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc } });

      assert.equal(overIpc.length, 12);
      // vscode-languageclient sends a lens to resolve without its `data` when that is falsy.
      for (const lens of overIpc) assert.ok(lens.data, `a lens whose data comes back from VS Code: ${JSON.stringify(lens)}`);
      assert.deepEqual(overIpc, overStdio);
      const resolved = await Promise.all(overIpc.map((lens) => ipc.sendRequest<CodeLens>('codeLens/resolve', lens)));
      const expected = await Promise.all(overStdio.map((lens) => stdio.request<CodeLens>('codeLens/resolve', lens)));
      assert.deepEqual(resolved, expected);
      assert.equal(resolved[10].command?.title, 'Requests: cpu 300m (init peak: gamma-init)');
    } finally {
      ipc.dispose();
      child.kill();
      stdio.kill();
    }
  });
});

describe('a client that runs initlens.showStartup itself', () => {
  it('initializationOptions.clientCommands leaves it out of executeCommandProvider; the server still executes it', async () => {
    const client = TestClient.start();
    try {
      const init = await client.initialize({ initializationOptions: { debounceMs: 0, clientCommands: [COMMAND] } });
      assert.deepEqual(init.capabilities.executeCommandProvider, { commands: [] });
      const { text } = fixture('no-init.yaml');
      const doc = uri('lens/client-commands.yaml');
      await client.open(doc, text, 1);
      const plan = await client.request<{ kind: string }>('workspace/executeCommand', {
        command: COMMAND,
        arguments: [doc, positionIn(text, '    sp⦚ec:\n      containers:')],
      });
      assert.equal(plan.kind, 'StatefulSet');
    } finally {
      client.kill();
    }
  });
});
