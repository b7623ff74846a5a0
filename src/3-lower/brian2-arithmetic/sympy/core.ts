// Construction with evaluation, as sympy's Add, Mul and Pow do it (AssocOp.__new__, Add.flatten,
// Mul.flatten, Pow.__new__ and the _eval_power of each base), and the evaluation rules of the
// functions Brian2 uses. Everything sympy does that this port does not reproduce throws Unsupported.

import {
  type Ex,
  type ExNum,
  isNumber,
  isOne,
  isRational,
  isZeroInt,
  keyOf,
  NEG_ONE,
  ONE,
  same,
  Unsupported,
  ZERO,
  DEFINED_FUNCTIONS,
  type RelOp,
  numericValue,
  NUMERIC_FUNCTIONS,
  isNumberExpr,
  HALF,
} from './expr.js';
import { float, floatLiteral, numAdd, numCompare, numMul, numNeg, numPow, numSign, rational, isZeroNum, toNumber } from './numbers.js';
import { fromDouble, mpfToStr } from './binary.js';
import { canonicalSort } from './compare.js';
import { compareKeys, sortKey } from './sort-key.js';
import { addArgs, asCoeffMul, isCommutative, mulArgs, rawAdd, rawMul } from './structure.js';

export { rational, float, floatLiteral, addArgs, asCoeffMul, isCommutative, mulArgs };

export const unevaluatedMul = (...args: Ex[]): Ex => ({ t: 'mul', args });

// ------------------------------------------------------------------ assumptions (real symbols only)

/** is_extended_real: true, false or null (unknown). Every symbol here is real. */
export function isReal(e: Ex): boolean | null {
  switch (e.t) {
    case 'int':
    case 'rat':
    case 'float':
    case 'pi':
    case 'E':
      return true;
    case 'sym':
      return e.real ? true : null;
    case 'add':
    case 'mul':
      return e.args.every((a) => isReal(a) === true) ? true : null;
    case 'pow': {
      if (isReal(e.b) !== true || isReal(e.e) !== true) return null;
      if (e.e.t === 'int') return true;
      return isPositive(e.b) ? true : null;
    }
    case 'fn':
      if (['exp', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'atan', 'Abs', 'sign', 'floor', 'ceiling', 'exprel', 'expm1'].includes(e.fn))
        return e.args.every((a) => isReal(a) === true) ? true : null;
      return null;
    default:
      return null;
  }
}

/** is_positive (strictly), conservatively: true or null. */
export function isPositive(e: Ex): boolean | null {
  return sign(e) === '+' ? true : null;
}

/** is_nonnegative, conservatively. */
export function isNonNegative(e: Ex): boolean | null {
  const s = sign(e);
  return s === '+' || s === '0+' ? true : null;
}

/** What sympy's assumptions can tell about the sign: '+' positive, '0+' nonnegative, '-' negative, null unknown. */
function sign(e: Ex): '+' | '0+' | '-' | null {
  if (isNumber(e)) {
    const s = numSign(e);
    return s > 0 ? '+' : s < 0 ? '-' : '0+';
  }
  switch (e.t) {
    case 'pi':
    case 'E':
      return '+';
    case 'sym':
      return e.positive ? '+' : null;
    case 'add': {
      const signs = e.args.map(sign);
      if (signs.every((s) => s === '+' || s === '0+')) return signs.includes('+') ? '+' : '0+';
      if (signs.every((s) => s === '-')) return '-';
      return null;
    }
    case 'mul': {
      let negative = false;
      let zero = false;
      for (const a of e.args) {
        const s = sign(a);
        if (s === null) return null;
        if (s === '-') negative = !negative;
        if (s === '0+') zero = true;
      }
      if (zero) return negative ? null : '0+';
      return negative ? '-' : '+';
    }
    case 'pow': {
      const b = sign(e.b);
      if (b === '+' && isReal(e.e) === true) return '+';
      if (e.e.t === 'int' && e.e.p % 2n === 0n && isReal(e.b) === true) return b === '-' ? '+' : '0+';
      return null;
    }
    case 'fn':
      if (e.fn === 'exp') return isReal(e.args[0]!) === true ? '+' : null;
      if (e.fn === 'Abs') return '0+';
      if (e.fn === 'floor') {
        const a = sign(e.args[0]!);
        return a === '+' || a === '0+' ? '0+' : null;
      }
      if (e.fn === 'ceiling') {
        const a = sign(e.args[0]!);
        return a === '+' ? '+' : a === '0+' ? '0+' : null;
      }
      return null;
    default:
      return null;
  }
}

// ------------------------------------------------------------------ coefficients

