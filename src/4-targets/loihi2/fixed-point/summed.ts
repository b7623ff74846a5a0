// Summed variables on Loihi 2 (gap junctions and the like): `I_post = f(synapse, x_pre, y_post)
// (summed)` with f linear in the neuron variables,
//     I_j = Σ_i c_ij·x_i + Σ_m (Σ_i d_m,ij)·y_m,j + Σ_i e_ij,
// where the coefficients are fixed per synapse. The first sum is a Dense projection of graded spikes:
// every source neuron sends its register x as a 24-bit payload every step and Dense weighs it with c_ij;
// the other sums are per-neuron constants of the target's program, which assigns I every step.
//
// Timing. Brian2 updates a summed variable in the groups slot, before or after the target's state
// update (by its schedule). Before: I at step n uses the values after step n-1's resets, so the source
// sends its registers as they are after its resets; after: I uses the values after step n-1's state
// update, so it sends them before its resets. Dense delivers at step n what was sent at n-1, and the
// target computes I at the start of step n, from values it holds at that point (after or before the
// resets it applies then), so both cases match Brian2 step for step.

import type { Span } from '../../../diagnostics/source.js';
import { linearIn } from '../../../symbolic/calculus.js';
import { callsOf, type SExpr, symbols } from '../../../symbolic/expr.js';
import type { LSummed, LSynapses, LoweredModel } from '../../../3-lower/lowered.js';
import type { Connectivity } from './connectivity.js';
import type { DynamicVars } from './program.js';
import type { ProjectionSpec } from './synapses.js';

/** A summed variable of one Synapses object, as the target's program computes it. */
export interface SummedSpec {
  id: string;
  group: string;
  variable: string;
  /** Graded projections (ProjectionSpec ids) whose activations are summed. */
  projections: string[];
  /** Per target neuron (absolute index): Σ over its synapses of the coefficient of a target variable. */
  local: { variable: string; coef: number[] }[];
  /** Per target neuron: Σ over its synapses of the part that reads no neuron variable. */
  constant: number[];
  /** Computed from the values after the previous step's resets (Brian2 updates it before the state update). */
  afterReset: boolean;
  span: Span;
}

export class SummedRefusal extends Error {}

/** Summed variable → its graded projections and the target's local terms (or a refusal). */
export function mapSummed(
  s: LSynapses,
  sum: LSummed,
  model: LoweredModel,
  connectivity: Connectivity,
  dynamic: DynamicVars,
  span: Span,
): { spec: SummedSpec; projections: ProjectionSpec[] } {
  const name = s.pyName ?? s.id;
  const refuse = (why: string): never => {
    throw new SummedRefusal(`the summed variable '${sum.variable}_${sum.side}' of ${name} ${why}`);
  };
  if (sum.side !== 'post') refuse('writes the source group; graded spikes only go from the source to the target');
  const target = model.groups.find((g) => g.id === sum.target.group)!;
  const source = model.groups.find((g) => g.id === s.source.group)!;
  if (sum.target.start !== 0 || sum.target.stop !== target.n)
    refuse(
      `sums into part of ${target.pyName ?? target.id} (neurons ${sum.target.start} to ${sum.target.stop - 1}), but graded spikes are summed into whole groups`,
    );
  const random = [...callsOf(sum.expr)].find((c) => c === 'rand' || c === 'randn');
  if (random) refuse(`draws random numbers (${random}())`);
  const usesTime = [...symbols(sum.expr).values()].some((x) => x.role === 'special' && (x.name === 't' || x.name === 't_in_timesteps'));
  if (usesTime) refuse('changes with time through its coefficients');

  // ---- linear decomposition into coefficient·variable terms and a rest
  const sides = [...symbols(sum.expr).values()].filter((x) => x.role === 'var' && x.side);
  let rest: SExpr = sum.expr;
  const terms: { name: string; side: 'pre' | 'post'; coefficient: SExpr }[] = [];
  for (const x of sides) {
    const key = `${x.name}_${x.side}`;
    const split = linearIn(rest, key);
    if (!split) return refuse(`is not linear in ${key}, so it is not a weighted sum of graded spikes`);
    const other = [...symbols(split.coefficient).values()].find((y) => y.role === 'var' && y.side);
    if (other) refuse(`multiplies ${key} by ${other.name}_${other.side}, so it is not a weighted sum of graded spikes`);
    terms.push({ name: x.name, side: x.side!, coefficient: split.coefficient });
    rest = split.rest;
  }
  if (source.kind !== 'NeuronGroup' && terms.some((t) => t.side === 'pre')) refuse(`reads a variable of the ${source.kind}`);

  const constants = new Map(model.constants.map((c) => [c.id, c.value]));
  const table = connectivity.tables.get(s.id)!;
  const perSynapse = (e: SExpr) => connectivity.perSynapse(s.id, e, span, constants);
  const perTarget = (values: number[]) => {
    const out = new Array<number>(target.n).fill(0);
    table.j.forEach((j, k) => (out[j + s.target.start]! += values[k]!));
    return out;
  };
  const index = model.schedule.findIndex((e) => e.op === 'summed' && e.synapses === s.id && s.summed[e.index] === sum);
  const update = model.schedule.findIndex((e) => e.op === 'update' && e.group === target.id);
  const projections: ProjectionSpec[] = [];
  const local: SummedSpec['local'] = [];
  for (const t of terms) {
    const coef = perSynapse(t.coefficient);
    if (t.side === 'post') {
      local.push({ variable: t.name, coef: perTarget(coef) });
      continue;
    }
    if (!dynamic.get(source.id)?.has(t.name))
      refuse(`reads ${t.name}_pre, which does not change during a run; the Loihi 2 backend sends changing variables only`);
    projections.push({
      id: `${s.id}_${sum.variable}_${t.name}`,
      pyName: `${name}_${sum.variable}_${t.name}`,
      source: source.id,
      target: target.id,
      variable: sum.variable,
      conditional: false,
      mode: 'summed',
      graded: t.name,
      pre: table.i.map((i) => i + s.source.start),
      post: table.j.map((j) => j + s.target.start),
      weights: coef,
      delays: table.i.map(() => 0),
      span,
    });
  }
  const spec: SummedSpec = {
    id: `${s.id}_${sum.variable}`,
    group: target.id,
    variable: sum.variable,
    projections: projections.map((p) => p.id),
    local,
    constant: perTarget(perSynapse(rest)),
    afterReset: index < update,
    span,
  };
  return { spec, projections };
}
