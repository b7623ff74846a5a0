// The fixed-point pass in pieces: number formats, range analysis, refusals located in the script, the
// choice between Lava's LIF and a generated program, weights, TimedArray indexing, and the integer
// printer. The end-to-end runs are in loihi2-conformance.test.ts and loihi2-synapses.test.ts.

import { describe, expect, it } from 'vitest';
import { compileLoihi } from '../src/4-targets/loihi2/compile.js';
import { fitLif } from '../src/4-targets/loihi2/fixed-point/lif.js';
import { exponentFor, quantizeMultiplier, signedBits } from '../src/4-targets/loihi2/fixed-point/quantize.js';
import { quantizeWeights } from '../src/4-targets/loihi2/fixed-point/synapses.js';
import { roundHalfEven, timedArrayFunctions } from '../src/4-targets/loihi2/fixed-point/timed-array.js';
import { fxNumpy, fxText } from '../src/4-targets/loihi2/fx-printer.js';
import type { FxExpr } from '../src/4-targets/loihi2/fixed-point/fixed.js';

const HEAD = 'from brian2 import *\ndefaultclock.dt = 0.1*ms\n';

function loihi(body: string) {
  return compileLoihi('model.py', HEAD + body);
}

function errors(body: string) {
  return loihi(body)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ line: d.span?.line, col: d.span?.col, message: d.message }));
}

describe('number formats', () => {
  it('gives a register the finest exponent that holds its range with one bit of headroom', () => {
    // 70 mV with headroom 2 needs 0.14 V < 2^23 · 2^-25 = 0.25 V.
    expect(exponentFor(0.07, 'proven')).toBe(-25);
    expect(exponentFor(0.13, 'proven')).toBe(-24);
    expect(exponentFor(0, 'proven')).toBeNull();
    expect(signedBits(-1)).toBe(1);
    expect(signedBits(127)).toBe(8);
    expect(signedBits(-128)).toBe(8);
  });

  it('writes a decay as 1 + mantissa >> shift, with two 12-bit limbs when one is not enough', () => {
    const q = quantizeMultiplier(Math.exp(-0.01));
    expect(q.k0).toBe(1);
    expect(q.limbs).toBe(2);
    expect(Math.abs(q.m)).toBeLessThan(2 ** 24);
    expect(q.relError).toBeLessThan(2 ** -20);
    expect(q.value).toBeCloseTo(Math.exp(-0.01), 9);
    const half = quantizeMultiplier(0.375);
    expect(half).toMatchObject({ k0: 0, limbs: 1, relError: 0 });
    expect(half.m * 2 ** -half.s).toBe(0.375);
    expect(quantizeMultiplier(3)).toMatchObject({ k0: 3, m: 0, relError: 0 });
  });
});

