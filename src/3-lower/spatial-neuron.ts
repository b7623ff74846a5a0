// Lowering of a SpatialNeuron: its equations other than v are integrated as a NeuronGroup's (with
// Brian2's default methods for SpatialNeuron), and the cable solver gets Im's linearisation. v (and
// Ic) are written by the solver every step, so nothing that reads them is computed once per segment.

import type { ModelIR, SpatialNeuronIR } from '../2-model/ir.js';
import type { LNeuronGroup } from './lowered.js';
import { lowerNeuronGroup } from './neuron-group.js';

/** Brian2's SpatialNeuron default: method=('exact', 'exponential_euler', 'rk2', 'heun'). */
export const SPATIAL_METHODS = ['exact', 'exponential_euler', 'rk2', 'heun'];

export function lowerSpatialNeuron(g: SpatialNeuronIR, model: ModelIR, writtenElsewhere: Set<string>): LNeuronGroup {
  const method = g.method ?? { name: SPATIAL_METHODS.join(', '), span: g.span, candidates: SPATIAL_METHODS };
  const lowered = lowerNeuronGroup({ ...g, kind: 'NeuronGroup', method }, model, new Set([...writtenElsewhere, 'v', 'Ic']));
  return {
    ...lowered,
    // The default method is Brian2's, not a choice written in the script.
    method: g.method ? lowered.method : { ...lowered.method, span: null },
    cable: {
      gtot: lowered.subexpressions.gtot__private!.expr,
      I0: lowered.subexpressions.I0__private!.expr,
      morphology: g.morphology,
    },
  };
}
