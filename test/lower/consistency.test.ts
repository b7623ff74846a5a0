// Brian2's own consistency properties of state updaters (brian2/tests/test_stateupdaters.py), on the
// lowered code: a model with and without a subexpression gives identical results; `(unless refractory)`
// without spikes changes nothing; with randn() fixed to 0.5, pure noise reaches its analytic value.

import { describe, expect, it } from 'vitest';
import { lowerGroup, simulate } from '../helpers/lowering.js';

const METHODS = ['exact', 'euler', 'rk2', 'rk4', 'heun', 'milstein', 'exponential_euler'];

const PRELUDE = `
defaultclock.dt = 0.1*ms
tau = 10*ms
tau_e = 5*ms
E_e = 0*mV
E_L = -70*mV
`;

describe.each(METHODS)('%s', (method) => {
  // The subexpression is substituted as a parenthesised whole (Brian2 goes through sympy, which
  // normalises both forms to the same expression; we keep the written order of operations).
  it('gives identical results with and without a subexpression', () => {
    const inline = lowerGroup(`${PRELUDE}
G = NeuronGroup(3, '''dv/dt = (E_L - v + (k*(E_e - v) + w))/tau : volt
dw/dt = -w/tau_e : volt
k : 1''', method='${method}')
run(1*ms)`);
    const withSub = lowerGroup(`${PRELUDE}
G = NeuronGroup(3, '''dv/dt = (E_L - v + I_syn)/tau : volt
I_syn = k*(E_e - v) + w : volt
dw/dt = -w/tau_e : volt
k : 1''', method='${method}')
run(1*ms)`);
    expect(inline.group.method.name).toBe(method);
    expect(withSub.group.update).toEqual(inline.group.update);
    const init = { v: [-0.07, -0.06, -0.055], w: [0.005, 0.01, 0.02], k: [0.1, 0.5, 2] };
    const a = simulate(inline.group, inline.model, { steps: 50, init, record: ['v', 'w'] });
    const b = simulate(withSub.group, withSub.model, { steps: 50, init, record: ['v', 'w'] });
    expect(b.trace).toEqual(a.trace);
    expect(a.trace.v![49]).not.toEqual(a.trace.v![0]);
  });

  it('`(unless refractory)` without spikes changes nothing', () => {
    // a linear model, so that exact integrates it too
    const model = (flag: string) => `${PRELUDE}
G = NeuronGroup(3, '''dv/dt = (E_L - v + w)/tau : volt ${flag}
dw/dt = -w/tau_e : volt''', threshold='v > 1*volt', reset='v = E_L', refractory=5*ms, method='${method}')
run(1*ms)`;
    const plain = lowerGroup(model(''));
    const flagged = lowerGroup(model('(unless refractory)'));
    const init = { v: [-0.07, -0.06, -0.055], w: [0.01, 0.02, -0.01] };
    const a = simulate(plain.group, plain.model, { steps: 60, init, record: ['v', 'w'] });
    const b = simulate(flagged.group, flagged.model, { steps: 60, init, record: ['v', 'w'] });
    expect(a.spikes).toEqual([]);
    expect(b.trace).toEqual(a.trace);
  });
});

describe('pure noise with randn() fixed to 0.5', () => {
  it.each(['euler', 'heun', 'milstein', null])('reaches 10·sqrt(dt)·σ·0.5 after 10 steps (method %s)', (method) => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
sigma = 3*mV/sqrt(ms)
G = NeuronGroup(2, 'dv/dt = sigma*xi : volt'${method ? `, method='${method}'` : ''})
run(1*ms)`);
    if (!method) expect(group.method.name).toBe('euler');
    const r = simulate(group, model, { steps: 10, randn: () => 0.5 });
    const sigma = 3e-3 / Math.sqrt(1e-3);
    const expected = 10 * Math.sqrt(1e-4) * sigma * 0.5;
    for (const v of r.state.v!) expect(Math.abs(v - expected)).toBeLessThanOrEqual(1e-12 * expected);
  });
});
