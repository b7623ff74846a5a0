// The view of the simulation module: constants, TimedArrays, groups, synapses, inputs, monitors, the
// program of run segments with the script's actions between them (initialisations, connect(),
// store/restore), and the schedule of one time step.

import type { LAction, LMonitor, LNeuronGroup, LoweredModel, LRun, LScheduleEntry } from '../../3-lower/lowered.js';
import type { IndexIR } from '../../2-model/ir.js';
import { mayStop } from '../../3-lower/network-operations.js';
import type { SourceFile } from '../../diagnostics/source.js';
import { formatDim } from '../../units/dimension.js';
import { pythonNumber } from '../../symbolic/print.js';
import { assignment, bindings, type BodyOptions } from './body.js';
import { symbols } from '../../symbolic/expr.js';
import { marker } from './markers.js';
import { numpy, numpyScalar } from './numpy-printer.js';
import { comment, pyIdent, pyStr } from '../../4-emit/python-names.js';
import { computedCode, drawCode, drawsRead, monitorAttribute } from './computed-code.js';
import { drawnRatesLine } from './input-views.js';
import type { SynapsesCalls } from './synapses-view.js';
import { eventAttr, eventMethods } from './group-view.js';
import { buildOperationsView, type OperationsView } from './operations-view.js';

export interface DataFile {
  name: string;
  values: number[];
  dtype: 'f8' | 'i8';
  shape: number[];
}

/** A module of the engine and the attribute of the simulation that holds its object. */
export interface ObjectRef {
  attr: string;
  module: string;
  className: string;
}

export interface SimulationObjects {
  /** Groups of every kind, synapses and Poisson inputs, in creation order. */
  groups: Map<string, ObjectRef>;
  synapses: Map<string, ObjectRef & { calls: SynapsesCalls }>;
  inputs: Map<string, ObjectRef>;
}

export interface SimulationView {
  doc: string;
  dt: string;
  totalSteps: number;
  producer: string;
  constants: { name: string; value: string; comment: string }[];
  timedArrays: { id: string; init: string }[];
  objects: ObjectRef[];
  monitors: { key: string; init: string; attr: string }[];
  /**
   * Per run(): its steps, per-run constants, the method of what comes before it, its step method, the
   * objects to prepare, its clocks (clock, dt, first step, end step), the clock that ticks at every step
   * (`None` when the clocks tick as Brian2 picks them), the network's time at its end and, with stop(),
   * the network and (for a run that continues one stopped early) its duration.
   */
  segments: { ticks: number; constants: string; method: string; step: string; starts: string; clocks: string; base: string; end: string; afterStop: string }[];
  /** Brian2's clocks, in the order of the lowered model's (objects hold `sim.clocks[k]`). */
  clocks: { name: string; dt: string; comment: string }[];
  actionMethods: { name: string; doc: string; lines: string[] }[];
  /** One method per distinct set of objects that a run() steps and way its clocks tick: the schedule of one step. */
  stepMethods: { name: string; params: string; doc: string; lines: string[] }[];
  /** The script's network operations (engine/operations.py), when it has any. */
  operations: { view: OperationsView } | null;
  /** A network operation may call stop(): a run can end before its last step. */
  canStop: boolean;
}

/** Inline short arrays; longer ones go to data/*.npy so the code stays readable. */
const INLINE_LIMIT = 200;

export function arrayCode(values: number[], name: string, files: DataFile[], dtype: 'f8' | 'i8' = 'f8', shape: number[] = [values.length]): string {
  if (values.length <= INLINE_LIMIT) {
    const list = values.map((v) => (dtype === 'i8' ? String(Math.trunc(v)) : numpy({ k: 'num', v }))).join(', ');
    const arr = `_np.array([${list}]${dtype === 'i8' ? ', dtype=_np.int64' : ', dtype=_np.float64'})`;
    return shape.length > 1 ? `${arr}.reshape(${shape.join(', ')})` : arr;
  }
  files.push({ name, values, dtype, shape });
  return `_load_data(${pyStr(name)})`;
}

/** The import a generated module needs when arrayCode wrote one of its arrays to data/. */

