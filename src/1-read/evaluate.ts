// The partial evaluator: walks the script's syntax tree and computes what it builds, without running
// Python. Control flow over known values is followed (loops unrolled, ifs decided, helper functions
// called); anything that would need the simulation's results or arbitrary Python gives a located error.
// Statements after the last run() are post-processing: parsed, not evaluated, and reported as a note.

import { needsNumbers } from './drawn.js';
import type { Arg, ExceptHandler, Expr, Loc, Stmt } from '../../grammars/ast.js';
import { CompileError, diagnostic, didYouMean, type Diagnostic } from '../diagnostics/diagnostic.js';
import { size } from './ndarray.js';
import { AfterRunError, exceptionMatches, PythonException, Suppressed, type EvalContext } from './context.js';
import { exceptionOf } from './builtins.js';
import { classAttribute, classLookup, instantiate, type ClassValue } from './classes.js';
import type { Scope } from './scope.js';
import { binary, compare, displayValue, equalValues, formatOne, inPlace, OperatorError, rangeLength, truthy, unary } from './operators.js';
import { attribute, setAttribute } from './attributes.js';
import { getItem, setItem, taintedBy } from './subscript.js';
import { callValue } from './invoke.js';
import { InertIteration, iterate, SuppressedIteration } from './iterate.js';
import { lastRunIndex, mentionsRun, runnersOf, soleRunCall } from './run-reach.js';
import { describe, int, NONE, num, str, type CallArgs, type Value, opaque } from './values.js';
import { isDimensionless, sameDim, type Dim } from '../units/dimension.js';

class BreakSignal {}
/** A comprehension over an inert value: its result is inert (of unknown length). */
class InertComprehension {
  constructor(readonly cause: Extract<Value, { t: 'inert' }>) {}
}
class ContinueSignal {}
export class ReturnSignal {
  constructor(readonly value: Value) {}
}

const MAX_LOOP_ITERATIONS = 1_000_000;
const MAX_CALL_DEPTH = 200;

export class Evaluator {
  private depth = 0;
  /** Statements evaluated so far, to stop pathological scripts. */
  private steps = 0;
  /** Names that may lead to run() (run-reach.ts), for telling analysis from model building. */
  private runners = new Set<string>(['run']);
  /** Nothing after the statement being evaluated (at any level) can reach run(). */
  private tail = false;
  /** In tail position: the call through which the current statement reaches run(), if it is the only way. */
  private tailCall: Expr | null = null;
  /** Exceptions being handled (innermost last), for a bare `raise`. */
  private readonly handling: PythonException[] = [];
  /** The script never reaches run(): it only builds (and inspects) its model. */
  private noRun = false;
  /** The last run() is behind: what is evaluated now is post-processing. */
  private pastLastRun = false;
  /** Scopes of the functions being evaluated (the module's globals first). */
  private frames: Scope[] = [];
  /** Statements skipped because they analyse the simulation's results (see AfterRunError). */
  private readonly skipped: { diagnostics: Diagnostic[]; actionsBefore: number; loc: Loc; beforeRun: boolean; afterLast: boolean }[] = [];

  constructor(readonly ctx: EvalContext) {}

  // ---------------------------------------------------------------- module

  evalModule(body: Stmt[], globals: Scope): void {
    // Brian2 resolves the names of strings in the frame that calls run(): inside a function, its locals too.
    this.frames = [globals];
    this.ctx.snapshot = () => this.frames[this.frames.length - 1]!.snapshot();
    this.ctx.visibleObjects = () => this.frames[this.frames.length - 1]!.boundObjects();
    this.runners = runnersOf(body);
    // A script that never reaches run() is all model building (Brian2 builds its objects all the same);
    // otherwise nothing follows the module, so its statements after the last run are post-processing.
    this.tail = lastRunIndex(body, this.runners) >= 0;
    this.noRun = !this.tail;
    this.execStatements(body, globals, true);
  }

  /**
   * Run the statements of a block. In tail position (nothing after this block can reach run()), the
   * statements after the last one that may reach run() are post-processing: they are not evaluated,
   * and a note says so. Returns whether that cut happened. `top`: the module's own statements, where
   * errors are collected (several per pass) instead of thrown.
   */
  private execStatements(body: Stmt[], scope: Scope, top: boolean): boolean {
    const tail = this.tail;
    const last = tail ? lastRunIndex(body, this.runners) : body.length;
    try {
      for (let k = 0; k < body.length; k++) {
        const stmt = body[k]!;
        if (k > last) {
          this.pastLastRun = true;
          this.notePostProcessing(body.slice(k));
          return true;
        }
        this.tail = tail && k === last;
        this.tailCall = this.tail ? soleRunCall(stmt, this.runners) : null;
        if (top) this.execTop(stmt, scope);
        else this.execNested(stmt, scope);
      }
      return false;
    } finally {
      this.tail = tail;
    }
  }

  private execNested(s: Stmt, scope: Scope): void {
    try {
      this.exec(s, scope);
    } catch (e) {
      if (!(e instanceof AfterRunError) || !this.skipAnalysis(s, e)) throw e;
      poisonTargets(s, scope, '');
    }
  }

  /** A top-level statement: its errors are recorded and its names poisoned, so the next one can run. */
  private execTop(stmt: Stmt, globals: Scope): void {
    const objectsBefore = this.ctx.script.objects.length;
    try {
      this.exec(stmt, globals);
    } catch (e) {
      // In a script that never runs, a value known only in the project (the synapses' values, their
      // number) can only be inspected: a statement that needs one and builds nothing is analysis.
      const inspection =
        this.noRun && e instanceof CompileError && e.diagnostics.every((d) => d.code === 'not-static') && this.ctx.script.objects.length === objectsBefore;
      if ((e instanceof AfterRunError || (e instanceof CompileError && (this.pastLastRun || inspection))) && this.skipAnalysis(stmt, e, inspection)) {
        poisonTargets(stmt, globals, '');
      } else if (e instanceof CompileError) {
        this.ctx.diagnostics.push(...e.diagnostics);
        poisonTargets(stmt, globals, e.message);
      } else if (e instanceof Suppressed || e instanceof SuppressedIteration) {
        // A statement stopped by a value an earlier statement could not compute. If it may reach
        // run(), a run may be missing: the skipped analysis that poisoned the value becomes an error.
        if (!this.pastLastRun && mentionsRun(stmt, this.runners)) for (const s of this.skipped) s.beforeRun = true;
        poisonTargets(stmt, globals, '');
      } else if (e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof ReturnSignal) {
        this.ctx.diagnostics.push(...new CompileError(this.syntaxOutside(stmt)).diagnostics);
      } else if (e instanceof RangeError) {
        // JavaScript's own limits (call stack, array and string sizes): the statement is too big to
        // evaluate here, which is a property of the script, not a bug.
        const deep = /call stack/i.test(e.message);
        this.ctx.diagnostics.push(
          diagnostic('limit', this.ctx.span(stmt.loc), {
            detail: deep ? 'this statement is nested too deeply to evaluate' : 'this statement builds a value too large to evaluate',
            hint: deep ? 'split it into simpler statements' : 'use smaller arrays, or Brian2 strings evaluated per neuron',
          }),
        );
        poisonTargets(stmt, globals, '');
      } else throw e;
    }
  }

