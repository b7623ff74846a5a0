// The view of one generated neuron program: its Lava Process (Vars for registers and tables, ports) and
// its fixed_pt ProcessModel, whose step follows Brian2's schedule with the resets of the previous step
// applied after the synaptic input that arrives now (see fixed-point/synapses.ts for why).

import type { FxGroup, FxSet } from './fixed-point/fixed.js';
import type { SampledMonitor } from './fixed-point/clocks.js';
import type { SourceFile } from '../../diagnostics/source.js';
import { formatDim } from '../../units/dimension.js';
import { comment, NameAllocator, pyIdent, pyStr } from '../../4-emit/python-names.js';
import { fxNumpy, type FxNames } from './fx-printer.js';
import type { DataStore } from './data.js';

export interface ProgramView {
  cls: string;
  model: string;
  attr: string;
  part: string;
  doc: string;
  n: number;
  vars: { name: string; init: string; type: string; comment: string }[];
  inPorts: { name: string; shape: string; comment: string }[];
  /** Ports sending registers as graded spikes. */
  outPorts: { name: string; comment: string }[];
  /** Port of each host input stream. */
  inputPorts: Record<string, string>;
  init: string[];
  step: string[];
  results: string[];
}

/** Monitors of a group, as recorder constructors and the code that feeds them. */
export interface MonitorPlan {
  init: string[];
  start: string[];
  spikes: string[];
  results: string[];
}

const SCALE = (exp: number) => `2.0 ** ${exp}`;

export function monitorPlan(
  g: { id: string },
  monitors: SampledMonitor[],
  data: DataStore,
  value: (name: string) => { code: string; scale: string; offset: string },
): MonitorPlan {
  const plan: MonitorPlan = { init: [], start: [], spikes: [], results: [] };
  for (const m of monitors) {
    if (m.source.group !== g.id) continue;
    const attr = `self._m_${pyIdent(m.id)}`;
    const key = pyStr(m.pyName ?? m.id);
    const src = pyStr(m.source.group);
    if (m.kind === 'SpikeMonitor') {
      plan.init.push(`${attr} = _rt.SpikeRecorder(${m.source.start}, ${m.source.stop}, DT)`);
      plan.spikes.push(`${attr}.record(spiking, n)`);
    } else if (m.kind === 'PopulationRateMonitor') {
      plan.init.push(`${attr} = _rt.RateRecorder(${m.source.start}, ${m.source.stop}, TOTAL_STEPS, DT)`);
      plan.spikes.push(`${attr}.record(spiking, n)`);
    } else {
      const size = m.source.stop - m.source.start;
      const record = m.record === true ? Array.from({ length: size }, (_, k) => k) : m.record;
      const values = m.recorded.map((r) => value(r.name));
      plan.init.push(
        `${attr} = _rt.StateRecorder(${data.intArray(record, `${pyIdent(m.id)}_record`)}, [${m.recorded.map((r) => pyStr(r.name)).join(', ')}], [${values.map((v) => v.scale).join(', ')}], [${values.map((v) => v.offset).join(', ')}], TOTAL_STEPS, ${m.everySteps}, DT)`,
      );
      plan.init.push(`${attr}_idx = ${attr}.record + ${m.source.start}`);
      plan.start.push(
        `if ${attr}.due(n):`,
        `    ${attr}.record_values(n, [${values.map((v) => `_np.broadcast_to(${v.code}, (N,))[${attr}_idx]`).join(', ')}])`,
      );
    }
    plan.results.push(`${key}: ${attr}.result(${src}),`);
  }
  return plan;
}

