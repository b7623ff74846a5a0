// Records of the Brian2 objects a script creates, as the evaluator sees them: constructor arguments
// already evaluated (quantities, arrays, strings with their offsets), not yet interpreted. The model
// builder (2-model) turns them into IR nodes; keeping the two apart lets the evaluator stay a plain
// Python evaluator and the builder hold all of Brian2's semantics of equations and code.

import type { Loc } from '../../../grammars/ast.js';
import type { FlatMorphology } from '../../morphology/flat.js';
import type { MorphologySection } from '../../morphology/section.js';
import type { Value } from '../values.js';
import type { DNode } from '../drawn-node.js';

export type Namespace = ReadonlyMap<string, Value>;

interface ObjectBase {
  /** Brian2's name (`neurongroup_1`). */
  name: string;
  /** First script variable bound to it. */
  pyName: string | null;
  loc: Loc;
  /** Namespace visible where it was created (`namespace=` overrides it at run time). */
  explicitNamespace: Map<string, Value> | null;
  /** Number of run() calls evaluated before the object was created (its first run is this index). */
  runsBefore?: number;
  /** Number of script actions (set, connect, run, ...) recorded before the object was created. */
  actionsBefore?: number;
  /** Number of start_scope() calls before the object was created (Brian2's `_scope_key`). */
  scope?: number;
}

/** `G.run_regularly(code, dt=, clock=, when=)`: `clock` is the given one, its own for dt=, else the group's. */
/** `G.run_on_event(event, code, when, order)` (order null: the group's). */
export interface EventCodeObj {
  event: string;
  code: Value;
  codeLoc: Loc;
  when: string;
  order: number | null;
  loc: Loc;
}

/** `G.set_event_schedule(event, when, order)`: the event's thresholder moves (the last call counts). */
export interface EventScheduleObj {
  event: string;
  when: string;
  order: number | null;
  loc: Loc;
}

export interface NeuronGroupObj extends ObjectBase {
  kind: 'NeuronGroup';
  n: number;
  model: Value;
  args: Map<string, { value: Value; loc: Loc }>;
  /** The group's clock (`clock=`, its own for `dt=`, else defaultclock). */
  clock: ClockObj;
  runRegularly: RunRegularlyObj[];
  /** run_on_event() calls in script order (reset= is the spike event's code, kept in args). */
  eventCode: EventCodeObj[];
  eventSchedule: EventScheduleObj[];
  /** `G.x = linked_var(...)` in script order (a later one for the same variable replaces the link). */
  links?: LinkObj[];
}

/** `linked_var(G, 'v', index=...)` / `linked_var(G.v)`: the link target, as Brian2's LinkedVariable holds it. */
export interface LinkedVariableObj extends ObjectBase {
  kind: 'LinkedVariable';
  /** The group (or subgroup) through which the variable is reached. */
  group: GroupLike | SynapsesObj;
  variable: string;
  /** `index=`: an integer array (relative to `group`) or the name of an integer variable of the linking group. */
  index: { value: Value; loc: Loc } | null;
}

/** One `G.x = linked_var(...)`: which variable, the target, and how many run() calls came before it. */
export interface LinkObj {
  variable: string;
  target: LinkedVariableObj;
  runsBefore: number;
  loc: Loc;
}

export interface SubgroupObj extends ObjectBase {
  kind: 'Subgroup';
  parent: NeuronGroupObj | PoissonGroupObj | SpikeGeneratorGroupObj | SpatialNeuronObj;
  start: number;
  stop: number;
  /**
   * A SpatialNeuron's subtree (`neuron.axon`, `neuron.main`: Brian2's SpatialSubgroup): the section of the
   * neuron's own copy of the morphology, whose children and `main` are reached from it.
   */
  morphology?: MorphologySection;
}

/**
 * `SpatialNeuron(morphology, model, ...)`: one neuron of `n` compartments. Brian2 keeps a deep copy of the
 * morphology (later changes to the script's tree do not reach the neuron), numbered depth-first in `flat`.
 */
export interface SpatialNeuronObj extends ObjectBase {
  kind: 'SpatialNeuron';
  n: number;
  model: Value;
  args: Map<string, { value: Value; loc: Loc }>;
  clock: ClockObj;
  runRegularly: RunRegularlyObj[];
  eventCode: EventCodeObj[];
  eventSchedule: EventScheduleObj[];
  links?: LinkObj[];
  /** The root of the neuron's copy of the morphology. */
  morphology: MorphologySection;
  flat: FlatMorphology;
  /** threshold_location as a compartment index, or null: the threshold applies everywhere. */
  thresholdLocation: { index: number; loc: Loc } | null;
}

