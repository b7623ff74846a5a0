// Control flow that reaches run(): functions, dispatch tables, loops, `if __name__ == '__main__':`,
// serial maps of parallel pools; what follows the last run() (at any depth) is post-processing, and a
// run() that an earlier skipped statement could have changed is never silently dropped.

import { describe, expect, it } from 'vitest';
import { parsePython } from '../../grammars/python.js';
import { compile } from '../../src/compile.js';
import { readScript } from '../../src/1-read/index.js';
import { SourceFile } from '../../src/diagnostics/source.js';
import { runnersOf, soleRunCall, lastRunIndex } from '../../src/1-read/run-reach.js';

const HEAD = `from brian2 import *
G = NeuronGroup(2, 'dv/dt = (I - v)/(10*ms) : 1\\nI : 1', threshold='v > 0.8', reset='v = 0', method='exact')
M = SpikeMonitor(G)
`;

function check(body: string) {
  const r = compile('t.py', HEAD + body, 'check');
  const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.span?.line}: ${d.message}`);
  const notes = r.diagnostics.filter((d) => d.severity === 'note').map((d) => `${d.span?.line ?? '-'}: ${d.message}`);
  const program = (r.model?.program ?? []).map((a) =>
    a.kind === 'run' ? `run ${a.steps}` : a.kind === 'set' ? `set ${a.variable}=${a.value.kind === 'scalar' ? a.value.value : '?'}` : a.kind,
  );
  return { errors, notes, program };
}

describe('run() reached through the control flow', () => {
  it('follows functions called in loops, comprehensions and map()', () => {
    const r = check(`def stim(x):
    G.I = x
    run(1*ms)
for x in [1, 2]:
    stim(x)
[stim(x) for x in [3]]
list(map(stim, [4]))
`);
    expect(r.errors).toEqual([]);
    expect(r.program).toEqual(['set I=1', 'run 10', 'set I=2', 'run 10', 'set I=3', 'run 10', 'set I=4', 'run 10']);
  });

  it('follows dict dispatch with constant keys and lambdas', () => {
    const r = check(
      `def low():
    G.I = 0.5
    run(1*ms)
cmds = dict(low=low, high=lambda: (setattr_free := None) or run(2*ms))
MODE = 'low'
cmds[MODE]()
`.replace('(setattr_free := None) or ', ''),
    );
    expect(r.errors).toEqual([]);
    expect(r.program).toEqual(['set I=0.5', 'run 10']);
  });

  it("evaluates `if __name__ == '__main__':` and a main() whose analysis after the last run is post-processing", () => {
    const r = check(`def main():
    run(1*ms)
    h = np.histogram(M.t/ms, bins=3)
    return h
if __name__ == '__main__':
    out = main()
    plt.plot(out)
`);
    expect(r.errors).toEqual([]);
    expect(r.program).toEqual(['run 10']);
    expect(r.notes.some((n) => n.startsWith('6: lines 6-7 come after the last run()'))).toBe(true);
    expect(r.notes.some((n) => n.startsWith('10: line 10 comes after the last run()'))).toBe(true);
  });

  it('evaluates multiprocessing, concurrent.futures and joblib dispatch as a serial map in input order', () => {
    // Each call builds and runs a network of its own (several networks: recorded, built by a later phase).
    const text = `from brian2 import *
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from joblib import Parallel, delayed
def sim(tau):
    G = NeuronGroup(1, 'dv/dt = -v/tau : 1', method='exact')
    G.v = tau/ms
    run(1*ms)
    return G.v[0]
with multiprocessing.Pool(4) as p:
    a = p.map(sim, [1*ms, 2*ms])
with ProcessPoolExecutor(2) as ex:
    b = list(ex.map(sim, [3*ms]))
