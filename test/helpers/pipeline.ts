// Test helpers: run the converter in-process or as the real CLI, and judge results with compare.py.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { compile } from '../../src/compile.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'bin', 'brian2lava.js');
/** The command npm installs (package.json "bin"): convert and check start from the start-up snapshot. */
export const LAUNCHER = path.join(ROOT, 'bin', 'brian2lava');
export const COMPARE = path.join(ROOT, 'test', 'conformance', 'compare.py');

export function tempDir(prefix = 'b2l-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function compileFile(file: string, until: 'check' | 'lower' | 'emit' = 'emit') {
  return compile(path.relative(ROOT, file), readFileSync(file, 'utf8'), until);
}

/**
 * Run the built CLI as a subprocess, as a user runs it: the installed command bin/brian2lava, which
 * starts convert and check from the start-up snapshot (needs `npm run build`, which `npm ci` and
 * `npm test` do; test/cli-launcher.test.ts pins that both ways of starting behave the same).
 */
export async function cli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; timeout?: number; noColor?: boolean } = {}) {
  // NO_COLOR unless a test looks at colours (noColor: false removes it, also if the caller has it set)
  const color = options.noColor === false ? { NO_COLOR: undefined } : { NO_COLOR: '1' };
  return execa(LAUNCHER, args, { cwd: options.cwd ?? ROOT, reject: false, env: { ...color, ...options.env }, timeout: options.timeout ?? 600_000 });
}

export async function compareResults(ref: string, candidate: string, model: string, mode?: string) {
  const args = [COMPARE, ref, candidate, '--model', model, '--json'];
  if (mode) args.push('--mode', mode);
  const r = await execa('python3', args, { reject: false });
  return { code: r.exitCode, report: JSON.parse(r.stdout || '{}') as { ok: boolean; mode: string; monitors: Record<string, unknown>[] }, text: r.stdout };
}

/** An interpreter that behaves like `python` but cannot import the given packages (for "not installed" paths). */
export function pythonWithout(python: string, packages: string[]): string {
  const dir = tempDir('no-pkg-');
  for (const p of packages) {
    mkdirSync(path.join(dir, 'blocked', p), { recursive: true });
    writeFileSync(path.join(dir, 'blocked', p, '__init__.py'), `raise ImportError("${p} is blocked for this test")\n`);
  }
  const wrapper = path.join(dir, 'python');
  writeFileSync(wrapper, `#!/bin/sh\nPYTHONPATH=${path.join(dir, 'blocked')} exec ${python} "$@"\n`, { mode: 0o755 });
  return wrapper;
}

/** The project folder `-o dir` gives `model`: `dir/<model name>/` (src/cli/convert.ts outputDirFor). */
export function projectIn(dir: string, model: string): string {
  return path.join(dir, path.parse(model).name);
}
