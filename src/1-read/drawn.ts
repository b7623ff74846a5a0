// Random numbers drawn while the model is built (`np.random.rand(N)`, `np.random.normal(0, 1, (N, N))`,
// `np.random.permutation(N)`, ...). The converter never draws them: each call becomes a `draw` action
// at its place in the script, which the generated project makes with numpy's own generator (the one
// Brian2's numpy runtime shares with the script), so a seeded script gets the same numbers as with
// Brian2. The value the script goes on with is a *drawn* value: its shape, dtype and units are known
// (computed on a placeholder array with the evaluator's own numpy), its numbers are a recipe (DNode) the
// project replays: numpy calls, operators, indexing, methods, in the script's order. Only what keeps
// its shape independent of the numbers is allowed (np.nonzero of a drawn array, or a drawn boolean
// mask, would decide a length the converter must know); anything that needs the numbers themselves
// (control flow, range(), a constant in a Brian2 string) is refused at its line.

import type { BinaryOperator, CompareOperator, Loc } from '../../grammars/ast.js';
import { DIMENSIONLESS, type Dim } from '../units/dimension.js';
import type { EvalContext } from './context.js';
import { checkedSize, type DType, type NDArray, size } from './ndarray.js';
import type { DNode } from './drawn-node.js';
import { builtin, describe, type CallArgs, type Value } from './values.js';

export type { DNode };

export type Drawn = Extract<Value, { t: 'drawn' }>;

export function isDrawn(v: Value | undefined): v is Drawn {
  return !!v && v.t === 'drawn';
}

/** Whether a value is, or holds in its lists/tuples, a drawn value. */
export function holdsDrawn(v: Value | undefined): boolean {
  if (!v) return false;
  if (v.t === 'drawn') return true;
  if (v.t === 'list' || v.t === 'tuple') return v.items.some(holdsDrawn);
  if (v.t === 'slice') return false;
  return false;
}

export function argsHoldDrawn(args: CallArgs): boolean {
  return args.positional.some(holdsDrawn) || [...args.keywords.values()].some(holdsDrawn);
}

/** Placeholder numbers: 0 for integers and booleans (always a valid index), 0.5 for floats. */
function placeholderArray(shape: number[], dtype: DType): NDArray {
  return { data: new Float64Array(checkedSize(size(shape))).fill(dtype === 'float' ? 0.5 : 0), shape: [...shape], dtype };
}

export function drawnValue(node: DNode, shape: number[], dtype: DType, dim: Dim, scalar: boolean, loc: Loc): Drawn {
  return { t: 'drawn', node, a: placeholderArray(shape, dtype), dim, scalar, loc };
}

/** The drawn value with the shape, dtype and units of `like` (an evaluated placeholder result). */
function drawnLike(node: DNode, like: Value, loc: Loc, ctx: EvalContext, what: string): Drawn {
  switch (like.t) {
    case 'num':
      return drawnValue(node, [], like.int ? 'int' : 'float', like.dim, true, loc);
    case 'bool':
      return drawnValue(node, [], 'bool', DIMENSIONLESS, true, loc);
    case 'array':
      return drawnValue(node, like.a.shape, like.a.dtype, like.dim, false, loc);
    default:
      return ctx.fail('unsupported', loc, { what: `${what} of random numbers drawn while the model is built (it gives ${describe(like)})`, hint: 'keep random numbers in numpy arrays, or draw them in a Brian2 string with rand()' });
  }
}

/** The value with every drawn value replaced by its placeholder (to learn shapes, dtypes, units). */
export function placeholder(v: Value): Value {
  if (v.t === 'drawn') {
    if (v.scalar) return v.a.dtype === 'bool' ? { t: 'bool', v: false } : { t: 'num', v: v.a.data[0]!, int: v.a.dtype !== 'float', dim: v.dim };
    return { t: 'array', a: { ...v.a, data: Float64Array.from(v.a.data), shape: [...v.a.shape] }, dim: v.dim };
  }
  if (v.t === 'list' || v.t === 'tuple') return holdsDrawn(v) ? { t: v.t, items: v.items.map(placeholder) } : v;
  return v;
}

function placeholderArgs(args: CallArgs): CallArgs {
  return { ...args, positional: args.positional.map(placeholder), keywords: new Map([...args.keywords].map(([k, v]) => [k, placeholder(v)])) };
}

/** A snapshot of a known value (the script may change its arrays and lists in place later). */
function frozen(v: Value): Value {
  if (v.t === 'array') return { t: 'array', a: { data: Float64Array.from(v.a.data), shape: [...v.a.shape], dtype: v.a.dtype }, dim: v.dim };
  if (v.t === 'list' || v.t === 'tuple') return { t: v.t, items: v.items.map(frozen) };
  return v;
}