export function buildProgramView(
  g: FxGroup,
  sets: FxSet[][],
  starts: number[],
  monitors: SampledMonitor[],
  source: SourceFile,
  data: DataStore,
  names: { cls: string; attr: string; part: string },
): ProgramView {
  const attrs = new NameAllocator(['s_out', 'tick_in', 'results_path', 'execution', 'progress', 'name']);
  const regAttr = new Map<string, string>();
  const tableAttr = new Map<string, string>();
  const inputPort = new Map<string, string>();
  const persistent = g.registers.filter((r) => r.kind !== 'temp');
  for (const r of persistent) regAttr.set(r.name, attrs.take(r.name.replace(/^_+/, '')));
  for (const t of g.tables) tableAttr.set(t.name, attrs.take(t.name.replace(/^_+/, '')));
  for (const i of g.inputs) inputPort.set(i.name, attrs.take(`in_${i.name.replace(/^_+/, '')}`));
  const locals = new Map<string, string>(g.registers.map((r) => [r.name, pyIdent(r.name)]));
  const fxNames: FxNames = {
    reg: (n) => locals.get(n) ?? pyIdent(n),
    table: (n) => `self.${tableAttr.get(n)!}`,
    input: (n) => `_in_${pyIdent(n.replace(/^_+/, ''))}`,
  };
  const code = (e: Parameters<typeof fxNumpy>[0]) => fxNumpy(e, fxNames);
  const first = new Map(sets[0]!.filter((s) => s.group === g.id).map((s) => [s.name, s.values]));

  // ---- Vars: registers that persist between steps, and tables
  const vars: ProgramView['vars'] = [];
  for (const r of persistent) {
    const init = first.get(r.name) ?? new Array<number>(g.n).fill(0);
    const type =
      r.kind === 'flag'
        ? 'LavaPyType(np.ndarray, np.int32, precision=1)'
        : r.kind === 'counter'
          ? 'LavaPyType(np.ndarray, np.int32, precision=8)'
          : 'LavaPyType(np.ndarray, np.int32, precision=24)';
    const what =
      r.kind === 'state'
        ? `${r.name} = value * 2**${r.exp}${r.offset ? ` + ${r.offset}` : ''} ${formatDim(r.dim)}, 24-bit`
        : r.kind === 'flag'
          ? `${r.name} (boolean)`
          : 'steps of refractoriness left';
    vars.push({ name: regAttr.get(r.name)!, init: data.intArray(init, `${names.part}__${regAttr.get(r.name)}`), type, comment: comment(what) });
  }
  for (const t of g.tables) {
    vars.push({
      name: tableAttr.get(t.name)!,
      init: data.intArray(first.get(t.name)!, `${names.part}__${tableAttr.get(t.name)}`),
      type: `LavaPyType(np.ndarray, np.int32, precision=${Math.min(32, t.bits)})`,
      comment: comment(t.what),
    });
  }
  const inPorts: ProgramView['inPorts'] = [
    { name: 'tick_in', shape: '(1,)', comment: 'the step index from the clock process (keeps every process in one network)' },
  ];
  for (const i of g.inputs) inPorts.push({ name: inputPort.get(i.name)!, shape: 'shape', comment: comment(`host input: ${i.what}, LSB 2**${i.exp}`) });
  for (const p of g.synapticPorts)
    inPorts.push({
      name: p.port,
      shape: 'shape',
      comment: comment(`synaptic activation into ${p.target} (sum of 8-bit weights; one unit is ${p.scale.toPrecision(6)} SI)`),
    });

  // ---- one step
  const step: string[] = ['n = self.time_step - 1', 'N = self._n', 'self.tick_in.recv()'];
  for (const r of persistent) {
    const a = regAttr.get(r.name)!;
    step.push(r.kind === 'flag' ? `${locals.get(r.name)} = self.${a}.astype(bool)` : `${locals.get(r.name)} = self.${a}.astype(np.int64)`);
  }
  for (const i of g.inputs) step.push(`${fxNames.input(i.name)} = self.${inputPort.get(i.name)}.recv().astype(np.int64)`);
  if (g.synapticPorts.length) step.push('# synapses slot of the previous step: activation sent by Dense/DelayDense (sums of 8-bit weights)');
  for (const p of g.synapticPorts) {
    step.push(`${pyIdent(`_act_${p.port}`)} = self.${p.port}.recv().astype(np.int64)`);
    // Nothing has been sent before step 0: the graded sum of the initial values, computed at conversion.
    if (p.initial) step.push(`if n == 0:`, `    ${pyIdent(`_act_${p.port}`)} = ${data.intArray(p.initial, `${names.part}__${p.port}_initial`)}`);
  }
  const summed = (afterReset: boolean) => {
    for (const s of g.summed.filter((x) => x.afterReset === afterReset)) {
      step.push(`# summed variable ${s.target} (groups slot, ${afterReset ? 'before' : 'after'} the state update): graded spikes and local terms`);
      // After the state update: at step 0 the state update reads the initial value (nothing was summed yet).
      if (afterReset) step.push(`${locals.get(s.target)} = _sat(${code(s.expr)}, ${pyStr(s.target)}, self._clipped)`);
      else step.push('if n > 0:', `    ${locals.get(s.target)} = _sat(${code(s.expr)}, ${pyStr(s.target)}, self._clipped)`);
    }
  };
  summed(false);
  for (const p of g.synapticPorts) {
    if (p.mode !== 'add') continue;
    const x = locals.get(p.target)!;
    const sum = `${x} + ${code(p.add)}`;
    // `(unless refractory)`: Brian2 writes synaptic input only where not_refractory (as left by last step's thresholds).
    step.push(`${x} = _sat(${p.conditional ? `_np.where(${locals.get('not_refractory')}, ${sum}, ${x})` : sum}, ${pyStr(p.target)}, self._clipped)`);
  }
  if (g.reset.length) {
    step.push('# resets slot of the previous step (after its synaptic input, as in Brian2)', 'spiked = self._spiking');
    for (const s of g.reset) {
      const t = locals.get(s.target)!;
      step.push(`${t} = _sat(_np.where(spiked, ${code(s.expr)}, ${t}), ${pyStr(s.target)}, self._clipped)`);
    }
  }
  // ---- values written between runs
  sets.forEach((segSets, k) => {
    if (k === 0) return;
    const mine = segSets.filter((s) => s.group === g.id);
    if (!mine.length) return;
    step.push(`if n == ${starts[k]}:  # before run ${k + 1}`);
    for (const s of mine) {
      if (s.kind === 'table') {
        step.push(`    self.${tableAttr.get(s.name)}[:] = ${data.intArray(s.values, `${names.part}__seg${k}_${pyIdent(s.name)}`)}`);
        continue;
      }
      // A register keeps the values the run left in it, except where the script writes.
      const flag = g.registers.find((r) => r.name === s.name)?.kind === 'flag';
      const idx = s.indices ?? Array.from({ length: g.n }, (_, i) => i);
      const vals = data.intArray(
        idx.map((i) => s.values[i]!),
        `${names.part}__seg${k}_${pyIdent(s.name)}`,
      );
      const at = data.intArray(idx, `${names.part}__seg${k}_${pyIdent(s.name)}_idx`);
      step.push(`    ${locals.get(s.name)}[${at}] = ${vals}${flag ? '.astype(bool)' : ''}`);
    }
  });

  const value = (name: string) => {
    const rec = g.recorded[name]!;
    return { code: code(rec.expr), scale: SCALE(rec.exp), offset: String(rec.offset) };
  };
  const plan = monitorPlan(g, monitors, data, value);
  if (plan.start.length) step.push('# start slot: StateMonitors', ...plan.start);
  summed(true);
  step.push('# groups slot: state update');
  for (const s of g.update) {
    const t = locals.get(s.target)!;
    const rhs = code(s.expr);
    step.push(s.saturate ? `${t} = _sat(${rhs}, ${pyStr(s.target)}, self._clipped)` : `${t} = ${rhs}`);
  }
  step.push('# thresholds slot');
  step.push(g.threshold ? `spiking = _np.broadcast_to(${code(g.threshold)}, (N,)).copy()` : 'spiking = _np.zeros(N, dtype=bool)');
  for (const s of g.onSpike) {
    const t = locals.get(s.target)!;
    step.push(`${t} = _np.where(spiking, ${code(s.expr)}, ${t})`);
  }
  step.push(...plan.spikes);
  if (g.gradedOut.length) {
    // Graded spikes: the registers as they are after this step's resets (which the program itself
    // applies at the start of the next step), or before them, as the summed variables read them.
    const after = new Map<string, string>();
    if (g.gradedOut.some((o) => o.afterReset)) {
      const resetNames: FxNames = { ...fxNames, reg: (n) => after.get(n) ?? fxNames.reg(n) };
      for (const r of g.reset) {
        const local = pyIdent(`_after_reset_${r.target}`);
        step.push(`${local} = _sat(_np.where(spiking, ${fxNumpy(r.expr, resetNames)}, ${fxNames.reg(r.target)}), ${pyStr(r.target)}, self._clipped)`);
        after.set(r.target, local);
      }
    }
    for (const o of g.gradedOut) {
      const v = o.afterReset ? (after.get(o.register) ?? fxNames.reg(o.register)) : fxNames.reg(o.register);
      step.push(`self.${o.port}.send(${o.shift ? `_rshift(${v}, ${o.shift})` : v}.astype(np.int32))`);
    }
  }
  step.push('self._spiking = spiking');
  for (const r of persistent) step.push(`self.${regAttr.get(r.name)}[:] = ${locals.get(r.name)}`);
  step.push('self.s_out.send(spiking)');
  step.push('if n + 1 == TOTAL_STEPS:', '    self._write_part()');

  const line = source.position(g.span.start).line;
  return {
    cls: names.cls,
    model: `Py${names.cls}Fixed`,
    attr: names.attr,
    part: names.part,
    doc: comment(`NeuronGroup '${g.id}'${g.pyName ? ` (${g.pyName} in the script, line ${line})` : ` (line ${line})`}, ${g.n} neurons: ${g.mapping.reason}.`),
    n: g.n,
    vars,
    inPorts,
    outPorts: g.gradedOut.map((o) => ({
      name: o.port,
      comment: comment(
        `graded spikes: ${o.register} (24-bit register${o.shift ? ` >> ${o.shift}` : ''}) ${o.afterReset ? 'after' : 'before'} the resets of the step`,
      ),
    })),
    inputPorts: Object.fromEntries(inputPort),
    init: plan.init,
    step,
    results: plan.results,
  };
}
