// The script's connect() calls and synaptic initialisations evaluated at conversion time. A Loihi chip
// holds connectivity, weights and delays as tables written before the run, so they must be known
// here: deterministic rules (explicit pairs, all-to-all, conditions, range() generators, n per pair)
// are evaluated pair by pair in Brian2's creation order, and `S.w = ...`, `S.delay = ...` per synapse
// with the values the groups have at that point of the script. Random connectivity (p, sample()) and
// rand()/randn() in these expressions are drawn with the converter's seeded generator (random.ts), in
// the same order as the pairs; poisson() and anything the script does to synapses after the first run
// are refused where the script does it.

import type { ConnectIR, GeneratorIR, IndexIR } from '../../../2-model/ir.js';
import { CompileError, diagnostic } from '../../../diagnostics/diagnostic.js';
import type { Span } from '../../../diagnostics/source.js';
import { callsOf, hasSymbol, type SExpr } from '../../../symbolic/expr.js';
import type { ExprIR } from '../../../2-model/ir.js';
import type { LAction, LSynapses, LValue, LoweredModel } from '../../../3-lower/lowered.js';
import { applySetOp, evaluateAt } from './conversion-eval.js';
import type { ConversionRandom } from './random.js';

/** The synapses of one Synapses object, as the script leaves them before the first run. */
export interface SynapseTable {
  id: string;
  nPre: number;
  nPost: number;
  /** Source and target indices of each synapse, relative to the source/target (sub)group. */
  i: number[];
  j: number[];
  /** Per-synapse values of the synaptic variables (SI). */
  vars: Map<string, number[]>;
  /** Per pathway name: per-synapse delays in seconds (pathways without a constructor delay). */
  delays: Map<string, number[]>;
}

/** Values of the neuron groups at the current point of the script: group id → variable → per neuron. */
export type GroupValues = Map<string, Map<string, Float64Array>>;

/** Random functions not drawn at conversion time (rand and randn are, see random.ts). */
const RANDOM = new Set(['poisson']);

/** Connections made by one connect() call beyond this are refused (the weights become a dense matrix). */
const MAX_PAIRS_TESTED = 4e7;

function refuse(span: Span, detail: string, hint = 'use --backend cpu'): never {
  throw new CompileError(diagnostic('fixed-point', span, { detail, hint }));
}

function refuseRandom(e: SExpr | null | undefined, span: Span, what: string): void {
  if (!e) return;
  const calls = [...callsOf(e)].filter((c) => RANDOM.has(c));
  if (calls.length)
    refuse(
      span,
      `${what} draws random numbers (${calls[0]}()), which the Loihi 2 backend cannot fix at conversion time`,
      'give deterministic values, or use --backend cpu',
    );
}

export class Connectivity {
  readonly tables = new Map<string, SynapseTable>();
  private readonly synapses: Map<string, LSynapses>;
  private readonly functions: Map<string, (...a: number[]) => number>;

  constructor(
    private readonly model: LoweredModel,
    functions: Map<string, (...a: number[]) => number>,
    private readonly random: ConversionRandom,
  ) {
    this.functions = random.functions(functions);
    this.synapses = new Map(model.synapses.map((s) => [s.id, s]));
    for (const s of model.synapses) {
      const delays = new Map<string, number[]>();
      for (const p of s.pathways) if (p.delay === null) delays.set(p.name, []);
      this.tables.set(s.id, {
        id: s.id,
        nPre: s.source.stop - s.source.start,
        nPost: s.target.stop - s.target.start,
        i: [],
        j: [],
        vars: new Map(s.variables.map((v) => [v.name, []])),
        delays,
      });
    }
  }

