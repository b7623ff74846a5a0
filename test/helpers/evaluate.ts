// Evaluate a script with the partial evaluator alone (phase 1) and look at the values it bound, for
// tests of the evaluator's Python and numpy semantics.

import { parsePython } from '../../grammars/python.js';
import { pythonBuiltin } from '../../src/1-read/builtins.js';
import { EvalContext } from '../../src/1-read/context.js';
import { Evaluator } from '../../src/1-read/evaluate.js';
import { Scope } from '../../src/1-read/scope.js';
import type { Value } from '../../src/1-read/values.js';
import { CompileError, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { SourceFile } from '../../src/diagnostics/source.js';

export interface Evaluated {
  globals: Scope;
  ctx: EvalContext;
  errors: Diagnostic[];
  /** A global name's value (undefined when the statement that binds it failed). */
  get(name: string): Value | undefined;
}

/** Evaluate `text` (a script that ends with run(), so every statement is evaluated). */
export function evaluateScript(text: string): Evaluated {
  const parsed = parsePython(text);
  if (parsed.problems.length) throw new Error(`syntax: ${parsed.problems.map((p) => p.message).join('; ')}`);
  const ctx = new EvalContext(new SourceFile('script.py', text));
  const globals = new Scope(null, pythonBuiltin);
  const evaluator = new Evaluator(ctx);
  try {
    evaluator.evalModule(parsed.body, globals);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    ctx.diagnostics.push(...e.diagnostics);
  }
  const errors = ctx.diagnostics.filter((d) => d.severity === 'error');
  return { globals, ctx, errors, get: (name) => globals.vars.get(name) };
}
