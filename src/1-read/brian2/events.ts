// Brian2's events in the evaluator: the events a group defines (its threshold is the 'spike' event,
// `events={...}` adds custom ones), `G.run_on_event(...)` and `G.set_event_schedule(...)`, which the
// script may call at any point before the objects run, and the slot a monitor of an event takes by
// default (the event's thresholder slot at the monitor's creation, order + 1). Conditions and code stay
// unparsed here; 2-model builds them.

import type { Loc } from '../../../grammars/ast.js';
import { bindArgs, expectInt, expectString } from '../calls.js';
import type { EvalContext } from '../context.js';
import { builtin, describe, NONE, type CallArgs, type Value } from '../values.js';
import { groupSlice, type GroupLike, type NeuronGroupObj, type SpatialNeuronObj, type SynapsesObj } from './objects.js';

/** Brian2's rule for event names (an identifier, as pyparsing's Word of letters, digits and '_'). */
const EVENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Brian2 schedule slot and order (order null: the group's own order). */
export interface EventSlot {
  when: string;
  order: number | null;
}

type NeuronLike = NeuronGroupObj | SpatialNeuronObj;

/** The custom events of a group's `events=` argument, checked as Brian2 checks them (names and types). */
export function customEvents(args: Map<string, { value: Value; loc: Loc }>, ctx: Pick<EvalContext, 'fail'>): { name: string; condition: Value; loc: Loc }[] {
  const a = args.get('events');
  if (!a || a.value.t === 'none') return [];
  if (a.value.t !== 'dict')
    return ctx.fail('type-error', a.loc, {
      detail: `events must be a dict of event names and conditions, not ${describe(a.value)}`,
      hint: "e.g. events={'burst': 'v > -40*mV'}",
    });
  const dict = a.value;
  const threshold = args.get('threshold');
  return dict.keys.map((k, idx) => {
    if (k.t !== 'str')
      return ctx.fail('type-error', a.loc, {
        detail: `keys in the 'events' dictionary have to be strings, not ${describe(k)}`,
        hint: "e.g. events={'burst': 'v > -40*mV'}",
      });
    if (!EVENT_NAME.test(k.v))
      return ctx.fail('type-error', a.loc, { detail: `the name '${k.v}' cannot be used as an event name`, hint: 'use an identifier: letters, digits and _' });
    if (k.v === 'spike' && threshold && threshold.value.t !== 'none') {
      return ctx.fail('value-error', a.loc, {
        detail: "the NeuronGroup defines both a threshold and a 'spike' event",
        hint: "remove the 'spike' entry of events, or the threshold",
      });
    }
    const condition = dict.values[idx]!;
    return { name: k.v, condition, loc: condition.t === 'str' && condition.loc ? condition.loc : a.loc };
  });
}

/**
 * The events a group (or a subgroup of one) defines: 'spike' when it spikes, then its custom events. A
 * Synapses object defines none (Brian2: synapses on synapses take no pathway from them).
 */
export function groupEvents(g: GroupLike | SynapsesObj, ctx: EvalContext): string[] {
  if (g.kind === 'Synapses') return [];
  const base = groupSlice(g).group;
  if (base.kind === 'PoissonGroup' || base.kind === 'SpikeGeneratorGroup') return ['spike'];
  const threshold = base.args.get('threshold');
  const custom = customEvents(base.args, ctx).map((e) => e.name);
  return threshold && threshold.value.t !== 'none' ? ['spike', ...custom] : custom;
}

/** Brian2's message for an event a group does not define. */
export function unknownEvent(g: { name: string; pyName: string | null }, event: string, loc: Loc, ctx: EvalContext, role = 'group'): never {
  return ctx.fail('value-error', loc, {
    detail: `the ${role} '${g.pyName ?? g.name}' does not define an event '${event}'`,
    hint: event === 'spike' ? "did you forget to set a 'threshold'?" : `define it with events={'${event}': '...'} in the NeuronGroup`,
  });
}

function slotArgs(b: ReturnType<typeof bindArgs>, defaultWhen: string, ctx: EvalContext): EventSlot {
  const w = b.get('when');
  const when = w && w.t !== 'none' ? expectString(w, b.loc('when'), ctx, 'when') : defaultWhen;
  const o = b.get('order');
  const order = o && o.t !== 'none' ? expectInt(o, b.loc('order'), ctx, 'order') : null;
  return { when, order };
}

/** `G.run_on_event(event, code, when='after_resets', order=None)`. */
export function runOnEvent(o: NeuronLike, ctx: EvalContext): Value {
  return builtin('run_on_event', (args: CallArgs) => {
    const b = bindArgs('run_on_event', ['event', 'code', 'when', 'order'], args, ctx, { required: ['event', 'code'] });
    const event = expectString(b.get('event')!, b.loc('event'), ctx, 'the event');
    if (!groupEvents(o, ctx).includes(event)) unknownEvent(o, event, b.loc('event'), ctx);
    const reset = o.args.get('reset');
    if (o.eventCode.some((c) => c.event === event) || (event === 'spike' && reset && reset.value.t !== 'none')) {
      ctx.fail('value-error', args.loc, {
        detail: `cannot add code for event '${event}': code for this event has already been added`,
        hint: event === 'spike' ? 'put the statements into the reset' : 'put all statements into one run_on_event() call',
      });
    }
    o.eventCode.push({ event, code: b.get('code')!, codeLoc: b.loc('code'), ...slotArgs(b, 'after_resets', ctx), loc: args.loc });
    // Brian2 returns the Resetter object; scripts keep it only to look at it.
    return { t: 'inert', what: `the code runner of event '${event}'` };
  });
}

/** `G.set_event_schedule(event, when='after_thresholds', order=None)`: moves the event's thresholder. */
export function setEventSchedule(o: NeuronLike, ctx: EvalContext): Value {
  return builtin('set_event_schedule', (args: CallArgs) => {
    const b = bindArgs('set_event_schedule', ['event', 'when', 'order'], args, ctx, { required: ['event'] });
    const event = expectString(b.get('event')!, b.loc('event'), ctx, 'the event');
    if (!groupEvents(o, ctx).includes(event))
      ctx.fail('value-error', b.loc('event'), {
        detail: `unknown event '${event}'`,
        hint: `the events of ${o.pyName ?? o.name} are: ${groupEvents(o, ctx).join(', ') || 'none'}`,
      });
    o.eventSchedule.push({ event, ...slotArgs(b, 'after_thresholds', ctx), loc: args.loc });
    return NONE;
  });
}

/** Where an event's thresholder runs now: Brian2's default, moved by the latest set_event_schedule(). */
export function thresholderSlot(g: GroupLike, event: string): { when: string; order: number } {
  const base = groupSlice(g).group;
  if (base.kind !== 'NeuronGroup' && base.kind !== 'SpatialNeuron') return { when: 'thresholds', order: 0 };
  const moved = [...base.eventSchedule].reverse().find((s) => s.event === event);
  if (moved) return { when: moved.when, order: moved.order ?? 0 };
  return { when: event === 'spike' ? 'thresholds' : 'after_thresholds', order: 0 };
}
