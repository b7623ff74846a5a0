// The script's actions → IR: initialisations (`G.v = ...`, `G.v[idx] = ...`) with their values and
// indices checked against the variable, and run() durations turned into steps as Brian2 counts them.

import type { Loc } from '../../grammars/ast.js';
import { groupSlice, type ScriptAction } from '../1-read/brian2/objects.js';
import type { Value } from '../1-read/values.js';
import { CompileError, didYouMean } from '../diagnostics/diagnostic.js';
import { printExpr } from '../symbolic/print.js';
import { DIMENSIONLESS, formatDim, isDimensionless, isInUnits, sameDim, SECOND, type Dim } from '../units/dimension.js';
import { buildCondition, buildExpression } from './code.js';
import { computedOf } from './computed.js';
import { DYN_LEN } from '../1-read/drawn.js';
import type { BuildEnv } from './env.js';
import type { GroupInfo } from './groups.js';
import type { ActionIR, ExprIR, GroupRef, IndexIR, RunIR, ValueIR } from './ir.js';
import type { NetworkCallPlan } from './networks.js';
import { nameTable } from './names.js';
import type { NameTable } from './resolve.js';
import { perNeuronPart, sharedMessage } from './shared.js';
import { synapticHint, type SynapsesInfo } from './synapses.js';
import { variablesOf } from './synaptic-names.js';
import { sym, type SExpr } from '../symbolic/expr.js';

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
      if (index.stop === null) return null;
      const n = Math.ceil((index.stop - index.start) / index.step);
      return Math.max(0, n);
    }
    default:
      return null;
  }
}

/** `owner`: the object whose variable is set (a mask of its own variables is a condition). */
export function buildIndex(idx: Value | null, loc: Loc, size: number | null, names: NameTable, env: BuildEnv, owner?: string): IndexIR {
  const ctx = env.ctx;
  if (idx === null) return { kind: 'all' };
  const check = (k: number) => {
    const kk = k < 0 && size !== null ? k + size : k;
    if (!Number.isInteger(kk) || kk < 0 || (size !== null && kk >= size)) {
      ctx.fail('value-error', loc, {
        detail: `index ${k} is out of range${size !== null ? ` for ${size} elements` : ''}`,
        hint: size !== null ? `use indices from 0 to ${size - 1}` : 'use a valid index',
      });
    }
    return kk;
  };
  switch (idx.t) {
    case 'num':
      return { kind: 'indices', indices: [check(idx.v)] };
    case 'slice': {
      const step = idx.step ?? 1;
      if (step <= 0) ctx.fail('unsupported', loc, { what: 'negative slice steps here', hint: 'use a positive step' });
      if (size === null) {
        // Synapses: the number of elements is known only when the project runs.
        if ((idx.start ?? 0) < 0 || (idx.stop ?? 0) < 0)
          ctx.fail('unsupported', loc, { what: 'negative slice bounds for synaptic variables', hint: 'use indices from the start, or a condition string' });
        return { kind: 'slice', start: idx.start ?? 0, stop: idx.stop, step };
      }
      const norm = (x: number | null, d: number) => (x === null ? d : Math.min(Math.max(x < 0 ? x + size : x, 0), size));
      return { kind: 'slice', start: norm(idx.start, 0), stop: norm(idx.stop, size), step };
    }
    case 'list':
    case 'tuple':
      return {
        kind: 'indices',
        indices: idx.items.map((x) =>
          x.t === 'num' ? check(x.v) : ctx.fail('type-error', loc, { detail: 'indices must be integers', hint: 'use whole numbers' }),
        ),
      };
    case 'array':
      if (idx.a.dtype === 'bool') {
        if (size !== null && idx.a.data.length !== size)
          ctx.fail('value-error', loc, { detail: `a mask of length ${idx.a.data.length} for ${size} elements`, hint: 'give one entry per element' });
        return { kind: 'indices', indices: Array.from(idx.a.data).flatMap((x, k) => (x ? [k] : [])) };
      }
      return { kind: 'indices', indices: Array.from(idx.a.data, check) };
    case 'str':
      return { kind: 'condition', expr: buildCondition(idx, loc, names, ctx, 'the index condition') };
    case 'drawn':
      // Indices (or a mask) the project draws: numpy checks them when it uses them, as in the script.
      if (idx.scalar ? idx.a.dtype !== 'int' : idx.a.shape.length !== 1 || idx.a.dtype === 'float') {
        return ctx.fail('type-error', loc, {
          detail: 'drawn indices must be integers or a one-dimensional boolean mask',
          hint: 'use numpy.random.randint, choice or permutation',
        });
      }
      return { kind: 'computed', node: computedOf(idx, ctx) };
    case 'lazy':
      // `G.v[G.v < 0] = x`: a mask computed from the object's own variables is the condition `v < 0`,
      // evaluated on the current values at this point, as numpy evaluates the mask.
      if (owner !== undefined && idx.owner === owner && !idx.values && (idx.expr.k === 'cmp' || idx.expr.k === 'logic' || idx.expr.k === 'not')) {
        return { kind: 'condition', expr: { code: printExpr(idx.expr), ast: idx.expr, dim: DIMENSIONLESS, span: ctx.span(idx.loc) } };
      }
      return ctx.fail('type-error', loc, {
        detail: 'this index cannot select elements',
        hint: "use an integer, a slice, a list of indices, a condition string, or a comparison of the object's own variables",
      });
    default:
      return ctx.fail('type-error', loc, {
        detail: 'this index cannot select elements',
        hint: 'use an integer, a slice, a list of indices or a condition string',
      });
  }
}

