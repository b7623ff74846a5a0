// The view of the simulation module: constants, TimedArrays, groups, monitors, the program of run
// segments with the initialisations between them, and the schedule of one time step.

import type { LAction, LMonitor, LNeuronGroup, LoweredModel, LScheduleEntry } from '../3-lower/lowered.js';
import type { IndexIR } from '../2-model/ir.js';
import type { SourceFile } from '../diagnostics/source.js';
import { formatDim } from '../units/dimension.js';
import { pythonNumber } from '../symbolic/print.js';
import { bindings, type BodyOptions } from './body.js';
import { symbols } from '../symbolic/expr.js';
import type { GroupView } from './group-view.js';
import { numpy } from './numpy-printer.js';
import { comment, NameAllocator, pyIdent, pyStr } from './python-names.js';

export interface DataFile {
  name: string;
  values: number[];
  dtype: 'f8' | 'i8';
  shape: number[];
}

export interface SimulationView {
  doc: string;
  dt: string;
  totalSteps: number;
  seed: number;
  producer: string;
  constants: { name: string; value: string; comment: string }[];
  timedArrays: { id: string; values: string; dt: string }[];
  groups: { attr: string; module: string; className: string }[];
  monitors: { key: string; init: string; attr: string; idx: string | null }[];
  segments: { steps: number; constants: string; method: string }[];
  actionMethods: { name: string; doc: string; lines: string[] }[];
  schedule: string[];
  startSegment: string[];
}

/** Inline short arrays; longer ones go to data/*.npy so the code stays readable. */
const INLINE_LIMIT = 200;

function arrayCode(values: number[], name: string, files: DataFile[], dtype: 'f8' | 'i8' = 'f8', shape: number[] = [values.length]): string {
  if (values.length <= INLINE_LIMIT) {
    const list = values.map((v) => (dtype === 'i8' ? String(Math.trunc(v)) : numpy({ k: 'num', v }))).join(', ');
    const arr = `_np.array([${list}]${dtype === 'i8' ? ', dtype=_np.int64' : ', dtype=_np.float64'})`;
    return shape.length > 1 ? `${arr}.reshape(${shape.join(', ')})` : arr;
  }
  files.push({ name, values, dtype, shape });
  return `_np.load(_data(${pyStr(name)}))`;
}

function selection(index: IndexIR, start: number, stop: number, files: DataFile[], name: string): string[] {
  switch (index.kind) {
    case 'all':
      return [`_idx = _np.arange(${start}, ${stop})`];
    case 'indices':
      return [`_idx = ${start} + ${arrayCode(index.indices, name, files, 'i8')}`];
    case 'slice':
      return [`_idx = _np.arange(${start}, ${stop})[${index.start}:${index.stop}:${index.step}]`];
    case 'condition':
      return [`_idx = _np.arange(${start}, ${stop})`];
  }
}

