// The Python environment that runs generated projects. By default a virtual environment managed by the
// tool (created on first use, pinned versions, lava-nc repaired for Python 3.11); `--python PATH` or
// BRIAN2LAVA_PYTHON selects an existing interpreter instead (e.g. on a Loihi host).
//
// Location: $BRIAN2LAVA_HOME, else $XDG_DATA_HOME/brian2lava, else ~/.local/share/brian2lava;
// the environment is envs/lava-<version>-py<major.minor>/ inside it. A stamp file written last marks a
// complete environment; a folder without it is half-installed and is rebuilt. A lock directory keeps two
// concurrent setups from building the same environment.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { LAVA_VERSION, PYTHON_PACKAGES } from '../4-emit/packages.js';

import { PYTHON_HELPERS } from '../paths.js';
import { processAlive } from './process-group.js';

export const PYTHON_DIR = PYTHON_HELPERS;

/** Pinned dependencies of lava-nc 0.10.0 (installed first, as wheels), then lava-nc without its checks. */
export const DEPENDENCIES = PYTHON_PACKAGES.filter((p) => !p.startsWith('lava-nc'));
export const OPTIONAL = { brian2: ['brian2==2.5.4', 'sympy==1.14.0'], matplotlib: ['matplotlib==3.8.4'] };

export class EnvironmentError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export function dataHome(): string {
  if (process.env.BRIAN2LAVA_HOME) return path.resolve(process.env.BRIAN2LAVA_HOME);
  const xdg = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'brian2lava');
}

export interface PythonInfo {
  python: string;
  executable: string;
  numpy: { ok: boolean; version?: string; error?: string };
  scipy: { ok: boolean; version?: string; error?: string };
  lava: { ok: boolean; version?: string; error?: string; loihi_hardware?: boolean };
  brian2: { ok: boolean; version?: string; error?: string } | null;
  matplotlib: { ok: boolean; version?: string; error?: string } | null;
}

/** The base interpreter used to create the managed environment. */
async function basePython(): Promise<{ path: string; version: string }> {
  const candidates = [process.env.BRIAN2LAVA_BASE_PYTHON, 'python3.11', 'python3.10', 'python3'].filter(Boolean) as string[];
  for (const c of candidates) {
    try {
      const r = await execa(c, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]); print(sys.executable)']);
      const [version, exe] = r.stdout.trim().split('\n');
      if (version === '3.10' || version === '3.11') return { path: exe!, version: version! };
    } catch {
      // try the next candidate
    }
  }
  throw new EnvironmentError(
    'no Python 3.10 or 3.11 found to create the Lava environment',
    'install Python 3.11, or point BRIAN2LAVA_BASE_PYTHON (or --python) at one',
  );
}

export function managedEnvDir(pyVersion: string): string {
  return path.join(dataHome(), 'envs', `lava-${LAVA_VERSION}-py${pyVersion}`);
}

function envPython(dir: string): string {
  return path.join(dir, 'bin', 'python');
}

const STAMP = 'brian2lava-env.json';

/** Files a complete environment has (checked before trusting its stamp). */
function keyFiles(dir: string, pyVersion: string): string[] {
  const site = path.join(dir, 'lib', `python${pyVersion}`, 'site-packages');
  return [
    envPython(dir),
    ...['lava/magma/compiler/var_model.py', 'lava/magma/core/run_configs.py', 'numpy/__init__.py', 'scipy/__init__.py'].map((f) => path.join(site, f)),
  ];
}

