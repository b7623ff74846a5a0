// Brian2's rule for shared variables: one value for the whole group, so whatever is written to one (or
// defines a shared subexpression) must have one value too: no `i`, no per-neuron variable. Brian2
// refuses the rest with a SyntaxError; so does the converter, instead of generating code that fails
// when the project runs. A random draw in such a value is one number in Brian2; the converter does not
// support it there yet and says so.

import type { SExpr } from '../symbolic/expr.js';
import { callsOf, symbols } from '../symbolic/expr.js';

/** Why `e` has one value per neuron ('i', a per-neuron variable, a random draw), or null if it has one. */
export function perNeuronPart(e: SExpr, shared: ReadonlySet<string>): { name: string; random: boolean } | null {
  for (const s of symbols(e).values()) {
    if (s.role === 'special' && s.name === 'i') return { name: 'i', random: false };
    if (s.role === 'var' && !shared.has(s.name)) return { name: s.name, random: false };
  }
  for (const c of callsOf(e)) if (c === 'rand' || c === 'randn' || c === 'poisson') return { name: `${c}()`, random: true };
  return null;
}

/** The message for a per-neuron value given to a shared variable. */
export function sharedMessage(target: string, part: { name: string; random: boolean }): Record<string, string> {
  if (part.random) return { what: `a random draw (${part.name}) in the value of the shared variable '${target}'`, hint: 'draw it in the script with numpy, or drop the (shared) flag' };
  return { detail: `'${target}' is shared (one value for the group), but this value differs between neurons: it uses '${part.name}'`, hint: `use only shared variables and constants, or remove the (shared) flag of '${target}'` };
}
