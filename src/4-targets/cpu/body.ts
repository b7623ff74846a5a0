// Python method bodies from lowered statements. A body binds every name it uses to a local first
// (`v = self.v`, `tau = _K.tau`), so the statements below read like Brian2's abstract code. Code for a
// subset of neurons (reset, spike bookkeeping, initialisation) works on copies `v = self.v[_idx]` and
// writes the assigned variables back at the end, as Brian2's numpy target does.

import type { LNeuronGroup, LStmt, LVar } from '../../3-lower/lowered.js';
import type { SetOp } from '../../2-model/ir.js';
import { callsOf, type SExpr, symbols } from '../../symbolic/expr.js';
import { draws, maskedDraws } from './draws.js';
import { numpy, numpyScalar, timedArrayLocal } from './numpy-printer.js';
import { pyIdent, pyStr } from '../../4-emit/python-names.js';

export interface BodyOptions {
  /** The group whose variables the code reads (any group kind: only its id, size and variables matter). */
  group: Pick<LNeuronGroup, 'id' | 'n' | 'variables'>;
  /** Expression for the object holding the group's arrays (`self`, `g`). */
  owner: string;
  /** Work on `_idx` (already bound) instead of all neurons. */
  subset: boolean;
  /** Names of temporaries stored on the group (hoisted values). */
  hoisted: Set<string>;
  /** Expression for `i` in subset context (default `self.i[_idx]`). */
  indexExpr?: string;
  /** Expression for N (default the group size). */
  sizeExpr?: string;
  /** Expression for the simulation object (`self._sim`). */
  sim?: string;
}

function exprsOf(stmts: LStmt[], extra: SExpr[]): SExpr[] {
  const out: SExpr[] = [...extra];
  for (const s of stmts) {
    out.push(s.expr);
    if (s.where) out.push(s.where);
  }
  return out;
}

