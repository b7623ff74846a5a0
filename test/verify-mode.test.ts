// What `verify` decides before comparing anything: the mode (from the model: exact when it draws no
// random numbers, stats when it draws some we do not reproduce, fixed on Loihi 2), and the key of each
// monitor (2-model/monitor-keys.ts), which must be the keys Brian2's own run gets. Cheap: no Python.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { monitorKeys, type MonitorNaming } from '../src/2-model/monitor-keys.js';
import { modeFromModel } from '../src/verify/compare.js';
import { chooseVerifyMode, randomSources } from '../src/verify/mode.js';
import { ROOT } from './helpers/pipeline.js';

const FIXTURES = path.join(ROOT, 'fixtures');
const models = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.py') && readdirSync(FIXTURES).includes(f.replace(/\.py$/, '.ref.json')))
  .sort();

function model(text: string, file = 'model.py') {
  const r = compile(file, text, 'check');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.model || errors.length) throw new Error(errors.map((d) => `${d.span?.line}: ${d.message}`).join('\n'));
  return r.model;
}

const HEAD = `from brian2 import *
G = NeuronGroup(4, 'dv/dt = (1.2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
`;

describe('verify picks the mode from the model', () => {
  it.each(models)('%s: the mode its `# conformance:` header states (the fixtures say the truth)', (f) => {
    const text = readFileSync(path.join(FIXTURES, f), 'utf8');
    const m = model(text, path.join(FIXTURES, f));
    const choice = chooseVerifyMode(m, text, undefined, false);
    // A seeded fixture whose draws the cpu project reproduces (ModelIR.random.exact) is compared
    // exactly even where its header, written before that, says stats (20, 22).
    const expected = m.random.draws && m.random.exact ? 'exact' : modeFromModel(text).mode;
    expect(choice.mode).toBe(expected);
    if (expected === modeFromModel(text).mode) expect(choice.rel).toBe(modeFromModel(text).rel);
    // on Loihi 2 every random model is compared statistically (its project draws its own numbers)
    expect(chooseVerifyMode(m, text, undefined, true).mode).toBe(m.random.draws || randomSources(m).length ? 'stats' : 'fixed');
  });

  it('names each kind of random draw with its line, and says why', () => {
    const cases: [string, RegExp][] = [
      ["G.v = 'rand()'\n", /rand\(\) at line 3/],
      ['G.v = np.random.rand(4)\nimport numpy as np\n', /./],
      ['P = PoissonGroup(3, 10*Hz)\n', /PoissonGroup P at line 3/],
      ["inp = PoissonInput(G, 'v', 5, 10*Hz, weight=0.1)\n", /PoissonInput inp at line 3/],
      ["S = Synapses(G, G, on_pre='v += 0.1')\nS.connect(p=0.5)\n", /connect\(\) with a probability p at line 4/],
      ["S = Synapses(G, G, on_pre='v += 0.1')\nS.connect(j='k for k in sample(N_post, p=0.5)')\n", /connect\(\) with sample\(\) at line 4/],
      ["H = NeuronGroup(2, 'dv/dt = -v/(10*ms) + 0.1*xi/sqrt(ms) : 1')\n", /noise term xi at line 3/],
      ["G.run_regularly('v += 0.01*randn()', dt=1*ms)\n", /randn\(\) at line 3/],
    ];
    for (const [extra, what] of cases) {
      const text = extra.startsWith('G.v = np') ? `import numpy as np\n${HEAD}G.v = np.random.rand(4)\nrun(5*ms)\n` : `${HEAD}${extra}run(5*ms)\n`;
      const choice = chooseVerifyMode(model(text), text, undefined, false);
      expect(choice.mode, extra).toBe('stats');
      expect(choice.why, extra).toMatch(what);
      expect(choice.why).toMatch(/compared statistically/);
    }
  });

  it('exact for deterministic models (fixed on Loihi 2); connect(p=1) and a header do not change that', () => {
    const text = `# conformance: stats\n${HEAD}S = Synapses(G, G, on_pre='v += 0.1')\nS.connect(p=1)\nrun(5*ms)\n`;
    const m = model(text);
    expect(randomSources(m)).toEqual([]);
    expect(chooseVerifyMode(m, text, undefined, false)).toMatchObject({ mode: 'exact', rel: null, why: 'the model draws no random numbers' });
    expect(chooseVerifyMode(m, text, undefined, true).mode).toBe('fixed');
    expect(chooseVerifyMode(m, text, 'stats', false)).toMatchObject({ mode: 'stats', why: 'given with --mode' });
    expect(() => chooseVerifyMode(m, text, 'fuzzy', false)).toThrow(/unknown conformance mode/);
  });

  it('exact when the converter reproduces the draws (seeded, or --seed given to both runs); stats with its reasons otherwise', () => {
    const seeded = `${HEAD}seed(3)\nG.v = 'rand()'\nrun(5*ms)\n`;
    expect(model(seeded).random).toMatchObject({ draws: true, exact: true });
    expect(chooseVerifyMode(model(seeded), seeded, undefined, false)).toMatchObject({ mode: 'exact', why: expect.stringMatching(/seeds its random numbers/) });
    expect(chooseVerifyMode(model(seeded), seeded, undefined, true).mode).toBe('stats');
    const unseeded = `${HEAD}G.v = 'rand()'\nrun(5*ms)\n`;
    const m = model(unseeded);
    expect(m.random).toMatchObject({ draws: true, seeded: false, reproducible: true, exact: false });
    expect(chooseVerifyMode(m, unseeded, undefined, false)).toMatchObject({
      mode: 'stats',
      why: expect.stringMatching(/rand\(\) at line 3\), and random numbers are drawn here before any seed/),
    });
    expect(chooseVerifyMode(m, unseeded, undefined, false, 7)).toMatchObject({
      mode: 'exact',
      why: 'both runs start from --seed 7 and the Lava project draws the same numbers as Brian2',
    });
    // the seed verify picks itself when none is given: the same sample on both sides, said so
    expect(chooseVerifyMode(m, unseeded, undefined, false, 12345, true)).toMatchObject({
      mode: 'exact',
      why: 'the script does not seed, so both runs start from seed 12345 (picked by verify; --seed 12345 repeats this comparison) and the Lava project draws the same numbers as Brian2',
    });
    expect(chooseVerifyMode(m, unseeded, undefined, true, 12345, true).mode).toBe('stats');
  });

  it('a seed given to both runs does not fix seed() without a number (fresh entropy in the middle of the script)', () => {
    for (const text of [`${HEAD}seed()\nG.v = 'rand()'\nrun(5*ms)\n`, `${HEAD}G.v = 'rand()'\nrun(5*ms)\nseed()\nrun(5*ms)\n`]) {
      const m = model(text);
      const line = text.split('\n').findIndex((l) => l === 'seed()') + 1;
      expect(chooseVerifyMode(m, text, undefined, false, 7)).toMatchObject({
        mode: 'stats',
        why: expect.stringContaining(`seed() without a number restarts from fresh entropy (line ${line})`),
      });
      expect(chooseVerifyMode(m, text, undefined, false, 7, true).mode).toBe('stats');
    }
    // seeding before the first draw (with a number) stays exact
    const numbered = `${HEAD}G.v = 'rand()'\nrun(5*ms)\nseed(4)\nrun(5*ms)\n`;
    expect(chooseVerifyMode(model(numbered), numbered, undefined, false, 7).mode).toBe('exact');
  });
});

