// State of the model builder: the source for spans, diagnostics, and the tables shared between
// objects (constants, timed arrays, names of objects).

import type { Loc } from '../../grammars/ast.js';
import { CompileError, diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { MessageCode } from '../diagnostics/messages.js';
import type { SourceFile, Span } from '../diagnostics/source.js';
import type { ClockObj, EvaluatedScript } from '../1-read/brian2/objects.js';
import { Constants } from './constants.js';

export class BuildContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly constants: Constants;
  /** defaultclock.dt in seconds when the first run starts (ModelIR.dt). */
  dt = 1e-4;

  constructor(
    readonly source: SourceFile,
    readonly script: EvaluatedScript,
  ) {
    this.constants = new Constants(this);
  }

  /**
   * A clock's dt (seconds) after the first `before` script actions: its dt at creation changed by the
   * `clock.dt = x` actions among them (the reader checked each is a positive time). Without `before`:
   * at the end of the script.
   */
  dtAt(clock: ClockObj, before = this.script.actions.length): number {
    let dt = clock.dt?.value.t === 'num' ? clock.dt.value.v : 1e-4;
    for (const a of this.script.actions.slice(0, before)) if (a.kind === 'clock-dt' && a.clock === clock && a.value.t === 'num') dt = a.value.v;
    return dt;
  }

  span(loc: Loc): Span {
    return this.source.span(loc.start, loc.end);
  }

  text(loc: Loc): string {
    return this.source.text.slice(loc.start, loc.end);
  }

  fail(code: MessageCode, loc: Loc | null, params: Record<string, string | number> = {}): never {
    throw new CompileError(diagnostic(code, loc ? this.span(loc) : null, params));
  }

  /** Run `f`; on a located error, record it and return null (so independent errors are all reported). */
  attempt<T>(f: () => T): T | null {
    try {
      return f();
    } catch (e) {
      if (e instanceof CompileError) {
        this.diagnostics.push(...e.diagnostics);
        return null;
      }
      throw e;
    }
  }
}
