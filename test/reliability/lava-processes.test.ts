// The Lava child processes never outlive a run: --timeout, SIGINT/SIGTERM to `brian2lava run`, a run
// that hangs after writing its results (a real hung child) and a run whose model raised (Lava then
// waits forever) all end the whole process tree. Every process of a run is recognised by a tag in its
// environment (inherited from the CLI), read from /proc; nothing is mocked.

import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/run/lava-runner.js';
import { markerAbove, parseTraceback, summariseTraceback } from '../../src/run/traceback.js';
import { CLI, ROOT, tempDir } from '../helpers/pipeline.js';

/** Processes (pid → command line) whose environment carries `tag`. */
function tagged(tag: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`, 'latin1').split('\0').includes(`B2L_TEST_TAG=${tag}`)) {
        out.set(Number(d), readFileSync(`/proc/${d}/cmdline`, 'latin1').replace(/\0/g, ' ').trim());
      }
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Processes in process group `pgid`. */
function group(pgid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function until(what: string, f: () => boolean, seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const LONG_MODEL = `from brian2 import *
tau = 10*ms
G = NeuronGroup(20, 'dv/dt = (1.2 - v)/tau : 1', threshold='v > 1', reset='v = 0', method='exact')
spikes = SpikeMonitor(G)
run(1000*second)
`;

function startRun(dir: string, model: string, args: string[], tag: string) {
  const file = path.join(dir, 'model.py');
  writeFileSync(file, model);
  return execa('node', [CLI, 'run', file, '-o', path.join(dir, 'project'), ...args], { reject: false, env: { NO_COLOR: '1', B2L_TEST_TAG: tag } });
}

/** Lava is running: run.py and its worker processes exist. */
const lavaRunning = (tag: string) => [...tagged(tag).values()].filter((c) => c.includes('run.py')).length >= 2;

describe('Lava child processes', () => {
  it('--timeout ends the whole process tree and keeps the partial results', async () => {
    const dir = tempDir('timeout-');
    const tag = randomUUID();
    const run = startRun(dir, LONG_MODEL, ['--timeout', '25'], tag);
    let sawLava = false;
    const watch = setInterval(() => {
      sawLava ||= lavaRunning(tag);
    }, 200);
    const r = await run;
    clearInterval(watch);
    expect(sawLava).toBe(true);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('exceeded --timeout 25 s');
    expect(tagged(tag)).toEqual(new Map());
    const results = JSON.parse(readFileSync(path.join(dir, 'project', 'model', 'results.json'), 'utf8')) as { partial: boolean; t_end: number };
    expect(results.partial).toBe(true);
    expect(results.t_end).toBeGreaterThan(0);
  }, 300_000);

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)(
    '%s to brian2lava run ends the whole process tree',
    async (signal, code) => {
      const dir = tempDir('signal-');
      const tag = randomUUID();
      const run = startRun(dir, LONG_MODEL, [], tag);
      await until('Lava to start', () => lavaRunning(tag), 180);
      const started = Date.now();
      run.kill(signal);
      const r = await run;
      expect(r.exitCode).toBe(code);
      expect(r.stderr).toContain('the run was interrupted');
      expect((Date.now() - started) / 1000).toBeLessThan(15);
      expect(tagged(tag)).toEqual(new Map());
    },
    300_000,
  );

  it('a run that hangs after writing its final results is detected and ended, with its children', async () => {
    // A real hung child: run.py writes complete results, starts a child in its group, and never exits.
    const dir = tempDir('hang-');
    writeFileSync(
      path.join(dir, 'run.py'),
      `import argparse, json, os, subprocess, sys, time
ap = argparse.ArgumentParser(); ap.add_argument('--results'); ap.add_argument('--progress', action='store_true')
a = ap.parse_args()
child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(3600)'])
with open(a.results + '.tmp', 'w') as fh:
    json.dump({'format': 'brian2lava-results/1', 'dt': 1e-4, 't_end': 0.01, 'partial': False, 'monitors': {}}, fh)
os.replace(a.results + '.tmp', a.results)
time.sleep(3600)
`,
    );
    const started = Date.now();
    const outcome = await runProject(dir, { python: 'python3', timeout: 300, stopGrace: 2 });
    expect(outcome.hungAtStop).toBe(true);
    expect(outcome.timedOut).toBe(false);
    expect((Date.now() - started) / 1000).toBeLessThan(60);
    expect(outcome.pid).not.toBeNull();
    expect(group(outcome.pid!)).toEqual([]);
  }, 120_000);

  it('a model that raises on Lava (which then waits forever) is ended and reported at its model line', async () => {
    const dir = tempDir('raise-');
    const tag = randomUUID();
    const model = `from brian2 import *
tau = 10*ms
G = NeuronGroup(3, 'dv/dt = (2 - v)/tau : 1', threshold='v > 1', reset='v = 0', method='exact')
spikes = SpikeMonitor(G)
run(5*ms)
G.v = 'poisson(-1.0*(i + 1))'
run(5*ms)
`;
    const r = await startRun(dir, model, [], tag);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('the Lava run failed: ValueError');
    expect(r.stderr).toMatch(/from .*model\.py:6: G\.v = 'poisson\(-1\.0\*\(i \+ 1\)\)'/);
    expect(r.stderr).toMatch(/in the generated engine\/simulation\.py:\d+:/);
    expect(r.stderr).toContain('partial results');
    expect(tagged(tag)).toEqual(new Map());
    const results = JSON.parse(readFileSync(path.join(dir, 'project', 'model', 'results.json'), 'utf8')) as { partial: boolean; t_end: number };
    expect(results).toMatchObject({ partial: true });
    expect(results.t_end).toBeCloseTo(0.005, 6);
  }, 300_000);

  it('an error in synaptic code is reported at the line of its Synapses', async () => {
    const dir = tempDir('raise-syn-');
    const tag = randomUUID();
    const model = `from brian2 import *
tau = 10*ms
G = NeuronGroup(3, 'dv/dt = (2 - v)/tau : 1', threshold='v > 1', reset='v = 0', method='exact')
S = Synapses(G, G, 'w : 1', on_pre='v_post += poisson(-w)')
S.connect(j='i')
S.w = 1
run(20*ms)
`;
    const r = await startRun(dir, model, [], tag);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('the Lava run failed: ValueError');
    expect(r.stderr).toMatch(/from .*model\.py:4: S = Synapses\(G, G, 'w : 1', on_pre='v_post \+= poisson\(-w\)'\)/);
    expect(r.stderr).toMatch(/in the generated engine\/synapses\.py:\d+:/);
    expect(tagged(tag)).toEqual(new Map());
  }, 300_000);

  it('a crash of run.py itself is summarised from its traceback on stderr', async () => {
    const dir = tempDir('crash-');
    mkdirSync(path.join(dir, 'engine'));
    writeFileSync(path.join(dir, 'engine', 'g.py'), 'def reset():\n    # line 12: reset="v = 1/0"\n    return 1/0\n');
    writeFileSync(
      path.join(dir, 'run.py'),
      'import os, sys\nsys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))\nfrom engine import g\ng.reset()\n',
    );
    const outcome = await runProject(dir, { python: 'python3', timeout: 60 });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.error).toMatchObject({ type: 'ZeroDivisionError', message: 'division by zero', modelLine: 12, modelText: 'reset="v = 1/0"' });
    expect(outcome.error!.where).toBe('engine/g.py:3: return 1/0');
    expect(group(outcome.pid!)).toEqual([]);
  }, 60_000);
});

describe('traceback summaries', () => {
  it('parse the last traceback and map the innermost generated frame to its # line marker', () => {
    const dir = tempDir('tb-');
    mkdirSync(path.join(dir, 'engine'));
    const src = [
      'class G:',
      '    def update(self, t):',
      '        # line 7: G = NeuronGroup(...)',
      '        v = self.v',
      '        v[...] = _rng.poisson(-1.0, 3)',
      '    def reset(self, t):',
      '        x = 1',
    ].join('\n');
    writeFileSync(path.join(dir, 'engine', 'g.py'), src);
    const tb = `noise before\nTraceback (most recent call last):\n  File "${dir}/lava_network/network.py", line 51, in run_spk\n    self._sim.step()\n  File "${dir}/engine/g.py", line 5, in update\n    v[...] = _rng.poisson(-1.0, 3)\n  File "numpy/random/_generator.pyx", line 3230, in numpy.random._generator.Generator.poisson\n  File "${dir}/engine/runtime.py", line 1, in helper\nValueError: lam < 0 or lam is NaN\n`;
    expect(parseTraceback(tb)).toMatchObject({ type: 'ValueError', message: 'lam < 0 or lam is NaN' });
    expect(summariseTraceback(dir, tb)).toEqual({
      type: 'ValueError',
      message: 'lam < 0 or lam is NaN',
      where: 'engine/g.py:5: v[...] = _rng.poisson(-1.0, 3)',
      modelLine: 7,
      modelText: 'G = NeuronGroup(...)',
    });
    // A marker belongs to its own function only.
    expect(markerAbove(src, 7)).toBeNull();
    expect(parseTraceback('no traceback here')).toBeNull();
  });

  it.each(['08_subexpr_shared_constdt', '14_gap_junctions_summed', '16_stdp_event_driven', '17_poissongroup_input', '18_poissoninput', 'net_connect_forms'])(
    'every method of a generated group, synapses or input and every initialisation carries a # line marker of the script (%s)',
    async (fixture) => {
      const dir = tempDir('markers-');
      const model = path.join(dir, 'm.py');
      copyFileSync(path.join(ROOT, 'fixtures', `${fixture}.py`), model);
      const r = await execa('node', [CLI, 'convert', model, '-o', path.join(dir, 'p')], { reject: false });
      expect(r.exitCode).toBe(0);
      // runtime.py and synaptic.py are the same for every model (no script line to name).
      for (const f of readdirSync(path.join(dir, 'p', 'm', 'engine')).filter(
        (x) => x.endsWith('.py') && !['runtime.py', 'synaptic.py', '__init__.py'].includes(x),
      )) {
        const text = readFileSync(path.join(dir, 'p', 'm', 'engine', f), 'utf8').split('\n');
        text.forEach((l, k) => {
          if (/^ {4}def (?!__init__)/.test(l) && (f !== 'simulation.py' || /_before_run/.test(l))) {
            // the first statement after the docstring is the marker (or the method does nothing)
            const body = text.slice(k + 2).find((x) => x.trim() !== '')!;
            expect([f, l, body.trim().startsWith('# line ') || body.trim() === 'pass']).toEqual([f, l, true]);
          }
        });
      }
      expect(existsSync(path.join(dir, 'p', 'm', 'run.py'))).toBe(true);
    },
    120_000,
  );
});
