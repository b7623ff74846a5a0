// Synapses on Loihi 2 at conversion time, without Lava: what connect() and the synaptic
// initialisations give (pairs in Brian2's order, weights, delays in steps), how a SpikeGeneratorGroup
// is binned, and where what cannot be mapped is refused. The end-to-end runs (shared fixtures 10-12,
// test/fixtures-loihi/net_forms.py, chain_zero_delay.py) are in loihi2-conformance.test.ts.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileLoihi } from '../src/4-targets/loihi2/compile.js';
import { spikeSource } from '../src/4-targets/loihi2/fixed-point/spike-sources.js';
import { ROOT } from './helpers/pipeline.js';

const HEAD = 'from brian2 import *\ndefaultclock.dt = 0.1*ms\n';
/** Two lines: a LIF group G of 6 neurons that fires on its own. */
const GROUP = "G = NeuronGroup(6, 'dv/dt = (1.2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')\n";

function loihi(body: string) {
  return compileLoihi('model.py', HEAD + body);
}

function projections(body: string) {
  const r = loihi(body);
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return r.fixed!.projections;
}

function errors(body: string) {
  return loihi(body)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ line: d.span?.line, col: d.span?.col, message: d.message }));
}

describe('connectivity from the model', () => {
  it('maps shared fixture 10: 9 pairs, weight 1.1 exactly, 15 steps of delay on one port', () => {
    const file = path.join(ROOT, 'fixtures', '10_synaptic_chain.py');
    const r = compileLoihi(path.relative(ROOT, file), readFileSync(file, 'utf8'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [p] = r.fixed!.projections;
    expect(p).toMatchObject({
      pyName: 'links',
      port: 'a_in_v',
      pre: [0, 1, 2, 3, 4, 5, 6, 7, 8],
      post: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      delays: new Array(9).fill(15),
    });
    const port = r.fixed!.groups[0]!.synapticPorts[0]!;
    expect(p!.weights[0]! * port.scale).toBeCloseTo(1.1, 14);
    expect(r.files!.get('lava_network/network.py')).toContain('links = DelayDense(');
  });

  it("evaluates conditions, generators with skip_if_invalid and n in Brian2's order; n > 1 sums into one weight per pair", () => {
    const [a, b] = projections(
      GROUP +
        [
          "A = Synapses(G, G, on_pre='v_post += 0.1')",
          "A.connect(j='k for k in range(i - 1, i + 2) if k != i', skip_if_invalid=True)",
          "B = Synapses(G[:3], G[3:], on_pre='v_post += 0.2')",
          "B.connect(condition='i + j == 2', n=2)",
          'run(1*ms)',
        ].join('\n') +
        '\n',
    );
    expect(a!.pre).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4, 5]);
    expect(a!.post).toEqual([1, 0, 2, 1, 3, 2, 4, 3, 5, 4]);
    // B: (0, 2), (1, 1), (2, 0) relative → absolute targets 5, 4, 3; two synapses per pair summed.
    expect(b!.pre).toEqual([0, 1, 2]);
    expect(b!.post).toEqual([5, 4, 3]);
    expect(new Set(b!.weights).size).toBe(1);
  });

  it('applies synaptic initialisations in script order: all, slice, condition, N_incoming', () => {
    const r = loihi(
      GROUP +
        [
          "S = Synapses(G, G, 'w : 1', on_pre='v_post += w')",
          "S.connect(condition='j == (i + 1) % 6')",
          "S.w = '0.3/N_incoming'",
          'S.w[0:2] = [0.1, 0.2]',
          "S.w['i == 5'] = 'w + 0.15'",
          "S.delay = '(1 + i)*ms'",
          'run(1*ms)',
        ].join('\n') +
        '\n',
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const p = r.fixed!.projections[0]!;
    const scale = r.fixed!.groups[0]!.synapticPorts[0]!.scale;
    const w = p.weights.map((q) => q * scale);
    expect(w.map((x) => Number(x.toFixed(6)))).toEqual([0.1, 0.2, 0.3, 0.3, 0.3, 0.45]);
    expect(p.delays).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('binds a SpikeGeneratorGroup as a host spike stream, binned as Brian2 bins (with its period)', () => {
    const src = spikeSource(
      {
        kind: 'SpikeGeneratorGroup',
        id: 'g',
        pyName: 'g',
        n: 2,
        indices: [0, 1],
        times: [0.1e-3, 0.349e-3],
        period: 1e-3,
        span: { file: 'm', start: 0, end: 0, line: 1, col: 1 },
      },
      1e-4,
      25,
    );
    expect(src.steps).toEqual([1, 3, 11, 13, 21, 23]);
    expect(src.indices).toEqual([0, 1, 0, 1, 0, 1]);
    const r = loihi(
      GROUP + "gen = SpikeGeneratorGroup(1, [0], [2]*ms)\nS = Synapses(gen, G, on_pre='v_post += 0.5')\nS.connect()\nm = SpikeMonitor(gen)\nrun(5*ms)\n",
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.fixed!.sources).toMatchObject([{ id: 'spikegeneratorgroup', steps: [20], indices: [0] }]);
    const network = r.files!.get('lava_network/network.py')!;
    expect(network).toContain('gen = RingBuffer(data=_rt.raster(1, TOTAL_STEPS,');
    expect(network).toContain('gen.s_out.connect(gen_probe.s_in)');
  });

  it('adds input to an (unless refractory) variable only where not_refractory', () => {
    const r = loihi(
      "G = NeuronGroup(2, 'dv/dt = (1.2 - v)/(10*ms) : 1 (unless refractory)', threshold='v > 1', reset='v = 0', refractory=2*ms, method='exact')\nS = Synapses(G, G, on_pre='v_post += 0.3')\nS.connect(i=0, j=1)\nrun(1*ms)\n",
    );
    expect(r.fixed!.groups[0]!.synapticPorts[0]!.conditional).toBe(true);
    expect(r.files!.get('lava_network/network.py')).toMatch(/v = _sat\(_np\.where\(not_refractory, v \+ /);
  });
});

describe('summed variables as graded spikes', () => {
  it('maps the gap junctions of shared fixture 14: v sent after the resets, Dense with 24-bit messages, the local term in the target', () => {
    const file = path.join(ROOT, 'fixtures', '14_gap_junctions_summed.py');
    const r = compileLoihi(path.relative(ROOT, file), readFileSync(file, 'utf8'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const g = r.fixed!.groups[0]!;
    expect(g.gradedOut).toEqual([{ port: 'graded_out_0', register: 'v', shift: 0, afterReset: true }]);
    expect(g.summed).toMatchObject([{ target: 'I_gap', afterReset: true }]);
    const p = r.fixed!.projections[0]!;
    expect(p.graded).toEqual({ register: 'v', shift: 0, port: 'graded_out_0' });
    // w_gap = 0.02 for all 100 synapses: one unit of weight, exactly.
    expect(new Set(p.weights)).toEqual(new Set([1]));
    expect(g.synapticPorts[0]).toMatchObject({ mode: 'summed', scale: 0.02 });
    // Step 0 has no message yet: Σ_i v_i(0) (v = i*0.05) in v's integers.
    const vExp = g.registers.find((x) => x.name === 'v')!.exp;
    expect(g.synapticPorts[0]!.initial![0]! * 2 ** vExp).toBeCloseTo(2.25, 5);
    const network = r.files!.get('lava_network/network.py')!;
    expect(network).toMatch(/gap_I_gap_v = Dense\(.*num_message_bits=24\)/);
    expect(network).toContain('cells.graded_out_0.connect(gap_I_gap_v.s_in)');
  });
});

describe('what synapses cannot do on Loihi 2 is refused where the script writes it', () => {
  const summedGroup = "G = NeuronGroup(6, '''dv/dt = (1.2 - v)/(10*ms) : 1\nx : 1''', threshold='v > 1', reset='v = 0', method='exact')\n";
  const cases: [string, string, number, RegExp][] = [
    [
      'random numbers drawn at each spike',
      GROUP + "S = Synapses(G, G, on_pre='v_post += 0.1*rand()')\nS.connect()\nrun(1*ms)\n",
      4,
      /draws random numbers \(rand\(\)\)/,
    ],
    [
      'poisson() weights',
      GROUP + "S = Synapses(G, G, 'w : 1', on_pre='v_post += w')\nS.connect()\nS.w = 'poisson(2)'\nrun(1*ms)\n",
      6,
      /draws random numbers \(poisson\(\)\)/,
    ],
    [
      'changes after a run',
      GROUP + "S = Synapses(G, G, 'w : 1', on_pre='v_post += w')\nS.connect()\nrun(1*ms)\nS.w = 0.5\nrun(1*ms)\n",
      7,
      /changing synaptic variables after a run/,
    ],
    [
      'a weight read from the neurons',
      GROUP + "S = Synapses(G, G, on_pre='v_post += 0.1*v_pre')\nS.connect()\nrun(1*ms)\n",
      4,
      /reads v_pre, a variable of the source group/,
    ],
    ['on_post', GROUP + "S = Synapses(G, G, on_pre='v_post += 0.1', on_post='v_pre += 0.1')\nS.connect()\nrun(1*ms)\n", 4, /the on_post pathway of S/],
    ['synaptic state', GROUP + "S = Synapses(G, G, 'w : 1', on_pre='w += 0.1')\nS.connect()\nrun(1*ms)\n", 4, /'w \+= \.\.\.' changes the synaptic variable w/],
    [
      'a summed product',
      summedGroup + "S = Synapses(G, G, 'x_post = v_pre*v_post : 1 (summed)')\nS.connect()\nrun(1*ms)\n",
      5,
      /the summed variable 'x_post' of S multiplies v_(pre|post) by v_(post|pre), so it is not a weighted sum of graded spikes/,
    ],
    [
      'a summed variable of part of a group',
      summedGroup + "S = Synapses(G, G[2:], 'x_post = v_pre : 1 (summed)')\nS.connect()\nrun(1*ms)\n",
      5,
      /sums into part of G \(neurons 2 to 5\)/,
    ],
    [
      'delays beyond 6 bits',
      GROUP + "S = Synapses(G, G, on_pre='v_post += 0.1', delay=6.4*ms)\nS.connect()\nrun(1*ms)\n",
      4,
      /a delay of 64 steps exceeds Loihi 2's 63 steps/,
    ],
    [
      'different delays on one pair',
      GROUP + "S = Synapses(G, G, on_pre='v_post += 0.1')\nS.connect(i=[0, 0], j=[1, 1])\nS.delay[1] = 2*ms\nrun(1*ms)\n",
      4,
      /different delays; Dense\/DelayDense hold one weight and one delay per pair/,
    ],
  ];
  it.each(cases)('%s', (_what, body, line, message) => {
    const e = errors(body);
    expect(e.find((d) => message.test(d.message))).toMatchObject({ line });
  });

  it('refuses a recurrent network of non-linear neurons at the synapses that close the loop', () => {
    const e = errors(
      "G = NeuronGroup(4, '''dv/dt = (1.2 - v + g*(2 - v))/(10*ms) : 1\ndg/dt = -g/(5*ms) : 1''', threshold='v > 1', reset='v = 0', method='euler')\nS = Synapses(G, G, on_pre='g_post += 0.1')\nS.connect(condition='i != j')\nrun(1*ms)\n",
    );
    expect(e).toEqual([{ line: 5, col: 28, message: expect.stringMatching(/^S feeds G back into itself, and G integrates the product g\*v/) }]);
  });
});
