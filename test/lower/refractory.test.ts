// Brian2's refractoriness: counted in steps with timestep(), R steps of refractoriness ⇒ R − 1 frozen
// updates after the spike step; refractory as a time, a time expression or a boolean expression; the
// '%f' text Brian2 puts a refractory quantity into code with.

import { describe, expect, it } from 'vitest';
import { printExpr } from '../../src/symbolic/print.js';
import { brian2RefractoryLiteral, pythonFixed6 } from '../../src/3-lower/refractory.js';
import { lowerGroup, simulate, statementFor } from '../helpers/lowering.js';

/** Steps after each spike during which the state update left v at its reset value 0. */
function frozenRuns(v: number[], spikeSteps: number[]): number[] {
  // v is recorded before each step's update: the reset of step s is visible at s + 1; an update of
  // a frozen neuron leaves 0, the first real update after it makes v positive.
  return spikeSteps.map((s) => {
    let k = s + 1;
    while (k + 1 < v.length && v[k + 1] === 0) k++;
    return k - s - 1;
  });
}

const LIF = (refractory: string, extra = '') => `
defaultclock.dt = 0.1*ms
tau = 5*ms
G = NeuronGroup(3, '''dv/dt = (2 - v)/tau : 1 (unless refractory)
${extra}''', threshold='v > 1', reset='v = 0', refractory=${refractory}, method='euler')
run(1*ms)`;

