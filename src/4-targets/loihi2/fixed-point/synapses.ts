// Synapses of the form `on_pre='x_post += w'` on Lava's Dense (or DelayDense) with their bit-accurate
// models: 8-bit integer weights, delays in steps. Each projection arrives at its own port of the target,
// whose program multiplies the activation (a sum of 8-bit weights) by the projection's scale, a
// 24-bit multiplier constant like any other of the program: the scale is chosen so that the weights
// fall on the 8-bit grid as well as they can (exactly when they are all equal, or multiples of a common
// step), and the 8-bit limit costs precision only for weights that differ in more than 8 bits.
//
// Timing. Brian2 delivers a spike from step n with delay d in the synapses slot of step n + d: after
// that step's thresholds, before its resets; the target integrates it from step n + d + 1 on. Lava's
// Dense sends at step k what it received at step k - 1, and DelayDense with delay d at step k + 1 + d.
// A generated neuron program therefore adds the arriving activation at the start of its step and only
// then applies the previous step's reset (see the emitter): arrival at step n + d + 1 is exactly
// Brian2's delivery at n + d, reset order included, so the Lava delay is Brian2's delay in steps.
//
// Projections come from the lowered Synapses (projections.ts); ProjectionSpec is the backend-neutral
// description it fills in (pre/post indices, weights in SI, delays in steps). Dense holds one weight and
// one delay per pair of neurons: synapses of one pair (n > 1, repeated pairs) are summed into one weight
// and must share their delay.

import type { Span } from '../../../diagnostics/source.js';
import type { FxGroup, FxProjection, FxSynapticPort, Interval, QuantReport } from './fixed.js';
import { STATE_MAX, SYNAPSE } from './limits.js';
import { toInt } from './quantize.js';

export interface ProjectionSpec {
  id: string;
  pyName: string | null;
  source: string;
  target: string;
  /** The target variable of `x_post += w`. */
  variable: string;
  /** Brian2's conditional write: the variable is `(unless refractory)`, so refractory targets ignore the input. */
  conditional: boolean;
  /** 'add': spikes add the weights to `variable`; 'summed': graded spikes feed the summed variable `variable` (summed.ts). */
  mode: 'add' | 'summed';
  /** For 'summed': the register of the source that every neuron sends as its graded spike. */
  graded: string | null;
  pre: number[];
  post: number[];
  /** Per synapse, in the SI unit of the target variable. */
  weights: number[];
  /** Per synapse, Brian2's delay in steps (int(delay/dt + 0.5)). */
  delays: number[];
  /** Most events one synapse delivers in a step (a PoissonInput's largest drawn count); 1 when absent. */
  events?: number;
  /** A host drive instead of Dense (PoissonInput): events per step and neuron of the target group, row-major [step][neuron]. */
  hostCounts?: Int32Array;
  span: Span;
}

export class ProjectionRefusal extends Error {
  constructor(
    readonly spec: ProjectionSpec,
    readonly detail: string,
  ) {
    super(detail);
  }
}

type SignMode = FxProjection['signMode'];

function signMode(weights: number[]): SignMode {
  if (weights.every((w) => w >= 0)) return 'excitatory';
  if (weights.every((w) => w <= 0)) return 'inhibitory';
  return 'mixed';
}

export interface QuantizedWeights {
  /** Lava's 8-bit weights (0..255, -255..0, or even values in -256..254 for mixed signs). */
  ints: number[];
  mode: SignMode;
  /** SI value of one unit of activation (of the target variable's unit). */
  scale: number;
  /** Largest error of a weight, relative to the largest weight. */
  relError: number;
}

/**
 * Weights as 8-bit integers times one real scale: over every full-range grid (largest weight = qmax
 * units, qmax from half the range to the full range) the one with the smallest error, so that equal
 * weights, or weights on a common step, are exact.
 */
