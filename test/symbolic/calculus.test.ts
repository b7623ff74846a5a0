// The symbolic layer the integrators stand on: derivatives, linear splits (exact's M·X + B) and
// Brian2's "conditionally linear" test for exponential_euler (sympy's expand + collect, checked against
// what Brian2 2.5 accepts and refuses).

import { describe, expect, it } from 'vitest';
import { collectLinear, diff, linearIn, linearSystem } from '../../src/symbolic/calculus.js';
import { add, call, div, mul, neg, num, pow, sub, sym, type SExpr } from '../../src/symbolic/expr.js';
import { evaluate } from '../../src/symbolic/evaluate.js';
import { printExpr } from '../../src/symbolic/print.js';

const v = sym('v');
const w = sym('w');
const tau = sym('tau', 'const');
const values: Record<string, number> = { v: 0.37, w: -1.3, tau: 0.01, El: -0.07, a: 0.5 };
const at = (e: SExpr, over: Record<string, number> = {}) => evaluate(e, (n) => ({ ...values, ...over })[n]);

describe('diff', () => {
  it('differentiates the functions Brian2 code uses (checked against central differences)', () => {
    const u = div(v, num(3));
    const cases: SExpr[] = [
      call('exp', u),
      call('log', add(num(2), v)),
      call('log10', add(num(2), v)),
      call('sqrt', add(num(2), v)),
      call('sin', u),
      call('cos', u),
      call('tan', u),
      call('sinh', u),
      call('cosh', u),
      call('tanh', u),
      call('expm1', u),
      call('log1p', u),
      pow(add(num(1), v), num(3)),
      div(num(1), add(num(2), v)),
      mul(v, call('exp', neg(v))),
      pow(num(2), v),
    ];
    for (const e of cases) {
      const d = diff(e, 'v');
      expect(d, printExpr(e)).not.toBeNull();
      const h = 1e-6;
      const numeric = (at(e, { v: values.v! + h }) - at(e, { v: values.v! - h })) / (2 * h);
      expect(Math.abs(at(d!) - numeric), printExpr(e)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
    }
  });

  it('gives null for what it cannot differentiate (comparisons, clip, abs)', () => {
    expect(diff({ k: 'cmp', op: '>', a: v, b: num(0) }, 'v')).toBeNull();
    expect(diff(call('clip', v, num(0), num(1)), 'v')).toBeNull();
    expect(diff(call('abs', v), 'v')).toBeNull();
    // ...but a function of other symbols is a constant.
    expect(diff(call('abs', w), 'v')).toEqual(num(0));
  });
});

describe('linearIn and linearSystem (exact)', () => {
  it('splits (El - v)/tau into -1/tau·v + El/tau', () => {
    const r = linearIn(div(sub(sym('El', 'const'), v), tau), 'v')!;
    expect(at(r.coefficient)).toBeCloseTo(-1 / values.tau!, 9);
    expect(at(r.rest)).toBeCloseTo(values.El! / values.tau!, 9);
  });

  it('refuses v**2 and v·w as linear systems in (v, w)', () => {
    expect(linearIn(mul(v, v), 'v')).toBeNull();
    expect(linearSystem([mul(v, w), w], ['v', 'w']).ok).toBe(false);
    const ok = linearSystem([div(sub(w, v), tau), neg(div(w, tau))], ['v', 'w']);
    expect(ok.ok).toBe(true);
    if (ok.ok)
      expect(ok.M.map((row) => row.map((e) => at(e)))).toEqual([
        [-100, 100],
        [0, -100],
      ]);
  });
});

describe("collectLinear (Brian2's exponential_euler test)", () => {
  const V = sym('v');
  const accepted = (e: SExpr) => collectLinear(e, 'v').ok;
  it('accepts A·v + B with A, B free of v', () => {
    const c = collectLinear(div(sub(sym('El', 'const'), V), tau), 'v');
    expect(c.ok).toBe(true);
    if (c.ok) {
      expect(at(c.A)).toBeCloseTo(-100, 9);
      expect(at(c.B)).toBeCloseTo(-7, 9);
    }
  });
  it('accepts v inside functions and denominators, as sympy collect does', () => {
    // -v/tau + exp(v): Brian2 takes exp(v) as part of B
    expect(accepted(add(neg(div(V, tau)), call('exp', V)))).toBe(true);
    // -v/(1 + v)/tau: A = -1/((1 + v)·tau)
    const c = collectLinear(div(neg(div(V, add(num(1), V))), tau), 'v');
    expect(c.ok).toBe(true);
    if (c.ok) expect(at(c.A)).toBeCloseTo(-1 / (1.37 * 0.01), 9);
  });
  it('refuses what Brian2 refuses: v*v alone, (v + w)**2, sqrt(v), abs(v), functions of v only', () => {
    expect(accepted(mul(V, V))).toBe(false);
    expect(accepted(pow(add(V, w), num(2)))).toBe(false);
    expect(accepted(call('sqrt', V))).toBe(false);
    expect(accepted(call('abs', V))).toBe(false);
    expect(accepted(call('exp', V))).toBe(false);
  });
  it('reports the term Brian2 would silently drop (v and v**2 without a constant part)', () => {
    const c = collectLinear(add(neg(div(V, tau)), pow(V, num(2))), 'v');
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.reason).toBe('dropped');
    // with a v-free part as well there are three powers: not linear
    const d = collectLinear(add(add(neg(div(V, tau)), pow(V, num(2))), num(1)), 'v');
    expect(d).toEqual({ ok: false, reason: 'not-linear' });
  });
  it('lets cancelling terms cancel, as sympy does', () => {
    // (v + w)**2 - v**2 - w**2 = 2·v·w
    const e = sub(sub(pow(add(V, w), num(2)), pow(V, num(2))), pow(w, num(2)));
    const c = collectLinear(e, 'v');
    expect(c.ok).toBe(true);
    if (c.ok) expect(at(c.A)).toBeCloseTo(2 * values.w!, 12);
  });
});
