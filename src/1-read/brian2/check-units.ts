// `@check_units(v=volt, result=amp)`: Brian2's decorator checks the units of the arguments (and of
// the result) each time the function is called, and otherwise leaves the function as it is. A function
// decorated so and called while the model is built is evaluated with the same checks; a wrong unit is
// the DimensionMismatchError Brian2 raises.

import type { EvalContext } from '../context.js';
import { formatDim, isDimensionless, sameDim, type Dim } from '../../units/dimension.js';
import { builtin, describe, type CallArgs, type Value } from '../values.js';

/** The dimension a check_units specification asks for (a unit, 1 for dimensionless), or null (no check). */
function specDim(v: Value): Dim | null {
  if (v.t === 'num') return v.dim;
  if (v.t === 'bool' || v.t === 'none' || v.t === 'str') return null;
  return null;
}

/** The dimension of an argument, or null when it has none to check (not a number, or unknown). */
function argDim(v: Value): Dim | null {
  if (v.t === 'num' || v.t === 'array') return v.dim;
  if (v.t === 'bool') return [0, 0, 0, 0, 0, 0, 0];
  return null;
}

/** Brian2 lets a value without units stand for any unit when it is 0 (fail_for_dimension_mismatch). */
function isZero(v: Value): boolean {
  return (v.t === 'num' && v.v === 0) || (v.t === 'array' && v.a.data.every((x) => x === 0));
}

export function checkUnits(args: CallArgs, ctx: EvalContext): Value {
  const specs = new Map(args.keywords);
  return builtin('check_units', (d, c) => {
    const fn = d.positional[0];
    if (!fn || fn.t !== 'function') return fn ?? c.fail('missing-argument', d.loc, { callee: 'check_units', name: 'function' });
    const params = fn.params.map((p) => p.name);
    const check = (name: string, v: Value, loc: CallArgs['loc'], what: string) => {
      const spec = specs.get(name);
      const want = spec ? specDim(spec) : null;
      const got = argDim(v);
      if (!want || !got || sameDim(want, got) || (isDimensionless(got) && isZero(v))) return;
      c.fail('unit-mismatch', loc, {
        detail: `${what} of ${fn.name}() should have units of ${formatDim(want)} (check_units), but ${describe(v)} was given`,
        hint: `give it in units of ${formatDim(want)}`,
      });
    };
    return builtin(fn.name, (a, cc, call) => {
      a.positional.forEach((v, k) => params[k] && check(params[k]!, v, a.locs.positional[k] ?? a.loc, `the argument '${params[k]}'`));
      for (const [k, v] of a.keywords) check(k, v, a.locs.keywords.get(k) ?? a.loc, `the argument '${k}'`);
      const result = call(fn, a);
      check('result', result, a.loc, 'the result');
      void cc;
      return result;
    });
  });
}
