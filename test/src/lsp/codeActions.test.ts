/** textDocument/codeAction: the rule's fixes and "Disable <id> for this line", from the last analysis. */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { applyEdits, TestClient, withTimeout } from './client';
import { BAD_ENUM, DEPLOYMENT, emptyRangeIn, expected, only, rangeIn, STDIN, THREE_DOCUMENTS, TYPO, uri, WRONG_TYPE } from './texts';

const ERROR = 1;

/** The quick fixes among the actions (the refactors at the same place are lsp/refactors.test.ts's). */
const quickFixes = (actions: CodeAction[]) => actions.filter((a) => a.kind === 'quickfix');

function find(published: PublishDiagnosticsParams, message: string): Diagnostic {
  const d = published.diagnostics.find((x) => x.message === message);
  assert.ok(d, `no diagnostic "${message}" in ${JSON.stringify(published.diagnostics)}`);
  return d;
}

function textEdits(edit: WorkspaceEdit | undefined): TextEdit[] {
  const changes = edit?.documentChanges as TextDocumentEdit[] | undefined;
  assert.ok(changes && changes.length === 1, `one document change expected: ${JSON.stringify(edit)}`);
  return changes[0].edits as TextEdit[];
}

const shift = (range: typeof TYPO.range, lines: number) => ({
  start: { line: range.start.line + lines, character: range.start.character },
  end: { line: range.end.line + lines, character: range.end.character },
});