export function buildValue(
  value: Value,
  loc: Loc,
  variable: { name: string; dim: Dim; type: string; unitless?: boolean },
  count: number | null,
  owner: string,
  names: NameTable,
  env: BuildEnv,
): ValueIR {
  const ctx = env.ctx;
  // `G.v_ = x` sets the values without units (Brian2 checks nothing).
  const wrongUnits = (got: Dim) =>
    variable.unitless
      ? undefined
      : ctx.fail('unit-mismatch', loc, {
          detail: `'${variable.name}' ${isInUnits(variable.dim)} but the value ${isInUnits(got)}`,
          hint: isDimensionless(variable.dim) ? 'give a plain number' : `multiply the value by a unit of ${formatDim(variable.dim)}`,
        });
  if (value.t === 'range') {
    const { start, stop, step } = value;
    const n = Math.max(0, Math.ceil((stop - start) / step));
    value = { t: 'array', a: { data: Float64Array.from({ length: n }, (_, k) => start + k * step), shape: [n], dtype: 'int' }, dim: DIMENSIONLESS };
  }
  switch (value.t) {
    case 'bool':
      return { kind: 'scalar', value: value.v ? 1 : 0, dim: DIMENSIONLESS };
    case 'num':
      // Brian2 lets a dimensionless 0 stand for any unit (`G.v = 0`).
      if (!sameDim(value.dim, variable.dim) && !(value.v === 0 && isDimensionless(value.dim))) wrongUnits(value.dim);
      return { kind: 'scalar', value: value.v, dim: variable.dim };
    case 'array':
    case 'list':
    case 'tuple': {
      const arr = value.t === 'array' ? value : null;
      const items = arr
        ? Array.from(arr.a.data)
        : (value as Extract<Value, { t: 'list' }>).items.map((x) => (x.t === 'num' ? x.v : x.t === 'bool' ? +x.v : NaN));
      const dim = arr
        ? arr.dim
        : (((value as Extract<Value, { t: 'list' }>).items.find((x) => x.t === 'num') as Extract<Value, { t: 'num' }> | undefined)?.dim ?? DIMENSIONLESS);
      if (items.some((x) => Number.isNaN(x))) ctx.fail('type-error', loc, { detail: 'the values must be numbers', hint: 'use a list or array of numbers' });
      if (arr && arr.a.shape.length > 1) ctx.fail('type-error', loc, { detail: 'the values must be one-dimensional', hint: 'give one value per element' });
      // Brian2 accepts values without units for a variable with units only when they compare equal to 0
      // as a whole (fail_for_dimension_mismatch: np.all(value == 0)); a Python list never does
      // (`[0, 0] == 0` is False), so only arrays of zeros pass.
      const zero = arr !== null && isDimensionless(dim) && items.every((x) => x === 0);
      if (items.length === 1 && !arr) {
        if (!sameDim(dim, variable.dim) && !zero) wrongUnits(dim);
        return { kind: 'scalar', value: items[0]!, dim: variable.dim };
      }
      if (!sameDim(dim, variable.dim) && !zero) wrongUnits(dim);
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
        ctx.fail('unsupported', loc, { what: "assigning values computed from another object's variables", hint: 'write the value as a Brian2 string' });
      }
      if (value.n !== null && count !== null && value.n !== count) {
        ctx.fail('value-error', loc, { detail: `${value.n} values for ${count} elements`, hint: `give exactly ${count} values` });
      }
      if (value.dim && !sameDim(value.dim, variable.dim)) wrongUnits(value.dim);
      return { kind: 'expression', expr: { code: printExpr(value.expr), ast: value.expr, dim: value.dim ?? variable.dim, span: ctx.span(value.loc) } };
    }
    case 'drawn': {
      // Numbers the project draws (numpy.random in the script), assigned as the script's array.
      if (!sameDim(value.dim, variable.dim)) wrongUnits(value.dim);
      if (!value.scalar && value.a.shape.length !== 1)
        ctx.fail('type-error', loc, {
          detail: `the values must be one-dimensional, not of shape (${value.a.shape.join(', ')})`,
          hint: 'give one value per element, e.g. with .flatten()',
        });
      const n = value.scalar ? 1 : value.a.shape[0]!;
      if (!value.scalar && value.dyn && count !== null && n === DYN_LEN) {
        ctx.fail('not-static', loc, {
          what: `the number of values for ${count} elements (it is a number of synapses)`,
          hint: 'the number of synapses is known only when the project makes them; give one value per element',
        });
      }
      if (!value.scalar && count !== null && n !== count && n !== 1)
        ctx.fail('value-error', loc, { detail: `${n} values for ${count} elements`, hint: `give exactly ${count} values, or a single value` });
      return { kind: 'computed', node: computedOf(value, ctx), shape: [...value.a.shape], dim: value.dim };
    }
    case 'inert':
      // A plot or printed value: the reader refused it already, with the reason (1-read/model-values.ts).
      throw new CompileError([]);
    case 'unknown':
      if (!value.why) return ctx.fail('note', loc, { detail: 'this value could not be evaluated (see the error above)' });
      return ctx.fail('not-static', loc, { what: `the value assigned to ${variable.name}`, hint: value.why });
    default:
      return ctx.fail('type-error', loc, {
        detail: `this value cannot be assigned to '${variable.name}'`,
        hint: 'assign a number, a quantity, an array or a Brian2 string',
      });
  }
}

