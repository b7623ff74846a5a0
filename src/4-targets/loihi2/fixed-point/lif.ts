// Lava's own LIF or a generated neuron program? Lava's bit-accurate LIF (the fixed neuron model of
// Loihi's cores) decays v by a 12-bit fraction of 4096, truncating, and adds a 13-bit bias mantissa.
// A Brian2 time constant rarely falls on that grid (tau = 10 ms at dt = 0.1 ms needs dv = 40.76; 41
// makes tau 0.6 % shorter, which moves a spike by a step every couple of hundred steps). The group is
// mapped onto Lava's LIF only when the predicted drift of every neuron's spikes over the run stays
// below LIF_MAX_DRIFT_STEPS; otherwise the generated program (24-bit mantissas) is used, and the
// report says why.

import type { CompiledGroup, LifShape } from './compile-group.js';
import type { FxMapping, LifParams, QuantReport } from './fixed.js';
import { maxAbs } from './interval.js';
import { HEADROOM, LIF, LIF_MAX_DRIFT_STEPS, STATE_MAX } from './limits.js';
import { toInt } from './quantize.js';

export interface MappingOptions {
  hasSynapticInput: boolean;
  /** The group sends graded spikes (a register), which Lava's LIF cannot. */
  sendsGraded: boolean;
  totalSteps: number;
}

export interface LifFit {
  params: LifParams;
  decayError: number;
  /** Largest predicted spike-time drift over the run, in steps. */
  drift: number;
  /** Largest equilibrium error of a neuron that never fires, relative to the threshold gap. */
  restError: number;
}

/**
 * Spike-time drift of one neuron over `steps` steps: the relative decay error stretches every interval,
 * an equilibrium error δ delays each crossing by δ over the speed at which v crosses the threshold.
 */
function drift(shape: LifShape, b: number, decayError: number, delta: number, steps: number): { drift: number; rest: number } {
  const span = shape.theta - shape.reset;
  const d = 1 - shape.a;
  if (d <= 0) return { drift: steps * decayError, rest: 0 };
  const eq = b / d;
  if (eq <= shape.theta) return { drift: 0, rest: delta / span };
  const speed = (eq - shape.theta) * d;
  const isi = Math.log((eq - shape.reset) / (eq - shape.theta)) / -Math.log(shape.a);
  const spikes = steps / Math.max(isi, 1);
  return { drift: steps * decayError + spikes * (delta / speed), rest: 0 };
}

/** The best LIF parameters for the shape (over a few threshold mantissas), with their predicted errors. */
export function fitLif(shape: LifShape, steps: number): LifFit | { why: string } {
  const o = shape.reset;
  const span = shape.theta - o;
  if (!(span > 0)) return { why: 'the reset value is not below the threshold (Lava resets v to 0 and spikes above a positive threshold)' };
  const dvExact = LIF.decayUnity * (1 - shape.a);
  if (!(dvExact >= 0 && dvExact < LIF.decayUnity)) return { why: `the decay factor ${shape.a} per step is outside Lava's LIF range` };
  const dv = Math.round(dvExact);
  if (dv === 0 && dvExact !== 0) return { why: `the decay ${dvExact.toPrecision(4)}/4096 per step rounds to zero` };
  const decayError = dvExact === 0 ? 0 : Math.abs(dv - dvExact) / dvExact;
  const aq = 1 - dv / LIF.decayUnity;
  const vmax = maxAbs({ lo: shape.range.lo - o, hi: shape.range.hi - o }) * HEADROOM;
  const vthMax = Math.min(2 ** LIF.vthBits - 1, Math.floor(span / ((vmax / STATE_MAX) * 2 ** LIF.vthShift)));
  if (vthMax < 1) return { why: 'the voltage range does not fit the threshold format' };
  const candidates = new Set<number>([vthMax]);
  for (let p = Math.floor(Math.log2(vthMax)); p >= 0 && candidates.size < 12; p--) candidates.add(2 ** p);
  let best: LifFit | null = null;
  for (const vth of candidates) {
    const q = span / (vth * 2 ** LIF.vthShift);
    const mant: number[] = [];
    const exps: number[] = [];
    let worst = 0;
    let rest = 0;
    let ok = true;
    for (const b of shape.b) {
      // Keep Brian2's equilibrium with the quantized decay: bias = (1 - aq)·(x_eq - o)/q.
      const bias = shape.a === 1 ? b / q : ((1 - aq) * (b / (1 - shape.a) - o)) / q;
      const e = Math.max(0, Math.ceil(Math.log2(Math.max(Math.abs(bias), 1) / (2 ** (LIF.biasMantBits - 1) - 1))));
      if (e > LIF.biasExpMax) {
        ok = false;
        break;
      }
      const m = toInt(bias / 2 ** e);
      mant.push(m);
      exps.push(e);
      // The rounded bias moves the equilibrium; Lava's decay truncates (half an LSB per step on average).
      const delta = dv === 0 ? 0 : ((Math.abs(m * 2 ** e - bias) + 0.5) * q) / (dv / LIF.decayUnity);
      const d = drift(shape, b, decayError, delta, steps);
      worst = Math.max(worst, d.drift);
      rest = Math.max(rest, d.rest);
    }
    if (!ok) continue;
    const v = shape.initial.map((x) => toInt((x - o) / q));
    if (v.some((x) => Math.abs(x) > STATE_MAX)) continue;
    const fit: LifFit = {
      params: { du: LIF.decayUnity - 1, dv, vth, biasMant: mant, biasExp: exps, v, scale: q, offset: o, variable: shape.variable },
      decayError,
      drift: worst,
      restError: rest,
    };
    if (!best || fit.drift + fit.restError < best.drift + best.restError) best = fit;
  }
  return best ?? { why: 'the bias does not fit 13-bit mantissas with exponents up to 7' };
}

