// Spike sources streamed from the host (Lava's RingBuffer).
//
// SpikeGeneratorGroup: the given spikes binned to time steps
// at conversion time, as Brian2 bins them. Brian2 puts a spike at time t into step
// int((t + 1e-3·dt)/dt) and, with a period, walks its sorted list again every period steps (its
// `_lastindex` walk, reproduced here step by step so that spikes in the past of a repetition wait as
// they do in Brian2).

import type { LPoissonGroup, LSpikeGeneratorGroup } from '../../../3-lower/lowered.js';
import { callsOf, symbols } from '../../../symbolic/expr.js';
import { evaluateAt } from './conversion-eval.js';
import type { FxSpikeSource } from './fixed.js';
import type { StaticSegment } from './program.js';
import type { ConversionRandom } from './random.js';

export class SpikeSourceRefusal extends Error {}

export function spikeSource(g: LSpikeGeneratorGroup, dt: number, totalSteps: number): FxSpikeSource {
  if (g.computed) {
    const recorded = g.computed.indices.op === 'recorded';
    throw new SpikeSourceRefusal(
      recorded
        ? 'its spikes are the recording of a SpikeMonitor, known only when the project runs'
        : 'its spikes are drawn with numpy.random by the project, not at conversion time',
    );
  }
  const bins = g.times.map((t) => Math.trunc((t + 1e-3 * dt) / dt));
  const period = Math.round(g.period / dt);
  const steps: number[] = [];
  const indices: number[] = [];
  let last = 0;
  for (let n = 0; n < totalSteps; n++) {
    let bin = n;
    let from = last;
    if (period > 0) {
      bin %= period;
      if (from > 0 && bins[from - 1]! >= bin) from = 0;
    }
    let to = from;
    while (to < bins.length && bins[to]! <= bin) to++;
    last = to;
    const seen = new Set<number>();
    for (let k = from; k < to; k++) {
      const i = g.indices[k]!;
      if (seen.has(i))
        throw new SpikeSourceRefusal(`neuron ${i} spikes more than once in the step at ${(n * dt * 1e3).toPrecision(6)} ms (Brian2 refuses this too)`);
      seen.add(i);
      steps.push(n);
      indices.push(i);
    }
  }
  return { kind: 'SpikeGeneratorGroup', id: g.id, pyName: g.pyName, n: g.n, span: g.span, steps, indices };
}

/** Largest number of rate evaluations (neurons × steps) for rates that change with t. */
const MAX_TIMED_RATE_EVALUATIONS = 20_000_000;

/**
 * PoissonGroup: Brian2 spikes neuron i at step n where rand() < rates_i·dt. The spikes are drawn here,
 * at conversion time, with the converter's generator (random.ts), and streamed like a
 * SpikeGeneratorGroup's: the same process of Bernoulli trials, a different sample than Brian2's (the
 * model is judged statistically, as on the cpu backend without a seed). Rates are evaluated per run
 * (with that run's constants): values, or an expression of i, N, dt and constants, where the steps
 * between spikes are geometric (one draw per spike, random.skip); an expression of t is evaluated at
 * every step (one draw per neuron and step, as Brian2). Rates that read variables, draw, or are changed
 * by run_regularly are refused.
 */
/** Why the spikes of a PoissonGroup cannot be drawn at conversion time, or null (checked before anything is drawn). */
export function poissonRefusal(g: LPoissonGroup): string | null {
  if (g.runRegularly.length) return 'its rates are changed by run_regularly() during the run, which the spikes drawn at conversion time cannot follow';
  const r = g.rates;
  if (r.kind === 'computed') return 'its rates are computed from numpy.random draws by the project, not at conversion time';
  if (r.kind !== 'expression') return null;
  const changing = [...symbols(r.expr).values()].filter((s) => s.role === 'var' || s.role === 'noise');
  if (changing.length) return `its rates read ${changing.map((s) => s.name).join(', ')}, which change during the run`;
  const draws = [...callsOf(r.expr)].filter((c) => c === 'rand' || c === 'randn' || c === 'poisson');
  if (draws.length) return `its rates call ${draws.join(', ')} every step, which the spikes drawn at conversion time do not reproduce`;
  return null;
}

export function poissonSource(
  g: LPoissonGroup,
  segments: StaticSegment[],
  dt: number,
  random: ConversionRandom,
  functions: Map<string, (...a: number[]) => number>,
): FxSpikeSource {
  const why = poissonRefusal(g);
  if (why) throw new SpikeSourceRefusal(why);
  const r = g.rates;
  let timed = false;
  if (r.kind === 'expression') {
    timed =
      [...symbols(r.expr).values()].some((s) => s.role === 'special' && (s.name === 't' || s.name === 't_in_timesteps')) ||
      [...callsOf(r.expr)].some((c) => c.startsWith('timedarray:'));
    const evaluations = g.n * segments.reduce((a, seg) => a + seg.steps, 0);
    if (timed && evaluations > MAX_TIMED_RATE_EVALUATIONS)
      throw new SpikeSourceRefusal(
        `its rates change with t and would take ${evaluations} evaluations at conversion time (limit ${MAX_TIMED_RATE_EVALUATIONS})`,
      );
  }
  const spikes: [number, number][] = [];
  random.record(g.span, `${g.pyName ?? g.id} (PoissonGroup spikes)`, () => {
    for (const seg of segments) {
      const env = (i: number, step: number) => (name: string) =>
        name === 'i' ? i : name === 'N' ? g.n : name === 'dt' ? dt : name === 't' ? step * dt : name === 't_in_timesteps' ? step : seg.constants.get(name);
      const rateOf = (i: number, step: number) =>
        r.kind === 'scalar'
          ? r.value
          : r.kind === 'array'
            ? r.values.length === 1
              ? r.values[0]!
              : r.values[i]!
            : r.kind === 'expression'
              ? evaluateAt(r.expr, env(i, step), functions, g.span)
              : NaN;
      if (timed) {
        // Brian2's order: every neuron's number at each step.
        for (let n = 0; n < seg.steps; n++)
          for (let i = 0; i < g.n; i++) if (random.uniform() < rateOf(i, seg.startStep + n) * dt) spikes.push([seg.startStep + n, i]);
        continue;
      }
      for (let i = 0; i < g.n; i++) {
        // Brian2's test rand() < p: never for p <= 0, every step for p >= 1.
        const p = rateOf(i, seg.startStep) * dt;
        for (let n = random.skip(p); n < seg.steps; n += 1 + random.skip(p)) spikes.push([seg.startStep + n, i]);
      }
    }
  });
  spikes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { kind: 'PoissonGroup', id: g.id, pyName: g.pyName, n: g.n, span: g.span, steps: spikes.map((x) => x[0]), indices: spikes.map((x) => x[1]) };
}
