// The script's process as `python script.py` starts it (no arguments, no environment variables of its
// own), and Python's own exceptions (index out of range, missing key, sys.exit, raise) caught by the
// script's try/except; the converter's own limits are never caught.

import { describe, expect, it } from 'vitest';
import { readScript } from '../../src/1-read/index.js';
import { SourceFile } from '../../src/diagnostics/source.js';

/** Evaluate a script and return the value bound to `x` (a number) and the error messages. */
function valueOfX(body: string): { x: number | string | null; errors: string[]; notes: string[] } {
  const r = readScript(new SourceFile('s.py', `from brian2 import *\n${body}\nG = NeuronGroup(1, 'dv/dt = -v/(10*ms) : 1', namespace={'x': x})\nrun(1*ms)\n`));
  const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  const g = r.script?.objects.find((o) => o.kind === 'NeuronGroup');
  const ns = g?.explicitNamespace?.get('x');
  const x = ns?.t === 'num' ? ns.v : ns?.t === 'str' ? ns.v : ns?.t === 'bool' ? String(ns.v) : null;
  return { x, errors, notes: r.script?.notes.map((n) => n.message) ?? [] };
}

describe('command line and environment', () => {
  it('sees no arguments: len(sys.argv) == 1, argv[0] is the script name, guarded reads take their default', () => {
    expect(valueOfX('import sys\nx = len(sys.argv)').x).toBe(1);
    expect(valueOfX('import sys\nx = sys.argv[0]').x).toBe('s.py');
    expect(valueOfX('import sys\nx = float(sys.argv[1]) if len(sys.argv) > 1 else 2.5').x).toBe(2.5);
    expect(valueOfX('import sys\ntry:\n    x = int(sys.argv[1])\nexcept IndexError:\n    x = 7').x).toBe(7);
  });

  it('refuses an unguarded argument with a message that says why', () => {
    const r = valueOfX('import sys\nx = int(sys.argv[1])');
    expect(r.errors).toEqual(['the script reads the command-line argument sys.argv[1], and `python s.py` gives none']);
  });

  it('sees no environment variables: get() and getenv() give their defaults, `in` is false, [] is refused', () => {
    expect(valueOfX("import os\nx = float(os.environ.get('N', '3.5'))").x).toBe(3.5);
    expect(valueOfX("import os\nx = os.getenv('N', 4)").x).toBe(4);
    expect(valueOfX("import os\nx = 'HOME' in os.environ").x).toBe('false');
    expect(valueOfX("from os import environ\nenviron['N'] = '2'\nx = int(environ['N'])").x).toBe(2);
    expect(valueOfX("import os\nx = os.environ['N']").errors[0]).toMatch(/environment variable N is read here/);
    expect(valueOfX("import os\nx = os.environ.get('N', 1)").notes.some((n) => n.includes('with no arguments and no environment variables'))).toBe(true);
  });

  it('skips making output folders (os.makedirs, os.mkdir) with a note', () => {
    const r = valueOfX("import os\nos.makedirs('results', exist_ok=True)\nx = 1");
    expect(r.errors).toEqual([]);
    expect(r.notes.some((n) => n.includes('os.makedirs() is skipped'))).toBe(true);
  });

  it('gives argparse defaults (typed, store_true, dest from the long flag) and refuses a required argument', () => {
    const args =
      "import argparse\np = argparse.ArgumentParser()\np.add_argument('-n', '--n-cells', type=int, default='12')\np.add_argument('--plot', action='store_true')\na = p.parse_args()\n";
    expect(valueOfX(`${args}x = a.n_cells`).x).toBe(12);
    expect(valueOfX(`${args}x = a.plot`).x).toBe('false');
    expect(valueOfX("import argparse\np = argparse.ArgumentParser()\np.add_argument('n')\nx = p.parse_args().n").errors[0]).toMatch(
      /the argument 'n' is required/,
    );
  });

  it('treats sys.exit() as SystemExit: refused uncaught, caught by except SystemExit', () => {
    expect(valueOfX('import sys\nsys.exit(2)\nx = 1').errors[0]).toMatch(/the script exits here \(status 2\)/);
    expect(valueOfX('import sys\ntry:\n    sys.exit()\nexcept SystemExit:\n    x = 5').x).toBe(5);
  });
});

describe('try/except', () => {
  it('catches Python exceptions by class and base class, runs else and finally', () => {
    expect(valueOfX("try:\n    x = {'a': 1}['b']\nexcept LookupError:\n    x = 2").x).toBe(2);
    expect(valueOfX('try:\n    x = 1\nexcept KeyError:\n    x = 2\nelse:\n    x = 3\nfinally:\n    x = x*10').x).toBe(30);
    expect(valueOfX("try:\n    raise ValueError('no')\nexcept (TypeError, ValueError):\n    x = 4").x).toBe(4);
    expect(valueOfX("try:\n    x = int('abc')\nexcept ValueError:\n    x = 6").x).toBe(6);
  });

  it('lets an exception the handlers do not name through, and re-raises with a bare raise', () => {
    expect(valueOfX('try:\n    x = [1][3]\nexcept KeyError:\n    x = 2').errors[0]).toMatch(/index 3 is out of range/);
    expect(valueOfX('try:\n    x = [1][3]\nexcept IndexError:\n    raise').errors[0]).toMatch(/index 3 is out of range/);
    expect(valueOfX("raise RuntimeError('stop')\nx = 1").errors[0]).toBe('the script raises RuntimeError: stop here');
  });

  it('never catches a limit of the converter (Python would not have raised there)', () => {
    const r = valueOfX('try:\n    x = np.some_function_nobody_knows(3)\nexcept Exception:\n    x = 2');
    expect(r.errors[0]).toMatch(/numpy/);
  });
});
