// The two Lava models of the generated project: AsyncProtocol (default) and LoihiProtocol. Both run the
// same engine, so a model with synapses and delays gives identical results with either; a model that
// raises is reported (error.json) with either; --lava-protocol sets run.py's default and is refused
// for the Loihi 2 backend, whose processes always run in lockstep.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { cli, ROOT, tempDir } from './helpers/pipeline.js';

const FIX = (name: string) => path.join(ROOT, 'fixtures', name);
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, any>;

describe('--lava-protocol', () => {
  it("sets run.py's default protocol (async unless asked); both models are in network.py", () => {
    const runPy = (files: Map<string, string | Buffer>) => String(files.get('run.py'));
    expect(runPy(emitted())).toContain('choices=("async", "loihi"), default="async"');
    expect(runPy(emitted('async'))).toContain('choices=("async", "loihi"), default="async"');
    expect(runPy(emitted('loihi'))).toContain('choices=("async", "loihi"), default="loihi"');
    const network = String(emitted('loihi').get('lava_network/network.py'));
    expect(network).toContain('class PyBrianNetworkModel(PyLoihiProcessModel)');
    expect(network).toContain('class PyBrianNetworkAsyncModel(PyAsyncProcessModel)');
  });

  it('is refused for the Loihi 2 backend (exit 2)', async () => {
    const r = await cli(['convert', FIX('01_lif_exact.py'), '-o', path.join(tempDir('proto-'), 'p'), '--backend', 'loihi2', '--lava-protocol', 'async']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--lava-protocol applies to the cpu backend');
  });

  it('gives identical results with both protocols (synapses with heterogeneous delays)', async () => {
    const out = tempDir('proto-same-');
    const results: Record<string, any>[] = [];
    for (const protocol of ['async', 'loihi']) {
      const project = path.join(out, protocol, '12_spikegen_hetero_delays');
      const r = await cli(['run', FIX('12_spikegen_hetero_delays.py'), '-o', path.join(out, protocol), '--lava-protocol', protocol, '--no-plots', '--quiet']);
      expect(r.exitCode).toBe(0);
      const data = readJson(path.join(project, 'results.json'));
      expect(data.timing.steps).toBe(Math.round(data.t_end / data.dt));
      results.push(data.monitors);
    }
    expect(Object.keys(results[0]!).length).toBeGreaterThan(0);
    expect(results[1]).toEqual(results[0]);
  }, 300_000);

  it.each(['async', 'loihi'])(
    'reports an error raised inside the model (%s)',
    async (protocol) => {
      const dir = tempDir('proto-raise-');
      const model = path.join(dir, 'model.py');
      writeFileSync(
        model,
        [
          'from brian2 import *',
          'tau = 10*ms',
          "G = NeuronGroup(3, 'dv/dt = (2 - v)/tau : 1', threshold='v > 1', reset='v = 0', method='exact')",
          'spikes = SpikeMonitor(G)',
          'run(5*ms)',
          "G.v = 'poisson(-1.0*(i + 1))'",
          'run(5*ms)',
          '',
        ].join('\n'),
      );
      const project = path.join(dir, 'p', path.parse(model).name);
      const r = await cli(['run', model, '-o', path.join(dir, 'p'), '--lava-protocol', protocol, '--no-plots', '--timeout', '120']);
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toContain('the Lava run failed: ValueError');
      expect(readJson(path.join(project, 'error.json'))).toMatchObject({ type: 'ValueError' });
    },
    300_000,
  );
});

/** The files of 01_lif_exact's project, converted with the given protocol (or the default). */
function emitted(protocol?: 'async' | 'loihi') {
  const file = FIX('01_lif_exact.py');
  const r = compile(path.relative(ROOT, file), readFileSync(file, 'utf8'), 'emit', protocol ? { protocol } : {});
  expect(r.files).not.toBeNull();
  return r.files!;
}
