// The part of numpy that model scripts use to build parameters and connectivity: array creation,
// elementwise maths with Brian2's unit rules, reductions, and numpy.random as deferred draws (a random
// array becomes a per-element `rand()` expression the generated project evaluates, seeded).

import type { Loc } from '../../grammars/ast.js';
import { call as scall, num as snum, add as sadd, mul as smul, sym, SExpr } from '../symbolic/expr.js';
import { Dim, DIMENSIONLESS, isDimensionless, sameDim } from '../units/dimension.js';
import type { EvalContext } from './context.js';
import { iterate } from './iterate.js';
import { castTo, DType, MAX_ELEMENTS, nd, NDArray, promote, reshape } from './ndarray.js';
import { arg, dimensionlessFn, numeric, reduce, requireArg, sameUnits, sqrtDim, toValue, unitFn } from './numeric.js';
import { fromNumeric } from './operators.js';
import { builtin, describe, int, num, type CallArgs, type Value } from './values.js';

type Fn = (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value) => Value;

function dtypeArg(args: CallArgs): DType | null {
  const d = args.keywords.get('dtype');
  if (!d) return null;
  const name = d.t === 'builtin' ? d.name : d.t === 'str' ? d.v : '';
  if (/int/.test(name)) return 'int';
  if (/bool/.test(name)) return 'bool';
  return 'float';
}

/** The element count of an array about to be built, or a located 'limit' error. */
function elements(n: number, loc: Loc, ctx: EvalContext): number {
  if (!(n <= MAX_ELEMENTS)) ctx.fail('limit', loc, { detail: `this would make an array of ${n} elements, more than the ${MAX_ELEMENTS} the converter evaluates`, hint: 'use smaller arrays, or Brian2 strings evaluated per neuron' });
  return n;
}

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

const filled = (fill: number): Fn => (args, ctx) => {
  const { value, loc } = requireArg(args, 0, 'shape', 'zeros', ctx);
  const shape = shapeArg(value, loc, ctx);
  const n = elements(shape.reduce((a, b) => a * b, 1), loc, ctx);
  return { t: 'array', a: { data: new Float64Array(n).fill(fill), shape, dtype: dtypeArg(args) ?? 'float' }, dim: DIMENSIONLESS };
};

const filledLike = (fill: number | null): Fn => (args, ctx) => {
  const { value, loc } = requireArg(args, 0, 'a', 'ones_like', ctx);
  const n = numeric(value, loc, ctx);
  const v = fill ?? (() => {
    const f = numeric(requireArg(args, 1, 'fill_value', 'full_like', ctx).value, loc, ctx);
    return f.a.data[0]!;
  })();
  return { t: 'array', a: { data: new Float64Array(n.a.data.length).fill(v), shape: [...n.a.shape], dtype: dtypeArg(args) ?? n.a.dtype }, dim: DIMENSIONLESS };
};

function array(args: CallArgs, ctx: EvalContext): Value {
  const { value, loc } = requireArg(args, 0, 'object', 'array', ctx);
  if (value.t === 'lazy' || value.t === 'unknown' || value.t === 'inert') return value;
  const n = numeric(value, loc, ctx, 'array()');
  const dtype = dtypeArg(args);
  const a = dtype ? castTo(n.a, dtype) : n.a;
  return { t: 'array', a: { ...a, shape: n.scalar ? [] : a.shape }, dim: n.dim };
}

function arange(args: CallArgs, ctx: EvalContext): Value {
  const vals = args.positional.map((v, k) => numeric(v, args.locs.positional[k]!, ctx, 'arange()'));
  for (const [key, pos] of [['start', 0], ['stop', 1], ['step', 2]] as const) {
    const kv = args.keywords.get(key);
    if (kv) vals[pos] = numeric(kv, args.locs.keywords.get(key)!, ctx, 'arange()');
  }
  if (!vals.length) return ctx.fail('missing-argument', args.loc, { callee: 'arange', name: 'stop' });
  const [start, stop, step] = vals.length === 1 ? [null, vals[0]!, null] : [vals[0]!, vals[1]!, vals[2] ?? null];
  const dim: Dim = stop.dim;
  if (start) sameUnits(start, stop, 'arange()', args.loc, ctx);
  if (step) sameUnits(step, stop, 'arange()', args.loc, ctx);
  const s0 = start ? start.a.data[0]! : 0;
  const s1 = stop.a.data[0]!;
  const st = step ? step.a.data[0]! : 1;
  if (st === 0) return ctx.fail('value-error', args.loc, { detail: 'arange() step must not be zero', hint: 'use a non-zero step' });
  const n = Math.max(0, Math.ceil((s1 - s0) / st));
  elements(n, args.loc, ctx);
  const isInt = [start, stop, step].every((x) => !x || x.a.dtype !== 'float');
  const data = new Float64Array(n);
  for (let k = 0; k < n; k++) data[k] = s0 + k * st;
  return { t: 'array', a: { data, shape: [n], dtype: dtypeArg(args) ?? (isInt ? 'int' : 'float') }, dim };
}

