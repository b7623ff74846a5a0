// `brian2lava verify` as a subprocess: Brian2 (really executed) against Lava (really run). Slow (each
// model is run twice), so one call covers a deterministic fixture, a stochastic unseeded one (no flags:
// verify starts both runs from a seed it picks, and compares exactly) and a script that keeps its monitors in containers; every fixture's mode and
// monitor keys are pinned cheaply in verify-mode.test.ts and verify-brian2-keys.test.ts, and every
// fixture's Lava run in conformance.test.ts. A tampered project must FAIL; a script Brian2 cannot run
// exits 3; a Python without brian2 falls back to the managed Brian2.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolvePython } from '../src/run/environment.js';
import { cli, compareResults, pythonWithout, ROOT, tempDir } from './helpers/pipeline.js';

const FIXTURES = path.join(ROOT, 'fixtures');
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, any>;
const lavaPython = async () => process.env.BRIAN2LAVA_PYTHON ?? (await resolvePython(undefined)).python;

const CONTAINERS = `# monitors kept in a list and a dict, a loop variable left over from plotting
from brian2 import *
G = NeuronGroup(4, 'dv/dt = (1.2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
G.v = 'i*0.2'
mons = [SpikeMonitor(G), StateMonitor(G, 'v', record=[0, 3])]
rates = {'all': PopulationRateMonitor(G)}
net = Network(collect())
net.add(mons, rates)
net.run(30*ms)
for sp in [mons[0]]:
    print(sp.num_spikes)
`;

