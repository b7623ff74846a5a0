// Phase 3: model IR → lowered model. Groups and synapses get their discrete update code, monitors the
// expressions they record, the program its segments, and one time step its schedule.

import type { ConnectIR, ExprIR, IndexIR, ModelIR, MonitorIR, RunIR, ValueIR } from '../2-model/ir.js';
import { CompileError, diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/source.js';
import { sym, type SExpr } from '../symbolic/expr.js';
import { lowerPoissonGroup, lowerPoissonInput, lowerSpikeGeneratorGroup } from './inputs.js';
import type { LAction, LGroup, LMonitor, LMonitorVariable, LoweredModel, LPoissonInput, LRun, LSynapses, LValue } from './lowered.js';
import { MAX_COUNTED_TICKS, tickPlan } from './clocks.js';
import { clocksOfObjects } from '../2-model/clocks.js';
import { lowerNeuronGroup } from './neuron-group.js';
import { lowerSpatialNeuron } from './spatial-neuron.js';
import { buildSchedule } from './schedule.js';
import { lowerNetworkOperations } from './network-operations.js';
import { lowerSynapses, substituteGroupSubexpressions, writtenBySynapses } from './synapses.js';
import { substituteSubexpressions } from './system.js';

/** Seed of the generated project when the script does not call seed(). */
export const DEFAULT_SEED = 20240601;

export interface LowerResult {
  lowered: LoweredModel | null;
  diagnostics: Diagnostic[];
}

function collect<T>(diagnostics: Diagnostic[], f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof CompileError) {
      diagnostics.push(...e.diagnostics);
      return null;
    }
    throw e;
  }
}

const DIMLESS = [0, 0, 0, 0, 0, 0, 0] as const;

/** What a StateMonitor or SpikeMonitor records of a neuron group: a variable or a substituted subexpression. */
function groupRecorded(g: LGroup, names: string[]): LMonitorVariable[] {
  return names.map((name) => {
    if (g.kind !== 'NeuronGroup') return { name, expr: sym(name, 'special'), dim: [...DIMLESS] };
    const sub = g.subexpressions[name];
    if (sub) return { name, expr: sub.expr, dim: sub.dim };
    const v = g.variables.find((x) => x.name === name);
    if (v) return { name, expr: sym(name), dim: v.dim };
    return { name, expr: sym(name, 'special'), dim: [...DIMLESS] };
  });
}

/** What a StateMonitor on synapses records: own variables and subexpressions, or pre/post variables. */
function synapticRecorded(s: LSynapses, names: string[], groups: Map<string, LGroup | LSynapses>, span: Span): LMonitorVariable[] {
  const refs = { source: s.source, target: s.target };
  return names.map((name) => {
    const sub = s.subexpressions[name];
    if (sub) return { name, expr: sub.expr, dim: sub.dim };
    const v = s.variables.find((x) => x.name === name);
    if (v) return { name, expr: sym(name), dim: v.dim };
    const m = /^(.*)_(pre|post)$/.exec(name);
    const side = m ? (m[2] as 'pre' | 'post') : 'post';
    const base = m ? m[1]! : name;
    const g = groups.get(side === 'pre' ? s.source.group : s.target.group);
    const gv = g?.kind === 'NeuronGroup' || g?.kind === 'Synapses' ? g.variables.find((x) => x.name === base) : undefined;
    const gs = g?.kind === 'NeuronGroup' || g?.kind === 'Synapses' ? g.subexpressions[base] : undefined;
    // Synapses on synapses: their i, j and N are variables of the other object.
    if (!gv && !gs && (base === 'i' || base === 'N') && g?.kind !== 'Synapses')
      return { name, expr: substituteGroupSubexpressions(sym(base, 'special'), groups, refs, span), dim: [...DIMLESS] };
    return { name, expr: substituteGroupSubexpressions(sym(base, 'var', side), groups, refs, span), dim: gv?.dim ?? gs?.dim ?? [...DIMLESS] };
  });
}

