#!/usr/bin/env node
// `npm run test:electron`: the same editor suite (test/editor/vscode/index.js) in a desktop VS Code
// that @vscode/test-electron downloads (into .vscode-test/, like the harness). Needs a machine
// that can reach the VS Code download service and has a display (or xvfb-run); `npm test` uses
// the offline harness instead (scripts/e2e/vscode.mjs).
//
//   npm run test:electron [-- --version stable|insiders|1.91.0]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from './provision.mjs';

const i = process.argv.indexOf('--version');
const version = i > 0 ? process.argv[i + 1] : 'stable';
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-electron-'));
fs.cpSync(path.join(ROOT, 'test', 'editor', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    version,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'test', 'editor', 'vscode', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { INITLENS_E2E_RESULT: path.join(workspace, 'results.json') },
  });
} catch (e) {
  process.stderr.write(`test:electron: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
