// `brian2lava verify` as a subprocess: Brian2 (really executed) against Lava (really run). Its verdict
// on every fixture must be compare.py's, both on the two runs verify made and against the fixture's
// stored reference; the HTML report must show every monitor; a non-conforming comparison exits 1, a
// script Brian2 cannot run or a Python without brian2 exits 3.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolvePython } from '../src/run/environment.js';
import { cli, compareResults, pythonWithout, ROOT, tempDir } from './helpers/pipeline.js';

const FIXTURES = path.join(ROOT, 'fixtures');
const models = readdirSync(FIXTURES).filter((f) => f.endsWith('.py')).sort();
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, any>;

describe('brian2lava verify on every fixture', () => {
  const byModel = new Map<string, Record<string, any>>();
  let exitCode: number | undefined;
  beforeAll(async () => {
    const out = tempDir('verify-all-');
    // one call for all fixtures: several models per call is part of what is tested
    // --seed: Brian2's random numbers fixed, so stochastic fixtures give the same verdict on every test run
    const r = await cli(['verify', ...models.map((m) => path.join(FIXTURES, m)), '-o', out, '--json', '--seed', '1'], { timeout: 1_800_000 });
    exitCode = r.exitCode;
    for (const line of r.stdout.trim().split('\n')) {
      const j = JSON.parse(line) as Record<string, any>;
      byModel.set(path.basename(j.model), j);
    }
  }, 1_800_000);

  it('reports every model', () => {
    expect([...byModel.keys()].sort()).toEqual(models);
    expect(exitCode).toBe([...byModel.values()].every((j) => j.ok) ? 0 : 1);
  });

  it.each(models)('%s: same verdict as compare.py, and a report with every monitor', async (model) => {
    const j = byModel.get(model)!;
    expect(j).toMatchObject({ command: 'verify', backend: 'cpu' });
    const script = path.join(FIXTURES, model);
    // the judge on the two runs verify made
    const own = await compareResults(j.brian2_results, j.results, script);
    expect(own.report.mode).toBe(j.mode);
    expect(j.ok).toBe(own.report.ok);
    expect(j.monitors.map((m: any) => [m.monitor, m.ok])).toEqual(own.report.monitors.map((m: any) => [m.monitor, m.ok]));
    // and on the stored Brian2 reference of the fixture
    const stored = await compareResults(script.replace(/\.py$/, '.ref.json'), j.results, script);
    expect(j.ok).toBe(stored.report.ok);
    expect(readJson(j.verdict)).toMatchObject({ ok: j.ok, mode: j.mode });

    // the report: every monitor of both runs, each with its picture
    const brian2 = readJson(j.brian2_results);
    const lava = readJson(j.results);
    const names = [...new Set([...Object.keys(brian2.monitors), ...Object.keys(lava.monitors)])].sort();
    const html = readFileSync(j.report, 'utf8');
    expect([...html.matchAll(/data-monitor="([^"]+)"/g)].map((m) => m[1])).toEqual(names);
    expect([...html.matchAll(/<img [^>]*src="data:image\/png;base64,/g)].length).toBe(names.length);
    expect(html).not.toMatch(/(src|href)="(?!data:|#)/); // self-contained
    const sidecar = readJson(path.join(path.dirname(j.report), 'verify-plots', 'plots.json'));
    for (const entry of Object.values(sidecar.files) as any[]) {
      const b = brian2.monitors[entry.monitor];
      const l = lava.monitors[entry.monitor];
      if (entry.type === 'SpikeMonitor') {
        expect([entry.brian2.points, entry.lava.points]).toEqual([b.t.length, l.t.length]);
      } else if (entry.type === 'StateMonitor') {
        for (const v of Object.keys(b.variables)) expect([entry.brian2[v].lines, entry.lava[v].lines]).toEqual([Math.min(12, b.variables[v].length), Math.min(12, l.variables[v].length)]);
      }
    }
  });
});

describe('brian2lava verify, failures', () => {
  it('exit 1 and FAIL rows when a monitor is outside tolerance', async () => {
    // a noisy model judged as if it were deterministic: Brian2's and Lava's random numbers differ
    const out = tempDir('verify-fail-');
    const r = await cli(['verify', path.join(FIXTURES, '19_noise_xi.py'), '--mode', 'exact', '-o', out]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/19_noise_xi\.py: FAIL \(mode exact/);
    expect(r.stdout).toMatch(/monitor\s+type\s+metric\s+value\s+tolerance\s+verdict/);
    expect(r.stdout).toMatch(/noisy_spikes\s+SpikeMonitor\s+spike F1 .* FAIL/);
    const verdict = readJson(path.join(out, 'verify.json'));
    expect(verdict.ok).toBe(false);
    const judge = await compareResults(path.join(out, 'brian2-results.json'), path.join(out, 'results.json'), path.join(FIXTURES, '19_noise_xi.py'), 'exact');
    expect(judge.code).toBe(1);
    expect(verdict.monitors.map((m: any) => m.ok)).toEqual(judge.report.monitors.map((m: any) => m.ok));
    expect(readFileSync(path.join(out, 'verify.html'), 'utf8')).toContain('class="fail"');
  }, 300_000);

  it('exit 3 with the script line when Brian2 cannot run the script', async () => {
    const dir = tempDir('verify-b2err-');
    const model = path.join(dir, 'after_run_error.py');
    const text = readFileSync(path.join(FIXTURES, '01_lif_exact.py'), 'utf8') + "\nraise RuntimeError('analysis failed')\n";
    writeFileSync(model, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('raise')) + 1;
    const r = await cli(['verify', model, '-o', path.join(dir, 'p'), '--json']);
    expect(r.exitCode).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, stage: 'brian2' });
    expect(r.stderr).toContain(`RuntimeError: analysis failed (${model}:${line}: raise RuntimeError('analysis failed'))`);
  }, 300_000);

  it('exit 3 with the pip command when the given Python has no brian2', async () => {
    const python = process.env.BRIAN2LAVA_PYTHON ?? (await resolvePython(undefined)).python;
    const dir = tempDir('verify-nob2-');
    const r = await cli(['verify', path.join(FIXTURES, '01_lif_exact.py'), '-o', path.join(dir, 'p'), '--python', pythonWithout(python, ['brian2'])]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('brian2 is not installed in');
    expect(r.stderr).toMatch(/-m pip install brian2==2\.5\.4/);
    // checked before anything runs
    expect(existsSync(path.join(dir, 'p'))).toBe(false);
  }, 300_000);

  it('without matplotlib: a script that plots still runs on Brian2, and the report says why it has no pictures', async () => {
    const python = process.env.BRIAN2LAVA_PYTHON ?? (await resolvePython(undefined)).python;
    const out = tempDir('verify-nompl-');
    // 02_lif_euler imports matplotlib.pyplot and plots after the run
    expect(readFileSync(path.join(FIXTURES, '02_lif_euler.py'), 'utf8')).toContain('import matplotlib.pyplot');
    const r = await cli(['verify', path.join(FIXTURES, '02_lif_euler.py'), '-o', out], { env: { BRIAN2LAVA_PYTHON: pythonWithout(python, ['matplotlib']) } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/02_lif_euler\.py: PASS/);
    expect(r.stderr).toContain('the report has no pictures: matplotlib is not installed');
    const html = readFileSync(path.join(out, 'verify.html'), 'utf8');
    expect([...html.matchAll(/data-monitor="([^"]+)"/g)].map((m) => m[1])).toEqual(['sm', 'vm']);
    expect(html).toContain('no picture: matplotlib is not installed');
    expect(html).not.toContain('<img');
  }, 300_000);
});