export async function pythonInfo(python: string, extra: string[] = []): Promise<PythonInfo> {
  const r = await execa(python, [path.join(PYTHON_DIR, 'doctor.py'), ...extra], { reject: false, timeout: 120_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as PythonInfo;
  } catch {
    throw new EnvironmentError(
      `cannot run ${python}: ${(r.stderr || r.stdout || String(r.exitCode)).toString().trim().split('\n').pop()}`,
      'check the interpreter, or run brian2lava setup',
    );
  }
}

/**
 * Run `f` holding the lock of `dir` (`<dir>.lock`, a folder with the owner's pid and host). Acquiring is
 * one atomic rename of a private folder that already holds the owner's pid, so a lock is never seen
 * without its owner; releasing is a rename too. A lock whose owner died (same host, pid gone) is taken
 * over: it is renamed aside first, so of several waiters only one removes it.
 */
async function withLock<T>(dir: string, f: () => Promise<T>, log: (s: string) => void): Promise<T> {
  mkdirSync(path.dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  const me = `${process.pid} ${os.hostname()}`;
  const deadline = Date.now() + 30 * 60_000;
  let told = false;
  for (let attempt = 0; ; attempt++) {
    const mine = `${lock}.${process.pid}-${attempt}`;
    rmSync(mine, { recursive: true, force: true });
    mkdirSync(mine);
    writeFileSync(path.join(mine, 'owner'), me);
    try {
      renameSync(mine, lock);
      break;
    } catch (e) {
      rmSync(mine, { recursive: true, force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EISDIR') throw e;
    }
    const owner = readOwner(lock);
    if (owner && isStale(owner, safeMtime(lock))) {
      const aside = `${lock}.stale-${process.pid}`;
      try {
        renameSync(lock, aside);
      } catch {
        continue; // someone else took it over first
      }
      const moved = readOwner(aside);
      if (moved && moved.raw !== owner.raw) {
        // The lock changed hands between the check and the rename: give it back.
        try {
          renameSync(aside, lock);
        } catch {
          // it was taken again meanwhile; both owners wait on pip's own locking
        }
      } else {
        log(`removing the lock of brian2lava process ${owner.pid}, which is gone`);
        rmSync(aside, { recursive: true, force: true });
      }
      continue;
    }
    if (!told) {
      log(`waiting for another brian2lava${owner ? ` (pid ${owner.pid})` : ''} that is setting up ${dir}`);
      told = true;
    }
    if (Date.now() > deadline) throw new EnvironmentError(`the environment lock ${lock} is held too long`, `remove ${lock} if no brian2lava is running`);
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    return await f();
  } finally {
    const released = `${lock}.released-${process.pid}`;
    try {
      renameSync(lock, released);
      rmSync(released, { recursive: true, force: true });
    } catch {
      // already gone
    }
  }
}

function readOwner(lock: string): { pid: number; host: string; raw: string } | null {
  try {
    const raw = readFileSync(path.join(lock, 'owner'), 'utf8').trim();
    const [pid, host] = raw.split(' ');
    return { pid: Number(pid), host: host ?? '', raw };
  } catch {
    return null;
  }
}

/** A lock is stale when its owner is gone (on this host), or, held from another host, after 2 hours. */
function isStale(owner: { pid: number; host: string }, since: number): boolean {
  if (owner.host !== os.hostname()) return Date.now() - since > 2 * 3600_000;
  return !(Number.isFinite(owner.pid) && owner.pid > 0 && processAlive(owner.pid));
}

function safeMtime(p: string): number {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return Date.now();
  }
}

async function pip(python: string, args: string[], log: (s: string) => void): Promise<void> {
  const r = await execa(python, ['-m', 'pip', '--disable-pip-version-check', '--no-input', ...args], { reject: false, all: true, timeout: 30 * 60_000 });
  if (r.exitCode !== 0) {
    const tail = (r.all ?? '').toString().trim().split('\n').slice(-8).join('\n');
    log(tail);
    throw new EnvironmentError(
      `pip ${args.slice(0, 2).join(' ')} failed (exit ${r.exitCode})`,
      'check the network connection to PyPI, then run brian2lava setup again',
    );
  }
}

export interface SetupOptions {
  force?: boolean;
  log?: (line: string) => void;
  /** Also install optional packages (brian2 for verify, matplotlib for plots). */
  with?: (keyof typeof OPTIONAL)[];
  /** Import lava to check a complete environment (setup, doctor); `run` trusts the stamp. */
  verify?: boolean;
}

function readStamp(dir: string): { packages: string[] } | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, STAMP), 'utf8')) as { packages: string[] };
  } catch {
    return null;
  }
}

/** Whether the managed environment of `python` (its bin/python) already has these optional packages. */
export function managedHas(python: string, extra: keyof typeof OPTIONAL): boolean {
  const stamp = readStamp(path.dirname(path.dirname(python)));
  return stamp !== null && OPTIONAL[extra].every((p) => stamp.packages.includes(p));
}

