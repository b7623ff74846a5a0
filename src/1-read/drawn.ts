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
import type { SynapsesObj } from './brian2/objects.js';
import { builtin, describe, type CallArgs, type Value } from './values.js';

export type { DNode };

export type Drawn = Extract<Value, { t: 'drawn' }>;

/**
 * Placeholder length of an axis whose length the project knows only when it runs (the number of
 * synapses made by a random connect(), `len(S)`): shapes are checked on placeholders, so such an axis
 * needs a length of its own; a prime, so that a product of other sizes rarely equals it. Where it meets
 * a known array of the same length by chance, numpy checks the real lengths when the project runs.
 */
export const DYN_LEN = 9973;

/** The id of the next value the project computes at its place in the script (a draw or a count). */
export function nextValueId(ctx: EvalContext): number {
  return ctx.script.actions.filter((a) => a.kind === 'draw' || a.kind === 'count').length;
}

/**
 * `len(S)` / `S.N` of synapses whose connect() the project makes (random, or conditions the converter
 * does not evaluate): a count action here, whose value sizes arrays drawn or made later.
 */
export function synapsesCount(synapses: SynapsesObj, loc: Loc, ctx: EvalContext): Drawn {
  const id = nextValueId(ctx);
  ctx.script.actions.push({ kind: 'count', id, synapses, loc });
  return countValue({ op: 'draw', id }, loc);
}

/** The drawn integer that is the length `node` (its placeholder is DYN_LEN, so shapes made from it are recognised). */
function countValue(node: DNode, loc: Loc): Drawn {
  const v = drawnValue(node, [], 'int', DIMENSIONLESS, true, loc);
  v.a.data[0] = DYN_LEN;
  v.dyn = node;
  return v;
}

/** Whether `v` is a length known only when the project runs (usable as a size). */
export function isCount(v: Value): v is Drawn {
  return v.t === 'drawn' && v.scalar && v.dyn !== undefined;
}

/** The length of axis `k` of a drawn array: a number, or the count it was made with. */
export function axisLength(v: Drawn, k: number, loc: Loc): Value {
  const n = v.a.shape[k]!;
  if (n === DYN_LEN && v.dyn) return countValue(v.dyn, loc);
  return { t: 'num', v: n, int: true, dim: DIMENSIONLESS };
}

/** The first length known only at run time among the inputs of an operation. */
function dynOf(inputs: Value[]): DNode | undefined {
  for (const x of inputs) {
    if (x.t === 'drawn' && x.dyn) return x.dyn;
    if ((x.t === 'list' || x.t === 'tuple') && holdsDrawn(x)) {
      const d = dynOf(x.items);
      if (d) return d;
    }
  }
  return undefined;
}

/** `out` keeps the run-time length of its inputs on the axes of placeholder length DYN_LEN. */
function keepDyn(out: Drawn, inputs: Value[]): Drawn {
  if (out.scalar || !out.a.shape.includes(DYN_LEN)) return out;
  const d = dynOf(inputs);
  if (d) out.dyn = d;
  return out;
}

