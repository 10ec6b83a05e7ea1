import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Quantity } from '../../../server/out/model/quantity';

function q(text: string | number): Quantity {
  const parsed = Quantity.parse(text);
  assert.ok(parsed, `${JSON.stringify(text)} should parse`);
  return parsed;
}

const cmp = (a: string | number, b: string | number) => Quantity.compare(q(a), q(b));

describe('Quantity.parse', () => {
  test('every suffix family, exactly, in nano-units', () => {
    const cases: [string, bigint][] = [
      ['1', 1_000_000_000n],
      ['0.5', 500_000_000n],
      ['.5', 500_000_000n],
      ['1.', 1_000_000_000n],
      ['+2', 2_000_000_000n],
      ['500m', 500_000_000n],
      ['1n', 1n],
      ['3u', 3_000n],
      ['1k', 1_000_000_000_000n],
      ['1M', 10n ** 15n],
      ['1G', 10n ** 18n],
      ['1T', 10n ** 21n],
      ['1P', 10n ** 24n],
      ['1E', 10n ** 27n],
      ['1Ki', 1024n * 10n ** 9n],
      ['1Mi', 1024n ** 2n * 10n ** 9n],
      ['1Gi', 1024n ** 3n * 10n ** 9n],
      ['1Ti', 1024n ** 4n * 10n ** 9n],
      ['1Pi', 1024n ** 5n * 10n ** 9n],
      ['1Ei', 1024n ** 6n * 10n ** 9n],
      ['0.5Ki', 512n * 10n ** 9n],
      ['1.1Ki', 1_126_400_000_000n],
      ['1e3', 10n ** 12n],
      ['1E3', 10n ** 12n],
      ['1e+3', 10n ** 12n],
      ['5E-2', 50_000_000n],
      ['1.5e-3', 1_500_000n],
      ['1.G', 10n ** 18n],
      ['007', 7_000_000_000n],
    ];
    for (const [text, nano] of cases) assert.equal(q(text).nano, nano, text);
  });

  test('YAML numbers are quantities too', () => {
    assert.equal(q(0.5).nano, 500_000_000n);
    assert.equal(q(1e3).nano, 10n ** 12n);
    assert.equal(q(2).nano, 2_000_000_000n);
    assert.equal(q(1e-7).nano, 100n);
    assert.equal(q(1e18).nano, 10n ** 27n);
    assert.equal(q(1e21).nano, (2n ** 63n - 1n) * 10n ** 9n); // "1e+21", capped
    assert.equal(q(-0.25).nano, -250_000_000n);
    assert.equal(Quantity.parse(Number.NaN), undefined);
    assert.equal(Quantity.parse(Number.POSITIVE_INFINITY), undefined);
  });

  test('invalid text is undefined', () => {
    for (const text of [
      '',
      ' ',
      '1.5.5',
      '10 Mi',
      'abc',
      '1K',
      '1KiB',
      '1mi',
      '1e',
      '1e3.5',
      '1ee3',
      '1Ki3',
      '-',
      '+',
      '.',
      'm',
      '0x10',
      '1,5',
      '½',
      '--1',
      '1e99999999999999999999',
    ]) {
      assert.equal(Quantity.parse(text), undefined, JSON.stringify(text));
    }
    assert.equal(q(' 1 ').nano, 1_000_000_000n); // trimmed, like the API server's JSON decoder
  });

  test('negative quantities', () => {
    assert.ok(q('-1').isNegative());
    assert.equal(q('-500m').nano, -500_000_000n);
    assert.equal(cmp('-1', '0'), -1);
    assert.equal(cmp('-1Gi', '-1G'), -1);
    assert.ok(!q('0').isNegative());
    assert.ok(q('-0').isZero());
    assert.equal(q('1').sub(q('1500m')).format(), '-500m');
  });

  test('like the API server: finer than 1n rounds up, beyond 2^63-1 is capped', () => {
    assert.equal(q('1e-10').nano, 1n);
    assert.equal(q('0.1n').nano, 1n);
    assert.equal(q('-1e-12').nano, -1n);
    assert.equal(q('1.0000000001').nano, 1_000_000_001n);
    const cap = (2n ** 63n - 1n) * 10n ** 9n;
    assert.equal(q('10E').nano, cap);
    assert.equal(q('16Ei').nano, cap);
    assert.equal(q('1e400').nano, cap);
    assert.equal(q('-1e400').nano, -cap);
    assert.equal(q('1e-400').nano, 1n);
    assert.equal(cmp('100E', '200E'), 0);
    assert.equal(q('0e400').nano, 0n);
  });

  test('the source is kept as written (trimmed)', () => {
    assert.equal(q('500m').source, '500m');
    assert.equal(q('500m').toString(), '500m');
    assert.equal(q('1e3').toString(), '1e3');
    assert.equal(q(0.5).toString(), '0.5');
  });
});

