// numpy.divmod / floor_divide at build time, against what numpy 1.26 prints for the same arrays
// (floats divided from the remainder, as numpy does: divmod(0.3, 0.1) == (2.0, 0.09999999999999998)).

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';

function values(expr: string): number[] {
  const r = compile('t.py', `from brian2 import *\nimport numpy as np\nG = NeuronGroup(5, 'x : 1')\nG.x = ${expr}\nrun(1*ms)\n`, 'check');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const set = r.model!.program.find((a) => a.kind === 'set');
  return set && set.kind === 'set' && set.value.kind === 'array' ? [...set.value.values] : [];
}

describe('numpy.divmod', () => {
  it('gives numpy floor quotients and remainders of integers and floats', () => {
    expect(values('np.divmod(np.array([7, -7, 7, -7, 5]), np.array([2, 2, -2, -2, 5]))[0]')).toEqual([3, -4, -4, 3, 1]);
    expect(values('np.divmod(np.array([7, -7, 7, -7, 5]), np.array([2, 2, -2, -2, 5]))[1]')).toEqual([1, 1, -1, -1, 0]);
    expect(values('np.divmod(np.array([7.5, -7.5, 0.3, -1e-20, 1.0]), np.array([2.0, 2.0, 0.1, 3.0, 0.1]))[0]')).toEqual([3, -4, 2, -1, 9]);
    expect(values('np.floor_divide(np.array([7.5, -7.5, 0.3, -1e-20, 1.0]), np.array([2.0, 2.0, 0.1, 3.0, 0.1]))')).toEqual([3, -4, 2, -1, 9]);
    expect(values('np.divmod(np.array([7.5, -7.5, 0.3, -1e-20, 1.0]), np.array([2.0, 2.0, 0.1, 3.0, 0.1]))[1]')).toEqual([
      1.5, 0.5, 0.09999999999999998, 3.0, 0.09999999999999995,
    ]);
  });
});