  private syntaxOutside(stmt: Stmt) {
    return {
      code: 'syntax-error' as const,
      severity: 'error' as const,
      message: "'break', 'continue' or 'return' outside a loop or function",
      hint: 'remove it',
      span: this.ctx.span(stmt.loc),
    };
  }

  /**
   * A statement that needs the simulation's results is analysis: skip it, unless it may reach run()
   * itself. Once the last run() is behind, every failing statement is post-processing. Whether a skip
   * was harmless is decided at the end (finishSkipped): only if no run() followed.
   */
  private skipAnalysis(stmt: Stmt, e: CompileError, inspection = false): boolean {
    if (!this.pastLastRun && mentionsRun([stmt], this.runners)) return false;
    this.skipped.push({
      diagnostics: e.diagnostics,
      actionsBefore: this.ctx.script.actions.length,
      loc: stmt.loc,
      beforeRun: false,
      afterLast: this.pastLastRun || inspection,
    });
    return true;
  }

  /** Skipped analysis followed by another run() could have changed that run: then it is an error. */
  finishSkipped(): void {
    const harmful = this.skipped.filter((s) => s.beforeRun || this.ctx.script.actions.slice(s.actionsBefore).some((a) => a.kind === 'run'));
    for (const s of harmful) this.ctx.diagnostics.push(...s.diagnostics);
    // A statement in a loop is harmless on the last iteration only: then it is reported as the error.
    const harmless = this.skipped.filter((s) => !harmful.some((h) => h.loc.start === s.loc.start));
    const analysis = harmless.filter((s) => !s.afterLast).map((s) => s.loc);
    const post = harmless.filter((s) => s.afterLast).map((s) => s.loc);
    const lineList = (locs: Loc[]) => [...new Set(locs.map((l) => this.ctx.source.position(l.start).line))];
    if (analysis.length) {
      const lines = lineList(analysis);
      this.ctx.note(
        `${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ')} ${lines.length === 1 ? 'uses' : 'use'} the simulation's results after the last run() and ${lines.length === 1 ? 'was' : 'were'} not converted (analysis runs on Brian2's results, not on the model)`,
        analysis[0]!,
      );
    }
    if (post.length) {
      const lines = lineList(post);
      this.ctx.note(
        `${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ')} ${lines.length === 1 ? 'continues' : 'continue'} after the last run() with post-processing, which was not converted (it runs on Brian2's results, not on the model)`,
        post[0]!,
      );
    }
  }

  private notePostProcessing(rest: Stmt[]): void {
    const first = rest[0]!;
    const lastStmt = rest[rest.length - 1]!;
    const a = this.ctx.source.position(first.loc.start).line;
    const b = this.ctx.source.position(lastStmt.loc.end - 1).line;
    this.ctx.note(
      `${a === b ? `line ${a} comes` : `lines ${a}-${b} come`} after the last run() and ${a === b ? 'was' : 'were'} not converted (post-processing such as prints, analysis and plots runs on Brian2's results, not on the model)`,
      first.loc,
    );
  }

  // ---------------------------------------------------------------- statements

  /** The statements of a nested block (if, loop, with, try, function body); see execStatements. */
  execBlock(body: Stmt[], scope: Scope): boolean {
    return this.execStatements(body, scope, false);
  }

  exec(s: Stmt, scope: Scope): void {
    if (++this.steps > 20 * MAX_LOOP_ITERATIONS)
      this.ctx.fail('limit', s.loc, { detail: 'the script takes too many steps to evaluate', hint: 'simplify the loops that build the model' });
    switch (s.kind) {
      case 'Expr':
        this.evalExpr(s.value, scope);
        return;
      case 'Assign': {
        const value = this.evalExpr(s.value, scope);
        for (const t of s.targets) this.assign(t, value, scope, s.value.loc);
        return;
      }
      case 'AnnAssign':
        if (s.value) this.assign(s.target, this.evalExpr(s.value, scope), scope, s.value.loc);
        return;
      case 'AugAssign': {
        // `G.v += x`, `S.w[i, j] *= x`: Brian2 reads the variable and writes back (an action with `op`).
        const variable = this.brian2Variable(s.target, scope);
        if (variable) {
          const value = this.evalExpr(s.value, scope);
          const { owner, attr, attrLoc, index } = variable;
          setAttribute(owner, attr, value, { target: s.target.loc, attr: attrLoc, value: s.value.loc }, this.ctx, index, { op: s.op, loc: s.loc });
          return;
        }
        const current = this.evalExpr(s.target, scope);
        const value = this.operate(() => inPlace(s.op, current, this.evalExpr(s.value, scope)), s.loc);
        this.assign(s.target, value, scope, s.value.loc);
        return;
      }
      case 'If': {
        const evaluated = this.evalExpr(s.test, scope);
        const cond = this.resultsStandIn(evaluated, 'if', s.test.loc) ?? evaluated;
        if (cond.t === 'inert') {
          // Either branch may run: both are evaluated as output only (speculate).
          this.speculate(s.test.loc, 'whether this if changes the model', cond, [s.body, s.orelse], scope, () => {
            this.execBlock(s.body, scope);
            this.execBlock(s.orelse, scope);
          });
          return;
        }
        if (this.decide(cond, s.test.loc, 'the condition of this if')) this.execBlock(s.body, scope);
        else this.execBlock(s.orelse, scope);
        return;
      }
      case 'For': {
        const iterable = this.iterableOrStandIn(s.iter, scope);
        if (iterable.t === 'inert' && !iterable.shape) {
          // A loop over a plot's axes or lines: how often it runs is not known; once, as output only.
          this.speculate(s.iter.loc, 'whether this loop changes the model', iterable, [[s], s.orelse], scope, () => {
            this.assign(s.target, iterable, scope, s.iter.loc);
            try {
              this.execBlock(s.body, scope);
            } catch (e) {
              if (!(e instanceof BreakSignal || e instanceof ContinueSignal)) throw e;
            }
            this.execBlock(s.orelse, scope);
          });
          return;
        }
        // A range is walked without building the list, so the iteration limit applies before memory does.
        const items = iterable.t === 'range' ? rangeItems(iterable) : iterate(iterable, s.iter.loc, this.ctx, 'the loop');
        const n = iterable.t === 'range' ? rangeLength(iterable) : (items as Value[]).length;
        // In tail position only the last iteration is: an earlier one is followed by the next.
        const tail = this.tail;
        const bodyTail = tail && !mentionsRun(s.orelse, this.runners);
        let broke = false;
        let count = 0;
        try {
          for (const item of items) {
            if (++count > MAX_LOOP_ITERATIONS)
              this.ctx.fail('limit', s.loc, { detail: 'the loop runs too many times to unroll', hint: 'use arrays or Brian2 strings instead of a loop' });
            this.assign(s.target, item, scope, s.iter.loc);
            this.tail = bodyTail && count === n;
            try {
              this.execBlock(s.body, scope);
            } catch (e) {
              if (e instanceof BreakSignal) {
                broke = true;
                break;
              }
              if (e instanceof ContinueSignal) continue;
              throw e;
            }
          }
        } finally {
          this.tail = tail;
        }
        if (!broke) this.execBlock(s.orelse, scope);
        return;
      }
      case 'While': {
        let count = 0;
        let broke = false;
        // The body may always run once more: it is never in tail position.
        const tail = this.tail;
        const first = this.evalExpr(s.test, scope);
        if (first.t === 'inert') {
          this.speculate(s.test.loc, 'whether this while loop changes the model', first, [[s]], scope, () => {
            try {
              this.execBlock(s.body, scope);
            } catch (e) {
              if (!(e instanceof BreakSignal || e instanceof ContinueSignal)) throw e;
            }
            this.execBlock(s.orelse, scope);
          });
          return;
        }
        let cond: Value = first;
        try {
          while (this.decide(cond, s.test.loc, 'the condition of this while loop')) {
            if (++count > MAX_LOOP_ITERATIONS)
              this.ctx.fail('limit', s.loc, { detail: 'the while loop does not end within a million iterations', hint: 'check the loop condition' });
            this.tail = false;
            try {
              this.execBlock(s.body, scope);
            } catch (e) {
              if (e instanceof BreakSignal) {
                broke = true;
                break;
              }
              if (!(e instanceof ContinueSignal)) throw e;
            } finally {
              this.tail = tail;
            }
            cond = this.evalExpr(s.test, scope);
          }
        } finally {
          this.tail = tail;
        }
        if (!broke) this.execBlock(s.orelse, scope);
        return;
      }
      case 'FunctionDef': {
        const defaults = s.params.map((p) => (p.defaultValue ? this.evalExpr(p.defaultValue, scope) : null));
        let fn: Value = { t: 'function', name: s.name, params: s.params, body: s.body, closure: scope, defaults };
        for (const d of [...s.decorators].reverse()) {
          const deco = this.evalExpr(d, scope);
          fn = this.callWith(deco, { positional: [fn], keywords: new Map(), locs: { positional: [d.loc], keywords: new Map() }, loc: d.loc });
        }
        scope.set(s.name, fn);
        return;
      }
      case 'ClassDef':
        this.defineClass(s, scope);
        return;
      case 'Return':
        throw new ReturnSignal(s.value ? this.evalExpr(s.value, scope) : NONE);
      case 'Pass':
        return;
      case 'Yield':
        // Generator bodies are never run (callUser); a yield reached here is outside any function.
        this.ctx.fail('syntax-error', s.loc, { detail: "'yield' outside a function", hint: 'remove it' });
        return;
      case 'Break':
        throw new BreakSignal();
      case 'Continue':
        throw new ContinueSignal();
      case 'Del':
        for (const t of s.targets) {
          if (t.kind === 'Name') scope.delete(t.id);
          else this.ctx.fail('unsupported', t.loc, { what: 'deleting anything but a variable', hint: 'remove the del statement' });
        }
        return;
      case 'Global':
        for (const n of s.names) scope.globals.add(n);
        return;
      case 'Assert': {
        const v = this.evalExpr(s.test, scope);
        if (v.t !== 'unknown' && v.t !== 'inert' && v.t !== 'lazy' && v.t !== 'drawn' && !this.operate(() => truthy(v), s.test.loc)) {
          this.ctx.fail('value-error', s.loc, { detail: 'this assertion fails for the values of the script', hint: 'fix the values or the assertion' });
        }
        return;
      }
      case 'Raise':
        this.raise(s, scope);
        return;
      case 'With':
        for (const item of s.items) {
          const v = this.evalExpr(item.context, scope);
          if (item.target) this.assign(item.target, v, scope, item.context.loc);
        }
        this.execBlock(s.body, scope);
        return;
      case 'Try':
        this.execTry(s, scope);
        return;
      case 'Import':
      case 'ImportFrom':
        importStatement(s, scope, this.ctx);
        return;
    }
  }