describe('Quantity comparison', () => {
  test('500m < 1, 1Gi > 1G, 1e3 = 1k, 1Ki = 1024', () => {
    assert.equal(cmp('500m', '1'), -1);
    assert.equal(cmp('1', '500m'), 1);
    assert.equal(cmp('1Gi', '1G'), 1);
    assert.equal(cmp('1G', '1Gi'), -1);
    assert.equal(cmp('1e3', '1k'), 0);
    assert.equal(cmp('1Ki', '1024'), 0);
    assert.equal(cmp('1Ki', 1024), 0);
    assert.equal(cmp('1000m', '1'), 0);
    assert.equal(cmp(0.5, '500m'), 0);
    assert.equal(cmp('1n', '0'), 1);
    assert.equal(cmp('1Mi', '1048576'), 0);
    assert.equal(cmp('1.5Gi', '1536Mi'), 0);
    assert.ok(q('1e3').equals(q('1k')));
    assert.equal(q('1').compare(q('2')), -1);
  });

  test('max keeps the larger operand as it is', () => {
    assert.equal(q('500m').max(q('1')).toString(), '1');
    assert.equal(q('1Gi').max(q('1G')).toString(), '1Gi');
    assert.equal(Quantity.max(q('1'), q('3'), q('2'))?.toString(), '3');
    assert.equal(Quantity.max(), undefined);
  });
});

describe('Quantity arithmetic and format()', () => {
  test('100m + 0.2 = 300m and 0.1 + 0.2 = 300m exactly', () => {
    const a = q('100m').add(q(0.2));
    assert.equal(a.nano, 300_000_000n);
    assert.equal(a.format(), '300m');
    assert.equal(a.toString(), '300m');
    const b = q(0.1).add(q(0.2));
    assert.equal(b.nano, 300_000_000n);
    assert.equal(b.format(), '300m');
    assert.equal(cmp(0.3, '300m'), 0);
    assert.ok(b.equals(q('0.3')));
  });

  test('canonical forms', () => {
    assert.equal(q('1000m').add(Quantity.zero()).format(), '1');
    assert.equal(q('1').add(q('100m')).format(), '1100m');
    assert.equal(q('1500m').format(), '1500m');
    assert.equal(q('2000').format(), '2k');
    assert.equal(q('0').format(), '0');
    assert.equal(q('1n').format(), '1n');
    assert.equal(q('1.5u').format(), '1500n');
    assert.equal(q('128974848').format(), '128974848');
    assert.equal(q('129e6').format(), '129e6');
    assert.equal(q('129M').format(), '129M');
    assert.equal(q('1e3').format(), '1e3');
    assert.equal(q('1e-3').format(), '1e-3');
    assert.equal(q('1024Mi').format(), '1Gi');
    assert.equal(q('1536Mi').format(), '1536Mi');
    assert.equal(q('1.5Ki').format(), '1536'); // whole, but not a whole number of Ki
    assert.equal(q('512Ki').add(q('512Ki')).format(), '1Mi');
    assert.equal(q('0.5Ki').format(), '512'); // below 1Ki: decimal, as Kubernetes prints it
    assert.equal(q('1.1Ki').format(), '1126400m'); // not whole: decimal
    assert.equal(q('-2Gi').format(), '-2Gi');
    assert.equal(q('128Mi').add(q('64Mi')).format(), '192Mi');
    assert.equal(q('1Gi').add(q('1G')).format(), '2073741824'); // mixed families: decimal
    assert.equal(Quantity.zero().add(q('64Mi')).format(), '64Mi');
    assert.equal(q('1Gi').sub(q('1Gi')).format(), '0');
    assert.equal(Quantity.fromNano(1_000_000_000n).format(), '1');
    assert.equal(Quantity.sum().format(), '0');
    assert.equal(Quantity.sum(q('1'), q('2'), q('300m')).format(), '3300m');
  });

  test('as numbers in base units, to draw to scale (the startup view parses no quantity)', () => {
    assert.equal(q('1100m').toNumber(), 1.1);
    assert.equal(q('640Mi').toNumber(), 640 * 2 ** 20);
    assert.equal(q('1G').toNumber(), 1e9);
    assert.equal(q('1e3').toNumber(), 1000);
    assert.equal(q('-1500m').toNumber(), -1.5);
    assert.equal(q('1n').toNumber(), 1e-9);
    assert.equal(Quantity.zero().toNumber(), 0);
  });

  test('the ground truth §2 worked example: CPU 1100m, memory 640Mi', () => {
    // init: wait-db (regular), proxy (sidecar), migrate (regular), log-agent (sidecar); app, worker.
    const init = [
      { sidecar: false, cpu: '500m', memory: '256Mi' },
      { sidecar: true, cpu: '100m', memory: '128Mi' },
      { sidecar: false, cpu: '1', memory: '512Mi' },
      { sidecar: true, cpu: '50m', memory: '64Mi' },
    ];
    const app = [
      { cpu: '300m', memory: '256Mi' },
      { cpu: '200m', memory: '128Mi' },
    ];
    const podRequest = (r: 'cpu' | 'memory') => {
      let result = Quantity.sum(...app.map((c) => q(c[r])));
      let sidecars = Quantity.zero();
      let initMax = Quantity.zero();
      for (const c of init) {
        let candidate: Quantity;
        if (c.sidecar) {
          result = result.add(q(c[r]));
          sidecars = sidecars.add(q(c[r]));
          candidate = sidecars;
        } else {
          candidate = q(c[r]).add(sidecars);
        }
        initMax = initMax.max(candidate);
      }
      return { longRunning: result, initMax, pod: result.max(initMax) };
    };
    const cpu = podRequest('cpu');
    assert.equal(cpu.longRunning.format(), '650m');
    assert.equal(cpu.initMax.format(), '1100m');
    assert.equal(cpu.pod.format(), '1100m');
    const memory = podRequest('memory');
    assert.equal(memory.longRunning.format(), '576Mi');
    assert.equal(memory.initMax.format(), '640Mi');
    assert.equal(memory.pod.format(), '640Mi');
  });
});
