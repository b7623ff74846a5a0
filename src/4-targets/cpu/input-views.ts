// Views of the input objects' modules: PoissonGroup (rand() < rates*dt in the thresholds slot),
// SpikeGeneratorGroup (Brian2's binning of spike times and its `_lastindex` walk, with period) and
// PoissonInput (binomial or normal draws added to a variable in the synapses slot).

import type { LNeuronGroup, LPoissonGroup, LPoissonInput, LSpikeGeneratorGroup } from '../../3-lower/lowered.js';
import type { SourceFile } from '../../diagnostics/source.js';
import { pythonNumber } from '../../symbolic/print.js';
import { bindings, body, type BodyOptions } from './body.js';
import { lineMarker, marked } from './markers.js';
import { numpy } from './numpy-printer.js';
import { comment, pyIdent, pyStr } from '../../4-emit/python-names.js';
import { computedCode } from './computed-code.js';
import type { ObjectView, SynapsesEmitContext } from './synapses-view.js';

function where(source: SourceFile, span: { start: number }, id: string, pyName: string | null): string {
  const line = source.position(span.start).line;
  return `'${comment(id)}'${pyName ? ` (${comment(pyName)} in the script, line ${line})` : ` (line ${line})`}`;
}

export function buildPoissonGroupView(
  g: LPoissonGroup,
  module: string,
  className: string,
  source: SourceFile,
  array: SynapsesEmitContext['array'],
  clock: number,
): ObjectView {
  const init = ['self._sim = sim', `self._clock = sim.clocks[${clock}]`, `self.i = _np.arange(${g.n})`, 'self.spikes = _np.zeros(0, dtype=_np.int64)'];
  const lines: string[] = [];
  const r = g.rates;
  if (r.kind === 'expression') {
    const opts: BodyOptions = { group: { id: g.id, n: g.n, variables: [] }, owner: 'self', subset: false, hoisted: new Set() };
    lines.push(...bindings([], [r.expr], opts), `rates = ${numpy(r.expr)}`);
  } else if (r.kind === 'computed') {
    // Rates the project draws (numpy.random in the script): filled right after their last draw.
    init.push(`self.rates = _np.zeros(${g.n})  # hertz, filled from the drawn numbers (simulation.py)`);
    lines.push('rates = self.rates');
  } else {
    init.push(
      r.kind === 'scalar'
        ? `self.rates = _np.full(${g.n}, ${pythonNumber(r.value)})  # hertz`
        : `self.rates = ${array(r.values, `${module}_rates`, 'f8')}  # hertz`,
    );
    lines.push('rates = self.rates');
  }
  // Brian2's threshold `rand() < rates*dt`: N numbers every step, numpy's np.random.rand(N).
  lines.push(`self.spikes = _np.flatnonzero(self._sim.rng.random_sample(${g.n}) < rates*self._clock.dt)`);
  return {
    module,
    className,
    doc: `PoissonGroup ${where(source, g.span, g.id, g.pyName)}: ${g.n} independent Poisson spike sources.`,
    classDoc: `${g.n} Poisson sources; spikes where rand() < rates*dt, drawn in the thresholds slot.`,
    constants: [`N = ${g.n}`],
    init,
    methods: marked(
      [
        { signature: 'threshold(self, t)', doc: "Thresholds slot: this step's spikes.", lines },
        ...g.runRegularly.map((rr, k) => ({
          signature: `run_regularly_${k}(self, t)`,
          doc: `run_regularly code (${comment(rr.when)} slot${rr.clock === g.clock ? '' : `, when the clock ${comment(rr.clock)} ticks`}) on the rates.`,
          lines: body(rr.statements, {
            group: { id: g.id, n: g.n, variables: g.variables },
            owner: 'self',
            subset: false,
            hoisted: new Set(),
            sim: 'self._sim',
          }),
        })),
      ],
      () => lineMarker(source, g.span),
    ),
  };
}

/** The line that fills a PoissonGroup's drawn rates (numpy.random in the script), in the simulation. */
export function drawnRatesLine(g: LPoissonGroup, attr: string, array: SynapsesEmitContext['array'], module: string): string | null {
  if (g.rates.kind !== 'computed') return null;
  return `self.${attr}.rates[...] = _np.broadcast_to(_np.asarray(${computedCode(g.rates.node, { sim: 'self', array, dataName: `${module}_rates` })}, dtype=_np.float64), (${g.n},))`;
}

