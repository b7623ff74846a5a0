// The body of a generated `connect_<k>()` method: draws one connect() call's pattern at start-up with
// the simulation's seeded generator, vectorised over pairs (never one Python step per neuron), and
// appends the synapses in Brian2's creation order (by i then j; by j then i for i='...' generators).

import type { ConnectIR, ExprIR, GeneratorIR } from '../2-model/ir.js';
import type { LSynapses } from '../3-lower/lowered.js';
import { hasSymbol, type SExpr } from '../symbolic/expr.js';
import { numpy } from './numpy-printer.js';
import { pyStr } from './python-names.js';
import { synapticBindings, type SynContext } from './synaptic-body.js';

export interface ConnectCodeOptions {
  base: Omit<SynContext, 'synapses' | 'i' | 'j' | 'count' | 'pre' | 'post' | 'specials'>;
  /** Inline arrays or data files for long index lists. */
  array: (values: number[], name: string, dtype: 'f8' | 'i8') => string;
  dataName: string;
  /** Text naming the call in runtime error messages (`line 12: S.connect(...)`). */
  what: string;
}

/** Context for expressions over candidate pairs held in the locals `i` and `j`. */
function pairContext(o: ConnectCodeOptions, syn: LSynapses, specials?: Map<string, string>): SynContext {
  return {
    ...o.base,
    synapses: 'none',
    i: 'i',
    j: 'j',
    count: 'len(i)',
    pre: `i + ${syn.source.start}`,
    post: `j + ${syn.target.start}`,
    specials,
  };
}

function evaluate(e: SExpr, into: string, ctx: SynContext, shape = 'i.shape'): string[] {
  return [...synapticBindings([e], [], ctx), `${into} = _np.broadcast_to(${numpy(e)}, ${shape})`];
}

function indent(lines: string[], by = '    '): string[] {
  return lines.map((l) => by + l);
}

export function connectLines(rule: ConnectIR, syn: LSynapses, o: ConnectCodeOptions): string[] {
  const nPre = syn.source.stop - syn.source.start;
  const nPost = syn.target.stop - syn.target.start;
  const what = pyStr(o.what);
  const lines: string[] = ['_rng = self._sim.rng'];
  if (rule.kind === 'indices') {
    lines.push(`i = ${o.array(rule.i, `${o.dataName}_i`, 'i8')}`, `j = ${o.array(rule.j, `${o.dataName}_j`, 'i8')}`);
    if (rule.p !== 1) lines.push(`_chosen = _rng.random(len(i)) < ${numpy({ k: 'num', v: rule.p })}`);
    const n = rule.n.length === 1 ? String(rule.n[0]) : o.array(rule.n, `${o.dataName}_n`, 'i8');
    if (rule.p !== 1) lines.push(`i, j, _n_syn = i[_chosen], j[_chosen], _np.broadcast_to(${n}, _chosen.shape)[_chosen]`);
    else lines.push(`_n_syn = ${n}`);
    lines.push(`i, j = _syn.repeat_pairs(i, j, _n_syn, ${what})`, 'self._grow(i, j)');
    return lines;
  }
  if (rule.generator) return [...lines, ...generatorLines(rule, rule.generator, syn, o, nPre, nPost, what)];

  const ctx = pairContext(o, syn);
  const constantP = rule.p === null || rule.p.ast.k === 'num';
  const select: string[] = [];
  if (rule.condition) select.push(...evaluate(rule.condition.ast, '_keep', ctx), 'i, j = i[_keep], j[_keep]');
  if (!constantP) select.push(...evaluate(rule.p!.ast, '_p', ctx), '_keep = _rng.random(len(i)) < _p', 'i, j = i[_keep], j[_keep]');
  const nLines = rule.n ? [...evaluate(rule.n.ast, '_n_syn', ctx), `i, j = _syn.repeat_pairs(i, j, _n_syn, ${what})`] : [];
  if (constantP && rule.p) {
    // connect(p=number[, condition]): Brian2 samples the pairs with probability p, then tests the condition.
    lines.push(`i, j = _syn.sample_pairs(_rng, ${nPre}, ${nPost}, ${numpy(rule.p.ast)})`, ...select, ...nLines, 'self._grow(i, j)');
    return lines;
  }
  if (!select.length && !nLines.length) {
    lines.push(`i, j = _syn.sample_pairs(_rng, ${nPre}, ${nPost}, 1.0)`, 'self._grow(i, j)');
    return lines;
  }
  lines.push('_found_i, _found_j = [], []', `for i, j in _syn.pair_blocks(${nPre}, ${nPost}):`);
  lines.push(...indent([...select, ...nLines, '_found_i.append(i)', '_found_j.append(j)']));
  lines.push('self._grow(_np.concatenate(_found_i), _np.concatenate(_found_j))');
  return lines;
}

