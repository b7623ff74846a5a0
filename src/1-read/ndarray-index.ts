// numpy indexing on NDArray: integers, slices, None (newaxis), Ellipsis, integer arrays and boolean
// masks, with numpy's rules for where the dimensions of advanced (array) indices go. A selection is
// the list of flat source positions plus the result shape, so reading (`a[idx]`) and writing
// (`a[idx] = v`, with v broadcast to the result shape) share one implementation.

import { broadcastIndexer, broadcastShapes, broadcastTo, castValue, checkedSize, shapeText, size, stridesOf, writeThrough, type NDArray } from './ndarray.js';

export type IndexItem =
  | { k: 'int'; i: number }
  | { k: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { k: 'newaxis' }
  | { k: 'ellipsis' }
  /** An integer index array, or a boolean mask (dtype 'bool'). */
  | { k: 'array'; a: NDArray };

/** Raised for indices that do not fit the array (Python's IndexError). */
export class IndexError extends Error {}

export interface Selection {
  shape: number[];
  /** Flat positions in the source array, in the result's C order. */
  positions: Float64Array;
  /** Every dimension was indexed by an integer: the result is one element. */
  scalar: boolean;
  /** Only basic indices (integers, slices, None, Ellipsis): numpy returns a view. */
  basic: boolean;
}

/** Resolve a Python slice against a length: the selected positions, with Python's clamping. */
export function sliceIndices(s: { start: number | null; stop: number | null; step: number | null }, len: number): number[] {
  const step = s.step ?? 1;
  if (step === 0) throw new IndexError('slice step cannot be zero');
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

function checkIndex(i: number, len: number, axis: number): number {
  const k = i < 0 ? i + len : i;
  if (!Number.isInteger(k) || k < 0 || k >= len) throw new IndexError(`index ${i} is out of bounds for axis ${axis} with size ${len}`);
  return k;
}

const consumes = (x: IndexItem) => (x.k === 'newaxis' || x.k === 'ellipsis' ? 0 : x.k === 'array' && x.a.dtype === 'bool' ? Math.max(x.a.shape.length, 1) : 1);

/** Boolean masks become one integer array per masked dimension (numpy's nonzero). */
function expandMask(mask: NDArray, dims: readonly number[]): NDArray[] {
  if (mask.shape.length === 0) throw new IndexError('a single True/False as an index is not supported');
  if (mask.shape.length !== dims.length || mask.shape.some((s, k) => s !== dims[k])) {
    throw new IndexError(`boolean index of shape ${shapeText(mask.shape)} does not match the indexed dimensions ${shapeText(dims)}`);
  }
  const strides = stridesOf(mask.shape);
  const hits: number[] = [];
  mask.data.forEach((x, k) => {
    if (x) hits.push(k);
  });
  return mask.shape.map((_, d) => ({ data: Float64Array.from(hits, (h) => Math.floor(h / strides[d]!) % mask.shape[d]!), shape: [hits.length], dtype: 'int' }));
}

interface Group {
  /** Output dimensions this group spans (one, or the broadcast shape of the advanced indices). */
  dims: number[];
  /** Offset into the source for each flat position of the group. */
  offsets: Float64Array;
}

export function select(shape: readonly number[], raw: IndexItem[]): Selection {
  const ndim = shape.length;
  // 1. Ellipsis: the full slices it stands for; without one, full slices at the end.
  const ellipses = raw.filter((x) => x.k === 'ellipsis').length;
  if (ellipses > 1) throw new IndexError("an index can only have a single ellipsis ('...')");
  const used = raw.reduce((n, x) => n + consumes(x), 0);
  if (used > ndim) throw new IndexError(`too many indices for array: array is ${ndim}-dimensional, but ${used} were indexed`);
  const full = (): IndexItem => ({ k: 'slice', start: null, stop: null, step: null });
  const items: IndexItem[] = [];
  for (const x of raw) {
    if (x.k === 'ellipsis') for (let k = 0; k < ndim - used; k++) items.push(full());
    else items.push(x);
  }
  if (!ellipses) for (let k = used; k < ndim; k++) items.push(full());

  // 2. Masks become integer arrays over the dimensions they cover.
  const expanded: { item: IndexItem; dim: number }[] = [];
  let dim = 0;
  for (const x of items) {
    if (x.k === 'array' && x.a.dtype === 'bool') {
      const n = Math.max(x.a.shape.length, 1);
      for (const a of expandMask(x.a, shape.slice(dim, dim + n))) expanded.push({ item: { k: 'array', a }, dim: dim++ });
    } else {
      expanded.push({ item: x, dim });
      if (x.k !== 'newaxis') dim++;
    }
  }

  // 3. With any index array, integers are advanced indices too (numpy's rule).
  const advanced = expanded.some((e) => e.item.k === 'array');
  const strides = stridesOf(shape);
  let base = 0;
  const groups: Group[] = [];
  const advPositions: number[] = [];
  const advItems: { a: NDArray; dim: number }[] = [];
  expanded.forEach(({ item, dim: d }, pos) => {
    switch (item.k) {
      case 'int':
        if (advanced) {
          advPositions.push(pos);
          advItems.push({ a: { data: Float64Array.of(checkIndex(item.i, shape[d]!, d)), shape: [], dtype: 'int' }, dim: d });
        } else base += checkIndex(item.i, shape[d]!, d) * strides[d]!;
        return;
      case 'slice': {
        const coords = sliceIndices(item, shape[d]!);
        groups.push({ dims: [coords.length], offsets: Float64Array.from(coords, (c) => c * strides[d]!) });
        return;
      }
      case 'newaxis':
        groups.push({ dims: [1], offsets: Float64Array.of(0) });
        return;
      case 'array':
        if (item.a.dtype === 'float') throw new IndexError('arrays used as indices must be of integer (or boolean) type');
        advPositions.push(pos);
        advItems.push({ a: item.a, dim: d });
        return;
      case 'ellipsis':
        return;
    }
  });
  if (advanced) {
    const bshape = advItems.reduce<number[]>((s, x) => broadcastShapes(s, x.a.shape), []);
    const n = checkedSize(size(bshape));
    const offsets = new Float64Array(n);
    for (const { a, dim: d } of advItems) {
      const at = broadcastIndexer(a.shape, bshape);
      for (let k = 0; k < n; k++) offsets[k] += checkIndex(a.data[at(k)]!, shape[d]!, d) * strides[d]!;
    }
    const group: Group = { dims: bshape, offsets };
    // Next to each other: their dimensions replace them in place; separated: they go first.
    const contiguous = advPositions[advPositions.length - 1]! - advPositions[0]! + 1 === advPositions.length;
    const before = contiguous ? expanded.slice(0, advPositions[0]).filter((e) => e.item.k === 'slice' || e.item.k === 'newaxis').length : 0;
    groups.splice(before, 0, group);
  }

  const outShape = groups.flatMap((g) => g.dims);
  const total = checkedSize(size(outShape));
  const positions = new Float64Array(total);
  const counters = groups.map(() => 0);
  let acc = base + groups.reduce((s, g) => s + (g.offsets[0] ?? 0), 0);
  for (let k = 0; k < total; k++) {
    positions[k] = acc;
    for (let gi = groups.length - 1; gi >= 0; gi--) {
      const g = groups[gi]!;
      const c = counters[gi]!;
      if (c + 1 < g.offsets.length) {
        acc += g.offsets[c + 1]! - g.offsets[c]!;
        counters[gi] = c + 1;
        break;
      }
      acc -= g.offsets[c]! - g.offsets[0]!;
      counters[gi] = 0;
    }
  }
  const scalar = !advanced && expanded.every((e) => e.item.k === 'int');
  return { shape: outShape, positions, scalar, basic: !advanced };
}

/**
 * `a[sel]`: a copy for advanced indexing; for basic indexing a view (writes to it reach `a`; it is a
 * copy for reading, so a later write to `a` is not seen through it).
 */
export function gather(a: NDArray, sel: Selection): NDArray {
  const out = new Float64Array(sel.positions.length);
  for (let k = 0; k < out.length; k++) out[k] = a.data[sel.positions[k]!]!;
  return { data: out, shape: sel.shape, dtype: a.dtype, ...(sel.basic && !sel.scalar ? { view: { base: a, positions: sel.positions } } : {}) };
}

/** `a[sel] = value`: value broadcast to the selection's shape and cast to a's dtype, in place. */
export function scatter(a: NDArray, sel: Selection, value: NDArray): void {
  const v = broadcastTo(value, sel.shape);
  for (let k = 0; k < sel.positions.length; k++) a.data[sel.positions[k]!] = castValue(v.data[k]!, a.dtype);
  writeThrough(a, sel.positions);
}
