// Temporaries in Brian2 code strings, as Brian2's abstract code declares them (codegen/translation.py
// make_statements, equations/unitcheck.py): `name = expr` with a name that is not a variable of the
// object declares a temporary typed by its expression; later statements read it; its units are those
// of the value last assigned.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';

function build(reset: string, onPre = 'v_post += w') {
  const text = `from brian2 import *
tau = 10*ms
G = NeuronGroup(2, 'dv/dt = (2 - v)/tau : 1\\nk : integer', threshold='v > 1', reset='''${reset}''', method='exact')
S = Synapses(G, G, 'w : 1', on_pre='''${onPre}''')
S.connect(j='1 - i')
run(1*ms)
`;
  const r = compile('t.py', text, 'lower');
  return { r, errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message) };
}

describe('temporaries of code strings', () => {
  it('declares a temporary on its first assignment and lets later statements read it', () => {
    const { r, errors } = build('excess = v - 1\nv = 0.5*excess');
    expect(errors).toEqual([]);
    const reset = r.model!.groups[0]!.kind === 'NeuronGroup' ? r.model!.groups[0]!.reset : [];
    expect(reset.map((s) => [s.target, s.temporary ?? false])).toEqual([
      ['__tmp_excess', true],
      ['v', false],
    ]);
    expect(JSON.stringify(reset[1]!.value.ast)).toContain('"name":"__tmp_excess","role":"temp"');
  });

  it('types a temporary by its expression: a boolean one can be a condition, an integer one stays integer', () => {
    expect(build('fired = v > 1.5\nv = 0.1*int(fired)').errors).toEqual([]);
    expect(build('m = k % 2\nk = m').errors).toEqual([]);
  });

  it('gives a temporary the units of its value and checks the statements that use it', () => {
    expect(build('dv = 3*mV\nv = 0').errors).toEqual([]);
    expect(build('dv = 3*mV\nv = dv').errors[0]).toMatch(/'v' is a plain number .*volt/);
    // Assigned again, it takes the new value's units (Brian2's unit check does the same).
    expect(build('x = 3*mV\nx = 0.2\nv = x').errors).toEqual([]);
  });

  it('works in synaptic code, also with an external name of the same name (the temporary wins, as in Brian2)', () => {
    expect(build('v = 0', 'tau = 0.5*w\nv_post += tau').errors).toEqual([]);
  });

  it('refuses an augmented assignment to a name that is neither a variable nor a temporary', () => {
    expect(build('acc += 1\nv = 0').errors[0]).toMatch(/'acc' cannot be assigned here/);
  });

  it('still refuses writing a read-only name (a subexpression, t, i)', () => {
    expect(build('t = 1*ms').errors[0]).toMatch(/'t' cannot be assigned here/);
  });
});
