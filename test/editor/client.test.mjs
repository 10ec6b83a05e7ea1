// The client's pure parts, without VS Code: which YAML is served (client/src/kubernetes.ts), the
// startup view's picture and table (client/src/webview/render.ts) from the server's real plans,
// and the extension manifest (package.json) against the server's registry and settings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { looksLikeKubernetes } = require(path.join(ROOT, 'client/out/kubernetes.js'));
const { renderPlan, describe: describePlan, quantityValue, escapeHtml } = require(path.join(ROOT, 'client/out/webview/render.js'));
const { parseFile } = require(path.join(ROOT, 'server/out/model/file.js'));
const { planAt, filePlans } = require(path.join(ROOT, 'server/out/features/startup.js'));
const { ALL_RULE_INFOS } = require(path.join(ROOT, 'server/out/rules/index.js'));

const WEB = fs.readFileSync(path.join(ROOT, 'test/editor/workspace/web.yaml'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('which YAML the client serves', () => {
  const cases = [
    ['a Deployment', 'apiVersion: apps/v1\nkind: Deployment\n', true],
    ['keys in the other order, after a comment', '# c\nkind: Pod\nmetadata: {}\napiVersion: v1\n', true],
    ['quoted keys', '"apiVersion": v1\n"kind": Pod\n', true],
    ['the second document of a stream', 'a: 1\n---\napiVersion: v1\nkind: Pod\n', true],
    ['a Helm template', 'apiVersion: {{ .Values.api }}\nkind: Deployment\n', true],
    ['Helm values', 'replicaCount: 2\nimage:\n  kind: x\n  apiVersion: y\n', false],
    ['apiVersion and kind in different documents', 'apiVersion: v1\n---\nkind: Pod\n', false],
    ['only kind', 'kind: Pod\n', false],
    ['an empty file', '', false],
    ['a GitHub workflow', 'name: ci\non: push\njobs: {}\n', false],
  ];
  for (const [name, text, expected] of cases) test(`${name}: ${expected ? 'served' : 'left alone'}`, () => assert.equal(looksLikeKubernetes(text), expected));
});

describe('the startup view', () => {
  const model = parseFile(WEB);
  const [web, job] = filePlans(model).map((p) => p.plan);

  test('one lane per container, gates, statuses and the request peaks', () => {
    const r = renderPlan(web);
    assert.equal(r.title, 'Deployment web');
    assert.deepEqual(
      r.summary.lanes.map((l) => [l.name, l.role, l.from, l.to, l.gate]),
      [
        ['wait-db', 'init', 1, 1, undefined],
        ['proxy', 'sidecar', 2, 6, 'startupProbe'],
        ['migrate', 'init', 3, 3, undefined],
        ['app', 'app', 4, 5, 'postStart'],
        ['worker', 'app', 4, 5, undefined],
      ],
    );
    assert.deepEqual(r.summary.statuses, ['Init:0/3', 'Init:1/3', 'Init:2/3', 'PodInitializing → Running', 'Terminating', 'Terminating']);
    assert.deepEqual(
      r.summary.charts.map((c) => [c.resource, c.values.join(' '), c.peak, c.peakSteps]),
      [
        ['cpu', '0 100m 600m 550m 550m 100m', '600m', [3]],
        ['memory', '0 64Mi 576Mi 448Mi 448Mi 64Mi', '576Mi', [3]],
      ],
    );
  });

  test('a Job: the sidecar stops after the app container completes', () => {
    const r = renderPlan(job);
    assert.deepEqual(r.summary.lanes.map((l) => `${l.name}:${l.from}-${l.to}`), ['log-agent:1-4', 'report:2-3']);
    assert.deepEqual(r.summary.statuses.slice(-2), ['Running → Completed', 'Completed']);
  });

  test('the picture is an accessible SVG and the table says the same in text', () => {
    const r = renderPlan(web);
    assert.match(r.svg, /^<svg [^>]*role="img" aria-labelledby="plan-svg-title plan-svg-desc"/);
    assert.match(r.svg, /<desc id="plan-svg-desc">Timeline of Deployment web: init containers wait-db, then proxy \(sidecar\), then migrate; then app and worker start together/);
    assert.equal((r.table.match(/<tr><th scope="row">\d+<\/th>/g) ?? []).length, web.steps.length, 'one row per step');
    for (const s of web.steps) assert.ok(r.table.includes(escapeHtml(s.action)), s.action);
    assert.match(r.table, /<caption>Effective pod resources/);
    assert.match(describePlan(web), /Pod requests: cpu 600m \(peak during migrate\), memory 576Mi \(peak during migrate\)\./);
  });

  test('nothing remote, nothing inline that the CSP would block, and names are escaped', () => {
    const evil = parseFile(WEB.replace('name: worker', 'name: "w<script>alert(1)</script>&"'));
    const r = renderPlan(planAt(evil, { line: 3, character: 0 }));
    const html = r.svg + r.table;
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /w&lt;script&gt;alert\(1\)&lt;\/script&gt;&amp;/);
    assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
  });

  test('Kubernetes quantities to scale', () => {
    assert.equal(quantityValue('1100m'), 1.1);
    assert.equal(quantityValue('640Mi'), 640 * 2 ** 20);
    assert.equal(quantityValue('1G'), 1e9);
    assert.equal(quantityValue('1e3'), 1000);
    assert.equal(quantityValue('unbounded'), Infinity);
    assert.equal(quantityValue('x'), undefined);
  });
});

describe('the extension manifest', () => {
  const props = pkg.contributes.configuration.properties;

  test('initlens.rules lists every rule id of the registry (npm run sync:manifest)', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/sync-manifest.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(Object.keys(props['initlens.rules'].properties).sort(), ALL_RULE_INFOS.map((i) => i.id).sort());
  });

  test('every setting is described, with enums where the values are fixed', () => {
    for (const key of ['initlens.kubernetesVersion', 'initlens.rules', 'initlens.codeLens.enable', 'initlens.schema.enable', 'initlens.exclude', 'initlens.trace.server']) {
      assert.ok(props[key], `${key} is contributed`);
      assert.ok((props[key].description ?? props[key].markdownDescription ?? '').length > 30, `${key} has a description`);
    }
    assert.ok(props['initlens.kubernetesVersion'].enum.includes(props['initlens.kubernetesVersion'].default));
    assert.ok(props['initlens.kubernetesVersion'].enum.includes('1.36'));
    assert.deepEqual(props['initlens.trace.server'].enum, ['off', 'messages', 'verbose']);
    for (const p of Object.values(props['initlens.rules'].properties)) assert.deepEqual(p.enum, ['off', 'hint', 'info', 'warning', 'error']);
  });

  test('activation, commands and workspace capabilities', () => {
    assert.deepEqual(pkg.activationEvents, ['onLanguage:yaml']);
    assert.equal(pkg.main, './dist/extension.js');
    const commands = pkg.contributes.commands.map((c) => `${c.category}: ${c.title}`);
    assert.ok(commands.includes('initlens: Show Pod Startup'));
    assert.ok(commands.includes('initlens: Restart Language Server'));
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces, { supported: true });
    assert.equal(pkg.capabilities.virtualWorkspaces.supported, 'limited');
    assert.ok(fs.existsSync(path.join(ROOT, pkg.icon)), pkg.icon);
    for (const g of pkg.contributes.grammars ?? []) assert.ok(fs.existsSync(path.join(ROOT, g.path)), g.path);
  });
});

describe('the .vsix README', () => {
  test('relative links become text and pictures go: vsce has no repository to resolve them against', async () => {
    const { vsixReadme } = await import('../../scripts/package.mjs');
    const out = vsixReadme(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    assert.doesNotMatch(out, /\]\((?!https?:|#|mailto:)/, 'no relative link or image is left');
    assert.match(out, /## The language server and the extension/);
    assert.equal(
      vsixReadme('a [docs](docs/x.md) b\n\n![pic](docs/images/p.png)\n\n| a | b |\n|---|---|\n| ![x](x.png) | ![y](y.png) |\n\nend [web](https://example.org)'),
      'a docs b\n\nend [web](https://example.org)',
    );
  });
});
