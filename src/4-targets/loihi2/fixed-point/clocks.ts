// What the Loihi 2 backend accepts of the script's clocks: the chip advances every process by one
// global time step, so every object must run on one dt in every run. The one exception is a
// StateMonitor on a clock that ticks on every K-th step (a whole multiple of the step, aligned as
// 3-lower/clocks.ts checks): it samples every K steps. Anything else is refused where the clock is made.

import { diagnostic, type Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { LMonitor, LoweredModel } from '../../../3-lower/lowered.js';

/** A dt for messages, without float noise: `0.00045 s`. */
const seconds = (v: number) => `${Number(v.toPrecision(12))} s`;

/** A monitor with the number of steps between its samples (1: every step). */
export type SampledMonitor = LMonitor & { everySteps: number };

/** The monitors with their step factor (a StateMonitor on a clock K times slower: K), as the runs' tick plans give it. */
export function sampledMonitors(lowered: LoweredModel): SampledMonitor[] {
  return lowered.monitors.map((m) => {
    if (m.kind !== 'StateMonitor') return { ...m, everySteps: 1 };
    const run = lowered.program.find((a) => a.kind === 'run' && a.objects.includes(m.id));
    return { ...m, everySteps: run?.kind === 'run' && run.plan.kind === 'single' ? (run.plan.every[m.clock] ?? 1) : 1 };
  });
}

/**
 * The Loihi 2 time step (the dt of the first run's fastest clock) and the refusals of clocks with other
 * dts (and of a dt changed for initialisations between runs, which would see a dt no run has).
 */
export function checkOneClock(lowered: LoweredModel): { dt: number; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const monitorClocks = new Set(lowered.monitors.flatMap((m) => (m.kind === 'StateMonitor' ? [m.clock] : [])));
  const users = (clock: string) => [
    ...lowered.groups.filter((g) => g.clock === clock || (g.kind === 'NeuronGroup' && g.runRegularly.some((r) => r.clock === clock))),
    ...lowered.synapses.filter((s) => s.clock === clock),
    ...lowered.monitors.filter((m) => m.kind === 'StateMonitor' && m.clock === clock),
  ];
  const clockSpan = (clock: string) => lowered.clocks.find((c) => c.id === clock)?.span ?? null;
  const reported = new Set<string>();
  const refuse = (clock: string, dt: number, detail: string) => {
    if (reported.has(clock)) return;
    reported.add(clock);
    const user = users(clock)[0];
    // Located where the clock got this dt: its `clock.dt = x` line, where it was made (dt=), else its first object.
    const set = lowered.program.find((a) => a.kind === 'clock-dt' && a.clock === clock && a.dt === dt);
    const span = set ? set.span : lowered.clocks.find((c) => c.id === clock)?.kind === 'own' ? clockSpan(clock) : (user?.span ?? clockSpan(clock));
    diagnostics.push(
      diagnostic('fixed-point', span, {
        detail,
        hint: 'give every object the same dt (or record with a StateMonitor whose dt is a whole multiple of it), or use --backend cpu',
      }),
    );
  };
  const first = lowered.program.find((a) => a.kind === 'run' && a.clocks.length);
  const step =
    first?.kind === 'run'
      ? first.plan.kind === 'single'
        ? first.clocks.find((c) => c.clock === (first.plan as { base: string }).base)!.dt
        : Math.min(...first.clocks.map((c) => c.dt))
      : lowered.dt;
  let changed: { dt: number; span: LoweredModel['program'][number]['span'] } | null = null;
  for (const a of lowered.program) {
    if (a.kind === 'clock-dt') changed = a.dt === step ? null : { dt: a.dt, span: a.span };
    else if (a.kind === 'run') changed = null;
    else if (a.kind === 'set' && changed) {
      diagnostics.push(
        diagnostic('fixed-point', changed.span, {
          detail: `the initialisations after this line see a dt of ${seconds(changed.dt)}, which no run of the Loihi 2 model has (its one time step is ${seconds(step)})`,
          hint: 'set dt once, or use --backend cpu',
        }),
      );
      changed = null;
    }
  }
  for (const run of lowered.program) {
    if (run.kind !== 'run') continue;
    const every = run.plan.kind === 'single' ? run.plan.every : {};
    for (const c of run.clocks) {
      const name = `${lowered.clocks.find((x) => x.id === c.clock)?.pyName ?? c.clock}`;
      const k = every[c.clock];
      if (c.dt === step) continue;
      if (
        run.plan.kind === 'single' &&
        run.plan.base !== c.clock &&
        k !== undefined &&
        k > 1 &&
        users(c.clock).every((u) => 'kind' in u && u.kind === 'StateMonitor') &&
        monitorClocks.has(c.clock)
      ) {
        // A monitor sampling every k steps of the one time step.
        const base = run.clocks.find((x) => x.clock === (run.plan as { base: string }).base);
        if (base && base.dt === step) continue;
      }
      refuse(
        c.clock,
        c.dt,
        `the clock ${name} has dt = ${seconds(c.dt)} in this model while the Loihi 2 backend advances every process by one time step of ${seconds(step)}: objects on clocks with different dts are not supported there`,
      );
    }
  }
  return { dt: step, diagnostics };
}
