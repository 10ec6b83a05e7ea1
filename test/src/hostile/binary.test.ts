/** Binary content, invalid UTF-8 and NUL bytes: one clear diagnostic, nothing else. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultOptions } from '../../../server/out/config/options';
import { decode } from '../../../server/out/cli/files';
import { describeProblems, probe, timedAnalysis } from './inputs';

const MESSAGE = 'binary content or text that is not valid UTF-8: the file is not analysed';

function pseudoRandomBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 2463534242;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const CASES: [string, Buffer][] = [
  ['random bytes (64 KB)', pseudoRandomBytes(64 * 1024)],
  ['a PNG header', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
  [
    'invalid UTF-8 in a value',
    Buffer.concat([Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"\n')]),
  ],
  ['a truncated multi-byte character at the end', Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata: {a: "é', 'utf8').subarray(0, -1)],
  ['a NUL byte in a manifest', Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\u0000b\nspec: {containers: [{name: c, image: i}]}\n')],
  ['UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('apiVersion: v1\nkind: Pod\n', 'utf16le')])],
];

for (const [name, bytes] of CASES) {
  test(`${name}: one not-analysed information`, async () => {
    const { text } = decode(bytes);
    const { value, ms } = await timedAnalysis(text);
    assert.deepEqual(
      value.diagnostics.map((d) => `${d.rule} ${d.severity}: ${d.message}`),
      [`not-analysed info: ${MESSAGE}`],
    );
    assert.ok(ms < 1000);
    const r = await probe(text, defaultOptions(), 20, 1000);
    assert.deepEqual(describeProblems(r), []);
  });
}
