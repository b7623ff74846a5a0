// numpy functions that make arrays or change their shape: array/zeros/full/arange/linspace/logspace,
// eye/diag/meshgrid, reshape/transpose/squeeze, joining (concatenate, stack, r_) and repetition
// (tile, repeat, roll, flip). Units as Brian2 gives them: functions that only move elements keep the
// units of their input; numpy's joining functions and array()/asarray() drop them (test/data/
// numpy-semantics.json holds what Brian2 returns for each).

import type { Loc } from '../../grammars/ast.js';
import { type Dim, DIMENSIONLESS, formatDim, sameDim } from '../units/dimension.js';
import type { EvalContext } from './context.js';
import { iterate } from './iterate.js';
import { atLeast, castTo, type DType, expandDims, filled, type NDArray, promote, reshape, squeeze, transpose } from './ndarray.js';
import { concatenate, diag, eye, flip, meshgrid, repeat, roll, stack, swapAxes, tile, triangle } from './ndarray-axis.js';
import {
  type Arr,
  arrArg,
  axisOf,
  dtypeOf,
  elements,
  flagOf,
  intOf,
  matchingUnits,
  npFunction,
  type NumpyFn,
  passThrough,
  result,
  shapeOf,
  toArray,
} from './numpy-args.js';
import { describe, int, type Value, opaque } from './values.js';

// ---------------------------------------------------------------- creation

/** np.array / np.asarray: numpy's conversion (a Quantity's units are dropped, as numpy does). */
const array = (keepUnits: boolean): NumpyFn =>
  npFunction('array', ['object', 'dtype', 'copy', 'order', 'subok', 'ndmin'], ['object'], (b, ctx) => {
    const v = b.get('object')!;
    // np.array(M.t) drops the units of the recorded times.
    if (v.t === 'unknown') return keepUnits || v.recording?.variable !== 't' ? v : opaque(v);
    if (v.t === 'lazy') return v;
    const x = arrArg(b, 'object', ctx, 'array()');
    const dtype = dtypeOf(b.get('dtype'));
    let a = dtype ? castTo(x.a, dtype) : x.a;
    // A new array (no view of the argument), except asarray of an array of the same dtype.
    if (a === x.a && v.t === 'array' && !keepUnits) a = { data: Float64Array.from(a.data), shape: [...a.shape], dtype: a.dtype };
    const ndmin = intOf(b, 'ndmin', 0, ctx);
    if (ndmin > a.shape.length) a = { ...a, shape: [...new Array<number>(ndmin - a.shape.length).fill(1), ...a.shape] };
    return { t: 'array', a, dim: keepUnits ? x.dim : DIMENSIONLESS };
  });

const filledFn = (name: string, fill: number): NumpyFn =>
  npFunction(name, ['shape', 'dtype', 'order'], ['shape'], (b, ctx) => {
    const shape = shapeOf(b.get('shape')!, b.loc('shape'), ctx);
    elements(
      shape.reduce((x, y) => x * y, 1),
      b.loc('shape'),
      ctx,
    );
    return result(filled(shape, fill, dtypeOf(b.get('dtype')) ?? 'float'), DIMENSIONLESS);
  });

const full = npFunction('full', ['shape', 'fill_value', 'dtype', 'order'], ['shape', 'fill_value'], (b, ctx) => {
  const shape = shapeOf(b.get('shape')!, b.loc('shape'), ctx);
  const f = arrArg(b, 'fill_value', ctx);
  elements(
    shape.reduce((x, y) => x * y, 1),
    b.loc('shape'),
    ctx,
  );
  if (!f.scalar && f.a.shape.length)
    return ctx.fail('unsupported', b.loc('fill_value'), { what: 'full() with an array as fill value', hint: 'give one value' });
  // numpy's full drops the fill value's units (it makes a plain array).
  return result(filled(shape, f.a.data[0]!, dtypeOf(b.get('dtype')) ?? f.a.dtype), DIMENSIONLESS);
});

