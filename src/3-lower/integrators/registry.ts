// The integration methods by name, and Brian2's default choice when `method=` is not given:
// the first of exact, euler, heun that accepts the equations.

import { exact } from './exact.js';
import { euler, heun, milstein, rk2, rk4 } from './explicit.js';
import { exponentialEuler } from './exponential-euler.js';
import type { Integrator } from './integrator.js';
import type { OdeSystem } from '../system.js';
import type { IntegrationMethod } from '../../2-model/ir.js';

/** One integrator per name of 2-model/ir.ts's INTEGRATION_METHODS (the type makes the list complete). */
export const INTEGRATORS: Record<IntegrationMethod, Integrator> = {
  exact,
  linear: exact,
  euler,
  rk2,
  rk4,
  heun,
  milstein,
  exponential_euler: exponentialEuler,
};

function byName(name: string): Integrator | undefined {
  return Object.hasOwn(INTEGRATORS, name) ? INTEGRATORS[name as IntegrationMethod] : undefined;
}

export const DEFAULT_ORDER = ['exact', 'euler', 'heun'];

export type Choice = { ok: true; integrator: Integrator; reason: string } | { ok: false; reason: string };

/**
 * The method for `sys`: the one requested, the first of a requested list that accepts the equations,
 * or (none requested) the first of Brian2's default order that does.
 */
export function chooseIntegrator(sys: OdeSystem, requested: string | string[] | null): Choice {
  if (typeof requested === 'string') {
    const integrator = byName(requested);
    if (!integrator) return { ok: false, reason: `unknown method '${requested}'` };
    const why = integrator.refuse(sys);
    return why ? { ok: false, reason: why } : { ok: true, integrator, reason: `method='${requested}' as requested` };
  }
  const order = requested ?? DEFAULT_ORDER;
  const intro = requested
    ? `method=[${order.map((m) => `'${m}'`).join(', ')}]: Brian2 takes the first that accepts the equations`
    : 'no method given; Brian2 takes the first of exact, euler, heun that accepts the equations';
  const refusals: string[] = [];
  for (const name of order) {
    const integrator = byName(name);
    if (!integrator) return { ok: false, reason: `unknown method '${name}'` };
    const why = integrator.refuse(sys);
    if (!why) return { ok: true, integrator, reason: refusals.length ? `${intro}, and refused ${refusals.join('; ')}` : intro };
    refusals.push(`${name} (${why})`);
  }
  return { ok: false, reason: `none of ${order.join(', ')} accepts them: ${refusals.join('; ')}` };
}
