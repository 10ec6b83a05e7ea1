/**
 * The npm package as a user gets it: `npm pack` (of the built tree), installed from the tarball
 * into an empty prefix without the network, then the installed `initlens` and
 * `initlens-language-server` commands run on each tested Node major (20, 22, 24: package.json
 * `engines.node`; scripts/node-versions.mjs brings the ones that are not this Node from npm).
 *
 * Slow (a pack, an install, two Node downloads on a fresh machine): the `test:slow` tier.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { parse } from 'yaml';
import { TestClient } from '../lsp/client';

const ROOT = path.resolve(__dirname, '../../..');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  'spec:',
  '  containers:',
  '    - name: app',
  '      image: nginx:1.27',
  '      imagePulPolicy: Always',
  '',
].join('\n');
const TYPO = 'spec.containers[0].imagePulPolicy: unknown field "imagePulPolicy" (did you mean "imagePullPolicy"?)';

function run(cmd: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  return r;
}

/** The environment without the npm_* variables of an outer `npm test` (they would steer the inner npm). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))), ...extra };
}

describe('the npm package', () => {
  let work: string;
  let tarball: string;
  let prefix: string;
  let packed: { path: string }[];

  before(() => {
    assert.ok(
      fs.existsSync(path.join(ROOT, 'dist', 'cli.js')) && fs.existsSync(path.join(ROOT, 'dist', 'schema', 'index.json')),
      'build first (npm run build)',
    );
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-package-'));
    // --ignore-scripts: the tree is built already (prepack would build it for production again).
    const pack = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, env: cleanEnv() });
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, info.filename);
    packed = info.files;
    prefix = path.join(work, 'prefix');
    fs.mkdirSync(prefix);
    // Offline: the package has no dependencies, so nothing is fetched.
    const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], {
      cwd: work,
      env: cleanEnv({ npm_config_cache: path.join(work, 'npm-cache') }),
    });
    assert.equal(install.status, 0, `npm install of the tarball, offline:\n${install.stdout}\n${install.stderr}`);
  });
  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('is publishable: not private, described, bins, engines; no runtime dependency', () => {
    assert.equal(MANIFEST.private, undefined);
    for (const key of ['name', 'version', 'description', 'license', 'homepage', 'repository', 'bugs', 'keywords', 'files', 'engines'])
      assert.ok(MANIFEST[key], `package.json has ${key}`);
    assert.deepEqual(MANIFEST.bin, { initlens: 'bin/initlens.js', 'initlens-language-server': 'bin/initlens-language-server.js' });
    assert.deepEqual(MANIFEST.dependencies ?? {}, {}, 'everything the bundles need is bundled: npx initlens installs one package');
    assert.equal(MANIFEST.engines.node, '^20.0.0 || ^22.0.0 || ^24.0.0', 'the majors this test runs');
  });

  it('carries the bundles, the schema, the rule pages and the config schema; no sources, tests, fixtures or maps', () => {
    const files = packed.map((f) => f.path);
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'NOTICE',
      'bin/initlens.js',
      'bin/initlens-language-server.js',
      'dist/cli.js',
      'dist/checkWorker.js',
      'dist/server.js',
      'dist/indexWorker.js',
      'dist/launch.js',
      'dist/schema/index.json',
      'dist/schema/crds/index.json',
      'docs/rules/schema.md',
      'docs/configuration.md',
      'schemas/initlens.schema.json',
      'editors/nvim/lsp/initlens.lua',
    ]) {
      assert.ok(files.includes(needed), `${needed} is in the package`);
    }
    for (const f of files)
      assert.doesNotMatch(f, /^(server|client|test|scripts|examples|\.ci|\.github)\/|\.ts$|\.map$|^docs\/images\//, `${f} does not belong in the package`);
    const size = fs.statSync(tarball).size;
    assert.ok(size < 3 * 1024 * 1024, `the tarball is ${(size / 1024).toFixed(0)} KiB`);
  });

  it('installs as one package', () => {
    const installed = fs.readdirSync(path.join(prefix, 'node_modules')).filter((n) => !n.startsWith('.'));
    assert.deepEqual(installed, ['initlens']);
    const bin = path.join(prefix, 'node_modules', '.bin');
    assert.deepEqual(fs.readdirSync(bin).sort(), ['initlens', 'initlens-language-server']);
  });

  it("the GitHub Action's check step (action.yml) runs the packed package and writes SARIF and its outputs", () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      runs: { using: string; steps: { id?: string; run?: string; uses?: string }[] };
    };
    assert.equal(action.runs.using, 'composite');
    assert.ok(
      action.runs.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')),
      'it uploads to code scanning',
    );
    const check = action.runs.steps.find((s) => s.id === 'check');
    assert.ok(check?.run);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-action-'));
    try {
      fs.mkdirSync(path.join(dir, 'k8s'));
      fs.writeFileSync(path.join(dir, 'k8s', 'pod.yaml'), POD);
      fs.writeFileSync(path.join(dir, 'clean.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
      const output = path.join(dir, 'github-output');
      fs.writeFileSync(output, '');
      // The action's inputs as the runner passes them; initlens from the tarball instead of the registry.
      const env = cleanEnv({
        INITLENS_PATHS: 'k8s clean.yaml',
        INITLENS_VERSION: `file:${tarball}`,
        INITLENS_KUBERNETES_VERSION: '1.33',
        INITLENS_CONFIG: '',
        ACTION_PATH: ROOT,
        RUNNER_TEMP: dir,
        GITHUB_OUTPUT: output,
        npm_config_cache: path.join(work, 'npm-cache'),
        npm_config_offline: 'true',
        npm_config_update_notifier: 'false',
      });
      const r = run('bash', ['-c', check.run], { cwd: dir, env });
      assert.equal(r.status, 0, `the step succeeds (findings are for the next steps):\n${r.stderr}`);
      const outputs = Object.fromEntries(
        fs
          .readFileSync(output, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split('=')),
      );
      assert.deepEqual(outputs, { 'sarif-file': path.join(dir, 'initlens.sarif'), 'exit-code': '1' });
      const sarif = JSON.parse(fs.readFileSync(outputs['sarif-file'], 'utf8'));
      assert.deepEqual(
        sarif.runs[0].results.map((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [
          x.ruleId,
          x.locations[0].physicalLocation.artifactLocation.uri,
        ]),
        [['schema', 'k8s/pod.yaml']],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const major of [20, 22, 24]) {
    describe(`on Node ${major}`, () => {
      let env: NodeJS.ProcessEnv;
      let dir: string;
      let client: TestClient | undefined;
      before(async () => {
        const script = pathToFileURL(path.join(ROOT, 'scripts', 'node-versions.mjs')).href;
        const { nodeBinary } = (await import(script)) as { nodeBinary(major: number): Promise<string> };
        const node = await nodeBinary(major);
        // The bins start with `#!/usr/bin/env node`: this Node comes first on PATH.
        env = cleanEnv({ PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` });
        delete env.NO_COLOR;
        assert.match(run('node', ['--version'], { env }).stdout, new RegExp(`^v${major}\\.`));
        dir = fs.mkdtempSync(path.join(os.tmpdir(), `initlens-node${major}-`));
        fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);
      });
      after(() => {
        client?.kill();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      });

      it('initlens --version, --help, -h, help check', () => {
        const bin = path.join(prefix, 'node_modules', '.bin', 'initlens');
        const version = run(bin, ['--version'], { env });
        assert.deepEqual([version.status, version.stdout, version.stderr], [0, `${MANIFEST.version}\n`, '']);
        const help = run(bin, ['--help'], { env });
        assert.equal(help.status, 0);
        assert.match(help.stdout, /^initlens — /);
        assert.equal(run(bin, ['-h'], { env }).stdout, help.stdout);
        assert.equal(run(bin, ['help'], { env }).stdout, help.stdout);
        assert.match(run(bin, ['help', 'check'], { env }).stdout, /^Usage: initlens check/);
      });

      it('initlens check on a manifest', () => {
        const r = run(path.join(prefix, 'node_modules', '.bin', 'initlens'), ['check', '--format', 'json', 'pod.yaml'], { cwd: dir, env });
        assert.equal(r.status, 1, r.stderr);
        assert.equal(r.stderr, '');
        const [file] = JSON.parse(r.stdout).files;
        assert.deepEqual(
          file.diagnostics.map((d: { rule: string; message: string; range: unknown }) => [d.rule, d.message, d.range]),
          [['schema', TYPO, { start: { line: 8, character: 6 }, end: { line: 8, character: 20 } }]],
        );
      });

      it("initlens check starts from this Node's code cache once there is one (server/src/launch.ts)", () => {
        const cache = path.join(dir, 'compile-cache');
        const cached = { ...env, INITLENS_COMPILE_CACHE_DIR: cache };
        const plain = run(path.join(prefix, 'node_modules', '.bin', 'initlens'), ['check', 'pod.yaml'], { cwd: dir, env });
        const entries = () => fs.readdirSync(cache).map((name) => ({ name, ino: fs.statSync(path.join(cache, name)).ino }));
        const check = () => {
          const r = run(path.join(prefix, 'node_modules', '.bin', 'initlens'), ['check', 'pod.yaml'], { cwd: dir, env: cached });
          assert.deepEqual([r.status, r.stdout, r.stderr], [plain.status, plain.stdout, plain.stderr]);
        };
        check();
        const written = entries();
        assert.equal(written.length, 1);
        assert.match(written[0].name, new RegExp(`^cli-v${major}\\.\\d+\\.\\d+-${process.arch}-[0-9a-f]{8}-[0-9a-f]{16}\\.cache$`));
        check();
        // Read as it was: a cache V8 rejects is written again (by a rename: another inode).
        assert.deepEqual(entries(), written);
      });

      it('initlens check --jobs 2: the worker threads run from the package', () => {
        fs.writeFileSync(path.join(dir, 'pod-2.yaml'), POD);
        try {
          const r = run(path.join(prefix, 'node_modules', '.bin', 'initlens'), ['check', '--jobs', '2', '--format', 'json', 'pod.yaml', 'pod-2.yaml'], {
            cwd: dir,
            env,
          });
          assert.equal(r.stderr, '');
          assert.equal(r.status, 1);
          assert.deepEqual(
            JSON.parse(r.stdout).files.map((f: { path: string; diagnostics: { rule: string }[] }) => [f.path, f.diagnostics.map((d) => d.rule)]),
            [
              ['pod.yaml', ['schema']],
              ['pod-2.yaml', ['schema']],
            ],
          );
        } finally {
          fs.rmSync(path.join(dir, 'pod-2.yaml'));
        }
      });

      it('initlens-language-server over stdio: initialize, didOpen, diagnostics', async () => {
        client = await TestClient.started({
          executable: path.join(prefix, 'node_modules', '.bin', 'initlens-language-server'),
          serverArgs: ['--stdio'],
          env,
          initializationOptions: { debounceMs: 0 },
        });
        const uri = pathToFileURL(path.join(dir, 'pod.yaml')).href;
        await client.open(uri, POD);
        const published = await client.waitForDiagnostics(uri, 1, 0, 30_000);
        assert.deepEqual(
          published.diagnostics.map((d: Diagnostic) => [d.code, d.message, d.range]),
          [['schema', TYPO, { start: { line: 8, character: 6 }, end: { line: 8, character: 20 } }]],
        );
        // The rule's page ships in the package: the diagnostic links the installed copy.
        const href = published.diagnostics[0].codeDescription?.href ?? '';
        assert.ok(href.startsWith(pathToFileURL(path.join(prefix, 'node_modules', 'initlens')).href), href);
        assert.equal(await client.shutdown(), 0);
      });
    });
  }
});
