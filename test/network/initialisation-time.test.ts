// Initialisation strings of synapses may read t (Brian2 evaluates them at the script's time, 0 before the
// first run): the generated init/delay methods, which are not step methods, bind it themselves.

import { describe, expect, it } from 'vitest';
import { withSimulation } from '../helpers/python.js';

const MODEL = `from brian2 import *
defaultclock.dt = 0.1*ms
G = NeuronGroup(3, 'dv/dt = -v/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
S = Synapses(G, G, 'w : 1', on_pre='v_post += w')
S.connect()
S.w = '2 + t/ms'
run(1*ms)
S.w['i > 0'] = 't/ms'
S.delay = 't'
run(1*ms)
`;

describe('t in synaptic initialisations', () => {
  it('is the time of the script at that point', async () => {
    const r = await withSimulation<{ before: number[]; after: number[]; delay: number[] }>(
      MODEL,
      `before = sim.synapses.w.tolist()
for _ in range(sim._segments[0][0] + 1):
    sim.step()
print(json.dumps({"before": before, "after": sim.synapses.w.tolist(), "delay": sim.synapses._delay_pre.tolist()}))`,
    );
    expect(r.before).toEqual(Array(9).fill(2));
    // synapses are ordered by i, then j: the first three have i = 0
    r.after.forEach((w, k) => expect(w).toBeCloseTo(k < 3 ? 2 : 1, 12));
    r.delay.forEach((d) => expect(d).toBeCloseTo(0.001, 12));
  });
});
