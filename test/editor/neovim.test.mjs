// The same language server in Neovim's built-in LSP client (headless): diagnostics with codes,
// a hover, and a quick fix applied to the buffer. Proves initlens is a plain LSP server that
// needs nothing from VS Code. Neovim comes from Debian (scripts/e2e/provision.mjs installs it
// when it is missing and we are root).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { provisionApt, ROOT } from '../../scripts/e2e/provision.mjs';

const CHECK = path.join(ROOT, 'test', 'editor', 'neovim', 'check.lua');
const SERVER = path.join(ROOT, 'dist', 'server.js');

before(async () => {
  await provisionApt();
});

function runNeovim(file, env) {
  const out = path.join(path.dirname(file), 'result.json');
  const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${CHECK}`], {
    env: { ...process.env, INITLENS_CMD: JSON.stringify([process.execPath, SERVER, '--stdio']), INITLENS_FILE: file, INITLENS_OUT: out, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.ok(fs.existsSync(out), `Neovim wrote no result (exit ${r.status}, signal ${r.signal}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

test('Neovim (built-in LSP client, headless): diagnostics, hover and a quick fix', () => {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-nvim-'));
  try {
    const file = path.join(dir, 'web.yaml');
    fs.copyFileSync(path.join(ROOT, 'test', 'editor', 'workspace', 'web.yaml'), file);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const nameLine = lines.findIndex((l) => l.includes('- name: proxy'));
    const result = runNeovim(file, {
      INITLENS_HOVER: `${nameLine + 1},${lines[nameLine].indexOf('proxy') + 1}`,
      INITLENS_FIX_CODE: 'schema',
      INITLENS_FIX_TITLE: 'Change to `imagePullPolicy`',
    });
    const failed = result.steps.filter((s) => !s.ok);
    assert.deepEqual(failed, [], `every step passed in ${version}; log: ${JSON.stringify(result.log)}`);

    const typo = lines.findIndex((l) => l.includes('imagePulPolicy'));
    const schema = result.diagnostics.find((d) => d.code === 'schema');
    assert.ok(schema, `a schema diagnostic; got ${JSON.stringify(result.diagnostics)}`);
    assert.deepEqual(
      [schema.lnum, schema.col, schema.end_lnum, schema.end_col],
      [typo, lines[typo].indexOf('imagePulPolicy'), typo, lines[typo].indexOf('imagePulPolicy') + 'imagePulPolicy'.length],
    );
    assert.equal(schema.severity, 1, 'an error');
    assert.equal(schema.source, 'initlens');
    assert.ok(
      result.diagnostics.some((d) => d.code === 'init-forbidden-field'),
      'init-forbidden-field too',
    );

    assert.ok(
      result.hover.some((h) => /proxy/.test(h) && /sidecar/i.test(h)),
      `hover on the proxy container; got ${JSON.stringify(result.hover)}`,
    );
    // The Debug section: the commands as a code block, without links to commands Neovim does not have.
    assert.ok(
      result.hover.some((h) => h.includes('```sh\nkubectl logs -l app=web -c proxy --prefix\nkubectl logs -l app=web -c proxy --prefix --previous\n')),
      `the Debug section in the hover; got ${JSON.stringify(result.hover)}`,
    );
    assert.ok(!result.hover.some((h) => h.includes('command:')), 'no command links');

    assert.ok(result.actions.includes('Disable schema for this line'), JSON.stringify(result.actions));
    const after = result.text_after_fix.split('\n');
    assert.equal(after[typo], lines[typo].replace('imagePulPolicy', 'imagePullPolicy'), 'the fix renamed the key');
    assert.equal(after.filter((l, i) => l !== lines[i]).length, 1, 'and changed nothing else');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the shipped Neovim config (editors/nvim/lsp/initlens.lua): cmd from PATH, filetypes, root markers, settings, .initlens.yaml', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-nvim-config-'));
  try {
    // The command the config names, on PATH, as `npm install -g initlens` puts it.
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.symlinkSync(path.join(ROOT, 'bin', 'initlens-language-server.js'), path.join(dir, 'bin', 'initlens-language-server'));
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(path.join(repo, 'k8s'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.initlens.yaml'), 'rules:\n  image-tag-mutable: error\n');
    const file = path.join(repo, 'k8s', 'pod.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n');
    const out = path.join(dir, 'result.json');
    const r = spawnSync(
      'nvim',
      ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(ROOT, 'test', 'editor', 'neovim', 'config.lua')}`],
      {
        cwd: path.join(repo, 'k8s'),
        env: {
          ...process.env,
          PATH: `${path.join(dir, 'bin')}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
          INITLENS_CONFIG: path.join(ROOT, 'editors', 'nvim', 'lsp', 'initlens.lua'),
          INITLENS_FILE: file,
          INITLENS_OUT: out,
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.ok(fs.existsSync(out), `Neovim wrote no result (exit ${r.status}, signal ${r.signal}):\n${r.stdout}\n${r.stderr}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(
      result.steps.filter((s) => !s.ok),
      [],
      `every step passed (${result.mode}); log: ${JSON.stringify(result.log)}`,
    );
    assert.deepEqual(result.config.cmd, ['initlens-language-server', '--stdio']);
    assert.deepEqual(result.config.filetypes, ['yaml']);
    assert.equal(result.filetype, 'yaml');
    assert.equal(result.root_dir, repo, 'the folder holding .initlens.yaml is the root');
    const tag = result.diagnostics.find((d) => d.code === 'image-tag-mutable');
    assert.ok(tag, JSON.stringify(result.diagnostics));
    assert.equal(tag.severity, 1, 'an error: the repository file raised it from info');
    assert.equal(tag.lnum, 7);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
