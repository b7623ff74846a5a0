// What the CLI does with files it cannot take as they are (exit 2, as the README documents: unreadable,
// not UTF-8 without a coding line, not a regular file) and with models too large for this machine
// (check prints the estimate and warns; convert and run refuse with a located `limit` error, exit 1,
// unless --force-size). Only conversions: nothing here starts Python.

import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { estimateResources, formatBytes, sizeDiagnostic } from '../src/run/resources.js';
import { cli, ROOT, tempDir } from './helpers/pipeline.js';

const MODEL = "from brian2 import *\nG = NeuronGroup(2, 'dv/dt = -v/(10*ms) : 1')\nM = StateMonitor(G, 'v', record=True)\nrun(1*ms)\n";

describe('input files', () => {
  it('a file that is not UTF-8 is a usage error naming the line; a PEP 263 coding line is honoured', async () => {
    const dir = tempDir('cli-enc-');
    const latin = path.join(dir, 'latin.py');
    writeFileSync(
      latin,
      Buffer.concat([Buffer.from('from brian2 import *\n# caf'), Buffer.from([0xe9]), Buffer.from('\n' + MODEL.split('\n').slice(1).join('\n'))]),
    );
    const r = await cli(['check', latin, '--json']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('latin.py is not valid UTF-8 text (line 2)');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, stage: 'read' });
    const declared = path.join(dir, 'declared.py');
    writeFileSync(
      declared,
      Buffer.concat([
        Buffer.from('# -*- coding: latin-1 -*-\nfrom brian2 import *\n# caf'),
        Buffer.from([0xe9]),
        Buffer.from('\n' + MODEL.split('\n').slice(1).join('\n')),
      ]),
    );
    expect((await cli(['check', declared])).exitCode).toBe(0);
    const unknown = path.join(dir, 'unknown.py');
    writeFileSync(unknown, '# coding: klingon\n' + MODEL);
    const u = await cli(['check', unknown]);
    expect(u.exitCode).toBe(2);
    expect(u.stderr).toContain("declares the encoding 'klingon'");
  });

  it('an unreadable file and a FIFO are usage errors (exit 2), not internal errors', async () => {
    const dir = tempDir('cli-unread-');
    const file = path.join(dir, 'secret.py');
    writeFileSync(file, MODEL);
    chmodSync(file, 0o000);
    chmodSync(dir, 0o755);
    // root reads anything: run as nobody then (the checkout must be readable by others, as it is here)
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    let out = '';
    let code = 0;
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'bin', 'brian2lava.js'), 'check', file], {
        ...asUser,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      code = err.status;
      out = err.stderr.toString();
    }
    expect(code).toBe(2);
    expect(out).toContain('secret.py: permission denied');
    expect(out).not.toContain('internal error');
    const fifo = path.join(dir, 'pipe.py');
    execFileSync('mkfifo', [fifo]);
    const f = await cli(['check', fifo]);
    expect(f.exitCode).toBe(2);
    expect(f.stderr).toContain('pipe.py is not a regular file');
  });
});

