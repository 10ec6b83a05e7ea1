/**
 * The reader never throws and its time stays bounded: a 100 kB script, deep nesting, and junk
 * (random bytes, random shell-ish fragments, every prefix of real scripts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScript } from '../../../server/out/shell/parse';

/** A small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const REAL = [
  `set -ex\n[[ \`hostname\` =~ -([0-9]+)$ ]] || exit 1\nordinal=\${BASH_REMATCH[1]}\necho [mysqld] > /mnt/conf.d/server-id.cnf\necho server-id=$((100 + $ordinal)) >> /mnt/conf.d/server-id.cnf\nif [[ $ordinal -eq 0 ]]; then\n  cp /mnt/config-map/primary.cnf /mnt/conf.d/\nelse\n  cp /mnt/config-map/replica.cnf /mnt/conf.d/\nfi\n`,
  `MAX_RETRIES=12\nfor i in $(seq 1 $MAX_RETRIES); do\n  STATUSCODE=$(wget --server-response http://\${FRONTEND_ADDR} 2>&1 | awk '/^  HTTP/{print $2}')\n  if [ $STATUSCODE -eq 200 ]; then exit 0; fi\n  sleep 10\ndone\nexit 1\n`,
  `escape() { sed ':a;N;$!ba;s/\\n/\\\\n/g' "$1"; }\ncat <<EOF >/etc/grpc/config.proto\nhost: "\${MYSQL_HOST}"\nEOF\n`,
  `case "$1" in\n  (start) exec /app "$@" ;;\n  stop|halt) kill -TERM 1 ;;\n  *) echo "usage: $0 start|stop" >&2; exit 2 ;;\nesac`,
];

test('a 100 kB script is read in bounded time', () => {
  const block = 'until nc -z db 5432; do echo "waiting for $DB_HOST"; sleep 2; done\nmkdir -p /data/$(date +%s) && cp /src/* /data/ 2>/dev/null || true\n';
  const text = block.repeat(Math.ceil(100_000 / block.length));
  const t0 = performance.now();
  const s = parseScript(text);
  const ms = performance.now() - t0;
  assert.ok(text.length >= 100_000);
  assert.equal(s.complete, true);
  assert.equal(s.loops.length, Math.ceil(100_000 / block.length));
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
});

test('pathological inputs stay bounded and never throw', () => {
  const inputs = [
    '$('.repeat(20_000),
    '`'.repeat(50_001),
    '"'.repeat(30_001) + "'",
    '${'.repeat(20_000),
    '$(($(('.repeat(20_000),
    '((('.repeat(10_000),
    'if '.repeat(10_000),
    'while true; do '.repeat(5_000),
    '{ '.repeat(20_000),
    '<<EOF\n'.repeat(5_000),
    'a|'.repeat(30_000),
    '\\'.repeat(50_001),
    'x'.repeat(100_000),
    'case x in ' + 'a) ;; '.repeat(10_000),
  ];
  for (const text of inputs) {
    const t0 = performance.now();
    const s = parseScript(text);
    const ms = performance.now() - t0;
    assert.ok(ms < 3000, `${JSON.stringify(text.slice(0, 12))}… took ${ms.toFixed(0)} ms`);
    assert.equal(typeof s.complete, 'boolean');
    // Given up on purpose (budget, nesting), never by an internal failure such as a stack overflow.
    assert.ok(!s.errors.some((e) => /reader failure/.test(e.message)), `${JSON.stringify(text.slice(0, 12))}…: ${JSON.stringify(s.errors.slice(-1))}`);
  }
});

test('random junk and every prefix of real scripts never throw, and offsets stay in the text', () => {
  const rand = rng(42);
  const alphabet = ` \t\n;&|<>()'"\`$\\{}[]#=*?!abcxyz012-_/:,.~%+@^`;
  const fragments = [
    '$(',
    ')',
    '${',
    '}',
    '`',
    "'",
    '"',
    '<<EOF\n',
    'EOF\n',
    '&&',
    '||',
    ';;',
    'case ',
    ' in ',
    'esac',
    'if ',
    'then ',
    'fi',
    'while ',
    'do ',
    'done',
    'for ',
    '((',
    '))',
    '[[',
    ']]',
    '\\\n',
    '#',
    '\n',
    ' ',
    'x',
    '$X',
    '2>&1',
    '>',
    '!',
  ];
  const inputs: string[] = [];
  for (let i = 0; i < 300; i++) {
    let t = '';
    const n = Math.floor(rand() * 200);
    for (let j = 0; j < n; j++) t += rand() < 0.5 ? alphabet[Math.floor(rand() * alphabet.length)] : fragments[Math.floor(rand() * fragments.length)];
    inputs.push(t);
  }
  for (const r of REAL) for (let i = 0; i <= r.length; i++) inputs.push(r.slice(0, i));
  inputs.push(String.fromCharCode(...Array.from({ length: 500 }, (_, i) => i % 65536)), '\u0000\ufffd\ud800', '🚀 $🚀 "${🚀}"');
  for (const text of inputs) {
    const s = parseScript(text);
    assert.ok(!s.errors.some((e) => /reader failure/.test(e.message)), `${JSON.stringify(text)}: ${JSON.stringify(s.errors.slice(-1))}`);
    for (const c of s.commands) {
      assert.ok(c.start >= 0 && c.end <= text.length && c.start <= c.end, JSON.stringify(text));
      for (const w of c.words) assert.equal(text.slice(w.start, w.end), w.raw, JSON.stringify(text));
    }
    for (const v of s.variables) assert.ok(v.start >= 0 && v.end <= text.length && text[v.start] === '$', JSON.stringify(text));
  }
  for (const r of REAL) assert.equal(parseScript(r).complete, true, r);
});

test('non-string input is read as text', () => {
  assert.equal(parseScript(undefined as unknown as string).commands.length, 0);
  assert.deepEqual(
    parseScript(42 as unknown as string).commands[0].words.map((w) => w.literal),
    ['42'],
  );
});
