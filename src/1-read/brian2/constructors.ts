// Brian2's classes and functions as the evaluator sees them: each constructor checks its arguments
// against Brian2's signature (misspelt keywords get a "did you mean"), records an object, and returns
// it. Interpretation of equations and code waits for 2-model.

import type { Loc } from '../../../grammars/ast.js';
import { bindArgs, expectInt, expectString, seedValue } from '../calls.js';
import type { EvalContext } from '../context.js';
import { iterate } from '../iterate.js';
import { builtin, describe, NONE, type CallArgs, type Value } from '../values.js';
import { compartmentIndexValue } from './morphology.js';
import { customEvents, groupEvents, thresholderSlot, unknownEvent } from './events.js';
import {
  type Brian2Object,
  type GroupLike,
  groupSlice,
  isGroupLike,
  MAGIC_KINDS,
  type MonitorObj,
  type NetworkCall,
  type NetworkObj,
  type NeuronGroupObj,
  type PoissonGroupObj,
  type PoissonInputObj,
  type SpikeGeneratorGroupObj,
  type SynapsesObj,
  type TimedArrayObj,
} from './objects.js';
import { isDimensionless } from '../../units/dimension.js';
import { captureOperations } from './operation-capture.js';
import { requestedName } from './object-names.js';
import { objectClock } from './clocks.js';

export { requestedName };

type Args = Map<string, { value: Value; loc: Loc }>;

function obj(o: Brian2Object): Value {
  return { t: 'object', obj: o };
}

/** Arguments of Brian2's signatures that we accept but that have no effect on the converted model. */
const IGNORED = new Set(['codeobj_class', 'dtype', 'name', 'order', 'sorted', 'method_options']);

/** Arguments we cannot honour: refuse them unless they have their default value. */
export function refuseUnsupported(callee: string, args: Args, names: string[], ctx: EvalContext): void {
  for (const n of names) {
    const a = args.get(n);
    if (!a || a.value.t === 'none') continue;
    ctx.fail('unsupported', a.loc, { what: `${callee}(${n}=...)`, hint: `remove ${n}=...; every object runs on the default clock in this version` });
  }
}

/**
 * `order=` changes where an object runs within a slot of Brian2's schedule; the converter schedules
 * every object with Brian2's default order, so any other value is refused rather than ignored.
 */
export function refuseOrder(callee: string, args: Args, defaultOrder: number, ctx: EvalContext): void {
  const a = args.get('order');
  if (!a || a.value.t === 'none' || (a.value.t === 'num' && a.value.v === defaultOrder)) return;
  ctx.fail('unsupported', a.loc, {
    what: `${callee}(order=...)`,
    hint: `remove order=...; objects run in Brian2's default order (${defaultOrder} for a ${callee})`,
  });
}

export function namespaceArg(args: Args, ctx: EvalContext): Map<string, Value> | null {
  const a = args.get('namespace');
  if (!a || a.value.t === 'none') return null;
  if (a.value.t !== 'dict') ctx.fail('type-error', a.loc, { detail: `namespace must be a dict, not ${describe(a.value)}`, hint: "namespace={'tau': 10*ms}" });
  const m = new Map<string, Value>();
  a.value.keys.forEach((k, j) => {
    if (k.t !== 'str') ctx.fail('type-error', a.loc, { detail: 'namespace keys must be strings', hint: 'use names as keys' });
    m.set(k.v, (a.value as Extract<Value, { t: 'dict' }>).values[j]!);
  });
  return m;
}

function groupArg(v: { value: Value; loc: Loc } | undefined, ctx: EvalContext, what: string): GroupLike {
  if (!v) return ctx.fail('missing-argument', null, { callee: what, name: 'source' });
  ctx.checkPoison(v.value);
  if (v.value.t !== 'object' || !isGroupLike(v.value.obj)) {
    return ctx.fail('type-error', v.loc, {
      detail: `${what} needs a group of neurons here, not ${describe(v.value)}`,
      hint: 'pass a NeuronGroup, a subgroup such as G[:10], a PoissonGroup or a SpikeGeneratorGroup',
    });
  }
  return v.value.obj;
}

/** The source or target of Synapses: a group, or another Synapses object (synapses on synapses). */
function synapsesEnd(v: { value: Value; loc: Loc } | undefined, ctx: EvalContext): GroupLike | SynapsesObj {
  if (v && v.value.t === 'object' && v.value.obj.kind === 'Synapses') return v.value.obj;
  return groupArg(v, ctx, 'Synapses');
}