/** zeros_like/ones_like/full_like: numpy's keep a Quantity's units, Brian2's own (from brian2 import *) do not. */
const filledLike = (name: string, fill: number | null, keepUnits: boolean): NumpyFn =>
  npFunction(
    name,
    fill === null ? ['a', 'fill_value', 'dtype', 'order', 'subok', 'shape'] : ['a', 'dtype', 'order', 'subok', 'shape'],
    fill === null ? ['a', 'fill_value'] : ['a'],
    (b, ctx) => {
      const x = arrArg(b, 'a', ctx);
      let value = fill ?? 0;
      let dim = keepUnits ? x.dim : DIMENSIONLESS;
      if (fill === null) {
        const f = arrArg(b, 'fill_value', ctx);
        value = f.a.data[0]!;
        // The fill value is stored into an array of a's units: Brian2 checks them.
        if (keepUnits && !matchingUnits(x, f))
          ctx.fail('unit-mismatch', b.loc('fill_value'), {
            detail: `full_like(): the fill value is in ${formatDim(f.dim)} but the array in ${formatDim(x.dim)}`,
            hint: 'give the fill value in the units of the array',
          });
        if (!keepUnits) dim = DIMENSIONLESS;
      }
      const shape = b.has('shape') ? shapeOf(b.get('shape')!, b.loc('shape'), ctx) : x.a.shape;
      return result(filled(shape, value, dtypeOf(b.get('dtype')) ?? x.a.dtype), dim);
    },
  );

/** numpy's arange fills start, start+step and then start + k*((start+step) - start). */
function arangeValues(start: number, stop: number, step: number, loc: Loc, ctx: EvalContext): Float64Array {
  if (step === 0) ctx.fail('value-error', loc, { detail: 'arange() step must not be zero', hint: 'use a non-zero step' });
  const n = elements(Math.max(0, Math.ceil((stop - start) / step)), loc, ctx);
  const out = new Float64Array(n);
  if (n > 0) out[0] = start;
  if (n > 1) {
    const second = start + step;
    const delta = second - start;
    out[1] = second;
    for (let k = 2; k < n; k++) out[k] = start + k * delta;
  }
  return out;
}

/** arange: numpy's drops units; Brian2's own (`from brian2 import *`) checks and keeps them. */
const arange = (brian2: boolean): NumpyFn =>
  npFunction('arange', ['start', 'stop', 'step', 'dtype'], ['start'], (b, ctx) => {
    const given = (['start', 'stop', 'step'] as const).filter((n) => b.has(n) && b.get(n)!.t !== 'none').map((n) => ({ n, x: arrArg(b, n, ctx, 'arange()') }));
    const byName = new Map(given.map((g) => [g.n, g.x]));
    const [start, stop] = byName.has('stop') ? [byName.get('start')!, byName.get('stop')!] : [null, byName.get('start')!];
    const step = byName.get('step') ?? null;
    let dim: Dim = DIMENSIONLESS;
    if (brian2) {
      // Brian2's arange: every argument in the units of stop (start and step may be a bare 0 only when... never: it checks them all).
      dim = stop.dim;
      for (const x of [start, step]) {
        if (x && !sameDim(x.dim, dim))
          ctx.fail('unit-mismatch', b.loc('start'), {
            detail: `arange(): units ${formatDim(x.dim)} and ${formatDim(dim)} differ`,
            hint: 'give start, stop and step in the same units',
          });
      }
    }
    const data = arangeValues(start ? start.a.data[0]! : 0, stop.a.data[0]!, step ? step.a.data[0]! : 1, b.loc('start'), ctx);
    const isInt = [start, stop, step].every((x) => !x || x.a.dtype !== 'float');
    const dtype = dtypeOf(b.get('dtype')) ?? (isInt ? 'int' : 'float');
    return { t: 'array', a: castTo({ data, shape: [data.length], dtype: 'float' }, dtype), dim };
  });

function linspaceValues(s0: number, s1: number, n: number, endpoint: boolean): Float64Array {
  const div = endpoint ? n - 1 : n;
  const delta = s1 - s0;
  const step = div > 0 ? delta / div : NaN;
  const data = new Float64Array(n);
  for (let k = 0; k < n; k++) data[k] = div > 0 ? (step === 0 ? (k / div) * delta : k * step) + s0 : k * delta + s0;
  if (endpoint && n > 1) data[n - 1] = s1;
  return data;
}

