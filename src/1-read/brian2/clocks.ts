// Brian2's clocks as the evaluator sees them: `Clock(dt=...)` objects, the clock every object is made
// with (`clock=`, a clock of its own for `dt=`, else defaultclock or the source's), and `clock.dt = x`
// (recorded as an action: the objects of that clock follow it from the next run on, as in Brian2,
// where objects keep the clock object, not its dt).

import type { Loc } from '../../../grammars/ast.js';
import { formatDim, sameDim, SECOND } from '../../units/dimension.js';
import { bindArgs } from '../calls.js';
import type { EvalContext } from '../context.js';
import { describe, type CallArgs, type Value } from '../values.js';
import type { ClockObj } from './objects.js';
import { DEFAULT_CLOCK } from './default-clock.js';
import { requestedName } from './object-names.js';

type Args = Map<string, { value: Value; loc: Loc }>;

/** A dt given to a clock or an object: a positive time (Brian2 checks the unit; dt <= 0 cannot run). */
export function checkDt(v: Value, loc: Loc, ctx: EvalContext, what: string, hint = 'e.g. dt=0.1*ms'): Value {
  ctx.checkPoison(v);
  if (v.t === 'unknown') ctx.failUnknown(v, loc, what);
  if (v.t !== 'num' || !sameDim(v.dim, SECOND)) {
    ctx.fail('unit-mismatch', loc, { detail: `${what} must be a positive time, not ${v.t === 'num' ? formatDim(v.dim) : describe(v)}`, hint });
  }
  if (!(v.v > 0) || !Number.isFinite(v.v)) ctx.fail('value-error', loc, { detail: `${what} must be a positive time, not ${v.v} s`, hint });
  return v;
}

/** `Clock(dt, name='clock*')`. */
export function Clock(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('Clock', ['dt', 'name'], args, ctx, { required: ['dt'] });
  const dt = b.entries.get('dt')!;
  checkDt(dt.value, dt.loc, ctx, 'the dt of a Clock');
  const clock: ClockObj = {
    kind: 'Clock',
    origin: 'clock',
    name: ctx.uniqueName('clock', requestedName(b.entries, ctx)),
    pyName: null,
    loc: args.loc,
    explicitNamespace: null,
    dt,
  };
  return { t: 'object', obj: ctx.register(clock) };
}

/**
 * The clock of an object being created (Brian2's BrianObject.__init__): `clock=` (a Clock), else a new
 * clock `<name>_clock` for `dt=`, else `fallback` (defaultclock; a StateMonitor: undefined, the source's).
 * Both given: Brian2's ValueError.
 */
export function objectClock(entries: Args, name: string, ctx: EvalContext, callee: string, fallback: ClockObj): ClockObj;
export function objectClock(entries: Args, name: string, ctx: EvalContext, callee: string, fallback: null): ClockObj | null;
export function objectClock(entries: Args, name: string, ctx: EvalContext, callee: string, fallback: ClockObj | null): ClockObj | null {
  const given = (k: string) => {
    const a = entries.get(k);
    return a && a.value.t !== 'none' ? a : null;
  };
  const dt = given('dt');
  const clock = given('clock');
  if (dt && clock)
    ctx.fail('value-error', clock.loc, { detail: `${callee}() takes either dt= or clock=, not both (Brian2 raises ValueError)`, hint: 'keep one of them' });
  if (clock) {
    ctx.checkPoison(clock.value);
    if (clock.value.t !== 'object' || clock.value.obj.kind !== 'Clock') {
      return ctx.fail('type-error', clock.loc, {
        detail: `clock= needs a Clock object, not ${describe(clock.value)}`,
        hint: 'e.g. clock=Clock(dt=1*ms), or give dt= instead',
      });
    }
    return clock.value.obj;
  }
  if (dt) {
    checkDt(dt.value, dt.loc, ctx, `the dt of ${callee}`);
    const own: ClockObj = { kind: 'Clock', origin: 'own', name: ctx.uniqueName(`${name}_clock`, null), pyName: null, loc: dt.loc, explicitNamespace: null, dt };
    return ctx.register(own);
  }
  return fallback;
}

/** `clock.dt` / `G.dt` in the script: the clock's dt as the script stands here. */
export function clockAttribute(clock: ClockObj, name: string, ctx: EvalContext): Value | null {
  if (name === 'dt') return ctx.clockDt(clock);
  if (name === 'dt_') {
    const v = ctx.clockDt(clock);
    return v.t === 'num' ? { ...v, dim: [0, 0, 0, 0, 0, 0, 0] } : v;
  }
  if (name === 'name') return { t: 'str', v: clock.name, offsets: null, loc: clock.loc };
  return null;
}

export { DEFAULT_CLOCK };
