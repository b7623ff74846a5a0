// Numerical evaluation of expressions with JavaScript doubles: used for constant folding of values known
// at conversion time and by tests that compare update formulas with Brian2's documented ones.

import type { SExpr } from './expr.js';
import { symKey } from './expr.js';

export type Env = (name: string) => number | undefined;

export const MATH_FUNCTIONS: Record<string, (...a: number[]) => number> = {
  exp: Math.exp,
  log: Math.log,
  log10: Math.log10,
  expm1: Math.expm1,
  log1p: Math.log1p,
  exprel: (x) => (x === 0 ? 1 : Math.expm1(x) / x),
  sqrt: Math.sqrt,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  ceil: Math.ceil,
  floor: Math.floor,
  clip: (x, lo, hi) => Math.min(Math.max(x, lo!), hi!),
  int: (x) => Math.trunc(x),
  float: (x) => x,
};

export class EvaluationError extends Error {}

export type Functions = Record<string, (...a: number[]) => number>;

/**
 * Value of `e` with the symbols given by `env`. Calls use MATH_FUNCTIONS unless `functions` provides
 * them (rand, randn, timestep and TimedArrays have no fixed definition here).
 */
export function evaluate(e: SExpr, env: Env, functions: Functions = {}): number {
  const ev = (x: SExpr) => evaluate(x, env, functions);
  switch (e.k) {
    case 'num':
      return e.v;
    case 'bool':
      return e.v ? 1 : 0;
    case 'sym': {
      const v = env(symKey(e));
      if (v === undefined) throw new EvaluationError(`no value for ${symKey(e)}`);
      return v;
    }
    case 'neg':
      return -ev(e.a);
    case 'not':
      return ev(e.a) ? 0 : 1;
    case 'call': {
      const f = functions[e.fn] ?? MATH_FUNCTIONS[e.fn];
      if (!f) throw new EvaluationError(`cannot evaluate ${e.fn}()`);
      return f(...e.args.map(ev));
    }
    case 'cmp': {
      const a = ev(e.a);
      const b = ev(e.b);
      const r = { '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b, '==': a === b, '!=': a !== b }[e.op];
      return r ? 1 : 0;
    }
    case 'logic': {
      const a = ev(e.a);
      if (e.op === 'and') return a ? (ev(e.b) ? 1 : 0) : 0;
      return a ? 1 : ev(e.b) ? 1 : 0;
    }
    case 'bin': {
      const a = ev(e.a);
      const b = ev(e.b);
      switch (e.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '**':
          return a ** b;
        case '%':
          return a - Math.floor(a / b) * b;
        case '//':
          return Math.floor(a / b);
      }
    }
  }
}