describe('range analysis and integer code', () => {
  it('bounds a leaky integrator by its initial value and its equilibrium, and proves it', () => {
    const r = loihi("G = NeuronGroup(2, 'dv/dt = (I - v)/(10*ms) : volt\\nI : volt', method='exact')\nG.I = [0.2, 0.5]*volt\nrun(1*ms)\n");
    const v = r.fixed!.groups[0]!.registers.find((x) => x.name === 'v')!;
    expect(v.bound).toBe('proven');
    expect(v.range.lo).toBe(0);
    expect(v.range.hi).toBeCloseTo(0.5, 12);
    expect(v.exp).toBe(exponentFor(0.5, 'proven'));
  });

  it('bounds a threshold that jumps at spikes by what can reach it (adaptive threshold)', () => {
    const r = loihi(
      "G = NeuronGroup(1, 'dv/dt = (0.03*volt - v)/(15*ms) : volt\\ndth/dt = (0.01*volt - th)/(60*ms) : volt', threshold='v > th', reset='v = 0*volt\\nth += 0.004*volt', method='exact')\nG.th = 0.01*volt\nrun(1*ms)\n",
    );
    const th = r.fixed!.groups[0]!.registers.find((x) => x.name === 'th')!;
    expect(th.range.hi).toBeCloseTo(0.034, 12);
    expect(th.why.join(' ')).toContain('gated by the threshold');
    // Registers compared with each other share one format.
    expect(th.exp).toBe(r.fixed!.groups[0]!.registers.find((x) => x.name === 'v')!.exp);
  });

  it('compiles refractoriness to a step counter and an exact threshold comparison', () => {
    const r = loihi(
      "G = NeuronGroup(1, 'dv/dt = -v/(10*ms) : volt (unless refractory)', threshold='v > 0.5*volt', reset='v = 0*volt', refractory=2*ms, method='exact')\nrun(1*ms)\n",
    );
    const g = r.fixed!.groups[0]!;
    expect(g.onSpike.find((s) => s.target === '_refractory_left')!.expr).toEqual({ k: 'int', v: 20 });
    expect(fxText(g.threshold!)).toBe(`(v > ${0.5 * 2 ** -g.registers.find((x) => x.name === 'v')!.exp}) and (not_refractory)`);
  });

  it('streams a function of time from the host (TimedArray) and keeps the state update in registers', () => {
    const r = loihi(
      "ta = TimedArray([0.0, 1.0]*volt, dt=1*ms)\nG = NeuronGroup(1, 'dv/dt = (ta(t) - v)/(10*ms) : volt', threshold='v > 0.5*volt', reset='v = 0*volt', method='exact')\nrun(2*ms)\n",
    );
    const g = r.fixed!.groups[0]!;
    expect(g.inputs).toHaveLength(1);
    const inp = g.inputs[0]!;
    expect(inp.values.slice(0, 10).every((x) => x === 0)).toBe(true);
    expect(inp.values.slice(10).every((x) => x === inp.values[10] && x > 0)).toBe(true);
  });

  it('multiplies registers for polynomial models (Izhikevich v**2)', () => {
    const r = loihi(
      "G = NeuronGroup(1, 'dv/dt = (0.04/mV*v**2 + 5*v + 140*mV)/ms : volt', threshold='v >= 30*mV', reset='v = -65*mV', method='euler')\nG.v = -65*mV\nrun(1*ms)\n",
    );
    const g = r.fixed!.groups[0]!;
    expect(JSON.stringify(g.update)).toContain('"k":"mul"');
    expect(g.registers.find((x) => x.name === 'v')!.bound).toBe('estimated');
  });
});

describe('refusals name the term and its line', () => {
  it('refuses a function of a state variable', () => {
    expect(errors("G = NeuronGroup(1, '''dv/dt = -v/(10*ms) : 1\nda/dt = exp(v)/ms : 1''', method='euler')\nrun(1*ms)\n")).toEqual([
      {
        line: 4,
        col: 9,
        message:
          "'exp(v)' cannot be represented on Loihi 2: exp() of the state variable v needs a function unit; Loihi 2's neurons compute only sums, products, shifts and comparisons",
      },
    ]);
  });

  it('refuses a division by a state variable', () => {
    const e = errors("G = NeuronGroup(1, 'dv/dt = 1/(v*ms + 1*ms) : 1', method='euler')\nrun(1*ms)\n");
    expect(e).toHaveLength(1);
    expect(e[0]!.line).toBe(3);
    expect(e[0]!.message).toMatch(/division by .*v.*has no fixed-point form/);
  });

  it('draws rand() initial values at conversion time, and refuses poisson() where it is set', () => {
    const r = loihi("G = NeuronGroup(2, 'dv/dt = -v/(10*ms) : 1', method='exact')\nG.v = 'rand()'\nrun(1*ms)\n");
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.fixed!.report.random!.draws).toEqual([{ line: 4, col: 1, what: 'G.v', draws: 2 }]);
    const e = errors("G = NeuronGroup(2, 'dv/dt = -v/(10*ms) : 1', method='exact')\nG.v = 'poisson(3)'\nrun(1*ms)\n");
    expect(e).toEqual([{ line: 4, col: 1, message: expect.stringContaining('draws Poisson numbers (poisson())') }]);
  });

  it('maps Synapses instead of dropping them', () => {
    const r = loihi(
      "G = NeuronGroup(2, 'dv/dt = (1.5 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')\nS = Synapses(G, G, on_pre='v_post += 1')\nS.connect(i=0, j=1)\nrun(1*ms)\n",
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.fixed!.projections).toMatchObject([{ pre: [0], post: [1], delays: [0] }]);
  });
});