function linspace(args: CallArgs, ctx: EvalContext): Value {
  const a = numeric(requireArg(args, 0, 'start', 'linspace', ctx).value, args.loc, ctx);
  const b = numeric(requireArg(args, 1, 'stop', 'linspace', ctx).value, args.loc, ctx);
  sameUnits(a, b, 'linspace()', args.loc, ctx);
  const nArg = arg(args, 2, 'num');
  const n = nArg ? (nArg.value.t === 'num' ? nArg.value.v : 50) : 50;
  const endpoint = args.keywords.get('endpoint');
  const withEnd = !(endpoint && endpoint.t === 'bool' && !endpoint.v);
  const s0 = a.a.data[0]!;
  const s1 = b.a.data[0]!;
  if (!Number.isInteger(n) || n < 0) ctx.fail('value-error', nArg?.loc ?? args.loc, { detail: `linspace() needs a whole number of samples, not ${n}`, hint: 'e.g. linspace(0, 1, 11)' });
  elements(n, args.loc, ctx);
  const div = withEnd ? n - 1 : n;
  const step = div > 0 ? (s1 - s0) / div : 0;
  const data = new Float64Array(n);
  // numpy computes start + k*step and sets the last element to stop exactly.
  for (let k = 0; k < n; k++) data[k] = s0 + k * step;
  if (withEnd && n > 1) data[n - 1] = s1;
  return { t: 'array', a: { data, shape: [n], dtype: 'float' }, dim: a.dim };
}

function concatenate(args: CallArgs, ctx: EvalContext): Value {
  const { value, loc } = requireArg(args, 0, 'arrays', 'concatenate', ctx);
  return concatValues(iterate(value, loc, ctx, 'concatenate()'), loc, ctx);
}

export function concatValues(parts: Value[], loc: Loc, ctx: EvalContext): Value {
  const nums = parts.map((p) => numeric(p, loc, ctx, 'concatenate()'));
  const dim = nums[0]?.dim ?? DIMENSIONLESS;
  for (const x of nums) sameUnits(nums[0]!, x, 'concatenate()', loc, ctx);
  let dtype: DType = 'bool';
  const data = new Float64Array(elements(nums.reduce((acc, x) => acc + x.a.data.length, 0), loc, ctx));
  let at = 0;
  for (const x of nums) {
    data.set(x.a.data, at);
    at += x.a.data.length;
    dtype = promote(dtype, x.a.dtype);
  }
  return { t: 'array', a: { data, shape: [data.length], dtype: nums.length ? dtype : 'float' }, dim };
}

function tile(args: CallArgs, ctx: EvalContext): Value {
  const { value, loc } = requireArg(args, 0, 'A', 'tile', ctx);
  const reps = requireArg(args, 1, 'reps', 'tile', ctx).value;
  const n = numeric(value, loc, ctx);
  const r = reps.t === 'num' && Number.isInteger(reps.v) ? Math.max(0, reps.v) : ctx.fail('unsupported', loc, { what: 'tile() with several repetition counts', hint: 'tile along one axis' });
  const data = new Float64Array(elements(r * n.a.data.length, loc, ctx));
  for (let k = 0; k < r; k++) data.set(n.a.data, k * n.a.data.length);
  return { t: 'array', a: { data, shape: [data.length], dtype: n.a.dtype }, dim: n.dim };
}

function repeat(args: CallArgs, ctx: EvalContext): Value {
  const { value, loc } = requireArg(args, 0, 'a', 'repeat', ctx);
  const reps = numeric(requireArg(args, 1, 'repeats', 'repeat', ctx).value, loc, ctx);
  const n = numeric(value, loc, ctx);
  const data: number[] = [];
  const count = (k: number) => Math.max(0, Math.trunc(reps.a.data.length === 1 ? reps.a.data[0]! : (reps.a.data[k] ?? 0)));
  elements(n.a.data.reduce((acc, _x, k) => acc + count(k), 0), loc, ctx);
  n.a.data.forEach((x, k) => {
    for (let j = 0; j < count(k); j++) data.push(x);
  });
  return { t: 'array', a: nd(data, [data.length], n.a.dtype), dim: n.dim };
}

