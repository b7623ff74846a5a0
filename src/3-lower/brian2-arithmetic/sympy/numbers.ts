// sympy's numbers: Integer and Rational exact (BigInt), Float a 53-bit binary value whose arithmetic
// with another number rounds once (mpmath at 53 bits, round to nearest, which is IEEE double
// arithmetic). A Float result equal to zero becomes Integer 0, as Float._new does.

import { fromDouble, powInt, ratToDouble, toDouble } from './binary.js';
import { type Ex, type ExNum, Unsupported } from './expr.js';

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b) [a, b] = [b, a % b];
  return a;
}

export function rational(p: bigint, q: bigint): ExNum {
  if (q === 0n) throw new Unsupported('division by zero');
  if (q < 0n) {
    p = -p;
    q = -q;
  }
  const g = gcd(p, q);
  if (g > 1n) {
    p /= g;
    q /= g;
  }
  return q === 1n ? { t: 'int', p } : { t: 'rat', p, q };
}

export function float(v: number): ExNum {
  if (!Number.isFinite(v)) throw new Unsupported('an infinite or NaN Float');
  return v === 0 ? { t: 'int', p: 0n } : { t: 'float', v };
}

/** A Float literal as written (sympy.Float(x) keeps 0.0, unlike arithmetic results). */
export function floatLiteral(v: number): ExNum {
  if (!Number.isFinite(v)) throw new Unsupported('an infinite or NaN Float');
  return { t: 'float', v };
}

export function toNumber(n: ExNum): number {
  return n.t === 'float' ? n.v : n.t === 'int' ? Number(n.p) : ratToDouble(n.p, n.q);
}

const pq = (n: Extract<ExNum, { t: 'int' | 'rat' }>): [bigint, bigint] => (n.t === 'int' ? [n.p, 1n] : [n.p, n.q]);

export function numAdd(a: ExNum, b: ExNum): ExNum {
  if (a.t === 'float' || b.t === 'float') return float(toNumber(a) + toNumber(b));
  const [p1, q1] = pq(a);
  const [p2, q2] = pq(b);
  return rational(p1 * q2 + p2 * q1, q1 * q2);
}

export function numMul(a: ExNum, b: ExNum): ExNum {
  if (a.t === 'float' || b.t === 'float') return float(toNumber(a) * toNumber(b));
  const [p1, q1] = pq(a);
  const [p2, q2] = pq(b);
  return rational(p1 * p2, q1 * q2);
}

export function numNeg(a: ExNum): ExNum {
  if (a.t === 'float') return { t: 'float', v: -a.v };
  return a.t === 'int' ? { t: 'int', p: -a.p } : { t: 'rat', p: -a.p, q: a.q };
}

export function numSign(a: ExNum): number {
  if (a.t === 'float') return Math.sign(a.v);
  return a.p > 0n ? 1 : a.p < 0n ? -1 : 0;
}

export const isZeroNum = (a: Ex): boolean => (a.t === 'int' && a.p === 0n) || (a.t === 'float' && a.v === 0);

export function numCompare(a: ExNum, b: ExNum): number {
  if (a.t === 'float' || b.t === 'float') {
    const x = toNumber(a);
    const y = toNumber(b);
    return x > y ? 1 : x < y ? -1 : 0;
  }
  const [p1, q1] = pq(a);
  const [p2, q2] = pq(b);
  const d = p1 * q2 - p2 * q1;
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/**
 * Number**Number as sympy evaluates it, or null when sympy keeps an unevaluated power (roots that are
 * not exact, which this port refuses instead).
 */
export function numPow(b: ExNum, e: ExNum): ExNum | null {
  if (numSign(b) === 0 && e.t === 'float') {
    // Float._eval_power of zero: 0.0**x is 0.0 for x > 0
    if (e.v > 0) return { t: 'float', v: 0 };
    throw new Unsupported('zero to a non-positive Float power');
  }
  if (b.t === 'float') {
    if (e.t === 'int') {
      const r = powInt(fromDouble(b.v), e.p, 53);
      if (!r) throw new Unsupported('a Float power out of range');
      return float(toDouble(r));
    }
    if (b.v < 0) throw new Unsupported('a negative Float to a fractional power');
    // mpf_pow: correctly rounded in mpmath; Math.pow agrees but for rare last-bit cases.
    return float(b.v ** toNumber(e));
  }
  if (e.t === 'float') {
    // Rational._eval_power: Float(base)**expt
    return numPow(float(toNumber(b)) as ExNum, e) ?? null;
  }
  if (e.t === 'int') {
    const [p, q] = pq(b);
    if (e.p >= 0n) return rational(p ** e.p, q ** e.p);
    if (p === 0n) throw new Unsupported('zero to a negative power');
    return rational(q ** -e.p, p ** -e.p);
  }
  // Rational exponent: exact roots only.
  const [p, q] = pq(b);
  if (p < 0n) throw new Unsupported('a negative number to a fractional power');
  const rootP = intRoot(p, e.q);
  const rootQ = intRoot(q, e.q);
  if (rootP === null || rootQ === null) throw new Unsupported('an irrational power of a number');
  return numPow(rational(rootP, rootQ), { t: 'int', p: e.p });
}

function intRoot(x: bigint, n: bigint): bigint | null {
  if (x < 2n) return x;
  let r = BigInt(Math.round(Number(x) ** (1 / Number(n))));
  for (const c of [r - 1n, r, r + 1n]) if (c >= 0n && c ** n === x) return c;
  r = 0n;
  return null;
}