  /** One action of the script (connect, set-synaptic, set-delay); `runs` = runs before it. */
  apply(a: LAction, values: GroupValues, constants: Map<string, number>, runs: number, step: number): void {
    if (a.kind !== 'connect' && a.kind !== 'set-synaptic' && a.kind !== 'set-delay') return;
    if (runs > 0) {
      const what =
        a.kind === 'connect' ? 'connect() after a run' : a.kind === 'set-delay' ? 'changing delays after a run' : 'changing synaptic variables after a run';
      refuse(
        a.span,
        `${what} is not mapped by the Loihi 2 backend: the chip's synaptic tables are written once, before the first run`,
        'set up the synapses before the first run(), or use --backend cpu',
      );
    }
    const s = this.synapses.get(a.synapses)!;
    const table = this.tables.get(a.synapses)!;
    const env = new SynapseEnv(this.model, s, table, values, constants, step * this.model.dt);
    if (a.kind === 'connect') {
      const made = this.random.record(a.span, `${s.pyName ?? s.id}.connect()`, () => this.pairs(a.rule, env, a.span));
      for (const [i, j] of made) {
        table.i.push(i);
        table.j.push(j);
      }
      for (const v of s.variables) {
        const arr = table.vars.get(v.name)!;
        for (let k = 0; k < made.length; k++) arr.push(v.initial);
      }
      // New synapses of a pathway without a constructor delay have delay 0, as in Brian2.
      for (const arr of table.delays.values()) for (let k = 0; k < made.length; k++) arr.push(0);
      return;
    }
    const target = a.kind === 'set-delay' ? table.delays.get(a.pathway) : table.vars.get(a.variable);
    if (!target) {
      const what = a.kind === 'set-delay' ? `the delays of pathway '${a.pathway}', which has one delay for all synapses` : `'${a.variable}'`;
      refuse(a.span, `setting ${what} is not mapped by the Loihi 2 backend`);
    }
    const lvar = a.kind === 'set-synaptic' ? s.variables.find((v) => v.name === a.variable) : undefined;
    const what = `${s.pyName ?? s.id}.${a.kind === 'set-delay' ? `${a.pathway}.delay` : a.variable}`;
    const chosen = this.random.record(a.span, `${what} (selection)`, () => this.select(a.index, env, a.span));
    const results = this.random.record(a.span, what, () => this.values(a.value, chosen, env, a.span));
    const op = a.kind === 'set-synaptic' ? a.op : undefined;
    chosen.forEach((k, n) => {
      const x = op ? applySetOp(op, target[k]!, results[n]!) : results[n]!;
      target[k] = lvar?.dtype === 'int' ? Math.trunc(x) : lvar?.dtype === 'bool' ? (x ? 1 : 0) : x;
    });
  }

  /** An expression of the synapse (its variables, i, j, counts, constants) for every synapse. */
  perSynapse(id: string, e: SExpr, span: Span, constants: Map<string, number>): number[] {
    const table = this.tables.get(id)!;
    const env = new SynapseEnv(this.model, this.synapses.get(id)!, table, new Map(), constants, 0);
    return table.i.map((_, k) => evaluateAt(e, env.at(k), this.functions, span));
  }

  private select(index: IndexIR, env: SynapseEnv, span: Span): number[] {
    const n = env.table.i.length;
    switch (index.kind) {
      case 'all':
        return Array.from({ length: n }, (_, k) => k);
      case 'indices':
        for (const k of index.indices) if (k < 0 || k >= n) refuse(span, `synapse index ${k} is outside the ${n} synapses`, 'check the index');
        return index.indices;
      case 'slice': {
        const out: number[] = [];
        const step = index.step || 1;
        const clampAt = (x: number) => Math.max(0, Math.min(n, x < 0 ? n + x : x));
        const lo = clampAt(index.start);
        const hi = clampAt(index.stop ?? n);
        for (let k = lo; step > 0 ? k < hi : k > hi; k += step) out.push(k);
        return out;
      }
      case 'computed':
        return refuse(span, 'a selection drawn with numpy.random is drawn by the project, not at conversion time');
      case 'condition': {
        refuseRandom(index.expr.ast, span, 'this selection');
        const out: number[] = [];
        for (let k = 0; k < n; k++) if (evaluateAt(index.expr.ast, env.at(k), this.functions, span) !== 0) out.push(k);
        return out;
      }
    }
  }

