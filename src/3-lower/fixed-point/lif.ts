// Lava's own LIF or a generated neuron program? Lava's bit-accurate LIF (the fixed neuron model of
// Loihi's cores) decays v by a 12-bit fraction of 4096 and adds a 13-bit bias mantissa; a Brian2 time
// constant rarely falls on that grid (tau = 10 ms at dt = 0.1 ms needs dv = 40.76: 41 makes tau 0.6 %
// shorter, which moves spikes by a step every few hundred steps). The group is mapped onto Lava's LIF
// only when its decay and equilibrium survive that quantization to LIF_ACCURACY; otherwise the
// generated program (24-bit mantissas) is used and the report says why.

import type { LoweredModel } from '../lowered.js';
import type { CompiledGroup, LifShape } from './compile-group.js';
import type { FxMapping, LifParams } from './fixed.js';
import { maxAbs } from './interval.js';
import { HEADROOM, LIF, LIF_ACCURACY, STATE_MAX } from './limits.js';
import type { StaticSegment } from './program.js';
import { toInt } from './quantize.js';

export interface MappingOptions {
  noLavaLif: boolean;
  hasSynapticInput: boolean;
}

interface LifFit {
  params: LifParams;
  decayError: number;
  equilibriumError: number;
}

/** The best LIF parameters for the shape (over a few threshold mantissas), with their errors. */
export function fitLif(shape: LifShape): LifFit | { why: string } {
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
  const qMin = vmax / STATE_MAX;
  const vthMax = Math.min(2 ** LIF.vthBits - 1, Math.floor(span / (qMin * 2 ** LIF.vthShift)));
  if (vthMax < 1) return { why: 'the voltage range does not fit the threshold format' };
  const candidates = new Set<number>([vthMax]);
  for (let p = Math.floor(Math.log2(vthMax)); p >= 0 && candidates.size < 12; p--) candidates.add(2 ** p);
  let best: LifFit | null = null;
  for (const vth of candidates) {
    const q = span / (vth * 2 ** LIF.vthShift);
    const mant: number[] = [];
    const exps: number[] = [];
    let eqErr = 0;
    let ok = true;
    for (const b of shape.b) {
      // Keep Brian2's equilibrium with the quantized decay: bias = (1 - aq)·(x_eq - o)/q.
      const xeq = shape.a === 1 ? null : b / (1 - shape.a);
      const bias = xeq === null ? b / q : ((1 - aq) * (xeq - o)) / q;
      const e = Math.max(0, Math.ceil(Math.log2(Math.max(Math.abs(bias), 1) / (2 ** (LIF.biasMantBits - 1) - 1))));
      if (e > LIF.biasExpMax) {
        ok = false;
        break;
      }
      const m = toInt(bias / 2 ** e);
      mant.push(m);
      exps.push(e);
      const applied = m * 2 ** e;
      // The quantized bias moves the equilibrium; Lava's decay truncates towards zero (up to 1 LSB per step).
      const shift = dv === 0 ? Math.abs(applied - bias) * q : ((Math.abs(applied - bias) + 1) * q) / (dv / LIF.decayUnity);
      eqErr = Math.max(eqErr, shift / span);
    }
    if (!ok) continue;
    const v = shape.initial.map((x) => toInt((x - o) / q));
    if (v.some((x) => Math.abs(x) > STATE_MAX)) continue;
    const fit: LifFit = { params: { du: LIF.decayUnity - 1, dv, vth, biasMant: mant, biasExp: exps, v, scale: q, offset: o, variable: shape.variable }, decayError, equilibriumError: eqErr };
    if (!best || fit.equilibriumError < best.equilibriumError) best = fit;
  }
  return best ?? { why: 'the bias does not fit 13-bit mantissas with exponents up to 7' };
}

export function chooseMapping(c: CompiledGroup, _lowered: LoweredModel, _segments: StaticSegment[], options: MappingOptions): { mapping: FxMapping; alternatives: string[] } {
  const program = (reason: string, alternatives: string[]): { mapping: FxMapping; alternatives: string[] } => ({
    mapping: { kind: 'program', reason },
    alternatives,
  });
  if (options.noLavaLif) return program('generated neuron program (Lava LIF disabled by option)', []);
  if (options.hasSynapticInput && !('why' in c.lif)) return program("generated neuron program; Lava's LIF does not fit: it adds synaptic input after its decay, not in Brian2's order", []);
  if ('why' in c.lif) return program(`generated neuron program; Lava's LIF does not fit: ${c.lif.why}`, [`Lava LIF: ${c.lif.why}`]);
  const fit = fitLif(c.lif);
  if ('why' in fit) return program(`generated neuron program; Lava's LIF does not fit: ${fit.why}`, [`Lava LIF: ${fit.why}`]);
  const detail = `dv = ${fit.params.dv}/4096 (decay error ${fit.decayError.toExponential(2)}), vth = ${fit.params.vth}, equilibrium error ${fit.equilibriumError.toExponential(2)} of the threshold gap`;
  if (fit.decayError > LIF_ACCURACY || fit.equilibriumError > LIF_ACCURACY) {
    return program(`generated neuron program; Lava's LIF would be too coarse: ${detail} (limit ${LIF_ACCURACY.toExponential(2)})`, [`Lava LIF: ${detail}`]);
  }
  return { mapping: { kind: 'lava-lif', reason: `Lava's bit-accurate LIF: ${detail}`, lif: fit.params }, alternatives: [] };
}
