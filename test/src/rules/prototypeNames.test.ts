/**
 * Names from the manifest never index a plain object: `__proto__`, `constructor`, `toString` and
 * `hasOwnProperty` as keys, container and volume names, images, env names and shell programs are
 * analysed like any other text — no rule fails, and the findings are the ordinary ones.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../../server/out/analysis/analyze';
import { defaultOptions } from '../../../server/out/config/options';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

test('prototype names in keys, names, images, env and scripts make no rule fail', async () => {
  for (const name of NAMES) {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: p`,
      `  labels: { ${JSON.stringify(name)}: x }`,
      'spec:',
      `  ${JSON.stringify(name)}: 1`,
      '  initContainers:',
      `    - name: ${JSON.stringify(name)}`,
      `      image: ${name}`,
      `      command: [${JSON.stringify(name)}, "-c", ${JSON.stringify(`${name} --${name}=$(${name}) > /x/${name}; until ${name}; do sleep 1; done`)}]`,
      `      env: [{ name: ${JSON.stringify(name)}, value: "$(${name})" }]`,
      `      volumeMounts: [{ name: ${JSON.stringify(name)}, mountPath: /x }]`,
      '  containers:',
      '    - name: app',
      `      image: ${name}:1.0`,
      `      ${JSON.stringify(name)}: {}`,
      '  volumes:',
      `    - name: ${JSON.stringify(name)}`,
      '      emptyDir: {}',
      '',
    ].join('\n');
    const analysis = await analyzeText(text, defaultOptions());
    assert.deepEqual(analysis.failures, [], name);
    // The unknown keys are schema errors, as for any other unknown name.
    assert.ok(
      analysis.diagnostics.some((d) => d.rule === 'schema' && d.message.includes(`unknown field "${name}"`)),
      `${name}: ${analysis.diagnostics.map((d) => `${d.rule}: ${d.message}`).join('\n')}`,
    );
  }
});