describe('brian2lava verify on a deterministic, a stochastic and a container script', () => {
  const byModel = new Map<string, Record<string, any>>();
  let exitCode: number | undefined;
  const dir = tempDir('verify-three-');
  const containers = path.join(dir, 'containers.py');
  const models = [path.join(FIXTURES, '01_lif_exact.py'), path.join(FIXTURES, '19_noise_xi.py'), containers];
  beforeAll(async () => {
    writeFileSync(containers, CONTAINERS);
    const r = await cli(['verify', ...models, '-o', path.join(dir, 'out'), '--json'], { timeout: 900_000 });
    exitCode = r.exitCode;
    for (const line of r.stdout.trim().split('\n')) {
      const j = JSON.parse(line) as Record<string, any>;
      byModel.set(path.basename(j.model), j);
    }
  }, 1_200_000);

  it('every model conforms, each in the mode its model calls for, with the reason', () => {
    expect(exitCode).toBe(0);
    expect([...byModel.values()].map((j) => [path.basename(j.model), j.ok, j.mode])).toEqual([
      ['01_lif_exact.py', true, 'exact'],
      ['19_noise_xi.py', true, 'exact'],
      ['containers.py', true, 'exact'],
    ]);
    const noisy = byModel.get('19_noise_xi.py')!;
    expect(noisy.seed).toEqual(expect.any(Number));
    expect(noisy.mode_why).toBe(
      `the script does not seed, so both runs start from seed ${noisy.seed} (picked by verify; --seed ${noisy.seed} repeats this comparison) and the Lava project draws the same numbers as Brian2`,
    );
    // the seed reached both runs
    expect([readJson(noisy.brian2_results).seed, readJson(noisy.results).random?.seeds?.[0]?.seed]).toEqual([noisy.seed, noisy.seed]);
    expect(byModel.get('01_lif_exact.py')!.mode_why).toBe('the model draws no random numbers');
    expect(byModel.get('containers.py')!.monitors.map((m: any) => m.monitor)).toEqual(['mons[0]', 'mons[1]', "rates['all']"]);
  });

  it.each(models.map((m) => path.basename(m)))('%s: same verdict as compare.py, and a report with every monitor', async (model) => {
    const j = byModel.get(model)!;
    expect(j).toMatchObject({ command: 'verify', backend: 'cpu' });
    const script = models.find((m) => path.basename(m) === model)!;
    // the judge on the two runs verify made
    const own = await compareResults(j.brian2_results, j.results, script, j.mode);
    expect(j.ok).toBe(own.report.ok);
    expect(j.monitors.map((m: any) => [m.monitor, m.ok])).toEqual(own.report.monitors.map((m: any) => [m.monitor, m.ok]));
    // and on the stored Brian2 reference of a fixture
    if (script.startsWith(FIXTURES)) expect((await compareResults(script.replace(/\.py$/, '.ref.json'), j.results, script)).report.ok).toBe(true);
    expect(readJson(j.verdict)).toMatchObject({ ok: j.ok, mode: j.mode });

    // the report: every monitor of both runs, each with its picture
    const brian2 = readJson(j.brian2_results);
    const lava = readJson(j.results);
    const names = [...new Set([...Object.keys(brian2.monitors), ...Object.keys(lava.monitors)])].sort();
    expect(Object.keys(brian2.monitors).sort()).toEqual(Object.keys(lava.monitors).sort());
    const html = readFileSync(j.report, 'utf8');
    expect([...html.matchAll(/data-monitor="([^"]+)"/g)].map((m) => m[1]!.replace(/&#39;/g, "'"))).toEqual(names);
    expect([...html.matchAll(/<img [^>]*src="data:image\/png;base64,/g)].length).toBe(names.length);
    expect(html).not.toMatch(/(src|href)="(?!data:|#)/); // self-contained
    const sidecar = readJson(path.join(path.dirname(j.report), 'verify-plots', 'plots.json'));
    for (const entry of Object.values(sidecar.files) as any[]) {
      const b = brian2.monitors[entry.monitor];
      const l = lava.monitors[entry.monitor];
      if (entry.type === 'SpikeMonitor') {
        expect([entry.brian2.points, entry.lava.points]).toEqual([b.t.length, l.t.length]);
      } else if (entry.type === 'StateMonitor') {
        for (const v of Object.keys(b.variables))
          expect([entry.brian2[v].lines, entry.lava[v].lines]).toEqual([Math.min(12, b.variables[v].length), Math.min(12, l.variables[v].length)]);
      }
    }
  });
});

describe('brian2lava verify, failures', () => {
  it('a tampered project FAILs: exit 1, FAIL rows, the same verdict as compare.py', async () => {
    // The Lava side runs a project whose threshold was changed after conversion (by a --python wrapper
    // that edits it before run.py starts); Brian2 runs the script. The wrapper's Python has Brian2 2.5.4,
    // so `--brian2 2.5.4` takes the given Python's own Brian2.
    const dir = tempDir('verify-tampered-');
    const mark = path.join(dir, 'tampered');
    const wrapper = path.join(dir, 'python');
    const edit = String.raw`s/(self\.v_thr = _np\.float64\()-0\.05\)/\1-0.0502)/`;
    writeFileSync(
      wrapper,
      `#!/bin/sh\nif [ "$1" = run.py ] && [ -f engine/simulation.py ]; then\n  sed -E -i '${edit}' engine/simulation.py && grep -q -- '-0.0502)' engine/simulation.py && touch ${mark}\nfi\nexec ${await lavaPython()} "$@"\n`,
      { mode: 0o755 },
    );
    const out = path.join(dir, 'out');
    const r = await cli(['verify', path.join(FIXTURES, '01_lif_exact.py'), '-o', out, '--python', wrapper, '--brian2', '2.5.4']);
    expect(existsSync(mark)).toBe(true); // the project was really changed
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/Brian2 2\.5\.4 from the given Python/);
    expect(r.stdout).toMatch(/01_lif_exact\.py: FAIL \(mode exact; Brian2 2\.5\.4/);
    expect(r.stdout).toMatch(/mode exact: the model draws no random numbers/);
    expect(r.stdout).toMatch(/spikes\s+SpikeMonitor\s+spike F1 .* FAIL/);
    const project = path.join(out, '01_lif_exact');
    const verdict = readJson(path.join(project, 'verify.json'));
    expect(verdict.ok).toBe(false);
    const judge = await compareResults(path.join(project, 'brian2-results.json'), path.join(project, 'results.json'), path.join(FIXTURES, '01_lif_exact.py'));
    expect(judge.code).toBe(1);
    expect(verdict.monitors.map((m: any) => m.ok)).toEqual(judge.report.monitors.map((m: any) => m.ok));
    expect(readFileSync(path.join(project, 'verify.html'), 'utf8')).toContain('class="fail"');
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

  it('a given Python without Brian2: the managed Brian2 is the reference', async () => {
    const dir = tempDir('verify-nob2-');
    const r = await cli([
      'verify',
      path.join(FIXTURES, '01_lif_exact.py'),
      '-o',
      path.join(dir, 'p'),
      '--no-plots',
      '--python',
      pythonWithout(await lavaPython(), ['brian2']),
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/Brian2 2\.5\.4 from the managed environment \(.* has no Brian2\)/);
    expect(r.stdout).toMatch(/01_lif_exact\.py: PASS \(mode exact; Brian2 2\.5\.4/);
  }, 300_000);

  it('--brian2 takes auto or a version', async () => {
    const r = await cli(['verify', path.join(FIXTURES, '01_lif_exact.py'), '--brian2', 'latest']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/expected 'auto' or a Brian2 version such as 2\.5\.4, not 'latest'/);
  });

  it('without matplotlib: a script that plots still runs on Brian2, and the report says why it has no pictures', async () => {
    const python = await lavaPython();
    const out = tempDir('verify-nompl-');
    // 02_lif_euler imports matplotlib.pyplot and plots after the run
    expect(readFileSync(path.join(FIXTURES, '02_lif_euler.py'), 'utf8')).toContain('import matplotlib.pyplot');
    const r = await cli(['verify', path.join(FIXTURES, '02_lif_euler.py'), '-o', out], { env: { BRIAN2LAVA_PYTHON: pythonWithout(python, ['matplotlib']) } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/02_lif_euler\.py: PASS/);
    expect(r.stderr).toContain('the report has no pictures: matplotlib is not installed');
    const html = readFileSync(path.join(out, '02_lif_euler', 'verify.html'), 'utf8');
    expect([...html.matchAll(/data-monitor="([^"]+)"/g)].map((m) => m[1])).toEqual(['sm', 'vm']);
    expect(html).toContain('no picture: matplotlib is not installed');
    expect(html).not.toContain('<img');
  }, 300_000);
});
