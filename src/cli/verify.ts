// `brian2lava verify MODEL.py...`: the proof that a conversion is faithful. The model is converted and
// run on Lava, the same script is run by Brian2 itself (the only command that executes the script,
// since that is what it verifies against), and every monitor is compared with the conformance judge's
// rules and tolerances (src/verify/compare.ts = test/conformance/compare.py). Prints a table, writes
// DIR/brian2-results.json, DIR/verify.json and (unless --no-plots) the self-contained DIR/verify.html.
// Exit 1 when a monitor is outside its tolerance.

import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import chalk from 'chalk';
import { runBrian2 } from '../run/brian2-reference.js';
import { brian2Python, type Brian2Python } from '../run/brian2-python.js';
import { plotOverlay, unitLabels } from '../run/plots.js';
import { compare, type CompareRow, overall, ResultsFormatError, type ResultsData } from '../verify/compare.js';
import { chooseVerifyMode, type ModeChoice } from '../verify/mode.js';
import { formatValue, renderReport } from '../verify/report-html.js';
import { readResults } from '../verify/results.js';
import { VERSION } from '../version.js';
import { targetFor } from '../4-targets/registry.js';
import { EXIT, type Output, shownPath, signalExit, stoppedBySignal, worst } from './io.js';
import { readModel } from './load.js';
import { checkOutputDirs } from './convert.js';
import { pythonFor, type PythonEnv, type RunCommandOptions, runModel } from './run.js';

export interface VerifyOptions extends RunCommandOptions {
  mode?: string;
  seed?: number;
  /** 'auto' (default) or a Brian2 version (see run/brian2-python.ts). */
  brian2?: string;
}

/** The table: monitor, type, metric, value, tolerance, verdict (one line per metric). */
export function verifyTable(rows: CompareRow[]): string[] {
  const lines: string[][] = [['monitor', 'type', 'metric', 'value', 'tolerance', 'verdict']];
  for (const row of rows) {
    row.metrics.forEach((m, k) => {
      lines.push([k === 0 ? row.monitor : '', k === 0 ? row.type : '', m.metric, formatValue(m.value, m.display), m.tolerance, m.ok ? 'ok' : 'FAIL']);
    });
  }
  const widths = lines[0]!.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
  return lines.map((l, k) =>
    l
      .map((cell, c) => {
        const padded = c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!);
        if (k === 0) return chalk.bold(padded);
        if (c === 5) return cell === 'ok' ? chalk.green(padded) : chalk.red.bold(padded);
        return padded;
      })
      .join('  ')
      .trimEnd(),
  );
}

function monitorList(brian2: ResultsData, lava: ResultsData) {
  const names = [...new Set([...Object.keys(brian2.monitors), ...Object.keys(lava.monitors)])].sort();
  return names.map((name) => ({
    name,
    type: (brian2.monitors[name] ?? lava.monitors[name])!.type,
    inBrian2: name in brian2.monitors,
    inLava: name in lava.monitors,
  }));
}

