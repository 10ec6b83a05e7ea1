/** The yaml -> vscode-json-languageservice AST bridge. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import type { ASTNode, ObjectASTNode, PropertyASTNode } from 'vscode-json-languageservice';
import { forEachJsonNode, jsonNodePath, yamlToJsonAst } from '../../../server/out/schema/jsonAst';
import { formatPath } from '../../../server/out/model/yamlNodes';

function convert(text: string, opts: { merge?: boolean; maxNodes?: number } = {}) {
  const doc = parseDocument(text, { merge: opts.merge ?? false });
  return { doc, ...yamlToJsonAst(doc.contents, doc, { text, maxNodes: opts.maxNodes }) };
}

function prop(obj: ASTNode | undefined, key: string): PropertyASTNode {
  assert.ok(obj && obj.type === 'object', 'not an object');
  const p = obj.properties.find((x) => x.keyNode.value === key);
  assert.ok(p, `no property ${key}`);
  return p;
}

const span = (text: string, n: ASTNode | undefined): string => (n ? text.slice(n.offset, n.offset + n.length) : '<none>');

test('scalars, numbers with isInteger, offsets into the text', () => {
  const text = `a: 1\nb: 1.5\nc: "x"\nd: true\ne: 0x10\nf: 1e3\n`;
  const { root } = convert(text);
  const a = prop(root, 'a').valueNode;
  assert.deepEqual([a?.type, a?.value, a?.type === 'number' && a.isInteger, span(text, a)], ['number', 1, true, '1']);
  const b = prop(root, 'b').valueNode;
  assert.deepEqual([b?.type === 'number' && b.isInteger, span(text, b)], [false, '1.5']);
  const c = prop(root, 'c');
  assert.deepEqual(
    [c.valueNode?.type, c.valueNode?.value, span(text, c.valueNode), span(text, c.keyNode), c.colonOffset],
    ['string', 'x', '"x"', 'c', text.indexOf('c:') + 1],
  );
  assert.equal(prop(root, 'd').valueNode?.value, true);
  assert.equal(prop(root, 'e').valueNode?.value, 16);
  assert.equal(prop(root, 'f').valueNode?.type, 'number');
  assert.equal(root?.offset, 0);
});

test('null values: no valueNode, listed in nullProperties; null items stay', () => {
  const text = `a:\nb: null\nc: ~\nd: x\nl:\n- \n- ~\n- 1\n`;
  const { root, nullProperties } = convert(text);
  for (const k of ['a', 'b', 'c']) assert.equal(prop(root, k).valueNode, undefined, k);
  assert.deepEqual(
    nullProperties.map((p) => p.keyNode.value),
    ['a', 'b', 'c'],
  );
  const l = prop(root, 'l').valueNode;
  assert.ok(l?.type === 'array');
  assert.deepEqual(
    l.items.map((i) => i.type),
    ['null', 'null', 'number'],
  );
});

test('non-string keys are String()ed; a null key is ""', () => {
  const { root } = convert(`1: a\ntrue: b\n~: c\n1.5: d\n`);
  assert.ok(root?.type === 'object');
  assert.deepEqual(
    root.properties.map((p) => p.keyNode.value),
    ['1', 'true', '', '1.5'],
  );
});

test('aliases resolve, keeping the alias range; children keep the anchored ranges', () => {
  const text = `a: &x {k: 5}\nb: *x\nc: &s hello\nd: *s\n`;
  const { root } = convert(text);
  const b = prop(root, 'b').valueNode;
  assert.equal(b?.type, 'object');
  assert.equal(span(text, b), '*x');
  const k = prop(b, 'k').valueNode;
  assert.equal(k?.value, 5);
  assert.equal(k?.offset, text.indexOf('5'));
  assert.equal(k?.parent?.parent, b, 'parent chain follows the alias use, not the anchor');
  assert.deepEqual(jsonNodePath(k as ASTNode), ['b', 'k']);
  const d = prop(root, 'd').valueNode;
  assert.deepEqual([d?.value, span(text, d)], ['hello', '*s']);
});

test('merge keys are inlined; own keys win, then earlier sources; nested merges', () => {
  const text = `base: &b {x: 1, y: 1}\nother: &o {y: 2, z: 2, <<: {w: 3}}\nm:\n  <<: [*b, *o]\n  x: 0\n`;
  for (const merge of [true, false]) {
    const { root } = convert(text, { merge });
    const m = prop(root, 'm').valueNode as ObjectASTNode;
    const entries = m.properties.map((p) => [p.keyNode.value, p.valueNode?.value]);
    assert.deepEqual(
      entries,
      [
        ['x', 0],
        ['y', 1],
        ['z', 2],
        ['w', 3],
      ],
      `merge: ${merge}`,
    );
    assert.equal(prop(m, 'y').valueNode?.offset, text.indexOf('y: 1') + 3, 'merged pairs keep their own ranges');
  }
  // a quoted "<<" is an ordinary key
  const { root } = convert(`m:\n  "<<": {a: 1}\n`);
  assert.deepEqual(
    (prop(root, 'm').valueNode as ObjectASTNode).properties.map((p) => p.keyNode.value),
    ['<<'],
  );
});

test('alias cycles are cut', () => {
  const { root, truncated } = convert(`a: &a [1, *a]\nb: &m {k: *m}\n`);
  assert.equal(truncated, false);
  const a = prop(root, 'a').valueNode;
  assert.ok(a?.type === 'array');
  assert.deepEqual(
    a.items.map((i) => i.type),
    ['number', 'null'],
  );
  assert.equal(prop(prop(root, 'b').valueNode, 'k').valueNode, undefined);
});

test('alias bombs hit the node budget and are marked truncated', () => {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++)
    text += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  const started = Date.now();
  const r = convert(text, { maxNodes: 50_000 });
  assert.equal(r.truncated, true);
  assert.ok(r.nodeCount <= 50_000, String(r.nodeCount));
  const full = convert(text);
  assert.equal(full.truncated, true);
  assert.ok(full.nodeCount <= 200_000);
  assert.ok(Date.now() - started < 5_000);
});

test('block collections end at their last value, not at trailing blank lines and comments', () => {
  const text = `m:\n  a: 1\n  b: |\n    text\n\n  # trailing comment\n\nn: 2\n`;
  const { root } = convert(text);
  const m = prop(root, 'm').valueNode;
  assert.equal(span(text, m), 'a: 1\n  b: |\n    text');
  assert.equal(span(text, prop(m, 'b').valueNode), '|\n    text');
});

test('a chain of last items ends at the innermost; a last merge key, alias or null value ends the map', () => {
  const text = `a:\n  b:\n    - c:\n        d: 1\n\n      # x\n\ne: &E\n  f: 2\n\ng:\n  h: 1\n  <<: *E\n\ni:\n  j: *E\n\nk:\n  l:\n\n# end\n`;
  const { root } = convert(text, { merge: true });
  const a = prop(root, 'a').valueNode;
  const b = prop(a, 'b').valueNode;
  assert.ok(b?.type === 'array');
  assert.deepEqual([span(text, a), span(text, b), span(text, b.items[0])], ['b:\n    - c:\n        d: 1', '- c:\n        d: 1', 'c:\n        d: 1']);
  assert.ok(root?.type === 'object');
  assert.equal(span(text, root), text.slice(0, text.indexOf('\n\n# end')));
  const g = prop(root, 'g').valueNode;
  assert.deepEqual([span(text, g), span(text, prop(root, 'i').valueNode), span(text, prop(root, 'k').valueNode)], ['h: 1\n  <<: *E', 'j: *E', 'l:']);
  assert.ok(g?.type === 'object');
  assert.deepEqual(
    g.properties.map((p) => p.keyNode.value),
    ['h', 'f'],
  );
});

test('children: an object its properties, an array its items, a property its key and value', () => {
  const { root } = convert(`m:\n  a: [1]\n  n:\n`);
  const m = prop(root, 'm').valueNode;
  assert.ok(m?.type === 'object');
  assert.deepEqual(m.children, m.properties);
  const a = prop(m, 'a');
  assert.ok(a.valueNode?.type === 'array');
  assert.deepEqual(a.children, [a.keyNode, a.valueNode]);
  assert.deepEqual(a.valueNode.children, a.valueNode.items);
  assert.deepEqual(prop(m, 'n').children, [prop(m, 'n').keyNode]);
  const seen: string[] = [];
  forEachJsonNode(root, (n) => seen.push(n.type === 'string' ? `s:${n.value}` : n.type));
  assert.deepEqual(seen, ['object', 'property', 's:m', 'object', 'property', 's:a', 'array', 'number', 'property', 's:n']);
});

test('never throws on broken YAML (error-recovered documents)', () => {
  const seeds = [
    'a: b: c\n- x\n: : :\n  ? [\n',
    '{a: [1, 2}, b\n',
    'a: "unterminated\nb: 1\n',
    '- - - [\n  - ]\n:\n',
    '? a\n? b\n: c\n&x\n*x: 1\n',
    'a: !!binary aGVsbG8=\nb: !foo {x: *y}\n<<: *nope\n',
  ];
  // deterministic mutations of a manifest
  const base =
    'apiVersion: v1\nkind: Pod\nmetadata: &m {name: p, labels: {a: b}}\nspec:\n  <<: {x: 1}\n  containers:\n  - name: a\n    ports: [{containerPort: 80}]\n    env: [*m]\n';
  let seed = 42;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const chars = [':', '-', '[', ']', '{', '}', '&', '*', '<<', '\n', ' ', '"', "'", '?', '#', '|', '>', '!', ','];
  const texts = [...seeds];
  for (let i = 0; i < 300; i++) {
    let t = base;
    for (let j = 0; j < 1 + rnd(4); j++) {
      const pos = rnd(t.length);
      t = rnd(2) ? t.slice(0, pos) + chars[rnd(chars.length)] + t.slice(pos) : t.slice(0, pos) + t.slice(pos + 1 + rnd(3));
    }
    texts.push(t);
  }
  for (const text of texts) {
    for (const merge of [false, true]) {
      const doc = parseDocument(text, { merge });
      const r = yamlToJsonAst(doc.contents, doc, { text });
      forEachJsonNode(r.root, (n) => {
        assert.ok(Number.isInteger(n.offset) && n.offset >= 0 && n.length >= 0, JSON.stringify(text));
      });
      yamlToJsonAst(doc.contents, undefined, {}); // no doc, no text
    }
  }
});

test('formatPath', () => {
  assert.equal(formatPath(['spec', 'containers', 0, 'ports', 1, 'containerPort']), 'spec.containers[0].ports[1].containerPort');
  assert.equal(formatPath(['metadata', 'labels', 'app.kubernetes.io/name']), 'metadata.labels["app.kubernetes.io/name"]');
  assert.equal(formatPath(['x-kubernetes-list-type']), 'x-kubernetes-list-type');
  assert.equal(formatPath([0, 'a']), '[0].a');
  assert.equal(formatPath([]), '');
});
