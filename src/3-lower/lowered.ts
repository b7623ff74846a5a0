// The lowered model: every group's per-step work as ordered statements in Brian2's abstract-code style
// (`_v = ...; v = _v`), the schedule of one time step, and the program of segments between run()
// calls. Expressions are symbolic (SExpr) and in SI units; the emitters print them as numpy (CPU) or
// turn them into integer arithmetic (Loihi 2). Nothing here knows about Lava.

import type { Span } from '../diagnostics/source.js';
import type { SExpr } from '../symbolic/expr.js';
import type { Dim } from '../units/dimension.js';
import type {
  ClockIR,
  ComputedIR,
  ConnectIR,
  ConstantIR,
  GroupRef,
  HostFunctionIR,
  HostGlobalIR,
  IndexIR,
  LinkIR,
  MonitorIR,
  MorphologyIR,
  NetworkIR,
  NetworkOperationIR,
  RandomIR,
  RunClockIR,
  SetOp,
  SlotIR,
  TimedArrayIR,
} from '../2-model/ir.js';

export type DType = 'float' | 'int' | 'bool';

export interface LVar {
  name: string;
  dtype: DType;
  /** One value for the whole group (Brian2's `shared`). */
  shared: boolean;
  /** Value before any initialisation. */
  initial: number;
  dim: Dim;
  /** Where it comes from: equation kind, Brian2's internal bookkeeping, or a link to another group. */
  origin: 'differential' | 'parameter' | 'internal' | 'constant-over-dt' | 'linked';
  /** For a linked variable: what it reads (never written; the dtype is the target's). */
  link?: Omit<LinkIR, 'span' | 'variable'>;
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
   * Only for elements where this holds; null = all; in group code only on '=' statements
   * (conditionalStatement rewrites `x op= e`). Brian2's conditional write: a variable flagged
   * `(unless refractory)` is written only where `not_refractory` (state update, run_regularly; not
   * the reset).
   */
  where?: SExpr | null;
  /**
   * In synaptic code: the target is a variable of the source ('pre') or target ('post') group; `where`
   * then holds Brian2's conditional write (the group's not_refractory), with the op kept.
   */
  side?: 'pre' | 'post';
}

/**
 * A computation done when a segment starts (and again after any change to the values it reads):
 * - `assign`: a named value (scalar or per element) from an expression;
 * - `propagator`: for exact integration of a coupled linear block, A = expm(M·dt) and
 *   Phi = ∫₀^dt expm(M·s) ds, each as an n×n grid of named values (rows and columns in the order of
 *   the block's variables, which is Brian2's order: by name). Entries of M may differ per element.
 */
export type LHoisted = { kind: 'assign'; name: string; expr: SExpr } | { kind: 'propagator'; M: SExpr[][]; A: string[][]; Phi: string[][] };

export interface LNeuronGroup {
  kind: 'NeuronGroup';
  id: string;
  pyName: string | null;
  n: number;
  /** ClockIR id (NeuronGroupIR.clock): its t and dt are those of its code. */
  clock: string;
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
  /** Where the spike event's thresholder and resetter run (Brian2: thresholds and resets by default). */
  spikeSchedule: { threshold: SlotIR; reset: SlotIR };
  /** Custom events (NeuronGroup(events=...)), in the order of the events dict. */
  events: LEvent[];
  /**
   * Variables Brian2 writes only where not_refractory (differential variables flagged `(unless
   * refractory)`): from synaptic code, PoissonInput, run_regularly and string initialisations, not the reset.
   */
  conditionalWrite: string[];
  /**
   * run_regularly operations: each runs on its own clock (ClockIR id); its code reads the group's t and dt.
   * `subgroup`: run on the neurons [start, stop) only, named after the subgroup in the schedule.
   */
  runRegularly: { statements: LStmt[]; clock: string; when: string; subgroup?: { name: string; start: number; stop: number } }[];
  method: { name: string; reason: string; span: Span | null };
  /** Present for a SpatialNeuron: its membrane potential `v` is advanced by Brian2's cable solver. */
  cable?: LCable;
  span: Span;
}

/**
 * Brian2's implicit cable solver for a SpatialNeuron (SpatialStateUpdater and its numpy template),
 * scheduled in the groups slot after the group's state update (order 1, `<id>_spatialstateupdater`).
 * Each step: gtot and I0 are evaluated per compartment (with the state just updated and the old v); the
 * tridiagonal system of every section is solved for the particular solution and the two homogeneous ones
 * (scipy's solve_banded), the sections are coupled through the branch points (Brian2's sparse elimination
 * over the section tree), v is their combination and Ic = Cm·(v − v_old)/dt. The matrices' constant parts
 * are computed when a segment starts, from area, Cm, Ri and r_length_1/2 as they are then.
 */
