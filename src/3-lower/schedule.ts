// One time step in Brian2's default schedule: before_start, start, groups, thresholds, synapses, resets,
// end; within a slot, objects run by (order, name) as Brian2's Network sorts them. Names and orders are
// those Brian2 gives the objects it creates: `<group>_stateupdater` (order of the group, 0),
// `<synapses>_summed_variable_<x>_post` (order of the target − 1: before the state updates for a
// group, among them by name for a subgroup, whose order is its group's + 1),
// `<synapses>_pre` (order −1) and `<synapses>_post` (order +1), `poissoninput` (0), SpikeMonitor (1);
// network operations where the script puts them (default start, 0), by their name (`networkoperation`).
// Each entry runs when its clock ticks (Brian2's contained objects: a pathway on the clock of the group
// whose events trigger it, a summed variable on the clock of the group it writes, a PoissonInput on its
// target's, a SpikeMonitor/PopulationRateMonitor on its source's) and its code reads the t and dt of its
// owner (the group or synapses whose code it is). Network operations are on the default clock's steps
// (their own dt, a multiple of it, is applied by the emitter: LNetworkOperation.everySteps).

import type { LGroup, LMonitor, LNetworkOperation, LPoissonInput, LScheduleEntry, LSynapses } from './lowered.js';

export const SLOTS = [
  'before_start',
  'start',
  'after_start',
  'before_groups',
  'groups',
  'after_groups',
  'before_thresholds',
  'thresholds',
  'after_thresholds',
  'before_synapses',
  'synapses',
  'after_synapses',
  'before_resets',
  'resets',
  'after_resets',
  'before_end',
  'end',
  'after_end',
];

/** A schedule entry before its clocks are attached. */
type Entry = LScheduleEntry extends infer E ? (E extends LScheduleEntry ? Omit<E, 'clock' | 'owner'> : never) : never;

