// The extension's editor suite, in the form @vscode/test-electron and VS Code's own harness load
// (`extensionTestsPath`): a module exporting run(). It runs inside the extension host with the
// real `vscode` API: scripts/e2e/vscode.mjs starts it in the VS Code server opened by headless
// Chromium (npm test), scripts/e2e/electron.mjs in a downloaded desktop VS Code (npm run test:electron).
'use strict';
const { runAll } = require('./harness');

exports.run = async function run() {
  require('./cases');
  await runAll();
};
