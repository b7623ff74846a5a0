// The script's program evaluated at conversion time: the value of every group variable at the start of
// each run segment, after the initialisations and changes the script makes. The fixed-point pass needs
// them to choose scales and to turn parameters into integer tables; a Loihi host writes them before a
// run. rand() and randn() are drawn here with the converter's seeded generator (random.ts); values that
// depend on the simulation (a state read between runs) or on poisson() are refused with the location of
// the assignment.

import type { IndexIR, SetOp } from '../../../2-model/ir.js';
import { CompileError, diagnostic } from '../../../diagnostics/diagnostic.js';
import type { Span } from '../../../diagnostics/source.js';
import { callsOf, type SExpr, symbols } from '../../../symbolic/expr.js';
import type { LoweredModel } from '../../../3-lower/lowered.js';
import type { Connectivity } from './connectivity.js';
import type { ConversionRandom } from './random.js';
import { applySetOp, evaluateAt } from './conversion-eval.js';
import { timedArrayFunctions } from './timed-array.js';

export interface StaticSegment {
  startStep: number;
  steps: number;
  span: Span;
  /** Constant values during this run (by constant id). */
  constants: Map<string, number>;
  /** Values of every group variable at the start of the segment: group id → variable → per neuron. */
  values: Map<string, Map<string, Float64Array>>;
  /** Elements assigned by the script before this segment: group id → variable → indices. */
  assigned: Map<string, Map<string, Set<number>>>;
}

/** Variables that change while a segment runs (their values between runs are not known statically). */
export type DynamicVars = Map<string, Set<string>>;

/**
 * The segments of the program; connect() calls and synaptic initialisations go to `synapses` (with the
 * group values of that point of the script).
 */
