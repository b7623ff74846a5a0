// Phase 1: read a model script. Parse it with the Chevrotain grammar, then evaluate the model-building
// part with the partial evaluator. The result lists the Brian2 objects and what the script does with
// them, and located diagnostics. After an evaluation error the script is still returned (with the
// objects that could be built), so the model builder can report independent errors in the same pass;
// `complete` says whether it may become a model.

import { parsePython } from '../../grammars/python.js';
import { CompileError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';
import type { EvaluatedScript } from './brian2/objects.js';
import { pythonBuiltin } from './builtins.js';
import { EvalContext } from './context.js';
import { Evaluator } from './evaluate.js';
import { checkModelValues } from './model-values.js';
import { localModuleLoader } from './local-modules.js';
import { Scope } from './scope.js';

export interface ReadResult {
  script: EvaluatedScript | null;
  diagnostics: Diagnostic[];
  /** False when an error was reported: the script is then only good for finding further errors. */
  complete: boolean;
}

export function readScript(source: SourceFile): ReadResult {
  const parsed = parsePython(source.text);
  if (parsed.problems.length) {
    return {
      script: null,
      complete: false,
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
  ctx.localModule = localModuleLoader(ctx);
  const globals = new Scope(null, pythonBuiltin);
  const evaluator = new Evaluator(ctx);
  try {
    evaluator.evalModule(parsed.body, globals);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    ctx.diagnostics.push(...e.diagnostics);
  }
  evaluator.finishSkipped();
  checkModelValues(ctx);
  if (ctx.runCount === 0) {
    // Brian2 builds the objects of a script that never calls run() (connectivity included) and
    // simulates nothing; so does the converted project. Names in its strings resolve at the end.
    ctx.script.endNamespace = globals.snapshot();
    // (After an error, a run() may be missing because of it: no note then.)
    if (!ctx.diagnostics.some((d) => d.severity === 'error'))
      ctx.note('the script never calls run(): the project builds the model and simulates 0 steps (its monitors record nothing)', null);
  }
  const errors = ctx.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) ctx.script.incomplete = true;
  return { script: ctx.script, diagnostics: ctx.diagnostics, complete: errors.length === 0 };
}

export type { EvaluatedScript };
