// What running a model will take, estimated from the IR before anything runs: memory for the state of
// the groups, for the synapses (connect() with a probability p over N·M candidate pairs counts p·N·M),
// for what StateMonitors record, the number of time steps, and a rough wall time. `check` prints it;
// `run` and `convert` refuse a model whose estimate exceeds the memory this machine has available
// (a located `limit` error at the largest part) or whose run would take more than a week (at the
// longest run()), unless --force-size.
//
// The byte counts are those of the generated cpu project: float64 per variable and element, int32
// synapse indices plus the per-synapse bookkeeping of its sparse queues (~40 bytes per synapse in
// bench/RESULTS.md). SpikeMonitors grow with the number of spikes, which is not known beforehand.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { ConnectIR, ModelIR, StateMonitorIR } from '../2-model/ir.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/source.js';

const BYTES = 8;
/** Per synapse beyond its variables: i, j, and the queue/CSR bookkeeping of the cpu project. */
const SYNAPSE_OVERHEAD = 40;
/** Rough per-step cost of the cpu project (bench/RESULTS.md: ~60-100 µs at 4k cells, ~640 µs at 64k). */
const STEP_BASE_S = 80e-6;
const PER_NEURON_S = 9e-9;
const STARTUP_S = 3;
/** A run estimated to take longer than this is refused too (a duration in seconds meant in ms). */
const MAX_WALL_S = 7 * 86400;

export interface SizePart {
  what: string;
  bytes: number;
  span: Span;
  /** The number is an upper bound (a condition or an expression decides which pairs connect). */
  atMost?: boolean;
}

export interface ResourceEstimate {
  steps: number;
  simulatedSeconds: number;
  neurons: number;
  synapses: number;
  synapsesAtMost: boolean;
  stateBytes: number;
  synapseBytes: number;
  monitorBytes: number;
  totalBytes: number;
  /** Rough wall time of the Lava run in seconds. */
  seconds: number;
  /** The parts, largest first (for the located refusal). */
  parts: SizePart[];
  /** The run() with the most steps (for the located refusal of a very long run). */
  longestRun: Span | null;
}

/** Synapses one connect() makes, and whether that is only an upper bound. */
function connectCount(rule: ConnectIR, nSource: number, nTarget: number): { count: number; atMost: boolean } {
  if (rule.kind === 'indices')
    return {
      count: rule.i.length * (rule.n.length ? Math.max(...rule.n.slice(0, 1000)) : 1) * Math.min(1, rule.p),
      atMost: rule.p < 1 || rule.n.length > 1000,
    };
  const pairs = nSource * nTarget;
  const n = rule.n && rule.n.ast.k === 'num' ? rule.n.ast.v : rule.n ? NaN : 1;
  if (rule.generator) return { count: pairs * (Number.isFinite(n) ? n : 1), atMost: true };
  const p = rule.p === null ? 1 : rule.p.ast.k === 'num' ? Math.min(1, Math.max(0, rule.p.ast.v)) : 1;
  const exact = rule.condition === null && (rule.p === null || rule.p.ast.k === 'num') && Number.isFinite(n);
  return { count: pairs * p * (Number.isFinite(n) ? n : 1), atMost: !exact };
}

/** Synapses a StateMonitor with record=True records: all of them, or those record=S[...] selects. */
function recordedSynapses(m: StateMonitorIR, synapses: number): number {
  const sel = m.recordSelection;
  if (!sel) return synapses;
  if (sel.index.kind === 'indices') return sel.index.indices.length;
  if (sel.index.kind === 'slice' && sel.index.stop !== null)
    return Math.max(0, Math.ceil((Math.min(sel.index.stop, synapses) - sel.index.start) / sel.index.step));
  return Math.ceil(synapses * sel.share);
}

