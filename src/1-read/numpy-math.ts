// numpy's maths at build time: element-wise functions (with Brian2's unit checks; those Brian2 strings
// also know work on per-neuron values, symbolically), clip/where/nonzero, reductions along an axis,
// dot/outer/trace, sorting and set functions. Units as Brian2 gives them (see numpy-create.ts).

import type { Loc } from '../../grammars/ast.js';
import { call as scall, type SExpr } from '../symbolic/expr.js';
import { type Dim, DIMENSIONLESS, formatDim, isDimensionless, mulDim, powDim } from '../units/dimension.js';
import type { Bound } from './calls.js';
import type { EvalContext } from './context.js';
import { castTo, type DType, elementwise, elementwiseN, map, type NDArray, promote, transpose } from './ndarray.js';
import { accumulate, argsort, diff, dot, nonzero, outer, reduce, type Reduction, sort, unique } from './ndarray-axis.js';
import {
  type Arr,
  arrArg,
  axisOf,
  flagOf,
  intOf,
  matchingUnits,
  npFunction,
  type NumpyFn,
  requireDimensionless,
  requireMatchingUnits,
  result,
  toArray,
} from './numpy-args.js';
import { bool, int, type Value, opaque } from './values.js';

// ---------------------------------------------------------------- element-wise

type UnitRule = 'dimensionless' | 'keep' | 'drop' | ((d: Dim) => Dim);

function resultDim(rule: UnitRule, x: Arr, name: string, loc: Loc, ctx: EvalContext): Dim {
  if (rule === 'dimensionless') {
    requireDimensionless(x, `${name}()`, loc, ctx);
    return DIMENSIONLESS;
  }
  if (rule === 'keep') return x.dim;
  if (rule === 'drop') return DIMENSIONLESS;
  return rule(x.dim);
}

/** Functions a Brian2 string also knows: a per-neuron (lazy) argument stays symbolic. */
const SYMBOLIC = new Set([
  'exp',
  'log',
  'log10',
  'expm1',
  'log1p',
  'sqrt',
  'sin',
  'cos',
  'tan',
  'sinh',
  'cosh',
  'tanh',
  'arcsin',
  'arccos',
  'arctan',
  'abs',
  'sign',
  'ceil',
  'floor',
]);

/**
 * A one-argument ufunc. `dtype` gives the result's dtype from the argument's (numpy: exp of ints is
 * float, abs of ints int, floor of ints float).
 */
export function ufunc1(name: string, f: (x: number) => number, rule: UnitRule, dtype: (d: DType) => DType = () => 'float', symbol = name): NumpyFn {
  return (args, ctx) => {
    const v = args.positional[0] ?? args.keywords.get('x');
    const loc = args.locs.positional[0] ?? args.loc;
    if (!v) return ctx.fail('missing-argument', args.loc, { callee: name, name: 'x' });
    if (v.t === 'inert' || v.t === 'unknown') return opaque(v);
    if (v.t === 'lazy') {
      // A per-neuron value (G.v before the run) stays a symbolic Brian2 expression.
      if (!SYMBOLIC.has(symbol) || (typeof rule === 'function' && v.dim === null))
        return ctx.fail('not-static', loc, { what: `${name}() of a per-neuron value`, hint: 'write the computation as a Brian2 string' });
      if (rule === 'dimensionless' && v.dim && !isDimensionless(v.dim))
        ctx.fail('unit-mismatch', loc, { detail: `${name}() needs a dimensionless argument, not ${formatDim(v.dim)}`, hint: 'divide by a unit first' });
      const dim = rule === 'keep' ? v.dim : rule === 'dimensionless' || rule === 'drop' ? DIMENSIONLESS : rule(v.dim!);
      return { ...v, expr: scall(symbol, v.expr) as SExpr, dim };
    }
    const x = toArray(v, loc, ctx, `${name}()`);
    const dim = resultDim(rule, x, name, loc, ctx);
    return result(map(x.a, f, dtype(x.a.dtype)), dim);
  };
}

const intKeeps = (d: DType): DType => (d === 'bool' ? 'int' : d);

