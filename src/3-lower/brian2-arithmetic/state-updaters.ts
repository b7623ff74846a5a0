// Brian2's explicit state updaters (stateupdaters/explicit.py) as abstract code, through the sympy
// port: the equations' right-hand sides with subexpressions substituted (Equations.
// get_substituted_expressions, with add_refractoriness's int(not_refractory) factor), then each
// statement of the method's description with f(x, t) replaced by the right-hand side at the shifted
// point, printed by sympy_to_str. The strings are what Brian2's code generator parses.

import type { PyNode } from './pyexpr.js';
import { Add, Mul, fn, rational } from './sympy/core.js';
import { type Ex, keyOf, Unsupported } from './sympy/expr.js';
import { strToSympy, symbol, toSympy } from './sympy/parse.js';
import { sympyToStr } from './sympy/print.js';
import { replaceFunction, subs, subs1 } from './sympy/subs.js';

export interface B2Equation {
  name: string;
  kind: 'differential' | 'subexpression';
  /** The right-hand side as the script wrote it. */
  expr: PyNode;
  integer: boolean;
  /** `(unless refractory)` in a group with refractoriness. */
  unlessRefractory: boolean;
}

export interface B2Statement {
  target: string;
  /** Abstract code of the right-hand side. */
  code: string;
}

/** Brian2's topological order of subexpressions (graphlib's static_order over dependencies). */
function subexpressionOrder(subs: B2Equation[]): B2Equation[] {
  const names = new Set(subs.map((s) => s.name));
  const deps = new Map(subs.map((s) => [s.name, [...namesIn(s.expr)].filter((n) => names.has(n) && n !== s.name)]));
  const out: B2Equation[] = [];
  const done = new Set<string>();
  while (out.length < subs.length) {
    const ready = subs.filter((s) => !done.has(s.name) && deps.get(s.name)!.every((d) => done.has(d)));
    if (!ready.length) throw new Unsupported('subexpressions that depend on each other in a cycle');
    for (const s of ready) {
      out.push(s);
      done.add(s.name);
    }
  }
  return out;
}

export function namesIn(n: PyNode, out = new Set<string>()): Set<string> {
  switch (n.k) {
    case 'name':
      out.add(n.id);
      break;
    case 'bin':
    case 'cmp':
      namesIn(n.a, out);
      namesIn(n.b, out);
      break;
    case 'unary':
      namesIn(n.a, out);
      break;
    case 'boolop':
      n.values.forEach((v) => namesIn(v, out));
      break;
    case 'call':
      n.args.forEach((a) => namesIn(a, out));
      break;
  }
  return out;
}

const NOT_REFRACTORY: PyNode = { k: 'call', fn: 'int', args: [{ k: 'name', id: 'not_refractory' }] };

/**
 * get_substituted_expressions: the differential equations (sorted by name, as Equations.ordered
 * sorts them) with every subexpression substituted, as printed strings.
 */
export function substitutedExpressions(eqs: B2Equation[]): { name: string; code: string }[] {
  const subexpressions = subexpressionOrder(eqs.filter((e) => e.kind === 'subexpression'));
  const diffs = eqs.filter((e) => e.kind === 'differential').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const substitutions = new Map<string, Ex>();
  const out: { name: string; code: string }[] = [];
  for (const eq of [...subexpressions, ...diffs]) {
    const code: PyNode = eq.unlessRefractory ? { k: 'bin', op: '*', a: NOT_REFRACTORY, b: eq.expr } : eq.expr;
    const text = sympyToStr(subs(toSympy(code), substitutions));
    if (eq.kind === 'subexpression') {
      // Brian2 substitutes an integer subexpression under Symbol(name, integer=True), which never
      // matches the real symbol of the equations: the name stays, and its value comes from elsewhere.
      if (eq.integer) throw new Unsupported(`the integer subexpression ${eq.name}`);
      substitutions.set(keyOf(symbol(eq.name)), strToSympy(text));
    } else out.push({ name: eq.name, code: text });
  }
  return out;
}

