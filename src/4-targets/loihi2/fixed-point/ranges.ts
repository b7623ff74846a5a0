// Static range analysis of a group's state variables, from what the model itself says: initial values,
// reset values, thresholds, the equilibria of linear dynamics under their inputs, increments at spikes
// and one step of overshoot. A linear update x' = a·x + rest with 0 ≤ a < 1 is a convex combination of
// x and its equilibrium rest/(1 - a), so the hull of the starting values and the equilibria is a proven
// bound; increments add at most c/(1 - a), or stop at the value that gates them in the threshold.
// Non-linear dynamics get the hull of their anchors plus one step of overshoot, marked as estimated
// (more headroom, and saturation is counted at run time).

import type { Interval } from './fixed.js';
import { hull, isEmpty, point, polyRange } from './interval.js';
import { addPoly, mulPoly, type Poly, vat, vvalues } from './poly.js';

export interface RangeInput {
  states: string[];
  flags: Set<string>;
  /** Per segment: statements of one step in order (temporaries and states), as polynomials. */
  steps: { target: string; poly: Poly }[][];
  /** Per segment: reset statements as polynomials. */
  resets: { target: string; poly: Poly }[][];
  initial: Map<string, Interval>;
  /** Values a state is compared with in the threshold. */
  thresholds: Map<string, Interval>;
  /** x < y holds whenever the threshold lets x be incremented (e.g. v > theta gates theta += ...). */
  gates: { x: string; y: string }[];
  timeRange: (factor: string) => Interval;
  /** Synaptic input a state can receive in one step (added before the update, see synapses.ts). */
  inputs: Map<string, Interval>;
  /**
   * States the threshold alone resets by assignment when they exceed this value: before an update
   * they are at most this, or their initial and reset values (the overshoot of one step is in the
   * range, but is never integrated), whatever their equilibrium.
   */
  clipAbove: Map<string, number>;
  n: number;
}

export interface StateRange {
  range: Interval;
  /** The values an update starts from (the range without the overshoot a reset removes). */
  before: Interval;
  bound: 'proven' | 'estimated';
  why: string[];
}

/** Replace a factor by a polynomial (composition of the statements of one step). */
export function substituteFactor(p: Poly, name: string, q: Poly, flags: Set<string>): Poly {
  let out: Poly = new Map();
  for (const m of p.values()) {
    const power = m.factors.find(([f]) => f === name)?.[1] ?? 0;
    let term: Poly = new Map([
      [
        m.factors
          .filter(([f]) => f !== name)
          .map(([f, e]) => (e === 1 ? f : `${f}^${e}`))
          .join('*'),
        { factors: m.factors.filter(([f]) => f !== name), coef: m.coef },
      ],
    ]);
    for (let k = 0; k < power; k++) term = mulPoly(term, q, flags);
    out = addPoly(out, term);
  }
  return out;
}

function degreeIn(p: Poly, names: Set<string>): number {
  let d = 0;
  for (const m of p.values())
    d = Math.max(
      d,
      m.factors.filter(([f]) => names.has(f)).reduce((s, [, e]) => s + e, 0),
    );
  return d;
}

/** Set flags to 1 (the neuron integrates; a frozen neuron keeps its value, which stays in range). */
function flagsOn(p: Poly, flags: Set<string>): Poly {
  let out: Poly = new Map();
  for (const m of p.values()) {
    const factors = m.factors.filter(([f]) => !flags.has(f));
    const key = factors.map(([f, e]) => (e === 1 ? f : `${f}^${e}`)).join('*');
    out = addPoly(out, new Map([[key, { factors, coef: m.coef }]]));
  }
  return out;
}

const fmt = (x: Interval) => `[${x.lo.toPrecision(4)}, ${x.hi.toPrecision(4)}]`;

