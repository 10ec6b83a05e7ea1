/** Exec form or shell: `findShell` over argv (command followed by args). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findShell } from '../../../server/out/shell/invocation';

test('sh -c and its kin: shell, flags and the index of the script', () => {
  const cases: [string[], { shell: string; scriptIndex?: number; flags: string; errexit: boolean; wrappers?: string[] } | undefined][] = [
    [['sh', '-c', 'echo hi'], { shell: 'sh', scriptIndex: 2, flags: 'c', errexit: false }],
    [['/bin/sh', '-ec', 'x'], { shell: 'sh', scriptIndex: 2, flags: 'ec', errexit: true }],
    [['/bin/bash', '-e', '-x', '-c', 'x', 'arg0'], { shell: 'bash', scriptIndex: 4, flags: 'exc', errexit: true }],
    [['bash', '-o', 'pipefail', '-c', 'x'], { shell: 'bash', scriptIndex: 4, flags: 'c', errexit: false }],
    [['bash', '-euo', 'pipefail', '-c', 'x'], { shell: 'bash', scriptIndex: 4, flags: 'euc', errexit: true }],
    [['bash', '--login', '-c', 'x'], { shell: 'bash', scriptIndex: 3, flags: 'c', errexit: false }],
    [['/usr/local/bin/bash', '-c'], { shell: 'bash', scriptIndex: undefined, flags: 'c', errexit: false }],
    [['ash', '-c', 'x'], { shell: 'ash', scriptIndex: 2, flags: 'c', errexit: false }],
    [['busybox', 'sh', '-c', 'x'], { shell: 'sh', scriptIndex: 3, flags: 'c', errexit: false }],
    [['tini', '--', 'sh', '-c', 'x'], { shell: 'sh', scriptIndex: 4, flags: 'c', errexit: false, wrappers: ['tini'] }],
    [['dumb-init', '/bin/sh', '-c', 'x'], { shell: 'sh', scriptIndex: 3, flags: 'c', errexit: false, wrappers: ['dumb-init'] }],
    [['/usr/bin/env', 'A=1', 'bash', '-c', 'x'], { shell: 'bash', scriptIndex: 4, flags: 'c', errexit: false, wrappers: ['env'] }],
    [['timeout', '60', 'sh', '-c', 'x'], { shell: 'sh', scriptIndex: 4, flags: 'c', errexit: false, wrappers: ['timeout'] }],
    // A shell that runs a file, not an inline script.
    [['sh', '/scripts/run.sh'], { shell: 'sh', scriptIndex: undefined, flags: '', errexit: false }],
    // Not a shell.
    [['python', '-c', 'print(1)'], undefined],
    [['echo', 'sh', '-c'], undefined],
    [['shell', '-c', 'x'], undefined],
    [[], undefined],
  ];
  for (const [argv, want] of cases) {
    const got = findShell(argv);
    if (!want) {
      assert.equal(got, undefined, argv.join(' '));
      continue;
    }
    assert.ok(got, argv.join(' '));
    assert.equal(got.shell, want.shell, argv.join(' '));
    assert.equal(got.scriptIndex, want.scriptIndex, argv.join(' '));
    assert.equal(got.flags, want.flags, argv.join(' '));
    assert.equal(got.errexit, want.errexit, argv.join(' '));
    assert.deepEqual(got.wrappers, want.wrappers ?? [], argv.join(' '));
  }
});
