// Monitors → IR: which group (or slice of it) they watch, which variables and indices they record.

import { clockOf, groupSlice, type MonitorObj } from '../1-read/brian2/objects.js';
import type { Loc } from '../../grammars/ast.js';
import { describe, type Value } from '../1-read/values.js';
import { truthy } from '../1-read/operators.js';
import type { BuildContext } from './context.js';
import { didYouMean } from '../diagnostics/diagnostic.js';
import { sameDim, SECOND } from '../units/dimension.js';
import type { BuildEnv } from './env.js';
import type { GroupInfo } from './groups.js';
import type { MonitorIR, StateMonitorIR } from './ir.js';
import { synapseSelection } from './actions.js';
import type { VarInfo } from './resolve.js';
import { numbersOf } from './inputs.js';
import { synapticHint, type SynapsesInfo } from './synapses.js';
import { checkSlot } from './slots.js';

/**
 * `variables=`: a name or a list of names; `True` records what Brian2 records then, the names of the
 * source's equations (`all`, or a located error when the source has none, as Brian2's AttributeError).
 */
function variableList(v: Value, loc: import('../../grammars/ast.js').Loc, env: BuildEnv, all: (() => string[]) | null = null): string[] {
  if (v.t === 'bool' && v.v && all) return all();
  if (v.t === 'str') return [v.v];
  if (v.t === 'list' || v.t === 'tuple') {
    return v.items.map((x) => (x.t === 'str' ? x.v : env.ctx.fail('type-error', loc, { detail: 'variable names must be strings', hint: "e.g. ['v', 'w']" })));
  }
  if (v.t === 'bool' && v.v)
    return env.ctx.fail('type-error', loc, {
      detail: 'variables=True records every variable only in a StateMonitor; here Brian2 needs names',
      hint: "name the variables, e.g. ['v', 'w']",
    });
  return env.ctx.fail('type-error', loc, { detail: 'variables must be a name or a list of names', hint: "e.g. 'v' or ['v', 'w']" });
}

function recordList(v: Value | undefined, loc: import('../../grammars/ast.js').Loc, size: number, env: BuildEnv): number[] | true {
  const ctx = env.ctx;
  if (v === undefined) return true;
  const check = (k: number) => {
    if (!Number.isInteger(k) || k < 0 || k >= size)
      ctx.fail('value-error', loc, { detail: `cannot record index ${k} of ${size} neurons`, hint: `use indices from 0 to ${size - 1}` });
    return k;
  };
  switch (v.t) {
    case 'bool':
      return v.v ? true : [];
    case 'num':
      return [check(v.v)];
    case 'list':
    case 'tuple':
      return v.items.map((x) =>
        x.t === 'num' ? check(x.v) : ctx.fail('type-error', loc, { detail: 'record must list integer indices', hint: 'e.g. record=[0, 5, 10]' }),
      );
    case 'array':
      return Array.from(v.a.data, check);
    case 'range':
      return Array.from({ length: Math.max(0, Math.ceil((v.stop - v.start) / v.step)) }, (_, k) => check(v.start + k * v.step));
    default:
      return ctx.fail('type-error', loc, { detail: 'record must be True, an index or a list of indices', hint: 'e.g. record=[0, 5, 10] or record=True' });
  }
}

/** A StateMonitor's slot and clock (`clock=`, its own for dt=, else its source's: 1-read's clockOf). */
function whenAndClock(o: MonitorObj, env: BuildEnv): { when: string; clock: string } {
  const ctx = env.ctx;
  const whenArg = o.args.get('when');
  const when = whenArg && whenArg.value.t === 'str' ? whenArg.value.v : 'start';
  // Any of Brian2's slots, also before_/after_ ones (StateMonitor(..., when='after_thresholds')).
  if (whenArg) checkSlot(when, whenArg.loc, ctx);
  return { when, clock: clockOf(o)!.name };
}

