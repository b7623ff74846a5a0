// Values computed at conversion time (the program's set actions, connect() arguments, synaptic
// initialisations): an expression evaluated with Brian2's float64 semantics, or a located refusal when
// it cannot be computed here.

import type { SetOp } from '../../../2-model/ir.js';
import { CompileError, diagnostic } from '../../../diagnostics/diagnostic.js';
import type { Span } from '../../../diagnostics/source.js';
import type { SExpr } from '../../../symbolic/expr.js';
import { EvaluationError } from '../../../symbolic/evaluate.js';
import { evaluateWith } from './timed-array.js';

/** `current op= value` as Brian2 computes it (float64). */
export function applySetOp(op: SetOp, current: number, value: number): number {
  return op === '+' ? current + value : op === '-' ? current - value : op === '*' ? current * value : current / value;
}

export function evaluateAt(e: SExpr, env: (name: string) => number | undefined, functions: Map<string, (...a: number[]) => number>, span: Span): number {
  try {
    return evaluateWith(e, env, functions);
  } catch (err) {
    if (err instanceof EvaluationError) {
      throw new CompileError(
        diagnostic('fixed-point', span, {
          detail: `this value cannot be computed at conversion time (${err.message})`,
          hint: 'use --backend cpu for this model',
        }),
      );
    }
    throw err;
  }
}