/** Create (or repair) the managed environment; returns its interpreter. */
export async function setupManagedEnv(options: SetupOptions = {}): Promise<string> {
  const log = options.log ?? (() => {});
  const base = await basePython();
  const dir = managedEnvDir(base.version);
  return withLock(
    dir,
    async () => {
      const stamp = readStamp(dir);
      const wanted = (options.with ?? []).flatMap((k) => OPTIONAL[k]);
      if (stamp && !options.force) {
        // `run` trusts the stamp when the key files are there (importing lava costs seconds); setup and
        // doctor import it.
        const missingFiles = keyFiles(dir, base.version).filter((f) => !existsSync(f));
        const info = missingFiles.length
          ? { lava: { ok: false, error: `${path.relative(dir, missingFiles[0]!)} is missing` } }
          : options.verify === false
            ? { lava: { ok: true, error: '' } }
            : await pythonInfo(envPython(dir)).catch(() => null);
        if (info?.lava.ok) {
          const missing = wanted.filter((p) => !stamp.packages.includes(p));
          if (missing.length) {
            log(`installing ${missing.join(', ')}`);
            await pip(envPython(dir), ['install', '--only-binary=:all:', ...missing, 'numpy==1.26.4'], log);
            writeFileSync(path.join(dir, STAMP), JSON.stringify({ ...stamp, packages: [...stamp.packages, ...missing] }, null, 2));
          }
          return envPython(dir);
        }
        log(`the environment in ${dir} is broken (${info?.lava.error ?? 'python does not run'}); rebuilding it`);
      } else if (existsSync(dir) && !stamp) {
        log(`removing the half-installed environment in ${dir}`);
      }
      // The stamp goes first: an interrupted removal must not leave a stamped, broken environment.
      rmSync(path.join(dir, STAMP), { force: true });
      rmSync(dir, { recursive: true, force: true });
      log(`[1/4] creating a virtual environment with Python ${base.version} in ${dir}`);
      const r = await execa(base.path, ['-m', 'venv', dir], { reject: false, all: true });
      if (r.exitCode !== 0)
        throw new EnvironmentError(
          `python -m venv failed: ${(r.all ?? '').toString().trim().split('\n').pop()}`,
          'install the venv module of your Python (e.g. apt install python3-venv)',
        );
      const py = envPython(dir);
      log(`[2/4] installing ${[...DEPENDENCIES, ...wanted].join(', ')}`);
      await pip(py, ['install', '--only-binary=:all:', ...DEPENDENCIES, ...wanted], log);
      log(`[3/4] installing lava-nc ${LAVA_VERSION} (it declares python<3.11: installed with --ignore-requires-python)`);
      await pip(py, ['install', '--no-deps', '--ignore-requires-python', `lava-nc==${LAVA_VERSION}`], log);
      log('[4/4] repairing lava-nc for Python 3.11 (dataclass defaults in var_model.py)');
      const patch = await execa(py, [path.join(PYTHON_DIR, 'setup_env.py'), '--repair-only'], { reject: false });
      const result = JSON.parse(patch.stdout.trim() || '{}') as { status?: string; sha256?: string };
      if (patch.exitCode !== 0)
        throw new EnvironmentError(`could not repair lava-nc: ${result.status ?? patch.stderr}`, 'report this with the output of brian2lava doctor');
      log(`      ${result.status}`);
      const info = await pythonInfo(py);
      if (!info.lava.ok) throw new EnvironmentError(`lava does not import after setup: ${info.lava.error}`, 'run brian2lava setup --force');
      writeFileSync(
        path.join(dir, STAMP),
        JSON.stringify(
          {
            lava: LAVA_VERSION,
            python: base.version,
            packages: [...DEPENDENCIES, `lava-nc==${LAVA_VERSION}`, ...wanted],
            patch: result.status,
            created: new Date().toISOString(),
          },
          null,
          2,
        ),
      );
      log(`ready: ${py}`);
      return py;
    },
    log,
  );
}

/** The interpreter to run projects with: --python, BRIAN2LAVA_PYTHON, or the managed environment. */
export async function resolvePython(explicit: string | undefined, options: SetupOptions = {}): Promise<{ python: string; managed: boolean }> {
  const chosen = explicit ?? process.env.BRIAN2LAVA_PYTHON;
  if (chosen) {
    const info = await pythonInfo(chosen).catch((e: Error) => {
      throw new EnvironmentError(`cannot use the Python ${chosen}: ${e.message}`, 'pass a working interpreter with --python');
    });
    if (!info.lava.ok)
      throw new EnvironmentError(
        `lava does not import in ${chosen}: ${info.lava.error}`,
        'install lava-nc there, or drop --python to use the managed environment',
      );
    return { python: chosen, managed: false };
  }
  return { python: await setupManagedEnv({ verify: false, ...options }), managed: true };
}

/** The managed Lava environment's interpreter if it exists, is complete and has `extra`; else null (nothing is created). */
export async function existingManagedWith(extra: keyof typeof OPTIONAL): Promise<string | null> {
  let base;
  try {
    base = await basePython();
  } catch {
    return null;
  }
  const dir = managedEnvDir(base.version);
  return existsSync(envPython(dir)) && managedHas(envPython(dir), extra) ? envPython(dir) : null;
}

/** The Brian2 version the managed environment gets for `verify` (OPTIONAL.brian2). */
export const PINNED_BRIAN2 = OPTIONAL.brian2[0]!.split('==')[1]!;

/**
 * A managed environment with only Brian2 `version` (for `verify --brian2 VERSION` when neither the
 * given Python nor the Lava environment has that version): `envs/brian2-VERSION-pyX.Y/`, made on first
 * use with the same stamp and lock as the Lava environment. Returns its interpreter.
 */
export async function setupBrian2Env(version: string, options: SetupOptions = {}): Promise<string> {
  const log = options.log ?? (() => {});
  const base = await basePython();
  const dir = path.join(dataHome(), 'envs', `brian2-${version}-py${base.version}`);
  return withLock(
    dir,
    async () => {
      if (readStamp(dir) && existsSync(envPython(dir))) return envPython(dir);
      rmSync(dir, { recursive: true, force: true });
      log(`creating an environment with Brian2 ${version} (Python ${base.version}) in ${dir}`);
      const r = await execa(base.path, ['-m', 'venv', dir], { reject: false, all: true });
      if (r.exitCode !== 0)
        throw new EnvironmentError(
          `python -m venv failed: ${(r.all ?? '').toString().trim().split('\n').pop()}`,
          'install the venv module of your Python (e.g. apt install python3-venv)',
        );
      await pip(envPython(dir), ['install', '--only-binary=:all:', `brian2==${version}`], log);
      writeFileSync(
        path.join(dir, STAMP),
        JSON.stringify({ python: base.version, packages: [`brian2==${version}`], created: new Date().toISOString() }, null, 2),
      );
      return envPython(dir);
    },
    log,
  );
}
