// Attributes of Brian2 objects in the evaluator: reading a variable gives a per-element (lazy) value,
// assigning one records a `set` action; monitors' data exists only after the run; `G[a:b]` is a subgroup.

import type { BinaryOperator, Loc } from '../../../grammars/ast.js';
import { sym } from '../../symbolic/expr.js';
import { DIMENSIONLESS, isDimensionless, SECOND } from '../../units/dimension.js';
import { bindArgs, expectString } from '../calls.js';
import type { EvalContext } from '../context.js';
import { selectPositions } from '../positions.js';
import { builtin, describe, int, NONE, num, type Value } from '../values.js';
import { binary, OperatorError } from '../operators.js';
import { addToNetwork, runAction, storeRestore } from './constructors.js';
import { checkDt, clockAttribute, objectClock } from './clocks.js';
import {
  clockOf,
  type Brian2Object,
  type GroupLike,
  groupSize,
  groupSlice,
  isGroupLike,
  type PathwayViewObj,
  type SetOp,
  type SubgroupObj,
  type SynapsesObj,
} from './objects.js';
import { groupEvents, runOnEvent, setEventSchedule } from './events.js';
import { setLink } from './links.js';
import { attachMorphology, compartmentIndexValue, morphologyAttribute, morphologyItem } from './morphology.js';
import { spatialAttribute, spatialSegment } from './spatial-neuron.js';

/**
 * `G.clock`, `G.dt` (its clock's dt as the script stands here) and `G.t` (0 before the first run, the
 * simulation's afterwards): null for other names.
 */
function clockOfObject(o: Brian2Object, name: string, ctx: EvalContext, loc: Loc): Value | null {
  if (name !== 'clock' && name !== 'dt' && name !== 'dt_' && name !== 't' && name !== 't_') return null;
  const clock = clockOf(o);
  if (!clock) return null;
  if (name === 'clock') return { t: 'object', obj: clock };
  if (name === 't' || name === 't_') return ctx.runCount ? afterRun(ctx, `${o.pyName ?? o.name}.${name}`, loc) : name === 't' ? num(0, SECOND) : num(0);
  return clockAttribute(clock, name, ctx);
}

function afterRun(ctx: EvalContext, what: string, loc: Loc): Value {
  return { t: 'unknown', why: `${what} is known only after the simulation has run`, loc, afterRun: true };
}

/** Names that Brian2 objects define besides model variables. */
const GROUP_METHODS = new Set([
  'run_regularly',
  'run_on_event',
  'set_event_schedule',
  'events',
  'N',
  'i',
  'name',
  'namespace',
  'state',
  'get_states',
  'set_states',
]);

