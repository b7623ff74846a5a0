// Name tables: what a name in a Brian2 string means for a given object. Variables come from the
// object's equations plus Brian2's implicit ones (i, N, t, dt, lastspike, not_refractory, ...);
// external names come from `namespace=` if given, else from the script's namespace at run().

import type { Namespace } from '../1-read/brian2/objects.js';
import type { Value } from '../1-read/values.js';
import { sym } from '../symbolic/expr.js';
import { DIMENSIONLESS, SECOND, type Dim } from '../units/dimension.js';
import type { BuildEnv } from './env.js';
import { type EquationDecl, noisySubexpressions } from './equations.js';
import type { NameTable, VarInfo } from './resolve.js';
import { BRIAN2_FUNCTIONS } from './resolve.js';

export function variableTable(decls: EquationDecl[], extra: Record<string, VarInfo>): Map<string, VarInfo> {
  const vars = new Map<string, VarInfo>();
  for (const [k, v] of Object.entries(extra)) vars.set(k, v);
  const noisy = noisySubexpressions(decls);
  for (const d of decls) {
    const noise = noisy.get(d.ast.name);
    vars.set(d.ast.name, { sym: sym(d.ast.name), dim: d.dim, type: d.type, ...(noise ? { noise } : {}) });
  }
  return vars;
}

/** Implicit variables of every neuron group. */
export function neuronSpecials(hasRefractory: boolean): Record<string, VarInfo> {
  const s: Record<string, VarInfo> = {
    t: { sym: sym('t', 'special'), dim: SECOND, type: 'float' },
    dt: { sym: sym('dt', 'special'), dim: SECOND, type: 'float' },
    t_in_timesteps: { sym: sym('t_in_timesteps', 'special'), dim: DIMENSIONLESS, type: 'integer' },
    i: { sym: sym('i', 'special'), dim: DIMENSIONLESS, type: 'integer' },
    N: { sym: sym('N', 'special'), dim: DIMENSIONLESS, type: 'integer' },
  };
  if (hasRefractory) {
    s.lastspike = { sym: sym('lastspike'), dim: SECOND, type: 'float' };
    s.not_refractory = { sym: sym('not_refractory'), dim: DIMENSIONLESS, type: 'boolean' };
  }
  return s;
}

export interface NameTableOptions {
  variables: Map<string, VarInfo>;
  /** `namespace=` of the object plus Equations(...) value substitutions: fixed for all runs. */
  fixed: Map<string, Value> | null;
  /** The script's names where the code is evaluated (a run() or the assignment). */
  namespace: Namespace;
  runIndex: number;
  constants: 'symbol' | 'inline';
  random: boolean;
}

export function nameTable(env: BuildEnv, o: NameTableOptions): NameTable {
  return {
    variable: (name) => o.variables.get(name) ?? null,
    external: (name) => {
      const f = o.fixed?.get(name);
      if (f !== undefined) return { value: f, fixed: true };
      const v = o.namespace.get(name);
      return v === undefined ? undefined : { value: v, fixed: false };
    },
    constants: o.constants,
    runIndex: o.runIndex,
    random: o.random,
    noise: false,
    names: () => [...o.variables.keys(), ...(o.fixed?.keys() ?? []), ...o.namespace.keys(), ...BRIAN2_FUNCTIONS],
    timedArray: (value) => env.timedArray(value),
  };
}