/** linspace: numpy's computes with the quantities (so keeps their units), Brian2's checks them. */
const linspace = npFunction('linspace', ['start', 'stop', 'num', 'endpoint', 'retstep', 'dtype', 'axis'], ['start', 'stop'], (b, ctx) => {
  const a = arrArg(b, 'start', ctx, 'linspace()');
  const z = arrArg(b, 'stop', ctx, 'linspace()');
  const dim = matchingUnits(a, z);
  if (!dim)
    return ctx.fail('unit-mismatch', b.loc('stop'), {
      detail: `linspace(): units ${formatDim(a.dim)} and ${formatDim(z.dim)} differ`,
      hint: 'give start and stop in the same units',
    });
  if (!a.scalar || !z.scalar) return ctx.fail('unsupported', b.loc('start'), { what: 'linspace() between arrays', hint: 'give single start and stop values' });
  const n = intOf(b, 'num', 50, ctx);
  if (n < 0) ctx.fail('value-error', b.loc('num'), { detail: `Number of samples, ${n}, must be non-negative`, hint: 'e.g. linspace(0, 1, 11)' });
  elements(n, b.loc('num'), ctx);
  if (flagOf(b, 'retstep', false))
    return ctx.fail('unsupported', b.loc('retstep'), { what: 'linspace(retstep=True)', hint: 'compute the step as (stop - start)/(num - 1)' });
  const data = linspaceValues(a.a.data[0]!, z.a.data[0]!, n, flagOf(b, 'endpoint', true));
  const dtype = dtypeOf(b.get('dtype'));
  return { t: 'array', a: castTo({ data, shape: [n], dtype: 'float' }, dtype ?? 'float'), dim };
});

const logspace = npFunction('logspace', ['start', 'stop', 'num', 'endpoint', 'base', 'dtype', 'axis'], ['start', 'stop'], (b, ctx) => {
  const a = arrArg(b, 'start', ctx, 'logspace()');
  const z = arrArg(b, 'stop', ctx, 'logspace()');
  const base = b.has('base') ? arrArg(b, 'base', ctx).a.data[0]! : 10;
  const n = elements(intOf(b, 'num', 50, ctx), b.loc('num'), ctx);
  const y = linspaceValues(a.a.data[0]!, z.a.data[0]!, n, flagOf(b, 'endpoint', true));
  return { t: 'array', a: castTo({ data: y.map((x) => base ** x), shape: [n], dtype: 'float' }, dtypeOf(b.get('dtype')) ?? 'float'), dim: DIMENSIONLESS };
});

const geomspace = npFunction('geomspace', ['start', 'stop', 'num', 'endpoint', 'dtype', 'axis'], ['start', 'stop'], (b, ctx) => {
  const s0 = arrArg(b, 'start', ctx).a.data[0]!;
  const s1 = arrArg(b, 'stop', ctx).a.data[0]!;
  if (s0 <= 0 || s1 <= 0)
    return ctx.fail('unsupported', b.loc('start'), { what: 'geomspace() with zero or negative bounds', hint: 'give positive start and stop' });
  const n = elements(intOf(b, 'num', 50, ctx), b.loc('num'), ctx);
  const endpoint = flagOf(b, 'endpoint', true);
  const y = linspaceValues(Math.log10(s0), Math.log10(s1), n, endpoint).map((x) => 10 ** x);
  // numpy sets the ends to the given values exactly.
  if (n > 0) y[0] = s0;
  if (n > 1 && endpoint) y[n - 1] = s1;
  return { t: 'array', a: { data: y, shape: [n], dtype: 'float' }, dim: DIMENSIONLESS };
});

const eyeFn = npFunction('eye', ['N', 'M', 'k', 'dtype', 'order'], ['N'], (b, ctx) => {
  const n = intOf(b, 'N', 0, ctx);
  const m = intOf(b, 'M', n, ctx);
  elements(n * m, b.loc('N'), ctx);
  return result(eye(n, m, intOf(b, 'k', 0, ctx), dtypeOf(b.get('dtype')) ?? 'float'), DIMENSIONLESS);
});

