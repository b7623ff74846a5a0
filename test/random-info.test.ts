// ModelIR.random: whether a model draws random numbers, whether the script seeds them before every
// draw, and whether every draw site is one the cpu project replays in Brian2's order (verify then
// compares exactly), with located reasons when not.

import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import type { RandomIR } from '../src/2-model/ir.js';

function info(body: string): RandomIR {
  const r = compile('model.py', `from brian2 import *\n${body}\nrun(1*ms)\n`, 'check');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !r.model) throw new Error(errors.map((d) => d.message).join('; '));
  return r.model.random;
}

const LIF = "G = NeuronGroup(5, 'dv/dt = -v/(10*ms) : 1', threshold='v > 1', reset='v = 0')";

describe('ModelIR.random', () => {
  it('is exact without any draws', () => {
    expect(info(LIF)).toEqual({ draws: false, seeded: false, reproducible: true, exact: true, reasons: [] });
  });

  it('is exact when seed(n) comes before initialisations, connect() and per-step draws', () => {
    const r = info(`seed(4)\n${LIF}\nG.v = 'rand()'\nS = Synapses(G, G, on_pre='v += 0.1*rand()')\nS.connect(p=0.2)\nP = PoissonGroup(3, 5*Hz)`);
    expect(r).toMatchObject({ draws: true, seeded: true, reproducible: true, exact: true, reasons: [] });
  });

  it('is not exact when a draw comes before the seed, or after seed() without a number', () => {
    const before = info(`${LIF}\nG.v = 'rand()'\nseed(4)`);
    expect(before).toMatchObject({ draws: true, seeded: false, reproducible: true, exact: false });
    expect(before.reasons[0]).toMatchObject({ message: expect.stringMatching(/before any seed\(n\)/), span: { line: 3 } });
    const entropy = info(`seed(4)\n${LIF}\nG.v = 'rand()'\nseed()\nG.v = 'rand()'`);
    expect(entropy).toMatchObject({ seeded: false, exact: false });
    expect(entropy.reasons[0]).toMatchObject({ message: expect.stringMatching(/seed\(\) without a number/), span: { line: 6 } });
  });

  it('counts per-step draws at the first run() (noise, PoissonInput)', () => {
    expect(info("G = NeuronGroup(2, 'dv/dt = -v/(10*ms) + xi/sqrt(ms) : 1')\nseed(1)")).toMatchObject({ draws: true, seeded: true, exact: true });
    expect(info(`${LIF}\nI = PoissonInput(G, 'v', 10, 5*Hz, 0.1)`)).toMatchObject({ draws: true, seeded: false, exact: false });
  });

  it('says why a seeded model is not reproducible: several noise terms', () => {
    const noise = info("seed(1)\nG = NeuronGroup(2, '''dv/dt = -v/(10*ms) + xi_a/sqrt(ms) : 1\ndu/dt = -u/(10*ms) + xi_b/sqrt(ms) : 1''')");
    expect(noise).toMatchObject({ draws: true, seeded: true, reproducible: false, exact: false });
    expect(noise.reasons[0]!.message).toMatch(/xi_a, xi_b.*Python set/);
  });

  it('counts numpy.random calls while building as draws at their line, replayed in order', () => {
    expect(info(`np.random.seed(1)\n${LIF}\nx = np.random.rand(5)\nG.v = x`)).toMatchObject({ draws: true, seeded: true, reproducible: true, exact: true });
    const early = info(`x = np.random.rand(5)\nnp.random.seed(1)\n${LIF}\nG.v = x`);
    expect(early).toMatchObject({ draws: true, seeded: false, exact: false });
    expect(early.reasons[0]).toMatchObject({ message: expect.stringMatching(/before any seed/), span: { line: 2 } });
  });
});
