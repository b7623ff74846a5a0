// Brian2 features the Loihi 2 backend cannot express, refused where the script makes them: custom events
// (a second condition per neuron with code of its own), the spike event moved in the schedule, monitors
// of other events or in other slots, pathways triggered by custom events; linked variables (a neuron
// program reads only its own state and its synaptic input); synapses on synapses (Lava's synaptic
// processes connect neurons to neurons: a synapse is neither the source nor the target of another).

import type { ModelIR } from '../../../2-model/ir.js';
import { diagnostic, type Diagnostic } from '../../../diagnostics/diagnostic.js';

const HINT = 'use --backend cpu';

export function refuseUnsupportedFeatures(ir: ModelIR): Diagnostic[] {
  const out: Diagnostic[] = [];
  const refuse = (span: Parameters<typeof diagnostic>[1], detail: string) => out.push(diagnostic('fixed-point', span, { detail, hint: HINT }));
  for (const g of ir.groups) {
    if (g.kind !== 'NeuronGroup') continue;
    for (const e of g.events)
      refuse(e.span, `the custom event '${e.name}' of ${g.pyName ?? g.id} is not supported by the Loihi 2 backend: a neuron program emits one kind of spike`);
    const s = g.spikeSchedule;
    if (g.threshold && (s.threshold.when !== 'thresholds' || s.threshold.order !== 0))
      refuse(
        g.span,
        `the threshold of ${g.pyName ?? g.id} moved to the '${s.threshold.when}' slot is not supported by the Loihi 2 backend, whose neurons test it in the thresholds slot`,
      );
    if (g.reset.length && (s.reset.when !== 'resets' || s.reset.order !== 0))
      refuse(
        g.span,
        `the reset of ${g.pyName ?? g.id} in the '${s.reset.when}' slot is not supported by the Loihi 2 backend, whose neurons reset in the resets slot`,
      );
  }
  for (const m of ir.monitors) {
    if (m.kind !== 'SpikeMonitor') continue;
    if (m.event !== 'spike') refuse(m.span, `an EventMonitor of the custom event '${m.event}' is not supported by the Loihi 2 backend`);
    else if (m.slot.when !== 'thresholds' || m.slot.order !== 1)
      refuse(m.span, `a spike monitor recording in the '${m.slot.when}' slot (order ${m.slot.order}) is not supported by the Loihi 2 backend`);
    if (!m.record) refuse(m.span, 'a spike monitor with record=False (counts only) is not supported by the Loihi 2 backend');
  }
  for (const g of ir.groups) {
    if (g.kind !== 'NeuronGroup') continue;
    for (const l of g.links)
      refuse(
        l.span,
        `the linked variable '${l.variable}' of ${g.pyName ?? g.id} is not supported by the Loihi 2 backend: a neuron program reads only its own state and its synaptic input`,
      );
  }
  for (const s of ir.synapses) {
    for (const l of s.links) refuse(l.span, `the linked variable '${l.variable}' of ${s.pyName ?? s.id} is not supported by the Loihi 2 backend`);
    for (const [end, ref] of [
      ['source', s.source],
      ['target', s.target],
    ] as const) {
      if (!ref.synapses) continue;
      const other = ir.synapses.find((x) => x.id === ref.group);
      refuse(
        s.span,
        `${s.pyName ?? s.id} has the Synapses object ${other?.pyName ?? ref.group} as its ${end} (synapses on synapses), which the Loihi 2 backend does not support: its synaptic processes connect neurons to neurons`,
      );
    }
    for (const p of s.pathways)
      if (p.event !== 'spike')
        refuse(
          p.span,
          `the pathway '${p.name}' of ${s.pyName ?? s.id} is triggered by the custom event '${p.event}', which the Loihi 2 backend does not support`,
        );
  }
  return out;
}