/** The recipe of any value: a drawn value's own, lists and tuples item by item, the rest as known values. */
export function nodeOf(v: Value): DNode {
  if (v.t === 'drawn') return v.node;
  if ((v.t === 'list' || v.t === 'tuple') && holdsDrawn(v)) return { op: v.t, items: v.items.map(nodeOf) };
  return { op: 'value', v: frozen(v) };
}

function argNodes(args: CallArgs): { args: DNode[]; kwargs: [string, DNode][] } {
  return { args: args.positional.map(nodeOf), kwargs: [...args.keywords].map(([k, v]) => [k, nodeOf(v)]) };
}

// ---------------------------------------------------------------- operators

type Fail = (message: string) => never;

/** The drawn result of an operator, shaped like the placeholder result `like`. */
function drawnOperand(node: DNode, like: Value, loc: Loc, fail: Fail, what: string): Drawn {
  if (like.t === 'num') return drawnValue(node, [], like.int ? 'int' : 'float', like.dim, true, loc);
  if (like.t === 'bool') return drawnValue(node, [], 'bool', DIMENSIONLESS, true, loc);
  if (like.t === 'array') return drawnValue(node, like.a.shape, like.a.dtype, like.dim, false, loc);
  return fail(`${what} of random numbers drawn while the model is built gives ${describe(like)}, which the project cannot replay`);
}

const locOf = (l: Value, r: Value): Loc => (l.t === 'drawn' ? l.loc : (r as Drawn).loc);

/**
 * `l op r` where one side is drawn: evaluated on placeholders (units and shapes checked by the
 * ordinary operator), replayed by the project. Errors go through `fail` (the caller locates them).
 */
export function drawnBinary(op: BinaryOperator, l: Value, r: Value, base: (op: BinaryOperator, l: Value, r: Value) => Value, fail: Fail): Value {
  const like = base(op, placeholder(l), placeholder(r));
  return drawnOperand({ op: 'binary', operator: op, a: nodeOf(l), b: nodeOf(r) }, like, locOf(l, r), fail, `the operator ${op}`);
}

export function drawnCompare(op: CompareOperator, l: Value, r: Value, base: (op: CompareOperator, l: Value, r: Value) => Value, fail: Fail): Value {
  if (op === 'in' || op === 'not in' || op === 'is' || op === 'is not') return fail(`'${op}' cannot test random numbers drawn while the model is built: they are drawn when the project runs`);
  const like = base(op, placeholder(l), placeholder(r));
  return drawnOperand({ op: 'compare', operator: op, a: nodeOf(l), b: nodeOf(r) }, like, locOf(l, r), fail, `the comparison ${op}`);
}

export function drawnUnary(op: '-' | '+' | '~', v: Drawn, base: (op: '-' | '+' | '~', v: Value) => Value, fail: Fail): Value {
  const like = base(op, placeholder(v));
  return drawnOperand({ op: 'unary', operator: op, a: v.node }, like, v.loc, fail, `the operator ${op}`);
}

/** The message for a drawn value used where the converter needs its numbers. */
export function needsNumbers(ctx: EvalContext, loc: Loc, what: string): never {
  return ctx.fail('not-static', loc, {
    what: `${what}, which depends on numbers the generated project draws with numpy.random,`,
    hint: 'numbers drawn while the model is built can only be values of the model (variables, weights, delays, TimedArrays, spike times, connect() indices)',
  });
}

// ---------------------------------------------------------------- numpy functions

/**
 * numpy functions whose result has a shape that does not depend on the numbers of their arguments
 * (element-wise maths, reductions, joining and reshaping, sorting): replayed by the project.
 */
