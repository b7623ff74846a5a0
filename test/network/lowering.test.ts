// Lowering of networks: Brian2's schedule of synaptic objects, the vectorisation Brian2's numpy target
// chooses for pathway code, summed variables, event-driven equations and PoissonInput draws.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import type { LoweredModel, LStmt } from '../../src/3-lower/lowered.js';
import { poissonInputDraw } from '../../src/3-lower/inputs.js';
import { vectorisationOf } from '../../src/3-lower/synapses.js';
import { couplings } from '../../src/3-lower/integrators/exact.js';
import { num, sym } from '../../src/symbolic/expr.js';
import { printExpr } from '../../src/symbolic/print.js';

function lower(script: string): LoweredModel {
  const r = compile('model.py', `from brian2 import *\n${script}\nrun(1*ms)\n`, 'lower');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => d.message).join('; '));
  return r.lowered!;
}

const stmt = (target: string, op: LStmt['op'], expr: LStmt['expr'], side?: 'pre' | 'post'): LStmt => (side ? { target, op, expr, side } : { target, op, expr });

describe('vectorisation of pathway code (as Brian2 numpy)', () => {
  it('runs code that writes only synaptic variables on all synapses at once', () => {
    expect(vectorisationOf([stmt('w', '=', sym('x')), stmt('x', '+=', num(1))])).toBe('together');
  });
  it('goes statement by statement when a pre/post variable is written in place', () => {
    expect(vectorisationOf([stmt('v', '+=', sym('w'), 'post'), stmt('w', '=', sym('v', 'var', 'post'))])).toBe('per-statement');
  });
  it('falls back to one synapse at a time when a written pre/post variable is read', () => {
    expect(vectorisationOf([stmt('v', '+=', { k: 'bin', op: '*', a: sym('w'), b: sym('v', 'var', 'post') }, 'post')])).toBe('per-synapse');
    expect(vectorisationOf([stmt('x', '=', sym('v', 'var', 'post')), stmt('v', '+=', num(1), 'post')])).toBe('per-synapse');
    expect(vectorisationOf([stmt('v', '%=', num(2), 'post')])).toBe('per-synapse');
  });
});

describe('schedule', () => {
  const m = lower(`G = NeuronGroup(4, '''dv/dt = -v/(10*ms) : 1
I : 1
J : 1''', threshold='v > 1', reset='v = 0')
S = Synapses(G, G, '''w : 1
I_post = w*v_pre : 1 (summed)''', on_pre='v += w', on_post='w += 1')
S.connect()
T = Synapses(G, G[2:], 'J_post = v_pre : 1 (summed)')
T.connect()
P = PoissonInput(G, 'v', 10, 5*Hz, 0.1)`);

  it('orders objects by slot, order and name as Brian2 does', () => {
    const names = m.schedule.map((e) => `${e.slot}:${e.op}:${'synapses' in e ? e.synapses : 'group' in e ? e.group : 'input' in e ? e.input : ''}`);
    expect(names).toEqual([
      'groups:summed:synapses', // order -1 (target group 0 − 1)
      'groups:update:neurongroup', // order 0, 'neurongroup_stateupdater'
      'groups:summed:synapses_1', // order 0 (a subgroup has its group's order + 1), 'synapses_1_summed...' > 'neurongroup_...'
      'thresholds:threshold:neurongroup',
      'synapses:pathway:synapses', // pre pathway, order -1
      'synapses:poisson-input:poissoninput', // order 0
      'synapses:pathway:synapses', // post pathway, order +1
      'resets:reset:neurongroup',
    ]);
  });

  it('writes summed variables of subgroup targets into their slice only', () => {
    const t = m.synapses.find((s) => s.id === 'synapses_1')!;
    expect(t.summed[0]).toMatchObject({ variable: 'J', side: 'post', target: { group: 'neurongroup', start: 2, stop: 4 } });
  });
});

describe('event-driven equations', () => {
  it('are solved exactly over t - lastupdate, each independent part on its own, then lastupdate = t', () => {
    const m = lower(`G = NeuronGroup(2, 'dv/dt = -v/(10*ms) : 1', threshold='v > 1', reset='v = 0')
S = Synapses(G, G, '''w : 1
da/dt = -a/(5*ms) : 1 (event-driven)
db/dt = -b/(7*ms) : 1 (event-driven)''', on_pre='''a += 1
w += b''')
S.connect()`);
    const lines = m.synapses[0]!.pathways[0]!.statements.map((s) => `${s.target} ${s.op} ${printExpr(s.expr)}`);
    expect(lines.slice(0, 4)).toEqual(['_a = exp(-200*(t - lastupdate))*a', '_b = exp(-142.85714285714286*(t - lastupdate))*b', 'a = _a', 'b = _b']);
    expect(lines.slice(-1)).toEqual(['lastupdate = t']);
  });
});

describe('conditional writes', () => {
  it("guard synaptic writes to (unless refractory) variables with the target's not_refractory", () => {
    const m = lower(`G = NeuronGroup(2, 'dv/dt = -v/(10*ms) : 1 (unless refractory)', threshold='v > 1', reset='v = 0', refractory=2*ms)
S = Synapses(G, G, on_pre='v_post += 0.5')
S.connect()`);
    const s = m.synapses[0]!.pathways[0]!.statements[0]!;
    expect(s.where).toEqual(sym('not_refractory', 'var', 'post'));
    expect(m.groups[0]!.kind === 'NeuronGroup' && m.groups[0]!.conditionalWrite).toEqual(['v']);
  });
});

describe('PoissonInput draws', () => {
  it("uses Brian2's normal approximation only when n·p > 5 and n·(1−p) > 5", () => {
    expect(poissonInputDraw(400, 1e-3)).toEqual({ kind: 'binomial', n: 400, p: 1e-3 });
    const d = poissonInputDraw(10000, 0.01);
    expect(d.kind).toBe('normal');
    expect(d.kind === 'normal' && d.loc).toBeCloseTo(100);
  });
});

describe('exact propagators', () => {
  it('know which entries of expm(M dt) are zero from the couplings of M', () => {
    // v depends on ge and gi; ge and gi only on themselves (CUBA)
    const M = [
      [sym('a'), sym('b'), sym('c')],
      [num(0), sym('d'), num(0)],
      [num(0), num(0), sym('e')],
    ];
    expect(couplings(M)).toEqual([
      [true, true, true],
      [false, true, false],
      [false, false, true],
    ]);
  });
});
