/**
 * Structure-aware mutations of YAML text. A mutation is plain data (fast-check generates and
 * shrinks it); `applyOp` turns it into text. Positions are free integers taken modulo what the
 * text has (lines, scalars, bytes), so every op applies to every text.
 */
import * as fc from 'fast-check';
import { isCollection, parseDocument, visit } from 'yaml';
import { SUPERLINEAR_GENERATORS, SUPERLINEAR_KINDS, type SuperlinearKind } from './superlinear';

/** How big the generated pieces get: the `npm test` slice stays small and fast. */
export interface Profile {
  maxHuge: number;
  maxDepth: number;
  maxOps: number;
}

export const SLICE: Profile = { maxHuge: 20_000, maxDepth: 300, maxOps: 5 };
/** Depths straddle the parser's limit (MAX_NESTING, 256): both sides are exercised. */
export const CAMPAIGN: Profile = { maxHuge: 300_000, maxDepth: 600, maxOps: 8 };

export type Op =
  | { k: 'delete'; at: number; count: number }
  | { k: 'duplicate'; at: number; count: number; to: number }
  | { k: 'reindent'; at: number; count: number; delta: number }
  | { k: 'truncate'; at: number }
  | { k: 'scalar'; at: number; value: string }
  | { k: 'key'; at: number; key: string }
  | { k: 'marker'; at: number; marker: string }
  | { k: 'anchor'; at: number; to: number; variant: 'alias' | 'merge' | 'undefined' | 'bomb' | 'self' }
  | { k: 'tab'; at: number; where: 'indent' | 'colon' | 'value' | 'line' }
  | { k: 'flow'; at: number; text: string }
  | { k: 'flowify'; at: number }
  | { k: 'huge'; at: number; size: number; style: 'plain' | 'quoted' | 'block' | 'key' | 'line' | 'script' }
  | { k: 'deep'; at: number; depth: number; style: 'map' | 'seq' | 'flowSeq' | 'flowMap' | 'mixed' | 'items' }
  | { k: 'unicode'; at: number; text: string }
  | { k: 'snippet'; at: number; snippet: string }
  | { k: 'splice'; at: number; seed: number; from: number; count: number }
  | { k: 'eol'; mode: 'crlf' | 'cr' | 'mixed' | 'none' }
  | { k: 'comment'; at: number; text: string }
  /** Appends a document from a generator of inputs that were super-linear (superlinear.ts). */
  | { k: 'generated'; kind: SuperlinearKind; units: number };

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** Scalars of every type and style, including ones YAML 1.1 reads as something else. */
export const SCALARS = [
  '0',
  '1',
  '-1',
  '65536',
  '99999',
  '0x1F',
  '0o17',
  '017',
  '1_000',
  '1e309',
  '-0',
  '.inf',
  '-.Inf',
  '.nan',
  '3.5',
  '1.',
  '18446744073709551616',
  '9007199254740993',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'null',
  '~',
  '""',
  "''",
  '"quoted"',
  "'single'",
  '"\\u0000"',
  '"\\x"',
  '"a\\tb"',
  '[]',
  '{}',
  '[a, b]',
  '{a: b}',
  '2001-12-14',
  '12:30:45',
  '!tag x',
  '!!str 1',
  '!!int x',
  '!!binary aGVsbG8=',
  '!!map {}',
  '!!seq []',
  '!!null',
  '!!float x',
  '|',
  '|-\n  a\n  b',
  '>\n  folded',
  '|2\n   x',
  '&a',
  '*a',
  '*undefined',
  '? complex',
  '- item',
  'Always',
  'OnFailure',
  'Never',
  'IfNotPresent',
  'TCP',
  'tcp',
  '100m',
  '1Gi',
  '1.5Gi',
  '0.1',
  '1e3',
  '-500m',
  '1Ki',
  '1000000000000000000000000000P',
  'Infinity',
  '"$(VAR)"',
  '$(POD_IP)',
  '${X}',
  'busybox',
  'busybox:latest',
  'nginx@sha256:0123',
  '/data',
  '../etc',
  'a/../b',
  "sh -c 'sleep infinity'",
  '@',
  '`',
  '%',
  '#',
  ': x',
  'a: b: c',
  '"unterminated',
  "'unterminated",
  '[unclosed',
  '{unclosed',
  '}',
  ']',
  '- - -',
  '<<',
];

