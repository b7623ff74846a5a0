// Conformance suites run many fixtures: converted in ONE call of the real CLI, then run by their own
// run.py in one Python process that imports numpy and Lava once and forks a child per project
// (run_projects.py), two at a time. A fixture then costs its conversion (~50 ms), Lava's own start
// and stop, and its simulation: about a second, instead of the ~3-4 s of a `brian2lava run` each.

import path from 'node:path';
import { execa } from 'execa';
import { targetFor } from '../../src/4-targets/registry.js';
import { resolvePython } from '../../src/run/environment.js';
import { cli, ROOT } from './pipeline.js';

export interface BatchRun {
  /** The conversion's JSON line (ok, diagnostics, output). */
  convert: Record<string, any>;
  project: string;
  /** Exit status of run.py, and what it printed (stdout and stderr). */
  exit: number | null;
  log: string;
  wall_s: number | null;
}

/** Convert `files` into `out` with `backend` and run every converted project; keyed by file. */
export async function convertAndRun(
  files: string[],
  out: string,
  backend: string,
  run: { seed?: number; timeout?: number } = {},
): Promise<{ runs: Map<string, BatchRun>; convertStderr: string }> {
  const converted = await cli(['convert', ...files, '-o', out, '--backend', backend, '--json', '--quiet'], { timeout: 1_200_000 });
  const runs = new Map<string, BatchRun>();
  const lines = converted.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);
  files.forEach((f, k) => runs.set(f, { convert: lines[k] ?? {}, project: path.join(out, path.parse(f).name), exit: null, log: '', wall_s: null }));
  const projects = [...runs.values()].filter((r) => r.convert.ok).map((r) => r.project);
  if (projects.length) {
    const python = process.env.BRIAN2LAVA_PYTHON || (await resolvePython(undefined)).python;
    const args = targetFor(backend).runArgs({ seed: run.seed });
    const r = await execa(
      python,
      [path.join(ROOT, 'test', 'helpers', 'run_projects.py'), '--jobs', '2', '--timeout', String(run.timeout ?? 900), ...projects, '--', ...args],
      { reject: false, timeout: 3_600_000 },
    );
    const byProject = new Map([...runs.values()].map((b) => [b.project, b]));
    for (const line of r.stdout.trim().split('\n').filter(Boolean)) {
      const j = JSON.parse(line) as { project: string; exit: number; log: string; wall_s: number };
      Object.assign(byProject.get(j.project)!, { exit: j.exit, log: j.log, wall_s: j.wall_s });
    }
    if (r.exitCode !== 0) throw new Error(`run_projects.py failed (exit ${r.exitCode}): ${r.stderr}`);
  }
  return { runs, convertStderr: converted.stderr };
}