/**
 * What the value of a set must be: the variable's units, or for `G.v *= x` / `G.v /= x` a
 * dimensionless factor (Brian2 writes `v*x` back into v, so x must keep v's units).
 */
function operandOf(
  a: Extract<ScriptAction, { kind: 'set' }>,
  variable: { name: string; dim: Dim; type: string; unitless?: boolean },
): { name: string; dim: Dim; type: string; unitless?: boolean } {
  if (a.op === '*' || a.op === '/') return { name: `${variable.name} ${a.op}=`, dim: DIMENSIONLESS, type: 'float', unitless: variable.unitless };
  return variable;
}

export function buildSet(a: Extract<ScriptAction, { kind: 'set' }>, env: BuildEnv, infos: Map<string, GroupInfo>): ActionIR | null {
  const ctx = env.ctx;
  if (a.owner.kind === 'Synapses')
    return ctx.fail('unsupported', a.loc, {
      what: 'setting synaptic variables here',
      hint: 'this is a bug of the converter: synaptic sets go through buildSynapticSet',
    });
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
  if (info.linked.has(a.variable))
    return ctx.fail('value-error', a.loc, {
      detail: `cannot set the linked variable '${a.variable}' directly`,
      hint: `link it to another variable with ${a.owner.pyName ?? a.owner.name}.${a.variable} = linked_var(...)`,
    });
  const size = slice.stop - slice.start;
  const names = nameTable(env, { variables: info.variables, fixed: info.fixed, namespace: a.ns, runIndex: 0, constants: 'inline', random: true });
  const index = buildIndex(a.index, a.indexLoc ?? a.loc, size, names, env, a.owner.name);
  const value = buildValue(
    a.value,
    a.loc,
    operandOf(a, { name: a.variable, dim: v.dim, type: v.type, unitless: a.unitless }),
    elementCount(index, size),
    slice.group.name,
    names,
    env,
  );
  if (info.shared.has(a.variable)) {
    // One value for the group (Brian2 refuses the rest): no index, no per-neuron values.
    if (index.kind !== 'all')
      ctx.fail('value-error', a.indexLoc ?? a.loc, {
        detail: `'${a.variable}' is shared (one value for the group) and cannot be set for some neurons only`,
        hint: `set it for the whole group: ${a.owner.pyName ?? a.owner.name}.${a.variable} = ...`,
      });
    if (value.kind === 'array' && value.values.length !== 1)
      ctx.fail('value-error', a.loc, {
        detail: `'${a.variable}' is shared (one value for the group) and cannot take ${value.values.length} values`,
        hint: 'give a single value',
      });
    const part = value.kind === 'expression' ? perNeuronPart(value.expr.ast, info.shared) : null;
    if (part) ctx.fail('code-error', a.loc, sharedMessage(a.variable, part));
  }
  return {
    kind: 'set',
    target: { group: slice.group.name, start: slice.start, stop: slice.stop },
    variable: a.variable,
    index,
    value,
    ...(a.op ? { op: a.op } : {}),
    span: ctx.span(a.loc),
  };
}

