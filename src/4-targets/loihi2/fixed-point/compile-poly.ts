// A polynomial in registers → integer code for one target format. Each monomial becomes a product of
// registers (shifted back into 24 bits after every multiplication) times its coefficient in Loihi form
// (integer part plus a 12-bit-limb mantissa with a rounding right shift); the constant part becomes a
// bias, and functions of time a host input stream. The error this adds per step is tracked in LSBs of
// the target for the quantization report.

import type { Coef, FxExpr, FxInput, Interval, QuantConstant } from './fixed.js';
import { imul, maxAbs, ofValues, ofVec } from './interval.js';
import { GUARD_BITS, STATE_MAX } from './limits.js';
import { NotPolynomial, type Poly, vat, vvalues, type Vec } from './poly.js';
import { quantizeMultiplier, toInt } from './quantize.js';
import type { TableBank } from './tables.js';
import { num } from '../../../symbolic/expr.js';

export interface PolyEnv {
  n: number;
  group: string;
  exps: Map<string, number>;
  ranges: Map<string, Interval>;
  flags: Set<string>;
  isTimeFactor(name: string): boolean;
  /** Value of a time factor at a step. */
  timeValue(name: string, step: number): Vec;
  segmentOfStep(step: number): number;
  totalSteps: number;
  tables: TableBank;
  inputs: FxInput[];
  constants: QuantConstant[];
  saturation: string[];
}

export interface Compiled {
  expr: FxExpr;
  /** Worst rounding and quantization error added per evaluation, in LSBs of the target. */
  errorLsb: number;
}

const sum = (terms: FxExpr[]): FxExpr => (terms.length === 0 ? { k: 'int', v: 0 } : terms.length === 1 ? terms[0]! : { k: 'sum', terms });

function clipInt(v: number, what: string, env: PolyEnv): number {
  if (Math.abs(v) <= STATE_MAX) return v;
  const c = Math.sign(v) * STATE_MAX;
  const msg = `${env.group}: ${what} does not fit in 24 bits (${v}); clipped to ${c}`;
  if (!env.saturation.includes(msg)) env.saturation.push(msg);
  return c;
}

function vecRange(perSegment: Vec[]): Interval {
  return ofValues(perSegment.flatMap(vvalues));
}

function report(env: PolyEnv, what: string, exact: number[], quantized: number[], relError: number, format: string): void {
  const r = ofValues(exact);
  const q = ofValues(quantized);
  env.constants.push({
    group: env.group,
    what,
    value: r.lo === r.hi ? r.lo : { min: r.lo, max: r.hi },
    quantized: q.lo === q.hi ? q.lo : { min: q.lo, max: q.hi },
    relError,
    format,
  });
}

/** Exponent at which a constant up to `max` in magnitude fits 24 bits, but not coarser than `te`. */
function constantExp(max: number, te: number): number {
  if (!(max > 0)) return te;
  return Math.max(te, Math.ceil(Math.log2(max / STATE_MAX)));
}

/** A constant (per neuron and segment) at exponent `e`, used at the finer accumulator exponent `te`. */
function aligned(expr: FxExpr, e: number, te: number): FxExpr {
  return e === te ? expr : { k: 'shift', a: expr, s: e - te };
}

/**
 * Integer code for `polys` (one per run segment) in the format 2^targetExp. Terms are summed `guard`
 * bits finer and rounded once at the end (GUARD_BITS), unless every coefficient is an exact integer.
 */
