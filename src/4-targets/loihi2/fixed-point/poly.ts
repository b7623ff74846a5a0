// Update code as polynomials in the neuron's registers. Every lowered expression is expanded into a sum
// of monomials (products of registers) whose coefficients are known before the run: one number, or one
// per neuron (parameters, propagators). State-free terms that change with time (TimedArrays, sin(t))
// become host input streams ("time factors"). Anything else — a function or a division of a register —
// has no fixed-point form and is refused; the IR check (representable.ts) has already located such
// terms in the script, so here they only guard against lowering output the check does not know.

import type { SExpr } from '../../../symbolic/expr.js';
import { children } from '../../../symbolic/expr.js';
import { printExpr } from '../../../symbolic/print.js';

/** One value for all neurons, or one per neuron. */
export type Vec = number | Float64Array;

export function vmap2(a: Vec, b: Vec, f: (x: number, y: number) => number): Vec {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const n = typeof a === 'number' ? (b as Float64Array).length : a.length;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = f(typeof a === 'number' ? a : a[k]!, typeof b === 'number' ? b : b[k]!);
  return out;
}

export function vmap(a: Vec, f: (x: number) => number): Vec {
  return typeof a === 'number' ? f(a) : a.map(f);
}

export const vadd = (a: Vec, b: Vec) => vmap2(a, b, (x, y) => x + y);
export const vmul = (a: Vec, b: Vec) => vmap2(a, b, (x, y) => x * y);

export function vvalues(a: Vec): number[] {
  return typeof a === 'number' ? [a] : [...a];
}

export function vmaxAbs(a: Vec): number {
  return vvalues(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
}

export function visZero(a: Vec): boolean {
  return vvalues(a).every((x) => x === 0);
}

/** A vector whose elements are all equal becomes one number. */
export function vcollapse(a: Vec): Vec {
  if (typeof a === 'number') return a;
  if (a.length === 0) return 0;
  const first = a[0]!;
  return a.every((x) => x === first) ? first : a;
}

export function vat(a: Vec, k: number): number {
  return typeof a === 'number' ? a : a[k]!;
}

export interface Monomial {
  /** Register (or time factor) names with their powers, sorted by name. */
  factors: [string, number][];
  coef: Vec;
}

export type Poly = Map<string, Monomial>;

function keyOf(factors: [string, number][]): string {
  return factors.map(([n, p]) => (p === 1 ? n : `${n}^${p}`)).join('*');
}

export function constPoly(c: Vec): Poly {
  return visZero(c) ? new Map() : new Map([['', { factors: [], coef: c }]]);
}

export function factorPoly(name: string): Poly {
  return new Map([[name, { factors: [[name, 1]], coef: 1 }]]);
}

export function addPoly(a: Poly, b: Poly, sign = 1): Poly {
  const out: Poly = new Map([...a].map(([k, m]) => [k, { ...m }]));
  for (const [k, m] of b) {
    const coef = sign === 1 ? m.coef : vmap(m.coef, (x) => -x);
    const prev = out.get(k);
    if (prev) {
      const sum = vcollapse(vadd(prev.coef, coef));
      if (visZero(sum)) out.delete(k);
      else out.set(k, { factors: prev.factors, coef: sum });
    } else out.set(k, { factors: m.factors, coef });
  }
  return out;
}

export function scalePoly(a: Poly, c: Vec): Poly {
  const out: Poly = new Map();
  if (visZero(c)) return out;
  for (const [k, m] of a) out.set(k, { factors: m.factors, coef: vcollapse(vmul(m.coef, c)) });
  return out;
}

/** Names that are 0/1 flags: a flag times itself is itself. */
export function mulPoly(a: Poly, b: Poly, flags: Set<string>): Poly {
  let out: Poly = new Map();
  for (const x of a.values()) {
    for (const y of b.values()) {
      const powers = new Map<string, number>(x.factors);
      for (const [n, p] of y.factors) powers.set(n, flags.has(n) ? 1 : (powers.get(n) ?? 0) + p);
      const factors = [...powers].sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
      out = addPoly(out, new Map([[keyOf(factors), { factors, coef: vcollapse(vmul(x.coef, y.coef)) }]]));
    }
  }
  return out;
}

export function isConstantPoly(p: Poly): boolean {
  return [...p.keys()].every((k) => k === '');
}

export function constantOf(p: Poly): Vec {
  return p.get('')?.coef ?? 0;
}

/** A term the fixed-point model cannot compute (see representable.ts for the located refusals). */
export class NotPolynomial extends Error {
  constructor(
    readonly term: SExpr,
    readonly why: string,
  ) {
    super(`${printExpr(term)}: ${why}`);
  }
}

export interface ExpandContext {
  /** Is this symbol a register (changes during the step)? Flags are registers too. */
  isRegister(name: string): boolean;
  isFlag(name: string): boolean;
  /** Does this state-free expression change with time (t, TimedArrays, constant-over-dt values)? */
  timeDependent(e: SExpr): boolean;
  /** Value of a state-free, time-independent expression (per neuron when it differs). */
  evaluateStatic(e: SExpr): Vec;
  /** Name of a time factor standing for this state-free, time-dependent expression. */
  timeFactor(e: SExpr): string;
}

function mentionsRegister(e: SExpr, ctx: ExpandContext): boolean {
  if (e.k === 'sym') return (e.role === 'var' || e.role === 'temp') && !e.side && ctx.isRegister(e.name);
  return children(e).some((c) => mentionsRegister(c, ctx));
}

export function expand(e: SExpr, ctx: ExpandContext): Poly {
  const flags = new Set<string>();
  const go = (x: SExpr): Poly => {
    if (!mentionsRegister(x, ctx)) {
      if (ctx.timeDependent(x)) return factorPoly(ctx.timeFactor(x));
      return constPoly(ctx.evaluateStatic(x));
    }
    switch (x.k) {
      case 'sym':
        if (ctx.isFlag(x.name)) flags.add(x.name);
        return factorPoly(x.name);
      case 'neg':
        return scalePoly(go(x.a), -1);
      case 'bin': {
        if (x.op === '+') return addPoly(go(x.a), go(x.b));
        if (x.op === '-') return addPoly(go(x.a), go(x.b), -1);
        if (x.op === '*') return mulPoly(go(x.a), go(x.b), flags);
        if (x.op === '/') {
          const d = go(x.b);
          if (!isConstantPoly(d)) throw new NotPolynomial(x, `division by ${printExpr(x.b)}, which changes during the run`);
          const c = constantOf(d);
          return scalePoly(
            go(x.a),
            vmap(c, (v) => 1 / v),
          );
        }
        if (x.op === '**') {
          if (mentionsRegister(x.b, ctx)) throw new NotPolynomial(x, 'a register in an exponent');
          const p = ctx.evaluateStatic(x.b);
          if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 4)
            throw new NotPolynomial(x, `the power ${printExpr(x.b)} is not a whole number from 0 to 4`);
          const base = go(x.a);
          let out = constPoly(1);
          for (let k = 0; k < p; k++) out = mulPoly(out, base, flags);
          return out;
        }
        throw new NotPolynomial(x, `the operator ${x.op} on a register`);
      }
      case 'call':
        if (x.fn === 'int' && x.args[0]?.k === 'sym' && ctx.isFlag(x.args[0].name)) {
          flags.add(x.args[0].name);
          return factorPoly(x.args[0].name);
        }
        throw new NotPolynomial(x, `${x.fn}() of a register`);
      default:
        throw new NotPolynomial(x, 'a comparison or logic used as a number');
    }
  };
  return go(e);
}
