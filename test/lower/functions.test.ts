// Every function and constant Brian2 code may use goes through the lowering and evaluates as Brian2
// defines it; `(shared)`, `(constant)` and `(constant over dt)` behave as in Brian2.

import { describe, expect, it } from 'vitest';
import { printExpr } from '../../src/symbolic/print.js';
import { closeRel, lowerGroup, simulate, statementFor } from '../helpers/lowering.js';

describe('functions and constants', () => {
  it('accepts exp, log, log10, expm1, exprel, log1p, sqrt, trigonometric, hyperbolic, abs, sign, ceil, floor, clip, int, pi, e, inf', () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
G = NeuronGroup(2, '''dx/dt = (a + b + c + d)/second : 1
a = exp(y) + log(2 + y) + log10(3 + y) + expm1(y) + exprel(y) + log1p(y) + sqrt(2 + y) : 1
b = sin(y) + cos(y) + tan(y) + sinh(y) + cosh(y) + tanh(y) + arcsin(y/2) + arccos(y/2) + arctan(y) : 1
c = abs(y) + sign(y) + ceil(y) + floor(y) + clip(y, -0.1, 0.2) + int(y*3) : 1
d = pi + e + int(inf > y) + timestep(0.35*ms, dt) : 1
y : 1''', method='euler')
run(1*ms)`);
    const r = simulate(group, model, { steps: 1, init: { y: [0.37, -0.61] }, record: ['x'] });
    const ref = (y: number) => {
      const a = Math.exp(y) + Math.log(2 + y) + Math.log10(3 + y) + Math.expm1(y) + Math.expm1(y) / y + Math.log1p(y) + Math.sqrt(2 + y);
      const b = Math.sin(y) + Math.cos(y) + Math.tan(y) + Math.sinh(y) + Math.cosh(y) + Math.tanh(y) + Math.asin(y / 2) + Math.acos(y / 2) + Math.atan(y);
      const c = Math.abs(y) + Math.sign(y) + Math.ceil(y) + Math.floor(y) + Math.min(Math.max(y, -0.1), 0.2) + Math.trunc(y * 3);
      const d = Math.PI + Math.E + 1 + 3;
      return 1e-4 * (a + b + c + d);
    };
    expect(closeRel(r.state.x![0]!, ref(0.37))).toBe(true);
    expect(closeRel(r.state.x![1]!, ref(-0.61))).toBe(true);
  });

  it('gives e, pi and inf their Brian2 values even when the script has a variable of that name', () => {
    const { group } = lowerGroup(`
e = 5
G = NeuronGroup(1, 'dv/dt = -e*v/second : 1', method='euler')
run(1*ms)`);
    expect(printExpr(statementFor(group, '_v').expr)).toContain('2.718281828459045');
  });
});

describe('(shared), (constant) and (constant over dt)', () => {
  it('computes (constant over dt) subexpressions once per step before start, dependencies first', () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
G = NeuronGroup(2, '''dv/dt = (y - v)/(1*ms) : 1
y = 2*x + z : 1 (constant over dt)
x = rand() : 1 (constant over dt)
z = 3*rand() : 1 (constant over dt)''', method='euler')
run(1*ms)`);
    expect(group.constantOverDt.map((s) => s.target)).toEqual(['x', 'z', 'y']);
    const draws = [0.1, 0.2, 0.3, 0.4];
    let k = 0;
    const r = simulate(group, model, { steps: 1, rand: () => draws[k++]! });
    // x draws for both neurons, then z: y = 2*x + 3*z with the values of this step
    expect(r.state.y![0]).toBeCloseTo(2 * 0.1 + 3 * 0.3, 15);
    expect(r.state.y![1]).toBeCloseTo(2 * 0.2 + 3 * 0.4, 15);
    expect(r.state.v![0]).toBeCloseTo(0.1 * (2 * 0.1 + 3 * 0.3), 15);
  });

  it('keeps a (shared, constant) parameter and a (shared) subexpression of shared values', () => {
    const { group } = lowerGroup(`
defaultclock.dt = 0.1*ms
G = NeuronGroup(2, '''dv/dt = (s - v)/(1*ms) : 1
c : 1 (shared, constant)
s = 2*c : 1 (shared)''', method='exact')
run(1*ms)`);
    expect(group.variables.find((v) => v.name === 'c')!.shared).toBe(true);
    expect(group.subexpressions.s!.shared).toBe(true);
    // c is constant for a segment: the exact propagator is computed once, B = 2*c/ms is read each step
    expect(group.hoisted.map((h) => (h.kind === 'assign' ? h.name : 'propagator'))).toEqual(['_A_v', '_Phi_v']);
  });
});