const SHAPE_STABLE = new Set([
  // element-wise
  'abs', 'absolute', 'fabs', 'sqrt', 'cbrt', 'square', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos', 'tan',
  'arcsin', 'arccos', 'arctan', 'arctan2', 'sinh', 'cosh', 'tanh', 'arcsinh', 'arccosh', 'arctanh', 'hypot', 'floor', 'ceil',
  'trunc', 'rint', 'round', 'around', 'sign', 'power', 'float_power', 'maximum', 'minimum', 'fmax', 'fmin', 'clip', 'mod', 'fmod',
  'remainder', 'floor_divide', 'true_divide', 'divide', 'multiply', 'add', 'subtract', 'negative', 'positive', 'reciprocal',
  'isnan', 'isfinite', 'isinf', 'logical_and', 'logical_or', 'logical_not', 'logical_xor', 'greater', 'greater_equal', 'less',
  'less_equal', 'equal', 'not_equal', 'heaviside', 'deg2rad', 'rad2deg', 'degrees', 'radians', 'nan_to_num', 'real', 'where',
  // reductions and cumulative
  'sum', 'mean', 'std', 'var', 'min', 'max', 'amin', 'amax', 'nanmin', 'nanmax', 'nansum', 'nanmean', 'prod', 'median', 'cumsum',
  'cumprod', 'ptp', 'average', 'any', 'all', 'argmin', 'argmax', 'count_nonzero', 'percentile', 'quantile', 'trace', 'diff',
  // shape and joining
  'reshape', 'ravel', 'transpose', 'concatenate', 'hstack', 'vstack', 'stack', 'column_stack', 'dstack', 'tile', 'repeat',
  'flip', 'fliplr', 'flipud', 'roll', 'squeeze', 'expand_dims', 'atleast_1d', 'atleast_2d', 'diag', 'diagonal', 'triu', 'tril',
  'outer', 'dot', 'matmul', 'inner', 'kron', 'sort', 'argsort', 'asarray', 'array', 'asanyarray', 'copy', 'ascontiguousarray',
  'zeros_like', 'ones_like', 'full_like', 'empty_like', 'broadcast_to', 'interp', 'searchsorted', 'linspace', 'cross', 'swapaxes',
  'moveaxis', 'rot90', 'append', 'insert', 'take',
]);

/** numpy.<name>(...) with drawn arguments: replayed when its shape is known, refused otherwise. */
export function drawnNumpyCall(name: string, args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value, f: (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value) => Value): Value {
  if (name === 'where' && args.positional.length === 1) needsNumbers(ctx, args.loc, 'numpy.where() with one argument (its length is the number of True elements)');
  if (name === 'repeat' || name === 'tile' || name === 'take' || name === 'insert' || name === 'append') {
    // Counts and positions must be known; the values repeated may be drawn.
    const counts = args.positional.slice(1);
    if (counts.some(holdsDrawn) || ['repeats', 'reps', 'indices', 'obj'].some((k) => holdsDrawn(args.keywords.get(k)))) needsNumbers(ctx, args.loc, `the counts or positions of numpy.${name}()`);
  }
  if (!SHAPE_STABLE.has(name)) {
    return ctx.fail('unsupported', args.loc, {
      what: `numpy.${name}() of random numbers drawn while the model is built`,
      hint: 'its result could depend on the numbers themselves; compute it in a Brian2 string, or with element-wise numpy',
    });
  }
  const like = f(placeholderArgs(args), ctx, call);
  return drawnLike({ op: 'call', fn: name, ...argNodes(args) }, like, args.loc, ctx, `numpy.${name}()`);
}

/** A numpy function that replays itself when a drawn value is passed to it. */
export function withDrawn(name: string, f: (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value) => Value) {
  return (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value): Value => (argsHoldDrawn(args) ? drawnNumpyCall(name, args, ctx, call, f) : f(args, ctx, call));
}

// ---------------------------------------------------------------- attributes, methods, indexing

const DRAWN_METHODS = new Set([
  'sum', 'mean', 'std', 'var', 'min', 'max', 'argmin', 'argmax', 'prod', 'ptp', 'cumsum', 'cumprod', 'round', 'clip', 'any', 'all',
  'dot', 'argsort', 'trace', 'transpose', 'reshape', 'flatten', 'ravel', 'copy', 'squeeze', 'astype', 'item', 'repeat',
]);

/**
 * `x.name` of a drawn array: shape, size and ndim are known; methods that keep shapes known are
 * replayed; the rest (tolist, nonzero, in-place sort) need the numbers and are refused.
 */
export function drawnAttribute(v: Drawn, name: string, loc: Loc, ctx: EvalContext, arrayAttribute: (v: Extract<Value, { t: 'array' }>, name: string, loc: Loc) => Value | undefined): Value | undefined {
  const ph = placeholder(v);
  const asArray: Extract<Value, { t: 'array' }> = ph.t === 'array' ? ph : { t: 'array', a: { ...v.a }, dim: v.dim };
  if (name === 'shape' || name === 'size' || name === 'ndim') return arrayAttribute(asArray, name, loc);
  if (name === 'T') return drawnLike({ op: 'attr', name: 'T', self: v.node }, arrayAttribute(asArray, 'T', loc)!, loc, ctx, 'a.T');
  if (name === 'repeat') {
    return builtin(name, (args, c, call) => {
      if (argsHoldDrawn(args)) needsNumbers(c, args.loc, 'the counts of repeat()');
      return drawnLike({ op: 'method', name, self: v.node, ...argNodes(args) }, call(arrayAttribute(asArray, name, loc)!, args), args.loc, c, `${name}()`);
    });
  }
  if (DRAWN_METHODS.has(name)) {
    return builtin(name, (args, c, call) => {
      const like = call(arrayAttribute(asArray, name, loc)!, placeholderArgs(args));
      return drawnLike({ op: 'method', name, self: v.node, ...argNodes(args) }, like, args.loc, c, `${name}()`);
    });
  }
  if (name === 'sort' || name === 'fill') {
    return builtin(name, (args, c) => c.fail('unsupported', args.loc, { what: `${name}() in place on random numbers drawn while the model is built`, hint: name === 'sort' ? 'use x = np.sort(x)' : 'build a new array, e.g. np.full_like(x, value)' }));
  }
  if (name === 'tolist' || name === 'nonzero') return builtin(name, (args, c) => needsNumbers(c, args.loc, `${name}()`));
  return undefined;
}

