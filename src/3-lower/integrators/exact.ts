// Exact integration of linear systems dX/dt = M·X + B with M and B constant over a step, as Brian2's
// `exact`/`linear`: X(t+dt) = A·X + Phi·B with A = expm(M·dt), Phi = ∫₀^dt expm(M·s) ds.
// Brian2 derives A symbolically; we compute the same propagator numerically (in closed form for one
// variable, with a matrix exponential in the generated code for coupled systems). Brian2's refusals are
// kept: non-linear or time-dependent systems, singular M, and complex (oscillating) solutions.

import { linearSystem } from '../../symbolic/calculus.js';
import { add, call, div, isNum, mul, num, SExpr, sym, symbols, symKey } from '../../symbolic/expr.js';
import { evaluate } from '../../symbolic/evaluate.js';
import { hasComplexEigenvalues, determinant } from '../../symbolic/linalg.js';
import { simplify } from '../../symbolic/simplify.js';
import type { LHoisted, LStmt } from '../lowered.js';
import { isTimeVarying, type OdeSystem } from '../system.js';
import { commit, type Integrator, type Integration, type IntegrationContext } from './integrator.js';

const DT = sym('dt', 'special');

function decompose(sys: OdeSystem) {
  return linearSystem(sys.vars.map((v) => stripRefractoryFactor(sys.f[v]!)), sys.vars);
}

/** The int(not_refractory) factor is handled by freezing (see integrate), not inside M. */
function stripRefractoryFactor(e: SExpr): SExpr {
  if (e.k === 'bin' && e.op === '*' && e.a.k === 'call' && e.a.fn === 'int' && e.a.args[0]?.k === 'sym' && e.a.args[0].name === 'not_refractory') {
    return e.b;
  }
  return e;
}

/** Generic numbers for the symbols of M, to decide singularity and complex eigenvalues as sympy would. */
function genericValues(M: SExpr[][]): (name: string) => number {
  const names = new Set<string>();
  for (const row of M) for (const e of row) for (const k of symbols(e).keys()) names.add(k);
  const values = new Map<string, number>();
  let seed = 12345;
  for (const n of [...names].sort()) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    values.set(n, 1 + (seed / 2147483648) * 0.9 + 0.05);
  }
  return (n) => values.get(n) ?? 1;
}

