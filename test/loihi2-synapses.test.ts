// Synapses on Loihi 2 (Dense / DelayDense with 8-bit weights), end to end through real Lava, against
// Brian2's references of the feed-forward chain (shared fixture 10, delay 1.5 ms, and its zero-delay
// variant). Until the lowering produces Synapses, the test gives the fixed-point pass the chain's
// projection itself (ProjectionSpec, what the adapter from the lowered Synapses will fill in).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { compileLoihi } from '../src/compile-loihi.js';
import type { ExprIR, ModelIR } from '../src/2-model/ir.js';
import { lowerFixedPoint } from '../src/3-lower/fixed-point/index.js';
import type { ProjectionSpec } from '../src/3-lower/fixed-point/synapses.js';
import { writeProject } from '../src/4-emit/output.js';
import { resolvePython } from '../src/run/environment.js';
import { runProject } from '../src/run/lava-runner.js';
import { compareResults, ROOT, tempDir } from './helpers/pipeline.js';

const DIR = path.join(ROOT, 'test', 'fixtures-loihi');
const NEURONS = path.join(DIR, 'chain_neurons.py');

function chain(delaySteps: number): ProjectionSpec {
  const pre = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  return {
    id: 'synapses',
    pyName: 'links',
    source: 'neurongroup',
    target: 'neurongroup',
    variable: 'v',
    pre,
    post: pre.map((i) => i + 1),
    weights: pre.map(() => 1.1),
    delays: pre.map(() => delaySteps),
    span: { file: 'chain', start: 0, end: 0, line: 1, col: 1 },
  };
}

describe.each([
  { name: 'delay 1.5 ms (DelayDense, 15 steps)', steps: 15, ref: 'chain_delay.ref.json', lava: 'DelayDense(' },
  { name: 'zero delay (Dense)', steps: 0, ref: 'chain_zero_delay.ref.json', lava: 'Dense(' },
])('the synaptic chain with $name', ({ steps, ref, lava }) => {
  it('reproduces Brian2 in fixed mode', async () => {
    const r = compileLoihi(path.relative(ROOT, NEURONS), readFileSync(NEURONS, 'utf8'), 'emit', { projections: [chain(steps)] });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const g = r.fixed!.groups[0]!;
    expect(g.mapping.kind).toBe('program');
    expect(g.synapticPorts).toEqual([{ port: 'a_in_v', target: 'v', exp: -7 }]);
    // 1.1 on 8 bits with LSB 2^-7.
    expect(r.fixed!.projections[0]!.weights).toEqual(new Array(9).fill(141));
    const dir = path.join(tempDir('loihi-syn-'), 'project');
    writeProject(dir, r.files!, { test: true });
    const network = readFileSync(path.join(dir, 'lava_network', 'network.py'), 'utf8');
    expect(network).toContain(`links = ${lava}`);
    const { python } = await resolvePython(undefined);
    const outcome = await runProject(dir, { python, timeout: 600 });
    expect(outcome.error).toBeNull();
    const verdict = await compareResults(path.join(DIR, ref), outcome.resultsPath, NEURONS, 'fixed');
    expect(verdict.report.monitors.filter((m) => !m.ok)).toEqual([]);
    const spikes = verdict.report.monitors.find((m) => m.monitor === 'chain_spikes') as { f1: number };
    expect(spikes.f1).toBe(1);
  }, 600_000);
});

describe('synapse limits', () => {
  it('refuses delays beyond 63 steps', () => {
    const r = compileLoihi(path.relative(ROOT, NEURONS), readFileSync(NEURONS, 'utf8'), 'emit', { projections: [chain(64)] });
    expect(r.files).toBeNull();
    expect(r.diagnostics.map((d) => d.message)).toEqual(["links: a delay of 64 steps exceeds Loihi 2's 63 steps (6-bit delays)"]);
  });
});

describe('Synapses of the model IR (the adapter that maps them once the model builder makes them)', () => {
  const DIMLESS = [0, 0, 0, 0, 0, 0, 0] as const;
  function chainIR(weight: ExprIR['ast']) {
    const base = compile(path.relative(ROOT, NEURONS), readFileSync(NEURONS, 'utf8'), 'lower');
    const model = structuredClone(base.model!) as ModelIR;
    const span = { ...model.groups[0]!.span, line: 99 };
    const all = { group: 'neurongroup', start: 0, stop: 10 };
    model.synapses.push({
      kind: 'Synapses',
      id: 'synapses',
      pyName: 'links',
      source: all,
      target: all,
      equations: [{ kind: 'parameter', name: 'w', expr: null, dim: DIMLESS, unitText: '1', type: 'float', flags: [], span }],
      pathways: [{ name: 'pre', trigger: 'pre', code: [{ target: 'v', side: 'post', op: '+=', value: { code: 'w', ast: weight, dim: DIMLESS, span }, span }], delay: 1.5e-3, span }],
      method: null,
      span,
    });
    const i = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const run = model.program.findIndex((a) => a.kind === 'run');
    model.program.splice(run, 0, { kind: 'connect', synapses: 'synapses', rule: { kind: 'indices', i, j: i.map((x) => x + 1) }, span }, { kind: 'set', target: { synapses: 'synapses' }, variable: 'w', index: { kind: 'all' }, value: { kind: 'scalar', value: 1.1, dim: DIMLESS }, span });
    return lowerFixedPoint(model, base.lowered!, base.source);
  }

  it('derives the chain: connect(i, j), w = 1.1, delay 1.5 ms → 9 synapses of weight 141·2^-7 and 15 steps', () => {
    const fx = chainIR({ k: 'sym', name: 'w', role: 'var' });
    expect(fx.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const p = fx.fixed!.projections[0]!;
    expect(p.pre).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(p.post).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(p.weights).toEqual(new Array(9).fill(141));
    expect(p.delays).toEqual(new Array(9).fill(15));
    expect(p.port).toBe('a_in_v');
  });

  it('refuses a weight that reads a neuron variable, where it is written', () => {
    const fx = chainIR({ k: 'bin', op: '*', a: { k: 'sym', name: 'w', role: 'var' }, b: { k: 'sym', name: 'v', role: 'var', side: 'pre' } });
    expect(fx.fixed).toBeNull();
    expect(fx.diagnostics.map((d) => [d.span?.line, d.message])).toEqual([[99, 'the weight reads v_pre; Dense weights are constants']]);
  });
});
