// Brian2's networks: which objects each run(), store() and restore() of the script acts on, and the
// time each run starts from. Brian2 decides this while the script runs (core/magic.py, core/network.py);
// the decision depends only on what the script calls and which objects are bound to names at the call,
// which the reader records (NetworkCall), so it is replayed here, action by action:
// - every object belongs to the first network that runs it; another network running it is a
//   RuntimeError in Brian2;
// - run()/store()/restore() without a Network use the magic network: it collects the objects bound to a
//   name in the calling frame, created since the last start_scope(). All new → a new simulation from
//   t = 0; all run before in the current one → it continues; both (monitors aside) → MagicError;
// - a synapse or monitor whose group is not in the network is deactivated with a warning by the magic
//   network (for good: `active` stays False) and refused with a ValueError by a Network;
// - each network has its own time t; run(d) runs from t to t + d (floats added as Brian2 adds them)
//   and leaves t there; store() saves t with the objects' state, restore() puts both back, and needs
//   exactly the objects that were stored (Brian2 raises KeyError otherwise).

import type { Brian2Object, EvaluatedScript, Namespace, NetworkObj, ScriptAction } from '../1-read/brian2/objects.js';
import { groupSlice, MAGIC_KINDS } from '../1-read/brian2/objects.js';
import { magicObjects } from '../1-read/brian2/constructors.js';
import type { Value } from '../1-read/values.js';
import { sameDim, SECOND } from '../units/dimension.js';
import type { BuildContext } from './context.js';
import type { NetworkIR } from './ir.js';

/** Brian2's Clock._calc_timestep: round when within 1e-4·dt, otherwise round up. */
export function timestepOf(t: number, dt: number): number {
  const i = Math.round(t / dt);
  if (i * dt === t || Math.abs(i * dt - t) / dt <= 1e-4) return i;
  return Math.ceil(t / dt);
}

/** The id of Brian2's magic network in the IR (Brian2 names it `magicnetwork`). */
export const MAGIC_NETWORK = 'magicnetwork';

/** What one run(), store() or restore() acts on. */
export interface NetworkCallPlan {
  /** NetworkIR id. */
  network: string;
  /**
   * For a run: the objects that take part (the network's active objects); for store/restore: every
   * object of the network (whose state is saved or put back).
   */
  objects: Brian2Object[];
  /** For a run: the network's time when it starts and the default clock's steps (Brian2's Clock rounding). */
  start: number;
  startStep: number;
  steps: number;
}

export interface NetworkPlan {
  networks: NetworkIR[];
  /** By the script action (run/store/restore). */
  calls: Map<ScriptAction, NetworkCallPlan>;
  /** Per object: the number of the first run() it takes part in (among the script's runs). */
  firstRun: Map<Brian2Object, number>;
  /** Objects Brian2 sets inactive (a magic run that does not see what they need); a note says so. */
  inactive: Set<Brian2Object>;
  /** Notes for the user (objects Brian2 deactivates or leaves out). */
  notes: { message: string; loc: ScriptAction['loc'] }[];
}

type NetCall = Extract<ScriptAction, { kind: 'run' | 'store' | 'restore' }>;

interface NetState {
  key: string;
  t: number;
  stored: Map<string, { t: number; objects: Set<Brian2Object> }>;
}

/**
 * `'G' (neurongroup_1, line 12)`: the name bound to it where the script calls (else the first name it
 * was bound to) and Brian2's name tell apart objects made by the same line.
 */
function label(o: Brian2Object, ctx: BuildContext, ns?: Namespace): string {
  const line = ctx.span(o.loc).line;
  let name = o.pyName;
  for (const [k, v] of ns ?? []) {
    if (v.t === 'object' && v.obj === o) {
      name = k;
      break;
    }
  }
  return name && name !== o.name ? `'${name}' (${o.name}, line ${line})` : `'${o.name}' (line ${line})`;
}

function list(objs: Brian2Object[], ctx: BuildContext, ns?: Namespace, max = 3): string {
  const shown = objs
    .slice(0, max)
    .map((o) => label(o, ctx, ns))
    .join(', ');
  return objs.length > max ? `${shown} and ${objs.length - max} more` : shown;
}

