// Phase 3: model IR → lowered model. Groups and synapses get their discrete update code, monitors the
// expressions they record, the program its segments, and one time step its schedule.

import type { ConnectIR, ExprIR, IndexIR, ModelIR, MonitorIR, RunIR, ValueIR } from '../2-model/ir.js';
import { CompileError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/source.js';
import { sym, type SExpr } from '../symbolic/expr.js';
import { lowerPoissonGroup, lowerPoissonInput, lowerSpikeGeneratorGroup } from './inputs.js';
import type { LAction, LGroup, LMonitor, LMonitorVariable, LoweredModel, LPoissonInput, LSynapses, LValue } from './lowered.js';
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
    if (!gv && !gs && (base === 'i' || base === 'N') && g?.kind !== 'Synapses') return { name, expr: substituteGroupSubexpressions(sym(base, 'special'), groups, refs, span), dim: [...DIMLESS] };
    return { name, expr: substituteGroupSubexpressions(sym(base, 'var', side), groups, refs, span), dim: gv?.dim ?? gs?.dim ?? [...DIMLESS] };
  });
}

/** Steps n of [start, start + steps) with n % every == 0: the recordings of a monitor in one run. */
function multiples(start: number, steps: number, every: number): number {
  if (steps <= 0) return 0;
  return Math.floor((start + steps - 1) / every) - Math.floor((start - 1) / every);
}

function lowerMonitor(m: MonitorIR, model: ModelIR, groups: Map<string, LGroup>, synapses: Map<string, LSynapses>, ends: Map<string, LGroup | LSynapses>, afterStop: ReadonlySet<RunIR>): LMonitor {
  const runs = model.program.filter((a): a is RunIR => a.kind === 'run' && a.objects.includes(m.id));
  // A run after a stop() starts where the simulation stopped: one recording more at most (network-operations.ts).
  const slack = runs.filter((r) => afterStop.has(r)).length;
  if (m.kind === 'PopulationRateMonitor') return { ...m, samples: runs.reduce((k, r) => k + r.steps, 0) + slack };
  if (m.kind === 'SpikeMonitor') return { ...m, recorded: groupRecorded(groups.get(m.source.group)!, m.variables) };
  const recorded = m.sourceKind === 'synapses' ? synapticRecorded(synapses.get(m.source.group)!, m.variables, ends, m.span) : groupRecorded(groups.get(m.source.group)!, m.variables);
  const everySteps = m.dt === null ? 1 : Math.max(1, Math.round(m.dt / model.dt));
  return { ...m, recorded, everySteps, samples: runs.reduce((k, r) => k + multiples(r.startStep, r.steps, everySteps), 0) + slack };
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
          iterator: g.iterator.kind === 'range' ? { ...g.iterator, start: x(g.iterator.start)!, stop: x(g.iterator.stop)!, step: x(g.iterator.step) } : { ...g.iterator, start: x(g.iterator.start)!, stop: x(g.iterator.stop)!, step: x(g.iterator.step), p: x(g.iterator.p), size: x(g.iterator.size) },
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
  const monitors: LMonitor[] = [];
  for (const m of model.monitors) {
    const l = collect(diagnostics, () => lowerMonitor(m, model, byId, synById, ends, ops.afterStop));
    if (l) monitors.push(l);
  }
  if (diagnostics.length) return { lowered: null, diagnostics };

  const groupSub = (groupId: string) => {
    const g = byId.get(groupId);
    const subs = new Map<string, SExpr>();
    if (g && g.kind === 'NeuronGroup') for (const [k, v] of Object.entries(g.subexpressions)) if (!(v.expr.k === 'sym' && v.expr.name === k)) subs.set(k, v.expr);
    return (e: SExpr) => substituteSubexpressions(e, subs);
  };
  const synSub = (id: string) => {
    const s = synById.get(id)!;
    const own = new Map(Object.entries(s.subexpressions).map(([k, v]) => [k, v.expr]));
    return (e: SExpr) => substituteSubexpressions(substituteGroupSubexpressions(e, ends, s, s.span), own);
  };

  // record=S[...] with a condition may read the synapses' subexpressions.
  for (const m of monitors) if (m.kind === 'StateMonitor' && m.recordSelection) m.recordSelection = { ...m.recordSelection, index: lowerIndex(m.recordSelection.index, synSub(m.source.group)) };

  const runs = model.program.filter((a) => a.kind === 'run');
  const program: LAction[] = [];
  let runIndex = 0;
  const created = (position: number) => {
    for (const m of monitors) {
      if (m.afterActions !== position) continue;
      if (m.kind === 'StateMonitor' && m.sourceKind === 'synapses' && m.record === true) program.push({ kind: 'monitor-created', monitor: m.id, span: m.span });
    }
  };
  model.program.forEach((a, position) => {
    created(position);
    switch (a.kind) {
      case 'run': {
        const constants: Record<string, number> = {};
        for (const c of model.constants) if (c.perRun) constants[c.id] = c.perRun[runIndex]!;
        program.push({ kind: 'run', network: a.network, objects: a.objects, startStep: a.startStep, steps: a.steps, constants, span: a.span, ...(ops.afterStop.has(a) ? { afterStop: { duration: a.duration } } : {}) });
        runIndex++;
        break;
      }
      case 'set':
        if ('group' in a.target) {
          const sub = groupSub(a.target.group);
          program.push({ kind: 'set', target: a.target, variable: a.variable, index: lowerIndex(a.index, sub), value: lowerValue(a.value, sub), ...(a.op ? { op: a.op } : {}), span: a.span });
        } else {
          const sub = synSub(a.target.synapses);
          program.push({ kind: 'set-synaptic', synapses: a.target.synapses, variable: a.variable, index: lowerIndex(a.index, sub), value: lowerValue(a.value, sub), ...(a.op ? { op: a.op } : {}), span: a.span });
        }
        break;
      case 'set-delay': {
        const sub = synSub(a.synapses);
        program.push({ kind: 'set-delay', synapses: a.synapses, pathway: a.pathway, index: lowerIndex(a.index, sub), value: lowerValue(a.value, sub), span: a.span });
        break;
      }
      case 'connect':
        program.push({ kind: 'connect', synapses: a.synapses, rule: lowerConnect(a.rule, synSub(a.synapses)), span: a.span });
        break;
      case 'store':
        program.push({ kind: 'store', name: a.name, network: a.network, objects: a.objects, span: a.span });
        break;
      case 'restore':
        program.push({ kind: 'restore', name: a.name, network: a.network, objects: a.objects, randomState: a.randomState, span: a.span });
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
  const totalSteps = runs.reduce((s, r) => s + r.steps, 0) + ops.afterStop.size;
  return {
    lowered: {
      format: 'brian2lava-lowered/1',
      source: model.source,
      dt: model.dt,
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
