// One time step in Brian2's default schedule: before_start, start, groups, thresholds, synapses, resets,
// end; within a slot, objects run by (order, name) as Brian2 sorts them.

import type { LGroup, LMonitor, LScheduleEntry } from './lowered.js';

const SLOTS = ['before_start', 'start', 'after_start', 'before_groups', 'groups', 'after_groups', 'before_thresholds', 'thresholds', 'after_thresholds', 'before_synapses', 'synapses', 'after_synapses', 'before_resets', 'resets', 'after_resets', 'before_end', 'end', 'after_end'];

interface Item {
  slot: string;
  order: number;
  name: string;
  entry: LScheduleEntry;
}

export function buildSchedule(groups: LGroup[], monitors: LMonitor[]): LScheduleEntry[] {
  const items: Item[] = [];
  for (const g of groups) {
    if (g.constantOverDt.length) items.push({ slot: 'before_start', order: 0, name: `${g.id}_subexpression_update`, entry: { slot: 'before_start', op: 'constant-over-dt', group: g.id } });
    items.push({ slot: 'groups', order: 0, name: `${g.id}_stateupdater`, entry: { slot: 'groups', op: 'update', group: g.id } });
    if (g.threshold) items.push({ slot: 'thresholds', order: 0, name: `${g.id}_spike_thresholder`, entry: { slot: 'thresholds', op: 'threshold', group: g.id } });
    if (g.threshold && g.reset.length) items.push({ slot: 'resets', order: 0, name: `${g.id}_spike_resetter`, entry: { slot: 'resets', op: 'reset', group: g.id } });
    g.runRegularly.forEach((rr, index) => {
      items.push({ slot: rr.when, order: 0, name: `${g.id}_run_regularly_${index}`, entry: { slot: rr.when, op: 'run-regularly', group: g.id, index } });
    });
  }
  for (const m of monitors) {
    if (m.kind === 'StateMonitor') items.push({ slot: m.when, order: 0, name: m.id, entry: { slot: m.when, op: 'record-state', monitor: m.id } });
    else if (m.kind === 'SpikeMonitor') items.push({ slot: 'thresholds', order: 1, name: m.id, entry: { slot: 'thresholds', op: 'record-spikes', monitor: m.id } });
    else items.push({ slot: 'end', order: 0, name: m.id, entry: { slot: 'end', op: 'record-rate', monitor: m.id } });
  }
  items.sort((a, b) => SLOTS.indexOf(a.slot) - SLOTS.indexOf(b.slot) || a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return items.map((i) => i.entry);
}
