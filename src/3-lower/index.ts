// Phase 3: model IR → lowered model. Groups get their discrete update code, monitors the expressions
// they record, the program its segments, and one time step its schedule.

import type { ModelIR } from '../2-model/ir.js';
import { CompileError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { sym, type SExpr } from '../symbolic/expr.js';
import type { LAction, LGroup, LMonitor, LoweredModel } from './lowered.js';
import { lowerNeuronGroup } from './neuron-group.js';
import { buildSchedule } from './schedule.js';
import { substituteSubexpressions } from './system.js';

/** A group's substituted subexpressions (`constant over dt` ones are variables and stay as they are). */
function subexpressionsOf(g: LGroup): Map<string, SExpr> {
  return new Map(Object.entries(g.subexpressions).filter(([k, v]) => !(v.expr.k === 'sym' && v.expr.name === k)).map(([k, v]) => [k, v.expr]));
}

/** Seed of the generated project when the script does not call seed(). */
export const DEFAULT_SEED = 20240601;

export interface LowerResult {
  lowered: LoweredModel | null;
  diagnostics: Diagnostic[];
}

export function lowerModel(model: ModelIR): LowerResult {
  const diagnostics: Diagnostic[] = [];
  const groups: LGroup[] = [];
  for (const g of model.groups) {
    if (g.kind !== 'NeuronGroup') continue;
    try {
      groups.push(lowerNeuronGroup(g, model, new Set()));
    } catch (e) {
      if (e instanceof CompileError) diagnostics.push(...e.diagnostics);
      else throw e;
    }
  }
  if (diagnostics.length) return { lowered: null, diagnostics };

  const monitors: LMonitor[] = model.monitors.map((m) => {
    if (m.kind === 'PopulationRateMonitor') return m;
    const g = groups.find((x) => x.id === m.source.group)!;
    const recorded = m.variables.map((name) => {
      const sub = g.subexpressions[name];
      if (sub) return { name, expr: sub.expr, dim: sub.dim };
      const v = g.variables.find((x) => x.name === name);
      return { name, expr: sym(name), dim: v ? v.dim : ([0, 0, 0, 0, 0, 0, 0] as const) };
    });
    if (m.kind === 'StateMonitor') return { ...m, recorded, everySteps: m.dt === null ? 1 : Math.max(1, Math.round(m.dt / model.dt)) };
    return { ...m, recorded };
  });

  const runs = model.program.filter((a) => a.kind === 'run');
  const program: LAction[] = [];
  let runIndex = 0;
  for (const a of model.program) {
    if (a.kind === 'run') {
      const constants: Record<string, number> = {};
      for (const c of model.constants) if (c.perRun) constants[c.id] = c.perRun[runIndex]!;
      program.push({ kind: 'run', steps: a.steps, constants, span: a.span });
      runIndex++;
    } else if (a.kind === 'set') {
      // Initialisation strings may read subexpressions (in the value and in a condition index).
      const g = 'group' in a.target ? groups.find((x) => x.id === (a.target as { group: string }).group) : undefined;
      const subst = (e: SExpr) => (g ? substituteSubexpressions(e, subexpressionsOf(g)) : e);
      const value = a.value.kind === 'expression' ? { kind: 'expression' as const, expr: subst(a.value.expr.ast) } : a.value.kind === 'array' ? { kind: 'array' as const, values: a.value.values } : { kind: 'scalar' as const, value: a.value.value };
      const index = a.index.kind === 'condition' ? { ...a.index, expr: { ...a.index.expr, ast: subst(a.index.expr.ast) } } : a.index;
      if ('group' in a.target) program.push({ kind: 'set', target: a.target, variable: a.variable, index, value, span: a.span });
    } else if (a.kind === 'store' || a.kind === 'restore') {
      program.push({ kind: a.kind, name: a.name, span: a.span });
    }
  }
  const totalSteps = runs.reduce((s, r) => s + r.steps, 0);
  return {
    lowered: {
      format: 'brian2lava-lowered/1',
      source: model.source,
      dt: model.dt,
      seed: model.seed ?? DEFAULT_SEED,
      seedFromScript: model.seed !== null,
      constants: model.constants,
      timedArrays: model.timedArrays,
      groups,
      monitors,
      schedule: buildSchedule(groups, monitors),
      program,
      totalSteps,
      device: model.device ? { name: model.device.name, options: model.device.options } : null,
    },
    diagnostics,
  };
}
