// scipy.special.erf/erfc at build time, against the values scipy (managed environment) prints with repr().

import { describe, expect, it } from 'vitest';
import { erf, erfc } from '../../src/1-read/scipy-special.js';
import { compile } from '../../src/compile.js';

const SCIPY: [number, number, number][] = [
  // x, erf(x), erfc(x)
  [0.1, 0.1124629160182849, 0.8875370839817152],
  [-1.5, -0.9661051464753108, 1.9661051464753108],
  [2.42, 0.9993792834882711, 0.0006207165117289006],
  [4.0, 0.9999999845827421, 1.541725790028002e-8],
  [10.0, 1.0, 2.0884875837625446e-45],
];

describe('scipy.special', () => {
  it('erf and erfc agree with scipy to a few ulp', () => {
    for (const [x, e, c] of SCIPY) {
      expect(Math.abs(erf(x) - e)).toBeLessThanOrEqual(4e-16 * Math.abs(e));
      expect(Math.abs(erfc(x) - c)).toBeLessThanOrEqual(4e-15 * Math.abs(c));
    }
  });

  it('are called by scripts at build time (from scipy.special import erf)', () => {
    const r = compile(
      't.py',
      `from brian2 import *\nfrom scipy.special import erf\nimport scipy.special\nG = NeuronGroup(2, 'x : 1')\nG.x = erf(0.5) + scipy.special.erfc(0.5)\nrun(1*ms)\n`,
      'check',
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const set = r.model!.program.find((a) => a.kind === 'set');
    expect(set && set.kind === 'set' && set.value.kind === 'scalar' ? set.value.value : null).toBeCloseTo(1, 15);
  });
});
