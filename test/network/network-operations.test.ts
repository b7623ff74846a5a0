// Network operations (`@network_operation`, `NetworkOperation(f)`): what the IR holds (slot, clock, the
// runs they take part in), the schedule place Brian2 gives them ((when, order, name), default 'start'),
// the cpu project's calls, and the refusals (Loihi 2, stop() before a later run). Facts checked against
// Brian2 2.5.4 (core/operations.py, core/network.py).

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import type { ModelIR, RunIR } from '../../src/2-model/ir.js';
import { compileLoihi } from '../../src/4-targets/loihi2/compile.js';

const HEAD = `from brian2 import *
defaultclock.dt = 0.1*ms
G = NeuronGroup(2, 'dv/dt = (1.5 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
`;

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
  return compile('model.py', HEAD + body, 'lower')
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => [d.span?.line, d.message] as const);
}

const runs = (m: ModelIR) => m.program.filter((a): a is RunIR => a.kind === 'run');

describe('network operations in the IR', () => {
  it('takes the decorator forms with Brian2 names, slots and clocks, and joins the magic network', () => {
    const m = model(`@network_operation
def a():
    G.v += 0.1

@network_operation(dt=1*ms, when='end', order=2)
def b(t):
    G.v[0] = t/second

M = StateMonitor(G, 'v', record=0)
run(2*ms)
`);
    expect(m.networkOperations.map((o) => ({ id: o.id, pyName: o.pyName, slot: o.slot, dt: o.dt, timeParam: o.timeParam }))).toEqual([
      { id: 'networkoperation', pyName: 'a', slot: { when: 'start', order: 0 }, dt: null, timeParam: null },
      { id: 'networkoperation_1', pyName: 'b', slot: { when: 'end', order: 2 }, dt: 0.001, timeParam: 't' },
    ]);
    expect(runs(m)[0]!.objects).toEqual(['neurongroup', 'statemonitor', 'networkoperation', 'networkoperation_1']);
  });

  it('NetworkOperation(f) in a Network runs only in that network; one the run does not collect is left out with a note', () => {
    const r = check(`def push():
    G.v += 0.2

op = NetworkOperation(push, dt=0.5*ms, name='pusher')
net = Network(G, op)
net.run(1*ms)
def unused():
    G.v = 0
start_scope()
H = NeuronGroup(1, 'x : 1')
@network_operation
def other():
    H.x += 1
run(1*ms)
`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.model!.networkOperations.map((o) => o.id)).toEqual(['pusher', 'networkoperation']);
    expect(runs(r.model!).map((x) => x.objects)).toEqual([
      ['neurongroup', 'pusher'],
      ['neurongroup_1', 'networkoperation'],
    ]);
  });

  it('resolves names only for the runs the operation takes part in (a name rebound for later networks does not matter)', () => {
    const m = model(`@network_operation
def kick():
    G.v += 0.1
run(1*ms)
start_scope()
G = NeuronGroup(3, 'x : 1')
run(1*ms)
`);
    expect(m.networkOperations).toHaveLength(1);
    expect(runs(m).map((x) => x.objects)).toEqual([['neurongroup', 'networkoperation'], ['neurongroup_1']]);
  });

  it('counts numpy.random in an operation as draws made every step (verify compares stats without seed)', () => {
    const m = model(`@network_operation
def kick():
    G.v += 0.1*rand()
run(1*ms)
`);
    expect(m.random.draws).toBe(true);
    expect(m.random.exact).toBe(false);
    const seeded = model(`seed(3)
@network_operation
def kick():
    G.v += 0.1*np.random.rand(2)
run(1*ms)
`);
    expect(seeded.random.exact).toBe(true);
  });
});

describe('the schedule and the cpu project', () => {
  it('sorts operations by (when, order, name) with the other objects: start before groups, a monitor in start after by name', () => {
    const r = compile(
      'model.py',
      `${HEAD}M = StateMonitor(G, 'v', record=0, when='start')
@network_operation
def first():
    G.v += 0.1
@network_operation(when='start', order=-1)
def earlier():
    G.v *= 0.5
run(1*ms)
`,
      'lower',
    );
    const ops = r.lowered!.schedule.map((e) => ('operation' in e ? `op:${e.operation}` : 'monitor' in e ? `mon:${e.monitor}` : `${e.op}`));
    expect(ops.slice(0, 3)).toEqual(['op:networkoperation_1', 'op:networkoperation', 'mon:statemonitor']);
  });

  it('calls an operation with its own clock every K steps with its time, and stop() ends the run after the step', () => {
    const r = compile(
      'model.py',
      `${HEAD}S = SpikeMonitor(G)
@network_operation(dt=0.5*ms)
def watch(t):
    if S.num_spikes > 3 and t > 2*ms:
        stop()
run(10*ms)
`,
      'emit',
    );
    const files = r.files!;
    const sim = files.get('engine/simulation.py') as string;
    expect(sim).toContain('if n % 5 == 0:\n            _ops.watch(self, self._g, _np.float64(n // 5 * 0.0005))');
    expect(sim).toContain('def stop(self):');
    const ops = files.get('engine/operations.py') as string;
    expect(ops).toContain('if _sim._m_spikemonitor.num_events() > 3 and t > 2 * _u_ms:');
    expect(ops).toContain('_sim.stop()');
  });
});

