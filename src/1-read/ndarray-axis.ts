// numpy functions that work along an axis or join arrays: reductions (with numpy's pairwise summation,
// so sums and means have numpy's last bits), cumulative sums, differences, sorting, concatenation,
// stacking, tiling, repetition, rolling, flipping, and the small linear algebra scripts use to build
// weights (dot, outer, eye, diag, triangles, meshgrid) and nonzero/unique.

import { AxisError, BroadcastError, checkedSize, type DType, normAxis, type NDArray, shapeText, size, stridesOf, transpose } from './ndarray.js';

/** numpy's pairwise summation of float64 (its add.reduce over a contiguous run): same rounding as numpy. */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start, stride = 1): number {
  if (n < 8) {
    let res = 0;
    for (let k = 0; k < n; k++) res += a[start + k * stride]!;
    return res;
  }
  if (n <= 128) {
    const r = new Array<number>(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j * stride]!;
    let k = 8;
    for (; k < n - (n % 8); k += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + (k + j) * stride]!;
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; k < n; k++) res += a[start + k * stride]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2, stride) + pairwiseSum(a, start + n2 * stride, n - n2, stride);
}

interface Lanes {
  outer: number;
  n: number;
  inner: number;
}

function lanesOf(shape: readonly number[], axis: number): Lanes {
  return { outer: size(shape.slice(0, axis)), n: shape[axis]!, inner: size(shape.slice(axis + 1)) };
}

/**
 * Apply `f` to every 1-D lane along `axis` (null: the flattened array), writing `outLen` values per
 * lane. The result has the lane's axis replaced by one of length outLen.
 */
export function alongAxis(a: NDArray, axis: number | null, outLen: number, f: (lane: Float64Array, out: Float64Array) => void, dtype: DType): NDArray {
  const flat = axis === null;
  const shape = flat ? [a.data.length] : a.shape;
  const ax = flat ? 0 : normAxis(axis, a.shape.length);
  const { outer, n, inner } = lanesOf(shape, ax);
  const outShape = [...shape.slice(0, ax), outLen, ...shape.slice(ax + 1)];
  const out = new Float64Array(checkedSize(size(outShape)));
  const lane = new Float64Array(n);
  const res = new Float64Array(outLen);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let k = 0; k < n; k++) lane[k] = a.data[base + k * inner]!;
      f(lane, res);
      const ob = o * outLen * inner + i;
      for (let k = 0; k < outLen; k++) out[ob + k * inner] = res[k]!;
    }
  }
  return { data: out, shape: outShape, dtype };
}

export type Reduction = 'sum' | 'prod' | 'min' | 'max' | 'mean' | 'var' | 'std' | 'argmin' | 'argmax' | 'any' | 'all' | 'median' | 'ptp';

function laneSum(lane: Float64Array, contiguous: boolean): number {
  if (contiguous) return pairwiseSum(lane);
  let s = 0;
  for (const x of lane) s += x;
  return s;
}

function extreme(lane: Float64Array, max: boolean): { value: number; index: number } {
  let best = lane[0]!;
  let index = 0;
  for (let k = 1; k < lane.length; k++) {
    const x = lane[k]!;
    if (Number.isNaN(best)) break;
    if (Number.isNaN(x) || (max ? x > best : x < best)) {
      best = x;
      index = k;
    }
  }
  return { value: best, index };
}

function reduceLane(kind: Reduction, lane: Float64Array, contiguous: boolean, ddof: number): number {
  switch (kind) {
    case 'sum':
      return laneSum(lane, contiguous);
    case 'prod':
      return lane.reduce((p, x) => p * x, 1);
    case 'min':
    case 'max':
      return extreme(lane, kind === 'max').value;
    case 'argmin':
    case 'argmax':
      return extreme(lane, kind === 'argmax').index;
    case 'ptp':
      return extreme(lane, true).value - extreme(lane, false).value;
    case 'mean':
      return laneSum(lane, contiguous) / lane.length;
    case 'var':
    case 'std': {
      const mean = laneSum(lane, contiguous) / lane.length;
      const sq = lane.map((x) => (x - mean) * (x - mean));
      const v = laneSum(sq, contiguous) / Math.max(lane.length - ddof, 0);
      return kind === 'std' ? Math.sqrt(v) : v;
    }
    case 'any':
      return +lane.some((x) => x !== 0);
    case 'all':
      return +lane.every((x) => x !== 0);
    case 'median': {
      const s = Float64Array.from(lane).sort();
      if (s.some((x) => Number.isNaN(x))) return NaN;
      const m = s.length >> 1;
      return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
    }
  }
}

