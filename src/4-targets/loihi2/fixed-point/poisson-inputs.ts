// PoissonInput → a host drive: Brian2 adds binomial(N, p)·weight to the target variable of every
// target neuron in the synapses slot of each step (p = rate·dt). The counts are drawn here, at
// conversion time, with the converter's generator (random.ts; a different sample than Brian2's, so
// the model is judged statistically), and the input becomes a projection like a Synapses object's: its
// weight is quantized to 8 bits with a scale in the target's port, and instead of Dense's sums of
// weights the host streams count × weight per neuron and step (Lava's RingBuffer, one step later, where
// Dense would deliver). Only binomial draws map: where Brian2 uses its normal approximation the input is
// not a whole number of events, which would need a quantized stream of its own; refused with the reason.

import type { LoweredModel, LPoissonInput } from '../../../3-lower/lowered.js';
import { symbols } from '../../../symbolic/expr.js';
import { evaluateAt } from './conversion-eval.js';
import type { StaticSegment } from './program.js';
import type { ConversionRandom } from './random.js';
import type { ProjectionSpec } from './synapses.js';

/** Why a PoissonInput cannot be drawn at conversion time, or null. */
export function poissonInputRefusal(pi: LPoissonInput, dynamic: Set<string> | undefined): string | null {
  if (pi.draw.kind !== 'binomial')
    return `Brian2 draws its input from the normal approximation (N·p = ${(pi.draw.loc).toPrecision(4)} events per step), not a whole number of events, which the Loihi 2 backend does not stream`;
  const changing = [...symbols(pi.weight).values()].filter(
    (s) => (s.role === 'var' && dynamic?.has(s.name)) || s.role === 'noise' || (s.role === 'special' && (s.name === 't' || s.name === 't_in_timesteps')),
  );
  if (changing.length)
    return `its weight reads ${changing.map((s) => s.name).join(', ')}, which change during the run; the weight is fixed when the network is built`;
  return null;
}

/** The projection of a PoissonInput and its drawn counts (row-major [step][target neuron of the group]). */
export function poissonInputProjection(
  pi: LPoissonInput,
  model: LoweredModel,
  segments: StaticSegment[],
  random: ConversionRandom,
  functions: Map<string, (...a: number[]) => number>,
): { spec: ProjectionSpec; counts: Int32Array } {
  if (pi.draw.kind !== 'binomial') throw new Error('refused by poissonInputRefusal');
  const { n: trials, p } = pi.draw;
  const group = model.groups.find((g) => g.id === pi.target.group)!;
  const targets = Array.from({ length: pi.target.stop - pi.target.start }, (_, k) => pi.target.start + k);
  const seg = segments[0]!;
  const values = seg.values.get(group.id);
  const env = (j: number) => (name: string) => {
    if (name === 'i') return j;
    if (name === 'N') return group.n;
    if (name === 'dt') return model.dt;
    if (seg.constants.has(name)) return seg.constants.get(name);
    const v = values?.get(name);
    return v ? (v.length === 1 ? v[0] : v[j]) : undefined;
  };
  const weights = targets.map((j) => evaluateAt(pi.weight, env(j), functions, pi.span));
  // Events over the run, per target: trials are numbered step·N + k, and the gaps between successes are
  // geometric (one draw per event).
  const counts = new Int32Array(model.totalSteps * group.n);
  let most = 0;
  random.record(pi.span, `${pi.pyName ?? pi.id} (PoissonInput events)`, () => {
    const total = model.totalSteps * trials;
    targets.forEach((j) => {
      for (let t = random.skip(p); t < total; t += 1 + random.skip(p)) {
        const at = Math.floor(t / trials) * group.n + j;
        counts[at]! += 1;
        most = Math.max(most, counts[at]!);
      }
    });
  });
  const spec: ProjectionSpec = {
    id: pi.id,
    pyName: pi.pyName,
    source: pi.id,
    target: group.id,
    variable: pi.variable,
    conditional: pi.conditional,
    mode: 'add',
    graded: null,
    pre: targets.map(() => 0),
    post: targets,
    weights,
    delays: targets.map(() => 0),
    events: Math.max(1, most),
    hostCounts: counts,
    span: pi.span,
  };
  return { spec, counts };
}
