// Number formats: the exponent of a register from its range, and multiplier constants as an integer
// part plus a mantissa with a right shift (Loihi's decay-constant form, in 12-bit limbs).

import { HEADROOM, LIMB_BITS, MAX_LIMBS, ONE_LIMB_ACCURACY, STATE_MAX } from './limits.js';

/**
 * Exponent e of a register (value = integer · 2^e) holding values up to `maxAbs` with the headroom of
 * its bound; null when the register only ever holds zero.
 */
export function exponentFor(maxAbs: number, bound: 'proven' | 'estimated' | 'exact'): number | null {
  if (!(maxAbs > 0) || !Number.isFinite(maxAbs)) return null;
  const headroom = bound === 'exact' ? 1 : HEADROOM;
  return Math.ceil(Math.log2((maxAbs * headroom) / STATE_MAX));
}

/** Signed bits needed for an integer (sign included). */
export function signedBits(v: number): number {
  if (v === 0) return 1;
  const a = v < 0 ? -v - 1 : v;
  return a === 0 ? 1 : Math.floor(Math.log2(a)) + 2;
}

export interface Multiplier {
  /** Integer part (applied as a plain integer product). */
  k0: number;
  /** Fraction as mantissa·2^-s (m = 0 when the constant is an integer). */
  m: number;
  s: number;
  limbs: number;
  /** The value actually applied. */
  value: number;
  /** Error relative to the fractional part (what a decay's time constant depends on). */
  relError: number;
}

/** round(x) with halves away from zero, as the rounding shift of the generated code does for positives. */
function roundInt(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** Fraction r (|r| ≤ 1/2) as m·2^-s with |m| < 2^bits. */
function mantissa(r: number, bits: number): { m: number; s: number } {
  let s = bits - 1 - Math.floor(Math.log2(Math.abs(r)));
  let m = roundInt(r * 2 ** s);
  if (Math.abs(m) >= 2 ** bits) {
    s -= 1;
    m = roundInt(r * 2 ** s);
  }
  return { m, s };
}

/** A real multiplier K in Loihi form: K ≈ k0 + m·2^-s, the fraction with one or two 12-bit limbs. */
export function quantizeMultiplier(K: number): Multiplier {
  const k0 = roundInt(K);
  const r = K - k0;
  if (r === 0 || Math.abs(r) < Math.abs(K) * 2 ** -52) return { k0, m: 0, s: 0, limbs: 0, value: k0, relError: 0 };
  let best: Multiplier | null = null;
  for (let limbs = 1; limbs <= MAX_LIMBS; limbs++) {
    const { m, s } = mantissa(r, limbs * LIMB_BITS);
    const value = k0 + m * 2 ** -s;
    // Relative to the fraction: for a decay K = 1 - d the dynamics depend on d, not on K.
    const relError = Math.abs(value - K) / Math.abs(r);
    best = { k0, m, s, limbs, value, relError };
    if (relError <= ONE_LIMB_ACCURACY) break;
  }
  return best!;
}

/** Integer nearest to x (halves away from zero). */
export function toInt(x: number): number {
  return roundInt(x);
}
