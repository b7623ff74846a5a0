// The expression objects of the sympy subset Brian2's state updaters go through (sympy 1.14, as
// installed with Brian2 2.5.4): numbers (Integer and Rational exact, Float as a 53-bit binary value),
// pi and E, real symbols (t and dt positive), Add, Mul, Pow, functions, relations and the boolean
// operators. Objects are immutable plain data; `keyOf` gives the structural identity sympy's == uses
// (Float(2.0) and Integer(2) differ). Construction with evaluation lives in core.ts.

export type RelOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Ex =
  | { t: 'int'; p: bigint }
  | { t: 'rat'; p: bigint; q: bigint }
  | { t: 'float'; v: number }
  | { t: 'pi' }
  | { t: 'E' }
  /** A Symbol. `real` is false only for Brian2's `_placeholder_arg` (an argument-less call). */
  | { t: 'sym'; name: string; real: boolean; positive: boolean }
  | { t: 'add'; args: Ex[] }
  | { t: 'mul'; args: Ex[] }
  | { t: 'pow'; b: Ex; e: Ex }
  /** An applied function; `fn` is sympy's class name (exp, Abs, ceiling, int_, sqrt, clip, ...). */
  | { t: 'fn'; fn: string; args: Ex[] }
  | { t: 'rel'; op: RelOp; a: Ex; b: Ex }
  | { t: 'and' | 'or'; args: Ex[] }
  | { t: 'not'; a: Ex }
  | { t: 'bool'; v: boolean };

export type ExNum = Extract<Ex, { t: 'int' | 'rat' | 'float' }>;

/** Something this port does not reproduce; the caller keeps the converter's own arithmetic. */
export class Unsupported extends Error {}

export const ZERO: Ex = { t: 'int', p: 0n };
export const ONE: Ex = { t: 'int', p: 1n };
export const NEG_ONE: Ex = { t: 'int', p: -1n };
export const HALF: Ex = { t: 'rat', p: 1n, q: 2n };

export const int = (p: bigint | number): Ex => ({ t: 'int', p: BigInt(p) });

export function isNumber(e: Ex): e is ExNum {
  return e.t === 'int' || e.t === 'rat' || e.t === 'float';
}
export function isRational(e: Ex): e is Extract<Ex, { t: 'int' | 'rat' }> {
  return e.t === 'int' || e.t === 'rat';
}
export const isInteger = (e: Ex): e is Extract<Ex, { t: 'int' }> => e.t === 'int';
export const isOne = (e: Ex) => e.t === 'int' && e.p === 1n;
export const isZeroInt = (e: Ex) => e.t === 'int' && e.p === 0n;
export const isNegOne = (e: Ex) => e.t === 'int' && e.p === -1n;
export const isHalf = (e: Ex) => e.t === 'rat' && e.p === 1n && e.q === 2n;

// ------------------------------------------------------------------ structural identity

const KEYS = new WeakMap<Ex, string>();

export function keyOf(e: Ex): string {
  let k = KEYS.get(e);
  if (k !== undefined) return k;
  switch (e.t) {
    case 'int':
      k = `i${e.p}`;
      break;
    case 'rat':
      k = `r${e.p}/${e.q}`;
      break;
    case 'float':
      k = `f${Object.is(e.v, -0) ? '-0' : e.v}`;
      break;
    case 'pi':
    case 'E':
      k = e.t;
      break;
    case 'sym':
      k = `s${e.real ? (e.positive ? '+' : 'r') : 'c'}${e.name}`;
      break;
    case 'add':
    case 'mul':
    case 'and':
    case 'or':
      k = `${e.t}(${e.args.map(keyOf).join(',')})`;
      break;
    case 'pow':
      k = `pow(${keyOf(e.b)},${keyOf(e.e)})`;
      break;
    case 'fn':
      k = `${e.fn}(${e.args.map(keyOf).join(',')})`;
      break;
    case 'rel':
      k = `rel${e.op}(${keyOf(e.a)},${keyOf(e.b)})`;
      break;
    case 'not':
      k = `not(${keyOf(e.a)})`;
      break;
    case 'bool':
      k = e.v ? 'True' : 'False';
      break;
  }
  KEYS.set(e, k);
  return k;
}

