// The Brian2 side of `brian2lava verify`: the user's script executed by Brian2 itself (numpy runtime)
// through python/brian2_run.py, which writes the same brian2lava-results/1 format the Lava project
// writes. This is the one place where brian2lava executes a model script, on purpose. The helper
// keys the monitors provisionally and says how each one was named in the script; they are renamed
// here by the converter's own rule (2-model/monitor-keys.ts), so both runs use the same keys.

import { readFileSync, writeFileSync } from 'node:fs';
import { monitorKeys, type MonitorNaming } from '../2-model/monitor-keys.js';
import { parsePythonJson, stringifyPythonJson } from '../verify/results.js';
import { type HelperError, runHelper } from './python-helper.js';

export interface Brian2Outcome {
  ok: boolean;
  interrupted: boolean;
  /** The signal that stopped it (given to brian2lava). */
  signal?: NodeJS.Signals | null;
  /** Why it failed, one line; with the script line when the error came from the script. */
  reason?: string;
  hint?: string;
  error?: HelperError | null;
  wallSeconds: number;
}

export interface Brian2Context {
  python: string;
  /** The script's own prints and Brian2's warnings. */
  onOutput?: (line: string) => void;
  timeout?: number;
}

/** Run `model` with Brian2 into `results`; the caller has made sure brian2 is there (ensureExtra). */
export async function runBrian2(ctx: Brian2Context, model: string, results: string, seed?: number): Promise<Brian2Outcome> {
  const started = Date.now();
  const args = [model, '--results', results];
  if (seed !== undefined) args.push('--seed', String(seed));
  const r = await runHelper(ctx.python, 'brian2_run.py', args, { onLine: ctx.onOutput, timeout: ctx.timeout });
  const wallSeconds = (Date.now() - started) / 1000;
  if (r.interrupted) return { ok: false, interrupted: true, signal: r.signal, reason: 'the Brian2 run was interrupted', wallSeconds };
  if (r.timedOut)
    return {
      ok: false,
      interrupted: false,
      reason: `the Brian2 run exceeded --timeout ${ctx.timeout} s and was stopped`,
      hint: 'give a larger --timeout (0: none)',
      wallSeconds,
    };
  if (r.exitCode === 0) {
    applyMonitorKeys(results);
    return { ok: true, interrupted: false, wallSeconds };
  }
  const e = r.error;
  const reason = e
    ? `Brian2 could not run the script: ${e.type}: ${e.message}${e.where ? ` (${model}:${e.where.line}: ${e.where.code})` : ''}`
    : `Brian2 could not run the script (exit ${r.exitCode}): ${r.tail.split('\n').slice(-3).join(' ')}`;
  return {
    ok: false,
    interrupted: false,
    reason,
    hint: 'the script must run with plain Brian2 for verify to compare against it; run with --verbose to see its output',
    error: e,
    wallSeconds,
  };
}

/** Rename the helper's provisional monitor keys ("#0", ...) by the converter's rule; rewrites the file. */
export function applyMonitorKeys(results: string): void {
  const data = parsePythonJson(readFileSync(results, 'utf8')) as { monitors: Record<string, unknown>; naming?: (MonitorNaming & { monitor: string })[] };
  if (!data.naming) return;
  const keys = monitorKeys(data.naming);
  const monitors: Record<string, unknown> = {};
  data.naming.forEach((n, k) => {
    monitors[keys[k]!] = data.monitors[n.monitor];
    n.monitor = keys[k]!;
  });
  data.monitors = monitors;
  writeFileSync(results, stringifyPythonJson(data));
}