export function quantizeWeights(weights: number[], prefer: 'fine' | 'small' = 'fine'): QuantizedWeights {
  const mode = signMode(weights);
  // A loop, not Math.max(...): a random network has hundreds of thousands of synapses (call stack).
  const max = weights.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
  if (max === 0) return { ints: weights.map(() => 0), mode, scale: 1, relError: 0 };
  const mixed = mode === 'mixed';
  const limit = mixed ? 254 : 255;
  const step = mixed ? 2 : 1;
  const grid = (qmax: number): QuantizedWeights => {
    const scale = max / qmax;
    const ints = weights.map((w) => (mixed ? 2 * Math.max(-128, Math.min(127, toInt(w / (2 * scale)))) : Math.max(-255, Math.min(255, toInt(w / scale)))));
    const err = weights.reduce((m, w, k) => Math.max(m, Math.abs(ints[k]! * scale - w)), 0);
    return { ints, mode, scale, relError: err / max };
  };
  // Graded spikes carry 24-bit payloads: the smallest exact grid keeps the weighted sums small.
  if (prefer === 'small') {
    for (let qmax = step; qmax <= limit; qmax += step) {
      const q = grid(qmax);
      if (q.relError <= 1e-12) return q;
    }
  }
  let best: QuantizedWeights | null = null;
  for (let qmax = limit; qmax > limit / 2; qmax -= step) {
    const q = grid(qmax);
    if (!best || q.relError < best.relError) best = q;
    if (q.relError <= 1e-12) break;
  }
  return best!;
}

/** Quantization of a projection's weights (graded projections prefer small integers). */
export function projectionWeights(s: ProjectionSpec): QuantizedWeights {
  return quantizeWeights(pairWeights(s).weights, s.mode === 'summed' ? 'small' : 'fine');
}

/**
 * Right shift of the graded payload (a 24-bit register) so that the weighted sums Dense forms stay
 * within its 32-bit activation: largest Σ|weight| over a target, times 2^23.
 */
export function payloadShift(s: ProjectionSpec): number {
  const pairs = pairWeights(s);
  const q = projectionWeights(s);
  const rows = new Map<number, number>();
  pairs.post.forEach((j, k) => rows.set(j, (rows.get(j) ?? 0) + Math.abs(q.ints[k]!)));
  const rowMax = Math.max(0, ...rows.values());
  return Math.max(0, Math.ceil(Math.log2(Math.max(1, (rowMax * STATE_MAX) / (2 ** 31 - 1)))));
}

/** The ports of a group: one per projection into it (named after the variable; Lava would sum a shared one). */
export function portsFor(specs: ProjectionSpec[]): FxSynapticPort[] {
  const seen = new Map<string, number>();
  return specs.map((s) => {
    const k = (seen.get(s.variable) ?? 0) + 1;
    seen.set(s.variable, k);
    const q = projectionWeights(s);
    return {
      port: k === 1 ? `a_in_${s.variable}` : `a_in_${s.variable}_${k}`,
      projection: s.id,
      target: s.variable,
      mode: s.mode,
      initial: null,
      scale: q.scale,
      conditional: s.conditional,
      add: { k: 'int', v: 0 },
    };
  });
}

/** Range of the activation (integer sum of 8-bit weights) a port can receive in one step. */
export function activationRange(s: ProjectionSpec, n: number): Interval {
  const pairs = pairWeights(s);
  const q = projectionWeights(s);
  if (s.mode === 'summed') {
    // Payloads of either sign, up to the shifted 24-bit register.
    const rows = new Float64Array(n);
    pairs.post.forEach((j, k) => (rows[j]! += Math.abs(q.ints[k]!)));
    const m = Math.max(0, ...rows) * Math.ceil(STATE_MAX / 2 ** payloadShift(s));
    return { lo: -m, hi: m };
  }
  return scaled(perTargetSums(pairs.post, q.ints, n), s.events);
}

const scaled = (r: Interval, events = 1): Interval => ({ lo: r.lo * events, hi: r.hi * events });

/**
 * The most negative and the most positive input one of `n` targets can receive in a step (every source
 * firing): per target, the sum of its negative and of its positive weights. Loops, not Math.min(...x):
 * a spread of 10^5 values overflows the call stack.
 */
function perTargetSums(post: ArrayLike<number>, weights: ArrayLike<number>, n: number): Interval {
  const pos = new Float64Array(n);
  const neg = new Float64Array(n);
  for (let k = 0; k < post.length; k++) {
    const w = weights[k]!;
    if (w > 0) pos[post[k]!]! += w;
    else neg[post[k]!]! += w;
  }
  let lo = 0;
  let hi = 0;
  for (let j = 0; j < n; j++) {
    if (neg[j]! < lo) lo = neg[j]!;
    if (pos[j]! > hi) hi = pos[j]!;
  }
  return { lo, hi };
}

