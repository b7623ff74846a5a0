// State shared by the evaluator and the Brian2 object model while a script is read: the source (for
// spans), the collected objects and actions, diagnostics, and Brian2's naming counters.

import type { Loc } from '../../grammars/ast.js';
import { CompileError, diagnostic, Diagnostic } from '../diagnostics/diagnostic.js';
import type { MessageCode } from '../diagnostics/messages.js';
import type { SourceFile, Span } from '../diagnostics/source.js';
import type { Brian2Object, EvaluatedScript } from './brian2/objects.js';
import type { Value } from './values.js';

/** An error caused by an earlier, already reported one: evaluation of the statement stops quietly. */
export class Suppressed extends Error {}

/**
 * A statement needs data of the simulation (monitor results, variables after run()): it is analysis,
 * which the evaluator skips; the error is reported only if a later run() could depend on it.
 */
export class AfterRunError extends CompileError {}

/** A value left behind by a failed statement (an unknown without explanation). */
export function isPoison(v: Value): boolean {
  return v.t === 'unknown' && v.why === '';
}

export class EvalContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly script: EvaluatedScript;
  private readonly nameCounters = new Map<string, number>();
  /** Set once the last run() has been evaluated: later statements are post-processing. */
  runCount = 0;
  /** Names of plotting modules already noted, so the note appears once. */
  readonly notedInert = new Set<string>();
  /** Objects created by calls that a process pool made (they live in the workers, not in the script). */
  readonly workerObjects = new Set<Brian2Object>();
  /** The evaluator's current namespace snapshot, for actions that resolve names later. */
  snapshot: () => Map<string, Value> = () => new Map();

  constructor(readonly source: SourceFile) {
    this.script = {
      file: source.path,
      text: source.text,
      device: null,
      dt: null,
      seed: null,
      objects: [],
      actions: [],
      notes: [],
    };
  }

  span(loc: Loc): Span {
    return this.source.span(loc.start, loc.end);
  }

  /** Stop quietly when `v` comes from a statement that already failed. */
  checkPoison(v: Value): void {
    if (isPoison(v)) throw new Suppressed();
  }

  /** A located error for a value that is not known while the model is built (silent for poison). */
  failUnknown(v: Extract<Value, { t: 'unknown' }>, loc: Loc | null, what: string): never {
    if (!v.why) throw new Suppressed();
    const d = diagnostic('not-static', loc ? this.span(loc) : null, { what, hint: v.why });
    throw v.afterRun ? new AfterRunError(d) : new CompileError(d);
  }

  /** Throw a located error. */
  fail(code: MessageCode, loc: Loc | null, params: Record<string, string | number> = {}): never {
    throw new CompileError(diagnostic(code, loc ? this.span(loc) : null, params));
  }

  note(message: string, loc: Loc | null): void {
    this.script.notes.push({ message, loc });
  }

  /** Brian2's automatic names: `neurongroup`, `neurongroup_1`, ... */
  uniqueName(base: string, requested: string | null): string {
    if (requested) {
      const taken = this.script.objects.some((o) => o.name === requested);
      if (!taken) return requested;
    }
    const n = this.nameCounters.get(base) ?? 0;
    this.nameCounters.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }

  register<T extends Brian2Object>(obj: T): T {
    obj.runsBefore = this.runCount;
    obj.actionsBefore = this.script.actions.length;
    this.script.objects.push(obj);
    return obj;
  }
}
