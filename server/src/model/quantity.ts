/**
 * Kubernetes resource quantities (`resource.Quantity`), exact: no floating point anywhere.
 *
 *     <quantity>        ::= <signedNumber><suffix>
 *     <signedNumber>    ::= <number> | "+" <number> | "-" <number>
 *     <number>          ::= <digits> | <digits> "." | <digits> "." <digits> | "." <digits>
 *     <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
 *     <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
 *     <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
 *     <decimalExponent> ::= "e" <signedInteger> | "E" <signedInteger>
 *
 * A value is held as a bigint count of nano-units (10^-9), which is the API server's own
 * precision: like `resource.ParseQuantity`, a value finer than 1n is rounded up (away from zero)
 * to the next nano-unit, and a magnitude above 2^63-1 is capped there. Binary multipliers are
 * exact (`1Ki` = 1024, `0.5Ki` = 512, `1.1Ki` = 1126.4).
 */

/** The suffix family of a quantity, named as in Kubernetes (`resource.Format`). */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

const NANO = 10n ** 9n;
/** The API server caps quantities at 2^63-1 units. */
const MAX_NANO = (2n ** 63n - 1n) * NANO;
const MAX_EXPONENT = 2n ** 63n - 1n;

const BINARY_EXP: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL_EXP).map(([s, e]) => [e, s]));
const BINARY_SUFFIX = new Map<number, string>([[0, ''], ...Object.entries(BINARY_EXP).map(([s, e]) => [e, s] as [number, string])]);

// sign, integer digits, fraction digits, then one of: binary suffix | e/E exponent | decimal suffix.
const GRAMMAR = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?[0-9]+)|([numkMGTPE]?))$/;

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function sign(n: bigint): -1 | 0 | 1 {
  return n < 0n ? -1 : n > 0n ? 1 : 0;
}

/** `digits × 2^binary × 10^decimal` in nano-units, rounded up in magnitude to 1n, capped. */
function toNano(digits: bigint, binary: number, decimal: bigint): bigint {
  if (digits === 0n) return 0n;
  const len = BigInt(digits.toString().length);
  const k = decimal + 9n;
  if (k >= 0n) {
    // 10^(len-1+k) alone is above the cap (~9.2e27) once len + k > 29; 50 leaves room for 2^60.
    if (len + k > 50n) return MAX_NANO;
    const v = (digits << BigInt(binary)) * 10n ** k;
    return v > MAX_NANO ? MAX_NANO : v;
  }
  const m = -k;
  // digits × 2^60 < 10^(len+19): a divisor of 10^m with m beyond that leaves less than 1n.
  if (m > len + 20n) return 1n;
  const num = digits << BigInt(binary);
  const den = 10n ** m;
  const q = num / den;
  const v = num % den === 0n ? q : q + 1n;
  return v > MAX_NANO ? MAX_NANO : v;
}

export class Quantity {
  private constructor(
    /** The value in nano-units (10^-9): `1` is 1_000_000_000n, `1Ki` 1_024_000_000_000n. */
    readonly nano: bigint,
    /** The suffix family, which `format()` prints in. */
    readonly family: QuantityFormat,
    /** The text this quantity was parsed from (trimmed), if it was parsed. */
    readonly source?: string,
  ) {}

  /**
   * Parses a quantity as the API server does (`resource.ParseQuantity` after the JSON
   * decoder's trimming), or a YAML number (`cpu: 0.5`, `memory: 1e3`). Undefined when the text
   * is not a quantity (`1.5.5`, `10 Mi`, `abc`, `1K`, empty).
   */
  static parse(input: string | number): Quantity | undefined {
    let text: string;
    if (typeof input === 'number') {
      if (!Number.isFinite(input)) return undefined;
      text = String(input); // shortest round-trip form, as Go's JSON encoder writes it: 0.1, 1e-7, 1e+21
    } else if (typeof input === 'string') {
      text = input.trim();
    } else {
      return undefined;
    }
    const m = GRAMMAR.exec(text);
    if (!m) return undefined;
    const [, signText, int, frac = '', bin, exp, dec] = m;
    if (int === '' && frac === '') return undefined;
    let decimal: bigint;
    let binary = 0;
    let family: QuantityFormat;
    if (bin !== undefined) {
      binary = BINARY_EXP[bin];
      decimal = 0n;
      family = 'BinarySI';
    } else if (exp !== undefined) {
      decimal = BigInt(exp);
      if (abs(decimal) > MAX_EXPONENT) return undefined; // strconv.ParseInt(…, 64) fails
      family = 'DecimalExponent';
    } else {
      decimal = BigInt(DECIMAL_EXP[dec ?? '']);
      family = 'DecimalSI';
    }
    const nano = toNano(BigInt(int + frac || '0'), binary, decimal - BigInt(frac.length));
    return new Quantity(signText === '-' ? -nano : nano, family, text);
  }

