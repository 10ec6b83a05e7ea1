/**
 * `.initlens.yaml`: the reader (problems with their places, globs, where the file is found), then
 * the real CLI and the real server on the same directory: the same findings from both, the
 * file's settings over the editor's, exclusion, problems as diagnostics in the file, and a
 * change on disk picked up by the server's file watcher.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { globTest } from '../../../server/out/config/glob';
import { isExcluded, parseRepoConfig, RepoConfigs } from '../../../server/out/repoConfig';
import { initlens, removeTree, tempTree } from '../cli/helpers';
import { TestClient, VSCODE_LIKE_CAPABILITIES } from '../lsp/client';

/** A pod whose findings depend on the version (a native sidecar in 1.28) and on severities. */
const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  'spec:',
  '  initContainers:',
  '    - name: proxy',
  '      image: envoyproxy/envoy:v1.31.0',
  '      restartPolicy: Always',
  '  containers:',
  '    - name: app',
  '      image: nginx:latest',
  '',
].join('\n');

const CONFIG = [
  '# what this repository targets',
  'kubernetesVersion: "1.28"',
  'rules:',
  '  image-tag-mutable: off',
  '  sidecar-without-startup-probe: error',
  'exclude:',
  '  - vendor',
  '  - "**/*.generated.yaml"',
  '',
].join('\n');

