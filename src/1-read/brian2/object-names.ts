// Brian2's names of objects given with `name=` (Nameable): the rule shared by every constructor.

import type { Loc } from '../../../grammars/ast.js';
import { expectString } from '../calls.js';
import type { EvalContext } from '../context.js';
import type { Value } from '../values.js';

/** The `name=` argument, checked as Brian2 checks it; null when absent or `'*'` (an automatic name). */
export function requestedName(args: Map<string, { value: Value; loc: Loc }>, ctx: EvalContext): string | null {
  const a = args.get('name');
  if (!a || a.value.t === 'none') return null;
  const name = expectString(a.value, a.loc, ctx, 'name');
  // Brian2's own rule for object names (Nameable): they become identifiers in generated code.
  if (!/^[_A-Za-z][_A-Za-z0-9]*\*?$/.test(name)) {
    ctx.fail('value-error', a.loc, {
      detail: `${JSON.stringify(name)} is not a valid name for a Brian2 object`,
      hint: "start with a letter or '_' and use only letters, digits and '_'",
    });
  }
  return name === '*' ? null : name;
}
