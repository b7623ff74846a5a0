// Explicit Runge-Kutta-type methods written the way Brian2 describes them (stateupdaters/explicit.py):
// euler `x + dt*f + g*dW`, rk2 (midpoint), rk4, and the stochastic heun and milstein schemes. f(x, t)
// at a shifted point substitutes every variable and t at once.

import { add, bin, call, div, mul, num, SExpr, substitute, sym, sub } from '../../symbolic/expr.js';
import { simplify } from '../../symbolic/simplify.js';
import type { LStmt } from '../lowered.js';
import type { OdeSystem } from '../system.js';
import { commit, type Integrator, type Integration } from './integrator.js';

const DT = sym('dt', 'special');
const T = sym('t', 'special');
const temp = (name: string) => sym(name, 'temp');

/** f of every variable at shifted state x + shift[x], time t + dt·tShift. */
function shifted(sys: OdeSystem, expr: SExpr, shift: Record<string, SExpr> | null, tShift: SExpr | null): SExpr {
  const map = new Map<string, SExpr>();
  if (shift) for (const v of sys.vars) if (shift[v]) map.set(v, add(sym(v), shift[v]!));
  if (tShift) map.set('t', add(T, tShift));
  return map.size ? substitute(expr, map) : expr;
}

function noiseSum(sys: OdeSystem, v: string, coeff: (xi: string, g: SExpr) => SExpr): SExpr | null {
  const terms = Object.entries(sys.g[v] ?? {}).map(([xi, g]) => coeff(xi, g));
  if (!terms.length) return null;
  return terms.reduce((a, b) => add(a, b));
}

/** `_dW_xi = sqrt(dt)*randn()`: one Wiener increment per noise symbol and element, per step. */
function wienerIncrements(sys: OdeSystem): LStmt[] {
  return sys.noise.map((xi) => ({ target: `_dW_${xi}`, op: '=', expr: mul(call('sqrt', DT), call('randn')) }));
}

const dW = (xi: string) => temp(`_dW_${xi}`);

function isMultiplicative(sys: OdeSystem): boolean {
  // Noise is multiplicative when a coefficient depends on t or on a differential variable.
  const depends = (e: SExpr): boolean => {
    if (e.k === 'sym') return (e.role === 'var' && !e.side && sys.vars.includes(e.name)) || (e.role === 'special' && e.name === 't');
    if (e.k === 'num' || e.k === 'bool') return false;
    if (e.k === 'call') return e.args.some(depends);
    if (e.k === 'neg' || e.k === 'not') return depends(e.a);
    return depends(e.a) || depends(e.b);
  };
  return sys.vars.some((v) => Object.values(sys.g[v] ?? {}).some(depends));
}

export { isMultiplicative };

export const euler: Integrator = {
  name: 'euler',
  refuse(sys) {
    if (isMultiplicative(sys)) return 'euler can only integrate additive noise (use heun or milstein for multiplicative noise)';
    return null;
  },
  integrate(sys): Integration {
    const stmts: LStmt[] = wienerIncrements(sys);
    for (const v of sys.vars) {
      let rhs: SExpr = add(sym(v), mul(DT, sys.f[v]!));
      const n = noiseSum(sys, v, (xi, g) => mul(g, dW(xi)));
      if (n) rhs = add(rhs, n);
      stmts.push({ target: `_${v}`, op: '=', expr: simplify(rhs) });
    }
    return { hoisted: [], statements: [...stmts, ...commit(sys.vars)] };
  },
};

function refuseNoise(name: string) {
  return (sys: OdeSystem) => (sys.noise.length ? `${name} cannot integrate stochastic equations` : null);
}

export const rk2: Integrator = {
  name: 'rk2',
  refuse: refuseNoise('rk2'),
  integrate(sys): Integration {
    const stmts: LStmt[] = [];
    for (const v of sys.vars) stmts.push({ target: `_k_${v}`, op: '=', expr: mul(DT, sys.f[v]!) });
    const half: Record<string, SExpr> = Object.fromEntries(sys.vars.map((v) => [v, div(temp(`_k_${v}`), num(2))]));
    for (const v of sys.vars) {
      stmts.push({ target: `_${v}`, op: '=', expr: add(sym(v), mul(DT, shifted(sys, sys.f[v]!, half, div(DT, num(2))))) });
    }
    return { hoisted: [], statements: [...stmts, ...commit(sys.vars)] };
  },
};

