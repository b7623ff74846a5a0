// Children that run Python (Lava runs, our helpers) get their own process group, so one signal reaches
// everything they started; brian2lava forwards the signals that would end it to that group.

/** Signals that end brian2lava and are passed on to the running child's group. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Whether process `pid` exists (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Send `signal` to the process group led by `pid` (nothing if it is gone). */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

/**
 * Wait (up to `ms`) until no process of the group led by `pid` is left. A SIGKILL is delivered
 * asynchronously: right after killGroup() a child may still be listed, and a caller that returns then
 * would report a run as ended while part of it still exists.
 */
export async function waitGroupGone(pid: number | undefined, ms = 2000): Promise<void> {
  if (!pid) return;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      process.kill(-pid, 0);
    } catch {
      return; // ESRCH: the group is empty
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
