// Phase 2: the evaluated script → model IR. One builder per kind of object; the constant table and the
// TimedArray registry are shared. Errors of independent objects are collected, not stopped at.

import { createHash } from 'node:crypto';
import { groupSlice, MAGIC_KINDS, type Brian2Object, type EvaluatedScript, type MonitorObj, type ScriptAction } from '../1-read/brian2/objects.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import { buildRun, buildSet, buildSetDelay, buildSynapticSet } from './actions.js';
import { buildConnect } from './connect.js';
import { BuildContext } from './context.js';
import { BuildEnv } from './env.js';
import { buildNeuronGroup, type GroupInfo } from './groups.js';
import { buildPoissonGroup, buildPoissonInput, buildSpikeGeneratorGroup } from './inputs.js';
import { IR_FORMAT, type ActionIR, type GroupIR, type ModelIR, type MonitorIR, type PoissonInputIR, type SynapsesIR } from './ir.js';
import { monitorKeys, namingIn } from './monitor-keys.js';
import { buildMonitor } from './monitors.js';
import { randomInfo } from './random.js';
import { computedArgs } from './computed.js';
import { valueToJson } from './json.js';
import { buildSpatialNeuron } from './spatial-neuron.js';
import { buildLinks, checkLinkedReads } from './links.js';
import { buildNetworkOperations } from './network-operations.js';
import { buildSynapses, checkSummedTargets, type SynapsesInfo } from './synapses.js';
import { planNetworks, type NetworkPlan } from './networks.js';
import { planClocks } from './clocks.js';

export interface BuildResult {
  model: ModelIR | null;
  diagnostics: Diagnostic[];
}

