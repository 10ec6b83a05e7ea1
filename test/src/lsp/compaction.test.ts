/**
 * A large file through the real server: after each analysis the server keeps most documents in
 * compact form (no `yaml` tree; lsp/workspace.ts). Whatever the client asks must not change: the
 * diagnostics, hovers, lenses (and their titles), the outline and the quick fixes are checked
 * against the engine run in this process on the same text, before and after edits.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CodeLens, Diagnostic, DocumentSymbol, Hover, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';
import { lensAnchors, lensTitle } from '../../../server/out/features/codeLens';
import { compactDocument, treeState } from '../../../server/out/model/document';
import { compactModel, parseFile } from '../../../server/out/model/file';
import { provideDocumentSymbols } from '../../../server/out/lsp/symbols';
import { toLspDiagnostic } from '../../../server/out/lsp/convert';
import { applyEdits, TestClient, VSCODE_LIKE_CAPABILITIES } from './client';
import { DEFAULT_KUBERNETES_VERSION } from '../../../server/out/config/options';
import { deployment } from '../manifests';
import { positionIn, rangeIn, uri } from './texts';

/** 90 documents (the server compacts files of 64 or more); every fifth has a typo the schema fixes. */
function manifest(i: number): string {
  return deployment(
    [
      'initContainers:',
      `  - name: wait-${i}`,
      `    image: busybox:1.36.${i}`,
      `    ${i % 5 === 0 ? 'imagePulPolicy' : 'imagePullPolicy'}: IfNotPresent`,
      '    command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done"]',
      'containers:',
      `  - name: main-${i}`,
      `    image: registry.example.com/app:${i}.0`,
      '    resources:',
      `      limits: { memory: ${64 + i}Mi }`,
      '',
    ].join('\n'),
    { name: `app-${i}`, app: `app-${i}` },
  );
}

const TEXT = Array.from({ length: 90 }, (_, i) => manifest(i)).join('---\n');
const DOC = uri('compaction/many.yaml');
const CAPABILITIES = {
  ...VSCODE_LIKE_CAPABILITIES,
  textDocument: {
    ...VSCODE_LIKE_CAPABILITIES.textDocument,
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    hover: { contentFormat: ['markdown' as const] },
  },
};

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return text.slice(0, at).split('\n').length - 1;
}

async function expectedDiagnostics(text: string): Promise<Diagnostic[]> {
  return (await analyzeText(text, defaultOptions())).diagnostics.map(toLspDiagnostic);
}

describe('a large file is kept compact and answers as if it were not', () => {
  let client: TestClient;
  let text = TEXT;
  let version = 1;
  before(async () => {
    client = TestClient.start();
    await client.initialize({ capabilities: CAPABILITIES, initializationOptions: { debounceMs: 0 } });
  });
  after(() => client?.kill());

  async function published(v: number): Promise<PublishDiagnosticsParams> {
    return client.waitForDiagnostics(DOC, v, 0, 60_000);
  }

  it('open: the diagnostics are the engine’s', async () => {
    await client.open(DOC, text, version);
    assert.deepEqual((await published(version)).diagnostics, await expectedDiagnostics(text));
  });

  it('hover in a document far from any edit (parsed again on demand) says what a fresh parse says', async () => {
    const position = positionIn(text, '          i⦚mage: busybox:1.36.47\n');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: DOC }, position });
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    assert.match((hover.contents as { value: string }).value, /image/i);
  });

  it('lenses and their titles are those of a fresh parse', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: DOC } });
    const model = parseFile(text);
    const anchors = lensAnchors(model);
    // One lens per anchor, in order, at the anchor's range.
    assert.deepEqual(
      lenses.map((l) => l.range),
      anchors.map((a) => a.range),
    );
    for (const i of [0, 33, 89]) {
      const k = anchors.findIndex((a) => a.document === i);
      const resolved = await client.request<CodeLens>('codeLens/resolve', lenses[k]);
      assert.equal(resolved.command?.title, lensTitle(model, anchors[k], DEFAULT_KUBERNETES_VERSION));
    }
  });

  it('the outline is that of a fresh parse', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: DOC } });
    assert.deepEqual(symbols, JSON.parse(JSON.stringify(provideDocumentSymbols(DOC, parseFile(text), { hierarchical: true }))));
  });

  it('edits in several documents: diagnostics stay the engine’s; a quick fix in an untouched document still applies', async () => {
    for (const i of [3, 50, 71, 12]) {
      const edit = { range: rangeIn(text, `  name: «a»pp-${i}\n`), newText: 'b' };
      text = applyEdits(text, [edit]);
      version++;
      await client.change(DOC, version, [{ range: edit.range, text: edit.newText }]);
      assert.deepEqual((await published(version)).diagnostics, await expectedDiagnostics(text));
    }
    const typo = (await published(version)).diagnostics.find(
      (d) =>
        d.range.start.line ===
        lineOf(
          text,
          'imagePulPolicy: IfNotPresent\n          command: ["sh", "-c", "until nc -z db 5432; do sleep 1; done"]\n      containers:\n        - name: main-40',
        ),
    )!;
    assert.ok(typo, 'the typo of document 40 is reported');
    const actions = await client.codeActions(DOC, typo.range, [typo]);
    const fix = actions.find((a) => a.title === 'Change to `imagePullPolicy`') as CodeAction;
    const edits = fix.edit?.documentChanges?.[0] as { edits: { range: Diagnostic['range']; newText: string }[] };
    assert.deepEqual(edits.edits, [{ range: typo.range, newText: 'imagePullPolicy' }]);
  });
});

describe('compact documents (model)', () => {
  it('parse their tree again on first use, keep derived data, and are reused by the next parse', () => {
    const model = parseFile(TEXT);
    const compacted = compactModel(model, () => true);
    assert.notEqual(compacted.documents[5].doc, model.documents[5].doc);
    assert.equal(treeState(compacted.documents[5].doc).state, 'compact');
    assert.equal(compacted.documents[5].doc.manifests[0].name, 'app-5');
    assert.equal(treeState(compacted.documents[5].doc).state, 'loaded');
    assert.deepEqual(lensAnchors(compacted), lensAnchors(model));
    const edited = TEXT.replace('name: app-7\n', 'name: app-x\n');
    const next = parseFile(edited, compacted.cache);
    assert.equal(next.documents[6].doc, compacted.documents[6].doc);
    assert.notEqual(next.documents[7].doc, compacted.documents[7].doc);
    const single = compactDocument(model.documents[0].doc);
    assert.equal(single.text, model.documents[0].doc.text);
    assert.deepEqual(single.syntaxIssues, model.documents[0].doc.syntaxIssues);
  });
});