/** Keys that matter to the rules and features, so mutations reach them. */
export const KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'spec',
  'template',
  'initContainers',
  'containers',
  'ephemeralContainers',
  'image',
  'command',
  'args',
  'env',
  'value',
  'valueFrom',
  'restartPolicy',
  'resources',
  'requests',
  'limits',
  'cpu',
  'memory',
  'volumeMounts',
  'mountPath',
  'subPath',
  'subPathExpr',
  'volumes',
  'ports',
  'containerPort',
  'hostPort',
  'protocol',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'postStart',
  'preStop',
  'exec',
  'httpGet',
  'tcpSocket',
  'grpc',
  'sleep',
  'seconds',
  'successThreshold',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'replicas',
  'resizePolicy',
  'jobTemplate',
  'items',
  'overhead',
  'imagePullPolicy',
  'annotations',
  'labels',
  'selector',
  'emptyDir',
  'configMap',
  'secret',
  'persistentVolumeClaim',
  'image',
  'workingDir',
  'envFrom',
  'restartPolicyRules',
  '$patch',
  '$setElementOrder/containers',
  '<<',
  '? ',
  '"quoted key"',
  '',
  'a b',
  '-',
  'x'.repeat(300),
];

const KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicaSet',
  'ReplicationController',
  'List',
  'PodTemplate',
  'ConfigMapList',
  'Service',
];
const API_VERSIONS = ['v1', 'apps/v1', 'batch/v1', 'batch/v1beta1', 'extensions/v1beta1', 'apps/v1beta2', 'apps/v1beta1', 'x/y/z', ''];

/** Pieces of Kubernetes YAML that reach the init-container rules, inserted at a line's indentation. */
export const SNIPPETS = [
  'restartPolicy: Always',
  'restartPolicy: OnFailure',
  'initContainers: []',
  'initContainers:\n- name: init\n  image: busybox\n  command: [sh, -c, "until nslookup db; do sleep 2; done"]',
  'initContainers:\n- name: proxy\n  image: envoyproxy/envoy:v1\n  restartPolicy: Always\n  ports: [{containerPort: 80, hostPort: 80}]',
  '- name: side\n  image: istio/proxyv2\n  restartPolicy: Always\n  startupProbe: {exec: {command: [true]}, successThreshold: 2}',
  '- name: migrate\n  image: migrate/migrate\n  args: ["-path", "/m", "up"]\n  resources: {requests: {cpu: 2, memory: 1Gi}, limits: {cpu: 1}}',
  '- name: sh\n  image: alpine\n  command: ["/bin/sh", "-ec"]\n  args:\n  - |\n    mkdir /x && ln -s /a /b\n    while true; do curl $POD_IP; done\n    apt-get install -y curl\n    tail -f /dev/null',
  'containers:\n- name: app\n  image: app\n  restartPolicy: Always\n  volumeMounts: [{name: data, mountPath: /d, subPath: ../x}]',
  'volumes: [{name: data, emptyDir: {}}, {name: data, configMap: {name: c}}]',
  'volumeMounts:\n- name: missing\n  mountPath: /a\n- name: missing\n  mountPath: /a',
  'env:\n- name: A\n  value: $(B)\n- name: B\n  value: "${A} $(POD_NAME)"\n- name: PASSWORD\n  value: hunter2',
  'command: [sleep, infinity]',
  'command: ["sh", "-c", "echo $HOME && exec nginx -g \'daemon off;\'"]',
  'args: ["$(UNDEFINED)", "${HOME}", "a | b", "x && y"]',
  'lifecycle:\n  postStart: {exec: {command: [a]}, httpGet: {port: 80}}\n  preStop: {sleep: {seconds: 0}}',
  'livenessProbe: {httpGet: {port: 99999}, successThreshold: 3, terminationGracePeriodSeconds: -1}',
  'readinessProbe: {terminationGracePeriodSeconds: 5, tcpSocket: {port: name}}',
  'resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}]',
  'resources: {requests: {cpu: 2000m, memory: 5Gi}, limits: {cpu: 1, memory: 1Gi}}',
  'resources: {requests: {cpu: "1e3", memory: "1.5.5Gi"}, limits: {cpu: -1}}',
  'ports: [{containerPort: 0, protocol: tcp, name: THIS_IS_NOT_A_VALID_PORT_NAME}]',
  'ephemeralContainers: [{name: debug, image: busybox}]',
  'activeDeadlineSeconds: 30',
  'overhead: {cpu: 250m}',
  'image: ""',
  'image: nginx:latest',
  'name: Not_Valid_Name',
  '$patch: delete',
  '$setElementOrder/containers: [{name: a}]',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: [{name: i, image: b}]\n  containers: [{name: c, image: d}]',
  'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  spec: {containers: [{name: a, image: b}]}',
  'kind: Job',
  'kind: CronJob',
  'apiVersion: batch/v1beta1',
  'replicas: 3',
  'jobTemplate: {spec: {template: {spec: {containers: []}}}}',
  'template:\n  spec:\n    containers:\n    - name: c\n      image: i',
  '# initlens-disable-next-line',
  '# initlens-disable schema',
  'annotations: {kubectl.kubernetes.io/default-container: nope, container.apparmor.security.beta.kubernetes.io/ghost: runtime/default}',
];

