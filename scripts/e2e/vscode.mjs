// Runs the extension's editor suite (test/editor/vscode/index.js, the `run()` module form that
// @vscode/test-electron uses) inside a real VS Code: the VS Code server bundled in code-server,
// on Node 24, on loopback, opened by headless Chromium through playwright-core.
//
//   const r = await runVsCodeSuite({ mode: 'development' | 'installed', vsix, screenshots });
//
// - The server runs under its own session (setsid) and the whole process group is killed at the
//   end: its file watcher outlives the server's own pid.
// - Every run gets fresh user data, extensions and a copy of test/editor/workspace/.
// - The suite asks for screenshots, key presses and clicks over a loopback HTTP endpoint
//   (INITLENS_E2E_CONTROL); each screenshot is a PNG of what a person would see, written to
//   `screenshots` (docs/images by `npm run screenshots`).
// - `installed` installs the .vsix with the server's `--install-extension` and runs the same suite
//   against that copy (the development path is then a one-file host extension without code).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { CACHE, CHROMIUM, node24Env, NODE24, ROOT, TOOLS_DIR, VSCODE_SERVER_MAIN } from './provision.mjs';

export const SUITE = path.join(ROOT, 'test', 'editor', 'vscode', 'index.js');
export const WORKSPACE_TEMPLATE = path.join(ROOT, 'test', 'editor', 'workspace');
export const TEST_HOST = path.join(ROOT, 'test', 'editor', 'vscode', 'host');

const SUITE_TIMEOUT_MS = 240_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

/** Settings every run starts from: no prompts, no telemetry, nothing fetched, restricted mode kept. */
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  // The workspace stays untrusted (restricted mode), without the modal prompt or the banner:
  // the extension declares it works there, and the suite checks that it does.
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'github.gitAuthentication': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
};

async function startServer(run, env) {
  const port = await freePort();
  const logFile = path.join(run, 'server.log');
  const out = fs.openSync(logFile, 'w');
  const child = spawn(
    NODE24,
    [
      VSCODE_SERVER_MAIN,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--server-data-dir',
      path.join(run, 'server-data'),
      '--extensions-dir',
      path.join(run, 'extensions'),
      '--telemetry-level',
      'off',
      '--enable-smoke-test-driver',
    ],
    { detached: true, stdio: ['ignore', out, out], env },
  );
  fs.closeSync(out);
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  const onExit = () => signal('SIGKILL');
  process.once('exit', onExit);
  /** Ends the server's whole process group: SIGTERM, then SIGKILL after 5 s. */
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (!signal('SIGTERM')) return;
    const t0 = Date.now();
    while (Date.now() - t0 < 5000) {
      await new Promise((r) => setTimeout(r, 100));
      if (!signal(0)) return;
    }
    signal('SIGKILL');
  };
  const t0 = Date.now();
  while (Date.now() - t0 < 60_000) {
    const text = fs.readFileSync(logFile, 'utf8');
    if (/Extension host agent listening on/.test(text)) return { port, stop, logFile };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the VS Code server did not start:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
}

/**
 * The loopback endpoint the suite calls: GET /shot?name=x[&clip=…] (a screenshot), /key?key=…
 * (a key press), /click?selector=…&text=… (a mouse click on an element showing that text).
 */
function controlServer(getPage, screenshots, shots) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      const page = getPage();
      if (url.pathname === '/shot' && page) {
        const name = (url.searchParams.get('name') ?? 'shot').replace(/[^a-z0-9-]/gi, '');
        const file = path.join(screenshots, `${name}.png`);
        await new Promise((r) => setTimeout(r, Number(url.searchParams.get('settleMs') ?? 400)));
        // clip=x,y,width,height in fractions of the page (0.385,0,0.615,1: the right part).
        const clip = url.searchParams.get('clip')?.split(',').map(Number);
        const size = page.viewportSize();
        await page.screenshot({
          path: file,
          ...(clip && clip.length === 4 && size
            ? {
                clip: {
                  x: Math.round(clip[0] * size.width),
                  y: Math.round(clip[1] * size.height),
                  width: Math.round(clip[2] * size.width),
                  height: Math.round(clip[3] * size.height),
                },
              }
            : {}),
        });
        shots.push(file);
        res.end(JSON.stringify({ file }));
      } else if (url.pathname === '/key' && page) {
        await page.keyboard.press(url.searchParams.get('key') ?? 'Escape');
        res.end('{}');
      } else if (url.pathname === '/click' && page) {
        // A click as a person makes it: the first element matching the CSS selector that contains the text.
        const target = page.locator(url.searchParams.get('selector') ?? 'body', { hasText: url.searchParams.get('text') ?? '' }).first();
        await target.click({ timeout: Number(url.searchParams.get('timeoutMs') ?? 10_000) });
        res.end('{}');
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    } catch (e) {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: String(e) }));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function installVsix(run, vsix, env) {
  const r = spawnSync(
    NODE24,
    [
      VSCODE_SERVER_MAIN,
      '--install-extension',
      vsix,
      '--force',
      '--extensions-dir',
      path.join(run, 'extensions'),
      '--server-data-dir',
      path.join(run, 'server-data'),
      '--accept-server-license-terms',
    ],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  const text = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(text)) throw new Error(`installing ${vsix} failed (${r.status}):\n${text.slice(-3000)}`);
  return text.trim();
}

