// Arrays longer than the inline limit are written to engine/data/*.npy; every module that reads one
// (neuron-group initialisations in simulation.py, SpikeGeneratorGroup, PoissonGroup, Synapses,
// TimedArray, StateMonitor indices) must be able to load it when the project runs.

import { describe, expect, it } from 'vitest';
import { withSimulation } from '../helpers/python.js';

const N = 300;
const MODEL = `from brian2 import *
import numpy as np
N = ${N}
P = PoissonGroup(N, rates=np.linspace(1, 300, N)*Hz)
ta = TimedArray(np.linspace(0, 1, 400), dt=0.1*ms)
G = NeuronGroup(N, 'dv/dt = (ta(t) - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
SG = SpikeGeneratorGroup(N, np.arange(N), np.arange(N)*0.1*ms)
S = Synapses(SG, G, 'w : 1', on_pre='v_post += w')
S.connect(i=np.arange(N), j=np.arange(N)[::-1])
S.w = np.linspace(0, 2, N)
G.v = np.linspace(0, 0.5, N)
M = StateMonitor(G, 'v', record=np.arange(250))
run(1*ms)
`;

describe('arrays written to data/', () => {
  it('are loaded by every kind of module and the project steps', async () => {
    const r = await withSimulation<{ rates: number[]; sg: number[]; w: number[]; v0: number; steps: number }>(
      MODEL,
      `rates = sim.poissongroup.rates.tolist()
sg = sim.spikegeneratorgroup._neuron_index.tolist()
w = sim.synapses.w.tolist()
v0 = float(sim.neurongroup.v[299])
for _ in range(10):
    sim.step()
print(json.dumps({"rates": rates, "sg": sg, "w": w, "v0": v0, "steps": sim.step_index}))`,
    );
    expect(r.rates).toHaveLength(N);
    expect(r.rates[N - 1]).toBeCloseTo(300, 12);
    expect(r.sg).toEqual(Array.from({ length: N }, (_, k) => k));
    expect(r.w).toHaveLength(N);
    expect(r.w[N - 1]).toBeCloseTo(2, 12);
    expect(r.v0).toBeCloseTo(0.5, 12);
    expect(r.steps).toBe(10);
  });
});
