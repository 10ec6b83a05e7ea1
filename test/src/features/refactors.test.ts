/**
 * The refactors (features/refactors/), data-driven: one runner over test/fixtures-refactors/.
 *
 * A fixture is the text before the refactor with the cursor `⦚` (markers.ts), headed and cut by
 * `#!` lines (not part of the text):
 *   #! title: <the exact title>       the refactor applied (at most one per fixture)
 *   #! absent: <title>                a refactor not offered there (any number)
 *   #! offered: <title> | <title>     exactly the refactors offered there, in this order
 *   #! version: 1.28                  the target Kubernetes version (default: the options' default)
 *   #! crlf                           the texts are checked with `\r\n` line ends
 *   #! after                          the text after the refactor follows, to the end
 * The applied refactor keeps the guarantee (refactorGuarantee.ts) and gives exactly the after text.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { defaultOptions, parseKubeVersion } from '../../../server/out/config/options';
import { refactorsAt } from '../../../server/out/features/refactors/index';
import { parseFile } from '../../../server/out/model/file';
import { checkRefactor } from '../refactorGuarantee';
import { parseMarkers } from './markers';

const ROOT = path.resolve(__dirname, '../../fixtures-refactors');

interface Fixture {
  title?: string;
  absent: string[];
  offered?: string[];
  version?: string;
  crlf: boolean;
  before: string;
  after?: string;
}

function readFixture(file: string): Fixture {
  const lines = fs.readFileSync(file, 'utf8').split(/(?<=\n)/);
  const f: Fixture = { absent: [], crlf: false, before: '' };
  let target: 'before' | 'after' = 'before';
  for (const line of lines) {
    const m = /^#! (title|absent|offered|version|crlf|after)(?:: (.*))?\n?$/.exec(line);
    if (!m) {
      f[target] = (f[target] ?? '') + line;
      continue;
    }
    if (m[1] === 'title') f.title = m[2];
    else if (m[1] === 'absent') f.absent.push(m[2]);
    else if (m[1] === 'offered') f.offered = m[2].split(' | ');
    else if (m[1] === 'version') f.version = m[2];
    else if (m[1] === 'crlf') f.crlf = true;
    else target = 'after';
  }
  return f;
}

const files = fs
  .readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
  .filter((n) => n.endsWith('.yaml'))
  .sort();

describe('refactor fixtures', () => {
  it('has fixtures for every refactor', () => {
    const dirs = new Set(files.map((f) => f.split(path.sep)[0]));
    for (const id of [
      'native-sidecar',
      'app-container',
      'init-order',
      'shell-form',
      'extract-script',
      'move-to-job',
      'fill-volume',
      'wait-for-service',
      'image-volume',
      'inline-script',
    ])
      assert.ok(dirs.has(id), `no fixtures for ${id}`);
  });
  for (const name of files) {
    it(name, async () => {
      const f = readFixture(path.join(ROOT, name));
      const eol = (s: string) => (f.crlf ? s.replace(/\r?\n/g, '\r\n') : s);
      const { text, cursor } = parseMarkers(eol(f.before));
      assert.ok(cursor >= 0, 'the fixture has no cursor ⦚');
      assert.ok(f.title !== undefined || f.absent.length > 0, 'the fixture expects nothing');
      const options = defaultOptions();
      if (f.version) options.kubernetesVersion = parseKubeVersion(f.version)!;
      const offered = refactorsAt(parseFile(text), cursor, { kubernetesVersion: options.kubernetesVersion });
      const titles = offered.map((r) => r.title);
      if (f.offered) assert.deepEqual(titles, f.offered);
      for (const t of f.absent) assert.ok(!titles.includes(t), `"${t}" is offered (offered: ${JSON.stringify(titles)})`);
      if (f.title === undefined) return;
      const r = offered.find((x) => x.title === f.title);
      assert.ok(r, `"${f.title}" is not offered (offered: ${JSON.stringify(titles)})`);
      assert.ok(f.after !== undefined, 'the fixture has no `#! after` text');
      const after = await checkRefactor(text, r, name, options);
      assert.equal(after, eol(f.after));
    });
  }
});
