// Calling values that are not user-defined functions: builtins (Python, numpy, Brian2), plotting
// (inert) and values that exist only after the run.

import type { EvalContext } from './context.js';
import { ArraySizeError, BroadcastError } from './ndarray.js';
import { OperatorError } from './operators.js';
import { InertIteration } from './iterate.js';
import { isPureModuleMember } from './opaque-modules.js';
import { describe, type CallArgs, type Value } from './values.js';
import { callTimedArray } from './brian2/timed-array.js';

function holdsBrian2Object(v: Value): boolean {
  if (v.t === 'object') return true;
  if (v.t === 'list' || v.t === 'tuple' || v.t === 'set') return v.items.some(holdsBrian2Object);
  if (v.t === 'dict') return v.values.some(holdsBrian2Object);
  return false;
}

export type Reinvoke = (fn: Value, args: CallArgs) => Value;

export function callValue(fn: Value, args: CallArgs, ctx: EvalContext, calleeText: string, reinvoke: Reinvoke): Value {
  switch (fn.t) {
    case 'builtin':
      try {
        return fn.fn(
          fn.self ? { ...args, positional: [fn.self, ...args.positional], locs: { ...args.locs, positional: [args.loc, ...args.locs.positional] } } : args,
          ctx,
          reinvoke,
        );
      } catch (e) {
        // Builtins use Python's operators (sorted compares, sum adds, ...): locate their errors at the call.
        if (e instanceof InertIteration) return { t: 'inert', what: `a value made from ${e.value.what}` };
        if (e instanceof OperatorError)
          return ctx.fail(e.code, args.loc, { detail: e.message, what: e.message, hint: e.hint || 'check the values passed to this call' });
        if (e instanceof BroadcastError) return ctx.fail('type-error', args.loc, { detail: e.message, hint: 'check the shapes of the arrays' });
        if (e instanceof ArraySizeError)
          return ctx.fail('limit', args.loc, { detail: e.message, hint: 'use smaller arrays, or Brian2 strings evaluated per neuron' });
        throw e;
      }
    case 'inert':
      return fn;
    case 'object':
      if (fn.obj.kind === 'TimedArray') return callTimedArray(fn.obj, args, ctx);
      return ctx.fail('type-error', args.loc, { detail: `${describe(fn)} cannot be called`, hint: `check what ${calleeText} is` });
    case 'unknown':
      if (!fn.why) return fn;
      // A function of a module the converter does not evaluate. One that may act outside the model
      // (os.remove, subprocess.run, socket...) is refused: the script is never executed, so it would
      // silently not happen (modules.ts). A pure one (time.time()) gives an unknown result, which is an
      // error only where the model uses it; given a Brian2 object it could change the model behind the
      // converter's back, so that is refused.
      if (fn.module && !isPureModuleMember(fn.module)) {
        return ctx.fail('unsupported', args.loc, {
          what: `calling ${calleeText} while the model is built`,
          hint: `the script is never executed, and '${fn.module.split('.')[0]}' acts outside the model (files, processes, network); move the call after the last run() or remove it`,
        });
      }
      if ([...args.positional, ...args.keywords.values()].some(holdsBrian2Object)) {
        return ctx.failUnknown(fn, args.loc, `the effect of ${calleeText} on the model`);
      }
      return { ...fn, loc: args.loc };
    default:
      return ctx.fail('type-error', args.loc, { detail: `${describe(fn)} cannot be called`, hint: `check what ${calleeText} is` });
  }
}
