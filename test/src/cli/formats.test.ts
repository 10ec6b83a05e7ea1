/** `initlens check --format text|json|sarif`: exact output of the real process. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALL_RULE_INFOS } from '../../../server/out/rules/index';
import { CLEAN_POD, DEPLOYMENT_WITH_TYPOS, initlens, PORT_MESSAGE, range, removeTree, ROOT, tempTree, TYPO_FIX_TITLE, TYPO_MESSAGE } from './helpers';

/** Two documents: the Deployment with two schema errors, then a ConfigMap with an unclosed quote. */
const COMBO = `${DEPLOYMENT_WITH_TYPOS}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  key: "unterminated\n`;
const SYNTAX_MESSAGE = 'a closing character is missing: Missing closing "quote';

const EXPECTED_JSON = {
  version: 1,
  files: [
    {
      path: 'manifests/combo.yaml',
      diagnostics: [
        {
          rule: 'schema',
          severity: 'error',
          message: TYPO_MESSAGE,
          range: range(14, 10, 14, 24),
          fixes: [{ title: TYPO_FIX_TITLE, edits: [{ range: range(14, 10, 14, 24), newText: 'imagePullPolicy' }] }],
        },
        { rule: 'schema', severity: 'error', message: PORT_MESSAGE, range: range(19, 29, 19, 33), fixes: [] },
        { rule: 'yaml-syntax', severity: 'error', message: SYNTAX_MESSAGE, range: range(26, 20, 27, 0), fixes: [] },
      ],
    },
    { path: 'manifests/clean.yaml', diagnostics: [] },
  ],
};