export function getObjectAttribute(o: Brian2Object, name: string, attrLoc: Loc, loc: Loc, ctx: EvalContext): Value {
  // Subtrees, main and geometry of a SpatialNeuron come before its variables (as in Brian2's __getattr__).
  const spatial = spatialAttribute(o, name, attrLoc, loc, ctx);
  if (spatial) return spatial;
  switch (o.kind) {
    case 'Morphology':
    case 'SubMorphology':
      return morphologyAttribute(o, name, attrLoc, loc, ctx);
    case 'SpatialNeuron':
    case 'NeuronGroup':
    case 'Subgroup':
    case 'PoissonGroup':
    case 'SpikeGeneratorGroup': {
      if (name === 'N') return int(groupSize(o));
      if (name === 'name') return { t: 'str', v: o.name, offsets: null, loc };
      if (name === 'run_regularly') return runRegularly(o, ctx);
      if (name === 'run_on_event' || name === 'set_event_schedule') {
        const base = groupSlice(o).group;
        if (o.kind === 'Subgroup' || (base.kind !== 'NeuronGroup' && base.kind !== 'SpatialNeuron')) {
          return ctx.fail('unknown-attribute', attrLoc, { object: o.kind, name, hint: `${name}() is a method of NeuronGroup` });
        }
        return name === 'run_on_event' ? runOnEvent(base, ctx) : setEventSchedule(base, ctx);
      }
      if (name === 'events') {
        const names = groupEvents(o, ctx);
        return { t: 'list', items: names.map((n) => ({ t: 'str', v: n, offsets: null, loc })) };
      }
      if (name === 'i') return { t: 'lazy', owner: o.name, n: groupSize(o), expr: sym('i', 'special'), dim: DIMENSIONLESS, loc };
      if (name === 'variables') return variablesRegistry(o, loc);
      const clocked = clockOfObject(o, name, ctx, loc);
      if (clocked) return clocked;
      if (ctx.runCount > 0) return afterRun(ctx, `${o.pyName ?? o.name}.${name}`, loc);
      if (GROUP_METHODS.has(name)) break;
      return { t: 'lazy', owner: o.name, n: groupSize(o), expr: sym(name.replace(/_$/, '')), dim: null, loc };
    }
    case 'Synapses': {
      if (name === 'connect') return builtin('connect', (args, c) => connect(o, args, c));
      if (name === 'variables') return variablesRegistry(o, loc);
      if (name === 'run_regularly') return runRegularly(o, ctx);
      if (name === 'source' || name === 'target') return { t: 'object', obj: o[name] };
      if (name === 'pre' || name === 'post') return pathway(o, name, loc);
      if (name === 'indices')
        return { t: 'object', obj: { kind: 'SynapticIndices', name: `${o.name}_indices`, pyName: null, loc, explicitNamespace: null, owner: o, index: null } };
      // S.N is a VariableView in Brian2 (`[x] * S.N` multiplies the items, np.zeros(S.N) is 0-d): only
      // len(S) is a plain count the project can size arrays with.
      if (name === 'N')
        return o.pairs === null
          ? { t: 'unknown', why: `${o.pyName ?? o.name}.N is known only when the project makes the synapses (use len(${o.pyName ?? o.name}) for a size)`, loc }
          : int(o.pairs?.i.length ?? 0);
      if (name === 'summed_updaters')
        return {
          t: 'object',
          obj: { kind: 'SummedUpdater', name: `${o.name}_summed_updaters`, pyName: null, loc, explicitNamespace: null, synapses: o, variable: null },
        };
      if (name === 'name') return { t: 'str', v: o.name, offsets: null, loc };
      const clocked = clockOfObject(o, name, ctx, loc);
      if (clocked) return clocked;
      if (name === 'i' || name === 'j') {
        // Known to the script when its connect() calls were deterministic (Brian2's S.i / S.j arrays).
        const known = o.pairs === undefined ? [] : o.pairs === null ? null : o.pairs[name];
        return {
          t: 'lazy',
          owner: o.name,
          n: known ? known.length : null,
          expr: sym(name, 'special'),
          dim: DIMENSIONLESS,
          loc,
          ...(known ? { values: { data: Float64Array.from(known), shape: [known.length], dtype: 'int' as const } } : {}),
        };
      }
      if (ctx.runCount > 0) return afterRun(ctx, `${o.pyName ?? o.name}.${name}`, loc);
      return { t: 'lazy', owner: o.name, n: null, expr: sym(name.replace(/_$/, '')), dim: null, loc };
    }
    case 'SpikeMonitor':
    case 'EventMonitor':
    case 'StateMonitor':
    case 'PopulationRateMonitor':
      if (name === 'source') return { t: 'object', obj: o.source };
      if (name === 'name') return { t: 'str', v: o.name, offsets: null, loc };
      if (name === 'clock' || name === 'dt' || name === 'dt_') return clockOfObject(o, name, ctx, loc)!;
      if (o.kind === 'SpikeMonitor' && (name === 'i' || name === 't')) {
        // Kept as the recording it is: a SpikeGeneratorGroup made from it replays these spikes (2-model/inputs.ts).
        return { ...afterRun(ctx, `the monitor's ${name}`, loc), recording: { monitor: o.name, variable: name, runs: ctx.runCount, loc } } as Value;
      }
      return afterRun(ctx, `the monitor's ${name}`, loc);
    case 'Network':
      if (name === 'run') return builtin('run', runAction(o.name === 'magic_network' ? null : o));
      if (name === 'store' || name === 'restore') return builtin(name, storeRestore(name, o.name === 'magic_network' ? null : o));
      if (name === 'add' || name === 'remove') {
        if (o.name === 'magic_network')
          return ctx.fail('unsupported', attrLoc, { what: `magic_network.${name}()`, hint: 'Brian2 refuses it too: make a Network(...) of your own' });
        return builtin(name, (args, c) => {
          const objs: Brian2Object[] = [];
          const additions = addToNetwork(objs, args, c, name);
          if (name === 'add') {
            o.members.push(...objs);
            o.additions.push(...additions);
          } else o.members = o.members.filter((m) => !objs.includes(m));
          return NONE;
        });
      }
      if (name === 'objects') return { t: 'list', items: o.members.map((m) => ({ t: 'object', obj: m })) };
      if (name === 't') return ctx.runCount ? afterRun(ctx, 'the network time', loc) : num(0, [0, 0, 1, 0, 0, 0, 0]);
      if (name === 'profiling_info' || name === 't_' || name === 'get_profiling_info') return afterRun(ctx, `the network's ${name}`, loc);
      if (name === 'name') return { t: 'str', v: o.name, offsets: null, loc };
      break;
    case 'TimedArray':
      if (name === 'values') return o.values.value;
      if (name === 'dt') return o.dt.value;
      if (name === 'name') return { t: 'str', v: o.name, offsets: null, loc };
      break;
    case 'Clock': {
      const known = clockAttribute(o, name, ctx);
      if (known) return known;
      if (name === 't' || name === 't_' || name === 'timestep')
        return ctx.runCount ? afterRun(ctx, `the clock's ${name}`, loc) : name === 't' ? num(0, SECOND) : name === 't_' ? num(0) : int(0);
      break;
    }
    default:
      break;
  }
  return ctx.fail('unknown-attribute', attrLoc, { object: o.kind, name, hint: `a ${o.kind} has no attribute '${name}' the converter knows` });
}

