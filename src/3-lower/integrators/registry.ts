// The integration methods by name, and Brian2's default choice when `method=` is not given:
// the first of exact, euler, heun that accepts the equations.

import { exact } from './exact.js';
import { euler, heun, milstein, rk2, rk4 } from './explicit.js';
import { exponentialEuler } from './exponential-euler.js';
import type { Integrator } from './integrator.js';
import type { OdeSystem } from '../system.js';

export const INTEGRATORS: Record<string, Integrator> = {
  exact,
  linear: exact,
  euler,
  rk2,
  rk4,
  heun,
  milstein,
  exponential_euler: exponentialEuler,
};

export const DEFAULT_ORDER = ['exact', 'euler', 'heun'];

export type Choice = { ok: true; integrator: Integrator; reason: string } | { ok: false; reason: string };

export function chooseIntegrator(sys: OdeSystem, requested: string | null): Choice {
  if (requested) {
    const integrator = INTEGRATORS[requested];
    if (!integrator) return { ok: false, reason: `unknown method '${requested}'` };
    const why = integrator.refuse(sys);
    return why ? { ok: false, reason: why } : { ok: true, integrator, reason: `method='${requested}' as requested` };
  }
  const refusals: string[] = [];
  for (const name of DEFAULT_ORDER) {
    const integrator = INTEGRATORS[name]!;
    const why = integrator.refuse(sys);
    if (!why) {
      const reason = refusals.length
        ? `no method given; Brian2 takes the first of exact, euler, heun that accepts the equations, and refused ${refusals.join('; ')}`
        : 'no method given; Brian2 takes the first of exact, euler, heun that accepts the equations';
      return { ok: true, integrator, reason };
    }
    refusals.push(`${name} (${why})`);
  }
  return { ok: false, reason: refusals.join('; ') };
}