function selection(index: IndexIR, start: number, stop: number, files: DataFile[], name: string): string[] {
  switch (index.kind) {
    case 'all':
      return [`_idx = _np.arange(${start}, ${stop})`];
    case 'indices':
      return [`_idx = ${start} + ${arrayCode(index.indices, name, files, 'i8')}`];
    case 'slice':
      return [`_idx = _np.arange(${start}, ${stop})[${index.start}:${index.stop ?? ''}:${index.step}]`];
    case 'condition':
      return [`_idx = _np.arange(${start}, ${stop})`];
    case 'computed':
      // Drawn indices or mask (numpy.random in the script), with numpy's own indexing rules.
      return [
        `_idx = _np.arange(${start}, ${stop})[${computedCode(index.node, { sim: 'self', array: (values, n, dtype, shape) => arrayCode(values, n, files, dtype, shape), dataName: name })}]`,
      ];
  }
}

/** `G.v[...] = ...` on a neuron group, inline in the simulation's action method. */
function groupSetLines(a: Extract<LAction, { kind: 'set' }>, g: LNeuronGroup, owner: string, files: DataFile[], dataName: string): string[] {
  const lines: string[] = [];
  lines.push(...selection(a.index, a.target.start, a.target.stop, files, `${dataName}_idx`));
  const opts: BodyOptions = {
    group: g,
    owner,
    subset: true,
    hoisted: new Set(),
    indexExpr: `_idx - ${a.target.start}`,
    sizeExpr: String(a.target.stop - a.target.start),
    sim: 'self',
  };
  if (a.index.kind === 'condition') {
    lines.push(...bindings([], [a.index.expr.ast], opts));
    lines.push(`_idx = _idx[_np.broadcast_to(${numpy(a.index.expr.ast)}, _idx.shape)]`);
  }
  const target = `${owner}.${pyIdent(a.variable)}`;
  const v = a.value;
  if (v.kind === 'computed') {
    // Numbers the project drew (numpy.random in the script): assigned as the script's array is.
    const value = computedCode(v.node, { sim: 'self', array: (values, name, dtype, shape) => arrayCode(values, name, files, dtype, shape), dataName });
    const shared = g.variables.find((x) => x.name === a.variable)?.shared;
    return [...lines, assignment(target, shared ? '[...]' : '[_idx]', value, a.op)];
  }
  if (g.variables.find((x) => x.name === a.variable)?.shared) {
    // A shared variable holds one value: no per-neuron selection.
    if (v.kind === 'scalar') return [...lines, assignment(target, '[...]', numpy({ k: 'num', v: v.value }), a.op)];
    // Brian2's scalar code: a random call draws one number.
    if (v.kind === 'expression') return [...lines, ...bindings([], [v.expr], opts), assignment(target, '[...]', numpyScalar(v.expr), a.op)];
    return [...lines, assignment(target, '[...]', `${arrayCode(v.values, dataName, files)}[0]`, a.op)];
  }
  if (v.kind === 'scalar') lines.push(assignment(target, '[_idx]', numpy({ k: 'num', v: v.value }), a.op));
  else if (v.kind === 'array') lines.push(assignment(target, '[_idx]', arrayCode(v.values, dataName, files), a.op));
  else {
    // A string value runs as Brian2 code, so `(unless refractory)` variables change only where not refractory
    // (`+=` takes the values in Python, so it writes every selected element).
    if (g.conditionalWrite.includes(a.variable) && !a.op) lines.push(`_idx = _idx[${owner}.not_refractory[_idx]]`);
    lines.push(...bindings([], [v.expr], opts), assignment(target, '[_idx]', `_np.broadcast_to(${numpy(v.expr)}, _idx.shape)`, a.op));
  }
  return lines;
}

/** defaultclock.dt at the end of the script, as Brian2's reference run reports it (results.json "dt"). */
function finalDefaultDt(model: LoweredModel): number {
  let dt = model.dt;
  for (const a of model.program) if (a.kind === 'clock-dt' && a.clock === 'defaultclock') dt = a.dt;
  return dt;
}

