// Helpers shared by the Python builtins, numpy and Brian2 functions of the evaluator: reading numeric
// arguments (with units), applying elementwise functions with Brian2's unit rules.

import type { Loc } from '../../grammars/ast.js';
import { type Dim, DIMENSIONLESS, formatDim, isDimensionless, powDim, sameDim } from '../units/dimension.js';
import type { EvalContext } from './context.js';
import { type DType, map, type NDArray } from './ndarray.js';
import { asNumeric, fromNumeric, OperatorError } from './operators.js';
import { describe, type CallArgs, type Value, opaque } from './values.js';
import { call as scall, type SExpr } from '../symbolic/expr.js';

export interface Num {
  a: NDArray;
  dim: Dim;
  scalar: boolean;
}

export function numeric(v: Value, loc: Loc, ctx: EvalContext, what = 'this argument'): Num {
  if (v.t === 'unknown') ctx.failUnknown(v, loc, what);
  let n: ReturnType<typeof asNumeric> = null;
  try {
    n = asNumeric(v);
  } catch (e) {
    if (e instanceof OperatorError) ctx.fail(e.code, loc, { detail: e.message, hint: 'give all elements the same units' });
    throw e;
  }
  if (!n)
    return ctx.fail('type-error', loc, { detail: `${what} must be a number or an array, not ${describe(v)}`, hint: 'pass a number, a quantity or an array' });
  return n;
}

export function arg(args: CallArgs, k: number, name: string): { value: Value; loc: Loc } | undefined {
  if (k < args.positional.length) return { value: args.positional[k]!, loc: args.locs.positional[k]! };
  const v = args.keywords.get(name);
  return v === undefined ? undefined : { value: v, loc: args.locs.keywords.get(name) ?? args.loc };
}

export function requireArg(args: CallArgs, k: number, name: string, callee: string, ctx: EvalContext): { value: Value; loc: Loc } {
  const a = arg(args, k, name);
  if (!a) return ctx.fail('missing-argument', args.loc, { callee, name });
  return a;
}

export function toValue(a: NDArray, dim: Dim, scalar: boolean): Value {
  return fromNumeric(a, dim, scalar);
}

/** A unary function that needs a dimensionless argument (exp, log, sin, ...). */
export function dimensionlessFn(name: string, f: (x: number) => number, symbolic = true) {
  return (args: CallArgs, ctx: EvalContext): Value => {
    const { value, loc } = requireArg(args, 0, 'x', name, ctx);
    // What is known only later stays so (an error only where the model uses it), as for operators.
    if (value.t === 'inert' || (value.t === 'unknown' && value.why)) return value;
    if (value.t === 'lazy') {
      if (!symbolic || (value.dim && !isDimensionless(value.dim)))
        ctx.fail('unit-mismatch', loc, {
          detail: `${name}() needs a dimensionless argument, not ${formatDim(value.dim ?? DIMENSIONLESS)}`,
          hint: 'divide by a unit first',
        });
      return { ...value, expr: scall(name, value.expr) as SExpr };
    }
    const n = numeric(value, loc, ctx);
    if (!isDimensionless(n.dim)) {
      ctx.fail('unit-mismatch', loc, {
        detail: `${name}() needs a dimensionless argument, not ${formatDim(n.dim)}`,
        hint: 'divide by a unit first, e.g. exp(-t/tau)',
      });
    }
    return toValue(map(n.a, f, 'float'), DIMENSIONLESS, n.scalar);
  };
}

/** A unary function that keeps units (abs, floor, ...) or transforms them (sqrt). */
export function unitFn(name: string, f: (x: number) => number, dimOf: (d: Dim) => Dim = (d) => d, dtype?: DType) {
  return (args: CallArgs, ctx: EvalContext): Value => {
    const { value, loc } = requireArg(args, 0, 'x', name, ctx);
    // What is known only later stays so (an error only where the model uses it), as for operators.
    if (value.t === 'inert' || (value.t === 'unknown' && value.why)) return value;
    if (value.t === 'lazy') return { ...value, expr: scall(name, value.expr), dim: value.dim && dimOf(value.dim) };
    const n = numeric(value, loc, ctx);
    return toValue(map(n.a, f, dtype ?? (n.a.dtype === 'bool' ? 'int' : name === 'sqrt' ? 'float' : n.a.dtype)), dimOf(n.dim), n.scalar);
  };
}

export const sqrtDim = (d: Dim) => powDim(d, 0.5);

export function sameUnits(a: Num, b: Num, what: string, loc: Loc, ctx: EvalContext): void {
  if (!sameDim(a.dim, b.dim)) {
    ctx.fail('unit-mismatch', loc, { detail: `${what}: units ${formatDim(a.dim)} and ${formatDim(b.dim)} differ`, hint: 'use the same units for all values' });
  }
}

export function reduce(name: string, f: (xs: Float64Array) => number, keepsDim = true) {
  return (args: CallArgs, ctx: EvalContext): Value => {
    const { value, loc } = requireArg(args, 0, 'a', name, ctx);
    if (value.t === 'inert' || value.t === 'unknown') return opaque(value);
    const n = numeric(value, loc, ctx);
    if (n.a.data.length === 0 && name !== 'sum') ctx.fail('value-error', loc, { detail: `${name}() of an empty array`, hint: 'give at least one value' });
    const r = f(n.a.data);
    const isInt = n.a.dtype !== 'float' && name !== 'mean' && name !== 'std';
    return fromNumeric({ data: Float64Array.of(r), shape: [], dtype: isInt ? 'int' : 'float' }, keepsDim ? n.dim : DIMENSIONLESS, true);
  };
}
