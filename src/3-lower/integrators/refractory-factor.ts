// The int(not_refractory) factor that `(unless refractory)` puts in front of a right-hand side
// (system.ts). Methods that solve the equation analytically take it out again: while the neuron is
// refractory the variable is not written anyway (conditional write), so the factor only matters where it
// feeds other variables.

import type { SExpr } from '../../symbolic/expr.js';

export function isRefractoryFactor(e: SExpr): boolean {
  return e.k === 'call' && e.fn === 'int' && e.args.length === 1 && e.args[0]!.k === 'sym' && e.args[0]!.name === 'not_refractory';
}

/** `e` without a leading int(not_refractory) factor. */
export function stripRefractoryFactor(e: SExpr): SExpr {
  if (e.k === 'bin' && e.op === '*' && isRefractoryFactor(e.a)) return e.b;
  return e;
}