function sizeArg(a: { value: Value; loc: Loc }, ctx: EvalContext, what: string): number {
  const n = expectInt(a.value, a.loc, ctx, what);
  if (n < 1) ctx.fail('value-error', a.loc, { detail: `${what} must be at least 1, got ${n}`, hint: 'give the number of neurons' });
  return n;
}

export function NeuronGroup(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs(
    'NeuronGroup',
    [
      'N',
      'model',
      'method',
      'threshold',
      'reset',
      'refractory',
      'events',
      'namespace',
      'dtype',
      'dt',
      'clock',
      'order',
      'name',
      'codeobj_class',
      'method_options',
    ],
    args,
    ctx,
    { required: ['N', 'model'] },
  );
  refuseOrder('NeuronGroup', b.entries, 0, ctx);
  const n = sizeArg(b.entries.get('N')!, ctx, 'the number of neurons N');
  customEvents(b.entries, ctx);
  const name = ctx.uniqueName('neurongroup', requestedName(b.entries, ctx));
  const g: NeuronGroupObj = {
    kind: 'NeuronGroup',
    name,
    clock: objectClock(b.entries, name, ctx, 'NeuronGroup', ctx.script.defaultclock),
    pyName: null,
    loc: args.loc,
    explicitNamespace: namespaceArg(b.entries, ctx),
    n,
    model: b.get('model')!,
    args: stripIgnored(b.entries),
    runRegularly: [],
    eventCode: [],
    eventSchedule: [],
  };
  return obj(ctx.register(g));
}

export function stripIgnored(entries: Args): Args {
  const out: Args = new Map();
  for (const [k, v] of entries) if (!IGNORED.has(k) && k !== 'namespace') out.set(k, v);
  return out;
}

export function Synapses(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs(
    'Synapses',
    [
      'source',
      'target',
      'model',
      'on_pre',
      'pre',
      'on_post',
      'post',
      'connect',
      'delay',
      'on_event',
      'multisynaptic_index',
      'namespace',
      'dtype',
      'codeobj_class',
      'dt',
      'clock',
      'order',
      'method',
      'method_options',
      'name',
    ],
    args,
    ctx,
    { required: ['source'] },
  );
  refuseOrder('Synapses', b.entries, 0, ctx);
  refuseUnsupported('Synapses', b.entries, ['multisynaptic_index'], ctx);
  const source = synapsesEnd(b.entries.get('source'), ctx);
  const target = b.has('target') && b.get('target')!.t !== 'none' ? synapsesEnd(b.entries.get('target'), ctx) : source;
  pathwayEvents(b.entries, source, target, ctx);
  const name = ctx.uniqueName('synapses', requestedName(b.entries, ctx));
  const s: SynapsesObj = {
    kind: 'Synapses',
    name,
    clock: objectClock(b.entries, name, ctx, 'Synapses', ctx.script.defaultclock),
    pyName: null,
    loc: args.loc,
    explicitNamespace: namespaceArg(b.entries, ctx),
    source,
    target,
    args: stripIgnored(b.entries),
  };
  ctx.register(s);
  const connect = b.entries.get('connect');
  if (connect && connect.value.t !== 'none' && !(connect.value.t === 'bool' && !connect.value.v)) {
    const keywords: Args = new Map();
    const positional: { value: Value; loc: Loc }[] = [];
    if (connect.value.t === 'str') keywords.set('condition', connect);
    else positional.push(connect);
    ctx.script.actions.push({ kind: 'connect', synapses: s, args: keywords, positional, loc: connect.loc, ns: ctx.snapshot() });
  }
  return obj(s);
}

export function PoissonGroup(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('PoissonGroup', ['N', 'rates', 'dt', 'clock', 'when', 'order', 'namespace', 'name', 'codeobj_class'], args, ctx, {
    required: ['N', 'rates'],
  });
  refuseOrder('PoissonGroup', b.entries, 0, ctx);
  refuseUnsupported('PoissonGroup', b.entries, ['when'], ctx);
  const name = ctx.uniqueName('poissongroup', requestedName(b.entries, ctx));
  const g: PoissonGroupObj = {
    kind: 'PoissonGroup',
    name,
    clock: objectClock(b.entries, name, ctx, 'PoissonGroup', ctx.script.defaultclock),
    pyName: null,
    loc: args.loc,
    explicitNamespace: namespaceArg(b.entries, ctx),
    n: sizeArg(b.entries.get('N')!, ctx, 'the number of neurons N'),
    rates: b.entries.get('rates')!,
    runRegularly: [],
  };
  return obj(ctx.register(g));
}

