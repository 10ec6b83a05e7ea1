// The extension in a real VS Code: what a user sees, asserted through the `vscode` API.
// Fixtures: test/editor/workspace/ (copied fresh for every run).
'use strict';
const h = require('./harness');
const { vscode, assert, test, waitFor, open, ours, codeOf, show, positionOf, rangeOf, setSetting, screenshot, pressKey, sleep } = h;

const WEB = 'web.yaml';
const SHIPPER = 'shipper.yaml';
let api;

const STARTUP_TITLE = 'Startup: ① wait-db → ② proxy (sidecar) → ③ migrate → app ‖ worker';
const REQUESTS_TITLE = 'Requests: cpu 600m (init peak: migrate) · memory 576Mi (init peak: migrate)';

async function diagnosticsOf(uri, predicate = (ds) => ds.length > 0, what = `initlens diagnostics on ${uri.path}`) {
  return waitFor(() => {
    const ds = ours(uri);
    return predicate(ds) ? ds : false;
  }, what);
}

async function lensesOf(uri, resolve = 100) {
  return (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, resolve)) ?? [];
}

test('activates on a Kubernetes manifest, in an untrusted workspace', async () => {
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  const { uri } = await open(WEB);
  const { ext, api: a } = await h.extensionApi();
  api = a;
  assert.equal(ext.isActive, true);
  if (process.env.INITLENS_E2E_MODE) assert.equal(vscode.workspace.isTrusted, false, 'the harness keeps the workspace untrusted (restricted mode)');
  if (process.env.INITLENS_E2E_MODE === 'installed') {
    assert.ok(ext.extensionPath.startsWith(process.env.INITLENS_E2E_INSTALLED), `the installed .vsix is tested (${ext.extensionPath})`);
  } else if (process.env.INITLENS_E2E_ROOT) {
    assert.equal(ext.extensionPath, process.env.INITLENS_E2E_ROOT, 'the development copy is tested');
  }
  await waitFor(() => api.isServed(uri), 'web.yaml is served');
});

test('diagnostics with codes and ranges on opening a manifest', async () => {
  const { uri, document } = await open(WEB);
  const ds = await diagnosticsOf(uri, (d) => d.length >= 3);
  const got = show(ds, document);
  const expect = [
    ['schema', rangeOf(document, 'imagePulPolicy'), vscode.DiagnosticSeverity.Error],
    ['init-forbidden-field', rangeOf(document, 'readinessProbe'), vscode.DiagnosticSeverity.Error],
  ];
  for (const [code, range, severity] of expect) {
    const d = ds.find((x) => codeOf(x) === code && x.range.isEqual(range));
    assert.ok(d, `a ${code} diagnostic at ${range.start.line}:${range.start.character}-${range.end.character}; got ${got.join(', ')}`);
    assert.equal(d.severity, severity, `${code} severity`);
    assert.ok(d.message.length > 20, `${code} has a message`);
    assert.ok(typeof d.code === 'object' && d.code.target, `${code} links to its rule page`);
  }
  const limit = ds.find((x) => codeOf(x) === 'resources-request-exceeds-limit');
  assert.ok(limit, `resources-request-exceeds-limit reported; got ${got.join(', ')}`);
  assert.equal(limit.range.start.line, positionOf(document, 'requests: { cpu: 250m').line, 'on the requests line of app');
  assert.ok(/256M/.test(limit.message), limit.message);
  assert.equal(ours(h.fileUri('sidecar.yaml')).length, 0, 'no diagnostics for a file not opened');
});