/** A monitor records once per tick of its clock in the runs that list it: its samples, to preallocate. */
function lowerMonitor(
  m: MonitorIR,
  runs: LRun[],
  groups: Map<string, LGroup>,
  synapses: Map<string, LSynapses>,
  ends: Map<string, LGroup | LSynapses>,
): LMonitor {
  const mine = runs.filter((r) => r.objects.includes(m.id));
  // A run after a stop() starts where the simulation stopped: one recording more at most (network-operations.ts).
  const slack = mine.filter((r) => r.afterStop).length;
  const ticksOf = (clock: string) => mine.reduce((k, r) => k + (r.clockTicks[clock] ?? 0), 0) + slack;
  const sourceClock = () => groups.get(m.source.group)?.clock ?? synapses.get(m.source.group)!.clock;
  if (m.kind === 'PopulationRateMonitor') return { ...m, samples: ticksOf(sourceClock()) };
  if (m.kind === 'SpikeMonitor') return { ...m, recorded: groupRecorded(groups.get(m.source.group)!, m.variables) };
  const recorded =
    m.sourceKind === 'synapses'
      ? synapticRecorded(synapses.get(m.source.group)!, m.variables, ends, m.span)
      : groupRecorded(groups.get(m.source.group)!, m.variables);
  return { ...m, recorded, samples: ticksOf(m.clock) };
}

/**
 * A run with its tick plan; a located error when its steps are too many to count. A run after a possible
 * stop() (`afterStop`) starts where the simulation stopped, known only when the project runs: the engine
 * then sets its one clock's steps itself, so such a run must have one clock.
 */
function lowerRun(a: RunIR, constants: Record<string, number>, afterStop: boolean): LRun {
  const planned = tickPlan(a);
  if (!planned)
    throw new CompileError(
      diagnostic('unsupported', a.span, {
        what: `a run() whose clocks tick more than ${MAX_COUNTED_TICKS} times in an irregular pattern`,
        hint: 'give the clocks dts that are multiples of the smallest one, or make the run shorter',
      }),
    );
  if (afterStop && a.clocks.length > 1) {
    throw new CompileError(
      diagnostic('unsupported', a.span, {
        what: 'a run() after one that a network operation may have stopped, with objects on several clocks',
        hint: 'give every object of that network the same clock, or end the simulation with a single run()',
      }),
    );
  }
  return {
    kind: 'run',
    network: a.network,
    objects: a.objects,
    startStep: a.startStep,
    steps: a.steps,
    clocks: a.clocks,
    ...planned,
    end: a.start + a.duration,
    constants,
    span: a.span,
    ...(afterStop ? { afterStop: { duration: a.duration } } : {}),
  };
}

/** Initialisation strings may read subexpressions: inlined in a condition index... */
function lowerIndex(index: IndexIR, sub: (e: SExpr) => SExpr): IndexIR {
  return index.kind === 'condition' ? { ...index, expr: { ...index.expr, ast: sub(index.expr.ast) } } : index;
}

/** ... and in the value. */
function lowerValue(v: ValueIR, sub: (e: SExpr) => SExpr): LValue {
  if (v.kind === 'expression') return { kind: 'expression', expr: sub(v.expr.ast) };
  if (v.kind === 'array') return { kind: 'array', values: v.values };
  if (v.kind === 'computed') return { kind: 'computed', node: v.node, shape: v.shape };
  return { kind: 'scalar', value: v.value };
}

/** Connect rules with the groups' subexpressions inlined. */
function lowerConnect(rule: ConnectIR, sub: (e: SExpr) => SExpr): ConnectIR {
  if (rule.kind === 'indices') return rule;
  const x = (e: ExprIR | null): ExprIR | null => (e ? { ...e, ast: sub(e.ast) } : null);
  const g = rule.generator;
  return {
    ...rule,
    condition: x(rule.condition),
    p: x(rule.p),
    n: x(rule.n),
    generator: g
      ? {
          ...g,
          element: x(g.element)!,
          condition: x(g.condition),
          iterator:
            g.iterator.kind === 'range'
              ? { ...g.iterator, start: x(g.iterator.start)!, stop: x(g.iterator.stop)!, step: x(g.iterator.step) }
              : {
                  ...g.iterator,
                  start: x(g.iterator.start)!,
                  stop: x(g.iterator.stop)!,
                  step: x(g.iterator.step),
                  p: x(g.iterator.p),
                  size: x(g.iterator.size),
                },
        }
      : null,
  };
}