/** numpy's rounding: half to even, at `decimals` places (x*10^d rounded, then divided back). */
export function roundHalfEven(x: number, decimals = 0): number {
  const f = 10 ** Math.abs(decimals);
  const y = decimals >= 0 ? x * f : x / f;
  const fl = Math.floor(y);
  const d = y - fl;
  const r = d > 0.5 ? fl + 1 : d < 0.5 ? fl : fl % 2 === 0 ? fl : fl + 1;
  return decimals >= 0 ? r / f : r * f;
}

const roundFn = npFunction('round', ['a', 'decimals', 'out'], ['a'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx, 'round()');
  const d = intOf(b, 'decimals', 0, ctx);
  return result(
    map(x.a, (v) => (Number.isFinite(v) ? roundHalfEven(v, d) : v), x.a.dtype === 'bool' ? 'int' : x.a.dtype),
    x.dim,
  );
});

/** A two-argument ufunc with Brian2's unit rule for it. */
function ufunc2(
  name: string,
  f: (x: number, y: number) => number,
  rule: 'same' | 'same-dimensionless' | 'dimensionless' | 'power',
  dtype: (a: DType, b: DType) => DType = promote,
): NumpyFn {
  return npFunction(name, ['x1', 'x2'], ['x1', 'x2'], (b, ctx) => {
    const x = arrArg(b, 'x1', ctx, `${name}()`);
    const y = arrArg(b, 'x2', ctx, `${name}()`);
    let dim: Dim = DIMENSIONLESS;
    if (rule === 'same') dim = requireMatchingUnits(x, y, `${name}()`, b.loc('x1'), ctx);
    else if (rule === 'same-dimensionless') requireMatchingUnits(x, y, `${name}()`, b.loc('x1'), ctx);
    else if (rule === 'dimensionless') {
      requireDimensionless(x, `${name}()`, b.loc('x1'), ctx);
      requireDimensionless(y, `${name}()`, b.loc('x2'), ctx);
    } else {
      requireDimensionless(y, `the exponent of ${name}()`, b.loc('x2'), ctx);
      if (!isDimensionless(x.dim)) {
        if (!y.scalar && y.a.shape.length)
          ctx.fail('unit-mismatch', b.loc('x2'), { detail: 'a quantity with units can only be raised to a single power', hint: 'use one exponent' });
        dim = powDim(x.dim, y.a.data[0]!);
      }
    }
    return result(elementwise(x.a, y.a, f, dtype(x.a.dtype, y.a.dtype)), dim);
  });
}

const toFloat = (): DType => 'float';
const toBool = (): DType => 'bool';

function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
}

/** Floor division as Python and numpy compute it for floats: from the remainder, so x == q*y + r holds. */
function floorDiv(x: number, y: number): number {
  if (Number.isInteger(x) && Number.isInteger(y) && y !== 0) return Math.floor(x / y);
  const mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0 && y < 0 !== mod < 0) div -= 1;
  if (div === 0) return x / y < 0 ? -0 : 0;
  const q = Math.floor(div);
  return div - q > 0.5 ? q + 1 : q;
}

const floorDivide = ufunc2('floor_divide', floorDiv, 'dimensionless');
const modulo = ufunc2('mod', pyMod, 'dimensionless');

/** numpy.divmod(x, y): (x // y, x % y), element-wise (numbers without units). */
const divmod: NumpyFn = (args, ctx, call) => ({ t: 'tuple', items: [floorDivide(args, ctx, call), modulo(args, ctx, call)] });

const clip = npFunction('clip', ['a', 'a_min', 'a_max', 'out'], ['a', 'a_min', 'a_max'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx, 'clip()');
  const bound = (name: 'a_min' | 'a_max', none: number): NDArray => {
    const v = b.get(name)!;
    if (v.t === 'none') {
      // Brian2 compares the units of None (dimensionless) with the array's.
      if (!isDimensionless(x.dim))
        ctx.fail('unit-mismatch', b.loc(name), {
          detail: `clip(): no ${name === 'a_min' ? 'lower' : 'upper'} bound (None) for an array in ${formatDim(x.dim)}`,
          hint: 'give both bounds in the units of the array',
        });
      return { data: Float64Array.of(none), shape: [], dtype: 'float' };
    }
    const y = arrArg(b, name, ctx, 'clip()');
    requireMatchingUnits(x, y, 'clip()', b.loc(name), ctx);
    return y.a;
  };
  const lo = bound('a_min', -Infinity);
  const hi = bound('a_max', Infinity);
  const dtype = [x.a, lo, hi].reduce<DType>((d, a) => promote(d, a.dtype === 'bool' ? 'int' : a.dtype), x.a.dtype === 'bool' ? 'int' : x.a.dtype);
  return result(
    elementwiseN([x.a, lo, hi], ([v, l, h]) => (Number.isNaN(v!) ? v! : Math.min(Math.max(v!, l!), h!)), dtype),
    x.dim,
  );
});

