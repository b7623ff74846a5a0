// Indexing and slicing of evaluator values: Python sequences, dicts, numpy-style arrays (integer,
// slice, boolean-mask and integer-array indices) and Brian2 groups (G[10:20] makes a subgroup).

import type { Loc } from '../../grammars/ast.js';
import type { EvalContext } from './context.js';
import { subgroupOf } from './brian2/attributes.js';
import { concatValues } from './numpy.js';
import { equalValues, rangeLength } from './operators.js';
import { describe, int, num, str, type Value } from './values.js';
import type { NDArray } from './ndarray.js';

/** Resolve a Python slice against a length: [start, stop, step] with the usual clamping. */
export function sliceIndices(s: { start: number | null; stop: number | null; step: number | null }, len: number): number[] {
  const step = s.step ?? 1;
  const norm = (x: number | null, dflt: number) => {
    if (x === null) return dflt;
    if (x < 0) x += len;
    return step > 0 ? Math.min(Math.max(x, 0), len) : Math.min(Math.max(x, -1), len - 1);
  };
  const start = norm(s.start, step > 0 ? 0 : len - 1);
  const stop = norm(s.stop, step > 0 ? len : -1);
  const out: number[] = [];
  for (let k = start; step > 0 ? k < stop : k > stop; k += step) out.push(k);
  return out;
}

function indexOf(idx: Value, len: number, loc: Loc, ctx: EvalContext): number {
  if (!(idx.t === 'num' && idx.int) && idx.t !== 'bool') {
    ctx.fail('type-error', loc, { detail: `indices must be integers, not ${describe(idx)}`, hint: 'use a whole number' });
  }
  let k = idx.t === 'bool' ? +idx.v : idx.v;
  if (k < 0) k += len;
  if (k < 0 || k >= len) ctx.fail('value-error', loc, { detail: `index ${idx.t === 'num' ? idx.v : k} is out of range for length ${len}`, hint: `use an index below ${len}` });
  return k;
}

/** Positions selected by `idx` in a 1-D sequence of length `len`. */
export function selectPositions(idx: Value, len: number, loc: Loc, ctx: EvalContext): number[] | number {
  if (idx.t === 'slice') return sliceIndices(idx, len);
  if (idx.t === 'array' || idx.t === 'list') {
    const values = idx.t === 'array' ? Array.from(idx.a.data) : idx.items.map((x) => (x.t === 'num' ? x.v : x.t === 'bool' ? +x.v : NaN));
    const isMask = idx.t === 'array' ? idx.a.dtype === 'bool' : idx.items.every((x) => x.t === 'bool');
    if (isMask) {
      if (values.length !== len) ctx.fail('value-error', loc, { detail: `boolean index of length ${values.length} for length ${len}`, hint: 'use a mask of the same length' });
      return values.flatMap((x, k) => (x ? [k] : []));
    }
    return values.map((x) => indexOf(int(x), len, loc, ctx));
  }
  if (idx.t === 'range') return Array.from({ length: rangeLength(idx) }, (_, k) => indexOf(int(idx.start + k * idx.step), len, loc, ctx));
  return indexOf(idx, len, loc, ctx);
}

function arrayItem(a: NDArray, dim: Value & { t: 'array' }, idx: Value, loc: Loc, ctx: EvalContext): Value {
  if (idx.t === 'tuple') {
    if (a.shape.length !== 2 || idx.items.length !== 2) ctx.fail('unsupported', loc, { what: 'this multi-dimensional index', hint: 'index 2-D arrays as a[row, col]' });
    const rows = selectPositions(idx.items[0]!, a.shape[0]!, loc, ctx);
    const cols = selectPositions(idx.items[1]!, a.shape[1]!, loc, ctx);
    const R = typeof rows === 'number' ? [rows] : rows;
    const C = typeof cols === 'number' ? [cols] : cols;
    const data: number[] = [];
    for (const r of R) for (const c of C) data.push(a.data[r * a.shape[1]! + c]!);
    if (typeof rows === 'number' && typeof cols === 'number') return num(data[0]!, dim.dim, a.dtype !== 'float');
    const shape = typeof rows === 'number' ? [C.length] : typeof cols === 'number' ? [R.length] : [R.length, C.length];
    return { t: 'array', a: { data: Float64Array.from(data), shape, dtype: a.dtype }, dim: dim.dim };
  }
  const n = a.shape[0] ?? 1;
  const rowLen = a.shape.length > 1 ? a.data.length / n : 1;
  const pos = selectPositions(idx, n, loc, ctx);
  if (typeof pos === 'number') {
    if (a.shape.length === 1) {
      const x = a.data[pos]!;
      return a.dtype === 'bool' ? { t: 'bool', v: x !== 0 } : num(x, dim.dim, a.dtype === 'int');
    }
    return { t: 'array', a: { data: a.data.slice(pos * rowLen, (pos + 1) * rowLen), shape: a.shape.slice(1), dtype: a.dtype }, dim: dim.dim };
  }
  const data = new Float64Array(pos.length * rowLen);
  pos.forEach((p, k) => data.set(a.data.subarray(p * rowLen, (p + 1) * rowLen), k * rowLen));
  return { t: 'array', a: { data, shape: [pos.length, ...a.shape.slice(1)], dtype: a.dtype }, dim: dim.dim };
}