/** The dtype numpy gives a reduction of an array of `dtype`. */
export function reductionDType(kind: Reduction, dtype: DType): DType {
  if (kind === 'argmin' || kind === 'argmax') return 'int';
  if (kind === 'any' || kind === 'all') return 'bool';
  if (kind === 'mean' || kind === 'var' || kind === 'std' || kind === 'median') return 'float';
  if ((kind === 'sum' || kind === 'prod') && dtype === 'bool') return 'int';
  return dtype;
}

const EMPTY_OK = new Set<Reduction>(['sum', 'prod', 'any', 'all']);

/** A reduction over `axis` (null: all elements, the result has shape []), optionally keeping the axis. */
export function reduce(a: NDArray, kind: Reduction, axis: number | null, keepdims = false, ddof = 0): NDArray {
  const dtype = reductionDType(kind, a.dtype);
  if (axis === null) {
    if (!a.data.length && !EMPTY_OK.has(kind)) throw new BroadcastError(`zero-size array to reduction operation ${kind} which has no identity`);
    const v = reduceLane(kind, a.data, true, ddof);
    return { data: Float64Array.of(v), shape: keepdims ? a.shape.map(() => 1) : [], dtype };
  }
  const ax = normAxis(axis, a.shape.length);
  if (!a.shape[ax] && !EMPTY_OK.has(kind)) throw new BroadcastError(`zero-size array to reduction operation ${kind} which has no identity`);
  // numpy sums a contiguous lane pairwise, and other axes element by element in order.
  const contiguous = ax === a.shape.length - 1;
  const r = alongAxis(a, ax, 1, (lane, out) => (out[0] = reduceLane(kind, lane, contiguous, ddof)), dtype);
  return keepdims ? r : { ...r, shape: r.shape.filter((_, k) => k !== ax) };
}

/** cumsum/cumprod (null axis: over the flattened array). */
export function accumulate(a: NDArray, kind: 'sum' | 'prod', axis: number | null): NDArray {
  const dtype = a.dtype === 'bool' ? 'int' : a.dtype;
  return alongAxis(
    a,
    axis,
    axis === null ? a.data.length : a.shape[normAxis(axis, a.shape.length)]!,
    (lane, out) => {
      let acc = kind === 'sum' ? 0 : 1;
      lane.forEach((x, k) => (out[k] = acc = kind === 'sum' ? acc + x : acc * x));
    },
    dtype,
  );
}

/** n-th discrete difference along axis (default the last). */
export function diff(a: NDArray, n = 1, axis = -1): NDArray {
  let r = a;
  for (let k = 0; k < n; k++) {
    const ax = normAxis(axis, r.shape.length);
    const len = Math.max(r.shape[ax]! - 1, 0);
    r = alongAxis(
      r,
      ax,
      len,
      (lane, out) => {
        for (let j = 0; j < len; j++) out[j] = r.dtype === 'bool' ? +(lane[j + 1] !== lane[j]) : lane[j + 1]! - lane[j]!;
      },
      r.dtype,
    );
  }
  return r;
}

/** numpy's sort order: NaN last. */
export function compareNumbers(x: number, y: number): number {
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
  if (Number.isNaN(y)) return -1;
  return x - y;
}

export function sort(a: NDArray, axis: number | null = -1): NDArray {
  if (axis !== null && a.shape.length === 0) throw new AxisError('axis -1 is out of bounds for array of dimension 0');
  const len = axis === null ? a.data.length : a.shape[normAxis(axis, a.shape.length)]!;
  return alongAxis(a, axis, len, (lane, out) => out.set(Float64Array.from(lane).sort(compareNumbers)), a.dtype);
}

/**
 * argsort along axis, stable. `ties` is set when equal values exist in a lane longer than 16: numpy's
 * default (introsort) may then order them differently, so callers refuse unless kind='stable'.
 */
