// Exact binary floating point with BigInt, as mpmath represents its numbers: value = (-1)^sign * man * 2^exp
// with an odd mantissa. Used where sympy rounds differently from one IEEE operation (powers of Floats,
// rationals converted to Floats) and to print Floats digit for digit as mpmath does.

export interface Mpf {
  sign: 0 | 1;
  man: bigint; // odd, or 0n for zero
  exp: number;
}

export const MPF_ZERO: Mpf = { sign: 0, man: 0n, exp: 0 };

export function bitcount(n: bigint): number {
  if (n < 0n) n = -n;
  return n === 0n ? 0 : n.toString(2).length;
}

/** Strip trailing zero bits so the mantissa is odd (mpmath's normal form). */
function normalise(sign: 0 | 1, man: bigint, exp: number): Mpf {
  if (man === 0n) return MPF_ZERO;
  while ((man & 1n) === 0n) {
    man >>= 1n;
    exp += 1;
  }
  return { sign, man, exp };
}

export function fromDouble(v: number): Mpf {
  if (!Number.isFinite(v)) throw new RangeError('not a finite double');
  if (v === 0) return MPF_ZERO;
  const sign: 0 | 1 = v < 0 ? 1 : 0;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(v));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let man = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    man |= 1n << 52n;
    exp = biased - 1075;
  }
  return normalise(sign, man, exp);
}

/**
 * Round `man * 2^exp` (man > 0) to `prec` bits, to nearest with ties to even (mpmath's round_nearest).
 */
export function roundMpf(sign: 0 | 1, man: bigint, exp: number, prec: number): Mpf {
  if (man === 0n) return MPF_ZERO;
  const bc = bitcount(man);
  const shift = bc - prec;
  if (shift > 0) {
    const half = 1n << BigInt(shift - 1);
    const rem = man & ((1n << BigInt(shift)) - 1n);
    let q = man >> BigInt(shift);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    return normalise(sign, q, exp + shift);
  }
  return normalise(sign, man, exp);
}

/** The double nearest to an exact binary value (53 bits, no subnormal or overflow handling beyond JS's). */
export function toDouble(m: Mpf): number {
  if (m.man === 0n) return 0;
  const r = roundMpf(m.sign, m.man, m.exp, 53);
  // r.man < 2^53: exact as a Number; scaling by a power of two is exact unless it under/overflows.
  let v = Number(r.man);
  let e = r.exp;
  while (e > 0) {
    const k = Math.min(e, 1000);
    v *= 2 ** k;
    e -= k;
  }
  while (e < 0) {
    const k = Math.min(-e, 1000);
    v /= 2 ** k;
    e += k;
  }
  return r.sign ? -v : v;
}

/** p/q (q > 0) rounded to `prec` bits (mpmath's from_rational). */
export function fromRational(p: bigint, q: bigint, prec: number): Mpf {
  if (p === 0n) return MPF_ZERO;
  const sign: 0 | 1 = p < 0n ? 1 : 0;
  if (p < 0n) p = -p;
  // Scale so the integer quotient has prec + 3 bits, then round with the remainder as a sticky bit.
  const shift = prec + 3 - (bitcount(p) - bitcount(q));
  const num = shift >= 0 ? p << BigInt(shift) : p;
  const den = shift >= 0 ? q : q << BigInt(-shift);
  let quo = num / den;
  const rem = num % den;
  quo = (quo << 1n) | (rem !== 0n ? 1n : 0n);
  return roundMpf(sign, quo, -shift - 1, prec);
}

export function ratToDouble(p: bigint, q: bigint): number {
  return toDouble(fromRational(p, q, 53));
}

/** mpmath's mpf_pow_int with round_nearest: x**n for an integer n, as sympy's Float**Integer computes it. */
export function powInt(x: Mpf, n: bigint, prec: number): Mpf | null {
  if (n === 0n) return { sign: 0, man: 1n, exp: 0 };
  if (x.man === 0n) return n > 0n ? MPF_ZERO : null;
  if (n === 1n) return roundMpf(x.sign, x.man, x.exp, prec);
  if (n === -1n) return divide({ sign: 0, man: 1n, exp: 0 }, x, prec);
  if (n < 0n) {
    const inverse = powInt(x, -n, prec + 20);
    return inverse ? divide({ sign: 0, man: 1n, exp: 0 }, inverse, prec) : null;
  }
  const sign = (x.sign === 1 && (n & 1n) === 1n ? 1 : 0) as 0 | 1;
  if (x.man === 1n) return { sign, man: 1n, exp: x.exp * Number(n) };
  if (bitcount(x.man) * Number(n) >= 1000) return null;
  return roundMpf(sign, x.man ** n, x.exp * Number(n), prec);
}