export function buildSpikeGeneratorView(
  g: LSpikeGeneratorGroup,
  module: string,
  className: string,
  source: SourceFile,
  array: SynapsesEmitContext['array'],
  clock: number,
): ObjectView {
  if (g.computed) return drawnSpikeGeneratorView(g, g.computed, module, className, source, array, clock);
  const what = pyStr(`line ${source.position(g.span.start).line}: SpikeGeneratorGroup ${g.pyName ?? g.id}`);
  const init = [
    'self._sim = sim',
    `self._clock = sim.clocks[${clock}]`,
    `self.i = _np.arange(${g.n})`,
    'self.spikes = _np.zeros(0, dtype=_np.int64)',
    `self._neuron_index = ${array(g.indices, `${module}_indices`, 'i8')}`,
    `self._spike_time = ${array(g.times, `${module}_times`, 'f8')}  # second, sorted by time then index`,
    '# Time bins of the spikes and of the period, made with the dt of the first run (and again when it changes).',
    'self._binned_dt = None',
    'self._lastindex = 0',
  ];
  return {
    module,
    className,
    doc: `SpikeGeneratorGroup ${where(source, g.span, g.id, g.pyName)}: ${g.n} neurons, ${g.times.length} given spikes${g.period ? `, repeated every ${g.period} s` : ''}.`,
    classDoc: 'Emits the given spikes in the thresholds slot of their time step.',
    constants: [`N = ${g.n}`],
    init,
    methods: marked(
      [
        {
          signature: 'start_segment(self)',
          doc: "When a run starts: the spikes binned with the clock's dt if it changed (Brian2's before_run).",
          lines: rebin(g, what),
        },
        { signature: 'threshold(self, t)', doc: 'Thresholds slot: the spikes of this step (every spike up to this step not emitted yet).', lines: SPIKE_WALK },
      ],
      () => lineMarker(source, g.span),
    ),
  };
}

/** Brian2's SpikeGeneratorGroup.before_run: the time bins, again when the clock's dt changed, with its checks. */
function rebin(g: LSpikeGeneratorGroup, what: string): string[] {
  return [
    'if self._binned_dt != self._clock.dt:',
    `    self._timebins, self._period_bins = _rt.spike_bins(self._spike_time, self._neuron_index, ${pythonNumber(g.period)}, self._clock.dt, ${what})`,
    '    self._binned_dt = self._clock.dt',
  ];
}

/** The threshold walk over the sorted spikes (Brian2's `_lastindex`, with the period). */
const SPIKE_WALK = [
  'timebin = self._clock.n',
  'last = self._lastindex',
  'if self._period_bins > 0:',
  '    timebin %= self._period_bins',
  '    if last > 0 and self._timebins[last - 1] >= timebin:',
  '        last = 0',
  "k = int(_np.searchsorted(self._timebins[last:], timebin, side='right'))",
  'self._lastindex = last + k',
  'self.spikes = self._neuron_index[last:last + k]',
];

/**
 * A SpikeGeneratorGroup whose spikes the project draws (numpy.random in the script): computed from the
 * drawn numbers at the first step, checked and sorted as Brian2 does.
 */