/** The objects an object needs in its network (Brian2's `_dependencies`: a subgroup counts as its group). */
function dependencies(o: Brian2Object): Brian2Object[] {
  // Synapses on synapses need the other Synapses object itself.
  if (o.kind === 'Synapses') return [o.source, o.target].map((e) => (e.kind === 'Synapses' ? e : groupSlice(e).group));
  if (o.kind === 'SpikeMonitor' || o.kind === 'EventMonitor' || o.kind === 'StateMonitor' || o.kind === 'PopulationRateMonitor') {
    return [o.source.kind === 'Synapses' ? o.source : groupSlice(o.source).group];
  }
  return [];
}

/** Monitors do not make the magic network start a new simulation (`invalidates_magic_network = False`). */
function invalidates(o: Brian2Object): boolean {
  return !(o.kind === 'SpikeMonitor' || o.kind === 'EventMonitor' || o.kind === 'StateMonitor' || o.kind === 'PopulationRateMonitor');
}

function duration(v: Value): number | null {
  return v.t === 'num' && sameDim(v.dim, SECOND) && v.v >= 0 ? v.v : null;
}

export function planNetworks(script: EvaluatedScript, ctx: BuildContext): NetworkPlan {
  const networks: NetworkIR[] = [];
  const calls = new Map<ScriptAction, NetworkCallPlan>();
  const firstRun = new Map<Brian2Object, number>();
  const notes: NetworkPlan['notes'] = [];
  /** The network each object belongs to (Brian2's `obj._network`): a NetState key. */
  const owner = new Map<Brian2Object, string>();
  /** The number of script actions before the call that made an object a network's (for net.add() errors). */
  const ownedSince = new Map<Brian2Object, number>();
  const inactive = new Set<Brian2Object>();
  const explicit = new Map<NetworkObj, NetState>();
  // Brian2's one magic network; `epoch` counts its new simulations (its id changes with each).
  const magic: NetState & { epoch: number } = { key: `${MAGIC_NETWORK}#0`, t: 0, stored: new Map(), epoch: 0 };
  let runCount = 0;
  // Errors of a script that failed to read are not reported: names bound by failed statements are missing.
  const fail = (loc: NetCall['loc'], detail: string, hint: string) => {
    if (!script.incomplete) ctx.attempt(() => ctx.fail('brian2-raises', loc, { detail, hint }));
  };

  const networkOf = (a: NetCall): NetState => {
    if (!a.network) {
      if (!networks.some((n) => n.id === MAGIC_NETWORK)) networks.push({ id: MAGIC_NETWORK, kind: 'magic', pyName: null, span: ctx.span(a.loc) });
      return magic;
    }
    let st = explicit.get(a.network);
    if (!st) {
      st = { key: a.network.name, t: 0, stored: new Map() };
      explicit.set(a.network, st);
      networks.push({ id: a.network.name, kind: 'explicit', pyName: a.network.pyName, span: ctx.span(a.network.loc) });
    }
    return st;
  };

  for (const [index, a] of script.actions.entries()) {
    if (a.kind !== 'run' && a.kind !== 'store' && a.kind !== 'restore') continue;
    const net = networkOf(a);
    const id = a.network ? a.network.name : MAGIC_NETWORK;
    const what = `${a.network ? `${a.network.pyName ?? 'net'}.` : ''}${a.kind}()`;
    const ns = a.kind === 'run' ? a.ns : undefined;
    const own = (o: Brian2Object, key: string) => {
      owner.set(o, key);
      ownedSince.set(o, index);
    };
    let objects: Brian2Object[];
    if (!a.network) {
      objects = [...new Set(magicObjects(a.visible, a.scope))];
      const known = objects.filter((o) => owner.get(o) === magic.key);
      const fresh = objects.filter((o) => !owner.has(o) && invalidates(o));
      if (known.length && fresh.length) {
        fail(
          a.loc,
          `Brian2's ${what} raises MagicError here: the objects it collects mix ones that ran before (${list(known, ctx, ns)}) with new ones (${list(fresh, ctx, ns)}), so it cannot tell whether to continue the simulation or start a new one`,
          'create every object before the first run(), call start_scope() before creating the new objects, or use explicit Network objects',
        );
      } else if (fresh.length) {
        // All new: a new simulation (Brian2 resets the time and gives the magic network a new id).
        magic.epoch++;
        magic.key = `${MAGIC_NETWORK}#${magic.epoch}`;
        magic.t = 0;
      }
      for (const o of objects) if (!owner.has(o)) own(o, magic.key);
    } else {
      objects = [...new Set(a.members!.filter((o) => MAGIC_KINDS.has(o.kind)))];
    }

    if (a.kind === 'run') {
      const ids = new Set(objects);
      for (const o of objects) {
        if (inactive.has(o)) continue;
        const missing = dependencies(o).filter((d) => !ids.has(d));
        if (!missing.length) continue;
        if (a.network) {
          fail(
            a.loc,
            `Brian2's ${a.network.pyName ?? 'net'}.run() raises ValueError here: ${label(o, ctx, ns)} is in the network but not ${list(missing, ctx, ns)}, which it needs`,
            `add ${missing.map((m) => m.pyName ?? m.name).join(', ')} to the Network`,
          );
        } else {
          // Brian2 warns and sets the object inactive, for this and every later run.
          inactive.add(o);
          notes.push({
            message: `${label(o, ctx, ns)} does not take part in this run or any later one: run() does not see ${list(missing, ctx, ns)}, which it needs (Brian2 warns and sets it inactive)`,
            loc: a.loc,
          });
        }
      }
      for (const o of objects) {
        const mine = a.network ? net.key : magic.key;
        const other = owner.get(o);
        // Brian2's net.add() (and Network(...)) already refuses an object that has been simulated.
        const added = a.network?.additions.find((x) => x.obj === o && x.actionsBefore > (ownedSince.get(o) ?? Infinity));
        if (other === undefined) own(o, mine);
        else if (other !== mine && added) {
          fail(
            added.loc,
            `Brian2 raises RuntimeError here: ${label(o, ctx, ns)} has already been simulated (by the ${script.actions[ownedSince.get(o)!]!.kind}() at line ${ctx.span(script.actions[ownedSince.get(o)!]!.loc).line}), so it cannot be added to another network`,
            'add it to the network that ran it, or build a new object for this network',
          );
        } else if (other !== mine) {
          fail(
            a.loc,
            `Brian2's ${what} raises RuntimeError here: ${label(o, ctx, ns)} has already been run in ${other.startsWith(MAGIC_NETWORK) ? (a.network ? 'run() without a Network' : 'an earlier simulation of run()') : `the Network '${other}'`}, and an object can only belong to one network`,
            a.network
              ? 'give each Network objects of its own, or use net.add()/net.remove() on one Network'
              : 'rebind or delete the old objects (or call start_scope()) before creating the new ones',
          );
        }
      }
      const d = duration(a.duration);
      const start = net.t;
      let startStep = timestepOf(start, ctx.dt);
      let steps = 0;
      if (d !== null) {
        const end = start + d;
        steps = Math.max(0, timestepOf(end, ctx.dt) - startStep);
        net.t = end;
      } else startStep = timestepOf(start, ctx.dt);
      const active = objects.filter((o) => !inactive.has(o));
      for (const o of active) if (!firstRun.has(o)) firstRun.set(o, runCount);
      calls.set(a, { network: id, objects: active, start, startStep, steps });
      runCount++;
    } else if (a.kind === 'store') {
      net.stored.set(a.name, { t: net.t, objects: new Set(objects) });
      calls.set(a, { network: id, objects, start: net.t, startStep: timestepOf(net.t, ctx.dt), steps: 0 });
    } else {
      const saved = net.stored.get(a.name);
      const call = `${a.network ? `${a.network.pyName ?? 'net'}.` : ''}${a.name === 'default' ? 'restore()' : `restore('${a.name}')`}`;
      if (!saved) {
        fail(
          a.loc,
          `${call} comes before any store(${a.name === 'default' ? '' : `'${a.name}'`}) of this network (Brian2 raises KeyError)`,
          `call store(${a.name === 'default' ? '' : `'${a.name}'`}) on the same network first`,
        );
      } else {
        const extra = objects.filter((o) => !saved.objects.has(o));
        const gone = [...saved.objects].filter((o) => !objects.includes(o));
        if (extra.length)
          fail(
            a.loc,
            `Brian2's ${call} raises KeyError here: the stored state has nothing for ${list(extra, ctx)}, created or added after store()`,
            'call store() after creating every object the network will restore',
          );
        else if (gone.length)
          fail(
            a.loc,
            `Brian2's ${call} raises KeyError here: the stored state holds ${list(gone, ctx)}, which ${gone.length > 1 ? 'are' : 'is'} no longer in the network`,
            'restore the network that was stored, with the same objects',
          );
        net.t = saved.t;
      }
      calls.set(a, { network: id, objects, start: net.t, startStep: timestepOf(net.t, ctx.dt), steps: 0 });
    }
  }
  return { networks, calls, firstRun, inactive, notes };
}