export const exact: Integrator = {
  name: 'exact',
  refuse(sys) {
    if (sys.noise.length) return 'exact cannot integrate stochastic equations';
    if (!sys.vars.length) return null;
    const lin = decompose(sys);
    if (!lin.ok) return `the equation for ${sys.vars[lin.row]} is not linear in the state variables`;
    for (let r = 0; r < sys.vars.length; r++) {
      for (const e of [...lin.M[r]!, lin.B[r]!]) {
        if (isTimeVarying(e)) return `the equation for ${sys.vars[r]} is not constant over a time step (it uses t, random numbers or noise)`;
      }
    }
    const env = genericValues(lin.M);
    let numeric: number[][];
    try {
      numeric = lin.M.map((row) => row.map((e) => evaluate(e, env)));
    } catch {
      return 'the coefficients of the linear system cannot be evaluated';
    }
    if (Math.abs(determinant(numeric)) < 1e-12) return 'the linear system is singular (a variable does not decay), so it has no exact solution in Brian2\'s form';
    if (hasComplexEigenvalues(numeric)) return 'the solution of the linear system is oscillatory (complex eigenvalues), which Brian2\'s exact method does not support';
    return null;
  },
  integrate(sys, ctx: IntegrationContext): Integration {
    const lin = decompose(sys);
    if (!lin.ok) throw new Error('exact.integrate called on a non-linear system');
    const n = sys.vars.length;
    // A group without differential equations has nothing to integrate (and no propagator).
    if (n === 0) return { hoisted: [], statements: [] };
    const hoisted: LHoisted[] = [];
    const stmts: LStmt[] = [];
    const mConstant = lin.M.every((row) => row.every((e) => ctx.isSegmentConstant(e)));
    if (n === 1) {
      const v = sys.vars[0]!;
      const m = lin.M[0]![0]!;
      const md = simplify(mul(m, DT));
      // A = exp(M dt); Phi = expm1(M dt)/M (accurate also for slow decay).
      const Aexpr = call('exp', md);
      const Pexpr = div(call('expm1', md), m);
      let A: SExpr = Aexpr;
      let P: SExpr = Pexpr;
      if (mConstant) {
        const an = ctx.hoistName(`_A_${v}`);
        const pn = ctx.hoistName(`_Phi_${v}`);
        hoisted.push({ kind: 'assign', name: an, expr: Aexpr }, { kind: 'assign', name: pn, expr: Pexpr });
        A = sym(an, 'temp');
        P = sym(pn, 'temp');
      }
      const b = lin.B[0]!;
      const rhs = isNum(b, 0) ? mul(A, sym(v)) : add(mul(A, sym(v)), mul(P, b));
      stmts.push(freeze(sys, v, { target: `_${v}`, op: '=', expr: rhs }));
    } else {
      if (!mConstant) {
        // A per-step propagator would cost a matrix exponential per element and step.
        throw new ExactUnsupported('a coupled linear system whose coefficients change during a run (they depend on variables written by the model)');
      }
      const A = sys.vars.map((_, r) => sys.vars.map((__, c) => ctx.hoistName(`_A_${r}${c}`)));
      const Phi = sys.vars.map((_, r) => sys.vars.map((__, c) => ctx.hoistName(`_Phi_${r}${c}`)));
      hoisted.push({ kind: 'propagator', M: lin.M, A, Phi });
      // expm(M·dt) has a zero wherever no chain of couplings leads from one variable to the other;
      // leaving those terms out saves work on every step and changes no value.
      const reach = couplings(lin.M);
      const solution = (An: string[][], Pn: string[][], frozen: Set<string>) =>
        sys.vars.map((_, r) => {
          let rhs: SExpr | null = null;
          sys.vars.forEach((w, c) => {
            if (!reach[r]![c]) return;
            const term = mul(sym(An[r]![c]!, 'temp'), sym(w));
            rhs = rhs ? add(rhs, term) : term;
          });
          sys.vars.forEach((w, c) => {
            if (!reach[r]![c] || isNum(lin.B[c]!, 0) || frozen.has(w)) return;
            rhs = add(rhs!, mul(sym(Pn[r]![c]!, 'temp'), lin.B[c]!));
          });
          return rhs!;
        });
      const full = solution(A, Phi, new Set());
      // While refractory, the rows of (unless refractory) equations are zero (Brian2's int(not_refractory)
      // factor): those variables keep their value, and so does every variable they do not influence.
      // A variable that depends on a frozen one needs the propagator of that reduced system.
      const flagged = sys.vars.map((v) => sys.unlessRefractory.has(v));
      const needsReduced = sys.vars.map((v, r) => !flagged[r] && sys.vars.some((_, c) => flagged[c] && c !== r && reach[r]![c]));
      let reduced: SExpr[] | null = null;
      if (needsReduced.some(Boolean)) {
        const M0 = lin.M.map((row, r) => (flagged[r] ? row.map(() => num(0)) : row));
        const A0 = sys.vars.map((_, r) => sys.vars.map((__, c) => ctx.hoistName(`_A0_${r}${c}`)));
        const Phi0 = sys.vars.map((_, r) => sys.vars.map((__, c) => ctx.hoistName(`_Phi0_${r}${c}`)));
        hoisted.push({ kind: 'propagator', M: M0, A: A0, Phi: Phi0 });
        reduced = solution(A0, Phi0, sys.unlessRefractory);
      }
      const nr = call('int', sym('not_refractory'));
      sys.vars.forEach((v, r) => {
        if (needsReduced[r]) {
          // int(not_refractory)*full + (1 - int(not_refractory))*reduced selects one of the two exactly.
          stmts.push({ target: `_${v}`, op: '=', expr: add(mul(nr, full[r]!), mul({ k: 'bin', op: '-', a: num(1), b: nr }, reduced![r]!)) });
        } else stmts.push(freeze(sys, v, { target: `_${v}`, op: '=', expr: full[r]! }));
      });
    }
    return { hoisted, statements: [...stmts, ...commit(sys.vars)] };
  },
};

/** reach[r][c]: variable c influences variable r through M (directly or through others), or r = c. */
export function couplings(M: SExpr[][]): boolean[][] {
  const n = M.length;
  const reach = M.map((row, r) => row.map((e, c) => r === c || !isNum(e, 0)));
  for (let k = 0; k < n; k++) for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (reach[r]![k] && reach[k]![c]) reach[r]![c] = true;
  return reach;
}

/** (unless refractory) in exact integration: the variable keeps its value while refractory. */
function freeze(sys: OdeSystem, v: string, s: LStmt): LStmt {
  if (!sys.unlessRefractory.has(v)) return s;
  return { ...s, where: sym('not_refractory') };
}

export class ExactUnsupported extends Error {}

export { symKey };
