// What every integration method provides, as in Brian2's stateupdaters: a check that says why it
// cannot integrate a system (or nothing), and the update code for a system it accepts.

import type { SExpr } from '../../symbolic/expr.js';
import type { LHoisted, LStmt } from '../lowered.js';
import type { OdeSystem } from '../system.js';

export interface Integration {
  /** Values computed once per segment (propagators). */
  hoisted: LHoisted[];
  /** Temporaries `_x = ...` first, then `x = _x` for every variable. */
  statements: LStmt[];
}

export interface Integrator {
  name: string;
  /** Why this method cannot integrate `sys`, or null if it can. */
  refuse(sys: OdeSystem): string | null;
  integrate(sys: OdeSystem, context: IntegrationContext): Integration;
}

export interface IntegrationContext {
  /** Whether a symbol keeps its value for a whole segment (constants, dt, parameters nobody writes). */
  isSegmentConstant(e: SExpr): boolean;
  /** A fresh name for a hoisted value, unique within the group. */
  hoistName(base: string): string;
}

/** Statements `x = _x` that follow the temporaries. */
export function commit(vars: string[]): LStmt[] {
  return vars.map((v) => ({ target: v, op: '=', expr: { k: 'sym', name: `_${v}`, role: 'temp' } }));
}
