// Interval arithmetic for the range analysis: sums and products of intervals, bounds of polynomials
// over the ranges of their registers.

import type { Interval } from './fixed.js';
import { vvalues, type Poly, type Vec } from './poly.js';

export const point = (x: number): Interval => ({ lo: x, hi: x });

export function hull(...xs: (Interval | null | undefined)[]): Interval {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (!x) continue;
    lo = Math.min(lo, x.lo);
    hi = Math.max(hi, x.hi);
  }
  return { lo, hi };
}

export function ofValues(values: Iterable<number>): Interval {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return { lo, hi };
}

export const ofVec = (v: Vec): Interval => ofValues(vvalues(v));

export const iadd = (a: Interval, b: Interval): Interval => ({ lo: a.lo + b.lo, hi: a.hi + b.hi });

export function imul(a: Interval, b: Interval): Interval {
  const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi].map((x) => (Number.isNaN(x) ? 0 : x));
  return { lo: Math.min(...p), hi: Math.max(...p) };
}

export function ipow(a: Interval, p: number): Interval {
  if (p === 0) return point(1);
  if (p % 2 === 1 || a.lo >= 0) return { lo: Math.min(a.lo ** p, a.hi ** p), hi: Math.max(a.lo ** p, a.hi ** p) };
  if (a.hi <= 0) return { lo: a.hi ** p, hi: a.lo ** p };
  return { lo: 0, hi: Math.max(a.lo ** p, a.hi ** p) };
}

export const maxAbs = (a: Interval): number => Math.max(Math.abs(a.lo), Math.abs(a.hi));

export const isEmpty = (a: Interval): boolean => !(a.lo <= a.hi);

/** Bounds of a polynomial given the ranges of its factors (a flag factor is 0 or 1). */
export function polyRange(p: Poly, range: (factor: string) => Interval): Interval {
  let out = point(0);
  for (const m of p.values()) {
    let term = ofVec(m.coef);
    for (const [name, power] of m.factors) term = imul(term, ipow(range(name), power));
    out = iadd(out, term);
  }
  return out;
}