/** where(condition, x, y): numpy's drops the units, Brian2's own keeps those of x (checked against y). */
const where = (brian2: boolean): NumpyFn =>
  npFunction('where', ['condition', 'x', 'y'], ['condition'], (b, ctx) => {
    const c = arrArg(b, 'condition', ctx, 'where()');
    if (!b.has('x') && !b.has('y')) return { t: 'tuple', items: nonzero(c.a).map((a) => result(a, DIMENSIONLESS)) };
    if (!b.has('x') || !b.has('y'))
      return ctx.fail('value-error', b.loc('condition'), { detail: 'either both or neither of x and y should be given', hint: 'where(condition, x, y)' });
    const x = arrArg(b, 'x', ctx, 'where()');
    const y = arrArg(b, 'y', ctx, 'where()');
    const dim = brian2 ? requireMatchingUnits(x, y, 'where(): x and y', b.loc('x'), ctx) : DIMENSIONLESS;
    return result(
      elementwiseN([c.a, x.a, y.a], ([k, u, v]) => (k ? u! : v!), promote(x.a.dtype, y.a.dtype)),
      dim,
    );
  });

const nonzeroFn = npFunction('nonzero', ['a'], ['a'], (b, ctx) => ({ t: 'tuple', items: nonzero(arrArg(b, 'a', ctx).a).map((a) => result(a, DIMENSIONLESS)) }));
const flatnonzero = npFunction('flatnonzero', ['a'], ['a'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx).a;
  return result(nonzero({ ...x, shape: [x.data.length] })[0]!, DIMENSIONLESS);
});
const argwhere = npFunction('argwhere', ['a'], ['a'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx).a;
  const idx = nonzero(x);
  const n = idx[0]?.data.length ?? 0;
  return result(transpose({ data: Float64Array.from(idx.flatMap((a) => Array.from(a.data))), shape: [idx.length, n], dtype: 'int' }), DIMENSIONLESS);
});

// ---------------------------------------------------------------- reductions

/** The units of a reduction's result. */
function reducedDim(kind: Reduction, x: Arr, count: number): Dim {
  switch (kind) {
    case 'var':
      return powDim(x.dim, 2);
    case 'prod':
      return powDim(x.dim, count);
    case 'argmin':
    case 'argmax':
    case 'any':
    case 'all':
      return DIMENSIONLESS;
    default:
      return x.dim;
  }
}

export const reduction = (name: string, kind: Reduction): NumpyFn =>
  npFunction(
    name,
    kind === 'var' || kind === 'std' ? ['a', 'axis', 'dtype', 'out', 'ddof', 'keepdims'] : ['a', 'axis', 'dtype', 'out', 'keepdims'],
    ['a'],
    (b, ctx) => {
      if (b.has('out') && b.get('out')!.t !== 'none')
        return ctx.fail('unsupported', b.loc('out'), { what: `${name}(out=...)`, hint: 'use the returned value' });
      // np.any(S.w < 0) of values known only when the project runs: unknown (an assert on it is not
      // checked; a use in the model is a located error).
      const a = b.get('a');
      if ((kind === 'any' || kind === 'all') && a?.t === 'lazy' && !a.values)
        return { t: 'unknown', why: `${name}() of values known only when the project runs`, loc: b.loc('a') };
      const x = arrArg(b, 'a', ctx, `${name}()`);
      const axis = axisOf(b, ctx);
      if (!x.a.data.length && !['sum', 'prod', 'any', 'all'].includes(kind))
        ctx.fail('value-error', b.loc('a'), { detail: `${name}() of an empty array`, hint: 'give at least one value' });
      const count = axis === null ? x.a.data.length : (x.a.shape[axis < 0 ? axis + x.a.shape.length : axis] ?? 1);
      const r = reduce(x.a, kind, axis, flagOf(b, 'keepdims', false), intOf(b, 'ddof', 0, ctx));
      return result(r, reducedDim(kind, x, count));
    },
  );

