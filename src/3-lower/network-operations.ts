// Network operations in the lowered model: each runs on the default clock's steps that are ticks of its
// own clock. Brian2 runs objects of different clocks together when their times coincide; an operation
// whose dt is a whole multiple of defaultclock.dt ticks exactly at every K-th step (K = dt/defaultclock.dt).
// Other periods need the engine to interleave clocks, which it does not (yet): refused at the dt.
// stop() ends a run early, so the network's time after it is known only when the project runs: a later
// run() of the same network is refused (its start would differ from the one planned here).

import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { HostStmtIR, ModelIR, RunIR } from '../2-model/ir.js';
import type { LNetworkOperation } from './lowered.js';

/** Whether a body may call stop() (in any branch or loop). */
export function mayStop(body: HostStmtIR[]): boolean {
  return body.some((s) => s.s === 'stop' || ((s.s === 'if' || s.s === 'for' || s.s === 'while') && (mayStop(s.body) || mayStop(s.orelse))));
}

export function lowerNetworkOperations(model: ModelIR): { operations: LNetworkOperation[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const operations: LNetworkOperation[] = [];
  const runs = model.program.filter((a): a is RunIR => a.kind === 'run');
  // A helper function that may stop counts for every operation (it may call it).
  const helperStops = model.hostFunctions.some((f) => mayStop(f.body));
  for (const op of model.networkOperations) {
    let everySteps = 1;
    if (op.dt !== null) {
      const k = Math.round(op.dt / model.dt);
      if (k < 1 || Math.abs(op.dt - k * model.dt) > 1e-9 * op.dt) {
        diagnostics.push(diagnostic('unsupported', op.span, { what: `a network operation whose dt (${op.dt} s) is not a whole multiple of defaultclock.dt (${model.dt} s)`, hint: 'use a dt that is a multiple of defaultclock.dt' }));
        continue;
      }
      everySteps = k;
      // Its clock starts at the network's time: ticks coincide with every K-th default step only from a multiple of K.
      const misaligned = runs.find((r) => r.objects.includes(op.id) && r.steps > 0 && r.startStep % k !== 0);
      if (misaligned) {
        diagnostics.push(diagnostic('unsupported', misaligned.span, { what: `a run() that starts at a time (step ${misaligned.startStep}) that is not a multiple of the dt of the network operation '${op.pyName}' (${op.dt} s)`, hint: 'make the earlier runs last a multiple of the operation\'s dt' }));
        continue;
      }
    }
    if (helperStops || mayStop(op.body)) {
      const first = runs.findIndex((r) => r.objects.includes(op.id) && r.steps > 0);
      const later = first < 0 ? undefined : runs.slice(first + 1).find((r) => r.network === runs[first]!.network && r.steps > 0);
      if (later) {
        diagnostics.push(diagnostic('unsupported', later.span, { what: `a run() after one whose network operation '${op.pyName}' may call stop() (where this run starts is known only when the simulation runs)`, hint: 'end the simulation with a single run(), or use separate Network objects' }));
        continue;
      }
    }
    operations.push({ ...op, everySteps });
  }
  return { operations, diagnostics };
}
