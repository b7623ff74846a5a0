// The fixed-point model: what the Loihi 2 backend runs. Produced from the lowered model by the
// fixed-point pass (index.ts), consumed by the Loihi emitter (src/4-emit/loihi/). Everything is an
// integer here except the documented scales that turn integers back into SI values for results.
// JSON-serialisable, like the IR and the lowered model.
//
// A group is either mapped onto Lava's own bit-accurate LIF process, or becomes a generated neuron
// program: registers (24-bit signed, value = integer · 2^exp in SI units), per-neuron constants
// (tables), host input streams, and statements in a small integer expression language (FxExpr) that
// uses only what Loihi 2's programmable neurons can do: adds, multiplies, shifts and comparisons.

import type { Span } from '../../../diagnostics/source.js';
import type { CmpOp } from '../../../symbolic/expr.js';
import type { Dim } from '../../../units/dimension.js';
import type { RandomDraw } from './random.js';

export interface Interval {
  lo: number;
  hi: number;
}

/** A multiplier operand: one integer, or a per-neuron table of integers. */
export type Coef = { k: 'int'; v: number } | { k: 'table'; name: string };

export type FxExpr =
  /** A register of the neuron (state, temporary, flag or counter). */
  | { k: 'reg'; name: string }
  | { k: 'int'; v: number }
  /** A per-neuron constant held in the neuron's memory. */
  | { k: 'table'; name: string }
  /** This step's value of a host input stream. */
  | { k: 'input'; name: string }
  | { k: 'sum'; terms: FxExpr[] }
  /** round(a·m / 2^s): multiply by a constant mantissa, then an arithmetic right shift with rounding. */
  | { k: 'mulc'; a: FxExpr; m: Coef; s: Coef }
  /** round(a·b / 2^s): product of two registers, shifted back into 24 bits. */
  | { k: 'mul'; a: FxExpr; b: FxExpr; s: number }
  /** a·2^s (s > 0) or round(a / 2^-s) (s < 0). */
  | { k: 'shift'; a: FxExpr; s: number }
  | { k: 'cmp'; op: CmpOp; a: FxExpr; b: FxExpr }
  | { k: 'logic'; op: 'and' | 'or'; a: FxExpr; b: FxExpr }
  | { k: 'not'; a: FxExpr }
  | { k: 'bool'; v: boolean }
  /** c ? a : b, elementwise. */
  | { k: 'select'; c: FxExpr; a: FxExpr; b: FxExpr };

export type RegisterKind =
  /** A scaled 24-bit value: a state variable or a per-step temporary. */
  | 'state'
  | 'temp'
  /** A boolean (not_refractory). */
  | 'flag'
  /** An unscaled integer counter (steps of refractoriness left). */
  | 'counter';

export interface FxRegister {
  name: string;
  kind: RegisterKind;
  /** Value in SI = integer · 2^exp + offset (exp 0 for flags and counters). */
  exp: number;
  /** Held as the difference from this value (0: none), for ranges far from zero. */
  offset: number;
  /** Range in SI units the format was chosen for. */
  range: Interval;
  dim: Dim;
  /** Whether the range is proven (linear contracting dynamics, resets, thresholds) or estimated. */
  bound: 'proven' | 'estimated' | 'exact';
  /** How the range was found, for the quantization report. */
  why: string[];
}

/** A per-neuron integer constant (parameter, bias, mantissa, shift). */
export interface FxTable {
  name: string;
  /** What it holds, for the report and comments. */
  what: string;
  /** Bits needed (signed), checked against the limits. */
  bits: number;
}

/** A host input stream: one integer per neuron and step (graded spikes from the host). */
export interface FxInput {
  name: string;
  what: string;
  /** Row-major [step][neuron]. */
  values: number[];
  exp: number;
  range: Interval;
}

/** `target = expr` (refractory freezing is a `select` inside expr). */
export interface FxStmt {
  target: string;
  expr: FxExpr;
  /** Clip to 24 bits and count clipped elements (scaled registers). */
  saturate: boolean;
}

/** An expression recorded by a StateMonitor, computed from the registers at recording time. */
export interface FxRecorded {
  expr: FxExpr;
  /** SI value = integer · 2^exp + offset. */
  exp: number;
  offset: number;
  dim: Dim;
}

/** Parameters of Lava's LIF process (bit-accurate model), for groups that map onto it. */
export interface LifParams {
  du: number;
  dv: number;
  vth: number;
  biasMant: number[];
  biasExp: number[];
  /** Initial v (integers, segment 0). */
  v: number[];
  /** v in SI = integer · scale + offset (v is shifted so that Brian2's reset value is Lava's 0). */
  scale: number;
  offset: number;
  /** Name of the Brian2 variable that is LIF's v. */
  variable: string;
}

export type FxMapping = { kind: 'program'; reason: string } | { kind: 'lava-lif'; reason: string; lif: LifParams };

/** Synaptic input arriving at a group through Lava's Dense/DelayDense (see synapses.ts), one port per projection. */
export interface FxSynapticPort {
  port: string;
  /** The projection (FxProjection.id) that sends into it. */
  projection: string;
  /** Register the input is added to. */
  target: string;
  /** SI value (in the target's unit) of one unit of activation (the sum of the 8-bit weights that arrive). */
  scale: number;
  /** Added only where not_refractory (Brian2's conditional write of `(unless refractory)` variables). */
  conditional: boolean;
  /** 'add': spikes add to the target; 'summed': graded spikes feed the summed variable `target` (FxSummed). */
  mode: 'add' | 'summed';
  /**
   * For graded ports: the activation to use at step 0, when nothing has been sent yet (the weighted
   * initial values of the source, known at conversion time); null otherwise.
   */
  initial: number[] | null;
  /** What is added to the target register: the activation (register `_act_<port>`) times the scale, in integers. */
  add: FxExpr;
}