const identity = npFunction('identity', ['n', 'dtype'], ['n'], (b, ctx) => {
  const n = intOf(b, 'n', 0, ctx);
  elements(n * n, b.loc('n'), ctx);
  return result(eye(n, n, 0, dtypeOf(b.get('dtype')) ?? 'float'), DIMENSIONLESS);
});

/** A function of one array that keeps its units (Brian2's Quantity passes them through). */
const keeping = (name: string, params: string[], f: (x: Arr, b: import('./calls.js').Bound, ctx: EvalContext) => NDArray, keepUnits = true): NumpyFn =>
  npFunction(name, params, [params[0]!], (b, ctx) => {
    const x = arrArg(b, params[0]!, ctx, `${name}()`);
    return result(f(x, b, ctx), keepUnits ? x.dim : DIMENSIONLESS);
  });

// ---------------------------------------------------------------- shape

/** `a.reshape(2, 3)` and `np.reshape(a, (2, 3))`. */
export function reshapeArgs(args: Value[], loc: Loc, ctx: EvalContext): number[] {
  if (args.length === 1) {
    const v = args[0]!;
    if (v.t === 'num' && v.int) return [v.v];
    if (v.t === 'tuple' || v.t === 'list')
      return v.items.map((x) =>
        x.t === 'num' && x.int ? x.v : ctx.fail('type-error', loc, { detail: 'shape entries must be integers', hint: 'use whole numbers' }),
      );
  }
  return args.map((x) =>
    x.t === 'num' && x.int ? x.v : ctx.fail('type-error', loc, { detail: `shape entries must be integers, not ${describe(x)}`, hint: 'use whole numbers' }),
  );
}

const reshapeFn = npFunction('reshape', ['a', 'newshape', 'order'], ['a', 'newshape'], (b, ctx) => {
  const x = arrArg(b, 'a', ctx);
  return result(reshape(x.a, reshapeArgs([b.get('newshape')!], b.loc('newshape'), ctx)), x.dim);
});

const ravel = keeping('ravel', ['a', 'order'], (x) => ({ data: x.a.data, shape: [x.a.data.length], dtype: x.a.dtype }));
const transposeFn = keeping('transpose', ['a', 'axes'], (x, b, ctx) => {
  const axes = b.get('axes');
  return transpose(x.a, axes && axes.t !== 'none' ? reshapeArgs([axes], b.loc('axes'), ctx) : undefined);
});
const squeezeFn = (keepUnits: boolean) => keeping('squeeze', ['a', 'axis'], (x, b, ctx) => squeeze(x.a, axisOf(b, ctx) ?? undefined), keepUnits);
const expandDimsFn = keeping('expand_dims', ['a', 'axis'], (x, b, ctx) => expandDims(x.a, intOf(b, 'axis', 0, ctx)));
const atLeastFn = (n: number): NumpyFn => keeping(`atleast_${n}d`, ['arys'], (x) => atLeast(x.a, n));
const swapaxes = keeping('swapaxes', ['a', 'axis1', 'axis2'], (x, b, ctx) => swapAxes(x.a, intOf(b, 'axis1', 0, ctx), intOf(b, 'axis2', 0, ctx)));

// ---------------------------------------------------------------- joining (numpy drops the units)

function sequenceArg(v: Value, loc: Loc, ctx: EvalContext, what: string): Arr[] {
  return iterate(v, loc, ctx, what).map((x) => toArray(x, loc, ctx, what));
}

const joined = (a: NDArray): Value => result(a, DIMENSIONLESS);

const concatenateFn = npFunction('concatenate', ['arrays', 'axis', 'out', 'dtype'], ['arrays'], (b, ctx) => {
  const parts = sequenceArg(b.get('arrays')!, b.loc('arrays'), ctx, 'concatenate()');
  const axis = b.has('axis') ? axisOf(b, ctx) : 0;
  const r = concatenate(
    parts.map((p) => p.a),
    axis,
  );
  const dtype = dtypeOf(b.get('dtype'));
  return joined(dtype ? castTo(r, dtype) : r);
});