/** A section of a morphology tree (`Soma(...)`, `morpho.axon`), as the script holds it. */
export interface MorphologyObj extends ObjectBase {
  kind: 'Morphology';
  section: MorphologySection;
}

/** Compartments [i, j) of one section (`morpho.axon[10*um:20*um]`, `morpho.L[5]`): Brian2's SubMorphology. */
export interface SubMorphologyObj extends ObjectBase {
  kind: 'SubMorphology';
  section: MorphologySection;
  i: number;
  j: number;
}

export interface SynapsesObj extends ObjectBase {
  kind: 'Synapses';
  links?: LinkObj[];
  /** The clock of its state update and of the code's t and dt (pathways run on the source's clock). */
  clock: ClockObj;
  /** A group, or another Synapses object (its synapses are the elements: Brian2's synapses on synapses). */
  source: GroupLike | SynapsesObj;
  target: GroupLike | SynapsesObj;
  args: Map<string, { value: Value; loc: Loc }>;
  /**
   * The synapses made so far when every connect() was deterministic without conditions (explicit
   * i/j, or all-to-all): (pre, post) relative to source/target, in Brian2's order. Null once a
   * connect() depends on a condition or randomness; absent before any connect().
   */
  pairs?: { i: number[]; j: number[] } | null;
  /** `S.summed_updaters['x_post'].when = ...` (and `.order`): where a summed variable is updated. */
  summedSchedule?: Map<string, { when?: { value: string; loc: Loc }; order?: { value: number; loc: Loc } }>;
}

/** `S.summed_updaters` (variable null) and `S.summed_updaters['x_post']`: Brian2's SummedVariableUpdater objects. */
export interface SummedUpdaterObj extends ObjectBase {
  kind: 'SummedUpdater';
  synapses: SynapsesObj;
  variable: string | null;
}

export interface PoissonGroupObj extends ObjectBase {
  kind: 'PoissonGroup';
  clock: ClockObj;
  n: number;
  rates: { value: Value; loc: Loc };
  /** `P.run_regularly('rates = ...')`: code on the group's `rates` (Brian2's Wang 2002 stimulus). */
  runRegularly: RunRegularlyObj[];
}

export interface SpikeGeneratorGroupObj extends ObjectBase {
  kind: 'SpikeGeneratorGroup';
  clock: ClockObj;
  n: number;
  indices: { value: Value; loc: Loc };
  times: { value: Value; loc: Loc };
  period: { value: Value; loc: Loc } | null;
}

export interface PoissonInputObj extends ObjectBase {
  kind: 'PoissonInput';
  target: GroupLike;
  variable: { value: Value; loc: Loc };
  n: { value: Value; loc: Loc };
  rate: { value: Value; loc: Loc };
  weight: { value: Value; loc: Loc };
}

export interface TimedArrayObj extends ObjectBase {
  kind: 'TimedArray';
  values: { value: Value; loc: Loc };
  dt: { value: Value; loc: Loc };
}

export interface MonitorObj extends ObjectBase {
  kind: 'SpikeMonitor' | 'EventMonitor' | 'StateMonitor' | 'PopulationRateMonitor';
  source: GroupLike | SynapsesObj;
  args: Map<string, { value: Value; loc: Loc }>;
  /** A StateMonitor's `clock=` or its own clock for `dt=`; absent: the source's clock (every other monitor). */
  clock?: ClockObj;
  /** Whether `name` was given at creation (not Brian2's automatic name): it then names the results key. */
  named: boolean;
  /**
   * SpikeMonitor / EventMonitor: the recorded event and the slot the monitor runs in (Brian2: given, or the
   * event's thresholder slot when the monitor is created, order + 1).
   */
  event?: { name: string; when: string; order: number };
}

export interface NetworkObj extends ObjectBase {
  kind: 'Network';
  members: Brian2Object[];
  /** Every object given to Network(...) or net.add(...), where and after how many script actions. */
  additions: { obj: Brian2Object; loc: Loc; actionsBefore: number }[];
}

/**
 * Kinds of object Brian2's magic network collects when bound to a visible name (`add_to_magic_network`);
 * monitors among them do not make it start a new simulation (`invalidates_magic_network = False`).
 */
export const MAGIC_KINDS: ReadonlySet<Brian2Object['kind']> = new Set<Brian2Object['kind']>([
  'NeuronGroup',
  'SpatialNeuron',
  'PoissonGroup',
  'SpikeGeneratorGroup',
  'Synapses',
  'PoissonInput',
  'SpikeMonitor',
  'EventMonitor',
  'StateMonitor',
  'PopulationRateMonitor',
  'NetworkOperation',
]);

