/** CEL rules of CRDs (`x-kubernetes-validations`): hostile rules and values stay bounded. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';

const crd = (rule: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: lists.example.com}
spec:
  group: example.com
  names: {kind: Lists, plural: lists}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                items:
                  type: array
                  items: {type: integer}
                  x-kubernetes-validations:
                    - rule: ${JSON.stringify(rule)}
                      message: rule failed
---
`;

const cr = (n: number) =>
  `apiVersion: example.com/v1\nkind: Lists\nmetadata: {name: l}\nspec:\n  items: [${Array.from({ length: n }, (_, i) => i).join(', ')}]\n`;

async function celMessages(rule: string, n: number): Promise<{ messages: string[]; ms: number }> {
  const started = Date.now();
  const { diagnostics } = await analyzeText(crd(rule) + cr(n), defaultOptions());
  return { messages: diagnostics.map((d) => d.message), ms: Date.now() - started };
}

describe('CEL rules of a CRD', () => {
  it('evaluates a rule over a list, and reports it when it is false', async () => {
    assert.deepEqual((await celMessages('self.all(i, i < 3)', 5)).messages, ['spec.items: Invalid value: "array": rule failed']);
    assert.deepEqual((await celMessages('self.all(i, i < 30)', 5)).messages, []);
  });

  it('bounds the work: two nested comprehensions over a large list finish quickly', async () => {
    const { messages, ms } = await celMessages('self.all(a, self.all(b, a == b))', 1500);
    assert.deepEqual(messages, ['spec.items: Invalid value: "array": rule failed']);
    assert.ok(ms < 10_000, `${ms} ms`);
  });

  it('does not evaluate three nested comprehensions, a regular expression, oldSelf, or a value past the size bound', async () => {
    assert.deepEqual((await celMessages('self.all(a, self.all(b, self.all(c, a == c)))', 50)).messages, []);
    assert.deepEqual((await celMessages("string(self[0]).matches('^(a+)+$')", 5)).messages, []);
    assert.deepEqual((await celMessages('self == oldSelf && false', 5)).messages, []);
    assert.deepEqual((await celMessages('self.all(i, i < 3)', 5000)).messages, []);
  });

  it('stops the rules of a manifest after they have read 20,000 values: a count, the same on a busy machine', async () => {
    // Each rule reads the whole list (1,999 items and the list itself: 2,000 values, plus 1): nine fit.
    const rules = Array.from(
      { length: 12 },
      (_, k) => `                    - rule: "self.size() < ${-k}"\n                      message: rule ${k} failed`,
    ).join('\n');
    const text = crd('true').replace(`${' '.repeat(20)}- rule: "true"\n${' '.repeat(22)}message: rule failed`, rules) + cr(1999);
    const { diagnostics } = await analyzeText(text, defaultOptions());
    assert.deepEqual(
      diagnostics.map((d) => d.message),
      Array.from({ length: 9 }, (_, k) => `spec.items: Invalid value: "array": rule ${k} failed`),
    );
  });

  it('says nothing of a rule that does not parse or calls a function the library lacks', async () => {
    assert.deepEqual((await celMessages('self.all(i, ', 5)).messages, []);
    assert.deepEqual((await celMessages('self.all(i, isURL(string(i)))', 5)).messages, []);
  });
});
