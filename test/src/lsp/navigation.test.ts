/**
 * The outline, definition, references and rename through the real server over stdio. Positions
 * come from `⦚` cursor markers in the texts (test/src/features/markers.ts).
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc/node';
import type { Diagnostic, DocumentSymbol, Location, Position, Range, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseMarkers } from '../features/markers';
import { applyEdits, TestClient, VSCODE_LIKE_CAPABILITIES } from './client';
import { uri } from './texts';

const CAPABILITIES = {
  ...VSCODE_LIKE_CAPABILITIES,
  textDocument: {
    ...VSCODE_LIKE_CAPABILITIES.textDocument,
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    rename: { prepareSupport: true },
  },
};

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
      annotations:
        kubectl.kubernetes.io/default-container: app
    spec:
      initContainers:
        - name: wait-db
          image: busybox:1.36
          command: ["sh", "-c", "until nc -z $(DB_HOST) 5432; do sleep 1; done"]
          env:
            - name: DB_HOST
              value: db
          volumeMounts:
            - name: data
              mountPath: /data
        - name: proxy
          image: envoyproxy/envoy:v1.30.0
          restartPolicy: Always
          volumeMounts:
            - name: "data"
              mountPath: /var/data
      containers:
        - name: app
          image: nginx:1.27
          volumeMounts:
            - name: 'data'
              mountPath: /usr/share/nginx/html
      volumes:
        - name: data
          emptyDir: {}
`;

/** Position of the `n`-th occurrence (0-based) of `needle` plus `delta` characters. */
function at(text: string, needle: string, n = 0, delta = 1): Position {
  let offset = -1;
  for (let i = 0; i <= n; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} #${n} not found`);
  return TextDocument.create('file:///x', 'yaml', 0, text).positionAt(offset + delta);
}

/** What a diagnostic is about, not where or in which words: `<severity> <code>`, sorted. */
const codes = (d: Diagnostic[]) => d.map((x) => `${x.severity} ${x.code}`).sort();

const range = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

/** The ranges of the `«…»` spans of a marked text, and its cursor position. */
function marked(text: string): { text: string; cursor: Position; ranges: Range[] } {
  const m = parseMarkers(text);
  const doc = TextDocument.create('file:///x', 'yaml', 0, m.text);
  return { text: m.text, cursor: doc.positionAt(m.cursor), ranges: m.spans.map((s) => ({ start: doc.positionAt(s.start), end: doc.positionAt(s.end) })) };
}