export function SpikeGeneratorGroup(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('SpikeGeneratorGroup', ['N', 'indices', 'times', 'dt', 'clock', 'period', 'when', 'order', 'sorted', 'name', 'codeobj_class'], args, ctx, {
    required: ['N', 'indices', 'times'],
  });
  refuseOrder('SpikeGeneratorGroup', b.entries, 0, ctx);
  refuseUnsupported('SpikeGeneratorGroup', b.entries, ['when'], ctx);
  const name = ctx.uniqueName('spikegeneratorgroup', requestedName(b.entries, ctx));
  const g: SpikeGeneratorGroupObj = {
    kind: 'SpikeGeneratorGroup',
    name,
    clock: objectClock(b.entries, name, ctx, 'SpikeGeneratorGroup', ctx.script.defaultclock),
    pyName: null,
    loc: args.loc,
    explicitNamespace: null,
    n: sizeArg(b.entries.get('N')!, ctx, 'the number of neurons N'),
    indices: b.entries.get('indices')!,
    times: b.entries.get('times')!,
    period: b.entries.get('period') ?? null,
  };
  return obj(ctx.register(g));
}

export function PoissonInput(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('PoissonInput', ['target', 'target_var', 'N', 'rate', 'weight', 'when', 'order'], args, ctx, {
    required: ['target', 'target_var', 'N', 'rate', 'weight'],
  });
  refuseOrder('PoissonInput', b.entries, 0, ctx);
  refuseUnsupported('PoissonInput', b.entries, ['when'], ctx);
  const p: PoissonInputObj = {
    kind: 'PoissonInput',
    name: ctx.uniqueName('poissoninput', null),
    pyName: null,
    loc: args.loc,
    explicitNamespace: null,
    target: groupArg(b.entries.get('target'), ctx, 'PoissonInput'),
    variable: b.entries.get('target_var')!,
    n: b.entries.get('N')!,
    rate: b.entries.get('rate')!,
    weight: b.entries.get('weight')!,
  };
  return obj(ctx.register(p));
}

export function TimedArray(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('TimedArray', ['values', 'dt', 'name'], args, ctx, { required: ['values', 'dt'] });
  const t: TimedArrayObj = {
    kind: 'TimedArray',
    name: ctx.uniqueName('timedarray', requestedName(b.entries, ctx)),
    pyName: null,
    loc: args.loc,
    explicitNamespace: null,
    values: b.entries.get('values')!,
    dt: b.entries.get('dt')!,
  };
  return obj(ctx.register(t));
}

function monitor(kind: MonitorObj['kind'], params: string[], base: string, unsupported: string[]) {
  return (args: CallArgs, ctx: EvalContext): Value => {
    const b = bindArgs(kind, params, args, ctx, {
      required: kind === 'StateMonitor' ? ['source', 'variables', 'record'] : kind === 'EventMonitor' ? ['source', 'event'] : ['source'],
    });
    refuseUnsupported(kind, b.entries, unsupported, ctx);
    if (kind !== 'SpikeMonitor' && kind !== 'EventMonitor') refuseOrder(kind, b.entries, 0, ctx);
    const src = b.entries.get('source')!;
    ctx.checkPoison(src.value);
    if (src.value.t !== 'object' || !(isGroupLike(src.value.obj) || src.value.obj.kind === 'Synapses')) {
      ctx.fail('type-error', src.loc, {
        detail: `${kind} needs a group or synapses to monitor, not ${describe(src.value)}`,
        hint: 'pass the NeuronGroup (or Synapses) object',
      });
    }
    if (kind !== 'StateMonitor' && src.value.obj.kind === 'Synapses') {
      ctx.fail('unsupported', src.loc, { what: `a ${kind} on Synapses`, hint: 'monitor the neuron group' });
    }
    const requested = requestedName(b.entries, ctx);
    const name = ctx.uniqueName(base, requested);
    const args2 = stripIgnored(b.entries);
    const record = args2.get('record');
    const recordIndices = record && compartmentIndexValue(record.value);
    if (record && recordIndices) {
      // Brian2: a morphology's absolute indices, made relative to the monitored subgroup.
      const offset = isGroupLike(src.value.obj) ? groupSlice(src.value.obj).start : 0;
      const shifted: Value =
        recordIndices.t === 'num'
          ? { ...recordIndices, v: recordIndices.v - offset }
          : recordIndices.t === 'array'
            ? { ...recordIndices, a: { ...recordIndices.a, data: recordIndices.a.data.map((x) => x - offset) } }
            : recordIndices;
      args2.set('record', { value: shifted, loc: record.loc });
    }
    const m: MonitorObj = {
      kind,
      name,
      named: name === requested,
      pyName: null,
      loc: args.loc,
      explicitNamespace: null,
      source: src.value.obj as MonitorObj['source'],
      args: args2,
    };
    // Only a StateMonitor takes dt=/clock=; the others run on their source's clock.
    const clock = kind === 'StateMonitor' ? objectClock(b.entries, name, ctx, kind, null) : null;
    if (clock) m.clock = clock;
    if (kind === 'SpikeMonitor' || kind === 'EventMonitor') m.event = monitoredEvent(kind, src.value.obj as GroupLike, b, ctx);
    return obj(ctx.register(m));
  };
}