describe('refractoriness in steps', () => {
  it.each([1, 2, 5, 20, 23])('R = %i steps of refractoriness gives R − 1 frozen updates', (R) => {
    const { group, model } = lowerGroup(LIF(`${R}*defaultclock.dt`));
    const r = simulate(group, model, { steps: 400, init: { v: 0.9 }, record: ['v'] });
    const v0 = r.trace.v!.map((row) => row[0]!);
    const spikeSteps = r.spikes.filter(([, k]) => k === 0).map(([s]) => s);
    expect(spikeSteps.length).toBeGreaterThan(2);
    expect(frozenRuns(v0, spikeSteps.slice(0, -1))).toEqual(spikeSteps.slice(0, -1).map(() => R - 1));
  });

  it('uses timestep(t - lastspike, dt) >= timestep(ref, dt) with the %f literal of a quantity', () => {
    const { group } = lowerGroup(LIF('2.5*ms'));
    expect(printExpr(statementFor(group, 'not_refractory').expr)).toBe('timestep(t - lastspike, dt) >= timestep(0.0025, dt)');
    // Brian2 writes '%f' % 0.0001234567 = '0.000123': the period is rounded to microseconds
    const { group: g2 } = lowerGroup(LIF('0.1234567*ms'));
    expect(printExpr(statementFor(g2, 'not_refractory').expr)).toContain('timestep(0.000123, dt)');
  });

  it('takes a time expression per neuron (evaluated in every step, no %f)', () => {
    const { group, model } = lowerGroup(LIF("'ref'", 'ref : second'));
    expect(printExpr(statementFor(group, 'not_refractory').expr)).toBe('timestep(t - lastspike, dt) >= timestep(ref, dt)');
    const r = simulate(group, model, { steps: 400, init: { v: 0.9, ref: [0.0003, 0.0012, 0.00201] }, record: ['v'] });
    for (const [k, R] of [
      [0, 3],
      [1, 12],
      [2, 20],
    ] as const) {
      const v = r.trace.v!.map((row) => row[k]!);
      const spikeSteps = r.spikes.filter(([, n]) => n === k).map(([s]) => s);
      expect(frozenRuns(v, spikeSteps.slice(0, -1))).toEqual(spikeSteps.slice(0, -1).map(() => R - 1));
    }
  });

  it('takes a boolean expression: refractory while it holds (not_refractory = not_refractory or not cond)', () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 5*ms
G = NeuronGroup(1, '''dv/dt = (2 - v)/tau : 1 (unless refractory)
dw/dt = (v - w)/(2*ms) : 1''', threshold='v > 1', reset='v = 0', refractory='w > 0.6', method='euler')
run(1*ms)`);
    expect(printExpr(statementFor(group, 'not_refractory').expr)).toBe('not_refractory or not (w > 0.6)');
    const r = simulate(group, model, { steps: 300, init: { v: 0.9, w: 0.9 }, record: ['v', 'w'] });
    const s0 = r.spikes[0]![0];
    const v = r.trace.v!.map((row) => row[0]!);
    const w = r.trace.w!.map((row) => row[0]!);
    // after the first spike v stays 0 exactly as long as w, as the step starts, is above 0.6
    let k = s0 + 1;
    while (v[k + 1] === 0) k++;
    const firstFree = k; // the step whose update moved v again
    expect(firstFree - s0).toBeGreaterThan(3);
    for (let s = s0 + 1; s < firstFree; s++) expect(w[s]!).toBeGreaterThan(0.6);
    expect(w[firstFree]!).toBeLessThanOrEqual(0.6);
  });

  it('allows rand() in a refractory expression, as Brian2 does', () => {
    const { group } = lowerGroup(LIF("'(1 + rand())*ms'"));
    expect(printExpr(statementFor(group, 'not_refractory').expr)).toContain('timestep((1 + rand())*0.001, dt)');
  });

  it('checks the threshold only for non-refractory neurons and records the spike time', () => {
    const { group } = lowerGroup(LIF('2*ms'));
    expect(printExpr(group.threshold!)).toBe('v > 1 and not_refractory');
    expect(group.onSpike.map((s) => `${s.target} = ${printExpr(s.expr)}`)).toEqual(['not_refractory = False', 'lastspike = t']);
    expect(group.variables.find((v) => v.name === 'lastspike')!.initial).toBe(-1e4);
  });

  it('applies the conditional write to run_regularly code but not to the reset', () => {
    const { group } = lowerGroup(`
defaultclock.dt = 0.1*ms
G = NeuronGroup(1, 'dv/dt = -v/(5*ms) : 1 (unless refractory)', threshold='v > 1', reset='v = 0', refractory=2*ms)
G.run_regularly('v += 0.1')
run(1*ms)`);
    const rr = group.runRegularly[0]!.statements[0]!;
    expect(rr.where).toEqual({ k: 'sym', name: 'not_refractory', role: 'var' });
    // `where` keeps the old value elsewhere, so `v += 0.1` becomes `v = v + 0.1` (no `v += v` there)
    expect(`${rr.target} ${rr.op} ${printExpr(rr.expr)}`).toBe('v = v + 0.1');
    expect(group.conditionalWrite).toEqual(['v']);
    expect(group.reset[0]!.where).toBeUndefined();
    expect(statementFor(group, 'v').where).toEqual({ k: 'sym', name: 'not_refractory', role: 'var' });
  });
});

describe("Brian2's '%f' formatting of refractory times", () => {
  // left: the double; right: Python's '%f' % value (Python 3.11)
  const cases: [number, string][] = [
    [0.005, '0.005000'],
    [0.0025, '0.002500'],
    [0.0001234567, '0.000123'],
    [3.0, '3.000000'],
    [0.00123456789, '0.001235'],
    [4e-7, '0.000000'],
    [6e-7, '0.000001'],
    [2e-6, '0.000002'],
    [5e-7, '0.000000'],
    [0.0078125, '0.007812'],
    [6.25e-5, '0.000063'],
    [0.0009765625, '0.000977'],
    [1.5e-6, '0.000002'],
    [2.50000001e-6, '0.000003'],
    [0.0020000005, '0.002000'],
    [0.1 * 0.001 * 25, '0.002500'],
  ];
  it.each(cases)('%f gives %s', (x, text) => {
    expect(pythonFixed6(x)).toBe(text);
    expect(brian2RefractoryLiteral(x)).toBe(Number(text));
  });
});