/** A Python list whose length is a count (`[x] * len(S)`) is only good as the argument of a numpy function. */
function refusePyList(vs: Value[], fail: (message: string) => never): void {
  if (vs.some((v) => v.t === 'drawn' && v.pylist))
    fail('a list whose length is the number of synapses can only be passed to numpy: make it an array with np.array() first');
}

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
function drawnLike(node: DNode, like: Value, loc: Loc, ctx: EvalContext, what: string, inputs: Value[] = []): Drawn {
  switch (like.t) {
    case 'num':
      return drawnValue(node, [], like.int ? 'int' : 'float', like.dim, true, loc);
    case 'bool':
      return drawnValue(node, [], 'bool', DIMENSIONLESS, true, loc);
    case 'array':
      return keepDyn(drawnValue(node, like.a.shape, like.a.dtype, like.dim, false, loc), inputs);
    default:
      return ctx.fail('unsupported', loc, {
        what: `${what} of random numbers drawn while the model is built (it gives ${describe(like)})`,
        hint: 'keep random numbers in numpy arrays, or draw them in a Brian2 string with rand()',
      });
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
function drawnOperand(node: DNode, like: Value, loc: Loc, fail: Fail, what: string, inputs: Value[] = []): Drawn {
  if (like.t === 'num') return drawnValue(node, [], like.int ? 'int' : 'float', like.dim, true, loc);
  if (like.t === 'bool') return drawnValue(node, [], 'bool', DIMENSIONLESS, true, loc);
  if (like.t === 'array') return keepDyn(drawnValue(node, like.a.shape, like.a.dtype, like.dim, false, loc), inputs);
  return fail(`${what} of random numbers drawn while the model is built gives ${describe(like)}, which the project cannot replay`);
}

const locOf = (l: Value, r: Value): Loc => (l.t === 'drawn' ? l.loc : (r as Drawn).loc);

/**
 * `l op r` where one side is drawn: evaluated on placeholders (units and shapes checked by the
 * ordinary operator), replayed by the project. Errors go through `fail` (the caller locates them).
 */
export function drawnBinary(op: BinaryOperator, l: Value, r: Value, base: (op: BinaryOperator, l: Value, r: Value) => Value, fail: Fail): Value {
  refusePyList([l, r], fail);
  const like = base(op, placeholder(l), placeholder(r));
  const node: DNode = { op: 'binary', operator: op, a: nodeOf(l), b: nodeOf(r) };
  if (op === '*' && (like.t === 'list' || like.t === 'tuple') && (isCount(l) || isCount(r))) {
    // `[x] * len(S)`: a Python list as long as the synapses are, kept for numpy (np.array(...)).
    const items = (isCount(l) ? r : l) as Extract<Value, { t: 'list' | 'tuple' }>;
    const asArray = listArray(items.items, fail);
    if (!asArray) return fail(`the operator * of a list and a number of synapses gives a list of ${describe(items)}, which the project cannot replay`);
    const out = drawnValue(node, [DYN_LEN, ...asArray.shape], asArray.dtype, asArray.dim, false, locOf(l, r));
    out.dyn = (isCount(l) ? l : (r as Drawn)).dyn;
    out.pylist = true;
    return out;
  }
  // 'n = %d' % len(S): text of numbers the project computes, known only when it runs (fine in a print()).
  if (like.t === 'str') return { t: 'unknown', why: 'a string made from numbers the generated project computes when it runs', loc: locOf(l, r) };
  return drawnOperand(node, like, locOf(l, r), fail, `the operator ${op}`, [l, r]);
}

/** The shape, dtype and units of the array numpy makes of one repeated item list (numbers, or lists of numbers). */
function listArray(items: Value[], fail: Fail): { shape: number[]; dtype: DType; dim: Dim } | null {
  if (items.length !== 1) return null;
  const item = placeholder(items[0]!);
  if (item.t === 'num') return { shape: [], dtype: item.int ? 'int' : 'float', dim: item.dim };
  if (item.t === 'array') return { shape: [...item.a.shape], dtype: item.a.dtype, dim: item.dim };
  if ((item.t === 'list' || item.t === 'tuple') && item.items.every((x) => x.t === 'num')) {
    const nums = item.items as Extract<Value, { t: 'num' }>[];
    const dim = nums[0]?.dim ?? DIMENSIONLESS;
    if (nums.some((x) => x.dim.some((d, k) => d !== dim[k]))) return fail('a list of numbers with different units cannot become an array');
    return { shape: [nums.length], dtype: nums.every((x) => x.int) ? 'int' : 'float', dim };
  }
  return null;
}

export function drawnCompare(op: CompareOperator, l: Value, r: Value, base: (op: CompareOperator, l: Value, r: Value) => Value, fail: Fail): Value {
  if (op === 'in' || op === 'not in' || op === 'is' || op === 'is not')
    return fail(`'${op}' cannot test random numbers drawn while the model is built: they are drawn when the project runs`);
  refusePyList([l, r], fail);
  const like = base(op, placeholder(l), placeholder(r));
  return drawnOperand({ op: 'compare', operator: op, a: nodeOf(l), b: nodeOf(r) }, like, locOf(l, r), fail, `the comparison ${op}`, [l, r]);
}

export function drawnUnary(op: '-' | '+' | '~', v: Drawn, base: (op: '-' | '+' | '~', v: Value) => Value, fail: Fail): Value {
  refusePyList([v], fail);
  const like = base(op, placeholder(v));
  return drawnOperand({ op: 'unary', operator: op, a: v.node }, like, v.loc, fail, `the operator ${op}`, [v]);
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
  'abs',
  'absolute',
  'fabs',
  'sqrt',
  'cbrt',
  'square',
  'exp',
  'exp2',
  'expm1',
  'log',
  'log2',
  'log10',
  'log1p',
  'sin',
  'cos',
  'tan',
  'arcsin',
  'arccos',
  'arctan',
  'arctan2',
  'sinh',
  'cosh',
  'tanh',
  'arcsinh',
  'arccosh',
  'arctanh',
  'hypot',
  'floor',
  'ceil',
  'trunc',
  'rint',
  'round',
  'around',
  'sign',
  'power',
  'float_power',
  'maximum',
  'minimum',
  'fmax',
  'fmin',
  'clip',
  'mod',
  'fmod',
  'remainder',
  'floor_divide',
  'true_divide',
  'divide',
  'multiply',
  'add',
  'subtract',
  'negative',
  'positive',
  'reciprocal',
  'isnan',
  'isfinite',
  'isinf',
  'logical_and',
  'logical_or',
  'logical_not',
  'logical_xor',
  'greater',
  'greater_equal',
  'less',
  'less_equal',
  'equal',
  'not_equal',
  'heaviside',
  'deg2rad',
  'rad2deg',
  'degrees',
  'radians',
  'nan_to_num',
  'real',
  'where',
  // reductions and cumulative
  'sum',
  'mean',
  'std',
  'var',
  'min',
  'max',
  'amin',
  'amax',
  'nanmin',
  'nanmax',
  'nansum',
  'nanmean',
  'prod',
  'median',
  'cumsum',
  'cumprod',
  'ptp',
  'average',
  'any',
  'all',
  'argmin',
  'argmax',
  'count_nonzero',
  'percentile',
  'quantile',
  'trace',
  'diff',
  // shape and joining
  'reshape',
  'ravel',
  'transpose',
  'concatenate',
  'hstack',
  'vstack',
  'stack',
  'column_stack',
  'dstack',
  'tile',
  'repeat',
  'flip',
  'fliplr',
  'flipud',
  'roll',
  'squeeze',
  'expand_dims',
  'atleast_1d',
  'atleast_2d',
  'diag',
  'diagonal',
  'triu',
  'tril',
  'outer',
  'dot',
  'matmul',
  'inner',
  'kron',
  'sort',
  'argsort',
  'asarray',
  'array',
  'asanyarray',
  'copy',
  'ascontiguousarray',
  'zeros_like',
  'ones_like',
  'full_like',
  'empty_like',
  'broadcast_to',
  'interp',
  'searchsorted',
  'linspace',
  'cross',
  'swapaxes',
  'moveaxis',
  'rot90',
  'append',
  'insert',
  'take',
]);

/** numpy functions that make an array of a given size, accepted with a run-time count as the size. */
const SIZED_BY_COUNT = new Set(['zeros', 'ones', 'empty', 'full', 'arange']);

/** numpy.<name>(...) with drawn arguments: replayed when its shape is known, refused otherwise. */
export function drawnNumpyCall(
  name: string,
  args: CallArgs,
  ctx: EvalContext,
  call: (f: Value, a: CallArgs) => Value,
  f: (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value) => Value,
): Value {
  if (name === 'where' && args.positional.length === 1)
    needsNumbers(ctx, args.loc, 'numpy.where() with one argument (its length is the number of True elements)');
  if (name === 'repeat' || name === 'tile' || name === 'take' || name === 'insert' || name === 'append') {
    // Counts and positions must be known; the values repeated may be drawn.
    const counts = args.positional.slice(1);
    if (counts.some(holdsDrawn) || ['repeats', 'reps', 'indices', 'obj'].some((k) => holdsDrawn(args.keywords.get(k))))
      needsNumbers(ctx, args.loc, `the counts or positions of numpy.${name}()`);
  }
  if (SIZED_BY_COUNT.has(name)) {
    // np.zeros(len(S)), np.full(len(S), x), np.arange(len(S)): sizes must be counts, not drawn numbers.
    const sizes =
      name === 'full'
        ? [args.positional[0], args.keywords.get('shape')]
        : name === 'arange'
          ? [...args.positional.slice(0, 3), ...['start', 'stop', 'step'].map((k) => args.keywords.get(k))]
          : [args.positional[0], args.keywords.get('shape')];
    const entries = sizes.flatMap((v) => (v === undefined ? [] : v.t === 'list' || v.t === 'tuple' ? v.items : [v]));
    if (entries.some((v) => holdsDrawn(v) && !isCount(v))) needsNumbers(ctx, args.loc, `the size of numpy.${name}()`);
  } else if (!SHAPE_STABLE.has(name)) {
    return ctx.fail('unsupported', args.loc, {
      what: `numpy.${name}() of random numbers drawn while the model is built`,
      hint: 'its result could depend on the numbers themselves; compute it in a Brian2 string, or with element-wise numpy',
    });
  }
  const like = f(placeholderArgs(args), ctx, call);
  return drawnLike({ op: 'call', fn: name, ...argNodes(args) }, like, args.loc, ctx, `numpy.${name}()`, [...args.positional, ...args.keywords.values()]);
}

/** A numpy function that replays itself when a drawn value is passed to it. */
export function withDrawn(name: string, f: (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value) => Value) {
  return (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value): Value =>
    argsHoldDrawn(args) ? drawnNumpyCall(name, args, ctx, call, f) : f(args, ctx, call);
}

// ---------------------------------------------------------------- attributes, methods, indexing

const DRAWN_METHODS = new Set([
  'sum',
  'mean',
  'std',
  'var',
  'min',
  'max',
  'argmin',
  'argmax',
  'prod',
  'ptp',
  'cumsum',
  'cumprod',
  'round',
  'clip',
  'any',
  'all',
  'dot',
  'argsort',
  'trace',
  'transpose',
  'reshape',
  'flatten',
  'ravel',
  'copy',
  'squeeze',
  'astype',
  'item',
  'repeat',
]);

/**
 * `x.name` of a drawn array: shape, size and ndim are known; methods that keep shapes known are
 * replayed; the rest (tolist, nonzero, in-place sort) need the numbers and are refused.
 */
export function drawnAttribute(
  v: Drawn,
  name: string,
  loc: Loc,
  ctx: EvalContext,
  arrayAttribute: (v: Extract<Value, { t: 'array' }>, name: string, loc: Loc) => Value | undefined,
): Value | undefined {
  if (v.pylist)
    return ctx.fail('unsupported', loc, { what: `.${name} of a list whose length is the number of synapses`, hint: 'make it an array with np.array() first' });
  const ph = placeholder(v);
  const asArray: Extract<Value, { t: 'array' }> = ph.t === 'array' ? ph : { t: 'array', a: { ...v.a }, dim: v.dim };
  if (v.dyn && !v.scalar && (name === 'shape' || name === 'size')) {
    const lengths = v.a.shape.map((_, k) => axisLength(v, k, loc));
    if (name === 'shape') return { t: 'tuple', items: lengths };
    if (lengths.length === 1) return lengths[0]!;
    return needsNumbers(ctx, loc, 'the size of an array whose length is a number of synapses');
  }
  if (name === 'shape' || name === 'size' || name === 'ndim') return arrayAttribute(asArray, name, loc);
  if (name === 'T') return drawnLike({ op: 'attr', name: 'T', self: v.node }, arrayAttribute(asArray, 'T', loc)!, loc, ctx, 'a.T', [v]);
  if (name === 'repeat') {
    return builtin(name, (args, c, call) => {
      if (argsHoldDrawn(args)) needsNumbers(c, args.loc, 'the counts of repeat()');
      return drawnLike({ op: 'method', name, self: v.node, ...argNodes(args) }, call(arrayAttribute(asArray, name, loc)!, args), args.loc, c, `${name}()`, [v]);
    });
  }
  if (DRAWN_METHODS.has(name)) {
    return builtin(name, (args, c, call) => {
      const like = call(arrayAttribute(asArray, name, loc)!, placeholderArgs(args));
      return drawnLike({ op: 'method', name, self: v.node, ...argNodes(args) }, like, args.loc, c, `${name}()`, [v, ...args.positional]);
    });
  }
  if (name === 'sort' || name === 'fill') {
    return builtin(name, (args, c) =>
      c.fail('unsupported', args.loc, {
        what: `${name}() in place on random numbers drawn while the model is built`,
        hint: name === 'sort' ? 'use x = np.sort(x)' : 'build a new array, e.g. np.full_like(x, value)',
      }),
    );
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

/** A drawn 1-D boolean mask of the same length as the 1-D array `v` (dtype and units of v), or null. */
function oneMask(v: Value, idx: Value): { dtype: DType; dim: Dim } | null {
  if (idx.t !== 'drawn' || idx.scalar || idx.a.dtype !== 'bool' || idx.a.shape.length !== 1 || idx.pylist) return null;
  if (v.t === 'drawn' && v.pylist) return null;
  const ph = placeholder(v);
  if (ph.t !== 'array' || ph.a.shape.length !== 1 || ph.a.shape[0] !== idx.a.shape[0]) return null;
  return { dtype: ph.a.dtype, dim: ph.dim };
}

/** `x[idx]` with x or idx drawn (an integer index array drawn is fine; a drawn mask is not). */
export function drawnGetItem(
  v: Value,
  idx: Value,
  loc: Loc,
  idxLoc: Loc,
  ctx: EvalContext,
  base: (v: Value, idx: Value, loc: Loc, idxLoc: Loc, ctx: EvalContext) => Value,
): Value {
  const masked = oneMask(v, idx);
  if (masked) {
    // `x[mask]` of a drawn mask over a 1-D array: as long as the mask has True elements, which the
    // project counts (a run-time length, like len(S)); numpy checks the lengths where it meets others.
    const out = drawnValue({ op: 'index', self: nodeOf(v), index: nodeOf(idx) }, [DYN_LEN], masked.dtype, masked.dim, false, loc);
    out.dyn = { op: 'call', fn: 'count_nonzero', args: [nodeOf(idx)], kwargs: [] };
    return out;
  }
  if (drawnMask(idx)) needsNumbers(ctx, idxLoc, 'indexing with a boolean mask (its number of True elements decides the length)');
  if (v.t === 'drawn' && v.pylist)
    return ctx.fail('unsupported', loc, { what: 'indexing a list whose length is the number of synapses', hint: 'make it an array with np.array() first' });
  if (v.t !== 'drawn' && v.t !== 'array' && v.t !== 'list' && v.t !== 'tuple') {
    return ctx.fail('not-static', idxLoc, {
      what: `indexing ${describe(v)} with random numbers drawn while the model is built`,
      hint: 'index a numpy array with them',
    });
  }
  const like = base(placeholder(v), placeholder(idx), loc, idxLoc, ctx);
  return drawnLike({ op: 'index', self: nodeOf(v), index: nodeOf(idx) }, like, loc, ctx, 'indexing', [v, idx]);
}

/**
 * `x[idx] = value` where x, idx or value is drawn: the array becomes drawn (a copy with the items set).
 * The Value object itself changes, so every name bound to the same array sees it, as in Python.
 */
export function drawnSetItem(
  container: Value,
  idx: Value,
  value: Value,
  loc: Loc,
  ctx: EvalContext,
  base: (c: Value, idx: Value, value: Value, loc: Loc, ctx: EvalContext) => void,
): void {
  if (container.t !== 'array' && container.t !== 'drawn') {
    return ctx.fail('unsupported', loc, {
      what: `storing random numbers drawn while the model is built in ${describe(container)}`,
      hint: 'store them in a numpy array',
    });
  }
  if (container.t === 'array' && container.a.view) {
    return ctx.fail('unsupported', loc, {
      what: 'storing random numbers drawn while the model is built in a view of another array',
      hint: 'store them in the array itself',
    });
  }
  const masked = oneMask(container, idx);
  if (masked && !(value.t === 'drawn' && value.pylist)) {
    // `x[mask] = c` / `x[mask] -= c` with a drawn mask over a 1-D array: x keeps its shape; a single value,
    // or values as many as the mask's True elements (numpy checks that count when the project runs).
    const ph = placeholder(container);
    const vph = placeholder(value);
    const one: Value = vph.t === 'array' ? { t: 'num', v: 0, int: vph.a.dtype === 'int', dim: vph.dim } : vph;
    if (vph.t === 'array' && !(value.t === 'drawn' && value.dyn && vph.a.shape.length === 1))
      needsNumbers(ctx, loc, 'assigning an array through a boolean mask (its number of True elements decides how many values it takes)');
    base(ph, { t: 'slice', start: null, stop: null, step: null }, one, loc, ctx);
    const node: DNode = { op: 'setitem', self: nodeOf(container), index: nodeOf(idx), value: nodeOf(value) };
    morph(container, drawnLike(node, ph, loc, ctx, 'item assignment', [container]));
    return;
  }
  if (drawnMask(idx)) needsNumbers(ctx, loc, 'assigning through a boolean mask');
  if ([container, idx, value].some((x) => x.t === 'drawn' && x.pylist))
    return ctx.fail('unsupported', loc, {
      what: 'item assignment with a list whose length is the number of synapses',
      hint: 'make it an array with np.array() first',
    });
  const ph = placeholder(container);
  base(ph, placeholder(idx), placeholder(value), loc, ctx);
  const node: DNode = { op: 'setitem', self: nodeOf(container), index: nodeOf(idx), value: nodeOf(value) };
  morph(container, drawnLike(node, ph, loc, ctx, 'item assignment', [container]));
}

/** Turn the Value object `target` into `to` in place (names and containers holding it see the change). */
export function morph(target: Value, to: Value): void {
  for (const k of Object.keys(target)) delete (target as unknown as Record<string, unknown>)[k];
  Object.assign(target, to);
}

/** `int(x)` / `float(x)` of a drawn number (Python's conversion, replayed as the number's own method). */
export function drawnScalarConversion(v: Drawn, to: 'int' | 'float', loc: Loc, ctx: EvalContext): Value {
  if (!v.scalar && size(v.a.shape) !== 1)
    return ctx.fail('type-error', loc, { detail: `only single values can be converted to ${to}`, hint: `use array.astype(${to})` });
  // A quantity with units converts to its value in SI units, as Brian2's Quantity does.
  // int() of a count stays that count (a size); float() of it is an ordinary number.
  if (to === 'int' && isCount(v)) return v;
  return drawnValue({ op: 'method', name: `__${to}__`, self: v.node, args: [], kwargs: [] }, [], to === 'int' ? 'int' : 'float', DIMENSIONLESS, true, loc);
}
