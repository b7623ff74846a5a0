// How the clocks of a run tick, as Brian2's Network.run advances them (core/network.py): at every
// iteration the clocks whose time is the smallest — exactly, or within Clock.epsilon_dt of the smaller
// dt — tick together (their objects run in schedule order), then each of them steps: timestep += 1,
// t = timestep·dt. The run ends when the clock with the smallest time (the first of equal ones) has
// reached its end step. The converter counts the iterations (the project's steps) by the same rule, and
// recognises the common case where every clock ticks on a fixed multiple of the fastest one.

import type { ModelIR, RunClockIR, RunIR } from '../2-model/ir.js';
import type { LTickPlan } from './lowered.js';

/** Brian2's Clock.epsilon_dt. */
const EPSILON_DT = 1e-4;

/** Every dt a clock has in the runs that use it (its ClockIR dt when none does). */
export function clockDts(model: Pick<ModelIR, 'program' | 'clocks'>, clock: string): number[] {
  const dts = new Set<number>();
  for (const a of model.program) if (a.kind === 'run') for (const c of a.clocks) if (c.clock === clock) dts.add(c.dt);
  if (!dts.size) dts.add(model.clocks.find((c) => c.id === clock)?.dt ?? 1e-4);
  return [...dts];
}

/** The dt of a clock in the first run that has `object` among its objects (else its ClockIR dt). */
export function dtInRunsOf(model: Pick<ModelIR, 'program' | 'clocks'>, clock: string, object: string): number {
  for (const a of model.program) {
    if (a.kind !== 'run' || !a.objects.includes(object)) continue;
    const c = a.clocks.find((x) => x.clock === clock);
    if (c) return c.dt;
  }
  return model.clocks.find((c) => c.id === clock)?.dt ?? 1e-4;
}

const ceilDiv = (a: number, k: number) => Math.ceil(a / k);

/**
 * Whether every clock ticks exactly on the base clock's steps that are multiples of its own factor K:
 * its ticks m = startStep..endStep−1 fall on base steps m·K (the same time within epsilon), they are the
 * multiples of K among the base's steps, and it never ends before the base (which would stop Brian2's
 * loop). Returns the factors, or null.
 */
function singlePlan(clocks: RunClockIR[]): { base: RunClockIR; every: Record<string, number> } | null {
  let base = clocks[0]!;
  for (const c of clocks) if (c.dt < base.dt) base = c;
  const every: Record<string, number> = {};
  for (const c of clocks) {
    if (c === base) continue;
    const K = Math.round(c.dt / base.dt);
    if (K < 1) return null;
    if (c.startStep !== ceilDiv(base.startStep, K) || c.endStep !== ceilDiv(base.endStep, K)) return null;
    // The times of the clock's ticks and of the base's steps m·K agree within epsilon at both ends (the
    // difference grows linearly with m).
    for (const m of [c.startStep, c.endStep - 1]) {
      if (m < c.startStep || m >= c.endStep) continue;
      if (!(Math.abs(m * c.dt - m * K * base.dt) / Math.min(base.dt, c.dt) < EPSILON_DT)) return null;
    }
    every[c.clock] = K;
  }
  return { base, every };
}

/**
 * Brian2's loop over one run, counting its iterations and each clock's ticks. `limit` bounds the
 * iterations (a safeguard: a run longer than that is refused by the caller).
 */
export function simulateTicks(clocks: RunClockIR[], limit = Number.MAX_SAFE_INTEGER): { ticks: number; clockTicks: Record<string, number> } | null {
  const n = clocks.map((c) => c.startStep);
  const t = clocks.map((c, k) => n[k]! * c.dt);
  const clockTicks: Record<string, number> = Object.fromEntries(clocks.map((c) => [c.clock, 0]));
  let ticks = 0;
  for (;;) {
    let min = 0;
    for (let k = 1; k < clocks.length; k++) if (t[k]! < t[min]!) min = k;
    if (!(n[min]! < clocks[min]!.endStep)) break;
    if (ticks >= limit) return null;
    const tmin = t[min]!;
    const dtmin = clocks[min]!.dt;
    const due = clocks.map((c, k) => t[k] === tmin || Math.abs(t[k]! - tmin) / Math.min(dtmin, c.dt) < EPSILON_DT);
    ticks++;
    clocks.forEach((c, k) => {
      if (!due[k]) return;
      clockTicks[c.clock]!++;
      n[k]!++;
      t[k] = n[k]! * c.dt;
    });
  }
  return { ticks, clockTicks };
}

/** Iterations of one run beyond which the converter does not count them one by one. */
export const MAX_COUNTED_TICKS = 50_000_000;

/** How the clocks of a run tick, and how many steps the project's loop makes for it. */
export function tickPlan(run: RunIR): { plan: LTickPlan; ticks: number; clockTicks: Record<string, number> } | null {
  if (!run.clocks.length) return { plan: { kind: 'single', base: 'defaultclock', every: {} }, ticks: 0, clockTicks: {} };
  const single = singlePlan(run.clocks);
  if (single) {
    const clockTicks: Record<string, number> = {};
    for (const c of run.clocks) clockTicks[c.clock] = Math.max(0, c.endStep - c.startStep);
    return {
      plan: { kind: 'single', base: single.base.clock, every: single.every },
      ticks: Math.max(0, single.base.endStep - single.base.startStep),
      clockTicks,
    };
  }
  const counted = simulateTicks(run.clocks, MAX_COUNTED_TICKS);
  return counted ? { plan: { kind: 'multi' }, ...counted } : null;
}