async function verifyOne(
  file: string,
  options: VerifyOptions,
  out: Output,
  env: PythonEnv,
  brian2Py: Brian2Python,
  many: boolean,
): Promise<{ code: number; json: Record<string, unknown> }> {
  const target = targetFor(options.backend);
  const backend = target.name;
  // Both runs start from one seed: --seed, else one picked here (printed in the mode's reason and kept in
  // verify.json). A script that does not seed is then the same sample on both sides, which mode.ts
  // compares exactly when the project draws Brian2's numbers; a script that seeds reseeds both itself.
  const seedChosen = options.seed === undefined;
  const seed = options.seed ?? randomInt(1, 2 ** 31);
  // 1. Lava (converting first: a rejected model is reported without running anything).
  const lava = await runModel(file, { ...options, seed, plots: false }, out, env, many, false);
  if (lava.code !== 0 || !lava.results || !lava.dir) return { code: lava.code, json: { ...lava.json, stage: lava.json.stage ?? 'run' } };
  const dir = lava.dir;
  const base = { model: lava.json.model, output: path.resolve(dir), backend, diagnostics: lava.json.diagnostics };
  out.info(
    `${path.basename(file)}: Lava ran ${lava.results.t_end.toFixed(4)} s in ${(lava.json.wall_s as number).toFixed(2)} s wall; running the script with Brian2`,
  );

  // 2. Brian2.
  const brian2Path = path.join(dir, 'brian2-results.json');
  const b2 = await runBrian2({ python: brian2Py.python, onOutput: (l) => out.verbose(`brian2: ${l}`), timeout: options.timeout }, file, brian2Path, seed);
  if (!b2.ok) {
    out.error(`${file}: ${b2.reason}`, b2.hint);
    return {
      code: b2.interrupted ? signalExit(b2.signal) : EXIT.runtime,
      json: { ...base, ok: false, stage: 'brian2', error: b2.reason, interrupted: b2.interrupted, results: lava.resultsPath },
    };
  }
  let brian2: ResultsData;
  try {
    brian2 = readResults(brian2Path);
  } catch (e) {
    const why = `the Brian2 results cannot be read: ${(e as Error).message}`;
    out.error(`${file}: ${why}`);
    return { code: EXIT.runtime, json: { ...base, ok: false, stage: 'brian2', error: why } };
  }

  // 3. Compare with the judge's rules, in the mode the model calls for (mode.ts).
  let choice: ModeChoice;
  try {
    choice = chooseVerifyMode(lava.model!, readModel(file).text, options.mode, target.fixedPoint, seed, seedChosen);
  } catch (e) {
    if (!(e instanceof ResultsFormatError)) throw e;
    out.error(`${file}: ${e.message}`, 'the header line is `# conformance: exact|stats|fixed [rel=X]`');
    return { code: EXIT.usage, json: { ...base, ok: false, stage: 'compare', error: e.message } };
  }
  const rows = compare(brian2, lava.results, choice.mode, choice.rel);
  const ok = overall(rows);
  if (!rows.length)
    out.error(`${file}: the script records nothing with Brian2 (no monitors bound to a name)`, 'add a SpikeMonitor or StateMonitor assigned to a variable');
  const verdictPath = path.join(dir, 'verify.json');
  const verdict = {
    format: 'brian2lava-verify/1',
    model: base.model,
    backend,
    mode: choice.mode,
    mode_why: choice.why,
    rel: choice.rel,
    seed,
    ok,
    monitors: rows,
  };
  writeFileSync(verdictPath, JSON.stringify(verdict, null, 1) + '\n');

  if (!ok && rows.length) {
    const bad = rows.filter((r) => !r.ok).map((r) => r.monitor);
    // on stderr too, so --quiet and --json runs still say why they exit 1
    out.error(
      `${file}: does not conform to Brian2 (mode ${choice.mode}): ${bad.join(', ')} outside tolerance`,
      `see the table${options.plots !== false ? ' and the report' : ''} in ${shownPath(dir)}`,
    );
  }
  out.out(
    `${chalk.bold(path.basename(file))}: ${ok ? chalk.green('PASS') : chalk.red.bold('FAIL')} (mode ${choice.mode}${choice.rel !== null ? `, rel=${choice.rel}` : ''}; Brian2 ${brian2Py.version} ${b2.wallSeconds.toFixed(1)} s, Lava ${(lava.json.wall_s as number).toFixed(1)} s wall)`,
  );
  out.out(`  mode ${choice.mode}: ${choice.why}`);
  for (const line of verifyTable(rows)) out.out(`  ${line}`);

  // 4. The report.
  let report: string | null = null;
  let plotsError: string | null = null;
  if (options.plots !== false) {
    const plotsDir = path.join(dir, 'verify-plots');
    const plotted = await plotOverlay(
      { ...env, log: (l) => out.info(chalk.dim(`setup: ${l}`)) },
      brian2Path,
      lava.resultsPath!,
      plotsDir,
      unitLabels(lava.model!),
    );
    if (!plotted.ok && plotted.interrupted)
      return {
        code: signalExit(plotted.signal),
        json: {
          ...base,
          ok: false,
          stage: 'report',
          error: 'interrupted while drawing the report',
          conforms: ok,
          mode: choice.mode,
          monitors: rows,
          verdict: verdictPath,
        },
      };
    if (!plotted.ok) {
      plotsError = plotted.reason;
      out.warn(`the report has no pictures: ${plotted.reason}`, plotted.hint);
    }
    const plotFiles: Record<string, string> = {};
    if (plotted.ok) for (const [f, entry] of Object.entries(plotted.sidecar.files)) plotFiles[(entry as { monitor: string }).monitor] = f;
    report = path.join(dir, 'verify.html');
    writeFileSync(
      report,
      renderReport({
        model: String(base.model),
        mode: choice.mode,
        rel: choice.rel,
        ok,
        backend,
        rows,
        monitors: monitorList(brian2, lava.results),
        brian2: { producer: brian2.producer ?? 'brian2', wall_s: b2.wallSeconds, t_end: brian2.t_end },
        lava: { producer: lava.results.producer ?? 'brian2lava', wall_s: lava.json.wall_s as number, t_end: lava.results.t_end },
        plotsDir: plotted.ok ? plotsDir : null,
        plotFiles,
        plotsNote: plotted.ok ? null : `no picture: ${plotted.reason}`,
        version: VERSION,
        created: new Date().toISOString(),
      }),
    );
    out.out(`  report: ${shownPath(report)}`);
  }
  return {
    code: ok ? EXIT.ok : EXIT.rejected,
    json: {
      ...base,
      ok,
      ...(ok ? {} : { stage: 'compare', error: rows.length ? 'outside tolerance' : 'nothing recorded' }),
      mode: choice.mode,
      mode_why: choice.why,
      rel: choice.rel,
      seed,
      monitors: rows,
      brian2_results: brian2Path,
      results: lava.resultsPath,
      verdict: verdictPath,
      report,
      ...(plotsError ? { plots_error: plotsError } : {}),
      wall_s: { brian2: b2.wallSeconds, lava: lava.json.wall_s },
      brian2: { version: brian2Py.version, python: brian2Py.python },
    },
  };
}