test('code lenses: startup order, requests, and each init container', async () => {
  const { uri, document } = await open(WEB);
  const lenses = await waitFor(async () => {
    const ls = await lensesOf(uri);
    return ls.some((l) => l.command && l.command.title === STARTUP_TITLE) ? ls : false;
  }, 'the startup lens');
  const titles = lenses.map((l) => l.command && l.command.title);
  assert.ok(titles.includes(REQUESTS_TITLE), `requests lens; got ${JSON.stringify(titles)}`);
  assert.ok(
    titles.some((t) => t && t.startsWith('Init 2 of 3 · sidecar')),
    `the proxy's lens; got ${JSON.stringify(titles)}`,
  );
  assert.ok(
    titles.some((t) => t && t.startsWith('Init 3 of 3 · starts after proxy')),
    `the migrate lens; got ${JSON.stringify(titles)}`,
  );
  assert.ok(
    titles.some((t) => t === 'Startup: ① log-agent (sidecar) → report'),
    `the Job's lens; got ${JSON.stringify(titles)}`,
  );
  const startup = lenses.find((l) => l.command.title === STARTUP_TITLE);
  assert.equal(startup.range.start.line, positionOf(document, 'initContainers:').line, 'above initContainers:');
  for (const l of lenses) assert.equal(l.command.command, 'initlens.showStartup', `${l.command.title} opens the startup view`);
  // The picture for the README: lenses and squiggles, with the Problems panel.
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await open(WEB);
  await vscode.commands.executeCommand('revealLine', { lineNumber: 0, at: 'top' });
  await screenshot('editor-diagnostics-lenses', 1200);
  await vscode.commands.executeCommand('workbench.action.closePanel');
});

test('a quick fix through executeCodeActionProvider + applyEdit changes the document', async () => {
  const { uri, document, editor } = await open(WEB);
  const original = document.getText();
  const ds = await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'schema'));
  const schema = ds.find((x) => codeOf(x) === 'schema');
  // What a person sees: the light bulb menu on the squiggle.
  editor.selection = new vscode.Selection(schema.range.start, schema.range.start);
  editor.revealRange(schema.range, vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('editor.action.quickFix');
  await screenshot('quick-fix', 1200);
  await pressKey('Escape');

  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, schema.range, vscode.CodeActionKind.QuickFix.value);
  const titles = actions.map((a) => a.title);
  const fix = actions.find((a) => a.title === 'Change to `imagePullPolicy`');
  assert.ok(fix, `the schema fix is offered; got ${JSON.stringify(titles)}`);
  assert.ok(titles.includes('Disable schema for this line'), `the suppression is offered; got ${JSON.stringify(titles)}`);
  assert.equal(fix.isPreferred, true);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit');
  const line = document.lineAt(schema.range.start.line).text;
  assert.equal(line, '          imagePullPolicy: IfNotPresent', 'the key is renamed, nothing else on the line changes');
  assert.equal(document.getText(), original.replace('imagePulPolicy', 'imagePullPolicy'), 'only that key changed in the file');
  await diagnosticsOf(
    uri,
    (d) => !d.some((x) => codeOf(x) === 'schema') && d.some((x) => codeOf(x) === 'init-forbidden-field'),
    'the schema diagnostic gone, the others kept',
  );

  const disable = (
    await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, rangeOf(document, 'readinessProbe'), vscode.CodeActionKind.QuickFix.value)
  ).find((a) => a.title === 'Disable init-forbidden-field for this line');
  assert.ok(disable, 'Disable init-forbidden-field for this line');
  assert.ok(await vscode.workspace.applyEdit(disable.edit));
  assert.match(document.getText(), /# initlens-disable-next-line init-forbidden-field\n\s+readinessProbe:/);
  await diagnosticsOf(uri, (d) => !d.some((x) => codeOf(x) === 'init-forbidden-field'), 'the suppressed diagnostic gone');
  await h.replaceAll(document, original);
  await diagnosticsOf(
    uri,
    (d) => d.some((x) => codeOf(x) === 'schema') && d.some((x) => codeOf(x) === 'init-forbidden-field'),
    'the diagnostics back after the revert',
  );
});

test('hover: a container in the startup order, a field from the API reference', async () => {
  const { uri, document } = await open(WEB);
  const text = async (position) => {
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position)) ?? [];
    return hovers.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  };
  const proxy = await text(positionOf(document, 'name: proxy', 0, 7));
  assert.match(proxy, /proxy/);
  assert.match(proxy, /sidecar/i, proxy);
  assert.match(proxy, /startupProbe/, proxy);
  const command = await text(positionOf(document, 'command:', 0, 2));
  assert.match(command, /command/);
  assert.match(command, /[Ee]ntrypoint/, command);
});

