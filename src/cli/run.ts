// `brian2lava run MODEL.py...`: convert into a folder (default beside the model), make sure a Python
// with Lava is there, run the project under a wall-clock limit with a progress display, summarise
// results.json, and draw raster.png / traces.png / rates.png into the project folder (--no-plots: not).
// Several models run one after the other (with -o, each into DIR/<model name>); Ctrl-C stops the
// current run, keeps what it recorded (results.json marked partial) and skips the rest.

import path from 'node:path';
import chalk from 'chalk';
import type { ModelIR } from '../2-model/ir.js';
import { EnvironmentError, resolvePython } from '../run/environment.js';
import { runProject } from '../run/lava-runner.js';
import { plotRun, unitLabels } from '../run/plots.js';
import type { ResultsData } from '../verify/compare.js';
import { readResults } from '../verify/results.js';
import { targetFor } from '../4-targets/registry.js';
import { checkOutputDirs, checkProtocol, convertOne, type ConvertOptions } from './convert.js';
import { EXIT, Output, shownPath, signalExit, stoppedBySignal, worst } from './io.js';
import { ProgressDisplay } from './progress.js';

export interface RunCommandOptions extends ConvertOptions {
  python?: string;
  timeout?: number;
  plots?: boolean;
  /**
   * cpu backend: numpy's generator starts from this seed, as `brian2.seed(n)` before the script would
   * (the script's own seed() calls still reseed it); default fresh entropy, recorded in results.json.
   */
  seed?: number;
}

export interface PythonEnv {
  python: string;
  managed: boolean;
}

export function summarise(results: ResultsData): { name: string; type: string; summary: string }[] {
  return Object.entries(results.monitors).map(([name, m]) => {
    if (m.type === 'SpikeMonitor' || m.type === 'EventMonitor') {
      const cells = new Set(m.i ?? []).size;
      const what = m.type === 'EventMonitor' ? `'${(m as { event?: string }).event ?? '?'}' events` : 'spikes';
      return { name, type: m.type, summary: `${m.t?.length ?? 0} ${what} from ${cells} neuron${cells === 1 ? '' : 's'}` };
    }
    if (m.type === 'StateMonitor') {
      const vars = Object.keys(m.variables ?? {});
      return { name, type: m.type, summary: `${vars.join(', ')} at ${m.record?.length ?? 0} indices, ${m.t?.length ?? 0} samples` };
    }
    const rate = m.rate ?? [];
    const mean = rate.length ? rate.reduce((a, b) => a + b, 0) / rate.length : 0;
    return { name, type: m.type, summary: `mean rate ${mean.toFixed(2)} Hz over ${rate.length} steps` };
  });
}

/** The Python to run with (managed environment created on first use); null after reporting why not. */
export async function pythonFor(options: { python?: string }, out: Output): Promise<PythonEnv | { error: string }> {
  try {
    return await resolvePython(options.python, { log: (l) => out.info(chalk.dim(`setup: ${l}`)) });
  } catch (e) {
    if (!(e instanceof EnvironmentError)) throw e;
    out.error(e.message, e.hint);
    return { error: e.message };
  }
}

export interface LavaRun {
  code: number;
  dir: string | null;
  model: ModelIR | null;
  results: ResultsData | null;
  resultsPath: string | null;
  /** The JSON object for this model (printed by `run --json`; verify builds on it). */
  json: Record<string, unknown>;
}

