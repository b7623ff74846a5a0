// The body of a generated `connect_<k>()` method: one connect() call's pattern, made when the project
// starts, with the random numbers Brian2's numpy target draws for it, in its order, so that a seeded
// script gets Brian2's synapses. Brian2 turns every rule into a generator over the outer index (i, or j
// for i='...'): `connect(condition, p)` is `j='_k for _k in sample(N_post, p=p) if condition'`, or
// `range(N_post) if (condition) and rand() < p` when p depends on j; explicit i/j arrays draw rand(len)
// < p once. The generator runs outer index after outer index: a condition that does not depend on the
// produced index is tested first (no draws for an outer index that fails it), then the iterator
// (sample() draws), the element, and the condition on the candidates (its rand() calls draw one number
// per candidate, before invalid ones are dropped). The code here runs a block of outer indices at once
// when the numbers come from a single source (the stream is then the same), one at a time otherwise.
// Synapses are appended in Brian2's creation order.

import type { ConnectIR, ExprIR, GeneratorIR } from '../../2-model/ir.js';
import type { LSynapses } from '../../3-lower/lowered.js';
import { callsOf, hasSymbol, type SExpr } from '../../symbolic/expr.js';
import { DIMENSIONLESS } from '../../units/dimension.js';
import { DRAWING_FUNCTIONS } from './draws.js';
import { numpy } from './numpy-printer.js';
import { pyStr } from '../../4-emit/python-names.js';
import { computedCode } from './computed-code.js';
import { synapticBindings, type SynContext } from './synaptic-body.js';

export interface ConnectCodeOptions {
  base: Omit<SynContext, 'synapses' | 'i' | 'j' | 'count' | 'pre' | 'post' | 'specials'>;
  /** Inline arrays or data files for long index lists. */
  array: (values: number[], name: string, dtype: 'f8' | 'i8', shape?: number[]) => string;
  dataName: string;
  /** Text naming the call in runtime error messages (`line 12: S.connect(...)`). */
  what: string;
}

/**
 * Number of elements of the source or target: a literal for a group (slice), `self.N_PRE`/`self.N_POST`
 * for another Synapses object (synapses on synapses: its number of synapses when the code runs).
 */
export function endSize(syn: LSynapses, side: 'pre' | 'post'): string {
  const ref = side === 'pre' ? syn.source : syn.target;
  return ref.synapses ? (side === 'pre' ? 'self.N_PRE' : 'self.N_POST') : String(ref.stop - ref.start);
}

/** Candidate pairs evaluated at once (rows of a block × candidates per row). */
const PAIR_BLOCK = 1 << 20;

/** Context for expressions over candidate pairs held in the locals `i` and `j`. */
function pairContext(o: ConnectCodeOptions, syn: LSynapses, count: string, specials?: Map<string, string>): SynContext {
  return {
    ...o.base,
    synapses: 'none',
    i: 'i',
    j: 'j',
    count,
    pre: `i + ${syn.source.start}`,
    post: `j + ${syn.target.start}`,
    specials,
  };
}

function evaluate(e: SExpr, into: string, ctx: SynContext, shape: string): string[] {
  return [...synapticBindings([e], [], ctx), `${into} = _np.broadcast_to(${numpy(e)}, ${shape})`];
}

function indent(lines: string[], by = '    '): string[] {
  return lines.map((l) => by + l);
}

/** Number of calls that draw random numbers in `e` (each is a separate source of numbers). */
function drawingCalls(e: SExpr | null | undefined): number {
  if (!e) return 0;
  let n = 0;
  const visit = (x: SExpr) => {
    if (x.k === 'call' && DRAWING_FUNCTIONS.has(x.fn)) n++;
    if (x.k === 'call') x.args.forEach(visit);
    else if (x.k === 'neg' || x.k === 'not') visit(x.a);
    else if (x.k === 'bin' || x.k === 'cmp' || x.k === 'logic') {
      visit(x.a);
      visit(x.b);
    }
  };
  visit(e);
  return n;
}

const draws = (e: SExpr | null | undefined) => !!e && [...callsOf(e)].some((c) => DRAWING_FUNCTIONS.has(c));