/** StateMonitor(S, ...): synaptic variables (or pre/post ones) of some synapses, by synapse index. */
/**
 * A subexpression holding a noise term cannot be recorded: Brian2's monitor code has no value for the
 * term and fails when it runs.
 */
function checkNoiseFree(info: VarInfo | undefined, name: string, loc: Loc, env: BuildEnv): void {
  if (!info?.noise) return;
  env.ctx.fail('code-error', loc, {
    detail: `'${name}' is a subexpression holding the noise term '${info.noise}', which has a value only in the differential equations of its own group (Brian2 fails when it records it)`,
    hint: 'record a subexpression without the noise term (split the deterministic part into its own subexpression)',
  });
}

function buildSynapticStateMonitor(o: MonitorObj, env: BuildEnv, info: SynapsesInfo): MonitorIR {
  const ctx = env.ctx;
  const vars = o.args.get('variables')!;
  const variables = variableList(vars.value, vars.loc, env, () => info.continuous);
  for (const name of variables) {
    const n = info.table.get(name);
    if (!n || n.owner === 'special')
      ctx.fail('unknown-attribute', vars.loc, { object: o.source.pyName ?? o.source.name, name, hint: synapticHint(name, info) });
    checkNoiseFree(n?.info, name, vars.loc, env);
  }
  const rec = o.args.get('record')!;
  let record: number[] | true;
  let recordSelection: StateMonitorIR['recordSelection'];
  const rv = rec.value;
  if (rv.t === 'object' && rv.obj.kind === 'SynapticIndices') {
    // record=S[i, j]: the synapses it selects among those that exist when the monitor is made.
    if (rv.obj.owner.name !== info.id)
      ctx.fail('value-error', rec.loc, {
        detail: `these are synapses of ${rv.obj.owner.pyName ?? rv.obj.owner.name}, not of ${info.pyName ?? info.id}`,
        hint: 'record synapses of the monitored Synapses object',
      });
    record = true;
    recordSelection = synapseSelection(rv.obj.index, rv.obj.ns ?? new Map(), rec.loc, info, env);
  } else if (rv.t === 'bool') record = rv.v ? true : [];
  else {
    const nums = numbersOf(rv);
    if (!nums || !nums.integer)
      return ctx.fail('type-error', rec.loc, {
        detail: 'record must be True, a synapse index or a list of them',
        hint: 'e.g. record=[0, 5, 10] or record=True',
      });
    if (nums.values.some((k) => k < 0)) ctx.fail('value-error', rec.loc, { detail: 'synapse indices cannot be negative', hint: 'use indices from 0' });
    record = nums.values;
  }
  const { when, clock } = whenAndClock(o, env);
  return {
    kind: 'StateMonitor',
    id: o.name,
    pyName: o.pyName,
    source: { group: info.id, start: 0, stop: 0 },
    sourceKind: 'synapses',
    variables,
    record,
    ...(recordSelection ? { recordSelection } : {}),
    when,
    clock,
    span: ctx.span(o.loc),
    afterActions: o.actionsBefore ?? 0,
  };
}

/**
 * `record=` of a SpikeMonitor/EventMonitor: Brian2 (2.5.4) only asks whether it is true (`if self.record:`),
 * so a list of indices records every spike of the group when it is not empty (nothing but the counts when
 * it is), which a note says; numpy's ambiguous truth of a longer array is Brian2's ValueError.
 */
function spikeRecordFlag(kind: string, arg: { value: Value; loc: Loc }, ctx: BuildContext): boolean {
  const v = arg.value;
  if (v.t === 'bool') return v.v;
  const container = v.t === 'list' || v.t === 'tuple' || v.t === 'set' || v.t === 'dict' || v.t === 'range' || (v.t === 'array' && v.a.data.length <= 1);
  if (!container && v.t !== 'num') {
    return ctx.fail('type-error', arg.loc, {
      detail:
        v.t === 'array'
          ? `the truth value of an array with more than one element is ambiguous: Brian2's ${kind} raises a ValueError at \`if record:\``
          : `record must be True or False for a ${kind}`,
      hint: 'record=False keeps only the counts',
    });
  }
  const flag = truthy(v);
  if (container) {
    ctx.script.notes.push({
      message: `record= of a ${kind} only says whether to record: Brian2 reads ${describe(v)} as ${flag ? 'True and records every spike of the group (not only these indices)' : 'False and keeps only the counts'}, and so does the converted model`,
      loc: arg.loc,
    });
  }
  return flag;
}

