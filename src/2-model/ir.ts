// The model IR: what a Brian2 script builds, independent of how it was written and of Lava.
// Produced by 2-model from the evaluated script, consumed by 3-lower. Everything is JSON-serialisable
// (`brian2lava convert --emit-ir` prints it); every node keeps the span of the script text it came from,
// so any later phase (lowering, fixed point, verify) can point at the line a problem comes from.
// Quantities are stored in SI base units with their dimension.

import type { Span } from '../diagnostics/source.js';
import type { SExpr } from '../symbolic/expr.js';
import type { Dim } from '../units/dimension.js';

export const IR_FORMAT = 'brian2lava-ir/1';

/** The integration methods a `method=` may name; 3-lower/integrators/registry.ts has one integrator for each. */
export const INTEGRATION_METHODS = ['exact', 'linear', 'euler', 'rk2', 'rk4', 'heun', 'milstein', 'exponential_euler'] as const;
export type IntegrationMethod = (typeof INTEGRATION_METHODS)[number];

export interface ModelIR {
  format: typeof IR_FORMAT;
  source: { file: string; sha256: string };
  /** `set_device('lava', ...)` and its options, kept for the backend (hardware, mode, ...). */
  device: { name: string; options: Record<string, unknown>; span: Span } | null;
  /** defaultclock.dt in seconds, as it is when the first run() starts (its dt per run is in RunIR.clocks). */
  dt: number;
  /**
   * Brian2's clocks the model's objects run on (defaultclock first). Objects refer to them by id; each
   * run() lists the clocks of its objects with their dt for that run (RunIR.clocks).
   */
  clocks: ClockIR[];
  /** `seed(n)` in the script; null when the script does not seed (the project then uses its own seed). */
  seed: number | null;
  /** External constants referenced by any code or equation (see ConstantIR). */
  constants: ConstantIR[];
  groups: GroupIR[];
  synapses: SynapsesIR[];
  poissonInputs: PoissonInputIR[];
  timedArrays: TimedArrayIR[];
  monitors: MonitorIR[];
  /** The networks the script runs: Brian2's magic network (run() without a Network) and Network objects. */
  networks: NetworkIR[];
  /** Network operations: Python functions of the script run in the schedule (see NetworkOperationIR). */
  networkOperations: NetworkOperationIR[];
  /** Functions of the script that network operations call (translated like them). */
  hostFunctions: HostFunctionIR[];
  /** The script's variables that network operations and their functions read or change. */
  hostGlobals: HostGlobalIR[];
  /**
   * What the script does, in order: initialisations, connections, runs, store/restore. Each run names
   * the objects that take part and the time it starts from (2-model/networks.ts replays Brian2's rules);
   * an object in no run is built and initialised but never stepped.
   */
  program: ActionIR[];
  /** Things the converter skipped on purpose (plots, prints, post-processing), shown as notes. */
  notes: NoteIR[];
  /** The model's random numbers: whether the cpu project draws Brian2's own (random.ts). */
  random: RandomIR;
}

/**
 * Random numbers of the model, for comparing a run with Brian2's (verify picks exact or stats):
 * `draws` the model draws any (while it is built or every step); `seeded` seed(n) comes before every
 * draw; `reproducible` every draw site is made in Brian2's numpy order and amounts; `exact` = no draws,
 * or seeded and reproducible: the cpu project then gives Brian2's numbers. `reasons`: why not (located).
 */
export interface RandomIR {
  draws: boolean;
  seeded: boolean;
  reproducible: boolean;
  exact: boolean;
  reasons: { message: string; span: Span | null }[];
}

/**
 * A Brian2 Clock. Every object keeps the clock object it was made with, so a change of the clock's dt
 * (`defaultclock.dt = x`, `clock.dt = x`) applies to all its objects from the next run on (RunIR.clocks).
 * Within a step (a tick), the clocks whose time is the smallest (equal within 1e-4 of the smaller dt)
 * tick together and their objects run in schedule order; t = timestep·dt with an integer timestep.
 */
export interface ClockIR {
  /** Brian2's name: 'defaultclock', 'clock', 'clock_1', ... (Clock objects), '<object>_clock' (made by dt=). */
  id: string;
  /** 'default': defaultclock; 'clock': a Clock(...) of the script; 'own': made by an object's dt= argument. */
  kind: 'default' | 'clock' | 'own';
  /** The script variable it was first bound to, if any. */
  pyName: string | null;
  /** dt in seconds in the first run that uses it (else its last value in the script). */
  dt: number;
  /** Where it was made (defaultclock: where its dt was first set; null when the script never sets it). */
  span: Span | null;
}

/** An expression from a Brian2 string (or a value written as one), resolved and unit-checked. */
export interface ExprIR {
  /** The text as written. */
  code: string;
  ast: SExpr;
  dim: Dim;
  span: Span;
}

/** One statement of Brian2 code (`v = v_reset`, `ge += w`). */
export interface StatementIR {
  /** The assigned variable, named as in the object that owns it (`v_post += w` → 'v' with side 'post'). */
  target: string;
  /** For synaptic code: which object the target belongs to. */
  side?: 'pre' | 'post' | 'syn';
  /**
   * A temporary of this code block (Brian2's `:=`: a name assigned that is not a variable of the
   * object); `target` is then `__tmp_<name>`, the name its `temp` symbols carry in later statements.
   */
  temporary?: true;
  op: '=' | '+=' | '-=' | '*=' | '/=' | '//=' | '%=' | '**=';
  value: ExprIR;
  span: Span;
}

