// Running a generated project with Python and Lava, under a wall-clock limit. The child gets its own
// process group so that a timeout, Ctrl-C or a hang ends Lava's forked workers too. Lava sometimes
// hangs after the last step instead of returning: once the final results.json exists and the process
// has not exited within a grace period, the group is ended and the run counts as complete.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

export interface RunOptions {
  python: string;
  /** Wall-clock limit in seconds (0 = none). */
  timeout: number;
  onProgress?: (step: number, total: number, wallSeconds: number) => void;
  onOutput?: (line: string) => void;
  /** Seconds to wait for Lava to exit after the results were written. */
  stopGrace?: number;
  /** Extra arguments for run.py (e.g. --sim for the Loihi 2 emulation). */
  args?: string[];
}

export interface RunOutcome {
  exitCode: number | null;
  timedOut: boolean;
  interrupted: boolean;
  /** Lava did not exit after writing the results and was ended. */
  hungAtStop: boolean;
  wallSeconds: number;
  resultsPath: string;
  stderrTail: string;
  /** A Python error reported by the project (error.json), if any. */
  error: { type: string; message: string; where: string | null } | null;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

export async function runProject(projectDir: string, options: RunOptions): Promise<RunOutcome> {
  // run.py runs inside the project folder, so the paths it is given (and the ones watched here) must
  // not be relative to our own working directory.
  const dir = path.resolve(projectDir);
  const resultsPath = path.join(dir, 'results.json');
  const errorPath = path.join(dir, 'error.json');
  const started = Date.now();
  const child = execa(options.python, ['run.py', '--results', resultsPath, '--progress', ...(options.args ?? [])], {
    cwd: dir,
    detached: true,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    env: { PYTHONUNBUFFERED: '1', MPLBACKEND: 'Agg' },
  });
  const tail: string[] = [];
  let timedOut = false;
  let interrupted = false;
  let hungAtStop = false;
  const startMtime = existsSync(resultsPath) ? statSync(resultsPath).mtimeMs : 0;

  const onLine = (line: string) => {
    const m = /^BRIAN2LAVA-PROGRESS (\d+) (\d+) ([\d.]+)/.exec(line);
    if (m) {
      options.onProgress?.(Number(m[1]), Number(m[2]), Number(m[3]));
      return;
    }
    if (/UserWarning: Cannot import module|warnings.warn\(|resource_tracker/.test(line)) return;
    tail.push(line);
    if (tail.length > 40) tail.shift();
    options.onOutput?.(line);
  };
  let buffered = '';
  const feed = (chunk: Buffer | string) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    lines.forEach(onLine);
  };
  child.stderr?.on('data', feed);
  child.stdout?.on('data', feed);

  const stop = (signal: NodeJS.Signals) => {
    killGroup(child.pid, signal);
    setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000).unref();
  };
  const onSigint = () => {
    interrupted = true;
    stop('SIGINT');
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const timer = options.timeout > 0 ? setTimeout(() => {
    timedOut = true;
    stop('SIGTERM');
  }, options.timeout * 1000) : null;
  // Watch for a finished results.json while the process is still alive (Lava hanging at stop).
  let resultsSeenAt = 0;
  let errorSeenAt = 0;
  const watcher = setInterval(() => {
    // The model raised inside Lava's worker (error.json written): Lava may hang instead of returning.
    if (!errorSeenAt && existsSync(errorPath) && statSync(errorPath).mtimeMs >= started - 1000) errorSeenAt = Date.now();
    if (errorSeenAt && Date.now() - errorSeenAt > 2000) {
      stop('SIGTERM');
      return;
    }
    if (!existsSync(resultsPath) || statSync(resultsPath).mtimeMs === startMtime) return;
    try {
      const partial = (JSON.parse(readFileSync(resultsPath, 'utf8')) as { partial?: boolean }).partial;
      if (partial) return;
    } catch {
      return;
    }
    if (!resultsSeenAt) resultsSeenAt = Date.now();
    if (Date.now() - resultsSeenAt > (options.stopGrace ?? 30) * 1000) {
      hungAtStop = true;
      stop('SIGTERM');
    }
  }, 500);

  const result = await child;
  if (timer) clearTimeout(timer);
  clearInterval(watcher);
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigint);
  if (buffered) onLine(buffered);
  // Lava's worker processes may outlive run.py: end the whole group.
  killGroup(child.pid, 'SIGKILL');

  let error: RunOutcome['error'] = null;
  if (existsSync(errorPath) && statSync(errorPath).mtimeMs >= started - 1000) {
    try {
      error = JSON.parse(readFileSync(errorPath, 'utf8')) as RunOutcome['error'];
    } catch {
      error = null;
    }
  }
  return {
    exitCode: result.exitCode ?? null,
    timedOut,
    interrupted,
    hungAtStop,
    wallSeconds: (Date.now() - started) / 1000,
    resultsPath,
    stderrTail: tail.join('\n'),
    error,
  };
}
