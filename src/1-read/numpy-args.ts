// Reading the arguments of numpy functions the way numpy converts them, and giving back results as
// evaluator values. Units follow Brian2 (a Quantity is a numpy array with a `dim`): a Python list
// passed where numpy wants an array is converted by numpy itself, which drops the units of the
// quantities in it (`np.mean([1*mV, 2*mV])` is the plain number 0.0015), while a Quantity keeps them.

import type { Loc } from '../../grammars/ast.js';
import { type Dim, DIMENSIONLESS, formatDim, isDimensionless, sameDim } from '../units/dimension.js';
import { bindArgs, type Bound } from './calls.js';
import type { EvalContext } from './context.js';
import { type DType, MAX_ELEMENTS, type NDArray, promote, shapeText } from './ndarray.js';
import { bool, describe, num, type CallArgs, type Value, opaque } from './values.js';

/** An argument as numpy sees it: the array, its units, and whether it was a scalar. */
export interface Arr {
  a: NDArray;
  dim: Dim;
  scalar: boolean;
}

/** The nested lists of a value (`[[1, 2], [3, 4]]`) as one array; units are dropped, as numpy does. */
function listArray(v: Extract<Value, { t: 'list' | 'tuple' }>, loc: Loc, ctx: EvalContext, what: string): NDArray {
  const items = v.items.map((x) => toArray(x, loc, ctx, what).a);
  if (!items.length) return { data: new Float64Array(0), shape: [0], dtype: 'float' };
  const shape = items[0]!.shape;
  if (items.some((x) => x.shape.length !== shape.length || x.shape.some((s, k) => s !== shape[k]))) {
    ctx.fail('value-error', loc, {
      detail: `${what}: the nested lists have different shapes (${items
        .map((x) => shapeText(x.shape))
        .slice(0, 3)
        .join(', ')})`,
      hint: 'give every row the same length',
    });
  }
  const n = items[0]!.data.length;
  const data = new Float64Array(items.length * n);
  items.forEach((x, k) => data.set(x.data, k * n));
  const dtype = items.reduce<DType>((d, x) => promote(d, x.dtype), 'bool');
  return { data, shape: [items.length, ...shape], dtype };
}

/** numpy's conversion of an argument to an array (np.asarray), keeping the units of a Quantity. */
export function toArray(v: Value, loc: Loc, ctx: EvalContext, what = 'this argument'): Arr {
  ctx.checkPoison(v);
  switch (v.t) {
    case 'num':
      return { a: { data: Float64Array.of(v.v), shape: [], dtype: v.int ? 'int' : 'float' }, dim: v.dim, scalar: true };
    case 'bool':
      return { a: { data: Float64Array.of(+v.v), shape: [], dtype: 'bool' }, dim: DIMENSIONLESS, scalar: true };
    case 'array':
      return { a: v.a, dim: v.dim, scalar: false };
    case 'list':
    case 'tuple':
      return { a: listArray(v, loc, ctx, what), dim: DIMENSIONLESS, scalar: false };
    case 'range': {
      const n = Math.max(0, Math.ceil((v.stop - v.start) / v.step));
      if (n > MAX_ELEMENTS) ctx.fail('limit', loc, { detail: `this range has ${n} items, too many to evaluate`, hint: 'use smaller ranges' });
      return { a: { data: Float64Array.from({ length: n }, (_, k) => v.start + k * v.step), shape: [n], dtype: 'int' }, dim: DIMENSIONLESS, scalar: false };
    }
    case 'unknown':
      return ctx.failUnknown(v, loc, what);
    case 'lazy':
      if (v.values) return { a: v.values, dim: v.dim ?? DIMENSIONLESS, scalar: false };
      return ctx.fail('not-static', loc, {
        what,
        hint: "per-neuron values are known only when the model runs; write the computation as a Brian2 string, e.g. G.v = 'v0 + i*mV'",
      });
    default:
      return ctx.fail('type-error', loc, {
        detail: `${what} must be a number or an array, not ${describe(v)}`,
        hint: 'pass a number, a quantity, a list or an array',
      });
  }
}

/** A result as a value: a 0-d result is a numpy scalar (a number or a boolean). */
export function result(a: NDArray, dim: Dim): Value {
  if (a.shape.length === 0) {
    const x = a.data[0]!;
    if (a.dtype === 'bool' && isDimensionless(dim)) return bool(x !== 0);
    return num(x, dim, a.dtype !== 'float');
  }
  return { t: 'array', a, dim };
}

/**
 * Brian2's dimension check between two operands: the same units, or one of them a dimensionless
 * value that is zero everywhere ("0 has any unit": `np.maximum(v, 0)`, `G.v = 0`).
 * Returns the units of the result, or null when they do not match.
 */
export function matchingUnits(x: Arr, y: Arr): Dim | null {
  if (sameDim(x.dim, y.dim)) return x.dim;
  const zero = (z: Arr) => isDimensionless(z.dim) && z.a.data.every((e) => e === 0);
  if (zero(y)) return x.dim;
  if (zero(x)) return y.dim;
  return null;
}