/**
 * A name from the script's namespace used inside Brian2 code. `value` is the value when the object was
 * first run; `perRun` is present when the value changes between run() calls (index = run number).
 */
export interface ConstantIR {
  id: string;
  name: string;
  value: number;
  dim: Dim;
  integer: boolean;
  perRun?: number[];
  span: Span;
}

export type VarType = 'float' | 'integer' | 'boolean';

export interface EquationIR {
  kind: 'differential' | 'subexpression' | 'parameter';
  name: string;
  /** Right-hand side; null for parameters. */
  expr: ExprIR | null;
  dim: Dim;
  unitText: string;
  type: VarType;
  flags: string[];
  span: Span;
}

export type RefractoryIR = { kind: 'time'; seconds: number; span: Span } | { kind: 'expression'; expr: ExprIR } | { kind: 'condition'; expr: ExprIR };

export type GroupIR = NeuronGroupIR | SpatialNeuronIR | PoissonGroupIR | SpikeGeneratorGroupIR;

interface GroupBase {
  /** Brian2's name of the object (`neurongroup`, `neurongroup_1`, or `name=`). */
  id: string;
  /** The script variable it was first bound to, if any. */
  pyName: string | null;
  n: number;
  /**
   * ClockIR id: the clock its state update, thresholder, resetter and event code run on (a SpikeMonitor,
   * EventMonitor or PopulationRateMonitor of it, a PoissonInput into it and the summed variables and
   * post pathways of synapses onto it run on it too); `t` and `dt` in code run in this group (its
   * run_regularly code on another clock included) are this clock's, as they stand when the code runs.
   */
  clock: string;
  span: Span;
}

/**
 * A place in Brian2's schedule of one time step: the slot (`start`, `groups`, `thresholds`, `synapses`,
 * `resets`, `end`, or a `before_`/`after_` one of them) and the order within it (objects of a slot run
 * by order, then by name).
 */
export interface SlotIR {
  when: string;
  order: number;
}

/**
 * A custom event of a NeuronGroup (`events={'name': 'condition'}`): every step its thresholder finds the
 * elements where `condition` holds (no refractoriness: only the spike event is gated by not_refractory
 * and sets lastspike), then `code` (from `G.run_on_event(name, code)`) runs for them. Pathways
 * (`on_event=`) and EventMonitors can be triggered by it.
 */
export interface EventIR {
  /** The event's name (an identifier, never 'spike': that is the group's threshold/reset). */
  name: string;
  condition: ExprIR;
  /** Where the condition is tested: Brian2's `<group>_<name>_thresholder`, default after_thresholds, order 0 (set_event_schedule moves it). */
  threshold: SlotIR;
  /** `run_on_event(name, code, when, order)`: the statements (written unconditionally, as a reset), or null without one. */
  code: StatementIR[] | null;
  /** Where the code runs: `<group>_<name>_resetter`, default after_resets, order 0. */
  reset: SlotIR;
  span: Span;
}

export interface NeuronGroupIR extends GroupBase {
  kind: 'NeuronGroup';
  equations: EquationIR[];
  /** The spike event's condition (`threshold=`, or `events={'spike': ...}`), null when the group never spikes. */
  threshold: ExprIR | null;
  /** The spike event's code: `reset=` or `run_on_event('spike', ...)`. */
  reset: StatementIR[];
  /**
   * Where the spike event's thresholder and resetter run: Brian2's defaults are thresholds and resets
   * (order 0); `set_event_schedule('spike', ...)` moves the first, `run_on_event('spike', code)` puts the
   * code into after_resets unless told otherwise.
   */
  spikeSchedule: { threshold: SlotIR; reset: SlotIR };
  /** Custom events in the order of the `events` dict. */
  events: EventIR[];
  /** Where each `(linked)` parameter reads its values (one link per linked parameter). */
  links: LinkIR[];
  refractory: RefractoryIR | null;
  /**
   * `method=` as given, or null for Brian2's default choice. A list of methods (tried in order, the
   * first that accepts the equations is used) has them in `candidates` and joined in `name`.
   */
  method: { name: string; span: Span; candidates?: string[] } | null;
  /** Code run on a regular clock (`G.run_regularly(...)`). */
  runRegularly: RunRegularlyIR[];
}