describe('initlens check output formats', () => {
  let dir: string;
  before(() => {
    dir = tempTree({ 'manifests/combo.yaml': COMBO, 'manifests/clean.yaml': CLEAN_POD });
  });
  after(() => removeTree(dir));

  it('text: path:line:col: severity rule: message, then the summary', () => {
    const r = initlens(['check', 'manifests/combo.yaml', 'manifests/clean.yaml'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    assert.equal(
      r.stdout,
      [
        `manifests/combo.yaml:15:11: error schema: ${TYPO_MESSAGE}`,
        `manifests/combo.yaml:20:30: error schema: ${PORT_MESSAGE}`,
        `manifests/combo.yaml:27:21: error yaml-syntax: ${SYNTAX_MESSAGE}`,
        '3 errors in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('text: no colour when stdout is not a terminal, even without --no-color', () => {
    const r = initlens(['check', 'manifests/combo.yaml'], { cwd: dir });
    assert.ok(!r.stdout.includes('\u001b'), JSON.stringify(r.stdout));
  });

  it('json: the documented structure, key order included, every file listed', () => {
    const r = initlens(['check', '--format', 'json', 'manifests/combo.yaml', 'manifests/clean.yaml'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    assert.ok(r.stdout.endsWith('}\n') && r.stdout.indexOf('\n') === r.stdout.length - 1, 'one JSON document on one line');
    assert.deepEqual(JSON.parse(r.stdout), EXPECTED_JSON);
    assert.equal(r.stdout, `${JSON.stringify(EXPECTED_JSON)}\n`, 'the key order is the documented one');
  });

  it('json: a clean run has exit status 0 and an empty diagnostics list', () => {
    const r = initlens(['check', '--format=json', 'manifests/clean.yaml'], { cwd: dir });
    assert.deepEqual(r, { status: 0, stdout: '{"version":1,"files":[{"path":"manifests/clean.yaml","diagnostics":[]}]}\n', stderr: '' });
  });

  it('sarif: SARIF 2.1.0 that GitHub code scanning accepts, regions = json ranges + 1', () => {
    const r = initlens(['check', '--format', 'sarif', 'manifests/combo.yaml', 'manifests/clean.yaml'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout);
    validateSarif(log);

    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.tool.driver.name, 'initlens');
    assert.equal(run.tool.driver.version, version);
    assert.equal(run.tool.driver.informationUri, undefined, 'no public URL is invented');

    const rules = run.tool.driver.rules as { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[];
    assert.deepEqual(
      rules.map((d) => d.id),
      ALL_RULE_INFOS.map((i) => i.id),
    );
    const levels: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
    for (const [i, info] of ALL_RULE_INFOS.entries()) {
      assert.equal(rules[i].shortDescription.text, info.title);
      assert.equal(rules[i].defaultConfiguration.level, levels[info.defaultSeverity], info.id);
    }
    const syntaxRule = rules.find((d) => d.id === 'yaml-syntax') as unknown as { help: { text: string; markdown: string }; fullDescription: { text: string } };
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'yaml-syntax.md'), 'utf8');
    assert.equal(syntaxRule.help.markdown, doc);
    assert.equal(syntaxRule.help.text, doc);
    assert.ok(!syntaxRule.fullDescription.text.startsWith('#') && !syntaxRule.fullDescription.text.startsWith('**'), syntaxRule.fullDescription.text);

    const artifactLocation = { uri: 'manifests/combo.yaml', uriBaseId: '%SRCROOT%' };
    const expected = EXPECTED_JSON.files[0].diagnostics.map((d) => ({
      ruleId: d.rule,
      ruleIndex: ALL_RULE_INFOS.findIndex((i) => i.id === d.rule),
      level: 'error',
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation, region: region(d.range) } }],
      ...(d.fixes.length
        ? {
            fixes: d.fixes.map((f) => ({
              description: { text: f.title },
              artifactChanges: [
                { artifactLocation, replacements: f.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })) },
              ],
            })),
          }
        : {}),
    }));
    assert.deepEqual(
      run.results.map(({ partialFingerprints: _, ...rest }: Record<string, unknown>) => rest),
      expected,
    );
    assert.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 15, startColumn: 11, endLine: 15, endColumn: 25 });
    for (const d of rules as unknown as { id: string; helpUri: string }[])
      assert.equal(d.helpUri, `https://github.com/initlens/initlens/blob/main/docs/rules/${d.id}.md`);
  });

  it('sarif: fingerprints follow a finding when lines above it come and go, and tell identical findings apart', () => {
    const prints = (text: string, name = 'manifests/combo.yaml') => {
      fs.writeFileSync(path.join(dir, name), text);
      const log = JSON.parse(initlens(['check', '--format', 'sarif', name], { cwd: dir }).stdout);
      return (
        log.runs[0].results as {
          ruleId: string;
          partialFingerprints: Record<string, string>;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[]
      ).map((r) => ({
        rule: r.ruleId,
        line: r.locations[0].physicalLocation.region.startLine,
        print: r.partialFingerprints['initlensFinding/v1'],
      }));
    };
    try {
      const before = prints(COMBO);
      assert.ok(before.length >= 2, JSON.stringify(before));
      const shifted = prints(`# a comment\n\n${COMBO}`);
      assert.deepEqual(
        shifted.map((r) => r.line),
        before.map((r) => r.line + 2),
        'the findings moved down two lines',
      );
      assert.deepEqual(
        shifted.map((r) => r.print),
        before.map((r) => r.print),
        'their fingerprints did not change',
      );
      assert.equal(new Set(before.map((r) => r.print)).size, before.length, 'each finding has its own');
      const once = prints(DEPLOYMENT_WITH_TYPOS);
      const twice = prints(`${DEPLOYMENT_WITH_TYPOS}---\n${DEPLOYMENT_WITH_TYPOS}`);
      assert.equal(twice.length, once.length * 2);
      assert.deepEqual(
        twice.slice(0, once.length).map((r) => r.print),
        once.map((r) => r.print),
        'the first copy keeps them',
      );
      assert.deepEqual(
        twice.slice(once.length).map((r) => r.print),
        once.map((r) => r.print.replace(/:1$/, ':2')),
        'the second copy counts on',
      );
      const elsewhere = prints(COMBO, 'manifests/other.yaml');
      assert.ok(
        elsewhere.every((r, i) => r.print !== before[i].print),
        'another file, other fingerprints',
      );
    } finally {
      fs.writeFileSync(path.join(dir, 'manifests/combo.yaml'), COMBO);
      fs.rmSync(path.join(dir, 'manifests/other.yaml'), { force: true });
    }
  });

  it('github: one workflow command per finding, escaped, then the summary', () => {
    const r = initlens(['check', '--format', 'github', 'manifests/combo.yaml'], { cwd: dir });
    assert.equal(r.status, 1);
    const lines = r.stdout.trimEnd().split('\n');
    const diagnostics = EXPECTED_JSON.files[0].diagnostics;
    assert.equal(lines.length, diagnostics.length + 1);
    diagnostics.forEach((d, i) => {
      const end = d.range.end.line === d.range.start.line ? `,endColumn=${d.range.end.character + 1}` : '';
      const escaped = d.message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
      assert.equal(
        lines[i],
        `::error file=manifests/combo.yaml,line=${d.range.start.line + 1},col=${d.range.start.character + 1},endLine=${d.range.end.line + 1}${end},title=initlens ${d.rule}::${escaped}`,
      );
    });
    assert.match(lines[lines.length - 1], /^\d+ errors? in 1 file$/);
  });

  it('sarif: a path outside the working directory becomes a file: URI; stdin is `stdin`', () => {
    const outside = initlens(['check', '--format', 'sarif', path.join(dir, 'manifests', 'combo.yaml')], {
      cwd: path.join(dir, 'manifests', '..', 'manifests'),
    });
    const uri = JSON.parse(outside.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(uri, { uri: `file://${path.join(dir, 'manifests', 'combo.yaml')}` });

    const stdin = initlens(['check', '--format', 'sarif', '-'], { cwd: dir, input: COMBO });
    const log = JSON.parse(stdin.stdout);
    validateSarif(log);
    assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: 'stdin' });
  });
});

