// Phase 1: read a model script. Parse it with the Chevrotain grammar, then evaluate the model-building
// part with the partial evaluator. The result lists the Brian2 objects and what the script does with
// them, or located diagnostics.

import { parsePython } from '../../grammars/python.js';
import { CompileError, Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import type { EvaluatedScript } from './brian2/objects.js';
import { pythonBuiltin } from './builtins.js';
import { EvalContext } from './context.js';
import { Evaluator } from './evaluate.js';
import { Scope } from './scope.js';

export interface ReadResult {
  script: EvaluatedScript | null;
  diagnostics: Diagnostic[];
}

export function readScript(source: SourceFile): ReadResult {
  const parsed = parsePython(source.text);
  if (parsed.problems.length) {
    return {
      script: null,
      diagnostics: parsed.problems.map((p) => ({
        code: p.code,
        severity: 'error' as const,
        message: p.message,
        hint: p.hint,
        span: source.span(p.loc.start, p.loc.end),
      })),
    };
  }
  const ctx = new EvalContext(source);
  const globals = new Scope(null, pythonBuiltin);
  try {
    new Evaluator(ctx).evalModule(parsed.body, globals);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    ctx.diagnostics.push(...e.diagnostics);
  }
  const errors = ctx.diagnostics.filter((d) => d.severity === 'error');
  return { script: errors.length ? null : ctx.script, diagnostics: ctx.diagnostics };
}

export type { EvaluatedScript };
