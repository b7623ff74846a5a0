// Python bodies of synaptic code. A body binds the names it uses to locals first (`w = self.w[_idx]`,
// `v_post = self._tgt.v[_post_idx]`), so the statements read like Brian2's abstract code. The three
// ways Brian2's numpy target runs pathway code (LVectorisation) each get their own layout.

import type { LStmt, LSynapses, LVar } from '../../3-lower/lowered.js';
import { callsOf, type SExpr, symbols } from '../../symbolic/expr.js';
import { draws, maskedDraws } from './draws.js';
import { numpy, timedArrayLocal } from './numpy-printer.js';
import { pyIdent, pyStr } from '../../4-emit/python-names.js';

/** Where synaptic code runs and how its names are read. */
export interface SynContext {
  syn: LSynapses;
  source: { vars: Map<string, LVar> };
  target: { vars: Map<string, LVar> };
  /**
   * Which synapses: `all` (arrays used directly), `subset` (the synapses in `_idx`), or `none`
   * (connect(): candidate pairs, no synapse exists yet).
   */
  synapses: 'all' | 'subset' | 'none';
  /** Python expressions for i and j (relative indices) and for the number of elements. */
  i: string;
  j: string;
  count: string;
  /** Absolute indices into the source and target groups' arrays. */
  pre: string;
  post: string;
  /** Extra names (the variable of a connect generator). */
  specials?: Map<string, string>;
  /** Temporaries stored on the object (hoisted propagators). */
  hoisted: Set<string>;
  /** Expression for t where it is not a parameter of the method (connect() and initialisations). */
  t?: string;
}

const SIM = 'self._sim';

function synVar(c: SynContext, name: string): LVar {
  const v = c.syn.variables.find((x) => x.name === name);
  if (!v) throw new Error(`generated code refers to '${name}', which is not a variable of ${c.syn.id}`);
  return v;
}

/** Lines binding every name the expressions use (and the synaptic variables the statements assign). */
export function synapticBindings(exprs: SExpr[], assigned: string[], c: SynContext, bound = new Set<string>()): string[] {
  const lines: string[] = [];
  const bind = (name: string, value: string) => {
    if (bound.has(name)) return;
    bound.add(name);
    if (value !== name) lines.push(`${name} = ${value}`);
  };
  const used = new Map<string, Extract<SExpr, { k: 'sym' }>>();
  for (const e of exprs) for (const [k, s] of symbols(e)) used.set(k, s);
  for (const t of assigned) if (!used.has(t)) used.set(t, { k: 'sym', name: t, role: 'var' });
  const calls = new Set<string>();
  for (const e of exprs) for (const f of callsOf(e)) calls.add(f);
  const sideIndex = (side: 'pre' | 'post') => {
    const local = side === 'pre' ? '_pre_idx' : '_post_idx';
    bind(local, side === 'pre' ? c.pre : c.post);
    return local;
  };
  for (const s of [...used.values()].sort((a, b) => (a.name + (a.side ?? '') < b.name + (b.side ?? '') ? -1 : 1))) {
    const local = pyIdent(s.side ? `${s.name}_${s.side}` : s.name);
    switch (s.role) {
      case 'var': {
        if (s.side) {
          const g = s.side === 'pre' ? c.source : c.target;
          const v = g.vars.get(s.name);
          if (!v)
            throw new Error(`generated code refers to '${s.name}', which is not a variable of the ${s.side === 'pre' ? 'source' : 'target'} of ${c.syn.id}`);
          const owner = s.side === 'pre' ? 'self._src' : 'self._tgt';
          bind(local, v.shared ? `${owner}.${pyIdent(s.name)}` : `${owner}.${pyIdent(s.name)}[${sideIndex(s.side)}]`);
          break;
        }
        if (c.synapses === 'none') throw new Error(`synaptic variable '${s.name}' used while creating synapses`);
        const v = synVar(c, s.name);
        bind(local, c.synapses === 'all' || v.shared ? `self.${local}` : `self.${local}[_idx]`);
        break;
      }
      case 'const':
        bind('_K', `${SIM}.constants`);
        bind(local, `_K.${local}`);
        break;
      case 'special': {
        const extra = c.specials?.get(s.name);
        if (extra !== undefined) bind(local, extra);
        else if (s.name === 'dt') bind('dt', 'self._clock.dt');
        else if (s.name === 't_in_timesteps') bind('t_in_timesteps', 'self._clock.n');
        else if (s.name === 'i') bind('i', c.i);
        else if (s.name === 'j') bind('j', c.j);
        else if (s.name === 'N') bind('N', 'self.N');
        else if (s.name === 'N_pre') bind('N_pre', 'self.N_PRE');
        else if (s.name === 'N_post') bind('N_post', 'self.N_POST');
        else if (s.name === 'N_incoming') bind('N_incoming', `self.N_incoming[${c.j}]`);
        else if (s.name === 'N_outgoing') bind('N_outgoing', `self.N_outgoing[${c.i}]`);
        else if (s.name === 't') {
          if (c.t) bind('t', c.t);
        } else throw new Error(`special name ${s.name} cannot appear in synaptic code`);
        break;
      }
      case 'temp':
        if (c.hoisted.has(s.name)) bind(local, `self.${local}`);
        break;
      default:
        throw new Error(`symbol ${s.name} (${s.role}) cannot appear in generated code`);
    }
  }
  if (calls.has('rand') || calls.has('randn') || calls.has('poisson')) {
    bind('_rng', `${SIM}.rng`);
    bind('_n', c.count);
  }
  for (const f of calls) {
    if (f.startsWith('timedarray:')) {
      const id = f.slice('timedarray:'.length);
      bind(timedArrayLocal(id), `${SIM}.timed_arrays[${pyStr(id)}].at(self._clock.dt)`);
    }
  }
  return lines;
}