const SPECIAL_UNICODE = [
  '\u0000',
  '\uD800',
  '\uDC00',
  '\uDBFF\uDFFF',
  '\uD83D\uDE00',
  '\uDE00\uD83D',
  '\u202E',
  '\u200F',
  '\u202B',
  '\u2066',
  '\uFEFF',
  '\u2028',
  '\u2029',
  '\u0085',
  '\r',
  '\r\n',
  '\n\r',
  '\u00A0',
  '\u3000',
  '\uFFFD',
  '\uFFFE',
  '\uFFFF',
  'e\u0301',
  '\u0007',
  '\u001B[31m',
  '\t',
  '\v',
  '\f',
  'ǅ',
  'İ',
  'ß',
  '\u0130',
  '\u{10FFFF}',
  'ﬀ',
  '\u0600',
  'ש',
  'עברית',
  'مرحبا',
];

// ---------------------------------------------------------------------------------------------
// Arbitraries

const nat = fc.nat({ max: 1_000_000 });
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

function unicodeText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...SPECIAL_UNICODE),
    fc.array(fc.constantFrom(...SPECIAL_UNICODE), { minLength: 1, maxLength: 6 }).map((a) => a.join('')),
    fc.string({ unit: codeUnit, minLength: 1, maxLength: 8 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
  );
}

