// `brian2lava convert --explain` through the real CLI: per group the chosen method with its reason and
// the code of one step in Brian2's abstract-code style.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/pipeline.js';

const MODEL = `from brian2 import *
defaultclock.dt = 0.1*ms
tau = 10*ms
sigma = 2*mV
E_L = -70*mV
lif = NeuronGroup(4, '''dv/dt = (E_L - v + I)/tau + sigma*sqrt(2/tau)*xi : volt (unless refractory)
I : volt''', threshold='v > -50*mV', reset='v = E_L', refractory=2*ms)
syn = NeuronGroup(2, '''dg/dt = -g/(5*ms) : 1
dx/dt = (g - x)/(3*ms) : 1''', method='exact')
run(10*ms)
`;

describe('convert --explain', () => {
  it('prints the method, the reason and the update code per group', async () => {
    const dir = tempDir('explain-');
    const file = path.join(dir, 'model.py');
    writeFileSync(file, MODEL);
    const r = await cli(['convert', file, '-o', path.join(dir, 'out'), '--explain']);
    expect(r.exitCode).toBe(0);
    const text = r.stdout;
    expect(text).toContain("lif (NeuronGroup 'neurongroup', 4 neurons)");
    expect(text).toMatch(
      /method: euler — no method given; Brian2 takes the first of exact, euler, heun that accepts the equations, and refused exact \(the equations are stochastic/,
    );
    expect(text).toContain('not_refractory = timestep(t - lastspike, dt) >= timestep(0.002, dt)');
    expect(text).toContain('_xi = dt**0.5*randn()');
    expect(text).toContain('v = _v    # conditional write: only where not_refractory');
    expect(text).toContain('_cond = v > -0.05 and not_refractory');
    expect(text).toContain("syn (NeuronGroup 'neurongroup_1', 2 neurons)");
    expect(text).toContain("method: exact — method='exact' as requested");
    expect(text).toMatch(/\[\[_A_g_g, _A_g_x\], \[_A_x_g, _A_x_x\]\], \[\[_Phi_g_g, _Phi_g_x\], \[_Phi_x_g, _Phi_x_x\]\] = expm\(M\*dt\)/);
    expect(text).toContain('_x = _A_x_g*g + _A_x_x*x');
    // the statements come in Brian2's order: every temporary before any variable is assigned
    const update = text.slice(text.indexOf('syn (NeuronGroup'));
    expect(update.indexOf('_x = ')).toBeLessThan(update.indexOf('g = _g'));
    expect(update.indexOf('_g = ')).toBeLessThan(update.indexOf('_x = '));
  });

  it("reports a refused method at its method= argument and Brian2's reason", async () => {
    const dir = tempDir('explain-');
    const file = path.join(dir, 'model.py');
    writeFileSync(file, MODEL.replace('refractory=2*ms)', "refractory=2*ms, method='exact')"));
    const r = await cli(['convert', file, '-o', path.join(dir, 'out'), '--explain']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/model\.py:7:\d+: error\[method-refused\]: method 'exact' cannot integrate these equations: the equations are stochastic/);
    expect(r.stderr).toMatch(/hint: choose another method/);
  });

  it('shows synapses, their pathways and PoissonInput in the same layout, with conditional writes', async () => {
    const dir = tempDir('explain-');
    const stdp = await cli(['convert', path.join(ROOT, 'fixtures', '16_stdp_event_driven.py'), '-o', path.join(dir, 'a'), '--explain']);
    expect(stdp.exitCode).toBe(0);
    expect(stdp.stdout).toContain("stdp (Synapses 'synapses_1', spikegeneratorgroup[0:5] → neurongroup[0:1])");
    expect(stdp.stdout).toMatch(
      / {2}synapses: pathway 'post' on postsynaptic spikes \(per-synapse delays, together\):\n {4}_post_trace = exp\(-\(\(t - lastupdate\)\/tau_minus\)\)\*post_trace/,
    );
    expect(stdp.stdout).toContain('    v_post += w');
    const input = await cli(['convert', path.join(ROOT, 'fixtures', '18_poissoninput.py'), '-o', path.join(dir, 'b'), '--explain']);
    expect(input.exitCode).toBe(0);
    expect(input.stdout).toContain(
      "exc_drive (PoissonInput 'poissoninput' into neurongroup.v)\n  synapses: v += binomial(400, 0.001)*(0.0005)    # conditional write: only where not_refractory",
    );
  });
});