/** `run(duration)`: the duration checked; the network, its objects and the steps come from networks.ts. */
export function buildRun(a: Extract<ScriptAction, { kind: 'run' }>, env: BuildEnv, plan: NetworkCallPlan, objects: string[]): RunIR {
  const ctx = env.ctx;
  const d = a.duration;
  if (d.t !== 'num' || !sameDim(d.dim, SECOND)) {
    return ctx.fail('unit-mismatch', a.loc, {
      detail: `run() needs a duration in time units${d.t === 'num' ? `, but this ${isInUnits(d.dim)}` : ''}`,
      hint: 'e.g. run(100*ms)',
    });
  }
  if (d.v < 0) ctx.fail('value-error', a.loc, { detail: 'run() needs a positive duration', hint: 'e.g. run(100*ms)' });
  // `clocks` (and the default clock's steps with its dt at this run) are filled in by clocks.ts.
  return {
    kind: 'run',
    network: plan.network,
    objects,
    start: plan.start,
    duration: d.v,
    startStep: plan.startStep,
    steps: plan.steps,
    clocks: [],
    span: ctx.span(a.loc),
  };
}

// ---------------------------------------------------------------- synapses

/** `S.w[a, b]`: Brian2's (presynaptic, postsynaptic) indexing, as a condition on i and j. */
function pairCondition(idx: Extract<Value, { t: 'tuple' }>, loc: Loc, env: BuildEnv): ExprIR {
  const ctx = env.ctx;
  if (idx.items.length !== 2)
    ctx.fail('unsupported', loc, {
      what: `indexing synapses with ${idx.items.length} indices`,
      hint: 'use S.w[i, j] with presynaptic and postsynaptic indices, or a condition string',
    });
  const parts = idx.items.map((item, k): SExpr | null => {
    const v: SExpr = sym(k === 0 ? 'i' : 'j', 'special');
    const eq = (x: number): SExpr => ({ k: 'cmp', op: '==', a: v, b: { k: 'num', v: x } });
    const any = (xs: number[]): SExpr => xs.map(eq).reduce((a, b) => ({ k: 'logic', op: 'or', a, b }), { k: 'bool', v: false } as SExpr);
    switch (item.t) {
      case 'num':
        return eq(item.v);
      case 'slice': {
        if (item.start === null && item.stop === null && (item.step ?? 1) === 1) return null;
        const terms: SExpr[] = [];
        const step = item.step ?? 1;
        if (step <= 0 || (item.start ?? 0) < 0 || (item.stop ?? 0) < 0)
          ctx.fail('unsupported', loc, { what: 'negative slice bounds or steps when indexing synapses', hint: 'use a condition string' });
        if (item.start !== null) terms.push({ k: 'cmp', op: '>=', a: v, b: { k: 'num', v: item.start } });
        if (item.stop !== null) terms.push({ k: 'cmp', op: '<', a: v, b: { k: 'num', v: item.stop } });
        if (step !== 1)
          terms.push({
            k: 'cmp',
            op: '==',
            a: { k: 'bin', op: '%', a: { k: 'bin', op: '-', a: v, b: { k: 'num', v: item.start ?? 0 } }, b: { k: 'num', v: step } },
            b: { k: 'num', v: 0 },
          });
        return terms.reduce((a, b) => ({ k: 'logic', op: 'and', a, b }));
      }
      case 'list':
      case 'tuple':
        return any(
          item.items.map((x) =>
            x.t === 'num' ? x.v : ctx.fail('type-error', loc, { detail: 'synapse indices must be integers', hint: 'e.g. S.w[0, [1, 2]]' }),
          ),
        );
      case 'array':
        return any(Array.from(item.a.data));
      default:
        return ctx.fail('type-error', loc, {
          detail: 'this index cannot select synapses',
          hint: 'use S.w[i, j] with integers, slices or lists, or a condition string',
        });
    }
  });
  const present = parts.filter((x): x is SExpr => x !== null);
  const ast: SExpr = present.length ? present.reduce((a, b) => ({ k: 'logic', op: 'and', a, b })) : { k: 'bool', v: true };
  return { code: printExpr(ast), ast, dim: DIMENSIONLESS, span: ctx.span(loc) };
}