export function argsort(a: NDArray, axis: number | null = -1): { result: NDArray; ties: boolean } {
  let ties = false;
  const len = axis === null ? a.data.length : a.shape[normAxis(axis, a.shape.length)]!;
  const result = alongAxis(
    a,
    axis,
    len,
    (lane, out) => {
      const order = Array.from(lane, (_, k) => k).sort((x, y) => compareNumbers(lane[x]!, lane[y]!) || x - y);
      if (lane.length > 16) for (let k = 1; k < order.length; k++) if (compareNumbers(lane[order[k]!]!, lane[order[k - 1]!]!) === 0) ties = true;
      order.forEach((x, k) => (out[k] = x));
    },
    'int',
  );
  return { result, ties };
}

/** Join arrays along an existing axis (null: flatten them first). */
export function concatenate(arrays: NDArray[], axis: number | null = 0): NDArray {
  if (!arrays.length) throw new BroadcastError('need at least one array to concatenate');
  const dtype = arrays.reduce<DType>((d, a) => (d === 'float' || a.dtype === 'float' ? 'float' : d === 'int' || a.dtype === 'int' ? 'int' : 'bool'), 'bool');
  if (axis === null) {
    const data = new Float64Array(checkedSize(arrays.reduce((n, a) => n + a.data.length, 0)));
    let at = 0;
    for (const a of arrays) {
      data.set(a.data, at);
      at += a.data.length;
    }
    return { data, shape: [data.length], dtype };
  }
  const first = arrays[0]!;
  if (first.shape.length === 0) throw new BroadcastError('zero-dimensional arrays cannot be concatenated');
  const ax = normAxis(axis, first.shape.length);
  for (const a of arrays) {
    if (a.shape.length !== first.shape.length || a.shape.some((s, k) => k !== ax && s !== first.shape[k])) {
      throw new BroadcastError(
        `all the input array dimensions except for the concatenation axis must match exactly, but ${shapeText(first.shape)} and ${shapeText(a.shape)} differ`,
      );
    }
  }
  const total = arrays.reduce((n, a) => n + a.shape[ax]!, 0);
  const shape = first.shape.map((s, k) => (k === ax ? total : s));
  const outer = size(shape.slice(0, ax));
  const inner = size(shape.slice(ax + 1));
  const data = new Float64Array(checkedSize(size(shape)));
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (const a of arrays) {
      const chunk = a.shape[ax]! * inner;
      data.set(a.data.subarray(o * chunk, (o + 1) * chunk), at);
      at += chunk;
    }
  }
  return { data, shape, dtype };
}

/** Join arrays of equal shape along a new axis. */
export function stack(arrays: NDArray[], axis = 0): NDArray {
  if (!arrays.length) throw new BroadcastError('need at least one array to stack');
  const first = arrays[0]!;
  if (arrays.some((a) => a.shape.length !== first.shape.length || a.shape.some((s, k) => s !== first.shape[k]))) {
    throw new BroadcastError('all input arrays must have the same shape');
  }
  const ax = normAxis(axis, first.shape.length + 1);
  const expanded = arrays.map((a) => ({ ...a, shape: [...a.shape.slice(0, ax), 1, ...a.shape.slice(ax)] }));
  return concatenate(expanded, ax);
}

/** numpy's tile: repeat the whole array `reps` times along each axis. */
export function tile(a: NDArray, reps: number[]): NDArray {
  const d = Math.max(reps.length, a.shape.length);
  const shape = [...new Array<number>(d - a.shape.length).fill(1), ...a.shape];
  const r = [...new Array<number>(d - reps.length).fill(1), ...reps];
  const outShape = shape.map((s, k) => s * r[k]!);
  const n = checkedSize(size(outShape));
  const src = stridesOf(shape);
  const out = new Float64Array(n);
  const dst = stridesOf(outShape);
  for (let k = 0; k < n; k++) {
    let pos = 0;
    for (let j = 0; j < d; j++) pos += ((Math.floor(k / dst[j]!) % outShape[j]!) % shape[j]!) * src[j]!;
    out[k] = a.data[pos]!;
  }
  return { data: out, shape: outShape, dtype: a.dtype };
}

