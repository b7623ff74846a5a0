// Exact integration of linear systems dX/dt = M·X + B with M and B constant over a step, as Brian2's
// `exact`/`linear`: X(t+dt) = A·X + Phi·B with A = expm(M·dt) and Phi = ∫₀^dt expm(M·s) ds (= (A − I)·M⁻¹,
// Brian2's A·b − b with M·b = B).
//
// Brian2 derives A with sympy; we split the system into its coupled blocks and write each variable
// that stands alone in closed form (exp and expm1), and compute the propagator of a coupled block
// numerically in the generated code. Brian2's refusals are reproduced: noise, non-linear equations,
// coefficients not constant over a step, singular M, solutions sympy cannot find and solutions with
// complex values. Cases Brian2 accepts but where its formula evaluates to NaN for the script's values
// (equal time constants in a coupled block, an oscillating block) are refused as unreproducible.

import { linearSystem } from '../../symbolic/calculus.js';
import { add, call, callsOf, div, isNum, mul, num, type SExpr, sub, sym, symbols } from '../../symbolic/expr.js';
import { evaluate, MATH_FUNCTIONS, type Functions } from '../../symbolic/evaluate.js';
import { hasComplexEigenvalues, hasRepeatedEigenvalues, isSingular, type Matrix } from '../../symbolic/linalg.js';
import { printExpr } from '../../symbolic/print.js';
import { simplify } from '../../symbolic/simplify.js';
import type { LHoisted, LStmt } from '../lowered.js';
import { isConstantOverDt, type OdeSystem } from '../system.js';
import { commit, Unsupported, type Integrator, type Integration, type IntegrationContext } from './integrator.js';
import { stripRefractoryFactor } from './refractory-factor.js';

const DT = sym('dt', 'special');
const NOT_REFRACTORY = call('int', sym('not_refractory'));

interface Linear {
  M: SExpr[][];
  B: SExpr[];
}

function decompose(sys: OdeSystem): { ok: true; lin: Linear } | { ok: false; row: number } {
  const r = linearSystem(
    sys.vars.map((v) => stripRefractoryFactor(sys.f[v]!)),
    sys.vars,
  );
  return r.ok ? { ok: true, lin: { M: r.M, B: r.B } } : r;
}

const nonZero = (e: SExpr) => !isNum(e, 0);

/** Blocks of variables coupled through M (connected components, in the order of the variables). */
export function coupledBlocks(M: SExpr[][]): number[][] {
  const n = M.length;
  const block = new Array<number>(n).fill(-1);
  const blocks: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (block[s] !== -1) continue;
    const members: number[] = [];
    const stack = [s];
    block[s] = blocks.length;
    while (stack.length) {
      const i = stack.pop()!;
      members.push(i);
      for (let j = 0; j < n; j++) {
        if (block[j] === -1 && (nonZero(M[i]![j]!) || nonZero(M[j]![i]!))) {
          block[j] = blocks.length;
          stack.push(j);
        }
      }
    }
    blocks.push(members.sort((a, b) => a - b));
  }
  return blocks;
}

/** Whether the directed coupling i → j (M[i][j] ≠ 0, i ≠ j) contains a cycle. */
export function hasFeedback(M: SExpr[][]): boolean {
  const n = M.length;
  const state = new Array<number>(n).fill(0);
  const visit = (i: number): boolean => {
    state[i] = 1;
    for (let j = 0; j < n; j++) {
      if (j === i || !nonZero(M[i]![j]!)) continue;
      if (state[j] === 1 || (state[j] === 0 && visit(j))) return true;
    }
    state[i] = 2;
    return false;
  };
  for (let i = 0; i < n; i++) if (state[i] === 0 && visit(i)) return true;
  return false;
}

/**
 * Numeric versions of M with random values (of both signs, as sympy's real symbols) for its symbols
 * and for calls we cannot evaluate (a TimedArray): a property that holds for every sample holds
 * generically, i.e. for sympy's symbolic matrix.
 */
function genericSamples(M: SExpr[][], count = 12): Matrix[] {
  const names = new Set<string>();
  const opaque = new Set<string>();
  for (const row of M) {
    for (const e of row) {
      for (const k of symbols(e).keys()) names.add(k);
      for (const f of callsOf(e)) if (!MATH_FUNCTIONS[f]) opaque.add(f);
    }
  }
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const draw = () => (next() < 0.5 ? -1 : 1) * (0.3 + 2.7 * next());
  const out: Matrix[] = [];
  for (let s = 0; s < count; s++) {
    const values = new Map<string, number>();
    for (const n of [...names].sort()) values.set(n, draw());
    const functions: Functions = {};
    for (const f of [...opaque].sort()) {
      const v = draw();
      functions[f] = () => v;
    }
    out.push(M.map((row) => row.map((e) => evaluate(e, (n) => values.get(n), functions))));
  }
  return out;
}

const sub2 = (M: SExpr[][], idx: number[]) => idx.map((r) => idx.map((c) => M[r]![c]!));