const accumulation = (name: string, kind: 'sum' | 'prod'): NumpyFn =>
  npFunction(name, ['a', 'axis', 'dtype', 'out'], ['a'], (b, ctx) => {
    const x = arrArg(b, 'a', ctx, `${name}()`);
    // Brian2's cumprod drops the units (each element would have other units).
    return result(accumulate(x.a, kind, axisOf(b, ctx)), kind === 'sum' ? x.dim : DIMENSIONLESS);
  });

const diffFn = npFunction('diff', ['a', 'n', 'axis'], ['a'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx, 'diff()');
  return result(diff(x.a, intOf(b, 'n', 1, ctx), intOf(b, 'axis', -1, ctx)), x.dim);
});

const countNonzero = npFunction('count_nonzero', ['a', 'axis', 'keepdims'], ['a'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx);
  const r = reduce(
    castTo(
      map(x.a, (v) => +(v !== 0), 'int'),
      'int',
    ),
    'sum',
    axisOf(b, ctx),
    flagOf(b, 'keepdims', false),
  );
  return result(r, DIMENSIONLESS);
});

// ---------------------------------------------------------------- linear algebra

/** dot: numpy's keeps the units of its first argument with units (none for a scalar result); Brian2's multiplies them. */
const dotFn = (brian2: boolean): NumpyFn =>
  npFunction('dot', ['a', 'b', 'out'], ['a', 'b'], (b, ctx) => {
    const x = arrArg(b, 'a', ctx, 'dot()');
    const y = arrArg(b, 'b', ctx, 'dot()');
    const r = dot(x.a, y.a);
    const dim = brian2 ? mulDim(x.dim, y.dim) : r.shape.length === 0 ? DIMENSIONLESS : isDimensionless(x.dim) ? y.dim : x.dim;
    return result(r, dim);
  });

/** The `@` operator: units multiply (Brian2's Quantity defines it). */
export function matmul(x: Arr, y: Arr): Value {
  if (x.scalar || y.scalar) throw new MatmulScalarError();
  return result(dot(x.a, y.a), mulDim(x.dim, y.dim));
}

export class MatmulScalarError extends Error {
  constructor() {
    super("matmul: a scalar operand is not allowed, use '*' instead");
  }
}

const outerFn = npFunction('outer', ['a', 'b', 'out'], ['a', 'b'], (b, ctx) => result(outer(arrArg(b, 'a', ctx).a, arrArg(b, 'b', ctx).a), DIMENSIONLESS));

const trace = npFunction('trace', ['a', 'offset'], ['a'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx, 'trace()');
  if (x.a.shape.length !== 2) return ctx.fail('unsupported', b.loc('a'), { what: 'trace() of an array that is not 2-D', hint: 'pass a matrix' });
  const [r, c] = x.a.shape as [number, number];
  const k = intOf(b, 'offset', 0, ctx);
  let s = 0;
  for (let i = Math.max(0, -k); i < r && i + k < c; i++) s += x.a.data[i * c + i + k]!;
  return result({ data: Float64Array.of(s), shape: [], dtype: x.a.dtype === 'bool' ? 'int' : x.a.dtype }, x.dim);
});

// ---------------------------------------------------------------- sorting and sets

const sortFn = npFunction('sort', ['a', 'axis', 'kind', 'order'], ['a'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx, 'sort()');
  return result(sort(x.a, b.has('axis') ? axisOf(b, ctx) : -1), x.dim);
});

const argsortFn = npFunction('argsort', ['a', 'axis', 'kind', 'order'], ['a'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx, 'argsort()');
  const r = argsort(x.a, b.has('axis') ? axisOf(b, ctx) : -1);
  const kind = b.get('kind');
  const stable = kind && kind.t === 'str' && (kind.v === 'stable' || kind.v === 'mergesort');
  if (r.ties && !stable) {
    ctx.fail('unsupported', b.loc('a'), {
      what: 'argsort() of more than 16 values with ties',
      hint: "numpy's default sort puts equal values in no defined order; pass kind='stable'",
    });
  }
  return result(r.result, DIMENSIONLESS);
});