  /**
   * try/except/else/finally. Only exceptions Python itself raises (PythonException: an index out of
   * range, a missing key, sys.exit(), raise) reach the handlers; a limit of the converter is never
   * caught, since Python would not have raised anything there. Each part is in tail position only if
   * no later part may reach run().
   */
  private execTry(s: Extract<Stmt, { kind: 'Try' }>, scope: Scope): void {
    const tail = this.tail;
    const mentions = (x: unknown) => mentionsRun(x, this.runners);
    try {
      let raised: PythonException | null = null;
      try {
        this.tail = tail && !mentions([s.handlers.map((h) => h.body), s.orelse, s.finalbody]);
        this.execBlock(s.body, scope);
      } catch (e) {
        if (!(e instanceof PythonException)) throw e;
        raised = e;
      }
      this.tail = tail && !mentions(s.finalbody);
      if (raised) {
        const handler = s.handlers.find((h) => this.handles(h, raised!, scope));
        if (!handler) throw raised;
        if (handler.name) scope.set(handler.name, { t: 'unknown', why: `the exception ${raised.pyType} is not part of the model`, loc: handler.loc });
        this.handling.push(raised);
        try {
          this.execBlock(handler.body, scope);
        } finally {
          this.handling.pop();
        }
      } else this.execBlock(s.orelse, scope);
    } finally {
      this.tail = tail;
      if (s.finalbody.length) this.execBlock(s.finalbody, scope);
    }
  }

  /**
   * `class C(Base):` — the body runs once in its own namespace, whose names become the class's
   * attributes; functions defined there see the enclosing scope, not the class body (as in Python).
   */
  private defineClass(s: Extract<Stmt, { kind: 'ClassDef' }>, scope: Scope): void {
    if (s.decorators.length)
      this.ctx.fail('unsupported', s.decorators[0]!.loc, {
        what: 'class decorators',
        hint: 'define the class without decorators (a plain class with __init__)',
      });
    let base: ClassValue | null = null;
    for (const b of s.bases) {
      if (b.name) this.ctx.fail('unsupported', b.loc, { what: `class keyword arguments (${b.name}=...)`, hint: 'define a plain class' });
      const v = this.evalExpr(b.value, scope);
      if (v.t === 'builtin' && v.name === 'object') continue;
      if (v.t !== 'class' || base)
        this.ctx.fail('unsupported', b.loc, { what: `a class based on ${describe(v)}`, hint: 'derive only from object or from one class of the script' });
      base = v as ClassValue;
    }
    const body = scope.child();
    const tail = this.tail;
    this.tail = false;
    try {
      this.execBlock(s.body, body);
    } finally {
      this.tail = tail;
    }
    const attrs = new Map<string, Value>();
    for (const [k, v] of body.vars) {
      if (v.t === 'function') v.closure = scope;
      attrs.set(k, v);
    }
    scope.set(s.name, { t: 'class', name: s.name, attrs, base });
  }

  /** Whether `except TYPE:` catches the exception (a bare except catches all). */
  private handles(h: ExceptHandler, e: PythonException, scope: Scope): boolean {
    if (!h.type) return true;
    const t = this.evalExpr(h.type, scope);
    const classes = t.t === 'tuple' ? t.items : [t];
    return classes.some((c) => {
      const cls = exceptionOf(c);
      if (!cls)
        this.ctx.fail('type-error', h.type!.loc, {
          detail: `${describe(c)} is not an exception class the converter knows`,
          hint: 'catch a built-in exception such as IndexError, KeyError or ValueError',
        });
      return exceptionMatches(e.pyType, cls.type);
    });
  }