export const exact: Integrator = {
  name: 'exact',
  refuse(sys) {
    if (sys.noise.length)
      return 'the equations are stochastic, and Brian2\'s exact cannot solve them ("Cannot solve stochastic equations with this state updater")';
    if (!sys.vars.length) return null;
    const d = decompose(sys);
    if (!d.ok)
      return `the equation of ${sys.vars[d.row]} is not linear in the differential variables, so Brian2's exact cannot separate it into linear components`;
    const { M, B } = d.lin;
    for (let r = 0; r < sys.vars.length; r++) {
      for (const e of [...M[r]!, B[r]!]) {
        if (!isConstantOverDt(e, sys.locallyConstant)) {
          return `the term ${printExpr(e)} in the equation of ${sys.vars[r]} is not constant over a time step (it uses t or random numbers), which Brian2's exact requires`;
        }
      }
    }
    const samples = genericSamples(M);
    if (samples.length && samples.every(isSingular)) {
      return 'the linear system is singular (some combination of the variables does not decay, e.g. dv/dt = I/C), and Brian2\'s exact cannot solve it ("Cannot solve the given equations with this stateupdater")';
    }
    if (sys.unlessRefractory.size && hasFeedback(M)) {
      // sympy cannot take the matrix exponential of a system with feedback once int(not_refractory)
      // enters it (checked against Brian2 2.5: every such system is refused).
      return 'the variables are coupled in both directions and some are (unless refractory); Brian2\'s exact (sympy) cannot solve such a system ("Cannot solve the given equations with this stateupdater")';
    }
    for (const block of coupledBlocks(M)) {
      if (block.length < 2) continue;
      const s = genericSamples(sub2(M, block));
      if (s.length && s.every((m) => hasComplexEigenvalues(m))) {
        return `the solution for ${block.map((i) => sys.vars[i]).join(', ')} oscillates (complex eigenvalues), and Brian2's exact does not support complex solutions ("The solution to the linear system contains complex values")`;
      }
    }
    return null;
  },
  unreproducible(sys, ctx) {
    const d = decompose(sys);
    if (!d.ok || !ctx.knownValues) return null;
    const { M } = d.lin;
    for (const block of coupledBlocks(M)) {
      if (block.length < 2) continue;
      const Mb = sub2(M, block);
      const known = new Map<string, number[]>();
      // Values are known when every symbol is a constant (or dt) and every call a plain function.
      let all = Mb.every((row) => row.every((e) => [...callsOf(e)].every((f) => MATH_FUNCTIONS[f])));
      for (const row of Mb) {
        for (const e of row) {
          for (const [k, node] of symbols(e)) {
            const v = ctx.knownValues(node);
            if (v) known.set(k, v);
            else all = false;
          }
        }
      }
      if (!all) continue;
      const runs = Math.max(1, ...[...known.values()].map((v) => v.length));
      const generic = genericSamples(Mb);
      const names = block.map((i) => sys.vars[i]).join(', ');
      for (let r = 0; r < runs; r++) {
        const actual = Mb.map((row) =>
          row.map((e) =>
            evaluate(e, (k) => {
              const v = known.get(k);
              return v ? v[Math.min(r, v.length - 1)] : undefined;
            }),
          ),
        );
        if (isSingular(actual)) {
          return `for the values in this script the linear system of ${names} is singular; Brian2's exact solution divides by its determinant and gives NaN`;
        }
        if (hasComplexEigenvalues(actual)) {
          return `for the values in this script the solution for ${names} oscillates (complex eigenvalues); Brian2's exact formula then takes the square root of a negative number and gives NaN`;
        }
        if (hasRepeatedEigenvalues(actual) && !generic.every((m) => hasRepeatedEigenvalues(m))) {
          return `for the values in this script the coupled system of ${names} has two equal eigenvalues (e.g. equal time constants under different names); Brian2's exact formula divides by their difference and gives NaN`;
        }
      }
    }
    return null;
  },
  integrate(sys, ctx: IntegrationContext): Integration {
    // A group without differential equations has nothing to integrate.
    if (sys.vars.length === 0) return { hoisted: [], statements: [] };
    const d = decompose(sys);
    if (!d.ok) throw new Error('exact.integrate called on a non-linear system');
    const { M, B } = d.lin;
    const hoisted: LHoisted[] = [];
    const rhs: SExpr[] = new Array(sys.vars.length);
    for (const block of coupledBlocks(M)) {
      if (block.length === 1) {
        const r = block[0]!;
        rhs[r] = single(sys.vars[r]!, M[r]![r]!, B[r]!, ctx, hoisted);
      } else {
        coupled(sys, block, M, B, ctx, hoisted, rhs);
      }
    }
    const stmts: LStmt[] = sys.vars.map((v, r) => ({ target: `_${v}`, op: '=', expr: simplify(rhs[r]!) }));
    return { hoisted, statements: [...stmts, ...commit(sys.vars, sys)] };
  },
};