/** numpy's repeat: each element `counts` times (one count, or one per element along the axis). */
export function repeat(a: NDArray, counts: number[], axis: number | null): NDArray {
  const src = axis === null ? { ...a, shape: [a.data.length] } : a;
  const ax = axis === null ? 0 : normAxis(axis, a.shape.length);
  const n = src.shape[ax]!;
  if (counts.length !== 1 && counts.length !== n) throw new BroadcastError(`operands could not be broadcast together with shape (${n},) (${counts.length},)`);
  if (counts.some((c) => c < 0)) throw new BroadcastError('repeats may not contain negative values');
  const count = (k: number) => (counts.length === 1 ? counts[0]! : counts[k]!);
  const total = Array.from({ length: n }, (_, k) => count(k)).reduce((x, y) => x + y, 0);
  return alongAxis(
    src,
    ax,
    total,
    (lane, out) => {
      let at = 0;
      lane.forEach((x, k) => {
        for (let j = 0; j < count(k); j++) out[at++] = x;
      });
    },
    a.dtype,
  );
}

export function roll(a: NDArray, shift: number, axis: number | null): NDArray {
  const len = axis === null ? a.data.length : a.shape[normAxis(axis, a.shape.length)]!;
  const r = alongAxis(
    a,
    axis,
    len,
    (lane, out) => {
      lane.forEach((x, k) => (out[(((k + shift) % len) + len) % len] = x));
    },
    a.dtype,
  );
  return axis === null ? { ...r, shape: [...a.shape] } : r;
}

export function flip(a: NDArray, axis: number | null): NDArray {
  if (axis === null) return { data: Float64Array.from(a.data).reverse(), shape: [...a.shape], dtype: a.dtype };
  const len = a.shape[normAxis(axis, a.shape.length)]!;
  return alongAxis(a, axis, len, (lane, out) => out.set(Float64Array.from(lane).reverse()), a.dtype);
}

/** numpy's dot for arrays of at most two dimensions (sums in index order). */
export function dot(a: NDArray, b: NDArray): NDArray {
  const dtype: DType = a.dtype === 'float' || b.dtype === 'float' ? 'float' : a.dtype === 'bool' && b.dtype === 'bool' ? 'bool' : 'int';
  if (a.shape.length === 0 || b.shape.length === 0) {
    const s = a.shape.length === 0 ? a.data[0]! : b.data[0]!;
    const arr = a.shape.length === 0 ? b : a;
    return { data: arr.data.map((x) => x * s), shape: [...arr.shape], dtype };
  }
  if (a.shape.length > 2 || b.shape.length > 2) throw new BroadcastError('dot of arrays with more than two dimensions is not supported');
  const A = a.shape.length === 1 ? { ...a, shape: [1, a.shape[0]!] } : a;
  const B = b.shape.length === 1 ? { ...b, shape: [b.shape[0]!, 1] } : b;
  const [m, k] = A.shape as [number, number];
  const [k2, n] = B.shape as [number, number];
  if (k !== k2)
    throw new BroadcastError(`shapes ${shapeText(a.shape)} and ${shapeText(b.shape)} not aligned: ${k} (dim ${a.shape.length - 1}) != ${k2} (dim 0)`);
  const out = new Float64Array(checkedSize(m * n));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += A.data[i * k + l]! * B.data[l * n + j]!;
      out[i * n + j] = dtype === 'bool' ? +(s !== 0) : s;
    }
  }
  const shape = [...(a.shape.length === 2 ? [m] : []), ...(b.shape.length === 2 ? [n] : [])];
  return { data: out, shape, dtype };
}

export function outer(a: NDArray, b: NDArray): NDArray {
  const m = a.data.length;
  const n = b.data.length;
  const out = new Float64Array(checkedSize(m * n));
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] = a.data[i]! * b.data[j]!;
  return { data: out, shape: [m, n], dtype: a.dtype === 'float' || b.dtype === 'float' ? 'float' : 'int' };
}

export function eye(n: number, m: number = n, k = 0, dtype: DType = 'float'): NDArray {
  const out = new Float64Array(checkedSize(n * m));
  for (let i = 0; i < n; i++) if (i + k >= 0 && i + k < m) out[i * m + i + k] = 1;
  return { data: out, shape: [n, m], dtype };
}

