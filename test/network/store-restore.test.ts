// store()/restore() in the generated project: every object's state, spike queues and monitors go back;
// the random generator only with restore_random_state=True (as in Brian2).

import { describe, expect, it } from 'vitest';
import { withSimulation } from '../helpers/python.js';

const MODEL = (restoreArgs: string) => `from brian2 import *
P = PoissonGroup(20, rates=200*Hz)
G = NeuronGroup(2, 'v : 1')
S = Synapses(P, G, on_pre='v_post += 1', delay=2*ms)
S.connect()
M = SpikeMonitor(P)
store()
run(5*ms)
restore(${restoreArgs})
run(5*ms)
`;

const RUN = `
for _ in range(sim._segments[0][0] + sim._segments[1][0]):
    sim.step()
m = sim.monitors['M']
print(json.dumps({"n": int(sum(len(x) for x in m._i)), "t_end": sim.step_index, "v": sim.neurongroup.v.tolist(), "queued": len(sim.synapses._queue_pre.queue)}))`;

describe('store and restore', () => {
  it('put back time, variables, monitors and queued spikes; the random generator continues', async () => {
    const r = await withSimulation<{ n: number; t_end: number; v: number[]; queued: number }>(MODEL(''), RUN);
    expect(r.t_end).toBe(50);
    // Only the spikes of the second run remain in the monitor; v counts the events delivered in it.
    expect(r.v[0]).toBe(r.v[1]);
    expect(r.n).toBeGreaterThan(r.v[0]!);
  });

  it('repeat the same random draws with restore_random_state=True', async () => {
    const code = `
steps = sim._segments[0][0]
for _ in range(steps):
    sim.step()
first = [a.tolist() for a in sim.monitors['M']._i]
for _ in range(steps):
    sim.step()
second = [a.tolist() for a in sim.monitors['M']._i]
print(json.dumps([first, second]))`;
    const [first, second] = await withSimulation<number[][][]>(MODEL('restore_random_state=True'), code);
    expect(first!.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
  });
});