/** a/b rounded to prec bits (mpmath's mpf_div, round_nearest). */
export function divide(a: Mpf, b: Mpf, prec: number): Mpf {
  if (a.man === 0n) return MPF_ZERO;
  const sign = (a.sign ^ b.sign) as 0 | 1;
  const q = fromRational(a.man, b.man, prec);
  return q.man === 0n ? MPF_ZERO : { sign, man: q.man, exp: q.exp + a.exp - b.exp };
}

// ------------------------------------------------------------------ printing (mpmath's to_str)

const LOG2_10 = Math.log(10) / Math.log(2);

/** mpmath's to_digits_exp: the digit string (truncated) and decimal exponent of a nonzero value. */
function toDigitsExp(s: Mpf, dps: number): { sign: string; digits: string; exponent: number } {
  const sign = s.sign ? '-' : '';
  const man = s.man;
  const exp = s.exp;
  const bc = bitcount(man);
  const bitprec = Math.trunc(dps * LOG2_10) + 10;
  if (Math.abs(exp + bc) > 3500) throw new RangeError('exponent too large to print');
  const fixprec = Math.max(bitprec - exp - bc, 0);
  const fixdps = Math.trunc(fixprec / LOG2_10 + 0.5);
  const offset = exp + fixprec;
  const sf = offset >= 0 ? man << BigInt(offset) : man >> BigInt(-offset);
  const sd = (sf * 10n ** BigInt(fixdps)) >> BigInt(fixprec);
  const digits = sd.toString();
  return { sign, digits, exponent: digits.length - fixdps - 1 };
}

/** mpmath's to_str(s, dps, strip_zeros) with the default fixed-point range. */
export function mpfToStr(s: Mpf, dps: number, stripZeros: boolean): string {
  if (s.man === 0n) return dps ? '0.0' : '.0';
  const minFixed = Math.min(-Math.trunc(dps / 3), -5);
  const maxFixed = dps;
  let { sign, digits, exponent } = toDigitsExp(s, dps + 3);
  if (!dps) {
    if ('56789'.includes(digits[0]!)) exponent += 1;
    digits = '.0';
  } else {
    if (digits.length > dps && '56789'.includes(digits[dps]!)) {
      digits = digits.slice(0, dps);
      let i = dps - 1;
      while (i >= 0 && digits[i] === '9') i -= 1;
      if (i >= 0) digits = digits.slice(0, i) + String(Number(digits[i]) + 1) + '0'.repeat(dps - i - 1);
      else {
        digits = '1' + '0'.repeat(dps - 1);
        exponent += 1;
      }
    } else digits = digits.slice(0, dps);
    let split: number;
    if (minFixed < exponent && exponent < maxFixed) {
      if (exponent < 0) {
        digits = '0'.repeat(-exponent) + digits;
        split = 1;
      } else {
        split = exponent + 1;
        if (split > dps) digits += '0'.repeat(split - dps);
      }
      exponent = 0;
    } else split = 1;
    digits = digits.slice(0, split) + '.' + digits.slice(split);
    if (stripZeros) {
      digits = digits.replace(/0+$/, '');
      if (digits.endsWith('.')) digits += '0';
    }
  }
  if (exponent === 0 && dps) return sign + digits;
  if (exponent >= 0) return `${sign}${digits}e+${exponent}`;
  return `${sign}${digits}e${exponent}`;
}

// ------------------------------------------------------------------ Python's repr of a float

/** Python's repr(float): shortest round-trip digits, exponent form outside 1e-4 <= |v| < 1e16. */
export function pythonRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  // JS gives the same shortest digits; only the layout differs.
  const [mant, e] = v.toExponential().split('e') as [string, string];
  const exp = Number(e);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}