/** as_base_exp: Pow → (base, exp) (1/n → (n, -exp)); exp(x) → (E, x); a Mul of equal integer powers. */
export function asBaseExp(e: Ex): [Ex, Ex] {
  if (e.t === 'pow') {
    if (e.b.t === 'rat' && e.b.p === 1n) return [{ t: 'int', p: e.b.q }, neg(e.e)];
    return [e.b, e.e];
  }
  if (e.t === 'fn' && e.fn === 'exp') return [{ t: 'E' }, Mul(...e.args)];
  if (e.t === 'mul') {
    let e1: Ex | null = null;
    const bases: Ex[] = [];
    for (const m of e.args) {
      const [b, x] = asBaseExp(m);
      if (e1 === null) e1 = x;
      else if (!same(x, e1) || x.t !== 'int') return [e, ONE];
      bases.push(b);
    }
    return [Mul(...bases), e1!];
  }
  return [e, ONE];
}

/** _keep_coeff(coeff, factors). */
export function keepCoeff(coeff: ExNum, factors: Ex): Ex {
  if (isOne(factors)) return coeff;
  if (isOne(coeff)) return factors;
  if (coeff.t === 'int' && coeff.p === -1n) return neg(factors);
  if (factors.t === 'add') return unevaluatedMul(coeff, factors);
  if (factors.t === 'mul') {
    const margs = [...factors.args];
    if (isNumber(margs[0]!)) {
      margs[0] = numMul(margs[0] as ExNum, coeff);
      if (margs[0].t === 'int' && margs[0].p === 1n) margs.shift();
    } else margs.unshift(coeff);
    return rawMul(margs);
  }
  const m = Mul(coeff, factors);
  if (isNumber(m) && !isNumber(factors)) return unevaluatedMul(coeff, factors);
  return m;
}

// ------------------------------------------------------------------ negation

/** -e (Expr.__neg__, Mul.__neg__, Add.__neg__, Number.__neg__). */
export function neg(e: Ex): Ex {
  if (isNumber(e)) return numNeg(e);
  if (e.t === 'mul') {
    const [c, rest] = [e.args[0]!, e.args.slice(1)];
    let coeff: ExNum = ONE as ExNum;
    let args: Ex[];
    if (isRational(c)) {
      coeff = c;
      args = rest;
    } else args = e.args;
    coeff = numNeg(coeff);
    if (!isOne(coeff)) {
      if (isNumber(args[0]!)) {
        args = [...args];
        args[0] = coeff.t === 'int' && coeff.p === -1n ? numNeg(args[0] as ExNum) : numMul(args[0] as ExNum, coeff);
      } else args = [coeff, ...args];
    }
    return rawMul(args);
  }
  if (e.t === 'add') return Mul(NEG_ONE, e);
  return { t: 'mul', args: [NEG_ONE, e] };
}

export const sub = (a: Ex, b: Ex): Ex => Add(a, neg(b));
export const div = (a: Ex, b: Ex): Ex => (isOne(a) ? Pow(b, NEG_ONE) : Mul(a, Pow(b, NEG_ONE)));

// ------------------------------------------------------------------ Add

export function Add(...input: Ex[]): Ex {
  const args = input.filter((a) => !isZeroInt(a));
  if (args.length === 0) return ZERO;
  if (args.length === 1) return args[0]!;
  return rawAdd(addFlatten(args));
}

function addFlatten(seq: Ex[]): Ex[] {
  if (seq.length === 2) {
    let [a, b] = seq as [Ex, Ex];
    if (isRational(b)) [a, b] = [b, a];
    if (isRational(a) && b.t === 'mul') return [a, b];
  }
  const terms = new Map<string, { s: Ex; c: ExNum }>();
  let coeff: ExNum = ZERO as ExNum;
  const queue = [...seq];
  for (let k = 0; k < queue.length; k++) {
    const o = queue[k]!;
    let c: ExNum;
    let s: Ex;
    if (isNumber(o)) {
      coeff = numAdd(coeff, o);
      continue;
    } else if (o.t === 'add') {
      queue.push(...o.args);
      continue;
    } else if (o.t === 'mul') {
      [c, s] = asCoeffMul(o);
    } else if (o.t === 'pow' && isNumber(o.b) && (o.e.t === 'int' || (o.e.t === 'rat' && o.e.p < 0n))) {
      queue.push(Pow(o.b, o.e));
      continue;
    } else {
      c = ONE as ExNum;
      s = o;
    }
    const key = keyOf(s);
    const t = terms.get(key);
    if (t) t.c = numAdd(t.c, c);
    else terms.set(key, { s, c });
  }
  const newseq: Ex[] = [];
  for (const { s, c } of terms.values()) {
    if (isZeroNum(c)) continue;
    if (isOne(c)) newseq.push(s);
    else if (s.t === 'mul') newseq.push(rawMul([c, ...s.args]));
    else if (s.t === 'add') newseq.push(unevaluatedMul(c, s));
    else newseq.push(Mul(c, s));
  }
  canonicalSort(newseq);
  if (!isZeroInt(coeff)) newseq.unshift(coeff);
  return newseq;
}