  /** `raise X(...)`, `raise X`, bare `raise` in a handler: a Python exception the script may catch. */
  private raise(s: Extract<Stmt, { kind: 'Raise' }>, scope: Scope): never {
    if (!s.exc) {
      const current = this.handling[this.handling.length - 1];
      if (current) throw current;
      return this.ctx.fail('syntax-error', s.loc, { detail: "a bare 'raise' outside an except block", hint: 'raise an exception, e.g. raise ValueError(...)' });
    }
    const v = this.evalExpr(s.exc, scope);
    const exc = exceptionOf(v);
    if (!exc)
      return this.ctx.fail('unsupported', s.loc, {
        what: `raising ${describe(v)} while the model is built`,
        hint: 'raise a built-in exception, or remove the raise statement',
      });
    return this.ctx.pyError(exc.type, 'value-error', s.loc, {
      detail: `the script raises ${exc.type}${exc.message ? `: ${exc.message}` : ''} here`,
      hint: 'this path of the script ends in an exception when it runs; check the values that lead here',
    });
  }

  private test(e: Expr, scope: Scope, what: string): boolean {
    return this.decide(this.evalExpr(e, scope), e.loc, what);
  }

  /**
   * A condition or loop that depends on the simulation's results (an `if` on a monitor's data, a loop
   * over `zip(S.i, S.j)` that draws the connectivity) before a later run(): like code that depends on a
   * plot, it is evaluated once as output only (speculate), and refused only if it changes the model.
   */
  private resultsStandIn(v: Value, kind: string, loc: Loc): Extract<Value, { t: 'inert' }> | null {
    if (v.t !== 'unknown' || !v.why || v.module) return null;
    return this.resultsCause(kind, loc);
  }

  private resultsCause(kind: string, loc: Loc): Extract<Value, { t: 'inert' }> {
    return {
      t: 'inert',
      what: `the ${kind} at line ${this.ctx.source.position(loc.start).line} (${kind === 'if' ? 'its condition' : 'what it loops over'} needs the simulation's results)`,
    };
  }

  /** A loop's iterable, or the stand-in of resultsStandIn when it needs the simulation's results. */
  private iterableOrStandIn(e: Expr, scope: Scope): Value {
    try {
      const v = this.evalExpr(e, scope);
      return this.resultsStandIn(v, 'loop', e.loc) ?? v;
    } catch (err) {
      // zip(S.i, S.j) / enumerate(M.t) fail on their unknown argument with a not-static error.
      if (err instanceof CompileError && err.diagnostics.length > 0 && err.diagnostics.every((d) => d.code === 'not-static')) {
        return this.resultsCause('loop', e.loc);
      }
      throw err;
    }
  }

  /** The truth of a condition the control flow depends on (an inert one is handled by the caller). */
  private decide(v: Value, loc: Loc, what: string): boolean {
    if (v.t === 'unknown') this.notStatic(v, loc, what);
    if (v.t === 'lazy')
      this.ctx.fail('not-static', loc, { what, hint: "a per-neuron value cannot decide the script's control flow; write the condition into a Brian2 string" });
    if (v.t === 'inert') {
      this.ctx.fail('not-static', loc, { what, hint: `it depends on ${v.what}, which exists only when the script runs; decide it with values of the script` });
    }
    return this.operate(() => truthy(v), loc);
  }

  /**
   * Evaluate code whose running depends on an inert value (a loop over a figure's axes, a condition on
   * a printed value): once, as output only. If it changes the model (objects, actions (dt too), seed,
   * device), the script is refused at `loc`, since whether or how often that happens is unknown. The
   * names it binds, and the containers it changes, hold values that depend on the inert one: they
   * become inert, refused only where they reach the model.
   */
  private speculate(loc: Loc, what: string, cause: Extract<Value, { t: 'inert' }>, blocks: Stmt[][], scope: Scope, run: () => void): void {
    const script = this.ctx.script;
    const before = { objects: script.objects.length, actions: script.actions.length, seed: script.seed, device: script.device, runs: this.ctx.runCount };
    this.ctx.speculating++;
    try {
      run();
    } catch (e) {
      if (e instanceof ReturnSignal) {
        this.ctx.fail('not-static', loc, {
          what: 'whether the function returns here',
          hint: `it depends on ${cause.what}, which exists only when the script runs`,
        });
      }
      throw e;
    } finally {
      this.ctx.speculating--;
    }
    // len(S) counted for a print() only (a count action) changes nothing: dropped, as the values made in
    // the blocks are tainted below.
    if (script.actions.slice(before.actions).every((a) => a.kind === 'count')) script.actions.length = before.actions;
    const changed =
      script.objects.length !== before.objects ||
      script.actions.length !== before.actions ||
      script.seed !== before.seed ||
      script.device !== before.device ||
      this.ctx.runCount !== before.runs;
    if (changed) {
      // What the code recorded is not part of the model (the error says why): only the error remains.
      script.objects.length = before.objects;
      script.actions.length = before.actions;
    }
    if (changed)
      this.ctx.fail('not-static', loc, {
        what,
        hint: `it depends on ${cause.what}, which exists only when the script runs; change the model outside code that depends on plots or printed values`,
      });
    const taint: Value = { t: 'inert', what: `a value that depends on ${cause.what}` };
    for (const b of blocks) for (const st of b) bindTargets(st, scope, taint);
  }

  notStatic(v: Extract<Value, { t: 'unknown' }>, loc: Loc, what: string): never {
    return this.ctx.failUnknown(v, loc, what);
  }

  // ---------------------------------------------------------------- assignment

  /** The Brian2 variable an augmented assignment targets (`G.v`, `G.v[idx]`), or null. */
  private brian2Variable(target: Expr, scope: Scope): { owner: Value; attr: string; attrLoc: Loc; index: { value: Value; loc: Loc } | null } | null {
    const attribute = target.kind === 'Attribute' ? target : target.kind === 'Subscript' && target.value.kind === 'Attribute' ? target.value : null;
    if (!attribute) return null;
    const owner = this.evalExpr(attribute.value, scope);
    if (owner.t !== 'object') return null;
    const index = target.kind === 'Subscript' ? { value: this.evalExpr(target.index, scope), loc: target.index.loc } : null;
    return { owner, attr: attribute.attr, attrLoc: attribute.attrLoc, index };
  }

