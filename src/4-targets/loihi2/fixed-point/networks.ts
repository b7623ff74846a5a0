// What the Loihi 2 backend accepts of the script's networks: its program is evaluated statically as one
// simulation of one set of objects, so every run() must simulate every object of the model and continue
// where the previous run stopped. Several networks, runs that leave objects out (a monitor created
// between runs, objects of another network) and new simulations from t = 0 are refused, located.

import { diagnostic, type Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { LoweredModel } from '../../../3-lower/lowered.js';

export function checkOneNetwork(lowered: LoweredModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const runs = lowered.program.filter((a) => a.kind === 'run');
  const spanOf = new Map<string, LoweredModel['monitors'][number]['span']>();
  for (const x of [...lowered.groups, ...lowered.synapses, ...lowered.poissonInputs, ...lowered.monitors]) spanOf.set(x.id, x.span);
  const sourceOf = new Map(lowered.monitors.map((m) => [m.id, m.source.group]));
  const reported = new Set<string>();
  let next = 0;
  let lastDt: number | null = null;
  for (const run of runs) {
    // A run after defaultclock.dt changed counts its steps with the new dt (refused by clocks.ts).
    const dt: number | null = run.clocks.find((c) => c.clock === 'defaultclock')?.dt ?? lastDt;
    const sameDt = lastDt === null || dt === lastDt;
    lastDt = dt;
    const absent = [...spanOf.keys()].filter((id) => !run.objects.includes(id));
    const missing = absent.filter((id) => !reported.has(id));
    const left: string[] = [];
    for (const id of missing) {
      reported.add(id);
      // A monitor of a group this run simulates was created after it: it records from a later run on.
      const source = sourceOf.get(id);
      if (source !== undefined && run.objects.includes(source)) {
        diagnostics.push(
          diagnostic('fixed-point', spanOf.get(id)!, {
            detail: 'a monitor created between two runs is not supported by the Loihi 2 backend',
            hint: 'create the monitors before the first run(), or use --backend cpu',
          }),
        );
      } else left.push(`'${id}' (line ${spanOf.get(id)!.line})`);
    }
    if (left.length) {
      diagnostics.push(
        diagnostic('fixed-point', run.span, {
          detail: `this run() does not simulate ${left.join(', ')}: the Loihi 2 backend simulates the whole model in every run(), as one network`,
          hint: 'build one network before the first run() and run all of it, or use --backend cpu',
        }),
      );
    } else if (run.startStep !== next && !absent.length && sameDt) {
      diagnostics.push(
        diagnostic('fixed-point', run.span, {
          detail: `this run() starts a new simulation at step ${run.startStep} instead of continuing at step ${next}: the Loihi 2 backend runs one network whose time only goes on`,
          hint: 'run one network, or use --backend cpu',
        }),
      );
    }
    next = run.startStep + run.steps;
  }
  return diagnostics;
}
