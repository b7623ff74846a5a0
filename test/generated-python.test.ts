// The generated Python passes `ruff check` with the committed ruff.toml: the projects of every shared
// fixture, with both targets, are written to a temporary folder and checked in one ruff run (no
// unused imports, no undefined names, no trailing whitespace, ...). ruff is installed from PyPI into a
// small tool environment of its own under the managed data folder (BRIAN2LAVA_HOME or
// ~/.local/share/brian2lava/tools/), created on first use and reused.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { TARGET_NAMES, targetFor } from '../src/4-targets/registry.js';
import { dataHome } from '../src/run/environment.js';
import { ROOT, tempDir } from './helpers/pipeline.js';

const RUFF_VERSION = '0.17.6';
const TOOL = path.join(dataHome(), 'tools', `ruff-${RUFF_VERSION}`);
const RUFF = path.join(TOOL, 'bin', 'ruff');

async function ensureRuff(): Promise<void> {
  if (existsSync(RUFF)) return;
  mkdirSync(path.dirname(TOOL), { recursive: true });
  await execa('python3', ['-m', 'venv', TOOL]);
  await execa(path.join(TOOL, 'bin', 'pip'), ['install', '--quiet', `ruff==${RUFF_VERSION}`], { timeout: 300_000 });
}

describe('generated Python', () => {
  beforeAll(ensureRuff, 360_000);

  it('passes ruff check (every fixture, every target that accepts it)', async () => {
    const out = tempDir('ruff-');
    const fixtures = readdirSync(path.join(ROOT, 'fixtures'))
      .filter((f) => f.endsWith('.py'))
      .sort();
    let projects = 0;
    for (const backend of TARGET_NAMES.filter((t) => t !== 'loihi2-sim')) {
      const passes = await targetFor(backend).load();
      for (const f of fixtures) {
        const rel = `fixtures/${f}`;
        const r = compile(rel, readFileSync(path.join(ROOT, rel), 'utf8'), 'emit', { passes });
        if (!r.files) continue; // refused by this target (its refusals are tested elsewhere)
        projects++;
        for (const [p, content] of r.files) {
          if (!p.endsWith('.py')) continue;
          const file = path.join(out, backend, f.replace(/\.py$/, ''), p);
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, content);
        }
      }
    }
    expect(projects).toBeGreaterThan(fixtures.length);
    const ruff = await execa(RUFF, ['check', '--config', path.join(ROOT, 'ruff.toml'), '--no-cache', '--output-format', 'concise', out], { reject: false });
    expect(ruff.stdout + ruff.stderr).toContain('All checks passed');
    expect(ruff.exitCode).toBe(0);
  }, 300_000);
});
