// The view of the whole Loihi network: generated neuron programs, groups on Lava's LIF with their
// probes, host input streams (RingBuffer), synapses (Dense/DelayDense) and the clock process that keeps
// every process in one Lava network and merges the results after the last step.

import type { FxGroup, FxModel, FxProjection } from './fixed-point/fixed.js';
import type { SampledMonitor } from './fixed-point/clocks.js';
import type { SourceFile } from '../../diagnostics/source.js';
import { className, comment, NameAllocator, pyIdent, pyStr } from '../../4-emit/python-names.js';
import type { DataStore } from './data.js';
import { buildProgramView, monitorPlan, type ProgramView } from './group-view.js';

export interface LifView {
  probe: string;
  model: string;
  lifAttr: string;
  probeAttr: string;
  part: string;
  doc: string;
  n: number;
  /** Keyword arguments of Lava's LIF. */
  lifArgs: string;
  init: string[];
  start: string[];
  spikes: string[];
  results: string[];
  /** Python literal: whether the probe reads v after each step (only when a StateMonitor records it). */
  readsV: 'True' | 'False';
}

/** A process that records the monitors of a host spike stream (SpikeGeneratorGroup, PoissonGroup). */
export interface SpikeProbeView {
  cls: string;
  model: string;
  part: string;
  doc: string;
  n: number;
  init: string[];
  spikes: string[];
  results: string[];
}

export interface NetworkView {
  doc: string;
  dt: string;
  totalSteps: number;
  producer: string;
  parts: string;
  /** Python list of (group, where it runs, why): printed by run.py, one line per neuron group. */
  mapping: string;
  programs: ProgramView[];
  lifs: LifView[];
  probes: SpikeProbeView[];
  /** Lines of build(): processes and connections. */
  build: string[];
  usesDense: boolean;
  usesDelayDense: boolean;
  usesRingBuffer: boolean;
  usesLif: boolean;
}

/**
 * The weight (and delay) matrices of Dense/DelayDense: [target][source], one entry per pair, flat in
 * row-major order (typed arrays: a random network of 4000 cells has 16M entries per matrix).
 */
function denseMatrix(p: FxProjection, nSource: number, nTarget: number): { weights: Int32Array; delays: Int32Array | null } {
  const weights = new Int32Array(nTarget * nSource);
  const delays = p.delays.some((d) => d > 0) ? new Int32Array(nTarget * nSource) : null;
  for (let k = 0; k < p.pre.length; k++) {
    const at = p.post[k]! * nSource + p.pre[k]!;
    weights[at] = p.weights[k]!;
    if (delays) delays[at] = p.delays[k]!;
  }
  return { weights, delays };
}