export function estimateResources(model: ModelIR): ResourceEstimate {
  const parts: SizePart[] = [];
  const size = new Map<string, number>(model.groups.map((g) => [g.id, g.n]));
  let neurons = 0;
  let stateBytes = 0;
  for (const g of model.groups) {
    neurons += g.n;
    // state and parameters, plus Brian2's lastspike/not_refractory and the index
    // (a SpatialNeuron's cable solver keeps about a dozen more arrays per compartment)
    const own =
      g.kind === 'NeuronGroup' || g.kind === 'SpatialNeuron'
        ? g.equations.filter((e) => e.kind !== 'subexpression' && !e.flags.includes('shared')).length + 3
        : 2;
    const vars = g.kind === 'SpatialNeuron' ? own + 12 : own;
    const bytes = g.n * vars * BYTES;
    stateBytes += bytes;
    parts.push({
      what: `${g.kind} ${g.pyName ?? g.id} (${g.n.toLocaleString('en')} ${g.kind === 'SpatialNeuron' ? 'compartments' : 'neurons'} × ${vars} values)`,
      bytes,
      span: g.span,
    });
  }
  let synapses = 0;
  let synapsesAtMost = false;
  let synapseBytes = 0;
  const perSynapses = new Map<string, number>();
  for (const s of model.synapses) {
    const vars = s.equations.filter((e) => e.kind !== 'subexpression' && !e.flags.includes('shared')).length + s.pathways.length;
    let count = 0;
    let atMost = false;
    let span = s.span;
    for (const a of model.program) {
      if (a.kind !== 'connect' || a.synapses !== s.id) continue;
      const c = connectCount(a.rule, s.source.stop - s.source.start, s.target.stop - s.target.start);
      count += c.count;
      atMost ||= c.atMost;
      span = a.span;
    }
    perSynapses.set(s.id, count);
    synapses += count;
    synapsesAtMost ||= atMost;
    const bytes = count * (SYNAPSE_OVERHEAD + vars * BYTES);
    synapseBytes += bytes;
    parts.push({ what: `Synapses ${s.pyName ?? s.id} (${atMost ? 'up to ' : '~'}${Math.round(count).toLocaleString('en')} synapses)`, bytes, span, atMost });
  }
  const runs = model.program.filter((a) => a.kind === 'run');
  const steps = runs.reduce((k, a) => k + (a.kind === 'run' ? a.steps : 0), 0);
  const longestRun = runs.reduce<(typeof runs)[number] | null>(
    (best, a) => (a.kind === 'run' && (!best || (best.kind === 'run' && a.steps > best.steps)) ? a : best),
    null,
  );
  let monitorBytes = 0;
  for (const m of model.monitors) {
    if (m.kind !== 'StateMonitor' && m.kind !== 'PopulationRateMonitor') continue;
    // One sample per tick of its clock (a StateMonitor's own, else its source's) in the runs it takes part in.
    const clock = m.kind === 'StateMonitor' ? m.clock : (model.groups.find((g) => g.id === m.source.group)?.clock ?? 'defaultclock');
    const samples = runs.reduce((k, a) => {
      if (a.kind !== 'run' || !a.objects.includes(m.id)) return k;
      const c = a.clocks.find((x) => x.clock === clock);
      return k + (c ? Math.max(0, c.endStep - c.startStep) : 0);
    }, 0);
    const indices =
      m.kind === 'PopulationRateMonitor'
        ? 1
        : m.record === true
          ? m.sourceKind === 'synapses'
            ? recordedSynapses(m, perSynapses.get(m.source.group) ?? 0)
            : m.source.stop - m.source.start || (size.get(m.source.group) ?? 0)
          : m.record.length;
    const values = m.kind === 'PopulationRateMonitor' ? 1 : m.variables.length;
    const bytes = samples * (1 + indices * values) * BYTES;
    monitorBytes += bytes;
    parts.push({
      what: `${m.kind} ${m.pyName ?? m.id} (${indices.toLocaleString('en')} × ${values} values × ${samples.toLocaleString('en')} samples)`,
      bytes,
      span: m.span,
    });
  }
  parts.sort((a, b) => b.bytes - a.bytes);
  const seconds = STARTUP_S + steps * (STEP_BASE_S + PER_NEURON_S * neurons);
  return {
    steps,
    simulatedSeconds: steps * model.dt,
    neurons,
    synapses,
    synapsesAtMost,
    stateBytes,
    synapseBytes,
    monitorBytes,
    totalBytes: stateBytes + synapseBytes + monitorBytes,
    seconds,
    parts,
    longestRun: longestRun?.span ?? null,
  };
}

