// The language servers the benchmark drives, over stdio, with the project's real LSP test client
// (test/src/lsp/client.ts, compiled to test/out): initlens's server and yaml-language-server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const { TestClient } = require(path.join(ROOT, 'test/out/lsp/client.js'));
const { LineIndex } = require(path.join(ROOT, 'server/out/model/text.js'));

export const PEER_BIN = path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
/** yaml-language-server waits this long after a change before it validates (its own constant). */
export const PEER_DELAY_MS = 200;

export const now = () => performance.now();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * initlens's server, initialized, with the given debounce (ms); `env`: added to this process's
 * environment; `folder`: a workspace folder (its index is built in the background from then on).
 */
export async function startInitlens({ debounceMs, settings = {}, env = {}, folder } = {}) {
  const client = TestClient.start({ settings, env: { ...process.env, ...env } });
  await client.initialize({
    settings,
    initializationOptions: debounceMs === undefined ? {} : { debounceMs },
    ...(folder ? { workspaceFolders: [{ uri: `file://${folder}`, name: path.basename(folder) }] } : {}),
  });
  return client;
}

/** A server that only answers (floor-server.mjs): a didOpen's way there and back, nothing else. */
export async function startFloor() {
  const client = TestClient.start({ serverArgs: [path.join(ROOT, 'scripts/bench/floor-server.mjs'), '--stdio'] });
  await client.initialize({ initializationOptions: {} });
  return client;
}

/** yaml-language-server, offline, validating every *.yaml against `schemaFile` (../shared/recipes/README.md). */
export async function startPeer(schemaFile) {
  const settings = {
    yaml: {
      schemas: { [schemaFile]: ['*.yaml', '*.yml'] },
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
      validate: true,
      hover: true,
      completion: true,
      format: { enable: false },
    },
  };
  const client = TestClient.start({ settings, serverArgs: [PEER_BIN, '--stdio'] });
  await client.initialize({ settings, initializationOptions: {} });
  // It reads its settings when told they changed (pull model).
  const asked = client.configurationRequests.length;
  await client.notifyServer('workspace/didChangeConfiguration', { settings: null });
  await client.waitFor(() => (client.configurationRequests.length > asked ? true : undefined), 'yaml-language-server asks for its settings', 30_000);
  await sleep(200);
  return client;
}

/** Resident set size of a process in MB (Linux /proc, else ps). `peak`: the high-water mark. */
export function rssMb(pid, peak = false) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${peak ? 'VmHWM' : 'VmRSS'}:\\s+(\\d+) kB`, 'm').exec(status);
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

/** The n-th publication of diagnostics for `uri` (0-based), whatever its version (yaml-language-server sends none). */
export function nthPublication(client, uri, n, timeoutMs = 120_000) {
  return client.waitFor(() => client.published(uri)[n], `publication ${n} for ${uri}`, timeoutMs);
}

/** Drop what the client recorded (a long run would otherwise keep every publication). */
export function forget(client) {
  client.notifications.length = 0;
}

/**
 * One-character edits that leave the document as it was every other time: the last character of
 * the first `- name:` value in the given document (by start offset) toggles between itself and
 * another letter. Returns a function giving the k-th edit's range and text, and the hover position
 * (the first `image:` key after that offset).
 */
export function editTarget(text, docStart, lines = new LineIndex(text)) {
  const nameAt = text.indexOf('- name: ', docStart);
  if (nameAt < 0) throw new Error('no "- name:" in the target document');
  let end = nameAt + '- name: '.length;
  while (end < text.length && !/[\s#]/.test(text[end])) end++;
  const original = text[end - 1];
  const other = original === 'z' ? 'y' : 'z';
  const imageAt = text.indexOf('image:', docStart);
  const position = (offset) => lines.positionAt(offset);
  const at = position(end - 1);
  const range = { start: at, end: { line: at.line, character: at.character + 1 } };
  return {
    edit: (k) => ({ range, text: k % 2 === 0 ? other : original }),
    hover: position(imageAt + 1),
  };
}

export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values) => percentile(values, 50);
