// connect() in its forms, drawn by the generated project: the pairs, their order (Brian2's creation
// order), and the checks Brian2 makes. Random forms are checked for their statistics.

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
    expect(p).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
  });

  it('evaluates conditions on indices and on neuron variables at connect time', async () => {
    const p = await withSimulation<number[][]>(`${HEADER}S = Synapses(G, G, on_pre='v += 1')\nS.connect(condition='x_pre + x_post > 2.6 and i != j')\nG.x = 0\nrun(1*ms)\n`, pairs);
    expect(p).toEqual([[1, 5], [2, 4], [2, 5], [3, 4], [3, 5], [4, 2], [4, 3], [4, 5], [5, 1], [5, 2], [5, 3], [5, 4]]);
  });

  it('takes i/j arrays in the given order, with n synapses per pair', async () => {
    const p = await withSimulation<number[][]>(`${HEADER}S = Synapses(G, G, on_pre='v += 1')\nS.connect(i=[3, 0, 5], j=[1, 1, 0], n=2)\nS.connect(i=2, j=4)\nrun(1*ms)\n`, pairs);
    expect(p).toEqual([[3, 1], [3, 1], [0, 1], [0, 1], [5, 0], [5, 0], [2, 4]]);
  });

  it('generates j from i with range, a condition and skip_if_invalid', async () => {
    const p = await withSimulation<number[][]>(`${HEADER}S = Synapses(G, G, on_pre='v += 1')\nS.connect(j='k for k in range(i-1, i+2) if k != i', skip_if_invalid=True)\nrun(1*ms)\n`, pairs);
    expect(p).toEqual([[0, 1], [1, 0], [1, 2], [2, 1], [2, 3], [3, 2], [3, 4], [4, 3], [4, 5], [5, 4]]);
  });

  it('generates i from j (i=...), ordered by j', async () => {
    const p = await withSimulation<number[][]>(`${HEADER}S = Synapses(G, G, on_pre='v += 1')\nS.connect(i='j + 1 if j < 2')\nrun(1*ms)\n`, pairs);
    expect(p).toEqual([[1, 0], [2, 1]]);
  });

  it('fails at start-up, naming the script line, when a generator leaves the target without skip_if_invalid', async () => {
    await expect(withSimulation(`${HEADER}S = Synapses(G, G, on_pre='v += 1')\nS.connect(j='i + 1')\nrun(1*ms)\n`, 'print(1)')).rejects.toThrow(/line 6: S.connect.*index 6 is outside the allowed range from 0 to 5/s);
  });
});

describe('random patterns', () => {
  it('draws p=number pairs independently, in creation order, with the expected count', async () => {
    const r = await runPython<{ n: number; sorted: boolean; unique: boolean; rowsd: number }>(`
import synaptic as s
rng = np.random.default_rng(1)
i, j = s.sample_pairs(rng, 400, 500, 0.05)
flat = i*500 + j
print(json.dumps({"n": int(len(i)), "sorted": bool(np.all(np.diff(flat) > 0)), "unique": bool(len(np.unique(flat)) == len(flat)), "rowsd": float(np.bincount(i, minlength=400).std())}))`);
    // 10,000 expected, sd 97; per row binomial(500, 0.05): sd 4.87
    expect(Math.abs(r.n - 10000)).toBeLessThan(500);
    expect(r.sorted && r.unique).toBe(true);
    expect(r.rowsd).toBeGreaterThan(4);
    expect(r.rowsd).toBeLessThan(6);
  });

  it('samples a fixed number of distinct targets per source with sample(size=...)', async () => {
    const r = await runPython<{ counts: number[]; distinct: boolean; inRange: boolean }>(`
import synaptic as s
rng = np.random.default_rng(2)
outer, vals = s.ragged_sample_size(rng, np.zeros(5, int), np.full(5, 20), np.full(5, 2), np.array([0, 1, 3, 5, 10]), False, "test")
print(json.dumps({"counts": np.bincount(outer, minlength=5).tolist(), "distinct": all(len(set(vals[outer == k])) == np.sum(outer == k) for k in range(5)), "inRange": bool(np.all((vals % 2 == 0) & (vals < 20)))}))`);
    expect(r.counts).toEqual([0, 1, 3, 5, 10]);
    expect(r.distinct && r.inRange).toBe(true);
  });

  it('builds ragged ranges with negative steps as Python does', async () => {
    const r = await runPython<number[][]>(`
import synaptic as s
outer, vals = s.ragged_range(np.array([5, 0, 3]), np.array([0, 3, 3]), np.array([-2, 1, 1]))
print(json.dumps([outer.tolist(), vals.tolist()]))`);
    expect(r).toEqual([[0, 0, 0, 1, 1, 1], [5, 3, 1, 0, 1, 2]]);
  });

  it('connects with a probability given as a string expression', async () => {
    const n = await withSimulation<number>(`from brian2 import *\nseed(5)\nG = NeuronGroup(300, 'v : 1', threshold='v > 1')\nS = Synapses(G, G, on_pre='v += 1')\nS.connect(p='0.1*int(i < 150)')\nrun(1*ms)\n`, 'print(json.dumps([int(sim.synapses.N), int(sim.synapses.i.max())]))');
    expect(Math.abs((n as unknown as number[])[0]! - 4500)).toBeLessThan(300);
    expect((n as unknown as number[])[1]).toBeLessThan(150);
  });
});
