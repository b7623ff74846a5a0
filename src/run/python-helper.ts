// Running one of our Python helpers (python/*.py) as a child in its own process group, so that Ctrl-C,
// SIGTERM or SIGHUP given to brian2lava stops it and everything it started, and nothing is left behind.
// Helpers report a failure as one line `BRIAN2LAVA-ERROR {json}` on stderr.

import path from 'node:path';
import { execa } from 'execa';
import { FORWARDED_SIGNALS, killGroup } from './process-group.js';
import { PYTHON_DIR } from './environment.js';

export interface HelperError {
  type: string;
  message: string;
  where?: { line: number; code: string } | null;
  traceback?: string;
}

export interface HelperOutcome {
  exitCode: number | null;
  /** Stopped by Ctrl-C / SIGTERM / SIGHUP given to brian2lava. */
  interrupted: boolean;
  /** That signal. */
  signal: NodeJS.Signals | null;
  /** Stopped because it ran longer than `timeout`. */
  timedOut: boolean;
  error: HelperError | null;
  /** Last lines of the helper's own output (stdout and stderr, without protocol lines). */
  tail: string;
  wallSeconds: number;
}

export interface HelperOptions {
  cwd?: string;
  onLine?: (line: string) => void;
  /** Wall-clock limit in seconds (0 = none). */
  timeout?: number;
}

export async function runHelper(python: string, script: string, args: string[], options: HelperOptions = {}): Promise<HelperOutcome> {
  const started = Date.now();
  const child = execa(python, [path.join(PYTHON_DIR, script), ...args], {
    cwd: options.cwd,
    detached: true,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    env: { PYTHONUNBUFFERED: '1', MPLBACKEND: 'Agg' },
  });
  let signal: NodeJS.Signals | null = null;
  let timedOut = false;
  let error: HelperError | null = null;
  const tail: string[] = [];
  const onLine = (line: string) => {
    if (line.startsWith('BRIAN2LAVA-ERROR ')) {
      try {
        error = JSON.parse(line.slice('BRIAN2LAVA-ERROR '.length)) as HelperError;
      } catch {
        error = { type: 'Error', message: line };
      }
      return;
    }
    tail.push(line);
    if (tail.length > 40) tail.shift();
    options.onLine?.(line);
  };
  const buffers = { out: '', err: '' };
  const feed = (which: 'out' | 'err') => (chunk: Buffer | string) => {
    buffers[which] += chunk.toString();
    const lines = buffers[which].split('\n');
    buffers[which] = lines.pop() ?? '';
    lines.forEach(onLine);
  };
  child.stdout?.on('data', feed('out'));
  child.stderr?.on('data', feed('err'));
  const stop = () => {
    killGroup(child.pid, 'SIGINT');
    setTimeout(() => killGroup(child.pid, 'SIGKILL'), 2000).unref();
  };
  const onSignal = (sig: NodeJS.Signals) => {
    signal = sig;
    stop();
  };
  for (const s of FORWARDED_SIGNALS) process.on(s, onSignal);
  const timer = options.timeout
    ? setTimeout(() => {
        timedOut = true;
        stop();
      }, options.timeout * 1000)
    : null;
  try {
    const result = await child;
    for (const rest of [buffers.out, buffers.err]) if (rest) onLine(rest);
    return {
      exitCode: result.exitCode ?? null,
      interrupted: signal !== null,
      signal,
      timedOut,
      error,
      tail: tail.join('\n'),
      wallSeconds: (Date.now() - started) / 1000,
    };
  } finally {
    if (timer) clearTimeout(timer);
    for (const s of FORWARDED_SIGNALS) process.off(s, onSignal);
    killGroup(child.pid, 'SIGKILL');
  }
}
