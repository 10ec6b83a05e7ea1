/**
 * A rule that throws, through the real server over stdio: the document it failed on gets one
 * diagnostic saying so (code: the rule id), every other rule still reports on that document, other
 * documents and files are untouched, the failure is logged once with its stack, and the server
 * keeps answering.
 *
 * The throwing rule is registered by a test-only preload (throwingRule.ts) into the tsc output of
 * the server (server/out/server.js, the same code the bundle is built from); production code has
 * no test hook.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from './client';
import { RawClient } from './rawClient';
import { positionIn, rangeIn } from './texts';

const PRELOAD = path.join(ROOT, 'test', 'out', 'lsp', 'throwingRule.js');
const SERVER_OUT = path.join(ROOT, 'server', 'out', 'server.js');

function pod(name: string, tty = '"yes"'): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: nginx:1.27',
    `      tty: ${tty}`,
    '',
  ].join('\n');
}

const uri = (name: string) => `file:///work/lsp-rule-failure/${name}`;

describe('a rule that throws', () => {
  let client: RawClient;
  before(async () => {
    client = RawClient.start({ nodeArgs: ['--require', PRELOAD], script: SERVER_OUT });
    await client.initialize({ debounceMs: 0 });
  });
  after(() => client?.kill());

  const file = uri('three.yaml');
  const other = uri('other.yaml');
  const text = [pod('ok-1'), pod('explode'), pod('reject')].join('---\n');

  it('the documents it failed on get one diagnostic each, naming the rule; every other rule and document still reports', async () => {
    await client.notify('textDocument/didOpen', { textDocument: { uri: file, languageId: 'yaml', version: 1, text } });
    await client.notify('textDocument/didOpen', { textDocument: { uri: other, languageId: 'yaml', version: 1, text: pod('fine') } });
    const published = await client.waitFor(() => client.published(file).find((p) => p.version === 1), 'diagnostics of three.yaml');
    const byCode = (code: string) => published.diagnostics.filter((d: any) => d.code === code);

    const failed = byCode('test-throws');
    assert.deepEqual(
      failed.map((d: any) => [d.range.start.line, d.severity, d.source]),
      [
        [10, 2, 'initlens'],
        [20, 2, 'initlens'],
      ],
      'one warning on the first line of each manifest it failed on',
    );
    assert.match(
      failed[0].message,
      /^initlens failed while checking this manifest with rule test-throws \(boom: cannot read what is not there\); the other rules still ran\. Please report it\.$/,
    );
    assert.match(failed[1].message, /rule test-throws \(async boom\)/);
    // The schema rule reported on all three documents, the failing ones included.
    assert.deepEqual(
      byCode('schema').map((d: any) => d.range.start.line),
      [8, 18, 28],
    );

    const fine = await client.waitFor(() => client.published(other).find((p) => p.version === 1), 'diagnostics of other.yaml');
    assert.deepEqual(
      fine.diagnostics.map((d: any) => d.code),
      ['schema'],
    );

    const logged = client.notifications.filter((n) => n.method === 'window/logMessage' && /rule test-throws failed/.test(n.params.message));
    assert.equal(logged.length, 2, 'each failure logged (with its stack)');
    assert.ok(
      logged.every((n) => n.params.type === 1),
      'as errors',
    );
    assert.ok(
      logged.some((n) => /TypeError: boom[^]*at /.test(n.params.message)),
      'with the stack',
    );
  });

  it('an edit elsewhere in the file keeps the failure diagnostics and logs nothing again; requests still work', async () => {
    const before = client.notifications.length;
    // `tty: "yes"` of the first document → a valid boolean
    const range = rangeIn(text, '  name: ok-1\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      tty: «"yes"»');
    await client.notify('textDocument/didChange', { textDocument: { uri: file, version: 2 }, contentChanges: [{ range, text: 'true' }] });
    const published = await client.waitFor(() => client.published(file).find((p) => p.version === 2), 'diagnostics of version 2');
    assert.deepEqual(
      published.diagnostics.map((d: any) => `${d.code}@${d.range.start.line}`),
      ['test-throws@10', 'schema@18', 'test-throws@20', 'schema@28'],
    );
    assert.deepEqual(
      client.notifications.slice(before).filter((n) => n.method === 'window/logMessage' && /test-throws/.test(n.params.message)),
      [],
      'a failure is logged once',
    );
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: file } });
    assert.equal((symbols.result as unknown[]).length, 3);
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri: file },
      position: positionIn(text, '  name: explode\nspec:\n  containers:\n    - name: app\n      i⦚mage: nginx:1.27'),
    });
    assert.match((hover.result as any).contents.value, /image/);
    const plan = await client.request('initlens/startupPlan', { textDocument: { uri: file }, position: positionIn(text, '⦚  name: explode') });
    assert.equal((plan.result as any)?.name, 'explode');
    assert.equal(await client.shutdown(), 0);
  });
});
