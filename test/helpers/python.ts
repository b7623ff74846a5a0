// Running small Python snippets against the static support modules of generated projects
// (templates/cpu/synaptic.py, runtime.py) with the managed Python, to pin their semantics.

import path from 'node:path';
import { execa } from 'execa';
import { resolvePython } from '../../src/run/environment.js';
import { ROOT } from './pipeline.js';

let python: string | null = null;

/** Run `code` with templates/cpu on sys.path; it prints one JSON value, which is returned. */
export async function runPython<T = unknown>(code: string): Promise<T> {
  python ??= (await resolvePython(process.env.BRIAN2LAVA_PYTHON)).python;
  const prelude = `import sys, json\nsys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'templates', 'cpu'))})\nimport numpy as np\n`;
  const r = await execa(python, ['-c', prelude + code], { reject: false });
  if (r.exitCode !== 0) throw new Error(`python failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * Convert a model script (text), write its project to a temporary folder and build its Simulation in
 * Python without Lava (this runs the script's actions before the first run(): connect(), initialisations).
 * `code` then inspects `sim` and prints one JSON value.
 */
export async function withSimulation<T = unknown>(script: string, code: string): Promise<T> {
  const { compile } = await import('../../src/compile.js');
  const { writeProject } = await import('../../src/4-emit/output.js');
  const { tempDir } = await import('./pipeline.js');
  const r = compile('model.py', script);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !r.files) throw new Error(`conversion failed: ${errors.map((d) => d.message).join('; ')}`);
  const dir = path.join(tempDir('sim-'), 'project');
  writeProject(dir, r.files, {});
  return runPython<T>(
    `sys.path.insert(0, ${JSON.stringify(dir)})\nfrom engine.simulation import Simulation\nsim = Simulation(${JSON.stringify(path.join(dir, 'results.json'))})\n${code}`,
  );
}
