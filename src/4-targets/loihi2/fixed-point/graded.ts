// Graded spikes for summed variables (summed.ts), once the groups are compiled: the checks that the
// register a source sends is what Brian2's summed variable reads, and the out ports of the sources with
// the activation each port receives at step 0 (before anything was sent).

import { diagnostic, type Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { CompiledGroup } from './compile-group.js';
import type { FxExpr, FxProjection } from './fixed.js';
import type { StaticSegment } from './program.js';
import type { SummedSpec } from './summed.js';
import type { ProjectionSpec } from './synapses.js';

/**
 * What a group sends as graded spikes must be what Brian2's summed variable reads: after this step's
 * resets (summed before the state update), which the program applies only at the next step, so input
 * from on_pre code into the sent register (or what its reset reads) would be missing; and values the
 * script sets between runs would reach the summed variable a step late.
 */
export function gradedSources(compiled: CompiledGroup[], specs: ProjectionSpec[], summed: SummedSpec[], segments: StaticSegment[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const sp of summed) {
    for (const id of sp.projections) {
      const spec = specs.find((s) => s.id === id)!;
      const src = compiled.find((c) => c.group.id === spec.source);
      if (!src) continue;
      const x = spec.graded!;
      const fed = new Set(specs.filter((s) => s.target === src.group.id && s.mode === 'add').map((s) => s.variable));
      const reset = src.group.reset.find((r) => r.target === x);
      const read = new Set<string>(reset ? fxRegisters(reset.expr) : []);
      const clash = [x, ...read].find((r) => fed.has(r));
      if (sp.afterReset && clash) {
        out.push(
          diagnostic('fixed-point', sp.span, {
            detail: `the summed variable '${sp.variable}' reads ${x} after the resets, but on_pre code adds to ${clash}, which the program applies one step later than it sends ${x}`,
            hint: 'use --backend cpu',
          }),
        );
      }
      if (segments.slice(1).some((seg) => seg.assigned.get(src.group.id)?.has(x))) {
        out.push(
          diagnostic('fixed-point', sp.span, {
            detail: `the summed variable '${sp.variable}' reads ${x}, which the script sets between runs; graded spikes would carry the new value a step late`,
            hint: 'use --backend cpu',
          }),
        );
      }
    }
  }
  return out;
}

function fxRegisters(e: FxExpr): string[] {
  switch (e.k) {
    case 'reg':
      return [e.name];
    case 'sum':
      return e.terms.flatMap(fxRegisters);
    case 'mulc':
    case 'not':
    case 'shift':
      return fxRegisters(e.a);
    case 'mul':
    case 'cmp':
    case 'logic':
      return [...fxRegisters(e.a), ...fxRegisters(e.b)];
    case 'select':
      return [...fxRegisters(e.c), ...fxRegisters(e.a), ...fxRegisters(e.b)];
    default:
      return [];
  }
}

/** Graded projections start at an out port of their source: one per register, shift and timing. */
export function bindGradedOut(projections: FxProjection[], compiled: CompiledGroup[], summed: SummedSpec[]): void {
  for (const p of projections) {
    if (!p.graded) continue;
    const src = compiled.find((c) => c.group.id === p.source)!.group;
    const afterReset = summed.find((sp) => sp.projections.includes(p.id))!.afterReset;
    let out = src.gradedOut.find((o) => o.register === p.graded!.register && o.shift === p.graded!.shift && o.afterReset === afterReset);
    if (!out) {
      out = { port: `graded_out_${src.gradedOut.length}`, register: p.graded.register, shift: p.graded.shift, afterReset };
      src.gradedOut.push(out);
    }
    p.graded.port = out.port;
    // Step 0 receives nothing from Dense yet: its activation comes from the source's initial values.
    const initial = compiled.find((c) => c.group.id === p.source)!.sets[0]!.find((x) => x.name === p.graded!.register)!.values;
    const half = p.graded.shift > 0 ? 2 ** (p.graded.shift - 1) : 0;
    const payload = initial.map((v) => Math.floor((v + half) / 2 ** p.graded!.shift));
    const target = compiled.find((c) => c.group.id === p.target)!.group;
    const act = new Array<number>(target.n).fill(0);
    p.pre.forEach((i, k) => (act[p.post[k]!]! += p.weights[k]! * payload[i]!));
    target.synapticPorts.find((x) => x.port === p.port)!.initial = act;
  }
}
