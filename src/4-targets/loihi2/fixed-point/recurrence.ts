// A guard of the fixed-point pass: recurrent networks of neurons with non-linear dynamics are refused
// (see recurrentNonlinear for why), at the synapses that close the loop.

import { diagnostic, type Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { CompiledGroup } from './compile-group.js';
import type { ProjectionSpec } from './synapses.js';

/**
 * Projections that feed a group with non-linear dynamics back from itself (directly or through other
 * groups). The fixed-point pass proves no error bound for non-linear dynamics, and in a recurrent
 * network a spike that rounding moves by one step changes the input of every later spike, so such a
 * run cannot be held to Brian2's spikes (shared fixture 15: a threshold crossing by 1.5e-8 V, 1e-6 of
 * the range, moves and the network follows). Refused where the synapses write, naming the product.
 */
export function recurrentNonlinear(compiled: CompiledGroup[], specs: ProjectionSpec[]): Diagnostic[] {
  const edges = new Map<string, Set<string>>();
  for (const s of specs) {
    if (!edges.has(s.source)) edges.set(s.source, new Set());
    edges.get(s.source)!.add(s.target);
  }
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const x = stack.pop()!;
      if (x === to) return true;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...(edges.get(x) ?? []));
    }
    return false;
  };
  const out: Diagnostic[] = [];
  for (const s of specs) {
    const target = compiled.find((c) => c.group.id === s.target);
    if (!target?.nonlinear || !reaches(s.target, s.source)) continue;
    const name = target.group.pyName ?? target.group.id;
    out.push(
      diagnostic('fixed-point', s.span, {
        detail: `${s.pyName ?? s.id} feeds ${name} back into itself, and ${name} integrates the product ${target.nonlinear}: the fixed-point model has no error bound for non-linear dynamics, and in a recurrent network a spike moved by one step of 24-bit rounding changes all later spikes, so the run cannot be held to Brian2's`,
        hint: 'use --backend cpu, or current-based (linear) synapses',
      }),
    );
  }
  return out;
}