export function evaluateProgram(model: LoweredModel, dynamic: DynamicVars, random: ConversionRandom, synapses?: Connectivity): StaticSegment[] {
  const groups = new Map(model.groups.map((g) => [g.id, g]));
  const current = new Map<string, Map<string, Float64Array>>();
  for (const g of model.groups) {
    if (g.kind !== 'NeuronGroup') continue;
    const vars = new Map<string, Float64Array>();
    for (const v of g.variables) vars.set(v.name, new Float64Array(v.shared ? 1 : g.n).fill(v.initial));
    current.set(g.id, vars);
  }
  const baseConstants = new Map(model.constants.map((c) => [c.id, c.value]));
  const functions = random.functions(timedArrayFunctions(model.timedArrays, model.dt));
  const segments: StaticSegment[] = [];
  let assigned = new Map<string, Map<string, Set<number>>>();
  let step = 0;
  let runIndex = 0;
  const runs = model.program.filter((a) => a.kind === 'run');
  const constantsOf = (k: number) => {
    const c = new Map(baseConstants);
    const run = runs[Math.min(k, runs.length - 1)];
    if (run && run.kind === 'run') for (const [id, v] of Object.entries(run.constants)) c.set(id, v);
    return c;
  };
  for (const a of model.program) {
    if (a.kind === 'run') {
      const values = new Map<string, Map<string, Float64Array>>();
      for (const [gid, vars] of current) values.set(gid, new Map([...vars].map(([k, v]) => [k, Float64Array.from(v)])));
      // One clock's steps (clocks.ts refused runs whose clocks have other dts).
      segments.push({ startStep: step, steps: a.ticks, span: a.span, constants: constantsOf(runIndex), values, assigned });
      assigned = new Map();
      step += a.ticks;
      runIndex++;
      continue;
    }
    // seed(): the converter's own generator is seeded once from the script's seed (random.ts).
    // clock.dt = x: every run has one dt (clocks.ts), which initialisations see (refused otherwise).
    if (a.kind === 'monitor-created' || a.kind === 'seed' || a.kind === 'clock-dt') continue;
    if (a.kind === 'count')
      throw new CompileError(
        diagnostic('unsupported', a.span, {
          what: 'values sized by the number of synapses (len(S)) while the model is built, with the Loihi 2 backend',
          hint: "write per-synapse values as a Brian2 string (S.w = 'rand()*w_max'), or use --backend cpu",
        }),
      );
    if (a.kind === 'draw')
      throw new CompileError(
        diagnostic('unsupported', a.span, {
          what: `${a.fn.startsWith('scipy.') ? a.fn : `numpy.random.${a.fn}`}() while the model is built, with the Loihi 2 backend`,
          hint: 'draw in a Brian2 string with rand()/randn() (drawn at conversion time), or use --backend cpu',
        }),
      );
    if (a.kind === 'connect' || a.kind === 'set-synaptic' || a.kind === 'set-delay') {
      synapses?.apply(a, current, constantsOf(runIndex), runIndex, step);
      continue;
    }
    if (a.kind !== 'set') {
      throw new CompileError(
        diagnostic('unsupported', a.span, { what: `${a.kind}() with the Loihi 2 backend`, hint: 'use --backend cpu, or write the runs without store/restore' }),
      );
    }
    const g = groups.get(a.target.group);
    if (!g || g.kind !== 'NeuronGroup')
      throw new CompileError(
        diagnostic('fixed-point', a.span, {
          detail: `setting '${a.variable}' of a ${g?.kind ?? 'group'} is not mapped by the Loihi 2 backend`,
          hint: 'use --backend cpu',
        }),
      );
    const v = g.variables.find((x) => x.name === a.variable);
    if (!v) continue;
    const vars = current.get(g.id)!;
    const target = vars.get(a.variable)!;
    const constants = constantsOf(runIndex);
    const size = a.target.stop - a.target.start;
    const t = step * model.dt;
    const env =
      (k: number) =>
      (name: string): number | undefined => {
        if (name === 'i') return k - a.target.start;
        if (name === 'N') return size;
        if (name === 't') return t;
        if (name === 'dt') return model.dt;
        if (constants.has(name)) return constants.get(name);
        const arr = vars.get(name);
        if (arr) return arr.length === 1 ? arr[0] : arr[k];
        return undefined;
      };
    const refuseIfDynamic = (e: SExpr) => {
      if (callsOf(e).has('poisson')) {
        throw new CompileError(
          diagnostic('fixed-point', a.span, {
            detail: 'this initialisation draws Poisson numbers (poisson()), which the Loihi 2 backend does not draw at conversion time',
            hint: 'use rand() or randn(), give the values as an array, or use --backend cpu',
          }),
        );
      }
      if (segments.length > 0) {
        for (const s of symbols(e).values()) {
          if (s.role === 'var' && dynamic.get(g.id)?.has(s.name)) {
            throw new CompileError(
              diagnostic('fixed-point', a.span, {
                detail: `this assignment reads '${s.name}', whose value after a run is only known on the chip`,
                hint: 'assign values that do not depend on the simulated state, or use --backend cpu',
              }),
            );
          }
        }
      }
    };
    // `G.v += x` after a run reads the state the chip has computed.
    if (a.op && segments.length > 0 && dynamic.get(g.id)?.has(a.variable)) {
      throw new CompileError(
        diagnostic('fixed-point', a.span, {
          detail: `this '${a.op}=' reads '${a.variable}', whose value after a run is only known on the chip`,
          hint: 'assign values that do not depend on the simulated state, or use --backend cpu',
        }),
      );
    }
    const what = `${g.pyName ?? g.id}.${a.variable}`;
    const indices = random.record(a.span, `${what} (selection)`, () =>
      selectIndices(a.index, a.target.start, a.target.stop, (k, cond) => {
        refuseIfDynamic(cond);
        return evaluateAt(cond, env(k), functions, a.span) !== 0;
      }),
    );
    const value = a.value;
    const write = (k: number, value: number) => {
      const x = a.op ? applySetOp(a.op, target.length === 1 ? target[0]! : target[k]!, value) : value;
      const y = v.dtype === 'bool' ? (x ? 1 : 0) : v.dtype === 'int' ? Math.trunc(x) : x;
      if (target.length === 1) target[0] = y;
      else target[k] = y;
    };
    if (value.kind === 'scalar') {
      for (const k of indices) write(k, value.value);
    } else if (value.kind === 'array') {
      if (target.length === 1) write(0, value.values[0]!);
      else indices.forEach((k, n) => write(k, value.values.length === 1 ? value.values[0]! : value.values[n]!));
    } else if (value.kind === 'computed') {
      throw new CompileError(
        diagnostic('unsupported', a.span, { what: 'values computed from numpy.random draws, with the Loihi 2 backend', hint: 'use --backend cpu' }),
      );
    } else {
      refuseIfDynamic(value.expr);
      // Brian2 evaluates the whole right-hand side before writing.
      const results = random.record(a.span, what, () => indices.map((k) => evaluateAt(value.expr, env(k), functions, a.span)));
      indices.forEach((k, n) => write(k, results[n]!));
    }
    if (!assigned.has(g.id)) assigned.set(g.id, new Map());
    const mine = assigned.get(g.id)!;
    if (!mine.has(a.variable)) mine.set(a.variable, new Set());
    for (const k of target.length === 1 ? [0] : indices) mine.get(a.variable)!.add(k);
  }
  return segments;
}

function selectIndices(index: IndexIR, start: number, stop: number, cond: (k: number, e: SExpr) => boolean): number[] {
  const all = Array.from({ length: stop - start }, (_, k) => start + k);
  switch (index.kind) {
    case 'all':
      return all;
    case 'indices':
      return index.indices.map((k) => start + k);
    case 'slice': {
      const out: number[] = [];
      const n = stop - start;
      const step = index.step || 1;
      const lo = Math.max(0, Math.min(n, index.start < 0 ? n + index.start : index.start));
      const stopAt = index.stop ?? n;
      const hi = Math.max(0, Math.min(n, stopAt < 0 ? n + stopAt : stopAt));
      for (let k = lo; step > 0 ? k < hi : k > hi; k += step) out.push(start + k);
      return out;
    }
    case 'condition':
      return all.filter((k) => cond(k, index.expr.ast));
    case 'computed':
      throw new Error('computed selections are refused with the draw actions that make them (Loihi 2)');
  }
}
