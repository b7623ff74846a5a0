// Classes of the script as Python runs them: the body once, instances initialised by __init__,
// attributes on the instance then the class and its base, methods bound, staticmethod/classmethod/
// property; a method that reaches run() makes its call a run statement (never post-processing).

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';

function check(body: string) {
  const r = compile('t.py', `from brian2 import *\n${body}\n`, 'check');
  return {
    errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    program: (r.model?.program ?? []).map((a) =>
      a.kind === 'run' ? `run ${a.steps}` : a.kind === 'set' ? `set ${a.variable}=${a.value.kind === 'scalar' ? a.value.value : '?'}` : a.kind,
    ),
    groups: r.model?.groups.map((g) => g.n) ?? [],
  };
}

const SIM = `class Sim:
    scale = 2
    def __init__(self, n):
        self.G = NeuronGroup(n*Sim.scale, 'dv/dt = (I - v)/(10*ms) : 1\\nI : 1', threshold='v > 1', reset='v = 0', method='exact')
        self.net = Network(self.G)
    @staticmethod
    def drive(k):
        return 1.5 + k
    @classmethod
    def make(cls, n):
        return cls(n)
    @property
    def size(self):
        return len(self.G)
    def simulate(self, k):
        self.G.I = self.drive(k)
        self.net.run(1*ms)
`;

describe('classes', () => {
  it('builds and runs through instances, class attributes and the three decorators', () => {
    const r = check(`${SIM}sim = Sim.make(2)\nsim.simulate(sim.size)`);
    expect(r.errors).toEqual([]);
    expect(r.groups).toEqual([4]);
    expect(r.program).toEqual(['set I=5.5', 'run 10']);
  });

  it('counts a method call that reaches run() as a run statement, so what precedes it is evaluated', () => {
    const r = check(`${SIM}sim = Sim(1)\nsim.G.I = 0.5\nsim.simulate(0)`);
    expect(r.program).toEqual(['set I=0.5', 'set I=1.5', 'run 10']);
  });

  it('looks attributes up on a base class and calls its __init__ explicitly', () => {
    const r = check(`${SIM}class Big(Sim):\n    def __init__(self):\n        Sim.__init__(self, 3)\nb = Big()\nb.simulate(0)`);
    expect(r.groups).toEqual([6]);
  });

  it('refuses super(), class decorators and unknown attributes with located reasons', () => {
    expect(check(`${SIM}class Big(Sim):\n    def __init__(self):\n        super().__init__(3)\nb = Big()\nb.simulate(0)`).errors[0]).toMatch(/super\(\)/);
    expect(check(`${SIM}s = Sim(1)\ns.nope.run(1*ms)`).errors[0]).toMatch(/'Sim object' has no attribute 'nope'/);
  });
});