describe('.initlens.yaml: the reader', () => {
  it('reads the three keys', () => {
    const { settings, problems } = parseRepoConfig(CONFIG);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      kubernetesVersion: { major: 1, minor: 28 },
      rules: { 'image-tag-mutable': 'off', 'sidecar-without-startup-probe': 'error' },
      exclude: ['vendor', '**/*.generated.yaml'],
    });
    assert.deepEqual(parseRepoConfig(''), { settings: {}, problems: [] });
    assert.deepEqual(parseRepoConfig('# nothing yet\n'), { settings: {}, problems: [] });
  });

  it('every problem has its place; the valid parts still apply', () => {
    const text = [
      'kubernetesVersion: 1.30',
      'rules:',
      '  no-such-rule: off',
      '  schema: loud',
      '  image-tag-mutable: off',
      'exclude: vendor',
      'trace: verbose',
      'colour: red',
      '',
    ].join('\n');
    const { settings, problems } = parseRepoConfig(text);
    const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
    assert.deepEqual(problems, [
      { message: 'kubernetesVersion must be a string: write "1.30" in quotes (unquoted, YAML reads 1.30 as the number 1.3)', range: at(0, 19, 23) },
      { message: 'no rule has the id "no-such-rule" (docs/rules/README.md lists them)', range: at(2, 2, 14) },
      { message: 'rules.schema must be one of off, hint, info, warning, error', range: at(3, 10, 14) },
      { message: 'exclude must be a list of glob patterns', range: at(5, 9, 15) },
      { message: '"trace" is an editor setting (initlens.trace), not read from .initlens.yaml', range: at(6, 0, 5) },
      { message: 'unknown key "colour" (expected kubernetesVersion, rules, exclude, crds)', range: at(7, 0, 6) },
    ]);
    assert.deepEqual(settings, { rules: { 'image-tag-mutable': 'off' } });
  });

  it('YAML errors, a file that is not a mapping, several documents', () => {
    const broken = parseRepoConfig('rules:\n  schema: "off\n');
    assert.equal(broken.problems.length > 0, true);
    assert.match(broken.problems[0].message, /^YAML: /);
    assert.deepEqual(broken.settings, {});
    assert.deepEqual(
      parseRepoConfig('- a\n- b\n').problems.map((p) => p.message),
      ['.initlens.yaml must be a mapping with kubernetesVersion, rules, exclude, crds'],
    );
    assert.deepEqual(
      parseRepoConfig('kubernetesVersion: "1.30"\n---\nrules: {}\n').problems.map((p) => [p.message, p.range.start.line]),
      [['.initlens.yaml holds one YAML document; the others are not read', 2]],
    );
    assert.deepEqual(
      parseRepoConfig('rules:\n  schema: off\n  schema: info\n').problems.map((p) => p.message.slice(0, 6)),
      ['YAML: '],
    );
  });

  it('globs: ** spans folders, * does not; a folder excludes what is below it', () => {
    const cases: [string, string, boolean][] = [
      ['*.yaml', 'a.yaml', true],
      ['*.yaml', 'k8s/a.yaml', false],
      ['**/*.yaml', 'k8s/deep/a.yaml', true],
      ['**/*.yaml', 'a.yaml', true],
      ['charts/**/templates/**', 'charts/web/templates/pod.yaml', true],
      ['charts/**/templates/**', 'charts/templates/pod.yaml', true],
      ['charts/**/templates/**', 'charts/web/values.yaml', false],
      ['k8s/{dev,prod}/*.yaml', 'k8s/prod/a.yaml', true],
      ['k8s/{dev,prod}/*.yaml', 'k8s/test/a.yaml', false],
      ['pod-?.yaml', 'pod-1.yaml', true],
      ['pod-[0-9].yaml', 'pod-x.yaml', false],
      ['pod-[!0-9].yaml', 'pod-x.yaml', true],
      ['a.b', 'axb', false],
      ['**/*.yaml', '.github/ci.yaml', true],
      ['*', '.initlens.yaml', true],
    ];
    for (const [glob, file, expected] of cases) assert.equal(globTest(glob)?.(file), expected, `${glob} ~ ${file}`);
    const config = { file: '/repo/.initlens.yaml', settings: { exclude: ['vendor', './generated/', '**/testdata/**'] }, problems: [] };
    assert.equal(isExcluded(config, '/repo/vendor/x/pod.yaml'), true);
    assert.equal(isExcluded(config, '/repo/generated/pod.yaml'), true);
    assert.equal(isExcluded(config, '/repo/app/testdata/pod.yaml'), true);
    assert.equal(isExcluded(config, '/repo/app/pod.yaml'), false);
    assert.equal(isExcluded(config, '/elsewhere/vendor/pod.yaml'), false, 'only below the file');
  });

  it('the nearest file at or above a folder, up to the folder that holds .git', () => {
    const dir = tempTree({
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/.initlens.yaml': 'rules: {}\n',
      'repo/app/.initlens.yaml': 'rules: {}\n',
      'repo/app/k8s/pod.yaml': POD,
      'repo/lib/k8s/pod.yaml': POD,
      '.initlens.yaml': 'rules: {}\n',
      'norepo/pod.yaml': POD,
    });
    try {
      const configs = new RepoConfigs();
      assert.equal(configs.findFile(path.join(dir, 'repo/app/k8s')), path.join(dir, 'repo/app/.initlens.yaml'));
      assert.equal(configs.findFile(path.join(dir, 'repo/lib/k8s')), path.join(dir, 'repo/.initlens.yaml'));
      fs.rmSync(path.join(dir, 'repo/.initlens.yaml'));
      assert.equal(new RepoConfigs().findFile(path.join(dir, 'repo/lib/k8s')), undefined, 'not above the repository root');
      assert.equal(new RepoConfigs([path.join(dir, 'repo/lib')]).findFile(path.join(dir, 'repo/lib/k8s')), undefined, 'not above a workspace folder');
      assert.equal(new RepoConfigs().findFile(path.join(dir, 'norepo')), path.join(dir, '.initlens.yaml'), 'outside a repository, up the tree');
    } finally {
      removeTree(dir);
    }
  });
});

interface Finding {
  rule: string;
  severity: string;
  message: string;
  range: Diagnostic['range'];
}

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];

function cliFindings(dir: string, args: string[] = []): Record<string, Finding[]> {
  const r = initlens(['check', '--format', 'json', ...args, '.'], { cwd: dir });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  const out: Record<string, Finding[]> = {};
  for (const f of JSON.parse(r.stdout).files as { path: string; diagnostics: Finding[] }[])
    out[f.path] = f.diagnostics.map(({ rule, severity, message, range }) => ({ rule, severity, message, range }));
  return out;
}

