// A generated project stands on its own: in a clean folder, the one command its README gives creates a
// working Python environment from scratch (a real venv: pinned wheels, lava-nc, the Python 3.11 repair),
// and the README's run command then runs the model and conforms to Brian2. Both backends' projects
// ship the same setup_env.py and requirements.txt, so one environment serves both.
//
// Slow (a real venv, ~100 MB of wheels): it runs once in the suite. The wheels are downloaded from PyPI
// once into a wheelhouse in brian2lava's data folder, shared with reliability/environment.test.ts
// (helpers/wheelhouse.ts), and installed from there (pip's own cache is not kept on this machine); the
// command itself is exactly the README's.

import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, compareResults, ROOT, tempDir } from './helpers/pipeline.js';
import { wheelhouse } from './helpers/wheelhouse.js';

const FIXTURE = path.join(ROOT, 'fixtures', '01_lif_exact.py');

/** The indented command lines of a README section. */
function commands(readme: string, section: string): string[] {
  const start = readme.indexOf(`## ${section}`);
  expect(start, `README section "${section}"`).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((l) => l.startsWith('    '))
    .map((l) => l.trim().replace(/\s+#.*$/, ''));
}

describe('the generated project of 01_lif_exact installs and runs from its own README', () => {
  const clean = tempDir('standalone-');
  const cpu = path.join(clean, 'cpu', '01_lif_exact');
  const loihi2 = path.join(clean, 'loihi2', '01_lif_exact');
  let setup: { exitCode?: number; all?: string } = {};
  beforeAll(async () => {
    expect((await cli(['convert', FIXTURE, '-o', path.dirname(cpu), '-q'])).exitCode).toBe(0);
    expect((await cli(['convert', FIXTURE, '-o', path.dirname(loihi2), '--backend', 'loihi2', '-q'])).exitCode).toBe(0);
    const requirements = readFileSync(path.join(cpu, 'requirements.txt'), 'utf8');
    const wheels = await wheelhouse(
      'python3',
      requirements
        .split('\n')
        .map((l) => l.split('#')[0]!.trim())
        .filter(Boolean),
    );
    const [install] = commands(readFileSync(path.join(cpu, 'README.md'), 'utf8'), 'Install (once)');
    // the README's command as a user types it, pip pointed at the local wheels (PIP_* as a user's pip.conf)
    setup = await execa('sh', ['-c', install!], { cwd: cpu, reject: false, all: true, timeout: 1_500_000, env: { PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels } });
  }, 1_800_000);

  it('one command in the README creates the environment (venv, pinned wheels, lava-nc, the 3.11 repair)', () => {
    const readme = readFileSync(path.join(cpu, 'README.md'), 'utf8');
    expect(commands(readme, 'Install (once)')).toEqual(['python3 setup_env.py']);
    expect(setup.exitCode, setup.all).toBe(0);
    expect(setup.all).toMatch(/\[4\/4\] repairing lava-nc .*\n.*(patched|already-patched)/);
    expect(setup.all).toMatch(/ready; run the model with: .*\.venv\/bin\/python run\.py/);
    expect(existsSync(path.join(cpu, '.venv', 'bin', 'python'))).toBe(true);
  });

  it('the README run command runs the cpu project, which conforms to Brian2', async () => {
    const [run] = commands(readFileSync(path.join(cpu, 'README.md'), 'utf8'), 'Run');
    expect(run).toBe('.venv/bin/python run.py');
    const r = await execa('sh', ['-c', run!], { cwd: cpu, reject: false, all: true, timeout: 600_000 });
    expect(r.exitCode, r.all).toBe(0);
    const verdict = await compareResults(FIXTURE.replace(/\.py$/, '.ref.json'), path.join(cpu, 'results.json'), FIXTURE);
    expect([verdict.code, verdict.report.mode]).toEqual([0, 'exact']);
  }, 600_000);

  it('the Loihi 2 project ships the same setup files, and runs with that environment in fixed point', async () => {
    for (const f of ['setup_env.py', 'requirements.txt']) expect(readFileSync(path.join(loihi2, f), 'utf8'), f).toBe(readFileSync(path.join(cpu, f), 'utf8'));
    const readme = readFileSync(path.join(loihi2, 'README.md'), 'utf8');
    expect(commands(readme, 'Install (once)')).toEqual(['python3 setup_env.py']);
    // same files, same environment: link it instead of building a second one
    symlinkSync(path.join(cpu, '.venv'), path.join(loihi2, '.venv'));
    const [run] = commands(readme, 'Run');
    expect(run).toBe('.venv/bin/python run.py');
    const r = await execa('sh', ['-c', run!], { cwd: loihi2, reject: false, all: true, timeout: 600_000 });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/emulation|Loihi2SimCfg/i);
    const verdict = await compareResults(FIXTURE.replace(/\.py$/, '.ref.json'), path.join(loihi2, 'results.json'), FIXTURE, 'fixed');
    expect(verdict.code, verdict.text).toBe(0);
  }, 600_000);

  it('setup_env.py run again keeps the complete environment; with another Python it looks for 3.11/3.10', async () => {
    const again = await execa('python3', ['setup_env.py'], { cwd: cpu, reject: false, all: true });
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).toMatch(/is ready; run the model with/);
    const probe = await execa('python3', ['-c', 'import setup_env, sys; print(setup_env.SUPPORTED); setup_env.base_python(sys.executable)'], {
      cwd: cpu,
      reject: false,
      all: true,
    });
    expect(probe.exitCode, probe.all).toBe(0);
  }, 300_000);
});
