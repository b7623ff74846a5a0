// Test helpers for the lowering: convert a small Brian2 script in-process up to the lowered model, and
// run a lowered NeuronGroup step by step with a plain statement interpreter (JavaScript doubles,
// Brian2's schedule: before_start → groups → thresholds → resets), so update formulas can be compared
// with Brian2's documented ones without Python or Lava.

import { compile } from '../../src/compile.js';
import type { LNeuronGroup, LoweredModel, LStmt } from '../../src/3-lower/lowered.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { symKey, type SExpr } from '../../src/symbolic/expr.js';
import { evaluate, type Functions } from '../../src/symbolic/evaluate.js';
import { propagator } from '../../src/symbolic/linalg.js';

export interface Lowered {
  lowered: LoweredModel | null;
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
}

/** Convert `body` (a script without imports; `from brian2 import *` is added) up to the lowered model. */
export function lowerScript(body: string): Lowered {
  const text = `from brian2 import *\n${body}\n`;
  const r = compile('model.py', text, 'lower');
  return { lowered: r.lowered, diagnostics: r.diagnostics, errors: r.diagnostics.filter((d) => d.severity === 'error') };
}

/** The first (or named) group of a script that must lower without errors. */
export function lowerGroup(body: string, name?: string): { group: LNeuronGroup; model: LoweredModel } {
  const r = lowerScript(body);
  if (!r.lowered) throw new Error(`lowering failed:\n${r.errors.map((d) => d.message).join('\n')}`);
  const group = name ? r.lowered.groups.find((g) => g.pyName === name || g.id === name) : r.lowered.groups[0];
  if (!group) throw new Error(`no group ${name}`);
  return { group, model: r.lowered };
}

/** Python's round(): halves to even, as numpy's round. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export interface SimOptions {
  steps: number;
  /** Initial values per variable (scalar for all neurons or one per neuron). */
  init?: Record<string, number | number[]>;
  /** randn() and rand() (default: fail, so a test never depends on them by accident). */
  randn?: () => number;
  rand?: () => number;
  /** Record these variables before each step's update (Brian2's StateMonitor at 'start'). */
  record?: string[];
}

export interface SimResult {
  /** Final values per variable. */
  state: Record<string, Float64Array>;
  /** Recorded values: variable → step → neuron. */
  trace: Record<string, number[][]>;
  /** Spikes as [step, neuron]. */
  spikes: [number, number][];
}

/** Brian2's numpy-target TimedArray lookup (upsampled index, clipped at the ends). */
function timedArrayFunction(model: LoweredModel, id: string): (t: number, i?: number) => number {
  const ta = model.timedArrays.find((a) => a.id === id)!;
  const K = Math.max(2 ** Math.ceil(Math.log2((8 / model.dt) * ta.dt)), 1);
  const eps = ta.dt / K;
  const n = ta.shape[0]!;
  const cols = ta.shape[1] ?? 1;
  return (t, i = 0) => {
    const k = Math.min(Math.max(Math.trunc(roundHalfEven(t / eps) / K), 0), n - 1);
    return ta.values[k * cols + (ta.shape.length > 1 ? i : 0)]!;
  };
}

