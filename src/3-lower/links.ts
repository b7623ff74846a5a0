// Linked variables in the lowered model: an LVar of origin 'linked' that carries its link (the target
// group, variable and index) and the target's dtype, since the values are the target's.

import type { EquationIR, LinkIR, ModelIR } from '../2-model/ir.js';
import type { DType, LVar } from './lowered.js';

function dtypeOf(type: EquationIR['type']): DType {
  return type === 'boolean' ? 'bool' : type === 'integer' ? 'int' : 'float';
}

/** The dtype of a group's variable (equations, or Brian2's refractoriness bookkeeping). */
function targetDtype(model: ModelIR, group: string, variable: string): DType {
  if (variable === 'not_refractory') return 'bool';
  if (variable === 'lastspike') return 'float';
  const g = model.groups.find((x) => x.id === group);
  const eq = g && (g.kind === 'NeuronGroup' || g.kind === 'SpatialNeuron') ? g.equations.find((e) => e.name === variable) : undefined;
  return eq ? dtypeOf(eq.type) : 'float';
}

/** The LVar of a `(linked)` parameter. */
export function linkedVar(e: EquationIR, links: LinkIR[], model: ModelIR): LVar {
  const l = links.find((x) => x.variable === e.name);
  if (!l) throw new Error(`the linked variable ${e.name} has no link`);
  const { span: _span, variable: _variable, ...link } = l;
  return { name: e.name, dtype: targetDtype(model, l.group, l.targetVariable), shared: false, initial: 0, dim: e.dim, origin: 'linked', link };
}

export function isLinked(e: EquationIR): boolean {
  return e.kind === 'parameter' && e.flags.includes('linked');
}