export function getItem(v: Value, idx: Value, loc: Loc, idxLoc: Loc, ctx: EvalContext): Value {
  if (v.t === 'unknown' || v.t === 'inert') return v;
  if (idx.t === 'unknown') return idx;
  switch (v.t) {
    case 'list':
    case 'tuple': {
      const pos = selectPositions(idx, v.items.length, idxLoc, ctx);
      if (typeof pos === 'number') return v.items[pos]!;
      if (idx.t !== 'slice') ctx.fail('type-error', idxLoc, { detail: 'list indices must be integers or slices', hint: 'convert the list with array(...) first' });
      return { t: v.t, items: pos.map((k) => v.items[k]!) };
    }
    case 'str': {
      const pos = selectPositions(idx, v.v.length, idxLoc, ctx);
      const ks = typeof pos === 'number' ? [pos] : pos;
      return str(ks.map((k) => v.v[k]).join(''), loc, v.offsets ? [...ks.map((k) => v.offsets![k]!), (v.offsets[ks[ks.length - 1] ?? 0] ?? 0) + 1] : null);
    }
    case 'dict': {
      const k = v.keys.findIndex((x) => equalValues(x, idx));
      if (k < 0) ctx.fail('value-error', idxLoc, { detail: 'this key is not in the dict', hint: 'check the key' });
      return v.values[k]!;
    }
    case 'range': {
      const items = Array.from({ length: rangeLength(v) }, (_, k) => v.start + k * v.step);
      const pos = selectPositions(idx, items.length, idxLoc, ctx);
      if (typeof pos === 'number') return int(items[pos]!);
      return { t: 'list', items: pos.map((k) => int(items[k]!)) };
    }
    case 'array':
      return arrayItem(v.a, v, idx, idxLoc, ctx);
    case 'lazy':
      if (idx.t === 'slice' && idx.start === null && idx.stop === null && idx.step === null) return v;
      return ctx.fail('unsupported', idxLoc, { what: 'reading part of a per-neuron variable while the model is built', hint: "use the whole variable (v[:]) or a Brian2 string such as 'v_rest + i*mV'" });
    case 'object':
      return subgroupOf(v.obj, idx, loc, idxLoc, ctx);
    case 'builtin':
      // numpy.r_[a, b, ...] concatenates.
      if (v.name === 'r_') return concatValues(idx.t === 'tuple' ? idx.items : [idx], idxLoc, ctx);
      return ctx.fail('type-error', loc, { detail: `${describe(v)} cannot be indexed`, hint: 'call it with (...) instead' });
    case 'num':
      if (idx.t === 'slice' || (idx.t === 'tuple' && idx.items.length === 0)) return v;
      return ctx.fail('type-error', loc, { detail: `${describe(v)} cannot be indexed`, hint: 'index an array or a list' });
    default:
      return ctx.fail('type-error', loc, { detail: `${describe(v)} cannot be indexed`, hint: 'index an array, a list or a group' });
  }
}

export function setItem(container: Value, idx: Value, value: Value, loc: Loc, ctx: EvalContext): void {
  switch (container.t) {
    case 'list': {
      const pos = selectPositions(idx, container.items.length, loc, ctx);
      if (typeof pos !== 'number') ctx.fail('unsupported', loc, { what: 'slice assignment to a list', hint: 'build a new list instead' });
      container.items[pos as number] = value;
      return;
    }
    case 'dict': {
      const k = container.keys.findIndex((x) => equalValues(x, idx));
      if (k >= 0) container.values[k] = value;
      else {
        container.keys.push(idx);
        container.values.push(value);
      }
      return;
    }
    case 'array': {
      const pos = selectPositions(idx, container.a.shape[0] ?? 1, loc, ctx);
      if (container.a.shape.length !== 1) ctx.fail('unsupported', loc, { what: 'item assignment to a multi-dimensional array', hint: 'build the array with numpy functions' });
      const ks = typeof pos === 'number' ? [pos] : pos;
      const src = value.t === 'num' ? ks.map(() => value.v) : value.t === 'array' ? Array.from(value.a.data) : value.t === 'bool' ? ks.map(() => +value.v) : null;
      if (!src || src.length !== ks.length) ctx.fail('type-error', loc, { detail: `cannot store ${describe(value)} here`, hint: 'store numbers of the array\'s units' });
      ks.forEach((k, j) => (container.a.data[k] = src![j]!));
      return;
    }
    case 'unknown':
    case 'inert':
      return;
    default:
      ctx.fail('type-error', loc, { detail: `${describe(container)} does not support item assignment`, hint: 'assign to a list, dict or array' });
  }
}
