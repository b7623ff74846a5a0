// numpy as a model script sees it: the module table (numpy's functions live in numpy-create.ts and
// numpy-math.ts, over the n-d array of ndarray.ts), array methods (numpy-methods.ts), and numpy.random
// (numpy-random.ts: draws made by the generated project in the script's order). A function given
// random numbers drawn that way is replayed by the project (drawn.ts).

import { sym } from '../symbolic/expr.js';
import { DIMENSIONLESS } from '../units/dimension.js';
import type { EvalContext } from './context.js';
import { BRIAN2_CREATE_FUNCTIONS, CREATE_FUNCTIONS, dtypeConstructor } from './numpy-create.js';
import { BRIAN2_MATH_FUNCTIONS, MATH_FUNCTIONS } from './numpy-math.js';
import { FILE_FUNCTIONS as READ_FUNCTIONS } from './numpy-files.js';
import { numpyRandomModule } from './numpy-random.js';
import { withDrawn } from './drawn.js';
import { builtin, describe, num, type CallArgs, type Value } from './values.js';
import { NUMPY_DTYPE_NAMES } from './numpy-dtypes.js';

type Fn = (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value) => Value;

// ---------------------------------------------------------------- module table

export const NUMPY_FUNCTIONS: Record<string, Fn> = { ...CREATE_FUNCTIONS, ...MATH_FUNCTIONS, ...READ_FUNCTIONS };

const NUMPY_CONSTANTS: Record<string, Value> = {
  pi: num(Math.PI),
  e: num(Math.E),
  inf: num(Infinity),
  Inf: num(Infinity),
  nan: num(NaN),
  NaN: num(NaN),
  newaxis: { t: 'none' },
};

const FILE_FUNCTIONS = new Set(['genfromtxt', 'save', 'savez', 'savez_compressed', 'savetxt', 'fromfile', 'memmap', 'tofile']);

const DTYPES = NUMPY_DTYPE_NAMES;

export function numpyMember(name: string): Value | undefined {
  const f = NUMPY_FUNCTIONS[name];
  if (f) return builtin(name, withDrawn(name, f));
  if (name in NUMPY_CONSTANTS) return NUMPY_CONSTANTS[name];
  if (DTYPES.includes(name)) return builtin(name, dtypeConstructor(name));
  if (name === 'random') return numpyRandomModule;
  if (FILE_FUNCTIONS.has(name)) {
    return builtin(name, (args, ctx) =>
      ctx.fail('unsupported', args.loc, {
        what: `reading or writing files while the model is built (numpy.${name})`,
        hint: 'write the values into the script, e.g. as a list or a numpy array',
      }),
    );
  }
  // numpy.r_ is indexed (subscript.ts); calling it is an error.
  if (name === 'r_')
    return builtin('r_', (args, ctx) => ctx.fail('type-error', args.loc, { detail: 'numpy.r_ is indexed, not called', hint: 'write np.r_[a, b]' }));
  return undefined;
}

/** The numpy names `from brian2 import *` gives, where Brian2 has its own unit-aware version. */
export function brian2NumpyMember(name: string): Value | undefined {
  const f = BRIAN2_CREATE_FUNCTIONS[name] ?? BRIAN2_MATH_FUNCTIONS[name];
  return f ? builtin(name, withDrawn(name, f)) : numpyMember(name);
}

export const numpyModule: Value = { t: 'module', name: 'numpy', members: numpyMember };

export { arrayAttribute } from './numpy-methods.js';
export { numpyRandomModule };
export { DIMENSIONLESS, describe, sym };