export interface LCable {
  /** −dIm/dv (siemens/m²), substituted. */
  gtot: SExpr;
  /** Im + gtot·v (amp/m²), substituted. */
  I0: SExpr;
  morphology: MorphologyIR;
}

/**
 * A custom event: in its thresholder slot the elements where `condition` holds are the event's (no
 * refractoriness, no lastspike); `code` runs for them in its resetter slot, writing unconditionally.
 */
export interface LEvent {
  name: string;
  condition: SExpr;
  code: LStmt[];
  threshold: SlotIR;
  reset: SlotIR;
}

/** A PoissonGroup: spikes where rand() < rates*dt, in the thresholds slot. */
export interface LPoissonGroup {
  kind: 'PoissonGroup';
  id: string;
  pyName: string | null;
  n: number;
  clock: string;
  /** Rates in Hz: one value, one per neuron, or an expression evaluated every step. */
  rates: LValue;
  /** Its variables: `rates` when they are values (not an expression), which code and sets can change. */
  variables: LVar[];
  runRegularly: { statements: LStmt[]; clock: string; when: string }[];
  span: Span;
}

/** A SpikeGeneratorGroup: the given spikes, binned to steps by the generated project as Brian2 does. */
export interface LSpikeGeneratorGroup {
  kind: 'SpikeGeneratorGroup';
  id: string;
  pyName: string | null;
  n: number;
  /** Its clock: the spike times are binned with its dt (again when it changes between runs). */
  clock: string;
  /** Sorted by time, then index. */
  indices: number[];
  times: number[];
  /** Seconds; 0 = no repetition. */
  period: number;
  /** Spikes computed by the project from its draws (SpikeGeneratorGroupIR.computed). */
  computed?: { indices: ComputedIR; times: ComputedIR };
  span: Span;
}

export type LGroup = LNeuronGroup | LPoissonGroup | LSpikeGeneratorGroup;

/**
 * How Brian2's numpy target runs a pathway's statements on the synapses that receive a spike in a step:
 * - `together`: no statement writes a pre/post variable: read every variable once, run the statements on
 *   the vectors, write the synaptic variables back;
 * - `per-statement`: pre/post variables are written: each statement reads the current values, and
 *   in-place updates of pre/post variables accumulate over repeated indices (numpy's ufunc.at);
 * - `per-synapse`: a statement writes a pre/post variable that this or an earlier statement reads (or
 *   uses an in-place operator other than += -= *= /=): Brian2 falls back to a loop over the synapses.
 */
export type LVectorisation = 'together' | 'per-statement' | 'per-synapse';

export interface LPathway {
  /** Brian2's suffix of the pathway object (`<synapses>_<name>`): 'pre', 'post' or a dict key. */
  name: string;
  trigger: 'pre' | 'post';
  /** The triggering group's event ('spike' or a custom event). */
  event: string;
  /** Event-driven updates, the pathway's code, then `lastupdate = t` (as Brian2 assembles them). */
  statements: LStmt[];
  vectorisation: LVectorisation;
  /** Delay for all synapses given to the constructor (seconds), or null for per-synapse delays. */
  delay: number | null;
  span: Span;
}

/** A summed variable: `group.variable[start:stop] = sum over synapses of expr`, per target neuron. */
export interface LSummed {
  /** Brian2's object name (`<synapses>_summed_variable_<name>_post`). */
  name: string;
  side: 'pre' | 'post';
  target: GroupRef;
  variable: string;
  expr: SExpr;
  /** Set by the script (`S.summed_updaters[...].when/.order`); otherwise Brian2's default place. */
  when?: string;
  order?: number;
}

export interface LSynapses {
  kind: 'Synapses';
  id: string;
  pyName: string | null;
  /** Clock of the state update and of t/dt in all its code (pathways run on their trigger group's clock). */
  clock: string;
  source: GroupRef;
  target: GroupRef;
  /** Per-synapse variables (parameters, differential variables, lastupdate); shared ones hold one value. */
  variables: LVar[];
  /** Own subexpressions, substituted (for monitors). */
  subexpressions: Record<string, { expr: SExpr; dim: Dim; shared: boolean }>;
  hoisted: LHoisted[];
  /** Clock-driven state update (groups slot); empty without clock-driven equations. */
  update: LStmt[];
  method: { name: string; reason: string; span: Span | null } | null;
  pathways: LPathway[];
  summed: LSummed[];
  span: Span;
}