/** Synapses merged per (pre, post) pair, in order of first appearance: Dense has one weight per pair. */
export function pairWeights(s: ProjectionSpec): { pre: number[]; post: number[]; weights: number[]; delays: number[]; clash: boolean } {
  // Numeric keys pre · width + post (small integers, fast in a Map): a large random network has
  // 10^5..10^6 synapses.
  const width = s.post.reduce((m, j) => Math.max(m, j + 1), 1);
  const at = new Map<number, number>();
  const out = { pre: [] as number[], post: [] as number[], weights: [] as number[], delays: [] as number[], clash: false };
  s.pre.forEach((i, k) => {
    const key = i * width + s.post[k]!;
    const p = at.get(key);
    if (p === undefined) {
      at.set(key, out.pre.length);
      out.pre.push(i);
      out.post.push(s.post[k]!);
      out.weights.push(s.weights[k]!);
      out.delays.push(s.delays[k]!);
    } else {
      out.weights[p]! += s.weights[k]!;
      if (out.delays[p] !== s.delays[k]) out.clash = true;
    }
  });
  return out;
}

/** Largest input a target neuron can receive in one step, per variable (all its sources firing). */
export function inputBounds(specs: ProjectionSpec[], n: number): Map<string, Interval> {
  const out = new Map<string, Interval>();
  for (const s of specs) {
    const { lo, hi } = scaled(perTargetSums(s.post, s.weights, n), s.events);
    const prev = out.get(s.variable) ?? { lo: 0, hi: 0 };
    out.set(s.variable, { lo: prev.lo + lo, hi: prev.hi + hi });
  }
  return out;
}

export function mapProjections(specs: ProjectionSpec[], groups: FxGroup[], report: QuantReport): FxProjection[] {
  return specs.map((s) => {
    const target = groups.find((g) => g.id === s.target)!;
    const port = target.synapticPorts.find((p) => p.projection === s.id)!;
    const maxDelay = s.delays.reduce((m, d) => Math.max(m, d), 0);
    if (maxDelay > SYNAPSE.maxDelay) throw new ProjectionRefusal(s, `a delay of ${maxDelay} steps exceeds Loihi 2's ${SYNAPSE.maxDelay} steps (6-bit delays)`);
    const pairs = pairWeights(s);
    if (pairs.clash)
      throw new ProjectionRefusal(
        s,
        'several synapses between one pair of neurons have different delays; Dense/DelayDense hold one weight and one delay per pair',
      );
    const q = projectionWeights(s);
    const distinct = new Set(s.delays);
    const merged = pairs.weights.length < s.weights.length ? `, summed into ${pairs.weights.length} pairs` : '';
    report.synapses.push({
      id: s.pyName ?? s.id,
      weights: `${q.mode} 8-bit weights × ${q.scale.toPrecision(6)} (${s.hostCounts ? `${s.weights.length} target neurons, up to ${s.events ?? 1} events per step` : `${s.weights.length} synapses${merged}`})`,
      delays: s.hostCounts
        ? 'none (host stream, sent one step later as Dense would)'
        : maxDelay === 0
          ? "none (Dense's one-step latency is Brian2's zero delay)"
          : `${distinct.size === 1 ? `${maxDelay} steps` : `${Math.min(...distinct)}..${maxDelay} steps`} on DelayDense`,
      relError: q.relError,
    });
    const graded = s.graded ? { register: s.graded, shift: payloadShift(s), port: '' } : null;
    const host = s.hostCounts ? hostStream(s.hostCounts, pairs.post, q.ints, target.n) : null;
    return {
      id: s.id,
      pyName: s.pyName,
      source: s.source,
      target: s.target,
      port: port.port,
      pre: pairs.pre,
      post: pairs.post,
      weights: q.ints,
      signMode: q.mode,
      delays: pairs.delays,
      graded,
      host,
    };
  });
}

/**
 * What Dense would deliver for a host drive: events × 8-bit weight per neuron, row-major [step][neuron],
 * one step later (the neuron program adds it as the previous step's synaptic input; step 0 gets none).
 */
function hostStream(counts: Int32Array, post: number[], ints: number[], n: number): number[] {
  const steps = counts.length / n;
  const weight = new Int32Array(n);
  post.forEach((j, k) => (weight[j] = ints[k]!));
  const out = new Array<number>(counts.length).fill(0);
  for (let step = 0; step + 1 < steps; step++) for (let j = 0; j < n; j++) out[(step + 1) * n + j] = counts[step * n + j]! * weight[j]!;
  return out;
}