/** `G.variables`: Brian2's registry of Variable objects, which exists only in a Brian2 run. */
function variablesRegistry(o: Brian2Object, loc: Loc): Value {
  return {
    t: 'unknown',
    why: `${o.pyName ?? o.name}.variables (Brian2's Variable objects) exists only when Brian2 runs the script; use ${o.pyName ?? o.name}.v or a Brian2 string`,
    loc,
  };
}

function pathway(s: SynapsesObj, name: string, loc: Loc): Value {
  const view: PathwayViewObj = { kind: 'PathwayView', name: `${s.name}_${name}`, pyName: null, loc, explicitNamespace: null, owner: s, pathway: name };
  return { t: 'object', obj: view };
}

function runRegularly(o: Brian2Object, ctx: EvalContext): Value {
  return builtin('run_regularly', (args) => {
    const b = bindArgs('run_regularly', ['code', 'dt', 'clock', 'when', 'order', 'name', 'codeobj_class'], args, ctx, { required: ['code'] });
    const sub = o.kind === 'Subgroup' ? o : null;
    const owner = sub ? sub.parent : o;
    if ((owner.kind !== 'NeuronGroup' && owner.kind !== 'SpatialNeuron' && owner.kind !== 'PoissonGroup') || (sub && owner.kind !== 'NeuronGroup')) {
      return ctx.fail('unsupported', args.loc, {
        what: `run_regularly on a ${sub ? `subgroup of a ${owner.kind}` : o.kind}`,
        hint: 'use it on a NeuronGroup (or a slice of one) or a PoissonGroup',
      });
    }
    const when = b.has('when') ? expectString(b.get('when')!, b.loc('when'), ctx, 'when') : 'start';
    const order = b.get('order');
    if (order && order.t !== 'none' && !(order.t === 'num' && order.v === 0)) {
      ctx.fail('unsupported', b.loc('order'), { what: 'run_regularly(order=...)', hint: "remove order=...; objects run in Brian2's default order (0)" });
    }
    // Brian2 names the operation `<group>_run_regularly*` (the subgroup's name when called on one); its own clock (dt=) is named after it.
    const base = sub ? sub.name : owner.name;
    const count = owner.runRegularly.filter((r) => (r.subgroup?.name ?? owner.name) === base).length;
    const name = count === 0 ? `${base}_run_regularly` : `${base}_run_regularly_${count}`;
    const clock = objectClock(b.entries, name, ctx, 'run_regularly', owner.clock);
    owner.runRegularly.push({
      code: b.get('code')!,
      clock,
      when,
      loc: args.loc,
      ...(sub ? { subgroup: { name: sub.name, start: sub.start, stop: sub.stop } } : {}),
    });
    return NONE;
  });
}