  private values(value: LValue, chosen: number[], env: SynapseEnv, span: Span): number[] {
    if (value.kind === 'scalar') return chosen.map(() => value.value);
    if (value.kind === 'array') {
      if (value.values.length !== 1 && value.values.length !== chosen.length)
        refuse(span, `${value.values.length} values for ${chosen.length} synapses`, 'give one value per synapse');
      return chosen.map((_, n) => (value.values.length === 1 ? value.values[0]! : value.values[n]!));
    }
    if (value.kind === 'computed')
      return refuse(span, 'values computed from numpy.random draws are drawn by the project, not at conversion time', 'use --backend cpu');
    refuseRandom(value.expr, span, 'this initialisation');
    // Brian2 evaluates the whole right-hand side before it writes.
    return chosen.map((k) => evaluateAt(value.expr, env.at(k), this.functions, span));
  }

  /** The (i, j) pairs of a connect() call in Brian2's creation order, n per pair included. */
  private pairs(rule: ConnectIR, env: SynapseEnv, span: Span): [number, number][] {
    const { nPre, nPost } = env.table;
    const repeat = (pairs: [number, number][], n: (i: number, j: number, k: number) => number): [number, number][] => {
      const out: [number, number][] = [];
      pairs.forEach(([i, j], k) => {
        const times = n(i, j, k);
        if (times < 0) refuse(span, 'the number of synapses n must not be negative', 'check n');
        for (let r = 0; r < times; r++) out.push([i, j]);
      });
      return out;
    };
    if (rule.kind === 'indices') {
      if (rule.computed) refuse(span, 'connect() indices drawn with numpy.random are drawn by the project, not at conversion time');
      const count = Math.max(rule.i.length, rule.j.length);
      const given = Array.from(
        { length: count },
        (_, k) => [rule.i.length === 1 ? rule.i[0]! : rule.i[k]!, rule.j.length === 1 ? rule.j[0]! : rule.j[k]!, k] as const,
      );
      // p < 1: each given pair is kept with probability p, one draw per pair in the given order.
      const kept = rule.p >= 1 ? given : given.filter(() => this.random.uniform() < rule.p);
      return repeat(
        kept.map(([i, j]) => [i, j]),
        (_i, _j, k) => (rule.n.length === 1 ? rule.n[0]! : rule.n[kept[k]![2]]!),
      );
    }
    refuseRandom(rule.p?.ast, rule.p?.span ?? span, 'this probability');
    refuseRandom(rule.condition?.ast, rule.condition?.span ?? span, 'this condition');
    refuseRandom(rule.n?.ast, rule.n?.span ?? span, 'this number of synapses');
    const perPair = (i: number, j: number) => (rule.n ? evaluateAt(rule.n.ast, env.pair(i, j), this.functions, rule.n.span) : 1);
    if (rule.generator) return repeat(this.generated(rule.generator, env, span), perPair);
    const p = rule.p;
    const constantP = p ? this.constantValue(p, env) : 1;
    let out: [number, number][] = [];
    if (!rule.condition && constantP !== null) {
      // All pairs with one probability: jump from chosen pair to chosen pair (geometric skips), in
      // Brian2's order (source index, then target index), without visiting the others.
      const total = nPre * nPost;
      for (let k = this.random.skip(constantP); k < total; k += 1 + this.random.skip(constantP)) out.push([Math.floor(k / nPost), k % nPost]);
    } else {
      if (nPre * nPost > MAX_PAIRS_TESTED)
        refuse(span, `connect() would test ${nPre * nPost} pairs at conversion time`, 'use --backend cpu for networks of this size');
      for (let i = 0; i < nPre; i++) {
        for (let j = 0; j < nPost; j++) {
          if (rule.condition && evaluateAt(rule.condition.ast, env.pair(i, j), this.functions, rule.condition.span) === 0) continue;
          // p per candidate pair (after the condition, as Brian2 evaluates them).
          const pij = constantP ?? evaluateAt(p!.ast, env.pair(i, j), this.functions, p!.span);
          if (pij >= 1 || this.random.uniform() < pij) out.push([i, j]);
        }
      }
    }
    if (rule.n) out = repeat(out, perPair);
    return out;
  }