/** Whether an index holds a boolean drawn array (a mask whose number of True elements is unknown). */
function drawnMask(idx: Value): boolean {
  if (idx.t === 'drawn') return idx.a.dtype === 'bool' && !idx.scalar;
  if (idx.t === 'tuple' || idx.t === 'list') return idx.items.some(drawnMask);
  return false;
}

/** `x[idx]` with x or idx drawn (an integer index array drawn is fine; a drawn mask is not). */
export function drawnGetItem(v: Value, idx: Value, loc: Loc, idxLoc: Loc, ctx: EvalContext, base: (v: Value, idx: Value, loc: Loc, idxLoc: Loc, ctx: EvalContext) => Value): Value {
  if (drawnMask(idx)) needsNumbers(ctx, idxLoc, 'indexing with a boolean mask (its number of True elements decides the length)');
  if (v.t !== 'drawn' && v.t !== 'array' && v.t !== 'list' && v.t !== 'tuple') {
    return ctx.fail('not-static', idxLoc, { what: `indexing ${describe(v)} with random numbers drawn while the model is built`, hint: 'index a numpy array with them' });
  }
  const like = base(placeholder(v), placeholder(idx), loc, idxLoc, ctx);
  return drawnLike({ op: 'index', self: nodeOf(v), index: nodeOf(idx) }, like, loc, ctx, 'indexing');
}

/**
 * `x[idx] = value` where x, idx or value is drawn: the array becomes drawn (a copy with the items set).
 * The Value object itself changes, so every name bound to the same array sees it, as in Python.
 */
export function drawnSetItem(container: Value, idx: Value, value: Value, loc: Loc, ctx: EvalContext, base: (c: Value, idx: Value, value: Value, loc: Loc, ctx: EvalContext) => void): void {
  if (container.t !== 'array' && container.t !== 'drawn') {
    return ctx.fail('unsupported', loc, { what: `storing random numbers drawn while the model is built in ${describe(container)}`, hint: 'store them in a numpy array' });
  }
  if (container.t === 'array' && container.a.view) {
    return ctx.fail('unsupported', loc, { what: 'storing random numbers drawn while the model is built in a view of another array', hint: 'store them in the array itself' });
  }
  if (drawnMask(idx)) needsNumbers(ctx, loc, 'assigning through a boolean mask');
  const ph = placeholder(container);
  base(ph, placeholder(idx), placeholder(value), loc, ctx);
  const node: DNode = { op: 'setitem', self: nodeOf(container), index: nodeOf(idx), value: nodeOf(value) };
  morph(container, drawnLike(node, ph, loc, ctx, 'item assignment'));
}

/** Turn the Value object `target` into `to` in place (names and containers holding it see the change). */
export function morph(target: Value, to: Value): void {
  for (const k of Object.keys(target)) delete (target as unknown as Record<string, unknown>)[k];
  Object.assign(target, to);
}

/** `int(x)` / `float(x)` of a drawn number (Python's conversion, replayed as the number's own method). */
export function drawnScalarConversion(v: Drawn, to: 'int' | 'float', loc: Loc, ctx: EvalContext): Value {
  if (!v.scalar && size(v.a.shape) !== 1) return ctx.fail('type-error', loc, { detail: `only single values can be converted to ${to}`, hint: `use array.astype(${to})` });
  if (v.dim.some((x) => x !== 0)) return ctx.fail('unit-mismatch', loc, { detail: `${to}() of a quantity with units`, hint: `divide by the unit first, e.g. ${to}(T/ms)` });
  return drawnValue({ op: 'method', name: `__${to}__`, self: v.node, args: [], kwargs: [] }, [], to === 'int' ? 'int' : 'float', DIMENSIONLESS, true, loc);
}
