// Synapses on Loihi 2 (Dense / DelayDense with 8-bit weights), end to end through real Lava, against
// Brian2's references of the feed-forward chain (shared fixture 10, delay 1.5 ms, and its zero-delay
// variant). Until the lowering produces Synapses, the test gives the fixed-point pass the chain's
// projection itself (ProjectionSpec, what the adapter from the lowered Synapses will fill in).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileLoihi } from '../src/compile-loihi.js';
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
