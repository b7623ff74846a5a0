// Synapses of the model IR → ProjectionSpec (synapses.ts), evaluated at conversion time: the pairs a
// connect() makes, the weight of each synapse, its delay in steps. A Loihi chip holds its connectivity
// and weights as tables, so everything here must be known before the run. Supported: one on_pre
// statement `x_post += expr` whose expression depends only on synaptic parameters, i, j and constants;
// connect() with arrays of indices, all-to-all, or a deterministic condition; homogeneous or
// per-synapse delays. Anything else is refused where the script writes it.

import type { ConnectIR, ModelIR, SynapsesIR, ValueIR } from '../../2-model/ir.js';
import { CompileError, diagnostic } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../diagnostics/source.js';
import { callsOf, children, type SExpr } from '../../symbolic/expr.js';
import { evaluate, EvaluationError } from '../../symbolic/evaluate.js';
import type { ProjectionSpec } from './synapses.js';

function refuse(span: Span, detail: string): never {
  throw new CompileError(diagnostic('fixed-point', span, { detail, hint: 'use --backend cpu' }));
}

/** Brian2's int(delay/dt + 0.5). */
export function delaySteps(seconds: number, dt: number): number {
  return Math.trunc(seconds / dt + 0.5);
}

function mentionsState(e: SExpr): string | null {
  if (e.k === 'sym' && e.role === 'var' && e.side) return `${e.name}_${e.side}`;
  for (const c of children(e)) {
    const m = mentionsState(c);
    if (m) return m;
  }
  return null;
}

/** The pairs (relative to the source and target (sub)groups) a connect() makes, in Brian2's order. */
function pairs(rule: ConnectIR, nPre: number, nPost: number, constants: Map<string, number>, span: Span): [number, number][] {
  if (rule.kind === 'rule' && !rule.condition && !rule.p && !rule.n && !rule.generator) {
    const out: [number, number][] = [];
    for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) out.push([i, j]);
    return out;
  }
  if (rule.kind === 'indices') {
    if (rule.p !== 1 || rule.n.some((x) => x !== 1)) refuse(span, 'connect(i=..., j=...) with p or n is not mapped by the Loihi 2 backend yet');
    const n = Math.max(rule.i.length, rule.j.length);
    return Array.from({ length: n }, (_, k) => [rule.i.length === 1 ? rule.i[0]! : rule.i[k]!, rule.j.length === 1 ? rule.j[0]! : rule.j[k]!] as [number, number]);
  }
  if (rule.generator) refuse(span, 'connect() with a generator expression is not mapped by the Loihi 2 backend yet');
  if (rule.p) refuse(span, 'connect() with a probability draws random connections, which the Loihi 2 backend cannot fix at conversion time');
  if (rule.n) refuse(span, 'connect() with several synapses per pair is not mapped by the Loihi 2 backend');
  const out: [number, number][] = [];
  for (let i = 0; i < nPre; i++) {
    for (let j = 0; j < nPost; j++) {
      if (!rule.condition) out.push([i, j]);
      else if (at(rule.condition.ast, { i, j, N_pre: nPre, N_post: nPost }, constants, span)) out.push([i, j]);
    }
  }
  return out;
}

function at(e: SExpr, vars: Record<string, number>, constants: Map<string, number>, span: Span): number {
  if ([...callsOf(e)].some((c) => c === 'rand' || c === 'randn')) refuse(span, 'random numbers here cannot be fixed at conversion time for Loihi 2');
  try {
    return evaluate(e, (name) => vars[name] ?? constants.get(name));
  } catch (err) {
    if (err instanceof EvaluationError) refuse(span, `this value cannot be computed at conversion time (${err.message})`);
    throw err;
  }
}