function flowText(): fc.Arbitrary<string> {
  const leaf = fc.constantFrom('a', '1', '"s"', "'t'", 'null', '*a', '&b x', '', 'k: v', '? q', '!!str z', '-');
  const { tree } = fc.letrec<{ tree: string; node: string }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
      fc.array(fc.tuple(leaf, tie('node')), { maxLength: 4 }).map((xs) => `{${xs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    ),
    node: tie('tree'),
  }));
  // Now and then leave it unbalanced, as while typing.
  return fc.tuple(tree, fc.nat({ max: 5 })).map(([t, cut]) => (cut === 0 && t.length > 1 ? t.slice(0, t.length - 1) : t));
}

export function opArbitrary(profile: Profile, seedCount: number): fc.Arbitrary<Op> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ k: fc.constant('delete' as const), at: nat, count: fc.integer({ min: 1, max: 6 }) }) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('duplicate' as const), at: nat, count: fc.integer({ min: 1, max: 10 }), to: nat }) },
    {
      weight: 3,
      arbitrary: fc.record({
        k: fc.constant('reindent' as const),
        at: nat,
        count: fc.integer({ min: 1, max: 12 }),
        delta: fc.integer({ min: -4, max: 4 }).filter((d) => d !== 0),
      }),
    },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('truncate' as const), at: nat }) },
    {
      weight: 5,
      arbitrary: fc.record({
        k: fc.constant('scalar' as const),
        at: nat,
        value: fc.oneof(fc.constantFrom(...SCALARS), fc.constantFrom(...KINDS), fc.constantFrom(...API_VERSIONS), fc.string({ maxLength: 12 })),
      }),
    },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('key' as const), at: nat, key: fc.constantFrom(...KEYS) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('marker' as const),
        at: nat,
        marker: fc.constantFrom(
          '---',
          '...',
          '--- !!map',
          '--- |',
          '--- >',
          '---\t# c',
          '%YAML 1.2\n---',
          '%TAG ! tag:x,2000:\n---',
          '--- ---',
          '---x',
          '...\n...',
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('anchor' as const),
        at: nat,
        to: nat,
        variant: fc.constantFrom('alias' as const, 'merge' as const, 'undefined' as const, 'bomb' as const, 'self' as const),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('tab' as const),
        at: nat,
        where: fc.constantFrom('indent' as const, 'colon' as const, 'value' as const, 'line' as const),
      }),
    },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('flow' as const), at: nat, text: flowText() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('flowify' as const), at: nat }) },
    {
      weight: 1,
      arbitrary: fc.record({
        k: fc.constant('generated' as const),
        kind: fc.constantFrom(...SUPERLINEAR_KINDS),
        // `equals` counts characters; the others a unit per 300 (one or two lines of about 50 characters each).
        units: fc.integer({ min: 1, max: profile.maxHuge }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        k: fc.constant('huge' as const),
        at: nat,
        size: fc.integer({ min: 100, max: profile.maxHuge }),
        style: fc.constantFrom('plain' as const, 'quoted' as const, 'block' as const, 'key' as const, 'line' as const, 'script' as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        k: fc.constant('deep' as const),
        at: nat,
        depth: fc.integer({ min: 2, max: profile.maxDepth }),
        style: fc.constantFrom('map' as const, 'seq' as const, 'flowSeq' as const, 'flowMap' as const, 'mixed' as const, 'items' as const),
      }),
    },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('unicode' as const), at: nat, text: unicodeText() }) },
    { weight: 4, arbitrary: fc.record({ k: fc.constant('snippet' as const), at: nat, snippet: fc.constantFrom(...SNIPPETS) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('splice' as const),
        at: nat,
        seed: fc.nat({ max: Math.max(0, seedCount - 1) }),
        from: nat,
        count: fc.integer({ min: 1, max: 20 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ k: fc.constant('eol' as const), mode: fc.constantFrom('crlf' as const, 'cr' as const, 'mixed' as const, 'none' as const) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        k: fc.constant('comment' as const),
        at: nat,
        text: fc.constantFrom(
          ' # c',
          '#',
          ' # initlens-disable-line',
          ' # initlens-disable-line schema, image-missing',
          '# initlens-disable',
          ' #: x',
          ' # \u202E',
        ),
      }),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Application

function splitLines(text: string): string[] {
  return text.split('\n');
}

function indentOf(line: string): string {
  return /^[ \t]*(?:- +)*/.exec(line)![0].replace(/-/g, ' ');
}

function reindentBlock(block: string, indent: string): string {
  return block
    .split('\n')
    .map((l, i) => (i === 0 ? l : indent + l))
    .join('\n');
}

/** Lines with a value after `key:` or `- `: [line index, start of value in the line]. */
function valueSites(lines: string[]): [number, number][] {
  const out: [number, number][] = [];
  lines.forEach((l, i) => {
    const m = /^([ \t]*(?:- +)*(?:[^\s#:][^#:]*?|"[^"]*"|'[^']*'):[ \t]+)(\S)/.exec(l) ?? /^([ \t]*(?:- +)+)([^\s#])/.exec(l);
    if (m) out.push([i, m[1].length]);
  });
  return out;
}

function keySites(lines: string[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  lines.forEach((l, i) => {
    const m = /^([ \t]*(?:- +)*)([^\s#:'"][^#:]*?):(?=[ \t]|$)/.exec(l);
    if (m) out.push([i, m[1].length, m[1].length + m[2].length]);
  });
  return out;
}

function pick<T>(xs: T[], at: number): T | undefined {
  return xs.length ? xs[at % xs.length] : undefined;
}

function hugeText(size: number, style: string): string {
  const unit = 'abcdefghij0123456789 ';
  const body =
    unit
      .repeat(Math.ceil(size / unit.length))
      .slice(0, size)
      .trimEnd() || 'x';
  switch (style) {
    case 'quoted':
      return `"${body}"`;
    case 'block':
      return `|\n${body.replace(/(.{1,80})( |$)/g, '  $1\n')}`;
    case 'script':
      return `|\n${Array.from({ length: Math.max(1, Math.floor(size / 40)) }, (_, i) => `  echo ${i} && mkdir /d${i} || sleep ${i}`).join('\n')}`;
    default:
      return body;
  }
}

function deepText(depth: number, style: string, indent: string): string {
  switch (style) {
    case 'map':
      return Array.from({ length: depth }, (_, i) => `${indent}${' '.repeat(i)}k${i}:`).join('\n') + ` leaf`;
    case 'seq':
      return `${indent}${'- '.repeat(depth)}leaf`;
    case 'flowSeq':
      return `${'['.repeat(depth)}x${']'.repeat(depth)}`;
    case 'flowMap':
      return `${'{a: '.repeat(depth)}x${'}'.repeat(depth)}`;
    case 'items': {
      // A deep chain of initContainers-looking maps, to reach the pod reader.
      const parts: string[] = [];
      for (let i = 0; i < depth; i++) parts.push(`${indent}${'  '.repeat(i)}${i % 2 ? 'spec:' : 'template:'}`);
      return parts.join('\n') + `\n${indent}${'  '.repeat(depth)}containers: [{name: a, image: b}]`;
    }
    default:
      return `${'[{a: '.repeat(depth)}x${'}]'.repeat(depth)}`;
  }
}

function anchorName(at: number): string {
  return `a${at % 7}`;
}

/**
 * Applies one op. `seeds` gives the other seeds' texts (for `splice`). Never throws for any
 * text (a mutation that finds nothing to work on returns the text unchanged).
 */
export function applyOp(text: string, op: Op, seeds: readonly { text: string }[]): string {
  const lines = splitLines(text);
  const n = lines.length;
  switch (op.k) {
    case 'delete': {
      const at = op.at % n;
      lines.splice(at, op.count);
      return lines.join('\n');
    }
    case 'duplicate': {
      const at = op.at % n;
      const block = lines.slice(at, at + op.count);
      lines.splice(op.to % (n + 1), 0, ...block);
      return lines.join('\n');
    }
    case 'reindent': {
      const at = op.at % n;
      for (let i = at; i < Math.min(n, at + op.count); i++) {
        lines[i] = op.delta > 0 ? ' '.repeat(op.delta) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-op.delta}}`), '');
      }
      return lines.join('\n');
    }
    case 'truncate': {
      const bytes = Buffer.from(text, 'utf8');
      return bytes.subarray(0, op.at % (bytes.length + 1)).toString('utf8');
    }
    case 'scalar': {
      const site = pick(valueSites(lines), op.at);
      if (!site) return text;
      const [i, col] = site;
      const indent = indentOf(lines[i]) + '  ';
      lines[i] = lines[i].slice(0, col) + reindentBlock(op.value, indent);
      return lines.join('\n');
    }
    case 'key': {
      const site = pick(keySites(lines), op.at);
      if (!site) return text;
      const [i, from, to] = site;
      lines[i] = lines[i].slice(0, from) + op.key + lines[i].slice(to);
      return lines.join('\n');
    }
    case 'marker': {
      lines.splice(op.at % (n + 1), 0, op.marker);
      return lines.join('\n');
    }
    case 'anchor': {
      const name = anchorName(op.at);
      const sites = valueSites(lines);
      const a = pick(sites, op.at);
      const b = pick(sites, op.to);
      if (op.variant === 'bomb') {
        const bomb = [`${name}0: &${name}0 [x, x, x, x, x, x, x, x, x]`];
        for (let i = 1; i < 6; i++)
          bomb.push(
            `${name}${i}: &${name}${i} [${Array(9)
              .fill(`*${name}${i - 1}`)
              .join(', ')}]`,
          );
        lines.splice(op.at % (n + 1), 0, ...bomb.map((l) => indentOf(lines[op.at % n] ?? '') + l));
        return lines.join('\n');
      }
      if (op.variant === 'undefined' || !a) {
        if (!b) return text;
        lines[b[0]] = lines[b[0]].slice(0, b[1]) + `*${name}`;
        return lines.join('\n');
      }
      const [ai, acol] = a;
      lines[ai] = lines[ai].slice(0, acol) + `&${name} ` + lines[ai].slice(acol);
      if (op.variant === 'self') {
        lines[ai] = lines[ai].slice(0, acol) + `&${name} [*${name}]`;
        return lines.join('\n');
      }
      if (op.variant === 'merge') {
        const at = op.to % (n + 1);
        lines.splice(at, 0, `${indentOf(lines[Math.min(at, n - 1)])}<<: *${name}`);
        return lines.join('\n');
      }
      if (b && b[0] !== ai) lines[b[0]] = lines[b[0]].slice(0, b[1]) + `*${name}`;
      return lines.join('\n');
    }
    case 'tab': {
      const i = op.at % n;
      const l = lines[i];
      if (op.where === 'indent') lines[i] = l.replace(/^ {1,8}/, '\t');
      else if (op.where === 'colon') lines[i] = l.replace(/: /, ':\t');
      else if (op.where === 'value') lines[i] = `${l}\t`;
      else lines[i] = `\t${l}`;
      return lines.join('\n');
    }
    case 'flow': {
      const site = pick(valueSites(lines), op.at);
      if (!site) {
        lines.splice(op.at % (n + 1), 0, op.text);
        return lines.join('\n');
      }
      lines[site[0]] = lines[site[0]].slice(0, site[1]) + op.text;
      return lines.join('\n');
    }
    case 'flowify': {
      // Rewrite one block collection of the first document in flow style (the yaml library
      // prints the document again; comments mostly survive).
      try {
        const doc = parseDocument(text, { version: '1.1', keepSourceTokens: false });
        if (doc.errors.length) return text;
        const found: { flow?: boolean }[] = [];
        visit(doc, {
          Map: (_k, node) => void (isCollection(node) && found.push(node)),
          Seq: (_k, node) => void (isCollection(node) && found.push(node)),
        });
        const target = pick(found, op.at);
        if (!target) return text;
        target.flow = true;
        return doc.toString({ lineWidth: 0 });
      } catch {
        return text;
      }
    }
    case 'huge': {
      const i = op.at % n;
      const piece = hugeText(op.size, op.style);
      const indent = indentOf(lines[i]);
      if (op.style === 'line') lines.splice(i, 0, piece);
      else if (op.style === 'key') lines.splice(i, 0, `${indent}${piece.replace(/ /g, '_')}: v`);
      else {
        const site = pick(valueSites(lines), op.at);
        if (!site) lines.splice(i, 0, `${indent}huge: ${reindentBlock(piece, indent + '  ')}`);
        else lines[site[0]] = lines[site[0]].slice(0, site[1]) + reindentBlock(piece, indentOf(lines[site[0]]) + '  ');
      }
      return lines.join('\n');
    }
    case 'deep': {
      const i = op.at % (n + 1);
      const indent = indentOf(lines[Math.min(i, n - 1)]);
      const deep = deepText(op.depth, op.style, indent);
      if (op.style.startsWith('flow') || op.style === 'mixed') {
        const site = pick(valueSites(lines), op.at);
        if (site) {
          lines[site[0]] = lines[site[0]].slice(0, site[1]) + deep;
          return lines.join('\n');
        }
        lines.splice(i, 0, `${indent}deep: ${deep}`);
      } else {
        lines.splice(i, 0, deep);
      }
      return lines.join('\n');
    }
    case 'unicode': {
      const at = op.at % (text.length + 1);
      return text.slice(0, at) + op.text + text.slice(at);
    }
    case 'snippet': {
      const i = op.at % (n + 1);
      const indent = indentOf(lines[Math.min(i, n - 1)]);
      lines.splice(i, 0, indent + reindentBlock(op.snippet, indent));
      return lines.join('\n');
    }
    case 'splice': {
      const other = splitLines(seeds[op.seed % Math.max(1, seeds.length)]?.text ?? '');
      const from = op.from % other.length;
      lines.splice(op.at % (n + 1), 0, ...other.slice(from, from + op.count));
      return lines.join('\n');
    }
    case 'eol': {
      const plain = text.replace(/\r\n?/g, '\n');
      if (op.mode === 'crlf') return plain.replace(/\n/g, '\r\n');
      if (op.mode === 'cr') return plain.replace(/\n/g, '\r');
      if (op.mode === 'none') return plain.replace(/\n+$/, '');
      let k = 0;
      return plain.replace(/\n/g, () => ['\n', '\r\n', '\r'][k++ % 3]);
    }
    case 'comment': {
      const i = op.at % n;
      lines[i] += op.text;
      return lines.join('\n');
    }
    case 'generated': {
      const units = op.kind === 'equals' ? op.units : Math.max(1, Math.floor(op.units / 300));
      return `${text}${text.endsWith('\n') ? '' : '\n'}---\n${SUPERLINEAR_GENERATORS[op.kind](units)}`;
    }
  }
}

export function applyOps(text: string, ops: readonly Op[], seeds: readonly { text: string }[]): string {
  let out = text;
  for (const op of ops) out = applyOp(out, op, seeds);
  return out;
}
