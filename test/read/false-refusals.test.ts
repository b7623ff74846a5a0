// Forms Brian2 accepts and the converter used to refuse, and what Brian2 itself refuses of them.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';

function errors(text: string): string[] {
  const r = compile('t.py', `from brian2 import *\nimport numpy as np\n${text}\nrun(1*ms)\n`, 'check');
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

const G = "G = NeuronGroup(2, 'dv/dt = -v/(10*ms) : volt', threshold='v > 1*mV', reset='v = 0*mV', method='exact')";

describe('false refusals', () => {
  it('accepts values without units for a variable with units exactly where Brian2 does (zeros, not lists)', () => {
    for (const v of ['0', '0.0', 'False', 'np.zeros(2)']) expect(errors(`${G}\nG.v = ${v}`), v).toEqual([]);
    for (const v of ['1', '[0, 0]', "'0'"]) expect(errors(`${G}\nG.v = ${v}`)[0], v).toMatch(/'v' is in volt but the value/);
  });

  it('reserves delay and j in Synapses only (a NeuronGroup may have them), and never reads a target variable for the synapses own delay', () => {
    expect(errors("H = NeuronGroup(1, 'delay : second\\nj : 1')")).toEqual([]);
    expect(errors("H = NeuronGroup(1, 'dv/dt = -v/(10*ms) : 1', threshold='v>1')\nS = Synapses(H, H, 'delay : second', on_pre='v += 1')")[0]).toMatch(
      /'delay' is a name Brian2 reserves/,
    );
    expect(
      errors("delay = 3*mV\nH = NeuronGroup(1, 'dv/dt = -v/(10*ms) : volt', threshold='v>1*mV')\nS = Synapses(H, H, on_pre='v_post += delay')\nS.connect()")[0],
    ).toMatch(/'v_post' is in volt but the value has units of second/);
  });

  it('runs @check_units functions with their checks, and refuses them inside Brian2 code', () => {
    const def = '@check_units(x=volt, result=volt)\ndef twice(x):\n    return 2*x\n';
    expect(errors(`${def}${G}\nG.v = twice(1*mV)`)).toEqual([]);
    expect(errors(`${def}${G}\nG.v = twice(1)`)[0]).toMatch(/the argument 'x' of twice\(\) should have units of volt/);
    expect(errors(`${def}H = NeuronGroup(1, 'dv/dt = (twice(1*mV) - v)/(10*ms) : volt')`)[0]).toMatch(
      /calling the script's Python function 'twice' in Brian2 code/,
    );
  });

  it('lets complex numbers be computed for analysis, and refuses them where the model uses them', () => {
    expect(errors(`z = np.exp(1j*np.pi)\nprint(abs(z))\n${G}`)).toEqual([]);
    expect(errors(`z = 2 + 1j\n${G}\nG.v = abs(z)*mV`)[0]).toMatch(/the value assigned to v cannot be known/);
  });

  it('treats a generator as output: iterating it may not change the model', () => {
    expect(errors(`def gen():\n    yield 1\n${G}\nfor x in gen():\n    print(x)`)).toEqual([]);
    expect(errors(`def gen():\n    yield 1\n${G}\nfor x in gen():\n    G.v = 1*mV`)[0]).toMatch(/whether this loop changes the model/);
  });

  it('keeps attributes set on functions', () => {
    expect(errors(`def f():\n    return 1\nf.n = 2*mV\n${G}\nG.v = f.n`)).toEqual([]);
  });
});
