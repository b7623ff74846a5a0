// The CPU emulation of the Loihi 2 backend replaces Lava's bit-accurate DelayDense model by
// DelayDenseEmulation (lava_network/network.py), which builds the delay-separated weight matrix once and
// sums only the columns of the sources that spiked. It must give the same integers as Lava's model for
// every input: checked here against Lava's own calc_act on random weights, delays and spikes (binary
// and graded), and end to end on a fixture with heterogeneous delays.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { resolvePython } from '../src/run/environment.js';
import { cli, ROOT, tempDir } from './helpers/pipeline.js';

const FIX = (name: string) => path.join(ROOT, 'fixtures', name);

describe('DelayDense in the Loihi 2 emulation', () => {
  it('computes the same activations as Lava’s PyDelayDenseModelBitAcc, and run.py uses it only for the emulation', async () => {
    const parent = path.join(tempDir('delaydense-'), 'p');
    const project = path.join(parent, '12_spikegen_hetero_delays');
    const c = await cli(['convert', FIX('12_spikegen_hetero_delays.py'), '-o', parent, '--backend', 'loihi2', '-q']);
    expect(c.exitCode).toBe(0);
    const runPy = readFileSync(path.join(project, 'run.py'), 'utf8');
    expect(runPy.match(/Loihi2SimCfg\(select_tag="fixed_pt", exception_proc_model_map=EMULATION_MODELS\)/g)?.length).toBe(2);
    expect(runPy).toContain('cfg = Loihi2HwCfg()');
    expect(readFileSync(path.join(project, 'lava_network', 'network.py'), 'utf8')).toContain('EMULATION_MODELS = {DelayDense: DelayDenseEmulation}');

    const { python } = await resolvePython(process.env.BRIAN2LAVA_PYTHON);
    const code = `
import sys, json
import numpy as np
sys.path.insert(0, ${JSON.stringify(project)})
from lava_network.network import DelayDenseEmulation
from lava.proc.dense.models import PyDelayDenseModelBitAcc
rng = np.random.default_rng(7)
checked = 0
for trial in range(60):
    n_out, n_in, max_delay = int(rng.integers(1, 30)), int(rng.integers(1, 30)), int(rng.integers(0, 12))
    w = rng.integers(-128, 128, (n_out, n_in)).astype(np.int32)
    d = rng.integers(0, max_delay + 1, (n_out, n_in)).astype(np.int32)
    models = []
    for cls in (PyDelayDenseModelBitAcc, DelayDenseEmulation):
        m = object.__new__(cls)
        m.weights, m.delays = w, d
        m.a_buff = np.zeros((n_out, max_delay + 1), dtype=np.int32)
        models.append(m)
    lava, ours = models
    for step in range(6):
        s = rng.random(n_in) < 0.3
        if trial % 2:
            s = s * rng.integers(0, 2**23, n_in)
        a = PyDelayDenseModelBitAcc.calc_act(lava, s)
        b = ours.calc_act(s)
        assert a.dtype == b.dtype and a.shape == b.shape, (a.dtype, b.dtype, a.shape, b.shape)
        assert np.array_equal(a, b), (trial, step)
        checked += 1
print(json.dumps({"checked": checked}))
`;
    const r = await execa(python, ['-c', code], { reject: false });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ checked: 360 });
  }, 120_000);
});