  assign(target: Expr, value: Value, scope: Scope, valueLoc: Loc): void {
    switch (target.kind) {
      case 'Name':
        // The first top-level name an object is bound to is its key in the results (monitors).
        if (value.t === 'object' && value.obj.pyName === null && scope.parent === null) value.obj.pyName = target.id;
        scope.set(target.id, value);
        return;
      case 'Tuple':
      case 'List': {
        // A value known only later (the simulation's results, a plot) unpacks into values known only
        // later: each name holds it, and it is refused only where the model would use it.
        if ((value.t === 'unknown' && value.why) || (value.t === 'inert' && !value.shape)) {
          for (const t of target.elts) this.assign(t.kind === 'Starred' ? t.value : t, value, scope, valueLoc);
          return;
        }
        const items = iterate(value, valueLoc, this.ctx, 'the unpacked value');
        const star = target.elts.findIndex((e) => e.kind === 'Starred');
        if (star < 0) {
          if (items.length !== target.elts.length) {
            this.ctx.fail('value-error', valueLoc, {
              detail: `cannot unpack ${items.length} values into ${target.elts.length} names`,
              hint: 'make both sides the same length',
            });
          }
          target.elts.forEach((t, k) => this.assign(t, items[k]!, scope, valueLoc));
          return;
        }
        const after = target.elts.length - star - 1;
        if (items.length < target.elts.length - 1)
          this.ctx.fail('value-error', valueLoc, { detail: 'not enough values to unpack', hint: 'make both sides match' });
        target.elts.slice(0, star).forEach((t, k) => this.assign(t, items[k]!, scope, valueLoc));
        const starred = target.elts[star] as Extract<Expr, { kind: 'Starred' }>;
        this.assign(starred.value, { t: 'list', items: items.slice(star, items.length - after) }, scope, valueLoc);
        target.elts.slice(star + 1).forEach((t, k) => this.assign(t, items[items.length - after + k]!, scope, valueLoc));
        return;
      }
      case 'Attribute': {
        const obj = this.evalExpr(target.value, scope);
        setAttribute(obj, target.attr, value, { target: target.loc, attr: target.attrLoc, value: valueLoc }, this.ctx, null);
        return;
      }
      case 'Subscript': {
        // `G.v[idx] = x` assigns part of a Brian2 variable.
        if (target.value.kind === 'Attribute') {
          const owner = this.evalExpr(target.value.value, scope);
          if (owner.t === 'object') {
            const index = this.evalExpr(target.index, scope);
            setAttribute(owner, target.value.attr, value, { target: target.loc, attr: target.value.attrLoc, value: valueLoc }, this.ctx, {
              value: index,
              loc: target.index.loc,
            });
            return;
          }
        }
        // `G.v[:][mask] = x`: for a NeuronGroup's or Synapses' own variable, Brian2's `[:]` is a view of the
        // variable's array (VariableView.get_with_index_array: slice(None) with index '_idx'), so this
        // writes the variable as `G.v[mask] = x` does. (A subgroup's `[:]` is a copy; it stays refused below.)
        if (target.value.kind === 'Subscript' && target.value.value.kind === 'Attribute') {
          const inner = target.value;
          const attr = target.value.value;
          const owner = this.evalExpr(attr.value, scope);
          if (owner.t === 'object' && (owner.obj.kind === 'NeuronGroup' || owner.obj.kind === 'Synapses')) {
            const whole = this.evalExpr(inner.index, scope);
            if (whole.t === 'slice' && !whole.ellipsis && whole.start === null && whole.stop === null && whole.step === null) {
              const index = this.evalExpr(target.index, scope);
              setAttribute(owner, attr.attr, value, { target: target.loc, attr: attr.attrLoc, value: valueLoc }, this.ctx, {
                value: index,
                loc: target.index.loc,
              });
              return;
            }
          }
        }
        const container = this.evalExpr(target.value, scope);
        const index = this.evalExpr(target.index, scope);
        const name = target.value.kind === 'Name' ? target.value.id : null;
        const tainted = name ? taintedBy(container, index, value, target.loc) : null;
        if (name && tainted) {
          // The array object itself changes in Python: rebind the name where it is bound.
          let owner: Scope | null = scope;
          while (owner && !owner.vars.has(name)) owner = owner.parent;
          (owner ?? scope).vars.set(name, tainted);
        } else setItem(container, index, value, target.loc, this.ctx);
        return;
      }
      case 'Starred':
        this.ctx.fail('syntax-error', target.loc, { detail: 'a starred assignment target must be in a list or tuple', hint: 'write a, *rest = ...' });
        return;
      default:
        this.ctx.fail('syntax-error', target.loc, { detail: 'cannot assign to this expression', hint: 'assign to a name, an attribute or an item' });
    }
  }

  // ---------------------------------------------------------------- expressions

