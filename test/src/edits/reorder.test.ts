/**
 * The edit operations added for the sidecar and env rules: `moveItemBefore` (reorder one block
 * sequence) and `replacePair` (a key and its value replaced in place). Each case is an input, the
 * operation, the exact output and the JS value change; outputs must parse, hold that value, keep
 * the lines outside the edit byte for byte, and work the same with CRLF line endings.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { applyEdits, YamlEditor } from '../../../server/out/edits/yamlEdit';
import { parseDocument, type YamlDocument } from '../../../server/out/model/document';
import { getEntry, nodeAt } from '../../../server/out/model/yamlNodes';
import type { Edit } from '../../../server/out/model/text';

type Js = any;

function path(p: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

function at(doc: YamlDocument, p: string): Node {
  const n = nodeAt(doc.yaml!.contents, path(p));
  assert.ok(n, `no node at ${p}`);
  return n;
}

function pairAt(doc: YamlDocument, p: string): Pair {
  const steps = path(p);
  const key = steps.pop() as string;
  const e = getEntry(nodeAt(doc.yaml!.contents, steps), key);
  assert.ok(e, `no pair at ${p}`);
  return e.pair;
}

interface Case {
  name: string;
  input: string;
  op: (ed: YamlEditor, doc: YamlDocument) => Edit[] | undefined;
  /** Undefined: refused. */
  output?: string;
  change?: (js: Js) => void;
  crlf?: boolean;
}

function check(c: Case, input: string, output: string | undefined): void {
  const doc = parseDocument(input);
  assert.deepEqual(doc.syntaxIssues, [], `${c.name}: input parses`);
  const edits = c.op(new YamlEditor(doc), doc);
  if (output === undefined) {
    assert.equal(edits, undefined, `${c.name}: refused`);
    return;
  }
  assert.ok(edits, `${c.name}: edits expected`);
  for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1].span.end < edits[i].span.start, 'sorted, not touching');
  const result = applyEdits(input, edits);
  assert.equal(result, output, `${c.name}: exact text`);
  const parsed = parseDocument(result);
  assert.deepEqual(parsed.syntaxIssues, [], `${c.name}: output parses`);
  const expected = doc.yaml!.toJS();
  c.change?.(expected);
  assert.deepEqual(parsed.yaml!.toJS(), expected, `${c.name}: JS value`);
  const first = input.lastIndexOf('\n', Math.min(...edits.map((e) => e.span.start)) - 1) + 1;
  assert.equal(result.slice(0, first), input.slice(0, first), `${c.name}: lines before unchanged`);
}

function run(c: Case): void {
  test(c.name, () => {
    check(c, c.input, c.output);
    if (c.crlf) {
      const crlf = (s: string) => s.replace(/\n/g, '\r\n');
      check(c, crlf(c.input), c.output === undefined ? undefined : crlf(c.output));
    }
  });
}

const move = (js: Js, p: (string | number)[], from: number, to: number) => {
  let arr = js;
  for (const s of p) arr = arr[s];
  const [item] = arr.splice(from, 1);
  arr.splice(from < to ? to - 1 : to, 0, item);
};

const INIT = `spec:
  initContainers:
    - name: migrate
      args: ["migrate"]
    # writes static files
    - name: assets
      image: app
    # The database proxy.
    - name: proxy # sidecar
      restartPolicy: Always
      args:
        - --port=5432
  containers:
    - name: app
`;