/** Integers of a connect() argument, or null when they are not plain integers. */
function integersOf(v: Value): number[] | null {
  if (v.t === 'num') return v.int ? [v.v] : null;
  if (v.t === 'range') return Array.from({ length: Math.max(0, Math.ceil((v.stop - v.start) / v.step)) }, (_, k) => v.start + k * v.step);
  if (v.t === 'array') return v.a.dtype === 'int' && v.a.shape.length === 1 ? Array.from(v.a.data) : null;
  if (v.t === 'list' || v.t === 'tuple') return v.items.every((x) => x.t === 'num' && x.int) ? v.items.map((x) => (x as { v: number }).v) : null;
  return null;
}

/** The synapses one connect() makes, when the script determines them (explicit pairs or all-to-all), else null. */
function staticPairs(s: SynapsesObj, b: import('../calls.js').Bound): { i: number[]; j: number[] } | null {
  const one = (name: string) => !b.has(name) || (b.get(name)!.t === 'num' && (b.get(name) as { v: number }).v === 1);
  if (!one('p') || !one('n')) return null;
  const cond = b.get('condition');
  const all = !cond || (cond.t === 'bool' && cond.v) || (cond.t === 'str' && cond.v.trim() === 'True');
  // Synapses on synapses: the elements are the synapses the script knows to exist now.
  const size = (g: SynapsesObj['source']) => (g.kind === 'Synapses' ? (g.pairs === null ? null : (g.pairs?.i.length ?? 0)) : groupSize(g));
  const nPre = size(s.source);
  const nPost = size(s.target);
  if (nPre === null || nPost === null) return null;
  if (!b.has('i') && !b.has('j')) {
    if (!all) return null;
    const i: number[] = [];
    const j: number[] = [];
    for (let a = 0; a < nPre; a++)
      for (let c = 0; c < nPost; c++) {
        i.push(a);
        j.push(c);
      }
    return { i, j };
  }
  if (cond) return null;
  const is = b.has('i') ? integersOf(b.get('i')!) : null;
  const js = b.has('j') ? integersOf(b.get('j')!) : null;
  if (!is || !js) return null;
  const n = Math.max(is.length, js.length);
  if ((is.length !== 1 && is.length !== n) || (js.length !== 1 && js.length !== n)) return null;
  if ([...is].some((x) => x < 0 || x >= nPre) || [...js].some((x) => x < 0 || x >= nPost)) return null;
  return { i: Array.from({ length: n }, (_, k) => is[is.length === 1 ? 0 : k]!), j: Array.from({ length: n }, (_, k) => js[js.length === 1 ? 0 : k]!) };
}