  operate<T>(f: () => T, loc: Loc): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof OperatorError) {
        return this.ctx.fail(e.code, loc, {
          detail: e.message,
          what: e.message,
          hint: e.hint || (e.code === 'unit-mismatch' ? 'check the units on both sides' : 'check the types of the operands'),
        });
      }
      throw e;
    }
  }

  evalExpr(e: Expr, scope: Scope): Value {
    switch (e.kind) {
      case 'Name': {
        const v = scope.lookup(e.id);
        if (v === undefined) {
          return this.ctx.fail('unknown-name', e.loc, {
            name: e.id,
            hint: didYouMean(e.id, candidateNames(scope), `define '${e.id}' before this line, or import it`),
          });
        }
        return v;
      }
      case 'Num':
        // Complex numbers exist in the script's analysis (phases of spike counts, ...): they are not
        // evaluated, and a value made from one is refused only where the model uses it.
        if (e.imaginary) return { t: 'unknown', why: 'complex numbers are not evaluated by the converter', loc: e.loc };
        return e.isInt ? int(e.value) : num(e.value);
      case 'Str':
        return str(e.value, e.loc, e.offsets);
      case 'FStr': {
        // Literal characters keep their place in the file; a field's text points at its expression, so an
        // equation written as an f-string is located as precisely as a plain one.
        let text = '';
        const offsets: number[] = [];
        let failed: (Extract<Value, { t: 'unknown' }> & { formatFailed?: boolean }) | null = null;
        e.parts.forEach((p, k) => {
          let piece: string;
          if (typeof p === 'string') {
            piece = p;
            offsets.push(...(e.offsets[k] ?? []));
          } else {
            const v = this.formatField(p.expr, scope);
            if (v.t === 'unknown' && v.why && v.formatFailed) {
              failed ??= v;
              piece = '…';
            } else piece = v.t === 'unknown' || v.t === 'lazy' || v.t === 'inert' || v.t === 'drawn' ? '…' : formatSpec(v, p.spec, p.conversion);
            for (let j = 0; j < piece.length; j++) offsets.push(p.expr.loc.start);
          }
          text += piece;
        });
        offsets.push(Math.max(e.loc.start, e.loc.end - 1));
        // A field the converter cannot evaluate makes the string unknown: an error only where the model uses it.
        const why = failed as Extract<Value, { t: 'unknown' }> | null;
        if (why) return { t: 'unknown', why: why.why, loc: why.loc };
        return str(text, e.loc, offsets.length === text.length + 1 ? offsets : null);
      }
      case 'Const':
        return e.value === null ? NONE : { t: 'bool', v: e.value };
      case 'Ellipsis':
        return { t: 'slice', start: null, stop: null, step: null, ellipsis: true };
      case 'List':
      case 'Tuple':
      case 'Set':
        try {
          const items = this.evalElements(e.elts, scope);
          return e.kind === 'Set' ? { t: 'set', items: dedupe(items) } : { t: e.kind === 'List' ? 'list' : 'tuple', items };
        } catch (x) {
          // `[*axes]`: as many items as a plot has.
          if (x instanceof InertIteration) return { t: 'inert', what: `a value made from ${x.value.what}` };
          throw x;
        }
      case 'Dict': {
        const keys: Value[] = [];
        const values: Value[] = [];
        e.keys.forEach((k, idx) => {
          const v = this.evalExpr(e.values[idx]!, scope);
          if (k === null) {
            if (v.t !== 'dict') this.ctx.fail('type-error', e.values[idx]!.loc, { detail: "'**' needs a dict", hint: 'unpack a dict' });
            v.keys.forEach((kk, j) => dictSet(keys, values, kk, v.values[j]!));
          } else dictSet(keys, values, this.evalExpr(k, scope), v);
        });
        return { t: 'dict', keys, values };
      }
      case 'Call': {
        const fn = this.evalExpr(e.func, scope);
        let args: CallArgs;
        try {
          args = isOutput(fn) ? this.outputArgs(e.args, scope, e.loc) : this.evalArgs(e.args, scope, e.loc);
        } catch (x) {
          // `f(*axes)`: a call with as many arguments as a plot has items. Only output may do that.
          if (!(x instanceof InertIteration)) throw x;
          if (fn.t === 'function' || (fn.t === 'builtin' && !isOutput(fn))) {
            this.ctx.fail('not-static', e.loc, {
              what: 'the arguments of this call',
              hint: `they are the items of ${x.value.what}, which exists only when the script runs`,
            });
          }
          return { t: 'inert', what: `a value made from ${x.value.what}` };
        }
        return this.callWith(fn, args, e.func, e);
      }
      case 'Attribute': {
        const v = this.evalExpr(e.value, scope);
        if (v.t === 'class' || v.t === 'instance') return classAttribute(v, e.attr, e.loc, e.attrLoc, this.ctx, (f, a) => this.callWith(f, a));
        return attribute(v, e.attr, e.attrLoc, e.loc, this.ctx);
      }
      case 'Subscript': {
        const v = this.evalExpr(e.value, scope);
        const idx = this.evalExpr(e.index, scope);
        return getItem(v, idx, e.loc, e.index.loc, this.ctx);
      }
      case 'Slice': {
        // Bounds are integers, or quantities of one dimension (Brian2 slices morphologies by length).
        let dim: Dim | undefined;
        const part = (x: Expr | null) => {
          if (!x) return null;
          const v = this.evalExpr(x, scope);
          if (v.t === 'none') return null;
          if (v.t === 'num' && !isDimensionless(v.dim)) {
            if (dim && !sameDim(dim, v.dim))
              this.ctx.fail('unit-mismatch', x.loc, { detail: 'the bounds of this slice have different units', hint: 'give both bounds in the same units' });
            dim = v.dim;
            return v.v;
          }
          if (v.t === 'drawn') needsNumbers(this.ctx, x.loc, 'a slice bound');
          if (v.t !== 'num' || !Number.isInteger(v.v))
            this.ctx.fail('type-error', x.loc, { detail: 'slice indices must be integers', hint: 'use whole numbers' });
          return v.v;
        };
        const out: Value = { t: 'slice', start: part(e.lower), stop: part(e.upper), step: part(e.step) };
        if (dim) out.dim = dim;
        return out;
      }
      case 'BinOp': {
        const l = this.evalExpr(e.left, scope);
        const r = this.evalExpr(e.right, scope);
        return this.operate(() => binary(e.op, l, r), e.loc);
      }
      case 'UnaryOp': {
        const v = this.evalExpr(e.operand, scope);
        return this.operate(() => unary(e.op, v), e.loc);
      }
      case 'BoolOp': {
        let v: Value = NONE;
        for (const x of e.values) {
          v = this.evalExpr(x, scope);
          if (v.t === 'unknown' || v.t === 'inert' || v.t === 'lazy') return opaque(v);
          const t = this.operate(() => truthy(v), x.loc);
          if (e.op === 'and' ? !t : t) return v;
        }
        return v;
      }
      case 'Compare': {
        let left = this.evalExpr(e.left, scope);
        let result: Value = { t: 'bool', v: true };
        for (let k = 0; k < e.ops.length; k++) {
          const right = this.evalExpr(e.comparators[k]!, scope);
          result = this.operate(() => compare(e.ops[k]!, left, right), e.loc);
          if (result.t !== 'bool' || !result.v) return result;
          left = right;
        }
        return result;
      }
      case 'IfExp': {
        const cond = this.evalExpr(e.test, scope);
        if (cond.t === 'inert') {
          let out: Value = cond;
          this.speculate(e.test.loc, 'whether this expression changes the model', cond, [], scope, () => {
            this.evalExpr(e.body, scope);
            this.evalExpr(e.orelse, scope);
          });
          out = { t: 'inert', what: `a value that depends on ${cond.what}` };
          return out;
        }
        return this.decide(cond, e.test.loc, 'the condition of this expression') ? this.evalExpr(e.body, scope) : this.evalExpr(e.orelse, scope);
      }
      case 'Lambda':
        return {
          t: 'function',
          name: '<lambda>',
          params: e.params,
          body: null,
          lambdaBody: e.body,
          closure: scope,
          defaults: e.params.map((p) => (p.defaultValue ? this.evalExpr(p.defaultValue, scope) : null)),
        };
      case 'Comprehension':
        return this.comprehension(e, scope);
      case 'Starred':
        return this.ctx.fail('syntax-error', e.loc, { detail: "'*' is only allowed in calls, lists and assignments", hint: 'remove the star' });
    }
  }

  /** A field of an f-string; what the converter cannot evaluate there gives an unknown that says why. */
  private formatField(e: Expr, scope: Scope): Value & { formatFailed?: boolean } {
    const script = this.ctx.script;
    const before = { objects: script.objects.length, actions: script.actions.length };
    try {
      return this.evalExpr(e, scope);
    } catch (x) {
      if (!(x instanceof CompileError) || x instanceof PythonException || x instanceof AfterRunError) throw x;
      if (script.objects.length !== before.objects || script.actions.length !== before.actions) throw x;
      return {
        t: 'unknown',
        why: `the f-string field '${exprText(this.ctx, e)}' could not be evaluated: ${x.diagnostics[0]?.message ?? x.message}`,
        loc: e.loc,
        formatFailed: true,
      };
    }
  }

  private evalElements(elts: Expr[], scope: Scope): Value[] {
    const out: Value[] = [];
    for (const x of elts) {
      if (x.kind === 'Starred') for (const item of iterate(this.evalExpr(x.value, scope), x.loc, this.ctx, 'the starred value')) out.push(item);
      else out.push(this.evalExpr(x, scope));
    }
    return out;
  }

  /**
   * Arguments of a call that only shows them (print, plotting): what the converter cannot evaluate
   * there is only looked at, so it becomes an inert value instead of an error, unless evaluating it
   * changed the model (then the error stands: part of a model change would be missing). Exceptions
   * Python itself raises still stop the script.
   */
  private outputArgs(args: Arg[], scope: Scope, loc: Loc): CallArgs {
    const out: CallArgs = { positional: [], keywords: new Map(), locs: { positional: [], keywords: new Map() }, loc };
    for (const a of args) {
      const script = this.ctx.script;
      const before = { objects: script.objects.length, actions: script.actions.length };
      try {
        const one = this.evalArgs([a], scope, loc);
        out.positional.push(...one.positional);
        out.locs.positional.push(...one.locs.positional);
        for (const [k, v] of one.keywords) {
          out.keywords.set(k, v);
          out.locs.keywords.set(k, one.locs.keywords.get(k)!);
        }
      } catch (e) {
        const quiet = (e instanceof CompileError && !(e instanceof PythonException)) || e instanceof Suppressed || e instanceof SuppressedIteration;
        if (!quiet || script.objects.length !== before.objects || script.actions.length !== before.actions) throw e;
        const shown: Value = { t: 'inert', what: 'a value that is only printed or plotted' };
        if (a.name) {
          out.keywords.set(a.name, shown);
          out.locs.keywords.set(a.name, a.value.loc);
        } else {
          out.positional.push(shown);
          out.locs.positional.push(a.value.loc);
        }
      }
    }
    return out;
  }

  evalArgs(args: Arg[], scope: Scope, loc: Loc): CallArgs {
    const out: CallArgs = { positional: [], keywords: new Map(), locs: { positional: [], keywords: new Map() }, loc };
    for (const a of args) {
      if (a.value.kind === 'Starred') {
        const v = this.evalExpr(a.value.value, scope);
        if (a.value.double) {
          if (v.t !== 'dict') this.ctx.fail('type-error', a.loc, { detail: "'**' needs a dict", hint: 'pass a dict' });
          v.keys.forEach((k, j) => {
            if (k.t !== 'str') this.ctx.fail('type-error', a.loc, { detail: 'keyword names must be strings', hint: 'use string keys' });
            out.keywords.set(k.v, v.values[j]!);
            out.locs.keywords.set(k.v, a.loc);
          });
        } else {
          for (const item of iterate(v, a.loc, this.ctx, 'the starred argument')) {
            out.positional.push(item);
            out.locs.positional.push(a.loc);
          }
        }
      } else if (a.name) {
        if (out.keywords.has(a.name)) this.ctx.fail('syntax-error', a.loc, { detail: `keyword argument '${a.name}' repeated`, hint: 'pass it once' });
        out.keywords.set(a.name, this.evalExpr(a.value, scope));
        out.locs.keywords.set(a.name, a.value.loc);
      } else {
        out.positional.push(this.evalExpr(a.value, scope));
        out.locs.positional.push(a.value.loc);
      }
    }
    return out;
  }

  callWith(fn: Value, args: CallArgs, funcExpr?: Expr, callNode?: Expr): Value {
    if (fn.t === 'function') return this.callUser(fn, args, callNode);
    if (fn.t === 'class') return instantiate(fn, args, this.ctx, (f, a) => this.callWith(f, a));
    if (fn.t === 'instance') {
      const method = classLookup(fn.cls, '__call__');
      if (!method) return this.ctx.fail('type-error', args.loc, { detail: `a ${fn.cls.name} object cannot be called`, hint: `define ${fn.cls.name}.__call__` });
      return this.callWith(
        method,
        { ...args, positional: [fn, ...args.positional], locs: { ...args.locs, positional: [args.loc, ...args.locs.positional] } },
        funcExpr,
        callNode,
      );
    }
    return callValue(fn, args, this.ctx, funcExpr ? exprText(this.ctx, funcExpr) : 'the function', (f, a) => this.callWith(f, a));
  }

  /**
   * Call a function of the script. Its body is in tail position when the call is the one way its
   * statement, itself in tail position, reaches run() (soleRunCall): then its statements after its
   * last run() are post-processing, and its result, computed there, is known only after the run.
   */
  callUser(fn: Extract<Value, { t: 'function' }>, args: CallArgs, callNode?: Expr): Value {
    if (++this.depth > MAX_CALL_DEPTH)
      this.ctx.fail('limit', args.loc, { detail: 'functions call each other too deeply', hint: 'avoid deep recursion while building the model' });
    const scope = fn.closure.child();
    this.frames.push(scope);
    const saved = { tail: this.tail, tailCall: this.tailCall };
    const wasPast = this.pastLastRun;
    this.tail = this.tail && callNode !== undefined && callNode === this.tailCall;
    this.tailCall = null;
    try {
      const positional = [...args.positional];
      const keywords = new Map(args.keywords);
      fn.params.forEach((p, k) => {
        if (p.star === '*') {
          scope.set(p.name, { t: 'tuple', items: positional.splice(0) });
          return;
        }
        if (p.star === '**') {
          const keys = [...keywords.keys()];
          scope.set(p.name, { t: 'dict', keys: keys.map((x) => str(x, args.loc)), values: keys.map((x) => keywords.get(x)!) });
          keywords.clear();
          return;
        }
        if (positional.length) scope.set(p.name, positional.shift()!);
        else if (keywords.has(p.name)) {
          scope.set(p.name, keywords.get(p.name)!);
          keywords.delete(p.name);
        } else if (fn.defaults[k]) scope.set(p.name, fn.defaults[k]!);
        else this.ctx.fail('missing-argument', args.loc, { callee: fn.name, name: p.name });
      });
      if (positional.length) this.ctx.fail('too-many-arguments', args.loc, { callee: fn.name, max: fn.params.length, got: args.positional.length });
      const extra = [...keywords.keys()][0];
      if (extra) {
        this.ctx.fail('bad-argument', args.locs.keywords.get(extra) ?? args.loc, {
          callee: fn.name,
          name: extra,
          hint: didYouMean(
            extra,
            fn.params.map((p) => p.name),
            `${fn.name}() takes: ${fn.params.map((p) => p.name).join(', ')}`,
          ),
        });
      }
      if (fn.lambdaBody) return this.evalExpr(fn.lambdaBody, scope);
      // A generator runs its body only when iterated: its items are only known when the script runs,
      // so it is inert (code iterating it is evaluated as output only: speculate).
      if (fn.body && isGenerator(fn.body)) return { t: 'inert', what: `the generator ${fn.name}()` };
      try {
        this.execBlock(fn.body ?? [], scope);
      } catch (e) {
        if (e instanceof ReturnSignal) return e.value;
        throw e;
      }
      if (this.pastLastRun && !wasPast) {
        return { t: 'unknown', why: `the result of ${fn.name}() is computed after the last run()`, loc: args.loc, afterRun: true };
      }
      return NONE;
    } finally {
      this.tail = saved.tail;
      this.tailCall = saved.tailCall;
      this.frames.pop();
      this.depth--;
    }
  }

  private comprehension(e: Extract<Expr, { kind: 'Comprehension' }>, outer: Scope): Value {
    const scope = outer.child();
    const results: Value[] = [];
    const keys: Value[] = [];
    const run = (level: number) => {
      if (level === e.generators.length) {
        if (e.type === 'dict') {
          keys.push(this.evalExpr(e.elt, scope));
          results.push(this.evalExpr(e.value!, scope));
        } else results.push(this.evalExpr(e.elt, scope));
        if (results.length > MAX_LOOP_ITERATIONS)
          this.ctx.fail('limit', e.loc, { detail: 'the comprehension is too large to evaluate', hint: 'use numpy functions instead' });
        return;
      }
      const g = e.generators[level]!;
      const iterable = this.evalExpr(g.iter, scope);
      if (iterable.t === 'inert' && !iterable.shape) {
        // Items of a plot: the comprehension's length is unknown; its elements are evaluated once, as output.
        this.speculate(g.iter.loc, 'whether this comprehension changes the model', iterable, [], scope, () => {
          this.assign(g.target, iterable, scope, g.iter.loc);
          for (const c of g.ifs) this.evalExpr(c, scope);
          run(level + 1);
        });
        throw new InertComprehension(iterable);
      }
      for (const item of iterate(iterable, g.iter.loc, this.ctx, 'the comprehension')) {
        this.assign(g.target, item, scope, g.iter.loc);
        if (
          g.ifs.every((c) => {
            const v = this.evalExpr(c, scope);
            if (v.t !== 'inert') return this.decide(v, c.loc, 'the comprehension condition');
            this.speculate(c.loc, 'whether this comprehension changes the model', v, [], scope, () => run(level + 1));
            throw new InertComprehension(v);
          })
        )
          run(level + 1);
      }
    };
    try {
      run(0);
    } catch (x) {
      if (x instanceof InertComprehension) return { t: 'inert', what: `a collection made from ${x.cause.what}` };
      throw x;
    }
    switch (e.type) {
      case 'dict': {
        const k2: Value[] = [];
        const v2: Value[] = [];
        keys.forEach((k, j) => dictSet(k2, v2, k, results[j]!));
        return { t: 'dict', keys: k2, values: v2 };
      }
      case 'set':
        return { t: 'set', items: dedupe(results) };
      default:
        // Generators are consumed at once: scripts use them inside sum(), list(), array().
        return { t: 'list', items: results };
    }
  }
}