export function connectLines(rule: ConnectIR, syn: LSynapses, o: ConnectCodeOptions): string[] {
  const what = pyStr(o.what);
  const lines: string[] = ['_rng = self._sim.rng'];
  if (rule.kind === 'indices') {
    if (rule.computed) {
      // Indices the project drew (numpy.random in the script): broadcast and checked as Brian2 does.
      const opts = (name: string) => ({
        sim: 'self._sim',
        array: (values: number[], n: string, dtype: 'f8' | 'i8', shape: number[]) => o.array(values, n, dtype, shape),
        dataName: `${o.dataName}_${name}`,
      });
      lines.push(
        `i, j = _np.broadcast_arrays(_np.asarray(${computedCode(rule.computed.i, opts('i'))}), _np.asarray(${computedCode(rule.computed.j, opts('j'))}))`,
        'i, j = i.astype(_np.int64), j.astype(_np.int64)',
        `_syn.check_range(i, ${endSize(syn, 'pre')}, ${what}, False)`,
        `_syn.check_range(j, ${endSize(syn, 'post')}, ${what}, False)`,
      );
    } else {
      lines.push(`i = ${o.array(rule.i, `${o.dataName}_i`, 'i8')}`, `j = ${o.array(rule.j, `${o.dataName}_j`, 'i8')}`);
      // Synapses on synapses: the indices are checked against the other synapses' number when connecting.
      if (syn.source.synapses) lines.push(`_syn.check_range(i, ${endSize(syn, 'pre')}, ${what}, False)`);
      if (syn.target.synapses) lines.push(`_syn.check_range(j, ${endSize(syn, 'post')}, ${what}, False)`);
    }
    // Brian2: rand(len(sources)) < p, once for all given pairs.
    if (rule.p !== 1) lines.push(`_chosen = _rng.random_sample(len(i)) < ${numpy({ k: 'num', v: rule.p })}`);
    const n = rule.n.length === 1 ? String(rule.n[0]) : o.array(rule.n, `${o.dataName}_n`, 'i8');
    if (rule.p !== 1) lines.push(`i, j, _n_syn = i[_chosen], j[_chosen], _np.broadcast_to(${n}, _chosen.shape)[_chosen]`);
    else lines.push(`_n_syn = ${n}`);
    lines.push(`i, j = _syn.repeat_pairs(i, j, _n_syn, ${what})`, 'self._grow(i, j)');
    return lines;
  }
  return [...lines, ...generatorLines(asGenerator(rule, syn), rule.n, syn, o, what)];
}

/** Whether `e` reads the produced index of a generator over `outer` (or its variable, or draws). */
function dependsOnResult(e: SExpr, result: 'i' | 'j', variable: string): boolean {
  return (
    hasSymbol(
      e,
      (s) => (s.role === 'special' && (s.name === result || s.name === variable)) || (s.role === 'var' && s.side === (result === 'j' ? 'post' : 'pre')),
    ) || draws(e)
  );
}

/** A condition/p rule as the generator Brian2 makes of it (`_condition_to_generator_expression`). */
function asGenerator(rule: Extract<ConnectIR, { kind: 'rule' }>, syn: LSynapses): GeneratorIR {
  if (rule.generator) return rule.generator;
  const num = (v: number): ExprIR => ({ code: String(v), ast: { k: 'num', v }, dim: DIMENSIONLESS, span: syn.span });
  const element: ExprIR = { ...num(0), code: '_k', ast: { k: 'sym', name: '_k', role: 'special' } };
  // Synapses on synapses: N_post is the target's number of synapses when the project connects.
  const nPost: ExprIR = syn.target.synapses
    ? { ...num(0), code: 'N_post', ast: { k: 'sym', name: 'N_post', role: 'special' } }
    : num(syn.target.stop - syn.target.start);
  const all = { start: num(0), stop: nPost, step: null };
  const base = { over: 'i' as const, variable: '_k', element, skipIfInvalid: false };
  const p = rule.p;
  if (!p || (p.ast.k === 'num' && p.ast.v === 1)) return { ...base, iterator: { kind: 'range', ...all }, condition: rule.condition };
  if (dependsOnResult(p.ast, 'j', '_k')) {
    // range(N_post) if (condition) and rand() < p: one number per candidate.
    const test: SExpr = { k: 'cmp', op: '<', a: { k: 'call', fn: 'rand', args: [] }, b: p.ast };
    const condition = rule.condition ? { ...rule.condition, ast: { k: 'logic', op: 'and', a: rule.condition.ast, b: test } as SExpr } : { ...p, ast: test };
    return { ...base, iterator: { kind: 'range', ...all }, condition };
  }
  return { ...base, iterator: { kind: 'sample', ...all, p, size: null }, condition: rule.condition };
}

