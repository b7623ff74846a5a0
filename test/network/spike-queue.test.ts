// The spike queue of a pathway (templates/cpu/synaptic.py): Brian2's delay rounding, same-step delivery
// for zero delays, and the order in which events arrive.

import { describe, expect, it } from 'vitest';
import { runPython } from '../helpers/python.js';

describe('delay rounding', () => {
  it("rounds as int(delay/dt + 0.5), like Brian2's spike queue", async () => {
    const steps = await runPython<number[]>(`
import synaptic as s
print(json.dumps(s.delay_steps([0.0, 0.04e-3, 0.05e-3, 0.149e-3, 0.15e-3, 1.5e-3, 2e-3], 1e-4).tolist()))`);
    // 0.15e-3/1e-4 is 1.4999999999999998 in floating point, so it rounds down, as in Brian2.
    expect(steps).toEqual([0, 0, 1, 1, 1, 15, 20]);
  });
});

describe('Pathway', () => {
  it('delivers zero-delay events in the step of the spike, synapse by synapse of each neuron', async () => {
    const out = await runPython<(number[] | null)[]>(`
import synaptic as s
from runtime import Clock
clock = Clock('defaultclock', 1e-4)
p = s.Pathway(0, 3, True)
# synapse k belongs to presynaptic neuron pre[k]
pre = np.array([2, 0, 1, 0, 2])
p.prepare(pre, np.array(0.0), clock)
res = [p.deliver(np.array([0, 2]), 0), p.deliver(np.array([], dtype=int), 1), p.deliver(np.array([1]), 2)]
print(json.dumps([None if r is None else r.tolist() for r in res]))`);
    expect(out).toEqual([[1, 3, 0, 4], null, [2]]);
  });

  it('holds events for a homogeneous delay and merges steps in push order', async () => {
    const out = await runPython<(number[] | null)[]>(`
import synaptic as s
from runtime import Clock
clock = Clock('defaultclock', 1e-4)
p = s.Pathway(0, 2, True)
p.prepare(np.array([0, 1, 1]), np.array(2e-4), clock)
res = [p.deliver(np.array([1]), 0), p.deliver(np.array([0]), 1), p.deliver(np.array([], dtype=int), 2), p.deliver(np.array([0, 1]), 3), p.deliver(np.array([], dtype=int), 4), p.deliver(np.array([], dtype=int), 5)]
print(json.dumps([None if r is None else r.tolist() for r in res]))`);
    expect(out).toEqual([null, null, [1, 2], [0], null, [0, 1, 2]]);
  });

  it('sorts heterogeneous delays into their steps, keeping earlier pushes first', async () => {
    const out = await runPython<(number[] | null)[]>(`
import synaptic as s
from runtime import Clock
clock = Clock('defaultclock', 1e-4)
p = s.Pathway(0, 2, True)
# synapses 0, 1 from neuron 0 (delays 2 and 0 steps), 2, 3 from neuron 1 (delays 1 and 2 steps)
p.prepare(np.array([0, 0, 1, 1]), np.array([2e-4, 0.0, 1e-4, 2e-4]), clock)
res = [p.deliver(np.array([0, 1]), 0), p.deliver(np.array([0]), 1), p.deliver(np.array([], dtype=int), 2), p.deliver(np.array([], dtype=int), 3)]
print(json.dumps([None if r is None else r.tolist() for r in res]))`);
    expect(out).toEqual([[1], [2, 1], [0, 3], [0]]);
  });

  it('listens only to its slice of the group (subgroup sources)', async () => {
    const out = await runPython<number[]>(`
import synaptic as s
from runtime import Clock
clock = Clock('defaultclock', 1e-4)
p = s.Pathway(3, 5, False)
p.prepare(np.array([0, 1, 1]), np.array(0.0), clock)
print(json.dumps(p.deliver(np.array([0, 2, 4, 7]), 0).tolist()))`);
    expect(out).toEqual([1, 2]);
  });

  it('keeps queued events when the delays change between runs', async () => {
    const out = await runPython<(number[] | null)[]>(`
import synaptic as s
from runtime import Clock
clock = Clock('defaultclock', 1e-4)
p = s.Pathway(0, 1, True)
p.prepare(np.array([0]), np.array(3e-4), clock)
first = p.deliver(np.array([0]), 0)
p.prepare(np.array([0]), np.array(0.0), clock)
res = [first, p.deliver(np.array([0]), 1), p.deliver(np.array([], dtype=int), 2), p.deliver(np.array([], dtype=int), 3)]
print(json.dumps([None if r is None else r.tolist() for r in res]))`);
    expect(out).toEqual([null, [0], null, [0]]);
  });
});
