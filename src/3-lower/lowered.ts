// The lowered model: every group's per-step work as ordered statements in Brian2's abstract-code style
// (`_v = ...; v = _v`), the schedule of one time step, and the program of segments between run()
// calls. Expressions are symbolic (SExpr) and in SI units; the emitters print them as numpy (CPU) or
// turn them into integer arithmetic (Loihi 2). Nothing here knows about Lava.

import type { Span } from '../diagnostics/source.js';
import type { SExpr } from '../symbolic/expr.js';
import type { Dim } from '../units/dimension.js';
import type { ConstantIR, GroupRef, IndexIR, MonitorIR, TimedArrayIR } from '../2-model/ir.js';

export type DType = 'float' | 'int' | 'bool';

export interface LVar {
  name: string;
  dtype: DType;
  /** One value for the whole group (Brian2's `shared`). */
  shared: boolean;
  /** Value before any initialisation. */
  initial: number;
  dim: Dim;
  /** Where it comes from: equation kind, or Brian2's internal bookkeeping. */
  origin: 'differential' | 'parameter' | 'internal' | 'constant-over-dt';
}

/**
 * One statement: `target op expr`. Targets starting with `_` are temporaries (per-element arrays that
 * live for one step); others are variables of the group.
 */
export interface LStmt {
  target: string;
  op: '=' | '+=' | '-=' | '*=' | '/=' | '//=' | '%=' | '**=';
  expr: SExpr;
  /**
   * Only for elements where this holds; null = all. Brian2's conditional write: a variable flagged
   * `(unless refractory)` is written only where `not_refractory` (state update, run_regularly; not
   * the reset).
   */
  where?: SExpr | null;
}

/**
 * A computation done when a segment starts (and again after any change to the values it reads):
 * - `assign`: a named value (scalar or per element) from an expression;
 * - `propagator`: for exact integration of a coupled linear block, A = expm(M·dt) and
 *   Phi = ∫₀^dt expm(M·s) ds, each as an n×n grid of named values (rows and columns in the order of
 *   the block's variables, which is Brian2's order: by name). Entries of M may differ per element.
 */
export type LHoisted =
  | { kind: 'assign'; name: string; expr: SExpr }
  | { kind: 'propagator'; M: SExpr[][]; A: string[][]; Phi: string[][] };

export interface LNeuronGroup {
  kind: 'NeuronGroup';
  id: string;
  pyName: string | null;
  n: number;
  variables: LVar[];
  /** Subexpressions by name, fully substituted (for monitors and code that reads them). */
  subexpressions: Record<string, { expr: SExpr; dim: Dim; shared: boolean }>;
  /** `(constant over dt)` subexpressions, evaluated once per step before `start`. */
  constantOverDt: LStmt[];
  hoisted: LHoisted[];
  /** groups slot: refractoriness bookkeeping then the state update. */
  update: LStmt[];
  threshold: SExpr | null;
  /** Statements run for spiking neurons in the thresholds slot (lastspike = t, ...). */
  onSpike: LStmt[];
  reset: LStmt[];
  runRegularly: { statements: LStmt[]; everySteps: number; when: string }[];
  method: { name: string; reason: string; span: Span | null };
  span: Span;
}

export type LGroup = LNeuronGroup;

export interface LRun {
  kind: 'run';
  steps: number;
  /** Values of constants that change between runs (index = run number). */
  constants: Record<string, number>;
  span: Span;
}

export type LAction =
  | { kind: 'set'; target: GroupRef; variable: string; index: IndexIR; value: LValue; span: Span }
  | LRun
  | { kind: 'store' | 'restore'; name: string; span: Span };

export type LValue =
  | { kind: 'scalar'; value: number }
  | { kind: 'array'; values: number[] }
  | { kind: 'expression'; expr: SExpr };

/** An entry of the schedule of one time step, in execution order. */
export type LScheduleEntry =
  | { slot: 'before_start'; op: 'constant-over-dt'; group: string }
  | { slot: 'start'; op: 'record-state'; monitor: string }
  | { slot: string; op: 'run-regularly'; group: string; index: number }
  | { slot: 'groups'; op: 'update'; group: string }
  | { slot: 'thresholds'; op: 'threshold'; group: string }
  | { slot: 'thresholds'; op: 'record-spikes'; monitor: string }
  | { slot: 'resets'; op: 'reset'; group: string }
  | { slot: 'end'; op: 'record-rate'; monitor: string }
  | { slot: string; op: 'record-state'; monitor: string };

export interface LMonitorVariable {
  name: string;
  /** Expression to record (a variable, or a substituted subexpression). */
  expr: SExpr;
  dim: Dim;
}

export type LMonitor =
  | (Extract<MonitorIR, { kind: 'SpikeMonitor' }> & { recorded: LMonitorVariable[] })
  | (Extract<MonitorIR, { kind: 'StateMonitor' }> & { recorded: LMonitorVariable[]; everySteps: number })
  | Extract<MonitorIR, { kind: 'PopulationRateMonitor' }>;

export interface LoweredModel {
  format: 'brian2lava-lowered/1';
  source: { file: string; sha256: string };
  dt: number;
  /** Seed of the generated project's random generator (the script's, or the converter's default). */
  seed: number;
  seedFromScript: boolean;
  constants: ConstantIR[];
  timedArrays: TimedArrayIR[];
  groups: LGroup[];
  monitors: LMonitor[];
  schedule: LScheduleEntry[];
  program: LAction[];
  totalSteps: number;
  device: { name: string; options: Record<string, unknown> } | null;
}