test('a refactor chosen in the refactor menu: "Convert to native sidecar" on a log shipper', async () => {
  const { uri, document, editor } = await open(SHIPPER);
  await waitFor(() => api.isServed(uri), 'shipper.yaml is served');
  const original = document.getText();
  const at = positionOf(document, 'name: log-shipper', 0, 10);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
  const offered = await waitFor(async () => {
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, new vscode.Range(at, at), 'refactor')) ?? [];
    return actions.some((a) => a.title === 'Convert to native sidecar') ? actions.map((a) => a.title) : false;
  }, 'the refactors at the log shipper');
  assert.deepEqual(offered, ['Convert to native sidecar', 'Wait for Service db']);
  // What a person does: Ctrl+Shift+R ("Refactor..."), then a click on the action.
  await vscode.commands.executeCommand('editor.action.refactor');
  await screenshot('refactor-menu', 1000);
  const clicked = await h.click('.action-widget .monaco-list-row', 'Convert to native sidecar');
  // The desktop runner has no page to click in: the same menu command, told to apply its first rewrite.
  if (!clicked) await vscode.commands.executeCommand('editor.action.refactor', { kind: 'refactor.rewrite', apply: 'first' });
  const shipper = [
    '        - name: log-shipper',
    '          image: fluent/fluent-bit:3.1.9',
    '          args: ["--config", "/fluent-bit/etc/fluent-bit.yaml"]',
    '          volumeMounts:',
    '            - name: logs',
    '              mountPath: /var/log/shop',
    '              readOnly: true',
    '',
  ].join('\n');
  const sidecar = shipper.replace('- name: log-shipper\n', '- name: log-shipper\n          restartPolicy: Always\n');
  assert.ok(original.includes(shipper), 'the fixture has the shipper as an app container');
  const expected = original.replace(shipper, '').replace('    spec:\n      containers:\n', `    spec:\n      initContainers:\n${sidecar}      containers:\n`);
  await waitFor(() => document.getText() === expected, 'the log shipper moved to initContainers with restartPolicy: Always', 10_000);
  assert.equal(document.isDirty, true, 'applied in the editor, not saved');
  assert.equal(vscode.window.activeTextEditor.document, document, 'the same editor');
});

test('hover on a container name: the Debug section, with Copy and Open in terminal links that work', async () => {
  const { uri, document, editor } = await open(SHIPPER);
  const at = positionOf(document, 'name: log-shipper', 0, 10);
  const commands = [
    'kubectl logs -l app=shop -n store -c log-shipper --prefix',
    'kubectl logs -l app=shop -n store -c log-shipper --prefix --previous',
    'kubectl exec -it deploy/shop -n store -c log-shipper -- sh',
    'kubectl get pods -l app=shop -n store -w',
  ];
  const hovers = await waitFor(async () => {
    const hs = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, at)) ?? [];
    return hs.some((x) => x.contents.some((c) => typeof c !== 'string' && c.value.includes('**Debug**'))) ? hs : false;
  }, 'the Debug section in the hover of log-shipper (a sidecar since the refactor)');
  const markdown = hovers.flatMap((x) => x.contents).find((c) => typeof c !== 'string' && c.value.includes('**Debug**'));
  assert.ok(markdown.value.includes('`log-shipper` · Init 1 of 1 · sidecar'), markdown.value);
  assert.ok(markdown.value.includes(['```sh', ...commands, '```'].join('\n')), markdown.value);
  for (const c of commands) {
    const arg = encodeURIComponent(JSON.stringify([c]))
      .replace(/\(/g, '%28')
      .replace(/\)/g, '%29');
    assert.ok(markdown.value.includes(`[Copy](command:initlens.copyToClipboard?${arg})`), `a Copy link for ${c}`);
    assert.ok(markdown.value.includes(`[Open in terminal](command:initlens.openInTerminal?${arg})`), `an Open in terminal link for ${c}`);
  }
  // The client's middleware trusts exactly the two commands, nothing else.
  assert.deepEqual(markdown.isTrusted, { enabledCommands: ['initlens.copyToClipboard', 'initlens.openInTerminal'] });

  // What a person does: the hover on the name, then a click on the first "Copy".
  editor.selection = new vscode.Selection(at, at);
  await vscode.env.clipboard.writeText('');
  await vscode.commands.executeCommand('editor.action.showHover');
  await screenshot('hover-debug', 1000);
  if (await h.click('.monaco-hover a', 'Copy')) {
    await waitFor(async () => (await vscode.env.clipboard.readText()) === commands[0], 'the logs command on the clipboard', 10_000);
  } else {
    await vscode.commands.executeCommand('initlens.copyToClipboard', commands[0]);
    assert.equal(await vscode.env.clipboard.readText(), commands[0]);
  }
  await pressKey('Escape');
  // Open in terminal types the command and does not press Enter.
  await vscode.commands.executeCommand('initlens.openInTerminal', commands[3]);
  const terminal = await waitFor(() => vscode.window.terminals.find((t) => t.name === 'initlens'), 'the initlens terminal');
  await waitFor(() => vscode.window.activeTerminal === terminal, 'the initlens terminal shown');
  // A command line the server did not write (more than one line, not kubectl) is refused.
  const count = vscode.window.terminals.length;
  await vscode.commands.executeCommand('initlens.openInTerminal', 'kubectl get pods\nrm -rf ~');
  await vscode.commands.executeCommand('initlens.copyToClipboard', 'rm -rf ~');
  assert.equal(await vscode.env.clipboard.readText(), commands[0], 'the clipboard kept the last command');
  assert.equal(vscode.window.terminals.length, count);
  terminal.dispose();
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await open(SHIPPER);
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

