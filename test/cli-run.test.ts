// `brian2lava run` as a subprocess with real Lava: the summary, --json, the plots (checked through
// the counts plots.py takes from the drawn figures), --no-plots, a Python without matplotlib, the exit
// codes of failures, and Ctrl-C (a real SIGINT) keeping the results recorded so far.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolvePython } from '../src/run/environment.js';
import { CLI, cli, pythonWithout, ROOT, tempDir } from './helpers/pipeline.js';

const FIX = (name: string) => path.join(ROOT, 'fixtures', name);
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, any>;

/** A PNG file: signature and a non-empty IHDR size. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

let python = '';
beforeAll(async () => {
  python = process.env.BRIAN2LAVA_PYTHON ?? (await resolvePython(undefined)).python;
}, 1_800_000);

describe('brian2lava run', () => {
  it('summarises the run and draws the raster and the traces with every spike and trace', async () => {
    const out = tempDir('run-plots-');
    const project = path.join(out, 'p', '03_adaptive_threshold');
    const r = await cli(['run', FIX('03_adaptive_threshold.py'), '-o', path.join(out, 'p')]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/03_adaptive_threshold\.py: 0\.4000 s simulated in [\d.]+ s wall/);
    expect(r.stdout).toMatch(/plots: .*raster\.png, .*traces\.png/);
    const results = readJson(path.join(project, 'results.json'));
    const sidecar = readJson(path.join(project, 'plots.json'));
    for (const png of ['raster.png', 'traces.png']) expect(pngSize(path.join(project, png)).width).toBeGreaterThan(300);
    expect(existsSync(path.join(project, 'rates.png'))).toBe(false); // no PopulationRateMonitor
    for (const [name, mon] of Object.entries(results.monitors) as [string, any][]) {
      if (mon.type === 'SpikeMonitor') {
        expect(mon.t.length).toBeGreaterThan(0);
        expect(sidecar.files['raster.png'].monitors[name].points).toBe(mon.t.length);
      } else {
        for (const [v, series] of Object.entries(mon.variables) as [string, number[][]][]) {
          expect(sidecar.files['traces.png'].monitors[name][v]).toEqual({ lines: series.length, recorded: series.length, samples: mon.t.length });
        }
      }
    }
  }, 300_000);

  it('runs into an output folder given relative to the working directory (run.py runs inside the project)', async () => {
    const cwd = tempDir('run-relative-');
    // Before the runner resolved the folder, results went to a path relative to the project folder and
    // the run only ended at --timeout.
    const r = await cli(['run', FIX('01_lif_exact.py'), '-o', 'out', '--json', '--no-plots', '--timeout', '120'], { cwd });
    expect(r.exitCode).toBe(0);
    const line = JSON.parse(r.stdout) as Record<string, any>;
    expect(line).toMatchObject({ ok: true, partial: false });
    expect(line.results).toBe(path.join(cwd, 'out', '01_lif_exact', 'results.json'));
    expect(readJson(path.join(cwd, 'out', '01_lif_exact', 'results.json')).monitors.spikes.t.length).toBe(85);
    expect(line.wall_s).toBeLessThan(60);
  }, 300_000);

  it('--json gives one object per model, --no-plots draws nothing', async () => {
    const out = tempDir('run-json-');
    const r = await cli(['run', FIX('01_lif_exact.py'), FIX('09_timedarray_input.py'), '-o', out, '--json', '--no-plots']);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.map((l) => [l.command, l.ok, path.basename(l.output), l.backend, l.partial])).toEqual([
      ['run', true, '01_lif_exact', 'cpu', false],
      ['run', true, '09_timedarray_input', 'cpu', false],
    ]);
    expect(lines[0]!.monitors).toContainEqual({ name: 'spikes', type: 'SpikeMonitor', summary: '85 spikes from 5 neurons' });
    expect(lines[0]!.simulated_s).toBeCloseTo(0.2, 10);
    for (const l of lines) {
      expect(existsSync(l.results)).toBe(true);
      expect(existsSync(path.join(l.output, 'raster.png'))).toBe(false);
      expect(l.plots).toBeUndefined();
    }
    expect(r.stderr).toBe(''); // no progress lines with --json
  }, 300_000);

  it('says so and carries on when matplotlib is not available', async () => {
    const out = tempDir('run-nompl-');
    const r = await cli(['run', FIX('01_lif_exact.py'), '-o', out, '--json'], { env: { BRIAN2LAVA_PYTHON: pythonWithout(python, ['matplotlib']) } });
    expect(r.exitCode).toBe(0);
    const line = JSON.parse(r.stdout) as Record<string, any>;
    expect(line).toMatchObject({ ok: true, plots: null });
    expect(line.plots_error).toContain('matplotlib is not installed');
    expect(r.stderr).toContain('matplotlib is not installed');
    expect(r.stderr).toContain('-m pip install matplotlib==');
    expect(existsSync(path.join(out, '01_lif_exact', 'raster.png'))).toBe(false);
  }, 300_000);

  it('exit 1 for a rejected model, 3 for a missing Python', async () => {
    const dir = tempDir('run-fail-');
    const bad = path.join(dir, 'bad.py');
    writeFileSync(bad, "from brian2 import *\nG = NeuronGroup(1, 'dv/dt = -v/ms : volt', method='heun_typo')\nrun(1*ms)\n");
    const rejected = await cli(['run', bad, '-o', path.join(dir, 'p'), '--json']);
    expect(rejected.exitCode).toBe(1);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ command: 'run', ok: false, stage: 'convert' });

    const noPython = await cli(['run', FIX('01_lif_exact.py'), '-o', path.join(dir, 'q'), '--python', path.join(dir, 'no-such-python'), '--json']);
    expect(noPython.exitCode).toBe(3);
    expect(JSON.parse(noPython.stdout)).toMatchObject({ ok: false, stage: 'environment' });
    expect(noPython.stderr).toMatch(/error: cannot use the Python/);
  }, 300_000);

  it('Ctrl-C stops Lava cleanly and keeps the results recorded so far', async () => {
    const dir = tempDir('run-sigint-');
    const model = path.join(dir, 'long_lif.py');
    writeFileSync(
      model,
      [
        'from brian2 import *',
        'defaultclock.dt = 0.1*ms',
        "G = NeuronGroup(20, 'dv/dt = (-70*mV - v + drive)/(10*ms) : volt\\ndrive : volt', threshold='v > -50*mV', reset='v = -65*mV', method='exact')",
        'G.v = -70*mV',
        "G.drive = '25*mV + 1*mV*i'",
        'spikes = SpikeMonitor(G)',
        "trace = StateMonitor(G, 'v', record=[0, 1])",
        'run(600*second)',
        '',
      ].join('\n'),
    );
    const project = path.join(dir, 'project', path.parse(model).name);
    const child = execa('node', [CLI, 'run', model, '-o', path.join(dir, 'project')], { reject: false, env: { NO_COLOR: '1' } });
    let stderr = '';
    const progressed = new Promise<void>((resolve) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/progress: \d+%/.test(stderr)) resolve();
      });
    });
    await progressed; // the first progress line comes after 5 s of simulation
    const sent = Date.now();
    child.kill('SIGINT');
    const r = await child;
    const stopSeconds = (Date.now() - sent) / 1000;
    expect(r.exitCode).toBe(130);
    expect(stopSeconds).toBeLessThan(15);
    expect(stderr).toContain('the run was interrupted');
    expect(stderr).toMatch(/partial results \([\d.]+ s of the run, recorded so far\) are in .*results\.json/);

    const results = readJson(path.join(project, 'results.json'));
    expect(results.partial).toBe(true);
    expect(results.t_end).toBeGreaterThan(0.1);
    expect(results.t_end).toBeLessThan(600);
    const spikes = results.monitors.spikes;
    expect(spikes.t.length).toBeGreaterThan(20);
    // (a loop, not Math.max(...t): tens of thousands of spikes would overflow the call stack)
    expect(spikes.t.reduce((a: number, b: number) => Math.max(a, b), -Infinity)).toBeLessThanOrEqual(results.t_end);
    // one sample per step up to where it stopped, for each recorded cell
    const samples = results.monitors.trace.t.length;
    expect(Math.abs(samples - Math.round(results.t_end / 1e-4))).toBeLessThanOrEqual(1);
    expect(results.monitors.trace.variables.v.map((row: number[]) => row.length)).toEqual([samples, samples]);

    // nothing of the run is left behind
    const ps = await execa('ps', ['-eo', 'pid,args']);
    expect(ps.stdout.split('\n').filter((l) => l.includes(project))).toEqual([]);
  }, 300_000);
});
