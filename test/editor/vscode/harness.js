// A small test runner and helpers for the suite that runs inside VS Code's extension host (real
// `vscode` API). No framework: the cases run in order, each with a time limit; the results go to
// $INITLENS_E2E_RESULT (when set) and the run fails if any case failed.
'use strict';
const vscode = require('vscode');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const EXTENSION_ID = 'initlens.initlens';
const CASE_TIMEOUT_MS = 60_000;
const cases = [];

function test(name, fn, { timeout = CASE_TIMEOUT_MS } = {}) {
  cases.push({ name, fn, timeout });
}

function withTimeout(promise, ms, name) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
    }),
  ]);
}

async function runAll() {
  const results = [];
  const t0 = Date.now();
  for (const c of cases) {
    const start = Date.now();
    try {
      await withTimeout(Promise.resolve().then(c.fn), c.timeout, c.name);
      results.push({ name: c.name, ok: true, ms: Date.now() - start });
      console.log(`ok - ${c.name} (${Date.now() - start} ms)`);
    } catch (e) {
      results.push({ name: c.name, ok: false, ms: Date.now() - start, error: String((e && e.stack) || e) });
      console.error(`not ok - ${c.name}\n${(e && e.stack) || e}`);
      await screenshot(`failure-${c.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).catch(() => undefined);
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  const report = { vscodeVersion: vscode.version, appName: vscode.env.appName, ms: Date.now() - t0, passed: results.length - failed, failed, results };
  if (process.env.INITLENS_E2E_RESULT) fs.writeFileSync(process.env.INITLENS_E2E_RESULT, JSON.stringify(report, null, 1));
  console.log(`${results.length - failed} passed, ${failed} failed`);
  if (failed)
    throw new Error(
      `${failed} of ${results.length} editor tests failed: ${results
        .filter((r) => !r.ok)
        .map((r) => r.name)
        .join('; ')}`,
    );
}

// ---------------------------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something truthy; throws with `what` (and the last value) after `ms`. */
async function waitFor(fn, what, ms = 20_000, every = 50) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < ms) {
    last = await fn();
    if (last) return last;
    await sleep(every);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last !== undefined ? ` (last: ${JSON.stringify(last)})` : ''}`);
}

function folder() {
  const f = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(f, 'the suite needs a workspace folder (test/editor/workspace)');
  return f.uri;
}

function fileUri(relative) {
  return vscode.Uri.joinPath(folder(), ...relative.split('/'));
}

async function open(relative, options = {}) {
  const uri = typeof relative === 'string' ? fileUri(relative) : relative;
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false, ...options });
  return { uri, document, editor };
}

async function extensionApi() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  await api.ready();
  return { ext, api };
}

function codeOf(d) {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

function ours(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'initlens');
}

function show(diagnostics, document) {
  return diagnostics.map(
    (d) =>
      `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}${document ? ` "${document.getText(d.range)}"` : ''}`,
  );
}

/** Position of the `n`th occurrence (0-based) of `needle` in the document. */
function positionOf(document, needle, n = 0, delta = 0) {
  const text = document.getText();
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (#${n}) is in ${document.uri.path}`);
  }
  return document.positionAt(at + delta);
}

function rangeOf(document, needle, n = 0) {
  const start = positionOf(document, needle, n);
  return new vscode.Range(start, start.translate(0, needle.length));
}

async function setSetting(key, value, target = vscode.ConfigurationTarget.Workspace) {
  await vscode.workspace.getConfiguration().update(key, value, target);
}

async function replaceAll(document, text) {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit');
}

/** Asks the harness (scripts/e2e/vscode.mjs) for a screenshot of the page; nothing without it. */
async function screenshot(name, settleMs = 600, clip) {
  const control = process.env.INITLENS_E2E_CONTROL;
  if (!control) return undefined;
  const r = await fetch(`${control}/shot?name=${encodeURIComponent(name)}&settleMs=${settleMs}${clip ? `&clip=${clip.join(',')}` : ''}`);
  return r.ok ? (await r.json()).file : undefined;
}

async function pressKey(key) {
  const control = process.env.INITLENS_E2E_CONTROL;
  if (control) await fetch(`${control}/key?key=${encodeURIComponent(key)}`);
}

/**
 * Clicks, as a person would, the first element matching `selector` that contains `text`; false
 * without the harness (the desktop runner), so a case can fall back to a command.
 */
async function click(selector, text) {
  const control = process.env.INITLENS_E2E_CONTROL;
  if (!control) return false;
  const r = await fetch(`${control}/click?selector=${encodeURIComponent(selector)}&text=${encodeURIComponent(text)}`);
  if (!r.ok) throw new Error(`clicking "${text}" in ${selector}: ${await r.text()}`);
  return true;
}

/** The language server's process id, from /proc (Linux): the child of this extension host running dist/server.js. */
function serverPids() {
  if (!fs.existsSync('/proc')) return [];
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(path.join('/proc', entry, 'cmdline'), 'utf8').split('\0');
      const stat = fs.readFileSync(path.join('/proc', entry, 'stat'), 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && cmdline.some((a) => a.endsWith(path.join('dist', 'server.js')))) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

module.exports = {
  vscode,
  assert,
  test,
  runAll,
  sleep,
  waitFor,
  fileUri,
  open,
  extensionApi,
  codeOf,
  ours,
  show,
  positionOf,
  rangeOf,
  setSetting,
  replaceAll,
  screenshot,
  pressKey,
  click,
  serverPids,
  EXTENSION_ID,
};
