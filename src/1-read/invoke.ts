// Calling values that are not user-defined functions: builtins (Python, numpy, Brian2), plotting
// (inert) and values that exist only after the run.

import type { EvalContext } from './context.js';
import { describe, type CallArgs, type Value } from './values.js';

export type Reinvoke = (fn: Value, args: CallArgs) => Value;

export function callValue(fn: Value, args: CallArgs, ctx: EvalContext, calleeText: string, reinvoke: Reinvoke): Value {
  switch (fn.t) {
    case 'builtin':
      return fn.fn(fn.self ? { ...args, positional: [fn.self, ...args.positional], locs: { ...args.locs, positional: [args.loc, ...args.locs.positional] } } : args, ctx, reinvoke);
    case 'inert':
      return fn;
    case 'unknown':
      if (!fn.why) return fn;
      return ctx.fail('not-static', args.loc, { what: `calling ${calleeText}`, hint: fn.why });
    default:
      return ctx.fail('type-error', args.loc, { detail: `${describe(fn)} cannot be called`, hint: `check what ${calleeText} is` });
  }
}
