// The managed Python environment, built for real in a temporary BRIAN2LAVA_HOME: two concurrent setups
// build it once (the lock), a half-installed environment (no stamp) and a broken one (a file of lava or
// numpy deleted) are detected and rebuilt by `setup` and by `run`, and a stale lock of a dead process is
// taken over while a live one is waited for. Every build installs from a wheelhouse downloaded once
// from PyPI (helpers/wheelhouse.ts, shared with standalone-project.test.ts), so the builds are offline. One
// environment is built for real; the rebuilds after a detection stop at pip.

import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAVA_VERSION, PYTHON_PACKAGES } from '../../src/4-emit/packages.js';
import { CLI, ROOT, tempDir } from '../helpers/pipeline.js';
import { pythonVersion, wheelhouse } from '../helpers/wheelhouse.js';

let WHEELHOUSE = '';
const home = tempDir('b2l-home-');
let pyVersion = '';

function env(): Record<string, string> {
  return { NO_COLOR: '1', BRIAN2LAVA_HOME: home, BRIAN2LAVA_PYTHON: '', PIP_FIND_LINKS: WHEELHOUSE, PIP_NO_INDEX: '1' };
}

const envDir = () => path.join(home, 'envs', `lava-${LAVA_VERSION}-py${pyVersion}`);
const site = () => path.join(envDir(), 'lib', `python${pyVersion}`, 'site-packages');

function brian2lava(args: string[], extra: Record<string, string> = {}) {
  return execa('node', [CLI, ...args], { reject: false, env: { ...env(), ...extra }, timeout: 1_200_000 });
}

async function works(): Promise<void> {
  const r = await brian2lava(['doctor', '--json']);
  expect(r.exitCode).toBe(0);
  expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ ok: true, python: { lava: { ok: true, version: LAVA_VERSION } } });
  expect(existsSync(path.join(envDir(), 'brian2lava-env.json'))).toBe(true);
}

beforeAll(async () => {
  const base = await execa('python3.11', ['-c', ''], { reject: false });
  const python = base.exitCode === 0 ? 'python3.11' : 'python3';
  pyVersion = await pythonVersion(python);
  WHEELHOUSE = await wheelhouse(python, PYTHON_PACKAGES);
}, 1_800_000);

afterAll(() => {
  // An environment is a few hundred MB: do not leave them in the temp folder.
  rmSync(home, { recursive: true, force: true });
});

describe('the managed environment', () => {
  it('a setup and a run started together build it once; both succeed and the model runs', async () => {
    const out = tempDir('env-run-');
    const [a, b] = await Promise.all([
      brian2lava(['setup']),
      brian2lava(['run', path.join(ROOT, 'fixtures', '01_lif_exact.py'), '-o', out, '--timeout', '600', '--no-plots']),
    ]);
    for (const r of [a, b]) {
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const logs = [a.stderr, b.stderr];
    expect(logs.filter((l) => l.includes('[1/4] creating a virtual environment'))).toHaveLength(1);
    expect(logs.filter((l) => l.includes('waiting for another brian2lava'))).toHaveLength(1);
    expect(readdirSync(path.join(home, 'envs')).sort()).toEqual([path.basename(envDir())]);
    expect(existsSync(path.join(out, '01_lif_exact', 'results.json'))).toBe(true);
    await works();
  }, 1_200_000);

  it('a stale lock of a dead process is taken over; a live one is waited for', async () => {
    const lock = `${envDir()}.lock`;
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'owner'), `999999999 ${os.hostname()}`);
    const stale = await brian2lava(['setup']);
    expect(stale.exitCode).toBe(0);
    expect(stale.stderr).toContain('removing the lock of brian2lava process 999999999');
    expect(existsSync(lock)).toBe(false);

    mkdirSync(lock);
    writeFileSync(path.join(lock, 'owner'), `${process.pid} ${os.hostname()}`);
    const waiting = brian2lava(['setup']);
    let seen = '';
    waiting.stderr?.on('data', (d: Buffer) => (seen += d.toString()));
    const deadline = Date.now() + 120_000;
    while (!seen.includes('waiting for another brian2lava') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(seen).toContain(`waiting for another brian2lava (pid ${process.pid})`);
    rmSync(lock, { recursive: true });
    const r = await waiting;
    expect(r.exitCode).toBe(0);
    expect(existsSync(lock)).toBe(false);
  }, 600_000);

  // What is tested below is the detection of a broken environment; a rebuild is the same code as the
  // build above, so these rebuilds stop at pip (an empty wheelhouse, offline) once they have started.
  const failingPip = () => ({ PIP_FIND_LINKS: tempDir('no-wheels-'), PIP_NO_INDEX: '1' });

  it('a broken lava (a module deleted, lava does not import) is detected by setup, which rebuilds', async () => {
    rmSync(path.join(site(), 'lava', 'magma', 'core', 'callback_fx.py'));
    const r = await brian2lava(['setup'], failingPip());
    expect(r.stderr).toMatch(/is broken \(.*\); rebuilding it/);
    expect(r.stderr).toContain('[1/4] creating a virtual environment');
    expect(r.stderr).toMatch(/pip install .*failed/);
    expect(r.exitCode).toBe(3);
  }, 1_200_000);

  it('a half-installed environment (no stamp) is removed and rebuilt by setup', async () => {
    expect(existsSync(path.join(envDir(), 'brian2lava-env.json'))).toBe(false); // so left by the failed rebuild
    const r = await brian2lava(['setup'], failingPip());
    expect(r.stderr).toContain('removing the half-installed environment');
    expect(r.stderr).toContain('[1/4]');
    expect(r.exitCode).toBe(3);
  }, 1_200_000);

  it('a stamped environment with a key file missing is detected by run, which rebuilds', async () => {
    // the half-installed environment with a stamp: numpy, scipy and lava are not there
    writeFileSync(path.join(envDir(), 'brian2lava-env.json'), JSON.stringify({ lava: LAVA_VERSION, python: pyVersion, packages: [] }));
    const r = await brian2lava(['run', path.join(ROOT, 'fixtures', '01_lif_exact.py'), '-o', tempDir('env-run-'), '--timeout', '600'], failingPip());
    expect(r.stderr).toMatch(/is broken \(.* is missing\); rebuilding it/);
    expect(r.stderr).toContain('[1/4]');
    expect(r.exitCode).toBe(3);
  }, 1_200_000);
});