function clip(args: CallArgs, ctx: EvalContext): Value {
  const { value, loc } = requireArg(args, 0, 'a', 'clip', ctx);
  const lo = requireArg(args, 1, 'a_min', 'clip', ctx).value;
  const hi = requireArg(args, 2, 'a_max', 'clip', ctx).value;
  const n = numeric(value, loc, ctx);
  const l = lo.t === 'none' ? -Infinity : numeric(lo, loc, ctx).a.data[0]!;
  const h = hi.t === 'none' ? Infinity : numeric(hi, loc, ctx).a.data[0]!;
  return toValue({ ...n.a, data: n.a.data.map((x) => Math.min(Math.max(x, l), h)) }, n.dim, n.scalar);
}

function where(args: CallArgs, ctx: EvalContext): Value {
  const c = numeric(requireArg(args, 0, 'condition', 'where', ctx).value, args.loc, ctx);
  if (args.positional.length === 1) return { t: 'tuple', items: [{ t: 'array', a: nd(Array.from(c.a.data).flatMap((x, k) => (x ? [k] : [])), undefined, 'int'), dim: DIMENSIONLESS }] };
  const a = numeric(requireArg(args, 1, 'x', 'where', ctx).value, args.loc, ctx);
  const b = numeric(requireArg(args, 2, 'y', 'where', ctx).value, args.loc, ctx);
  sameUnits(a, b, 'where()', args.loc, ctx);
  const n = Math.max(c.a.data.length, a.a.data.length, b.a.data.length);
  const pick = (x: NDArray, k: number) => x.data[x.data.length === 1 ? 0 : k]!;
  const data = Array.from({ length: n }, (_, k) => (pick(c.a, k) ? pick(a.a, k) : pick(b.a, k)));
  return { t: 'array', a: nd(data), dim: a.dim };
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
    if (a && a.value.t === 'num' && ctx.script.seed === null) ctx.script.seed = { value: a.value.v, loc: a.loc };
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

function astype(args: CallArgs, ctx: EvalContext): Value {
  const { value, loc } = requireArg(args, 0, 'a', 'astype', ctx);
  const t = requireArg(args, 1, 'dtype', 'astype', ctx).value;
  const name = t.t === 'builtin' ? t.name : t.t === 'str' ? t.v : 'float';
  const n = numeric(value, loc, ctx);
  const dt: DType = /int/.test(name) ? 'int' : /bool/.test(name) ? 'bool' : 'float';
  return toValue(castTo(n.a, dt), n.dim, n.scalar);
}

const mean = reduce('mean', (xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
const std = reduce('std', (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
});

const dtypeValue = (name: string): Value => builtin(name, (args, ctx) => {
  const a = arg(args, 0, 'x');
  if (!a) return num(0);
  const n = numeric(a.value, a.loc, ctx);
  const dt: DType = /int/.test(name) ? 'int' : /bool/.test(name) ? 'bool' : 'float';
  return fromNumeric(castTo(n.a, dt), n.dim, n.scalar);
});

export const NUMPY_FUNCTIONS: Record<string, Fn> = {
  array,
  asarray: array,
  arange,
  linspace,
  zeros: filled(0),
  ones: filled(1),
  empty: filled(0),
  full: (args, ctx) => {
    const { value, loc } = requireArg(args, 0, 'shape', 'full', ctx);
    const f = numeric(requireArg(args, 1, 'fill_value', 'full', ctx).value, loc, ctx);
    const shape = shapeArg(value, loc, ctx);
    return { t: 'array', a: { data: new Float64Array(elements(shape.reduce((a, b) => a * b, 1), loc, ctx)).fill(f.a.data[0]!), shape, dtype: f.a.dtype }, dim: f.dim };
  },
  zeros_like: filledLike(0),
  ones_like: filledLike(1),
  full_like: filledLike(null),
  concatenate,
  hstack: concatenate,
  append: (args, ctx) => concatValues([requireArg(args, 0, 'arr', 'append', ctx).value, requireArg(args, 1, 'values', 'append', ctx).value], args.loc, ctx),
  tile,
  repeat,
  clip,
  where,
  exp: dimensionlessFn('exp', Math.exp),
  log: dimensionlessFn('log', Math.log),
  log10: dimensionlessFn('log10', Math.log10),
  log2: dimensionlessFn('log2', Math.log2, false),
  expm1: dimensionlessFn('expm1', Math.expm1),
  log1p: dimensionlessFn('log1p', Math.log1p),
  sin: dimensionlessFn('sin', Math.sin),
  cos: dimensionlessFn('cos', Math.cos),
  tan: dimensionlessFn('tan', Math.tan),
  sinh: dimensionlessFn('sinh', Math.sinh),
  cosh: dimensionlessFn('cosh', Math.cosh),
  tanh: dimensionlessFn('tanh', Math.tanh),
  arcsin: dimensionlessFn('arcsin', Math.asin),
  arccos: dimensionlessFn('arccos', Math.acos),
  arctan: dimensionlessFn('arctan', Math.atan),
  sqrt: unitFn('sqrt', Math.sqrt, sqrtDim),
  abs: unitFn('abs', Math.abs),
  absolute: unitFn('abs', Math.abs),
  floor: unitFn('floor', Math.floor, undefined, 'float'),
  ceil: unitFn('ceil', Math.ceil, undefined, 'float'),
  sign: unitFn('sign', Math.sign, () => DIMENSIONLESS),
  round: unitFn('round', (x) => {
    const f = Math.floor(x);
    const d = x - f;
    return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  }),
  around: unitFn('round', Math.round),
  square: (args, ctx) => {
    const { value, loc } = requireArg(args, 0, 'x', 'square', ctx);
    const n = numeric(value, loc, ctx);
    return toValue({ ...n.a, data: n.a.data.map((x) => x * x) }, n.dim.map((e) => 2 * e) as unknown as Dim, n.scalar);
  },
  sum: reduce('sum', (xs) => xs.reduce((a, b) => a + b, 0)),
  mean,
  average: mean,
  std,
  min: reduce('min', (xs) => xs.reduce((a, b) => Math.min(a, b), Infinity)),
  max: reduce('max', (xs) => xs.reduce((a, b) => Math.max(a, b), -Infinity)),
  amin: reduce('min', (xs) => xs.reduce((a, b) => Math.min(a, b), Infinity)),
  amax: reduce('max', (xs) => xs.reduce((a, b) => Math.max(a, b), -Infinity)),
  prod: reduce('prod', (xs) => xs.reduce((a, b) => a * b, 1), false),
  cumsum: (args, ctx) => {
    const { value, loc } = requireArg(args, 0, 'a', 'cumsum', ctx);
    const n = numeric(value, loc, ctx);
    let acc = 0;
    return { t: 'array', a: { data: n.a.data.map((x) => (acc += x)), shape: [n.a.data.length], dtype: n.a.dtype }, dim: n.dim };
  },
  diff: (args, ctx) => {
    const { value, loc } = requireArg(args, 0, 'a', 'diff', ctx);
    const n = numeric(value, loc, ctx);
    const d = Array.from(n.a.data.slice(1), (x, k) => x - n.a.data[k]!);
    return { t: 'array', a: nd(d, [d.length], n.a.dtype), dim: n.dim };
  },
  reshape: (args, ctx) => {
    const { value, loc } = requireArg(args, 0, 'a', 'reshape', ctx);
    const n = numeric(value, loc, ctx);
    const rest = args.positional.slice(1);
    const shape = rest.length === 1 ? shapeArg(rest[0]!, loc, ctx) : rest.map((x) => (x.t === 'num' ? x.v : 0));
    return { t: 'array', a: reshape(n.a, shape), dim: n.dim };
  },
  astype,
  sort: (args, ctx) => {
    const { value, loc } = requireArg(args, 0, 'a', 'sort', ctx);
    const n = numeric(value, loc, ctx);
    return { t: 'array', a: { ...n.a, data: Float64Array.from(n.a.data).sort() }, dim: n.dim };
  },
  unique: (args, ctx) => {
    const { value, loc } = requireArg(args, 0, 'ar', 'unique', ctx);
    const n = numeric(value, loc, ctx);
    const u = [...new Set(n.a.data)].sort((a, b) => a - b);
    return { t: 'array', a: nd(u, [u.length], n.a.dtype), dim: n.dim };
  },
  outer: (args, ctx) => {
    const a = numeric(requireArg(args, 0, 'a', 'outer', ctx).value, args.loc, ctx);
    const b = numeric(requireArg(args, 1, 'b', 'outer', ctx).value, args.loc, ctx);
    elements(a.a.data.length * b.a.data.length, args.loc, ctx);
    const data: number[] = [];
    for (const x of a.a.data) for (const y of b.a.data) data.push(x * y);
    return { t: 'array', a: nd(data, [a.a.data.length, b.a.data.length]), dim: a.dim.map((e, k) => e + b.dim[k]!) as unknown as Dim };
  },
  isnan: unitFn('isnan', (x) => +Number.isNaN(x), () => DIMENSIONLESS, 'bool'),
  count_nonzero: (args, ctx) => {
    const { value, loc } = requireArg(args, 0, 'a', 'count_nonzero', ctx);
    return int(numeric(value, loc, ctx).a.data.filter((x) => x !== 0).length);
  },
};

const NUMPY_CONSTANTS: Record<string, Value> = {
  pi: num(Math.PI),
  e: num(Math.E),
  inf: num(Infinity),
  Inf: num(Infinity),
  nan: num(NaN),
  NaN: num(NaN),
  newaxis: { t: 'none' },
};

const FILE_FUNCTIONS = new Set(['loadtxt', 'genfromtxt', 'load', 'save', 'savez', 'savetxt', 'fromfile', 'memmap']);

const DTYPES = ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'float_', 'int_', 'bool_', 'double'];

export function numpyMember(name: string): Value | undefined {
  const f = NUMPY_FUNCTIONS[name];
  if (f) return builtin(name, f);
  if (name in NUMPY_CONSTANTS) return NUMPY_CONSTANTS[name];
  if (DTYPES.includes(name)) return dtypeValue(name);
  if (name === 'random') return numpyRandomModule;
  if (FILE_FUNCTIONS.has(name)) {
    return builtin(name, (args, ctx) => ctx.fail('unsupported', args.loc, { what: `reading or writing files while the model is built (numpy.${name})`, hint: 'write the values into the script, e.g. as a list or a numpy array' }));
  }
  if (name === 'r_') return builtin('r_', (args, ctx) => ctx.fail('type-error', args.loc, { detail: 'numpy.r_ is indexed, not called', hint: 'write np.r_[a, b]' }));
  return undefined;
}

export const numpyModule: Value = { t: 'module', name: 'numpy', members: numpyMember };

/** Methods and attributes of arrays (`a.sum()`, `a.shape`). */
export function arrayAttribute(v: Extract<Value, { t: 'array' }>, name: string, loc: Loc): Value | undefined {
  const self = v;
  const method = (fnName: string) => {
    const f = NUMPY_FUNCTIONS[fnName]!;
    return { ...builtin(fnName, f), self } as Value;
  };
  switch (name) {
    case 'shape':
      return { t: 'tuple', items: v.a.shape.map((s) => int(s)) };
    case 'size':
      return int(v.a.data.length);
    case 'ndim':
      return int(v.a.shape.length);
    case 'T':
      if (v.a.shape.length < 2) return v;
      {
        const [r, c] = v.a.shape as [number, number];
        const data = new Float64Array(r * c);
        for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = v.a.data[i * c + j]!;
        return { t: 'array', a: { data, shape: [c, r], dtype: v.a.dtype }, dim: v.dim };
      }
    case 'sum':
    case 'mean':
    case 'std':
    case 'min':
    case 'max':
    case 'astype':
    case 'reshape':
    case 'cumsum':
    case 'prod':
    case 'round':
    case 'clip':
      return method(name);
    case 'copy':
    case 'flatten':
    case 'ravel':
      return builtin(name, () => ({ t: 'array', a: { data: Float64Array.from(v.a.data), shape: name === 'copy' ? [...v.a.shape] : [v.a.data.length], dtype: v.a.dtype }, dim: v.dim }));
    case 'tolist':
      return builtin(name, () => ({ t: 'list', items: Array.from(v.a.data, (x) => num(x, v.dim, v.a.dtype !== 'float')) }));
    case 'any':
      return builtin(name, () => ({ t: 'bool', v: v.a.data.some((x) => x !== 0) }));
    case 'all':
      return builtin(name, () => ({ t: 'bool', v: v.a.data.every((x) => x !== 0) }));
    default:
      void loc;
      return undefined;
  }
}

export { sym };
