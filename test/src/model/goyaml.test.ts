/**
 * The model reads YAML as go-yaml v2 does (kubectl and the API server decode manifests with it
 * through sigs.k8s.io/yaml). Each row is one place where YAML 1.2, or the `yaml` library's YAML 1.1
 * schema, and go-yaml could disagree, with go-yaml's reading taken from its scanner and resolver.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isScalar, isSeq } from 'yaml';
import { parseDocument } from '../../../server/out/model/document';

interface Row {
  /** What the row is about. */
  what: string;
  /** A document's text. */
  yaml: string;
  /** go-yaml's value of the document as JSON would carry it (undefined: no value asserted). */
  value?: unknown;
  /** The syntax error codes initlens reports (go-yaml rejects the document when not empty). */
  errors: string[];
}

const rows: Row[] = [
  // Escapes in double-quoted strings (scannerc.go, yaml_parser_scan_flow_scalar).
  { what: "\\' is an apostrophe", yaml: 'a: "x \\\'y\\\' z"', value: { a: "x 'y' z" }, errors: [] },
  { what: "\\\\' is a backslash, then an apostrophe", yaml: 'a: "x \\\\\'"', value: { a: "x \\'" }, errors: [] },
  { what: "\\' in a multi-line string", yaml: 'a: "x\n  \\\'y\'"', value: { a: "x 'y'" }, errors: [] },
  {
    what: "the docs' env-file example",
    yaml: 'command: ["sh", "-c", "echo \\"CONFIG_VAR=\\\'hello\\\'\\" > /data/config.env"]',
    value: { command: ['sh', '-c', 'echo "CONFIG_VAR=\'hello\'" > /data/config.env'] },
    errors: [],
  },
  { what: '\\/ is an unknown escape', yaml: 'a: "x\\/y"', errors: ['BAD_DQ_ESCAPE'] },
  { what: '\\q is an unknown escape', yaml: 'a: "x\\qy"', errors: ['BAD_DQ_ESCAPE'] },
  { what: '\\x, \\u, \\U, \\t, \\e, \\_ escapes', yaml: 'a: "\\x41\\u0042\\U00000043\\t\\e\\_"', value: { a: 'ABC\t\u001b\u00a0' }, errors: [] },
  { what: "'' in a single-quoted string", yaml: "a: 'it''s'", value: { a: "it's" }, errors: [] },
  // YAML 1.1 scalars (resolve.go): booleans.
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w) => ({
    what: `${w} is true`,
    yaml: `a: ${w}`,
    value: { a: true },
    errors: [],
  })),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w) => ({
    what: `${w} is false`,
    yaml: `a: ${w}`,
    value: { a: false },
    errors: [],
  })),
  { what: 'yEs is a string', yaml: 'a: yEs', value: { a: 'yEs' }, errors: [] },
  { what: 'a boolean key becomes "true"', yaml: 'on: 1', value: { true: 1 }, errors: [] },
  ...['~', 'null', 'Null', 'NULL', ''].map((w) => ({ what: `${JSON.stringify(w)} is null`, yaml: `a: ${w}`, value: { a: null }, errors: [] })),
  // Integers: Go's strconv.ParseInt(base 0) after removing every underscore.
  { what: '0755 is octal', yaml: 'a: 0755', value: { a: 493 }, errors: [] },
  { what: '0o755 is octal (Go prefix)', yaml: 'a: 0o755', value: { a: 493 }, errors: [] },
  { what: '0O17 is octal (Go prefix)', yaml: 'a: 0O17', value: { a: 15 }, errors: [] },
  { what: '0x1F is hexadecimal', yaml: 'a: 0x1F', value: { a: 31 }, errors: [] },
  { what: '0X1F is hexadecimal (Go prefix)', yaml: 'a: 0X1F', value: { a: 31 }, errors: [] },
  { what: '0b101 is binary', yaml: 'a: 0b101', value: { a: 5 }, errors: [] },
  { what: '0B11 is binary (Go prefix)', yaml: 'a: 0B11', value: { a: 3 }, errors: [] },
  { what: '-0b11 is negative binary', yaml: 'a: -0b11', value: { a: -3 }, errors: [] },
  { what: '1_000 drops the underscore', yaml: 'a: 1_000', value: { a: 1000 }, errors: [] },
  { what: '1__000 drops every underscore', yaml: 'a: 1__000', value: { a: 1000 }, errors: [] },
  { what: '0xFF_FF drops the underscore', yaml: 'a: 0xFF_FF', value: { a: 65535 }, errors: [] },
  { what: '_1000 is a string', yaml: 'a: _1000', value: { a: '_1000' }, errors: [] },
  { what: '08 is 8 (a float in Go, the same number)', yaml: 'a: 08', value: { a: 8 }, errors: [] },
  { what: '+12 is 12', yaml: 'a: +12', value: { a: 12 }, errors: [] },
  // No base 60 (resolve.go: "purposefully unsupported").
  { what: '1:20 is a string', yaml: 'a: 1:20', value: { a: '1:20' }, errors: [] },
  { what: '190:20:30.15 is a string', yaml: 'a: 190:20:30.15', value: { a: '190:20:30.15' }, errors: [] },
  { what: '8080:80 is a string', yaml: 'ports: [8080:80]', value: { ports: ['8080:80'] }, errors: [] },
  // Floats.
  { what: '1e3 is a float', yaml: 'a: 1e3', value: { a: 1000 }, errors: [] },
  { what: '.5 is a float', yaml: 'a: .5', value: { a: 0.5 }, errors: [] },
  { what: '685_230.15 drops the underscore', yaml: 'a: 685_230.15', value: { a: 685230.15 }, errors: [] },
  { what: '1e is a string', yaml: 'a: 1e', value: { a: '1e' }, errors: [] },
  { what: '0x1p-2 is a string', yaml: 'a: 0x1p-2', value: { a: '0x1p-2' }, errors: [] },
  // Timestamps: go-yaml v2 gives their text back when decoding into an untyped value.
  { what: 'a date stays its text', yaml: 'a: 2001-12-14', value: { a: '2001-12-14' }, errors: [] },
  { what: 'a date and time stays its text', yaml: 'a: 2001-12-14t21:59:43.10-05:00', value: { a: '2001-12-14t21:59:43.10-05:00' }, errors: [] },
  // Merge keys (resolve.go: `<<` is the merge tag; decode.go merges).
  { what: '<< merges an anchored mapping', yaml: 'b: &x {c: 1}\na:\n  <<: *x\n  d: 2', value: { b: { c: 1 }, a: { c: 1, d: 2 } }, errors: [] },
  // Duplicate keys: strict decoding (kubectl's field validation) rejects them.
  { what: 'a duplicate key', yaml: 'a: 1\na: 2', errors: ['DUPLICATE_KEY'] },
  // Tabs (scannerc.go, yaml_parser_scan_to_next_token: tabs are white space in flow context and
  // after a simple key, never as block indentation).
  { what: 'a tab after a key', yaml: 'a:\tb', value: { a: 'b' }, errors: [] },
  { what: 'a tab inside a value', yaml: 'a: x\ty', value: { a: 'x\ty' }, errors: [] },
  { what: 'a JSON document indented with tabs', yaml: '{\n\t"a": 1,\n\t"b": [\n\t\t2\n\t]\n}', value: { a: 1, b: [2] }, errors: [] },
  { what: 'a tab as block indentation', yaml: 'a:\n\t- b', errors: ['TAB_AS_INDENT'] },
  {
    what: 'a flow sequence continued on a line indented with a tab',
    yaml: 'command: [\n\t"sh", "-c",\n\t"echo hi"]',
    value: { command: ['sh', '-c', 'echo hi'] },
    errors: [],
  },
  { what: 'a flow mapping continued on a line indented with a tab', yaml: 'a: {\n\tb: 1}', value: { a: { b: 1 } }, errors: [] },
  { what: 'a double-quoted string continued on a line indented with a tab', yaml: 'a: "x\n\ty"', value: { a: 'x y' }, errors: [] },
  { what: 'a tab-indented key after a flow collection is still block indentation', yaml: 'a: [1]\n\tb: 2', errors: ['TAB_AS_INDENT'] },
  // A byte-order mark.
  { what: 'a BOM at the start', yaml: '\ufeffa: 1', value: { a: 1 }, errors: [] },
  { what: 'a BOM at the start of a later line is skipped', yaml: 'a: 1\n\ufeffb: 2', value: { a: 1, b: 2 }, errors: [] },
  { what: 'a BOM after the separator line is skipped', yaml: '---\n\ufeffb: 2', value: { b: 2 }, errors: [] },
  // What a separator line may carry (apimachinery YAMLReader: only a comment).
  { what: '--- with a comment', yaml: '--- # first\na: 1', value: { a: 1 }, errors: [] },
  { what: '--- with trailing blanks', yaml: '---  \t\na: 1', value: { a: 1 }, errors: [] },
  { what: '--- with a tag', yaml: '--- !!map\na: 1', errors: ['DOCUMENT_SEPARATOR'] },
  { what: '--- with a block scalar', yaml: '--- |\n  text', errors: ['DOCUMENT_SEPARATOR'] },
  { what: '---foo inside a document', yaml: 'a: 1\n---foo: 2', errors: ['DOCUMENT_SEPARATOR'] },
];

