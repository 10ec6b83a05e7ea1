/** `initlens check --fix`: safe fixes written in place, or to stdout for `-` (the real process). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CLEAN_POD, DEPLOYMENT_WITH_TYPO, DEPLOYMENT_WITH_TYPOS, initlens, PORT_MESSAGE, treesPerTest, TYPO_FIX_TITLE } from './helpers';
import { POD_WITH_TWO_RESOURCES_TYPOS } from '../manifests';

const FIXED = DEPLOYMENT_WITH_TYPO.replace('imagePulPolicy:', 'imagePullPolicy:');

const tree = treesPerTest();

describe('initlens check --fix', () => {
  it('rewrites the typo in place, lists the change on stderr, and exits 0', () => {
    const dir = tree({ 'web.yaml': DEPLOYMENT_WITH_TYPO });
    const file = path.join(dir, 'web.yaml');
    fs.chmodSync(file, 0o640);
    const r = initlens(['check', '--fix', 'web.yaml'], { cwd: dir });
    assert.deepEqual(r, { status: 0, stdout: 'no problems in 1 file\n', stderr: `fixed web.yaml:15:11 schema: ${TYPO_FIX_TITLE}\n` });
    assert.equal(fs.readFileSync(file, 'utf8'), FIXED);
    assert.equal(fs.statSync(file).mode & 0o7777, 0o640, 'file mode kept');
    assert.deepEqual(fs.readdirSync(dir), ['web.yaml'], 'no temporary file left behind');
  });

  it('keeps CRLF line endings and a BOM', () => {
    const crlf = DEPLOYMENT_WITH_TYPO.replace(/\n/g, '\r\n');
    const dir = tree({ 'crlf.yaml': crlf, 'bom.yaml': `\uFEFF${DEPLOYMENT_WITH_TYPO}` });
    const r = initlens(['check', '--fix', 'crlf.yaml', 'bom.yaml'], { cwd: dir });
    assert.deepEqual(r, {
      status: 0,
      stdout: 'no problems in 2 files\n',
      stderr: `fixed crlf.yaml:15:11 schema: ${TYPO_FIX_TITLE}\nfixed bom.yaml:15:11 schema: ${TYPO_FIX_TITLE}\n`,
    });
    assert.equal(fs.readFileSync(path.join(dir, 'crlf.yaml'), 'utf8'), FIXED.replace(/\n/g, '\r\n'));
    assert.deepEqual(fs.readFileSync(path.join(dir, 'bom.yaml')), Buffer.from(`\uFEFF${FIXED}`, 'utf8'));
  });

  it('reports what it cannot fix, with the exit status of the remaining findings', () => {
    const dir = tree({ 'web.yaml': DEPLOYMENT_WITH_TYPOS });
    const r = initlens(['check', '--fix', 'web.yaml'], { cwd: dir });
    assert.deepEqual(r, {
      status: 1,
      stdout: `web.yaml:20:30: error schema: ${PORT_MESSAGE}\n1 error in 1 file\n`,
      stderr: `fixed web.yaml:15:11 schema: ${TYPO_FIX_TITLE}\n`,
    });
    assert.equal(fs.readFileSync(path.join(dir, 'web.yaml'), 'utf8'), DEPLOYMENT_WITH_TYPOS.replace('imagePulPolicy:', 'imagePullPolicy:'));
  });

  it('checks the file as a whole: of two typos fixed to one key, one is fixed and the other is reported', () => {
    const text = POD_WITH_TWO_RESOURCES_TYPOS;
    const dir = tree({ 'pod.yaml': text });
    const r = initlens(['check', '--fix', 'pod.yaml'], { cwd: dir });
    assert.deepEqual(r, {
      status: 1,
      stdout: 'pod.yaml:11:7: error schema: spec.containers[0].resoures: unknown field "resoures"\n1 error in 1 file\n',
      stderr:
        'fixed pod.yaml:9:7 schema: Change to `resources`\n' +
        'not fixed pod.yaml:11:7 schema: Change to `resources`: with the other fixes it would add yaml-syntax: a key appears twice in the same mapping: Map keys must be unique\n',
    });
    assert.equal(fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8'), text.replace('resourcse:', 'resources:'));
  });

  it('leaves a file without safe fixes untouched (same inode, same mtime)', () => {
    const dir = tree({ 'clean.yaml': CLEAN_POD });
    const file = path.join(dir, 'clean.yaml');
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, past, past);
    const before = fs.statSync(file);
    assert.deepEqual(initlens(['check', '--fix', 'clean.yaml'], { cwd: dir }), { status: 0, stdout: 'no problems in 1 file\n', stderr: '' });
    const after = fs.statSync(file);
    assert.equal(after.ino, before.ino);
    assert.equal(after.mtimeMs, before.mtimeMs);
  });

  it('fixes the target of a symbolic link and keeps the link', () => {
    const dir = tree({ 'real.yaml': DEPLOYMENT_WITH_TYPO });
    fs.symlinkSync('real.yaml', path.join(dir, 'link.yaml'));
    const r = initlens(['check', '--fix', 'link.yaml'], { cwd: dir });
    assert.equal(r.status, 0);
    assert.ok(fs.lstatSync(path.join(dir, 'link.yaml')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'real.yaml'), 'utf8'), FIXED);
  });

  it('with `-`, writes the fixed YAML to stdout and the report to stderr', () => {
    const r = initlens(['check', '--fix', '-'], { input: DEPLOYMENT_WITH_TYPOS });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, DEPLOYMENT_WITH_TYPOS.replace('imagePulPolicy:', 'imagePullPolicy:'));
    assert.equal(r.stderr, `fixed -:15:11 schema: ${TYPO_FIX_TITLE}\n-:20:30: error schema: ${PORT_MESSAGE}\n1 error in 1 file\n`);
  });

  it('with `-` and nothing to fix, stdout is the input unchanged (BOM included)', () => {
    const input = `\uFEFF${CLEAN_POD}`;
    const r = initlens(['check', '--fix', '--format', 'json', '-'], { input });
    assert.deepEqual(r, { status: 0, stdout: input, stderr: '{"version":1,"files":[{"path":"-","diagnostics":[]}]}\n' });
  });

  it('a Helm template is left alone', () => {
    const helm = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n    - name: a\n      imagePulPolicy: Always\n';
    const dir = tree({ 'chart.yaml': helm });
    const r = initlens(['check', '--fix', 'chart.yaml'], { cwd: dir });
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    assert.equal(fs.readFileSync(path.join(dir, 'chart.yaml'), 'utf8'), helm);
  });
});
