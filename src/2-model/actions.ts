// The script's actions → IR: initialisations (`G.v = ...`, `G.v[idx] = ...`) with their values and
// indices checked against the variable, and run() durations turned into steps as Brian2 counts them.

import type { Loc } from '../../grammars/ast.js';
import { groupSlice, type ScriptAction } from '../1-read/brian2/objects.js';
import type { Value } from '../1-read/values.js';
import { didYouMean } from '../diagnostics/diagnostic.js';
import { printExpr } from '../symbolic/print.js';
import { DIMENSIONLESS, formatDim, isDimensionless, sameDim, type Dim } from '../units/dimension.js';
import { buildCondition, buildExpression } from './code.js';
import type { BuildEnv } from './env.js';
import type { GroupInfo } from './groups.js';
import type { ActionIR, GroupRef, IndexIR, ValueIR } from './ir.js';
import { nameTable, SECOND } from './names.js';
import type { NameTable } from './resolve.js';
import { perNeuronPart, sharedMessage } from './shared.js';

/** Brian2's Clock._calc_timestep: round when within 1e-4·dt, otherwise round up. */
export function timestepOf(t: number, dt: number): number {
  const i = Math.round(t / dt);
  if (i * dt === t || Math.abs(i * dt - t) / dt <= 1e-4) return i;
  return Math.ceil(t / dt);
}

export interface TargetInfo {
  ref: GroupRef | { synapses: string };
  info: GroupInfo;
  /** Number of elements of the target (neurons of the (sub)group), null for synapses. */
  size: number | null;
}

function elementCount(index: IndexIR, size: number | null): number | null {
  switch (index.kind) {
    case 'all':
      return size;
    case 'indices':
      return index.indices.length;
    case 'slice': {
      const n = Math.ceil((index.stop - index.start) / index.step);
      return Math.max(0, n);
    }
    default:
      return null;
  }
}

export function buildIndex(idx: Value | null, loc: Loc, size: number | null, names: NameTable, env: BuildEnv): IndexIR {
  const ctx = env.ctx;
  if (idx === null) return { kind: 'all' };
  const check = (k: number) => {
    const kk = k < 0 && size !== null ? k + size : k;
    if (!Number.isInteger(kk) || kk < 0 || (size !== null && kk >= size)) {
      ctx.fail('value-error', loc, { detail: `index ${k} is out of range${size !== null ? ` for ${size} elements` : ''}`, hint: size !== null ? `use indices from 0 to ${size - 1}` : 'use a valid index' });
    }
    return kk;
  };
  switch (idx.t) {
    case 'num':
      return { kind: 'indices', indices: [check(idx.v)] };
    case 'slice': {
      if (size === null) ctx.fail('unsupported', loc, { what: 'slicing synaptic variables', hint: "use a condition string such as S.w['i > 2'] = ..." });
      const step = idx.step ?? 1;
      const norm = (x: number | null, d: number) => (x === null ? d : Math.min(Math.max(x < 0 ? x + size! : x, 0), size!));
      if (step <= 0) ctx.fail('unsupported', loc, { what: 'negative slice steps here', hint: 'use a positive step' });
      return { kind: 'slice', start: norm(idx.start, 0), stop: norm(idx.stop, size!), step };
    }
    case 'list':
    case 'tuple':
      return { kind: 'indices', indices: idx.items.map((x) => (x.t === 'num' ? check(x.v) : ctx.fail('type-error', loc, { detail: 'indices must be integers', hint: 'use whole numbers' }))) };
    case 'array':
      if (idx.a.dtype === 'bool') {
        if (size !== null && idx.a.data.length !== size) ctx.fail('value-error', loc, { detail: `a mask of length ${idx.a.data.length} for ${size} elements`, hint: 'give one entry per element' });
        return { kind: 'indices', indices: Array.from(idx.a.data).flatMap((x, k) => (x ? [k] : [])) };
      }
      return { kind: 'indices', indices: Array.from(idx.a.data, check) };
    case 'str':
      return { kind: 'condition', expr: buildCondition(idx, loc, names, ctx, 'the index condition') };
    default:
      return ctx.fail('type-error', loc, { detail: 'this index cannot select elements', hint: 'use an integer, a slice, a list of indices or a condition string' });
  }
}

