// connect() in its forms, drawn by the generated project: the pairs, their order (Brian2's creation
// order), and the checks Brian2 makes. Random forms draw what Brian2 draws: connect-exact.test.ts
// compares them with Brian2 itself; here the batched sampling is pinned against one row at a time.

import { describe, expect, it } from 'vitest';
import { runPython, withSimulation } from '../helpers/python.js';

const HEADER = `from brian2 import *
G = NeuronGroup(6, '''dv/dt = -v/(10*ms) : 1
                      x : 1''', threshold='v > 1', reset='v = 0')
G.x = 'i*0.5'
`;

const pairs = `print(json.dumps([[int(a), int(b)] for a, b in zip(sim.synapses.i, sim.synapses.j)]))`;

describe('deterministic patterns', () => {
  it('connects all pairs by i, then j', async () => {
    const p = await withSimulation<number[][]>(`${HEADER}S = Synapses(G[:2], G[3:], on_pre='v += 1')\nS.connect()\nrun(1*ms)\n`, pairs);
    expect(p).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
  });

  it('evaluates conditions on indices and on neuron variables at connect time', async () => {
    const p = await withSimulation<number[][]>(
      `${HEADER}S = Synapses(G, G, on_pre='v += 1')\nS.connect(condition='x_pre + x_post > 2.6 and i != j')\nG.x = 0\nrun(1*ms)\n`,
      pairs,
    );
    expect(p).toEqual([
      [1, 5],
      [2, 4],
      [2, 5],
      [3, 4],
      [3, 5],
      [4, 2],
      [4, 3],
      [4, 5],
      [5, 1],
      [5, 2],
      [5, 3],
      [5, 4],
    ]);
  });

  it('takes i/j arrays in the given order, with n synapses per pair', async () => {
    const p = await withSimulation<number[][]>(
      `${HEADER}S = Synapses(G, G, on_pre='v += 1')\nS.connect(i=[3, 0, 5], j=[1, 1, 0], n=2)\nS.connect(i=2, j=4)\nrun(1*ms)\n`,
      pairs,
    );
    expect(p).toEqual([
      [3, 1],
      [3, 1],
      [0, 1],
      [0, 1],
      [5, 0],
      [5, 0],
      [2, 4],
    ]);
  });

  it('generates j from i with range, a condition and skip_if_invalid', async () => {
    const p = await withSimulation<number[][]>(
      `${HEADER}S = Synapses(G, G, on_pre='v += 1')\nS.connect(j='k for k in range(i-1, i+2) if k != i', skip_if_invalid=True)\nrun(1*ms)\n`,
      pairs,
    );
    expect(p).toEqual([
      [0, 1],
      [1, 0],
      [1, 2],
      [2, 1],
      [2, 3],
      [3, 2],
      [3, 4],
      [4, 3],
      [4, 5],
      [5, 4],
    ]);
  });

  it('generates i from j (i=...), ordered by j', async () => {
    const p = await withSimulation<number[][]>(`${HEADER}S = Synapses(G, G, on_pre='v += 1')\nS.connect(i='j + 1 if j < 2')\nrun(1*ms)\n`, pairs);
    expect(p).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });

  it('fails at start-up, naming the script line, when a generator leaves the target without skip_if_invalid', async () => {
    await expect(withSimulation(`${HEADER}S = Synapses(G, G, on_pre='v += 1')\nS.connect(j='i + 1')\nrun(1*ms)\n`, 'print(1)')).rejects.toThrow(
      /line 6: S.connect.*index 6 is outside the allowed range from 0 to 5/s,
    );
  });
});

