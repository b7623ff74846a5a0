// numpy as a model script sees it: the module table (numpy's functions live in numpy-create.ts and
// numpy-math.ts, over the n-d array of ndarray.ts), array methods (numpy-methods.ts), and numpy.random
// as deferred draws (a random array becomes a per-element `rand()` expression the generated project
// evaluates, seeded).

import type { Loc } from '../../grammars/ast.js';
import { call as scall, num as snum, add as sadd, mul as smul, sym, SExpr } from '../symbolic/expr.js';
import { Dim, DIMENSIONLESS, isDimensionless, sameDim } from '../units/dimension.js';
import { seedValue } from './calls.js';
import type { EvalContext } from './context.js';
import { arg, numeric } from './numeric.js';
import { BRIAN2_CREATE_FUNCTIONS, CREATE_FUNCTIONS, dtypeConstructor } from './numpy-create.js';
import { BRIAN2_MATH_FUNCTIONS, MATH_FUNCTIONS } from './numpy-math.js';
import { FILE_FUNCTIONS as READ_FUNCTIONS } from './numpy-files.js';
import { builtin, describe, num, type CallArgs, type Value } from './values.js';

type Fn = (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value) => Value;

function shapeArg(v: Value, loc: Loc, ctx: EvalContext): number[] {
  const entry = (x: Value) => {
    if (!(x.t === 'num' && Number.isInteger(x.v))) return ctx.fail('type-error', loc, { detail: 'shape entries must be integers', hint: 'use whole numbers' });
    if (x.v < 0) return ctx.fail('value-error', loc, { detail: `negative dimensions are not allowed (${x.v})`, hint: 'give a size of 0 or more' });
    return x.v;
  };
  if (v.t === 'num' && Number.isInteger(v.v)) return [entry(v)];
  if (v.t === 'tuple' || v.t === 'list') return v.items.map(entry);
  return ctx.fail('type-error', loc, { detail: `a shape must be an integer or a tuple, not ${describe(v)}`, hint: 'e.g. zeros(100) or zeros((10, 5))' });
}

// ---------------------------------------------------------------- random: deferred per-element draws

function sizeArg(args: CallArgs, k: number, ctx: EvalContext, name = 'size'): number | null {
  const a = arg(args, k, name);
  if (!a || a.value.t === 'none') return null;
  const shape = shapeArg(a.value, a.loc, ctx);
  if (shape.length !== 1) ctx.fail('unsupported', a.loc, { what: 'multi-dimensional random arrays', hint: 'draw one value per neuron or synapse' });
  return shape[0]!;
}

function lazyRandom(expr: SExpr, dim: Dim, n: number | null, loc: Loc, ctx: EvalContext, what: string): Value {
  if (n === null) {
    return ctx.fail('unsupported', loc, {
      what: `a single random number drawn while the model is built (${what})`,
      hint: "draw per neuron in a Brian2 string instead, e.g. G.v = 'v0 + rand()*mV'",
    });
  }
  ctx.script.numpyDraws.push({ what: `numpy.random.${what}`, loc });
  return { t: 'lazy', owner: null, n, expr, dim, loc };
}

function scalarParam(args: CallArgs, k: number, name: string, dflt: number, ctx: EvalContext): { v: number; dim: Dim } {
  const a = arg(args, k, name);
  if (!a) return { v: dflt, dim: DIMENSIONLESS };
  const n = numeric(a.value, a.loc, ctx);
  if (!n.scalar) ctx.fail('unsupported', a.loc, { what: 'random draws with per-element parameters', hint: 'use a Brian2 string expression' });
  return { v: n.a.data[0]!, dim: n.dim };
}