// ---------------------------------------------------------------- helpers

function* rangeItems(r: { start: number; stop: number; step: number }): Generator<Value> {
  const n = rangeLength(r);
  for (let k = 0; k < n; k++) yield int(r.start + k * r.step);
}

function candidateNames(scope: Scope): string[] {
  return [...scope.knownNames(), ...COMMON_NAMES];
}

const COMMON_NAMES = [
  'NeuronGroup',
  'Synapses',
  'SpikeMonitor',
  'StateMonitor',
  'PopulationRateMonitor',
  'PoissonGroup',
  'PoissonInput',
  'SpikeGeneratorGroup',
  'TimedArray',
  'Equations',
  'Network',
  'run',
  'defaultclock',
  'seed',
  'ms',
  'mV',
  'second',
  'volt',
  'amp',
  'nA',
  'pA',
  'nS',
  'siemens',
  'ohm',
  'Mohm',
  'pF',
  'farad',
  'Hz',
  'metre',
  'umetre',
  'cm',
  'print',
  'range',
  'len',
  'int',
  'float',
  'np',
  'numpy',
  'linspace',
  'arange',
  'array',
  'zeros',
  'ones',
  'exp',
  'sqrt',
];

function dictSet(keys: Value[], values: Value[], k: Value, v: Value): void {
  const idx = keys.findIndex((x) => equalValues(x, k));
  if (idx >= 0) values[idx] = v;
  else {
    keys.push(k);
    values.push(v);
  }
}

