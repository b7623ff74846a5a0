// Positions that an index selects in a 1-D sequence (lists, strings, groups), as Python and Brian2 count
// them: integers (negative from the end), slices, ranges, integer lists and arrays, boolean masks.
// Shared by subscript.ts (sequence items) and brian2/attributes.ts (groups' variables).

import type { Loc } from '../../grammars/ast.js';
import type { EvalContext } from './context.js';
import { sliceIndices } from './ndarray-index.js';
import { rangeLength } from './operators.js';
import { describe, int, type Value } from './values.js';

export function indexOf(idx: Value, len: number, loc: Loc, ctx: EvalContext): number {
  if (!(idx.t === 'num' && idx.int) && idx.t !== 'bool') {
    ctx.fail('type-error', loc, { detail: `indices must be integers, not ${describe(idx)}`, hint: 'use a whole number' });
  }
  let k = idx.t === 'bool' ? +idx.v : idx.v;
  if (k < 0) k += len;
  if (k < 0 || k >= len)
    ctx.pyError('IndexError', 'value-error', loc, {
      detail: `index ${idx.t === 'num' ? idx.v : k} is out of range for length ${len}`,
      hint: `use an index below ${len}`,
    });
  return k;
}

/** Positions selected by `idx` in a 1-D sequence of length `len` (lists, strings, groups). */
export function selectPositions(idx: Value, len: number, loc: Loc, ctx: EvalContext): number[] | number {
  if (idx.t === 'slice' && idx.dim)
    ctx.fail('type-error', loc, { detail: 'only morphologies and spatial neurons can be sliced with lengths', hint: 'use integer bounds' });
  if (idx.t === 'slice') return sliceIndices(idx, len);
  if (idx.t === 'array' || idx.t === 'list') {
    const values = idx.t === 'array' ? Array.from(idx.a.data) : idx.items.map((x) => (x.t === 'num' ? x.v : x.t === 'bool' ? +x.v : NaN));
    const isMask = idx.t === 'array' ? idx.a.dtype === 'bool' : idx.items.every((x) => x.t === 'bool');
    if (isMask) {
      if (values.length !== len)
        ctx.fail('value-error', loc, { detail: `boolean index of length ${values.length} for length ${len}`, hint: 'use a mask of the same length' });
      return values.flatMap((x, k) => (x ? [k] : []));
    }
    return values.map((x) => indexOf(int(x), len, loc, ctx));
  }
  if (idx.t === 'range') return Array.from({ length: rangeLength(idx) }, (_, k) => indexOf(int(idx.start + k * idx.step), len, loc, ctx));
  return indexOf(idx, len, loc, ctx);
}