export const same = (a: Ex, b: Ex): boolean => a === b || keyOf(a) === keyOf(b);

/** sympy's `.args`. */
export function argsOf(e: Ex): Ex[] {
  switch (e.t) {
    case 'add':
    case 'mul':
    case 'fn':
    case 'and':
    case 'or':
      return e.args;
    case 'pow':
      return [e.b, e.e];
    case 'rel':
      return [e.a, e.b];
    case 'not':
      return [e.a];
    default:
      return [];
  }
}

export function isAtom(e: Ex): boolean {
  return argsOf(e).length === 0 && e.t !== 'add' && e.t !== 'mul' && e.t !== 'fn';
}

/** Whether the expression has no free symbols (sympy's is_number, for the subset here). */
export function isNumberExpr(e: Ex): boolean {
  if (e.t === 'sym') return false;
  if (e.t === 'fn' && !DEFINED_FUNCTIONS.has(e.fn)) return false;
  if (e.t === 'rel' || e.t === 'and' || e.t === 'or' || e.t === 'not' || e.t === 'bool') return false;
  return argsOf(e).every(isNumberExpr);
}

/**
 * Functions sympy defines (with an eval and mpmath evaluation), as opposed to Brian2's undefined
 * Function('name') objects (int_, sqrt, clip, rand, TimedArrays, ...).
 */
export const DEFINED_FUNCTIONS = new Set([
  'exp',
  'log',
  'sin',
  'cos',
  'tan',
  'sinh',
  'cosh',
  'tanh',
  'asin',
  'acos',
  'atan',
  'Abs',
  'sign',
  'floor',
  'ceiling',
  'log10',
  'expm1',
  'log1p',
  'exprel',
]);

/** Brian2's names of sympy functions that sympy_to_str prints under another name (as undefined Functions). */
export const BRIAN2_NAMES: Record<string, string> = { Abs: 'abs', asin: 'arcsin', acos: 'arccos', atan: 'arctan', ceiling: 'ceil' };
/** And back: the sympy class a Brian2 function name parses to. */
export const SYMPY_FUNCTIONS: Record<string, string> = {
  abs: 'Abs',
  arcsin: 'asin',
  arccos: 'acos',
  arctan: 'atan',
  ceil: 'ceiling',
  exp: 'exp',
  log: 'log',
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  sinh: 'sinh',
  cosh: 'cosh',
  tanh: 'tanh',
  sign: 'sign',
  floor: 'floor',
  log10: 'log10',
  expm1: 'expm1',
  log1p: 'log1p',
  exprel: 'exprel',
};

/** Numerical value of a number expression (for sympy's complex(...) in term ordering), or null. */
export function numericValue(e: Ex): number | null {
  switch (e.t) {
    case 'int':
      return Number(e.p);
    case 'rat':
      return Number(e.p) / Number(e.q);
    case 'float':
      return e.v;
    case 'pi':
      return Math.PI;
    case 'E':
      return Math.E;
    case 'add': {
      let s = 0;
      for (const a of e.args) {
        const v = numericValue(a);
        if (v === null) return null;
        s += v;
      }
      return s;
    }
    case 'mul': {
      let s = 1;
      for (const a of e.args) {
        const v = numericValue(a);
        if (v === null) return null;
        s *= v;
      }
      return s;
    }
    case 'pow': {
      const b = numericValue(e.b);
      const x = numericValue(e.e);
      return b === null || x === null ? null : b ** x;
    }
    case 'fn': {
      const f = NUMERIC_FUNCTIONS[e.fn];
      if (!f) return null;
      const args = e.args.map(numericValue);
      return args.some((a) => a === null) ? null : f(...(args as number[]));
    }
    default:
      return null;
  }
}

/** Functions sympy can evaluate numerically (through mpmath); exprel is not one of them. */
export const NUMERIC_FUNCTIONS: Record<string, (...a: number[]) => number> = {
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  Abs: Math.abs,
  sign: Math.sign,
  floor: Math.floor,
  ceiling: Math.ceil,
  log10: Math.log10,
  expm1: Math.expm1,
  log1p: Math.log1p,
};
