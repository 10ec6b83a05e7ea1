/** The CLI's pieces, imported from server/out/cli: argument parsing, fix selection, formatting. */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic, FileEdit, FileFix } from '../../../server/out/analysis/analyze';
import { parseArgs, UsageError } from '../../../server/out/cli/args';
import { useColor } from '../../../server/out/cli/check';
import { decode } from '../../../server/out/cli/files';
import { applyEdits, chooseFixes, safeFixOf } from '../../../server/out/analysis/fixAll';
import { artifactLocation, ruleSummary, sarifLevel } from '../../../server/out/cli/format/sarif';
import { formatText, summaryLine } from '../../../server/out/cli/format/text';
import type { FileReport } from '../../../server/out/cli/report';
import type { Severity } from '../../../server/out/config/options';

function edit(start: number, end: number, newText: string): FileEdit {
  return { span: { start, end }, range: { start: { line: 0, character: start }, end: { line: 0, character: end } }, newText };
}
function fix(title: string, edits: FileEdit[], safe = true, preferred = false): FileFix {
  return { title, safe, preferred, edits };
}
function diag(rule: string, severity: Severity, start: number, fixes: FileFix[] = [], message = `${rule} here`): Diagnostic {
  return {
    rule,
    severity,
    message,
    span: { start, end: start + 1 },
    range: { start: { line: 0, character: start }, end: { line: 0, character: start + 1 } },
    fixes,
    document: 0,
  };
}

describe('parseArgs', () => {
  it('defaults', () => {
    assert.deepEqual(parseArgs(['check', 'a.yaml']), {
      kind: 'check',
      format: 'text',
      fix: false,
      color: true,
      maxFileSizeKB: 16384,
      paths: ['a.yaml'],
    });
  });
  it('--config FILE and --no-config, the last one winning; --format github', () => {
    assert.equal((parseArgs(['check', '--config', 'ci/initlens.yaml', 'a']) as { config?: unknown }).config, 'ci/initlens.yaml');
    assert.equal((parseArgs(['check', '--config=x.yaml', '--no-config', 'a']) as { config?: unknown }).config, false);
    assert.equal((parseArgs(['check', '--no-config', '--config', 'x.yaml', 'a']) as { config?: unknown }).config, 'x.yaml');
    assert.equal((parseArgs(['check', '--format', 'github', 'a']) as { format?: unknown }).format, 'github');
    assert.throws(
      () => parseArgs(['check', '--config']),
      (e) => e instanceof UsageError && e.message === 'option --config needs a value',
    );
    assert.throws(
      () => parseArgs(['check', '--config=', 'a']),
      (e) => e instanceof UsageError && e.message === 'option --config needs a file',
    );
    assert.throws(
      () => parseArgs(['check', '--no-config=1', 'a']),
      (e) => e instanceof UsageError && e.message === 'option --no-config takes no value',
    );
  });
  it('every option, both spellings, the last one winning', () => {
    assert.deepEqual(
      parseArgs([
        'check',
        '--format=json',
        'a',
        '--format',
        'sarif',
        '--kubernetes-version',
        'v1.28.3',
        '--fix',
        '--no-color',
        '--max-file-size-kb',
        '64',
        '-',
        '--',
        '--b',
      ]),
      {
        kind: 'check',
        format: 'sarif',
        kubernetesVersion: { major: 1, minor: 28 },
        fix: true,
        color: false,
        maxFileSizeKB: 64,
        paths: ['a', '-', '--b'],
      },
    );
    assert.equal((parseArgs(['check', '--max-file-size-kb=0', 'a']) as { maxFileSizeKB: number }).maxFileSizeKB, 0);
    assert.throws(() => parseArgs(['check', '--max-file-size-kb', '-1', 'a']), /invalid --max-file-size-kb "-1"/);
    assert.throws(() => parseArgs(['check', '--max-file-size-kb', '1.5', 'a']), /invalid --max-file-size-kb "1.5"/);
  });
  it('help and version', () => {
    assert.deepEqual(parseArgs(['--help']), { kind: 'help', topic: 'general' });
    assert.deepEqual(parseArgs(['-h']), { kind: 'help', topic: 'general' });
    assert.deepEqual(parseArgs(['help']), { kind: 'help', topic: 'general' });
    assert.deepEqual(parseArgs(['help', 'check']), { kind: 'help', topic: 'check' });
    assert.deepEqual(parseArgs(['check', 'x', '-h']), { kind: 'help', topic: 'check' });
    assert.deepEqual(parseArgs(['--version']), { kind: 'version' });
  });
  it('usage errors', () => {
    assert.throws(
      () => parseArgs(['check', '-x', 'a']),
      (e) => e instanceof UsageError && e.message === 'unknown option -x',
    );
    assert.throws(
      () => parseArgs(['check', '--kubernetes-version', '1']),
      (e) => e instanceof UsageError && e.message.startsWith('invalid Kubernetes version "1"'),
    );
    assert.throws(
      () => parseArgs(['check', '--no-color=1', 'a']),
      (e) => e instanceof UsageError && e.message === 'option --no-color takes no value',
    );
  });
});

