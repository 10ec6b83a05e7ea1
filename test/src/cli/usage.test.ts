/** `initlens` command line: help, version, usage errors and exit statuses (the real process). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLEAN_POD, DEPLOYMENT_WITH_TYPOS, initlens, removeTree, ROOT, tempTree } from './helpers';

const HINT = 'Run `initlens --help` for usage.\n';

describe('initlens: help and version', () => {
  it('--version prints the version of package.json', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = initlens(['--version']);
    assert.deepEqual(r, { status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help documents the command, the path handling and the exit statuses', () => {
    const r = initlens(['--help']);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    for (const text of [
      'initlens check [options] PATH… | -',
      '--format text|json|sarif',
      '--kubernetes-version X.Y',
      '--fix',
      '--no-color',
      'node_modules',
      'A path that does not exist or cannot be read',
      'With "-", the fixed text is written to stdout',
      '0  no error-severity findings',
      '1  error-severity findings',
      '2  usage error, a path that could not be read or checked, or a problem in .initlens.yaml',
      '--config FILE',
      '--no-config',
    ]) {
      assert.ok(r.stdout.includes(text), `--help lacks ${JSON.stringify(text)}`);
    }
  });

  it('`help check` and `check --help` print the help of check', () => {
    const a = initlens(['help', 'check']);
    const b = initlens(['check', '--help']);
    assert.equal(a.status, 0);
    assert.ok(a.stdout.startsWith('Usage: initlens check [options] PATH… | -\n'));
    assert.deepEqual(b, a);
    assert.ok(initlens(['--help']).stdout.endsWith(a.stdout), '--help includes the help of check');
  });
});

describe('initlens: usage errors exit 2 with one line on stderr', () => {
  const cases: [string[], string][] = [
    [['check', '--bogus', 'x.yaml'], 'unknown option --bogus'],
    [['check', '--format', 'xml', 'x.yaml'], 'unknown format "xml" (expected text, json, sarif, github)'],
    [['check', '--format'], 'option --format needs a value'],
    [['check', '--kubernetes-version', '2.1', 'x.yaml'], 'invalid Kubernetes version "2.1" (expected 1.MINOR, e.g. 1.35)'],
    [['check', '--kubernetes-version=latest', 'x.yaml'], 'invalid Kubernetes version "latest" (expected 1.MINOR, e.g. 1.35)'],
    [['check', '--fix=yes', 'x.yaml'], 'option --fix takes no value'],
    [['check'], 'no paths given (a file, a directory, or - for standard input)'],
    [['check', '-', '-'], '- (standard input) given more than once'],
    [[], 'no command given'],
    [['lint', 'x.yaml'], 'unknown command "lint"'],
    [['--bogus'], 'unknown option --bogus'],
    [['help', 'lint'], 'no help for "lint"'],
  ];
  for (const [args, message] of cases) {
    it(`initlens ${args.join(' ')}`, () => {
      assert.deepEqual(initlens(args), { status: 2, stdout: '', stderr: `initlens: ${message}\n${HINT}` });
    });
  }
});

describe('initlens check: exit status', () => {
  let dir: string;
  before(() => {
    dir = tempTree({ 'clean.yaml': CLEAN_POD, 'typos.yaml': DEPLOYMENT_WITH_TYPOS, '-dash.yaml': CLEAN_POD });
  });
  after(() => removeTree(dir));

  it('0 for a clean file', () => {
    assert.deepEqual(initlens(['check', 'clean.yaml'], { cwd: dir }), { status: 0, stdout: 'no problems in 1 file\n', stderr: '' });
  });

  it('1 for a file with an error', () => {
    const r = initlens(['check', 'clean.yaml', 'typos.yaml'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
    assert.ok(r.stdout.endsWith('\n2 errors in 2 files\n'), r.stdout);
  });

  it('2 for a missing file, after reporting the others', () => {
    const r = initlens(['check', 'missing.yaml', 'clean.yaml'], { cwd: dir });
    assert.deepEqual(r, { status: 2, stdout: 'no problems in 1 file\n', stderr: 'initlens: cannot read missing.yaml: no such file or directory\n' });
  });

  it('2 wins over 1: a missing file and a file with errors', () => {
    const r = initlens(['check', 'typos.yaml', 'missing.yaml'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.ok(r.stdout.endsWith('\n2 errors in 1 file\n'), r.stdout);
  });

  it('a path after `--` is a path even if it starts with -', () => {
    assert.deepEqual(initlens(['check', '--', '-dash.yaml'], { cwd: dir }), { status: 0, stdout: 'no problems in 1 file\n', stderr: '' });
  });

  it('--kubernetes-version accepts 1.28, v1.30 and 1.31.2', () => {
    for (const v of ['1.28', 'v1.30', '1.31.2']) {
      assert.equal(initlens(['check', '--kubernetes-version', v, 'clean.yaml'], { cwd: dir }).status, 0, v);
      assert.equal(initlens(['check', `--kubernetes-version=${v}`, 'clean.yaml'], { cwd: dir }).status, 0, v);
    }
  });
});