function lspFindings(diagnostics: Diagnostic[]): Finding[] {
  return diagnostics.map((d) => ({ rule: String(d.code), severity: SEVERITY_NAMES[d.severity ?? 0], message: String(d.message), range: d.range }));
}

describe('.initlens.yaml: the CLI and the server read it alike', () => {
  let dir: string;
  let client: TestClient | undefined;
  const files = ['k8s/pod.yaml', 'k8s/pod.generated.yaml', 'vendor/pod.yaml'];
  before(() => {
    dir = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.initlens.yaml': CONFIG,
      'k8s/pod.yaml': POD,
      'k8s/pod.generated.yaml': POD,
      'vendor/pod.yaml': POD,
    });
  });
  after(() => {
    client?.kill();
    removeTree(dir);
  });

  it('CLI: the file sets the version and severities and excludes files; --no-config and --config', () => {
    const withConfig = cliFindings(dir);
    assert.deepEqual(Object.keys(withConfig), ['k8s/pod.yaml'], 'vendor/ and *.generated.yaml are excluded');
    const rules = withConfig['k8s/pod.yaml'].map((f) => `${f.severity} ${f.rule}`);
    assert.deepEqual(
      rules,
      ['error sidecar-without-startup-probe', 'warning sidecar-unsupported-version'],
      'a sidecar in 1.28, the probe finding raised to error, no image-tag-mutable',
    );

    const without = cliFindings(dir, ['--no-config']);
    assert.deepEqual(Object.keys(without).sort(), files.sort());
    assert.deepEqual(
      without['k8s/pod.yaml'].map((f) => `${f.severity} ${f.rule}`),
      ['warning sidecar-without-startup-probe', 'info image-tag-mutable'],
    );

    // --kubernetes-version wins over the file; the file's severities still apply.
    const flag = cliFindings(dir, ['--kubernetes-version', '1.33']);
    assert.deepEqual(
      flag['k8s/pod.yaml'].map((f) => `${f.severity} ${f.rule}`),
      ['error sidecar-without-startup-probe'],
    );

    // Named on the command line, an excluded file is still skipped (pre-commit names each file).
    const named = initlens(['check', 'vendor/pod.yaml'], { cwd: dir });
    assert.deepEqual([named.status, named.stdout.trim(), named.stderr], [0, 'no problems in 0 files', '']);

    // In a folder that starts with "." (not checked as a manifest folder).
    fs.mkdirSync(path.join(dir, '.ci'));
    fs.writeFileSync(path.join(dir, '.ci/initlens.yaml'), 'rules:\n  image-tag-mutable: error\n');
    try {
      const other = cliFindings(dir, ['--config', '.ci/initlens.yaml']);
      assert.deepEqual(Object.keys(other).sort(), files.sort(), 'its exclude is empty');
      assert.deepEqual(
        other['vendor/pod.yaml'].map((f) => `${f.severity} ${f.rule}`),
        ['warning sidecar-without-startup-probe', 'error image-tag-mutable'],
      );
    } finally {
      fs.rmSync(path.join(dir, '.ci'), { recursive: true });
    }
    const missing = initlens(['check', '--config', 'nope.yaml', '.'], { cwd: dir });
    assert.deepEqual([missing.status, missing.stdout], [2, '']);
    assert.equal(missing.stderr, 'initlens: cannot read --config nope.yaml: cannot read the file (ENOENT)\n');
  });

  it('CLI: a problem in the file is path:line:col on stderr and exit status 2; the rest applies', () => {
    fs.writeFileSync(path.join(dir, 'k8s', '.initlens.yaml'), 'kubernetesVersion: "1.28"\nrules:\n  image-tag-mutable: loud\n');
    try {
      const r = initlens(['check', 'k8s/pod.yaml'], { cwd: dir });
      assert.equal(r.status, 2);
      assert.equal(r.stderr, 'initlens: k8s/.initlens.yaml:3:22: rules.image-tag-mutable must be one of off, hint, info, warning, error\n');
      assert.match(r.stdout, /warning sidecar-unsupported-version/, 'the version still applies');
      assert.match(r.stdout, /info image-tag-mutable/, 'the invalid severity does not');
    } finally {
      fs.rmSync(path.join(dir, 'k8s', '.initlens.yaml'));
    }
  });

  it('server: the same findings as the CLI; the file wins over editor settings, which decide the rest', async () => {
    // The editor says 1.36 and turns init-ports-ignored off; the file says 1.28: 1.28 it is.
    client = await TestClient.started({
      capabilities: { ...VSCODE_LIKE_CAPABILITIES, workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } },
      settings: { initlens: { kubernetesVersion: '1.36', rules: { 'image-tag-mutable': 'error', 'init-ports-ignored': 'off' } } },
      initializationOptions: { debounceMs: 0 },
    });
    const cli = cliFindings(dir);
    const uri = pathToFileURL(path.join(dir, 'k8s/pod.yaml')).href;
    await client.open(uri, POD);
    const published = await client.waitForDiagnostics(uri, 1);
    assert.deepEqual(lspFindings(published.diagnostics), cli['k8s/pod.yaml']);

    const excluded = pathToFileURL(path.join(dir, 'vendor/pod.yaml')).href;
    await client.open(excluded, POD);
    assert.deepEqual((await client.waitForDiagnostics(excluded, 1)).diagnostics, [], 'an excluded file gets nothing');

    const watchers = await client.waitFor(
      () =>
        client!.registrations
          .flatMap((r) => r.registrations)
          .find((r) => r.method === 'workspace/didChangeWatchedFiles' && JSON.stringify(r.registerOptions).includes('.initlens.yaml')),
      'a watcher for .initlens.yaml',
    );
    assert.deepEqual(watchers.registerOptions, { watchers: [{ globPattern: '**/.initlens.yaml' }] });
  });

  it('server: a change on disk is picked up (didChangeWatchedFiles), the same as the CLI sees it', async () => {
    assert.ok(client);
    const uri = pathToFileURL(path.join(dir, 'k8s/pod.yaml')).href;
    const before = client.published(uri).length;
    fs.writeFileSync(path.join(dir, '.initlens.yaml'), 'rules:\n  sidecar-without-startup-probe: off\n');
    try {
      const cli = cliFindings(dir);
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, '.initlens.yaml')).href, type: 2 }] });
      const published = await client.waitForDiagnostics(uri, 1, before);
      // The editor's 1.36 and image-tag-mutable: error now apply: the file no longer says otherwise.
      assert.deepEqual(
        lspFindings(published.diagnostics).map((f) => `${f.severity} ${f.rule}`),
        ['error image-tag-mutable'],
      );
      assert.deepEqual(
        cli['k8s/pod.yaml'].map((f) => `${f.severity} ${f.rule}`),
        ['info image-tag-mutable'],
        'the CLI has no editor settings: the default severity',
      );
      assert.deepEqual(
        lspFindings(published.diagnostics).map((f) => [f.message, f.range]),
        cli['k8s/pod.yaml'].map((f) => [f.message, f.range]),
      );
    } finally {
      fs.writeFileSync(path.join(dir, '.initlens.yaml'), CONFIG);
    }
  });

  it('server: an open .initlens.yaml gets its problems as diagnostics, at their places', async () => {
    assert.ok(client);
    const uri = pathToFileURL(path.join(dir, '.initlens.yaml')).href;
    await client.open(uri, 'kubernetesVersion: "1.28"\nrules:\n  no-such-rule: off\n');
    const published = await client.waitForDiagnostics(uri, 1);
    assert.deepEqual(published.diagnostics, [
      {
        range: { start: { line: 2, character: 2 }, end: { line: 2, character: 14 } },
        message: 'no rule has the id "no-such-rule" (docs/rules/README.md lists them)',
        severity: 1,
        source: 'initlens',
        code: 'config',
      },
    ]);
    await client.change(uri, 2, [{ text: 'kubernetesVersion: "1.28"\n' }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, 2)).diagnostics, [], 'fixed: no more diagnostics');
  });
});
