// Brian2's networks as the IR's program states them (2-model/networks.ts): which objects each run()
// takes part in and from which time, the magic network's new simulations and its MagicError, explicit
// Networks with objects added and removed between runs, start_scope(), store()/restore() per network,
// objects that Brian2 never runs. The facts were checked against Brian2 2.5.4 (core/magic.py, network.py).

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import type { ActionIR, ModelIR, RunIR } from '../../src/2-model/ir.js';
import { compileLoihi } from '../../src/4-targets/loihi2/compile.js';

const HEAD = `from brian2 import *
defaultclock.dt = 0.1*ms
`;
const CELL = `NeuronGroup(2, 'dv/dt = (1.5 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')`;

function check(body: string) {
  return compile('model.py', HEAD + body, 'check');
}

function model(body: string): ModelIR {
  const r = check(body);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.model || errors.length) throw new Error(errors.map((d) => `${d.span?.line}: ${d.message}`).join('\n'));
  return r.model;
}

function errors(body: string) {
  return check(body)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => [d.span?.line, d.message] as const);
}

function notes(body: string): string[] {
  return check(body)
    .diagnostics.filter((d) => d.severity === 'note')
    .map((d) => `${d.span?.line}: ${d.message}`);
}

const runs = (m: ModelIR) => m.program.filter((a): a is RunIR => a.kind === 'run');
const brief = (m: ModelIR) => runs(m).map((r) => ({ network: r.network, objects: r.objects, start: r.start, startStep: r.startStep, steps: r.steps }));

describe('the magic network (run() without a Network)', () => {
  it('continues while it sees the same objects; monitors created between runs join the next run', () => {
    const m = model(`G = ${CELL}\nrun(5*ms)\nM = SpikeMonitor(G)\nrun(5*ms)\n`);
    expect(m.networks).toEqual([{ id: 'magicnetwork', kind: 'magic', pyName: null, span: expect.objectContaining({ line: 4 }) }]);
    expect(brief(m)).toEqual([
      { network: 'magicnetwork', objects: ['neurongroup'], start: 0, startStep: 0, steps: 50 },
      { network: 'magicnetwork', objects: ['neurongroup', 'spikemonitor'], start: 0.005, startStep: 50, steps: 50 },
    ]);
  });

  it('starts a new simulation from t = 0 when every object it sees is new (a function called in a loop)', () => {
    const m = model(`def sim(tau):
    G = NeuronGroup(1, 'dv/dt = (2 - v)/tau : 1', threshold='v > 1', reset='v = 0', method='exact')
    M = SpikeMonitor(G)
    run(3*ms)
    return M
mons = [sim(t) for t in [5*ms, 10*ms, 20*ms]]
`);
    expect(brief(m)).toEqual([
      { network: 'magicnetwork', objects: ['neurongroup', 'spikemonitor'], start: 0, startStep: 0, steps: 30 },
      { network: 'magicnetwork', objects: ['neurongroup_1', 'spikemonitor_1'], start: 0, startStep: 0, steps: 30 },
      { network: 'magicnetwork', objects: ['neurongroup_2', 'spikemonitor_2'], start: 0, startStep: 0, steps: 30 },
    ]);
    // Each group resolves `tau` in the run it takes part in (the call's own local).
    const tau = m.constants.find((c) => c.name === 'tau')!;
    expect(tau.perRun).toEqual([0.005, 0.01, 0.02]);
    expect(m.monitors.map((x) => x.pyName)).toEqual(['M', 'M_2', 'M_3']);
  });

  it('is a MagicError in Brian2 when old and new objects are mixed (located at the run)', () => {
    expect(errors(`G = ${CELL}\nrun(5*ms)\nH = ${CELL}\nrun(5*ms)\n`)).toEqual([
      [
        6,
        expect.stringMatching(
          /^Brian2's run\(\) raises MagicError here: the objects it collects mix ones that ran before \('G' \(neurongroup, line 3\)\) with new ones \('H' \(neurongroup_1, line 5\)\)/,
        ),
      ],
    ]);
  });

  it('collects objects bound to names only: one kept in a list takes part in no run (a note says so)', () => {
    const body = `G = ${CELL}\nmons = [SpikeMonitor(G)]\nrun(5*ms)\n`;
    expect(model(body).monitors).toEqual([]);
    expect(notes(body)).toContain(
      "4: 'spikemonitor' takes part in no run(), so it is not simulated (Brian2 runs only the objects run() collects or a Network holds)",
    );
  });

  it('sets a synapse or monitor inactive for good when it does not see the group it needs', () => {
    const body = `groups = [${CELL}]\nH = ${CELL}\nS = Synapses(groups[0], H, on_pre='v += 0.1')\nS.connect()\nspikes = SpikeMonitor(groups[0])\nM = SpikeMonitor(H)\nrun(5*ms)\nrun(5*ms)\n`;
    const m = model(body);
    expect(runs(m).map((r) => r.objects)).toEqual([
      ['neurongroup_1', 'spikemonitor_1'],
      ['neurongroup_1', 'spikemonitor_1'],
    ]);
    expect(m.synapses).toEqual([]);
    expect(m.program.some((a) => a.kind === 'connect')).toBe(false);
    expect(notes(body).filter((n) => n.includes('inactive'))).toEqual([
      "9: 'S' (synapses, line 5) does not take part in this run or any later one: run() does not see 'neurongroup' (line 3), which it needs (Brian2 warns and sets it inactive)",
      "9: 'spikes' (spikemonitor, line 7) does not take part in this run or any later one: run() does not see 'neurongroup' (line 3), which it needs (Brian2 warns and sets it inactive)",
    ]);
  });
});