  /** The value of an expression that uses only constants (null when it depends on the pair or draws). */
  private constantValue(e: ExprIR, env: SynapseEnv): number | null {
    if (callsOf(e.ast).size || hasSymbol(e.ast, (x) => x.role !== 'const' && !['N_pre', 'N_post', 'dt', 't'].includes(x.name))) return null;
    return evaluateAt(e.ast, env.pair(0, 0), this.functions, e.span);
  }

  /** `j='k for k in range(...) if ...'` (or i=...): for every outer index, the generated ones. */
  private generated(g: GeneratorIR, env: SynapseEnv, span: Span): [number, number][] {
    const it = g.iterator;
    const sample = it.kind === 'sample' ? it : null;
    for (const e of [g.element, g.condition, it.start, it.stop, it.step, sample?.p, sample?.size]) refuseRandom(e?.ast, e?.span ?? span, 'this generator');
    const { nPre, nPost } = env.table;
    const nOuter = g.over === 'i' ? nPre : nPost;
    const nResult = g.over === 'i' ? nPost : nPre;
    const out: [number, number][] = [];
    const pairOf = (outer: number, result: number): [number, number] => (g.over === 'i' ? [outer, result] : [result, outer]);
    const resultName = g.over === 'i' ? 'j' : 'i';
    const resultSide = g.over === 'i' ? 'post' : 'pre';
    const usesResult =
      !!g.condition && hasSymbol(g.condition.ast, (x) => (x.role === 'special' && x.name === resultName) || (x.role === 'var' && x.side === resultSide));
    for (let o = 0; o < nOuter; o++) {
      const outerEnv = env.outer(g.over, o);
      const low = evaluateAt(g.iterator.start.ast, outerEnv, this.functions, g.iterator.start.span);
      const high = evaluateAt(g.iterator.stop.ast, outerEnv, this.functions, g.iterator.stop.span);
      const step = g.iterator.step ? evaluateAt(g.iterator.step.ast, outerEnv, this.functions, g.iterator.step.span) : 1;
      if (step === 0) refuse(g.iterator.start.span, 'range() step argument must not be zero', 'check the generator');
      for (const k of this.iterate(low, high, step, sample, outerEnv)) {
        const withK = env.generated(g.over, o, g.variable, k);
        const r = evaluateAt(g.element.ast, withK, this.functions, g.element.span);
        const valid = r >= 0 && r < nResult;
        const keep = (result?: number) =>
          !g.condition || evaluateAt(g.condition.ast, env.generated(g.over, o, g.variable, k, result), this.functions, g.condition.span) !== 0;
        // As Brian2: a condition on the produced index needs it in range first; otherwise filter, then check.
        if (usesResult && valid && !keep(r)) continue;
        if (!usesResult && !keep()) continue;
        if (!valid && !g.skipIfInvalid)
          refuse(
            g.element.span,
            `the generator gives index ${r}, outside the range from 0 to ${nResult - 1}`,
            'pass skip_if_invalid=True, or fix the generator',
          );
        if (!valid) continue;
        const [i, j] = pairOf(o, r);
        out.push([i, j]);
      }
    }
    return out;
  }

  /** The values of the generator's range() or sample() for one outer index. */
  private iterate(
    low: number,
    high: number,
    step: number,
    sample: Extract<GeneratorIR['iterator'], { kind: 'sample' }> | null,
    outerEnv: (name: string) => number | undefined,
  ): number[] {
    const values: number[] = [];
    for (let k = low; step > 0 ? k < high : k > high; k += step) values.push(k);
    if (!sample) return values;
    const p = sample.p ? evaluateAt(sample.p.ast, outerEnv, this.functions, sample.p.span) : null;
    const size = sample.size ? evaluateAt(sample.size.ast, outerEnv, this.functions, sample.size.span) : null;
    return sampled(values, this.random, p, size, (sample.p ?? sample.size ?? sample.start).span);
  }
}

