// The managed Python environment, built for real in a temporary BRIAN2LAVA_HOME: two concurrent setups
// build it once (the lock), a half-installed environment (no stamp) and a broken one (a file of lava or
// numpy deleted) are detected and rebuilt by `setup` and by `run`, and a stale lock of a dead process is
// taken over while a live one is waited for. Every build installs from a wheelhouse downloaded once
// from PyPI (pip download, kept in the temp folder between test runs), so the builds are offline.

import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPENDENCIES } from '../../src/run/environment.js';
import { LAVA_VERSION } from '../../src/4-emit/packages.js';
import { CLI, ROOT, tempDir } from '../helpers/pipeline.js';

const WHEELHOUSE = path.join(os.tmpdir(), 'brian2lava-test-wheelhouse');
const home = tempDir('b2l-home-');
let pyVersion = '';

function env(): Record<string, string> {
  return { NO_COLOR: '1', BRIAN2LAVA_HOME: home, BRIAN2LAVA_PYTHON: '', PIP_FIND_LINKS: WHEELHOUSE, PIP_NO_INDEX: '1' };
}

const envDir = () => path.join(home, 'envs', `lava-${LAVA_VERSION}-py${pyVersion}`);
const site = () => path.join(envDir(), 'lib', `python${pyVersion}`, 'site-packages');

function brian2lava(args: string[]) {
  return execa('node', [CLI, ...args], { reject: false, env: env(), timeout: 1_200_000 });
}

async function works(): Promise<void> {
  const r = await brian2lava(['doctor', '--json']);
  expect(r.exitCode).toBe(0);
  expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ ok: true, python: { lava: { ok: true, version: LAVA_VERSION } } });
  expect(existsSync(path.join(envDir(), 'brian2lava-env.json'))).toBe(true);
}

beforeAll(async () => {
  const base = await execa('python3.11', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { reject: false });
  pyVersion = base.exitCode === 0 ? base.stdout.trim() : (await execa('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'])).stdout.trim();
  const marker = path.join(WHEELHOUSE, '.complete');
  if (existsSync(marker)) return;
  mkdirSync(WHEELHOUSE, { recursive: true });
  const py = `python${pyVersion}`;
  const download = (args: string[]) => execa(py, ['-m', 'pip', 'download', '--disable-pip-version-check', '--dest', WHEELHOUSE, ...args], { timeout: 1_200_000, env: { PIP_FIND_LINKS: '' } });
  await download(['--only-binary=:all:', ...DEPENDENCIES]);
  await download(['--no-deps', '--ignore-requires-python', `lava-nc==${LAVA_VERSION}`]);
  writeFileSync(marker, '');
}, 1_800_000);

afterAll(() => {
  // An environment is a few hundred MB: do not leave them in the temp folder.
  rmSync(home, { recursive: true, force: true });
});

describe('the managed environment', () => {
  it('two concurrent setups build it once and both succeed', async () => {
    const [a, b] = await Promise.all([brian2lava(['setup']), brian2lava(['setup'])]);
    for (const r of [a, b]) {
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(r.exitCode).toBe(0);
    }
    const logs = [a.stderr, b.stderr];
    expect(logs.filter((l) => l.includes('[1/4] creating a virtual environment'))).toHaveLength(1);
    expect(logs.filter((l) => l.includes('waiting for another brian2lava'))).toHaveLength(1);
    expect(readdirSync(path.join(home, 'envs')).sort()).toEqual([path.basename(envDir())]);
    await works();
  }, 1_200_000);

  it('a half-installed environment (no stamp) is rebuilt by setup', async () => {
    rmSync(path.join(envDir(), 'brian2lava-env.json'));
    const r = await brian2lava(['setup']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('removing the half-installed environment');
    expect(r.stderr).toContain('[1/4]');
    await works();
  }, 1_200_000);

  it('a broken lava (a module deleted) is detected by setup and rebuilt', async () => {
    rmSync(path.join(site(), 'lava', 'magma', 'core', 'callback_fx.py'));
    const r = await brian2lava(['setup']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/is broken \(.*\); rebuilding it/);
    await works();
  }, 1_200_000);

  it('a broken numpy (a key file deleted) is detected by run, rebuilt, and the model runs', async () => {
    rmSync(path.join(site(), 'numpy', '__init__.py'));
    const out = tempDir('env-run-');
    const r = await brian2lava(['run', path.join(ROOT, 'fixtures', '01_lif_exact.py'), '-o', path.join(out, 'p'), '--timeout', '600']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('numpy/__init__.py is missing');
    expect(existsSync(path.join(out, 'p', '01_lif_exact', 'results.json'))).toBe(true);
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
});