// ------------------------------------------------------------------ Mul

export function Mul(...input: Ex[]): Ex {
  const args = input.filter((a) => !isOne(a));
  if (args.length === 0) return ONE;
  if (args.length === 1) return args[0]!;
  return rawMul(mulFlatten(args));
}

function gather(cPowers: [Ex, Ex][]): [Ex, Ex][] {
  const common = new Map<string, { b: Ex; d: Map<string, { t: Ex; cs: Ex[] }> }>();
  for (const [b, e] of cPowers) {
    const [c, t] = asCoeffMul(e);
    let entry = common.get(keyOf(b));
    if (!entry) common.set(keyOf(b), (entry = { b, d: new Map() }));
    const tk = keyOf(t);
    const slot = entry.d.get(tk);
    if (slot) slot.cs.push(c);
    else entry.d.set(tk, { t, cs: [c] });
  }
  const out: [Ex, Ex][] = [];
  for (const { b, d } of common.values()) for (const { t, cs } of d.values()) out.push([b, Mul(Add(...cs), t)]);
  return out;
}

function mulFlatten(input: Ex[]): Ex[] {
  let seq = [...input];
  if (seq.length === 2) {
    let [a, b] = seq as [Ex, Ex];
    if (isRational(b)) {
      [a, b] = [b, a];
      seq = [a, b];
    }
    if (isRational(a) && !isZeroInt(a)) {
      const [r, bb] = asCoeffMul(b);
      if (bb.t === 'add') {
        if (!isOne(r)) {
          const ar = numMul(a, r);
          return [isOne(ar) ? bb : unevaluatedMul(ar, bb)];
        }
        if (isCommutative(bb)) return [Add(...bb.args.map((bi) => keepCoeff(a as ExNum, bi)))];
      }
    }
  }
  let coeff: ExNum = ONE as ExNum;
  let cPowers: [Ex, Ex][] = [];
  const numExp: [Ex, Ex][] = [];
  const ncPart: Ex[] = [];
  // Non-commutative factors keep their order; neighbours with one base combine (x**a*x**b).
  const pushNc = (first: Ex) => {
    const ncSeq = [first];
    while (ncSeq.length) {
      const o = ncSeq.shift()!;
      if (!ncPart.length) {
        ncPart.push(o);
        continue;
      }
      const o1 = ncPart.pop()!;
      const [b1, e1] = asBaseExp(o1);
      const [b2, e2] = asBaseExp(o);
      const newExp = Add(e1, e2);
      if (same(b1, b2) && newExp.t !== 'add') {
        const o12 = Pow(b1, newExp);
        if (isCommutative(o12)) seq.push(o12);
        else ncSeq.unshift(o12);
      } else ncPart.push(o1, o);
    }
  };
  for (let k = 0; k < seq.length; k++) {
    const o = seq[k]!;
    if (o.t === 'mul') {
      for (const q of o.args) {
        if (isCommutative(q)) seq.push(q);
        else pushNc(q);
      }
      continue;
    }
    if (!isCommutative(o)) {
      pushNc(o);
      continue;
    }
    if (isNumber(o)) {
      coeff = numMul(coeff, o);
      continue;
    }
    const [b, e] = asBaseExp(o);
    if (o.t === 'pow' && isNumber(b)) {
      if (isRational(e)) {
        if (e.t === 'int') {
          const p = Pow(b, e);
          if (!isNumber(p)) throw new Unsupported('an unevaluated power of a number');
          coeff = numMul(coeff, p);
          continue;
        }
        if (e.p < 0n) {
          seq.push(Pow(b, e));
          continue;
        }
        throw new Unsupported('a fractional power of a number');
      }
      if (numSign(b) > 0) {
        numExp.push([b, e]);
        continue;
      }
    }
    cPowers.push([b, e]);
  }
  cPowers = gather(cPowers);
  const numExpGathered = gather(numExp);
  let cPart: Ex[] = [];
  for (let i = 0; i < 2; i++) {
    const newCPowers: [Ex, Ex][] = [];
    let changed = false;
    cPart = [];
    for (let [b, e] of cPowers) {
      if (isZeroNum(e)) continue;
      let p: Ex;
      if (isOne(e)) {
        if (isNumber(b)) {
          coeff = numMul(coeff, b);
          continue;
        }
        p = b;
      } else {
        p = Pow(b, e);
        if (p.t === 'pow' && b.t !== 'pow') {
          const bi = b;
          [b, e] = asBaseExp(p);
          if (!same(b, bi)) changed = true;
        }
      }
      cPart.push(p);
      newCPowers.push([b, e]);
    }
    if (changed && new Set(newCPowers.map(([b]) => keyOf(b))).size !== newCPowers.length) cPowers = gather(newCPowers);
    else break;
  }
  // Number bases with symbolic exponents: 2**x*3**x -> 6**x.
  const byExp = new Map<string, { e: Ex; bs: Ex[] }>();
  for (const [b, e] of numExpGathered) {
    const slot = byExp.get(keyOf(e));
    if (slot) slot.bs.push(b);
    else byExp.set(keyOf(e), { e, bs: [b] });
  }
  for (const { e, bs } of byExp.values()) if (!isZeroNum(e)) cPart.push(Pow(Mul(...bs), e));
  if (isZeroNum(coeff)) return [coeff];
  const rest: Ex[] = [];
  for (const x of cPart) {
    if (isNumber(x)) coeff = numMul(coeff, x);
    else rest.push(x);
  }
  canonicalSort(rest);
  if (!isOne(coeff)) rest.unshift(coeff);
  if (!ncPart.length && rest.length === 2 && isNumber(rest[0]!) && rest[1]!.t === 'add') {
    const c = rest[0] as ExNum;
    return [Add(...rest[1].args.map((f) => Mul(c, f)))];
  }
  return [...rest, ...ncPart];
}