describe('random patterns', () => {
  it('draws sample(p=...) populations in a batch exactly as one after the other (dense, jump method, and a jump row that needs more numbers)', async () => {
    const r = await runPython<{ same: boolean[]; counts: number[] }>(`
import synaptic as s
def one_by_one(rng, low, high, step, p):
    out = []
    for e in range(len(low)):
        o, v = s.sample_p(rng, low[e:e+1], high[e:e+1], step[e:e+1], p[e:e+1])
        out.append(v)
    return np.concatenate(out)
class Forced:
    """numpy's generator, with the numbers at stream positions 42 to 109 (the first chunk of the second
    population below) close to 1: all its jumps are 1, so that chunk cannot reach the end of the
    population and more are drawn, which the batch must reproduce by falling back."""
    def __init__(self, seed):
        self.rs = np.random.RandomState(seed)
        self.pos = 0
    def random_sample(self, n):
        x = self.rs.random_sample(n)
        k = np.arange(self.pos, self.pos + n)
        self.pos += n
        return np.where((k >= 42) & (k < 110), 1 - 1e-12*x, x)
    def get_state(self):
        return (self.rs.get_state(), self.pos)
    def set_state(self, st):
        self.rs.set_state(st[0])
        self.pos = st[1]
cases = [
    (np.zeros(6, int), np.array([50, 900, 3000, 5000, 0, 2500]), np.array([1, 1, 2, 1, 1, -1]), np.array([0.1, 0.3, 0.01, 0.002, 0.5, 0.05])),
    (np.zeros(40, int), np.full(40, 4000), np.ones(40, int), np.full(40, 0.02)),
    (np.zeros(4, int), np.full(4, 3000), np.ones(4, int), np.array([0.0, 1.0, 0.2, 0.26])),
]
same = []
counts = []
for low, high, step, p in cases:
    a = s.sample_p(np.random.RandomState(11), low, high, step, p)[1]
    b = one_by_one(np.random.RandomState(11), low, high, step, p)
    same.append(bool(np.array_equal(a, b)))
    counts.append(int(len(a)))
# forced fallback (chunks of 42, 68 and 52 numbers at first)
low, high, step, p = np.zeros(3, int), np.array([3000, 5000, 2000]), np.ones(3, int), np.array([0.01, 0.011, 0.02])
a = s.sample_p(Forced(5), low, high, step, p)[1]
b = one_by_one(Forced(5), low, high, step, p)
same.append(bool(np.array_equal(a, b)))
counts.append(int(len(a)))
print(json.dumps({"same": same, "counts": counts}))`);
    expect(r.same).toEqual([true, true, true, true]);
    // 40 rows of 4000 at p = 0.02: about 3200 synapses
    expect(Math.abs(r.counts[1]! - 3200)).toBeLessThan(300);
  });

  it('samples a fixed number of distinct targets per source with sample(size=...)', async () => {
    const r = await runPython<{ counts: number[]; distinct: boolean; inRange: boolean }>(`
import synaptic as s
rng = np.random.RandomState(2)
outer, vals = s.sample_size(rng, np.zeros(5, int), np.full(5, 20), np.full(5, 2), np.array([0, 1, 3, 5, 10]), False, "test")
print(json.dumps({"counts": np.bincount(outer, minlength=5).tolist(), "distinct": all(len(set(vals[outer == k])) == np.sum(outer == k) for k in range(5)), "inRange": bool(np.all((vals % 2 == 0) & (vals < 20)))}))`);
    expect(r.counts).toEqual([0, 1, 3, 5, 10]);
    expect(r.distinct && r.inRange).toBe(true);
  });

  it('builds ragged ranges with negative steps as Python does', async () => {
    const r = await runPython<number[][]>(`
import synaptic as s
outer, vals = s.ragged_range(np.array([5, 0, 3]), np.array([0, 3, 3]), np.array([-2, 1, 1]))
print(json.dumps([outer.tolist(), vals.tolist()]))`);
    expect(r).toEqual([
      [0, 0, 0, 1, 1, 1],
      [5, 3, 1, 0, 1, 2],
    ]);
  });

  it('connects with a probability given as a string expression', async () => {
    const n = await withSimulation<number>(
      `from brian2 import *\nseed(5)\nG = NeuronGroup(300, 'v : 1', threshold='v > 1')\nS = Synapses(G, G, on_pre='v += 1')\nS.connect(p='0.1*int(i < 150)')\nrun(1*ms)\n`,
      'print(json.dumps([int(sim.synapses.N), int(sim.synapses.i.max())]))',
    );
    expect(Math.abs((n as unknown as number[])[0]! - 4500)).toBeLessThan(300);
    expect((n as unknown as number[])[1]).toBeLessThan(150);
  });
});
