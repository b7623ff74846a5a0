// A minimal numpy-like array for the values a script computes while building its model (linspace,
// arange, arithmetic with broadcasting, indexing). Element type is tracked as numpy's dtype kind so
// that integer index arrays and boolean masks behave as in numpy.

export type DType = 'float' | 'int' | 'bool';

export interface NDArray {
  data: Float64Array;
  shape: number[];
  dtype: DType;
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

export function promote(a: DType, b: DType): DType {
  if (a === 'float' || b === 'float') return 'float';
  if (a === 'int' || b === 'int') return 'int';
  return 'bool';
}

export class BroadcastError extends Error {}

export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = a[a.length - n + k] ?? 1;
    const y = b[b.length - n + k] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new BroadcastError(`shapes (${a.join(', ')}) and (${b.join(', ')}) cannot be broadcast together`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Index into `data` of shape `shape` for a multi-index over the broadcast shape `out`. */
function broadcastIndexer(shape: readonly number[], out: readonly number[]): (flat: number) => number {
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

export function elementwise(
  a: NDArray,
  b: NDArray,
  f: (x: number, y: number) => number,
  dtype: DType,
): NDArray {
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

export function map(a: NDArray, f: (x: number) => number, dtype: DType = a.dtype): NDArray {
  return { data: a.data.map(f), shape: [...a.shape], dtype };
}

export function scalarArray(v: number, dtype: DType): NDArray {
  return { data: Float64Array.of(v), shape: [], dtype };
}

/** numpy-style rounding for storing into an integer dtype. */
export function castTo(a: NDArray, dtype: DType): NDArray {
  if (dtype === a.dtype) return a;
  if (dtype === 'int') return map(a, Math.trunc, 'int');
  if (dtype === 'bool') return map(a, (x) => (x ? 1 : 0), 'bool');
  return { ...a, dtype };
}

export function toList(a: NDArray): number[] {
  return Array.from(a.data);
}

export function reshape(a: NDArray, shape: number[]): NDArray {
  const unknown = shape.indexOf(-1);
  if (unknown >= 0) {
    const known = shape.filter((s) => s !== -1).reduce((x, y) => x * y, 1);
    shape = shape.map((s) => (s === -1 ? a.data.length / known : s));
  }
  if (size(shape) !== a.data.length) throw new BroadcastError(`cannot reshape array of size ${a.data.length} into shape (${shape.join(', ')})`);
  return { data: a.data, shape, dtype: a.dtype };
}
