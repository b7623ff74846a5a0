// Running a generated project with Python and Lava, under a wall-clock limit. The child gets its own
// process group so that a timeout, Ctrl-C/SIGTERM/SIGHUP to brian2lava, or a hang ends Lava's forked
// workers too, and nothing outlives the run. Two known Lava failures are detected while the run goes on:
// - Lava hangs after the last step instead of returning: once the final results.json exists and the
//   process has not exited within a grace period, the group is ended and the run counts as complete;
// - an exception in the ProcessModel leaves Lava's runtime waiting forever: the model writes error.json
//   when it raises, and once that file exists the group is ended after a short grace period.
// Python errors are summarised with the model line they came from (traceback.ts).

import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { FORWARDED_SIGNALS, killGroup, waitGroupGone } from './process-group.js';
import { summariseTraceback, type ErrorSummary } from './traceback.js';

export interface RunOptions {
  python: string;
  /** Wall-clock limit in seconds (0 = none). */
  timeout: number;
  onProgress?: (step: number, total: number, wallSeconds: number) => void;
  onOutput?: (line: string) => void;
  /** Seconds to wait for Lava to exit after the final results were written (default 30). */
  stopGrace?: number;
  /** Extra arguments for run.py (e.g. --sim for the Loihi 2 emulation). */
  args?: string[];
  /** Seconds to wait for Lava to exit after the model reported an error in error.json (default 5). */
  errorGrace?: number;
  /** Seconds between SIGTERM and SIGKILL when the group is ended (default 10: time to save partial results). */
  killGrace?: number;
}

export interface RunOutcome {
  exitCode: number | null;
  timedOut: boolean;
  /** brian2lava received this signal during the run and ended it (SIGINT, SIGTERM, SIGHUP). */
  interrupted: boolean;
  signal: NodeJS.Signals | null;
  /** Lava did not exit after writing the results and was ended. */
  hungAtStop: boolean;
  /** Lava did not exit after the model reported an error and was ended. */
  hungAfterError: boolean;
  wallSeconds: number;
  resultsPath: string;
  stderrTail: string;
  /** The Python error of a failed run (from error.json, else from a traceback on stderr). */
  error: ErrorSummary | null;
  /** Process id of run.py, which is also the id of the process group of the whole run. */
  pid: number | null;
}

function readJson<T>(p: string): T | null {
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as T;
  } catch {
    return null;
  }
}

export async function runProject(projectDir: string, options: RunOptions): Promise<RunOutcome> {
  // run.py runs inside the project folder, so the paths it is given (and the ones watched here) must
  // not be relative to our own working directory.
  const dir = path.resolve(projectDir);
  const resultsPath = path.join(dir, 'results.json');
  const errorPath = path.join(dir, 'error.json');
  // Results and errors of an earlier run must not be taken for this run's.
  for (const p of [resultsPath, `${resultsPath}.tmp`, errorPath]) rmSync(p, { force: true });
  const started = Date.now();
  const child = execa(options.python, ['run.py', '--results', resultsPath, '--progress', ...(options.args ?? [])], {
    cwd: dir,
    detached: true,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    env: { PYTHONUNBUFFERED: '1', MPLBACKEND: 'Agg' },
  });
  const pid = child.pid;
  const tail: string[] = [];
  const longTail: string[] = [];
  let timedOut = false;
  let signal: NodeJS.Signals | null = null;
  let hungAtStop = false;
  let hungAfterError = false;

  const onLine = (line: string) => {
    const m = /^BRIAN2LAVA-PROGRESS (\d+) (\d+) ([\d.]+)/.exec(line);
    if (m) {
      options.onProgress?.(Number(m[1]), Number(m[2]), Number(m[3]));
      return;
    }
    longTail.push(line);
    if (longTail.length > 400) longTail.shift();
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

  let ending = false;
  let endedAt = 0;
  let finalKill: NodeJS.Timeout | null = null;
  const end = (sig: NodeJS.Signals) => {
    killGroup(pid, sig);
    if (ending) return;
    ending = true;
    endedAt = Date.now();
    finalKill = setTimeout(() => killGroup(pid, 'SIGKILL'), (options.killGrace ?? 10) * 1000);
  };
  const onSignal = (sig: NodeJS.Signals) => {
    signal = sig;
    // SIGINT lets the model save partial results; a hang in Lava is ended by the SIGKILL that follows.
    end(sig === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
  };
  for (const s of FORWARDED_SIGNALS) process.on(s, onSignal);
  // Lava's workers may outlive run.py (and keep its output pipes open): when run.py exits, the rest
  // of its group goes too, after a moment for a model process that is saving partial results (when
  // the group is being ended, the kill that follows the signal takes care of it).
  child.on('exit', () => {
    if (!ending) setTimeout(() => killGroup(pid, 'SIGKILL'), 1000).unref();
  });
  const timer =
    options.timeout > 0
      ? setTimeout(() => {
          timedOut = true;
          end('SIGTERM');
        }, options.timeout * 1000)
      : null;

  // Watch for the two hangs: final results with the process still alive, or an error report.
  let resultsSeenAt = 0;
  let errorSeenAt = 0;
  const watcher = setInterval(() => {
    if (ending) {
      // The model saved its partial results after the signal: nothing else is worth waiting for.
      if (existsSync(resultsPath) && statSync(resultsPath).mtimeMs >= endedAt - 50) killGroup(pid, 'SIGKILL');
      return;
    }
    if (existsSync(errorPath)) {
      if (!errorSeenAt) errorSeenAt = Date.now();
      if (Date.now() - errorSeenAt > (options.errorGrace ?? 5) * 1000) {
        hungAfterError = true;
        end('SIGTERM');
      }
      return;
    }
    if (!existsSync(resultsPath)) return;
    const r = readJson<{ partial?: boolean }>(resultsPath);
    if (!r || r.partial) return;
    if (!resultsSeenAt) resultsSeenAt = Date.now();
    if (Date.now() - resultsSeenAt > (options.stopGrace ?? 30) * 1000) {
      hungAtStop = true;
      end('SIGTERM');
    }
  }, 250);

  const result = await child;
  if (timer) clearTimeout(timer);
  if (finalKill) clearTimeout(finalKill);
  clearInterval(watcher);
  for (const s of FORWARDED_SIGNALS) process.off(s, onSignal);
  if (buffered) onLine(buffered);
  killGroup(pid, 'SIGKILL');
  await waitGroupGone(pid);
  rmSync(`${resultsPath}.tmp`, { force: true });

  let error: ErrorSummary | null = null;
  const reported =
    existsSync(errorPath) && statSync(errorPath).mtimeMs >= started - 1000
      ? readJson<{ type?: string; message?: string; traceback?: string }>(errorPath)
      : null;
  if (reported) {
    error = (reported.traceback ? summariseTraceback(dir, reported.traceback) : null) ?? {
      type: reported.type ?? 'Error',
      message: reported.message ?? '',
      where: null,
      modelLine: null,
      modelText: null,
    };
    // The exception as the model reported it (the traceback's last line may be a re-raise).
    if (reported.type) error = { ...error, type: reported.type, message: reported.message ?? error.message };
  } else if (result.exitCode !== 0 && !timedOut && !signal) {
    error = summariseTraceback(dir, longTail.join('\n'));
  }
  return {
    exitCode: result.exitCode ?? null,
    timedOut,
    interrupted: signal !== null,
    signal,
    hungAtStop,
    hungAfterError,
    wallSeconds: (Date.now() - started) / 1000,
    resultsPath,
    stderrTail: tail.join('\n'),
    error,
    pid: pid ?? null,
  };
}