export function buildSimulationView(
  model: LoweredModel,
  groupViews: Map<string, GroupView & { attr: string }>,
  source: SourceFile,
  version: string,
  files: DataFile[],
): SimulationView {
  const groups = new Map(model.groups.map((g) => [g.id, g]));
  const lineOf = (span: { start: number }) => source.position(span.start).line;
  const textOf = (span: { start: number; end: number }) => comment(source.text.slice(span.start, span.end)).slice(0, 100);

  // `_m_<id>` and its `_idx` companion: allocated together so no monitor's name can produce another's.
  const monitorAttrs = new NameAllocator();
  const monitors = model.monitors.map((m) => ({ m, key: m.pyName ?? m.id, attr: monitorAttrs.take(`_m_${m.id}`, ['_idx']) }));

  // ---- program: actions before each run, then the run
  const segments: SimulationView['segments'] = [];
  const actionMethods: SimulationView['actionMethods'] = [];
  let pending: LAction[] = [];
  let actionCount = 0;
  const flush = (run: Extract<LAction, { kind: 'run' }>) => {
    const name = `_before_run_${segments.length}`;
    const lines: string[] = [];
    for (const a of pending) {
      if (a.kind !== 'set') continue;
      const g = groups.get(a.target.group) as LNeuronGroup;
      const gv = groupViews.get(g.id)!;
      const owner = `self.${gv.attr}`;
      lines.push(`# line ${lineOf(a.span)}: ${textOf(a.span)}`);
      const dataName = `init_${actionCount++}`;
      lines.push(...selection(a.index, a.target.start, a.target.stop, files, `${dataName}_idx`));
      const opts: BodyOptions = { group: g, owner, subset: true, hoisted: new Set(), indexExpr: `_idx - ${a.target.start}`, sizeExpr: String(a.target.stop - a.target.start), sim: 'self' };
      if (a.index.kind === 'condition') {
        lines.push(...bindings([], [a.index.expr.ast], opts));
        lines.push(`_idx = _idx[_np.broadcast_to(${numpy(a.index.expr.ast)}, _idx.shape)]`);
      }
      const target = `${owner}.${pyIdent(a.variable)}`;
      const v = a.value;
      if (g.variables.find((x) => x.name === a.variable)?.shared) {
        // A shared variable holds one value: no per-neuron selection.
        if (v.kind === 'scalar') lines.push(`${target}[...] = ${numpy({ k: 'num', v: v.value })}`);
        else if (v.kind === 'expression') lines.push(...bindings([], [v.expr], opts), `${target}[...] = ${numpy(v.expr)}`);
        else lines.push(`${target}[...] = ${arrayCode(v.values, dataName, files)}[0]`);
        continue;
      }
      if (v.kind === 'scalar') lines.push(`${target}[_idx] = ${numpy({ k: 'num', v: v.value })}`);
      else if (v.kind === 'array') lines.push(`${target}[_idx] = ${arrayCode(v.values, dataName, files)}`);
      else {
        lines.push(...bindings([], [v.expr], opts));
        lines.push(`${target}[_idx] = _np.broadcast_to(${numpy(v.expr)}, _idx.shape)`);
      }
    }
    // The script's time at this point (0 before the first run), for initialisation strings that read t.
    const readsT = pending.some((a) => a.kind === 'set' && [a.value.kind === 'expression' ? a.value.expr : null, a.index.kind === 'condition' ? a.index.expr.ast : null].some((e) => e !== null && [...symbols(e).values()].some((x) => x.role === 'special' && x.name === 't')));
    if (readsT) lines.splice(1, 0, 't = self.step_index * self.dt');
    actionMethods.push({ name, doc: segments.length === 0 ? 'What the script does before the first run().' : `What the script does between run ${segments.length} and run ${segments.length + 1}.`, lines: lines.length ? lines : ['pass'] });
    const consts = Object.entries(run.constants).map(([k, v]) => `${pyStr(pyIdent(k))}: _np.float64(${numpy({ k: 'num', v })})`);
    segments.push({ steps: run.steps, constants: `{${consts.join(', ')}}`, method: name });
    pending = [];
  };
  for (const a of model.program) {
    if (a.kind === 'run') flush(a);
    else pending.push(a);
  }

  // ---- schedule of one step
  const schedule: string[] = [];
  const every = new Map(model.groups.flatMap((g) => g.runRegularly.map((rr, k) => [`${g.id}:${k}`, rr.everySteps] as [string, number])));
  for (const e of model.schedule as LScheduleEntry[]) {
    const g = 'group' in e ? groupViews.get(e.group)! : null;
    const mon = 'monitor' in e ? monitors.find((x) => x.m.id === e.monitor)! : null;
    switch (e.op) {
      case 'constant-over-dt':
        schedule.push(`self.${g!.attr}.before_start(t)`);
        break;
      case 'update':
        schedule.push(`self.${g!.attr}.update(t)`);
        break;
      case 'threshold':
        schedule.push(`self.${g!.attr}.threshold(t)`);
        break;
      case 'reset':
        schedule.push(`self.${g!.attr}.reset(t)`);
        break;
      case 'run-regularly': {
        const k = (e as { index: number }).index;
        const n = every.get(`${e.group}:${k}`) ?? 1;
        schedule.push(n === 1 ? `self.${g!.attr}.run_regularly_${k}(t)` : `if n % ${n} == 0:\n    self.${g!.attr}.run_regularly_${k}(t)`);
        break;
      }
      case 'record-state': {
        const m = mon!.m as Extract<LMonitor, { kind: 'StateMonitor' }>;
        const gv = groupViews.get(m.source.group)!;
        schedule.push(`if self.${mon!.attr}.due(n):\n    self.${mon!.attr}.record_values(t, self.${gv.attr}.sample_${pyIdent(m.id)}(self.${mon!.attr}_idx, t))`);
        break;
      }
      case 'record-spikes':
      case 'record-rate': {
        const gv = groupViews.get(mon!.m.source.group)!;
        schedule.push(`self.${mon!.attr}.record(self.${gv.attr}.spikes, t)`);
        break;
      }
    }
  }

  // ---- monitors
  const monitorViews = monitors.map(({ m, key, attr }) => {
    const src = pyStr(m.source.group);
    const size = m.source.stop - m.source.start;
    let init: string;
    let idx: string | null = null;
    if (m.kind === 'SpikeMonitor') init = `_rt.SpikeRecorder(${src}, ${m.source.start}, ${m.source.stop})`;
    else if (m.kind === 'PopulationRateMonitor') init = `_rt.RateRecorder(${src}, ${m.source.start}, ${m.source.stop}, TOTAL_STEPS, DT)`;
    else {
      const record = m.record === true ? Array.from({ length: size }, (_, k) => k) : m.record;
      init = `_rt.StateRecorder(${src}, ${arrayCode(record, `${attr}_record`, files, 'i8')}, [${m.recorded.map((r) => pyStr(r.name)).join(', ')}], TOTAL_STEPS, ${m.everySteps})`;
      idx = `_np.asarray(self.${attr}.record, dtype=_np.int64) + ${m.source.start}`;
    }
    return { key: pyStr(key), init, attr, idx };
  });

  const startSegment = model.groups.map((g) => `self.${groupViews.get(g.id)!.attr}.start_segment()`);

  return {
    doc: `Generated by brian2lava ${version} from ${comment(source.path.split('/').pop() ?? source.path)} (sha256 ${model.source.sha256.slice(0, 12)}).`,
    // numpy scalars, as in Brian2's numpy target: t, dt and the constants divide like numpy (inf/nan),
    // not like Python floats (ZeroDivisionError).
    dt: `_np.float64(${pythonNumber(model.dt)})`,
    totalSteps: model.totalSteps,
    seed: model.seed,
    producer: pyStr(`brian2lava ${version}`),
    constants: model.constants.map((c) => ({
      name: pyIdent(c.id),
      value: c.integer ? `_np.int64(${String(c.value)})` : `_np.float64(${numpy({ k: 'num', v: c.value })})`,
      comment: `${comment(c.name)}${formatDim(c.dim) === '1' ? '' : `, ${formatDim(c.dim)}`} (line ${c.span.line})${c.perRun ? ', changes between runs' : ''}`,
    })),
    timedArrays: model.timedArrays.map((ta) => ({
      id: pyStr(ta.id),
      values: arrayCode(ta.values, `timedarray_${pyIdent(ta.id)}`, files, 'f8', ta.shape),
      dt: pythonNumber(ta.dt),
    })),
    groups: [...groupViews.values()].map((g) => ({ attr: g.attr, module: g.module, className: g.className })),
    monitors: monitorViews,
    segments,
    actionMethods,
    schedule,
    startSegment,
  };
}

export { formatDim };
