/**
 * The layers ARCHITECTURE.md states, held against the real import graph of `server/src` and
 * `client/src`: no protocol package below `lsp/`, no upward import, no rule importing another
 * rule, no producer of one feature importing another's, no cycle, and nothing of the server in
 * the client but the protocol module. The second half feeds the checker graphs that break each
 * rule, so the check itself cannot pass by accident.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cycles, importGraph, LAYERS, violations, type ImportEdge } from './graph';

test('the import graph of server/src and client/src keeps every layer rule', () => {
  const edges = importGraph();
  assert.ok(edges.length > 300, `read ${edges.length} imports: the reader found the sources`);
  assert.deepEqual(violations(edges), []);
});

test('every folder of server/src has a layer', () => {
  const areas = new Set(
    importGraph()
      .map((e) => /^server\/src\/([^/.]+)/.exec(e.from)?.[1])
      .filter((a): a is string => !!a),
  );
  const layered = new Set(LAYERS.flat());
  assert.deepEqual(
    [...areas].filter((a) => !layered.has(a)),
    [],
  );
});

const edge = (from: string, to: string): ImportEdge => ({ from, to, line: 1 });

test('each broken rule is reported', () => {
  const cases: [ImportEdge[], RegExp][] = [
    [[edge('server/src/rules/x-y.ts', 'vscode-languageserver/node')], /vscode-languageserver outside lsp/],
    [[edge('server/src/model/file.ts', 'server/src/rules/rule.ts')], /model\/ \(layer 0\) imports server\/src\/rules\/rule\.ts \(layer 2, higher\)/],
    [[edge('server/src/edits/yamlEdit.ts', 'server/src/rules/rule.ts')], /higher/],
    [[edge('server/src/rules/init-forbidden-field.ts', 'server/src/rules/probe-invalid.ts')], /a rule imports another rule/],
    [[edge('server/src/features/completion.ts', 'server/src/features/hover.ts')], /another feature's producer/],
    [[edge('client/src/webview/render.ts', 'server/src/pod/plan.ts')], /only server\/src\/protocol\/ may cross/],
    [[edge('server/src/pod/a.ts', 'server/src/pod/b.ts'), edge('server/src/pod/b.ts', 'server/src/pod/a.ts')], /import cycle/],
    [[edge('server/src/newarea/x.ts', 'server/src/model/text.ts')], /newarea\/ has no layer/],
  ];
  for (const [edges, expected] of cases) {
    const found = violations(edges);
    assert.ok(
      found.some((v) => expected.test(v)),
      `${JSON.stringify(edges)} → ${JSON.stringify(found)}`,
    );
  }
  // Allowed: the same layer, a lower layer, the registry importing rules, the protocol module.
  assert.deepEqual(
    violations([
      edge('server/src/rules/index.ts', 'server/src/rules/probe-invalid.ts'),
      edge('server/src/rules/probe-invalid.ts', 'server/src/rules/support.ts'),
      edge('server/src/lsp/hover.ts', 'vscode-languageserver/node'),
      edge('server/src/features/hover.ts', 'server/src/rules/support.ts'),
      edge('client/src/startupView.ts', 'server/src/protocol/index.ts'),
    ]),
    [],
  );
});

test('cycles are found whatever their length', () => {
  const ring = ['a', 'b', 'c', 'd'].map((n, i, all) => edge(`server/src/pod/${n}.ts`, `server/src/pod/${all[(i + 1) % all.length]}.ts`));
  assert.equal(cycles(ring).length, 1);
  assert.equal(cycles(ring.slice(0, 3)).length, 0);
});