/**
 * What run(), store() and restore() act on, as the script calls them: `network` is the Network object
 * (null: Brian2's magic network, `run()`/`store()`/`restore()`/`magic_network.run()`), `members` its
 * objects at this call (Network.add/remove change them between calls), `visible` the objects bound to a
 * name in the calling frame (the module's names and the calling function's locals: what the magic
 * network collects), `scope` the number of start_scope() calls so far.
 */
export interface NetworkCall {
  network: NetworkObj | null;
  members: Brian2Object[] | null;
  visible: Brian2Object[];
  scope: number;
}

/** `G.v`, `S.w`, `S.pre`: a handle on a variable or pathway, used for indexed assignment. */
export interface VariableViewObj extends ObjectBase {
  kind: 'VariableView';
  owner: GroupLike | SynapsesObj;
  variable: string;
}

export interface PathwayViewObj extends ObjectBase {
  kind: 'PathwayView';
  owner: SynapsesObj;
  pathway: string;
}

/**
 * `S.indices` and `S.indices[i, j]`: a selection of synapses (by synapse index, (pre, post) pair or
 * condition string), usable to index the synapses' variables: `S.w[S.indices[:, 10:20]] = x` is
 * `S.w[:, 10:20] = x`.
 */
export interface SynapticIndicesObj extends ObjectBase {
  kind: 'SynapticIndices';
  owner: SynapsesObj;
  index: Value | null;
  /** The script's names where the synapses were selected (`S[...]`), for a condition string's constants. */
  ns?: Namespace;
}

/** How one free name of a function of the script resolves when a run() starts (Python's live lookup then). */
export type CapturedName =
  /** A variable of the script (the module's, or an enclosing function's), as it is then (arrays and lists copied). */
  | { kind: 'bound'; value: Value /** The scope that holds the variable (its identity tells variables apart). */; holder: object }
  /** A variable a network operation changes while the simulation runs, not rebound by the script since: it goes on. */
  | { kind: 'state'; holder: object }
  /** A name brought by `from <module> import *`. */
  | { kind: 'star'; module: string; value: Value }
  /** One of Python's builtins. */
  | { kind: 'builtin'; value: Value }
  /** Not bound anywhere: Python's NameError when the function runs. */
  | { kind: 'unbound' };

export type FunctionValue = Extract<Value, { t: 'function' }>;

/**
 * `@network_operation` / `NetworkOperation(f, ...)`: a function of the script that Brian2 calls every
 * step of its clock (`dt=`, else defaultclock) in its slot (`when`, default 'start'; `order`, default 0).
 */
export interface NetworkOperationObj extends ObjectBase {
  kind: 'NetworkOperation';
  function: FunctionValue;
  /** The def statement (or the argument of NetworkOperation(...)). */
  functionLoc: Loc;
  dt: { value: Value; loc: Loc } | null;
  when: { value: string; loc: Loc } | null;
  order: { value: number; loc: Loc } | null;
  /**
   * By run number (the script's run() calls counted from 0): for the operation's function and every
   * function of the script it may call, what each of its free names is when that run starts.
   */
  captures: Map<number, Map<FunctionValue, Map<string, CapturedName>>>;
}

/**
 * A Brian2 Clock: `defaultclock` (origin 'default', dt 0.1 ms until the script sets it), a `Clock(dt=...)`
 * of the script ('clock'), or the clock an object makes for itself from its `dt=` argument ('own', named
 * `<object>_clock`). Objects keep the clock object they were made with, so a later `clock.dt = x` (a
 * `clock-dt` action) applies to all of them from the next run on.
 */
export interface ClockObj extends ObjectBase {
  kind: 'Clock';
  origin: 'default' | 'clock' | 'own';
  /** dt at creation (null for defaultclock: Brian2's 0.1 ms). */
  dt: { value: Value; loc: Loc } | null;
}

export type GroupLike = NeuronGroupObj | SubgroupObj | PoissonGroupObj | SpikeGeneratorGroupObj | SpatialNeuronObj;

export type Brian2Object =
  | NeuronGroupObj
  | SubgroupObj
  | SynapsesObj
  | PoissonGroupObj
  | SpikeGeneratorGroupObj
  | PoissonInputObj
  | TimedArrayObj
  | MonitorObj
  | NetworkObj
  | VariableViewObj
  | PathwayViewObj
  | SynapticIndicesObj
  | ClockObj
  | SpatialNeuronObj
  | NetworkOperationObj
  | MorphologyObj
  | SubMorphologyObj
  | SummedUpdaterObj
  | LinkedVariableObj;

export function isGroupLike(o: Brian2Object): o is GroupLike {
  return o.kind === 'NeuronGroup' || o.kind === 'Subgroup' || o.kind === 'PoissonGroup' || o.kind === 'SpikeGeneratorGroup' || o.kind === 'SpatialNeuron';
}

