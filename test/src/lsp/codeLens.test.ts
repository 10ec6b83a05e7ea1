/**
 * Code lenses, the `initlens/startupPlan` request and the `initlens.showStartup` command through
 * the real server over stdio. Lens positions and titles come from the lens fixtures
 * (`test/fixtures-features/lens/*.yaml`, format in test/src/features/lensFixtures.ts).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, InitializeResult } from 'vscode-languageserver/node';
import { LENS_FIXTURES, parseLensFixture, render } from '../features/lensFixtures';
import { TestClient, VSCODE_LIKE_CAPABILITIES } from './client';
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
    // data: [the server's number for the URI, kind (startup, requests, limits, init), document, manifest, container?]
    const uriId = (unresolved[0].data as number[])[0];
    assert.deepEqual(
      unresolved.map((l) => l.data),
      [
        [uriId, 0, 0, 0],
        [uriId, 1, 0, 0],
        [uriId, 3, 0, 0, 0],
        [uriId, 3, 0, 0, 1],
        [uriId, 3, 0, 0, 2],
        [uriId, 3, 0, 0, 3],
      ],
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
    const doc = uri('lens/worked-example.yaml');
    const [first] = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc } });
    const [uriId] = first.data as number[];
    const lens = await client.request<CodeLens>('codeLens/resolve', {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      data: [uriId, 0, 7, 0], // the startup lens of document 8, which the file does not have
    });
    assert.deepEqual(lens.command, { title: 'initlens: out of date', command: COMMAND, arguments: [doc, { line: 0, character: 0 }] });
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
