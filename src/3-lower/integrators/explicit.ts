// Explicit Runge-Kutta-type methods as Brian2 defines them (stateupdaters/explicit.py), statement by
// statement in Brian2's order and with Brian2's names:
//   euler     x_new = x + dt*f(x,t) + g(x,t)*dW
//   rk2       k = dt*f(x,t); x_new = x + dt*f(x + k/2, t + dt/2)
//   rk4       k_1..k_4 at (x,t), (x+k_1/2, t+dt/2), (x+k_2/2, t+dt/2), (x+k_3, t+dt); x + (k_1+2k_2+2k_3+k_4)/6
//   heun      x_support = x + g(x,t)*dW; g_support = g(x_support, t+dt); x_new = x + dt*f + .5*dW*(g + g_support)
//   milstein  x_support = x + dt*f + dt**.5*g; g_support = g(x_support, t);
//             k = 1/(2*dt**.5)*(g_support - g)*dW**2; x_new = x + dt*f + g*dW + k
// f(x, t) at a shifted point substitutes every differential variable and t at once. For stochastic
// equations Brian2 draws one increment `xi = dt**.5*randn()` per noise symbol, and forms the support
// points of heun and milstein once per (variable, noise symbol) pair, each with only that symbol's
// noise. Intermediates start with two underscores like Brian2's, so they cannot meet a `_x` temporary.

import { add, call, div, hasSymbol, mul, num, pow, type SExpr, sub, substitute, sym } from '../../symbolic/expr.js';
import { simplify } from '../../symbolic/simplify.js';
import type { LStmt } from '../lowered.js';
import { multiplicativeNoiseIn, type OdeSystem } from '../system.js';
import { commit, type Integrator, type Integration } from './integrator.js';

const DT = sym('dt', 'special');
const T = sym('t', 'special');
const temp = (name: string) => sym(name, 'temp');
const SQRT_DT = pow(DT, num(0.5));

/** The Wiener increment of a noise symbol: a temporary per element and step. */
const dW = (xi: string) => temp(`_${xi}`);

/** `_xi = dt**0.5*randn()`, one per noise symbol, first in the update as in Brian2. */
function wienerIncrements(sys: OdeSystem): LStmt[] {
  return sys.noise.map((xi) => ({ target: `_${xi}`, op: '=', expr: mul(SQRT_DT, call('randn')) }));
}

/** `expr` with each differential variable replaced as given and t by `tNew` (all at once). */
function at(expr: SExpr, xs: Record<string, SExpr>, tNew: SExpr | null): SExpr {
  const map = new Map<string, SExpr>(Object.entries(xs));
  if (tNew) map.set('t', tNew);
  return map.size ? substitute(expr, map) : expr;
}

const noiseOf = (sys: OdeSystem, v: string, xi: string): SExpr | undefined => sys.g[v]?.[xi];

function stmt(target: string, expr: SExpr): LStmt {
  return { target, op: '=', expr: simplify(expr) };
}

function done(sys: OdeSystem, stmts: LStmt[]): Integration {
  return { hoisted: [], statements: [...stmts, ...commit(sys.vars, sys)] };
}

export const euler: Integrator = {
  name: 'euler',
  refuse(sys) {
    const v = multiplicativeNoiseIn(sys);
    if (v)
      return `the noise of ${v} is multiplicative (its coefficient depends on a differential variable or on t), and Brian2's euler only integrates additive noise ("Cannot integrate equations with multiplicative noise with this state updater")`;
    return null;
  },
  integrate(sys): Integration {
    const stmts = wienerIncrements(sys);
    for (const v of sys.vars) {
      let rhs: SExpr = add(sym(v), mul(DT, sys.f[v]!));
      for (const xi of sys.noise) {
        const g = noiseOf(sys, v, xi);
        if (g) rhs = add(rhs, mul(g, dW(xi)));
      }
      stmts.push(stmt(`_${v}`, rhs));
    }
    return done(sys, stmts);
  },
};

function refuseNoise(name: string) {
  return (sys: OdeSystem) =>
    sys.noise.length
      ? `the equations are stochastic, and Brian2's ${name} integrates only deterministic equations ("Cannot integrate stochastic equations with this state updater")`
      : null;
}

export const rk2: Integrator = {
  name: 'rk2',
  refuse: refuseNoise('rk2'),
  integrate(sys): Integration {
    const stmts: LStmt[] = [];
    const k = (v: string) => temp(`__k_${v}`);
    for (const v of sys.vars) stmts.push(stmt(`__k_${v}`, mul(DT, sys.f[v]!)));
    const half = Object.fromEntries(sys.vars.map((v) => [v, add(sym(v), div(k(v), num(2)))]));
    for (const v of sys.vars) stmts.push(stmt(`_${v}`, add(sym(v), mul(DT, at(sys.f[v]!, half, add(T, div(DT, num(2))))))));
    return done(sys, stmts);
  },
};