function connect(s: SynapsesObj, args: import('../values.js').CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('connect', ['condition', 'i', 'j', 'p', 'n', 'skip_if_invalid', 'namespace', 'level'], args, ctx);
  const made = s.pairs === null ? null : staticPairs(s, b);
  s.pairs = made ? { i: [...(s.pairs?.i ?? []), ...made.i], j: [...(s.pairs?.j ?? []), ...made.j] } : null;
  const keywords = new Map(b.entries);
  // Compartments given as morphologies (`j=morpho.L[-1]`): their indices, as Brian2's connect takes them.
  for (const k of ['i', 'j']) {
    const a = keywords.get(k);
    const conv = a && compartmentIndexValue(a.value);
    if (a && conv) keywords.set(k, { value: conv, loc: a.loc });
  }
  ctx.script.actions.push({ kind: 'connect', synapses: s, args: keywords, positional: [], loc: args.loc, ns: ctx.snapshot() });
  return NONE;
}

export function setObjectAttribute(
  o: Brian2Object,
  name: string,
  value: Value,
  locs: { target: Loc; attr: Loc; value: Loc },
  ctx: EvalContext,
  index: { value: Value; loc: Loc } | null,
  augmented: { op: BinaryOperator; loc: Loc } | null = null,
): void {
  if (index && index.value.t === 'object' && index.value.obj.kind === 'SynapticIndices') {
    // `S.w[S.indices[...]] = x` selects the same synapses as `S.w[...] = x`.
    const sel = index.value.obj;
    if (sel.owner !== o)
      ctx.fail('value-error', index.loc, {
        detail: `these are indices of ${sel.owner.pyName ?? sel.owner.name}, not of ${o.pyName ?? o.name}`,
        hint: 'index a variable with the indices of its own synapses',
      });
    index = sel.index === null ? null : { value: sel.index, loc: index.loc };
  }
  if (augmented && o.kind === 'Clock') {
    // `defaultclock.dt *= 2`: the current dt is known, so this is a plain assignment.
    const current = getObjectAttribute(o, name, locs.attr, locs.target, ctx);
    let next: Value;
    try {
      next = binary(augmented.op, current, value);
    } catch (e) {
      if (e instanceof OperatorError)
        return ctx.fail(e.code, augmented.loc, { detail: e.message, what: e.message, hint: e.hint || 'check the units on both sides' });
      throw e;
    }
    setObjectAttribute(o, name, next, locs, ctx, index);
    return;
  }
  if (augmented) {
    augmentedSet(o, name, value, locs, ctx, index, augmented);
    return;
  }
  if (value.t === 'object' && value.obj.kind === 'LinkedVariable') {
    if (index)
      ctx.fail('type-error', index.loc, {
        detail: 'a linked variable is linked as a whole, not for some elements',
        hint: `write ${o.pyName ?? o.name}.${name} = linked_var(...)`,
      });
    setLink(o, name, value.obj, { start: locs.target.start, end: locs.value.end }, ctx);
    return;
  }
  // Values of the simulation (or of unevaluated modules) cannot initialise the model.
  if (value.t === 'unknown') ctx.failUnknown(value, locs.value, `the value assigned to ${name}`);
  if (index?.value.t === 'unknown') ctx.failUnknown(index.value, index.loc, 'the index');
  if (o.kind === 'Morphology') {
    if (!index) attachMorphology(o, name, value, locs.target, locs.value, ctx);
    else {
      // `morpho.dendrite['branch1'] = Cylinder(...)`
      const child = morphologyAttribute(o, name, locs.attr, locs.target, ctx);
      if (child.t !== 'object' || child.obj.kind !== 'Morphology' || index.value.t !== 'str') {
        ctx.fail('type-error', locs.target, {
          detail: 'only a subtree of a morphology can be assigned by name',
          hint: "e.g. morpho.dendrite['branch1'] = Cylinder(...)",
        });
      }
      attachMorphology(
        child.obj as Extract<Brian2Object, { kind: 'Morphology' }>,
        (index.value as Extract<Value, { t: 'str' }>).v,
        value,
        locs.target,
        locs.value,
        ctx,
      );
    }
    return;
  }
  // A morphology used as an index stands for its compartments' indices.
  if (index) {
    const conv = compartmentIndexValue(index.value);
    if (conv) index = { value: conv, loc: index.loc };
    else if (index.value.t === 'slice' && index.value.dim)
      ctx.fail('type-error', index.loc, {
        detail: "a variable's values are selected by index, not by length",
        hint: 'select the compartments with a morphology, e.g. neuron.v[morpho.axon[10*um:20*um]]',
      });
  }
  if (o.kind === 'SummedUpdater') {
    setSummedSchedule(o, name, value, locs, ctx);
    return;
  }
  if (o.kind === 'Clock') {
    if (name !== 'dt' && name !== 'dt_')
      ctx.fail('unsupported', locs.attr, { what: `setting ${name} of a clock`, hint: "only a clock's dt can be set (Brian2's t and timestep are read-only)" });
    // `clock.dt_ = 1e-4`: seconds without units.
    const dt = name === 'dt_' && value.t === 'num' && isDimensionless(value.dim) ? { ...value, dim: SECOND } : value;
    checkDt(dt, locs.value, ctx, `${o.pyName ?? o.name}.${name}`, `e.g. ${o.pyName ?? o.name}.dt = 0.1*ms`);
    ctx.setClockDt(o, dt, { start: locs.target.start, end: locs.value.end });
    return;
  }
  if (o.kind === 'PathwayView') {
    if (name !== 'delay') ctx.fail('unsupported', locs.attr, { what: `setting '${name}' of a pathway`, hint: 'only the delay of a pathway can be set' });
    ctx.script.actions.push({
      kind: 'set-delay',
      owner: o.owner,
      pathway: o.pathway,
      index: index?.value ?? null,
      value,
      loc: { start: locs.target.start, end: locs.value.end },
      ns: ctx.snapshot(),
    });
    return;
  }
  if (o.kind === 'Synapses' && name === 'delay') {
    ctx.script.actions.push({
      kind: 'set-delay',
      owner: o,
      pathway: 'pre',
      index: index?.value ?? null,
      value,
      loc: { start: locs.target.start, end: locs.value.end },
      ns: ctx.snapshot(),
    });
    return;
  }
  if (isGroupLike(o) || o.kind === 'Synapses') {
    const base = isGroupLike(o) ? groupSlice(o).group : null;
    if (base?.kind === 'SpikeGeneratorGroup' || (base?.kind === 'PoissonGroup' && name !== 'rates')) {
      ctx.fail('unsupported', locs.target, {
        what: `setting '${name}' of a ${base.kind}`,
        hint: base.kind === 'PoissonGroup' ? "a PoissonGroup's only variable is rates" : 'give the spikes to its constructor',
      });
    }
    if (GROUP_METHODS.has(name) && name !== 'i') ctx.fail('read-only', locs.attr, { name, hint: `'${name}' is not a model variable` });
    ctx.script.actions.push({
      kind: 'set',
      owner: o,
      variable: name.replace(/_$/, ''),
      ...(name.endsWith('_') ? { unitless: true } : {}),
      index: index?.value ?? null,
      indexLoc: index?.loc ?? null,
      value: snapshotValue(value),
      loc: { start: locs.target.start, end: locs.value.end },
      ns: ctx.snapshot(),
    });
    return;
  }
  ctx.fail('unsupported', locs.target, { what: `setting '${name}' on a ${o.kind}`, hint: 'set variables of groups and synapses only' });
}

