// The differential system of a group as the integrators see it: subexpressions substituted into the
// right-hand sides, each right-hand side split into drift f and noise coefficients g (linear in the
// noise symbols), and the `int(not_refractory)` factor of `(unless refractory)` applied to both.

import type { EquationIR } from '../2-model/ir.js';
import { call, children, mul, SExpr, sym, symKey, symbols } from '../symbolic/expr.js';
import { linearIn } from '../symbolic/calculus.js';
import { simplify } from '../symbolic/simplify.js';

export interface OdeSystem {
  /** Differential variables, in Brian2's order (the order of the equations). */
  vars: string[];
  f: Record<string, SExpr>;
  /** Noise coefficients: variable → noise symbol → coefficient. */
  g: Record<string, Record<string, SExpr>>;
  noise: string[];
  /** Variables flagged `(unless refractory)`. */
  unlessRefractory: Set<string>;
  /** Symbols whose value is not constant over a time step apart from t (e.g. constant-over-dt excluded). */
  varying: Set<string>;
}

export class SystemError extends Error {}

/**
 * Substitute subexpressions (recursively, detecting cycles) into `e`. `keep` are subexpressions that
 * stay as variables (`constant over dt` ones, computed once per step).
 */
export function substituteSubexpressions(e: SExpr, subs: Map<string, SExpr>, keep: Set<string> = new Set()): SExpr {
  const resolved = new Map<string, SExpr>();
  const visiting = new Set<string>();
  const resolve = (name: string): SExpr => {
    const done = resolved.get(name);
    if (done) return done;
    if (visiting.has(name)) throw new SystemError(`the subexpression '${name}' refers to itself`);
    visiting.add(name);
    const r = go(subs.get(name)!);
    visiting.delete(name);
    resolved.set(name, r);
    return r;
  };
  const go = (x: SExpr): SExpr => {
    if (x.k === 'sym' && x.role === 'var' && !x.side && subs.has(x.name) && !keep.has(x.name)) return resolve(x.name);
    if (x.k === 'sym') return x;
    return mapDeep(x, go);
  };
  return go(e);
}

function mapDeep(e: SExpr, f: (c: SExpr) => SExpr): SExpr {
  switch (e.k) {
    case 'call':
      return { ...e, args: e.args.map(f) };
    case 'neg':
    case 'not':
      return { ...e, a: f(e.a) };
    case 'bin':
    case 'cmp':
    case 'logic':
      return { ...e, a: f(e.a), b: f(e.b) } as SExpr;
    default:
      return e;
  }
}

export function buildSystem(equations: EquationIR[], keep: Set<string>): OdeSystem {
  const subs = new Map<string, SExpr>();
  for (const eq of equations) if (eq.kind === 'subexpression' && eq.expr) subs.set(eq.name, eq.expr.ast);
  const diffs = equations.filter((e) => e.kind === 'differential');
  const sys: OdeSystem = { vars: [], f: {}, g: {}, noise: [], unlessRefractory: new Set(), varying: new Set() };
  const noise = new Set<string>();
  for (const eq of diffs) {
    const rhs = substituteSubexpressions(eq.expr!.ast, subs, keep);
    const xis = [...symbols(rhs).values()].filter((s) => s.role === 'noise').map((s) => symKey(s));
    let drift = rhs;
    const g: Record<string, SExpr> = {};
    for (const xi of xis) {
      const split = linearIn(drift, xi);
      if (!split) throw new SystemError(`the noise term '${xi}' must appear linearly (as coefficient*${xi}) in the equation of ${eq.name}`);
      g[xi] = split.coefficient;
      drift = split.rest;
      noise.add(xi);
    }
    let f = drift;
    if (eq.flags.includes('unless refractory')) {
      // Brian2 multiplies the whole right-hand side by int(not_refractory).
      const factor = call('int', sym('not_refractory'));
      f = mul(factor, f);
      for (const k of Object.keys(g)) g[k] = mul(factor, g[k]!);
      sys.unlessRefractory.add(eq.name);
    }
    sys.vars.push(eq.name);
    sys.f[eq.name] = f;
    sys.g[eq.name] = Object.fromEntries(Object.entries(g).map(([k, v]) => [k, simplify(v)]));
  }
  sys.noise = [...noise].sort();
  return sys;
}

/** Whether `e` uses t (other than as a TimedArray argument), rand/randn or noise: not constant over dt. */
export function isTimeVarying(e: SExpr): boolean {
  switch (e.k) {
    case 'sym':
      return (e.role === 'special' && (e.name === 't' || e.name === 't_in_timesteps')) || e.role === 'noise';
    case 'call':
      if (e.fn === 'rand' || e.fn === 'randn' || e.fn === 'poisson') return true;
      // A TimedArray sampled at t is constant within a step when its dt is at least the step.
      if (e.fn.startsWith('timedarray:')) return e.args.slice(1).some(isTimeVarying);
      return e.args.some(isTimeVarying);
    default:
      return children(e).some(isTimeVarying);
  }
}