describe('monitor keys: one rule for the converter and for Brian2', () => {
  const n = (names: string[], paths: string[], brian2Name: string, named = false): MonitorNaming => ({ names, paths, brian2Name, named });

  it('names first, then name=, then places in containers, then Brian2 automatic names; clashes get a suffix', () => {
    expect(
      monitorKeys([
        n(['spikes', 'alias'], [], 'spikemonitor'),
        n([], ['mons[0]'], 'spikemonitor_1'),
        n([], ['mons[1]'], 'gspikes', true),
        n([], [], 'statemonitor'),
      ]),
    ).toEqual(['spikes', 'mons[0]', 'gspikes', 'statemonitor']);
    // a script variable keeps its own name even when an earlier monitor's automatic name is the same
    expect(monitorKeys([n([], [], 'spikemonitor'), n(['spikemonitor'], [], 'spikemonitor_1')])).toEqual(['spikemonitor_2', 'spikemonitor']);
    expect(monitorKeys([n([], [], 'm', true), n(['m'], [], 'spikemonitor'), n([], ['m'], 'x')])).toEqual(['m_2', 'm', 'm_3']);
  });

  it.each(models)('%s: the converter keys its monitors as the reference run did', (f) => {
    const text = readFileSync(path.join(FIXTURES, f), 'utf8');
    const ref = JSON.parse(readFileSync(path.join(FIXTURES, f.replace(/\.py$/, '.ref.json')), 'utf8')) as { monitors: Record<string, unknown> };
    // The shared reference collector does not collect EventMonitors (not a SpikeMonitor subclass in Brian2).
    const keyed = model(text, path.join(FIXTURES, f)).monitors.filter((m) => !(m.kind === 'SpikeMonitor' && m.eventMonitor));
    expect(keyed.map((m) => m.pyName).sort()).toEqual(Object.keys(ref.monitors).sort());
  });

  it('keys monitors in lists, dicts and tuples by their place, ignores names bound after the last run()', () => {
    const text = `${HEAD}spikes = SpikeMonitor(G)
mons = [SpikeMonitor(G[:2]), StateMonitor(G, 'v', record=[0])]
by = {'rate': PopulationRateMonitor(G), 'pair': (StateMonitor(G, 'v', record=[1]), SpikeMonitor(G, name='named'))}
anon = Network(SpikeMonitor(G[2:]))
net = Network(collect())
net.add(mons, by, anon)
net.run(5*ms)
for sp in [spikes, mons[0]]:
    print(sp.num_spikes)
late = spikes
`;
    expect(model(text).monitors.map((m) => m.pyName)).toEqual(['spikes', 'mons[0]', 'mons[1]', "by['rate']", "by['pair'][0]", 'named', 'spikemonitor_2']);
  });

  it("a monitor that run() cannot see (Brian2's magic network leaves it out) is not run, with a note", () => {
    const r = compile('model.py', `${HEAD}mons = [SpikeMonitor(G)]\nrun(5*ms)\n`, 'check');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.diagnostics.filter((d) => d.severity === 'note').map((d) => [d.span?.line, d.message])).toContainEqual([
      3,
      expect.stringMatching(/'spikemonitor' takes part in no run\(\)/),
    ]);
  });
});
