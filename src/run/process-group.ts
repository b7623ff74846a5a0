// Children that run Python (Lava runs, our helpers) get their own process group, so one signal reaches
// everything they started; brian2lava forwards the signals that would end it to that group.

/** Signals that end brian2lava and are passed on to the running child's group. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Send `signal` to the process group led by `pid` (nothing if it is gone). */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}