/** Convert one model and run it with Lava; prints diagnostics, progress and (unless quiet) a summary. */
export async function runModel(file: string, options: RunCommandOptions, out: Output, env: PythonEnv, many: boolean, summary = true): Promise<LavaRun> {
  const target = targetFor(options.backend);
  const backend = target.name;
  const converted = await convertOne(file, { ...options, json: false }, new Output({ ...out.o, json: false, quiet: out.o.quiet || out.o.json }));
  if (converted.code !== EXIT.ok || !converted.dir)
    return { code: converted.code, dir: null, model: converted.model, results: null, resultsPath: null, json: converted.json };
  const dir = converted.dir;
  const base = { model: converted.json.model, output: path.resolve(dir), backend, diagnostics: converted.json.diagnostics };
  const dt = converted.model!.dt;
  const bar = new ProgressDisplay(dt, !out.o.quiet && !out.o.json, process.stderr, Boolean(process.stderr.isTTY), many ? path.basename(file) : '');
  out.verbose(`running ${dir} with ${env.python}`);
  const outcome = await runProject(dir, {
    python: env.python,
    timeout: options.timeout ?? 0,
    onProgress: (s, total, wall) => bar.update(s, total, wall),
    onOutput: (l) => out.verbose(l),
    args: target.runArgs({ seed: options.seed }),
  });
  bar.done();
  let results: ResultsData | null = null;
  try {
    results = readResults(outcome.resultsPath);
  } catch {
    results = null;
  }
  const complete = results !== null && !results.partial && (outcome.exitCode === 0 || outcome.hungAtStop);
  if (!complete) {
    const why = outcome.timedOut
      ? `the run exceeded --timeout ${options.timeout} s and was stopped`
      : outcome.interrupted
        ? 'the run was interrupted'
        : outcome.error
          ? `the Lava run failed: ${outcome.error.type}: ${outcome.error.message}${outcome.error.modelLine ? `\n  from ${file}:${outcome.error.modelLine}: ${outcome.error.modelText}` : ''}${outcome.error.where ? `\n  in the generated ${outcome.error.where}` : ''}`
          : `the Lava run failed (exit ${outcome.exitCode})${outcome.stderrTail ? `:\n${outcome.stderrTail.split('\n').slice(-6).join('\n')}` : ''}`;
    const partial = results?.partial ? `partial results (${results.t_end.toFixed(4)} s of the run, recorded so far) are in ${outcome.resultsPath}` : '';
    out.error(`${file}: ${why}`, partial || 'run with --verbose to see the output of Lava');
    return {
      code: outcome.interrupted ? signalExit(outcome.signal) : EXIT.runtime,
      dir,
      model: converted.model,
      results,
      resultsPath: results ? outcome.resultsPath : null,
      json: {
        ...base,
        ok: false,
        stage: 'run',
        error: why,
        model_line: outcome.error?.modelLine ?? null,
        interrupted: outcome.interrupted,
        partial: results?.partial ?? false,
        results: results ? outcome.resultsPath : null,
        simulated_s: results?.t_end ?? null,
        wall_s: outcome.wallSeconds,
      },
    };
  }
  const rows = summarise(results!);
  if (outcome.hungAtStop) out.info(chalk.yellow('note: Lava did not stop after the last step; its processes were ended (the results are complete)'));
  for (const [reg, count] of Object.entries(results!.saturated ?? {}))
    if (count > 0) out.warn(`${file}: ${count} value${count === 1 ? '' : 's'} of ${reg} saturated at 24 bits (see QUANTIZATION.md)`);
  if (summary) {
    out.out(
      `${chalk.bold(path.basename(file))}: ${results!.t_end.toFixed(4)} s simulated in ${outcome.wallSeconds.toFixed(2)} s wall (${target.describeRun(results!.execution)})`,
    );
    for (const r of rows) out.out(`  ${r.name.padEnd(20)} ${r.type.padEnd(22)} ${r.summary}`);
    out.out(`  results: ${shownPath(outcome.resultsPath)}`);
  }
  return {
    code: EXIT.ok,
    dir,
    model: converted.model,
    results,
    resultsPath: outcome.resultsPath,
    json: {
      ...base,
      ok: true,
      results: outcome.resultsPath,
      simulated_s: results!.t_end,
      wall_s: outcome.wallSeconds,
      partial: false,
      execution: results!.execution ?? null,
      saturated: results!.saturated ?? {},
      monitors: rows,
    },
  };
}

export async function runCommand(files: string[], options: RunCommandOptions, out: Output): Promise<number> {
  targetFor(options.backend);
  checkProtocol(options);
  checkOutputDirs(files, options);
  const env = await pythonFor(options, out);
  if ('error' in env) {
    for (const f of files) out.json({ command: 'run', model: f, ok: false, stage: 'environment', error: env.error });
    return EXIT.runtime;
  }
  let code: number = EXIT.ok;
  for (const [k, file] of files.entries()) {
    const run = await runModel(file, options, out, env, files.length > 1);
    const json: Record<string, unknown> = { command: 'run', ...run.json };
    if (run.code === EXIT.ok && options.plots !== false) {
      const started = Date.now();
      const plotted = await plotRun({ ...env, log: (l) => out.info(chalk.dim(`setup: ${l}`)) }, run.resultsPath!, run.dir!, unitLabels(run.model!));
      if (plotted.ok) {
        out.out(`  plots: ${plotted.files.map(shownPath).join(', ')}`);
        out.verbose(`plots drawn in ${((Date.now() - started) / 1000).toFixed(2)} s`);
        json.plots = plotted.files;
      } else {
        out.warn(`no plots for ${file}: ${plotted.reason}`, plotted.hint);
        json.plots = null;
        json.plots_error = plotted.reason;
      }
      if (!plotted.ok && plotted.interrupted) run.code = signalExit(plotted.signal);
    }
    out.json(json);
    code = worst(code, run.code);
    if (stoppedBySignal(run.code)) {
      for (const skipped of files.slice(k + 1))
        out.json({ command: 'run', model: skipped, ok: false, stage: 'skipped', error: 'not run: an earlier run was interrupted' });
      break;
    }
  }
  return code;
}