describe('start_scope() and collect()', () => {
  it('leaves objects of earlier scopes out of run() and collect()', () => {
    const m = model(`G = ${CELL}\nrun(2*ms)\nstart_scope()\nH = ${CELL}\nrun(3*ms)\nstart_scope()\nK = ${CELL}\nnet = Network(collect())\nnet.run(1*ms)\n`);
    expect(brief(m)).toEqual([
      { network: 'magicnetwork', objects: ['neurongroup'], start: 0, startStep: 0, steps: 20 },
      { network: 'magicnetwork', objects: ['neurongroup_1'], start: 0, startStep: 0, steps: 30 },
      { network: 'network', objects: ['neurongroup_2'], start: 0, startStep: 0, steps: 10 },
    ]);
  });

  it("refuses a run() that collects an object of another network (Brian2's RuntimeError)", () => {
    expect(errors(`H = ${CELL}\nnet = Network(H)\nnet.run(3*ms)\nrun(1*ms)\n`)).toEqual([
      [
        6,
        "Brian2's run() raises RuntimeError here: 'H' (neurongroup, line 3) has already been run in the Network 'network', and an object can only belong to one network",
      ],
    ]);
  });
});

describe('explicit Networks', () => {
  it("runs objects added between runs from the network's time, leaves removed ones out, rounds the steps as Brian2", () => {
    const m = model(`G = ${CELL}
net = Network(G, name='main')
net.run(12*ms)
H = ${CELL}
M = StateMonitor(H, 'v', record=0)
net.add([H], {'m': M})
net.run(20.05*ms)
net.remove(H, M)
net.run(8.05*ms)
`);
    expect(m.networks).toEqual([{ id: 'main', kind: 'explicit', pyName: 'net', span: expect.objectContaining({ line: 4 }) }]);
    expect(brief(m)).toEqual([
      { network: 'main', objects: ['neurongroup'], start: 0, startStep: 0, steps: 120 },
      { network: 'main', objects: ['neurongroup', 'neurongroup_1', 'statemonitor'], start: 0.012, startStep: 120, steps: 201 },
      // 12*ms + 20.05*ms is 0.03205 in floats, as in Brian2: calc_timestep rounds up to 321, the end 0.0401 to 401.
      { network: 'main', objects: ['neurongroup'], start: 0.03205, startStep: 321, steps: 80 },
    ]);
  });

  it('keeps one time per network', () => {
    const m = model(`A = ${CELL}\nB = ${CELL}\na = Network(A)\nb = Network(B)\na.run(5*ms)\nb.run(2*ms)\na.run(1*ms)\n`);
    expect(brief(m).map((r) => [r.network, r.startStep, r.steps])).toEqual([
      ['network', 0, 50],
      ['network_1', 0, 20],
      ['network', 50, 10],
    ]);
  });

  it("refuses an object added to a second network after it ran (Brian2's RuntimeError at the add)", () => {
    expect(errors(`G = ${CELL}\nnet1 = Network(G)\nnet1.run(5*ms)\nnet2 = Network()\nnet2.add(G)\nnet2.run(5*ms)\n`)).toEqual([
      [
        7,
        "Brian2 raises RuntimeError here: 'G' (neurongroup, line 3) has already been simulated (by the run() at line 5), so it cannot be added to another network",
      ],
    ]);
  });

  it("refuses synapses whose group is not in the network (Brian2's ValueError)", () => {
    expect(errors(`G = ${CELL}\nH = ${CELL}\nS = Synapses(G, H, on_pre='v += 0.1')\nS.connect()\nnet = Network(G, S)\nnet.run(5*ms)\n`)).toEqual([
      [8, "Brian2's net.run() raises ValueError here: 'S' (synapses, line 5) is in the network but not 'H' (neurongroup_1, line 4), which it needs"],
    ]);
  });

  it('takes the objects of a Network given to add()', () => {
    const m = model(`G = ${CELL}\ninner = Network(SpikeMonitor(G))\nnet = Network(G)\nnet.add(inner)\nnet.run(1*ms)\n`);
    expect(runs(m)[0]!.objects).toEqual(['neurongroup', 'spikemonitor']);
  });
});

