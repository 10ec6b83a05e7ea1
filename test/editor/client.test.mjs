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
const render = require(path.join(ROOT, 'client/out/webview/render.js'));
const { renderPlan, renderPage, describe: describePlan, escapeHtml } = render;
const { startupViewHtml } = require(path.join(ROOT, 'client/out/webview/page.js'));
const { parseFile } = require(path.join(ROOT, 'server/out/model/file.js'));
const { planAt, filePlans } = require(path.join(ROOT, 'server/out/features/startup.js'));
const { WorkspaceIndex } = require(path.join(ROOT, 'server/out/workspace/index.js'));
const { DEFAULT_KUBERNETES_VERSION } = require(path.join(ROOT, 'server/out/config/options.js'));
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
  const [web, job] = filePlans(model, DEFAULT_KUBERNETES_VERSION).map((p) => p.plan);

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
    assert.deepEqual(
      r.summary.lanes.map((l) => `${l.name}:${l.from}-${l.to}`),
      ['log-agent:1-4', 'report:2-3'],
    );
    assert.deepEqual(r.summary.statuses.slice(-2), ['Running → Completed', 'Completed']);
  });

  test('the picture is an accessible SVG and the table says the same in text', () => {
    const r = renderPlan(web);
    assert.match(r.svg, /^<svg [^>]*role="img" aria-labelledby="plan-svg-title plan-svg-desc"/);
    assert.match(
      r.svg,
      /<desc id="plan-svg-desc">Timeline of Deployment web: init containers wait-db, then proxy \(sidecar\), then migrate; then app and worker start together/,
    );
    assert.equal((r.table.match(/<tr><th scope="row">\d+<\/th>/g) ?? []).length, web.steps.length, 'one row per step');
    for (const s of web.steps) assert.ok(r.table.includes(escapeHtml(s.action)), s.action);
    assert.match(r.table, /<caption>Effective pod resources/);
    assert.match(describePlan(web), /Pod requests: cpu 600m \(peak during migrate\), memory 576Mi \(peak during migrate\)\./);
  });

  test('nothing remote, nothing inline that the CSP would block, and names are escaped', () => {
    const evil = parseFile(WEB.replace('name: worker', 'name: "w<script>alert(1)</script>&"'));
    const r = renderPlan(planAt(evil, { line: 3, character: 0 }, DEFAULT_KUBERNETES_VERSION));
    const html = r.svg + r.table;
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /w&lt;script&gt;alert\(1\)&lt;\/script&gt;&amp;/);
    assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
  });

  // Every string a manifest controls, with a script tag and an attribute break-out in it.
  const SCRIPT = '<script>alert(1)</script>';
  const BREAKOUT = '"><img src=x onerror=alert(2)>';
  const q = (s) => JSON.stringify(s);
  const HOSTILE = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${q(`web${SCRIPT}${BREAKOUT}`)}`,
    `  annotations: { note: ${q(BREAKOUT)} }`,
    'spec:',
    '  selector: { matchLabels: { app: web } }',
    '  template:',
    '    metadata: { labels: { app: web } }',
    '    spec:',
    '      initContainers:',
    `        - name: ${q(`init${SCRIPT}`)}`,
    '          image: busybox:1.36',
    `          command: ["sh", "-c", ${q(`echo ${SCRIPT}${BREAKOUT}; until nslookup db; do sleep 2; done`)}]`,
    `          resources: { requests: { cpu: 100m, ${q(`example.com/${BREAKOUT}`)}: 1 }, limits: { memory: 64Mi } }`,
    `        - name: ${q(`proxy${BREAKOUT}`)}`,
    `          image: ${q(`envoy:${BREAKOUT}`)}`,
    '          restartPolicy: Always',
    `          args: [${q(SCRIPT)}, ${q(BREAKOUT)}]`,
    `          startupProbe: { exec: { command: [${q(SCRIPT)}] } }`,
    '      containers:',
    `        - name: ${q(`${BREAKOUT}app`)}`,
    '          image: nginx:1.27',
    `          command: [${q(BREAKOUT)}]`,
    `          lifecycle: { postStart: { exec: { command: ["sh", "-c", ${q(SCRIPT)}] } }, preStop: { exec: { command: [${q(BREAKOUT)}] } } }`,
    '',
  ].join('\n');
  // The elements the view draws; anything else in the markup came from a manifest.
  const ELEMENTS = new Set(
    'header h1 p span button div i svg title desc rect text line path circle section table caption thead tbody tr th td code ul li h3'.split(' '),
  );

  function assertInert(html, what) {
    for (const [, name] of html.matchAll(/<\/?([a-zA-Z][\w:-]*)/g)) assert.ok(ELEMENTS.has(name), `${what}: an element <${name}> that the view does not draw`);
    assert.doesNotMatch(html, /<script|<img|<iframe|<object|<embed|javascript:/i, what);
    // Attributes: only the view's own, each value quoted with no quote or angle bracket inside.
    for (const [tag] of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
      const rest = tag.replace(/^<[\w:-]+/, '').replace(/\/?>$/, '');
      const attributes = [...rest.matchAll(/\s([\w:-]+)="([^"<>]*)"/g)];
      assert.equal(rest.replace(/\s([\w:-]+)="([^"<>]*)"/g, '').trim(), '', `${what}: ${tag}`);
      for (const [, name] of attributes) assert.doesNotMatch(name, /^on|^style$|^href$|^src$/i, `${what}: ${tag}`);
    }
  }

  test('every string from a manifest is escaped: <script> and "><img onerror> in names, commands, resources, the source', () => {
    const plans = filePlans(parseFile(HOSTILE), DEFAULT_KUBERNETES_VERSION);
    assert.equal(plans.length, 1);
    const plan = plans[0].plan;
    const page = renderPage({ type: 'plan', plan, source: `${BREAKOUT}.yaml:4` });
    assertInert(page.html, 'the page');
    // The names are there, as text.
    assert.match(page.html, /<h1>Startup of Deployment web&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;<\/h1>/);
    assert.match(page.html, /<button class="link" data-line="15" data-i="1">proxy&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;<\/button>/);
    assert.match(page.html, /<p class="source">&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;\.yaml:4 · /);
    assert.match(page.html, /<th scope="row">example\.com\/&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt; request<\/th>/);
    assert.deepEqual(
      page.summary.lanes.map((l) => l.name),
      [`init${SCRIPT}`, `proxy${BREAKOUT}`, `${BREAKOUT}app`],
    );
    const r = renderPlan(plan);
    assertInert(r.svg, 'the picture');
    assertInert(r.table, 'the table');
    // A message instead of a plan is escaped too.
    const none = renderPage({ type: 'plan', plan: null, source: '', message: `No pod: ${SCRIPT}${BREAKOUT}` });
    assertInert(none.html, 'the message');
    assert.equal(none.summary, null);
  });

  /** The plans of `text` with a workspace of `files` (relative names as the server gives them). */
  function workspacePlans(text, files) {
    const index = new WorkspaceIndex();
    for (const [file, content] of Object.entries(files)) index.setText(`/w/${file}`, content, 0);
    const ws = { facts: index.facts(), relative: (f) => f.slice('/w/'.length) };
    return filePlans(parseFile(text), DEFAULT_KUBERNETES_VERSION, ws).map((p) => p.plan);
  }
  const WS_APP = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: api }',
    'spec:',
    '  replicas: 2',
    '  selector: { matchLabels: { app: api } }',
    '  template:',
    '    metadata: { labels: { app: api } }',
    '    spec:',
    '      initContainers:',
    '        - name: wait-db',
    '          image: busybox:1.36',
    '          command: ["sh", "-c", "until nc -z postgres 5432 && nc -z redis 6379; do sleep 2; done"]',
    '        - name: migrate',
    '          image: migrate:4',
    '          env:',
    '            - { name: PASSWORD, valueFrom: { secretKeyRef: { name: db, key: passwd } } }',
    '      containers:',
    '        - { name: app, image: api:1 }',
    '',
  ].join('\n');
  const WS_DB = [
    'apiVersion: v1',
    'kind: Service',
    'metadata: { name: postgres }',
    'spec: { ports: [{ port: 5432 }] }',
    '---',
    'apiVersion: v1',
    'kind: Secret',
    'metadata: { name: db }',
    'stringData: { password: x }',
    '---',
    'apiVersion: policy/v1',
    'kind: PodDisruptionBudget',
    'metadata: { name: api }',
    'spec: { minAvailable: 2, selector: { matchLabels: { app: api } } }',
    '',
  ].join('\n');

  test('with the workspace: the Service on its lane, a mark where something is missing, the table and the budgets say it in text', () => {
    const [plan] = workspacePlans(WS_APP, { 'db/db.yaml': WS_DB });
    const r = renderPlan(plan);
    assert.deepEqual(
      r.summary.workspace.map((w) => [w.step, w.lane, w.mark, w.label.split('\n').length]),
      [
        [1, 'wait-db', 'service', 1],
        [1, 'wait-db', 'missing', 1],
        [2, 'migrate', 'missing', 1],
      ],
    );
    assert.equal(r.summary.workspace[0].label, '→ postgres');
    assert.match(
      r.svg,
      /<text [^>]*class="mark-label service-label">→ postgres<title>postgres:5432 \(nc postgres 5432\): Service postgres, db\/db\.yaml:1<\/title><\/text>/,
    );
    assert.match(
      r.svg,
      /<circle [^>]*class="missing-mark"><title>redis:6379 \(nc redis 6379\): no Service &quot;redis&quot; in namespace &quot;default&quot; in the workspace; /,
    );
    assert.ok(
      r.table.includes(
        '<li class="missing">Missing: key &quot;passwd&quot; of Secret db (env PASSWORD secretKeyRef; db/db.yaml:6 has no such key) → Init:CreateContainerConfigError: the kubelet does not start migrate (CreateContainerConfigError) and retries until the key exists</li>',
      ),
    );
    assert.ok(r.table.includes('<li>wait-db connects to postgres:5432 (nc postgres 5432): Service postgres, db/db.yaml:1</li>'));
    assert.deepEqual(r.summary.budgets, ['api (db/db.yaml:11)']);
    assert.match(
      r.table,
      /<h3>Disruption budgets<\/h3><ul class="budgets"><li>PodDisruptionBudget api \(db\/db\.yaml:11\): minAvailable 2 — allows no eviction<\/li><\/ul>/,
    );
    // The legend names the mark only when the picture has one.
    assert.match(renderPage({ type: 'plan', plan, source: 'api.yaml:1' }).html, /<i class="k-missing"><\/i>not in the workspace/);
    const [bare] = workspacePlans(WS_APP, {});
    const plain = renderPage({ type: 'plan', plan: bare, source: 'api.yaml:1' });
    assert.deepEqual(plain.summary.workspace, []);
    assert.doesNotMatch(plain.html, /k-missing|Disruption budgets/);
  });

  test('workspace strings are escaped too: file names, budget names, keys', () => {
    const evilDb = WS_DB.replace('metadata: { name: api }', `metadata: { name: ${q(`api${SCRIPT}`)} }`).replace(
      'stringData: { password: x }',
      `stringData: { ${q(`pass${BREAKOUT}`)}: x }`,
    );
    const [plan] = workspacePlans(WS_APP, { [`${BREAKOUT}.yaml`]: evilDb });
    const page = renderPage({ type: 'plan', plan, source: 'api.yaml:1' });
    assertInert(page.html, 'the page with the workspace');
    assert.match(page.html, /PodDisruptionBudget api&lt;script&gt;alert\(1\)&lt;\/script&gt; \(&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;\.yaml:11\)/);
    assert.match(page.html, /Service postgres, &quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;\.yaml:1/);
  });

  test('the page: a strict Content-Security-Policy, a nonce on its one script and one stylesheet, nothing remote', () => {
    const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
    const nonce = 'Zm9vYmFyYmF6cXV4cXV1eA==';
    const scriptUri = `${cspSource}/home/u/.vscode/extensions/initlens/dist/startupView.js`;
    const html = startupViewHtml({ nonce, cspSource, scriptUri });
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
    assert.equal(metas.length, 1, 'one CSP');
    assert.ok(html.indexOf(metas[0][0]) < html.indexOf('<style'), 'the CSP comes before anything it governs');
    const csp = metas[0][1].replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    assert.deepEqual(directives, {
      'default-src': ["'none'"],
      'img-src': [cspSource, 'data:'],
      'style-src': [`'nonce-${nonce}'`],
      'script-src': [`'nonce-${nonce}'`],
      'font-src': [cspSource],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
    });
    assert.doesNotMatch(csp, /unsafe-|\*|\bhttps?:(?!\/\/file\+\.vscode-resource)|blob:|filesystem:/);
    // One script, external, nonce'd, from the extension; one stylesheet, nonce'd; nothing else loads.
    const scripts = [...html.matchAll(/<script([^>]*)>([^]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0][1], ` nonce="${nonce}" src="${scriptUri}"`);
    assert.equal(scripts[0][2], '', 'no inline script');
    assert.deepEqual(
      [...html.matchAll(/<style([^>]*)>/g)].map((m) => m[1]),
      [` nonce="${nonce}"`],
    );
    assert.doesNotMatch(html, /<link|<img|<iframe|<object|<embed|<base|\son[a-z]+=|\sstyle=/i);
    // The page script runs under script-src without 'unsafe-eval': it must not need it.
    const bundle = fs.readFileSync(path.join(ROOT, 'dist/startupView.js'), 'utf8');
    assert.doesNotMatch(bundle, /\beval\(|new Function\(|\bimport\(/);
  });

  test('Kubernetes quantities to scale: the plan carries the numbers, the view parses none', () => {
    // (Quantity → number is Quantity.toNumber, tested in test/src/model/quantity.test.ts.)
    assert.equal(render.quantityValue, undefined);
    assert.deepEqual(
      web.steps.map((s) => s.amounts.requests.cpu ?? 0),
      [0, 0.1, 0.6, 0.55, 0.55, 0.1],
    );
    assert.deepEqual(
      web.steps.map((s) => s.amounts.requests.memory ?? 0),
      [0, 64, 576, 448, 448, 64].map((n) => n * 2 ** 20),
    );
    // Drawn to scale from those numbers: the peak step is the highest, an empty step sits on the axis.
    const r = renderPlan({
      ...web,
      steps: web.steps.map((s, i) => ({ ...s, amounts: { ...s.amounts, requests: { ...s.amounts.requests, cpu: i === 1 ? 9 : 0 } } })),
    });
    assert.deepEqual(r.summary.charts[0].peakSteps, [2]);
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
    for (const key of [
      'initlens.kubernetesVersion',
      'initlens.rules',
      'initlens.codeLens.enable',
      'initlens.schema.enable',
      'initlens.exclude',
      'initlens.trace.server',
    ]) {
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