/** The document's value as sigs.k8s.io/yaml would hand it on, from the model's own nodes. */
function valueOf(yaml: string) {
  const doc = parseDocument(yaml);
  return { doc, value: doc.yaml?.toJS({ maxAliasCount: 100 }) };
}

for (const row of rows) {
  test(`go-yaml: ${row.what}`, () => {
    const { doc, value } = valueOf(row.yaml);
    const errors = doc.syntaxIssues.filter((i) => i.severity === 'error').map((i) => i.code);
    assert.deepEqual([...new Set(errors)], row.errors, JSON.stringify(doc.syntaxIssues));
    if (row.value !== undefined) assert.deepEqual(value, row.value);
  });
}

test("go-yaml: a \\' string keeps its exact span and is analysed", () => {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    '    - name: a',
    '      image: busybox:1.36',
    '      command: ["sh", "-c", "echo \\"X=\\\'hello\\\'\\" > /data/x.env"]',
    '',
  ].join('\n');
  const doc = parseDocument(text);
  assert.deepEqual(doc.syntaxIssues, []);
  assert.equal(doc.manifests.length, 1);
  const c = doc.manifests[0].podSpec!.containers[0];
  const command = c.node.get('command', true);
  assert.ok(isSeq(command));
  const third = command.items[2];
  assert.ok(isScalar(third));
  assert.equal(third.value, 'echo "X=\'hello\'" > /data/x.env');
  const src = '"echo \\"X=\\\'hello\\\'\\" > /data/x.env"';
  assert.equal(text.slice(third.range![0], third.range![1]), src);
});

test('go-yaml: the spans of the errors it adds', () => {
  const esc = parseDocument('a: "x\\/y"');
  assert.deepEqual(
    esc.syntaxIssues.map((i) => [i.span.start, i.span.end]),
    [[5, 7]],
  );
  const sep = parseDocument('--- !!map\na: 1');
  assert.deepEqual(
    sep.syntaxIssues.map((i) => [i.span.start, i.span.end, i.message]),
    [[4, 9, 'invalid Yaml document separator: kubectl allows only a comment after `---` on a separator line, and refuses the file here']],
  );
});

test('go-yaml: a merge key is named `<<` in the model, so a merged field is not taken as missing', () => {
  const doc = parseDocument(
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '    - &base',
      '      name: a',
      '      image: busybox:1.36',
      '    - <<: *base',
      '      name: b',
      '',
    ].join('\n'),
  );
  const b = doc.manifests[0].podSpec!.containers[1];
  assert.deepEqual([...b.fields.keys()], ['<<', 'name']);
});