const uniqueFn = npFunction('unique', ['ar', 'return_index', 'return_inverse', 'return_counts', 'axis', 'equal_nan'], ['ar'], (b, ctx) => {
  const x = arrArg(b, 'ar', ctx, 'unique()');
  if (b.has('axis') && b.get('axis')!.t !== 'none')
    return ctx.fail('unsupported', b.loc('axis'), { what: 'unique(axis=...)', hint: 'use unique on a flattened array' });
  const u = unique(x.a);
  const extra = (['return_index', 'return_inverse', 'return_counts'] as const).filter((n) => flagOf(b, n, false));
  const values = result(u.values, x.dim);
  if (!extra.length) return values;
  const parts = { return_index: u.index, return_inverse: u.inverse, return_counts: u.counts };
  return { t: 'tuple', items: [values, ...extra.map((n) => result(parts[n], DIMENSIONLESS))] };
});

function membership(x: NDArray, set: NDArray): NDArray {
  const s = new Set(set.data);
  return { data: x.data.map((v) => +s.has(v)), shape: [...x.shape], dtype: 'bool' };
}

const isin = npFunction('isin', ['element', 'test_elements', 'assume_unique', 'invert'], ['element', 'test_elements'], (b, ctx) => {
  const r = membership(arrArg(b, 'element', ctx).a, arrArg(b, 'test_elements', ctx).a);
  return result(flagOf(b, 'invert', false) ? map(r, (v) => 1 - v) : r, DIMENSIONLESS);
});
const in1d = npFunction('in1d', ['ar1', 'ar2', 'assume_unique', 'invert'], ['ar1', 'ar2'], (b, ctx) => {
  const x = arrArg(b, 'ar1', ctx).a;
  const r = membership({ ...x, shape: [x.data.length] }, arrArg(b, 'ar2', ctx).a);
  return result(flagOf(b, 'invert', false) ? map(r, (v) => 1 - v) : r, DIMENSIONLESS);
});

const setOp = (name: string, op: (a: Set<number>, b: Set<number>) => number[]): NumpyFn =>
  npFunction(name, ['ar1', 'ar2', 'assume_unique'], ['ar1', 'ar2'], (b, ctx) => {
    const x = arrArg(b, 'ar1', ctx);
    const y = arrArg(b, 'ar2', ctx);
    const values = op(new Set(x.a.data), new Set(y.a.data)).sort((u, v) => u - v);
    return result({ data: Float64Array.from(values), shape: [values.length], dtype: promote(x.a.dtype, y.a.dtype) }, x.dim);
  });

