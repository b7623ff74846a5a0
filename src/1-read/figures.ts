// Figures are inert, but their layout is not unknown: `plt.subplots(3)` returns three axes, whatever
// the script draws in them, so `for ax, p in zip(axes, params)` runs three times. An inert value may
// carry the shape of such a grid of axes; indexing, iterating, `len`, `.flat` and unpacking follow
// numpy's rules for it. Everything drawn stays inert.

import type { Loc } from '../../grammars/ast.js';
import type { EvalContext } from './context.js';
import { arg } from './numeric.js';
import { sliceIndices } from './ndarray-index.js';
import { builtin, int, type CallArgs, type Value } from './values.js';

type Inert = Extract<Value, { t: 'inert' }>;

/** An inert grid of the given shape (a single item when the shape is empty). */
export function inertGrid(what: string, shape: number[]): Inert {
  return shape.length ? { t: 'inert', what, shape } : { t: 'inert', what };
}

function count(v: Value | undefined, dflt: number): number {
  return v && v.t === 'num' && Number.isInteger(v.v) && v.v > 0 ? v.v : dflt;
}

/** `subplots(nrows=1, ncols=1, squeeze=True, ...)`: the figure and its axes, shaped as matplotlib shapes them. */
export function subplots(args: CallArgs): Value {
  const rows = count(arg(args, 0, 'nrows')?.value, 1);
  const cols = count(arg(args, 1, 'ncols')?.value, 1);
  const squeeze = args.keywords.get('squeeze');
  const squeezed = !(squeeze && squeeze.t === 'bool' && !squeeze.v);
  const shape = !squeezed ? [rows, cols] : rows === 1 && cols === 1 ? [] : rows === 1 || cols === 1 ? [rows * cols] : [rows, cols];
  return { t: 'tuple', items: [{ t: 'inert', what: 'a matplotlib figure' }, inertGrid('matplotlib axes', shape)] };
}

/** Attributes of an inert value; a grid keeps its shape through flat/ravel/flatten/T and reports it. */
export function inertAttribute(v: Inert, name: string): Value {
  if (name === 'subplots') return builtin('subplots', subplots);
  if (!v.shape) return { t: 'inert', what: v.what };
  const flat = inertGrid(v.what, [v.shape.reduce((a, b) => a * b, 1)]);
  switch (name) {
    case 'flat':
      return flat;
    case 'ravel':
    case 'flatten':
      return builtin(name, () => flat);
    case 'T':
      return inertGrid(v.what, [...v.shape].reverse());
    case 'shape':
      return { t: 'tuple', items: v.shape.map(int) };
    case 'size':
      return int(v.shape.reduce((a, b) => a * b, 1));
    case 'ndim':
      return int(v.shape.length);
    default:
      return { t: 'inert', what: v.what };
  }
}

/** `axes[k]`, `axes[r, c]`, `axes[1:]`: the part of the grid numpy's indexing selects. */
export function inertItem(v: Inert, idx: Value, loc: Loc, ctx: EvalContext): Value {
  if (!v.shape) return { t: 'inert', what: v.what };
  const parts = idx.t === 'tuple' ? idx.items : [idx];
  if (parts.length > v.shape.length) return { t: 'inert', what: v.what };
  const shape: number[] = [];
  for (let k = 0; k < v.shape.length; k++) {
    const p = parts[k];
    if (!p) {
      shape.push(v.shape[k]!);
      continue;
    }
    const n = v.shape[k]!;
    if (p.t === 'slice') shape.push(sliceIndices(p, n).length);
    else if (p.t === 'num' && p.int) {
      if (p.v >= n || p.v < -n)
        ctx.pyError('IndexError', 'value-error', loc, {
          detail: `index ${p.v} is out of bounds for axis ${k} with size ${n}`,
          hint: `the figure has ${n} axes along this axis`,
        });
    } else return { t: 'inert', what: v.what };
  }
  return inertGrid(v.what, shape);
}

/** The items of an inert grid (null when its length is not known). */
export function inertItems(v: Inert): Value[] | null {
  if (!v.shape) return null;
  return Array.from({ length: v.shape[0]! }, () => inertGrid(v.what, v.shape!.slice(1)));
}
