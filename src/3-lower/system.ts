// The differential system of a group as the integrators see it (Brian2's Equations after
// get_substituted_expressions): subexpressions substituted into the right-hand sides, each right-hand
// side split into drift f and noise coefficients g (linear in the noise symbols), the
// `int(not_refractory)` factor of `(unless refractory)` applied to both, and the variables in Brian2's
// order (its `Equations.ordered` sorts differential equations by name).

import { clockDts } from './clocks.js';
import type { EquationIR, ModelIR } from '../2-model/ir.js';
import type { Span } from '../diagnostics/source.js';
import { call, callsOf, children, hasSymbol, mul, type SExpr, sym, symKey, symbols } from '../symbolic/expr.js';
import { linearIn } from '../symbolic/calculus.js';
import { simplify } from '../symbolic/simplify.js';

export interface OdeSystem {
  /** Differential variables, sorted by name as Brian2 orders them. */
  vars: string[];
  f: Record<string, SExpr>;
  /** Noise coefficients: variable → noise symbol → coefficient. */
  g: Record<string, Record<string, SExpr>>;
  /** Noise symbols used anywhere (xi, xi_*), sorted. */
  noise: string[];
  /** Variables flagged `(unless refractory)`, when the group has refractoriness. */
  unlessRefractory: Set<string>;
  /** Whether a TimedArray call (`timedarray:<id>`) is constant over one step (see isConstantOverDt). */
  locallyConstant: (fn: string) => boolean;
  /** Where each equation is written, for messages. */
  spans: Record<string, Span>;
}

export interface SystemOptions {
  /** Subexpressions that stay symbols (`constant over dt` ones, stored once per step). */
  keep?: Set<string>;
  /** Whether the group has refractoriness (otherwise `(unless refractory)` does nothing, as in Brian2). */
  refractory?: boolean;
  /** See OdeSystem.locallyConstant; by default no TimedArray is. */
  locallyConstant?: (fn: string) => boolean;
}

export class SystemError extends Error {
  constructor(
    message: string,
    readonly span: Span | null = null,
  ) {
    super(message);
  }
}

/** Functions whose value changes from call to call (Brian2's stateful functions). */
export const STATEFUL_FUNCTIONS = new Set(['rand', 'randn', 'poisson', 'binomial']);

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

/**
 * Brian2 refuses a subexpression that calls a stateful function unless it is `(constant over dt)`:
 * it would be evaluated anew wherever it is used.
 */
export function checkStatefulSubexpressions(equations: EquationIR[]): void {
  for (const eq of equations) {
    if (eq.kind !== 'subexpression' || !eq.expr || eq.flags.includes('constant over dt')) continue;
    const stateful = [...callsOf(eq.expr.ast)].find((f) => STATEFUL_FUNCTIONS.has(f));
    if (stateful) {
      throw new SystemError(
        `the subexpression '${eq.name}' calls ${stateful}(), so Brian2 requires the flag (constant over dt) to evaluate it once per step`,
        eq.span,
      );
    }
  }
}

export function buildSystem(equations: EquationIR[], options: SystemOptions | Set<string> = {}): OdeSystem {
  const opts: SystemOptions = options instanceof Set ? { keep: options } : options;
  const keep = opts.keep ?? new Set<string>();
  checkStatefulSubexpressions(equations);
  const subs = new Map<string, SExpr>();
  for (const eq of equations) if (eq.kind === 'subexpression' && eq.expr) subs.set(eq.name, eq.expr.ast);
  const diffs = equations.filter((e) => e.kind === 'differential').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sys: OdeSystem = { vars: [], f: {}, g: {}, noise: [], unlessRefractory: new Set(), locallyConstant: opts.locallyConstant ?? (() => false), spans: {} };
  const noise = new Set<string>();
  for (const eq of diffs) {
    let rhs: SExpr;
    try {
      rhs = substituteSubexpressions(eq.expr!.ast, subs, keep);
    } catch (e) {
      if (e instanceof SystemError) throw new SystemError(e.message, eq.span);
      throw e;
    }
    const xis = [...symbols(rhs).values()].filter((s) => s.role === 'noise').map((s) => symKey(s));
    let drift = rhs;
    const g: Record<string, SExpr> = {};
    for (const xi of xis.sort()) {
      // Brian2 expands the right-hand side and collects the noise symbols; anything but a sum of
      // coefficient·xi terms cannot be separated into drift and noise.
      const split = linearIn(drift, xi);
      if (!split || xis.some((other) => hasSymbol(split.coefficient, (s) => symKey(s) === other))) {
        throw new SystemError(
          `the equation of ${eq.name} cannot be separated into a deterministic part and noise terms coefficient*${xi}, as Brian2 requires`,
          eq.expr!.span,
        );
      }
      g[xi] = split.coefficient;
      drift = split.rest;
      noise.add(xi);
    }
    let f = drift;
    if (opts.refractory !== false && eq.flags.includes('unless refractory')) {
      // Brian2 multiplies the whole right-hand side by int(not_refractory) (add_refractoriness).
      const factor = call('int', sym('not_refractory'));
      f = mul(factor, f);
      for (const k of Object.keys(g)) g[k] = mul(factor, g[k]!);
      sys.unlessRefractory.add(eq.name);
    }
    sys.vars.push(eq.name);
    sys.f[eq.name] = f;
    sys.g[eq.name] = Object.fromEntries(Object.entries(g).map(([k, v]) => [k, simplify(v)]));
    sys.spans[eq.name] = eq.span;
  }
  sys.noise = [...noise].sort();
  return sys;
}

