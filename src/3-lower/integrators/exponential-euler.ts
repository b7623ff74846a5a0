// Exponential Euler for conditionally linear systems (Brian2's stateupdaters/exponential_euler.py):
// each equation is A·x + B in its own variable, with A and B free to depend on the others;
// `_BA = B/A; _x = -_BA + (_BA + x)*exp(A*dt)`, `x + dt*B` when A = 0, `x*exp(A*dt)` when B = 0.

import { linearIn } from '../../symbolic/calculus.js';
import { add, call, div, isNum, mul, neg, SExpr, sym } from '../../symbolic/expr.js';
import type { LStmt } from '../lowered.js';
import type { OdeSystem } from '../system.js';
import { commit, type Integrator, type Integration } from './integrator.js';

const DT = sym('dt', 'special');

export const exponentialEuler: Integrator = {
  name: 'exponential_euler',
  refuse(sys) {
    if (sys.noise.length) return 'exponential_euler cannot integrate stochastic equations';
    for (const v of sys.vars) if (!linearIn(sys.f[v]!, v)) return `the equation for ${v} is not linear in ${v}`;
    return null;
  },
  integrate(sys): Integration {
    const stmts: LStmt[] = [];
    for (const v of sys.vars) {
      const { coefficient: A, rest: B } = linearIn(sys.f[v]!, v)!;
      let rhs: SExpr;
      if (isNum(A, 0)) rhs = add(sym(v), mul(DT, B));
      else if (isNum(B, 0)) rhs = mul(sym(v), call('exp', mul(A, DT)));
      else {
        stmts.push({ target: `_BA_${v}`, op: '=', expr: div(B, A) });
        const ba = sym(`_BA_${v}`, 'temp');
        rhs = add(neg(ba), mul(add(ba, sym(v)), call('exp', mul(A, DT))));
      }
      const s: LStmt = { target: `_${v}`, op: '=', expr: rhs };
      // With (unless refractory), A and B are 0 while refractory and B/A is 0/0: keep x unchanged instead.
      if (sys.unlessRefractory.has(v) && !isNum(A, 0)) s.where = sym('not_refractory');
      stmts.push(s);
    }
    return { hoisted: [], statements: [...stmts, ...commit(sys.vars)] };
  },
};