/** The event a SpikeMonitor/EventMonitor records and its slot, as Brian2 fixes them at creation. */
function monitoredEvent(
  kind: 'SpikeMonitor' | 'EventMonitor',
  source: GroupLike,
  b: ReturnType<typeof bindArgs>,
  ctx: EvalContext,
): NonNullable<MonitorObj['event']> {
  const event = kind === 'SpikeMonitor' ? 'spike' : expectString(b.get('event')!, b.loc('event'), ctx, 'the event');
  if (!groupEvents(source, ctx).includes(event)) unknownEvent(source, event, b.loc(kind === 'SpikeMonitor' ? 'source' : 'event'), ctx, 'recorded group');
  const when = b.get('when');
  const order = b.get('order');
  if (!when || when.t === 'none') {
    if (order && order.t !== 'none')
      ctx.fail('value-error', b.loc('order'), {
        detail: 'cannot specify order if when is not specified',
        hint: "give when= too, e.g. when='thresholds', order=1",
      });
    const slot = thresholderSlot(source, event);
    return { name: event, when: slot.when, order: slot.order + 1 };
  }
  return {
    name: event,
    when: expectString(when, b.loc('when'), ctx, 'when'),
    order: order && order.t !== 'none' ? expectInt(order, b.loc('order'), ctx, 'order') : 0,
  };
}

/**
 * `on_event=`: the event of every pathway (a name), or per pathway (a dict by pathway name; others
 * 'spike'). Checked against the events of the group whose events trigger each pathway, as Brian2 does
 * when it creates the pathway.
 */
function pathwayEvents(entries: Args, source: GroupLike | SynapsesObj, target: GroupLike | SynapsesObj, ctx: EvalContext): void {
  const a = entries.get('on_event');
  if (!a || a.value.t === 'none') return;
  const v = a.value;
  if (v.t !== 'str' && v.t !== 'dict')
    ctx.fail('type-error', a.loc, {
      detail: `on_event must be an event name or a dict of them by pathway, not ${describe(v)}`,
      hint: "e.g. on_event='burst' or on_event={'pre': 'spike', 'burst': 'burst'}",
    });
  if (v.t === 'dict') {
    for (const [k, x] of v.keys.map((key, idx) => [key, v.values[idx]!] as const)) {
      if (k.t !== 'str' || x.t !== 'str')
        ctx.fail('type-error', a.loc, {
          detail: 'on_event maps pathway names to event names (strings)',
          hint: "e.g. on_event={'pre': 'spike', 'burst': 'burst'}",
        });
    }
  }
  for (const trigger of ['pre', 'post'] as const) {
    const arg = entries.get(`on_${trigger}`) ?? entries.get(trigger);
    if (!arg || arg.value.t === 'none') continue;
    const names =
      arg.value.t === 'dict'
        ? arg.value.keys.filter((k) => k.t === 'str').map((k) => (k as Extract<Value, { t: 'str' }>).v)
        : arg.value.t === 'str' && arg.value.v.trim()
          ? [trigger]
          : [];
    const group = trigger === 'pre' ? source : target;
    for (const name of names) {
      const event = eventOfPathway(v, name);
      if (!groupEvents(group, ctx).includes(event)) unknownEvent(group, event, a.loc, ctx, `${trigger === 'pre' ? 'source' : 'target'} group`);
    }
  }
}