export function buildSimulationView(model: LoweredModel, objects: SimulationObjects, source: SourceFile, version: string, files: DataFile[]): SimulationView {
  const groups = new Map(model.groups.map((g) => [g.id, g]));
  const lineOf = (span: { start: number }) => source.position(span.start).line;
  // pyIdent is injective, so `_m_<id>` names one monitor only.
  const monitors = model.monitors.map((m) => ({ m, key: m.pyName ?? m.id, attr: monitorAttribute(m.id) }));
  const monitorAttr = new Map(monitors.map((x) => [x.m.id, x.attr]));
  const ref = (id: string) => objects.groups.get(id) ?? objects.synapses.get(id) ?? objects.inputs.get(id)!;
  /** The attribute of the simulation that holds an object (group, synapses, input or monitor). */
  const attrOf = (id: string) => monitorAttr.get(id) ?? ref(id).attr;
  const opsById = new Map(model.networkOperations.map((op) => [op.id, op]));
  const canStop = model.networkOperations.some((op) => mayStop(op.body)) || model.hostFunctions.some((f) => mayStop(f.body));
  /** The objects whose state store()/restore() keep (a network operation has none: its Python state is not stored, as in Brian2). */
  const objectList = (ids: string[]) =>
    `[${ids
      .filter((id) => !opsById.has(id))
      .map((id) => `self.${attrOf(id)}`)
      .join(', ')}]`;
  const ops = model.networkOperations.length
    ? buildOperationsView(model, source, {
        objectAttr: (id) => ref(id).attr,
        monitorAttr: (id) => monitorAttr.get(id)!,
        array: (values, name, dtype, shape) => arrayCode(values, name, files, dtype, shape),
      })
    : null;
  const clockIndex = new Map(model.clocks.map((c, k) => [c.id, k]));
  const clockList = (ids: string[]) => `[${ids.map((id) => `self.clocks[${clockIndex.get(id)!}]`).join(', ')}]`;

  // ---- monitors
  /** Per monitor on synapses: the check of its recorded synapses, made when a run it takes part in starts. */
  const checks = new Map<string, string>();
  const monitorViews = monitors.map(({ m, key, attr }) => {
    const src = pyStr(m.source.group);
    let init: string;
    const size = model.groups.find((g) => g.id === m.source.group)?.n;
    if (m.kind === 'SpikeMonitor') {
      const extra = m.eventMonitor ? `, kind="EventMonitor", event=${pyStr(m.event)}` : '';
      init = `_rt.SpikeRecorder(${src}, ${m.source.start}, ${m.source.stop}, n=${size}${m.record ? '' : ', record=False'}${extra})`;
    } else if (m.kind === 'PopulationRateMonitor') init = `_rt.RateRecorder(${src}, ${m.source.start}, ${m.source.stop}, ${m.samples}, n=${size})`;
    else {
      const size = m.source.stop - m.source.start;
      const record = m.record === true ? (m.sourceKind === 'synapses' ? [] : Array.from({ length: size }, (_, k) => k)) : m.record;
      const names = `[${m.recorded.map((r) => pyStr(r.name)).join(', ')}]`;
      init = `_rt.StateRecorder(${src}, ${arrayCode(record, `${attr}_record`, files, 'i8')}, ${names}, ${m.samples}, offset=${m.source.start})`;
      if (m.sourceKind === 'synapses') {
        const what = pyStr(`line ${lineOf(m.span)}: StateMonitor ${m.pyName ?? m.id}`);
        checks.set(m.id, `_syn.synapse_selection(self.${attr}.record, self.${ref(m.source.group).attr}.N, ${what})`);
      }
    }
    return { key: pyStr(key), init, attr };
  });

  // ---- schedule of one step: each entry with the object it belongs to, the clock it runs on, and its
  // line for given expressions of that clock's step and of the time its code reads (its owner's clock).
  /** How a step method names a clock's values: its step n, its time t, its dt. */
  interface ClockNames {
    n: (clock: string) => string;
    t: (clock: string) => string;
    dt: (clock: string) => string;
  }
  const schedule: { object: string; clock: string; line: (c: ClockNames) => string }[] = [];
  for (const e of model.schedule as LScheduleEntry[]) {
    const at = (object: string, line: (c: ClockNames) => string) => schedule.push({ object, clock: e.clock, line });
    const t = (c: ClockNames) => c.t(e.owner);
    switch (e.op) {
      case 'constant-over-dt':
        at(e.group, (c) => `self.${ref(e.group).attr}.before_start(${t(c)})`);
        break;
      case 'update':
      case 'cable':
      case 'threshold':
      case 'reset':
        at(e.group, (c) => `self.${ref(e.group).attr}.${e.op}(${t(c)})`);
        break;
      case 'event-threshold':
        at(e.group, (c) => `self.${ref(e.group).attr}.${eventMethods(e.event).threshold}(${t(c)})`);
        break;
      case 'event-code':
        at(e.group, (c) => `self.${ref(e.group).attr}.${eventMethods(e.event).code}(${t(c)})`);
        break;
      case 'run-regularly':
        at(e.group, (c) => `self.${ref(e.group).attr}.run_regularly_${e.index}(${t(c)})`);
        break;
      case 'update-synapses': {
        const s = objects.synapses.get(e.synapses)!;
        at(e.synapses, (c) => `self.${s.attr}.${s.calls.update!}(${t(c)})`);
        break;
      }
      case 'summed': {
        const s = objects.synapses.get(e.synapses)!;
        at(e.synapses, (c) => `self.${s.attr}.${s.calls.summed[e.index]!}(${t(c)})`);
        break;
      }
      case 'pathway': {
        // Spikes are queued by the step of the clock the pathway runs on (its trigger group's).
        const s = objects.synapses.get(e.synapses)!;
        at(e.synapses, (c) => `self.${s.attr}.${s.calls.pathways.get(e.pathway)!}(${c.n(e.clock)}, ${t(c)})`);
        break;
      }
      case 'poisson-input':
        at(e.input, (c) => `self.${objects.inputs.get(e.input)!.attr}.apply(${t(c)})`);
        break;
      case 'network-operation': {
        const op = opsById.get(e.operation)!;
        const fn = `_ops.${ops!.calls.functions.get(op.id)!}`;
        // Its own clock (dt=) ticks at every K-th step, with the time timestep*dt of that clock, as Brian2's.
        // (Scheduled on the default clock: n and t are its step and time.)
        at(op.id, (c) => {
          const n = c.n('defaultclock');
          if (op.dt === null) return `${fn}(self, self._g, ${c.t('defaultclock')})`;
          if (op.everySteps === 1) return `${fn}(self, self._g, _np.float64(${n} * ${pythonNumber(op.dt)}))`;
          return `if ${n} % ${op.everySteps} == 0:\n    ${fn}(self, self._g, _np.float64(${n} // ${op.everySteps} * ${pythonNumber(op.dt)}))`;
        });
        break;
      }
      case 'record-state': {
        // Stamped with the monitor's clock; the recorded values read the t of the source's.
        const m = model.monitors.find((x) => x.id === e.monitor) as Extract<LMonitor, { kind: 'StateMonitor' }>;
        const attr = monitorAttr.get(m.id)!;
        const owner = ref(m.source.group).attr;
        const sample = m.sourceKind === 'synapses' ? objects.synapses.get(m.source.group)!.calls.samples.get(m.id)! : `sample_${pyIdent(m.id)}`;
        at(m.id, (c) => `self.${attr}.record_values(${c.t(e.clock)}, self.${owner}.${sample}(self.${attr}.idx, ${t(c)}))`);
        break;
      }
      case 'record-spikes':
      case 'record-rate': {
        const m = model.monitors.find((x) => x.id === e.monitor)!;
        const spikes = `self.${ref(m.source.group).attr}.${eventAttr(m.kind === 'SpikeMonitor' ? m.event : 'spike')}`;
        at(m.id, (c) => `self.${monitorAttr.get(m.id)!}.record(${spikes}, ${c.t(e.clock)}${e.op === 'record-rate' ? `, ${c.dt(e.clock)}` : ''})`);
        break;
      }
    }
  }
  const clockLocal = (id: string) => `_c${clockIndex.get(id)!}`;
  // One step method per set of objects that runs together (a network, or a run after monitors were added)
  // and way its clocks tick.
  const stepMethods: SimulationView['stepMethods'] = [];
  const stepByKey = new Map<string, string>();
  const stepMethodFor = (run: LRun): string => {
    const plan = run.plan;
    const key = `${run.objects.join('\u0000')}\u0001${
      plan.kind === 'single'
        ? `${plan.base}:${Object.entries(plan.every)
            .map(([c, k]) => `${c}=${k}`)
            .join(',')}`
        : run.clocks.map((c) => c.clock).join(',')
    }`;
    const known = stepByKey.get(key);
    if (known) return known;
    const name = `_step_${stepMethods.length}`;
    const members = new Set(run.objects);
    const runClocks = run.clocks.map((c) => c.clock);
    const used = new Set<string>();
    const local = (id: string) => {
      used.add(id);
      return clockLocal(id);
    };
    const isBase = (id: string) => plan.kind === 'single' && plan.base === id;
    const names: ClockNames = {
      n: (id) => (isBase(id) ? 'n' : `${local(id)}.n`),
      t: (id) => (isBase(id) ? 't' : `${local(id)}.t`),
      dt: (id) => `${local(id)}.dt`,
    };
    /** The condition under which a clock ticks in this step (null: at every step). */
    const due = (id: string): string | null => {
      if (isBase(id)) return null;
      if (!runClocks.includes(id)) throw new Error(`the clock ${id} of a scheduled object is not among the run's clocks`);
      if (plan.kind === 'single') return (plan.every[id] ?? 1) === 1 ? null : `_d${clockIndex.get(id)!}`;
      used.add(id);
      return `${clockLocal(id)}.due`;
    };
    const body: string[] = [];
    for (const x of schedule) {
      if (!members.has(x.object)) continue;
      const line = x.line(names);
      const cond = due(x.clock);
      body.push(
        cond === null
          ? line
          : `if ${cond}:\n${line
              .split('\n')
              .map((l) => `    ${l}`)
              .join('\n')}`,
      );
    }
    const head: string[] = [];
    const tail: string[] = [];
    if (plan.kind === 'single') {
      // The other clocks tick on multiples of the base's step; they advance after their objects ran.
      for (const id of runClocks) {
        if (isBase(id)) continue;
        used.add(id);
        const k = plan.every[id] ?? 1;
        if (k !== 1) head.push(`_d${clockIndex.get(id)!} = n % ${k} == 0`);
        tail.push(k === 1 ? `${clockLocal(id)}.advance()` : `if _d${clockIndex.get(id)!}:\n    ${clockLocal(id)}.advance()`);
      }
    }
    const binds = [...used].sort((a, b) => clockIndex.get(a)! - clockIndex.get(b)!).map((id) => `${clockLocal(id)} = self.clocks[${clockIndex.get(id)!}]`);
    const lines = [...binds, ...head, ...body, ...tail];
    const network = run.network === 'magicnetwork' ? 'run()' : `the Network ${comment(run.network)}`;
    const ticking =
      plan.kind === 'single'
        ? `its clock ${comment(plan.base)} ticks at every step${Object.keys(plan.every).length ? `, the others on its multiples` : ''}`
        : `its clocks ${comment(runClocks.join(', '))} tick as Brian2 picks them`;
    stepMethods.push({
      name,
      params: plan.kind === 'single' ? 'self, n, t' : 'self',
      doc: `One time step of ${network} for ${run.objects.length ? comment(run.objects.join(', ')) : 'no objects'}; ${ticking}.`,
      lines: lines.length ? lines : ['pass'],
    });
    stepByKey.set(key, name);
    return name;
  };
  /** Objects prepared when a run they take part in starts (start_segment). */
  const startable = new Set([
    ...model.groups.filter((g) => g.kind === 'NeuronGroup' || g.kind === 'SpikeGeneratorGroup').map((g) => g.id),
    ...objects.synapses.keys(),
  ]);

  // ---- program: the actions before each run, then the run
  const segments: SimulationView['segments'] = [];
  const actionMethods: SimulationView['actionMethods'] = [];
  let pending: LAction[] = [];
  let actionCount = 0;
  const flush = (run: Extract<LAction, { kind: 'run' }>) => {
    const name = `_before_run_${segments.length}`;
    const lines: string[] = [];
    for (const a of pending) {
      if (a.kind === 'run') continue;
      lines.push(marker(lineOf(a.span), source.text.slice(a.span.start, a.span.end)));
      switch (a.kind) {
        case 'set': {
          const target = groups.get(a.target.group)!;
          // A PoissonGroup's only variable is its rates (set like a parameter of a neuron group).
          const g = target.kind === 'PoissonGroup' ? ({ ...target, conditionalWrite: [] } as unknown as LNeuronGroup) : (target as LNeuronGroup);
          // An initialisation string reading t sees the group's clock as it stands here (0 before its first run).
          const readsT = [a.value.kind === 'expression' ? a.value.expr : null, a.index.kind === 'condition' ? a.index.expr.ast : null].some(
            (e) => e !== null && [...symbols(e).values()].some((x) => x.role === 'special' && x.name === 't'),
          );
          if (readsT) lines.push(`t = self.${ref(g.id).attr}._clock.t`);
          lines.push(...groupSetLines(a, g, `self.${ref(g.id).attr}`, files, `init_${actionCount++}`));
          break;
        }
        case 'set-synaptic':
        case 'set-delay':
        case 'connect': {
          const s = objects.synapses.get(a.synapses)!;
          lines.push(`self.${s.attr}.${s.calls.actions.get(a)!}()`);
          break;
        }
        case 'store':
          lines.push(`self._store(${pyStr(a.name)}, ${pyStr(a.network)}, ${objectList(a.objects)}, ${clockList(a.clocks)}, ${numpy({ k: 'num', v: a.time })})`);
          break;
        case 'clock-dt':
          lines.push(`self.clocks[${clockIndex.get(a.clock)!}].dt = _np.float64(${numpy({ k: 'num', v: a.dt })})`);
          break;
        case 'restore':
          lines.push(
            `self._restore(${pyStr(a.name)}, ${pyStr(a.network)}, ${objectList(a.objects)}, ${clockList(a.clocks)}${a.randomState ? ', restore_random_state=True' : ''})`,
          );
          break;
        case 'seed':
          lines.push(`self._seed(${a.seed === null ? 'None' : String(a.seed)})`);
          break;
        case 'draw':
          lines.push(
            `self._drawn[${a.id}] = ${drawCode(a.fn, a.args, a.kwargs, { sim: 'self', array: (values, name, dtype, shape) => arrayCode(values, name, files, dtype, shape), dataName: `drawn_${a.id}` })}`,
          );
          // Rates of PoissonGroups made of these numbers: filled once their last draw is made.
          for (const g of model.groups) {
            if (g.kind !== 'PoissonGroup' || g.rates.kind !== 'computed' || Math.max(-1, ...drawsRead(g.rates.node)) !== a.id) continue;
            lines.push(drawnRatesLine(g, ref(g.id).attr, (values, name, dtype, shape) => arrayCode(values, name, files, dtype, shape), ref(g.id).module)!);
          }
          break;
        case 'count':
          // len(S) of the script: the synapses made so far.
          lines.push(`self._drawn[${a.id}] = int(self.${ref(a.synapses).attr}.N)`);
          break;
        case 'monitor-created': {
          const m = model.monitors.find((x) => x.id === a.monitor)!;
          if (m.kind === 'StateMonitor' && m.sourceKind === 'synapses' && m.record === true) {
            const select = objects.synapses.get(m.source.group)!.calls.selections.get(m.id);
            const syn = `self.${ref(m.source.group).attr}`;
            lines.push(`self.${monitorAttr.get(m.id)!}.set_record(${select ? `${syn}.${select}()` : `_np.arange(${syn}.N)`})`);
          }
          break;
        }
      }
    }
    // Brian2 checks a monitor's recorded synapses when a run it takes part in starts (after connect()).
    for (const id of run.objects) {
      const check = checks.get(id);
      if (check) lines.push(check);
    }
    // The script's variables as the network operations see them when this run() starts.
    if (ops) lines.push(`self._g.start_run(${segments.length})`);
    actionMethods.push({
      name,
      doc:
        segments.length === 0
          ? 'What the script does before the first run().'
          : `What the script does between run ${segments.length} and run ${segments.length + 1}.`,
      lines: lines.length ? lines : ['pass'],
    });
    const consts = Object.entries(run.constants).map(([k, v]) => `${pyStr(pyIdent(k))}: _np.float64(${numpy({ k: 'num', v })})`);
    const starts = run.objects.filter((id) => startable.has(id)).map((id) => `self.${ref(id).attr}`);
    // With stop(): the network, and for a run that continues one stopped early its duration (its start is the network's time then).
    const afterStop = canStop ? `, ${pyStr(run.network)}, ${run.afterStop ? `_np.float64(${pythonNumber(run.afterStop.duration)})` : 'None'}` : '';
    const clocks = run.clocks.map((c) => `(self.clocks[${clockIndex.get(c.clock)!}], ${numpy({ k: 'num', v: c.dt })}, ${c.startStep}, ${c.endStep})`);
    segments.push({
      ticks: run.ticks,
      constants: `{${consts.join(', ')}}`,
      method: name,
      step: stepMethodFor(run),
      starts: starts.length ? `(${starts.join(', ')},)` : '()',
      clocks: clocks.length ? `(${clocks.join(', ')},)` : '()',
      base: run.plan.kind === 'single' && run.clocks.length ? `self.clocks[${clockIndex.get(run.plan.base)!}]` : 'None',
      end: `_np.float64(${numpy({ k: 'num', v: run.end })})`,
      afterStop,
    });
    pending = [];
  };
  for (const a of model.program) {
    if (a.kind === 'run') flush(a);
    else pending.push(a);
  }

  const all: ObjectRef[] = [...objects.groups.values(), ...objects.synapses.values(), ...objects.inputs.values()];

  const timedArrays = model.timedArrays.map((ta) => {
    const name = `timedarray_${pyIdent(ta.id)}`;
    const dt = pythonNumber(ta.dt);
    // Values drawn by the project (numpy.random in the script): computed at the array's first use.
    if (ta.computed)
      return {
        id: pyStr(ta.id),
        init: `_rt.TimedArray(None, ${dt}, lambda: ${computedCode(ta.computed, { sim: 'self', array: (values, n, dtype, shape) => arrayCode(values, n, files, dtype, shape), dataName: name })})`,
      };
    return { id: pyStr(ta.id), init: `_rt.TimedArray(${arrayCode(ta.values, name, files, 'f8', ta.shape)}, ${dt})` };
  });
  return {
    doc: `Generated by brian2lava ${version} from ${comment(source.path.split('/').pop() ?? source.path)} (sha256 ${model.source.sha256.slice(0, 12)}).`,
    // numpy scalars, as in Brian2's numpy target: t, dt and the constants divide like numpy (inf/nan),
    // not like Python floats (ZeroDivisionError).
    dt: `_np.float64(${pythonNumber(finalDefaultDt(model))})`,
    clocks: model.clocks.map((c) => ({
      name: pyStr(c.id),
      dt: `_np.float64(${pythonNumber(c.dt)})`,
      comment: comment(
        c.kind === 'default' ? 'defaultclock' : c.kind === 'own' ? `made by dt= (line ${c.span?.line})` : `Clock ${c.pyName ?? c.id} (line ${c.span?.line})`,
      ),
    })),
    totalSteps: model.totalSteps,
    producer: pyStr(`brian2lava ${version}`),
    constants: model.constants.map((c) => ({
      name: pyIdent(c.id),
      value: c.integer ? `_np.int64(${String(c.value)})` : `_np.float64(${numpy({ k: 'num', v: c.value })})`,
      comment: `${comment(c.name)}${formatDim(c.dim) === '1' ? '' : `, ${formatDim(c.dim)}`} (line ${c.span.line})${c.perRun ? ', changes between runs' : ''}`,
    })),
    timedArrays,
    objects: all,
    monitors: monitorViews,
    segments,
    actionMethods,
    stepMethods,
    operations: ops ? { view: ops.view } : null,
    canStop,
  };
}