/** The clock an object runs on (Brian2's obj.clock): subgroups share their group's, monitors and PoissonInputs use their source's/target's. */
export function clockOf(o: Brian2Object): ClockObj | null {
  switch (o.kind) {
    case 'NeuronGroup':
    case 'SpatialNeuron':
    case 'PoissonGroup':
    case 'SpikeGeneratorGroup':
    case 'Synapses':
      return o.clock;
    case 'Subgroup':
      return clockOf(o.parent);
    case 'PoissonInput':
      return clockOf(o.target);
    case 'SpikeMonitor':
    case 'EventMonitor':
    case 'StateMonitor':
    case 'PopulationRateMonitor':
      return o.clock ?? clockOf(o.source);
    default:
      return null;
  }
}

/** The underlying full group and the slice of it. */
export function groupSlice(g: GroupLike): { group: Exclude<GroupLike, SubgroupObj>; start: number; stop: number } {
  if (g.kind === 'Subgroup') {
    const inner = groupSlice(g.parent);
    return { group: inner.group, start: inner.start + g.start, stop: inner.start + g.stop };
  }
  return { group: g, start: 0, stop: g.n };
}

export function groupSize(g: GroupLike): number {
  const s = groupSlice(g);
  return s.stop - s.start;
}

/** `G.v += x` and friends: the variable's current values OP the value. */
export type SetOp = '+' | '-' | '*' | '/';

/**
 * `G.run_regularly(code, dt=..., when=...)`; `subgroup`: called on a subgroup of G (`G[:10].run_regularly`),
 * whose Brian2 name orders it in its slot and whose neurons alone it runs on.
 */
export interface RunRegularlyObj {
  code: Value;
  /** Its clock: its own for dt=, `clock=`, else the group's. */
  clock: ClockObj;
  when: string;
  loc: Loc;
  subgroup?: { name: string; start: number; stop: number };
}

/** What the script does with its objects, in order. */
export type ScriptAction =
  | {
      kind: 'set';
      owner: GroupLike | SynapsesObj;
      variable: string;
      index: Value | null;
      indexLoc: Loc | null;
      value: Value;
      op?: SetOp /** `G.v_ = x`: values without units, unchecked. */;
      unitless?: boolean;
      loc: Loc;
      ns: Namespace;
    }
  | { kind: 'set-delay'; owner: SynapsesObj; pathway: string; index: Value | null; value: Value; loc: Loc; ns: Namespace }
  | { kind: 'connect'; synapses: SynapsesObj; args: Map<string, { value: Value; loc: Loc }>; positional: { value: Value; loc: Loc }[]; loc: Loc; ns: Namespace }
  | ({ kind: 'run'; duration: Value; loc: Loc; ns: Namespace } & NetworkCall)
  /** `randomState`: restore(restore_random_state=True) also puts back the random generator. */
  | ({ kind: 'store' | 'restore'; name: string; loc: Loc; randomState?: boolean } & NetworkCall)
  /**
   * `seed(n)` / `numpy.random.seed(n)` at this point of the script (both seed numpy's global generator,
   * which Brian2's numpy runtime draws from); `value` null: `seed()`, fresh entropy.
   */
  | { kind: 'seed'; value: number | null; loc: Loc }
  /** `defaultclock.dt = x` / `clock.dt = x` at this point of the script: the clock's objects use it from the next run on. */
  | { kind: 'clock-dt'; clock: ClockObj; value: Value; loc: Loc }
  /**
   * `numpy.random.<fn>(...)` at this point of the script: the project draws it here, with the same
   * arguments (drawn.ts); `id` numbers the draws in order.
   */
  | { kind: 'draw'; id: number; fn: string; args: DNode[]; kwargs: [string, DNode][]; loc: Loc }
  /**
   * `len(S)` / `S.N` of synapses whose number the project knows only once it has made them: counted here
   * by the project, kept with the draws (same `id` numbering, DNode 'draw').
   */
  | { kind: 'count'; id: number; synapses: SynapsesObj; loc: Loc };

export interface EvaluatedScript {
  file: string;
  text: string;
  device: { name: string; options: Map<string, Value>; loc: Loc } | null;
  /** Brian2's defaultclock (its dt changes are `clock-dt` actions). */
  defaultclock: ClockObj;
  seed: { value: number; loc: Loc } | null;
  objects: Brian2Object[];
  actions: ScriptAction[];
  notes: { message: string; loc: Loc | null }[];
  /** Names of the module at the end of a script that never calls run() (where its strings resolve). */
  endNamespace?: Namespace;
  /** Set when reading reported an error: bindings may be missing, so checks that need all of them are skipped. */
  incomplete?: boolean;
}