describe('store() and restore()', () => {
  const storeRestore = (m: ModelIR) =>
    m.program
      .filter((a): a is Extract<ActionIR, { kind: 'store' | 'restore' }> => a.kind === 'store' || a.kind === 'restore')
      .map((a) => [a.kind, a.network, a.name, a.objects]);

  it("saves and puts back the network's objects and time, per network and name", () => {
    const m = model(`G = ${CELL}\nM = SpikeMonitor(G)\nnet = Network(G, M)\nnet.store('a')\nnet.run(5*ms)\nnet.restore('a')\nnet.run(3*ms)\nstore()\n`);
    expect(brief(m).map((r) => [r.start, r.startStep, r.steps])).toEqual([
      [0, 0, 50],
      [0, 0, 30],
    ]);
    expect(storeRestore(m)).toEqual([
      ['store', 'network', 'a', ['neurongroup', 'spikemonitor']],
      ['restore', 'network', 'a', ['neurongroup', 'spikemonitor']],
    ]);
  });

  it("refuses a restore() whose network holds other objects than were stored (Brian2's KeyError)", () => {
    expect(errors(`G = ${CELL}\nstore()\nM = SpikeMonitor(G)\nrun(5*ms)\nrestore()\nrun(1*ms)\n`)).toEqual([
      [7, "Brian2's restore() raises KeyError here: the stored state has nothing for 'M' (spikemonitor, line 5), created or added after store()"],
    ]);
    expect(errors(`G = ${CELL}\nnet = Network(G)\nnet.run(1*ms)\nnet.restore('x')\nnet.run(1*ms)\n`)).toEqual([
      [6, "net.restore('x') comes before any store('x') of this network (Brian2 raises KeyError)"],
    ]);
  });
});

describe('objects Brian2 never runs', () => {
  it('are left out with their initialisations (a group made only to plot a curve)', () => {
    const body = `curves = NeuronGroup(5, 'u : 1')\ncurves.u = 'i*0.5'\nstart_scope()\nG = ${CELL}\nrun(1*ms)\n`;
    const m = model(body);
    expect(m.groups.map((g) => g.id)).toEqual(['neurongroup_1']);
    expect(m.program.filter((a) => a.kind === 'set')).toEqual([]);
    expect(notes(body)).toContain(
      "3: 'curves' takes part in no run(), so it is not simulated (Brian2 runs only the objects run() collects or a Network holds)",
    );
  });

  it('keeps every object of a script that never calls run()', () => {
    const m = model(`G = ${CELL}\nM = SpikeMonitor(G)\n`);
    expect(m.groups.length).toBe(1);
    expect(m.monitors.length).toBe(1);
  });
});

describe('Loihi 2: one network', () => {
  const loihiErrors = (body: string) =>
    compileLoihi('model.py', HEAD + body)
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => [d.span?.line, d.message]);

  it('refuses a second simulation and a run that leaves objects out, located', () => {
    expect(loihiErrors(`def sim():\n    G = ${CELL}\n    M = SpikeMonitor(G)\n    run(2*ms)\nsim()\nsim()\n`)).toEqual([
      [
        6,
        "this run() does not simulate 'neurongroup_1' (line 4), 'spikemonitor_1' (line 5): the Loihi 2 backend simulates the whole model in every run(), as one network",
      ],
      [
        6,
        "this run() does not simulate 'neurongroup' (line 4), 'spikemonitor' (line 5): the Loihi 2 backend simulates the whole model in every run(), as one network",
      ],
    ]);
  });

  it('refuses a monitor created between runs at the monitor', () => {
    expect(loihiErrors(`G = ${CELL}\nrun(1*ms)\nM = SpikeMonitor(G)\nrun(1*ms)\n`)).toEqual([
      [5, 'a monitor created between two runs is not supported by the Loihi 2 backend'],
    ]);
  });
});