/**
 * Brian2's is_constant_over_dt: false when `e` uses t (except as the direct first argument of a
 * TimedArray whose step is a whole multiple of the simulation step) or a stateful function.
 */
export function isConstantOverDt(e: SExpr, locallyConstant: (fn: string) => boolean): boolean {
  const isT = (x: SExpr) => x.k === 'sym' && x.role === 'special' && x.name === 't';
  const go = (x: SExpr): boolean => {
    if (isT(x)) return false;
    if (x.k === 'sym') return x.role !== 'noise';
    if (x.k === 'call') {
      if (STATEFUL_FUNCTIONS.has(x.fn)) return false;
      return x.args.every((a, k) => (k === 0 && isT(a) && x.fn.startsWith('timedarray:') && locallyConstant(x.fn)) || go(a));
    }
    return children(x).every(go);
  };
  return go(e);
}

/** Whether `e` can change from one step to the next by itself: uses t, random numbers or noise. */
export function dependsOnTime(e: SExpr): boolean {
  if (e.k === 'sym') return (e.role === 'special' && (e.name === 't' || e.name === 't_in_timesteps')) || e.role === 'noise';
  if (e.k === 'call' && STATEFUL_FUNCTIONS.has(e.fn)) return true;
  return children(e).some(dependsOnTime);
}

/**
 * Brian2's Equations.stochastic_type: 'multiplicative' when some noise coefficient mentions t
 * (anywhere, also inside a TimedArray call) or a differential variable, else 'additive'.
 */
export function stochasticType(sys: OdeSystem): 'additive' | 'multiplicative' | null {
  if (!sys.noise.length) return null;
  for (const v of sys.vars) {
    for (const g of Object.values(sys.g[v] ?? {})) {
      if (hasSymbol(g, (s) => (s.role === 'special' && s.name === 't') || (s.role === 'var' && !s.side && sys.vars.includes(s.name)))) return 'multiplicative';
    }
  }
  return 'additive';
}

/**
 * The check Brian2's additive-noise integrators (euler) make on equations classified multiplicative:
 * the noise really is multiplicative when a coefficient is not constant over a step or mentions a
 * differential variable (a coefficient using a TimedArray of t that is constant over a step is fine).
 * Returns the variable whose noise is multiplicative, or null.
 */
export function multiplicativeNoiseIn(sys: OdeSystem): string | null {
  if (stochasticType(sys) !== 'multiplicative') return null;
  for (const v of sys.vars) {
    for (const g of Object.values(sys.g[v] ?? {})) {
      if (!isConstantOverDt(g, sys.locallyConstant) || hasSymbol(g, (s) => s.role === 'var' && !s.side && sys.vars.includes(s.name))) return v;
    }
  }
  return null;
}

/**
 * Brian2's TimedArray.is_locally_constant: the array's step is a whole multiple of the group's dt (its
 * clock's, in every run; Brian2 decides when each run starts, so an answer that differs between runs,
 * which would change the integration method from one run to the next, is refused).
 */
export function locallyConstantIn(model: ModelIR, clock: string): (fn: string) => boolean {
  const dts = clockDts(model, clock);
  return (fn) => {
    const ta = model.timedArrays.find((a) => `timedarray:${a.id}` === fn);
    if (!ta) return false;
    const answers = new Set(dts.map((dt) => dt <= ta.dt && Math.floor(ta.dt / dt) === ta.dt / dt));
    if (answers.size > 1)
      throw new SystemError(
        `the TimedArray '${ta.pyName ?? ta.id}' is constant over a time step with some of the dts this clock has in the script's runs but not with others, so Brian2 would integrate differently from one run to the next`,
        ta.span,
      );
    return answers.has(true);
  };
}

/** Former name of dependsOnTime (kept for callers written against it). */
export const isTimeVarying = dependsOnTime;