function exprsOf(stmts: LStmt[]): SExpr[] {
  return stmts.map((s) => s.expr);
}

/**
 * Statements that write only synaptic variables and temporaries: read once, compute on the vectors,
 * write the synaptic variables back (for `subset` code, whose locals are copies).
 */
export function togetherBody(stmts: LStmt[], c: SynContext): string[] {
  const assigned = [...new Set(stmts.filter((s) => !s.target.startsWith('_')).map((s) => s.target))];
  const lines = synapticBindings(exprsOf(stmts), assigned, c);
  for (const s of stmts) {
    if (s.side) throw new Error('togetherBody got a statement writing a pre/post variable');
    const rhs = numpy(s.expr);
    lines.push(
      s.target.startsWith('_')
        ? `${pyIdent(s.target)} ${s.op} ${rhs}`
        : inPlace(`${pyIdent(s.target)}[...]`, pyIdent(s.target), s.op, rhs, synVar(c, s.target)),
    );
  }
  if (c.synapses === 'subset') {
    for (const t of assigned) if (!synVar(c, t).shared) lines.push(`self.${pyIdent(t)}[_idx] = ${pyIdent(t)}`);
  }
  return lines;
}

const UFUNC_AT: Record<string, string> = { '+=': '_np.add', '-=': '_np.subtract', '*=': '_np.multiply', '/=': '_np.divide' };

/**
 * Statement by statement, each reading the current values (Brian2's vectorisation with repeated
 * indices): in-place updates of pre/post variables accumulate over synapses that share a neuron.
 */
export function perStatementBody(stmts: LStmt[], c: SynContext): string[] {
  const lines: string[] = [];
  const fixed = new Set<string>();
  for (const s of stmts) {
    // Fresh reads for every statement; only the neuron index arrays and temporaries persist.
    const bound = new Set([...fixed].filter((n) => n === '_pre_idx' || n === '_post_idx' || n.startsWith('_')));
    const binds = synapticBindings([s.expr], [], c, bound);
    for (const b of binds) fixed.add(b.split(' = ')[0]!);
    lines.push(...binds);
    let rhs = numpy(s.expr);
    if (s.side) {
      const owner = s.side === 'pre' ? 'self._src' : 'self._tgt';
      const vars = s.side === 'pre' ? c.source.vars : c.target.vars;
      const index = s.side === 'pre' ? '_pre_idx' : '_post_idx';
      if (!fixed.has(index)) {
        lines.push(`${index} = ${s.side === 'pre' ? c.pre : c.post}`);
        fixed.add(index);
      }
      const array = `${owner}.${pyIdent(s.target)}`;
      if (vars.get(s.target)?.shared) throw new Error(`writing the shared variable ${s.target} from synapses`);
      let at = index;
      let value = rhs;
      if (s.where) {
        // Conditional write: only neurons that are not refractory (read now, as Brian2 does), and
        // random numbers drawn only for them.
        lines.push(`_m = ${owner}.not_refractory[${index}]`);
        if (draws(s.expr)) {
          const masked = maskedDraws(s.expr, '_m', `len(${index})`);
          lines.push(...masked.lines);
          rhs = numpy(masked.expr);
        }
        at = `${index}[_m]`;
        value = `_np.broadcast_to(${rhs}, ${index}.shape)[_m]`;
      }
      if (s.op === '=') lines.push(`${array}[${at}] = ${value}`);
      else lines.push(`${UFUNC_AT[s.op]}.at(${array}, ${at}, ${value})`);
      continue;
    }
    if (s.target.startsWith('_')) {
      lines.push(`${pyIdent(s.target)} ${s.op} ${rhs}`);
      fixed.add(pyIdent(s.target));
      continue;
    }
    const v = synVar(c, s.target);
    const whole = `self.${pyIdent(s.target)}`;
    const target = v.shared || c.synapses === 'all' ? `${whole}[...]` : `${whole}[_idx]`;
    lines.push(inPlace(target, target.endsWith('[...]') ? whole : target, s.op, rhs, v));
  }
  return lines;
}

/**
 * `target op= rhs`; on an integer or boolean variable as `target = current op (rhs)`, since numpy
 * refuses to write a float64 result into an int64 array in place (assigning casts, as Brian2 does).
 */
function inPlace(target: string, current: string, op: LStmt['op'], rhs: string, v: { dtype?: string }): string {
  if (op !== '=' && (v.dtype === 'int' || v.dtype === 'bool')) return `${target} = ${current} ${op.slice(0, -1)} (${rhs})`;
  return `${target} ${op} ${rhs}`;
}