  /** A quantity from a nano-unit count (no source: it prints with `format()`). */
  static fromNano(nano: bigint, family: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(nano, family);
  }

  static zero(family: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(0n, family);
  }

  static compare(a: Quantity, b: Quantity): -1 | 0 | 1 {
    return sign(a.nano - b.nano);
  }

  /** The largest of the quantities (the first of equals), or undefined for none. */
  static max(...qs: Quantity[]): Quantity | undefined {
    return qs.reduce<Quantity | undefined>((best, q) => (!best || q.nano > best.nano ? q : best), undefined);
  }

  /** The sum of the quantities (zero for none). */
  static sum(...qs: Quantity[]): Quantity {
    return qs.reduce((acc, q) => acc.add(q), Quantity.zero());
  }

  compare(other: Quantity): -1 | 0 | 1 {
    return Quantity.compare(this, other);
  }

  equals(other: Quantity): boolean {
    return this.nano === other.nano;
  }

  /**
   * The family of a result: a zero operand takes the other's, equal families stay, mixed ones
   * print as decimal SI (`128Mi + 64Mi` = `192Mi`; `100m + 1` = `1100m`).
   */
  private static familyOf(a: Quantity, b: Quantity): QuantityFormat {
    if (a.nano === 0n) return b.family;
    if (b.nano === 0n || a.family === b.family) return a.family;
    return 'DecimalSI';
  }

  add(other: Quantity): Quantity {
    return new Quantity(this.nano + other.nano, Quantity.familyOf(this, other));
  }

  sub(other: Quantity): Quantity {
    return new Quantity(this.nano - other.nano, Quantity.familyOf(this, other));
  }

  /** The larger of the two (this one when equal), kept as it is (its source too). */
  max(other: Quantity): Quantity {
    return other.nano > this.nano ? other : this;
  }

  isZero(): boolean {
    return this.nano === 0n;
  }

  isNegative(): boolean {
    return this.nano < 0n;
  }

  /**
   * Kubernetes' canonical form (`Quantity.String()` of a computed value) in this quantity's
   * family: `1100m`, `300m`, `1`, `2k`, `640Mi`, `1e3`. A binary value below 1Ki or not a whole
   * number prints as decimal SI (`512`, `1536`, `500m`), as Kubernetes does.
   */
  format(): string {
    const n = this.nano;
    if (n === 0n) return '0';
    const neg = n < 0n ? '-' : '';
    const mag = abs(n);
    if (this.family === 'BinarySI' && mag >= 1024n * NANO && mag % NANO === 0n) {
      let units = mag / NANO;
      let exp = 0;
      while (exp < 60 && units % 1024n === 0n) {
        units /= 1024n;
        exp += 10;
      }
      return `${neg}${units}${BINARY_SUFFIX.get(exp)}`;
    }
    // mantissa × 10^exp with exp a multiple of 3 and no factor of 1000 left in the mantissa.
    let mantissa = mag;
    let exp = -9;
    while (mantissa % 1000n === 0n) {
      mantissa /= 1000n;
      exp += 3;
    }
    if (this.family === 'DecimalExponent') return `${neg}${mantissa}${exp === 0 ? '' : `e${exp}`}`;
    const suffix = DECIMAL_SUFFIX.get(exp);
    if (suffix !== undefined) return `${neg}${mantissa}${suffix}`;
    // Beyond E (only reachable by adding capped values): shift the surplus into the mantissa.
    return `${neg}${mantissa * 10n ** BigInt(exp - 18)}E`;
  }

  /**
   * The value in base units as a JavaScript number (`1100m` → 1.1, `640Mi` → 671088640): the
   * nearest double, for drawing to scale. Arithmetic stays on the exact quantity.
   */
  toNumber(): number {
    return Number(this.nano / NANO) + Number(this.nano % NANO) / 1e9;
  }

  /** The text as the user wrote it when parsed, else the canonical `format()`. */
  toString(): string {
    return this.source ?? this.format();
  }
}