/**
 * A multicompartment neuron (Brian2's SpatialNeuron): a NeuronGroup of `n` compartments whose membrane
 * potential `v` is advanced by Brian2's implicit cable solver, and whose other differential equations
 * are integrated with `method` as a NeuronGroup's. Every field of NeuronGroupIR keeps its meaning, with
 * the equations as Brian2 rewrites them in SpatialNeuron.__init__:
 * - `Im` (amp/m², the transmembrane current per area, required) has every point current added as
 *   `+ I/area` (in the order they are declared); their `point current` flag is removed;
 * - `v` (volt) is a parameter: only the cable solver writes it;
 * - `gtot__private` = -dIm/dv and `I0__private` = Im + gtot__private·v (with subexpressions substituted,
 *   `(constant over dt)` ones kept): the linearisation of Im the solver uses, as Brian2 derives it;
 * - parameters `length`, `distance`, `area`, `diameter`, `r_length_1`, `r_length_2` (constant), `volume`,
 *   `Ic` (amp/m², Cm·dv/dt written by the solver), `Cm` (F/m², constant), `Ri` (ohm·m, constant, shared),
 *   `x`, `y`, `z` (only when a section has coordinates); subexpressions `time_constant`, `space_constant`.
 * The geometry, Cm and Ri are given their values by `set` actions at the point of the program where the
 * neuron is created (Brian2 assigns them in the constructor), so later initialisations may change them.
 * The default `method` (null) is Brian2's list for SpatialNeuron: exact, exponential_euler, rk2, heun.
 * `threshold` already includes `and i == threshold_location` when a location was given.
 */
export interface SpatialNeuronIR extends Omit<NeuronGroupIR, 'kind'> {
  kind: 'SpatialNeuron';
  /** Names of the point currents (amp), in the order they were added to Im. */
  pointCurrents: string[];
  /** The compartment where the threshold applies (Brian2's threshold_location), or null for all. */
  thresholdLocation: number | null;
  morphology: MorphologyIR;
}

/**
 * The morphology's topology as Brian2's FlatMorphology numbers it: compartments depth-first from the
 * root section, sections in the same order. Section numbers in `parent` and `children` count from 1
 * (0 is the virtual root above the first section). The per-compartment geometry is in the set actions.
 */
export interface MorphologyIR {
  /** Number of sections. */
  sections: number;
  /** Per section: its first compartment and one past its last. */
  starts: number[];
  ends: number[];
  /** Per section: its parent's section number (0 for the root section). */
  parent: number[];
  /** Per section: its position among its parent's children. */
  idxchild: number[];
  /** Per section number 0..sections: the number of children. */
  childrenNum: number[];
  /** (sections + 1) × max(childrenNum), row-major: the children's section numbers (0 pads a row). */
  children: number[];
  /** Per section: the path of names from the root ('' for the root, 'axon', 'L.L', ...), for documentation. */
  names: string[];
}

export interface RunRegularlyIR {
  code: StatementIR[];
  /** ClockIR id: the clock it runs on (its own for dt=, `clock=`, else the group's); its code reads the group's t and dt. */
  clock: string;
  when: string;
  /** Run on a subgroup (`G[a:b].run_regularly`): its Brian2 name and its neurons [start, stop). */
  subgroup?: { name: string; start: number; stop: number };
  span: Span;
}

export interface PoissonGroupIR extends GroupBase {
  kind: 'PoissonGroup';
  /**
   * Rate per neuron in Hz: one value, one value per neuron, or a Brian2 expression (of i, t, constants,
   * TimedArrays) evaluated at every step, as Brian2's `rates` subexpression.
   */
  rates: ValueIR;
  /** `run_regularly` code on the group (it can write `rates` when rates is not an expression). */
  runRegularly: RunRegularlyIR[];
}

export interface SpikeGeneratorGroupIR extends GroupBase {
  kind: 'SpikeGeneratorGroup';
  /** Neuron of each spike, sorted as Brian2 sorts them (by time, then index). */
  indices: number[];
  /** Spike times in seconds (same order). */
  times: number[];
  /** Repetition period in seconds; 0 = none. */
  period: number;
  /**
   * The spikes are computed by the project from numbers it draws (numpy.random in the script): indices
   * and times are then empty here, and the project checks and sorts them as Brian2 does.
   */
  computed?: { indices: ComputedIR; times: ComputedIR };
}

/**
 * A linked variable (`x : volt (linked)`, `G.x = linked_var(H, 'v', index=...)`): reading `x` in this
 * object's code (and in monitors, synapses, ...) reads the current value of `variable` of `group` (the
 * whole group; indices below are absolute in its arrays), at the moment the code runs. Linked variables
 * are never written. Brian2's index rules, resolved:
 * - `offset`: element k reads element `start + k` (no index given, same size; `start` is the offset of
 *   a subgroup link target);
 * - `scalar`: every element reads element 0 (a shared target variable, or a target group of size 1);
 * - `indices`: element k reads `indices[k]` (`index=` array, mapped through a subgroup's offset);
 * - `variable`: element k reads the element named by this object's integer variable `name` (`index='name'`).
 */
export interface LinkIR {
  /** The linked parameter of this object. */
  variable: string;
  /** The id of the group whose variable is read. */
  group: string;
  /**
   * Its variable: a differential variable, a parameter, lastspike/not_refractory, or a subexpression
   * (evaluated with the target group's values at the linked elements, as Brian2's referred subexpression).
   */
  targetVariable: string;
  index: { kind: 'offset'; start: number } | { kind: 'scalar' } | { kind: 'indices'; indices: number[] } | { kind: 'variable'; name: string };
  /**
   * Linked one to one to the whole group (Brian2's default index): only then can Synapses read it as a
   * pre/post variable (Brian2 leaves other linked variables out of a Synapses object's names).
   */
  direct: boolean;
  /** The `G.x = linked_var(...)` assignment. */
  span: Span;
}