/**
 * Runs the suite once. Resolves with { exitCode, results, log, ms, shots }; `results` is what
 * the suite wrote (one entry per case).
 */
export async function runVsCodeSuite({ mode = 'development', vsix, screenshots, keepRun = false } = {}) {
  const t0 = Date.now();
  fs.mkdirSync(path.join(CACHE, 'runs'), { recursive: true });
  const run = fs.mkdtempSync(path.join(CACHE, 'runs', `${mode}-`));
  const workspace = path.join(run, 'workspace');
  copyDir(WORKSPACE_TEMPLATE, workspace);
  // Machine settings of the server, and the user settings the web client keeps on the server
  // (application-scoped ones such as workspace trust are read only from there).
  for (const scope of ['Machine', 'User']) {
    const dir = path.join(run, 'server-data', 'data', scope);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  }
  fs.mkdirSync(path.join(run, 'extensions'), { recursive: true });
  const shotsDir = screenshots ?? path.join(run, 'screenshots');
  fs.mkdirSync(shotsDir, { recursive: true });
  const resultFile = path.join(run, 'results.json');

  let page;
  const shots = [];
  const control = await controlServer(() => page, shotsDir, shots);
  const env = {
    ...node24Env(),
    INITLENS_E2E_CONTROL: `http://127.0.0.1:${control.address().port}`,
    INITLENS_E2E_RESULT: resultFile,
    INITLENS_E2E_MODE: mode,
    INITLENS_E2E_ROOT: ROOT,
  };
  delete env.ELECTRON_RUN_AS_NODE;
  let installLog;
  if (mode === 'installed') {
    if (!vsix) throw new Error('mode "installed" needs a .vsix');
    installLog = installVsix(run, vsix, env);
    env.INITLENS_E2E_INSTALLED = path.join(run, 'extensions');
  }
  const server = await startServer(run, env);
  const log = [];
  let browser;
  let passed = false;
  try {
    const require = createRequire(path.join(TOOLS_DIR, 'package.json'));
    const { chromium } = require('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    });
    // The clipboard permissions let the suite read what a "Copy" link copied (vscode.env.clipboard).
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    let done;
    const exited = new Promise((resolve) => (done = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => log.push(`[${type}] ${(args ?? []).map(String).join(' ')}`));
    await page.exposeFunction('codeAutomationExit', async (code) => done(code));
    page.on('pageerror', (e) => log.push(`pageerror ${String(e).slice(0, 300)}`));
    const host = `127.0.0.1:${server.port}`;
    const remote = (p) => `vscode-remote://${host}${p}`;
    const devPath = mode === 'installed' ? TEST_HOST : ROOT;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(devPath)],
      ['extensionTestsPath', remote(SUITE)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ]);
    await page.goto(`http://${host}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const timer = setTimeout(() => done('timeout'), SUITE_TIMEOUT_MS);
    const exitCode = await exited;
    clearTimeout(timer);
    if (exitCode !== 0) await page.screenshot({ path: path.join(shotsDir, `failure-${mode}.png`) }).catch(() => undefined);
    const results = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : undefined;
    passed = exitCode === 0;
    if (!passed) fs.writeFileSync(path.join(run, 'browser.log'), log.join('\n'));
    return { exitCode, results, log, ms: Date.now() - t0, shots, run, installLog, serverLog: server.logFile };
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
    control.close();
    // A failed run is kept for its screenshots and logs (.vscode-test/runs/<mode>-*/).
    if (passed && !keepRun && !process.env.INITLENS_E2E_KEEP) fs.rmSync(run, { recursive: true, force: true, maxRetries: 3 });
  }
}

export function chromiumVersion() {
  return spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout?.trim();
}
