// Input objects → IR: PoissonGroup (rates as a value, an array or an expression), SpikeGeneratorGroup
// (spikes sorted and checked as Brian2 does before a run) and PoissonInput (binomial input to a variable).

import type { Loc } from '../../grammars/ast.js';
import { groupSlice, type PoissonGroupObj, type PoissonInputObj, type SpikeGeneratorGroupObj } from '../1-read/brian2/objects.js';
import type { Value } from '../1-read/values.js';
import { didYouMean } from '../diagnostics/diagnostic.js';
import { sym } from '../symbolic/expr.js';
import { DIMENSIONLESS, formatDim, isDimensionless, sameDim, SECOND, type Dim } from '../units/dimension.js';
import { buildExpression } from './code.js';
import type { BuildEnv } from './env.js';
import type { GroupInfo } from './groups.js';
import type { PoissonGroupIR, PoissonInputIR, RunRegularlyIR, SpikeGeneratorGroupIR, ValueIR } from './ir.js';
import { buildRunRegularly } from './groups.js';
import { nameTable } from './names.js';
import { computedOf, computedValue } from './computed.js';
import type { VarInfo } from './resolve.js';

export const HERTZ: Dim = [0, 0, -1, 0, 0, 0, 0];

/** Variables that code can name in a PoissonGroup or SpikeGeneratorGroup (they have no model variables). */
function inputVariables(): Map<string, VarInfo> {
  return new Map<string, VarInfo>([
    ['t', { sym: sym('t', 'special'), dim: SECOND, type: 'float' }],
    ['dt', { sym: sym('dt', 'special'), dim: SECOND, type: 'float' }],
    ['t_in_timesteps', { sym: sym('t_in_timesteps', 'special'), dim: DIMENSIONLESS, type: 'integer' }],
    ['i', { sym: sym('i', 'special'), dim: DIMENSIONLESS, type: 'integer' }],
    ['N', { sym: sym('N', 'special'), dim: DIMENSIONLESS, type: 'integer' }],
  ]);
}

function inputInfo(id: string, n: number, groupKind: GroupInfo['groupKind']): GroupInfo {
  return {
    id,
    n,
    variables: inputVariables(),
    kinds: new Map(),
    fixed: null,
    shared: new Set(),
    spikes: true,
    events: ['spike'],
    linked: new Set(),
    groupKind,
  };
}

/** Numbers of a list or array value (null if it is not one). */
export function numbersOf(v: Value): { values: number[]; dim: Dim; integer: boolean } | null {
  if (v.t === 'array') return { values: Array.from(v.a.data), dim: v.dim, integer: v.a.dtype !== 'float' };
  if (v.t === 'list' || v.t === 'tuple') {
    const items = v.items;
    if (!items.every((x) => x.t === 'num' || x.t === 'bool')) return null;
    const first = items.find((x) => x.t === 'num') as Extract<Value, { t: 'num' }> | undefined;
    const dim = first ? first.dim : DIMENSIONLESS;
    if (items.some((x) => x.t === 'num' && !sameDim(x.dim, dim))) return null;
    return {
      values: items.map((x) => (x.t === 'num' ? x.v : x.t === 'bool' && x.v ? 1 : 0)),
      dim,
      integer: items.every((x) => x.t === 'bool' || (x.t === 'num' && x.int)),
    };
  }
  if (v.t === 'num') return { values: [v.v], dim: v.dim, integer: v.int };
  if (v.t === 'range')
    return {
      values: Array.from({ length: Math.max(0, Math.ceil((v.stop - v.start) / v.step)) }, (_, k) => v.start + k * v.step),
      dim: DIMENSIONLESS,
      integer: true,
    };
  return null;
}

