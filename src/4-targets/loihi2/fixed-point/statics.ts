// Values known before a run segment, per group: constants, parameters, the propagators of exact
// integration (computed here at conversion time), and the time factors (functions of t alone that
// the host streams in). They give the expansion of update code into polynomials its coefficients.

import type { LNeuronGroup, LoweredModel } from '../../../3-lower/lowered.js';
import { children, type SExpr, symKey } from '../../../symbolic/expr.js';
import { evaluateWith } from './timed-array.js';
import { propagator } from './expm.js';
import { type ExpandContext, vcollapse, type Vec } from './poly.js';
import type { StaticSegment } from './program.js';

export type Functions = Map<string, (...a: number[]) => number>;

/** Functions of time alone, shared by the segments of a group; each becomes a host input. */
export class TimeFactors {
  readonly list: { name: string; expr: SExpr }[] = [];
  private readonly byKey = new Map<string, string>();

  name(e: SExpr): string {
    const key = JSON.stringify(e);
    let n = this.byKey.get(key);
    if (!n) {
      n = `~time${this.list.length}`;
      this.byKey.set(key, n);
      this.list.push({ name: n, expr: e });
    }
    return n;
  }

  isTimeFactor(name: string): boolean {
    return name.startsWith('~time');
  }

  expr(name: string): SExpr {
    return this.list.find((x) => x.name === name)!.expr;
  }
}

/** rand()/randn() in lowered update code come from white noise (xi): drawn per neuron and step at conversion time. */
function draws(e: SExpr): boolean {
  return e.k === 'call' && (e.fn === 'randn' || e.fn === 'rand');
}

export function mentionsTime(e: SExpr, timeVars: Set<string>): boolean {
  if (draws(e)) return true;
  if (e.k === 'sym') return (e.role === 'special' && (e.name === 't' || e.name === 't_in_timesteps')) || (e.role === 'var' && timeVars.has(e.name));
  return children(e).some((c) => mentionsTime(c, timeVars));
}

/** Does `e` differ between neurons (through i or a per-neuron value)? */
function perNeuron(e: SExpr, isVector: (name: string) => boolean): boolean {
  if (draws(e)) return true;
  if (e.k === 'sym') return (e.role === 'special' && e.name === 'i') || isVector(symKey(e));
  return children(e).some((c) => perNeuron(c, isVector));
}

export class GroupStatics {
  readonly hoisted = new Map<string, Vec>();
  /** constant-over-dt variables: name → defining expression (a function of time). */
  readonly timeVars: Map<string, SExpr>;

  constructor(
    readonly g: LNeuronGroup,
    readonly seg: StaticSegment,
    readonly model: LoweredModel,
    readonly functions: Functions,
    private readonly registers: Set<string>,
    private readonly flags: Set<string>,
    readonly time: TimeFactors,
  ) {
    this.timeVars = new Map(g.constantOverDt.map((s) => [s.target, s.expr]));
    for (const h of g.hoisted) {
      if (h.kind === 'assign') this.hoisted.set(h.name, this.evaluateStatic(h.expr));
      else {
        const n = h.M.length;
        const per = h.M.flat().some((e) => perNeuron(e, (k) => this.isVector(k)));
        const count = per ? g.n : 1;
        const A = h.A.map((row) => row.map(() => new Float64Array(count)));
        const P = h.Phi.map((row) => row.map(() => new Float64Array(count)));
        for (let k = 0; k < count; k++) {
          const env = this.env(k);
          const M = h.M.map((row) => row.map((e) => evaluateWith(e, env, functions)));
          const r = propagator(M, model.dt);
          for (let a = 0; a < n; a++)
            for (let b = 0; b < n; b++) {
              A[a]![b]![k] = r.A[a]![b]!;
              P[a]![b]![k] = r.Phi[a]![b]!;
            }
        }
        h.A.forEach((row, a) => row.forEach((name, b) => this.hoisted.set(name, vcollapse(A[a]![b]!.length === 1 ? A[a]![b]![0]! : A[a]![b]!))));
        h.Phi.forEach((row, a) => row.forEach((name, b) => this.hoisted.set(name, vcollapse(P[a]![b]!.length === 1 ? P[a]![b]![0]! : P[a]![b]!))));
      }
    }
  }

  private isVector(key: string): boolean {
    const h = this.hoisted.get(key);
    if (h !== undefined) return typeof h !== 'number';
    const v = this.seg.values.get(this.g.id)?.get(key);
    return !!v && v.length > 1 && !v.every((x) => x === v[0]);
  }

  /** Values by name for neuron k (t only when given). */
  env(k: number, t?: number): (name: string) => number | undefined {
    const vars = this.seg.values.get(this.g.id)!;
    return (name) => {
      if (name === 'i') return k;
      if (name === 'N') return this.g.n;
      if (name === 'dt') return this.model.dt;
      if (name === 't' || name === 't_in_timesteps') {
        if (t === undefined) return undefined;
        return name === 't' ? t : Math.round(t / this.model.dt);
      }
      const h = this.hoisted.get(name);
      if (h !== undefined) return typeof h === 'number' ? h : h[k];
      if (this.seg.constants.has(name)) return this.seg.constants.get(name);
      const tv = this.timeVars.get(name);
      if (tv && t !== undefined) return evaluateWith(tv, this.env(k, t), this.functions);
      const arr = vars.get(name);
      if (arr) return arr.length === 1 ? arr[0] : arr[k];
      return undefined;
    };
  }

  evaluateStatic(e: SExpr): Vec {
    if (!perNeuron(e, (k) => this.isVector(k))) return evaluateWith(e, this.env(0), this.functions);
    const out = new Float64Array(this.g.n);
    for (let k = 0; k < this.g.n; k++) out[k] = evaluateWith(e, this.env(k), this.functions);
    return vcollapse(out);
  }

  /** Value of a time factor at step `step` (t = step·dt, as Brian2 computes it), per neuron when it differs. */
  timeValue(e: SExpr, step: number): Vec {
    const t = step * this.model.dt;
    const expanded = this.expandTimeVars(e);
    if (!perNeuron(expanded, (k) => this.isVector(k))) return evaluateWith(expanded, this.env(0, t), this.functions);
    const out = new Float64Array(this.g.n);
    for (let k = 0; k < this.g.n; k++) out[k] = evaluateWith(expanded, this.env(k, t), this.functions);
    return out;
  }

  private expandTimeVars(e: SExpr): SExpr {
    if (e.k === 'sym' && e.role === 'var' && this.timeVars.has(e.name)) return this.expandTimeVars(this.timeVars.get(e.name)!);
    if (e.k === 'sym') return e;
    switch (e.k) {
      case 'call':
        return { ...e, args: e.args.map((a) => this.expandTimeVars(a)) };
      case 'neg':
      case 'not':
        return { ...e, a: this.expandTimeVars(e.a) };
      case 'bin':
      case 'cmp':
      case 'logic':
        return { ...e, a: this.expandTimeVars(e.a), b: this.expandTimeVars(e.b) } as SExpr;
      default:
        return e;
    }
  }

  expandContext(): ExpandContext {
    const timeNames = new Set(this.timeVars.keys());
    return {
      isRegister: (name) => this.registers.has(name),
      isFlag: (name) => this.flags.has(name),
      timeDependent: (e) => mentionsTime(e, timeNames),
      evaluateStatic: (e) => this.evaluateStatic(e),
      timeFactor: (e) => this.time.name(e),
    };
  }
}
