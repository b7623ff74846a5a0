// Brian2's clocks in the IR: which clock every object (and every object it contains) runs on, and, for
// each run(), the clocks of the objects that take part with the dt each has then and the steps
// Brian2's set_interval gives it. The script's `clock.dt = x` changes are replayed in order with
// Brian2's own checks (core/clocks.py): check_dt when a clock's dt changed since it last ran
// (ValueError if the network's time is not a multiple of the new dt), store() saving and restore()
// putting back the clocks' dt, a PoissonInput refusing a dt other than the one it was made with.

import type { Brian2Object, ClockObj, ScriptAction } from '../1-read/brian2/objects.js';
import { clockOf } from '../1-read/brian2/objects.js';
import { DEFAULT_CLOCK } from '../1-read/brian2/default-clock.js';
import { type NetworkPlan, timestepOf } from './networks.js';
import type { BuildContext } from './context.js';
import type { ActionIR, ClockIR, GroupIR, MonitorIR, PoissonInputIR, RunClockIR, RunIR, SynapsesIR } from './ir.js';

/** Brian2's Clock.epsilon_dt: times closer than this fraction of dt are the same time. */
export const EPSILON_DT = 1e-4;

/** numpy's round(): halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Brian2's check_dt: can the time t be represented with the new dt as well as with the old one? */
export function dtFits(newDt: number, oldDt: number, t: number): boolean {
  const oldT = roundHalfEven(t / oldDt) * oldDt;
  const newT = roundHalfEven(t / newDt) * newDt;
  return !(Math.abs(newT - oldT) / newDt > EPSILON_DT);
}

/** Seconds for messages: `0.15 ms`, `100 us`, as a person writes them. */
function seconds(v: number): string {
  const units: [number, string][] = [
    [1, 's'],
    [1e-3, 'ms'],
    [1e-6, 'us'],
  ];
  for (const [scale, name] of units) if (Math.abs(v) >= scale || scale === 1e-6) return `${Number((v / scale).toPrecision(12))} ${name}`;
  return `${v} s`;
}

export interface ModelParts {
  groups: GroupIR[];
  synapses: SynapsesIR[];
  poissonInputs: PoissonInputIR[];
  monitors: MonitorIR[];
  /** Network operations run on the default clock's steps (their own dt, a multiple of it: 3-lower/network-operations.ts). */
  networkOperations?: { id: string }[];
}

/** The clocks of one IR object and of what it contains (Brian2's contained objects), by ClockIR id. */
export function clocksOfObject(id: string, parts: ModelParts, clockOfGroup: (ref: string) => string | undefined): string[] {
  const g = parts.groups.find((x) => x.id === id);
  if (g) return [g.clock, ...(g.kind === 'NeuronGroup' || g.kind === 'SpatialNeuron' || g.kind === 'PoissonGroup' ? g.runRegularly.map((r) => r.clock) : [])];
  const s = parts.synapses.find((x) => x.id === id);
  if (s) {
    const out = [s.clock];
    // Pathways run on the clock of the group whose events trigger them, summed variables on the clock of the group they write.
    for (const p of s.pathways) out.push(clockOfGroup((p.trigger === 'pre' ? s.source : s.target).group) ?? s.clock);
    for (const e of s.equations) if (e.flags.includes('summed')) out.push(clockOfGroup((e.name.endsWith('_pre') ? s.source : s.target).group) ?? s.clock);
    return out;
  }
  const p = parts.poissonInputs.find((x) => x.id === id);
  // (A group whose building failed, with its error reported, has no clock: nothing to add for it.)
  const defined = (c: string | undefined): string[] => (c === undefined ? [] : [c]);
  if (p) return defined(clockOfGroup(p.target.group));
  const m = parts.monitors.find((x) => x.id === id);
  if (m) return defined(m.kind === 'StateMonitor' ? m.clock : clockOfGroup(m.source.group));
  if (parts.networkOperations?.some((o) => o.id === id)) return [DEFAULT_CLOCK.name];
  return [];
}

/** The clocks of some IR objects (and of what they contain), in the order of `order` (ModelIR.clocks). */
export function clocksOfObjects(ids: string[], parts: ModelParts, order: string[]): string[] {
  const groupClock = new Map<string, string>([
    ...parts.groups.map((g) => [g.id, g.clock] as [string, string]),
    ...parts.synapses.map((s) => [s.id, s.clock] as [string, string]),
  ]);
  const used = new Set(ids.flatMap((id) => clocksOfObject(id, parts, (g) => groupClock.get(g))));
  return order.filter((c) => used.has(c));
}

interface ClockState {
  obj: ClockObj;
  dt: number;
  /** Brian2's Clock._old_dt: the dt before the last assignment, until a run (or store) has checked it. */
  oldDt: number | null;
  /** Its dt in the first run that uses it. */
  firstDt: number | null;
}

/**
 * The clocks of the model (ModelIR.clocks) and, filled in place, every run's `clocks` and the default
 * clock's `startStep`/`steps` with its dt at that run. `irOf` maps the script's run/store/restore actions
 * to the IR actions built from them. Brian2's errors (check_dt, a PoissonInput whose dt changed) are
 * located at the run.
 */