/** reach[r][c]: variable c influences variable r through M (directly or through others), or r = c. */
export function couplings(M: SExpr[][]): boolean[][] {
  const n = M.length;
  const reach = M.map((row, r) => row.map((e, c) => r === c || !isNum(e, 0)));
  for (let k = 0; k < n; k++) for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (reach[r]![k] && reach[k]![c]) reach[r]![c] = true;
  return reach;
}

/** x' = m·x + b alone: `_x = A*x + Phi*b` with A = exp(m*dt), Phi = expm1(m*dt)/m (accurate for slow decay). */
function single(v: string, m: SExpr, b: SExpr, ctx: IntegrationContext, hoisted: LHoisted[]): SExpr {
  // m = c/τ (the usual case) is written as Brian2 prints it: exp(-dt/τ), and Phi = expm1(-dt/τ)·τ/c.
  const overTau = m.k === 'bin' && m.op === '/' && m.a.k === 'num' ? { c: m.a.v, tau: m.b } : null;
  const md = simplify(overTau ? div(mul(num(overTau.c), DT), overTau.tau) : mul(m, DT));
  let A: SExpr = call('exp', md);
  let P: SExpr = overTau ? div(mul(call('expm1', md), overTau.tau), num(overTau.c)) : div(call('expm1', md), m);
  if (ctx.isSegmentConstant(m)) {
    const an = ctx.hoistName(`_A_${v}`);
    const pn = ctx.hoistName(`_Phi_${v}`);
    hoisted.push({ kind: 'assign', name: an, expr: simplify(A) });
    if (!isNum(b, 0)) hoisted.push({ kind: 'assign', name: pn, expr: simplify(P) });
    A = sym(an, 'temp');
    P = sym(pn, 'temp');
  }
  return isNum(b, 0) ? mul(A, sym(v)) : add(mul(A, sym(v)), mul(P, b));
}

/**
 * A coupled block: a propagator computed once per segment. expm(M·dt) is zero wherever no chain of
 * couplings leads from one variable to the other; those terms are left out (no value changes).
 * With `(unless refractory)` on only some of its variables, a refractory neuron follows the system with
 * those rows zeroed (what Brian2's formula gives for int(not_refractory) = 0). The frozen variables
 * themselves are not written (conditional write, see commit), and a variable none of them influences
 * evolves the same in both systems; only a variable that depends on a frozen one needs the propagator of
 * the reduced system, chosen per neuron.
 */
function coupled(sys: OdeSystem, block: number[], M: SExpr[][], B: SExpr[], ctx: IntegrationContext, hoisted: LHoisted[], rhs: SExpr[]): void {
  const names = block.map((i) => sys.vars[i]!);
  const Mb = sub2(M, block);
  const bad = Mb.flat().find((e) => !ctx.isSegmentConstant(e));
  if (bad) {
    throw new Unsupported(
      `exact integration of the coupled variables ${names.join(', ')} with the coefficient ${printExpr(bad)}, which changes during a run (a matrix exponential per neuron and step)`,
    );
  }
  const reach = couplings(Mb);
  const propagatorOf = (Mx: SExpr[][], tag: string) => {
    const A = names.map((v) => names.map((w) => ctx.hoistName(`_${tag}A_${v}_${w}`)));
    const Phi = names.map((v) => names.map((w) => ctx.hoistName(`_${tag}Phi_${v}_${w}`)));
    hoisted.push({ kind: 'propagator', M: Mx, A, Phi });
    return { A, Phi };
  };
  const update = (p: { A: string[][]; Phi: string[][] }, Bx: SExpr[], row: number): SExpr => {
    let e: SExpr | null = null;
    names.forEach((w, c) => {
      if (!reach[row]![c]) return;
      const term = mul(sym(p.A[row]![c]!, 'temp'), sym(w));
      e = e ? add(e, term) : term;
    });
    block.forEach((i, c) => {
      if (reach[row]![c] && !isNum(Bx[i]!, 0)) e = add(e!, mul(sym(p.Phi[row]![c]!, 'temp'), Bx[i]!));
    });
    return e!;
  };
  const p = propagatorOf(Mb, '');
  const frozen = names.map((v) => sys.unlessRefractory.has(v));
  const needsReduced = names.map((_, r) => !frozen[r] && names.some((__, c) => c !== r && frozen[c] && reach[r]![c]));
  const ref = needsReduced.some(Boolean)
    ? propagatorOf(
        Mb.map((row, r) => (frozen[r] ? row.map(() => num(0)) : row)),
        'ref',
      )
    : null;
  const Bref = B.map((b, i) => (sys.unlessRefractory.has(sys.vars[i]!) ? num(0) : b));
  block.forEach((i, row) => {
    const normal = update(p, B, row);
    if (!ref || !needsReduced[row]) {
      rhs[i] = normal;
      return;
    }
    // int(not_refractory)·normal + (1 − int(not_refractory))·refractory: exactly one term is non-zero.
    rhs[i] = add(mul(NOT_REFRACTORY, normal), mul(sub(num(1), NOT_REFRACTORY), update(ref, Bref, row)));
  });
}

/** Former name of Unsupported (kept for callers written against it). */
export { Unsupported as ExactUnsupported } from './integrator.js';
