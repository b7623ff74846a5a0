// TimedArrays evaluated at conversion time, with Brian2's indexing (as the CPU project's runtime does):
// the array's step is divided into K sub-steps so that t/epsilon rounds the same way Brian2's numpy
// target does, and indices are clipped at both ends.

import type { TimedArrayIR } from '../../../2-model/ir.js';
import { mapChildren, num, type SExpr } from '../../../symbolic/expr.js';
import { evaluate, type Env } from '../../../symbolic/evaluate.js';
import { CompileError, diagnostic } from '../../../diagnostics/diagnostic.js';

/** numpy's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

export function timedArrayFunctions(arrays: TimedArrayIR[], simDt: number): Map<string, (...a: number[]) => number> {
  const out = new Map<string, (...a: number[]) => number>();
  for (const ta of arrays) {
    if (ta.computed)
      throw new CompileError(
        diagnostic('unsupported', ta.span, {
          what: 'a TimedArray of numbers drawn with numpy.random while the model is built, with the Loihi 2 backend',
          hint: 'use --backend cpu',
        }),
      );
    const K = Math.max(2 ** Math.ceil(Math.log2((8 / simDt) * ta.dt)), 1);
    const epsilon = ta.dt / K;
    const rows = ta.shape[0]!;
    const index = (t: number) => Math.min(Math.max(Math.trunc(roundHalfEven(t / epsilon) / K), 0), rows - 1);
    if (ta.shape.length === 1) out.set(`timedarray:${ta.id}`, (t) => ta.values[index(t!)]!);
    else out.set(`timedarray:${ta.id}`, (t, i) => ta.values[index(t!) * ta.shape[1]! + i!]!);
  }
  return out;
}

/** Evaluate with TimedArray calls resolved first (evaluate() itself knows only Brian2's math functions). */
export function evaluateWith(e: SExpr, env: Env, functions: Map<string, (...a: number[]) => number>): number {
  const resolve = (x: SExpr): SExpr => {
    if (x.k === 'call' && functions.has(x.fn)) {
      const args = x.args.map((a) => evaluate(resolve(a), env));
      return num(functions.get(x.fn)!(...args));
    }
    return mapChildren(x, resolve);
  };
  return evaluate(resolve(e), env);
}