const RANDOM: Record<string, Fn> = {
  rand: (args, ctx) => lazyRandom(scall('rand'), DIMENSIONLESS, args.positional.length ? numeric(args.positional[0]!, args.loc, ctx).a.data[0]! : null, args.loc, ctx, 'rand()'),
  randn: (args, ctx) => lazyRandom(scall('randn'), DIMENSIONLESS, args.positional.length ? numeric(args.positional[0]!, args.loc, ctx).a.data[0]! : null, args.loc, ctx, 'randn()'),
  random: (args, ctx) => lazyRandom(scall('rand'), DIMENSIONLESS, sizeArg(args, 0, ctx), args.loc, ctx, 'random()'),
  random_sample: (args, ctx) => lazyRandom(scall('rand'), DIMENSIONLESS, sizeArg(args, 0, ctx), args.loc, ctx, 'random_sample()'),
  uniform: (args, ctx) => {
    const lo = scalarParam(args, 0, 'low', 0, ctx);
    const hi = scalarParam(args, 1, 'high', 1, ctx);
    const dim = isDimensionless(lo.dim) && lo.v === 0 ? hi.dim : lo.dim;
    if (!sameDim(lo.dim, hi.dim) && !(lo.v === 0 && isDimensionless(lo.dim))) ctx.fail('unit-mismatch', args.loc, { detail: 'uniform(): low and high have different units', hint: 'give both in the same units' });
    return lazyRandom(sadd(snum(lo.v), smul(snum(hi.v - lo.v), scall('rand'))), dim, sizeArg(args, 2, ctx), args.loc, ctx, 'uniform()');
  },
  normal: (args, ctx) => {
    const mu = scalarParam(args, 0, 'loc', 0, ctx);
    const sd = scalarParam(args, 1, 'scale', 1, ctx);
    const dim = isDimensionless(mu.dim) && mu.v === 0 ? sd.dim : mu.dim;
    return lazyRandom(sadd(snum(mu.v), smul(snum(sd.v), scall('randn'))), dim, sizeArg(args, 2, ctx), args.loc, ctx, 'normal()');
  },
  randint: (args, ctx) => {
    let lo = scalarParam(args, 0, 'low', 0, ctx).v;
    const hiArg = arg(args, 1, 'high');
    let hi: number;
    if (!hiArg || hiArg.value.t === 'none') {
      hi = lo;
      lo = 0;
    } else hi = numeric(hiArg.value, hiArg.loc, ctx).a.data[0]!;
    return lazyRandom(scall('floor', sadd(snum(lo), smul(snum(hi - lo), scall('rand')))), DIMENSIONLESS, sizeArg(args, 2, ctx), args.loc, ctx, 'randint()');
  },
  seed: (args, ctx) => {
    const a = arg(args, 0, 'seed');
    let value: number | null = null;
    if (a && a.value.t !== 'none') {
      const v = a.value;
      if (v.t !== 'num' || !v.int) return ctx.fail('unsupported', a.loc, { what: 'numpy.random.seed() with anything but one integer', hint: 'seed with an integer, e.g. np.random.seed(42)' });
      value = seedValue(v.v, a.loc, ctx);
      if (ctx.script.seed === null) ctx.script.seed = { value, loc: a.loc };
    }
    ctx.script.actions.push({ kind: 'seed', value, loc: args.loc });
    return { t: 'none' };
  },
};

export const numpyRandomModule: Value = {
  t: 'module',
  name: 'numpy.random',
  members: (name) => {
    const f = RANDOM[name];
    if (f) return builtin(name, f);
    if (name === 'default_rng' || name === 'RandomState') {
      return builtin(name, (args, ctx) => ctx.fail('unsupported', args.loc, { what: `numpy.random.${name}()`, hint: 'use numpy.random.rand/randn/uniform/normal or Brian2 strings with rand()' }));
    }
    return undefined;
  },
};


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

const DTYPES = ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'float32', 'float64', 'float_', 'int_', 'intc', 'bool_', 'double', 'single', 'uint'];

export function numpyMember(name: string): Value | undefined {
  const f = NUMPY_FUNCTIONS[name];
  if (f) return builtin(name, f);
  if (name in NUMPY_CONSTANTS) return NUMPY_CONSTANTS[name];
  if (DTYPES.includes(name)) return builtin(name, dtypeConstructor(name));
  if (name === 'random') return numpyRandomModule;
  if (FILE_FUNCTIONS.has(name)) {
    return builtin(name, (args, ctx) => ctx.fail('unsupported', args.loc, { what: `reading or writing files while the model is built (numpy.${name})`, hint: 'write the values into the script, e.g. as a list or a numpy array' }));
  }
  // numpy.r_ is indexed (subscript.ts); calling it is an error.
  if (name === 'r_') return builtin('r_', (args, ctx) => ctx.fail('type-error', args.loc, { detail: 'numpy.r_ is indexed, not called', hint: 'write np.r_[a, b]' }));
  return undefined;
}

/** The numpy names `from brian2 import *` gives, where Brian2 has its own unit-aware version. */
export function brian2NumpyMember(name: string): Value | undefined {
  const f = BRIAN2_CREATE_FUNCTIONS[name] ?? BRIAN2_MATH_FUNCTIONS[name];
  return f ? builtin(name, f) : numpyMember(name);
}

export const numpyModule: Value = { t: 'module', name: 'numpy', members: numpyMember };

export { arrayAttribute } from './numpy-methods.js';
export { DIMENSIONLESS, describe, sym };