/** Per-synapse values of a synaptic variable from the script's assignments (0 before any). */
function valuesOf(value: ValueIR, syn: [number, number][], vars: Record<string, number[]>, nPre: number, nPost: number, constants: Map<string, number>, span: Span): number[] {
  if (value.kind === 'scalar') return syn.map(() => value.value);
  if (value.kind === 'array') {
    if (value.values.length !== 1 && value.values.length !== syn.length) refuse(span, `${value.values.length} values for ${syn.length} synapses`);
    return syn.map((_, k) => (value.values.length === 1 ? value.values[0]! : value.values[k]!));
  }
  return syn.map(([i, j], k) => at(value.expr.ast, { i, j, N_pre: nPre, N_post: nPost, ...Object.fromEntries(Object.entries(vars).map(([n, v]) => [n, v[k]!])) }, constants, span));
}

export function projectionsFromIR(ir: ModelIR): ProjectionSpec[] {
  const constants = new Map(ir.constants.map((c) => [c.id, c.value]));
  return ir.synapses.map((s) => projectionOf(ir, s, constants));
}

function projectionOf(ir: ModelIR, s: SynapsesIR, constants: Map<string, number>): ProjectionSpec {
  const nPre = s.source.stop - s.source.start;
  const nPost = s.target.stop - s.target.start;
  for (const eq of s.equations) {
    if (eq.kind !== 'parameter' || eq.flags.some((f) => f !== 'constant')) refuse(eq.span, `the synaptic ${eq.kind} '${eq.name}' is not mapped by the Loihi 2 backend (only constant weights are)`);
  }
  const pre = s.pathways.filter((p) => p.trigger === 'pre');
  if (s.pathways.length !== 1 || pre.length !== 1) refuse(s.span, 'the Loihi 2 backend maps one on_pre pathway per Synapses object');
  const path = pre[0]!;
  if (path.code.length !== 1) refuse(path.span, 'the Loihi 2 backend maps on_pre code of one statement, x_post += weight');
  const stmt = path.code[0]!;
  if (stmt.side !== 'post' || (stmt.op !== '+=' && stmt.op !== '-=')) refuse(stmt.span, `'${stmt.target} ${stmt.op} ...' is not of the form x_post += weight (Dense adds weights to the target)`);
  const state = mentionsState(stmt.value.ast);
  if (state) refuse(stmt.value.span, `the weight reads ${state}; Dense weights are constants`);

  // ---- connections and synaptic variables, in the script's order
  let syn: [number, number][] = [];
  const vars: Record<string, number[]> = {};
  let delays: number[] | null = null;
  for (const a of ir.program) {
    if (a.kind === 'connect' && a.synapses === s.id) {
      const made = pairs(a.rule, nPre, nPost, constants, a.span);
      syn = [...syn, ...made];
      for (const v of Object.keys(vars)) vars[v] = [...vars[v]!, ...made.map(() => 0)];
      if (delays) delays = [...delays, ...made.map(() => 0)];
    } else if (a.kind === 'set' && 'synapses' in a.target && a.target.synapses === s.id) {
      if (a.index.kind !== 'all') refuse(a.span, 'setting some synapses only is not mapped by the Loihi 2 backend');
      const vals = valuesOf(a.value, syn, vars, nPre, nPost, constants, a.span);
      if (a.variable === 'delay') delays = vals.map((d) => delaySteps(d, ir.dt));
      else vars[a.variable] = vals;
    } else if (a.kind === 'run' && syn.length === 0) {
      refuse(s.span, 'the synapses are connected after the first run, which the Loihi 2 backend does not map');
    }
  }
  const sign = stmt.op === '-=' ? -1 : 1;
  const weights = syn.map(([i, j], k) => sign * at(stmt.value.ast, { i, j, N_pre: nPre, N_post: nPost, ...Object.fromEntries(Object.entries(vars).map(([n, v]) => [n, v[k]!])) }, constants, stmt.value.span));
  const homogeneous = path.delay === null ? 0 : delaySteps(path.delay, ir.dt);
  return {
    id: s.id,
    pyName: s.pyName,
    source: s.source.group,
    target: s.target.group,
    variable: stmt.target,
    pre: syn.map(([i]) => i + s.source.start),
    post: syn.map(([, j]) => j + s.target.start),
    weights,
    delays: delays ?? syn.map(() => homogeneous),
    span: s.span,
  };
}

