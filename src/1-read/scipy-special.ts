// scipy.special's error functions at build time (weight profiles such as a Gaussian normalised with erf).
// Computed here to double precision with two classic expansions, chosen so that no step loses digits to
// cancellation: for |x| < 2.5 the series erf(x) = 2/√π · e^(−x²) · Σ (2x²)^n · x / (1·3·…·(2n+1)) (every
// term positive), beyond it erfc(x) from its continued fraction (also erfc itself from 1 on) (Lentz's method). The rest of
// scipy.special stays opaque (a located refusal where the model needs it).

import type { Loc } from '../../grammars/ast.js';
import { ufunc1 } from './numpy-math.js';
import { opaqueMember, opaqueModule } from './opaque-modules.js';
import { builtin, type Value } from './values.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126;

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ 1 (converging the slower the smaller x): e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))). */
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 20000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  return ((TWO_OVER_SQRT_PI / 2) * Math.exp(-x * x)) / f;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  const r = a < 2.5 ? erfSeries(a) : 1 - erfcFraction(a);
  return x < 0 ? -r : r;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  // From 1 on, 1 − erf(x) would cancel digits (erfc(2.4) ≈ 7e−4): the continued fraction instead.
  if (x >= 1) return erfcFraction(x);
  if (x > -2.5) return 1 - erf(x);
  return 2 - erfcFraction(-x);
}

const SPECIAL: Record<string, Value> = {
  erf: builtin('erf', ufunc1('erf', erf, 'dimensionless')),
  erfc: builtin('erfc', ufunc1('erfc', erfc, 'dimensionless')),
};

/** scipy.special: erf and erfc known, the rest opaque. */
export function scipySpecialModule(loc: Loc): Value {
  const opaque = opaqueModule('scipy.special', loc) as Extract<Value, { t: 'unknown' }>;
  return { t: 'module', name: 'scipy.special', members: (n) => SPECIAL[n] ?? opaqueMember(opaque, n) };
}