test('completion: fields of a container and values of restartPolicy', async () => {
  const document = await vscode.workspace.openTextDocument({
    language: 'yaml',
    content:
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: proxy\n      image: envoy:1\n      restartPolicy: \n      \n  containers:\n    - name: app\n      image: app:1\n',
  });
  await vscode.window.showTextDocument(document);
  await waitFor(() => api.isServed(document.uri), 'the untitled manifest is served');
  const items = async (line, character) => {
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(line, character));
    return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  };
  const values = await waitFor(async () => {
    const l = await items(8, 21);
    return l.includes('Always') ? l : false;
  }, 'restartPolicy values');
  assert.ok(values.includes('Always'), JSON.stringify(values));
  const keys = await items(9, 6);
  for (const key of ['imagePullPolicy', 'resources', 'startupProbe']) assert.ok(keys.includes(key), `${key} offered; got ${JSON.stringify(keys.slice(0, 40))}`);
  assert.ok(!keys.includes('name'), 'a key already there is not offered again');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('the startup view opens from the lens command and draws the plan', async () => {
  const { uri } = await open(WEB);
  const lens = (await lensesOf(uri)).find((l) => l.command && l.command.title === STARTUP_TITLE);
  assert.ok(lens, 'the startup lens');
  await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
  const view = await waitFor(
    () => {
      const v = api.startupView();
      return v && v.rendered && v.rendered.title === 'Deployment web' ? v : false;
    },
    'the startup view of Deployment web',
    20_000,
  );
  assert.equal(view.visible, true);
  assert.equal(view.title, 'Startup: web');
  const r = view.rendered;
  assert.deepEqual(
    r.lanes.map((l) => `${l.name}:${l.role}:${l.from}-${l.to}${l.gate ? `:${l.gate}` : ''}`),
    ['wait-db:init:1-1', 'proxy:sidecar:2-6:startupProbe', 'migrate:init:3-3', 'app:app:4-5:postStart', 'worker:app:4-5'],
  );
  assert.deepEqual(r.phases, ['Init', 'Run', 'Termination']);
  assert.deepEqual(r.statuses, ['Init:0/3', 'Init:1/3', 'Init:2/3', 'PodInitializing → Running', 'Terminating', 'Terminating']);
  const cpu = r.charts.find((c) => c.resource === 'cpu');
  const memory = r.charts.find((c) => c.resource === 'memory');
  assert.deepEqual(cpu && [cpu.peak, cpu.peakSteps], ['600m', [3]]);
  assert.deepEqual(memory && [memory.peak, memory.peakSteps], ['576Mi', [3]]);
  assert.equal(r.tableRows, 6, 'one table row per step');
  // The picture for the README: the manifest on the left, the view on the right.
  await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: 0.36 }, { size: 0.64 }] });
  await screenshot('startup-view', 1200);
});