describe('resource estimate', () => {
  const estimate = (text: string) => estimateResources(compile('model.py', text, 'check').model!);

  it('counts state, synapses (p·N·M, or at most N·M under a condition), recordings and steps', () => {
    const e = estimate(`from brian2 import *
G = NeuronGroup(1000, 'dv/dt = -v/(10*ms) : 1\\nI : 1', threshold='v > 1', reset='v = 0')
S = Synapses(G, G, 'w : 1', on_pre='v += w')
S.connect(p=0.1)
T = Synapses(G, G, on_pre='v += 0.1')
T.connect(condition='i != j')
M = StateMonitor(G, 'v', record=[0, 1, 2], dt=1*ms)
R = PopulationRateMonitor(G)
run(100*ms)
`);
    expect(e.steps).toBe(1000);
    expect(e.stateBytes).toBe(1000 * (2 + 3) * 8);
    expect(e.synapses).toBeCloseTo(100_000 + 1_000_000, 6);
    expect(e.synapsesAtMost).toBe(true);
    expect(e.synapseBytes).toBeCloseTo(100_000 * (40 + 2 * 8) + 1_000_000 * (40 + 8), 0);
    expect(e.monitorBytes).toBe(100 * (1 + 3) * 8 + 1000 * 2 * 8);
    expect(e.parts[0]!.what).toMatch(/^Synapses T \(up to 1,000,000 synapses\)/);
  });

  it('refuses at the largest part when it exceeds the available memory, at run() when it would take weeks', () => {
    const big = estimate("from brian2 import *\nG = NeuronGroup(10**9, 'dv/dt = -v/(10*ms) : 1')\nrun(1*ms)\n");
    expect(big.stateBytes).toBe(1e9 * 4 * 8);
    const d = sizeDiagnostic(big, 16e9)!;
    expect(d).toMatchObject({ code: 'limit', severity: 'error', span: { line: 2 } });
    expect(d.message).toContain(`needs ~${formatBytes(32e9)} of memory to run, more than the 16 GB available; the largest part is NeuronGroup G`);
    expect(sizeDiagnostic(big, 64e9)).toBeNull();
    const long = sizeDiagnostic(estimate("from brian2 import *\nG = NeuronGroup(10, 'dv/dt = -v/(10*ms) : 1')\nrun(1*ms)\nrun(1e9*second)\n"), 64e9, true)!;
    expect(long).toMatchObject({ code: 'limit', severity: 'warning', span: { line: 4 } });
    expect(long.message).toMatch(/10,000,000,000,010 time steps, roughly \d+ years/);
  });

  it('only warns when the memory is an upper bound (connect() with a probability known when the project connects)', () => {
    const dense = estimate(
      "from brian2 import *\nG = NeuronGroup(20000, 'x : 1')\nS = Synapses(G, G, 'w : 1')\nS.connect(p='0.01*exp(-abs(x_pre - x_post))')\nrun(1*ms)\n",
    );
    expect(dense.synapsesAtMost).toBe(true);
    const d = sizeDiagnostic(dense, 1e9)!;
    expect(d).toMatchObject({ code: 'limit', severity: 'warning' });
    expect(d.message).toMatch(/counted at most, so the model is converted and run anyway/);
  });

  it('check prints it; convert refuses beyond the machine (exit 1, located) unless --force-size', async () => {
    const dir = tempDir('cli-size-');
    const small = path.join(dir, 'small.py');
    writeFileSync(small, MODEL);
    const c = await cli(['check', small]);
    expect(c.stdout).toMatch(/small\.py: ok .*\n {2}estimate: 10 steps; memory ~\d+ B \(state \d+ B, recordings \d+ B\); Lava run roughly 3 s/);
    expect(JSON.parse((await cli(['check', small, '--json'])).stdout).estimate).toMatchObject({ steps: 10, neurons: 2, synapses: 0 });
    const huge = path.join(dir, 'huge.py');
    writeFileSync(huge, "from brian2 import *\nG = NeuronGroup(10**12, 'dv/dt = -v/(10*ms) : 1')\nrun(1*ms)\n");
    const ch = await cli(['check', huge]);
    expect(ch.exitCode).toBe(0);
    expect(ch.stderr).toMatch(/huge\.py:2:5: warning\[limit\]: .*\(run and convert refuse it\)/);
    const cv = await cli(['convert', huge, '-o', path.join(dir, 'out')]);
    expect(cv.exitCode).toBe(1);
    expect(cv.stderr).toMatch(/huge\.py:2:5: error\[limit\]: the model needs ~32 TB of memory/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    const forced = await cli(['convert', huge, '-o', path.join(dir, 'out'), '--force-size']);
    expect(forced.exitCode).toBe(0);
  });
});