describe('refusals', () => {
  it('Loihi 2: an operation is host Python between steps (located)', () => {
    const r = compileLoihi(
      'model.py',
      `${HEAD}@network_operation
def kick():
    G.v += 0.1
run(1*ms)
`,
    );
    const e = r.diagnostics.filter((d) => d.severity === 'error');
    expect(e.map((d) => [d.span?.line, d.message])).toEqual([
      [4, expect.stringContaining("the network operation 'kick' is Python that Brian2 runs on the host inside the time steps")],
    ]);
  });

  it('after a possible stop(): store(), and a run with an operation on its own clock; a dt that is not a multiple of defaultclock.dt', () => {
    expect(
      errors(`@network_operation
def halt():
    stop()
@network_operation(dt=0.5*ms)
def tick():
    G.v += 0.1
run(1*ms)
run(1*ms)
store()
run(1*ms)
`),
    ).toEqual([
      [11, expect.stringContaining("a run() with the network operation 'tick' (dt = 0.0005 s) after one that 'halt' may end early with stop()")],
      [12, expect.stringContaining("store() after a run whose network operation 'halt' may call stop()")],
    ]);
    expect(
      errors(`@network_operation(dt=0.15*ms)
def kick():
    G.v += 0.1
run(1*ms)
`),
    ).toEqual([[4, expect.stringContaining('is not a whole multiple of defaultclock.dt')]]);
  });

  it('an operation with its own clock added to a network whose time is between two of its ticks', () => {
    expect(
      errors(`net = Network(G)
net.run(0.3*ms)
@network_operation(dt=0.5*ms)
def kick():
    G.v += 0.1
net.add(kick)
net.run(1*ms)
`),
    ).toEqual([[10, expect.stringContaining('a run() that starts at a time (step 3) that is not a multiple of the dt')]]);
  });
});

describe('bodies', () => {
  it('take subgroups sliced in the body, index variables, len() of objects, dict keys and Python types as values', () => {
    const r = compile(
      'model.py',
      `${HEAD}S = Synapses(G, G, 'w : 1', on_pre='v_post += w')
S.connect()
opts = {'k': 2.0}
@network_operation
def op():
    G[1:].v = opts['k']*G.i[1:]
    S.w = np.array(S.i + S.j, dtype=float)/len(S) + len(G)
run(1*ms)
`,
      'emit',
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ops = r.files!.get('engine/operations.py') as string;
    expect(ops).toContain("_sim.neurongroup.v[1:2][...] = _g.opts['k'] * _np.arange(2)[1:]");
    expect(ops).toContain('_sim.synapses.w[...] = _np.array(_sim.synapses.i.copy() + _sim.synapses.j.copy(), dtype=float) / _sim.synapses.N + 2');
  });

  it('refuses a subgroup bound to a local name and a string condition on a variable (located)', () => {
    expect(
      errors(`@network_operation
def op():
    sub = G[1:]
    G.v['i > 0'] = 1
run(1*ms)
`),
    ).toEqual([[6, expect.stringContaining("uses the Subgroup 'G[1:2]' as a value")]]);
  });

  it('refuses writing a linked variable and the rates of a PoissonGroup given as an expression (located)', () => {
    expect(
      errors(`L = NeuronGroup(2, 'y : 1 (linked)')
L.y = linked_var(G, 'v')
P = PoissonGroup(2, rates='10*Hz + t*Hz/ms')
@network_operation
def op():
    L.y = 0.5
@network_operation
def op2():
    P.rates = 5*Hz
run(1*ms)
`),
    ).toEqual([
      [9, expect.stringContaining("sets the linked variable 'y' of the NeuronGroup 'L'")],
      [12, expect.stringContaining("uses the rates of the PoissonGroup 'P', given as an expression")],
    ]);
  });

  it('a run after a stop() continues from the network time: its start and steps come from the project, with one step of slack', () => {
    const r = compile(
      'model.py',
      `${HEAD}M = StateMonitor(G, 'v', record=0)
@network_operation
def halt():
    if G.v[0] > 0.5:
        stop()
run(2*ms)
run(1.05*ms)
`,
      'emit',
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const runsL = r.lowered!.program.filter((a) => a.kind === 'run');
    expect(runsL.map((a) => (a as { afterStop?: unknown }).afterStop ?? null)).toEqual([null, { duration: 1.05 * 0.001 }]);
    expect(r.lowered!.totalSteps).toBe(20 + 11 + 1);
    const sim = r.files!.get('engine/simulation.py') as string;
    expect(sim).toMatch(
      /self\._step_0, \(self\.neurongroup,\), \(\(self\.clocks\[0\], 0\.0001, 20, 31\),\), self\.clocks\[0\], _np\.float64\([^)]*\), 'magicnetwork', _np\.float64\(0\.0010500000000000002\)\),/,
    );
    expect(sim).toContain('last = _rt.clock_timestep(first * dt + after_stop, dt)');
  });

  it("refuses a global that the script never binds and every body reads before assigning (Python's NameError)", () => {
    expect(
      errors(`@network_operation
def count():
    global calls
    calls = calls + 1
run(1*ms)
`),
    ).toEqual([[7, expect.stringContaining("reads 'calls', which the script never binds and no operation assigns before reading it")]]);
    expect(
      errors(`@network_operation
def reset():
    global calls
    calls = 0
@network_operation(when='end')
def count():
    global calls
    calls += 1
    G.v = calls*0.1
run(1*ms)
`),
    ).toEqual([]);
  });
});