export function lowerModel(model: ModelIR): LowerResult {
  const diagnostics: Diagnostic[] = [];
  const written = writtenBySynapses(model);
  const groups: LGroup[] = [];
  for (const g of model.groups) {
    const lowered = collect(diagnostics, (): LGroup => {
      if (g.kind === 'NeuronGroup') return lowerNeuronGroup(g, model, written.get(g.id) ?? new Set());
      if (g.kind === 'SpatialNeuron') return lowerSpatialNeuron(g, model, written.get(g.id) ?? new Set());
      if (g.kind === 'PoissonGroup') return lowerPoissonGroup(g, model.dt);
      return lowerSpikeGeneratorGroup(g);
    });
    if (lowered) groups.push(lowered);
  }
  const byId = new Map(groups.map((g) => [g.id, g]));
  // Groups and the synapses lowered so far: synapses on synapses read those made before them.
  const ends = new Map<string, LGroup | LSynapses>(byId);
  const synapses: LSynapses[] = [];
  const poissonInputs: LPoissonInput[] = [];
  if (!diagnostics.length) {
    for (const s of model.synapses) {
      const l = collect(diagnostics, () => lowerSynapses(s, ends, model));
      if (l) {
        synapses.push(l);
        ends.set(l.id, l);
      }
    }
    for (const p of model.poissonInputs) poissonInputs.push(lowerPoissonInput(p, model, byId));
  }
  if (diagnostics.length) return { lowered: null, diagnostics };
  const synById = new Map(synapses.map((s) => [s.id, s]));

  const ops = lowerNetworkOperations(model);
  if (ops.diagnostics.length) return { lowered: null, diagnostics: [...diagnostics, ...ops.diagnostics] };
  const runConstants = (k: number) => {
    const constants: Record<string, number> = {};
    for (const c of model.constants) if (c.perRun) constants[c.id] = c.perRun[k]!;
    return constants;
  };
  const loweredRuns = new Map<RunIR, LRun>();
  model.program
    .filter((a): a is RunIR => a.kind === 'run')
    .forEach((a, k) => {
      const r = collect(diagnostics, () => lowerRun(a, runConstants(k), ops.afterStop.has(a)));
      if (r) loweredRuns.set(a, r);
    });
  if (diagnostics.length) return { lowered: null, diagnostics };
  const monitors: LMonitor[] = [];
  for (const m of model.monitors) {
    const l = collect(diagnostics, () => lowerMonitor(m, [...loweredRuns.values()], byId, synById, ends));
    if (l) monitors.push(l);
  }
  if (diagnostics.length) return { lowered: null, diagnostics };
  const clockOrder = model.clocks.map((c) => c.id);
  const clocksOf = (ids: string[]) => clocksOfObjects(ids, model, clockOrder);

  const groupSub = (groupId: string) => {
    const g = byId.get(groupId);
    const subs = new Map<string, SExpr>();
    if (g && g.kind === 'NeuronGroup')
      for (const [k, v] of Object.entries(g.subexpressions)) if (!(v.expr.k === 'sym' && v.expr.name === k)) subs.set(k, v.expr);
    return (e: SExpr) => substituteSubexpressions(e, subs);
  };
  const synSub = (id: string) => {
    const s = synById.get(id)!;
    const own = new Map(Object.entries(s.subexpressions).map(([k, v]) => [k, v.expr]));
    return (e: SExpr) => substituteSubexpressions(substituteGroupSubexpressions(e, ends, s, s.span), own);
  };

  // record=S[...] with a condition may read the synapses' subexpressions.
  for (const m of monitors)
    if (m.kind === 'StateMonitor' && m.recordSelection)
      m.recordSelection = { ...m.recordSelection, index: lowerIndex(m.recordSelection.index, synSub(m.source.group)) };

  const program: LAction[] = [];
  const created = (position: number) => {
    for (const m of monitors) {
      if (m.afterActions !== position) continue;
      if (m.kind === 'StateMonitor' && m.sourceKind === 'synapses' && m.record === true) program.push({ kind: 'monitor-created', monitor: m.id, span: m.span });
    }
  };
  model.program.forEach((a, position) => {
    created(position);
    switch (a.kind) {
      case 'run':
        program.push(loweredRuns.get(a)!);
        break;
      case 'set':
        if ('group' in a.target) {
          const sub = groupSub(a.target.group);
          program.push({
            kind: 'set',
            target: a.target,
            variable: a.variable,
            index: lowerIndex(a.index, sub),
            value: lowerValue(a.value, sub),
            ...(a.op ? { op: a.op } : {}),
            span: a.span,
          });
        } else {
          const sub = synSub(a.target.synapses);
          program.push({
            kind: 'set-synaptic',
            synapses: a.target.synapses,
            variable: a.variable,
            index: lowerIndex(a.index, sub),
            value: lowerValue(a.value, sub),
            ...(a.op ? { op: a.op } : {}),
            span: a.span,
          });
        }
        break;
      case 'set-delay': {
        const sub = synSub(a.synapses);
        program.push({
          kind: 'set-delay',
          synapses: a.synapses,
          pathway: a.pathway,
          index: lowerIndex(a.index, sub),
          value: lowerValue(a.value, sub),
          span: a.span,
        });
        break;
      }
      case 'connect':
        program.push({ kind: 'connect', synapses: a.synapses, rule: lowerConnect(a.rule, synSub(a.synapses)), span: a.span });
        break;
      case 'store':
        program.push({ kind: 'store', name: a.name, network: a.network, objects: a.objects, clocks: clocksOf(a.objects), time: a.time, span: a.span });
        break;
      case 'restore':
        program.push({
          kind: 'restore',
          name: a.name,
          network: a.network,
          objects: a.objects,
          clocks: clocksOf(a.objects),
          randomState: a.randomState,
          span: a.span,
        });
        break;
      case 'clock-dt':
        program.push({ kind: 'clock-dt', clock: a.clock, dt: a.dt, span: a.span });
        break;
      case 'seed':
        program.push({ kind: 'seed', seed: a.seed, span: a.span });
        break;
      case 'draw':
        program.push({ kind: 'draw', id: a.id, fn: a.fn, args: a.args, kwargs: a.kwargs, span: a.span });
        break;
      case 'count':
        program.push({ kind: 'count', id: a.id, synapses: a.synapses, span: a.span });
        break;
    }
  });
  created(model.program.length);
  // A run after a stop() may take one step more than planned (Brian2's set_interval from the stopped time).
  const totalSteps = [...loweredRuns.values()].reduce((s, r) => s + r.ticks, 0) + ops.afterStop.size;
  return {
    lowered: {
      format: 'brian2lava-lowered/1',
      source: model.source,
      dt: model.dt,
      clocks: model.clocks,
      seed: model.seed ?? DEFAULT_SEED,
      seedFromScript: model.seed !== null,
      random: model.random,
      constants: model.constants,
      timedArrays: model.timedArrays,
      groups,
      synapses,
      poissonInputs,
      monitors,
      schedule: buildSchedule(groups, synapses, poissonInputs, monitors, ops.operations),
      networks: model.networks,
      networkOperations: ops.operations,
      hostFunctions: model.hostFunctions,
      hostGlobals: model.hostGlobals,
      program,
      totalSteps,
      device: model.device ? { name: model.device.name, options: model.device.options } : null,
    },
    diagnostics,
  };
}