/** Brian2 copies the values it is given: a later in-place change of the script's array does not reach them. */
function snapshotValue(v: Value): Value {
  return v.t === 'array' ? { t: 'array', a: { data: Float64Array.from(v.a.data), shape: [...v.a.shape], dtype: v.a.dtype }, dim: v.dim } : v;
}

/** The operators Brian2's variables support in place (VariableView.__iadd__ and friends). */
const AUGMENTED: Record<string, SetOp> = { '+': '+', '-': '-', '*': '*', '/': '/' };

/**
 * `G.v += x`, `G.v[idx] -= x`, `S.w *= x`: Brian2 computes the current values OP x and writes them back
 * (VariableView.__iadd__). Recorded as a set action with `op`; the model builder checks the units and
 * the generated project computes it when it reaches this point of the script.
 */
function augmentedSet(
  o: Brian2Object,
  name: string,
  value: Value,
  locs: { target: Loc; attr: Loc; value: Loc },
  ctx: EvalContext,
  index: { value: Value; loc: Loc } | null,
  augmented: { op: BinaryOperator; loc: Loc },
): void {
  const op = AUGMENTED[augmented.op];
  if (!op)
    return ctx.fail('unsupported', augmented.loc, {
      what: `'${augmented.op}=' on a Brian2 variable`,
      hint: `write it as ${o.pyName ?? o.name}.${name} = '${name} ${augmented.op} ...'`,
    });
  if (value.t === 'str') {
    return ctx.fail('type-error', locs.value, {
      detail: `in-place modification with strings is not supported by Brian2 ('${augmented.op}=' with a string)`,
      hint: `write ${o.pyName ?? o.name}.${name} = '${name} ${augmented.op} ${value.v}'`,
    });
  }
  if (index?.value.t === 'str') {
    // Brian2 reads the selected values as an array and cannot write an array back through a string index.
    return ctx.fail('type-error', index.loc, {
      detail: `'${augmented.op}=' with a string index: Brian2 can set a variable by a string index only to a string or a single value`,
      hint: `write ${o.pyName ?? o.name}.${name}[${JSON.stringify(index.value.v)}] = '${name} ${augmented.op} ...'`,
    });
  }
  if (value.t === 'unknown') ctx.failUnknown(value, locs.value, `the value of this '${augmented.op}='`);
  if (index?.value.t === 'unknown') ctx.failUnknown(index.value, index.loc, 'the index');
  if (!((isGroupLike(o) && o.kind !== 'PoissonGroup' && o.kind !== 'SpikeGeneratorGroup') || o.kind === 'Synapses') || name === 'delay') {
    return ctx.fail('unsupported', augmented.loc, {
      what: `'${augmented.op}=' on ${name === 'delay' ? 'synaptic delays' : `a ${o.kind}`}`,
      hint: name === 'delay' ? "assign the delays with a string, e.g. S.delay = 'delay + 1*ms'" : 'use it on variables of a NeuronGroup or Synapses',
    });
  }
  if (GROUP_METHODS.has(name)) ctx.fail('read-only', locs.attr, { name, hint: `'${name}' is not a model variable` });
  ctx.script.actions.push({
    kind: 'set',
    owner: o as GroupLike | SynapsesObj,
    variable: name.replace(/_$/, ''),
    ...(name.endsWith('_') ? { unitless: true } : {}),
    index: index?.value ?? null,
    indexLoc: index?.loc ?? null,
    value: snapshotValue(value),
    op,
    loc: augmented.loc,
    ns: ctx.snapshot(),
  });
}