export function buildPoissonGroup(o: PoissonGroupObj, env: BuildEnv): { ir: PoissonGroupIR; info: GroupInfo } {
  const ctx = env.ctx;
  const info = inputInfo(o.name, o.n, 'PoissonGroup');
  const { value, loc } = o.rates;
  const wrong = (d: Dim): never =>
    ctx.fail('unit-mismatch', loc, { detail: `the rates of a PoissonGroup must be in hertz, not ${formatDim(d)}`, hint: 'e.g. rates=10*Hz' });
  let rates: ValueIR;
  if (value.t === 'str') {
    const { ns, runIndex } = env.namespaceFor(o);
    const names = nameTable(env, {
      variables: info.variables,
      fixed: o.explicitNamespace,
      namespace: o.explicitNamespace ? new Map() : ns,
      runIndex,
      constants: 'symbol',
      random: true,
    });
    const e = buildExpression(value, names, ctx, 'the rates');
    if (!sameDim(e.dim, HERTZ)) wrong(e.dim);
    rates = { kind: 'expression', expr: { code: e.code, ast: e.ast, dim: e.dim, span: e.span } };
  } else if (value.t === 'drawn') {
    // Rates the project draws (numpy.random in the script).
    if (!sameDim(value.dim, HERTZ)) wrong(value.dim);
    if (!value.scalar && (value.a.shape.length !== 1 || (value.a.shape[0] !== o.n && value.a.shape[0] !== 1))) {
      ctx.fail('value-error', loc, { detail: `${value.a.shape.join('×')} rates for ${o.n} neurons`, hint: `give one rate, or ${o.n}` });
    }
    rates = { kind: 'computed', node: computedOf(value, ctx), shape: [...value.a.shape], dim: value.dim };
  } else {
    const nums = numbersOf(value);
    if (!nums)
      return ctx.fail('type-error', loc, {
        detail: 'rates must be a rate, an array of rates or a string expression',
        hint: "e.g. rates=10*Hz or rates='10*Hz + i*Hz'",
      });
    if (!sameDim(nums.dim, HERTZ)) wrong(nums.dim);
    if (value.t === 'num') rates = { kind: 'scalar', value: nums.values[0]!, dim: nums.dim };
    else {
      if (nums.values.length !== o.n)
        ctx.fail('value-error', loc, { detail: `${nums.values.length} rates for ${o.n} neurons`, hint: `give one rate, or ${o.n}` });
      rates = { kind: 'array', values: nums.values, dim: nums.dim };
    }
  }
  // Rates given as values are a variable of the group (Brian2's `rates` parameter): run_regularly code and
  // `P.rates = ...` can change them; given as a string, they are a subexpression.
  if (rates.kind !== 'expression') {
    info.variables.set('rates', { sym: sym('rates', 'var'), dim: HERTZ, type: 'float' });
    info.kinds.set('rates', 'parameter');
  }
  const runRegularly: RunRegularlyIR[] = [];
  if (o.runRegularly.length) {
    const { ns, runIndex } = env.namespaceFor(o);
    const names = nameTable(env, {
      variables: info.variables,
      fixed: o.explicitNamespace,
      namespace: o.explicitNamespace ? new Map() : ns,
      runIndex,
      constants: 'symbol',
      random: true,
    });
    const writable = (name: string): { info: VarInfo } | string => {
      if (name !== 'rates') return `'${name}' is not a variable of this PoissonGroup (its only variable is rates)`;
      if (rates.kind === 'expression')
        return "'rates' is given as a string, which makes it a subexpression; give the PoissonGroup numeric rates to change them in run_regularly";
      return { info: info.variables.get('rates')! };
    };
    for (const rr of o.runRegularly) {
      const built = ctx.attempt(() => buildRunRegularly(rr, names, writable, new Set(), ctx));
      if (built) runRegularly.push(built);
    }
  }
  return { ir: { kind: 'PoissonGroup', id: o.name, pyName: o.pyName, n: o.n, clock: o.clock.name, span: ctx.span(o.loc), rates, runRegularly }, info };
}

/** Brian2's `timestep()` binning of spike times: shift by 1e-3·dt, then truncate. */
export function spikeTimebin(t: number, dt: number): number {
  return Math.trunc((t + 1e-3 * dt) / dt);
}

