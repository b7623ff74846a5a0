// What names mean in the code of a Synapses object, as Brian2 builds its variable table: the synapses'
// own variables and special names first (t, dt, i, j, N = number of synapses, N_pre, N_post,
// N_incoming, N_outgoing, lastupdate), then every variable of the source as `x_pre` and of the target
// as `x_post`, and finally the target's variables without suffix where no other name is in the way.

import { sym } from '../symbolic/expr.js';
import { DIMENSIONLESS, SECOND } from '../units/dimension.js';
import type { GroupInfo } from './groups.js';
import type { VarInfo } from './resolve.js';

/** What a name in synaptic code refers to. */
export type SynapticName =
  | { owner: 'syn'; name: string; info: VarInfo }
  | { owner: 'special'; name: string; info: VarInfo }
  | { owner: 'pre' | 'post'; name: string; info: VarInfo; kind: GroupInfo['kinds'] extends Map<string, infer K> ? K : never; shared: boolean; linked: boolean };

export const SYNAPTIC_SPECIALS: Record<string, VarInfo> = {
  t: { sym: sym('t', 'special'), dim: SECOND, type: 'float' },
  dt: { sym: sym('dt', 'special'), dim: SECOND, type: 'float' },
  t_in_timesteps: { sym: sym('t_in_timesteps', 'special'), dim: DIMENSIONLESS, type: 'integer' },
  i: { sym: sym('i', 'special'), dim: DIMENSIONLESS, type: 'integer' },
  j: { sym: sym('j', 'special'), dim: DIMENSIONLESS, type: 'integer' },
  N: { sym: sym('N', 'special'), dim: DIMENSIONLESS, type: 'integer' },
  N_pre: { sym: sym('N_pre', 'special'), dim: DIMENSIONLESS, type: 'integer' },
  N_post: { sym: sym('N_post', 'special'), dim: DIMENSIONLESS, type: 'integer' },
  N_incoming: { sym: sym('N_incoming', 'special'), dim: DIMENSIONLESS, type: 'integer' },
  N_outgoing: { sym: sym('N_outgoing', 'special'), dim: DIMENSIONLESS, type: 'integer' },
  // The synapses' own delay (of the pre pathway): it shadows a target variable called delay, as in
  // Brian2. Code cannot read it here (synapses.ts refuses that); `delay_post` is the target's.
  delay: { sym: sym('delay', 'special'), dim: SECOND, type: 'float' },
};

/** How a group's special name reads from the synapses (`i_pre` is the synapse's `i`, `N_post` its N_post). */
function sideSpecial(name: string, side: 'pre' | 'post'): VarInfo | null {
  switch (name) {
    case 't':
    case 'dt':
    case 't_in_timesteps':
      return SYNAPTIC_SPECIALS[name]!;
    case 'i':
      return SYNAPTIC_SPECIALS[side === 'pre' ? 'i' : 'j']!;
    case 'N':
      return SYNAPTIC_SPECIALS[side === 'pre' ? 'N_pre' : 'N_post']!;
    default:
      return null;
  }
}

/**
 * The table of names for a Synapses object. `own` are its variables (parameters, differential
 * variables, lastupdate, non-summed subexpressions).
 */
export function synapticNames(own: Map<string, VarInfo>, source: GroupInfo, target: GroupInfo): Map<string, SynapticName> {
  const table = new Map<string, SynapticName>();
  for (const [name, info] of Object.entries(SYNAPTIC_SPECIALS)) table.set(name, { owner: 'special', name, info });
  for (const [name, info] of own) table.set(name, { owner: 'syn', name, info });
  const addSide = (g: GroupInfo, side: 'pre' | 'post', suffixed: boolean) => {
    for (const [name, info] of g.variables) {
      const key = suffixed ? `${name}_${side}` : name;
      if (table.has(key)) continue;
      // Synapses on synapses: `i_pre` is the other synapses' own i (a neuron index), not this object's.
      const special = g.groupKind === 'Synapses' && (name === 'i' || name === 'N') ? null : sideSpecial(name, side);
      if (special) {
        table.set(key, { owner: 'special', name: special.sym.k === 'sym' ? special.sym.name : name, info: special });
        continue;
      }
      const kind = g.kinds.get(name) ?? 'internal';
      table.set(key, { owner: side, name, info: { ...info, sym: sym(name, 'var', side) }, kind, shared: g.shared.has(name), linked: g.linked.has(name) });
    }
  };
  addSide(source, 'pre', true);
  addSide(target, 'post', true);
  addSide(target, 'post', false);
  return table;
}

export function variablesOf(table: Map<string, SynapticName>): Map<string, VarInfo> {
  return new Map([...table].map(([k, v]) => [k, v.info]));
}