/** `G[10:20]` (contiguous slices only, as in Brian2); `S.indices[...]` selects synapses. */
export function subgroupOf(o: Brian2Object, idx: Value, loc: Loc, idxLoc: Loc, ctx: EvalContext): Value {
  if (o.kind === 'SynapticIndices') {
    if (o.index !== null)
      return ctx.fail('unsupported', idxLoc, { what: 'indexing a selection of synapses again', hint: 'select with one index, e.g. S.indices[:, 10:20]' });
    return { t: 'object', obj: { ...o, index: idx } };
  }
  // `S[i, j]`, `S[k]`, `S['condition']`: Brian2's SynapticSubgroup, the synapses an index selects.
  if (o.kind === 'Synapses')
    return {
      t: 'object',
      obj: { kind: 'SynapticIndices', name: `${o.name}_subgroup`, pyName: null, loc, explicitNamespace: null, owner: o, index: idx, ns: ctx.snapshot() },
    };
  if (o.kind === 'Morphology' || o.kind === 'SubMorphology') return morphologyItem(o, idx, loc, idxLoc, ctx);
  if (o.kind === 'SummedUpdater' && o.variable === null) {
    if (idx.t !== 'str')
      return ctx.fail('type-error', idxLoc, {
        detail: 'summed_updaters are selected by the name of the summed variable',
        hint: "e.g. S.summed_updaters['v_post']",
      });
    return { t: 'object', obj: { ...o, name: `${o.synapses.name}_summed_variable_${idx.v}`, variable: idx.v, loc } };
  }
  const segment = spatialSegment(o, idx, loc, idxLoc, ctx);
  if (segment) return segment;
  if (!isGroupLike(o)) return ctx.fail('type-error', loc, { detail: `a ${o.kind} cannot be indexed`, hint: 'index a group to make a subgroup' });
  const n = groupSize(o);
  let start: number;
  let stop: number;
  if (idx.t === 'slice') {
    if (idx.step !== null && idx.step !== 1)
      ctx.fail('unsupported', idxLoc, { what: 'subgroups with a step', hint: 'use a contiguous slice such as G[10:20]' });
    const pos = selectPositions(idx, n, idxLoc, ctx) as number[];
    if (!pos.length) ctx.fail('value-error', idxLoc, { detail: 'this subgroup is empty', hint: 'give a slice with at least one neuron' });
    start = pos[0]!;
    stop = pos[pos.length - 1]! + 1;
  } else if (idx.t === 'num' && idx.int) {
    start = selectPositions(idx, n, idxLoc, ctx) as number;
    stop = start + 1;
  } else {
    return ctx.fail('unsupported', idxLoc, { what: `a subgroup indexed by ${describe(idx)}`, hint: 'Brian2 subgroups are contiguous slices such as G[10:20]' });
  }
  const base = o.kind === 'Subgroup' ? o.parent : o;
  const offset = o.kind === 'Subgroup' ? o.start : 0;
  const sub: SubgroupObj = {
    kind: 'Subgroup',
    name: ctx.uniqueName(`${base.name}_subgroup`, null),
    pyName: null,
    loc,
    explicitNamespace: null,
    parent: base,
    start: offset + start,
    stop: offset + stop,
  };
  ctx.register(sub);
  return { t: 'object', obj: sub };
}

