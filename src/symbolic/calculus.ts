// Differentiation and linear decomposition, as the integrators need them: `exact` splits a system into
// dX/dt = M·X + B, `exponential_euler` splits each equation into A·x + B. A term the rules cannot
// differentiate (a function of the variable we know nothing about) makes the result null: "not linear".

import { add, call, div, hasSymbol, mul, neg, num, pow, type SExpr, sub, substitute, sym, symKey, ZERO } from './expr.js';
import { simplify } from './simplify.js';

const mentions = (e: SExpr, x: string) => hasSymbol(e, (s) => symKey(s) === x);

/** d e / d x, simplified; null when some function of x cannot be differentiated. */
export function diff(e: SExpr, x: string): SExpr | null {
  const d = rawDiff(e, x);
  return d === null ? null : simplify(d);
}

function rawDiff(e: SExpr, x: string): SExpr | null {
  if (!mentions(e, x)) return ZERO;
  switch (e.k) {
    case 'sym':
      return num(1);
    case 'neg': {
      const d = rawDiff(e.a, x);
      return d && neg(d);
    }
    case 'bin': {
      const da = rawDiff(e.a, x);
      const db = rawDiff(e.b, x);
      if (da === null || db === null) return null;
      switch (e.op) {
        case '+':
          return add(da, db);
        case '-':
          return sub(da, db);
        case '*':
          return add(mul(da, e.b), mul(e.a, db));
        case '/':
          // (a/b)' = a'/b - a*b'/b**2, written so a constant denominator gives a'/b exactly.
          return sub(div(da, e.b), div(mul(e.a, db), pow(e.b, num(2))));
        case '**':
          if (!mentions(e.b, x)) return mul(mul(e.b, pow(e.a, sub(e.b, num(1)))), da);
          return mul(e, add(mul(db, call('log', e.a)), div(mul(e.b, da), e.a)));
        default:
          return null;
      }
    }
    case 'call': {
      if (e.args.length !== 1) return null;
      const u = e.args[0]!;
      const du = rawDiff(u, x);
      if (du === null) return null;
      const outer = derivativeOf(e.fn, u);
      return outer && mul(outer, du);
    }
    default:
      // Comparisons and logic are piecewise constant, but not linear in Brian2's sense.
      return null;
  }
}

function derivativeOf(fn: string, u: SExpr): SExpr | null {
  switch (fn) {
    case 'exp':
      return call('exp', u);
    case 'log':
      return div(num(1), u);
    case 'log10':
      return div(num(1), mul(u, num(Math.LN10)));
    case 'sqrt':
      return div(num(0.5), call('sqrt', u));
    case 'sin':
      return call('cos', u);
    case 'cos':
      return neg(call('sin', u));
    case 'tan':
      return add(num(1), pow(call('tan', u), num(2)));
    case 'sinh':
      return call('cosh', u);
    case 'cosh':
      return call('sinh', u);
    case 'tanh':
      return sub(num(1), pow(call('tanh', u), num(2)));
    case 'expm1':
      return call('exp', u);
    case 'log1p':
      return div(num(1), add(num(1), u));
    default:
      return null;
  }
}

/**
 * Split `e` as coefficient·x + rest, where neither part depends on x. Null when `e` is not linear in x.
 * rest is e with x set to 0, which equals the remainder exactly when e is linear.
 */
export function linearIn(e: SExpr, x: string): { coefficient: SExpr; rest: SExpr } | null {
  const coefficient = diff(e, x);
  if (coefficient === null || mentions(coefficient, x)) return null;
  const rest = simplify(substitute(e, new Map([[x, ZERO]])));
  return { coefficient, rest };
}

/**
 * dX/dt = M·X + B for the variables `xs`; null (with the offending variable) when some right-hand side
 * is not linear in the variables or its coefficients depend on them.
 */
export function linearSystem(rhs: SExpr[], xs: string[]): { ok: true; M: SExpr[][]; B: SExpr[] } | { ok: false; row: number } {
  const M: SExpr[][] = [];
  const B: SExpr[] = [];
  for (let r = 0; r < rhs.length; r++) {
    const row: SExpr[] = [];
    for (const x of xs) {
      const c = diff(rhs[r]!, x);
      if (c === null || xs.some((y) => mentions(c, y))) return { ok: false, row: r };
      row.push(c);
    }
    const zeroed = new Map(xs.map((x) => [x, ZERO] as [string, SExpr]));
    M.push(row);
    B.push(simplify(substitute(rhs[r]!, zeroed)));
  }
  return { ok: true, M, B };
}

// ---------------------------------------------------------------- Brian2's "conditionally linear" test

/** One term of an expanded sum: num · Π mul / Π div · x^p (x being the variable collected for). */
interface Term {
  num: number;
  mul: SExpr[];
  div: SExpr[];
  p: number;
}

const ONE_TERM: Term = { num: 1, mul: [], div: [], p: 0 };