// ------------------------------------------------------------------ Pow

export function Pow(base: Ex, exp: Ex): Ex {
  if (isZeroInt(exp)) return ONE;
  if (isOne(exp)) return base;
  if (exp.t === 'int' && exp.p === -1n && isZeroNum(base)) throw new Unsupported('1/0');
  if (exp.t === 'int' && isNumber(base) && numSign(base) < 0) {
    if (exp.p % 2n === 0n) base = numNeg(base);
    else return neg(Pow(numNeg(base), exp));
  }
  if (isOne(base)) return ONE;
  const r = evalPower(base, exp);
  if (r) return r;
  return { t: 'pow', b: base, e: exp };
}

function evalPower(b: Ex, e: Ex): Ex | null {
  if (isNumber(b)) {
    if (isNumber(e)) return numPow(b, e);
    return null;
  }
  switch (b.t) {
    case 'E':
      return fn('exp', e);
    case 'pow':
      return powOfPow(b.b, b.e, e);
    case 'fn':
      if (b.fn === 'exp') return powOfPow({ t: 'E' }, b.args[0]!, e);
      if (b.fn === 'Abs' && e.t === 'int' && isReal(b.args[0]!) === true) {
        // Abs._eval_power: |x|**2k = x**2k, |x|**n = x**(n-1)*|x| for other n but -1
        if (e.p % 2n === 0n) return Pow(b.args[0]!, e);
        if (e.p !== -1n) return Mul(Pow(b.args[0]!, { t: 'int', p: e.p - 1n }), b);
      }
      return null;
    case 'mul': {
      if (e.t === 'int') return Mul(...b.args.map((f) => ({ t: 'pow', b: f, e }) as Ex));
      if (e.t === 'rat' || e.t === 'float') return expandPowerBase(b, e);
      return null;
    }
    default:
      return null;
  }
}

/** Pow._eval_power for (b**e)**expt, for real bases and exponents. */
function powOfPow(b: Ex, e: Ex, expt: Ex): Ex | null {
  let s: Ex | null = null;
  if (expt.t === 'int') s = ONE;
  else if (isReal(e) === true) {
    if (isNumber(e) && numCompare(e, NEG_ONE as ExNum) === 0) {
      if (expt.t === 'rat' && expt.q === 2n) {
        if (isNonNegative(b) === true) return Pow(b, neg(expt));
        throw new Unsupported('a half power of 1/x');
      }
    } else if (e.t === 'int' && e.p % 2n === 0n && isReal(b) === true) {
      b = fn('Abs', b);
    }
    if (isNumber(e) && (Math.abs(toNumber(e)) < 1 || numCompare(e, ONE as ExNum) === 0)) s = ONE;
    else if (isNonNegative(b) === true) s = ONE;
    else if (!(expt.t === 'rat' && expt.q === 2n)) return null;
    else throw new Unsupported('a half power of a power whose sign sympy decides symbolically');
  } else throw new Unsupported('a power of a power with a complex exponent');
  return Mul(s, Pow(b, Mul(e, expt)));
}

