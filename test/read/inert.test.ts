// Output never changes the model: plots (pylab names from brian2's star import, matplotlib, brian2tools),
// prints, progress bars, timing and Brian2's code-generation preferences are inert; a value computed from
// them is refused only where it reaches the model, and code whose running depends on one may only show.

import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';

const HEAD = `from brian2 import *
G = NeuronGroup(3, 'dv/dt = (I - v)/(10*ms) : 1\\nI : 1', threshold='v > 1', reset='v = 0', method='exact')
S = Synapses(G, G, 'w : 1', on_pre='v_post += w')
S.connect(j='i')
`;

function check(body: string) {
  const r = compile('t.py', HEAD + body + '\nrun(1*ms)\n', 'check');
  return {
    errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.span?.line}: ${d.message}`),
    program: (r.model?.program ?? []).map((a) => a.kind),
  };
}

describe('inert output', () => {
  it.each([
    ['subplots unpacked', 'fig, axes = plt.subplots(3)\nfig2, (a1, a2) = subplots(1, 2)\nax = axes[0]\nax.plot([1, 2])'],
    ['matplotlib imported', 'import matplotlib\nmatplotlib.use("Agg")\nimport matplotlib.pyplot as plt\nplt.figure(figsize=(3, 3))\nplt.savefig("x.png")'],
    ['star imports of plotting modules', 'from matplotlib.pyplot import *\nfrom brian2tools import *\nplot_raster([], [])\nxlabel("t")'],
    [
      'loops and conditions on plots',
      'fig, axes = plt.subplots(2)\nfor ax in axes.flat:\n    ax.set_xlabel("t")\n    h = ax.plot([])\nif fig:\n    title("x")\nlines = [ax.plot([]) for ax in axes]',
    ],
    [
      'prints of what the project makes',
      'print(len(S.i), S.N, len(S), S.w[:].mean(), f"{len(S)} synapses")\nta = TimedArray([1, 2], dt=1*ms)\nprint(ta.values, ta.values.max())',
    ],
    [
      'timing and progress bars',
      'import time\nfrom tqdm import tqdm, trange\nt0 = time.time()\nfor k in tqdm(range(2)):\n    G.I = k\nfor k in trange(2):\n    pass\nprint(time.time() - t0)',
    ],
    ['notebook exports', "get_ipython().run_line_magic('matplotlib', 'inline')\ndisplay(G)"],
    [
      'code-generation preferences',
      "prefs.codegen.target = 'numpy'\nprefs['codegen.runtime.numpy.discard_units'] = True\nprefs.devices.cpp_standalone.openmp_threads = 4\ncodegen.target = 'cython'\nprefs.core.default_float_dtype = float64\nprefs.logging.file_log = False",
    ],
    ['magic_network and Network variants', 'net = Network(collect())\nnet.add([])\nprint(magic_network.t)\nn2 = Network(*[G, S])'],
  ])('%s', (_, body) => {
    expect(check(body).errors).toEqual([]);
  });

  it('refuses code whose running depends on a plot when it changes the model', () => {
    expect(check('fig = plt.gcf()\nfor ax in fig.get_axes():\n    G.I = 1')).toMatchObject({
      errors: ['6: whether this loop changes the model cannot be known without running the script'],
    });
    expect(check('if figure():\n    G.I = 1').errors).toEqual(['5: whether this if changes the model cannot be known without running the script']);
  });

  it('refuses a value computed from a plot where it reaches the model, and only there', () => {
    expect(check('fig, axes = plt.subplots(3)\nn = axes[0].get_xlim()[1]\nprint(n)\nG.I = n*0.1').errors[0]).toMatch(
      /^8: this value comes from matplotlib axes, .* cannot be used in the model/,
    );
    expect(check('x = 1.0\nfor ax in plt.gcf().get_axes():\n    x = 2.0\nG.I = x').errors[0]).toMatch(/this value comes from a value that depends on/);
    expect(check('xs = [0.5]\nfor ax in plt.gcf().get_axes():\n    xs.append(1.0)\nG.I = xs[0]').errors).toEqual([]);
    expect(check('xs = [0.5, 0.5, 0.5]\nfor ax in plt.gcf().get_axes():\n    xs.append(1.0)\nG.I = xs').errors[0]).toMatch(
      /a collection changed by code that only shows/,
    );
  });

  it('knows the layout of subplots grids: their length, items, flat and indexing follow numpy', () => {
    const r = compile(
      't.py',
      `${HEAD}fig, axes = plt.subplots(2, 3)\nn = len(axes) + len(axes[0]) + len(axes.flat) + axes.shape[1]\nfor ax in axes.flat:\n    n += 1\nf, (a, b) = subplots(1, 2)\nH = NeuronGroup(n, 'dv/dt = -v/(10*ms) : 1')\nrun(1*ms)\n`,
      'check',
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.model!.groups.find((g) => g.pyName === 'H')!.n).toBe(2 + 3 + 6 + 3 + 6);
    expect(check('f, (a, b, c) = subplots(1, 2)').errors[0]).toMatch(/cannot unpack 2 values into 3 names/);
  });

  it('refuses preferences that change what is computed, and unknown ones', () => {
    expect(check('prefs.core.default_float_dtype = float32').errors[0]).toMatch(/prefs.core.default_float_dtype = float32/);
    expect(check('prefs.legacy.refractory_timing = True').errors[0]).toMatch(/refractory_timing/);
    expect(check("prefs.core.network.default_schedule = ['start', 'groups', 'synapses', 'thresholds', 'resets', 'end']").errors[0]).toMatch(/default_schedule/);
    expect(check('prefs.codegen.no_such_thing = 1').errors[0]).toMatch(/no_such_thing/);
  });

  it('lets an IPython magic other than matplotlib stop the conversion', () => {
    expect(check("get_ipython().run_line_magic('run', 'other.py')").errors[0]).toMatch(/IPython magic %run/);
  });
});