function product(a: Term, b: Term): Term {
  return { num: a.num * b.num, mul: [...a.mul, ...b.mul], div: [...a.div, ...b.div], p: a.p + b.p };
}

/**
 * e expanded into a sum of products, as sympy's expand() does for the shapes that occur in equations:
 * products and quotients distributed over sums, positive integer powers of sums multiplied out. A
 * denominator that is itself a sum, and any function call, stays one opaque factor (even when it
 * contains x), exactly like sympy, whose collect() then treats it as part of a coefficient.
 */
function expandTerms(e: SExpr, x: string): Term[] {
  switch (e.k) {
    case 'num':
      return [{ ...ONE_TERM, num: e.v }];
    case 'sym':
      return symKey(e) === x ? [{ ...ONE_TERM, p: 1 }] : [{ ...ONE_TERM, mul: [e] }];
    case 'neg':
      return expandTerms(e.a, x).map((t) => ({ ...t, num: -t.num }));
    case 'bin': {
      const a = expandTerms(e.a, x);
      switch (e.op) {
        case '+':
          return [...a, ...expandTerms(e.b, x)];
        case '-':
          return [...a, ...expandTerms(e.b, x).map((t) => ({ ...t, num: -t.num }))];
        case '*': {
          const b = expandTerms(e.b, x);
          return a.flatMap((ta) => b.map((tb) => product(ta, tb)));
        }
        case '/': {
          const b = expandTerms(e.b, x);
          const inverse: Term = b.length === 1 ? { num: 1 / b[0]!.num, mul: b[0]!.div, div: b[0]!.mul, p: -b[0]!.p } : { ...ONE_TERM, div: [e.b] };
          return a.map((t) => product(t, inverse));
        }
        case '**': {
          if (e.b.k === 'num' && Number.isInteger(e.b.v) && e.b.v >= 0 && e.b.v <= 8) {
            let out: Term[] = [ONE_TERM];
            for (let k = 0; k < e.b.v; k++) out = out.flatMap((t) => a.map((u) => product(t, u)));
            return out;
          }
          if (e.b.k === 'num' && a.length === 1 && a[0]!.mul.length === 0 && a[0]!.div.length === 0 && a[0]!.num === 1) {
            return [{ ...ONE_TERM, p: a[0]!.p * e.b.v }];
          }
          return [{ ...ONE_TERM, mul: [e] }];
        }
        default:
          return [{ ...ONE_TERM, mul: [e] }];
      }
    }
    default:
      return [{ ...ONE_TERM, mul: [e] }];
  }
}

/** Terms with the same factors added up (so that cancelling terms disappear, as in sympy). */
function combine(terms: Term[]): Term[] {
  const byKey = new Map<string, Term>();
  for (const t of terms) {
    const key = JSON.stringify([t.p, t.mul.map((m) => JSON.stringify(m)).sort(), t.div.map((d) => JSON.stringify(d)).sort()]);
    const prev = byKey.get(key);
    byKey.set(key, prev ? { ...prev, num: prev.num + t.num } : t);
  }
  return [...byKey.values()].filter((t) => t.num !== 0);
}

function termExpr(t: Term): SExpr {
  let e: SExpr = num(t.num);
  for (const m of t.mul) e = mul(e, m);
  for (const d of t.div) e = div(e, d);
  return e;
}

function sumOf(terms: Term[]): SExpr {
  return simplify(terms.map(termExpr).reduce((a, b) => add(a, b), ZERO as SExpr));
}

export type Collected =
  | { ok: true; A: SExpr; B: SExpr }
  | { ok: false; reason: 'not-linear' }
  /** Brian2 would accept the equation but drop these terms (powers of x other than 0 and 1). */
  | { ok: false; reason: 'dropped'; dropped: SExpr };

/**
 * Brian2's test for exponential_euler: expand e, collect the powers of x; accepted when the only
 * powers are x¹ and x⁰ (x may still occur inside functions and denominators of either coefficient).
 * Brian2 also accepts x¹ together with one other power and then drops that other part; we report it.
 */
export function collectLinear(e: SExpr, x: string): Collected {
  if (!mentions(e, x)) return { ok: true, A: ZERO, B: e };
  const terms = combine(expandTerms(e, x));
  const powers = new Set(terms.map((t) => t.p));
  if (!powers.has(1) || powers.size > 2) return { ok: false, reason: 'not-linear' };
  const A = sumOf(terms.filter((t) => t.p === 1).map((t) => ({ ...t, p: 0 })));
  if (!powers.has(0)) {
    const other = terms.filter((t) => t.p !== 1);
    const withPower = (t: Term): SExpr => mul(termExpr(t), pow(sym(x), num(t.p)));
    if (other.length) return { ok: false, reason: 'dropped', dropped: simplify(other.map(withPower).reduce((a, b) => add(a, b))) };
    return { ok: true, A, B: ZERO };
  }
  return { ok: true, A, B: sumOf(terms.filter((t) => t.p === 0)) };
}