/** `readFailed`: reading the script already gave errors (statements after them may be missing). */
export function buildModel(script: EvaluatedScript, source: SourceFile, readFailed = false): BuildResult {
  const ctx = new BuildContext(source, script);
  const runs = script.actions.filter((a) => a.kind === 'run');
  // defaultclock.dt when the first run starts (each run's clocks and their dt: planClocks below).
  ctx.dt = ctx.dtAt(script.defaultclock, runs.length ? script.actions.indexOf(runs[0]!) : undefined);
  ctx.constants.runNamespaces = runs.length ? runs.map((r) => r.ns) : [script.endNamespace ?? new Map()];
  // Which objects each run() takes part in, and from which time (Brian2's networks).
  const plan = planNetworks(script, ctx);
  const env = new BuildEnv(
    ctx,
    ctx.constants.runNamespaces,
    plan.firstRun,
    runs.map((r) => new Set((plan.calls.get(r)?.objects ?? []).map((o) => o.name))),
  );
  const modelNotes = [...plan.notes];
  const kept = simulatedObjects(script, plan, runs.length > 0, modelNotes);

  const groups: GroupIR[] = [];
  const infos = new Map<string, GroupInfo>();
  const synapses: SynapsesIR[] = [];
  const synInfos = new Map<string, SynapsesInfo>();
  const poissonInputs: PoissonInputIR[] = [];
  const monitors: MonitorIR[] = [];
  const addGroup = (built: { ir: GroupIR; info: GroupInfo } | null) => {
    if (!built) return;
    groups.push(built.ir);
    infos.set(built.ir.id, built.info);
  };
  /** Actions a constructor performs (a SpatialNeuron's geometry), by the number of script actions before it. */
  const constructorActions = new Map<number, ActionIR[]>();
  // Groups first: synapses, inputs and monitors refer to them.
  for (const o of script.objects) {
    if (!kept.has(o)) continue;
    if (o.kind === 'NeuronGroup') addGroup(ctx.attempt(() => buildNeuronGroup(o, env)));
    else if (o.kind === 'SpatialNeuron') {
      const built = ctx.attempt(() => buildSpatialNeuron(o, env));
      addGroup(built);
      if (built) constructorActions.set(o.actionsBefore ?? 0, [...(constructorActions.get(o.actionsBefore ?? 0) ?? []), ...built.initial]);
    } else if (o.kind === 'PoissonGroup') addGroup(ctx.attempt(() => buildPoissonGroup(o, env)));
    else if (o.kind === 'SpikeGeneratorGroup') addGroup(ctx.attempt(() => buildSpikeGeneratorGroup(o, env)));
  }
  for (const o of script.objects) {
    if (!kept.has(o)) continue;
    if (o.kind === 'Synapses') {
      const built = ctx.attempt(() => buildSynapses(o, env, infos, synInfos));
      if (built) {
        synapses.push(built.ir);
        synInfos.set(o.name, built.info);
      }
    } else if (o.kind === 'PoissonInput') {
      const built = ctx.attempt(() => buildPoissonInput(o, env, infos));
      if (built) poissonInputs.push(built);
    }
  }
  checkSummedTargets(synapses, env);
  buildLinks(script.objects, groups, synapses, infos, synInfos, env);
  checkLinkedReads(groups, synapses, env);
  // Results keys: one rule with verify's Brian2 side (monitor-keys.ts), from the names each monitor's first
  // run() sees (a script without run(): the module's names at its end).
  const monitorObjs = script.objects.filter(
    (o): o is MonitorObj =>
      (o.kind === 'SpikeMonitor' || o.kind === 'EventMonitor' || o.kind === 'StateMonitor' || o.kind === 'PopulationRateMonitor') && kept.has(o),
  );
  const keys = monitorKeys(
    monitorObjs.map((o) => namingIn(o, o.name, o.named, runs.length ? (runs[plan.firstRun.get(o) ?? -1]?.ns ?? null) : (script.endNamespace ?? null))),
  );
  monitorObjs.forEach((o, k) => {
    const m = ctx.attempt(() => buildMonitor(o, env, infos, synInfos));
    if (m) monitors.push({ ...m, pyName: keys[k]! });
  });

  const operations = ctx.attempt(() => buildNetworkOperations(script, kept, runsOf(runs, plan), env, infos, synInfos, monitors, runs.length)) ?? {
    operations: [],
    functions: [],
    globals: [],
  };

  const program: ActionIR[] = [];
  const connected = new Set<string>();
  /** IR program length before each script action (for monitors created between actions). */
  const programAt: number[] = [];
  /** The IR action built from each script action (run/store/restore: for the clocks' replay). */
  const irOf = new Map<ScriptAction, ActionIR>();
  // The ids of the objects of a run()/store()/restore(), in the order of the IR's lists.
  const irIds = [
    ...groups.map((g) => g.id),
    ...synapses.map((s) => s.id),
    ...poissonInputs.map((p) => p.id),
    ...monitors.map((m) => m.id),
    ...operations.operations.map((o) => o.id),
  ];
  const idsOf = (objs: readonly { name: string }[]) => {
    const names = new Set(objs.map((o) => o.name));
    return irIds.filter((id) => names.has(id));
  };
  for (const [k, a] of script.actions.entries()) {
    program.push(...(constructorActions.get(k) ?? []));
    programAt.push(program.length);
    // Initialisations and connections of an object that is never simulated are left out with it.
    if (!actsOnKept(a, kept)) continue;
    const built = ctx.attempt((): ActionIR | null => {
      switch (a.kind) {
        case 'set': {
          if (a.owner.kind !== 'Synapses') return buildSet(a, env, infos);
          const info = synInfos.get(a.owner.name);
          return info ? buildSynapticSet(a, env, info, connected.has(info.id)) : null;
        }
        case 'set-delay': {
          const info = synInfos.get(a.owner.name);
          return info ? buildSetDelay(a, env, info, connected.has(info.id)) : null;
        }
        case 'connect': {
          const info = synInfos.get(a.synapses.name);
          if (!info) return null;
          connected.add(info.id);
          const rule = buildConnect(a, env, info);
          return rule ? { kind: 'connect', synapses: info.id, rule, span: ctx.span(a.loc) } : null;
        }
        case 'run': {
          const p = plan.calls.get(a)!;
          return buildRun(a, env, p, idsOf(p.objects));
        }
        case 'store': {
          const p = plan.calls.get(a)!;
          return { kind: 'store', name: a.name, network: p.network, objects: idsOf(p.objects), time: p.start, span: ctx.span(a.loc) };
        }
        case 'restore': {
          const p = plan.calls.get(a)!;
          return { kind: 'restore', name: a.name, network: p.network, objects: idsOf(p.objects), randomState: a.randomState ?? false, span: ctx.span(a.loc) };
        }
        case 'seed':
          return { kind: 'seed', seed: a.value, span: ctx.span(a.loc) };
        case 'clock-dt':
          // Runs carry their clocks' dt (planClocks); the action is for code run before the next run.
          return a.value.t === 'num' ? { kind: 'clock-dt', clock: a.clock.name, dt: a.value.v, span: ctx.span(a.loc) } : null;
        case 'draw':
          return {
            kind: 'draw',
            id: a.id,
            fn: a.fn,
            args: computedArgs(a.args, a.loc, ctx),
            kwargs: a.kwargs.map(([k, n]) => [k, computedArgs([n], a.loc, ctx)[0]!]),
            span: ctx.span(a.loc),
          };
        case 'count': {
          const info = synInfos.get(a.synapses.name);
          if (!info)
            return ctx.fail('unsupported', a.loc, {
              what: 'the number of synapses of an object that is not part of the simulated network',
              hint: 'use synapses that run() simulates',
            });
          return { kind: 'count', id: a.id, synapses: info.id, span: ctx.span(a.loc) };
        }
      }
    });
    if (built) {
      program.push(built);
      irOf.set(a, built);
    }
  }
  // Every run's clocks with their dt then (clock.dt changes replayed with Brian2's checks).
  const clockPlan = planClocks(script, irOf, plan, { groups, synapses, poissonInputs, monitors, networkOperations: operations.operations }, ctx);
  ctx.dt = clockPlan.dt;
  program.push(...(constructorActions.get(script.actions.length) ?? []));
  programAt.push(program.length);
  // After another error a connect() may have been lost with the statement that failed: only then
  // is 'never connected' a consequence, not a finding, so it is not reported.
  const failedBefore = readFailed || ctx.diagnostics.some((d) => d.severity === 'error');
  for (const s of synapses) {
    if (!failedBefore && s.pathways.length && !connected.has(s.id)) {
      ctx.attempt(() =>
        ctx.fail(
          'value-error',
          { start: s.span.start, end: s.span.end },
          {
            detail: `the Synapses object '${s.pyName ?? s.id}' does nothing: it never creates synapses with connect()`,
            hint: `call ${s.pyName ?? 'S'}.connect(...) before run()`,
          },
        ),
      );
    }
  }
  for (const m of monitors) m.afterActions = programAt[Math.min(m.afterActions, programAt.length - 1)]!;
  const errors = ctx.diagnostics.filter((d) => d.severity === 'error');
  const notes = [...script.notes, ...modelNotes].map((n) => ({ message: n.message, span: n.loc ? ctx.span(n.loc) : null }));
  for (const n of notes) ctx.diagnostics.push(diagnostic('skipped', n.span, { detail: n.message }, 'note'));
  if (errors.length) return { model: null, diagnostics: ctx.diagnostics };
  const model: ModelIR = {
    format: IR_FORMAT,
    source: { file: source.path, sha256: createHash('sha256').update(source.text).digest('hex') },
    device: script.device
      ? {
          name: script.device.name,
          options: Object.fromEntries([...script.device.options].map(([k, v]) => [k, valueToJson(v)])),
          span: ctx.span(script.device.loc),
        }
      : null,
    dt: ctx.dt,
    clocks: clockPlan.clocks,
    seed: script.seed?.value ?? null,
    constants: ctx.constants.list(),
    groups,
    synapses,
    poissonInputs,
    timedArrays: [...env.timedArrays.values()],
    monitors,
    networks: plan.networks,
    networkOperations: operations.operations,
    hostFunctions: operations.functions,
    hostGlobals: operations.globals,
    program,
    notes,
    random: randomInfo(
      { groups, synapses, poissonInputs, program, networkOperations: operations.operations, hostFunctions: operations.functions },
      script,
      ctx,
    ),
  };
  return { model, diagnostics: ctx.diagnostics };
}

