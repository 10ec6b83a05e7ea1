/** `initlens check` inputs: stdin, directories, templates, binary and odd files (the real process). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BINARY_MESSAGE, CLEAN_POD, DEPLOYMENT_WITH_TYPOS, HELM_MESSAGE, initlens, PORT_MESSAGE, range, treesPerTest, TYPO_MESSAGE } from './helpers';

const tree = treesPerTest();

const json = (stdout: string) =>
  JSON.parse(stdout) as { files: { path: string; diagnostics: { rule: string; severity: string; message: string; range: unknown }[] }[] };

describe('initlens check: standard input', () => {
  it('`-` reads stdin and reports it as "-"', () => {
    const r = initlens(['check', '-'], { input: DEPLOYMENT_WITH_TYPOS });
    assert.deepEqual(r, {
      status: 1,
      stdout: `-:15:11: error schema: ${TYPO_MESSAGE}\n-:20:30: error schema: ${PORT_MESSAGE}\n2 errors in 1 file\n`,
      stderr: '',
    });
  });

  it('stdin and files together, in command-line order', () => {
    const dir = tree({ 'a.yaml': CLEAN_POD });
    const r = initlens(['check', '--format', 'json', 'a.yaml', '-'], { cwd: dir, input: CLEAN_POD });
    assert.deepEqual(
      json(r.stdout).files.map((f) => f.path),
      ['a.yaml', '-'],
    );
    assert.equal(r.status, 0);
  });

  it('an empty stdin is a file with no problems', () => {
    assert.deepEqual(initlens(['check', '-'], { input: '' }), { status: 0, stdout: 'no problems in 1 file\n', stderr: '' });
  });
});

describe('initlens check: directories', () => {
  it('walks *.yaml and *.yml recursively, sorted, skipping node_modules and dot-directories', () => {
    const dir = tree({
      'deploy/b.yaml': CLEAN_POD,
      'deploy/A.yml': CLEAN_POD,
      'deploy/sub/c.yaml': DEPLOYMENT_WITH_TYPOS,
      'deploy/sub/notes.txt': 'not yaml',
      'deploy/sub/kustomization.json': '{}',
      'deploy/a-b.yaml': CLEAN_POD,
      'deploy/node_modules/pkg/x.yaml': DEPLOYMENT_WITH_TYPOS,
      'deploy/.git/x.yaml': DEPLOYMENT_WITH_TYPOS,
      'deploy/.github/workflows/ci.yml': DEPLOYMENT_WITH_TYPOS,
      'deploy/.hidden.yaml': DEPLOYMENT_WITH_TYPOS,
    });
    const r = initlens(['check', '--format', 'json', 'deploy'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.deepEqual(
      json(r.stdout).files.map((f) => f.path),
      ['deploy/A.yml', 'deploy/a-b.yaml', 'deploy/b.yaml', 'deploy/sub/c.yaml'].map((p) => path.join(...p.split('/'))),
    );
    assert.equal(r.status, 1);

    const text = initlens(['check', './deploy/'], { cwd: dir });
    assert.equal(text.stdout.split('\n')[0], `deploy/sub/c.yaml:15:11: error schema: ${TYPO_MESSAGE}`, 'the directory as given, joined');
    assert.ok(text.stdout.endsWith('\n2 errors in 4 files\n'), text.stdout);
  });

  it('a skipped directory or file named on the command line is checked', () => {
    const dir = tree({ 'd/node_modules/x.yaml': CLEAN_POD, 'd/.config/y.yaml': CLEAN_POD, 'd/.z.yaml': CLEAN_POD });
    const r = initlens(['check', '--format', 'json', 'd/node_modules', 'd/.config', 'd/.z.yaml'], { cwd: dir });
    assert.deepEqual(
      json(r.stdout).files.map((f) => f.path),
      [path.join('d', 'node_modules', 'x.yaml'), path.join('d', '.config', 'y.yaml'), path.join('d', '.z.yaml')],
    );
    assert.equal(r.status, 0);
  });

  it('a file reached twice is checked once', () => {
    const dir = tree({ 'd/a.yaml': CLEAN_POD });
    const r = initlens(['check', 'd', 'd/a.yaml', './d'], { cwd: dir });
    assert.deepEqual(r, { status: 0, stdout: 'no problems in 1 file\n', stderr: '' });
  });

  it('a directory with no YAML files is an error (exit 2), the others are still checked', () => {
    const dir = tree({ 'empty/readme.txt': 'x', 'a.yaml': CLEAN_POD });
    const r = initlens(['check', 'empty', 'a.yaml'], { cwd: dir });
    assert.deepEqual(r, { status: 2, stdout: 'no problems in 1 file\n', stderr: 'initlens: no *.yaml or *.yml files in directory empty\n' });
  });

  it('a link to a file is checked, a link to a directory is not followed', () => {
    const dir = tree({ 'd/real.yaml': CLEAN_POD, 'other/x.yaml': DEPLOYMENT_WITH_TYPOS });
    fs.symlinkSync(path.join(dir, 'd', 'real.yaml'), path.join(dir, 'd', 'link.yaml'));
    fs.symlinkSync(path.join(dir, 'other'), path.join(dir, 'd', 'loop'));
    fs.symlinkSync(path.join(dir, 'd'), path.join(dir, 'd', 'self'));
    const r = initlens(['check', '--format', 'json', 'd'], { cwd: dir });
    assert.deepEqual(
      json(r.stdout).files.map((f) => f.path),
      [path.join('d', 'link.yaml'), path.join('d', 'real.yaml')],
    );
    assert.equal(r.status, 0);
  });
});

describe('initlens check: files that are not analysed', () => {
  it('a Helm template gets exactly one not-analysed info, exit 0', () => {
    const dir = tree({
      'chart/templates/deployment.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: {{ .Release.Name }}',
        'spec:',
        '  replicas: {{ .Values.replicas }}',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: app',
        '          imagePulPolicy: Always',
        '{{- if .Values.sidecar }}',
        '        - name: sidecar',
        '{{- end }}',
        '',
      ].join('\n'),
    });
    const r = initlens(['check', '--format', 'json', 'chart'], { cwd: dir });
    assert.equal(r.status, 0);
    assert.deepEqual(json(r.stdout).files, [
      {
        path: path.join('chart', 'templates', 'deployment.yaml'),
        diagnostics: [{ rule: 'not-analysed', severity: 'info', message: HELM_MESSAGE, range: range(3, 8, 3, 10), fixes: [] }],
      },
    ]);
    const text = initlens(['check', 'chart'], { cwd: dir });
    assert.deepEqual(text, {
      status: 0,
      stdout: `${path.join('chart', 'templates', 'deployment.yaml')}:4:9: info not-analysed: ${HELM_MESSAGE}\n1 info in 1 file\n`,
      stderr: '',
    });
  });

  it('binary junk gets one not-analysed info, no crash', () => {
    const junk = Buffer.alloc(64 * 1024);
    let x = 12345;
    for (let i = 0; i < junk.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      junk[i] = x >> 16;
    }
    junk[0] = 0x41; // 'A', so the first bad byte is not at 0
    const dir = tree({ 'junk.yaml': junk, 'nul.yaml': Buffer.from('apiVersion: v1\nkind: Pod\u0000\n') });
    const r = initlens(['check', '--format', 'json', 'junk.yaml', 'nul.yaml'], { cwd: dir });
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    const files = json(r.stdout).files;
    assert.deepEqual(
      files.map((f) => f.diagnostics.map((d) => [d.rule, d.severity, d.message])),
      [[['not-analysed', 'info', BINARY_MESSAGE]], [['not-analysed', 'info', BINARY_MESSAGE]]],
    );
    assert.deepEqual(files[1].diagnostics[0].range, range(1, 9, 1, 10));
  });

  it('invalid UTF-8 is not analysed', () => {
    const dir = tree({
      'latin1.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    });
    const r = initlens(['check', 'latin1.yaml'], { cwd: dir });
    assert.deepEqual(r, { status: 0, stdout: `latin1.yaml:4:12: info not-analysed: ${BINARY_MESSAGE}\n1 info in 1 file\n`, stderr: '' });
  });

  it('a file over 16 MiB gets one not-analysed info without being read', () => {
    const dir = tree({});
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 16 * 1024 * 1024 + 1);
    const r = initlens(['check', 'big.yaml'], { cwd: dir });
    assert.deepEqual(r, {
      status: 0,
      stdout:
        'big.yaml:1:1: info not-analysed: the file is larger than 16384 KB, so it is not analysed (the limit is the setting initlens.maxFileSizeKB, or the option --max-file-size-kb of initlens check)\n1 info in 1 file\n',
      stderr: '',
    });
  });

  it('a file of exactly 16 MiB is analysed', () => {
    const dir = tree({});
    const line = 'k: v\n';
    const size = 16 * 1024 * 1024;
    fs.writeFileSync(path.join(dir, 'edge.yaml'), `# ${'x'.repeat(size - line.length - 3)}\n${line}`);
    assert.equal(fs.statSync(path.join(dir, 'edge.yaml')).size, size);
    assert.deepEqual(initlens(['check', 'edge.yaml'], { cwd: dir }), { status: 0, stdout: 'no problems in 1 file\n', stderr: '' });
  });
});

describe('initlens check: encodings and positions', () => {
  it('a leading BOM is ignored: positions are those an editor shows', () => {
    const dir = tree({ 'bom.yaml': `\uFEFF${DEPLOYMENT_WITH_TYPOS}`, 'plain.yaml': DEPLOYMENT_WITH_TYPOS });
    const r = initlens(['check', '--format', 'json', 'bom.yaml', 'plain.yaml'], { cwd: dir });
    const [bom, plain] = json(r.stdout).files;
    assert.deepEqual(bom.diagnostics, plain.diagnostics);
    assert.deepEqual(bom.diagnostics[0].range, range(14, 10, 14, 24));
  });

  it('CRLF line endings: same lines and columns', () => {
    const dir = tree({ 'crlf.yaml': DEPLOYMENT_WITH_TYPOS.replace(/\n/g, '\r\n') });
    const r = initlens(['check', 'crlf.yaml'], { cwd: dir });
    assert.equal(r.stdout, `crlf.yaml:15:11: error schema: ${TYPO_MESSAGE}\ncrlf.yaml:20:30: error schema: ${PORT_MESSAGE}\n2 errors in 1 file\n`);
  });

  it('characters are UTF-16 code units, as in LSP', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: "😀 é\n`;
    const r = initlens(['check', '--format', 'json', '-'], { input: text });
    // `  k: "😀 é`: the emoji is two code units, so the line ends at character 10 (9 code points)
    assert.deepEqual(json(r.stdout).files[0].diagnostics[0].range, range(5, 10, 6, 0));
  });
});

describe('initlens check: kustomize inputs', () => {
  const PATCH =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          imagePullPolicy: Always\n';
  const MISSING = 'spec: missing required field "selector"';

  it('a patch or a resource whose selector the kustomization adds is partial: required fields are not demanded', () => {
    const dir = tree({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\ncommonLabels:\n  app: web\n',
      'base/deployment.yaml': PATCH,
      'overlay/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: patch.yaml\npatchesStrategicMerge:\n  - legacy-patch.yaml\n',
      'overlay/patch.yaml': PATCH,
      'overlay/legacy-patch.yaml': PATCH,
      'plain/deployment.yaml': PATCH,
    });
    const r = initlens(['check', '--format', 'json', 'base', 'overlay', 'plain'], { cwd: dir });
    const byFile = Object.fromEntries(json(r.stdout).files.map((f) => [f.path.split(path.sep).join('/'), f.diagnostics.map((d) => d.message)]));
    assert.deepEqual(byFile, {
      'base/deployment.yaml': [],
      'base/kustomization.yaml': [],
      'overlay/kustomization.yaml': [],
      'overlay/legacy-patch.yaml': [],
      'overlay/patch.yaml': [],
      'plain/deployment.yaml': [MISSING],
    });
    assert.equal(r.status, 1);
  });

  it("images the kustomization's `images:` gives a tag or digest are not reported as mutable", () => {
    const deployment = (images: string[]) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n${images.map((image, i) => `        - name: c${i}\n          image: ${image}\n`).join('')}`;
    const images = ['web', 'web:latest', 'gcr.io/team/api', 'cache', 'digested', 'floating', 'other'];
    const dir = tree({
      'base/kustomization.yaml':
        'resources:\n  - deployment.yaml\nimages:\n  - name: web\n    newTag: "1.2"\n  - name: gcr.io/team/api\n    newTag: v3\n  - name: cache\n    newName: redis\n  - name: digested\n    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n  - name: floating\n    newTag: latest\n',
      'base/deployment.yaml': deployment(images),
      'base/unlisted.yaml': deployment(['web']),
      'plain/deployment.yaml': deployment(['web']),
    });
    const r = initlens(['check', '--format', 'json', 'base', 'plain'], { cwd: dir });
    const mutable = Object.fromEntries(
      json(r.stdout).files.map((f) => [
        f.path.split(path.sep).join('/'),
        f.diagnostics.filter((d) => d.rule === 'image-tag-mutable').map((d) => d.message.match(/"([^"]+)"/)?.[1]),
      ]),
    );
    assert.deepEqual(mutable, {
      'base/deployment.yaml': ['cache', 'floating', 'other'],
      'base/kustomization.yaml': [],
      'base/unlisted.yaml': ['web'],
      'plain/deployment.yaml': ['web'],
    });
  });
});