/** Run a lowered NeuronGroup for `steps` steps with Brian2's schedule. */
export function simulate(group: LNeuronGroup, model: LoweredModel, o: SimOptions): SimResult {
  const n = group.n;
  const dt = model.dt;
  const state: Record<string, Float64Array> = {};
  for (const v of group.variables) state[v.name] = new Float64Array(n).fill(v.initial);
  for (const [k, v] of Object.entries(o.init ?? {})) {
    if (!state[k]) throw new Error(`no variable ${k}`);
    state[k] = Float64Array.from(Array.isArray(v) ? v : new Array(n).fill(v));
  }
  const constants = new Map(model.constants.map((c) => [c.id, c.value]));
  const hoisted: Record<string, Float64Array> = {};
  const temps: Record<string, Float64Array> = {};
  let t = 0;
  let neuron = 0;
  const fail = () => {
    throw new Error('random numbers used without a generator');
  };
  const functions: Functions = {
    randn: o.randn ?? fail,
    rand: o.rand ?? fail,
    timestep: (x, d) => Math.trunc((x + 1e-3 * d) / d),
    int: (x) => Math.trunc(x),
  };
  for (const ta of model.timedArrays) functions[`timedarray:${ta.id}`] = timedArrayFunction(model, ta.id);
  const env = (name: string): number | undefined => {
    if (name === 't') return t;
    if (name === 'dt') return dt;
    if (name === 'i') return neuron;
    if (name === 'N') return n;
    for (const table of [temps, hoisted, state]) {
      const a = table[name];
      if (a) return a.length === 1 ? a[0] : a[neuron];
    }
    return constants.get(name);
  };
  const ev = (e: SExpr, k: number) => {
    neuron = k;
    return evaluate(e, env, functions);
  };
  const apply = (op: LStmt['op'], old: number, v: number): number => {
    switch (op) {
      case '=':
        return v;
      case '+=':
        return old + v;
      case '-=':
        return old - v;
      case '*=':
        return old * v;
      case '/=':
        return old / v;
      case '**=':
        return old ** v;
      case '//=':
        return Math.floor(old / v);
      case '%=':
        return old - Math.floor(old / v) * v;
    }
  };
  const run = (stmts: LStmt[], only: number[] | null = null) => {
    const idx = only ?? [...Array(n).keys()];
    for (const s of stmts) {
      const values = idx.map((k) => ev(s.expr, k));
      const where = s.where ? idx.map((k) => ev(s.where!, k) !== 0) : null;
      if (s.target.startsWith('_')) {
        const arr = (temps[s.target] ??= new Float64Array(n));
        idx.forEach((k, j) => {
          arr[k] = apply(s.op, arr[k]!, values[j]!);
        });
        continue;
      }
      const arr = state[s.target];
      if (!arr) throw new Error(`statement writes unknown variable ${s.target}`);
      idx.forEach((k, j) => {
        if (where && !where[j]) return;
        const slot = arr.length === 1 ? 0 : k;
        arr[slot] = apply(s.op, arr[slot]!, values[j]!);
      });
    }
  };
  // once per segment: hoisted values
  for (const h of group.hoisted) {
    if (h.kind === 'assign') {
      hoisted[h.name] = Float64Array.from([...Array(n).keys()].map((k) => ev(h.expr, k)));
    } else {
      const size = h.A.length;
      for (let r = 0; r < size; r++) {
        for (let c = 0; c < size; c++) {
          hoisted[h.A[r]![c]!] = new Float64Array(n);
          hoisted[h.Phi[r]![c]!] = new Float64Array(n);
        }
      }
      for (let k = 0; k < n; k++) {
        const M = h.M.map((row) => row.map((e) => ev(e, k)));
        const p = propagator(M, dt);
        for (let r = 0; r < size; r++) {
          for (let c = 0; c < size; c++) {
            hoisted[h.A[r]![c]!]![k] = p.A[r]![c]!;
            hoisted[h.Phi[r]![c]!]![k] = p.Phi[r]![c]!;
          }
        }
      }
    }
  }
  const trace: Record<string, number[][]> = {};
  for (const v of o.record ?? []) trace[v] = [];
  const spikes: [number, number][] = [];
  for (let step = 0; step < o.steps; step++) {
    t = step * dt;
    run(group.constantOverDt);
    for (const v of o.record ?? []) {
      const sub = group.subexpressions[v];
      trace[v]!.push([...Array(n).keys()].map((k) => (sub ? ev(sub.expr, k) : state[v]![state[v]!.length === 1 ? 0 : k]!)));
    }
    run(group.update);
    if (group.threshold) {
      const spiking = [...Array(n).keys()].filter((k) => ev(group.threshold!, k) !== 0);
      for (const k of spiking) spikes.push([step, k]);
      if (spiking.length) {
        run(group.onSpike, spiking);
        run(group.reset, spiking);
      }
    }
  }
  return { state, trace, spikes };
}

/** The statement assigning `target` in the update (there must be exactly one). */
export function statementFor(group: LNeuronGroup, target: string): LStmt {
  const found = group.update.filter((s) => s.target === target);
  if (found.length !== 1) throw new Error(`${found.length} statements for ${target}`);
  return found[0]!;
}

/** Names of the symbols an expression reads. */
export function namesIn(e: SExpr): string[] {
  const out = new Set<string>();
  const go = (x: SExpr) => {
    if (x.k === 'sym') out.add(symKey(x));
    if (x.k === 'call') x.args.forEach(go);
    if (x.k === 'neg' || x.k === 'not') go(x.a);
    if (x.k === 'bin' || x.k === 'cmp' || x.k === 'logic') {
      go(x.a);
      go(x.b);
    }
  };
  go(e);
  return [...out];
}

/** |a - b| ≤ rel·max(|a|, |b|) (or both tiny). */
export function closeRel(a: number, b: number, rel = 1e-12): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}