test('the startup view works in light and high-contrast themes', async () => {
  const before = api.startupView().renders;
  try {
    for (const [theme, name] of [
      ['Default Light Modern', 'startup-view-light'],
      ['Default High Contrast', 'startup-view-high-contrast'],
    ]) {
      await setSetting('workbench.colorTheme', theme, vscode.ConfigurationTarget.Global);
      await sleep(800);
      assert.ok(api.startupView().rendered, `the view still shows the plan in ${theme}`);
      await screenshot(name, 1000, [0.385, 0, 0.615, 1]); // the view only
    }
  } finally {
    await setSetting('workbench.colorTheme', undefined, vscode.ConfigurationTarget.Global);
  }
  assert.ok(api.startupView().renders >= before);
});

test('the startup view follows the cursor to the pod under it and updates as the user types', async () => {
  const { document, editor } = await open(WEB, { viewColumn: vscode.ViewColumn.One });
  const job = positionOf(document, 'name: log-agent', 0, 8);
  editor.selection = new vscode.Selection(job, job);
  let view = await waitFor(() => {
    const v = api.startupView();
    return v && v.rendered && v.rendered.title === 'Job report' ? v : false;
  }, 'the view to follow the cursor to the Job');
  assert.deepEqual(
    view.rendered.lanes.map((l) => l.name),
    ['log-agent', 'report'],
  );
  assert.deepEqual(view.rendered.statuses.slice(-2), ['Running → Completed', 'Completed']);
  // Typing: rename the Job's app container.
  const at = rangeOf(document, 'name: report', 1);
  await editor.edit((b) => b.replace(new vscode.Range(at.start.translate(0, 6), at.end), 'reporter'));
  view = await waitFor(() => {
    const v = api.startupView();
    return v && v.rendered && v.rendered.lanes.some((l) => l.name === 'reporter') ? v : false;
  }, 'the view to redraw after typing');
  // Back to the Deployment with the palette command (no arguments: the cursor).
  const web = positionOf(document, 'name: migrate', 0, 8);
  editor.selection = new vscode.Selection(web, web);
  await vscode.commands.executeCommand('initlens.showStartup');
  await waitFor(() => {
    const v = api.startupView();
    return v && v.rendered && v.rendered.title === 'Deployment web';
  }, 'the palette command to show the Deployment');
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

test('YAML that is not Kubernetes is left alone until it becomes a manifest', async () => {
  const { uri } = await open('values.yaml');
  await sleep(1500);
  assert.equal(api.isServed(uri), false, 'values.yaml is not sent to the server');
  assert.deepEqual(ours(uri), [], 'no diagnostics on Helm values');
  assert.deepEqual(await lensesOf(uri), [], 'no lenses on Helm values');
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'greeting: hello\n' });
  const editor = await vscode.window.showTextDocument(document);
  await sleep(500);
  assert.equal(api.isServed(document.uri), false);
  await editor.edit((b) =>
    b.insert(
      new vscode.Position(1, 0),
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: app\n      image: app:1\n      imagePulPolicy: Always\n',
    ),
  );
  await waitFor(() => api.isServed(document.uri), 'the document is served once it has apiVersion and kind');
  const ds = await diagnosticsOf(document.uri, (d) => d.some((x) => codeOf(x) === 'schema'));
  assert.ok(ds.length >= 1);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('settings take effect without a reload', async () => {
  const { uri, document } = await open(WEB);
  const sidecar = (await open('sidecar.yaml')).uri;
  await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'schema'));
  try {
    await setSetting('initlens.schema.enable', false);
    await diagnosticsOf(uri, (d) => d.length > 0 && !d.some((x) => codeOf(x) === 'schema'), 'schema diagnostics gone with initlens.schema.enable false');

    await setSetting('initlens.rules', { 'init-forbidden-field': 'warning' });
    await diagnosticsOf(
      uri,
      (d) => d.some((x) => codeOf(x) === 'init-forbidden-field' && x.severity === vscode.DiagnosticSeverity.Warning),
      'init-forbidden-field as a warning',
    );

    await setSetting('initlens.kubernetesVersion', '1.28');
    await diagnosticsOf(sidecar, (d) => d.some((x) => codeOf(x) === 'sidecar-unsupported-version'), 'sidecar-unsupported-version at 1.28');
    await setSetting('initlens.kubernetesVersion', '1.33');
    await diagnosticsOf(sidecar, (d) => !d.some((x) => codeOf(x) === 'sidecar-unsupported-version'), 'no sidecar-unsupported-version at 1.33', undefined);

    const excluded = (await open('excluded/pod.yaml')).uri;
    await diagnosticsOf(excluded, (d) => d.length > 0);
    await setSetting('initlens.exclude', ['excluded/**']);
    await waitFor(() => ours(excluded).length === 0 && !api.isServed(excluded), 'excluded/pod.yaml dropped by initlens.exclude');
    await setSetting('initlens.exclude', undefined);
    await diagnosticsOf(excluded, (d) => d.length > 0, 'excluded/pod.yaml back');

    await open(WEB);
    await setSetting('initlens.codeLens.enable', false);
    await waitFor(async () => (await lensesOf(uri)).length === 0, 'no lenses with initlens.codeLens.enable false');
    await setSetting('initlens.codeLens.enable', undefined);
    await waitFor(async () => (await lensesOf(uri)).length > 0, 'lenses back');

    await setSetting('initlens.trace.server', 'verbose');
    await waitFor(async () => {
      await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, positionOf(document, 'name: proxy', 0, 7));
      return api.trace().some((l) => /textDocument\/hover/.test(l));
    }, 'a hover request in the trace channel');
    await setSetting('initlens.trace.server', undefined);
    await sleep(300);
    const count = api.trace().length;
    await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, positionOf(document, 'name: proxy', 0, 7));
    await sleep(300);
    assert.equal(api.trace().length, count, 'nothing traced with initlens.trace.server off');
  } finally {
    for (const key of ['schema.enable', 'rules', 'kubernetesVersion', 'exclude', 'codeLens.enable', 'trace.server'])
      await setSetting(`initlens.${key}`, undefined);
  }
  await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'schema' && x.severity === vscode.DiagnosticSeverity.Error), 'defaults back');
});

