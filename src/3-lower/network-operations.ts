// Network operations in the lowered model: each runs on the default clock's steps that are ticks of its
// own clock. Brian2 runs objects of different clocks together when their times coincide; an operation
// whose dt is a whole multiple of defaultclock.dt ticks exactly at every K-th step (K = dt/defaultclock.dt).
// Other periods need the engine to interleave clocks, which it does not (yet): refused at the dt.
// stop() ends a run early, after its step: the network's time is then the next step's, known only when
// the project runs. A later run() that continues that network starts there (`afterStop`: the engine takes
// its start from the network's time and its steps from Brian2's set_interval, one step more at most than
// planned, which TOTAL_STEPS and the monitors' buffers allow for).

import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { HostStmtIR, ModelIR, RunIR } from '../2-model/ir.js';
import type { LNetworkOperation } from './lowered.js';

/** Whether a body may call stop() (in any branch or loop). */
export function mayStop(body: HostStmtIR[]): boolean {
  return body.some((s) => s.s === 'stop' || ((s.s === 'if' || s.s === 'for' || s.s === 'while') && (mayStop(s.body) || mayStop(s.orelse))));
}

export interface LoweredOperations {
  operations: LNetworkOperation[];
  /** Runs that continue a network whose earlier run may have ended early by stop(). */
  afterStop: Set<RunIR>;
  diagnostics: Diagnostic[];
}

export function lowerNetworkOperations(model: ModelIR): LoweredOperations {
  const diagnostics: Diagnostic[] = [];
  const operations: LNetworkOperation[] = [];
  const runs = model.program.filter((a): a is RunIR => a.kind === 'run');
  for (const op of model.networkOperations) {
    let everySteps = 1;
    if (op.dt !== null) {
      const k = Math.round(op.dt / model.dt);
      if (k < 1 || Math.abs(op.dt - k * model.dt) > 1e-9 * op.dt) {
        diagnostics.push(
          diagnostic('unsupported', op.span, {
            what: `a network operation whose dt (${op.dt} s) is not a whole multiple of defaultclock.dt (${model.dt} s)`,
            hint: 'use a dt that is a multiple of defaultclock.dt',
          }),
        );
        continue;
      }
      everySteps = k;
      // Its clock starts at the network's time: ticks coincide with every K-th default step only from a multiple of K.
      const misaligned = runs.find((r) => r.objects.includes(op.id) && r.steps > 0 && r.startStep % k !== 0);
      if (misaligned) {
        diagnostics.push(
          diagnostic('unsupported', misaligned.span, {
            what: `a run() that starts at a time (step ${misaligned.startStep}) that is not a multiple of the dt of the network operation '${op.pyName}' (${op.dt} s)`,
            hint: "make the earlier runs last a multiple of the operation's dt",
          }),
        );
        continue;
      }
    }
    operations.push({ ...op, everySteps });
  }
  const afterStop = runsAfterStop(model, operations, diagnostics);
  return { operations, afterStop, diagnostics };
}

/** The runs whose start depends on a stop() before them; store/restore after a possible stop() are refused. */
function runsAfterStop(model: ModelIR, operations: LNetworkOperation[], diagnostics: Diagnostic[]): Set<RunIR> {
  // A function of the script that may stop counts for every operation (any of them may call it).
  const helperStops = model.hostFunctions.some((f) => mayStop(f.body));
  const stoppers = operations.filter((op) => helperStops || mayStop(op.body));
  const out = new Set<RunIR>();
  if (!stoppers.length) return out;
  const byId = new Map(operations.map((op) => [op.id, op]));
  /** Per network: the planned end of its last run, and the operation that may have stopped it early. */
  const state = new Map<string, { end: number; stopper: LNetworkOperation | null }>();
  for (const a of model.program) {
    if (a.kind === 'store' || a.kind === 'restore') {
      const st = state.get(a.network);
      if (st?.stopper) {
        diagnostics.push(
          diagnostic('unsupported', a.span, {
            what: `${a.kind}() after a run whose network operation '${st.stopper.pyName}' may call stop() (the stored time is known only when the simulation runs)`,
            hint: 'store before the run that may stop, or use separate Network objects',
          }),
        );
        st.stopper = null;
      }
      continue;
    }
    if (a.kind !== 'run') continue;
    const st = state.get(a.network);
    // A run that starts where the network's last one was planned to end continues it (a new magic simulation starts at 0).
    if (st?.stopper && a.startStep === st.end) {
      const ticking = a.objects.map((id) => byId.get(id)).find((op) => op && op.everySteps > 1);
      if (ticking) {
        diagnostics.push(
          diagnostic('unsupported', a.span, {
            what: `a run() with the network operation '${ticking.pyName}' (dt = ${ticking.dt} s) after one that '${st.stopper.pyName}' may end early with stop() (its ticks would not fall on the steps this run starts from)`,
            hint: 'give the operations of the later runs the default clock, or use separate Network objects',
          }),
        );
      } else out.add(a);
    }
    const stopper = stoppers.find((op) => a.objects.includes(op.id) && a.steps > 0) ?? (st && a.startStep === st.end ? st.stopper : null);
    state.set(a.network, { end: a.startStep + a.steps, stopper });
  }
  return out;
}