describe('code actions', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.started({ initializationOptions: { debounceMs: 0 } });
  });
  after(() => client?.kill());

  it('at the typo: "Change to `imagePullPolicy`" (preferred, exact edit) and "Disable schema for this line"', async () => {
    const doc = uri('actions.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    const typo = find(await client.waitForDiagnostics(doc, 1), TYPO.message);
    const actions = quickFixes(await client.codeActions(doc, TYPO.range, [typo]));
    assert.deepEqual(actions, [
      {
        title: 'Change to `imagePullPolicy`',
        kind: 'quickfix',
        diagnostics: [typo],
        isPreferred: true,
        edit: { documentChanges: [{ textDocument: { uri: doc, version: 1 }, edits: [{ range: TYPO.range, newText: 'imagePullPolicy' }] }] },
      },
      {
        title: 'Disable schema for this line',
        kind: 'quickfix',
        diagnostics: [typo],
        edit: {
          documentChanges: [
            {
              textDocument: { uri: doc, version: 1 },
              edits: [
                { range: emptyRangeIn(DEPLOYMENT, '⦚          imagePulPolicy: IfNotPresent'), newText: '          # initlens-disable-next-line schema\n' },
              ],
            },
          ],
        },
      },
    ]);
  });

  it('applying the disable edit (sent as didChange) makes that diagnostic go away, and only that one', async () => {
    const doc = uri('actions.yaml');
    const typo = find(client.published(doc).at(-1)!, TYPO.message);
    const disable = (await client.codeActions(doc, TYPO.range, [typo])).find((a) => a.title === 'Disable schema for this line');
    assert.ok(disable);
    const [edit] = textEdits(disable.edit);
    const before = client.published(doc).length;
    await client.change(doc, 2, [{ range: edit.range, text: edit.newText }]);
    const published = await client.waitForDiagnostics(doc, 2, before);
    assert.deepEqual(only(published, 'schema'), [
      expected('schema', ERROR, shift(WRONG_TYPE.range, 1), WRONG_TYPE.message),
      expected('schema', ERROR, shift(BAD_ENUM.range, 1), BAD_ENUM.message),
    ]);
  });

  it('applying the preferred fix makes the typo go away and changes nothing else', async () => {
    const doc = uri('fix.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    const typo = find(await client.waitForDiagnostics(doc, 1), TYPO.message);
    const fix = (await client.codeActions(doc, TYPO.range, [typo])).find((a) => a.isPreferred);
    assert.ok(fix);
    const edits = textEdits(fix.edit);
    const fixed = applyEdits(DEPLOYMENT, edits);
    assert.equal(fixed, DEPLOYMENT.replace('imagePulPolicy:', 'imagePullPolicy:'));
    await client.change(
      doc,
      2,
      edits.map((e) => ({ range: e.range, text: e.newText })),
    );
    const published = await client.waitForDiagnostics(doc, 2);
    assert.deepEqual(only(published, 'schema'), [
      expected('schema', ERROR, WRONG_TYPE.range, WRONG_TYPE.message),
      expected('schema', ERROR, BAD_ENUM.range, BAD_ENUM.message),
    ]);
  });

  it('a diagnostic without a fix gets only the disable action', async () => {
    const doc = uri('fix.yaml');
    const wrongType = find(client.published(doc).at(-1)!, WRONG_TYPE.message);
    const actions = quickFixes(await client.codeActions(doc, WRONG_TYPE.range, [wrongType]));
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred, textEdits(a.edit)]),
      [
        [
          'Disable schema for this line',
          undefined,
          [{ range: emptyRangeIn(DEPLOYMENT, '⦚            - containerPort: "80"'), newText: '            # initlens-disable-next-line schema\n' }],
        ],
      ],
    );
  });

  it("in the third document of a file, the disable edit lands on that document's line and works", async () => {
    const doc = uri('three-actions.yaml');
    await client.open(doc, THREE_DOCUMENTS, 1);
    const stdin = find(await client.waitForDiagnostics(doc, 1), STDIN.message);
    const actions = quickFixes(await client.codeActions(doc, STDIN.range, [stdin]));
    const edits = actions.map((a) => [a.title, textEdits(a.edit)]);
    assert.deepEqual(edits, [
      [
        'Disable schema for this line',
        [{ range: emptyRangeIn(THREE_DOCUMENTS, '⦚      stdin: "no"'), newText: '      # initlens-disable-next-line schema\n' }],
      ],
    ]);
    const [edit] = textEdits(actions[0].edit);
    await client.change(doc, 2, [{ range: edit.range, text: edit.newText }]);
    const published = await client.waitForDiagnostics(doc, 2);
    assert.deepEqual(
      only(published, 'schema', 'yaml-syntax').map((d) => [d.code, d.range]),
      [
        ['schema', '7:11-7:12'],
        ['yaml-syntax', '13:2-13:3'],
      ],
    );
  });

  it('nothing for diagnostics that are not ours, or when only other kinds are asked for', async () => {
    const doc = uri('fix.yaml');
    const wrongType = find(client.published(doc).at(-1)!, WRONG_TYPE.message);
    assert.deepEqual(quickFixes(await client.codeActions(doc, WRONG_TYPE.range, [{ ...wrongType, source: 'yaml' }])), []);
    assert.deepEqual(quickFixes(await client.codeActions(doc, WRONG_TYPE.range, [{ ...wrongType, range: TYPO.range }])), []);
    assert.deepEqual(
      (await client.codeActions(doc, WRONG_TYPE.range, [wrongType], ['refactor'])).filter((a) => !a.kind?.startsWith('refactor.')),
      [],
    );
    assert.equal((await client.codeActions(doc, WRONG_TYPE.range, [wrongType], ['quickfix'])).length, 1);
  });

  it('shutdown then exit ends the process with code 0', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('code actions while an analysis is pending', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.started({ initializationOptions: { debounceMs: 5000 } });
  });
  after(() => client?.kill());

  it('are answered at once from the last analysis, versioned with the analysed version', async () => {
    const doc = uri('pending.yaml');
    await client.open(doc, DEPLOYMENT, 1);
    const typo = find(await client.waitForDiagnostics(doc, 1), TYPO.message);
    await client.change(doc, 2, [{ range: BAD_ENUM.range, text: 'Never' }]); // analysed in 5 s
    const actions = quickFixes(await withTimeout(client.codeActions(doc, TYPO.range, [typo]), 1000, 'code actions while version 2 waits for its debounce'));
    assert.deepEqual(
      actions.map((a) => [a.title, (a.edit?.documentChanges?.[0] as TextDocumentEdit).textDocument.version]),
      [
        ['Change to `imagePullPolicy`', 1],
        ['Disable schema for this line', 1],
      ],
    );
    assert.deepEqual(
      client.published(doc).map((p) => p.version),
      [1],
    );
  });

  it('source.fixAll.initlens: every safe fix, checked as a whole file, as one edit of the changed region', async () => {
    const doc = uri('fix-all.yaml');
    const text = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: j',
      'spec:',
      '  template:',
      '    spec:',
      '      RestartPolicy: OnFailure',
      '      containers:',
      '        - name: work',
      '          image: busybox:1.36',
      '          imagePulPolicy: Always',
      '          resourcse: {}',
      '          resoures: {}',
      '',
    ].join('\n');
    await client.open(doc, text, 1);
    await client.waitForDiagnostics(doc, 1);
    const whole = { start: { line: 0, character: 0 }, end: { line: 14, character: 0 } };
    assert.deepEqual(await client.codeActions(doc, whole, []), [], 'not offered unless asked for by kind');
    for (const kind of ['source', 'source.fixAll', 'source.fixAll.initlens']) {
      const actions = await client.codeActions(doc, whole, [], [kind]);
      assert.equal(actions.length, 1, kind);
      assert.equal(actions[0].kind, 'source.fixAll.initlens');
      assert.equal(actions[0].title, 'Fix all: 3 safe initlens fixes');
      const edits = textEdits(actions[0].edit);
      assert.deepEqual(
        edits.map((e) => e.range),
        [{ start: { line: 7, character: 6 }, end: { line: 12, character: 19 } }],
      );
      // The typo of restartPolicy is fixed and no second policy added; of the two typos of
      // resources, one is fixed (both would be a duplicate key).
      assert.equal(
        applyEdits(text, edits),
        text.replace('RestartPolicy:', 'restartPolicy:').replace('imagePulPolicy:', 'imagePullPolicy:').replace('resourcse:', 'resources:'),
      );
    }
    assert.deepEqual(await client.codeActions(doc, whole, [], ['quickfix']), [], 'not a quick fix');
  });

  it('shutdown then exit ends the process with code 0 (the pending analysis does not keep it alive)', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('code actions of the API rules', () => {
  let client: TestClient;
  before(async () => {
    // restartPolicy on an app container is Forbidden up to 1.33 (from 1.35 `Always` is valid there).
    client = await TestClient.started({ initializationOptions: { debounceMs: 0 }, settings: { initlens: { kubernetesVersion: '1.33' } } });
  });
  after(() => client?.kill());

  it('an app container with restartPolicy: Always moves to initContainers as a native sidecar (preferred), comments and all', async () => {
    const doc = uri('sidecar.yaml');
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: web }',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: app:1.0',
      '    # Every request goes through the proxy.',
      '    - name: proxy',
      '      image: envoy:1.30',
      '      restartPolicy: Always',
      '',
    ].join('\n');
    await client.open(doc, text, 1);
    const published = await client.waitForDiagnostics(doc, 1);
    const d = published.diagnostics.find((x) => x.code === 'restart-policy-on-app-container');
    assert.ok(d, JSON.stringify(published.diagnostics));
    assert.deepEqual(d.range, rangeIn(text, '      «restartPolicy»: Always'));
    const actions = quickFixes(await client.codeActions(doc, d.range, [d]));
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred === true]),
      [
        ['Move to initContainers as a native sidecar', true],
        ['Remove restartPolicy', false],
        ['Disable restart-policy-on-app-container for this line', false],
      ],
    );
    const moved = applyEdits(text, textEdits(actions[0].edit));
    assert.equal(
      moved,
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: { name: web }',
        'spec:',
        '  initContainers:',
        '    # Every request goes through the proxy.',
        '    - name: proxy',
        '      image: envoy:1.30',
        '      restartPolicy: Always',
        '  containers:',
        '    - name: app',
        '      image: app:1.0',
        '',
      ].join('\n'),
    );
    await client.change(doc, 2, [{ text: moved }]);
    const after = await client.waitForDiagnostics(doc, 2);
    // The error is gone; what is left is the advice that the new sidecar, a proxy, wants a startupProbe.
    assert.deepEqual(
      after.diagnostics.map((x) => x.code),
      ['sidecar-without-startup-probe'],
    );
  });
});