export function analyseRanges(input: RangeInput): Map<string, StateRange> {
  const stateSet = new Set(input.states);
  const R = new Map<string, Interval>();
  const why = new Map<string, string[]>(input.states.map((s) => [s, []]));
  const note = (x: string, s: string) => why.get(x)!.push(s);
  for (const x of input.states) {
    const init = input.initial.get(x);
    let r = init ?? point(0);
    note(x, `initial values ${fmt(r)}`);
    const th = input.thresholds.get(x);
    if (th) {
      r = hull(r, th);
      note(x, `threshold ${fmt(th)}`);
    }
    R.set(x, r);
  }
  const rangeOf = (f: string): Interval => {
    if (input.flags.has(f)) return { lo: 0, hi: 1 };
    if (f.startsWith('~time')) return input.timeRange(f);
    return R.get(f) ?? point(0);
  };

  // ---- the map of one step per state, composed through the temporaries when it stays linear
  const composed: (Map<string, Poly> | null)[] = input.steps.map((stmts) => {
    const defs = new Map<string, Poly>();
    const finals = new Map<string, Poly>();
    for (const s of stmts) {
      let p = flagsOn(s.poly, input.flags);
      for (const [t, q] of defs) if ([...p.values()].some((m) => m.factors.some(([f]) => f === t))) p = substituteFactor(p, t, q, input.flags);
      if (degreeIn(p, stateSet) > 1) return null;
      if (stateSet.has(s.target)) finals.set(s.target, p);
      else defs.set(s.target, p);
    }
    return finals;
  });
  const linear = composed.every((c) => c !== null);

  // ---- resets: assignments widen the range, increments are bounded separately
  const increments = new Map<string, Interval>();
  const assignResets = () => {
    for (const seg of input.resets) {
      for (const s of seg) {
        const self = s.poly.get(s.target);
        const rest = addPoly(s.poly, self ? new Map([[s.target, self]]) : new Map(), -1);
        if (self && vvalues(self.coef).every((c) => c === 1)) {
          const inc = polyRange(rest, rangeOf);
          increments.set(s.target, hull(increments.get(s.target), inc));
        } else {
          const v = polyRange(s.poly, rangeOf);
          const before = R.get(s.target)!;
          const after = hull(before, v);
          if (after.lo < before.lo || after.hi > before.hi) {
            R.set(s.target, after);
            note(s.target, `reset values ${fmt(v)}`);
          }
        }
      }
    }
  };
  assignResets();

  const bound = new Map<string, 'proven' | 'estimated'>(input.states.map((s) => [s, linear ? 'proven' : 'estimated']));
  // Highest value a clipped state starts a step from: its initial values, threshold and reset values.
  const ceiling = new Map([...input.clipAbove].map(([x, top]) => [x, Math.max(top, R.get(x)!.hi) + Math.max(0, input.inputs.get(x)?.hi ?? 0)]));
  if (linear) {
    // Equilibria, iterated because coupled states feed each other's inputs.
    let converged = false;
    for (let iter = 0; iter < 60 && !converged; iter++) {
      converged = true;
      for (const x of input.states) {
        let eq: Interval | null = null;
        let aMax = 0;
        for (const c of composed) {
          const p = c!.get(x);
          if (!p) continue;
          const selfTerm = p.get(x);
          const rest = addPoly(p, selfTerm ? new Map([[x, selfTerm]]) : new Map(), -1);
          const perNeuron = [...p.values()].some((m) => typeof m.coef !== 'number');
          for (let k = 0; k < (perNeuron ? input.n : 1); k++) {
            const a = selfTerm ? vat(selfTerm.coef, k) : 0;
            if (!(a >= 0 && a < 1)) {
              bound.set(x, 'estimated');
              continue;
            }
            aMax = Math.max(aMax, a);
            const restK: Poly = new Map([...rest].map(([key, m]) => [key, { factors: m.factors, coef: vat(m.coef, typeof m.coef === 'number' ? 0 : k) }]));
            const syn = input.inputs.get(x);
            const r0 = polyRange(restK, rangeOf);
            const r = syn ? { lo: r0.lo + Math.min(0, syn.lo), hi: r0.hi + Math.max(0, syn.hi) } : r0;
            const e = { lo: r.lo / (1 - a), hi: r.hi / (1 - a) };
            eq = hull(eq, e);
          }
        }
        const inc = increments.get(x);
        const gate = input.gates.find((gt) => gt.x === x);
        let target = R.get(x)!;
        if (eq && !isEmpty(eq)) target = hull(target, eq);
        if (inc && inc.hi > 0) {
          if (gate) target = hull(target, point(R.get(gate.y)!.hi + inc.hi));
          else target = hull(target, point(target.hi + inc.hi / (1 - aMax)));
        }
        if (inc && inc.lo < 0) target = hull(target, point(target.lo + inc.lo / (1 - aMax)));
        const cap = ceiling.get(x);
        if (cap !== undefined && target.hi > cap) target = { lo: target.lo, hi: Math.max(cap, R.get(x)!.hi) };
        const before = R.get(x)!;
        if (target.lo < before.lo - 1e-15 * Math.abs(before.lo) || target.hi > before.hi + 1e-15 * Math.abs(before.hi)) {
          R.set(x, target);
          converged = false;
        }
      }
      if (!converged && iter === 59) for (const x of input.states) bound.set(x, 'estimated');
    }
    for (const x of input.states) {
      const inc = increments.get(x);
      note(x, `equilibria and inputs give ${fmt(R.get(x)!)}`);
      if (inc)
        note(
          x,
          input.gates.some((gt) => gt.x === x)
            ? `increments ${fmt(inc)} at spikes, gated by the threshold`
            : `increments ${fmt(inc)} at spikes, at most one per step`,
        );
    }
  } else {
    for (const [x, inc] of increments) {
      const r = R.get(x)!;
      R.set(x, { lo: r.lo + Math.min(0, 4 * inc.lo), hi: r.hi + Math.max(0, 4 * inc.hi) });
      note(x, `increments ${fmt(inc)} at spikes (four allowed for)`);
    }
  }

  // ---- the register holds x + input before the update
  for (const [x, inp] of input.inputs) {
    const r = R.get(x);
    if (!r) continue;
    R.set(x, { lo: r.lo + Math.min(0, inp.lo), hi: r.hi + Math.max(0, inp.hi) });
    note(x, `synaptic input of up to ${fmt(inp)} per step`);
  }

  // ---- one step of overshoot from the current ranges (through the temporaries)
  const before = new Map<string, Interval>();
  for (const x of input.states) {
    const r = R.get(x)!;
    const top = input.clipAbove.get(x);
    before.set(x, top !== undefined && top > r.lo ? { lo: r.lo, hi: Math.min(r.hi, top) } : r);
  }
  for (const stmts of input.steps) {
    const temp = new Map<string, Interval>();
    const local = (f: string) => temp.get(f) ?? before.get(f) ?? rangeOf(f);
    for (const s of stmts) {
      const r = polyRange(s.poly, local);
      if (stateSet.has(s.target)) {
        const before = R.get(s.target)!;
        const after = hull(before, r);
        if (after.lo < before.lo || after.hi > before.hi) {
          R.set(s.target, after);
          note(s.target, `one step of overshoot reaches ${fmt(r)}`);
        }
      } else temp.set(s.target, r);
    }
  }
  if (!linear) for (const x of input.states) note(x, 'non-linear dynamics: the bound is estimated');

  const out = new Map<string, StateRange>();
  for (const x of input.states) out.set(x, { range: R.get(x)!, before: before.get(x)!, bound: bound.get(x)!, why: why.get(x)! });
  return out;
}
