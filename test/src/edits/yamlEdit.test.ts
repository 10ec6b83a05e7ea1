/**
 * The edit layer: each case is an input, an operation on a target (a path into the document), the
 * exact output text and the JS value change it must make. Every output must parse without error,
 * hold the expected value, and keep every line outside the edited ones byte for byte.
 * The property test over every container of the real-world corpus is yamlEdit.corpus.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { applyEdits, YamlEditor } from '../../../server/out/edits/yamlEdit';
import { parseDocument, type YamlDocument } from '../../../server/out/model/document';
import { parseFile } from '../../../server/out/model/file';
import type { Edit } from '../../../server/out/model/text';
import { getEntry, nodeAt } from '../../../server/out/model/yamlNodes';
import { assertOutsideUnchanged, assertWellFormed, insertAfter, type Js } from './editChecks';

/** `spec.containers[1].name` → ['spec', 'containers', 1, 'name']. */
function parsePath(p: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

class Targets {
  constructor(readonly doc: YamlDocument) {}
  node(p: string): Node {
    const n = nodeAt(this.doc.yaml!.contents, parsePath(p));
    assert.ok(n, `no node at ${p}`);
    return n;
  }
  map(p: string): YAMLMap {
    return this.node(p) as YAMLMap;
  }
  seq(p: string): YAMLSeq {
    return this.node(p) as YAMLSeq;
  }
  scalar(p: string): Scalar {
    return this.node(p) as Scalar;
  }
  /** The pair of the last key of the path. */
  pair(p: string): Pair {
    const steps = parsePath(p);
    const key = steps.pop() as string;
    const e = getEntry(nodeAt(this.doc.yaml!.contents, steps), key);
    assert.ok(e, `no pair at ${p}`);
    return e.pair;
  }
}

interface Case {
  name: string;
  input: string;
  op: (ed: YamlEditor, t: Targets) => Edit[] | undefined;
  /** The exact output; undefined: the operation must be refused. */
  output?: string;
  /** The change to the document's JS value. */
  change?: (js: Js) => void;
  /** Run the case on the CRLF version of input and output too. */
  crlf?: boolean;
}

function check(c: Case, input: string, output: string | undefined): void {
  const doc = parseDocument(input);
  assert.deepEqual(doc.syntaxIssues, [], `${c.name}: the input parses`);
  const edits = c.op(new YamlEditor(doc), new Targets(doc));
  if (output === undefined) {
    assert.equal(edits, undefined, `${c.name}: refused`);
    return;
  }
  assert.ok(edits, `${c.name}: edits expected`);
  assertWellFormed(edits, input);
  const result = applyEdits(input, edits);
  assert.equal(result, output, `${c.name}: exact text`);
  const parsed = parseDocument(result);
  assert.deepEqual(parsed.syntaxIssues, [], `${c.name}: the output parses`);
  const expected = doc.yaml!.toJS();
  c.change?.(expected);
  assert.deepEqual(parsed.yaml!.toJS(), expected, `${c.name}: JS value`);
  assertOutsideUnchanged(input, result, edits);
}

function runCase(c: Case): void {
  test(c.name, () => {
    check(c, c.input, c.output);
    if (c.crlf) {
      const crlf = (s: string) => s.replace(/\n/g, '\r\n');
      check(c, crlf(c.input), c.output === undefined ? undefined : crlf(c.output));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Inputs

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web # the pod
spec:
  # app containers
  containers:
    - name: app
      image: "nginx:1.27"
      ports:
        - containerPort: 80
    # the proxy runs beside the app
    - name: proxy
      image: 'envoyproxy/envoy:v1.31'
      args:
        - -c
        - |
          envoy --config /etc/envoy.yaml

          # log level
          --log-level info
      readinessProbe:
        httpGet:
          path: /ready # probe path
          port: 9901
        periodSeconds: 5
    - name: logs
      image: fluent/fluent-bit
`;

const PROXY = `    # the proxy runs beside the app
    - name: proxy
      restartPolicy: Always
      image: 'envoyproxy/envoy:v1.31'
      args:
        - -c
        - |
          envoy --config /etc/envoy.yaml

          # log level
          --log-level info
      readinessProbe:
        httpGet:
          path: /ready # probe path
          port: 9901
        periodSeconds: 5
`;

const POD_WITHOUT_PROXY = POD.replace(/ {4}# the proxy[\s\S]*periodSeconds: 5\n/, '');

const POD_WITH_INIT = POD.replace(
  'spec:\n',
  `spec:
  initContainers:
    - name: init
      image: busybox
      command: ["sh", "-c", "echo init"]
`,
);

/** The JS change of moving containers[1] to the end of initContainers with restartPolicy: Always. */
function moveProxy(js: Js): void {
  const [proxy] = js.spec.containers.splice(1, 1);
  const moved = insertAfter(proxy, 'name', 'restartPolicy', 'Always');
  js.spec.initContainers = [...(js.spec.initContainers ?? []), moved];
}

const FOUR = `apiVersion: v1
kind: Pod
metadata:
    name: four
spec:
    containers:
        - name: app
          image: nginx
          volumeMounts:
              - name: data
                mountPath: /data
`;

const UNINDENTED = `apiVersion: batch/v1
kind: Job
metadata:
  name: unindented
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command:
        - sh
        - -c
        - echo done
      - name: proxy # mesh
        image: envoyproxy/envoy
`;

const cases: Case[] = [
  // ----- addPair -----
  {
    name: 'addPair: restartPolicy after name in a `- name: x` item',
    input: POD,
    op: (ed, t) => ed.addPair(t.map('spec.containers[1]'), 'restartPolicy', 'Always', { after: t.pair('spec.containers[1].name') }),
    output: POD.replace('    - name: proxy\n', '    - name: proxy\n      restartPolicy: Always\n'),
    change: (js) => (js.spec.containers[1] = insertAfter(js.spec.containers[1], 'name', 'restartPolicy', 'Always')),
    crlf: true,
  },
  {
    name: 'addPair: after the last pair by default, after a block scalar',
    input: 'a:\n  s: |\n    x\n\n    y\n  t: 1 # one\n# end\n',
    op: (ed, t) => ed.addPair(t.map('a'), 'u', { v: [1, 'two'], w: {} }),
    output: 'a:\n  s: |\n    x\n\n    y\n  t: 1 # one\n  u:\n    v:\n      - 1\n      - two\n    w: {}\n# end\n',
    change: (js) => (js.a.u = { v: [1, 'two'], w: {} }),
  },
  {
    name: 'addPair: before a pair goes above the comment lines of that pair',
    input: 'spec:\n  restartPolicy: Always\n  # the app\n  containers:\n    - name: a\n',
    op: (ed, t) => ed.addPair(t.map('spec'), 'hostNetwork', true, { before: t.pair('spec.containers') }),
    output: 'spec:\n  restartPolicy: Always\n  hostNetwork: true\n  # the app\n  containers:\n    - name: a\n',
    change: (js) => (js.spec.hostNetwork = true),
  },
  {
    name: 'addPair: before the first key of a dash line',
    input: 'items:\n  - name: a\n    image: b\n',
    op: (ed, t) => ed.addPair(t.map('items[0]'), 'ports', [{ containerPort: 80 }], { before: t.pair('items[0].name') }),
    output: 'items:\n  - ports:\n      - containerPort: 80\n    name: a\n    image: b\n',
    change: (js) => (js.items[0].ports = [{ containerPort: 80 }]),
  },
  {
    name: 'addPair: values that would not stay strings are quoted (double by default)',
    input: 'a:\n  b: 1\n',
    op: (ed, t) => ed.addPair(t.map('a'), 'c', { yes: 'yes', num: '1', nul: 'null', colon: ': x', space: ' x ', ok: 'a b', multi: 'x\ny' }),
    output: 'a:\n  b: 1\n  c:\n    "yes": "yes"\n    num: "1"\n    nul: "null"\n    colon: ": x"\n    space: " x "\n    ok: a b\n    multi: "x\\ny"\n',
    change: (js) => (js.a.c = { yes: 'yes', num: '1', nul: 'null', colon: ': x', space: ' x ', ok: 'a b', multi: 'x\ny' }),
  },
  {
    name: 'addPair: a file that single-quotes gets single quotes',
    input: "a: 'x'\nb: 'y'\n",
    op: (ed, t) => ed.addPair(t.map(''), 'c', 'on'),
    output: "a: 'x'\nb: 'y'\nc: 'on'\n",
    change: (js) => (js.c = 'on'),
  },
  {
    name: 'addPair: flow map stays flow (after, before, default)',
    input: 'a: {b: 1, c: "2"} # flow\n',
    op: (ed, t) => ed.addPair(t.map('a'), 'd', { e: [1, 'x y'] }, { after: t.pair('a.b') }),
    output: 'a: {b: 1, d: {e: [1, x y]}, c: "2"} # flow\n',
    change: (js) => (js.a.d = { e: [1, 'x y'] }),
  },
  {
    name: 'addPair: flow map, before a pair; strings with flow indicators are quoted',
    input: 'a: { b: 1 }\n',
    op: (ed, t) => ed.addPair(t.map('a'), 'z', 'x, y', { before: t.pair('a.b') }),
    output: 'a: { z: "x, y", b: 1 }\n',
    change: (js) => (js.a.z = 'x, y'),
  },
  {
    name: 'addPair: `emptyDir: {}` becomes a block map in a block parent',
    input: 'volumes:\n  - name: data\n    emptyDir: {} # scratch\n  - name: b\n',
    op: (ed, t) => ed.addPair(t.map('volumes[0].emptyDir'), 'medium', 'Memory'),
    output: 'volumes:\n  - name: data\n    emptyDir: # scratch\n      medium: Memory\n  - name: b\n',
    change: (js) => (js.volumes[0].emptyDir = { medium: 'Memory' }),
  },
  {
    name: 'addPair: `- {}` item becomes a block map on the dash line',
    input: 'items:\n- {}\n- a: 1\n',
    op: (ed, t) => ed.addPair(t.map('items[0]'), 'k', { x: 1, z: 'two' }),
    output: 'items:\n- k:\n    x: 1\n    z: two\n- a: 1\n',
    change: (js) => (js.items[0] = { k: { x: 1, z: 'two' } }),
  },
  {
    name: 'addPair: in a 4-space file nested maps use 4 spaces',
    input: FOUR,
    op: (ed, t) => ed.addPair(t.map('metadata'), 'labels', { app: 'four' }),
    output: FOUR.replace('    name: four\n', '    name: four\n    labels:\n        app: four\n'),
    change: (js) => (js.metadata.labels = { app: 'four' }),
  },
  {
    name: 'addPair: an existing key is refused (it would be a duplicate)',
    input: 'a: 1\n',
    op: (ed, t) => ed.addPair(t.map(''), 'a', 2),
  },
  {
    name: 'addPair: a value that is not plain data is refused',
    input: 'a: 1\n',
    op: (ed, t) => ed.addPair(t.map(''), 'b', new Date(0)),
  },

  // ----- removePair -----
  {
    name: 'removePair: a multi-line readinessProbe with a comment inside',
    input: POD,
    op: (ed, t) => ed.removePair(t.map('spec.containers[1]'), t.pair('spec.containers[1].readinessProbe')),
    output: POD.replace(/ {6}readinessProbe:[\s\S]*periodSeconds: 5\n/, ''),
    change: (js) => delete js.spec.containers[1].readinessProbe,
    crlf: true,
  },
  {
    name: 'removePair: keeps the comment lines above, drops the trailing comment of its last line',
    input: 'metadata:\n  name: x\n  # the labels\n  labels: # inline\n    app: x # app\n  annotations: {}\n',
    op: (ed, t) => ed.removePair(t.map('metadata'), t.pair('metadata.labels')),
    output: 'metadata:\n  name: x\n  # the labels\n  annotations: {}\n',
    change: (js) => delete js.metadata.labels,
  },
  {
    name: 'removePair: the first key on a dash line',
    input: POD,
    op: (ed, t) => ed.removePair(t.map('spec.containers[2]'), t.pair('spec.containers[2].name')),
    output: POD.replace('    - name: logs\n      image: fluent/fluent-bit\n', '    - image: fluent/fluent-bit\n'),
    change: (js) => delete js.spec.containers[2].name,
    crlf: true,
  },
  {
    name: 'removePair: a multi-line first key on a dash line',
    input: '- lifecycle:\n    preStop:\n      exec: {command: [sh]}\n  name: x\n',
    op: (ed, t) => ed.removePair(t.map('[0]'), t.pair('[0].lifecycle')),
    output: '- name: x\n',
    change: (js) => delete js[0].lifecycle,
  },
  {
    name: 'removePair: the first key on a dash line, comments above the next key move above the dash',
    input: 'list:\n  - lifecycle: x\n    # about name\n    name: y\n',
    op: (ed, t) => ed.removePair(t.map('list[0]'), t.pair('list[0].lifecycle')),
    output: 'list:\n    # about name\n  - name: y\n',
    change: (js) => delete js.list[0].lifecycle,
  },
  {
    name: 'removePair: the only key of a block map leaves `key: {}`',
    input: 'spec:\n  securityContext: # sc\n    # non-root\n    runAsNonRoot: true\n  hostPID: false\n',
    op: (ed, t) => ed.removePair(t.map('spec.securityContext'), t.pair('spec.securityContext.runAsNonRoot')),
    output: 'spec:\n  securityContext: {} # sc\n    # non-root\n  hostPID: false\n',
    change: (js) => (js.spec.securityContext = {}),
    crlf: true,
  },
  {
    name: 'removePair: the only key of an item leaves `- {}`',
    input: 'items:\n  - lifecycle:\n      a: 1\n  - b\n',
    op: (ed, t) => ed.removePair(t.map('items[0]'), t.pair('items[0].lifecycle')),
    output: 'items:\n  - {}\n  - b\n',
    change: (js) => (js.items[0] = {}),
  },
  {
    name: 'removePair: comment lines right below it, indented deeper than its key, go with it',
    input: 'c:\n  probe:\n    x: 1\n    # y: 2\n  # about image\n  image: z\n',
    op: (ed, t) => ed.removePair(t.map('c'), t.pair('c.probe')),
    output: 'c:\n  # about image\n  image: z\n',
    change: (js) => delete js.c.probe,
  },
  {
    name: 'removePair: flow map, middle',
    input: 'a: {b: 1, c: [1, 2], d: "x"}\n',
    op: (ed, t) => ed.removePair(t.map('a'), t.pair('a.c')),
    output: 'a: {b: 1, d: "x"}\n',
    change: (js) => delete js.a.c,
  },
  {
    name: 'removePair: flow map, last pair',
    input: 'a: {b: 1, c: 2}\n',
    op: (ed, t) => ed.removePair(t.map('a'), t.pair('a.c')),
    output: 'a: {b: 1}\n',
    change: (js) => delete js.a.c,
  },
  {
    name: 'removePair: flow map, only pair',
    input: 'a: { b: 1 } # c\n',
    op: (ed, t) => ed.removePair(t.map('a'), t.pair('a.b')),
    output: 'a: {} # c\n',
    change: (js) => (js.a = {}),
  },
  {
    name: 'removePair: a pair whose value is an aliased anchor is refused',
    input: 'a:\n  b: &x 1\n  c: 2\nd: *x\n',
    op: (ed, t) => ed.removePair(t.map('a'), t.pair('a.b')),
  },
  {
    name: 'removePair: an explicit `? key` is refused',
    input: 'a:\n  ? b\n  : 1\n  c: 2\n',
    op: (ed, t) => ed.removePair(t.map('a'), t.pair('a.b')),
  },

  // ----- setScalar / renameKey -----
  {
    name: 'setScalar: double quotes kept',
    input: POD,
    op: (ed, t) => ed.setScalar(t.scalar('spec.containers[0].image'), 'nginx:1.28'),
    output: POD.replace('"nginx:1.27"', '"nginx:1.28"'),
    change: (js) => (js.spec.containers[0].image = 'nginx:1.28'),
  },
  {
    name: 'setScalar: single quotes kept, quote doubled',
    input: POD,
    op: (ed, t) => ed.setScalar(t.scalar('spec.containers[1].image'), "it's"),
    output: POD.replace("'envoyproxy/envoy:v1.31'", "'it''s'"),
    change: (js) => (js.spec.containers[1].image = "it's"),
  },
  {
    name: 'setScalar: plain stays plain',
    input: POD,
    op: (ed, t) => ed.setScalar(t.scalar('spec.containers[2].image'), 'fluent/fluent-bit:3.1'),
    output: POD.replace('fluent/fluent-bit\n', 'fluent/fluent-bit:3.1\n'),
    change: (js) => (js.spec.containers[2].image = 'fluent/fluent-bit:3.1'),
  },
  {
    name: 'setScalar: a plain value that needs quotes gets them',
    input: 'a: x # c\n',
    op: (ed, t) => ed.setScalar(t.scalar('a'), 'yes'),
    output: 'a: "yes" # c\n',
    change: (js) => (js.a = 'yes'),
  },
  {
    name: 'setScalar: numbers and booleans are written plain, even over quotes',
    input: 'a: "80"\nb: x\n',
    op: (ed, t) => ed.setScalar(t.scalar('a'), 80),
    output: 'a: 80\nb: x\n',
    change: (js) => (js.a = 80),
  },
  {
    name: 'setScalar: an empty value gets a space',
    input: 'a:\nb: 1\n',
    op: (ed, t) => ed.setScalar(t.scalar('a'), true),
    output: 'a: true\nb: 1\n',
    change: (js) => (js.a = true),
  },
  {
    name: 'setScalar: in a flow sequence',
    input: 'c: ["echo", x, y]\n',
    op: (ed, t) => ed.setScalar(t.scalar('c[1]'), 'a,b'),
    output: 'c: ["echo", "a,b", y]\n',
    change: (js) => (js.c[1] = 'a,b'),
  },
  {
    name: 'setScalar: a literal block stays a literal block',
    input: 'a:\n  s: |\n    old\n  t: 1\n',
    op: (ed, t) => ed.setScalar(t.scalar('a.s'), 'new\n  indented\n\nend'),
    output: 'a:\n  s: |-\n    new\n      indented\n\n    end\n  t: 1\n',
    change: (js) => (js.a.s = 'new\n  indented\n\nend'),
    crlf: true,
  },
  {
    name: 'setScalar: an anchored scalar repeated by an alias is refused',
    input: 'a: &x 1\nb: *x\n',
    op: (ed, t) => ed.setScalar(t.scalar('a'), 2),
  },
  {
    name: 'renameKey: double-quoted key keeps its quotes',
    input: 'c:\n  "imagePulPolicy": Always # typo\n',
    op: (ed, t) => ed.renameKey(t.pair('c.imagePulPolicy'), 'imagePullPolicy'),
    output: 'c:\n  "imagePullPolicy": Always # typo\n',
    change: (js) => {
      js.c = { imagePullPolicy: 'Always' };
    },
  },
  {
    name: 'renameKey: single-quoted and plain keys',
    input: "'a': 1\nb: 2\n",
    op: (ed, t) => ed.renameKey(t.pair('a'), 'x'),
    output: "'x': 1\nb: 2\n",
    change: (js) => {
      delete js.a;
      js.x = 1;
    },
  },
  {
    name: 'renameKey: a plain key that would not stay a string is quoted',
    input: 'a: 1\n',
    op: (ed, t) => ed.renameKey(t.pair('a'), 'on'),
    output: '"on": 1\n',
    change: (js) => {
      delete js.a;
      js.on = 1;
    },
  },
  {
    name: 'renameKey: to an existing key is refused',
    input: 'a: 1\nb: 2\n',
    op: (ed, t) => ed.renameKey(t.pair('a'), 'b'),
  },

  // ----- removeItem / appendItem -----
  {
    name: 'removeItem: its lines and the comment lines directly above its dash',
    input: 'items:\n  - a\n  # about b\n\n  # b\n    # deeper\n  - b # inline\n  - c\n',
    op: (ed, t) => ed.removeItem(t.seq('items'), 1),
    output: 'items:\n  - a\n  # about b\n\n  - c\n',
    change: (js) => js.items.splice(1, 1),
    crlf: true,
  },
  {
    name: 'removeItem: the 2nd of 3 containers, with its block scalar',
    input: POD,
    op: (ed, t) => ed.removeItem(t.seq('spec.containers'), 1),
    output: POD_WITHOUT_PROXY,
    change: (js) => js.spec.containers.splice(1, 1),
  },
  {
    name: 'removeItem: the last item of a block sequence leaves `key: []`',
    input: 'args: # the args\n- x\nb: 1\n',
    op: (ed, t) => ed.removeItem(t.seq('args'), 0),
    output: 'args: [] # the args\nb: 1\n',
    change: (js) => (js.args = []),
  },
  {
    name: 'removeItem: flow sequence, middle',
    input: 'a: [1, 2, 3]\n',
    op: (ed, t) => ed.removeItem(t.seq('a'), 1),
    output: 'a: [1, 3]\n',
    change: (js) => js.a.splice(1, 1),
  },
  {
    name: 'removeItem: flow sequence, last',
    input: 'b: [x, "y"]\n',
    op: (ed, t) => ed.removeItem(t.seq('b'), 1),
    output: 'b: [x]\n',
    change: (js) => js.b.pop(),
  },
  {
    name: 'removeItem: flow sequence, only',
    input: 'c: [ z ]\n',
    op: (ed, t) => ed.removeItem(t.seq('c'), 0),
    output: 'c: []\n',
    change: (js) => (js.c = []),
  },
  {
    name: 'removeItem: the first item of a nested `- - a` is refused',
    input: '- - a\n  - b\n',
    op: (ed, t) => ed.removeItem(t.seq('[0]'), 0),
  },
  {
    name: 'appendItem: block sequence, in its dash style',
    input: UNINDENTED,
    op: (ed, t) => ed.appendItem(t.seq('spec.template.spec.containers[0].command'), 'a: b'),
    output: UNINDENTED.replace('        - echo done\n', '        - echo done\n        - "a: b"\n'),
    change: (js) => js.spec.template.spec.containers[0].command.push('a: b'),
  },
  {
    name: 'appendItem: after the comment lines indented under the last item',
    input: 'volumes:\n  - name: a\n    # - name: old\n# end of volumes\nx: 1\n',
    op: (ed, t) => ed.appendItem(t.seq('volumes'), { name: 'b', emptyDir: {} }),
    output: 'volumes:\n  - name: a\n    # - name: old\n  - name: b\n    emptyDir: {}\n# end of volumes\nx: 1\n',
    change: (js) => js.volumes.push({ name: 'b', emptyDir: {} }),
    crlf: true,
  },
  {
    name: 'appendItem: flow sequence stays flow',
    input: 'command: ["sh", "-c"]\n',
    op: (ed, t) => ed.appendItem(t.seq('command'), 'echo $(A)'),
    output: 'command: ["sh", "-c", echo $(A)]\n',
    change: (js) => js.command.push('echo $(A)'),
  },
  {
    name: 'appendItem: `key: []` becomes a block sequence',
    input: 'spec:\n  containers: []\n  volumes:\n  - name: x\n',
    op: (ed, t) => ed.appendItem(t.seq('spec.containers'), { name: 'a', image: 'b' }),
    output: 'spec:\n  containers:\n  - name: a\n    image: b\n  volumes:\n  - name: x\n',
    change: (js) => js.spec.containers.push({ name: 'a', image: 'b' }),
  },

  // ----- appendToList -----
  {
    name: 'appendToList: creates `volumes:` in a pod spec that has none',
    input: POD,
    op: (ed, t) => ed.appendToList(t.map('spec'), 'volumes', { name: 'data', emptyDir: {} }),
    output: `${POD}  volumes:\n    - name: data\n      emptyDir: {}\n`,
    change: (js) => (js.spec.volumes = [{ name: 'data', emptyDir: {} }]),
    crlf: true,
  },
  {
    name: 'appendToList: appends to an existing `volumes:`',
    input: 'spec:\n  volumes:\n    - name: cfg\n      configMap:\n        name: cfg # the map\n  containers: []\n',
    op: (ed, t) => ed.appendToList(t.map('spec'), 'volumes', { name: 'data', emptyDir: {} }),
    output: 'spec:\n  volumes:\n    - name: cfg\n      configMap:\n        name: cfg # the map\n    - name: data\n      emptyDir: {}\n  containers: []\n',
    change: (js) => js.spec.volumes.push({ name: 'data', emptyDir: {} }),
  },
  {
    name: 'appendToList: creates `initContainers:` before `containers:` (above its comments)',
    input: POD,
    op: (ed, t) =>
      ed.appendToList(
        t.map('spec'),
        'initContainers',
        { name: 'wait', image: 'busybox', command: ['sh', '-c', 'sleep 1'] },
        { before: t.pair('spec.containers') },
      ),
    output: POD.replace(
      'spec:\n',
      'spec:\n  initContainers:\n    - name: wait\n      image: busybox\n      command:\n        - sh\n        - -c\n        - sleep 1\n',
    ),
    change: (js) => (js.spec = { initContainers: [{ name: 'wait', image: 'busybox', command: ['sh', '-c', 'sleep 1'] }], ...js.spec }),
  },
  {
    name: 'appendToList: a file with unindented dashes gets unindented dashes',
    input: UNINDENTED,
    op: (ed, t) => ed.appendToList(t.map('spec.template.spec'), 'volumes', { name: 'data', emptyDir: {} }),
    output: `${UNINDENTED}      volumes:\n      - name: data\n        emptyDir: {}\n`,
    change: (js) => (js.spec.template.spec.volumes = [{ name: 'data', emptyDir: {} }]),
  },
  {
    name: 'appendToList: 4-space file',
    input: FOUR,
    op: (ed, t) => ed.appendToList(t.map('spec'), 'volumes', { name: 'data', emptyDir: {} }),
    output: `${FOUR}    volumes:\n        - name: data\n          emptyDir: {}\n`,
    change: (js) => (js.spec.volumes = [{ name: 'data', emptyDir: {} }]),
  },
  {
    name: 'appendToList: `volumes:` with no value',
    input: 'spec:\n  volumes: # none yet\n  containers: []\n',
    op: (ed, t) => ed.appendToList(t.map('spec'), 'volumes', { name: 'data', emptyDir: {} }),
    output: 'spec:\n  volumes: # none yet\n    - name: data\n      emptyDir: {}\n  containers: []\n',
    change: (js) => (js.spec.volumes = [{ name: 'data', emptyDir: {} }]),
  },
  {
    name: 'appendToList: a flow parent gets a flow pair',
    input: 'spec: {containers: []}\n',
    op: (ed, t) => ed.appendToList(t.map('spec'), 'volumes', { name: 'data', emptyDir: {} }),
    output: 'spec: {containers: [], volumes: [{name: data, emptyDir: {}}]}\n',
    change: (js) => (js.spec.volumes = [{ name: 'data', emptyDir: {} }]),
  },
  {
    name: 'appendToList: refused when the key holds a map',
    input: 'spec:\n  volumes:\n    a: 1\n',
    op: (ed, t) => ed.appendToList(t.map('spec'), 'volumes', { name: 'data' }),
  },

  // ----- moveItem -----
  {
    name: 'moveItem: the 2nd of 3 containers into existing initContainers, restartPolicy set',
    input: POD_WITH_INIT,
    op: (ed, t) => ed.moveItem(t.seq('spec.containers'), 1, t.map('spec'), 'initContainers', { set: { restartPolicy: 'Always' } }),
    output: POD_WITHOUT_PROXY.replace(
      'spec:\n',
      `spec:
  initContainers:
    - name: init
      image: busybox
      command: ["sh", "-c", "echo init"]
${PROXY}`,
    ),
    change: moveProxy,
    crlf: true,
  },
  {
    name: 'moveItem: the 2nd of 3 containers into a missing initContainers, created before containers',
    input: POD,
    op: (ed, t) =>
      ed.moveItem(t.seq('spec.containers'), 1, t.map('spec'), 'initContainers', { before: t.pair('spec.containers'), set: { restartPolicy: 'Always' } }),
    output: POD_WITHOUT_PROXY.replace('spec:\n', `spec:\n  initContainers:\n${PROXY}`),
    change: moveProxy,
    crlf: true,
  },
  {
    name: 'moveItem: an existing restartPolicy is replaced in place',
    input: 'spec:\n  containers:\n    - name: a\n      image: x\n      restartPolicy: "OnFailure" # wrong\n    - name: b\n',
    op: (ed, t) =>
      ed.moveItem(t.seq('spec.containers'), 0, t.map('spec'), 'initContainers', { before: t.pair('spec.containers'), set: { restartPolicy: 'Always' } }),
    output: 'spec:\n  initContainers:\n    - name: a\n      image: x\n      restartPolicy: "Always" # wrong\n  containers:\n    - name: b\n',
    change: (js) => {
      const [a] = js.spec.containers.splice(0, 1);
      a.restartPolicy = 'Always';
      js.spec.initContainers = [a];
    },
  },
  {
    name: 'moveItem: the only app container leaves `containers: []`',
    input: 'spec:\n  containers:\n    - name: only\n      image: x\n',
    op: (ed, t) =>
      ed.moveItem(t.seq('spec.containers'), 0, t.map('spec'), 'initContainers', { before: t.pair('spec.containers'), set: { restartPolicy: 'Always' } }),
    output: 'spec:\n  initContainers:\n    - name: only\n      restartPolicy: Always\n      image: x\n  containers: []\n',
    change: (js) => {
      js.spec.initContainers = [{ name: 'only', restartPolicy: 'Always', image: 'x' }];
      js.spec.containers = [];
    },
  },
  {
    name: 'moveItem: unindented dashes; the new list follows its siblings; a comment on the dash line moves',
    input: UNINDENTED,
    op: (ed, t) =>
      ed.moveItem(t.seq('spec.template.spec.containers'), 1, t.map('spec.template.spec'), 'initContainers', {
        before: t.pair('spec.template.spec.containers'),
        set: { restartPolicy: 'Always' },
      }),
    output: UNINDENTED.replace('      - name: proxy # mesh\n        image: envoyproxy/envoy\n', '').replace(
      '      containers:\n',
      '      initContainers:\n      - name: proxy # mesh\n        restartPolicy: Always\n        image: envoyproxy/envoy\n      containers:\n',
    ),
    change: (js) => {
      const [p] = js.spec.template.spec.containers.splice(1, 1);
      js.spec.template.spec.initContainers = [insertAfter(p, 'name', 'restartPolicy', 'Always')];
    },
  },
  {
    name: 'moveItem: re-indents into a list with another dash style',
    input:
      'spec:\n  initContainers:\n  - name: i\n  containers:\n      - name: a\n        args:\n          - |\n            x\n\n            y\n      - name: b\n',
    op: (ed, t) => ed.moveItem(t.seq('spec.containers'), 0, t.map('spec'), 'initContainers'),
    output: 'spec:\n  initContainers:\n  - name: i\n  - name: a\n    args:\n      - |\n        x\n\n        y\n  containers:\n      - name: b\n',
    change: (js) => js.spec.initContainers.push(js.spec.containers.shift()),
  },
  {
    name: 'moveItem: into `initContainers: []`',
    input: 'spec:\n  initContainers: [] # none\n  containers:\n    - name: a\n    - name: b\n',
    op: (ed, t) => ed.moveItem(t.seq('spec.containers'), 1, t.map('spec'), 'initContainers', { set: { restartPolicy: 'Always' } }),
    output: 'spec:\n  initContainers: # none\n    - name: b\n      restartPolicy: Always\n  containers:\n    - name: a\n',
    change: (js) => {
      js.spec.containers.pop();
      js.spec.initContainers = [{ name: 'b', restartPolicy: 'Always' }];
    },
  },
  {
    name: 'moveItem: out of a flow sequence, rendered in block style from its value',
    input: 'spec:\n  containers: [{name: a, image: x}, {name: b, image: "y", ports: [{containerPort: 80}]}]\n',
    op: (ed, t) =>
      ed.moveItem(t.seq('spec.containers'), 1, t.map('spec'), 'initContainers', { before: t.pair('spec.containers'), set: { restartPolicy: 'Always' } }),
    output:
      'spec:\n  initContainers:\n    - name: b\n      restartPolicy: Always\n      image: "y"\n      ports:\n        - containerPort: 80\n  containers: [{name: a, image: x}]\n',
    change: (js) => {
      const [b] = js.spec.containers.splice(1, 1);
      js.spec.initContainers = [insertAfter(b, 'name', 'restartPolicy', 'Always')];
    },
  },
  {
    name: 'moveItem: a flow item of a block sequence keeps flow and gets the pair after name',
    input: 'spec:\n  containers:\n    - {name: a, image: x}\n    - name: b\n',
    op: (ed, t) => ed.moveItem(t.seq('spec.containers'), 0, t.map('spec'), 'initContainers', { set: { restartPolicy: 'Always' } }),
    output: 'spec:\n  containers:\n    - name: b\n  initContainers:\n    - {name: a, restartPolicy: Always, image: x}\n',
    change: (js) => {
      js.spec.containers.shift();
      js.spec.initContainers = [{ name: 'a', restartPolicy: 'Always', image: 'x' }];
    },
  },
  {
    name: 'moveItem: within one sequence is refused',
    input: 'spec:\n  containers:\n    - name: a\n    - name: b\n',
    op: (ed, t) => ed.moveItem(t.seq('spec.containers'), 0, t.map('spec'), 'containers'),
  },
];

for (const c of cases) runCase(c);

test('a document with a syntax error is never edited', () => {
  const doc = parseDocument('a: 1\nb: [\n');
  assert.ok(doc.syntaxIssues.length > 0);
  const ed = new YamlEditor(doc);
  const map = doc.yaml!.contents as YAMLMap;
  assert.equal(ed.removePair(map, map.items[0]), undefined);
  assert.equal(ed.addPair(map, 'c', 1), undefined);
});

test('nodes of another document, bad indexes and bad values give undefined, never an exception', () => {
  const doc = parseDocument('a:\n  - x\nb: {}\n');
  const other = parseDocument('a:\n  - x\nb: {}\n');
  const ed = new YamlEditor(doc);
  const t = new Targets(doc);
  const o = new Targets(other);
  assert.equal(ed.removeItem(o.seq('a'), 0), undefined);
  assert.equal(ed.addPair(o.map('b'), 'k', 1), undefined);
  assert.equal(ed.removeItem(t.seq('a'), 5), undefined);
  assert.equal(ed.removeItem(t.seq('a'), -1), undefined);
  assert.equal(
    ed.appendItem(t.seq('a'), () => 1),
    undefined,
  );
  assert.equal(ed.appendItem(t.seq('a'), Number.NaN), undefined);
  assert.equal(ed.setScalar(t.scalar('a[0]'), Number.POSITIVE_INFINITY), undefined);
  assert.equal(ed.renameKey(t.pair('a'), undefined as unknown as string), undefined);
  const nested = parseDocument('a:\n  - x: {}\n');
  const n = new Targets(nested);
  assert.equal(new YamlEditor(nested).moveItem(n.seq('a'), 0, n.map('a[0].x'), 'list'), undefined, 'into the moved item itself');
});

test('a document of a multi-document file: offsets are document-local', () => {
  const file = `apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\n---\r\napiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: b\r\nspec:\r\n  containers:\r\n    - name: c\r\n      image: x\r\n...\r\n`;
  const model = parseFile(file);
  assert.equal(model.documents.length, 2);
  const placed = model.documents[1];
  const t = new Targets(placed.doc);
  const edits = new YamlEditor(placed.doc).appendToList(t.map('spec'), 'initContainers', { name: 'i', image: 'x' }, { before: t.pair('spec.containers') });
  assert.ok(edits);
  const local = applyEdits(placed.doc.text, edits);
  assert.equal(local, placed.doc.text.replace('spec:\r\n', 'spec:\r\n  initContainers:\r\n    - name: i\r\n      image: x\r\n'));
  const whole = applyEdits(
    file,
    edits.map((e) => ({ span: { start: e.span.start + placed.start, end: e.span.end + placed.start }, newText: e.newText })),
  );
  assert.equal(whole, file.slice(0, placed.start) + local);
  const again = parseFile(whole);
  assert.equal(again.documents.length, 2);
  assert.deepEqual(
    again.documents.flatMap((d) => d.doc.syntaxIssues),
    [],
  );
});

test('applyEdits: insertions at one offset keep the order of the array', () => {
  assert.equal(
    applyEdits('abc', [
      { span: { start: 1, end: 1 }, newText: 'X' },
      { span: { start: 1, end: 1 }, newText: 'Y' },
      { span: { start: 2, end: 3 }, newText: '' },
    ]),
    'aXYb',
  );
});

// ---------------------------------------------------------------------------------------------
// Property test over the real corpus