/** Pow._eval_expand_power_base for (a*b*...)**e with a rational or Float e. */
function expandPowerBase(b: Extract<Ex, { t: 'mul' }>, e: Ex): Ex | null {
  const nonneg: Ex[] = [];
  const other: Ex[] = [];
  for (const f of b.args) {
    if (isNonNegative(f) === true) nonneg.push(f);
    else if (isNumber(f) && numSign(f) < 0) throw new Unsupported('a fractional power of a negative factor');
    else other.push(f);
  }
  if (!nonneg.length) return { t: 'pow', b, e };
  const parts = nonneg.map((f) => Pow(f, e));
  if (other.length) parts.push(other.length === 1 ? Pow(other[0]!, e) : { t: 'pow', b: rawMul(other), e });
  return Mul(...parts);
}

// ------------------------------------------------------------------ could_extract_minus_sign

export function couldExtractMinusSign(e: Ex): boolean {
  if (isNumber(e)) return numSign(e) < 0;
  if (e.t === 'mul') {
    const c = e.args[0]!;
    return isNumber(c) && numSign(c) < 0;
  }
  if (e.t === 'add') {
    const negative = e.args.filter(couldExtractMinusSign).length;
    const positive = e.args.length - negative;
    if (positive > negative) return false;
    if (positive < negative) return true;
    return compareKeys(sortKey(e, false), sortKey(neg(e), false)) < 0;
  }
  return false;
}

// ------------------------------------------------------------------ functions

/**
 * Float arguments make a defined function evaluate numerically (Function._should_evalf): mpmath gives
 * the correctly rounded double, JavaScript's Math only one within an ulp. sympy prints it with 15
 * digits, so the difference shows only near a rounding boundary of the 15th digit: refused there.
 */
function evalfFloat(name: string, args: Ex[]): Ex | null {
  if (!DEFINED_FUNCTIONS.has(name) || name === 'exprel' || !args.some((a) => a.t === 'float') || !args.every(isNumber)) return null;
  const v = NUMERIC_FUNCTIONS[name]!(...args.map((a) => toNumber(a as ExNum)));
  if (!Number.isFinite(v)) throw new Unsupported(`${name}() of a Float out of range`);
  if (['floor', 'ceiling', 'Abs', 'sign'].includes(name)) return float(v);
  const print = (x: number) => mpfToStr(fromDouble(x), 15, true);
  const here = print(v);
  if (print(nextDouble(v, 1)) !== here || print(nextDouble(v, -1)) !== here)
    throw new Unsupported(`${name}() of a Float whose value sympy rounds at its 15th digit`);
  return float(v);
}

function nextDouble(v: number, dir: 1 | -1): number {
  if (v === 0) return dir * Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  const bits = buf.getBigUint64(0);
  buf.setBigUint64(0, v > 0 === dir > 0 ? bits + 1n : bits - 1n);
  return buf.getFloat64(0);
}

const ODD = new Set(['sin', 'tan', 'sinh', 'tanh', 'asin', 'atan']);
const EVEN = new Set(['cos', 'cosh']);
const AT_ZERO: Record<string, Ex> = {
  sin: ZERO,
  cos: ONE,
  tan: ZERO,
  sinh: ZERO,
  cosh: ONE,
  tanh: ZERO,
  asin: ZERO,
  atan: ZERO,
  exp: ONE,
  expm1: ZERO,
  log1p: ZERO,
  exprel: ONE,
  sign: ZERO,
  Abs: ZERO,
  floor: ZERO,
  ceiling: ZERO,
};

/** An applied function with sympy's automatic evaluation. */
export function fn(name: string, ...args: Ex[]): Ex {
  const r = evalFunction(name, args);
  if (r) return r;
  const f = evalfFloat(name, args);
  if (f) return f;
  return { t: 'fn', fn: name, args };
}

function hasSymbolFactor(e: Extract<Ex, { t: 'mul' }>): boolean {
  return e.args.some((a) => !isNumberExpr(a));
}

function hasPi(e: Ex): boolean {
  if (e.t === 'pi') return true;
  if (e.t === 'sym' || isNumber(e)) return false;
  const kids = e.t === 'pow' ? [e.b, e.e] : 'args' in e ? e.args : e.t === 'rel' ? [e.a, e.b] : e.t === 'not' ? [e.a] : [];
  return kids.some(hasPi);
}