describe('navigation over LSP', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.started({ capabilities: CAPABILITIES, initializationOptions: { debounceMs: 0 } });
  });
  after(() => client?.kill());

  it('documentSymbol: the Deployment, its init containers in order (sidecar marked), containers, volumes', async () => {
    const doc = uri('nav-symbols.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: doc } });
    assert.deepEqual(symbols, [
      {
        name: 'Deployment web',
        detail: 'apps/v1',
        kind: 5, // Class
        range: range(0, 0, 37, 22),
        selectionRange: range(3, 8, 3, 11),
        children: [
          {
            name: 'initContainers',
            kind: 18, // Array
            range: range(13, 6, 28, 34),
            selectionRange: range(13, 6, 13, 20),
            children: [
              { name: 'wait-db', detail: 'busybox:1.36', kind: 12, range: range(14, 10, 22, 30), selectionRange: range(14, 16, 14, 23), children: [] },
              {
                name: 'proxy (sidecar)',
                detail: 'envoyproxy/envoy:v1.30.0',
                kind: 12,
                range: range(23, 10, 28, 34),
                selectionRange: range(23, 16, 23, 21),
                children: [],
              },
            ],
          },
          {
            name: 'containers',
            kind: 18,
            range: range(29, 6, 34, 46),
            selectionRange: range(29, 6, 29, 16),
            children: [{ name: 'app', detail: 'nginx:1.27', kind: 12, range: range(30, 10, 34, 46), selectionRange: range(30, 16, 30, 19), children: [] }],
          },
          {
            name: 'volumes',
            kind: 18,
            range: range(35, 6, 37, 22),
            selectionRange: range(35, 6, 35, 13),
            children: [{ name: 'data', detail: 'emptyDir', kind: 13, range: range(36, 10, 37, 22), selectionRange: range(36, 16, 36, 20), children: [] }],
          },
        ],
      },
    ]);
  });

  it('definition: from a mount name to the volume, from $(DB_HOST) to its env entry; nothing elsewhere', async () => {
    const doc = uri('nav-definition.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    const definition = (position: Position) => client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: doc }, position });
    assert.deepEqual(await definition(at(DEPLOYMENT, '"data"')), [{ uri: doc, range: range(36, 16, 36, 20) }]);
    assert.deepEqual(await definition(at(DEPLOYMENT, '$(DB_HOST)', 0, 4)), [{ uri: doc, range: range(18, 20, 18, 27) }]);
    assert.equal(await definition(at(DEPLOYMENT, 'nginx')), null);
  });

  it('references: the volume declaration and every mount (or only the mounts)', async () => {
    const doc = uri('nav-references.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    const references = (includeDeclaration: boolean) =>
      client.request<Location[]>('textDocument/references', {
        textDocument: { uri: doc },
        position: at(DEPLOYMENT, "'data'"),
        context: { includeDeclaration },
      });
    const mounts = [range(21, 20, 21, 24), range(27, 21, 27, 25), range(33, 21, 33, 25)].map((r) => ({ uri: doc, range: r }));
    assert.deepEqual(await references(true), [...mounts, { uri: doc, range: range(36, 16, 36, 20) }]);
    assert.deepEqual(await references(false), mounts);
  });

  it('prepareRename: the name range and placeholder; null off a name', async () => {
    const doc = uri('nav-prepare.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    const prepare = (position: Position) => client.request<unknown>('textDocument/prepareRename', { textDocument: { uri: doc }, position });
    assert.deepEqual(await prepare(at(DEPLOYMENT, '"data"', 0, 0)), { range: range(27, 21, 27, 25), placeholder: 'data' });
    assert.deepEqual(await prepare(at(DEPLOYMENT, 'name: app', 0, 7)), { range: range(30, 16, 30, 19), placeholder: 'app' });
    assert.equal(await prepare(at(DEPLOYMENT, 'mountPath: /data')), null);
    assert.equal(await prepare(at(DEPLOYMENT, 'name: web', 0, 7)), null);
  });

  it('prepareRename of a name written through an alias: an error that says why', async () => {
    const doc = uri('nav-alias.yaml');
    const text = DEPLOYMENT.replace('        - name: data\n          emptyDir', '        - name: &vol data\n          emptyDir').replace(
      "name: 'data'",
      'name: *vol',
    );
    await client.open(doc, text, 1);
    await assert.rejects(
      client.request('textDocument/prepareRename', { textDocument: { uri: doc }, position: at(text, '&vol data', 0, 6) }),
      (e: unknown) => e instanceof ResponseError && e.code === -32803 && /alias/.test(e.message),
    );
  });

  it('rename a volume: every place, quoting kept; applied, the document analyses with no new diagnostic', async () => {
    const doc = uri('nav-rename.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    const was = codes((await client.waitForDiagnostics(doc, 1)).diagnostics);
    assert.ok(!was.some((c) => c.startsWith('1 ')), `the text has errors: ${was}`);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: doc },
      position: at(DEPLOYMENT, '- name: data', 0, 9),
      newName: 'content',
    });
    const edits = edit.changes?.[doc];
    assert.ok(edits, JSON.stringify(edit));
    assert.deepEqual(
      edits.map((e) => [e.range.start.line, e.newText]),
      [
        [21, 'content'],
        [27, '"content"'],
        [33, "'content'"],
        [36, 'content'],
      ],
    );
    const renamed = applyEdits(DEPLOYMENT, edits);
    assert.equal(
      renamed,
      DEPLOYMENT.replace(/name: data\b/g, 'name: content')
        .replace('name: "data"', 'name: "content"')
        .replace("name: 'data'", "name: 'content'"),
    );
    const before = client.published(doc).length;
    await client.change(doc, 2, [{ text: renamed }]);
    assert.deepEqual(codes((await client.waitForDiagnostics(doc, 2, before)).diagnostics), was);
    // And the new name navigates like the old one.
    const references = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: doc },
      position: at(renamed, "'content'"),
      context: { includeDeclaration: true },
    });
    assert.equal(references.length, 4);
  });

  it('rename a container: its name and the default-container annotation; no new diagnostic', async () => {
    const doc = uri('nav-rename-container.yaml');
    const m = marked(DEPLOYMENT.replace('- name: app', '- name: a⦚pp'));
    await client.open(doc, m.text, 1);
    const was = codes((await client.waitForDiagnostics(doc, 1)).diagnostics);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: doc }, position: m.cursor, newName: 'web' });
    const renamed = applyEdits(m.text, edit.changes![doc]);
    assert.equal(renamed, DEPLOYMENT.replace('- name: app', '- name: web').replace('default-container: app', 'default-container: web'));
    const before = client.published(doc).length;
    await client.change(doc, 2, [{ text: renamed }]);
    assert.deepEqual(codes((await client.waitForDiagnostics(doc, 2, before)).diagnostics), was);
  });

  it('rename refused: an invalid label, a taken name, not a name — a RequestFailed error with the reason', async () => {
    const doc = uri('nav-refused.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    const rename = (position: Position, newName: string) => client.request('textDocument/rename', { textDocument: { uri: doc }, position, newName });
    const failsWith = (re: RegExp) => (e: unknown) => e instanceof ResponseError && e.code === -32803 && re.test(e.message);
    await assert.rejects(rename(at(DEPLOYMENT, '"data"'), 'Data_1'), failsWith(/^"Data_1" is not a valid volume name: a lowercase RFC 1123 label/));
    await assert.rejects(rename(at(DEPLOYMENT, 'name: proxy', 0, 7), 'wait-db'), failsWith(/^a container named `wait-db` already exists in this pod/));
    await assert.rejects(rename(at(DEPLOYMENT, 'nginx'), 'x'), failsWith(/^nothing to rename here/));
  });
});