export function requireMatchingUnits(x: Arr, y: Arr, what: string, loc: Loc, ctx: EvalContext): Dim {
  const d = matchingUnits(x, y);
  if (!d)
    ctx.fail('unit-mismatch', loc, { detail: `${what}: units ${formatDim(x.dim)} and ${formatDim(y.dim)} differ`, hint: 'give both values in the same units' });
  return d!;
}

export function requireDimensionless(x: Arr, what: string, loc: Loc, ctx: EvalContext): void {
  if (!isDimensionless(x.dim))
    ctx.fail('unit-mismatch', loc, {
      detail: `${what} needs a dimensionless argument, not ${formatDim(x.dim)}`,
      hint: 'divide by a unit first, e.g. exp(-t/tau)',
    });
}

/** numpy's dtype argument (int, float, bool, np.int32, 'float64', ...), or null when absent or None. */
export function dtypeOf(v: Value | undefined): DType | null {
  if (!v || v.t === 'none') return null;
  const name = v.t === 'builtin' ? v.name : v.t === 'str' ? v.v : '';
  if (/^(u?int|int_|intc|uint)/.test(name) || name === 'int' || /^[iu]\d?$/.test(name)) return 'int';
  if (/^bool/.test(name) || name === '?') return 'bool';
  return 'float';
}

/** An `axis` argument: an integer or None. */
export function axisOf(b: Bound, ctx: EvalContext, name = 'axis'): number | null {
  const v = b.get(name);
  if (!v || v.t === 'none') return null;
  if (v.t === 'num' && v.int) return v.v;
  if (v.t === 'tuple') return ctx.fail('unsupported', b.loc(name), { what: 'reducing over several axes at once', hint: 'reduce one axis after the other' });
  return ctx.fail('type-error', b.loc(name), { detail: `axis must be an integer or None, not ${describe(v)}`, hint: 'e.g. axis=0' });
}

export function intOf(b: Bound, name: string, dflt: number, ctx: EvalContext): number {
  const v = b.get(name);
  if (!v || v.t === 'none') return dflt;
  if (v.t === 'bool') return +v.v;
  if (v.t === 'num' && v.int && isDimensionless(v.dim)) return v.v;
  return ctx.fail('type-error', b.loc(name), { detail: `${name} must be an integer, not ${describe(v)}`, hint: 'give a whole number' });
}

export function flagOf(b: Bound, name: string, dflt: boolean): boolean {
  const v = b.get(name);
  if (!v || v.t === 'none') return dflt;
  if (v.t === 'bool') return v.v;
  if (v.t === 'num') return v.v !== 0;
  return dflt;
}

/** A shape argument: an integer or a sequence of integers. */
export function shapeOf(v: Value, loc: Loc, ctx: EvalContext): number[] {
  const entry = (x: Value): number => {
    if (!(x.t === 'num' && x.int && isDimensionless(x.dim)))
      return ctx.fail('type-error', loc, { detail: `shape entries must be integers, not ${describe(x)}`, hint: 'use whole numbers' });
    if (x.v < 0) return ctx.fail('value-error', loc, { detail: `negative dimensions are not allowed (${x.v})`, hint: 'give a size of 0 or more' });
    return x.v;
  };
  if (v.t === 'num') return [entry(v)];
  if (v.t === 'tuple' || v.t === 'list') return v.items.map(entry);
  if (v.t === 'array' && v.a.dtype !== 'float' && v.a.shape.length <= 1) return Array.from(v.a.data, (x) => entry(num(x, DIMENSIONLESS, true)));
  return ctx.fail('type-error', loc, { detail: `a shape must be an integer or a tuple, not ${describe(v)}`, hint: 'e.g. zeros(100) or zeros((10, 5))' });
}

/** The element count of an array about to be built, or a located 'limit' error. */
export function elements(n: number, loc: Loc, ctx: EvalContext): number {
  if (!(n <= MAX_ELEMENTS))
    ctx.fail('limit', loc, {
      detail: `this would make an array of ${n} elements, more than the ${MAX_ELEMENTS} the converter evaluates`,
      hint: 'use smaller arrays, or Brian2 strings evaluated per neuron',
    });
  return n;
}

/**
 * The value a call returns without computing: plotting (inert) makes it inert; a value known only
 * after the run (or left by a failed statement) makes the result so too, and the error comes where
 * the model would use it.
 */
export function passThrough(args: Value[]): Value | undefined {
  const found = args.find((v) => v.t === 'inert') ?? args.find((v) => v.t === 'unknown');
  return found && opaque(found);
}

export type NumpyFn = (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value) => Value;

/**
 * A numpy function with Python's argument binding (keywords by name, misspelt ones refused); see
 * passThrough for plotting values and values known only after the run.
 */
export function npFunction(
  name: string,
  params: readonly string[],
  required: readonly string[],
  body: (b: Bound, ctx: EvalContext, args: CallArgs) => Value,
): NumpyFn {
  return (args, ctx) => {
    const passed = passThrough([...args.positional, ...args.keywords.values()]);
    if (passed) return passed;
    const b = bindArgs(name, params, args, ctx, { required });
    return body(b, ctx, args);
  };
}

/** The required argument `name` of a bound call, as an array. */
export function arrArg(b: Bound, name: string, ctx: EvalContext, what = `the argument '${name}'`): Arr {
  return toArray(b.get(name)!, b.loc(name), ctx, what);
}
