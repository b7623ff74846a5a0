// Summed variables in the generated project: each target neuron gets the sum over its synapses (0 when
// it has none), and a subgroup target leaves the rest of its group alone.

import { describe, expect, it } from 'vitest';
import { withSimulation } from '../helpers/python.js';

describe('summed variables', () => {
  it('sum per target neuron into the slice of a subgroup target only', async () => {
    const out = await withSimulation<number[]>(
      `from brian2 import *
G = NeuronGroup(6, '''v : 1
I : 1''')
G.v = 'i + 1'
G.I = -1
S = Synapses(G[:2], G[3:], '''w : 1
I_post = w*v_pre : 1 (summed)''')
S.connect(i=[0, 1, 1], j=[0, 0, 2])
S.w = [1, 10, 100]
run(1*ms)
`,
      `sim.synapses.summed_I_post(0.0)\nprint(json.dumps(sim.neurongroup.I.tolist()))`,
    );
    // neuron 3: 1*1 + 10*2; neuron 4: no synapse; neuron 5: 100*2; neurons 0-2 untouched
    expect(out).toEqual([-1, -1, -1, 21, 0, 200]);
  });
});
