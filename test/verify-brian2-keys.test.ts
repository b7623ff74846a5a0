// The Brian2 side of `verify` keys the monitors of Brian2's own run exactly as the converter keys them
// (one rule, 2-model/monitor-keys.ts): python/brian2_run.py really runs each script with Brian2 and
// reports how every monitor that ran was named; the converter's keys for the same script must match.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { existingManagedWith, resolvePython } from '../src/run/environment.js';
import { runBrian2 } from '../src/run/brian2-reference.js';
import { tempDir } from './helpers/pipeline.js';

const HEAD = `from brian2 import *
G = NeuronGroup(4, 'dv/dt = (1.2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
G.v = 'i*0.2'
`;

const SCRIPTS: Record<string, string> = {
  // containers, name=, a Network built from lists and dicts (keys that are not str or int name nothing), aliases made after the run
  containers: `${HEAD}spikes = SpikeMonitor(G)
mons = [SpikeMonitor(G[:2]), StateMonitor(G, 'v', record=[0])]
by = {'rate': PopulationRateMonitor(G), 'pair': (StateMonitor(G, 'v', record=[1]), SpikeMonitor(G, name='named'))}
anon = {(0, 1): SpikeMonitor(G[2:]), (1, 2): SpikeMonitor(G[1:], name='edge*')}
net = Network(collect())
net.add(mons, by, anon)
net.run(20*ms)
for sp in [spikes, mons[0]]:
    print(sp.num_spikes)
late = spikes
`,
  // run() inside a function: its locals name the monitors; monitors created between runs
  function: `from brian2 import *

def simulate(drive):
    G = NeuronGroup(3, 'dv/dt = (drive - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
    M = SpikeMonitor(G)
    state = StateMonitor(G, 'v', record=[0, 2])
    probes = {'v': state}
    run(10*ms)
    later = SpikeMonitor(G, name='mon*')
    run(10*ms)
    return M, probes

M, probes = simulate(1.5)
for sp in [M]:
    print(sp.num_spikes)
`,
};

describe('Brian2 monitors are keyed as the converter keys them', () => {
  let python: string;
  beforeAll(async () => {
    const env = process.env.BRIAN2LAVA_PYTHON
      ? { python: process.env.BRIAN2LAVA_PYTHON }
      : { python: (await existingManagedWith('brian2')) ?? (await resolvePython(undefined)).python };
    python = env.python;
  }, 600_000);

  it.each(Object.keys(SCRIPTS))(
    '%s',
    async (name) => {
      const dir = tempDir('b2keys-');
      const script = path.join(dir, `${name}.py`);
      writeFileSync(script, SCRIPTS[name]!);
      const r = compile(script, SCRIPTS[name]!, 'check');
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const converter = r.model!.monitors.map((m) => m.pyName);
      const results = path.join(dir, 'brian2-results.json');
      const b2 = await runBrian2({ python }, script, results);
      expect(b2.reason).toBeUndefined();
      const data = JSON.parse(readFileSync(results, 'utf8')) as { monitors: Record<string, unknown>; naming: { monitor: string }[] };
      expect(data.naming.map((n) => n.monitor)).toEqual(converter);
      expect(Object.keys(data.monitors).sort()).toEqual([...converter].sort());
      if (name === 'function') expect(converter).toEqual(['M', 'state', 'later']);
      if (name === 'containers') expect(converter).toEqual(['spikes', 'mons[0]', 'mons[1]', "by['rate']", "by['pair'][0]", 'named', 'spikemonitor_2', 'edge']);
    },
    120_000,
  );
});