export const rk4: Integrator = {
  name: 'rk4',
  refuse: refuseNoise('rk4'),
  integrate(sys): Integration {
    const stmts: LStmt[] = [];
    const k = (n: number, v: string) => temp(`__k_${n}_${v}`);
    const stage = (n: number, xs: Record<string, SExpr>, tNew: SExpr | null) => {
      for (const v of sys.vars) stmts.push(stmt(`__k_${n}_${v}`, mul(DT, at(sys.f[v]!, xs, tNew))));
    };
    const shifted = (n: number, half: boolean) => Object.fromEntries(sys.vars.map((v) => [v, add(sym(v), half ? div(k(n, v), num(2)) : k(n, v))]));
    const tHalf = add(T, div(DT, num(2)));
    stage(1, {}, null);
    stage(2, shifted(1, true), tHalf);
    stage(3, shifted(2, true), tHalf);
    stage(4, shifted(3, false), add(T, DT));
    for (const v of sys.vars) {
      const sum4 = add(add(add(k(1, v), mul(num(2), k(2, v))), mul(num(2), k(3, v))), k(4, v));
      stmts.push(stmt(`_${v}`, add(sym(v), div(sum4, num(6)))));
    }
    return done(sys, stmts);
  },
};

/**
 * Support points of one noise symbol: for every variable whose value a noise coefficient of `xi` reads,
 * `__x_support_<w>_<xi> = support(w)`; returns the substitution map w → support symbol.
 */
function supports(sys: OdeSystem, xi: string, support: (w: string) => SExpr, stmts: LStmt[]): Record<string, SExpr> {
  const needed = new Set<string>();
  for (const v of sys.vars) {
    const g = noiseOf(sys, v, xi);
    if (!g) continue;
    for (const w of sys.vars) if (hasSymbol(g, (s) => s.role === 'var' && !s.side && s.name === w)) needed.add(w);
  }
  const map: Record<string, SExpr> = {};
  for (const w of sys.vars) {
    if (!needed.has(w)) continue;
    const name = `__x_support_${w}_${xi}`;
    stmts.push(stmt(name, support(w)));
    map[w] = temp(name);
  }
  return map;
}

export const heun: Integrator = {
  name: 'heun',
  refuse: () => null,
  integrate(sys): Integration {
    const stmts = wienerIncrements(sys);
    const gSupport: Record<string, Record<string, SExpr>> = {};
    for (const xi of sys.noise) {
      const xs = supports(
        sys,
        xi,
        (w) => {
          const g = noiseOf(sys, w, xi);
          return g ? add(sym(w), mul(g, dW(xi))) : sym(w);
        },
        stmts,
      );
      for (const v of sys.vars) {
        const g = noiseOf(sys, v, xi);
        if (!g) continue;
        const name = `__g_support_${v}_${xi}`;
        stmts.push(stmt(name, at(g, xs, add(T, DT))));
        (gSupport[v] ??= {})[xi] = temp(name);
      }
    }
    for (const v of sys.vars) {
      let rhs: SExpr = add(sym(v), mul(DT, sys.f[v]!));
      for (const xi of sys.noise) {
        const g = noiseOf(sys, v, xi);
        if (g) rhs = add(rhs, mul(mul(num(0.5), dW(xi)), add(g, gSupport[v]![xi]!)));
      }
      stmts.push(stmt(`_${v}`, rhs));
    }
    return done(sys, stmts);
  },
};

export const milstein: Integrator = {
  name: 'milstein',
  refuse(sys) {
    // Brian2's diagonal_noise check: at most one noise symbol per equation, each in one equation only.
    const reason = 'Brian2\'s milstein needs diagonal noise ("Cannot integrate stochastic equations with non-diagonal noise with this state updater")';
    for (const v of sys.vars) {
      if (Object.keys(sys.g[v] ?? {}).length > 1) return `the equation of ${v} has more than one noise term, and ${reason}`;
    }
    const used = sys.vars.flatMap((v) => Object.keys(sys.g[v] ?? {}));
    const twice = used.find((xi, k) => used.indexOf(xi) !== k);
    if (twice) return `the noise term ${twice} appears in more than one equation, and ${reason}`;
    return null;
  },
  integrate(sys): Integration {
    const stmts = wienerIncrements(sys);
    const ks: Record<string, SExpr[]> = {};
    for (const xi of sys.noise) {
      const xs = supports(
        sys,
        xi,
        (w) => {
          const g = noiseOf(sys, w, xi);
          const drift = add(sym(w), mul(DT, sys.f[w]!));
          return g ? add(drift, mul(SQRT_DT, g)) : drift;
        },
        stmts,
      );
      for (const v of sys.vars) {
        const g = noiseOf(sys, v, xi);
        if (!g) continue;
        const gs = `__g_support_${v}_${xi}`;
        stmts.push(stmt(gs, at(g, xs, null)));
        const kn = `__k_${v}_${xi}`;
        stmts.push(stmt(kn, mul(mul(div(num(1), mul(num(2), SQRT_DT)), sub(temp(gs), g)), pow(dW(xi), num(2)))));
        (ks[v] ??= []).push(temp(kn));
      }
    }
    for (const v of sys.vars) {
      let rhs: SExpr = add(sym(v), mul(DT, sys.f[v]!));
      for (const xi of sys.noise) {
        const g = noiseOf(sys, v, xi);
        if (g) rhs = add(rhs, mul(g, dW(xi)));
      }
      for (const k of ks[v] ?? []) rhs = add(rhs, k);
      stmts.push(stmt(`_${v}`, rhs));
    }
    return done(sys, stmts);
  },
};