/**
 * PoissonInput: `variable += X*weight` for every neuron of the target in the synapses slot, X drawn
 * as Brian2 draws it: binomial(n, p), or normal(loc, scale) when n·p > 5 and n·(1−p) > 5.
 */
export interface LPoissonInput {
  id: string;
  pyName: string | null;
  /** The target group's clock (it runs on it; its binomial p = rate·dt uses that clock's dt). */
  clock: string;
  target: GroupRef;
  variable: string;
  draw: { kind: 'binomial'; n: number; p: number } | { kind: 'normal'; loc: number; scale: number };
  weight: SExpr;
  /** The variable is `(unless refractory)`: only non-refractory neurons receive input (and draws). */
  conditional: boolean;
  span: Span;
}

/**
 * How the clocks of one run tick (Brian2's Network.run: the clocks with the smallest time tick together):
 * - `single`: one base clock ticks at every step of the run; each other clock of the run ticks exactly
 *   when the base's timestep is a multiple of `every[clock]` (its own timestep is then base/every). The
 *   converter checked this per run from the clocks' steps and dts (3-lower/clocks.ts);
 * - `multi`: any other pattern: the project picks the ticking clocks at every step as Brian2 does.
 */
export type LTickPlan = { kind: 'single'; base: string; every: Record<string, number> } | { kind: 'multi' };

/** A run() segment: `objects` advance for `ticks` steps (ticks of its clocks, RunIR). */
export interface LRun {
  kind: 'run';
  network: string;
  /** Ids of the groups, synapses, inputs and monitors that take part; the others keep their state. */
  objects: string[];
  /** The default clock's first step and steps (RunIR). */
  startStep: number;
  steps: number;
  /** The run's clocks with their dt and steps (RunIR.clocks). */
  clocks: RunClockIR[];
  plan: LTickPlan;
  /** Steps of the project's loop in this run: one per tick of the run's clocks (Brian2's loop iterations). */
  ticks: number;
  /** How often each clock of the run ticks (by ClockIR id). */
  clockTicks: Record<string, number>;
  /** The network's time when the run ends (start + duration, as Brian2 adds them). */
  end: number;
  /** Values of constants that change between runs (index = run number). */
  constants: Record<string, number>;
  span: Span;
  /**
   * The run continues a network that a network operation may have stopped early: it starts at the network's
   * time when the project runs, and lasts until Brian2's timestep of (that time + duration); startStep and
   * steps are then what it would be without the stop.
   */
  afterStop?: { duration: number };
}

export type LAction =
  /** With `op`: the selected elements become current OP value (`G.v += x`). */
  | { kind: 'set'; target: GroupRef; variable: string; index: IndexIR; value: LValue; op?: SetOp; span: Span }
  /** Initialisation of a synaptic variable (the synapse count is known only when the project runs). */
  | { kind: 'set-synaptic'; synapses: string; variable: string; index: IndexIR; value: LValue; op?: SetOp; span: Span }
  | { kind: 'set-delay'; synapses: string; pathway: string; index: IndexIR; value: LValue; span: Span }
  /** connect(): expressions of the rule are substituted (subexpressions of the groups inlined). */
  | { kind: 'connect'; synapses: string; rule: ConnectIR; span: Span }
  | LRun
  /**
   * The state of `objects` and of their clocks, saved under (network, name); Brian2 first sets those clocks
   * to the network's `time` (calc_timestep with their dt).
   */
  | { kind: 'store'; name: string; network: string; objects: string[]; clocks: string[]; time: number; span: Span }
  /** Back to a stored state (the clocks' dt and time too). */
  | { kind: 'restore'; name: string; network: string; objects: string[]; clocks: string[]; randomState: boolean; span: Span }
  /** `clock.dt = x` of the script: code run before the next run (initialisations) sees the new dt. */
  | { kind: 'clock-dt'; clock: string; dt: number; span: Span }
  /** numpy's global generator restarts from this seed (null: fresh entropy), as the script's seed() does. */
  | { kind: 'seed'; seed: number | null; span: Span }
  /** numpy.random.<fn>(...) of the script, drawn here (ActionIR 'draw'). */
  | { kind: 'draw'; id: number; fn: string; args: ComputedIR[]; kwargs: [string, ComputedIR][]; span: Span }
  /** The number of synapses of `synapses` at this point, kept with the draws (ActionIR 'count'). */
  | { kind: 'count'; id: number; synapses: string; span: Span }
  /** A StateMonitor with record=True on synapses is created here: it records the synapses that exist now. */
  | { kind: 'monitor-created'; monitor: string; span: Span };