/** j='k for k in range(...)/sample(...) if ...' (or i='...'): outer index by outer index, in blocks. */
function generatorLines(g: GeneratorIR, n: ExprIR | null, syn: LSynapses, o: ConnectCodeOptions, what: string): string[] {
  const nPre = endSize(syn, 'pre');
  const nPost = endSize(syn, 'post');
  const outer = g.over;
  const result = outer === 'i' ? 'j' : 'i';
  const nOuter = outer === 'i' ? nPre : nPost;
  const nResult = outer === 'i' ? nPost : nPre;
  const it = g.iterator;
  const cond = g.condition;
  const outerCond = cond && !dependsOnResult(cond.ast, result, g.variable) ? cond : null;
  const innerCond = cond && !outerCond ? cond : null;

  // Sources of random numbers for one outer index, in Brian2's order; one source: blocks of rows.
  const params = [it.start, it.stop, it.step, it.kind === 'sample' ? it.p : null, it.kind === 'sample' ? it.size : null];
  const sources =
    params.reduce((s, e) => s + drawingCalls(e?.ast), 0) +
    (it.kind === 'sample' ? 1 : 0) +
    drawingCalls(g.element.ast) +
    drawingCalls(innerCond?.ast) +
    drawingCalls(n?.ast);
  const rows =
    sources > 1
      ? '1'
      : /^\d+$/.test(nResult)
        ? String(Math.max(1, Math.floor(PAIR_BLOCK / Math.max(Number(nResult), 1))))
        : `max(1, ${PAIR_BLOCK} // max(${nResult}, 1))`;

  const body: string[] = [];
  const outerCtx = pairContext(o, syn, `len(${outer})`);
  if (outerCond) body.push(...evaluate(outerCond.ast, '_keep', outerCtx, `${outer}.shape`), `${outer} = ${outer}[_keep]`);
  body.push(...evaluate(it.start.ast, '_low', outerCtx, `${outer}.shape`));
  body.push(...evaluate(it.stop.ast, '_high', outerCtx, `${outer}.shape`));
  body.push(...(it.step ? evaluate(it.step.ast, '_step', outerCtx, `${outer}.shape`) : [`_step = _np.ones(${outer}.shape, dtype=_np.int64)`]));
  if (it.kind === 'sample' && it.size) {
    body.push(...evaluate(it.size.ast, '_size', outerCtx, `${outer}.shape`));
    body.push(`_pos, _k = _syn.sample_size(_rng, _low, _high, _step, _size, ${g.skipIfInvalid ? 'True' : 'False'}, ${what})`);
  } else if (it.kind === 'sample' && it.p) {
    body.push(...evaluate(it.p.ast, '_p', outerCtx, `${outer}.shape`), '_pos, _k = _syn.sample_p(_rng, _low, _high, _step, _p)');
  } else body.push('_pos, _k = _syn.ragged_range(_low, _high, _step)');
  body.push(`${outer} = ${outer}[_pos]`);
  const innerCtx = pairContext(o, syn, `len(${outer})`, new Map([[g.variable, '_k']]));
  body.push(...evaluate(g.element.ast, result, innerCtx, `${outer}.shape`));
  const check = [
    `_valid = _syn.check_range(${result}, ${nResult}, ${what}, ${g.skipIfInvalid ? 'True' : 'False'})`,
    'i, j, _k = i[_valid], j[_valid], _k[_valid]',
  ];
  const condition = innerCond ? [...evaluate(innerCond.ast, '_keep', innerCtx, `${outer}.shape`), 'i, j, _k = i[_keep], j[_keep], _k[_keep]'] : [];
  // As Brian2: a condition that draws is evaluated on every candidate (one number each), invalid ones
  // dropped after; one that reads the produced index without drawing needs it in range first.
  if (innerCond && !draws(innerCond.ast) && dependsOnResult(innerCond.ast, result, g.variable)) body.push(...check, ...condition);
  else body.push(...condition, ...check);
  if (n) body.push(...evaluate(n.ast, '_n_syn', innerCtx, `${outer}.shape`), `i, j = _syn.repeat_pairs(i, j, _n_syn, ${what})`);
  body.push('_found_i.append(i)', '_found_j.append(j)');

  return [
    '_found_i, _found_j = [_np.zeros(0, dtype=_np.int64)], [_np.zeros(0, dtype=_np.int64)]',
    `for ${outer} in _syn.row_blocks(${nOuter}, ${rows}):`,
    ...indent(body),
    'self._grow(_np.concatenate(_found_i), _np.concatenate(_found_j))',
  ];
}
