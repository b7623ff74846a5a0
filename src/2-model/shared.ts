// Brian2's rule for shared variables: one value for the whole group, so whatever is written to one (or
// defines a shared subexpression) must have one value too: no `i`, no per-neuron variable. Brian2
// refuses the rest with a SyntaxError; so does the converter, instead of generating code that fails
// when the project runs. A random draw written to a shared variable (`x = rand()` in run_regularly,
// `G.x = 'rand()'`) is one number in Brian2's scalar code, and so it is in the project; a shared
// subexpression may not call rand() at all (Brian2: "refers to a vectorised function").

import type { SExpr } from '../symbolic/expr.js';
import { callsOf, symbols } from '../symbolic/expr.js';

/**
 * Why `e` has one value per neuron ('i', a per-neuron variable, or — for a subexpression — a random
 * draw), or null if it has one.
 */
export function perNeuronPart(
  e: SExpr,
  shared: ReadonlySet<string>,
  kind: 'statement' | 'subexpression' = 'statement',
): { name: string; random: boolean } | null {
  for (const s of symbols(e).values()) {
    if (s.role === 'special' && s.name === 'i') return { name: 'i', random: false };
    if (s.role === 'var' && !shared.has(s.name)) return { name: s.name, random: false };
  }
  if (kind === 'subexpression') for (const c of callsOf(e)) if (c === 'rand' || c === 'randn' || c === 'poisson') return { name: `${c}()`, random: true };
  return null;
}

/** The message for a per-neuron value given to a shared variable. */
export function sharedMessage(target: string, part: { name: string; random: boolean }): Record<string, string> {
  if (part.random)
    return {
      detail: `the shared subexpression '${target}' calls ${part.name}, which Brian2 refuses ("refers to a vectorised function")`,
      hint: `make '${target}' a shared parameter set with run_regularly, or remove the (shared) flag`,
    };
  return {
    detail: `'${target}' is shared (one value for the group), but this value differs between neurons: it uses '${part.name}'`,
    hint: `use only shared variables and constants, or remove the (shared) flag of '${target}'`,
  };
}