function drawnSpikeGeneratorView(
  g: LSpikeGeneratorGroup,
  c: NonNullable<LSpikeGeneratorGroup['computed']>,
  module: string,
  className: string,
  source: SourceFile,
  array: SynapsesEmitContext['array'],
  clock: number,
): ObjectView {
  const opts = (dataName: string) => ({ sim: 'self._sim', array, dataName });
  const what = pyStr(`line ${source.position(g.span.start).line}: SpikeGeneratorGroup ${g.pyName ?? g.id}`);
  return {
    module,
    className,
    doc: `SpikeGeneratorGroup ${where(source, g.span, g.id, g.pyName)}: ${g.n} neurons, spikes drawn with numpy.random by the script${g.period ? `, repeated every ${g.period} s` : ''}.`,
    classDoc: 'Emits the drawn spikes in the thresholds slot of their time step.',
    constants: [`N = ${g.n}`],
    init: [
      'self._sim = sim',
      `self._clock = sim.clocks[${clock}]`,
      `self.i = _np.arange(${g.n})`,
      'self.spikes = _np.zeros(0, dtype=_np.int64)',
      'self._neuron_index = None  # computed from the drawn numbers at the first step',
      'self._binned_dt = None',
      'self._lastindex = 0',
    ],
    methods: marked(
      [
        {
          signature: 'start_segment(self)',
          doc: "When a run starts: the spikes binned again if the clock's dt changed (Brian2's before_run).",
          lines: ['if self._neuron_index is None:', '    return', ...rebin(g, what)],
        },
        {
          signature: 'threshold(self, t)',
          doc: 'Thresholds slot: the spikes of this step (every spike up to this step not emitted yet).',
          lines: ['if self._neuron_index is None:', '    self._set_spikes()', ...SPIKE_WALK],
        },
        {
          signature: '_set_spikes(self)',
          doc: "The script's drawn spikes, checked and sorted by time then index (Brian2's rules).",
          lines: [
            `indices = ${computedCode(c.indices, opts(`${module}_indices`))}`,
            `times = ${computedCode(c.times, opts(`${module}_times`))}`,
            `self._neuron_index, self._spike_time = _rt.spike_generator(indices, times, ${g.n}, self._clock.dt, ${pythonNumber(g.period)}, ${what})`,
            ...rebin(g, what),
          ],
        },
      ],
      () => lineMarker(source, g.span),
    ),
  };
}

export function buildPoissonInputView(
  p: LPoissonInput,
  module: string,
  className: string,
  target: LNeuronGroup,
  targetAttr: string,
  source: SourceFile,
): ObjectView {
  const n = p.target.stop - p.target.start;
  const opts: BodyOptions = {
    group: target,
    owner: 'self._g',
    subset: true,
    hoisted: new Set(),
    indexExpr: `_idx - ${p.target.start}`,
    sizeExpr: String(n),
    sim: 'self._sim',
  };
  const size = p.conditional ? 'len(_idx)' : String(n);
  const draw =
    p.draw.kind === 'binomial'
      ? `self._sim.rng.binomial(${p.draw.n}, ${pythonNumber(p.draw.p)}, size=${size})`
      : `self._sim.rng.normal(${pythonNumber(p.draw.loc)}, ${pythonNumber(p.draw.scale)}, size=${size})`;
  const lines: string[] = [];
  if (p.conditional) {
    // Brian2's conditional write: refractory neurons get no input (and no draws are made for them).
    lines.push(`_idx = _np.arange(${p.target.start}, ${p.target.stop})`, '_idx = _idx[self._g.not_refractory[_idx]]');
    if (p.weight.k !== 'num') lines.push(...bindings([], [p.weight], opts));
    lines.push(`self._g.${pyIdent(p.variable)}[_idx] += ${draw}*(${numpy(p.weight)})`);
  } else {
    if (p.weight.k !== 'num') lines.push(`_idx = _np.arange(${p.target.start}, ${p.target.stop})`, ...bindings([], [p.weight], opts));
    lines.push(`self._g.${pyIdent(p.variable)}[${p.target.start}:${p.target.stop}] += ${draw}*(${numpy(p.weight)})`);
  }
  return {
    module,
    className,
    doc: `PoissonInput ${where(source, p.span, p.id, p.pyName)} into ${comment(target.id)}.${comment(p.variable)}.`,
    classDoc:
      p.draw.kind === 'binomial'
        ? `${comment(p.variable)} += binomial(${p.draw.n}, rate*dt)*weight for every target neuron.`
        : `${comment(p.variable)} += normal(n*p, sqrt(n*p*(1-p)))*weight (Brian2's approximation of the binomial for large n*p).`,
    constants: [],
    init: ['self._sim = sim', `self._g = sim.${targetAttr}`],
    methods: marked([{ signature: 'apply(self, t)', doc: 'Synapses slot: the input of this step.', lines }], () => lineMarker(source, p.span)),
  };
}