const hstack = npFunction('hstack', ['tup', 'dtype', 'casting'], ['tup'], (b, ctx) => {
  const parts = sequenceArg(b.get('tup')!, b.loc('tup'), ctx, 'hstack()').map((p) => atLeast(p.a, 1));
  return joined(concatenate(parts, parts[0] && parts[0].shape.length === 1 ? 0 : 1));
});

const vstack = npFunction('vstack', ['tup', 'dtype', 'casting'], ['tup'], (b, ctx) => {
  const parts = sequenceArg(b.get('tup')!, b.loc('tup'), ctx, 'vstack()').map((p) => atLeast(p.a, 2));
  return joined(concatenate(parts, 0));
});

const stackFn = npFunction('stack', ['arrays', 'axis', 'out', 'dtype', 'casting'], ['arrays'], (b, ctx) => {
  const parts = sequenceArg(b.get('arrays')!, b.loc('arrays'), ctx, 'stack()');
  return joined(
    stack(
      parts.map((p) => p.a),
      intOf(b, 'axis', 0, ctx),
    ),
  );
});

const columnStack = npFunction('column_stack', ['tup'], ['tup'], (b, ctx) => {
  const parts = sequenceArg(b.get('tup')!, b.loc('tup'), ctx, 'column_stack()').map((p) => (p.a.shape.length < 2 ? transpose(atLeast(p.a, 2)) : p.a));
  return joined(concatenate(parts, 1));
});

const append = npFunction('append', ['arr', 'values', 'axis'], ['arr', 'values'], (b, ctx) => {
  const x = arrArg(b, 'arr', ctx);
  const y = arrArg(b, 'values', ctx);
  const axis = axisOf(b, ctx);
  return joined(concatenate([x.a, y.a], axis));
});

/** `np.r_[a, 2, 3:5]`: slices become aranges, everything is flattened and joined (units dropped). */
export function rIndex(idx: Value, loc: Loc, ctx: EvalContext): Value {
  const items = idx.t === 'tuple' ? idx.items : [idx];
  const parts = items.map((x): NDArray => {
    if (x.t === 'slice') {
      if (x.stop === null) return ctx.fail('unsupported', loc, { what: 'np.r_ with an open slice', hint: 'give the stop, e.g. np.r_[0:10]' });
      const start = x.start ?? 0;
      const step = x.step ?? 1;
      return { data: arangeValues(start, x.stop, step, loc, ctx), shape: [Math.max(0, Math.ceil((x.stop - start) / step))], dtype: 'int' };
    }
    if (x.t === 'str') return ctx.fail('unsupported', loc, { what: 'np.r_ with a string directive', hint: 'use np.concatenate' });
    return atLeast(toArray(x, loc, ctx, 'np.r_').a, 1);
  });
  return joined(concatenate(parts, 0));
}

// ---------------------------------------------------------------- repetition and order (units kept)

function countsOf(v: Value, loc: Loc, ctx: EvalContext): number[] {
  const x = toArray(v, loc, ctx, 'repeats');
  if (x.a.dtype === 'float') return ctx.fail('type-error', loc, { detail: 'repeats must be integers', hint: 'use whole numbers' });
  return Array.from(x.a.data);
}

const tileFn = keeping('tile', ['A', 'reps'], (x, b, ctx) => tile(x.a, countsOf(b.get('reps')!, b.loc('reps'), ctx)));
const repeatFn = keeping('repeat', ['a', 'repeats', 'axis'], (x, b, ctx) => repeat(x.a, countsOf(b.get('repeats')!, b.loc('repeats'), ctx), axisOf(b, ctx)));
const rollFn = keeping('roll', ['a', 'shift', 'axis'], (x, b, ctx) => roll(x.a, intOf(b, 'shift', 0, ctx), axisOf(b, ctx)));
const flipFn = keeping('flip', ['m', 'axis'], (x, b, ctx) => flip(x.a, axisOf(b, ctx)));
const flipAxis = (name: string, axis: number): NumpyFn => keeping(name, ['m'], (x) => flip(x.a, axis));

const diagFn = keeping('diag', ['v', 'k'], (x, b, ctx) => diag(x.a, intOf(b, 'k', 0, ctx)));
const triFn = (name: string, lower: boolean): NumpyFn => keeping(name, ['m', 'k'], (x, b, ctx) => triangle(x.a, intOf(b, 'k', 0, ctx), lower));