export function buildNetworkView(fx: FxModel, monitors: SampledMonitor[], source: SourceFile, data: DataStore, producer: string): NetworkView {
  // One namespace for classes and the locals of build(): a group called G must not shadow its class.
  const classes = new NameAllocator([
    'Clock',
    'LIF',
    'Dense',
    'DelayDense',
    'RingBuffer',
    'SignMode',
    'clock',
    'procs',
    'results_path',
    'execution',
    'progress',
    'np',
    '_np',
    '_rt',
    'build',
    'signal',
    'time',
  ]);
  const locals = classes;
  const parts = new NameAllocator(['clock']);
  const starts = fx.segments.map((s) => s.startStep);
  const sets = fx.segments.map((s) => s.sets);
  const programs: ProgramView[] = [];
  const lifs: LifView[] = [];
  const probes: SpikeProbeView[] = [];
  const build: string[] = ['clock = Clock(results_path=results_path, execution=execution, progress=progress)', 'procs = [clock]'];
  const outPort = new Map<string, string>();
  const programAttr = new Map<string, string>();
  const inPort = new Map<string, (port: string) => string>();
  const common = 'results_path=results_path, execution=execution';
  for (const g of fx.groups) {
    const base = g.pyName ?? g.id;
    const part = parts.take(base);
    if (g.mapping.kind === 'program') {
      const view = buildProgramView(g, sets, starts, monitors, source, data, { cls: classes.take(className(base)), attr: locals.take(base), part });
      programs.push(view);
      build.push(`${view.attr} = ${view.cls}(${common}, name=${pyStr(part)})`, `clock.tick.connect(${view.attr}.tick_in)`, `procs.append(${view.attr})`);
      outPort.set(g.id, `${view.attr}.s_out`);
      programAttr.set(g.id, view.attr);
      inPort.set(g.id, (port) => `${view.attr}.${port}`);
      g.inputs.forEach((inp, k) => {
        const rb = locals.take(`${base}_input${k}`);
        const arr = data.intArray(inp.values, `${part}__${pyIdent(inp.name.replace(/^_+/, ''))}`, [fx.totalSteps, g.n]);
        const port = view.inputPorts[inp.name]!;
        build.push(
          `# host input stream: ${comment(inp.what)}`,
          `${rb} = RingBuffer(data=${arr}.reshape(${fx.totalSteps}, ${g.n}).T.astype(np.int32))`,
          `${rb}.s_out.connect(${view.attr}.${port})`,
          `procs.append(${rb})`,
        );
      });
      continue;
    }
    // ---- Lava's own LIF with a probe that records it
    const lif = g.mapping.lif;
    const cls = classes.take(`${className(base)}Probe`);
    const lifAttr = locals.take(`${base}_lif`);
    const probeAttr = locals.take(`${base}_probe`);
    const value = () => ({ code: 'self._v', scale: String(lif.scale), offset: String(lif.offset) });
    const plan = monitorPlan(g, monitors, data, value);
    const line = source.position(g.span.start).line;
    lifs.push({
      probe: cls,
      model: `Py${cls}Model`,
      lifAttr,
      probeAttr,
      part,
      doc: comment(
        `Records NeuronGroup '${g.id}'${g.pyName ? ` (${g.pyName}, line ${line})` : ` (line ${line})`}, which runs on Lava's LIF: ${g.mapping.reason}.`,
      ),
      n: g.n,
      lifArgs: `shape=(${g.n},), u=0, v=${data.intArray(lif.v, `${part}__v`)}, du=${lif.du}, dv=${lif.dv}, bias_mant=${data.intArray(lif.biasMant, `${part}__bias_mant`)}, bias_exp=${data.intArray(lif.biasExp, `${part}__bias_exp`)}, vth=${lif.vth}, name=${pyStr(part)}`,
      init: [...plan.init, `self._v = ${data.intArray(lif.v, `${part}__v0`)}`],
      start: plan.start,
      spikes: plan.spikes,
      results: plan.results,
      readsV: plan.start.length > 0 ? 'True' : 'False',
    });
    build.push(
      `# ${comment(base)}: Lava's LIF (${comment(lif.variable)} = v * ${lif.scale} + ${lif.offset})`,
      `${lifAttr} = LIF(${lifs[lifs.length - 1]!.lifArgs})`,
      `${probeAttr} = ${cls}(${common}, name=${pyStr(`${part}_probe`)})`,
      `${lifAttr}.s_out.connect(${probeAttr}.s_in)`,
      ...(plan.start.length ? [`${probeAttr}.v_ref.connect_var(${lifAttr}.v)`] : []),
      `clock.tick.connect(${probeAttr}.tick_in)`,
      `procs += [${lifAttr}, ${probeAttr}]`,
    );
    outPort.set(g.id, `${lifAttr}.s_out`);
    inPort.set(g.id, () => `${lifAttr}.a_in`);
  }
  // ---- host spike streams (SpikeGeneratorGroups, PoissonGroups drawn at conversion) on Lava's RingBuffer, with a probe for their monitors
  for (const src of fx.sources) {
    const monitored = monitors.some((m) => m.source.group === src.id);
    if (!monitored && !fx.projections.some((p) => p.source === src.id)) continue;
    const base = src.pyName ?? src.id;
    const rb = locals.take(base);
    const line = source.position(src.span.start).line;
    const steps = data.intArray(src.steps, `${pyIdent(base)}__spike_steps`);
    const indices = data.intArray(src.indices, `${pyIdent(base)}__spike_indices`);
    build.push(
      `# ${comment(`${src.kind} '${src.id}' (line ${line})`)}: its ${src.steps.length} spikes ${src.kind === 'PoissonGroup' ? 'drawn at conversion time' : 'binned to steps'}, streamed from the host`,
      `${rb} = RingBuffer(data=_rt.raster(${src.n}, TOTAL_STEPS, ${steps}, ${indices}))`,
      `procs.append(${rb})`,
    );
    outPort.set(src.id, `${rb}.s_out`);
    if (!monitored) continue;
    const part = parts.take(base);
    const plan = monitorPlan(src, monitors, data, () => ({ code: '', scale: '1.0', offset: '0.0' }));
    const view: SpikeProbeView = {
      cls: classes.take(`${className(base)}Probe`),
      model: '',
      part,
      doc: comment(`Records ${src.kind} '${src.id}'${src.pyName ? ` (${src.pyName}, line ${line})` : ` (line ${line})`}, whose spikes the host streams in.`),
      n: src.n,
      init: plan.init,
      spikes: plan.spikes,
      results: plan.results,
    };
    view.model = `Py${view.cls}Model`;
    probes.push(view);
    const probe = locals.take(`${base}_probe`);
    build.push(
      `${probe} = ${view.cls}(${common}, name=${pyStr(part)})`,
      `${rb}.s_out.connect(${probe}.s_in)`,
      `clock.tick.connect(${probe}.tick_in)`,
      `procs.append(${probe})`,
    );
  }

  let usesDense = false;
  let usesDelayDense = false;
  const sizeOf = (id: string) => (fx.groups.find((g) => g.id === id) ?? fx.sources.find((g) => g.id === id))!.n;
  for (const p of fx.projections) {
    const tgt = fx.groups.find((g) => g.id === p.target)!;
    if (p.host) {
      // A PoissonInput: the host streams what Dense would deliver (events × 8-bit weight), one step late.
      const rb = locals.take(p.pyName ?? p.id);
      const arr = data.intArray(p.host, `${pyIdent(p.pyName ?? p.id)}__drive`, [fx.totalSteps, tgt.n]);
      build.push(
        `# PoissonInput '${p.id}': its events drawn at conversion time, times its 8-bit weight, streamed from the host`,
        `${rb} = RingBuffer(data=${arr}.reshape(${fx.totalSteps}, ${tgt.n}).T.astype(np.int32))`,
        `${rb}.s_out.connect(${inPort.get(p.target)!(p.port)})`,
        `procs.append(${rb})`,
      );
      continue;
    }
    const nSource = sizeOf(p.source);
    const m = denseMatrix(p, nSource, tgt.n);
    const attr = locals.take(p.pyName ?? p.id);
    const w = data.intArray(m.weights, `${pyIdent(p.pyName ?? p.id)}__weights`, [tgt.n, nSource]);
    const mode = { excitatory: 'EXCITATORY', inhibitory: 'INHIBITORY', mixed: 'MIXED' }[p.signMode];
    const shaped = (expr: string) => (expr.startsWith('np.array') ? `${expr}.reshape(${tgt.n}, ${nSource})` : expr);
    const messages = p.graded ? ', num_message_bits=24' : '';
    const from = p.graded ? `${programAttr.get(p.source)!}.${p.graded.port}` : outPort.get(p.source)!;
    if (m.delays) {
      usesDelayDense = true;
      const d = data.intArray(m.delays, `${pyIdent(p.pyName ?? p.id)}__delays`, [tgt.n, nSource]);
      build.push(`${attr} = DelayDense(weights=${shaped(w)}, delays=${shaped(d)}, num_weight_bits=8, weight_exp=0, sign_mode=SignMode.${mode}${messages})`);
    } else {
      usesDense = true;
      build.push(`${attr} = Dense(weights=${shaped(w)}, num_weight_bits=8, weight_exp=0, sign_mode=SignMode.${mode}${messages})`);
    }
    build.push(`${from}.connect(${attr}.s_in)`, `${attr}.a_out.connect(${inPort.get(p.target)!(p.port)})`, `procs.append(${attr})`);
  }
  build.push('return procs');
  return {
    doc: comment(`The Lava processes of ${source.path.split('/').pop()} for Loihi 2 (fixed point).`),
    dt: String(fx.dt),
    totalSteps: fx.totalSteps,
    producer: pyStr(producer),
    parts: `[${[...programs.map((p) => p.part), ...lifs.map((l) => l.part), ...probes.map((p) => p.part)].map(pyStr).join(', ')}]`,
    mapping: `[${fx.groups.map((g) => `(${[g.pyName ?? g.id, where(g.mapping), g.mapping.reason.replace(/^generated neuron program; /, '')].map(pyStr).join(', ')})`).join(', ')}]`,
    programs,
    lifs,
    probes,
    build,
    usesDense,
    usesDelayDense,
    usesRingBuffer:
      fx.groups.some((g) => g.mapping.kind === 'program' && g.inputs.length > 0) ||
      fx.sources.some((src) => outPort.has(src.id)) ||
      fx.projections.some((p) => p.host),
    usesLif: lifs.length > 0,
  };
}

/**
 * Where a group runs: Lava's LIF has a Loihi 2 core model (Loihi2HwCfg places it on a core); a generated
 * neuron program has only its CPU emulation here, so on a Loihi host it is still emulated.
 */
function where(m: FxGroup['mapping']): string {
  return m.kind === 'lava-lif' ? 'chip: Lava LIF' : 'emulated: custom dynamics';
}