/** A group or a contiguous slice of it (`G[:100]`); Brian2 subgroups are always contiguous. */
export interface GroupRef {
  group: string;
  start: number;
  stop: number;
  /**
   * Set on the source/target of synapses when it is a Subgroup object (even `G[:]`): Brian2 gives
   * subgroups the order of their group + 1, which moves summed-variable updaters in the schedule.
   */
  subgroup?: boolean;
  /**
   * The ref names a Synapses object (`group` is its id): synapses on synapses, whose elements are its
   * synapses (index i or j of the other object is a synapse index). Its size is the number of synapses
   * when the project runs; `start` and `stop` are 0.
   */
  synapses?: boolean;
}

export interface SynapsesIR {
  kind: 'Synapses';
  id: string;
  pyName: string | null;
  /**
   * ClockIR id of the synapses' state update; `t` and `dt` in all their code (pathways included) are this
   * clock's. A pathway runs on the clock of the group whose events trigger it (the source for on_pre) and
   * its delays are rounded with that clock's dt; summed variables run on the target's clock (Brian2).
   */
  clock: string;
  /** Presynaptic group (or slice), or Synapses object; `i` in synaptic code is relative to its start. */
  source: GroupRef;
  /** Postsynaptic group (or slice), or Synapses object; `j` is relative to its start. */
  target: GroupRef;
  /**
   * Model equations. Differential equations carry the flag `event-driven` or are clock-driven (flag
   * `clock-driven` or none); subexpressions flagged `summed` are named `x_post`/`x_pre` after the
   * parameter of the target/source group they write. Expressions use symbols with `side` 'pre'/'post'
   * for variables of the source/target group (Brian2's `v_pre`, `v_post`, and unsuffixed postsynaptic
   * names); special names i, j, N (number of synapses), N_pre, N_post, N_incoming, N_outgoing.
   */
  equations: EquationIR[];
  pathways: PathwayIR[];
  /** Whether the synapses have Brian2's per-synapse `lastupdate` (they do when an equation is event-driven). */
  hasLastupdate: boolean;
  /** Linked parameters of the synapses (index kinds `scalar` or `variable` only, as Brian2 allows). */
  links: LinkIR[];
  /** `method=` as for a NeuronGroup (a list has its methods in `candidates`). */
  method: { name: string; span: Span; candidates?: string[] } | null;
  /**
   * Summed variables moved in the schedule by the script (`S.summed_updaters['v_post'].when = ...`),
   * by the name of their equation; absent ones run in Brian2's default place (groups slot, order of the
   * target − 1). `order` null keeps the default order.
   */
  summedSchedule?: Record<string, { when: string; order: number | null }>;
  span: Span;
}

export interface PathwayIR {
  /** Brian2's name of the pathway object suffix: 'pre', 'post', or the key of an on_pre/on_post dict. */
  name: string;
  /** The group whose events trigger it: 'pre' (on_pre) or 'post' (on_post). */
  trigger: 'pre' | 'post';
  /** The event of that group that triggers it (`on_event=`): 'spike', or one of its EventIR names. */
  event: string;
  /** Statements; `side` says whether a target is synaptic ('syn'), presynaptic or postsynaptic. */
  code: StatementIR[];
  /** Homogeneous delay in seconds given to the constructor (`delay=`), or null: per-synapse delays (initially 0). */
  delay: number | null;
  span: Span;
}

export interface PoissonInputIR {
  kind: 'PoissonInput';
  id: string;
  pyName: string | null;
  /** The target group (or slice); every neuron of it receives an independent input. */
  target: GroupRef;
  variable: string;
  /** Number of independent Poisson sources per neuron. */
  n: number;
  /** Rate of each source in Hz. */
  rate: number;
  /** Added per input spike: a value, or a Brian2 expression evaluated in the target group. */
  weight: ExprIR;
  span: Span;
}

export interface TimedArrayIR {
  id: string;
  pyName: string | null;
  /** Row-major values in SI units: shape [steps] or [steps, n] (empty when `computed`). */
  values: number[];
  /** The values are computed by the project from numbers it draws (numpy.random in the script). */
  computed?: ComputedIR;
  shape: number[];
  dim: Dim;
  /** Step of the array in seconds. */
  dt: number;
  span: Span;
}

export type MonitorIR = SpikeMonitorIR | StateMonitorIR | PopulationRateMonitorIR;

/** A SpikeMonitor, or an EventMonitor (Brian2's SpikeMonitor is the EventMonitor of the 'spike' event). */
export interface SpikeMonitorIR {
  kind: 'SpikeMonitor';
  id: string;
  /** Key of the monitor in results.json, by the rule of monitor-keys.ts (set for every monitor). */
  pyName: string | null;
  /** The recorded event: 'spike', or a custom event (EventIR.name) of the source group. */
  event: string;
  /** Made by EventMonitor(...): results.json gives it the type "EventMonitor" (Brian2's class). */
  eventMonitor: boolean;
  /** `record=`: false records only the counts per neuron, not each event's index and time. */
  record: boolean;
  /**
   * Where it records: given with when=/order=, else (as Brian2 fixes it when the monitor is created) the
   * slot of the event's thresholder then, order + 1.
   */
  slot: SlotIR;
  /**
   * Number of actions of `ModelIR.program` (connect, set, run, ...) that come before the monitor's
   * creation. It records in the runs that list it in their `objects` (for one created between two runs of
   * its network: from the next run on).
   */
  afterActions: number;
  /** A neuron group, PoissonGroup or SpikeGeneratorGroup, or a slice of one. */
  source: GroupRef;
  /** Extra variables recorded at each spike. */
  variables: string[];
  span: Span;
}

