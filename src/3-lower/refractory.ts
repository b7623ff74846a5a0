// Brian2's refractoriness (groups/neurongroup.py, StateUpdater._get_refractory_code): the first
// statement of the state update decides whether a neuron is still refractory.
//   refractory=2*ms        not_refractory = timestep(t - lastspike, dt) >= timestep(0.002000, dt)
//   refractory='expr'      not_refractory = timestep(t - lastspike, dt) >= timestep(expr, dt)
//   refractory='condition' not_refractory = not_refractory or not (condition)
// A time given as a quantity enters the code through Python's '%f' (six decimals of seconds), so a
// period of R steps keeps the variables frozen for R - 1 updates after the spike step.
// Variables flagged `(unless refractory)` are marked for a conditional write on not_refractory, which
// every code block of the group except the reset obeys (conditionalStatement).

import type { RefractoryIR } from '../2-model/ir.js';
import { call, sym, type SExpr } from '../symbolic/expr.js';
import type { LStmt } from './lowered.js';

const T = sym('t', 'special');
const DT = sym('dt', 'special');

/**
 * Python's `'%f' % x`: x rounded to six decimals, ties (exact binary halves) to even. JavaScript's
 * toFixed rounds ties up, so the digits past the sixth decide.
 */
export function pythonFixed6(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const s = x.toFixed(6);
  // toFixed(100) is exact for any double whose decimal expansion is that short, and a tie needs an
  // expansion ending at the 7th decimal.
  const exact = Math.abs(x).toFixed(100);
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 7);
  if (/^50*$/.test(tail)) {
    const last = Number(exact[dot + 6]);
    if (last % 2 === 0) {
      // toFixed rounded away from zero; Python keeps the even digit: truncate instead.
      const truncated = exact.slice(0, dot + 7);
      return (x < 0 ? '-' : '') + truncated;
    }
  }
  return s;
}

/**
 * `x op= e` only where `cond` holds (default: the neuron is not refractory), as `x = x op e` with
 * LStmt.where, which applies to '=' statements.
 */
export function conditionalStatement(s: LStmt, cond: SExpr = sym('not_refractory')): LStmt {
  if (s.op === '=') return { ...s, where: cond };
  const op = s.op.slice(0, -1) as '+' | '-' | '*' | '/' | '//' | '%' | '**';
  const target: SExpr = s.side ? sym(s.target, 'var', s.side) : sym(s.target);
  return { ...s, op: '=', expr: { k: 'bin', op, a: target, b: s.expr }, where: cond };
}

/** The value Brian2's code sees for refractory=<quantity>: the '%f' text read back as seconds. */
export function brian2RefractoryLiteral(seconds: number): number {
  return Number(pythonFixed6(seconds));
}

/** The statement that updates not_refractory at the start of the state update. */
export function refractoryStatement(r: RefractoryIR, expr: (e: SExpr) => SExpr): LStmt {
  if (r.kind === 'condition') {
    return { target: 'not_refractory', op: '=', expr: { k: 'logic', op: 'or', a: sym('not_refractory'), b: { k: 'not', a: expr(r.expr.ast) } } };
  }
  const ref: SExpr = r.kind === 'time' ? { k: 'num', v: brian2RefractoryLiteral(r.seconds) } : expr(r.expr.ast);
  return {
    target: 'not_refractory',
    op: '=',
    expr: { k: 'cmp', op: '>=', a: call('timestep', { k: 'bin', op: '-', a: T, b: sym('lastspike') }, DT), b: call('timestep', ref, DT) },
  };
}