/** Brian2's sample(): p keeps each value independently, size takes that many distinct ones (in order). */
function sampled(values: number[], random: ConversionRandom, p: number | null, size: number | null, span: Span): number[] {
  if (size !== null) {
    if (size < 0 || size > values.length)
      refuse(span, `sample() cannot take ${size} values out of ${values.length}`, 'give a size between 0 and the number of values');
    return random.choose(values.length, size).map((k) => values[k]!);
  }
  const out: number[] = [];
  for (let k = random.skip(p!); k < values.length; k += 1 + random.skip(p!)) out.push(values[k]!);
  return out;
}

/** Names in synaptic expressions: i, j, counts, synaptic variables, and pre/post group variables. */
class SynapseEnv {
  private incoming: Map<number, number> | null = null;
  private outgoing: Map<number, number> | null = null;

  constructor(
    private readonly model: LoweredModel,
    private readonly s: LSynapses,
    readonly table: SynapseTable,
    private readonly values: GroupValues,
    private readonly constants: Map<string, number>,
    private readonly t: number,
  ) {}

  private base(name: string): number | undefined {
    if (name === 'N_pre') return this.table.nPre;
    if (name === 'N_post') return this.table.nPost;
    if (name === 't') return this.t;
    if (name === 'dt') return this.model.dt;
    return this.constants.get(name);
  }

  private groupValue(name: string, side: 'pre' | 'post', index: number): number | undefined {
    const ref = side === 'pre' ? this.s.source : this.s.target;
    const arr = this.values.get(ref.group)?.get(name);
    if (!arr) return undefined;
    return arr.length === 1 ? arr[0] : arr[index + ref.start];
  }

  /** For the condition, n and p of connect(): a candidate pair. */
  pair(i: number, j: number, extra: Record<string, number> = {}): (name: string) => number | undefined {
    return (name) => {
      if (name === 'i') return i;
      if (name === 'j') return j;
      if (name in extra) return extra[name];
      // A constant may also end in _pre/_post (tau_post): group variables first, then constants.
      const g = name.endsWith('_pre')
        ? this.groupValue(name.slice(0, -4), 'pre', i)
        : name.endsWith('_post')
          ? this.groupValue(name.slice(0, -5), 'post', j)
          : undefined;
      return g ?? this.base(name);
    };
  }

  /** For a generator's range bounds: only the outer index is known. */
  outer(over: 'i' | 'j', o: number): (name: string) => number | undefined {
    return (name) => {
      if (name === over) return o;
      const g =
        over === 'i' && name.endsWith('_pre')
          ? this.groupValue(name.slice(0, -4), 'pre', o)
          : over === 'j' && name.endsWith('_post')
            ? this.groupValue(name.slice(0, -5), 'post', o)
            : undefined;
      return g ?? this.base(name);
    };
  }

  /** For a generator's element (result unknown) and condition (result known). */
  generated(over: 'i' | 'j', o: number, variable: string, k: number, result?: number): (name: string) => number | undefined {
    if (result === undefined) {
      const outer = this.outer(over, o);
      return (name) => (name === variable ? k : outer(name));
    }
    const [i, j] = over === 'i' ? [o, result] : [result, o];
    return this.pair(i, j, { [variable]: k });
  }

  /** For synaptic initialisations: synapse k. */
  at(k: number): (name: string) => number | undefined {
    const i = this.table.i[k]!;
    const j = this.table.j[k]!;
    return (name) => {
      if (name === 'N') return this.table.i.length;
      if (name === 'N_incoming') return this.counts('incoming').get(j) ?? 0;
      if (name === 'N_outgoing') return this.counts('outgoing').get(i) ?? 0;
      const own = this.table.vars.get(name);
      if (own) return own[k];
      return this.pair(i, j)(name);
    };
  }

  private counts(which: 'incoming' | 'outgoing'): Map<number, number> {
    const cached = which === 'incoming' ? this.incoming : this.outgoing;
    if (cached) return cached;
    const m = new Map<number, number>();
    for (const x of which === 'incoming' ? this.table.j : this.table.i) m.set(x, (m.get(x) ?? 0) + 1);
    if (which === 'incoming') this.incoming = m;
    else this.outgoing = m;
    return m;
  }
}