function evalFunction(name: string, args: Ex[]): Ex | null {
  if (name === 'Mod') return evalMod(args);
  if (!DEFINED_FUNCTIONS.has(name)) return null;
  const x = args[0]!;
  if (args.length !== 1) throw new Unsupported(`${name}() with ${args.length} arguments`);
  if (isZeroInt(x) && AT_ZERO[name]) return AT_ZERO[name]!;
  // sympy evaluates multiples of pi (sin(pi/2) = 1, sin(x + pi) = -sin(x)); a product of pi with
  // symbols (sin(2*pi*f*t)) it leaves alone.
  if (hasPi(x) && name !== 'exp' && !(x.t === 'mul' && hasSymbolFactor(x))) throw new Unsupported(`${name}() of a multiple of pi`);
  switch (name) {
    case 'exp':
      return evalExp(x);
    case 'log':
      if (isOne(x)) return ZERO;
      if (x.t === 'E') return ONE;
      if (x.t === 'fn' && x.fn === 'exp' && isReal(x.args[0]!) === true) return x.args[0]!;
      if (isNumberExpr(x) && !((numericValue(x) ?? -1) > 0)) throw new Unsupported('log of a number that is not positive');
      if (x.t === 'rat' && x.p === 1n) return neg(fn('log', { t: 'int', p: x.q }));
      if (hasFunction(x, 'exp') || hasFunction(x, 'log')) throw new Unsupported('log of an expression with exp or log');
      return null;
    case 'Abs':
      return evalAbs(x);
    case 'sign':
      if (isNumber(x)) return { t: 'int', p: BigInt(numSign(x)) };
      if (isPositive(x)) return ONE;
      if (x.t === 'mul') {
        const [c, rest] = asCoeffMul(x);
        const s = numSign(c);
        const unknown: Ex[] = [];
        for (const a of mulArgs(rest)) {
          if (isPositive(a)) continue;
          unknown.push(a);
        }
        if (isOne(c) && unknown.length === mulArgs(rest).length) return null;
        const inner = rawMul(unknown);
        return Mul({ t: 'int', p: BigInt(s) }, unknown.length ? fn('sign', inner) : ONE);
      }
      if (couldExtractMinusSign(x)) return neg(fn('sign', neg(x)));
      return null;
    case 'floor':
    case 'ceiling': {
      if (isNumber(x)) {
        const v = toNumber(x);
        return { t: 'int', p: BigInt(name === 'floor' ? Math.floor(v) : Math.ceil(v)) };
      }
      if (x.t === 'add') {
        // RoundFunction.eval: integer terms come out; Floats stay inside with the symbolic part.
        const integral = (a: Ex) => a.t === 'int' || (a.t === 'float' && Number.isInteger(a.v));
        const ints = x.args.filter(integral).map((a): Ex => (a.t === 'float' ? { t: 'int', p: BigInt(a.v) } : a));
        const rest = x.args.filter((a) => !integral(a));
        if (!rest.some(hasSymbols)) throw new Unsupported(`${name}() of a numeric sum`);
        if (!ints.length) return null;
        const spart = Add(...rest);
        return Add(Add(...ints), spart.t === 'fn' && (spart.fn === 'floor' || spart.fn === 'ceiling') ? spart : { t: 'fn', fn: name, args: [spart] });
      }
      return null;
    }
    case 'exprel': {
      // exprel.eval: (exp.eval(x) - 1)/x when exp's own evaluation changes exp(x)
      const e = evalExp(x);
      return e ? Mul(Add(e, NEG_ONE), Pow(x, NEG_ONE)) : null;
    }
    case 'acos':
      if (isOne(x)) return ZERO;
      return null;
    default:
      if (ODD.has(name) && couldExtractMinusSign(x)) return neg(fn(name, neg(x)));
      if (EVEN.has(name) && couldExtractMinusSign(x)) return fn(name, neg(x));
      return null;
  }
}

/**
 * Mod.eval (sympy/core/mod.py), for the case it leaves alone: p % q with q = n*s (n a positive
 * integer, s a real symbol of unknown sign that p does not hold) and p a sum of monomials (rational
 * coefficients times symbols) whose integer coefficients share no factor with n. Then number_eval
 * decides nothing (q's sign is unknown, p/q is no integer), gcd(p, q) is 1 and every term stays, so
 * Mod(p, q) is returned unevaluated — e.g. the `t % (50*second)` of a periodic stimulus, also with rk4's
 * t + dt/2. Anything else (numbers, Floats, q positive, a common factor, ...) sympy may rewrite: refused.
 */