export function buildSpikeGeneratorGroup(o: SpikeGeneratorGroupObj, env: BuildEnv): { ir: SpikeGeneratorGroupIR; info: GroupInfo } {
  const ctx = env.ctx;
  // Brian2 checks the spikes against the group's dt when it is created (and again when a run starts).
  const dt = ctx.dtAt(o.clock, o.actionsBefore);
  if (o.indices.value.t === 'drawn' || o.times.value.t === 'drawn') return drawnSpikes(o, env);
  if (o.indices.value.t === 'unknown' && o.indices.value.recording) return recordedSpikes(o, env);
  // A value the reader could not know (a random draw, the simulation's results): say why.
  for (const a of [o.indices, o.times]) {
    if (a.value.t === 'unknown' && a.value.why)
      ctx.fail('not-static', a.loc, { what: a === o.indices ? 'the indices of the SpikeGeneratorGroup' : 'the spike times', hint: a.value.why });
  }
  const idx = numbersOf(o.indices.value);
  if (!idx || !isDimensionless(idx.dim)) {
    ctx.fail('type-error', o.indices.loc, {
      detail: 'the indices of a SpikeGeneratorGroup must be numbers without units',
      hint: 'pass an array of neuron indices',
    });
  }
  const times = numbersOf(o.times.value);
  if (!times || (times.values.length && !sameDim(times.dim, SECOND))) {
    ctx.fail('unit-mismatch', o.times.loc, {
      detail: `the spike times must be times${times ? `, not ${formatDim(times.dim)}` : ''}`,
      hint: 'e.g. [1, 5, 10]*ms',
    });
  }
  // Brian2 checks the given values against [0, N[ and stores them as int32 (floats truncated: np.zeros(n) works).
  const given = idx!.values;
  const indices = given.map(Math.trunc);
  const t = times!.values;
  if (indices.length !== t.length) {
    ctx.fail('value-error', o.times.loc, { detail: `${indices.length} indices but ${t.length} spike times`, hint: 'give one time per index' });
  }
  let period = 0;
  if (o.period && o.period.value.t !== 'none') {
    const p = o.period.value;
    if (p.t !== 'num' || !sameDim(p.dim, SECOND))
      return ctx.fail('unit-mismatch', o.period.loc, { detail: 'the period must be a time', hint: 'e.g. period=100*ms' });
    if (p.v < 0) ctx.fail('value-error', o.period.loc, { detail: 'the period cannot be negative', hint: 'give a positive period, or 0 for none' });
    period = p.v;
  }
  const periodLoc = o.period?.loc ?? o.loc;
  if (given.some((k) => !(k >= 0 && k < o.n)))
    ctx.fail('value-error', o.indices.loc, { detail: `indices must lie in [0, ${o.n}[`, hint: `use indices from 0 to ${o.n - 1}` });
  if (t.some((x) => x < 0)) ctx.fail('value-error', o.times.loc, { detail: 'spike times cannot be negative', hint: 'use times from 0 on' });
  if (t.length && period !== 0) {
    const periodBins = Math.round(period / dt);
    if (spikeTimebin(Math.max(...t), dt) >= periodBins) {
      ctx.fail('value-error', periodLoc, {
        detail: 'the period has to be greater than the maximum of the spike times',
        hint: 'make the period longer than the last spike time',
      });
    }
    if (Math.abs(periodBins * dt - period) > period * Number.EPSILON) {
      ctx.fail('value-error', periodLoc, {
        detail: `the period of ${period} s is not an integer multiple of dt (${dt} s)`,
        hint: 'give a period that is a multiple of dt',
      });
    }
  }
  // Sorted by time, then index (numpy's lexsort, stable).
  const order = indices.map((_, k) => k).sort((a, b) => t[a]! - t[b]! || indices[a]! - indices[b]! || a - b);
  const sortedI = order.map((k) => indices[k]!);
  const sortedT = order.map((k) => t[k]!);
  for (let k = 1; k < sortedT.length; k++) {
    if (spikeTimebin(sortedT[k]!, dt) === spikeTimebin(sortedT[k - 1]!, dt) && sortedI[k] === sortedI[k - 1]) {
      ctx.fail('value-error', o.times.loc, {
        detail: `with dt = ${dt} s, neuron ${sortedI[k]} spikes more than once in one time step (at ${sortedT[k]} s)`,
        hint: 'keep at most one spike per neuron and time step',
      });
    }
  }
  return {
    ir: {
      kind: 'SpikeGeneratorGroup',
      id: o.name,
      pyName: o.pyName,
      n: o.n,
      clock: o.clock.name,
      span: ctx.span(o.loc),
      indices: sortedI,
      times: sortedT,
      period,
    },
    info: inputInfo(o.name, o.n, 'SpikeGeneratorGroup'),
  };
}

/**
 * Spikes recorded by a SpikeMonitor earlier in the script (`SpikeGeneratorGroup(N, M.i, M.t)`): the
 * project hands the monitor's recording to the group at its first step, checked and sorted as Brian2
 * does when the group is made. Exact only if the monitor records nothing more between the script's read
 * of its data and that step: a monitor that takes part in a later run() is refused.
 */
