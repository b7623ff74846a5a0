// Exponential Euler for conditionally linear systems (Brian2's stateupdaters/exponential_euler.py):
// each right-hand side, expanded, is A·x + B in its own variable x, with A and B free to depend on the
// other variables (and, as sympy's collect() allows, on x inside functions or denominators);
// `_BA_x = B/A; _x = -_BA_x + (_BA_x + x)*exp(A*dt)`, `x + dt*B` when A = 0, `x*exp(A*dt)` when B = 0.

import { collectLinear, linearIn } from '../../symbolic/calculus.js';
import { add, call, div, isNum, mul, neg, type SExpr, sym } from '../../symbolic/expr.js';
import { printExpr } from '../../symbolic/print.js';
import { simplify } from '../../symbolic/simplify.js';
import type { LStmt } from '../lowered.js';
import type { OdeSystem } from '../system.js';
import { commit, type Integrator, type Integration } from './integrator.js';
import { stripRefractoryFactor } from './refractory-factor.js';

const DT = sym('dt', 'special');

/** A and B of x' = A·x + B, without the int(not_refractory) factor; the reason when there are none. */
function coefficients(sys: OdeSystem, v: string): { A: SExpr; B: SExpr } | string {
  const f = stripRefractoryFactor(sys.f[v]!);
  const c = collectLinear(f, v);
  if (!c.ok) {
    if (c.reason === 'dropped') {
      return `the equation of ${v} has the non-linear part ${printExpr(c.dropped)}, which Brian2's exponential_euler would silently drop`;
    }
    return `the equation of ${v} is not of the form A*${v} + B, and Brian2's exponential_euler only solves conditionally linear systems ("Can only solve conditionally linear systems with this state updater")`;
  }
  // Where x only occurs linearly, the coefficients read better from the derivative (same values).
  const lin = linearIn(f, v);
  return lin ? { A: lin.coefficient, B: lin.rest } : { A: c.A, B: c.B };
}

export const exponentialEuler: Integrator = {
  name: 'exponential_euler',
  refuse(sys) {
    if (sys.noise.length)
      return 'the equations are stochastic, and Brian2\'s exponential_euler cannot solve them ("Cannot solve stochastic equations with this state updater")';
    for (const v of sys.vars) {
      const c = coefficients(sys, v);
      if (typeof c === 'string') return c;
    }
    return null;
  },
  integrate(sys): Integration {
    const stmts: LStmt[] = [];
    for (const v of sys.vars) {
      const { A, B } = coefficients(sys, v) as { A: SExpr; B: SExpr };
      // The refractory factor stays in the exponent, as in Brian2; B/A has it cancelled (sympy does so),
      // and the conditional write on not_refractory keeps x while refractory.
      const factor = sys.unlessRefractory.has(v) ? call('int', sym('not_refractory')) : null;
      const Af = factor ? mul(factor, A) : A;
      let rhs: SExpr;
      if (isNum(A, 0)) rhs = add(sym(v), mul(DT, factor ? mul(factor, B) : B));
      else if (isNum(B, 0)) rhs = mul(sym(v), call('exp', mul(Af, DT)));
      else {
        stmts.push({ target: `_BA_${v}`, op: '=', expr: simplify(div(B, A)) });
        const ba = sym(`_BA_${v}`, 'temp');
        rhs = add(neg(ba), mul(add(ba, sym(v)), call('exp', mul(Af, DT))));
      }
      stmts.push({ target: `_${v}`, op: '=', expr: simplify(rhs) });
    }
    return { hoisted: [], statements: [...stmts, ...commit(sys.vars, sys)] };
  },
};