export function buildMonitor(o: MonitorObj, env: BuildEnv, infos: Map<string, GroupInfo>, synapses: Map<string, SynapsesInfo>): MonitorIR | null {
  const ctx = env.ctx;
  const span = ctx.span(o.loc);
  if (o.source.kind === 'Synapses') {
    const info = synapses.get(o.source.name);
    if (!info) return null;
    return buildSynapticStateMonitor(o, env, info);
  }
  const slice = groupSlice(o.source);
  const source = { group: slice.group.name, start: slice.start, stop: slice.stop };
  const size = slice.stop - slice.start;
  const info = infos.get(slice.group.name);
  switch (o.kind) {
    case 'SpikeMonitor':
    case 'EventMonitor': {
      const vars = o.args.get('variables');
      const recordArg = o.args.get('record');
      let record = true;
      if (recordArg && recordArg.value.t !== 'none') record = spikeRecordFlag(o.kind, recordArg, ctx);
      const variables = vars && vars.value.t !== 'none' ? variableList(vars.value, vars.loc, env) : [];
      for (const name of variables) {
        if (info && !info.variables.has(name))
          ctx.fail('value-error', vars!.loc, {
            detail: `'${name}' is not a variable of the recorded group`,
            hint: didYouMean(name, info.kinds.keys(), 'record a variable of the group'),
          });
        checkNoiseFree(info?.variables.get(name), name, vars!.loc, env);
      }
      const event = o.event ?? { name: 'spike', when: 'thresholds', order: 1 };
      const slot = { when: checkSlot(event.when, o.args.get('when')?.loc ?? o.loc, ctx), order: event.order };
      return {
        kind: 'SpikeMonitor',
        id: o.name,
        pyName: o.pyName,
        source,
        event: event.name,
        eventMonitor: o.kind === 'EventMonitor',
        record,
        slot,
        variables,
        span,
        afterActions: o.actionsBefore ?? 0,
      };
    }
    case 'StateMonitor': {
      const vars = o.args.get('variables')!;
      const variables = variableList(vars.value, vars.loc, env, () => {
        if (!info || info.groupKind === 'PoissonGroup' || info.groupKind === 'SpikeGeneratorGroup') {
          return ctx.fail('value-error', vars.loc, {
            detail: `a ${info?.groupKind ?? 'group'} has no equations, so Brian2 cannot record variables=True of it`,
            hint: 'name the variables to record',
          });
        }
        // Brian2: the names of the group's equations (with refractoriness: lastspike and not_refractory).
        return [...info.kinds.keys()];
      });
      for (const name of variables) {
        if (info && !info.variables.has(name)) {
          ctx.fail('unknown-attribute', vars.loc, {
            object: o.source.pyName ?? slice.group.name,
            name,
            hint: didYouMean(name, info.kinds.keys(), `its variables are: ${[...info.kinds.keys()].join(', ')}`),
          });
        }
        checkNoiseFree(info?.variables.get(name), name, vars.loc, env);
      }
      const rec = o.args.get('record')!;
      const record = recordList(rec.value, rec.loc, size, env);
      const { when, clock } = whenAndClock(o, env);
      return {
        kind: 'StateMonitor',
        id: o.name,
        pyName: o.pyName,
        source,
        sourceKind: 'group',
        variables,
        record,
        when,
        clock,
        span,
        afterActions: o.actionsBefore ?? 0,
      };
    }
    case 'PopulationRateMonitor':
      return { kind: 'PopulationRateMonitor', id: o.name, pyName: o.pyName, source, span, afterActions: o.actionsBefore ?? 0 };
  }
}
