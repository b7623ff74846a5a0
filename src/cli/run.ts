// `brian2lava run MODEL.py`: convert into a folder (default beside the model), make sure a Python with
// Lava is there, run the project under a wall-clock limit, and summarise results.json.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import chalk from 'chalk';
import { EnvironmentError, resolvePython } from '../run/environment.js';
import { runProject } from '../run/lava-runner.js';
import { convertOne, type ConvertOptions } from './convert.js';
import { EXIT, Output } from './io.js';
import { ProgressDisplay } from './progress.js';

export interface RunCommandOptions extends ConvertOptions {
  python?: string;
  timeout?: number;
  plots?: boolean;
}

interface ResultsFile {
  dt: number;
  t_end: number;
  wall_s: number;
  partial?: boolean;
  monitors: Record<string, { type: string; i?: number[]; t?: number[]; record?: number[]; variables?: Record<string, number[][]>; rate?: number[] }>;
}

export function summarise(results: ResultsFile): { name: string; type: string; summary: string }[] {
  return Object.entries(results.monitors).map(([name, m]) => {
    if (m.type === 'SpikeMonitor') {
      const cells = new Set(m.i ?? []).size;
      return { name, type: m.type, summary: `${m.t?.length ?? 0} spikes from ${cells} neuron${cells === 1 ? '' : 's'}` };
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

export async function runCommand(file: string, options: RunCommandOptions, out: Output): Promise<number> {
  if (options.backend && options.backend !== 'cpu') {
    out.error(`the backend '${options.backend}' is not available in this version`, 'use --backend cpu');
    return EXIT.usage;
  }
  const converted = convertOne(file, { ...options, json: false, quiet: options.quiet || options.json }, new Output({ ...out.o, json: false, quiet: options.quiet || options.json }));
  if (converted.code !== EXIT.ok || !converted.dir) {
    out.json({ model: file, ok: false, stage: 'convert' });
    return converted.code;
  }
  const dir = converted.dir;
  let python: string;
  try {
    ({ python } = await resolvePython(options.python, { log: (l) => out.info(chalk.dim(`setup: ${l}`)) }));
  } catch (e) {
    if (e instanceof EnvironmentError) {
      out.error(e.message, e.hint);
      out.json({ model: file, ok: false, stage: 'environment', error: e.message });
      return EXIT.runtime;
    }
    throw e;
  }
  const dt = Number(/DT = (?:_np\.float64\()?([-+0-9.eE]+)/.exec(readFileSync(path.join(dir, 'engine', 'simulation.py'), 'utf8'))?.[1] ?? '0.0001');
  const bar = new ProgressDisplay(dt, !options.quiet && !options.json);
  out.info(`running ${dir} with ${python}`);
  const outcome = await runProject(dir, {
    python,
    timeout: options.timeout ?? 0,
    onProgress: (s, total, wall) => bar.update(s, total, wall),
    onOutput: (l) => out.verbose(l),
  });
  bar.done();
  let results: ResultsFile | null = null;
  try {
    results = JSON.parse(readFileSync(outcome.resultsPath, 'utf8')) as ResultsFile;
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
    out.error(why, results?.partial ? `partial results (recorded so far) are in ${outcome.resultsPath}` : 'run with --verbose to see the output of Lava');
    out.json({ model: file, ok: false, stage: 'run', error: why, model_line: outcome.error?.modelLine ?? null, output: path.resolve(dir), partial: results?.partial ?? false, wall_s: outcome.wallSeconds });
    return outcome.signal ? 128 + (outcome.signal === 'SIGINT' ? 2 : outcome.signal === 'SIGHUP' ? 1 : 15) : EXIT.runtime;
  }
  const rows = summarise(results!);
  if (outcome.hungAtStop) out.info(chalk.yellow('note: Lava did not stop after the last step; its processes were ended (the results are complete)'));
  out.out(`${chalk.bold(path.basename(file))}: ${results!.t_end.toFixed(4)} s simulated in ${outcome.wallSeconds.toFixed(2)} s wall (Lava CPU simulator, floating point)`);
  for (const r of rows) out.out(`  ${r.name.padEnd(20)} ${r.type.padEnd(22)} ${r.summary}`);
  out.out(`  results: ${outcome.resultsPath}`);
  out.json({ model: file, ok: true, output: path.resolve(dir), results: outcome.resultsPath, simulated_s: results!.t_end, wall_s: outcome.wallSeconds, backend: 'cpu', monitors: rows });
  return EXIT.ok;
}