/** Bindings for every name used by the statements and extra expressions. */
export function bindings(stmts: LStmt[], extra: SExpr[], o: BodyOptions): string[] {
  const sim = o.sim ?? `${o.owner}._sim`;
  const lines: string[] = [];
  const seen = new Set<string>();
  const vars = new Map<string, LVar>(o.group.variables.map((v) => [v.name, v]));
  const bind = (name: string, value: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    lines.push(`${name} = ${value}`);
  };
  const targets = new Set(stmts.filter((s) => !s.target.startsWith('_')).map((s) => s.target));
  const used = new Map<string, Extract<SExpr, { k: 'sym' }>>();
  for (const e of exprsOf(stmts, extra)) for (const [k, s] of symbols(e)) used.set(k, s);
  for (const t of targets) if (!used.has(t)) used.set(t, { k: 'sym', name: t, role: 'var' });
  const calls = new Set<string>();
  for (const e of exprsOf(stmts, extra)) for (const c of callsOf(e)) calls.add(c);

  for (const s of [...used.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const name = pyIdent(s.name);
    switch (s.role) {
      case 'var': {
        const v = vars.get(s.name);
        if (!v) throw new Error(`generated code refers to '${s.name}', which is not a variable of ${o.group.id}`);
        bind(name, o.subset && !v.shared ? `${o.owner}.${name}[_idx]` : `${o.owner}.${name}`);
        break;
      }
      case 'const':
        bind('_K', `${sim}.constants`);
        bind(name, `_K.${name}`);
        break;
      case 'special':
        if (s.name === 'dt') bind('dt', `${o.owner}._clock.dt`);
        else if (s.name === 'N') bind('N', o.sizeExpr ?? String(o.group.n));
        else if (s.name === 'i') bind('i', o.subset ? (o.indexExpr ?? `${o.owner}.i[_idx]`) : `${o.owner}.i`);
        else if (s.name === 't_in_timesteps') bind('t_in_timesteps', `${o.owner}._clock.n`);
        // t is a parameter of every method.
        break;
      case 'temp':
        if (o.hoisted.has(s.name)) bind(pyIdent(s.name), `${o.owner}.${pyIdent(s.name)}`);
        break;
      default:
        throw new Error(`symbol ${s.name} (${s.role}) cannot appear in generated code`);
    }
  }
  if (calls.has('rand') || calls.has('randn') || calls.has('poisson')) {
    bind('_rng', `${sim}.rng`);
    bind('_n', o.subset ? 'len(_idx)' : (o.sizeExpr ?? String(o.group.n)));
  }
  for (const c of calls) {
    if (c.startsWith('timedarray:')) {
      const id = c.slice('timedarray:'.length);
      // Brian2 builds a TimedArray's function for the dt of the code's clock.
      bind(timedArrayLocal(id), `${sim}.timed_arrays[${pyStr(id)}].at(${o.owner}._clock.dt)`);
    }
  }
  return lines;
}

/**
 * The statements themselves (after the bindings). An in-place operator on an integer or boolean
 * variable (`count += 1` in a reset) is written as an assignment: numpy refuses to add a float64
 * result into an int64 array in place, and assigning casts as Brian2 does. Statements on `shared`
 * variables are Brian2's scalar code: their random calls draw one number each. A conditional write
 * (`where`) draws only for the elements it writes, as Brian2 does.
 */
export function statementLines(stmts: LStmt[], integral: ReadonlySet<string> = new Set(), shared: ReadonlySet<string> = new Set()): string[] {
  const lines: string[] = [];
  for (const s of stmts) {
    let expr = s.expr;
    if (s.where && draws(expr)) {
      lines.push(`_m = _np.broadcast_to(${numpy(s.where)}, (_n,))`);
      const masked = maskedDraws(expr, '_m', '_n');
      lines.push(...masked.lines);
      expr = masked.expr;
    }
    let rhs = shared.has(s.target) ? numpyScalar(expr) : numpy(expr);
    if (s.where) rhs = `_np.where(${numpy(s.where)}, ${rhs}, ${s.target.startsWith('_') ? pyIdent(s.target.slice(1)) : pyIdent(s.target)})`;
    if (s.target.startsWith('_')) lines.push(`${pyIdent(s.target)} ${s.op} ${rhs}`);
    else if (s.op !== '=' && integral.has(s.target)) lines.push(`${pyIdent(s.target)}[...] = ${pyIdent(s.target)} ${s.op.slice(0, -1)} (${rhs})`);
    else lines.push(`${pyIdent(s.target)}[...] ${s.op} ${rhs}`);
  }
  return lines;
}

function sharedNames(o: Pick<BodyOptions, 'group'>): Set<string> {
  return new Set(o.group.variables.filter((v) => v.shared).map((v) => v.name));
}

/** Write back variables assigned in subset code. */
export function writeBack(stmts: LStmt[], o: Pick<BodyOptions, 'group' | 'owner'>): string[] {
  const vars = new Map(o.group.variables.map((v) => [v.name, v]));
  const out: string[] = [];
  const done = new Set<string>();
  for (const s of stmts) {
    if (s.target.startsWith('_') || done.has(s.target)) continue;
    done.add(s.target);
    if (vars.get(s.target)?.shared) continue;
    out.push(`${o.owner}.${pyIdent(s.target)}[_idx] = ${pyIdent(s.target)}`);
  }
  return out;
}

export function body(stmts: LStmt[], o: BodyOptions, extra: SExpr[] = []): string[] {
  const integral = new Set(o.group.variables.filter((v) => v.dtype === 'int' || v.dtype === 'bool').map((v) => v.name));
  return [...bindings(stmts, extra, o), ...statementLines(stmts, integral, sharedNames(o)), ...(o.subset ? writeBack(stmts, o) : [])];
}

/**
 * `target[sel] = value`, or for `G.v += x` the current values OP the value (Brian2 computes them in
 * float64 and writes them back, so an integer variable truncates as numpy's assignment does).
 */
export function assignment(target: string, sel: string, value: string, op: SetOp | undefined): string {
  return op ? `${target}${sel} = ${target}${sel} ${op} (${value})` : `${target}${sel} = ${value}`;
}