export interface FxGroup {
  kind: 'NeuronGroup';
  id: string;
  pyName: string | null;
  n: number;
  span: Span;
  registers: FxRegister[];
  tables: FxTable[];
  inputs: FxInput[];
  /** Per-step work (groups slot), in order. */
  update: FxStmt[];
  threshold: FxExpr | null;
  /** Spike bookkeeping (refractory counter, flags), in the thresholds slot. */
  onSpike: FxStmt[];
  reset: FxStmt[];
  recorded: Record<string, FxRecorded>;
  synapticPorts: FxSynapticPort[];
  /** Summed variables assigned every step from graded spikes and local terms. */
  summed: FxSummed[];
  /** Registers sent every step as graded spikes (to summed variables of other neurons). */
  gradedOut: FxGradedOut[];
  mapping: FxMapping;
}

/** A summed variable (see summed.ts): `target = expr` every step. */
export interface FxSummed {
  target: string;
  /** Integer code in the target's format; reads the activations `_act_<port>` of its ports, registers and tables. */
  expr: FxExpr;
  /** Computed after the resets of the previous step (Brian2 updates it before the state update), else before them. */
  afterReset: boolean;
}

/** A register sent as a graded spike every step, at the end of the step. */
export interface FxGradedOut {
  port: string;
  register: string;
  /** Right shift (rounding) of the 24-bit value into the payload. */
  shift: number;
  /** The value after this step's reset (applied for the message; the program applies it at the next step). */
  afterReset: boolean;
}

/**
 * Values written before a run segment starts: initial values (segment 0) and the script's changes
 * between runs. Registers and tables start at zero; `values` holds the full array.
 */
export interface FxSet {
  group: string;
  name: string;
  kind: 'register' | 'table';
  values: number[];
  /** Elements written (between runs, a register keeps its other values); null = all. */
  indices: number[] | null;
}

export interface FxSegment {
  startStep: number;
  steps: number;
  sets: FxSet[];
}

/**
 * A SpikeGeneratorGroup: its spikes, binned to steps at conversion time, streamed from the host
 * (Lava's RingBuffer) as the group's output spikes.
 */
export interface FxSpikeSource {
  /** A SpikeGeneratorGroup's given spikes, or a PoissonGroup's spikes drawn at conversion time. */
  kind: 'SpikeGeneratorGroup' | 'PoissonGroup';
  id: string;
  pyName: string | null;
  n: number;
  span: Span;
  /** Step and neuron of every spike, by step. */
  steps: number[];
  indices: number[];
}

/** A Synapses object mapped onto Lava's Dense (or DelayDense when delays differ from zero). */
export interface FxProjection {
  id: string;
  pyName: string | null;
  source: string;
  target: string;
  /** Port of the target group (FxSynapticPort.port). */
  port: string;
  /** Connections as absolute indices into the source and target groups, one per pair of neurons. */
  pre: number[];
  post: number[];
  /** 8-bit weights, one per pair (already as Lava's Dense will keep them); the target's port holds their scale. */
  weights: number[];
  signMode: 'excitatory' | 'inhibitory' | 'mixed';
  /** Extra delay in steps given to DelayDense (Dense's own one-step latency is Brian2's zero delay). */
  delays: number[];
  /** Graded spikes: the source register sent (FxGradedOut of the source) and its payload shift; null for binary spikes. */
  graded: { register: string; shift: number; port: string } | null;
  /** A host drive (PoissonInput) instead of Dense: the activation per step and neuron, row-major [step][neuron], already one step late. */
  host: number[] | null;
}

export interface FxModel {
  format: 'brian2lava-fixed/1';
  dt: number;
  totalSteps: number;
  segments: FxSegment[];
  groups: FxGroup[];
  /** Host spike streams (SpikeGeneratorGroups); projections may start from them. */
  sources: FxSpikeSource[];
  projections: FxProjection[];
  report: QuantReport;
}

// ---------------------------------------------------------------- quantization report

export interface QuantVariable {
  group: string;
  name: string;
  unit: string;
  kind: RegisterKind;
  exp: number;
  /** Held as the difference from this value (0: none). */
  offset: number;
  /** One LSB in SI units. */
  lsb: number;
  range: Interval;
  bound: FxRegister['bound'];
  why: string[];
  /** Bits of the 24 that the range uses. */
  usedBits: number;
}

export interface QuantConstant {
  group: string;
  what: string;
  value: number | { min: number; max: number };
  quantized: number | { min: number; max: number };
  /** Worst relative error of the quantized constant. */
  relError: number;
  format: string;
}

export interface QuantError {
  group: string;
  variable: string;
  /** Worst rounding error added per step, in SI. */
  perStep: number;
  /** Worst accumulated error at steady state (perStep / (1 - decay)), in SI; null if not contracting. */
  accumulated: number | null;
  /** accumulated (or perStep) relative to the variable's range. */
  relative: number;
  note: string;
}

export interface QuantReport {
  groups: { id: string; name: string; mapping: FxMapping['kind']; reason: string; alternatives: string[] }[];
  variables: QuantVariable[];
  constants: QuantConstant[];
  errors: QuantError[];
  /** Values that had to be clipped at conversion time, and run-time saturation checks. */
  saturation: string[];
  synapses: { id: string; weights: string; delays: string; relError: number }[];
  notes: string[];
  /**
   * Random numbers the converter drew (random initialisations, random connectivity), with its own
   * seeded generator; null when the script draws none at conversion time.
   */
  random: { generator: string; seed: number; seedFromScript: boolean; draws: RandomDraw[] } | null;
}
