// SpikeGeneratorGroup → a host spike stream (Lava's RingBuffer): the given spikes binned to time steps
// at conversion time, as Brian2 bins them. Brian2 puts a spike at time t into step
// int((t + 1e-3·dt)/dt) and, with a period, walks its sorted list again every period steps (its
// `_lastindex` walk, reproduced here step by step so that spikes in the past of a repetition wait as
// they do in Brian2).

import type { LSpikeGeneratorGroup } from '../../../3-lower/lowered.js';
import type { FxSpikeSource } from './fixed.js';

export class SpikeSourceRefusal extends Error {}

export function spikeSource(g: LSpikeGeneratorGroup, dt: number, totalSteps: number): FxSpikeSource {
  if (g.computed) throw new SpikeSourceRefusal('its spikes are drawn with numpy.random by the project, not at conversion time');
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
      if (seen.has(i)) throw new SpikeSourceRefusal(`neuron ${i} spikes more than once in the step at ${(n * dt * 1e3).toPrecision(6)} ms (Brian2 refuses this too)`);
      seen.add(i);
      steps.push(n);
      indices.push(i);
    }
  }
  return { kind: 'SpikeGeneratorGroup', id: g.id, pyName: g.pyName, n: g.n, span: g.span, steps, indices };
}
