// What every integration method provides, as in Brian2's stateupdaters: a check that says why it
// cannot integrate a system (Brian2's UnsupportedEquationsException, which lets the default choice try
// the next method), and the update code for a system it accepts.

import type { SExpr } from '../../symbolic/expr.js';
import type { LHoisted, LStmt } from '../lowered.js';
import { conditionalStatement } from '../refractory.js';
import type { OdeSystem } from '../system.js';

export interface Integration {
  /** Values computed once per segment (propagators). */
  hoisted: LHoisted[];
  /** Temporaries `_x = ...` first, then `x = _x` for every variable. */
  statements: LStmt[];
}

export interface Integrator {
  name: string;
  /** Why this method cannot integrate `sys` (Brian2 refuses it too), or null if it can. */
  refuse(sys: OdeSystem): string | null;
  /**
   * Why Brian2's result for an accepted system cannot be reproduced (e.g. Brian2's formula evaluates to
   * NaN for the values of the script), or null. Unlike a refusal, this does not fall back to another
   * method: Brian2 would not have either.
   */
  unreproducible?(sys: OdeSystem, context: IntegrationContext): string | null;
  /** The update code; throws Unsupported for what the converter cannot lower. */
  integrate(sys: OdeSystem, context: IntegrationContext): Integration;
}

export interface IntegrationContext {
  /** Whether a value keeps its value for a whole segment (constants, dt, parameters nobody writes). */
  isSegmentConstant(e: SExpr): boolean;
  /** A fresh name for a hoisted value, unique within the group. */
  hoistName(base: string): string;
  /**
   * Values a symbol can take during the simulation when they are known at conversion time (external
   * constants: one value per run; dt), else undefined.
   */
  knownValues?(s: { name: string; role: string }): number[] | undefined;
}

/** Something Brian2 can integrate that the converter does not lower (a located 'unsupported' error). */
export class Unsupported extends Error {}

/**
 * Statements `x = _x` that follow the temporaries. A variable flagged `(unless refractory)` is only
 * written where the neuron is not refractory: Brian2 marks it for a conditional write on
 * not_refractory, which every code block except the reset obeys.
 */
export function commit(vars: string[], sys?: Pick<OdeSystem, 'unlessRefractory'>): LStmt[] {
  return vars.map((v) => {
    const s: LStmt = { target: v, op: '=', expr: { k: 'sym', name: `_${v}`, role: 'temp' } };
    return sys?.unlessRefractory.has(v) ? conditionalStatement(s) : s;
  });
}