/** Names usable in the value and index of a synaptic initialisation (constants inlined). */
function synapticSetNames(info: SynapsesInfo, ns: Extract<ScriptAction, { kind: 'set' }>['ns'], env: BuildEnv): NameTable {
  return nameTable(env, { variables: variablesOf(info.table), fixed: info.fixed, namespace: ns, runIndex: 0, constants: 'inline', random: true });
}

function synapticIndex(a: { index: Value | null; loc: Loc }, indexLoc: Loc, names: NameTable, env: BuildEnv, owner?: string): IndexIR {
  if (a.index && a.index.t === 'tuple') return { kind: 'condition', expr: pairCondition(a.index, indexLoc, env) };
  return buildIndex(a.index, indexLoc, null, names, env, owner);
}

/**
 * `S[i, j]`, `S[k]`, `S['condition']` given as a StateMonitor's `record=` (Brian2's SynapticSubgroup): the
 * index, and the share of the synapses it is expected to select (for the memory estimate: the fraction of
 * presynaptic times postsynaptic indices a pair selects, 1 for a condition string).
 */
export function synapseSelection(
  index: Value | null,
  ns: Extract<ScriptAction, { kind: 'set' }>['ns'],
  loc: Loc,
  info: SynapsesInfo,
  env: BuildEnv,
): { index: IndexIR; share: number } {
  const built = synapticIndex({ index, loc }, loc, synapticSetNames(info, ns, env), env);
  let share = 1;
  if (index && index.t === 'tuple') {
    index.items.forEach((item, k) => {
      const ref = k === 0 ? info.source : info.target;
      const n = ref.synapses ? 0 : ref.stop - ref.start;
      if (!n) return;
      if (item.t === 'num') share /= n;
      else if (item.t === 'list' || item.t === 'tuple') share *= Math.min(1, item.items.length / n);
      else if (item.t === 'array') share *= Math.min(1, item.a.data.length / n);
      else if (item.t === 'slice') {
        const start = item.start ?? 0;
        const stop = Math.min(n, item.stop ?? n);
        share *= Math.max(0, Math.ceil((stop - start) / (item.step ?? 1))) / n;
      }
    });
  }
  return { index: built, share };
}