const cases: Case[] = [
  // ----- moveItemBefore -----
  {
    name: 'moveItemBefore: the last item above the first, with its comment lines; the others keep theirs',
    input: INIT,
    op: (ed, d) => ed.moveItemBefore(at(d, 'spec.initContainers') as YAMLSeq, 2, 0),
    output: `spec:
  initContainers:
    # The database proxy.
    - name: proxy # sidecar
      restartPolicy: Always
      args:
        - --port=5432
    - name: migrate
      args: ["migrate"]
    # writes static files
    - name: assets
      image: app
  containers:
    - name: app
`,
    change: (js) => move(js, ['spec', 'initContainers'], 2, 0),
    crlf: true,
  },
  {
    name: 'moveItemBefore: the last item above the middle one, whose comment lines stay with it',
    input: INIT,
    op: (ed, d) => ed.moveItemBefore(at(d, 'spec.initContainers') as YAMLSeq, 2, 1),
    output: `spec:
  initContainers:
    - name: migrate
      args: ["migrate"]
    # The database proxy.
    - name: proxy # sidecar
      restartPolicy: Always
      args:
        - --port=5432
    # writes static files
    - name: assets
      image: app
  containers:
    - name: app
`,
    change: (js) => move(js, ['spec', 'initContainers'], 2, 1),
    crlf: true,
  },
  {
    name: 'moveItemBefore: downwards, the first item before the last',
    input: INIT,
    op: (ed, d) => ed.moveItemBefore(at(d, 'spec.initContainers') as YAMLSeq, 0, 2),
    output: `spec:
  initContainers:
    # writes static files
    - name: assets
      image: app
    - name: migrate
      args: ["migrate"]
    # The database proxy.
    - name: proxy # sidecar
      restartPolicy: Always
      args:
        - --port=5432
  containers:
    - name: app
`,
    change: (js) => move(js, ['spec', 'initContainers'], 0, 2),
  },
  {
    name: 'moveItemBefore: unindented dashes, a document without a final line break',
    input: 'initContainers:\n- name: a\n  image: x\n- name: b\n  image: y',
    op: (ed, d) => ed.moveItemBefore(at(d, 'initContainers') as YAMLSeq, 1, 0),
    output: 'initContainers:\n- name: b\n  image: y\n- name: a\n  image: x\n',
    change: (js) => move(js, ['initContainers'], 1, 0),
  },
  {
    name: 'moveItemBefore: a block scalar inside the moved item is kept byte for byte',
    input: 'list:\n  - a\n  - |\n    line 1\n\n    line 3\n  - c\n',
    op: (ed, d) => ed.moveItemBefore(at(d, 'list') as YAMLSeq, 1, 0),
    output: 'list:\n  - |\n    line 1\n\n    line 3\n  - a\n  - c\n',
    change: (js) => move(js, ['list'], 1, 0),
  },
  {
    name: 'moveItemBefore: a no-op (the item right after) is refused',
    input: INIT,
    op: (ed, d) => ed.moveItemBefore(at(d, 'spec.initContainers') as YAMLSeq, 1, 2),
  },
  {
    name: 'moveItemBefore: onto itself is refused',
    input: INIT,
    op: (ed, d) => ed.moveItemBefore(at(d, 'spec.initContainers') as YAMLSeq, 1, 1),
  },
  {
    name: 'moveItemBefore: a flow sequence is refused',
    input: 'a: [x, y, z]\n',
    op: (ed, d) => ed.moveItemBefore(at(d, 'a') as YAMLSeq, 2, 0),
  },
  {
    name: 'moveItemBefore: bad indexes are refused',
    input: INIT,
    op: (ed, d) => ed.moveItemBefore(at(d, 'spec.initContainers') as YAMLSeq, 5, 0),
  },
  {
    name: 'moveItemBefore: an aliased sequence is refused',
    input: 'a: &l\n  - x\n  - y\n  - z\nb: *l\n',
    op: (ed, d) => ed.moveItemBefore(at(d, 'a') as YAMLSeq, 2, 0),
  },

  // ----- replacePair -----
  {
    name: 'replacePair: a block value becomes a nested map; the trailing comment stays on the last line',
    input: 'env:\n  - name: DB_PASSWORD\n    value: "hunter2" # set by ops\n  - name: B\n    value: b\n',
    op: (ed, d) => ed.replacePair(at(d, 'env[0]') as YAMLMap, pairAt(d, 'env[0].value'), 'valueFrom', { secretKeyRef: { name: 's', key: 'DB_PASSWORD' } }),
    output:
      'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: s\n        key: DB_PASSWORD # set by ops\n  - name: B\n    value: b\n',
    change: (js) => {
      delete js.env[0].value;
      js.env[0].valueFrom = { secretKeyRef: { name: 's', key: 'DB_PASSWORD' } };
    },
    crlf: true,
  },
  {
    name: 'replacePair: the first key on a dash line',
    input: 'env:\n  - value: x\n    name: A\n',
    op: (ed, d) => ed.replacePair(at(d, 'env[0]') as YAMLMap, pairAt(d, 'env[0].value'), 'valueFrom', { fieldRef: { fieldPath: 'status.podIP' } }),
    output: 'env:\n  - valueFrom:\n      fieldRef:\n        fieldPath: status.podIP\n    name: A\n',
    change: (js) => {
      delete js.env[0].value;
      js.env[0].valueFrom = { fieldRef: { fieldPath: 'status.podIP' } };
    },
  },
  {
    name: 'replacePair: in a flow map',
    input: 'env:\n  - {name: A, value: x, other: 1}\n',
    op: (ed, d) => ed.replacePair(at(d, 'env[0]') as YAMLMap, pairAt(d, 'env[0].value'), 'valueFrom', { secretKeyRef: { name: 's', key: 'A' } }),
    output: 'env:\n  - {name: A, valueFrom: {secretKeyRef: {name: s, key: A}}, other: 1}\n',
    change: (js) => {
      delete js.env[0].value;
      js.env[0].valueFrom = { secretKeyRef: { name: 's', key: 'A' } };
    },
  },
  {
    name: 'replacePair: a block scalar value, its line break kept',
    input: 'a:\n  value: |\n    x\n    y\n  next: 1\n',
    op: (ed, d) => ed.replacePair(at(d, 'a') as YAMLMap, pairAt(d, 'a.value'), 'value', 'z'),
    output: 'a:\n  value: z\n  next: 1\n',
    change: (js) => {
      js.a.value = 'z';
    },
  },
  {
    name: 'replacePair: `resources: {}` replaced by a block map',
    input: 'c:\n  name: setup\n  resources: {} # none\n',
    op: (ed, d) => ed.replacePair(at(d, 'c') as YAMLMap, pairAt(d, 'c.resources'), 'resources', { limits: { memory: '1Gi', cpu: 1 } }),
    output: 'c:\n  name: setup\n  resources:\n    limits:\n      memory: 1Gi\n      cpu: 1 # none\n',
    change: (js) => {
      js.c.resources = { limits: { memory: '1Gi', cpu: 1 } };
    },
  },
  {
    name: 'replacePair: refused when the new key already exists elsewhere in the map',
    input: 'a:\n  value: x\n  valueFrom: y\n',
    op: (ed, d) => ed.replacePair(at(d, 'a') as YAMLMap, pairAt(d, 'a.value'), 'valueFrom', 'z'),
  },
  {
    name: 'replacePair: refused for a pair of another map',
    input: 'a:\n  value: x\nb:\n  c: 1\n',
    op: (ed, d) => ed.replacePair(at(d, 'b') as YAMLMap, pairAt(d, 'a.value'), 'v', 'z'),
  },
];

for (const c of cases) run(c);