function dedupe(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const x of items) if (!out.some((y) => equalValues(x, y))) out.push(x);
  return out;
}

function formatSpec(v: Value, spec: string | null, conversion: string | null): string {
  if (conversion === 'r' && v.t === 'str') return `'${v.v}'`;
  if (!spec) return displayValue(v);
  const m = /^([<>^=]?)([+\- ]?)(0?)(\d*)(?:\.(\d+))?([a-zA-Z%]?)$/.exec(spec);
  if (!m) return displayValue(v);
  const conv = m[6] || 's';
  const width = m[4] ? Number(m[4]) : undefined;
  const flags = (m[2] ?? '') + (m[3] ? '0' : '') + (m[1] === '<' ? '-' : '');
  return formatOne(v, conv === 's' ? 's' : conv, flags, width, m[5] !== undefined ? Number(m[5]) : undefined);
}

/** Source text of an expression, for messages. */
export function exprText(ctx: EvalContext, e: Expr): string {
  return ctx.source.text.slice(e.loc.start, e.loc.end);
}

/** Whether a function body contains `yield` (not counting functions defined in it). */
function isGenerator(body: Stmt[]): boolean {
  const visit = (st: Stmt): boolean => {
    switch (st.kind) {
      case 'Yield':
        return true;
      case 'If':
      case 'For':
      case 'While':
        return [...st.body, ...st.orelse].some(visit);
      case 'With':
        return st.body.some(visit);
      case 'Try':
        return [...st.body, ...st.handlers.flatMap((h) => h.body), ...st.orelse, ...st.finalbody].some(visit);
      default:
        return false;
    }
  };
  return body.some(visit);
}

/** Calls that only show their arguments: print, plotting (inert callables), logging and warnings. */
function isOutput(fn: Value): boolean {
  if (fn.t === 'inert') return true;
  if (fn.t === 'builtin') return fn.name === 'print' || fn.name === 'display';
  if (fn.t === 'unknown' && fn.module) return /^(logging|warnings|pprint)\./.test(fn.module);
  return false;
}

/** Bind every name a statement (and its blocks) sets to `value` (see speculate). */
function bindTargets(stmt: Stmt, scope: Scope, value: Value): void {
  const bind = (t: Expr) => {
    if (t.kind === 'Name') scope.set(t.id, value);
    else if (t.kind === 'Tuple' || t.kind === 'List') t.elts.forEach(bind);
    else if (t.kind === 'Starred') bind(t.value);
  };
  const visit = (st: Stmt): void => {
    switch (st.kind) {
      case 'Assign':
        st.targets.forEach(bind);
        return;
      case 'AugAssign':
      case 'AnnAssign':
        bind(st.target);
        return;
      case 'For':
        bind(st.target);
        [...st.body, ...st.orelse].forEach(visit);
        return;
      case 'While':
      case 'If':
        [...st.body, ...st.orelse].forEach(visit);
        return;
      case 'With':
        for (const item of st.items) if (item.target) bind(item.target);
        st.body.forEach(visit);
        return;
      case 'Try':
        for (const h of st.handlers) if (h.name) scope.set(h.name, value);
        [...st.body, ...st.handlers.flatMap((h) => h.body), ...st.orelse, ...st.finalbody].forEach(visit);
        return;
      case 'FunctionDef':
      case 'ClassDef':
        scope.set(st.name, value);
        return;
      case 'Import':
      case 'ImportFrom':
        for (const n of st.names) if (n.name !== '*') scope.set(n.asname ?? n.name.split('.')[0]!, value);
        return;
      default:
        return;
    }
  };
  visit(stmt);
}

/**
 * After an error, bind every name the statement would have set (also inside its blocks) to a silent
 * unknown, so later uses do not report the same problem again as unknown names.
 */
function poisonTargets(stmt: Stmt, scope: Scope, why: string): void {
  void why;
  const silent = (loc: Loc): Value => ({ t: 'unknown', why: '', loc });
  const poison = (t: Expr) => {
    if (t.kind === 'Name') scope.set(t.id, silent(t.loc));
    else if (t.kind === 'Tuple' || t.kind === 'List') t.elts.forEach(poison);
    else if (t.kind === 'Starred') poison(t.value);
  };
  const visit = (st: Stmt): void => {
    switch (st.kind) {
      case 'Assign':
        st.targets.forEach(poison);
        return;
      case 'AugAssign':
      case 'AnnAssign':
        poison(st.target);
        return;
      case 'For':
        poison(st.target);
        [...st.body, ...st.orelse].forEach(visit);
        return;
      case 'While':
      case 'If':
        [...st.body, ...st.orelse].forEach(visit);
        return;
      case 'With':
        for (const item of st.items) if (item.target) poison(item.target);
        st.body.forEach(visit);
        return;
      case 'Try':
        [...st.body, ...st.handlers.flatMap((h) => h.body), ...st.orelse, ...st.finalbody].forEach(visit);
        return;
      case 'FunctionDef':
      case 'ClassDef':
        scope.set(st.name, silent(st.loc));
        return;
      case 'Import':
      case 'ImportFrom':
        for (const n of st.names) if (n.name !== '*') scope.set(n.asname ?? n.name.split('.')[0]!, silent(n.loc));
        return;
      default:
        return;
    }
  };
  visit(stmt);
}

// Imports live in their own module to keep the module table apart from the evaluator.
import { importStatement } from './modules.js';
export { size, rangeLength };