function evalMod(args: Ex[]): null {
  if (args.length !== 2) throw new Unsupported(`Mod with ${args.length} arguments`);
  const [p, q] = args as [Ex, Ex];
  const [n, s] =
    q.t === 'sym'
      ? [1n, q]
      : q.t === 'mul' && q.args.length === 2 && q.args[0]!.t === 'int' && q.args[0]!.p > 0n && q.args[1]!.t === 'sym'
        ? [q.args[0]!.p, q.args[1]!]
        : [0n, null];
  if (!s || s.t !== 'sym' || !s.real || s.positive) throw new Unsupported('% whose divisor sympy may simplify');
  let content = n;
  const integral = { all: true };
  for (const term of p.t === 'add' ? p.args : [p]) {
    const [c, rest] = asCoeffMul(term);
    if (c.t === 'float') throw new Unsupported('% of an expression with a Float');
    if (c.t === 'int') content = gcdBig(content, c.p < 0n ? -c.p : c.p);
    else integral.all = false;
    for (const f of mulArgs(rest)) {
      const base = f.t === 'pow' && f.e.t === 'int' && f.e.p > 0n ? f.b : f;
      if (base.t !== 'sym' || !base.real || base.name === s.name) throw new Unsupported('% of an expression sympy may simplify');
    }
    if (isNumber(rest)) throw new Unsupported('% of an expression with a number term');
  }
  if (integral.all && content !== 1n) throw new Unsupported('% with a common factor sympy takes out');
  return null;
}

