// python/plots.py on results no fixture of this suite produces: a population rate, a state monitor
// with more traces than are drawn, an empty spike monitor, and a monitor only one run recorded.

import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolvePython } from '../src/run/environment.js';
import { plotOverlay, plotRun } from '../src/run/plots.js';
import { tempDir } from './helpers/pipeline.js';

const steps = 500;
const t = Array.from({ length: steps }, (_, k) => k * 1e-4);
const results = (extra: Record<string, unknown>) => ({
  format: 'brian2lava-results/1',
  dt: 1e-4,
  t_end: steps * 1e-4,
  monitors: {
    quiet: { type: 'SpikeMonitor', source: 'g', i: [], t: [] },
    many: {
      type: 'StateMonitor',
      source: 'g',
      record: Array.from({ length: 30 }, (_, k) => k),
      t,
      variables: { v: Array.from({ length: 30 }, (_, k) => t.map((x) => Math.sin(x * 100 + k))) },
    },
    pop: { type: 'PopulationRateMonitor', source: 'g', t, rate: t.map((_, k) => (k % 7 === 0 ? 100 : 0)) },
    ...extra,
  },
});

let ctx: { python: string; managed: boolean; log: (l: string) => void };
beforeAll(async () => {
  const env = process.env.BRIAN2LAVA_PYTHON ? { python: process.env.BRIAN2LAVA_PYTHON, managed: false } : await resolvePython(undefined);
  ctx = { ...env, log: () => {} };
}, 1_800_000);

describe('plots.py', () => {
  it('draws rates, thins many traces to twelve, and copes with no spikes', async () => {
    const dir = tempDir('plots-');
    const file = path.join(dir, 'results.json');
    writeFileSync(file, JSON.stringify(results({})));
    const r = await plotRun(ctx, file, dir, { many: { v: 'volt' } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.files.map((f) => path.basename(f)).sort()).toEqual(['raster.png', 'rates.png', 'traces.png']);
    expect(r.sidecar.files['raster.png']).toEqual({ monitors: { quiet: { points: 0, recorded: 0, thinned: false } } });
    expect(r.sidecar.files['traces.png']).toEqual({ monitors: { many: { v: { lines: 12, recorded: 30, samples: steps } } } });
    expect(r.sidecar.files['rates.png']).toEqual({ monitors: { pop: { lines: 1, samples: steps } } });
  }, 120_000);

  it('overlays every monitor of either run, also one the other run lacks', async () => {
    const dir = tempDir('overlay-');
    const ref = path.join(dir, 'brian2.json');
    const cand = path.join(dir, 'lava.json');
    writeFileSync(ref, JSON.stringify(results({ only_b2: { type: 'SpikeMonitor', source: 'g', i: [0, 1, 1], t: [0.001, 0.002, 0.003] } })));
    writeFileSync(cand, JSON.stringify(results({})));
    const out = path.join(dir, 'plots');
    const r = await plotOverlay(ctx, ref, cand, out, {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const entries = Object.values(r.sidecar.files) as Record<string, any>[];
    expect(entries.map((e) => e.monitor).sort()).toEqual(['many', 'only_b2', 'pop', 'quiet']);
    const only = entries.find((e) => e.monitor === 'only_b2')!;
    expect([only.brian2.points, only.lava]).toEqual([3, null]);
    expect(entries.find((e) => e.monitor === 'pop')!.lava).toEqual({ lines: 1, samples: steps });
    for (const e of entries) expect(existsSync(path.join(out, e.file))).toBe(true);
  }, 120_000);
});