/** The event of pathway `name` given the on_event argument (Brian2's default 'spike'). */
export function eventOfPathway(onEvent: Value | undefined, name: string): string {
  if (!onEvent || onEvent.t === 'none') return 'spike';
  if (onEvent.t === 'str') return onEvent.v;
  if (onEvent.t === 'dict') {
    const idx = onEvent.keys.findIndex((k) => k.t === 'str' && k.v === name);
    const x = idx >= 0 ? onEvent.values[idx] : undefined;
    return x && x.t === 'str' ? x.v : 'spike';
  }
  return 'spike';
}

export const SpikeMonitor = monitor('SpikeMonitor', ['source', 'variables', 'record', 'when', 'order', 'name', 'codeobj_class'], 'spikemonitor', []);
export const EventMonitor = monitor('EventMonitor', ['source', 'event', 'variables', 'record', 'when', 'order', 'name', 'codeobj_class'], 'eventmonitor', []);
export const StateMonitor = monitor(
  'StateMonitor',
  ['source', 'variables', 'record', 'dt', 'clock', 'when', 'order', 'name', 'codeobj_class'],
  'statemonitor',
  [],
);
export const PopulationRateMonitor = monitor('PopulationRateMonitor', ['source', 'name', 'codeobj_class', 'dtype'], 'ratemonitor', []);

export function Equations(args: CallArgs, ctx: EvalContext): Value {
  const first = args.positional[0];
  if (first) ctx.checkPoison(first);
  for (const v of args.keywords.values()) ctx.checkPoison(v);
  if (!first) return ctx.fail('missing-argument', args.loc, { callee: 'Equations', name: 'eqs' });
  if (args.positional.length > 1) ctx.fail('too-many-arguments', args.locs.positional[1]!, { callee: 'Equations', max: 1, got: args.positional.length });
  if (first.t === 'equations') {
    return { t: 'equations', parts: first.parts.map((p) => ({ text: p.text, substitutions: new Map([...p.substitutions, ...args.keywords]) })) };
  }
  if (first.t !== 'str')
    return ctx.fail('type-error', args.locs.positional[0]!, {
      detail: `Equations() needs a string, not ${describe(first)}`,
      hint: 'pass the equations as a string',
    });
  return { t: 'equations', parts: [{ text: first, substitutions: new Map(args.keywords) }] };
}

/** `Network(...)` and `net.add(...)`: objects, and containers of them added recursively (dicts: their values), as Brian2. */
export function addToNetwork(members: Brian2Object[], args: CallArgs, ctx: EvalContext, callee: string): NetworkObj['additions'] {
  const additions: NetworkObj['additions'] = [];
  const add = (v: Value, loc: Loc) => {
    ctx.checkPoison(v);
    // A Network given to another is iterated as Brian2 iterates it: its objects.
    if (v.t === 'object' && v.obj.kind === 'Network') v.obj.members.forEach((m) => add({ t: 'object', obj: m }, loc));
    else if (v.t === 'object') {
      members.push(v.obj);
      additions.push({ obj: v.obj, loc, actionsBefore: ctx.script.actions.length });
    } else if (v.t === 'list' || v.t === 'tuple' || v.t === 'set') v.items.forEach((x) => add(x, loc));
    else if (v.t === 'dict') v.values.forEach((x) => add(x, loc));
    else
      ctx.fail('type-error', loc, {
        detail: `${callee}() takes Brian2 objects or containers of them, not ${describe(v)}`,
        hint: 'pass groups, synapses and monitors',
      });
  };
  args.positional.forEach((v, k) => add(v, args.locs.positional[k]!));
  return additions;
}

export function Network(args: CallArgs, ctx: EvalContext): Value {
  const members: Brian2Object[] = [];
  const additions = addToNetwork(members, args, ctx, 'Network');
  const b = bindArgs('Network', ['name'], { ...args, positional: [], locs: { ...args.locs, positional: [] } }, ctx);
  const requested = b.has('name') ? expectString(b.get('name')!, b.loc('name'), ctx, 'the name') : null;
  const net: NetworkObj = {
    kind: 'Network',
    name: ctx.uniqueName('network', requested),
    pyName: null,
    loc: args.loc,
    explicitNamespace: null,
    members,
    additions,
  };
  return obj(net);
}

/** Brian2's collect(): the objects its magic network would run here (bound to a visible name, current scope). */
export function collect(args: CallArgs, ctx: EvalContext): Value {
  bindArgs('collect', ['level'], args, ctx);
  return { t: 'list', items: magicObjects(ctx.visibleObjects(), ctx.scopeKey).map(obj) };
}