describe('fix selection', () => {
  it('the preferred safe fix, else the first safe one; unsafe and empty fixes never', () => {
    const a = fix('a', [edit(0, 1, 'x')]);
    const b = fix('b', [edit(0, 1, 'y')], true, true);
    const unsafe = fix('u', [edit(0, 1, 'z')], false, true);
    const empty = fix('e', [], true, true);
    assert.equal(safeFixOf(diag('r', 'error', 0, [unsafe, a, b])), b);
    assert.equal(safeFixOf(diag('r', 'error', 0, [unsafe, empty, a])), a);
    assert.equal(safeFixOf(diag('r', 'error', 0, [unsafe])), undefined);
  });

  it('skips a fix that overlaps or touches one already chosen, and malformed fixes', () => {
    const d1 = diag('r1', 'error', 0, [fix('one', [edit(2, 5, 'A')])]);
    const d2 = diag('r2', 'error', 1, [fix('overlaps', [edit(4, 6, 'B')])]);
    const d3 = diag('r3', 'error', 2, [fix('touches', [edit(5, 5, 'C')])]);
    const d4 = diag('r4', 'error', 3, [fix('apart', [edit(7, 8, 'D'), edit(9, 9, 'E')])]);
    const d5 = diag('r5', 'error', 4, [fix('malformed', [edit(10, 12, 'F'), edit(11, 13, 'G')])]);
    assert.deepEqual(
      chooseFixes([d1, d2, d3, d4, d5]).map((c) => c.fix.title),
      ['one', 'apart'],
    );
  });

  it('applies edits from the end; insertions at one offset keep their order', () => {
    assert.equal(applyEdits('0123456789', [edit(2, 5, 'A'), edit(7, 8, 'D'), edit(9, 9, 'E'), edit(9, 9, 'F')]), '01A56D8EF9');
    assert.equal(applyEdits('abc', []), 'abc');
  });
});