/** numpy's diag: the k-th diagonal of a 2-D array, or a 2-D array with a 1-D array on it. */
export function diag(a: NDArray, k = 0): NDArray {
  if (a.shape.length === 1) {
    const n = a.shape[0]! + Math.abs(k);
    const out = new Float64Array(checkedSize(n * n));
    a.data.forEach((x, i) => (out[(k >= 0 ? i : i - k) * n + (k >= 0 ? i + k : i)] = x));
    return { data: out, shape: [n, n], dtype: a.dtype };
  }
  if (a.shape.length !== 2) throw new BroadcastError('Input must be 1- or 2-d.');
  const [r, c] = a.shape as [number, number];
  const vals: number[] = [];
  for (let i = Math.max(0, -k); i < r && i + k < c; i++) vals.push(a.data[i * c + i + k]!);
  return { data: Float64Array.from(vals), shape: [vals.length], dtype: a.dtype };
}

/** triu/tril: zero below (upper) or above (lower) the k-th diagonal of the last two axes. */
export function triangle(a: NDArray, k: number, lower: boolean): NDArray {
  if (a.shape.length < 2) throw new BroadcastError('triu/tril need an array of at least two dimensions');
  const c = a.shape[a.shape.length - 1]!;
  const r = a.shape[a.shape.length - 2]!;
  return {
    data: a.data.map((x, p) => {
      const j = p % c;
      const i = Math.floor(p / c) % r;
      return (lower ? j - i <= k : j - i >= k) ? x : 0;
    }),
    shape: [...a.shape],
    dtype: a.dtype,
  };
}

/** numpy's meshgrid of 1-D arrays ('xy': the first two outputs' axes swapped, as numpy does). */
export function meshgrid(arrays: NDArray[], indexing: 'xy' | 'ij'): NDArray[] {
  const lens = arrays.map((a) => a.data.length);
  const shape = [...lens];
  if (indexing === 'xy' && shape.length >= 2) [shape[0], shape[1]] = [shape[1]!, shape[0]!];
  const n = checkedSize(size(shape));
  const strides = stridesOf(shape);
  return arrays.map((a, k) => {
    const axis = indexing === 'xy' && k < 2 && arrays.length >= 2 ? 1 - k : k;
    const out = new Float64Array(n);
    for (let p = 0; p < n; p++) out[p] = a.data[Math.floor(p / strides[axis]!) % shape[axis]!]!;
    return { data: out, shape: [...shape], dtype: a.dtype };
  });
}

/** Indices of the non-zero elements, one integer array per dimension. */
export function nonzero(a: NDArray): NDArray[] {
  const shape = a.shape.length ? a.shape : [1];
  const strides = stridesOf(shape);
  const hits: number[] = [];
  a.data.forEach((x, k) => {
    if (x) hits.push(k);
  });
  return shape.map((s, d) => ({ data: Float64Array.from(hits, (h) => Math.floor(h / strides[d]!) % s), shape: [hits.length], dtype: 'int' }));
}

/** numpy's unique over the flattened array: sorted values, first indices, inverse and counts. */
export function unique(a: NDArray): { values: NDArray; index: NDArray; inverse: NDArray; counts: NDArray } {
  const order = Array.from(a.data, (_, k) => k).sort((x, y) => compareNumbers(a.data[x]!, a.data[y]!) || x - y);
  const values: number[] = [];
  const index: number[] = [];
  const counts: number[] = [];
  const inverse = new Float64Array(a.data.length);
  for (const k of order) {
    const x = a.data[k]!;
    const last = values.length - 1;
    if (last >= 0 && (values[last] === x || (Number.isNaN(x) && Number.isNaN(values[last]!)))) counts[last]!++;
    else {
      values.push(x);
      index.push(k);
      counts.push(1);
    }
    inverse[k] = values.length - 1;
  }
  const int = (xs: ArrayLike<number>): NDArray => ({ data: Float64Array.from(xs), shape: [xs.length], dtype: 'int' });
  return { values: { data: Float64Array.from(values), shape: [values.length], dtype: a.dtype }, index: int(index), inverse: int(inverse), counts: int(counts) };
}

/** Swap two axes (numpy's swapaxes). */
export function swapAxes(a: NDArray, x: number, y: number): NDArray {
  const n = a.shape.length;
  const perm = a.shape.map((_, k) => k);
  const i = normAxis(x, n);
  const j = normAxis(y, n);
  [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  return transpose(a, perm);
}
