// sympy's printing order (Expr.sort_key, default_sort_key, Add.as_ordered_terms, Mul.as_ordered_factors):
// the order in which sympy_to_str writes terms and factors, and so the order of Brian2's
// floating-point operations. Keys are computed on the objects as sympy_to_str sees them (`printing`:
// functions Brian2 renames are undefined functions by then, E is the symbol e).

import { argsOf, DEFINED_FUNCTIONS, type Ex, type ExNum, isNumber, isNumberExpr, isOne, keyOf, numericValue, ONE, Unsupported } from './expr.js';
import { numNeg, rational } from './numbers.js';
import { className } from './compare.js';
import { asCoeffMul, isCommutative, addArgs, mulArgs } from './structure.js';

/** A sort key: nested tuples of ints, strings and sympy numbers (compared by value). */
export type Key = number | string | { num: number } | Key[];

const NUMBER_CLASS_KEY: Key = [1, 0, 'Number'];

function numberKey(e: Ex): Key {
  return [NUMBER_CLASS_KEY, [0, []], [], { num: numericValue(e)! }];
}

const ONE_KEY = numberKey(ONE);

const FUNCTION_INDEX: Record<string, number> = { exp: 10, log: 11, sin: 20, cos: 21, tan: 22, sinh: 30, cosh: 31, tanh: 32 };

/**
 * class_key, as sympy_to_str sees it: functions it renames (Abs, asin, ...) have become undefined
 * Functions with Brian2's name by the time it prints.
 */
function classKey(e: Ex, printing: boolean): Key {
  switch (e.t) {
    case 'int':
    case 'rat':
    case 'float':
      return NUMBER_CLASS_KEY;
    case 'sym':
    case 'pi':
    case 'E':
    case 'bool':
      return [2, 0, className(e)];
    case 'add':
      return [3, 1, 'Add'];
    case 'mul':
      return [3, 0, 'Mul'];
    case 'pow':
      return [3, 2, 'Pow'];
    case 'fn': {
      const renamed = printing ? RENAMED[e.fn] : undefined;
      if (renamed) return [4, 0, renamed];
      // 10000: a function with a fixed number of arguments (sympy's own, and Mod); 0: Brian2's undefined ones.
      const i = FUNCTION_INDEX[e.fn] ?? (DEFINED_FUNCTIONS.has(e.fn) || e.fn === 'Mod' ? 10000 : 0);
      return [4, i, e.fn];
    }
    default:
      return [5, 0, className(e)];
  }
}

const RENAMED: Record<string, string> = { Abs: 'abs', asin: 'arcsin', acos: 'arccos', atan: 'arctan', ceiling: 'ceil' };

/** str() of an atom, for its sort key (sympy_to_str has replaced E by the symbol e). */
function atomString(e: Ex, printing: boolean): string {
  switch (e.t) {
    case 'sym':
      return e.name;
    case 'pi':
      return 'pi';
    case 'E':
      return printing ? 'e' : 'E';
    case 'bool':
      return e.v ? 'True' : 'False';
    case 'int':
      return String(e.p);
    case 'rat':
      return `${e.p}/${e.q}`;
    default:
      throw new Error('not an atom');
  }
}

const SORT_KEYS = [new WeakMap<Ex, Key>(), new WeakMap<Ex, Key>()];

/** Expr.sort_key() (default order); `printing` as seen by sympy_to_str's printer. */
export function sortKey(e: Ex, printing = true): Key {
  const cache = SORT_KEYS[printing ? 1 : 0]!;
  let k = cache.get(e);
  if (k) return k;
  k = computeSortKey(e, printing);
  cache.set(e, k);
  return k;
}

function computeSortKey(e: Ex, printing: boolean): Key {
  if (isNumber(e)) return numberKey(e);
  if (e.t === 'E' && printing) return [[2, 0, 'Symbol'], [1, ['e']], ONE_KEY, { num: 1 }];
  if (e.t === 'sym' || e.t === 'pi' || e.t === 'E' || e.t === 'bool') return [classKey(e, printing), [1, [atomString(e, printing)]], ONE_KEY, { num: 1 }];
  if (e.t === 'rel' || e.t === 'and' || e.t === 'or' || e.t === 'not') {
    const args = argsOf(e);
    return [classKey(e, printing), [args.length, args.map((a) => sortKey(a, printing))], ONE_KEY, { num: 1 }];
  }
  // Expr.sort_key
  const [coeff, rest] = asCoeffMul(e);
  let expr = rest;
  let exp: Ex = ONE;
  if (expr.t === 'pow') {
    const [b, x] = baseExp(expr);
    if (b.t === 'E') {
      expr = { t: 'fn', fn: 'exp', args: [x] };
      exp = ONE;
    } else {
      expr = b;
      exp = x;
    }
  }
  let args: Key[];
  if (expr.t === 'sym' || expr.t === 'pi' || expr.t === 'E' || expr.t === 'bool' || isNumber(expr)) args = [atomString(expr, printing)];
  else {
    const parts = expr.t === 'add' ? orderedTerms(expr, printing) : expr.t === 'mul' ? orderedFactors(expr, printing) : argsOf(expr);
    args = parts.map((a) => sortKey(a, printing));
  }
  return [classKey(expr, printing), [args.length, args], sortKey(exp, printing), { num: numericValue(coeff)! }];
}