const searchsorted = npFunction('searchsorted', ['a', 'v', 'side', 'sorter'], ['a', 'v'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx, 'searchsorted()');
  const v = arrArg(b, 'v', ctx, 'searchsorted()');
  if (!matchingUnits(x, v))
    ctx.fail('unit-mismatch', b.loc('v'), {
      detail: `searchsorted(): units ${formatDim(x.dim)} and ${formatDim(v.dim)} differ`,
      hint: 'give the values in the units of the array',
    });
  const side = b.get('side');
  const right = side && side.t === 'str' && side.v === 'right';
  const find = (t: number) => {
    let lo = 0;
    let hi = x.a.data.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (right ? x.a.data[mid]! <= t : x.a.data[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return result(map(v.a, find, 'int'), DIMENSIONLESS);
});

const interp = npFunction('interp', ['x', 'xp', 'fp', 'left', 'right', 'period'], ['x', 'xp', 'fp'], (b, ctx) => {
  const x = arrArg(b, 'x', ctx, 'interp()');
  const xp = arrArg(b, 'xp', ctx, 'interp()');
  const fp = arrArg(b, 'fp', ctx, 'interp()');
  if (!matchingUnits(x, xp))
    ctx.fail('unit-mismatch', b.loc('xp'), {
      detail: `interp(): x in ${formatDim(x.dim)} but xp in ${formatDim(xp.dim)}`,
      hint: 'give x and xp in the same units',
    });
  if (b.has('period')) return ctx.fail('unsupported', b.loc('period'), { what: 'interp(period=...)', hint: 'interpolate without a period' });
  const n = xp.a.data.length;
  const left = b.has('left') ? arrArg(b, 'left', ctx).a.data[0]! : fp.a.data[0]!;
  const right = b.has('right') ? arrArg(b, 'right', ctx).a.data[0]! : fp.a.data[n - 1]!;
  const f = (t: number) => {
    if (t < xp.a.data[0]!) return left;
    if (t > xp.a.data[n - 1]!) return right;
    let k = 0;
    while (k < n - 2 && xp.a.data[k + 1]! <= t) k++;
    if (t === xp.a.data[n - 1]) return fp.a.data[n - 1]!;
    const slope = (fp.a.data[k + 1]! - fp.a.data[k]!) / (xp.a.data[k + 1]! - xp.a.data[k]!);
    return slope * (t - xp.a.data[k]!) + fp.a.data[k]!;
  };
  return result(map(x.a, f, 'float'), fp.dim);
});

const logical2 = (name: string, f: (x: boolean, y: boolean) => boolean): NumpyFn => ufunc2(name, (x, y) => +f(x !== 0, y !== 0), 'dimensionless', toBool);

const shapeFn = npFunction('shape', ['a'], ['a'], (b, ctx) => ({ t: 'tuple', items: arrArg(b, 'a', ctx).a.shape.map((s) => int(s)) }));
const sizeFn = npFunction('size', ['a', 'axis'], ['a'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx).a;
  const axis = axisOf(b, ctx);
  return int(axis === null ? x.data.length : (x.shape[axis < 0 ? axis + x.shape.length : axis] ?? 0));
});
const ndimFn = npFunction('ndim', ['a'], ['a'], (b, ctx) => int(arrArg(b, 'a', ctx).a.shape.length));

export const MATH_FUNCTIONS: Record<string, NumpyFn> = {
  shape: shapeFn,
  size: sizeFn,
  ndim: ndimFn,
  exp: ufunc1('exp', Math.exp, 'dimensionless'),
  exp2: ufunc1('exp2', (x) => 2 ** x, 'dimensionless'),
  log: ufunc1('log', Math.log, 'dimensionless'),
  log10: ufunc1('log10', Math.log10, 'dimensionless'),
  log2: ufunc1('log2', Math.log2, 'dimensionless'),
  expm1: ufunc1('expm1', Math.expm1, 'dimensionless'),
  log1p: ufunc1('log1p', Math.log1p, 'dimensionless'),
  sin: ufunc1('sin', Math.sin, 'dimensionless'),
  cos: ufunc1('cos', Math.cos, 'dimensionless'),
  tan: ufunc1('tan', Math.tan, 'dimensionless'),
  sinh: ufunc1('sinh', Math.sinh, 'dimensionless'),
  cosh: ufunc1('cosh', Math.cosh, 'dimensionless'),
  tanh: ufunc1('tanh', Math.tanh, 'dimensionless'),
  arcsin: ufunc1('arcsin', Math.asin, 'dimensionless'),
  arccos: ufunc1('arccos', Math.acos, 'dimensionless'),
  arctan: ufunc1('arctan', Math.atan, 'dimensionless'),
  arcsinh: ufunc1('arcsinh', Math.asinh, 'dimensionless'),
  arccosh: ufunc1('arccosh', Math.acosh, 'dimensionless'),
  arctanh: ufunc1('arctanh', Math.atanh, 'dimensionless'),
  deg2rad: ufunc1('deg2rad', (x) => (x * Math.PI) / 180, 'dimensionless'),
  rad2deg: ufunc1('rad2deg', (x) => (x * 180) / Math.PI, 'dimensionless'),
  sqrt: ufunc1('sqrt', Math.sqrt, (d) => powDim(d, 0.5)),
  cbrt: ufunc1('cbrt', Math.cbrt, (d) => powDim(d, 1 / 3)),
  square: ufunc1(
    'square',
    (x) => x * x,
    (d) => powDim(d, 2),
    intKeeps,
  ),
  reciprocal: ufunc1(
    'reciprocal',
    (x) => 1 / x,
    (d) => powDim(d, -1),
    (d) => d,
  ),
  abs: ufunc1('abs', Math.abs, 'keep', intKeeps),
  absolute: ufunc1('absolute', Math.abs, 'keep', intKeeps, 'abs'),
  fabs: ufunc1('fabs', Math.abs, 'keep', () => 'float', 'abs'),
  negative: ufunc1('negative', (x) => -x, 'keep', intKeeps),
  sign: ufunc1('sign', Math.sign, 'drop', intKeeps),
  floor: ufunc1('floor', Math.floor, 'keep'),
  ceil: ufunc1('ceil', Math.ceil, 'keep'),
  trunc: ufunc1('trunc', Math.trunc, 'keep'),
  rint: ufunc1('rint', (x) => roundHalfEven(x), 'keep'),
  round: roundFn,
  around: roundFn,
  round_: roundFn,
  isnan: ufunc1('isnan', (x) => +Number.isNaN(x), 'drop', toBool),
  isinf: ufunc1('isinf', (x) => +(x === Infinity || x === -Infinity), 'drop', toBool),
  isfinite: ufunc1('isfinite', (x) => +Number.isFinite(x), 'drop', toBool),
  logical_not: ufunc1('logical_not', (x) => +!x, 'drop', toBool),
  logical_and: logical2('logical_and', (x, y) => x && y),
  logical_or: logical2('logical_or', (x, y) => x || y),
  logical_xor: logical2('logical_xor', (x, y) => x !== y),
  maximum: ufunc2('maximum', (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)), 'same'),
  minimum: ufunc2('minimum', (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)), 'same'),
  fmax: ufunc2('fmax', (x, y) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.max(x, y)), 'same'),
  fmin: ufunc2('fmin', (x, y) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.min(x, y)), 'same'),
  arctan2: ufunc2('arctan2', Math.atan2, 'same-dimensionless', toFloat),
  hypot: ufunc2('hypot', Math.hypot, 'dimensionless', toFloat),
  power: ufunc2('power', (x, y) => x ** y, 'power'),
  mod: ufunc2('mod', pyMod, 'same'),
  remainder: ufunc2('remainder', pyMod, 'same'),
  fmod: ufunc2('fmod', (x, y) => x % y, 'same'),
  floor_divide: floorDivide,
  divmod,
  clip,
  where: where(false),
  nonzero: nonzeroFn,
  flatnonzero,
  argwhere,
  count_nonzero: countNonzero,
  sum: reduction('sum', 'sum'),
  prod: reduction('prod', 'prod'),
  product: reduction('product', 'prod'),
  mean: reduction('mean', 'mean'),
  average: npFunction('average', ['a', 'axis', 'weights', 'returned', 'keepdims'], ['a'], (b, ctx, args) => {
    if (b.has('weights') && b.get('weights')!.t !== 'none')
      return ctx.fail('unsupported', b.loc('weights'), { what: 'average(weights=...)', hint: 'compute np.sum(w*a)/np.sum(w)' });
    return reduction('mean', 'mean')({ ...args, keywords: new Map([...args.keywords].filter(([k]) => k !== 'weights' && k !== 'returned')) }, ctx, () => ({
      t: 'none',
    }));
  }),
  std: reduction('std', 'std'),
  var: reduction('var', 'var'),
  min: reduction('min', 'min'),
  max: reduction('max', 'max'),
  amin: reduction('amin', 'min'),
  amax: reduction('amax', 'max'),
  nanmin: reduction('nanmin', 'min'),
  nanmax: reduction('nanmax', 'max'),
  ptp: reduction('ptp', 'ptp'),
  median: reduction('median', 'median'),
  argmin: reduction('argmin', 'argmin'),
  argmax: reduction('argmax', 'argmax'),
  any: reduction('any', 'any'),
  all: reduction('all', 'all'),
  cumsum: accumulation('cumsum', 'sum'),
  cumprod: accumulation('cumprod', 'prod'),
  diff: diffFn,
  dot: dotFn(false),
  outer: outerFn,
  trace,
  sort: sortFn,
  argsort: argsortFn,
  unique: uniqueFn,
  isin,
  in1d,
  setdiff1d: setOp('setdiff1d', (x, y) => [...x].filter((v) => !y.has(v))),
  intersect1d: setOp('intersect1d', (x, y) => [...x].filter((v) => y.has(v))),
  union1d: setOp('union1d', (x, y) => [...new Set([...x, ...y])]),
  searchsorted,
  interp,
};

/** Brian2's own versions that `from brian2 import *` gives instead of numpy's. */
export const BRIAN2_MATH_FUNCTIONS: Record<string, NumpyFn> = {
  where: where(true),
  dot: dotFn(true),
  trace,
};

export { bool, int, type Bound };