function usesResult(e: ExprIR | null, result: 'i' | 'j'): boolean {
  if (!e) return false;
  return hasSymbol(e.ast, (s) => (s.role === 'special' && s.name === result) || (s.role === 'var' && s.side === (result === 'j' ? 'post' : 'pre')));
}

/** j='k for k in range(...)/sample(...) if ...' (or i='...'): vectorised over the outer index. */
function generatorLines(rule: Extract<ConnectIR, { kind: 'rule' }>, g: GeneratorIR, syn: LSynapses, o: ConnectCodeOptions, nPre: number, nPost: number, what: string): string[] {
  const outer = g.over;
  const result = outer === 'i' ? 'j' : 'i';
  const nOuter = outer === 'i' ? nPre : nPost;
  const nResult = outer === 'i' ? nPost : nPre;
  const lines: string[] = [];
  // The iterator's bounds depend only on the outer index.
  // (2-model refuses bounds that depend on the produced index.)
  const outerCtx: SynContext = { ...pairContext(o, syn), count: `len(${outer})` };
  lines.push(`${outer} = _np.arange(${nOuter}, dtype=_np.int64)`);
  const it = g.iterator;
  lines.push(...evaluate(it.start.ast, '_low', outerCtx, `${outer}.shape`));
  lines.push(...evaluate(it.stop.ast, '_high', outerCtx, `${outer}.shape`));
  lines.push(it.step ? evaluate(it.step.ast, '_step', outerCtx, `${outer}.shape`).join('\n') : `_step = _np.ones(${outer}.shape, dtype=_np.int64)`);
  if (it.kind === 'sample' && it.size) {
    lines.push(...evaluate(it.size.ast, '_size', outerCtx, `${outer}.shape`));
    lines.push(`_pos, _k = _syn.ragged_sample_size(_rng, _low, _high, _step, _size, ${g.skipIfInvalid ? 'True' : 'False'}, ${what})`);
  } else {
    lines.push('_pos, _k = _syn.ragged_range(_low, _high, _step)');
    if (it.kind === 'sample' && it.p) {
      lines.push(...evaluate(it.p.ast, '_p', outerCtx, `${outer}.shape`), '_chosen = _rng.random(len(_k)) < _p[_pos]', '_pos, _k = _pos[_chosen], _k[_chosen]');
    }
  }
  lines.push(`${outer} = ${outer}[_pos]`);
  const innerCtx: SynContext = { ...pairContext(o, syn, new Map([[g.variable, '_k']])), count: `len(${outer})` };
  lines.push(...evaluate(g.element.ast, result, innerCtx, `${outer}.shape`));
  const check = [`_valid = _syn.check_range(${result}, ${nResult}, ${what}, ${g.skipIfInvalid ? 'True' : 'False'})`, `i, j, _k = i[_valid], j[_valid], _k[_valid]`];
  const condition = g.condition ? [...evaluate(g.condition.ast, '_keep', innerCtx), 'i, j, _k = i[_keep], j[_keep], _k[_keep]'] : [];
  // As Brian2: a condition on the produced index needs it in range first; otherwise filter, then check.
  if (usesResult(g.condition, result)) lines.push(...check, ...condition);
  else lines.push(...condition, ...check);
  if (rule.n) lines.push(...evaluate(rule.n.ast, '_n_syn', innerCtx), `i, j = _syn.repeat_pairs(i, j, _n_syn, ${what})`);
  lines.push('self._grow(i, j)');
  return lines;
}