/** The objects among `visible` that Brian2's magic network collects: its kinds, created in scope `scope`. */
export function magicObjects(visible: readonly Brian2Object[], scope: number): Brian2Object[] {
  return visible.filter((o) => MAGIC_KINDS.has(o.kind) && (o.scope ?? 0) === scope);
}

/** What run()/store()/restore() act on at this point of the script (see NetworkCall). */
function networkCall(network: NetworkObj | null, ctx: EvalContext): NetworkCall {
  return { network, members: network ? [...network.members] : null, visible: ctx.visibleObjects(), scope: ctx.scopeKey };
}

/** `run(duration)` and `net.run(duration)`: record a run action with the names visible now. */
export function runAction(network: NetworkObj | null) {
  return (args: CallArgs, ctx: EvalContext): Value => {
    const b = bindArgs('run', ['duration', 'report', 'report_period', 'namespace', 'profile', 'level'], args, ctx, { required: ['duration'] });
    const nsArg = b.entries.get('namespace');
    let ns = ctx.snapshot();
    if (nsArg && nsArg.value.t === 'dict') {
      ns = new Map();
      nsArg.value.keys.forEach((k, j) => k.t === 'str' && ns.set(k.v, (nsArg.value as Extract<Value, { t: 'dict' }>).values[j]!));
    }
    ctx.script.actions.push({ kind: 'run', duration: b.get('duration')!, loc: args.loc, ns, ...networkCall(network, ctx) });
    captureOperations(ctx, ctx.runCount, args.loc);
    ctx.runCount++;
    return NONE;
  };
}

export function storeRestore(kind: 'store' | 'restore', network: NetworkObj | null) {
  return (args: CallArgs, ctx: EvalContext): Value => {
    const b = bindArgs(kind, kind === 'restore' ? ['name', 'filename', 'restore_random_state'] : ['name', 'filename'], args, ctx);
    if (b.has('filename') && b.get('filename')!.t !== 'none')
      ctx.fail('unsupported', b.loc('filename'), { what: `${kind}() to a file`, hint: `call ${kind}() without filename` });
    const name = b.has('name') ? expectString(b.get('name')!, b.loc('name'), ctx, 'the name') : 'default';
    const rs = b.get('restore_random_state');
    if (rs && rs.t !== 'bool' && rs.t !== 'none')
      ctx.fail('type-error', b.loc('restore_random_state'), {
        detail: 'restore_random_state must be True or False',
        hint: 'e.g. restore(restore_random_state=True)',
      });
    ctx.script.actions.push({ kind, name, loc: args.loc, randomState: rs?.t === 'bool' && rs.v, ...networkCall(network, ctx) });
    return NONE;
  };
}

export function seed(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('seed', ['seed'], args, ctx);
  const v = b.get('seed');
  const value = v && v.t !== 'none' ? seedValue(expectInt(v, b.loc('seed'), ctx, 'the seed'), b.loc('seed'), ctx) : null;
  if (value !== null) ctx.script.seed = { value, loc: args.loc };
  ctx.script.actions.push({ kind: 'seed', value, loc: args.loc });
  return NONE;
}

export function setDevice(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('set_device', ['device', 'build_on_run'], args, ctx, { required: ['device'], extraKeywords: true });
  const dev = b.get('device')!;
  const name = dev.t === 'str' ? dev.v : dev.t === 'inert' ? 'unknown' : describe(dev);
  const options = new Map<string, Value>();
  for (const [k, v] of b.entries) if (k !== 'device') options.set(k, v.value);
  ctx.script.device = { name, options, loc: args.loc };
  return NONE;
}

export function unsupportedFunction(name: string, hint: string): Value {
  return builtin(name, (args, ctx) => {
    // An argument from a failed statement (Soma(...) before SpatialNeuron(...)): reported already.
    for (const v of [...args.positional, ...args.keywords.values()]) ctx.checkPoison(v);
    return ctx.fail('unsupported', args.loc, { what: name, hint });
  });
}

/** start_scope(): objects created so far are no longer collected by run(), store(), restore(), collect(). */
export function startScope(args: CallArgs, ctx: EvalContext): Value {
  bindArgs('start_scope', [], args, ctx);
  ctx.scopeKey++;
  return NONE;
}

export function iterateObjects(v: Value, loc: Loc, ctx: EvalContext): Value[] {
  return iterate(v, loc, ctx, 'the objects');
}

export { isDimensionless };
