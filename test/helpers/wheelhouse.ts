// Wheels of pinned packages for one Python, downloaded from PyPI once into brian2lava's data folder and
// shared by the tests that build a real environment offline: reliability/environment.test.ts (the
// managed environment's builder) and standalone-project.test.ts (a project's setup_env.py). Both ask
// for the same list (PYTHON_PACKAGES = requirements.txt = the managed environment's packages), so a
// machine starting from scratch downloads it once. lava-nc declares python<3.11: downloaded apart,
// without its dependencies and its Python check, as setup_env.py and the managed setup install it.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { dataHome } from '../../src/run/environment.js';

export async function pythonVersion(python: string): Promise<string> {
  return (await execa(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'])).stdout.trim();
}

/** The folder holding wheels of `packages` (pinned `name==version`) for `python`; made on first use. */
export async function wheelhouse(python: string, packages: string[]): Promise<string> {
  const key = createHash('sha256')
    .update([...packages].sort().join('\n'))
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(dataHome(), 'test-wheelhouse', `py${await pythonVersion(python)}-${key}`);
  const stamp = path.join(dir, 'complete');
  if (existsSync(stamp)) return dir;
  mkdirSync(dir, { recursive: true });
  const lava = packages.filter((p) => p.startsWith('lava-nc'));
  const pip = ['-m', 'pip', 'download', '--disable-pip-version-check', '--dest', dir];
  // PIP_FIND_LINKS/PIP_NO_INDEX of a test's offline environment must not reach this download
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'PIP_FIND_LINKS' && k !== 'PIP_NO_INDEX'));
  const options = { timeout: 1_200_000, env, extendEnv: false };
  await execa(python, [...pip, '--only-binary=:all:', ...packages.filter((p) => !lava.includes(p))], options);
  if (lava.length) await execa(python, [...pip, '--no-deps', '--ignore-requires-python', ...lava], options);
  writeFileSync(stamp, new Date().toISOString());
  return dir;
}
