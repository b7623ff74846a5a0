// The one numpy-like array of the evaluator: C-ordered float64 storage with a shape and numpy's dtype
// kind (so integer index arrays and boolean masks behave as in numpy). Physical units are not here:
// they travel on the Value that holds the array. This file has the element-wise core (creation,
// broadcasting, reshaping, transposing); indexing is in ndarray-index.ts and the functions that work
// along an axis (reductions, sorting, joining) in ndarray-axis.ts. Nothing here knows of Values, so
// every operation is unit-tested on plain arrays.

export type DType = 'float' | 'int' | 'bool';

export interface NDArray {
  /** The elements in C order (last index fastest). */
  data: Float64Array;
  shape: number[];
  dtype: DType;
  /**
   * Set when this array is a numpy view of another one (basic indexing `W[0]`, `W.T`): element k is
   * element `positions[k]` of `base`, so writes to it also change `base` (`W[i][j] = w`). Arrays that
   * share `data` (reshape, ravel) need no such record.
   */
  view?: { base: NDArray; positions: Float64Array };
}

/** Largest array the evaluator builds (160 MB of float64): larger ones are refused with a located error. */
export const MAX_ELEMENTS = 20_000_000;

export class ArraySizeError extends Error {
  constructor(readonly elements: number) {
    super(`this would make an array of ${elements} elements, more than the ${MAX_ELEMENTS} the converter evaluates`);
  }
}

/** `n` if an array of n elements may be built, else ArraySizeError. */
export function checkedSize(n: number): number {
  if (!(n <= MAX_ELEMENTS)) throw new ArraySizeError(n);
  return n;
}

export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function nd(data: ArrayLike<number>, shape: number[] = [data.length], dtype: DType = 'float'): NDArray {
  return { data: Float64Array.from(data), shape, dtype };
}

/** An array of `shape` filled with `value`. */
export function filled(shape: number[], value: number, dtype: DType): NDArray {
  return { data: new Float64Array(checkedSize(size(shape))).fill(value), shape: [...shape], dtype };
}

export function promote(a: DType, b: DType): DType {
  if (a === 'float' || b === 'float') return 'float';
  if (a === 'int' || b === 'int') return 'int';
  return 'bool';
}

/** Raised for shapes that do not fit (broadcasting, reshaping, joining): a Python ValueError. */
export class BroadcastError extends Error {}

export function shapeText(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = a[a.length - n + k] ?? 1;
    const y = b[b.length - n + k] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new BroadcastError(`shapes ${shapeText(a)} and ${shapeText(b)} cannot be broadcast together`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Element strides of a C-ordered array of this shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = stride;
    stride *= shape[k]!;
  }
  return strides;
}

/** Index into `data` of shape `shape` for a flat index over the broadcast shape `out`. */
export function broadcastIndexer(shape: readonly number[], out: readonly number[]): (flat: number) => number {
  const n = out.length;
  const offset = n - shape.length;
  const strides: number[] = new Array(n).fill(0);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k + offset] = shape[k] === 1 ? 0 : stride;
    stride *= shape[k]!;
  }
  return (flat: number) => {
    let idx = 0;
    for (let k = n - 1; k >= 0; k--) {
      const dimSize = out[k]!;
      const coord = flat % dimSize;
      flat = Math.floor(flat / dimSize);
      idx += coord * strides[k]!;
    }
    return idx;
  };
}

/** A copy of `a` broadcast to `shape` (numpy's broadcast_to, materialised). */
export function broadcastTo(a: NDArray, shape: readonly number[]): NDArray {
  const target = broadcastShapes(a.shape, shape);
  if (target.length !== shape.length || target.some((s, k) => s !== shape[k])) {
    throw new BroadcastError(`could not broadcast an array of shape ${shapeText(a.shape)} into shape ${shapeText(shape)}`);
  }
  if (a.shape.length === shape.length && a.shape.every((s, k) => s === shape[k])) return a;
  const n = checkedSize(size(shape));
  const at = broadcastIndexer(a.shape, shape);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = a.data[at(k)]!;
  return { data: out, shape: [...shape], dtype: a.dtype };
}

export function elementwise(a: NDArray, b: NDArray, f: (x: number, y: number) => number, dtype: DType): NDArray {
  if (a.shape.length === b.shape.length && a.shape.every((s, k) => s === b.shape[k])) {
    const out = new Float64Array(a.data.length);
    for (let k = 0; k < out.length; k++) out[k] = f(a.data[k]!, b.data[k]!);
    return { data: out, shape: [...a.shape], dtype };
  }
  const shape = broadcastShapes(a.shape, b.shape);
  const n = checkedSize(size(shape));
  const ia = broadcastIndexer(a.shape, shape);
  const ib = broadcastIndexer(b.shape, shape);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = f(a.data[ia(k)]!, b.data[ib(k)]!);
  return { data: out, shape, dtype };
}

/** Element-wise over any number of arrays, broadcast together (numpy.where, clip with array bounds). */
export function elementwiseN(arrays: NDArray[], f: (xs: number[]) => number, dtype: DType): NDArray {
  const shape = arrays.reduce<number[]>((s, a) => broadcastShapes(s, a.shape), []);
  const n = checkedSize(size(shape));
  const at = arrays.map((a) => broadcastIndexer(a.shape, shape));
  const out = new Float64Array(n);
  const xs = new Array<number>(arrays.length);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < arrays.length; j++) xs[j] = arrays[j]!.data[at[j]!(k)]!;
    out[k] = f(xs);
  }
  return { data: out, shape, dtype };
}