/** Memory this machine can give a new process now (MemAvailable; os.freemem() elsewhere). */
export function availableMemory(): number {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return os.freemem();
}

export function formatBytes(b: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let k = 0;
  while (b >= 1000 && k < units.length - 1) {
    b /= 1000;
    k++;
  }
  return k === units.length - 1 && b >= 1000 ? `${b.toExponential(1)} ${units[k]}` : `${b < 10 && k > 0 ? b.toFixed(1) : Math.round(b)} ${units[k]}`;
}

export function formatDuration(s: number): string {
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 2 * 86400) return `${(s / 3600).toFixed(1)} h`;
  if (s < 2 * 365 * 86400) return `${Math.round(s / 86400)} days`;
  const years = s / (365 * 86400);
  return `${years < 1000 ? Math.round(years) : years.toExponential(1)} years`;
}

/** One line for `check`: steps, memory by kind, rough time. */
export function describeEstimate(e: ResourceEstimate): string {
  const syn = e.synapses
    ? `, synapses ${formatBytes(e.synapseBytes)} (${e.synapsesAtMost ? 'up to ' : '~'}${Math.round(e.synapses).toLocaleString('en')})`
    : '';
  const mon = e.monitorBytes ? `, recordings ${formatBytes(e.monitorBytes)}` : '';
  return `${e.steps.toLocaleString('en')} steps; memory ~${formatBytes(e.totalBytes)} (state ${formatBytes(e.stateBytes)}${syn}${mon}); Lava run roughly ${formatDuration(e.seconds)}`;
}

/**
 * The refusal of a model too large for this machine (located at its largest part), or null. With
 * `warnOnly` (check) it is a warning saying what run/convert would do.
 */
export function sizeDiagnostic(e: ResourceEstimate, available = availableMemory(), warnOnly = false): Diagnostic | null {
  if (e.seconds > MAX_WALL_S && e.longestRun) {
    const detail = `the model runs ${e.steps.toLocaleString('en')} time steps, roughly ${formatDuration(e.seconds)} of wall time for the Lava run (more than ${MAX_WALL_S / 86400} days)`;
    return diagnostic(
      'limit',
      e.longestRun,
      {
        detail: warnOnly ? `${detail} (run and convert refuse it)` : detail,
        hint: 'check the duration of run() (ms or second?), or pass --force-size to run it anyway',
      },
      warnOnly ? 'warning' : 'error',
    );
  }
  if (e.totalBytes <= available || !e.parts.length) return null;
  const top = e.parts[0]!;
  const detail = `the model needs ~${formatBytes(e.totalBytes)} of memory to run${e.synapsesAtMost ? ' (at most)' : ''}, more than the ${formatBytes(available)} available; the largest part is ${top.what}: ${top.atMost ? 'up to ' : ''}${formatBytes(top.bytes)}`;
  // An upper bound (connect() with a probability or condition known only when the project connects:
  // every candidate pair counted) is no reason to refuse a model Brian2 runs; it is said, not enforced.
  const bound = e.synapsesAtMost;
  return diagnostic(
    'limit',
    top.span,
    {
      detail: bound
        ? `${detail}; the synapses are counted at most, so the model is converted and run anyway`
        : warnOnly
          ? `${detail} (run and convert refuse it)`
          : detail,
      hint: bound
        ? 'if the run runs out of memory, make the model smaller'
        : 'make the model smaller (fewer neurons, synapses or recorded values, shorter runs), or pass --force-size to try anyway',
    },
    bound || warnOnly ? 'warning' : 'error',
  );
}