export function compareKeys(a: Key, b: Key): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let k = 0; k < Math.min(a.length, b.length); k++) {
      const c = compareKeys(a[k]!, b[k]!);
      if (c) return c;
    }
    return a.length - b.length;
  }
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) return a.num > b.num ? 1 : a.num < b.num ? -1 : 0;
  if (typeof a === typeof b) return a > b ? 1 : a < b ? -1 : 0;
  throw new Error(`incomparable sort keys ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
}

// ------------------------------------------------------------------ printing order

/** Mul.as_ordered_factors: the factors sorted by sort_key. */
export function orderedFactors(e: Ex, printing = true): Ex[] {
  const args = [...mulArgs(e)];
  // args_cnc splits a negative coefficient other than -1 into -1 and its absolute value.
  if (args.length && isNumber(args[0]!) && numericValue(args[0]!)! < 0 && !(args[0]!.t === 'int' && args[0]!.p === -1n)) {
    args.splice(0, 1, { t: 'int', p: -1n }, numNeg(args[0] as ExNum));
  }
  // The product's args are its commutative factors, then the others; printed, a factor that became
  // non-commutative (abs of a non-commutative argument) joins the others, in its place before them.
  const c = args.filter((a) => isCommutative(a, printing));
  const nc = args.filter((a) => !isCommutative(a, printing));
  return [
    ...c
      .map((a) => ({ a, k: sortKey(a, printing) }))
      .sort((x, y) => compareKeys(x.k, y.k))
      .map((x) => x.a),
    ...nc,
  ];
}

/** as_base_exp of a factor: Pow → (base, exp), with 1/q as (q, -exp); exp(x) → (E, x). */
function baseExp(f: Ex): [Ex, Ex] {
  if (f.t === 'pow') {
    if (f.b.t === 'rat' && f.b.p === 1n) {
      if (!isNumber(f.e)) throw new Unsupported('a power of 1/n with a symbolic exponent');
      return [{ t: 'int', p: f.b.q }, numNeg(f.e)];
    }
    return [f.b, f.e];
  }
  if (f.t === 'fn' && f.fn === 'exp') return [{ t: 'E' }, f.args[0]!];
  return [f, ONE];
}

/** Pow(base, e) for the generators of as_terms (only ever compared): E**x is exp(x). */
function power(base: Ex, e: Ex): Ex {
  if (isOne(e)) return base;
  if (base.t === 'E') return { t: 'fn', fn: 'exp', args: [e] };
  if (isNumber(base)) throw new Unsupported('a root of a number in the order of terms');
  return { t: 'pow', b: base, e };
}

/** exprtools.decompose_power: (base, integer exponent) of a factor, as as_terms sees it. */
function decomposePower(f: Ex): [Ex, number] {
  const [base, exp] = baseExp(f);
  if (isNumber(exp)) {
    if (exp.t === 'int') return [base, Number(exp.p)];
    if (exp.t === 'rat') return [power(base, rational(1n, exp.q)), Number(exp.p)];
    return [f, 1];
  }
  const [c, tail] = asCoeffMul(exp, true);
  if (c.t === 'int' && c.p === -1n) return [power(base, tail), -1];
  if (!isOne(c)) {
    if (c.t !== 'int') throw new Unsupported('a fractional coefficient in a symbolic exponent');
    return [power(base, tail), Number(c.p)];
  }
  return [f, 1];
}

/** Expr.as_ordered_terms() for an Add (lexicographic on exponent vectors over the sorted generators). */
export function orderedTerms(e: Ex, printing = true): Ex[] {
  const terms = addArgs(e);
  // Add(Number, Mul(Number, x)) with a positive number and a negative coefficient keeps its order: 1 - x.
  const nonNumber = (x: Ex) => !(isNumber(x) || x.t === 'pi' || (x.t === 'E' && !printing));
  const sorted = [...terms].sort((a, b) => Number(nonNumber(a)) - Number(nonNumber(b)));
  if (sorted.length === 2 && !nonNumber(sorted[0]!) && sorted[1]!.t === 'mul') {
    const margs = [...mulArgs(sorted[1]!)].sort((a, b) => Number(!isNumber(a)) - Number(!isNumber(b)));
    if (margs.length === 2 && isNumber(margs[0]!) && numericValue(sorted[0]!)! > 0 && numericValue(margs[0]!)! < 0) return sorted;
  }
  // as_terms
  const gens = new Map<string, Ex>();
  const parts = terms.map((term) => {
    const [c, rest] = asCoeffMul(term);
    let coeff = numericValue(c)!;
    const cpart = new Map<string, number>();
    const nc: Key[] = [];
    if (!isOne(rest)) {
      for (const f of mulArgs(rest)) {
        // (sympy_to_str prints E as the symbol e, a generator like any symbol)
        if (isNumberExpr(f) && !(printing && hasE(f))) {
          const v = numericValue(f);
          if (v !== null) {
            coeff *= v;
            continue;
          }
        }
        if (!isCommutative(f, printing)) {
          nc.push(sortKey(f, printing));
          continue;
        }
        const [b, x] = decomposePower(f);
        cpart.set(keyOf(b), x);
        gens.set(keyOf(b), b);
      }
    }
    return { term, coeff, cpart, nc };
  });
  const order = [...gens.entries()]
    .map(([k, g]) => ({ k, key: sortKey(g, printing) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((g) => g.k);
  const keyed = parts.map((p) => ({ term: p.term, monom: order.map((g) => -(p.cpart.get(g) ?? 0)), nc: p.nc, coeff: p.coeff }));
  keyed.sort((a, b) => {
    for (let k = 0; k < a.monom.length; k++) if (a.monom[k] !== b.monom[k]) return a.monom[k]! - b.monom[k]!;
    const n = compareKeys(a.nc, b.nc);
    if (n) return n;
    return a.coeff - b.coeff;
  });
  return keyed.map((k) => k.term);
}

function hasE(e: Ex): boolean {
  return e.t === 'E' || argsOf(e).some(hasE);
}