function recordedSpikes(o: SpikeGeneratorGroupObj, env: BuildEnv): { ir: SpikeGeneratorGroupIR; info: GroupInfo } {
  const ctx = env.ctx;
  const ri = o.indices.value.t === 'unknown' ? o.indices.value.recording : undefined;
  const rt = o.times.value.t === 'unknown' ? o.times.value.recording : undefined;
  if (!ri || ri.variable !== 'i' || !rt || rt.variable !== 't' || rt.monitor !== ri.monitor) {
    const bad = !ri || ri.variable !== 'i' ? o.indices : o.times;
    return ctx.fail('not-static', bad.loc, {
      what: bad === o.indices ? 'the indices of the SpikeGeneratorGroup' : 'the spike times',
      hint: 'a SpikeGeneratorGroup takes recorded spikes as they are: the indices M.i and the times M.t of one SpikeMonitor M',
    });
  }
  for (const r of [ri, rt]) {
    const later = env.runObjects.findIndex((objs, k) => k >= r.runs && objs.has(r.monitor));
    if (later >= 0) {
      ctx.fail('unsupported', o.loc, {
        what: `a SpikeGeneratorGroup made from the spikes of a SpikeMonitor that records again afterwards (in run() number ${later + 1})`,
        hint: "read M.i and M.t after the monitor's last run()",
      });
    }
  }
  return {
    ir: {
      kind: 'SpikeGeneratorGroup',
      id: o.name,
      pyName: o.pyName,
      n: o.n,
      clock: o.clock.name,
      span: ctx.span(o.loc),
      indices: [],
      times: [],
      period: periodOf(o, env),
      computed: { indices: { op: 'recorded', monitor: ri.monitor, variable: 'i' }, times: { op: 'recorded', monitor: rt.monitor, variable: 't' } },
    },
    info: inputInfo(o.name, o.n, 'SpikeGeneratorGroup'),
  };
}

/** The repetition period of a SpikeGeneratorGroup (0: none). */
function periodOf(o: SpikeGeneratorGroupObj, env: BuildEnv): number {
  if (!o.period || o.period.value.t === 'none') return 0;
  const p = o.period.value;
  if (p.t !== 'num' || !sameDim(p.dim, SECOND))
    return env.ctx.fail('unit-mismatch', o.period.loc, { detail: 'the period must be a time', hint: 'e.g. period=100*ms' });
  if (p.v < 0) env.ctx.fail('value-error', o.period.loc, { detail: 'the period cannot be negative', hint: 'give a positive period, or 0 for none' });
  return p.v;
}

/**
 * Spikes drawn by the project (numpy.random in the script): units and lengths are checked here; the
 * numbers (range, period, sorting, one spike per neuron and step) when the project has drawn them.
 */
function drawnSpikes(o: SpikeGeneratorGroupObj, env: BuildEnv): { ir: SpikeGeneratorGroupIR; info: GroupInfo } {
  const ctx = env.ctx;
  const part = (a: { value: Value; loc: Loc }, dim: Dim, what: string) => {
    const v = a.value;
    const n = v.t === 'drawn' ? null : numbersOf(v);
    const d = v.t === 'drawn' ? v.dim : (n?.dim ?? null);
    if (d === null || !sameDim(d, dim))
      ctx.fail(dim === SECOND ? 'unit-mismatch' : 'type-error', a.loc, {
        detail: `the ${what} of a SpikeGeneratorGroup must be ${dim === SECOND ? 'times' : 'numbers without units'}`,
        hint: dim === SECOND ? 'e.g. times*ms' : 'pass an array of neuron indices',
      });
    if (v.t === 'drawn' && (v.scalar || v.a.shape.length !== 1))
      ctx.fail('type-error', a.loc, { detail: `the ${what} of a SpikeGeneratorGroup must be a one-dimensional array`, hint: 'flatten them' });
    const length = v.t === 'drawn' ? v.a.shape[0]! : n!.values.length;
    return { node: computedValue(v, a.loc, ctx), length };
  };
  const indices = part(o.indices, DIMENSIONLESS, 'indices');
  const times = part(o.times, SECOND, 'spike times');
  if (indices.length !== times.length)
    ctx.fail('value-error', o.times.loc, { detail: `${indices.length} indices but ${times.length} spike times`, hint: 'give one time per index' });
  return {
    ir: {
      kind: 'SpikeGeneratorGroup',
      id: o.name,
      pyName: o.pyName,
      n: o.n,
      clock: o.clock.name,
      span: ctx.span(o.loc),
      indices: [],
      times: [],
      period: periodOf(o, env),
      computed: { indices: indices.node, times: times.node },
    },
    info: inputInfo(o.name, o.n, 'SpikeGeneratorGroup'),
  };
}