export async function verifyCommand(files: string[], options: VerifyOptions, out: Output): Promise<number> {
  targetFor(options.backend);
  checkOutputDirs(files, options);
  const env = await pythonFor(options, out);
  if ('error' in env) {
    for (const f of files) out.json({ command: 'verify', model: f, ok: false, stage: 'environment', error: env.error });
    return EXIT.runtime;
  }
  // Brian2 first (the given Python's own, else a managed one): without it nothing can be verified
  const brian2 = await brian2Python(options.brian2 ?? 'auto', env, (l) => out.info(chalk.dim(`setup: ${l}`)));
  if ('error' in brian2) {
    out.error(brian2.error, brian2.hint);
    for (const f of files) out.json({ command: 'verify', model: f, ok: false, stage: 'environment', error: brian2.error });
    return EXIT.runtime;
  }
  out.info(`Brian2 ${brian2.version} from ${brian2.from}: ${brian2.python}`);
  let code: number = EXIT.ok;
  const verdicts: { model: string; ok: boolean }[] = [];
  for (const [k, file] of files.entries()) {
    const r = await verifyOne(file, options, out, env, brian2, files.length > 1);
    out.json({ command: 'verify', ...r.json });
    verdicts.push({ model: file, ok: r.code === EXIT.ok });
    code = worst(code, r.code);
    if (stoppedBySignal(r.code)) {
      for (const skipped of files.slice(k + 1))
        out.json({ command: 'verify', model: skipped, ok: false, stage: 'skipped', error: 'not verified: an earlier run was interrupted' });
      break;
    }
  }
  if (files.length > 1) {
    const passed = verdicts.filter((v) => v.ok).length;
    out.out(
      `${passed} of ${files.length} models conform${
        passed < verdicts.length
          ? `; not: ${verdicts
              .filter((v) => !v.ok)
              .map((v) => v.model)
              .join(', ')}`
          : ''
      }`,
    );
  }
  return code;
}
