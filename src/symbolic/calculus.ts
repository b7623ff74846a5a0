// Differentiation and linear decomposition, as the integrators need them: `exact` splits a system into
// dX/dt = M·X + B, `exponential_euler` splits each equation into A·x + B. A term the rules cannot
// differentiate (a function of the variable we know nothing about) makes the result null: "not linear".

import { add, call, div, hasSymbol, mul, neg, num, pow, SExpr, sub, substitute, symKey, ZERO } from './expr.js';
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
export function linearSystem(
  rhs: SExpr[],
  xs: string[],
): { ok: true; M: SExpr[][]; B: SExpr[] } | { ok: false; row: number } {
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