export interface StateMonitorIR {
  kind: 'StateMonitor';
  id: string;
  pyName: string | null;
  /** A neuron group (or subgroup) or a Synapses object (GroupRef.group is then the synapses id). */
  source: GroupRef;
  sourceKind: 'group' | 'synapses';
  variables: string[];
  /**
   * Recorded indices (relative to the source), or true for all. For synapses, true means the synapses
   * that exist when the monitor is created (`afterActions` tells when), as Brian2's record=True.
   */
  record: number[] | true;
  /**
   * Synapses only, with record true: `record=S[i, j]` (or `S[k]`, `S['condition']`, Brian2's
   * SynapticSubgroup) records the synapses this index selects among those that exist when the monitor is
   * created, in Brian2's order. `share`: the fraction of the synapses it is expected to select (only for
   * the memory estimate).
   */
  recordSelection?: { index: IndexIR; share: number };
  /** As for SpikeMonitorIR. */
  afterActions: number;
  /** Brian2 schedule slot (default 'start'). */
  when: string;
  /** ClockIR id of the clock it records on: `clock=`, its own for dt=, else the source's. */
  clock: string;
  span: Span;
}

export interface PopulationRateMonitorIR {
  kind: 'PopulationRateMonitor';
  id: string;
  pyName: string | null;
  /** As for SpikeMonitorIR. */
  afterActions: number;
  source: GroupRef;
  span: Span;
}

export type ValueIR =
  | { kind: 'scalar'; value: number; dim: Dim }
  | { kind: 'array'; values: number[]; dim: Dim }
  /** A Brian2 string expression evaluated per element (may use i, j, rand(), other variables). */
  | { kind: 'expression'; expr: ExprIR }
  /**
   * Numbers the project computes from its draws (numpy.random calls of the script): `shape` [] for one
   * number, [n] for one per element; SI values.
   */
  | { kind: 'computed'; node: ComputedIR; shape: number[]; dim: Dim };

/**
 * How the generated project computes a value from the numbers drawn by the program's `draw` actions:
 * the script's own numpy calls, operators, methods and indexing, replayed on SI values (Brian2's
 * quantities are numpy arrays of SI values, so numpy gives the same numbers). Leaves are draws and
 * values known to the converter.
 */