function region(r: { start: { line: number; character: number }; end: { line: number; character: number } }) {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

// ---- a structural check against the SARIF 2.1.0 schema, for the objects initlens writes ------
// Property names and requirements as in sarif-schema-2.1.0.json; every property we write must be
// one the schema defines, every required one present (no network: the schema is not fetched).

type Check = (value: unknown, where: string) => void;

function object(props: Record<string, Check>, required: string[] = []): Check {
  return (value, where) => {
    assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${where}: an object`);
    const o = value as Record<string, unknown>;
    for (const key of required) assert.ok(key in o, `${where}: required property ${key}`);
    for (const [key, v] of Object.entries(o)) {
      assert.ok(key in props, `${where}: property ${key} is not one initlens should write`);
      props[key](v, `${where}.${key}`);
    }
  };
}
const array =
  (item: Check, minItems = 0): Check =>
  (value, where) => {
    assert.ok(Array.isArray(value), `${where}: an array`);
    assert.ok(value.length >= minItems, `${where}: at least ${minItems} items`);
    value.forEach((v, i) => item(v, `${where}[${i}]`));
  };
const string: Check = (v, where) => assert.equal(typeof v, 'string', where);
const nonEmpty: Check = (v, where) => assert.ok(typeof v === 'string' && v.length > 0, `${where}: a non-empty string`);
const oneOf =
  (...values: string[]): Check =>
  (v, where) =>
    assert.ok(values.includes(v as string), `${where}: one of ${values.join(', ')}`);
const integer =
  (min: number): Check =>
  (v, where) =>
    assert.ok(Number.isInteger(v) && (v as number) >= min, `${where}: an integer ≥ ${min}`);

const message = object({ text: nonEmpty, markdown: string }, ['text']);
const artifactLocation = object({ uri: nonEmpty, uriBaseId: nonEmpty }, ['uri']);
const sarifRegionCheck = object({ startLine: integer(1), startColumn: integer(1), endLine: integer(1), endColumn: integer(1) }, ['startLine']);
const reportingDescriptor = object(
  {
    id: nonEmpty,
    shortDescription: message,
    fullDescription: message,
    help: message,
    // Code scanning links the alert to the rule's page.
    helpUri: (v, where) => assert.match(v as string, /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/main\/docs\/rules\/[a-z0-9-]+\.md$/, where),
    defaultConfiguration: object({ level: oneOf('none', 'note', 'warning', 'error') }),
  },
  ['id', 'helpUri'],
);
const fix = object(
  {
    description: message,
    artifactChanges: array(
      object(
        { artifactLocation, replacements: array(object({ deletedRegion: sarifRegionCheck, insertedContent: object({ text: string }) }, ['deletedRegion']), 1) },
        ['artifactLocation', 'replacements'],
      ),
      1,
    ),
  },
  ['artifactChanges'],
);
const result = object(
  {
    ruleId: nonEmpty,
    ruleIndex: integer(0),
    level: oneOf('none', 'note', 'warning', 'error'),
    message,
    // GitHub code scanning needs a location on every result.
    locations: array(
      object({ physicalLocation: object({ artifactLocation, region: sarifRegionCheck }, ['artifactLocation', 'region']) }, ['physicalLocation']),
      1,
    ),
    fixes: array(fix, 1),
    partialFingerprints: object({ 'initlensFinding/v1': (v, where) => assert.match(v as string, /^[0-9a-f]{32}:[1-9][0-9]*$/, where) }, ['initlensFinding/v1']),
  },
  ['ruleId', 'message', 'locations', 'partialFingerprints'],
);
const sarifLog = object(
  {
    $schema: oneOf('https://json.schemastore.org/sarif-2.1.0.json'),
    version: oneOf('2.1.0'),
    runs: array(
      object(
        {
          tool: object({ driver: object({ name: nonEmpty, version: nonEmpty, semanticVersion: nonEmpty, rules: array(reportingDescriptor) }, ['name']) }, [
            'driver',
          ]),
          columnKind: oneOf('utf16CodeUnits', 'unicodeCodePoints'),
          results: array(result),
        },
        ['tool'],
      ),
      1,
    ),
  },
  ['version', 'runs'],
);

function validateSarif(log: { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex?: number }[] }[] }): void {
  sarifLog(log, 'sarifLog');
  for (const run of log.runs) {
    const ids = run.tool.driver.rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const r of run.results) {
      assert.ok(r.ruleIndex !== undefined, 'every result names its rule by index');
      assert.equal(ids[r.ruleIndex], r.ruleId, 'ruleIndex points at the rule of ruleId');
    }
  }
}