export function compilePoly(polys: Poly[], targetExp: number, label: string, env: PolyEnv, guard = GUARD_BITS): Compiled {
  const keys = new Map<string, [string, number][]>();
  for (const p of polys) for (const [k, m] of p) keys.set(k, m.factors);
  const coefOf = (key: string, seg: number): Vec => polys[seg]!.get(key)?.coef ?? 0;
  const segments = polys.length;
  const opExpOf = (factors: [string, number][]) => factors.reduce((s, [f, p]) => s + (env.flags.has(f) ? 0 : p * (env.exps.get(f) ?? 0)), 0);
  // An exact statement (a copy, an integer increment of a register) needs no guard bits.
  const exact = [...keys].every(
    ([key, factors]) =>
      factors.length > 0 &&
      factors.every(([f]) => !env.isTimeFactor(f)) &&
      factors.filter(([f]) => !env.flags.has(f)).length === 1 &&
      factors.every(([, p]) => p === 1) &&
      polys.every((p, s) => vvalues(coefOf(key, s)).every((c) => Number.isInteger(c * 2 ** (opExpOf(factors) - targetExp)))),
  );
  // A constant (a reset value) is rounded once anyway.
  const onlyConstant = [...keys.values()].every((f) => f.length === 0);
  const G = exact || onlyConstant ? 0 : guard;
  const te = targetExp - G;
  const terms: FxExpr[] = [];
  let errorTe = 0;
  const timeKeys: string[] = [];
  let termIndex = 0;

  const constantTerm = (key: string, what: string, tableName: string, tableWhat: string): FxExpr => {
    const perSeg = Array.from({ length: segments }, (_, s) => coefOf(key, s));
    const exactVals = perSeg.flatMap(vvalues);
    const e = constantExp(Math.max(...exactVals.map(Math.abs)), te);
    const ints = perSeg.map((c) => vvalues(c).map((x) => clipInt(toInt(x * 2 ** -e), what, env)));
    const coef = env.tables.coef(
      tableName,
      `${tableWhat} (LSB 2^${e})`,
      ints.map((v) => (v.length === 1 ? v[0]! : v)),
    );
    errorTe += 0.5 * 2 ** (e - te);
    const q = ints.flat().map((x) => x * 2 ** e);
    const rel = exactVals.reduce((m, x, k) => Math.max(m, x === 0 ? 0 : Math.abs(q[k]! - x) / Math.abs(x)), 0);
    report(env, what, exactVals, q, rel, `integer, LSB 2^${e}`);
    return aligned(coef.k === 'int' ? { k: 'int', v: coef.v } : { k: 'table', name: coef.name }, e, te);
  };

  for (const [key, factors] of keys) {
    if (factors.length === 0) {
      terms.push(constantTerm(key, `constant term of ${label}`, `${label}__bias`, `constant term of ${label}`));
      continue;
    }
    if (factors.some(([f]) => env.isTimeFactor(f))) {
      if (factors.length !== 1 || factors[0]![1] !== 1) {
        throw new NotPolynomial(num(0), `a function of time multiplies a register in ${label}; only additive inputs can be streamed from the host`);
      }
      timeKeys.push(key);
      continue;
    }
    // ---- product of registers
    const gates = factors.filter(([f]) => env.flags.has(f)).map(([f]) => f);
    const regs = factors.filter(([f]) => !env.flags.has(f)).flatMap(([f, p]) => new Array<string>(p).fill(f));
    if (regs.length === 0) {
      // A flag alone: its coefficient is added where the flag is set.
      let t = constantTerm(
        key,
        `constant of ${label} while ${gates.join(', ')}`,
        `${label}__gated${termIndex++}`,
        `constant of ${label} added while ${gates.join(', ')}`,
      );
      for (const g of gates) t = { k: 'select', c: { k: 'reg', name: g }, a: t, b: { k: 'int', v: 0 } };
      terms.push(t);
      continue;
    }
    let op: FxExpr = { k: 'reg', name: regs[0]! };
    let opExp = env.exps.get(regs[0]!)!;
    let opRange = env.ranges.get(regs[0]!)!;
    const coefMax = maxAbs(vecRange(Array.from({ length: segments }, (_, sg) => coefOf(key, sg))));
    for (const r of regs.slice(1)) {
      const e = env.exps.get(r)!;
      const range = imul(opRange, env.ranges.get(r)!);
      const prodMaxInt = maxAbs(range) / 2 ** (opExp + e);
      const s = Math.max(0, Math.ceil(Math.log2(Math.max(prodMaxInt, 1) / STATE_MAX)));
      op = { k: 'mul', a: op, b: { k: 'reg', name: r }, s };
      opExp = opExp + e + s;
      opRange = range;
      if (s > 0) errorTe += 0.5 * coefMax * 2 ** (opExp - te);
    }
    const idx = termIndex++;
    const opMaxInt = maxAbs(opRange) / 2 ** opExp;
    const k0s: number[][] = [];
    const ms: number[][] = [];
    const ss: number[][] = [];
    const exactVals: number[] = [];
    const applied: number[] = [];
    let relError = 0;
    let limbs = 0;
    // Worst error of this term: the coefficient error times the operand, plus the rounding of its shift.
    let worstCoefErr = 0;
    for (let s = 0; s < segments; s++) {
      const c = coefOf(key, s);
      const count = typeof c === 'number' ? 1 : c.length;
      const k0 = [];
      const m = [];
      const sh = [];
      for (let k = 0; k < count; k++) {
        const K = vat(c, k) * 2 ** (opExp - te);
        const q = quantizeMultiplier(K);
        k0.push(q.k0);
        m.push(q.m);
        sh.push(q.s);
        exactVals.push(vat(c, k));
        applied.push(q.value * 2 ** (te - opExp));
        relError = Math.max(relError, q.relError);
        limbs = Math.max(limbs, q.limbs);
        worstCoefErr = Math.max(worstCoefErr, Math.abs(q.value - K) * opMaxInt);
      }
      k0s.push(k0);
      ms.push(m);
      ss.push(sh);
    }
    const hasFraction = ms.flat().some((m) => m !== 0);
    errorTe += worstCoefErr + (hasFraction ? 0.5 : 0);
    const one = (v: number[]) => (v.length === 1 ? v[0]! : v);
    const k0: Coef = env.tables.coef(`${label}__k${idx}`, `integer part of the coefficient of ${regs.join('*')} in ${label}`, k0s.map(one));
    const parts: FxExpr[] = [];
    if (k0.k === 'table') parts.push({ k: 'mulc', a: op, m: k0, s: { k: 'int', v: 0 } });
    else if (k0.v === 1) parts.push(op);
    else if (k0.v !== 0) parts.push({ k: 'mulc', a: op, m: k0, s: { k: 'int', v: 0 } });
    if (hasFraction) {
      const m: Coef = env.tables.coef(`${label}__m${idx}`, `mantissa of the coefficient of ${regs.join('*')} in ${label}`, ms.map(one));
      const sh: Coef = env.tables.coef(`${label}__s${idx}`, `shift of the coefficient of ${regs.join('*')} in ${label}`, ss.map(one));
      parts.push({ k: 'mulc', a: op, m, s: sh });
    }
    let term = sum(parts);
    for (const g of gates) term = { k: 'select', c: { k: 'reg', name: g }, a: term, b: { k: 'int', v: 0 } };
    terms.push(term);
    // Exact integer coefficients (copies, differences in comparisons) are not worth a line.
    if (hasFraction || relError > 0) {
      report(
        env,
        `coefficient of ${[...gates, ...regs].join('*')} in ${label}`,
        exactVals,
        applied,
        relError,
        hasFraction ? `integer + ${limbs}×12-bit mantissa >> shift` : 'integer',
      );
    }
  }

  if (timeKeys.length) {
    // ---- host input: the time-dependent terms, summed per neuron and step in double precision
    const n = env.n;
    const values = new Array<number>(env.totalSteps * n);
    for (let step = 0; step < env.totalSteps; step++) {
      const seg = env.segmentOfStep(step);
      for (let k = 0; k < n; k++) values[step * n + k] = 0;
      for (const key of timeKeys) {
        const f = keys.get(key)![0]![0];
        const tv = env.timeValue(f, step);
        const c = coefOf(key, seg);
        for (let k = 0; k < n; k++) values[step * n + k]! += vat(c, typeof c === 'number' ? 0 : k) * vat(tv, typeof tv === 'number' ? 0 : k);
      }
    }
    // (a loop, not Math.max(...values): a stream of neurons × steps overflows the call stack as arguments)
    let largest = 0;
    for (const v of values) largest = Math.max(largest, Math.abs(v));
    const e = constantExp(largest, te);
    const ints = values.map((v) => clipInt(toInt(v * 2 ** -e), `the input stream of ${label}`, env));
    let name = `${label}__input`;
    for (let k = 2; env.inputs.some((x) => x.name === name); k++) name = `${label}__input_${k}`;
    env.inputs.push({ name, what: `time-dependent terms of ${label}`, values: ints, exp: e, range: ofVec(Float64Array.from(values)) });
    terms.push(aligned({ k: 'input', name }, e, te));
    errorTe += 0.5 * 2 ** (e - te);
  }
  const total = sum(terms);
  if (G === 0) return { expr: total, errorLsb: errorTe };
  return { expr: { k: 'shift', a: total, s: -G }, errorLsb: 0.5 + errorTe * 2 ** -G };
}
