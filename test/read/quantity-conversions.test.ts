// int() and float() of Brian2 quantities: Python converts them with their value in SI units, whatever
// the units (int(0.05/defaultclock.dt) counts steps in NeuroML exports), so the converter does too.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';

const run = (body: string) => {
  const r = compile('t.py', `from brian2 import *\n${body}`, 'check');
  return { errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), program: r.model?.program ?? [] };
};

describe('int() / float() of quantities', () => {
  it('take the SI value, truncating toward zero as Python does', () => {
    const r = run(
      `G = NeuronGroup(1, 'x : 1')\nG.x = int(2.7*second) + 10*int(-2.7*second) + 100*float(3*mV)\nrun(int(0.05/defaultclock.dt)*defaultclock.dt)\n`,
    );
    expect(r.errors).toEqual([]);
    const set = r.program.find((a) => a.kind === 'set');
    expect(set && set.kind === 'set' && set.value.kind === 'scalar' ? set.value.value : null).toBeCloseTo(2 - 20 + 0.3, 12);
    const steps = r.program.filter((a) => a.kind === 'run').map((a) => (a.kind === 'run' ? a.steps : 0));
    expect(steps).toEqual([500]);
  });
});