/** `S.w = ...`, `S.w[index] = ...` (after connect(), as Brian2 requires). */
export function buildSynapticSet(a: Extract<ScriptAction, { kind: 'set' }>, env: BuildEnv, info: SynapsesInfo, connected: boolean): ActionIR {
  const ctx = env.ctx;
  const name = a.variable;
  const n = info.table.get(name);
  if (!n || n.owner !== 'syn') {
    if (n && (n.owner === 'pre' || n.owner === 'post')) {
      return ctx.fail('unsupported', a.loc, {
        what: `setting the ${n.owner === 'pre' ? 'presynaptic' : 'postsynaptic'} variable '${name}' through the synapses`,
        hint: 'set it on the neuron group',
      });
    }
    if (n) return ctx.fail('read-only', a.loc, { name, hint: `'${name}' is managed by Brian2` });
    return ctx.fail('unknown-attribute', a.loc, { object: info.pyName ?? info.id, name, hint: synapticHint(name, info) });
  }
  if (info.kinds.get(name) === 'subexpression') return ctx.fail('read-only', a.loc, { name, hint: 'it is a subexpression, computed from other variables' });
  if (info.linked.has(name))
    return ctx.fail('value-error', a.loc, {
      detail: `cannot set the linked variable '${name}' directly`,
      hint: `link it to another variable with ${info.pyName ?? info.id}.${name} = linked_var(...)`,
    });
  if (!connected) {
    ctx.fail('value-error', a.loc, {
      detail: `cannot write to the synaptic variable '${name}' before any synapses are created`,
      hint: `call ${info.pyName ?? 'S'}.connect(...) first`,
    });
  }
  const names = synapticSetNames(info, a.ns, env);
  const index = synapticIndex(a, a.indexLoc ?? a.loc, names, env, a.owner.name);
  const value = buildValue(
    a.value,
    a.loc,
    operandOf(a, { name, dim: n.info.dim, type: n.info.type, unitless: a.unitless }),
    elementCount(index, null),
    info.id,
    names,
    env,
  );
  return { kind: 'set', target: { synapses: info.id }, variable: name, index, value, ...(a.op ? { op: a.op } : {}), span: ctx.span(a.loc) };
}

/** `S.delay = ...`, `S.pre.delay[...] = ...`. */
export function buildSetDelay(a: Extract<ScriptAction, { kind: 'set-delay' }>, env: BuildEnv, info: SynapsesInfo, connected: boolean): ActionIR {
  const ctx = env.ctx;
  const p = info.pathways.get(a.pathway);
  if (!p) {
    return ctx.fail('value-error', a.loc, {
      detail: a.pathway === 'pre' ? 'the synapses have no pre pathway, so delay refers to nothing' : `the synapses have no pathway '${a.pathway}'`,
      hint: info.pathways.size ? `the pathways are: ${[...info.pathways.keys()].join(', ')}` : 'add on_pre=... to the Synapses',
    });
  }
  const names = synapticSetNames(info, a.ns, env);
  const index = synapticIndex({ index: a.index, loc: a.loc }, a.loc, names, env);
  const value = buildValue(a.value, a.loc, { name: 'delay', dim: SECOND, type: 'float' }, elementCount(index, null), info.id, names, env);
  if (p.scalarDelay && (value.kind !== 'scalar' || index.kind !== 'all')) {
    ctx.fail('unsupported', a.loc, {
      what: `per-synapse delays for the pathway '${a.pathway}', whose delay was given to the constructor`,
      hint: 'Brian2 keeps such a delay a single value: assign one value, or leave delay= out of the constructor',
    });
  }
  if (!p.scalarDelay && !connected) {
    ctx.fail('value-error', a.loc, {
      detail: 'cannot set per-synapse delays before any synapses are created',
      hint: `call ${info.pyName ?? 'S'}.connect(...) first`,
    });
  }
  if (value.kind === 'scalar' && value.value < 0) ctx.fail('value-error', a.loc, { detail: 'delays cannot be negative', hint: 'give a delay of 0 or more' });
  return { kind: 'set-delay', synapses: info.id, pathway: a.pathway, index, value, span: ctx.span(a.loc) };
}