/** Brian2 sorts names as Python compares strings (by code point). */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildSchedule(
  groups: LGroup[],
  synapses: LSynapses[],
  inputs: LPoissonInput[],
  monitors: LMonitor[],
  operations: LNetworkOperation[] = [],
): LScheduleEntry[] {
  const raw: { slot: string; order: number; name: string; entry: Entry; clock: string; owner: string }[] = [];
  const clockOf = new Map<string, string>([
    ...groups.map((g) => [g.id, g.clock] as [string, string]),
    ...synapses.map((s) => [s.id, s.clock] as [string, string]),
  ]);
  /** Entries of an object: on `clock`, with the t and dt of `owner`. */
  const at = (clock: string, owner: string) => ({ push: (x: { slot: string; order: number; name: string; entry: Entry }) => raw.push({ ...x, clock, owner }) });
  for (const g of groups) {
    const items = at(g.clock, g.clock);
    if (g.kind !== 'NeuronGroup') {
      // PoissonGroup: its Thresholder; SpikeGeneratorGroup: itself, both in the thresholds slot.
      const name = g.kind === 'PoissonGroup' ? `${g.id}_spike_thresholder` : g.id;
      items.push({ slot: 'thresholds', order: 0, name, entry: { slot: 'thresholds', op: 'threshold', group: g.id } });
      if (g.kind === 'PoissonGroup') {
        g.runRegularly.forEach((rr, index) => {
          at(rr.clock, g.clock).push({
            slot: rr.when,
            order: 0,
            name: index === 0 ? `${g.id}_run_regularly` : `${g.id}_run_regularly_${index}`,
            entry: { slot: rr.when, op: 'run-regularly', group: g.id, index },
          });
        });
      }
      continue;
    }
    if (g.constantOverDt.length)
      items.push({
        slot: 'before_start',
        order: 0,
        name: `${g.id}_subexpression_update`,
        entry: { slot: 'before_start', op: 'constant-over-dt', group: g.id },
      });
    items.push({ slot: 'groups', order: 0, name: `${g.id}_stateupdater`, entry: { slot: 'groups', op: 'update', group: g.id } });
    // SpatialNeuron: v is updated after the other variables, "to obtain consistent Ic and Im" (Brian2).
    if (g.cable) items.push({ slot: 'groups', order: 1, name: `${g.id}_spatialstateupdater`, entry: { slot: 'groups', op: 'cable', group: g.id } });
    const spike = g.spikeSchedule;
    if (g.threshold)
      items.push({
        ...spike.threshold,
        slot: spike.threshold.when,
        name: `${g.id}_spike_thresholder`,
        entry: { slot: spike.threshold.when, op: 'threshold', group: g.id },
      });
    if (g.threshold && g.reset.length)
      items.push({ ...spike.reset, slot: spike.reset.when, name: `${g.id}_spike_resetter`, entry: { slot: spike.reset.when, op: 'reset', group: g.id } });
    for (const e of g.events) {
      items.push({
        slot: e.threshold.when,
        order: e.threshold.order,
        name: `${g.id}_${e.name}_thresholder`,
        entry: { slot: e.threshold.when, op: 'event-threshold', group: g.id, event: e.name },
      });
      if (e.code.length)
        items.push({
          slot: e.reset.when,
          order: e.reset.order,
          name: `${g.id}_${e.name}_resetter`,
          entry: { slot: e.reset.when, op: 'event-code', group: g.id, event: e.name },
        });
    }
    // Brian2 names each `<owner>_run_regularly`, `<owner>_run_regularly_1`, ... (the owner being the group
    // or the subgroup it was called on); the names order them within their slot.
    const made = new Map<string, number>();
    g.runRegularly.forEach((rr, index) => {
      const owner = rr.subgroup?.name ?? g.id;
      const k = made.get(owner) ?? 0;
      made.set(owner, k + 1);
      at(rr.clock, g.clock).push({
        slot: rr.when,
        order: 0,
        name: k === 0 ? `${owner}_run_regularly` : `${owner}_run_regularly_${k}`,
        entry: { slot: rr.when, op: 'run-regularly', group: g.id, index },
      });
    });
  }
  for (const s of synapses) {
    if (s.update.length)
      at(s.clock, s.clock).push({ slot: 'groups', order: 0, name: `${s.id}_stateupdater`, entry: { slot: 'groups', op: 'update-synapses', synapses: s.id } });
    // Order of the target − 1; a Subgroup target has the order of its group + 1.
    s.summed.forEach((x, index) => {
      const slot = x.when ?? 'groups';
      at(clockOf.get(x.target.group) ?? s.clock, s.clock).push({
        slot,
        order: x.order ?? (x.target.subgroup ? 0 : -1),
        name: x.name,
        entry: { slot, op: 'summed', synapses: s.id, index },
      });
    });
    for (const p of s.pathways) {
      at(clockOf.get((p.trigger === 'pre' ? s.source : s.target).group) ?? s.clock, s.clock).push({
        slot: 'synapses',
        order: p.trigger === 'pre' ? -1 : 1,
        name: `${s.id}_${p.name}`,
        entry: { slot: 'synapses', op: 'pathway', synapses: s.id, pathway: p.name },
      });
    }
  }
  for (const p of inputs) at(p.clock, p.clock).push({ slot: 'synapses', order: 0, name: p.id, entry: { slot: 'synapses', op: 'poisson-input', input: p.id } });
  for (const m of monitors) {
    const source = clockOf.get(m.source.group)!;
    if (m.kind === 'StateMonitor') at(m.clock, source).push({ slot: m.when, order: 0, name: m.id, entry: { slot: m.when, op: 'record-state', monitor: m.id } });
    else if (m.kind === 'SpikeMonitor')
      at(source, source).push({ slot: m.slot.when, order: m.slot.order, name: m.id, entry: { slot: m.slot.when, op: 'record-spikes', monitor: m.id } });
    else at(source, source).push({ slot: 'end', order: 0, name: m.id, entry: { slot: 'end', op: 'record-rate', monitor: m.id } });
  }
  for (const op of operations)
    at('defaultclock', 'defaultclock').push({
      slot: op.slot.when,
      order: op.slot.order,
      name: op.id,
      entry: { slot: op.slot.when, op: 'network-operation', operation: op.id },
    });
  raw.sort((a, b) => SLOTS.indexOf(a.slot) - SLOTS.indexOf(b.slot) || a.order - b.order || byName(a.name, b.name));
  return raw.map((i) => ({ ...i.entry, clock: i.clock, owner: i.owner }) as LScheduleEntry);
}