export function buildValue(
  value: Value,
  loc: Loc,
  variable: { name: string; dim: Dim; type: string },
  count: number | null,
  owner: string,
  names: NameTable,
  env: BuildEnv,
): ValueIR {
  const ctx = env.ctx;
  const wrongUnits = (got: Dim) =>
    ctx.fail('unit-mismatch', loc, {
      detail: `'${variable.name}' is in ${formatDim(variable.dim)} but the value is in ${formatDim(got)}`,
      hint: isDimensionless(variable.dim) ? 'give a plain number' : `multiply the value by a unit of ${formatDim(variable.dim)}`,
    });
  switch (value.t) {
    case 'bool':
      return { kind: 'scalar', value: value.v ? 1 : 0, dim: DIMENSIONLESS };
    case 'num':
      if (!sameDim(value.dim, variable.dim)) wrongUnits(value.dim);
      return { kind: 'scalar', value: value.v, dim: value.dim };
    case 'array':
    case 'list':
    case 'tuple': {
      const arr = value.t === 'array' ? value : null;
      const items = arr ? Array.from(arr.a.data) : (value as Extract<Value, { t: 'list' }>).items.map((x) => (x.t === 'num' ? x.v : x.t === 'bool' ? +x.v : NaN));
      const dim = arr ? arr.dim : ((value as Extract<Value, { t: 'list' }>).items.find((x) => x.t === 'num') as Extract<Value, { t: 'num' }> | undefined)?.dim ?? DIMENSIONLESS;
      if (items.some((x) => Number.isNaN(x))) ctx.fail('type-error', loc, { detail: 'the values must be numbers', hint: 'use a list or array of numbers' });
      if (arr && arr.a.shape.length > 1) ctx.fail('type-error', loc, { detail: 'the values must be one-dimensional', hint: 'give one value per element' });
      if (items.length === 1 && !arr) return { kind: 'scalar', value: items[0]!, dim };
      if (!sameDim(dim, variable.dim)) wrongUnits(dim);
      if (count !== null && items.length !== count) {
        ctx.fail('value-error', loc, { detail: `${items.length} values for ${count} elements`, hint: `give exactly ${count} values, or a single value` });
      }
      return { kind: 'array', values: items, dim };
    }
    case 'str': {
      const e = buildExpression(value, names, ctx, `the value of ${variable.name}`);
      if (variable.type === 'boolean' ? e.type !== 'boolean' : !sameDim(e.dim, variable.dim)) wrongUnits(e.dim);
      return { kind: 'expression', expr: { code: e.code, ast: e.ast, dim: e.dim, span: e.span } };
    }
    case 'lazy': {
      if (value.owner !== null && value.owner !== owner) {
        ctx.fail('unsupported', loc, { what: 'assigning values computed from another object\'s variables', hint: 'write the value as a Brian2 string' });
      }
      if (value.n !== null && count !== null && value.n !== count) {
        ctx.fail('value-error', loc, { detail: `${value.n} values for ${count} elements`, hint: `give exactly ${count} values` });
      }
      if (value.dim && !sameDim(value.dim, variable.dim)) wrongUnits(value.dim);
      return { kind: 'expression', expr: { code: printExpr(value.expr), ast: value.expr, dim: value.dim ?? variable.dim, span: ctx.span(value.loc) } };
    }
    case 'unknown':
      if (!value.why) return ctx.fail('note', loc, { detail: 'this value could not be evaluated (see the error above)' });
      return ctx.fail('not-static', loc, { what: `the value assigned to ${variable.name}`, hint: value.why });
    default:
      return ctx.fail('type-error', loc, { detail: `this value cannot be assigned to '${variable.name}'`, hint: 'assign a number, a quantity, an array or a Brian2 string' });
  }
}

