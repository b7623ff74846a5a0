// Random numbers drawn at conversion time by the Loihi 2 backend: the generator against the reference
// implementation and its distributions, random connectivity against binomial bounds, the report, and
// the promise that the same seed gives the same project (a different one, a different network).

import { describe, expect, it } from 'vitest';
import { compileLoihi } from '../src/4-targets/loihi2/compile.js';
import { ConversionRandom } from '../src/4-targets/loihi2/fixed-point/random.js';

const HEAD = 'from brian2 import *\ndefaultclock.dt = 0.1*ms\n';

function loihi(body: string) {
  return compileLoihi('model.py', HEAD + body);
}

function errors(body: string) {
  return loihi(body)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ line: d.span?.line, col: d.span?.col, message: d.message }));
}

function moments(xs: Float64Array) {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  return { mean, variance: m2, skew: m3 / n / m2 ** 1.5, kurtosis: m4 / n / (m2 * m2) };
}

describe('the conversion-time generator', () => {
  it('is xoshiro128**: the reference implementation gives these words from state {1, 2, 3, 4}', () => {
    // Output of Blackman & Vigna's reference xoshiro128starstar.c, compiled with gcc.
    const r = new ConversionRandom([1, 2, 3, 4]);
    expect(Array.from({ length: 8 }, () => r.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('gives fixed numbers for a seed, different ones for another seed', () => {
    const a = ConversionRandom.seeded(303);
    expect([a.nextUint32(), a.nextUint32()]).toEqual([783190848, 559314352]);
    expect(a.uniform()).toBe(0.8654869435309093);
    const b = ConversionRandom.seeded(303);
    const c = ConversionRandom.seeded(304);
    const xs = Array.from({ length: 5 }, () => b.uniform());
    const ys = Array.from({ length: 5 }, () => c.uniform());
    expect(xs).not.toEqual(ys);
    // Seeds beyond 32 bits are not folded onto smaller ones.
    expect(ConversionRandom.seeded(2 ** 32 + 5).nextUint32()).not.toBe(ConversionRandom.seeded(5).nextUint32());
  });

  it('draws uniform numbers in [0, 1) with the moments of U(0, 1)', () => {
    const r = ConversionRandom.seeded(1);
    const n = 200_000;
    const xs = Float64Array.from({ length: n }, () => r.uniform());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const m = moments(xs);
    // Standard error of the mean: sqrt(1/12/n) ≈ 6.5e-4; five of them.
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(3.3e-3);
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(2e-3);
    // Every tenth of [0, 1) gets its share (binomial sd ≈ 134 of 20000).
    const bins = new Array(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]++;
    for (const b of bins) expect(Math.abs(b - n / 10)).toBeLessThan(700);
  });

  it('draws normal numbers with the moments of N(0, 1)', () => {
    const r = ConversionRandom.seeded(2);
    const xs = Float64Array.from({ length: 200_000 }, () => r.normal());
    const m = moments(xs);
    expect(Math.abs(m.mean)).toBeLessThan(0.012);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.skew)).toBeLessThan(0.03);
    expect(Math.abs(m.kurtosis - 3)).toBeLessThan(0.06);
    // P(|x| > 1.96) = 0.05.
    const tail = xs.filter((x) => Math.abs(x) > 1.96).length / xs.length;
    expect(Math.abs(tail - 0.05)).toBeLessThan(0.003);
  });

  it('skips geometrically: mean (1 - p)/p trials before a success', () => {
    const r = ConversionRandom.seeded(3);
    for (const p of [0.02, 0.3]) {
      const xs = Float64Array.from({ length: 100_000 }, () => r.skip(p));
      const m = moments(xs);
      const mean = (1 - p) / p;
      const sd = Math.sqrt(1 - p) / p;
      expect(Math.abs(m.mean - mean)).toBeLessThan((5 * sd) / Math.sqrt(xs.length));
    }
    expect(r.skip(1)).toBe(0);
    expect(r.skip(0)).toBe(Infinity);
  });

  it('chooses size distinct positions in order, each equally often', () => {
    const r = ConversionRandom.seeded(4);
    const counts = new Array(20).fill(0);
    for (let t = 0; t < 20_000; t++) {
      const c = r.choose(20, 5);
      expect(c.length).toBe(5);
      for (let k = 1; k < c.length; k++) expect(c[k]!).toBeGreaterThan(c[k - 1]!);
      for (const k of c) counts[k]++;
    }
    // Each position in 1/4 of the draws: 5000 ± 5 binomial sd (≈ 61).
    for (const c of counts) expect(Math.abs(c - 5000)).toBeLessThan(310);
  });
});

/** Binomial bounds: mean ± 5 standard deviations. */
function withinBinomial(count: number, n: number, p: number) {
  const sd = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(count - n * p), `${count} of ${n} at p=${p}`).toBeLessThan(5 * sd + 1);
}

const NET = `seed(11)
G = NeuronGroup(300, 'dv/dt = -v/(10*ms) : volt', threshold='v > 10*mV', reset='v = 0*mV', method='exact')
H = NeuronGroup(200, 'dv/dt = -v/(10*ms) : volt', threshold='v > 10*mV', reset='v = 0*mV', method='exact')
G.v = 'rand()*10*mV'
S = Synapses(G, H, on_pre='v_post += 0.5*mV')
`;

function pairsOf(body: string) {
  const r = loihi(NET + body + 'run(1*ms)\n');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const p = r.fixed!.projections[0]!;
  return { pre: p.pre, post: p.post, result: r };
}

describe('random connectivity at conversion time', () => {
  it('connect(p=...) makes a binomial number of synapses, each pair at most once', () => {
    const { pre, post } = pairsOf('S.connect(p=0.05)\n');
    withinBinomial(pre.length, 300 * 200, 0.05);
    expect(new Set(pre.map((i, k) => i * 1000 + post[k]!)).size).toBe(pre.length);
    // Spread over sources and targets alike (first and second halves; indices are within G and H).
    withinBinomial(pre.filter((i) => i < 150).length, pre.length, 0.5);
    withinBinomial(post.filter((j) => j < 100).length, post.length, 0.5);
  });

  it('evaluates a p string per candidate pair, after the condition', () => {
    const { pre, post } = pairsOf("S.connect(condition='i != j', p='0.4*(i < 100)')\n");
    expect(pre.every((i) => i < 100)).toBe(true);
    expect(pre.every((i, k) => i !== post[k]!)).toBe(true);
    withinBinomial(pre.length, 100 * 200 - 100, 0.4);
  });

  it('samples with sample(..., p=...) and sample(..., size=...)', () => {
    const byP = pairsOf("S.connect(j='k for k in sample(N_post, p=0.1)')\n");
    withinBinomial(byP.pre.length, 300 * 200, 0.1);
    const bySize = pairsOf("S.connect(j='k for k in sample(N_post, size=7)')\n");
    expect(bySize.pre.length).toBe(300 * 7);
    for (let i = 0; i < 300; i++) expect(bySize.pre.filter((x) => x === i).length).toBe(7);
  });

  it('keeps given pairs with probability p in connect(i=..., j=..., p=...)', () => {
    const { pre } = pairsOf('S.connect(i=list(range(300)) * 100, j=[k % 200 for k in range(30000)], p=0.25)\n');
    // 30000 given pairs, some repeated (merged into one Dense entry per pair), so count distinct pairs ≤ drawn.
    expect(pre.length).toBeGreaterThan(0);
    expect(pre.length).toBeLessThan(30000 * 0.25 + 5 * Math.sqrt(30000 * 0.25 * 0.75));
  });

  it('draws initial values with rand() and randn() in the ranges they give', () => {
    const r = loihi(NET + "H.v = '2*mV + randn()*1*mV'\nS.connect(p=0.1)\nrun(1*ms)\n");
    const sets = r.fixed!.segments[0]!.sets;
    expect(sets.length).toBeGreaterThan(0);
    const md = r.files!.get('QUANTIZATION.md') as string;
    expect(md).toContain('## Random values drawn at conversion');
    expect(md).toMatch(/seed 11, the script's seed\(\)/);
    expect(md).toMatch(/line 6:1 G\.v: 300 draws/);
    expect(md).toMatch(/line 8:1 H\.v: \d+ draws/);
    expect(md).toMatch(/line 9:1 S\.connect\(\): \d+ draws/);
    expect(md).toContain('A new conversion with the same seed gives the same network');
  });

  it("names the converter's default seed when the script calls no seed()", () => {
    const r = loihi(NET.replace('seed(11)\n', '') + 'S.connect(p=0.1)\nrun(1*ms)\n');
    expect(r.files!.get('QUANTIZATION.md') as string).toMatch(/seed \d+, the converter's default \(the script calls no seed\(\)\)/);
  });

  it('gives the same project for the same seed, another network for another seed', () => {
    const body = 'S.connect(p=0.05)\nrun(1*ms)\n';
    const a = loihi(NET + body).files!;
    const b = loihi(NET + body).files!;
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [k, v] of a) expect(Buffer.from(b.get(k)!).equals(Buffer.from(v)), k).toBe(true);
    const c = loihi(NET.replace('seed(11)', 'seed(12)') + body).files!;
    const differs = [...a].filter(([k, v]) => !Buffer.from(c.get(k) ?? '').equals(Buffer.from(v))).map(([k]) => k);
    expect(differs.length).toBeGreaterThan(0);
  });

  it('still refuses randomness drawn every step, at its line', () => {
    expect(errors("G = NeuronGroup(2, 'dv/dt = (rand() - v)/(10*ms) : 1', method='euler')\nrun(1*ms)\n")[0]).toMatchObject({ line: 3 });
    const onPre = errors(
      "G = NeuronGroup(2, 'dv/dt = -v/(10*ms) : 1', threshold='v > 1', method='exact')\nS = Synapses(G, G, on_pre='v_post += rand()')\nS.connect()\nrun(1*ms)\n",
    );
    expect(onPre.length).toBeGreaterThan(0);
    expect(onPre.map((e) => e.message).join('\n')).toMatch(/rand/);
  });
});

describe('PoissonGroup spikes drawn at conversion time', () => {
  const TARGET = "H = NeuronGroup(4, 'dv/dt = -v/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')\n";

  it('draws Bernoulli(rates*dt) spikes per neuron and step: counts within binomial bounds, no neuron twice in a step', () => {
    const r = loihi(
      `seed(3)\nP = PoissonGroup(50, rates='(1 + i)*10*Hz')\n${TARGET}S = Synapses(P, H, on_pre='v_post += 0.5')\nS.connect(j='i % 4')\nrun(200*ms)\n`,
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const src = r.fixed!.sources[0]!;
    expect(src.kind).toBe('PoissonGroup');
    for (const i of [0, 9, 49]) {
      const p = (1 + i) * 10 * 1e-4;
      const count = src.indices.filter((x) => x === i).length;
      const mean = 2000 * p;
      expect(Math.abs(count - mean)).toBeLessThan(5 * Math.sqrt(mean * (1 - p)) + 1);
    }
    const keys = src.steps.map((s, k) => `${s}:${src.indices[k]}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(src.steps.every((s, k) => k === 0 || s >= src.steps[k - 1]!)).toBe(true);
    expect(Math.max(...src.steps)).toBeLessThan(2000);
  });

  it('follows rates that change with t (one draw per neuron and step)', () => {
    // 200 Hz in the first half of the run, nothing in the second.
    const r = loihi(
      `P = PoissonGroup(20, rates='200*Hz*(t < 50*ms)')\n${TARGET}S = Synapses(P, H, on_pre='v_post += 0.5')\nS.connect(j='i % 4')\nrun(100*ms)\n`,
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const src = r.fixed!.sources[0]!;
    expect(src.steps.length).toBeGreaterThan(100);
    expect(src.steps.every((s) => s < 500)).toBe(true);
  });

  it('refuses rates changed by run_regularly during the run, at the PoissonGroup', () => {
    const e = errors(
      `P = PoissonGroup(5, rates=10*Hz)\nP.run_regularly('rates = 20*Hz', dt=10*ms)\n${TARGET}S = Synapses(P, H, on_pre='v_post += 0.5')\nS.connect(j='i % 4')\nrun(100*ms)\n`,
    );
    expect(e).toContainEqual(expect.objectContaining({ line: 3, col: 5, message: expect.stringMatching(/run_regularly/) }));
  });
});

describe('white noise drawn at conversion time', () => {
  const NOISY =
    "G = NeuronGroup(5, 'dv/dt = (mu - v)/(10*ms) + 0.3*sqrt(2/(10*ms))*xi : 1\\nmu : 1', threshold='v > 1', reset='v = 0', method='euler')\nG.mu = '0.5 + 0.1*i'\n";

  it('streams xi as an additive host input, one number per neuron and step, and reports the draws', () => {
    const r = loihi(`seed(5)\n${NOISY}M = StateMonitor(G, 'v', record=True)\nrun(20*ms)\n`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const g = r.fixed!.groups[0]!;
    expect(g.inputs).toHaveLength(1);
    const values = g.inputs[0]!.values;
    expect(values).toHaveLength(200 * 5);
    // Different numbers for different neurons and steps, centred on zero.
    expect(new Set(values).size).toBeGreaterThan(900);
    const mean = values.reduce((a, x) => a + x, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(0.15 * sd);
    expect(r.fixed!.report.random!.draws).toContainEqual(expect.objectContaining({ line: 4, what: expect.stringMatching(/white noise/) }));
  });

  it('refuses noise that multiplies the state, at the term', () => {
    const e = errors("G = NeuronGroup(2, 'dv/dt = -v/(10*ms) + v*xi/sqrt(10*ms) : 1', method='milstein')\nrun(1*ms)\n");
    expect(e[0]).toMatchObject({ line: 3, message: expect.stringMatching(/multiplied by a value that changes with time \(a function of t, or noise\)/) });
  });
});

describe('PoissonInput events drawn at conversion time', () => {
  const TARGET = "G = NeuronGroup(10, 'dv/dt = -v/(10*ms) : volt', threshold='v > 10*mV', reset='v = 0*mV', method='exact')\n";

  it('streams binomial(N, p) events × the 8-bit weight per neuron and step, one step late, into a port of the target', () => {
    const r = loihi(`${TARGET}drive = PoissonInput(G[2:8], 'v', N=50, rate=20*Hz, weight=0.5*mV)\nrun(100*ms)\n`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const p = r.fixed!.projections.find((x) => x.source.startsWith('poissoninput'))!;
    expect(p.host).not.toBeNull();
    const host = p.host!;
    expect(host).toHaveLength(1000 * 10);
    // Only the subgroup's neurons receive events; step 0 receives nothing (Dense's latency).
    for (let step = 0; step < 1000; step++) for (const j of [0, 1, 8, 9]) expect(host[step * 10 + j]).toBe(0);
    for (let j = 0; j < 10; j++) expect(host[j]).toBe(0);
    // Events per neuron over the run: 50 trials × 1000 steps × p = 0.002 → mean 100.
    const w = p.weights[0]!;
    for (const j of [2, 5, 7]) {
      let events = 0;
      for (let step = 0; step < 1000; step++) events += host[step * 10 + j]! / w;
      expect(Math.abs(events - 100)).toBeLessThan(5 * 10);
    }
    expect(r.fixed!.report.random!.draws).toContainEqual(expect.objectContaining({ what: expect.stringMatching(/PoissonInput events/) }));
  });

  it("refuses Brian2's normal approximation (not a whole number of events), at the PoissonInput", () => {
    const e = errors(`${TARGET}drive = PoissonInput(G, 'v', N=2000, rate=100*Hz, weight=0.1*mV)\nrun(10*ms)\n`);
    expect(e).toContainEqual(expect.objectContaining({ line: 4, col: 9, message: expect.stringMatching(/normal approximation/) }));
  });
});