export function planClocks(
  script: { objects: Brian2Object[]; actions: ScriptAction[] },
  irOf: Map<ScriptAction, ActionIR>,
  plan: NetworkPlan,
  parts: ModelParts,
  ctx: BuildContext,
): { clocks: ClockIR[]; dt: number } {
  const objs = new Map<string, ClockObj>([[DEFAULT_CLOCK.name, DEFAULT_CLOCK]]);
  for (const o of script.objects) if (o.kind === 'Clock') objs.set(o.name, o);
  const states = new Map<string, ClockState>();
  const state = (id: string): ClockState => {
    let st = states.get(id);
    if (!st) {
      const obj = objs.get(id)!;
      st = { obj, dt: obj.dt?.value.t === 'num' ? obj.dt.value.v : 1e-4, oldDt: null, firstDt: null };
      states.set(id, st);
    }
    return st;
  };
  state(DEFAULT_CLOCK.name);
  const groupClock = new Map<string, string>([
    ...parts.groups.map((g) => [g.id, g.clock] as [string, string]),
    ...parts.synapses.map((s) => [s.id, s.clock] as [string, string]),
  ]);
  // Every clock an object of the IR uses, in the order the objects come (defaultclock first).
  const order: string[] = [DEFAULT_CLOCK.name];
  const use = (id: string) => {
    if (!order.includes(id)) order.push(id);
  };
  for (const id of [
    ...parts.groups.map((g) => g.id),
    ...parts.synapses.map((s) => s.id),
    ...parts.poissonInputs.map((p) => p.id),
    ...parts.monitors.map((m) => m.id),
    ...(parts.networkOperations ?? []).map((o) => o.id),
  ]) {
    clocksOfObject(id, parts, (g) => groupClock.get(g)).forEach(use);
  }
  for (const id of order) state(id);
  const clocksOf = (ids: string[]) => clocksOfObjects(ids, parts, order);
  // The dt a PoissonInput was made with: Brian2 fixes its binomial's p = rate*dt then.
  const inputDt = new Map<string, number>();
  for (const o of script.objects) if (o.kind === 'PoissonInput') inputDt.set(o.name, ctx.dtAt(clockOf(o)!, o.actionsBefore));

  /** Brian2's Clock._set_t_update_dt: check a changed dt against the network's time. */
  const setTime = (id: string, t: number, a: ScriptAction) => {
    const st = state(id);
    if (st.oldDt === null || st.dt === st.oldDt) return;
    const old = st.oldDt;
    st.oldDt = null;
    if (!dtFits(st.dt, old, t)) {
      const change = [...script.actions.slice(0, script.actions.indexOf(a))].reverse().find((x) => x.kind === 'clock-dt' && x.clock === st.obj);
      ctx.attempt(() =>
        ctx.fail('brian2-raises', a.loc, {
          detail: `Brian2 raises ValueError here: the dt of ${st.obj.pyName ?? st.obj.name} was changed from ${seconds(old)} to ${seconds(st.dt)}${change ? ` (line ${ctx.span(change.loc).line})` : ''}, but the time ${seconds(t)} is not a multiple of ${seconds(st.dt)}`,
          hint: `change dt only when the network's time is a multiple of the new dt (here: a run that ends at a multiple of ${seconds(st.dt)})`,
        }),
      );
    }
  };
  const stored = new Map<string, Map<string, number>>();
  let firstDefaultDt: number | null = null;

  for (const a of script.actions) {
    if (a.kind === 'clock-dt') {
      const st = state(a.clock.name);
      if (a.value.t !== 'num') continue;
      st.oldDt = st.dt;
      st.dt = a.value.v;
      continue;
    }
    const ir = irOf.get(a);
    if (!ir) continue;
    const call = plan.calls.get(a);
    if (ir.kind === 'run') {
      const run: RunIR = ir;
      const clocks: RunClockIR[] = [];
      const end = run.start + run.duration;
      for (const id of clocksOf(run.objects)) {
        setTime(id, run.start, a);
        const st = state(id);
        st.firstDt ??= st.dt;
        clocks.push({ clock: id, dt: st.dt, startStep: timestepOf(run.start, st.dt), endStep: timestepOf(end, st.dt) });
      }
      run.clocks = clocks;
      const def = state(DEFAULT_CLOCK.name);
      firstDefaultDt ??= def.dt;
      run.startStep = timestepOf(run.start, def.dt);
      run.steps = Math.max(0, timestepOf(end, def.dt) - run.startStep);
      for (const id of run.objects) {
        const made = inputDt.get(id);
        const p = parts.poissonInputs.find((x) => x.id === id);
        const target = p ? groupClock.get(p.target.group) : undefined;
        if (made === undefined || !p || target === undefined) continue;
        const now = state(target).dt;
        if (now !== made) {
          ctx.attempt(() =>
            ctx.fail('brian2-raises', a.loc, {
              detail: `Brian2 raises NotImplementedError here: the dt of the group '${p.target.group}' changed (from ${seconds(made)} to ${seconds(now)}) after the PoissonInput at line ${p.span.line} was created`,
              hint: 'set the dt before creating the PoissonInput',
            }),
          );
        }
      }
    } else if (ir.kind === 'store' && call) {
      const saved = new Map<string, number>();
      for (const id of clocksOf(ir.objects)) {
        setTime(id, call.start, a);
        saved.set(id, state(id).dt);
      }
      stored.set(`${ir.network}\u0000${ir.name}`, saved);
    } else if (ir.kind === 'restore') {
      // Brian2 restores the clocks' variables, dt included (not _old_dt).
      const saved = stored.get(`${ir.network}\u0000${ir.name}`);
      for (const [id, dt] of saved ?? []) state(id).dt = dt;
    }
  }
  const clocks: ClockIR[] = order.map((id) => {
    const st = state(id);
    const set = script.actions.find((x) => x.kind === 'clock-dt' && x.clock === st.obj);
    const loc = st.obj.origin === 'default' ? (set?.loc ?? null) : st.obj.loc;
    return { id, kind: st.obj.origin, pyName: st.obj.pyName, dt: st.firstDt ?? st.dt, span: loc ? ctx.span(loc) : null };
  });
  return { clocks, dt: firstDefaultDt ?? state(DEFAULT_CLOCK.name).dt };
}