const meshgridFn: NumpyFn = (args, ctx) => {
  const passed = passThrough(args.positional);
  if (passed) return passed;
  const indexing = args.keywords.get('indexing');
  const mode = indexing && indexing.t === 'str' ? indexing.v : 'xy';
  if (mode !== 'xy' && mode !== 'ij') return ctx.fail('value-error', args.loc, { detail: "indexing must be 'xy' or 'ij'", hint: "indexing='ij'" });
  for (const k of args.keywords.keys())
    if (k !== 'indexing' && k !== 'copy' && k !== 'sparse')
      ctx.fail('bad-argument', args.locs.keywords.get(k) ?? args.loc, { callee: 'meshgrid', name: k, hint: 'meshgrid() accepts: indexing, copy, sparse' });
  if (args.keywords.get('sparse')?.t === 'bool' && (args.keywords.get('sparse') as { v: boolean }).v)
    return ctx.fail('unsupported', args.loc, { what: 'meshgrid(sparse=True)', hint: 'use the dense grids' });
  const xs = args.positional.map((v, k) => toArray(v, args.locs.positional[k]!, ctx, 'meshgrid()'));
  const grids = meshgrid(
    xs.map((x) => x.a),
    mode,
  );
  return { t: 'list', items: grids.map((g, k) => result(g, xs[k]!.dim)) };
};

/** numpy's dtype names as functions (np.float64(x), np.int32(x)): a scalar or array cast, units dropped. */
export function dtypeConstructor(name: string): NumpyFn {
  const dtype: DType = dtypeOf({ t: 'str', v: name, offsets: null, loc: { start: 0, end: 0 } })!;
  return (args, ctx) => {
    const v = args.positional[0];
    if (!v) return result({ data: Float64Array.of(0), shape: [], dtype }, DIMENSIONLESS);
    if (v.t === 'inert' || v.t === 'unknown') return opaque(v);
    const x = toArray(v, args.locs.positional[0]!, ctx, `${name}()`);
    return result(castTo(x.a, dtype), DIMENSIONLESS);
  };
}

export const CREATE_FUNCTIONS: Record<string, NumpyFn> = {
  array: array(false),
  asarray: array(false),
  asanyarray: array(true),
  copy: array(false),
  zeros: filledFn('zeros', 0),
  ones: filledFn('ones', 1),
  empty: filledFn('empty', 0),
  full,
  zeros_like: filledLike('zeros_like', 0, true),
  ones_like: filledLike('ones_like', 1, true),
  empty_like: filledLike('empty_like', 0, true),
  full_like: filledLike('full_like', null, true),
  arange: arange(false),
  linspace,
  logspace,
  geomspace,
  eye: eyeFn,
  identity,
  diag: diagFn,
  triu: triFn('triu', false),
  tril: triFn('tril', true),
  meshgrid: meshgridFn,
  reshape: reshapeFn,
  ravel,
  transpose: transposeFn,
  squeeze: squeezeFn(false),
  expand_dims: expandDimsFn,
  atleast_1d: atLeastFn(1),
  atleast_2d: atLeastFn(2),
  atleast_3d: atLeastFn(3),
  swapaxes,
  concatenate: concatenateFn,
  hstack,
  vstack,
  row_stack: vstack,
  stack: stackFn,
  column_stack: columnStack,
  append,
  tile: tileFn,
  repeat: repeatFn,
  roll: rollFn,
  flip: flipFn,
  fliplr: flipAxis('fliplr', 1),
  flipud: flipAxis('flipud', 0),
};

/** Brian2's own versions that `from brian2 import *` gives instead of numpy's. */
export const BRIAN2_CREATE_FUNCTIONS: Record<string, NumpyFn> = {
  arange: arange(true),
  zeros_like: filledLike('zeros_like', 0, false),
  ones_like: filledLike('ones_like', 1, false),
  ravel,
};

/** Methods of arrays that keep units where numpy's functions would not (Quantity methods). */
export const METHOD_SQUEEZE = squeezeFn(true);

export { int, promote };
