// State shared by the evaluator and the Brian2 object model while a script is read: the source (for
// spans), the collected objects and actions, diagnostics, and Brian2's naming counters.

import type { Loc } from '../../grammars/ast.js';
import { CompileError, diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { MessageCode } from '../diagnostics/messages.js';
import type { SourceFile, Span } from '../diagnostics/source.js';
import type { Brian2Object, ClockObj, EvaluatedScript } from './brian2/objects.js';
import { DEFAULT_CLOCK } from './brian2/default-clock.js';
import type { Value } from './values.js';

/** An error caused by an earlier, already reported one: evaluation of the statement stops quietly. */
export class Suppressed extends Error {}

/**
 * A statement needs data of the simulation (monitor results, variables after run()): it is analysis,
 * which the evaluator skips; the error is reported only if a later run() could depend on it.
 */
export class AfterRunError extends CompileError {}

/**
 * An exception Python itself would raise here (IndexError, KeyError, SystemExit, ...), as opposed to
 * a limit of the converter: only these can be caught by the script's `try`/`except`.
 */
export class PythonException extends CompileError {
  constructor(
    readonly pyType: string,
    d: ConstructorParameters<typeof CompileError>[0],
  ) {
    super(d);
  }
}

/** Python's exception classes the evaluator raises or catches, with their bases. */
const EXCEPTION_BASES: Record<string, string> = {
  BaseException: '',
  SystemExit: 'BaseException',
  KeyboardInterrupt: 'BaseException',
  Exception: 'BaseException',
  LookupError: 'Exception',
  IndexError: 'LookupError',
  KeyError: 'LookupError',
  ValueError: 'Exception',
  TypeError: 'Exception',
  ArithmeticError: 'Exception',
  ZeroDivisionError: 'ArithmeticError',
  OverflowError: 'ArithmeticError',
  RuntimeError: 'Exception',
  NotImplementedError: 'RuntimeError',
  AssertionError: 'Exception',
  AttributeError: 'Exception',
  NameError: 'Exception',
  ImportError: 'Exception',
  ModuleNotFoundError: 'ImportError',
  OSError: 'Exception',
  IOError: 'Exception',
  FileNotFoundError: 'OSError',
  StopIteration: 'Exception',
  Warning: 'Exception',
  UserWarning: 'Warning',
  RuntimeWarning: 'Warning',
};

export const EXCEPTION_CLASSES = Object.keys(EXCEPTION_BASES);

export function isExceptionClass(name: string): boolean {
  return name in EXCEPTION_BASES;
}

/** Whether an exception of type `raised` is caught by `except handler`. */
export function exceptionMatches(raised: string, handler: string): boolean {
  if (handler === 'IOError') handler = 'OSError';
  for (let t: string | undefined = raised === 'IOError' ? 'OSError' : raised; t; t = EXCEPTION_BASES[t]) if (t === handler) return true;
  return false;
}

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
  /** Inside code run only as output (evaluate.ts speculate): containers changed there become tainted. */
  speculating = 0;
  /** Containers changed by such code: their contents depend on a plot or printed value. */
  readonly tainted = new WeakSet<object>();
  /** The script's Brian2 preferences object (brian2/prefs.ts), made on first use. */
  prefs: Value | null = null;
  /** `sys.argv` and `os.environ` of the script's process (made on first use; see process-env.ts). */
  processEnv: { argv: Value; environ: Value } | null = null;
  /** Modules beside the script (local-modules.ts), set by the reader; null when there are none to look for. */
  localModule: ((name: string, loc: Loc) => Value | null) | null = null;
  /** The evaluator's current namespace snapshot, for actions that resolve names later. */
  snapshot: () => Map<string, Value> = () => new Map();
  /** Brian2 objects bound to a name in the current frame (globals and locals, shadowed ones too). */
  visibleObjects: () => Brian2Object[] = () => [];
  /** start_scope() calls so far (Brian2's BrianObject._scope_current_key). */
  scopeKey = 0;
  /** The current dt of each clock the script has set (`clock.dt = x`); others have their dt at creation. */
  private readonly clockDts = new Map<ClockObj, Value>();

  constructor(readonly source: SourceFile) {
    this.script = {
      file: source.path,
      text: source.text,
      device: null,
      defaultclock: DEFAULT_CLOCK,
      seed: null,
      objects: [],
      actions: [],
      notes: [],
    };
  }

  /** A clock's dt as the script stands now: its last assignment, else its dt at creation (defaultclock: 0.1 ms). */
  clockDt(clock: ClockObj): Value {
    return this.clockDts.get(clock) ?? clock.dt?.value ?? { t: 'num', v: 1e-4, dim: [0, 0, 1, 0, 0, 0, 0], int: false };
  }

  /** `clock.dt = value` at this point of the script (recorded as an action: objects use it from the next run on). */
  setClockDt(clock: ClockObj, value: Value, loc: Loc): void {
    this.clockDts.set(clock, value);
    this.script.actions.push({ kind: 'clock-dt', clock, value, loc });
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

  /** Raise the exception Python raises here (catchable by the script's try/except); its message if not caught. */
  pyError(pyType: string, code: MessageCode, loc: Loc | null, params: Record<string, string | number> = {}): never {
    throw new PythonException(pyType, diagnostic(code, loc ? this.span(loc) : null, params));
  }

  /** A container (list, dict, set, array) is changed in place: inside output-only code, it is tainted. */
  mutated(container: Value): void {
    if (this.speculating > 0) this.tainted.add(container);
  }

  /** Throw a located error. */
  fail(code: MessageCode, loc: Loc | null, params: Record<string, string | number> = {}): never {
    throw new CompileError(diagnostic(code, loc ? this.span(loc) : null, params));
  }

  note(message: string, loc: Loc | null): void {
    this.script.notes.push({ message, loc });
  }

  /** Brian2's naming (core/names.py): a given name as it is; `base*` (and no name) base, base_1, ... counted per base (Brian2 takes the first name no live object has). */
  uniqueName(base: string, requested: string | null): string {
    if (requested?.endsWith('*')) return this.uniqueName(requested.slice(0, -1), null);
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
    obj.scope = this.scopeKey;
    this.script.objects.push(obj);
    return obj;
  }
}