function scalarArg(a: { value: Value; loc: Loc }, dim: Dim, what: string, hint: string, env: BuildEnv): number {
  const v = a.value;
  if (v.t !== 'num' || !sameDim(v.dim, dim)) {
    return env.ctx.fail(v.t === 'num' ? 'unit-mismatch' : 'type-error', a.loc, {
      detail: `${what} must be ${isDimensionless(dim) ? 'a number' : `a quantity in ${formatDim(dim)}`}${v.t === 'num' ? `, not ${formatDim(v.dim)}` : ''}`,
      hint,
    });
  }
  return v.v;
}

export function buildPoissonInput(o: PoissonInputObj, env: BuildEnv, infos: Map<string, GroupInfo>): PoissonInputIR | null {
  const ctx = env.ctx;
  const slice = groupSlice(o.target);
  const info = infos.get(slice.group.name);
  if (!info) return null;
  if (info.groupKind !== 'NeuronGroup' && info.groupKind !== 'SpatialNeuron') {
    return ctx.fail('unsupported', o.loc, { what: `a PoissonInput into a ${info.groupKind}`, hint: 'target a NeuronGroup' });
  }
  const vv = o.variable.value;
  if (vv.t !== 'str') return ctx.fail('type-error', o.variable.loc, { detail: 'the target variable must be a name', hint: "e.g. PoissonInput(G, 'v', ...)" });
  const variable = vv.v;
  const kind = info.kinds.get(variable);
  const vinfo = info.variables.get(variable);
  if (!kind || !vinfo) {
    return ctx.fail('unknown-attribute', o.variable.loc, {
      object: o.target.pyName ?? slice.group.name,
      name: variable,
      hint: didYouMean(variable, [...info.kinds.keys()], 'name a variable of the target group'),
    });
  }
  if (kind !== 'differential' && kind !== 'parameter') {
    ctx.fail('read-only', o.variable.loc, {
      name: variable,
      hint: kind === 'subexpression' ? 'it is a subexpression; target a variable it is computed from' : "it is managed by Brian2's refractoriness",
    });
  }
  const nValue = o.n.value;
  // A float holding a whole number (`N=epsilon*N_E`) works in Brian2: numpy's binomial takes it as that integer.
  if (nValue.t !== 'num' || !Number.isInteger(nValue.v) || nValue.v < 0)
    ctx.fail('type-error', o.n.loc, { detail: 'N must be a non-negative integer', hint: 'the number of independent inputs, e.g. N=100' });
  const n = (nValue as Extract<Value, { t: 'num' }>).v;
  const rate = scalarArg(o.rate, HERTZ, 'the rate', 'e.g. rate=10*Hz', env);
  const w = o.weight.value;
  let weight: PoissonInputIR['weight'];
  if (w.t === 'str') {
    const { ns, runIndex } = env.namespaceFor(o);
    const names = nameTable(env, { variables: info.variables, fixed: info.fixed, namespace: ns, runIndex, constants: 'symbol', random: true });
    const e = buildExpression(w, names, ctx, 'the weight');
    if (!sameDim(e.dim, vinfo.dim))
      ctx.fail('unit-mismatch', o.weight.loc, {
        detail: `the weight has units of ${formatDim(e.dim)} but '${variable}' is in ${formatDim(vinfo.dim)}`,
        hint: `give the weight in units of ${formatDim(vinfo.dim)}`,
      });
    weight = { code: e.code, ast: e.ast, dim: e.dim, span: e.span };
  } else {
    const value = scalarArg(o.weight, vinfo.dim, 'the weight', `give the weight in units of ${formatDim(vinfo.dim)}`, env);
    weight = { code: String(value), ast: { k: 'num', v: value }, dim: vinfo.dim, span: ctx.span(o.weight.loc) };
  }
  return {
    kind: 'PoissonInput',
    id: o.name,
    pyName: o.pyName,
    target: { group: slice.group.name, start: slice.start, stop: slice.stop },
    variable,
    n,
    rate,
    weight,
    span: ctx.span(o.loc),
  };
}