test('the server is restarted after a crash, with a message, and by the command', async () => {
  const { uri, document } = await open(WEB);
  await diagnosticsOf(uri);
  const pids = h.serverPids();
  if (pids.length !== 1) {
    console.log(`skipping the crash: ${pids.length} server processes found (no /proc?)`);
    return;
  }
  const crashes = api.crashes().length;
  process.kill(pids[0], 'SIGKILL');
  const notice = await waitFor(() => api.crashes().length > crashes && api.crashes()[api.crashes().length - 1], 'the crash noticed');
  assert.equal(notice.restarted, true);
  assert.match(notice.message, /stopped unexpectedly and was restarted/);
  await api.ready();
  const next = await waitFor(() => {
    const p = h.serverPids();
    return p.length === 1 && p[0] !== pids[0] ? p[0] : false;
  }, 'a new server process');
  // The restarted server knows the open documents again.
  await waitFor(async () => {
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, positionOf(document, 'name: proxy', 0, 7));
    return hovers && hovers.length > 0;
  }, 'hover after the restart');
  await diagnosticsOf(uri);

  await vscode.commands.executeCommand('initlens.restartServer');
  await api.ready();
  await waitFor(() => {
    const p = h.serverPids();
    return p.length === 1 && p[0] !== next;
  }, 'another server process after initlens.restartServer');
  assert.equal(api.crashes().length, crashes + 1, 'a restart on demand is not a crash');
  await diagnosticsOf(uri);
  await vscode.commands.executeCommand('notifications.clearAll');
});
