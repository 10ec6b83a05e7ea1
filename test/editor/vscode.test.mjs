// The real-VS Code tier of `npm test`: provisions the harness if needed (scripts/e2e/provision.mjs),
// runs the editor suite (test/editor/vscode/) in the VS Code server + headless Chromium against the
// development copy, then packages the .vsix, checks it, installs it into a fresh VS Code and runs
// the same suite against the installed copy. Each case of the suite is reported as a subtest.
//
// INITLENS_SCREENSHOTS=<dir>   where the development run saves its screenshots (npm run screenshots)
// INITLENS_E2E_SKIP_VSIX=1     only the development run (a quicker loop while writing tests)
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { provision, ROOT } from '../../scripts/e2e/provision.mjs';
import { runVsCodeSuite } from '../../scripts/e2e/vscode.mjs';
import { packageVsix, VSIX_BUDGET_BYTES, vsixEntries } from '../../scripts/package.mjs';

const screenshots = process.env.INITLENS_SCREENSHOTS ? path.resolve(ROOT, process.env.INITLENS_SCREENSHOTS) : undefined;

before(async () => {
  const ms = await provision();
  if (ms > 1000) console.log(`# provisioned the editor harness in ${(ms / 1000).toFixed(1)} s`);
});

// Packaging left production bundles (minified, no source maps) in dist/: put the development ones back.
let packaged = false;
after(() => {
  if (packaged) spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'inherit' });
});

/** Runs the suite once and turns its cases into subtests. */
async function suite(t, options) {
  const r = await runVsCodeSuite(options);
  const header = `VS Code ${r.results?.vscodeVersion ?? '?'} (${options.mode}), ${(r.ms / 1000).toFixed(1)} s`;
  t.diagnostic(header);
  if (!r.results) {
    assert.fail(`the suite did not report (exit ${r.exitCode}); browser log:\n${r.log.slice(-40).join('\n')}\nserver log: ${r.serverLog}`);
  }
  for (const c of r.results.results) {
    await t.test(c.name, (t2) => {
      t2.diagnostic(`${c.ms} ms in the editor`);
      if (!c.ok) assert.fail(c.error);
    });
  }
  assert.equal(r.exitCode, 0, `the suite exited with ${r.exitCode}`);
  return r;
}

describe('VS Code (server 1.139, headless Chromium)', { concurrency: 1 }, () => {
  test('the editor suite against the development copy', async (t) => {
    const r = await suite(t, { mode: 'development', screenshots });
    if (screenshots) t.diagnostic(`screenshots: ${r.shots.map((f) => path.relative(ROOT, f)).join(', ')}`);
  });

  test(
    'the .vsix (npm run package): what it carries, its size, and the suite against the installed copy',
    { skip: !!process.env.INITLENS_E2E_SKIP_VSIX },
    async (t) => {
      packaged = true;
      const vsix = await packageVsix();
      const size = fs.statSync(vsix).size;
      t.diagnostic(`${path.basename(vsix)}: ${(size / 1024).toFixed(0)} KiB`);
      const entries = vsixEntries(vsix);

      await t.test('it carries the bundles, the schema, the grammar, the rule pages, icon, README, CHANGELOG, LICENSE and NOTICE', () => {
        for (const needed of [
          'extension/package.json',
          'extension/dist/extension.js',
          'extension/dist/server.js',
          'extension/dist/launch.js',
          'extension/bin/initlens-language-server.js',
          'extension/dist/startupView.js',
          'extension/dist/schema/index.json',
          'extension/dist/schema/crds/index.json',
          'extension/docs/rules/schema.md',
          'extension/readme.md',
          'extension/changelog.md',
          'extension/LICENSE.txt',
          'extension/NOTICE',
          'extension/images/icon.png',
        ]) {
          assert.ok(entries.includes(needed), `${needed} is in the .vsix`);
        }
        for (const grammar of JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.grammars ?? []) {
          assert.ok(entries.includes(`extension/${path.posix.normalize(grammar.path)}`), `the grammar ${grammar.path} is in the .vsix`);
        }
        for (const e of entries)
          assert.doesNotMatch(
            e,
            /(^|\/)(node_modules|test|server|client|scripts|examples|\.vscode-test)\/|\.map$|\.ts$|docs\/images\//,
            `${e} does not belong in the .vsix`,
          );
      });

      await t.test(`it is under ${VSIX_BUDGET_BYTES / 1024 / 1024} MB`, () => {
        assert.ok(size < VSIX_BUDGET_BYTES, `the .vsix is ${(size / 1024).toFixed(0)} KiB, over the ${VSIX_BUDGET_BYTES / 1024} KiB budget`);
      });

      await t.test('the editor suite against the installed .vsix', async (t2) => {
        await suite(t2, { mode: 'installed', vsix });
      });
    },
  );
});