export function chooseMapping(c: CompiledGroup, options: MappingOptions): { mapping: FxMapping; alternatives: string[]; fit?: LifFit } {
  const program = (reason: string, alternatives: string[]): { mapping: FxMapping; alternatives: string[] } => ({
    mapping: { kind: 'program', reason },
    alternatives,
  });
  if (options.sendsGraded) return program("generated neuron program; it sends a register as graded spikes, which Lava's LIF cannot", []);
  if (options.hasSynapticInput && !('why' in c.lif))
    return program("generated neuron program; Lava's LIF does not fit: it adds synaptic input after its decay, not in Brian2's order", []);
  if ('why' in c.lif) return program(`generated neuron program; Lava's LIF does not fit: ${c.lif.why}`, [`Lava LIF: ${c.lif.why}`]);
  const fit = fitLif(c.lif, options.totalSteps);
  if ('why' in fit) return program(`generated neuron program; Lava's LIF does not fit: ${fit.why}`, [`Lava LIF: ${fit.why}`]);
  const detail = `dv = ${fit.params.dv}/4096 (decay error ${fit.decayError.toExponential(2)}), vth = ${fit.params.vth}, predicted spike drift ${fit.drift.toFixed(3)} steps over the run`;
  if (fit.drift > LIF_MAX_DRIFT_STEPS || fit.restError > 1e-3) {
    return program(`generated neuron program; Lava's LIF would be too coarse: ${detail} (limit ${LIF_MAX_DRIFT_STEPS})`, [`Lava LIF: ${detail}`]);
  }
  return { mapping: { kind: 'lava-lif', reason: `Lava's bit-accurate LIF: ${detail}`, lif: fit.params }, alternatives: [], fit };
}

/** Report entries of a group on Lava's LIF: its voltage format, parameters and predicted drift. */
export function lifReport(group: string, shape: LifShape, fit: LifFit, unit: string): Pick<QuantReport, 'variables' | 'constants' | 'errors'> {
  const p = fit.params;
  const span = shape.theta - shape.reset;
  return {
    variables: [
      {
        group,
        name: shape.variable,
        unit,
        kind: 'state',
        exp: Math.log2(p.scale),
        offset: shape.reset,
        lsb: p.scale,
        range: shape.range,
        bound: 'proven',
        why: [`Lava LIF v = (${shape.variable} - ${shape.reset}) / LSB, so Brian2's reset is Lava's 0 and the threshold is exactly vth << 6`],
        usedBits: Math.ceil(Math.log2(maxAbs({ lo: shape.range.lo - shape.reset, hi: shape.range.hi - shape.reset }) / p.scale + 1)) + 1,
      },
    ],
    constants: [
      { group, what: 'LIF decay dv (of 4096)', value: LIF.decayUnity * (1 - shape.a), quantized: p.dv, relError: fit.decayError, format: '12-bit unsigned' },
      { group, what: 'LIF threshold vth (<< 6)', value: span / p.scale / 2 ** LIF.vthShift, quantized: p.vth, relError: 0, format: '17-bit unsigned' },
      {
        group,
        what: 'LIF bias (mantissa << exponent)',
        value: { min: Math.min(...p.biasMant.map((m, k) => m * 2 ** p.biasExp[k]!)), max: Math.max(...p.biasMant.map((m, k) => m * 2 ** p.biasExp[k]!)) },
        quantized: { min: Math.min(...p.biasMant), max: Math.max(...p.biasMant) },
        relError: 0,
        format: '13-bit signed mantissa, exponent 0..7',
      },
    ],
    errors: [
      {
        group,
        variable: shape.variable,
        perStep: p.scale,
        accumulated: null,
        relative: fit.restError,
        note: `Lava's decay truncates; predicted spike drift ${fit.drift.toFixed(3)} steps over the run (limit ${LIF_MAX_DRIFT_STEPS})`,
      },
    ],
  };
}
