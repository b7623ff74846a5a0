// The n-d array core (ndarray.ts, ndarray-index.ts, ndarray-axis.ts) on plain arrays; numpy's own
// results for whole expressions are pinned by numpy-semantics.test.ts.

import { describe, expect, it } from 'vitest';
import { nd, reshape, transpose, writeThrough } from '../../src/1-read/ndarray.js';
import { argsort, concatenate, pairwiseSum, reduce, tile } from '../../src/1-read/ndarray-axis.js';
import { gather, scatter, select } from '../../src/1-read/ndarray-index.js';

describe('n-d indexing', () => {
  const a = nd(
    Array.from({ length: 24 }, (_, k) => k),
    [2, 3, 4],
  );

  it('puts the dimensions of separated index arrays first, of adjacent ones in place', () => {
    const idx = nd([0, 1], [2], 'int');
    expect(
      select(a.shape, [
        { k: 'array', a: idx },
        { k: 'slice', start: null, stop: null, step: null },
        { k: 'array', a: idx },
      ]).shape,
    ).toEqual([2, 3]);
    expect(
      select(a.shape, [
        { k: 'slice', start: null, stop: null, step: null },
        { k: 'array', a: idx },
        { k: 'array', a: idx },
      ]).shape,
    ).toEqual([2, 2]);
    expect(
      select(a.shape, [
        { k: 'int', i: 1 },
        { k: 'slice', start: null, stop: null, step: null },
        { k: 'array', a: idx },
      ]).shape,
    ).toEqual([2, 3]);
  });

  it('expands Ellipsis and newaxis', () => {
    const sel = select(a.shape, [{ k: 'ellipsis' }, { k: 'int', i: -1 }, { k: 'newaxis' }]);
    expect(sel.shape).toEqual([2, 3, 1]);
    expect(Array.from(gather(a, sel).data)).toEqual([3, 7, 11, 15, 19, 23]);
  });

  it('refuses out-of-range indices and float index arrays', () => {
    expect(() => select([3], [{ k: 'int', i: 3 }])).toThrow(/out of bounds/);
    expect(() => select([3], [{ k: 'array', a: nd([0.5]) }])).toThrow(/integer/);
  });

  it('writes through chains of views (W[i][j] = w, W.T[...] = w)', () => {
    const w = nd(new Array(6).fill(0), [2, 3]);
    const row = gather(w, select(w.shape, [{ k: 'int', i: 1 }]));
    scatter(row, select(row.shape, [{ k: 'int', i: 2 }]), nd([4], []));
    expect(Array.from(w.data)).toEqual([0, 0, 0, 0, 0, 4]);
    const t = transpose(w);
    t.data[1] = 7; // element (0, 1) of the transpose is (1, 0) of w
    writeThrough(t, [1]);
    expect(w.data[3]).toBe(7);
    const r = reshape(w, [3, 2]);
    r.data[0] = 9;
    expect(w.data[0]).toBe(9);
  });
});

describe('along an axis', () => {
  it("sums pairwise like numpy's add.reduce (not left to right)", () => {
    const xs = new Array<number>(1000).fill(0.1);
    let naive = 0;
    for (const x of xs) naive += x;
    expect(pairwiseSum(xs)).toBe(100.00000000000001); // numpy: np.sum(np.full(1000, 0.1))
    expect(naive).toBe(99.9999999999986);
  });

  it('reduces a non-contiguous axis element by element', () => {
    const m = nd([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(Array.from(reduce(m, 'sum', 0).data)).toEqual([5, 7, 9]);
    expect(reduce(m, 'max', -1, true).shape).toEqual([2, 1]);
  });

  it('flags ties that numpy may order differently in argsort', () => {
    expect(argsort(nd([2, 1, 2]), -1).ties).toBe(false);
    expect(argsort(nd(Array.from({ length: 20 }, (_, k) => k % 3)), -1).ties).toBe(true);
  });

  it('joins and tiles in several dimensions', () => {
    const m = nd([1, 2, 3, 4], [2, 2]);
    expect(concatenate([m, m], 1).shape).toEqual([2, 4]);
    expect(Array.from(tile(nd([1, 2]), [2, 2]).data)).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
  });
});
