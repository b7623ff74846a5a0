// Binding call arguments to a function's parameters, with the errors Python would give (and a
// "did you mean" for misspelt keywords, the most common mistake in model scripts).

import type { Loc } from '../../grammars/ast.js';
import { didYouMean } from '../diagnostics/diagnostic.js';
import type { EvalContext } from './context.js';
import { describe, type CallArgs, type Value } from './values.js';
import { isDimensionless } from '../units/dimension.js';

export interface Bound {
  get(name: string): Value | undefined;
  loc(name: string): Loc;
  has(name: string): boolean;
  entries: Map<string, { value: Value; loc: Loc }>;
}

/**
 * Bind `args` to parameters named in positional order. Keywords outside `params` are refused unless
 * `extraKeywords` is set (they are then kept too).
 */
export function bindArgs(
  callee: string,
  params: readonly string[],
  args: CallArgs,
  ctx: EvalContext,
  options: { required?: readonly string[]; extraKeywords?: boolean } = {},
): Bound {
  const entries = new Map<string, { value: Value; loc: Loc }>();
  // An argument left behind by a failed statement: that error is reported, the call is not evaluated.
  for (const v of args.positional) ctx.checkPoison(v);
  for (const v of args.keywords.values()) ctx.checkPoison(v);
  if (args.positional.length > params.length) {
    ctx.fail('too-many-arguments', args.locs.positional[params.length] ?? args.loc, {
      callee,
      max: params.length,
      got: args.positional.length,
    });
  }
  args.positional.forEach((v, k) => entries.set(params[k]!, { value: v, loc: args.locs.positional[k] ?? args.loc }));
  for (const [name, value] of args.keywords) {
    const loc = args.locs.keywords.get(name) ?? args.loc;
    if (!params.includes(name) && !options.extraKeywords) {
      ctx.fail('bad-argument', loc, { callee, name, hint: didYouMean(name, params, `${callee}() accepts: ${params.join(', ')}`) });
    }
    if (entries.has(name)) ctx.fail('type-error', loc, { detail: `${callee}() got multiple values for '${name}'`, hint: 'pass it once' });
    entries.set(name, { value, loc });
  }
  for (const r of options.required ?? []) {
    if (!entries.has(r)) ctx.fail('missing-argument', args.loc, { callee, name: r });
  }
  return {
    entries,
    get: (n) => entries.get(n)?.value,
    loc: (n) => entries.get(n)?.loc ?? args.loc,
    has: (n) => entries.has(n),
  };
}

/** A Python int (or integral float) value, or a located error. */
export function expectInt(v: Value, loc: Loc, ctx: EvalContext, what: string): number {
  ctx.checkPoison(v);
  if (v.t === 'bool') return v.v ? 1 : 0;
  if (v.t === 'num' && isDimensionless(v.dim) && Number.isInteger(v.v)) return v.v;
  if (v.t === 'unknown') ctx.failUnknown(v, loc, what);
  return ctx.fail('type-error', loc, { detail: `${what} must be an integer, not ${describe(v)}`, hint: 'give a whole number' });
}

export function expectString(v: Value, loc: Loc, ctx: EvalContext, what: string): string {
  if (v.t === 'str') return v.v;
  return ctx.fail('type-error', loc, { detail: `${what} must be a string, not ${describe(v)}`, hint: 'write it in quotes' });
}

/** numpy's legacy seeding takes integers from 0 to 2**32 - 1 (anything else raises in the script). */
export function seedValue(n: number, loc: Loc, ctx: EvalContext): number {
  if (n < 0 || n > 0xffffffff)
    ctx.fail('value-error', loc, { detail: `the seed ${n} is outside numpy's range 0 to 2**32 - 1`, hint: 'use a seed from 0 to 4294967295' });
  return n;
}