export type LValue =
  | { kind: 'scalar'; value: number }
  | { kind: 'array'; values: number[] }
  | { kind: 'expression'; expr: SExpr }
  /** Computed by the project from its draws (ValueIR 'computed'); shape [] for one number. */
  | { kind: 'computed'; node: ComputedIR; shape: number[] };

/**
 * An entry of the schedule of one time step, in execution order. Each entry (see ScheduleOp) runs when
 * its `clock` ticks; `owner` is the clock whose t, dt and timestep its code reads (the group or synapses
 * whose code it is, as in Brian2, where a clock that does not tick in this step already shows its next
 * time); for a monitor's recording `clock` also stamps the sample.
 */
export type LScheduleEntry = ScheduleOp & { clock: string; owner: string };

export type ScheduleOp =
  | { slot: string; op: 'summed'; synapses: string; index: number }
  | { slot: 'groups'; op: 'update-synapses'; synapses: string }
  | { slot: 'synapses'; op: 'pathway'; synapses: string; pathway: string }
  | { slot: 'synapses'; op: 'poisson-input'; input: string }
  | { slot: 'before_start'; op: 'constant-over-dt'; group: string }
  | { slot: 'start'; op: 'record-state'; monitor: string }
  | { slot: string; op: 'run-regularly'; group: string; index: number }
  | { slot: 'groups'; op: 'update'; group: string }
  | { slot: 'groups'; op: 'cable'; group: string }
  /** The spike event's thresholder (thresholds slot unless set_event_schedule moved it). */
  | { slot: string; op: 'threshold'; group: string }
  /** A SpikeMonitor or EventMonitor (slot of its event's thresholder, or its own when=). */
  | { slot: string; op: 'record-spikes'; monitor: string }
  /** The spike event's code (resets slot for reset=, after_resets for run_on_event('spike', ...)). */
  | { slot: string; op: 'reset'; group: string }
  /** A custom event's thresholder and code (`<group>_<event>_thresholder` / `_resetter`). */
  | { slot: string; op: 'event-threshold'; group: string; event: string }
  | { slot: string; op: 'event-code'; group: string; event: string }
  | { slot: 'end'; op: 'record-rate'; monitor: string }
  /** A network operation (LNetworkOperation id), in its slot. */
  | { slot: string; op: 'network-operation'; operation: string }
  | { slot: string; op: 'record-state'; monitor: string };

export interface LMonitorVariable {
  name: string;
  /** Expression to record (a variable, or a substituted subexpression). */
  expr: SExpr;
  dim: Dim;
}

/**
 * A monitor records in the runs whose `objects` list it. `samples`: how many recordings it can make over
 * those runs (the ticks of its clock, LRun.clockTicks), to preallocate.
 */
export type LMonitor =
  | (Extract<MonitorIR, { kind: 'SpikeMonitor' }> & { recorded: LMonitorVariable[] })
  | (Extract<MonitorIR, { kind: 'StateMonitor' }> & { recorded: LMonitorVariable[]; samples: number })
  | (Extract<MonitorIR, { kind: 'PopulationRateMonitor' }> & { samples: number });

/**
 * A network operation (NetworkOperationIR): its body runs at the steps of the default clock that are
 * multiples of `everySteps` (its own clock's ticks: dt = everySteps·defaultclock.dt), with the time of its
 * own clock, (step / everySteps)·dt.
 */
export interface LNetworkOperation extends NetworkOperationIR {
  everySteps: number;
}

export interface LoweredModel {
  format: 'brian2lava-lowered/1';
  source: { file: string; sha256: string };
  /** defaultclock.dt at the first run (ModelIR.dt). */
  dt: number;
  /** The clocks (ModelIR.clocks); each run has their dt and steps. */
  clocks: ClockIR[];
  /** Seed of the generated project's random generator (the script's, or the converter's default). */
  seed: number;
  seedFromScript: boolean;
  /** The model's random numbers (ModelIR.random): whether the cpu project draws Brian2's own. */
  random: RandomIR;
  constants: ConstantIR[];
  timedArrays: TimedArrayIR[];
  groups: LGroup[];
  synapses: LSynapses[];
  poissonInputs: LPoissonInput[];
  monitors: LMonitor[];
  schedule: LScheduleEntry[];
  /** The networks (ModelIR.networks): which runs continue one another is in the runs' network/startStep. */
  networks: NetworkIR[];
  /** Network operations, the functions of the script they call, and the script's variables they use (ModelIR). */
  networkOperations: LNetworkOperation[];
  hostFunctions: HostFunctionIR[];
  hostGlobals: HostGlobalIR[];
  program: LAction[];
  /** Steps of all runs together (ticks of the project's loop). */
  totalSteps: number;
  device: { name: string; options: Record<string, unknown> } | null;
}
