// Phase 2: the evaluated script → model IR. One builder per kind of object; the constant table and the
// TimedArray registry are shared. Errors of independent objects are collected, not stopped at.

import { createHash } from 'node:crypto';
import type { Brian2Object, EvaluatedScript } from '../1-read/brian2/objects.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import { formatDim, sameDim } from '../units/dimension.js';
import { buildRun, buildSet } from './actions.js';
import { BuildContext } from './context.js';
import { BuildEnv } from './env.js';
import { buildNeuronGroup, type GroupInfo } from './groups.js';
import { IR_FORMAT, type ActionIR, type GroupIR, type ModelIR, type MonitorIR } from './ir.js';
import { buildMonitor } from './monitors.js';
import { SECOND } from './names.js';
import { valueToJson } from './json.js';

export interface BuildResult {
  model: ModelIR | null;
  diagnostics: Diagnostic[];
}

function notConvertedYet(o: Brian2Object, ctx: BuildContext): void {
  ctx.attempt(() => ctx.fail('unsupported', o.loc, { what: o.kind, hint: `${o.kind} is not converted by this version of brian2lava` }));
}

export function buildModel(script: EvaluatedScript, source: SourceFile): BuildResult {
  const ctx = new BuildContext(source, script);
  if (script.dt) {
    const d = script.dt.value;
    if (d.t !== 'num' || !sameDim(d.dim, SECOND) || !(d.v > 0)) {
      ctx.attempt(() => ctx.fail('unit-mismatch', script.dt!.loc, { detail: `defaultclock.dt must be a positive time${d.t === 'num' ? `, not ${formatDim(d.dim)}` : ''}`, hint: 'e.g. defaultclock.dt = 0.1*ms' }));
    } else ctx.dt = d.v;
  }
  const runs = script.actions.filter((a) => a.kind === 'run');
  ctx.constants.runNamespaces = runs.map((r) => r.ns);
  const env = new BuildEnv(ctx, ctx.constants.runNamespaces);

  const groups: GroupIR[] = [];
  const infos = new Map<string, GroupInfo>();
  const monitors: MonitorIR[] = [];
  for (const o of script.objects) {
    switch (o.kind) {
      case 'NeuronGroup': {
        const built = ctx.attempt(() => buildNeuronGroup(o, env));
        if (built) {
          groups.push(built.ir);
          infos.set(o.name, built.info);
        }
        break;
      }
      case 'Subgroup':
      case 'TimedArray':
      case 'Network':
      case 'Clock':
      case 'VariableView':
      case 'PathwayView':
        break;
      case 'SpikeMonitor':
      case 'StateMonitor':
      case 'PopulationRateMonitor':
        break;
      default:
        notConvertedYet(o, ctx);
    }
  }
  for (const o of script.objects) {
    if (o.kind === 'SpikeMonitor' || o.kind === 'StateMonitor' || o.kind === 'PopulationRateMonitor') {
      const m = ctx.attempt(() => buildMonitor(o, env, infos));
      if (m) monitors.push(m);
    }
  }

  const program: ActionIR[] = [];
  let steps = 0;
  for (const a of script.actions) {
    const built = ctx.attempt((): ActionIR | null => {
      switch (a.kind) {
        case 'set':
          return buildSet(a, env, infos);
        case 'run': {
          const r = buildRun(a, env, steps);
          steps += r.steps;
          return r;
        }
        case 'store':
        case 'restore':
          return { kind: a.kind, name: a.name, span: ctx.span(a.loc) };
        default:
          return ctx.fail('unsupported', a.loc, { what: a.kind === 'connect' ? 'connecting synapses' : 'synaptic delays', hint: 'synapses are not converted yet' });
      }
    });
    if (built) program.push(built);
  }

  const errors = ctx.diagnostics.filter((d) => d.severity === 'error');
  const notes = script.notes.map((n) => ({ message: n.message, span: n.loc ? ctx.span(n.loc) : null }));
  for (const n of notes) ctx.diagnostics.push(diagnostic('skipped', n.span, { detail: n.message }, 'note'));
  if (errors.length) return { model: null, diagnostics: ctx.diagnostics };
  const model: ModelIR = {
    format: IR_FORMAT,
    source: { file: source.path, sha256: createHash('sha256').update(source.text).digest('hex') },
    device: script.device ? { name: script.device.name, options: Object.fromEntries([...script.device.options].map(([k, v]) => [k, valueToJson(v)])), span: ctx.span(script.device.loc) } : null,
    dt: ctx.dt,
    seed: script.seed?.value ?? null,
    constants: ctx.constants.list(),
    groups,
    synapses: [],
    poissonInputs: [],
    timedArrays: [...env.timedArrays.values()],
    monitors,
    program,
    notes,
  };
  return { model, diagnostics: ctx.diagnostics };
}
