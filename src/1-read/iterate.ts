// Iteration over values (for loops, unpacking, list(), comprehensions), as Python iterates them.

import type { Loc } from '../../grammars/ast.js';
import type { EvalContext } from './context.js';
import { MAX_ITEMS, rangeLength } from './operators.js';
import { describe, int, num, str, type Value } from './values.js';
import { inertItems } from './figures.js';

export function iterate(v: Value, loc: Loc, ctx: EvalContext, what: string): Value[] {
  switch (v.t) {
    case 'list':
    case 'tuple':
    case 'set':
      return [...v.items];
    case 'dict':
      return [...v.keys];
    case 'str':
      return [...v.v].map((ch, k) => str(ch, loc, v.offsets ? [v.offsets[k]!, v.offsets[k]! + 1] : null));
    case 'range': {
      const n = rangeLength(v);
      if (n > MAX_ITEMS) ctx.fail('limit', loc, { detail: `${what} has ${n} items, too many to evaluate`, hint: 'use numpy arrays or Brian2 strings' });
      return Array.from({ length: n }, (_, k) => int(v.start + k * v.step));
    }
    case 'array': {
      const a = v.a;
      if (a.shape.length === 0) ctx.fail('type-error', loc, { detail: 'iteration over a 0-d array', hint: 'use the value directly' });
      if (a.shape.length === 1) return Array.from(a.data, (x) => (a.dtype === 'bool' ? { t: 'bool', v: x !== 0 } : num(x, v.dim, a.dtype === 'int')));
      const rows = a.shape[0]!;
      const rowLen = a.data.length / rows;
      return Array.from({ length: rows }, (_, r) => ({
        t: 'array',
        a: { data: a.data.slice(r * rowLen, (r + 1) * rowLen), shape: a.shape.slice(1), dtype: a.dtype },
        dim: v.dim,
      }));
    }
    case 'unknown':
      if (!v.why) throw new SuppressedIteration();
      return ctx.failUnknown(v, loc, what);
    case 'inert': {
      // A grid of axes has its items; how many items anything else drawn has exists only when the
      // script runs: what iterates it is inert too.
      const items = inertItems(v);
      if (items) return items;
      throw new InertIteration(v);
    }
    case 'drawn':
      return ctx.fail('not-static', loc, {
        what,
        hint: 'random numbers drawn while the model is built are drawn by the generated project; use numpy on the whole array instead of a loop',
      });
    case 'lazy':
      if (v.values) return iterate({ t: 'array', a: v.values, dim: v.dim ?? [0, 0, 0, 0, 0, 0, 0] }, loc, ctx, what);
      return ctx.fail('not-static', loc, { what, hint: 'per-neuron values cannot be iterated while the model is built; use a Brian2 string' });
    default:
      return ctx.fail('type-error', loc, { detail: `${describe(v)} cannot be iterated`, hint: 'iterate over a list, range or array' });
  }
}

/** Raised when iterating an inert value (a figure's axes): the call or expression doing it gives an inert value. */
export class InertIteration extends Error {
  constructor(readonly value: Extract<Value, { t: 'inert' }>) {
    super('iteration over an inert value');
  }
}

/** Raised when iterating a value poisoned by an earlier error; the evaluator stops quietly. */
export class SuppressedIteration extends Error {}