describe('text format', () => {
  const report: FileReport[] = [{ path: 'a.yaml', diagnostics: [diag('schema', 'error', 3, [], 'line one\nline two'), diag('image-tag-mutable', 'hint', 0)] }];

  it('one line per finding, the message on one line', () => {
    assert.equal(
      formatText(report, false),
      'a.yaml:1:4: error schema: line one line two\na.yaml:1:1: hint image-tag-mutable: image-tag-mutable here\n1 error, 1 hint in 1 file\n',
    );
  });

  it('colours the severity and the rule only', () => {
    assert.equal(
      formatText([{ path: 'a.yaml', diagnostics: [diag('schema', 'error', 0, [], 'm')] }], true),
      'a.yaml:1:1: \u001b[1;31merror\u001b[0m \u001b[2mschema\u001b[0m: m\n1 error in 1 file\n',
    );
  });

  it('summary: counts per severity, plurals, or no problems', () => {
    const many = (severity: Severity, n: number) => Array.from({ length: n }, (_, i) => diag('r', severity, i));
    assert.equal(summaryLine([]), 'no problems in 0 files');
    assert.equal(summaryLine([{ path: 'a', diagnostics: [] }]), 'no problems in 1 file');
    assert.equal(
      summaryLine([
        { path: 'a', diagnostics: [...many('error', 2), ...many('warning', 1)] },
        { path: 'b', diagnostics: [...many('info', 2), ...many('hint', 3)] },
        { path: 'c', diagnostics: [] },
      ]),
      '2 errors, 1 warning, 2 infos, 3 hints in 3 files',
    );
    assert.equal(summaryLine([{ path: 'a', diagnostics: [...many('warning', 2), ...many('info', 1)] }]), '2 warnings, 1 info in 1 file');
  });

  it('colour only for text on a terminal, without NO_COLOR or --no-color', () => {
    const cmd = parseArgs(['check', 'a']);
    if (cmd.kind !== 'check') throw new Error('not check');
    const tty = { write: () => true, isTTY: true };
    const pipe = { write: () => true, isTTY: false };
    assert.equal(useColor(cmd, tty, {}), true);
    assert.equal(useColor(cmd, tty, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
    assert.equal(useColor(cmd, tty, { NO_COLOR: '1' }), false);
    assert.equal(useColor(cmd, pipe, {}), false);
    assert.equal(useColor({ ...cmd, color: false }, tty, {}), false);
    assert.equal(useColor({ ...cmd, format: 'json' }, tty, {}), false);
  });
});

describe('decode', () => {
  it('strips one BOM, keeps a second, marks invalid UTF-8 with NUL, keeps a valid U+FFFD', () => {
    assert.deepEqual(decode(Buffer.from('\uFEFFa: 1', 'utf8')), { text: 'a: 1', bom: true });
    assert.deepEqual(decode(Buffer.from('\uFEFF\uFEFFa', 'utf8')), { text: '\uFEFFa', bom: true });
    assert.deepEqual(decode(Buffer.from([0x61, 0xff, 0x62])), { text: 'a\u0000b', bom: false });
    assert.deepEqual(decode(Buffer.from('a\uFFFDb', 'utf8')), { text: 'a\uFFFDb', bom: false });
    assert.deepEqual(decode(Buffer.concat([Buffer.from([0xe2]), Buffer.from('\uFFFD', 'utf8'), Buffer.from([0xff])])), {
      text: '\u0000\uFFFD\u0000',
      bom: false,
    });
    assert.deepEqual(decode(Buffer.from([])), { text: '', bom: false });
  });
});

describe('sarif pieces', () => {
  it('levels', () => {
    assert.deepEqual((['error', 'warning', 'info', 'hint'] as Severity[]).map(sarifLevel), ['error', 'warning', 'note', 'note']);
  });

  it('artifact locations', () => {
    const cwd = path.resolve('/repo');
    assert.deepEqual(artifactLocation('k8s/a b#1.yaml', cwd), { uri: 'k8s/a%20b%231.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('./k8s/../x.yaml', cwd), { uri: 'x.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('../other/x.yaml', cwd), { uri: 'file:///other/x.yaml' });
    assert.deepEqual(artifactLocation('/repo/x.yaml', cwd), { uri: 'file:///repo/x.yaml' });
    assert.deepEqual(artifactLocation('..x.yaml', cwd), { uri: '..x.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('-', cwd), { uri: 'stdin' });
  });

  it('rule summary from the documentation', () => {
    assert.equal(ruleSummary('# id\n\n**Default severity:** error · **Fix:** none\n\n## What\nFirst line\nsecond line.\n\nMore.\n'), 'First line second line.');
    assert.equal(ruleSummary('# id\n\n**Default severity:** error\n\n## What\n\nOne paragraph:\n\n- a\n- b\n\n## Why\nx'), 'One paragraph: - a - b');
    assert.equal(ruleSummary('# id\n\nJust text.\n'), 'Just text.');
    assert.equal(ruleSummary('# id\n'), undefined);
  });
});