function gcdBig(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

function hasFunction(e: Ex, name: string): boolean {
  if (e.t === 'fn') return e.fn === name || e.args.some((a) => hasFunction(a, name));
  if (e.t === 'add' || e.t === 'mul') return e.args.some((a) => hasFunction(a, name));
  if (e.t === 'pow') return hasFunction(e.b, name) || hasFunction(e.e, name);
  return false;
}

function evalExp(x: Ex): Ex | null {
  if (isOne(x)) return { t: 'E' };
  if (x.t === 'fn' && x.fn === 'log') return x.args[0]!;
  if (hasFunction(x, 'log')) throw new Unsupported('exp of an expression with log');
  if (hasPi(x)) throw new Unsupported('exp of an expression with pi');
  if (x.t === 'add') {
    const out: Ex[] = [];
    const add: Ex[] = [];
    let changed = false;
    for (const a of x.args) {
      if (isOne(a)) {
        add.push(a);
        continue;
      }
      const na = fn('exp', a);
      if (na.t === 'fn' && na.fn === 'exp') {
        if (!same(na.args[0]!, a)) {
          add.push(na.args[0]!);
          changed = true;
        } else add.push(a);
      } else out.push(na);
    }
    if (out.length || changed) return Mul(Mul(...out), { t: 'fn', fn: 'exp', args: [Add(...add)] });
  }
  return null;
}

function hasSymbols(e: Ex): boolean {
  if (e.t === 'sym') return true;
  if (isNumber(e) || e.t === 'pi' || e.t === 'E') return false;
  return (e.t === 'pow' ? [e.b, e.e] : 'args' in e ? e.args : e.t === 'rel' ? [e.a, e.b] : e.t === 'not' ? [e.a] : []).some(hasSymbols);
}

/** as_numer_denom of a product (numbers and powers with negative integer exponents go below). */
function numerDenom(e: Ex): [Ex, Ex] {
  const n: Ex[] = [];
  const d: Ex[] = [];
  for (const f of mulArgs(e)) {
    if (f.t === 'rat') {
      n.push({ t: 'int', p: f.p });
      d.push({ t: 'int', p: f.q });
    } else if (f.t === 'pow' && isNumber(f.e) && numSign(f.e) < 0) d.push(Pow(f.b, numNeg(f.e)));
    else if (f.t === 'pow' && f.e.t === 'mul' && isNumber(f.e.args[0]!) && numSign(f.e.args[0] as ExNum) < 0) d.push(Pow(f.b, neg(f.e)));
    else n.push(f);
  }
  return [Mul(...n), Mul(...d)];
}

/** Abs.eval, for real arguments. */
/** A term whose factors are real or functions sympy knows nothing about (undefined ones, Mod). */
function realOrFunctionFactors(term: Ex): boolean {
  const factors = term.t === 'mul' ? term.args : [term];
  return factors.every((f) => isReal(f) === true || (f.t === 'fn' && (f.fn === 'Mod' || !DEFINED_FUNCTIONS.has(f.fn))));
}

function evalAbs(x: Ex): Ex | null {
  if (isNumber(x)) return numSign(x) < 0 ? numNeg(x) : x;
  if (x.t === 'add') {
    // signsimp: the sign comes out when sympy prefers the negated sum
    if (couldExtractMinusSign(x)) return fn('Abs', neg(x));
    if (isReal(x) !== true) {
      // A sum whose only factors of unknown reality are applied functions (int_(...), Mod(...)): its
      // conjugate only wraps them in conjugate(), which Abs.eval takes as a reason to stay unevaluated.
      if (x.args.every(realOrFunctionFactors)) return null;
      throw new Unsupported('abs() of a sum that may be complex');
    }
    return isNonNegative(x) === true ? x : null;
  }
  if (x.t === 'fn' && !DEFINED_FUNCTIONS.has(x.fn)) return null;
  if (x.t === 'mul') {
    const [n, d] = numerDenom(x);
    if (hasSymbols(d) && !hasSymbols(n)) return Mul(fn('Abs', n), Pow(fn('Abs', d), NEG_ONE));
    const known: Ex[] = [];
    const unknown: Ex[] = [];
    for (const t of x.args) {
      if (t.t === 'pow' && t.e.t === 'int' && t.e.p < 0n) {
        const bnew = fn('Abs', t.b);
        if (bnew.t === 'fn' && bnew.fn === 'Abs') unknown.push(t);
        else known.push(Pow(bnew, t.e));
      } else {
        const tnew = fn('Abs', t);
        if (tnew.t === 'fn' && tnew.fn === 'Abs') unknown.push(t);
        else known.push(tnew);
      }
    }
    const u: Ex = unknown.length ? { t: 'fn', fn: 'Abs', args: [Mul(...unknown)] } : ONE;
    return Mul(Mul(...known), u);
  }
  if (x.t === 'pow') {
    const [b, e] = asBaseExp(x);
    if (isReal(b) !== true) throw new Unsupported('abs() of a power of a complex base');
    if (e.t === 'int') {
      if (e.p % 2n === 0n) return x;
      if (b.t === 'int' && b.p === -1n) return ONE;
      return Pow(fn('Abs', b), e);
    }
    if (isNonNegative(b) === true) return x;
    if (isReal(e) !== true) throw new Unsupported('abs() of a power with a complex exponent');
    return null;
  }
  if (x.t === 'fn' && x.fn === 'exp') {
    if (isReal(x.args[0]!) !== true) throw new Unsupported('abs() of exp of a complex value');
    return x;
  }
  if (isNonNegative(x) === true) return x;
  if (isReal(x) !== true) throw new Unsupported('abs() of an expression that may be complex');
  return null;
}

// ------------------------------------------------------------------ relations and logic

export function Rel(op: RelOp, a: Ex, b: Ex): Ex {
  const d = Add(a, neg(b));
  let sign: number | null = null;
  if (isNumber(d)) sign = numSign(d);
  else if (isNumberExpr(d)) {
    const v = numericValue(d);
    if (v !== null) sign = Math.sign(v);
  } else if (isPositive(d)) sign = 1;
  else if (isPositive(neg(d))) sign = -1;
  if (sign !== null) {
    const v = { '<': sign < 0, '<=': sign <= 0, '>': sign > 0, '>=': sign >= 0, '==': sign === 0, '!=': sign !== 0 }[op];
    if (op === '==' || op === '!=') {
      if (!isNumber(d)) throw new Unsupported('an equality sympy may decide structurally');
    }
    return { t: 'bool', v };
  }
  if (op === '==' || op === '!=') {
    if (same(a, b)) return { t: 'bool', v: op === '==' };
  }
  return { t: 'rel', op, a, b };
}

const NEGATED: Record<RelOp, RelOp> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=', '!=': '==' };

export function Not(a: Ex): Ex {
  if (a.t === 'bool') return { t: 'bool', v: !a.v };
  if (a.t === 'not') return a.a;
  if (a.t === 'rel') return { t: 'rel', op: NEGATED[a.op], a: a.a, b: a.b };
  if (isNumber(a)) throw new Unsupported('not of a number');
  return { t: 'not', a };
}

export function Logic(op: 'and' | 'or', ...input: Ex[]): Ex {
  const args: Ex[] = [];
  for (const a of input) {
    if (a.t === op) args.push(...a.args);
    else args.push(a);
  }
  const identity = op === 'and';
  const seen = new Map<string, Ex>();
  for (const a of args) {
    if (a.t === 'bool') {
      if (a.v !== identity) return a;
      continue;
    }
    if (isNumber(a)) throw new Unsupported('a number in a boolean operation');
    seen.set(keyOf(a), a);
  }
  const rest = [...seen.values()]
    .map((a) => ({ a, k: sortKey(a, false) }))
    .sort((x, y) => compareKeys(x.k, y.k))
    .map((x) => x.a);
  if (rest.length === 0) return { t: 'bool', v: identity };
  if (rest.length === 1) return rest[0]!;
  return { t: op, args: rest };
}

export { HALF, isZeroNum };
