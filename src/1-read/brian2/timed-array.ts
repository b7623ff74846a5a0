// TimedArray values as Brian2 takes them (np.asarray(values, dtype=float64) with the units of the
// values, 1-D or 2-D) and calling a TimedArray from Python while the model is built
// (`ta(5*ms)`, `ta(t, i)`), with Brian2's own rounding of the time to an index.

import { formatDim, isDimensionless, sameDim, type Dim } from '../../units/dimension.js';
import type { EvalContext } from '../context.js';
import { castTo, type NDArray } from '../ndarray.js';
import { result } from '../numpy-args.js';
import { asNumeric, OperatorError } from '../operators.js';
import { describe, type CallArgs, type Value } from '../values.js';
import type { TimedArrayObj } from './objects.js';

const SECOND: Dim = [0, 0, 1, 0, 0, 0, 0];
const DEFAULT_DT = 1e-4;

/** The values of a TimedArray as a float array with units, or null when they are not numbers yet (a lazy or unknown value). */
export function timedArrayValues(v: Value, ctx: Pick<EvalContext, 'fail'>, loc: import('../../../grammars/ast.js').Loc): { a: NDArray; dim: Dim } | null {
  if (v.t === 'lazy' || v.t === 'unknown') return null;
  let n: ReturnType<typeof asNumeric> = null;
  try {
    n = asNumeric(v);
  } catch (e) {
    if (e instanceof OperatorError) ctx.fail(e.code, loc, { detail: `TimedArray values: ${e.message}`, hint: 'give all values the same units' });
    throw e;
  }
  if (!n)
    return ctx.fail('type-error', loc, {
      detail: `TimedArray values must be an array of numbers, not ${describe(v)}`,
      hint: 'pass a 1-D array (one value per step) or a 2-D array (steps × neurons)',
    });
  if (n.a.shape.length < 1 || n.a.shape.length > 2) {
    return ctx.fail('type-error', loc, {
      detail: `TimedArray values must be a 1-D or 2-D array, not ${n.a.shape.length}-D`,
      hint: 'pass one value per step, or a 2-D array (steps × neurons)',
    });
  }
  return { a: castTo(n.a, 'float', true), dim: n.dim };
}

/**
 * `ta(t)` / `ta(t, i)` in the script: Brian2's Python implementation, which rounds t/dt through an
 * upsampling factor K chosen from defaultclock.dt (so that times a hair below a step boundary round up).
 */
export function callTimedArray(o: TimedArrayObj, args: CallArgs, ctx: EvalContext): Value {
  const values = timedArrayValues(o.values.value, ctx, o.values.loc);
  if (!values)
    return ctx.fail('not-static', args.loc, {
      what: 'calling this TimedArray while the model is built',
      hint: 'its values are known only when the model runs',
    });
  const dtv = o.dt.value;
  if (dtv.t !== 'num' || !sameDim(dtv.dim, SECOND))
    return ctx.fail('unit-mismatch', o.dt.loc, { detail: 'the dt of a TimedArray must be a time', hint: 'e.g. dt=1*ms' });
  const t = args.positional[0];
  if (!t) return ctx.fail('missing-argument', args.loc, { callee: o.pyName ?? o.name, name: 't' });
  if (t.t === 'inert' || t.t === 'unknown') return t;
  if (t.t !== 'num' || !sameDim(t.dim, SECOND))
    return ctx.fail('unit-mismatch', args.locs.positional[0] ?? args.loc, {
      detail: `a TimedArray is called with a time, not ${t.t === 'num' ? formatDim(t.dim) : describe(t)}`,
      hint: 'e.g. ta(5*ms)',
    });
  const current = ctx.clockDt(ctx.script.defaultclock);
  const clockDt = current.t === 'num' ? current.v : DEFAULT_DT;
  const dt = dtv.v;
  const K = Math.max(Math.trunc(2 ** Math.ceil(Math.log2((8 / clockDt) * dt))), 1);
  const epsilon = dt / K;
  const steps = values.a.shape[0]!;
  // numpy: int_(round(t/epsilon)/K), round half to even.
  const r = t.v / epsilon;
  const fl = Math.floor(r);
  const rounded = r - fl > 0.5 || (r - fl === 0.5 && fl % 2 !== 0) ? fl + 1 : fl;
  const k = Math.min(Math.max(Math.trunc(rounded / K), 0), steps - 1);
  if (values.a.shape.length === 1) return result({ data: Float64Array.of(values.a.data[k]!), shape: [], dtype: 'float' }, values.dim);
  const i = args.positional[1];
  const cols = values.a.shape[1]!;
  if (!i || i.t !== 'num' || !i.int || !isDimensionless(i.dim))
    return ctx.fail('type-error', args.loc, { detail: 'a 2-D TimedArray is called as ta(t, i) with an integer i', hint: 'e.g. ta(5*ms, 3)' });
  const j = Math.min(Math.max(i.v, 0), cols - 1);
  return result({ data: Float64Array.of(values.a.data[k * cols + j]!), shape: [], dtype: 'float' }, values.dim);
}