export function buildSet(a: Extract<ScriptAction, { kind: 'set' }>, env: BuildEnv, infos: Map<string, GroupInfo>): ActionIR | null {
  const ctx = env.ctx;
  if (a.owner.kind === 'Synapses') {
    return ctx.fail('unsupported', a.loc, { what: 'setting synaptic variables', hint: 'synapses are not converted yet' });
  }
  const slice = groupSlice(a.owner);
  const info = infos.get(slice.group.name);
  if (!info) return null;
  const kind = info.kinds.get(a.variable);
  const v = info.variables.get(a.variable);
  if (!kind || !v) {
    const candidates = [...info.kinds.keys()];
    return ctx.fail('unknown-attribute', a.loc, {
      object: a.owner.pyName ?? a.owner.name,
      name: a.variable,
      hint: didYouMean(a.variable, candidates, `its variables are: ${candidates.join(', ') || 'none'}`),
    });
  }
  if (kind === 'subexpression') return ctx.fail('read-only', a.loc, { name: a.variable, hint: 'it is a subexpression, computed from other variables' });
  const size = slice.stop - slice.start;
  const names = nameTable(env, { variables: info.variables, fixed: info.fixed, namespace: a.ns, runIndex: 0, constants: 'inline', random: true });
  const index = buildIndex(a.index, a.indexLoc ?? a.loc, size, names, env);
  const value = buildValue(a.value, a.loc, { name: a.variable, dim: v.dim, type: v.type }, elementCount(index, size), slice.group.name, names, env);
  if (info.shared.has(a.variable)) {
    // One value for the group (Brian2 refuses the rest): no index, no per-neuron values.
    if (index.kind !== 'all') ctx.fail('value-error', a.indexLoc ?? a.loc, { detail: `'${a.variable}' is shared (one value for the group) and cannot be set for some neurons only`, hint: `set it for the whole group: ${a.owner.pyName ?? a.owner.name}.${a.variable} = ...` });
    if (value.kind === 'array' && value.values.length !== 1) ctx.fail('value-error', a.loc, { detail: `'${a.variable}' is shared (one value for the group) and cannot take ${value.values.length} values`, hint: 'give a single value' });
    const part = value.kind === 'expression' ? perNeuronPart(value.expr.ast, info.shared) : null;
    if (part) ctx.fail(part.random ? 'unsupported' : 'code-error', a.loc, sharedMessage(a.variable, part));
  }
  return { kind: 'set', target: { group: slice.group.name, start: slice.start, stop: slice.stop }, variable: a.variable, index, value, span: ctx.span(a.loc) };
}

export function buildRun(a: Extract<ScriptAction, { kind: 'run' }>, env: BuildEnv, stepsSoFar: number): Extract<ActionIR, { kind: 'run' }> {
  const ctx = env.ctx;
  const d = a.duration;
  if (d.t !== 'num' || !sameDim(d.dim, SECOND)) {
    return ctx.fail('unit-mismatch', a.loc, { detail: `run() needs a duration in time units${d.t === 'num' ? `, not ${formatDim(d.dim)}` : ''}`, hint: 'e.g. run(100*ms)' });
  }
  if (d.v < 0) ctx.fail('value-error', a.loc, { detail: 'run() needs a positive duration', hint: 'e.g. run(100*ms)' });
  if (a.network && a.network.members.length) {
    // Brian2 runs only the network's objects; we run every object, so refuse networks that leave some out.
    const members = new Set(a.network.members.map((m) => m.name));
    const left = ctx.script.objects.filter((o) => o.kind !== 'Subgroup' && o.kind !== 'TimedArray' && o.kind !== 'Network' && !members.has(o.name));
    if (left.length) {
      ctx.fail('unsupported', a.loc, { what: `a Network that leaves out ${left.map((o) => o.pyName ?? o.name).join(', ')}`, hint: 'add every object to the Network, or use run() without a Network' });
    }
  }
  const end = timestepOf(stepsSoFar * env.ctx.dt + d.v, env.ctx.dt);
  return { kind: 'run', duration: d.v, steps: Math.max(0, end - stepsSoFar), span: ctx.span(a.loc) };
}