export function map(a: NDArray, f: (x: number) => number, dtype: DType = a.dtype): NDArray {
  return { data: a.data.map(f), shape: [...a.shape], dtype };
}

/**
 * After elements of `a` were written in place (flat positions `written`, all when null): write them
 * through to the arrays `a` is a view of.
 */
export function writeThrough(a: NDArray, written: ArrayLike<number> | null): void {
  for (let v = a; v.view; ) {
    const { base, positions } = v.view;
    const n = written ? written.length : v.data.length;
    const next = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const p = written ? written[k]! : k;
      base.data[positions[p]!] = v.data[p]!;
      next[k] = positions[p]!;
    }
    written = next;
    v = base;
  }
}

export function scalarArray(v: number, dtype: DType): NDArray {
  return { data: Float64Array.of(v), shape: [], dtype };
}

/** numpy's cast when storing into a dtype: floats to int truncate toward zero, anything to bool is x != 0. */
export function castValue(x: number, dtype: DType): number {
  if (dtype === 'int') return Math.trunc(x);
  if (dtype === 'bool') return x ? 1 : 0;
  return x;
}

/** numpy's astype: a new array (a copy even for the same dtype when `copy`). */
export function castTo(a: NDArray, dtype: DType, copyAlways = false): NDArray {
  if (dtype === a.dtype && !copyAlways) return a;
  return map(a, (x) => castValue(x, dtype), dtype);
}

export function toList(a: NDArray): number[] {
  return Array.from(a.data);
}

export function copy(a: NDArray): NDArray {
  return { data: Float64Array.from(a.data), shape: [...a.shape], dtype: a.dtype };
}

/** numpy's reshape (one entry may be -1); shares the data, as numpy's view does. */
export function reshape(a: NDArray, shape: number[]): NDArray {
  const unknown = shape.filter((s) => s === -1).length;
  if (unknown > 1) throw new BroadcastError('can only specify one unknown dimension');
  if (shape.some((s) => s < -1 || !Number.isInteger(s))) throw new BroadcastError(`negative dimensions are not allowed in ${shapeText(shape)}`);
  if (unknown) {
    const known = shape.filter((s) => s !== -1).reduce((x, y) => x * y, 1);
    if (known === 0 || a.data.length % known !== 0) throw new BroadcastError(`cannot reshape array of size ${a.data.length} into shape ${shapeText(shape)}`);
    shape = shape.map((s) => (s === -1 ? a.data.length / known : s));
  }
  if (size(shape) !== a.data.length) throw new BroadcastError(`cannot reshape array of size ${a.data.length} into shape ${shapeText(shape)}`);
  return { data: a.data, shape, dtype: a.dtype };
}

/** Raised for an axis outside the array's dimensions (numpy's AxisError). */
export class AxisError extends Error {}

export function normAxis(axis: number, ndim: number): number {
  const k = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(k) || k < 0 || k >= ndim) throw new AxisError(`axis ${axis} is out of bounds for an array of dimension ${ndim}`);
  return k;
}

/** numpy's transpose: the axes reversed, or permuted as given (a view of `a`). */
export function transpose(a: NDArray, axes?: number[]): NDArray {
  const n = a.shape.length;
  const perm = axes ? axes.map((x) => normAxis(x, n)) : a.shape.map((_, k) => n - 1 - k);
  if (perm.length !== n || new Set(perm).size !== n) throw new AxisError("axes don't match array");
  if (n < 2) return a;
  const shape = perm.map((p) => a.shape[p]!);
  const src = stridesOf(a.shape);
  const strides = perm.map((p) => src[p]!);
  const out = new Float64Array(a.data.length);
  const positions = new Float64Array(a.data.length);
  const idx = new Array<number>(n).fill(0);
  let pos = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = a.data[pos]!;
    positions[k] = pos;
    for (let d = n - 1; d >= 0; d--) {
      idx[d]!++;
      pos += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      pos -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  // numpy's transpose is a view: writes to it change `a`.
  return { data: out, shape, dtype: a.dtype, view: { base: a, positions } };
}

/** Insert a dimension of length 1 at `axis` (numpy's expand_dims). */
export function expandDims(a: NDArray, axis: number): NDArray {
  const k = normAxis(axis, a.shape.length + 1);
  return { data: a.data, shape: [...a.shape.slice(0, k), 1, ...a.shape.slice(k)], dtype: a.dtype };
}

/** Drop dimensions of length 1 (all, or the one given). */
export function squeeze(a: NDArray, axis?: number): NDArray {
  if (axis === undefined) return { data: a.data, shape: a.shape.filter((s) => s !== 1), dtype: a.dtype };
  const k = normAxis(axis, a.shape.length);
  if (a.shape[k] !== 1) throw new BroadcastError('cannot select an axis to squeeze out which has size not equal to one');
  return { data: a.data, shape: a.shape.filter((_, j) => j !== k), dtype: a.dtype };
}

/** At least `n` dimensions, as numpy's atleast_1d/2d (new axes in front). */
export function atLeast(a: NDArray, n: number): NDArray {
  if (a.shape.length >= n) return a;
  if (n === 3 && a.shape.length === 1) return { ...a, shape: [1, a.shape[0]!, 1] };
  if (n === 3 && a.shape.length === 2) return { ...a, shape: [...a.shape, 1] };
  return { ...a, shape: [...new Array<number>(n - a.shape.length).fill(1), ...a.shape] };
}
