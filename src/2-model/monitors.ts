// Monitors → IR: which group (or slice of it) they watch, which variables and indices they record.

import { groupSlice, type MonitorObj } from '../1-read/brian2/objects.js';
import type { Value } from '../1-read/values.js';
import { didYouMean } from '../diagnostics/diagnostic.js';
import { sameDim } from '../units/dimension.js';
import type { BuildEnv } from './env.js';
import type { GroupInfo } from './groups.js';
import type { MonitorIR } from './ir.js';
import { SECOND } from './names.js';

const SCHEDULE_SLOTS = ['start', 'groups', 'thresholds', 'synapses', 'resets', 'end'];

function variableList(v: Value, loc: import('../../grammars/ast.js').Loc, env: BuildEnv): string[] {
  if (v.t === 'str') return [v.v];
  if (v.t === 'list' || v.t === 'tuple') {
    return v.items.map((x) => (x.t === 'str' ? x.v : env.ctx.fail('type-error', loc, { detail: 'variable names must be strings', hint: "e.g. ['v', 'w']" })));
  }
  if (v.t === 'bool' && v.v) return env.ctx.fail('unsupported', loc, { what: 'recording every variable (variables=True)', hint: "name the variables, e.g. ['v', 'w']" });
  return env.ctx.fail('type-error', loc, { detail: 'variables must be a name or a list of names', hint: "e.g. 'v' or ['v', 'w']" });
}

function recordList(v: Value | undefined, loc: import('../../grammars/ast.js').Loc, size: number, env: BuildEnv): number[] | true {
  const ctx = env.ctx;
  if (v === undefined) return true;
  const check = (k: number) => {
    if (!Number.isInteger(k) || k < 0 || k >= size) ctx.fail('value-error', loc, { detail: `cannot record index ${k} of ${size} neurons`, hint: `use indices from 0 to ${size - 1}` });
    return k;
  };
  switch (v.t) {
    case 'bool':
      return v.v ? true : [];
    case 'num':
      return [check(v.v)];
    case 'list':
    case 'tuple':
      return v.items.map((x) => (x.t === 'num' ? check(x.v) : ctx.fail('type-error', loc, { detail: 'record must list integer indices', hint: 'e.g. record=[0, 5, 10]' })));
    case 'array':
      return Array.from(v.a.data, check);
    case 'range':
      return Array.from({ length: Math.max(0, Math.ceil((v.stop - v.start) / v.step)) }, (_, k) => check(v.start + k * v.step));
    default:
      return ctx.fail('type-error', loc, { detail: 'record must be True, an index or a list of indices', hint: 'e.g. record=[0, 5, 10] or record=True' });
  }
}

export function buildMonitor(o: MonitorObj, env: BuildEnv, infos: Map<string, GroupInfo>): MonitorIR | null {
  const ctx = env.ctx;
  const span = ctx.span(o.loc);
  if (o.source.kind === 'Synapses') {
    return ctx.fail('unsupported', o.loc, { what: 'monitoring synapses', hint: 'synapses are not converted yet' });
  }
  const slice = groupSlice(o.source);
  const source = { group: slice.group.name, start: slice.start, stop: slice.stop };
  const size = slice.stop - slice.start;
  const info = infos.get(slice.group.name);
  switch (o.kind) {
    case 'SpikeMonitor': {
      const vars = o.args.get('variables');
      const record = o.args.get('record');
      if (record && record.value.t === 'bool' && !record.value.v) ctx.fail('unsupported', record.loc, { what: 'SpikeMonitor(record=False)', hint: 'record spikes or remove the monitor' });
      const variables = vars && vars.value.t !== 'none' ? variableList(vars.value, vars.loc, env) : [];
      for (const name of variables) {
        if (info && !info.variables.has(name)) ctx.fail('unknown-attribute', vars!.loc, { object: o.source.pyName ?? slice.group.name, name, hint: didYouMean(name, info.kinds.keys(), 'record a variable of the group') });
      }
      return { kind: 'SpikeMonitor', id: o.name, pyName: o.pyName, source, variables, span };
    }
    case 'StateMonitor': {
      const vars = o.args.get('variables')!;
      const variables = variableList(vars.value, vars.loc, env);
      for (const name of variables) {
        if (info && !info.variables.has(name)) {
          ctx.fail('unknown-attribute', vars.loc, { object: o.source.pyName ?? slice.group.name, name, hint: didYouMean(name, info.kinds.keys(), `its variables are: ${[...info.kinds.keys()].join(', ')}`) });
        }
      }
      const rec = o.args.get('record')!;
      const record = recordList(rec.value, rec.loc, size, env);
      const whenArg = o.args.get('when');
      const when = whenArg && whenArg.value.t === 'str' ? whenArg.value.v : 'start';
      if (!SCHEDULE_SLOTS.includes(when)) ctx.fail('value-error', whenArg!.loc, { detail: `unknown schedule slot '${when}'`, hint: `use one of ${SCHEDULE_SLOTS.join(', ')}` });
      const dtArg = o.args.get('dt');
      let dt: number | null = null;
      if (dtArg && dtArg.value.t !== 'none') {
        const d = dtArg.value;
        if (d.t !== 'num' || !sameDim(d.dim, SECOND)) ctx.fail('unit-mismatch', dtArg.loc, { detail: 'the dt of a StateMonitor must be a time', hint: 'e.g. dt=1*ms' });
        dt = (d as Extract<Value, { t: 'num' }>).v;
      }
      return { kind: 'StateMonitor', id: o.name, pyName: o.pyName, source, sourceKind: 'group', variables, record, when, dt, span };
    }
    case 'PopulationRateMonitor':
      return { kind: 'PopulationRateMonitor', id: o.name, pyName: o.pyName, source, span };
  }
}
