// Random draws in generated code, made as Brian2's numpy target makes them, so that a seeded script
// draws the same numbers in the project. Brian2 calls numpy's global generator with the number of
// elements the code runs on: np.random.rand(N) in vector code, np.random.rand() (one number) in scalar
// code (statements on shared variables), and, for a conditional write (`(unless refractory)` targets),
// only as many as there are elements written (its `_vectorisation_idx[not_refractory]`).

import { callsOf, mapChildren, type SExpr } from '../../symbolic/expr.js';
import { numpy } from './numpy-printer.js';

/** Brian2's functions that draw from the generator (one number per element each time they are called). */
export const DRAWING_FUNCTIONS: ReadonlySet<string> = new Set(['rand', 'randn', 'poisson']);

export function draws(e: SExpr): boolean {
  for (const c of callsOf(e)) if (DRAWING_FUNCTIONS.has(c)) return true;
  return false;
}

/**
 * Local names of pre-drawn numbers (`_draw0`, ...; a reserved pattern in python-names.ts, so no model
 * name prints as one). Expressions read them through a `predrawn:<k>` call, which the numpy printer
 * writes as the bare name.
 */
export const drawLocal = (k: number) => `_draw${k}`;
export const PREDRAWN = 'predrawn:';

/**
 * A statement written only where `mask` holds: its random calls draw only for those elements (in the
 * order Python evaluates the expression, left to right, arguments before the call) into full-size
 * arrays, so the rest of the expression is computed as before. `size` is the number of elements.
 * Returns the drawing lines and the expression reading the drawn arrays instead.
 */
export function maskedDraws(e: SExpr, mask: string, size: string): { lines: string[]; expr: SExpr } {
  const lines: string[] = [];
  let k = 0;
  const visit = (x: SExpr): SExpr => {
    const inner = mapChildren(x, visit);
    if (inner.k !== 'call' || !DRAWING_FUNCTIONS.has(inner.fn)) return inner;
    const local = drawLocal(k++);
    const n = `_np.count_nonzero(${mask})`;
    const draw =
      inner.fn === 'rand'
        ? `_rng.random_sample(${n})`
        : inner.fn === 'randn'
          ? `_rng.standard_normal(${n})`
          : `_rng.poisson(_np.broadcast_to(${numpy(inner.args[0]!)}, (${size},))[${mask}], ${n})`;
    lines.push(`${local} = _np.zeros(${size}, dtype=${inner.fn === 'poisson' ? '_np.int64' : '_np.float64'})`, `${local}[${mask}] = ${draw}`);
    return { k: 'call', fn: `${PREDRAWN}${k - 1}`, args: [] };
  };
  const expr = visit(e);
  return { lines, expr };
}
