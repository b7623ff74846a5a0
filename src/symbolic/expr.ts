// The symbolic expression layer: a small, JSON-serialisable expression tree with the operations Brian2's
// integrators need (substitution, differentiation, linear coefficients, simplification, evaluation).
// It knows nothing about phases; the model builder produces these trees and the lowering works on them.
// Values are in SI units: by the time an expression is symbolic, units have been checked and removed.

export type BinOp = '+' | '-' | '*' | '/' | '**' | '%' | '//';
export type CmpOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/**
 * Role of a symbol:
 * - `var`: a variable of the group (state, parameter, subexpression before substitution, internal like
 *   lastspike); for synapses `side` says whether it is read from the pre- or postsynaptic group;
 * - `const`: an external constant from the script's namespace (value in the model's constant table);
 * - `special`: t, dt, i, j, N, N_pre, N_post, t_in_timesteps;
 * - `temp`: a temporary introduced by lowering (`_v`, `_k1_v`, ...);
 * - `noise`: a white-noise symbol (`xi`, `xi_1`), only before integration.
 */
export type SymRole = 'var' | 'const' | 'special' | 'temp' | 'noise';

/**
 * Literal details Brian2's arithmetic depends on (see 3-lower/brian2-arithmetic), kept by the model
 * builder and ignored by everything else: `int` for an integer literal (`2`, not `2.0`), `name` for a
 * number the script wrote as a name (a unit such as `mV`, `pi`, or a constant inlined in an
 * initialisation), `as` for a symbol or TimedArray call written under another name than its key
 * (`v` for the postsynaptic `v_post`, the script's name of a renamed constant).
 */
export type SExpr =
  | { k: 'num'; v: number; int?: true; name?: string }
  | { k: 'bool'; v: boolean }
  | { k: 'sym'; name: string; role: SymRole; side?: 'pre' | 'post'; as?: string }
  | { k: 'call'; fn: string; args: SExpr[]; as?: string }
  | { k: 'bin'; op: BinOp; a: SExpr; b: SExpr }
  | { k: 'neg'; a: SExpr }
  | { k: 'cmp'; op: CmpOp; a: SExpr; b: SExpr }
  | { k: 'logic'; op: 'and' | 'or'; a: SExpr; b: SExpr }
  | { k: 'not'; a: SExpr };

// ---------------------------------------------------------------- constructors

export const num = (v: number): SExpr => ({ k: 'num', v });
export const sym = (name: string, role: SymRole = 'var', side?: 'pre' | 'post'): SExpr => (side ? { k: 'sym', name, role, side } : { k: 'sym', name, role });
export const call = (fn: string, ...args: SExpr[]): SExpr => ({ k: 'call', fn, args });
export const neg = (a: SExpr): SExpr => ({ k: 'neg', a });
export const bin = (op: BinOp, a: SExpr, b: SExpr): SExpr => ({ k: 'bin', op, a, b });
export const add = (a: SExpr, b: SExpr) => bin('+', a, b);
export const sub = (a: SExpr, b: SExpr) => bin('-', a, b);
export const mul = (a: SExpr, b: SExpr) => bin('*', a, b);
export const div = (a: SExpr, b: SExpr) => bin('/', a, b);
export const pow = (a: SExpr, b: SExpr) => bin('**', a, b);

export const ZERO = num(0);
export const ONE = num(1);

export function isNum(e: SExpr, v?: number): e is { k: 'num'; v: number } {
  return e.k === 'num' && (v === undefined || e.v === v);
}

// ---------------------------------------------------------------- traversal

export function children(e: SExpr): SExpr[] {
  switch (e.k) {
    case 'num':
    case 'bool':
    case 'sym':
      return [];
    case 'call':
      return e.args;
    case 'neg':
    case 'not':
      return [e.a];
    default:
      return [e.a, e.b];
  }
}

/** Rebuild `e` with `f` applied to each direct child. */
export function mapChildren(e: SExpr, f: (c: SExpr) => SExpr): SExpr {
  switch (e.k) {
    case 'num':
    case 'bool':
    case 'sym':
      return e;
    case 'call':
      return { ...e, args: e.args.map(f) };
    case 'neg':
    case 'not':
      return { ...e, a: f(e.a) };
    default:
      return { ...e, a: f(e.a), b: f(e.b) } as SExpr;
  }
}

export function symKey(e: { name: string; side?: 'pre' | 'post' }): string {
  return e.side ? `${e.name}_${e.side}` : e.name;
}

/** Every symbol occurring in `e` (by key), with its node. */
export function symbols(e: SExpr, out = new Map<string, Extract<SExpr, { k: 'sym' }>>()): Map<string, Extract<SExpr, { k: 'sym' }>> {
  if (e.k === 'sym') out.set(symKey(e), e);
  for (const c of children(e)) symbols(c, out);
  return out;
}

export function hasSymbol(e: SExpr, pred: (s: Extract<SExpr, { k: 'sym' }>) => boolean): boolean {
  if (e.k === 'sym') return pred(e);
  return children(e).some((c) => hasSymbol(c, pred));
}

export function callsOf(e: SExpr, out = new Set<string>()): Set<string> {
  if (e.k === 'call') out.add(e.fn);
  for (const c of children(e)) callsOf(c, out);
  return out;
}

/** Replace symbols (by key) with expressions. */
export function substitute(e: SExpr, map: ReadonlyMap<string, SExpr> | Record<string, SExpr>): SExpr {
  const get = map instanceof Map ? (k: string) => map.get(k) : (k: string) => (map as Record<string, SExpr>)[k];
  const go = (x: SExpr): SExpr => {
    if (x.k === 'sym') return get(symKey(x)) ?? x;
    return mapChildren(x, go);
  };
  return go(e);
}

export function equal(a: SExpr, b: SExpr): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
