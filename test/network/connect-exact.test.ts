// A seeded script's random connectivity is Brian2's, synapse for synapse: every connect() form draws
// from numpy's generator what Brian2's numpy target draws (p as a number, dense and jump sampling,
// conditions tested before or after sampling, p depending on j, sample(size=...), i/j arrays with p,
// rand() in generator conditions with skip_if_invalid, i='...' generators, n > 1, a population of
// exactly 1000, the largest Brian2 samples densely), in script order.
// Brian2 itself (the managed environment has it) runs the same script.

import { describe, expect, it } from 'vitest';
import { runPython, withSimulation } from '../helpers/python.js';

const SCRIPT = `from brian2 import *
seed(77)
A = NeuronGroup(40, 'v : 1')
B = NeuronGroup(50, 'v : 1')
C = NeuronGroup(2500, 'v : 1')
D = NeuronGroup(1000, 'v : 1')
B.v = 'i*0.02'
S1 = Synapses(A, B); S1.connect(p=0.1)
S2 = Synapses(A, C); S2.connect(p=0.02)
S3 = Synapses(A, B); S3.connect(condition='i != j', p=0.3)
S4 = Synapses(A, B); S4.connect(condition='i < 5', p=0.5)
S5 = Synapses(A, B); S5.connect(p='0.5*exp(-abs(i-j)/8.0)')
S6 = Synapses(A, C); S6.connect(p='0.001 + 0.001*i')
S7 = Synapses(A, B); S7.connect(j='k for k in sample(N_post, p=0.2)')
S8 = Synapses(A, B); S8.connect(j='k for k in sample(0, N_post, 2, size=5)')
S9 = Synapses(A, B); S9.connect(i=[0, 1, 2, 3, 4, 5, 6, 7], j=[10, 20, 30, 40, 45, 49, 3, 4], p=0.6)
S10 = Synapses(A, B); S10.connect(j='k for k in range(i-3, i+3) if rand()<exp(-0.1*(i-j)**2)', skip_if_invalid=True)
S11 = Synapses(A, B); S11.connect(j='k for k in sample(N_post, p=0.3) if rand() < 0.5')
S12 = Synapses(A, B); S12.connect(i='k for k in sample(N_pre, p=0.1)')
S13 = Synapses(A, B); S13.connect(p=0.2, n=2)
S14 = Synapses(A, B); S14.connect(condition='v_post > 0.5', p=0.4)
S15 = Synapses(A, C); S15.connect(j='k for k in sample(N_post, p=0.05) if k % 3 == 0')
S16 = Synapses(A, B); S16.connect(p=0.9)
S17 = Synapses(A, D); S17.connect(p=0.05)
run(0*ms)
`;
const COUNT = 17;

describe('seeded random connectivity', () => {
  it("is Brian2's for every connect() form", async () => {
    const brian2 = await runPython<number[][][]>(`
from brian2 import prefs
prefs.codegen.target = 'numpy'
ns = {}
exec(compile(${JSON.stringify(SCRIPT)}, 'model.py', 'exec'), ns)
print(json.dumps([[[int(x) for x in ns['S%d' % k].i[:]], [int(x) for x in ns['S%d' % k].j[:]]] for k in range(1, ${COUNT + 1})]))`);
    const ours = await withSimulation<number[][][]>(
      SCRIPT,
      `
objs = [sim.synapses] + [getattr(sim, 'synapses_%d' % k) for k in range(1, ${COUNT})]
print(json.dumps([[o.i.tolist(), o.j.tolist()] for o in objs]))`,
    );
    expect(ours.length).toBe(COUNT);
    ours.forEach((pairs, k) => expect([`S${k + 1}`, pairs]).toEqual([`S${k + 1}`, brian2[k]]));
    // not all empty or full: the forms really drew
    expect(brian2.every(([i]) => i!.length > 0)).toBe(true);
  }, 120_000);
});