c = Parallel(n_jobs=2)(delayed(sim)(x) for x in [4*ms, 5*ms])
`;
    const r = readScript(new SourceFile('t.py', text));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const sets = r.script!.actions.filter((x) => x.kind === 'set').map((x) => (x.value.t === 'num' ? x.value.v : NaN));
    expect(sets).toEqual([1, 2, 3, 4, 5]);
    expect(r.script!.actions.filter((x) => x.kind === 'run').length).toBe(5);
    expect(r.script!.objects.filter((o) => o.kind === 'NeuronGroup').length).toBe(5);
    expect(r.script!.notes.some((n) => n.message.includes('serial map'))).toBe(true);
  });

  it("refuses a worker that changes or runs the script's own objects (it would change its own copy)", () => {
    const r = check(`import multiprocessing
def stim(x):
    G.I = x
    run(1*ms)
with multiprocessing.Pool(2) as p:
    p.map(stim, [1, 2])
`);
    expect(r.errors.join('\n')).toMatch(/multiprocessing.Pool.map calling stim, which changes 'G', created outside it/);
  });

  it('runs a loop body in tail position only on its last iteration', () => {
    const r = check(`for k in range(3):
    run(1*ms)
    rate = np.histogram(M.t/ms)
    G.I = 1.0
`);
    // np.histogram is not evaluated on the last iteration only: earlier ones feed the next run.
    expect(r.errors.length).toBeGreaterThan(0);
  });

  it('never drops a run() stopped by a value that skipped analysis left behind', () => {
    const r = check(`run(1*ms)
T = 1*ms
if M.num_spikes > 0:
    T = 2*ms
run(T)
`);
    expect(r.errors.join('\n')).toMatch(/depends on the if at line 6 \(its condition needs the simulation's results\)/);
  });

  it("evaluates code that depends on the simulation's results once as output only when it leaves the model alone", () => {
    // A loop over the synapses' indices that only plots, then another run(): accepted.
    const plotting = check(
      `S = Synapses(G, G, on_pre='v += 0.1')\nS.connect(p=0.5)\nimport matplotlib.pyplot as plt\nfor a, b in zip(S.i, S.j):\n    plt.plot([0, 1], [a, b])\nif M.num_spikes > 0:\n    print('spiked')\nrun(1*ms)\n`,
    );
    expect(plotting.errors).toEqual([]);
    // The same loop setting a variable of the model: refused at the loop.
    const changing = check(`S = Synapses(G, G, 'w : 1', on_pre='v += w')\nS.connect(p=0.5)\nfor a, b in zip(S.i, S.j):\n    G.v[a] = 0.5\nrun(1*ms)\n`);
    expect(changing.errors.join('\n')).toMatch(/^6: .*whether this loop changes the model/);
  });
});

describe('run-reach analysis', () => {
  const body = (src: string) => {
    const p = parsePython(src);
    expect(p.problems).toEqual([]);
    return p.body;
  };

  it('counts references, aliases, factories and containers as ways to run(), results as data', () => {
    const b = body(`def sim(x):
    run(x)
def make():
    return sim
f = sim
g = make()
tasks = [delayed(sim)(x) for x in xs]
handlers = []
handlers.append(sim)
results = [sim(x) for x in xs]
counts = pool.map(sim, xs)
`);
    const r = runnersOf(b);
    for (const n of ['run', 'sim', 'f', 'g', 'tasks', 'handlers', 'make']) expect(r.has(n), n).toBe(true);
    expect(r.has('results')).toBe(false);
    expect(r.has('counts')).toBe(false);
    expect(lastRunIndex(b, r)).toBe(8);
  });

  it('finds the one call through which a statement reaches run()', () => {
    const b = body(`out = main()
x = [sim(k) for k in ks]
y = sim(1) + sim(2)
`);
    const r = new Set(['run', 'main', 'sim']);
    expect(soleRunCall(b[0]!, r)).not.toBeNull();
    expect(soleRunCall(b[1]!, r)).toBeNull();
    expect(soleRunCall(b[2]!, r)).toBeNull();
  });
});
