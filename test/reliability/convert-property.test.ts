// Property test of the whole convert pipeline (read → model → lower → emit) on random models
// (helpers/model-arbitrary.ts): whatever the script, `compile` answers with diagnostics or files, never
// an exception; an accepted script always has files; nothing the script would do when executed happens.
// A sample of the generated projects (every SAMPLE_EVERY-th) is written to disk and checked with
// `python -m py_compile`, then its engine is imported and stepped with numpy (no Lava), which catches
// any name the generated code uses without binding it.
//
// Reproducible by default (fixed seed). CONVERT_PROPERTY_SEED=<n>|random and CONVERT_PROPERTY_RUNS=<n>
// explore further.

import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, hasErrors } from '../../src/compile.js';
import { resolvePython } from '../../src/run/environment.js';
import { ROOT, tempDir } from '../helpers/pipeline.js';
import { modelScript } from './helpers/model-arbitrary.js';

const SEED = process.env.CONVERT_PROPERTY_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.CONVERT_PROPERTY_SEED ?? 20240917);
const RUNS = Number(process.env.CONVERT_PROPERTY_RUNS ?? 10_000);
const SAMPLE_EVERY = 25;
const MAX_STEPS = 40;
const SENTINEL = '/tmp/brian2lava-property-test-must-not-exist';

function pyFiles(dir: string, files: Map<string, string | Buffer>): string[] {
  return [...files.keys()].filter((f) => f.endsWith('.py')).map((f) => path.join(dir, f));
}

describe('convert on random models (end to end)', () => {
  it(`${RUNS} random scripts: no exception, accepted ones give valid, runnable Python`, async () => {
    const out = tempDir('convert-property-');
    const stats = { scripts: 0, accepted: 0, rejected: 0, codes: new Map<string, number>(), ms: 0 };
    const sampled: { dir: string; files: string[] }[] = [];
    const started = performance.now();
    fc.assert(
      fc.property(modelScript, ({ text }) => {
        stats.scripts++;
        const r = compile('model.py', text);
        for (const d of r.diagnostics) {
          if ((d.code as string) === 'internal-error') throw new Error(`internal error: ${d.message}\n${text}`);
        }
        if (hasErrors(r)) {
          stats.rejected++;
          const code = r.diagnostics.find((d) => d.severity === 'error')!.code;
          stats.codes.set(code, (stats.codes.get(code) ?? 0) + 1);
          return;
        }
        if (!r.files) throw new Error(`accepted without files:\n${text}`);
        stats.accepted++;
        if (stats.accepted % SAMPLE_EVERY !== 0) return;
        const dir = path.join(out, `p${stats.accepted}`);
        for (const [rel, content] of r.files) {
          mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
          writeFileSync(path.join(dir, rel), content);
        }
        writeFileSync(path.join(dir, 'model.py'), text);
        sampled.push({ dir, files: pyFiles(dir, r.files) });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    stats.ms = performance.now() - started;
    process.stderr.write(
      `[convert-property] seed ${SEED}: ${stats.scripts} scripts in ${(stats.ms / 1000).toFixed(1)} s, ${stats.accepted} converted, ${stats.rejected} rejected ` +
        `(${[...stats.codes]
          .sort((a, b) => b[1] - a[1])
          .map(([c, n]) => `${c} ${n}`)
          .join(', ')}); ${sampled.length} projects sampled\n`,
    );
    expect(stats.scripts).toBeGreaterThanOrEqual(RUNS);
    // The generator must exercise code generation, not just the error paths.
    expect(stats.accepted).toBeGreaterThan(stats.scripts * 0.3);
    expect(existsSync(SENTINEL)).toBe(false);

    // Every sampled project compiles (python -m py_compile, in batches).
    const all = sampled.flatMap((s) => s.files);
    for (let k = 0; k < all.length; k += 200) {
      const r = await execa('python3', ['-m', 'py_compile', ...all.slice(k, k + 200)], { reject: false });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
    }
    // ... and its engine runs its first steps.
    const { python } = await resolvePython(undefined);
    const r = await execa(python, [path.join(ROOT, 'test', 'reliability', 'helpers', 'step_engines.py'), String(MAX_STEPS), ...sampled.map((s) => s.dir)], {
      reject: false,
      timeout: 600_000,
    });
    const report = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ok: number; failed: { project: string; error: string; traceback: string }[] };
    if (report.failed?.length) process.stderr.write(report.failed.map((f) => `${f.project}: ${f.error}\n${f.traceback}`).join('\n'));
    expect(report.failed).toEqual([]);
    expect(report.ok).toBe(sampled.length);
    rmSync(out, { recursive: true, force: true });
  }, 1_800_000);
});