// ------------------------------------------------------------------ the methods' descriptions

const X = symbol('__x');
const T_ = { t: 'sym', name: '__t', real: true, positive: false } as Ex;
const DT = symbol('dt');
const T = symbol('t');
const f = (x: Ex, t: Ex): Ex => ({ t: 'fn', fn: '__f', args: [x, t] });
const half = rational(1n, 2n);

interface Description {
  /** Intermediate statements (name, expression with __f), then the result. */
  statements: [string, Ex][];
  output: Ex;
}

function describe(): Record<string, Description> {
  const k = (n: string) => symbol(n);
  return {
    euler: { statements: [], output: Add(X, Mul(DT, f(X, T_))) },
    rk2: {
      statements: [['__k', Mul(DT, f(X, T_))]],
      output: Add(X, Mul(DT, f(Add(Mul(half, k('__k')), X), Add(T_, Mul(half, DT))))),
    },
    rk4: {
      statements: [
        ['__k_1', Mul(DT, f(X, T_))],
        ['__k_2', Mul(DT, f(Add(Mul(half, k('__k_1')), X), Add(T_, Mul(half, DT))))],
        ['__k_3', Mul(DT, f(Add(Mul(half, k('__k_2')), X), Add(T_, Mul(half, DT))))],
        ['__k_4', Mul(DT, f(Add(k('__k_3'), X), Add(T_, DT)))],
      ],
      output: Add(
        Mul(rational(1n, 6n), k('__k_1')),
        Mul(rational(1n, 3n), k('__k_2')),
        Mul(rational(1n, 3n), k('__k_3')),
        Mul(rational(1n, 6n), k('__k_4')),
        X,
      ),
    },
  };
}

let DESCRIPTIONS: Record<string, Description> | null = null;

export const EXPLICIT_METHODS = ['euler', 'rk2', 'rk4'];

/**
 * The abstract code of Brian2's explicit method `method` for deterministic equations (names of the
 * differential equations and subexpressions in `eqNames`, Brian2's eq_names).
 */
export function explicitUpdate(method: string, eqs: B2Equation[]): B2Statement[] {
  DESCRIPTIONS ??= describe();
  const d = DESCRIPTIONS[method];
  if (!d) throw new Unsupported(`the method ${method}`);
  const substituted = substitutedExpressions(eqs);
  const eqNames = eqs.map((e) => e.name).sort();
  const tempVars = d.statements.map(([v]) => v);
  const statements: B2Statement[] = [];
  const rhs = (description: Ex, variable: string, code: string): string => {
    const replaceF = (x: Ex, t: Ex): Ex => {
      let s = strToSympy(code);
      for (const name of eqNames) {
        let xr = subs1(x, X, symbol(name));
        xr = subs(xr, new Map(tempVars.map((tv) => [keyOf(symbol(tv)), symbol(`${tv}_${name}`)])));
        s = subs1(s, symbol(name), xr);
      }
      if (keyOf(t) !== keyOf(T_)) {
        s = subs1(s, T, t);
        s = subs1(s, T_, T);
      }
      return s;
    };
    let result = replaceFunction(description, '__f', replaceF);
    result = subs1(result, X, symbol(variable));
    result = subs(result, new Map(tempVars.map((tv) => [keyOf(symbol(tv)), symbol(`${tv}_${variable}`)])));
    return sympyToStr(result);
  };
  for (const [tv, description] of d.statements) {
    for (const { name, code } of substituted) statements.push({ target: `${tv}_${name}`, code: rhs(description, name, code) });
  }
  for (const { name, code } of substituted) statements.push({ target: `_${name}`, code: rhs(d.output, name, code) });
  for (const { name } of substituted) statements.push({ target: name, code: `_${name}` });
  return statements;
}

export { fn };
