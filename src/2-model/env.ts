// What the builders of the different objects share: the context, the run namespaces, and the
// registry of TimedArrays (created on first use from the script's TimedArray objects).

import type { Loc } from '../../grammars/ast.js';
import type { Brian2Object, Namespace, TimedArrayObj } from '../1-read/brian2/objects.js';
import type { Value } from '../1-read/values.js';
import { timedArrayValues } from '../1-read/brian2/timed-array.js';
import { formatDim, sameDim, SECOND, type Dim } from '../units/dimension.js';
import type { BuildContext } from './context.js';
import type { TimedArrayIR } from './ir.js';
import { computedOf } from './computed.js';

export class BuildEnv {
  readonly timedArrays = new Map<string, TimedArrayIR>();

  constructor(
    readonly ctx: BuildContext,
    /** Namespace of each run() call, in order. */
    readonly runNamespaces: Namespace[],
    /** The number of the first run() each object takes part in (networks.ts). */
    private readonly firstRun: ReadonlyMap<Brian2Object, number> = new Map(),
    /** Per run() call of the script, in order: the names of the objects that take part (networks.ts). */
    readonly runObjects: ReadonlyArray<ReadonlySet<string>> = [],
  ) {}

  /**
   * The namespace in which an object resolves the names of its code: Brian2 resolves them when the
   * first run() it takes part in starts (an object in no run: the first run after its creation).
   */
  namespaceFor(o: Brian2Object): { ns: Namespace; runIndex: number } {
    const r = Math.min(this.firstRun.get(o) ?? o.runsBefore ?? 0, Math.max(0, this.runNamespaces.length - 1));
    return { ns: this.runNamespaces[r] ?? new Map(), runIndex: r };
  }

  timedArray(value: Value): { id: string; dim: Dim; ndim: number } | null {
    if (value.t !== 'object' || value.obj.kind !== 'TimedArray') return null;
    const ta = this.buildTimedArray(value.obj);
    return { id: ta.id, dim: ta.dim, ndim: ta.shape.length };
  }

  private buildTimedArray(o: TimedArrayObj): TimedArrayIR {
    const done = this.timedArrays.get(o.name);
    if (done) return done;
    const ctx = this.ctx;
    const drawn = o.values.value;
    if (drawn.t === 'drawn') return this.drawnTimedArray(o, drawn);
    const arr = timedArrayValues(o.values.value, ctx, o.values.loc);
    if (!arr)
      return ctx.fail('not-static', o.values.loc, {
        what: 'the values of this TimedArray',
        hint: 'they are known only when the model runs; give numbers, e.g. an array computed with numpy',
      });
    const dtv = o.dt.value;
    if (dtv.t !== 'num' || !sameDim(dtv.dim, SECOND)) {
      ctx.fail('unit-mismatch', o.dt.loc, {
        detail: `the dt of a TimedArray must be a time, not ${dtv.t === 'num' ? formatDim(dtv.dim) : 'this value'}`,
        hint: 'e.g. dt=1*ms',
      });
    }
    const ta: TimedArrayIR = {
      id: o.name,
      pyName: o.pyName,
      values: Array.from(arr.a.data),
      shape: [...arr.a.shape],
      dim: arr.dim,
      dt: (dtv as Extract<Value, { t: 'num' }>).v,
      span: ctx.span(o.loc),
    };
    this.timedArrays.set(o.name, ta);
    return ta;
  }

  /** A TimedArray of numbers the project draws (numpy.random in the script), computed there. */
  private drawnTimedArray(o: TimedArrayObj, v: Extract<Value, { t: 'drawn' }>): TimedArrayIR {
    const ctx = this.ctx;
    if (v.scalar || v.a.shape.length > 2)
      ctx.fail('type-error', o.values.loc, {
        detail: `TimedArray values must be a 1-D or 2-D array, not ${v.scalar ? 'one number' : `${v.a.shape.length}-D`}`,
        hint: 'pass one value per step, or a 2-D array (steps × neurons)',
      });
    const dtv = o.dt.value;
    if (dtv.t !== 'num' || !sameDim(dtv.dim, SECOND)) {
      ctx.fail('unit-mismatch', o.dt.loc, {
        detail: `the dt of a TimedArray must be a time, not ${dtv.t === 'num' ? formatDim(dtv.dim) : 'this value'}`,
        hint: 'e.g. dt=1*ms',
      });
    }
    const ta: TimedArrayIR = {
      id: o.name,
      pyName: o.pyName,
      values: [],
      computed: computedOf(v, ctx),
      shape: [...v.a.shape],
      dim: v.dim,
      dt: (dtv as Extract<Value, { t: 'num' }>).v,
      span: ctx.span(o.loc),
    };
    this.timedArrays.set(o.name, ta);
    return ta;
  }

  span(loc: Loc) {
    return this.ctx.span(loc);
  }
}