describe("Lava's LIF or a generated program", () => {
  const shape = (a: number, b: number[]) => ({
    variable: 'v',
    a,
    b,
    op: '>' as const,
    theta: 1,
    reset: 0,
    initial: b.map(() => 0),
    range: { lo: 0, hi: Math.max(...b.map((x) => x / (1 - a))) },
  });

  it("takes Lava's LIF when the decay is on its 4096 grid", () => {
    const fit = fitLif(shape(1 - 1 / 128, [1.5 / 128, 2 / 128]), 1000);
    expect('why' in fit).toBe(false);
    if ('why' in fit) return;
    expect(fit.params.dv).toBe(32);
    expect(fit.decayError).toBe(0);
    expect(fit.drift).toBeLessThan(0.25);
  });

  it('predicts the drift of an off-grid decay (tau = 10 ms at 0.1 ms: dv 40.76 → 41)', () => {
    const a = Math.exp(-0.01);
    const fit = fitLif(shape(a, [1.25 * (1 - a)]), 1500);
    if ('why' in fit) throw new Error(fit.why);
    expect(fit.params.dv).toBe(41);
    expect(fit.decayError).toBeCloseTo(0.006, 3);
    expect(fit.drift).toBeGreaterThan(5);
  });
});

describe('synaptic weights', () => {
  it('makes equal weights exact: 8-bit integers times a 24-bit scale', () => {
    const q = quantizeWeights([1.1, 1.1, 1.1]);
    expect(q.mode).toBe('excitatory');
    expect(new Set(q.ints).size).toBe(1);
    expect(q.ints[0]! * q.scale).toBeCloseTo(1.1, 14);
    expect(q.relError).toBeLessThan(1e-12);
  });

  it('finds the common step of evenly spaced weights (12: 4 mV + 2 mV·j − 0.5 mV·i)', () => {
    const w: number[] = [];
    for (let i = 0; i < 5; i++) for (let j = 0; j < 4; j++) w.push(4e-3 + 2e-3 * j - 0.5e-3 * i);
    const q = quantizeWeights(w);
    expect(Math.max(...q.ints)).toBeLessThanOrEqual(255);
    expect(q.relError).toBeLessThan(1e-12);
  });

  it('keeps irregular weights within half a step of 8 bits; mixed signs keep even integers (Lava drops the lowest bit)', () => {
    const w = [1.1, 0.3, 0.71, 0.0123];
    expect(quantizeWeights(w).relError).toBeLessThanOrEqual(1 / 256);
    const mixed = quantizeWeights([1.1, -0.5, 0.37]);
    expect(mixed.mode).toBe('mixed');
    expect(mixed.ints.every((x) => x % 2 === 0 && x >= -256 && x <= 254)).toBe(true);
    expect(mixed.relError).toBeLessThanOrEqual(1 / 254);
    expect(quantizeWeights([-0.2, -0.4]).mode).toBe('inhibitory');
  });
});

describe('TimedArray indexing at conversion time', () => {
  it("rounds like numpy (halves to even) and clips at both ends, as Brian2's numpy target", () => {
    expect(roundHalfEven(2.5)).toBe(2);
    expect(roundHalfEven(3.5)).toBe(4);
    expect(roundHalfEven(-2.5)).toBe(-2);
    const f = timedArrayFunctions(
      [{ id: 'ta', pyName: 'ta', values: [1, 2, 3], shape: [3], dim: [0, 0, 0, 0, 0, 0, 0], dt: 1e-3, span: { file: '', start: 0, end: 0, line: 1, col: 1 } }],
      1e-4,
    ).get('timedarray:ta')!;
    expect([f(0), f(0.9e-3), f(1e-3), f(2.5e-3), f(1)]).toEqual([1, 1, 2, 3, 3]);
  });
});

describe('the integer printer', () => {
  const e: FxExpr = {
    k: 'shift',
    a: {
      k: 'sum',
      terms: [
        { k: 'mulc', a: { k: 'reg', name: 'v' }, m: { k: 'int', v: 253 }, s: { k: 'int', v: 0 } },
        { k: 'mulc', a: { k: 'reg', name: 'v' }, m: { k: 'table', name: 'm0' }, s: { k: 'int', v: 25 } },
        { k: 'table', name: 'b' },
      ],
    },
    s: -8,
  };
  it('prints numpy with rounding shifts and the explain notation', () => {
    const names = { reg: (n: string) => n, table: (n: string) => `self.${n}`, input: (n: string) => `in_${n}` };
    expect(fxNumpy(e, names)).toBe('_rshift(((v * 253) + _rshift(v * self.m0, 25) + self.b), 8)');
    expect(fxText(e)).toBe('((v*253 + (v*m0[i] >> 25) + b[i]) >> 8)');
  });
});
