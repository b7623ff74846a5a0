// Brian2's schedule slots (Network.schedule plus the before_/after_ variants every slot has): where an
// object may be placed with when=.

import type { Loc } from '../../grammars/ast.js';
import type { BuildContext } from './context.js';

export const BASE_SLOTS = ['start', 'groups', 'thresholds', 'synapses', 'resets', 'end'];

export const SCHEDULE_SLOTS = BASE_SLOTS.flatMap((s) => [`before_${s}`, s, `after_${s}`]);

/** `when` as given, or a located error naming the slots Brian2 knows. */
export function checkSlot(when: string, loc: Loc, ctx: BuildContext): string {
  if (!SCHEDULE_SLOTS.includes(when))
    ctx.fail('value-error', loc, { detail: `unknown schedule slot '${when}'`, hint: `use one of ${BASE_SLOTS.join(', ')} (or before_/after_ one of them)` });
  return when;
}