/** `S.summed_updaters['x_post'].when = 'after_groups'` (or `.order = k`), before the first run. */
function setSummedSchedule(
  o: Extract<Brian2Object, { kind: 'SummedUpdater' }>,
  name: string,
  value: Value,
  locs: { target: Loc; attr: Loc; value: Loc },
  ctx: EvalContext,
): void {
  if (o.variable === null)
    ctx.fail('type-error', locs.target, { detail: 'select one summed variable first', hint: "e.g. S.summed_updaters['v_post'].when = 'after_groups'" });
  if (ctx.runCount > 0)
    ctx.fail('unsupported', locs.target, { what: 'moving a summed variable in the schedule after run()', hint: 'set when/order before the first run()' });
  const entry = o.synapses.summedSchedule?.get(o.variable!) ?? {};
  if (name === 'when') entry.when = { value: expectString(value, locs.value, ctx, 'when'), loc: locs.value };
  else if (name === 'order') {
    if (value.t !== 'num' || !value.int) ctx.fail('type-error', locs.value, { detail: 'order must be an integer', hint: 'e.g. order=1' });
    entry.order = { value: (value as Extract<Value, { t: 'num' }>).v, loc: locs.value };
  } else ctx.fail('unsupported', locs.attr, { what: `setting '${name}' of a summed variable updater`, hint: 'only when and order can be set' });
  o.synapses.summedSchedule ??= new Map();
  o.synapses.summedSchedule.set(o.variable!, entry);
}