describe('navigation over LSP: flat symbols and requests during the debounce', () => {
  let client: TestClient;
  before(async () => {
    // No hierarchicalDocumentSymbolSupport; a debounce long enough that no analysis runs after a change.
    client = await TestClient.started({ initializationOptions: { debounceMs: 60_000 } });
  });
  after(() => client?.kill());

  it('documentSymbol: SymbolInformation with containerName for a client without hierarchical support', async () => {
    const doc = uri('nav-flat.yaml');
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: cfg}\n';
    await client.open(doc, text, 1);
    const symbols = await client.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: doc } });
    assert.deepEqual(symbols, [
      { name: 'Pod p', kind: 5, location: { uri: doc, range: range(0, 0, 6, 25) } },
      { name: 'containers', kind: 18, location: { uri: doc, range: range(4, 2, 6, 25) }, containerName: 'Pod p' },
      { name: 'c', kind: 12, location: { uri: doc, range: range(5, 6, 6, 25) }, containerName: 'containers' },
      { name: 'ConfigMap cfg', kind: 2, location: { uri: doc, range: range(8, 0, 10, 21) } },
    ]);
  });

  it('answers from the text the client has, not from the last analysis', async () => {
    const doc = uri('nav-debounce.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    await client.waitForDiagnostics(doc, 1);
    // Two lines above everything: positions of the last analysis are now two lines off.
    const changed = `# a comment\n# another\n${DEPLOYMENT}`;
    await client.change(doc, 2, [{ range: range(0, 0, 0, 0), text: '# a comment\n# another\n' }]);
    const definition = await client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: doc }, position: at(changed, '"data"') });
    assert.deepEqual(definition, [{ uri: doc, range: range(38, 16, 38, 20) }]);
    const symbols = await client.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: doc } });
    assert.deepEqual(symbols[0].location.range.start, { line: 2, character: 0 });
  });
});