/**
 * The objects the IR holds: those that take part in some run() (all of them in a script without run()),
 * and the groups that a PoissonInput which runs writes into (Brian2 runs it whether or not its group
 * runs). Every other Brian2 object is never simulated by Brian2, so it is left out (with a note).
 */
function simulatedObjects(script: EvaluatedScript, plan: NetworkPlan, hasRuns: boolean, notes: NetworkPlan['notes']): Set<Brian2Object> {
  if (!hasRuns) return new Set(script.objects);
  const kept = new Set<Brian2Object>(plan.firstRun.keys());
  for (const o of plan.firstRun.keys()) if (o.kind === 'PoissonInput') kept.add(groupSlice(o.target).group);
  for (const o of script.objects) {
    if (kept.has(o) || !MAGIC_KINDS.has(o.kind) || plan.inactive.has(o)) continue;
    notes.push({
      message: `'${o.pyName ?? o.name}' takes part in no run(), so it is not simulated (Brian2 runs only the objects run() collects or a Network holds)`,
      loc: o.loc,
    });
  }
  // Subgroups, TimedArrays and the like are not simulated themselves: kept for the objects that use them.
  for (const o of script.objects) if (!MAGIC_KINDS.has(o.kind)) kept.add(o);
  return kept;
}

/** Per object: the numbers of the runs (among the script's run() calls) it takes part in. */
function runsOf(runs: ScriptAction[], plan: NetworkPlan): Map<Brian2Object, number[]> {
  const out = new Map<Brian2Object, number[]>();
  runs.forEach((a, k) => {
    for (const o of plan.calls.get(a)?.objects ?? []) out.set(o, [...(out.get(o) ?? []), k]);
  });
  return out;
}

/** Whether a script action acts on objects the IR holds (set, connect and delays of a dropped object do not). */
function actsOnKept(a: ScriptAction, kept: Set<Brian2Object>): boolean {
  switch (a.kind) {
    case 'set':
      return kept.has(a.owner.kind === 'Synapses' ? a.owner : groupSlice(a.owner).group);
    case 'set-delay':
      return kept.has(a.owner);
    case 'connect':
      return kept.has(a.synapses);
    default:
      return true;
  }
}
