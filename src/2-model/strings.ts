// Brian2 strings as the grammars need them: the text with the file offset of every character. A string
// built at run time (concatenation, format) has no per-character offsets; its errors point at the
// expression that built it.

import { SyntaxProblem } from '../../grammars/visitor.js';
import type { Value } from '../1-read/values.js';
import type { StringSource } from '../../grammars/brian2-strings.js';
import type { BuildContext } from './context.js';
import type { MessageCode } from '../diagnostics/messages.js';

export function stringSource(v: Extract<Value, { t: 'str' }>): StringSource {
  if (v.offsets && v.offsets.length === v.v.length + 1) return { value: v.v, offsets: v.offsets };
  // No character map: every character points at the start of the expression that produced the string.
  const offsets = Array.from({ length: v.v.length + 1 }, () => v.loc.start);
  return { value: v.v, offsets };
}

export function parseOrFail<T>(f: () => T, ctx: BuildContext, code: MessageCode = 'equation-syntax'): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SyntaxProblem) return ctx.fail(code, e.loc, { detail: e.message, hint: e.hint });
    throw e;
  }
}