export const rk4: Integrator = {
  name: 'rk4',
  refuse: refuseNoise('rk4'),
  integrate(sys): Integration {
    const stmts: LStmt[] = [];
    const k = (n: number, v: string) => temp(`_k${n}_${v}`);
    const stage = (n: number, shift: Record<string, SExpr> | null, tShift: SExpr | null) => {
      for (const v of sys.vars) stmts.push({ target: `_k${n}_${v}`, op: '=', expr: mul(DT, shifted(sys, sys.f[v]!, shift, tShift)) });
    };
    const halfOf = (n: number) => Object.fromEntries(sys.vars.map((v) => [v, div(k(n, v), num(2))]));
    stage(1, null, null);
    stage(2, halfOf(1), div(DT, num(2)));
    stage(3, halfOf(2), div(DT, num(2)));
    stage(4, Object.fromEntries(sys.vars.map((v) => [v, k(3, v)])), DT);
    for (const v of sys.vars) {
      const sum4 = add(add(add(k(1, v), mul(num(2), k(2, v))), mul(num(2), k(3, v))), k(4, v));
      stmts.push({ target: `_${v}`, op: '=', expr: add(sym(v), div(sum4, num(6))) });
    }
    return { hoisted: [], statements: [...stmts, ...commit(sys.vars)] };
  },
};

export const heun: Integrator = {
  name: 'heun',
  refuse: () => null,
  integrate(sys): Integration {
    const stmts: LStmt[] = wienerIncrements(sys);
    // x_support = x + g(x,t)*dW
    const support: Record<string, SExpr> = {};
    for (const v of sys.vars) {
      const n = noiseSum(sys, v, (xi, g) => mul(g, dW(xi)));
      stmts.push({ target: `_x_support_${v}`, op: '=', expr: n ? add(sym(v), n) : sym(v) });
      support[v] = sub(temp(`_x_support_${v}`), sym(v));
    }
    for (const v of sys.vars) {
      let rhs: SExpr = add(sym(v), mul(DT, sys.f[v]!));
      // .5*dW*(g(x,t) + g(x_support, t+dt)), per noise symbol
      const n = noiseSum(sys, v, (xi, g) => mul(mul(num(0.5), dW(xi)), add(g, shifted(sys, g, support, DT))));
      if (n) rhs = add(rhs, n);
      stmts.push({ target: `_${v}`, op: '=', expr: rhs });
    }
    return { hoisted: [], statements: [...stmts, ...commit(sys.vars)] };
  },
};

export const milstein: Integrator = {
  name: 'milstein',
  refuse(sys) {
    for (const v of sys.vars) {
      const keys = Object.keys(sys.g[v] ?? {});
      if (keys.length > 1) return 'milstein needs diagonal noise (one noise term per equation)';
    }
    const used = sys.vars.flatMap((v) => Object.keys(sys.g[v] ?? {}));
    if (new Set(used).size !== used.length) return 'milstein needs diagonal noise (each noise term in one equation only)';
    return null;
  },
  integrate(sys): Integration {
    const stmts: LStmt[] = wienerIncrements(sys);
    const sqrtDt = bin('**', DT, num(0.5));
    const support: Record<string, SExpr> = {};
    for (const v of sys.vars) {
      const n = noiseSum(sys, v, (_xi, g) => mul(sqrtDt, g));
      const base = add(sym(v), mul(DT, sys.f[v]!));
      stmts.push({ target: `_x_support_${v}`, op: '=', expr: n ? add(base, n) : base });
      support[v] = sub(temp(`_x_support_${v}`), sym(v));
    }
    for (const v of sys.vars) {
      let rhs: SExpr = add(sym(v), mul(DT, sys.f[v]!));
      const n = noiseSum(sys, v, (xi, g) => {
        const gSupport = shifted(sys, g, support, null);
        const k = mul(mul(div(num(1), mul(num(2), sqrtDt)), sub(gSupport, g)), bin('**', dW(xi), num(2)));
        return add(mul(g, dW(xi)), k);
      });
      if (n) rhs = add(rhs, n);
      stmts.push({ target: `_${v}`, op: '=', expr: rhs });
    }
    return { hoisted: [], statements: [...stmts, ...commit(sys.vars)] };
  },
};