export type ComputedIR =
  /** The numbers of draw action `id`. */
  | { op: 'draw'; id: number }
  | { op: 'number'; v: number; int: boolean }
  | { op: 'bool'; v: boolean }
  | { op: 'none' }
  | { op: 'str'; v: string }
  | { op: 'array'; values: number[]; shape: number[]; dtype: 'float' | 'int' | 'bool' }
  | { op: 'list' | 'tuple'; items: ComputedIR[] }
  | { op: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { op: 'ellipsis' }
  /** A dtype given as an argument (`int`, `float`, `bool`, numpy's `int32`, ...). */
  | { op: 'dtype'; name: string }
  /** numpy.<fn>(...) */
  | { op: 'call'; fn: string; args: ComputedIR[]; kwargs: [string, ComputedIR][] }
  /** self.<name>(...) */
  | { op: 'method'; name: string; self: ComputedIR; args: ComputedIR[]; kwargs: [string, ComputedIR][] }
  | { op: 'attr'; name: string; self: ComputedIR }
  | { op: 'binary' | 'compare'; operator: string; a: ComputedIR; b: ComputedIR }
  | { op: 'unary'; operator: '-' | '+' | '~'; a: ComputedIR }
  | { op: 'index'; self: ComputedIR; index: ComputedIR }
  /** A copy of self with self[index] = value. */
  | { op: 'setitem'; self: ComputedIR; index: ComputedIR; value: ComputedIR }
  /** What the SpikeMonitor `monitor` has recorded so far: its indices `i` or its times `t` (SI). */
  | { op: 'recorded'; monitor: string; variable: 'i' | 't' };

export type IndexIR =
  | { kind: 'all' }
  | { kind: 'indices'; indices: number[] }
  /** For synapses (whose number is known only at run time), stop may be null: to the end. */
  | { kind: 'slice'; start: number; stop: number | null; step: number }
  | { kind: 'condition'; expr: ExprIR }
  /** Indices or a boolean mask the project computes from its draws (numpy.random in the script). */
  | { kind: 'computed'; node: ComputedIR };

/**
 * A Brian2 network, with its own time t. Every object belongs to at most one network: the first one that
 * runs it (Brian2 refuses to run it in another).
 */
export interface NetworkIR {
  /**
   * `magicnetwork` for Brian2's magic network (run(), store(), restore() without a Network, and
   * `magic_network.run()`), else the Network's Brian2 name (`network`, `network_1`, or `name=`).
   * The magic network is one network whose time goes back to 0 when it starts a new simulation (every
   * object it collects is new: a run's `start` is then 0).
   */
  id: string;
  kind: 'magic' | 'explicit';
  /** The script variable the Network was bound to, if any (null for the magic network). */
  pyName: string | null;
  /** Where the Network was created (for the magic network: the first run(), store() or restore() that used it). */
  span: Span;
}

/** An in-place operator of a set action (`G.v += x`): the new value is the current one OP the value. */
export type SetOp = '+' | '-' | '*' | '/';

export type ActionIR =
  /**
   * `G.v[index] = value`; with `op`, `G.v[index] op= value` (Brian2 reads the current values at this
   * point of the script and writes back; for synapses the generated project does it).
   */
  | { kind: 'set'; target: GroupRef | { synapses: string }; variable: string; index: IndexIR; value: ValueIR; op?: SetOp; span: Span }
  /** `S.delay = ...`, `S.pre.delay = ...`: delays of one pathway, in seconds. */
  | { kind: 'set-delay'; synapses: string; pathway: string; index: IndexIR; value: ValueIR; span: Span }
  | { kind: 'connect'; synapses: string; rule: ConnectIR; span: Span }
  | RunIR
  /**
   * `store(name)` / `net.store(name)`: the state of `objects` (the network's objects, monitors' data
   * included) and the network's time are saved under (network, name).
   */
  | { kind: 'store'; name: string; network: string; objects: string[] /** The network's time (its clocks are set to it first). */; time: number; span: Span }
  /**
   * `restore(name)`: `objects` get the state saved by the store of the same network and name back (the
   * network's time too: the next run's `start` says where it continues). `randomState`: the random
   * generator is put back too (Brian2's restore_random_state=True).
   */
  | { kind: 'restore'; name: string; network: string; objects: string[]; randomState: boolean; span: Span }
  /**
   * `seed(n)` / `numpy.random.seed(n)`: numpy's global generator (the one Brian2's numpy runtime draws
   * from) restarts here from n; null: from fresh entropy (`seed()`).
   */
  | { kind: 'seed'; seed: number | null; span: Span }
  /**
   * `defaultclock.dt = x` / `clock.dt = x`: the clock's objects use the new dt from the next run on
   * (RunIR.clocks has it); initialisations between here and that run see it already.
   */
  | { kind: 'clock-dt'; clock: string; dt: number; span: Span }
  /**
   * `numpy.random.<fn>(...)` of the script, drawn here by the project from numpy's global generator with
   * these arguments; `id` numbers the draws, which ComputedIR values refer to.
   */
  | { kind: 'draw'; id: number; fn: string; args: ComputedIR[]; kwargs: [string, ComputedIR][]; span: Span }
  /**
   * `len(S)` / `S.N` of synapses the project makes (random connect()): counted here by the project and
   * kept with the draws under `id` (ComputedIR 'draw' refers to it), e.g. as the size of a later draw.
   */
  | { kind: 'count'; id: number; synapses: string; span: Span };

/**
 * `run(duration)` / `net.run(duration)`: the objects of `objects` advance from the network's time
 * `start` for `duration`; every other object keeps its state (monitors record only in the runs that
 * list them). Brian2 sets each clock to calc_timestep(start) and stops it before
 * calc_timestep(start + duration) (Clock._calc_timestep: round when within 1e-4 dt, else round up), with
 * the dt the clock has at this run: `clocks` lists them; `startStep`/`steps` are those of the default clock
 * (with its dt at this run, also when none of the objects uses it). The network's time after the run is
 * start + duration (as Brian2 adds them in floats).
 */
export interface RunIR {
  kind: 'run';
  /** NetworkIR id. */
  network: string;
  /**
   * Ids of the groups, synapses, PoissonInputs, monitors and network operations that take part, in the
   * order of the IR's lists (groups, synapses, poissonInputs, monitors, networkOperations): the network's
   * objects at this call, without those
   * Brian2 sets inactive (a synapse or monitor whose group the magic network does not see).
   */
  objects: string[];
  /** The network's time when the run starts, in seconds (0 for a new network or a new magic simulation). */
  start: number;
  duration: number;
  /** The default clock's time step when the run starts: calc_timestep(start) with its dt at this run. */
  startStep: number;
  /** Number of default-clock steps: calc_timestep(start + duration) - startStep. */
  steps: number;
  /**
   * Every clock of the objects that take part (contained ones included: pathways, summed variables,
   * run_regularly operations, monitors), in the order of ModelIR.clocks, with its dt for this run and the
   * steps Brian2's set_interval gives it: it ticks at timesteps startStep .. endStep − 1 (calc_timestep
   * of start and of start + duration with this dt).
   */
  clocks: RunClockIR[];
  span: Span;
}

export interface RunClockIR {
  /** ClockIR id. */
  clock: string;
  dt: number;
  startStep: number;
  endStep: number;
}

/**
 * The connection pattern of one `connect()` call. Expressions may use i, j, the variables of the source
 * and target groups (`v_pre`, `v_post`, unsuffixed = postsynaptic), rand() and constants (inlined), and
 * are evaluated by the generated project with the values the variables have at that point of the script.
 */
export type ConnectIR =
  /**
   * Explicit pairs (`i=..., j=...`), relative to the source/target; p and n as in Brian2. `computed`: the
   * indices are drawn by the project (i and j are then empty and n has one entry).
   */
  | { kind: 'indices'; i: number[]; j: number[]; p: number; n: number[]; computed?: { i: ComputedIR; j: ComputedIR } }
  | {
      kind: 'rule';
      /** Condition on (i, j); null for all pairs. */
      condition: ExprIR | null;
      /** Probability per pair (a number or an expression), null for 1. */
      p: ExprIR | null;
      /** Synapses per chosen pair (an integer or an expression of i, j), null for 1. */
      n: ExprIR | null;
      /** Generator syntax `j='k for k in range(...) if ...'` (or i=...) instead of condition/p. */
      generator: GeneratorIR | null;
    };

/**
 * Connect's generator syntax: for each source (or target) index, `element` evaluated for every `variable`
 * drawn from `range(start, stop, step)` (or `sample(...)`), kept when `condition` holds.
 */
export interface GeneratorIR {
  over: 'i' | 'j';
  variable: string;
  element: ExprIR;
  iterator:
    | { kind: 'range'; start: ExprIR; stop: ExprIR; step: ExprIR | null }
    | { kind: 'sample'; start: ExprIR; stop: ExprIR; step: ExprIR | null; p: ExprIR | null; size: ExprIR | null };
  condition: ExprIR | null;
  /** Drop out-of-range results instead of failing (Brian2's skip_if_invalid). */
  skipIfInvalid: boolean;
}

// ---------------------------------------------------------------- network operations

/**
 * A network operation (`@network_operation`, `NetworkOperation(f, ...)`): a Python function of the script
 * that Brian2 calls in its slot of the schedule at every tick of its clock. The converter never runs it:
 * 2-model/network-operations.ts translates its syntax tree into this tree, every name resolved (group
 * variables, monitors, the script's variables, numpy, units) and checked; the cpu project runs it.
 */
export interface NetworkOperationIR {
  kind: 'NetworkOperation';
  /** Brian2's name (`networkoperation`, `networkoperation_1`, or `name=`). */
  id: string;
  /** The function's name in the script. */
  pyName: string;
  /** Where it runs: `when` (default 'start') and `order` (default 0); ties are broken by `id`, as Brian2 does. */
  slot: SlotIR;
  /**
   * The period of its own clock in seconds (`dt=`: Brian2 makes a clock `<id>_clock`), or null: the default
   * clock. Its ticks are the multiples of dt.
   */
  dt: number | null;
  /**
   * The name of the function's parameter when it takes the time (`def f(t)`): Brian2 passes its clock's
   * time (seconds); the body reads it as a local of that name.
   */
  timeParam: string | null;
  body: HostStmtIR[];
  span: Span;
}

/** A function of the script that a network operation (or another such function) calls. */
export interface HostFunctionIR {
  /** Unique among host functions (the Python name, with a suffix when two functions share it). */
  id: string;
  pyName: string;
  params: { name: string; default: HostExprIR | null }[];
  body: HostStmtIR[];
  span: Span;
}

/**
 * A variable of the script (module-level, or of the function that defined the operation) that the
 * bodies read or change. Python looks it up when the body runs, so the project gives it, at each run,
 * the value the script had given it when that run() was called.
 */
export interface HostGlobalIR {
  id: string;
  /** The script's name. */
  name: string;
  /**
   * A body changes it (`global x` then assigned, or changed in place: `x[k] = ...`, `x.append(...)`): the
   * project keeps it from call to call and from run to run.
   */
  state: boolean;
  /**
   * By run of the program (index = run number): its value when that run() starts; null when it is unchanged
   * since the previous run (for state: the operations' value goes on), or does not exist yet.
   */
  values: (HostConstIR | null)[];
  span: Span;
}

/** A value of the script, as the project gives it to the bodies (numbers in SI units). */
export type HostConstIR =
  /** `numpy`: a numpy scalar (a Brian2 quantity, or a numpy result), not a Python int or float. */
  | { kind: 'number'; v: number; int: boolean; numpy: boolean }
  | { kind: 'bool'; v: boolean }
  | { kind: 'none' }
  | { kind: 'str'; v: string }
  | { kind: 'array'; values: number[]; shape: number[]; dtype: 'float' | 'int' | 'bool' }
  | { kind: 'list' | 'tuple' | 'set'; items: HostConstIR[] }
  | { kind: 'dict'; keys: HostConstIR[]; values: HostConstIR[] }
  /** Numbers the project draws (numpy.random while the model is built). */
  | { kind: 'computed'; node: ComputedIR };

/** What a body calls. */
export type HostCalleeIR =
  /** A numpy function by its path below numpy (`sin`, `random.normal`, `fft.rfft`, `linalg.solve`). */
  | { kind: 'numpy'; name: string }
  /** A function of Python's math module. */
  | { kind: 'math'; name: string }
  /** One of Python's builtins (`abs`, `len`, `sum`, `range`, `min`, ...). */
  | { kind: 'builtin'; name: string }
  /** A function of the script (HostFunctionIR id). */
  | { kind: 'function'; id: string }
  /** A TimedArray called with a time (and an index): Brian2's Python implementation of it. */
  | { kind: 'timed-array'; id: string };

/** A variable of a group, subgroup or synapses (`G.v`, `S.w`); `unitless`: written `G.v_` (same numbers, no unit check). */
export interface HostVariableIR {
  owner: GroupRef | { synapses: string };
  variable: string;
  /** Brian2's `shared` variable: one value, read as a scalar. */
  shared: boolean;
  unitless: boolean;
}

export type HostExprIR =
  | { e: 'const'; value: HostConstIR }
  /** A Brian2 unit, or units multiplied, divided and raised to powers: Brian2's value 10.0**scale (volt·… in SI). */
  | { e: 'unit'; scale: number; text: string }
  | { e: 'local'; name: string }
  /** A constant of numpy or math (`np.pi`, `math.inf`, `np.newaxis`), or a Python type given as a value (`dtype=int`). */
  | { e: 'named'; module: 'numpy' | 'math' | 'builtins'; name: string }
  /** `S.i` / `S.j`: the synapses' pre- or postsynaptic indices (relative to the source/target), as they are now. */
  | { e: 'synaptic-index'; synapses: string; which: 'i' | 'j' }
  /** `...` in an index. */
  | { e: 'ellipsis' }
  /** A HostGlobalIR. */
  | { e: 'global'; id: string }
  /** `defaultclock.t` / `defaultclock.dt` now (seconds). */
  | { e: 'defaultclock'; field: 't' | 'dt' }
  | ({ e: 'variable' } & HostVariableIR)
  /** A number an object holds: `G.N`, `len(G)`, `S.N` (synapses: known when the project runs). */
  | { e: 'size'; owner: GroupRef | { synapses: string } }
  /** What a monitor recorded so far: SpikeMonitor `num_spikes`, `count`, `i`, `t`; StateMonitor `t`, a variable; PopulationRateMonitor `t`, `rate`. */
  | { e: 'monitor'; monitor: string; field: string; unitless: boolean }
  | { e: 'call'; callee: HostCalleeIR; args: HostExprIR[]; kwargs: [string, HostExprIR][] }
  | { e: 'method'; self: HostExprIR; name: string; args: HostExprIR[]; kwargs: [string, HostExprIR][] }
  | { e: 'attr'; self: HostExprIR; name: string }
  | { e: 'index'; self: HostExprIR; index: HostExprIR }
  | { e: 'slice'; lower: HostExprIR | null; upper: HostExprIR | null; step: HostExprIR | null }
  | { e: 'binary'; op: string; a: HostExprIR; b: HostExprIR }
  | { e: 'unary'; op: '-' | '+' | '~' | 'not'; a: HostExprIR }
  | { e: 'boolop'; op: 'and' | 'or'; values: HostExprIR[] }
  | { e: 'compare'; ops: string[]; operands: HostExprIR[] }
  | { e: 'ifexp'; test: HostExprIR; body: HostExprIR; orelse: HostExprIR }
  | { e: 'list' | 'tuple' | 'set'; items: HostExprIR[] }
  | { e: 'dict'; keys: HostExprIR[]; values: HostExprIR[] }
  | {
      e: 'comprehension';
      type: 'list' | 'set' | 'generator' | 'dict';
      elt: HostExprIR;
      value: HostExprIR | null;
      generators: { target: HostTargetIR; iter: HostExprIR; ifs: HostExprIR[] }[];
    };

/** Where an assignment writes. */
export type HostTargetIR =
  | { t: 'local'; name: string }
  | { t: 'global'; id: string }
  /** `G.v = x`: every element of the variable (of the subgroup) takes the value, as Brian2's VariableView. */
  | ({ t: 'variable' } & HostVariableIR)
  /** `x[k] = ...` (also `G.v[k] = ...`: `self` is then the variable, a view that writes through). */
  | { t: 'index'; self: HostExprIR; index: HostExprIR }
  | { t: 'tuple'; items: HostTargetIR[] };

export type HostStmtIR =
  | { s: 'expr'; value: HostExprIR; span: Span }
  | { s: 'assign'; targets: HostTargetIR[]; value: HostExprIR; span: Span }
  | { s: 'augassign'; target: HostTargetIR; op: string; value: HostExprIR; span: Span }
  | { s: 'if'; test: HostExprIR; body: HostStmtIR[]; orelse: HostStmtIR[]; span: Span }
  | { s: 'for'; target: HostTargetIR; iter: HostExprIR; body: HostStmtIR[]; orelse: HostStmtIR[]; span: Span }
  | { s: 'while'; test: HostExprIR; body: HostStmtIR[]; orelse: HostStmtIR[]; span: Span }
  | { s: 'return'; value: HostExprIR | null; span: Span }
  | { s: 'break' | 'continue' | 'pass'; span: Span }
  /** `stop()` / `net.stop()`: the run ends after this time step (every object of the step still runs). */
  | { s: 'stop'; span: Span }
  /** Output the project does not reproduce (print, plotting): left out, named in a comment. */
  | { s: 'skipped'; what: string; span: Span };

export interface NoteIR {
  message: string;
  span: Span | null;
}
