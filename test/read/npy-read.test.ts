// Reading numpy's .npy files (made by numpy 1.26, test/data/npy/) and text tables as np.loadtxt does.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NpyError, readNpy, readText } from '../../src/1-read/npy-read.js';
import { ROOT } from '../helpers/pipeline.js';

const dir = path.join(ROOT, 'test', 'data', 'npy');
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<string, { shape: number[]; data: number[]; dtype: string }>;

describe('.npy files', () => {
  it.each(Object.entries(expected))('reads %s as numpy wrote it', (name, want) => {
    const a = readNpy(new Uint8Array(readFileSync(path.join(dir, `${name}.npy`))));
    expect(a.shape).toEqual(want.shape);
    expect(a.dtype).toBe(want.dtype);
    expect(Array.from(a.data)).toEqual(want.data);
  });

  it('refuses object arrays (they would need pickle) and files that are not .npy', () => {
    expect(() => readNpy(new Uint8Array(readFileSync(path.join(dir, 'object.npy'))))).toThrow(NpyError);
    expect(() => readNpy(new TextEncoder().encode('1 2 3\n'))).toThrow(/magic/);
  });
});

describe('np.loadtxt', () => {
  const opts = { delimiter: null, comments: '#', skiprows: 0, usecols: null, ndmin: 0, dtype: 'float' as const };
  it('reads rows and columns, skipping comments and blank lines', () => {
    const a = readText('# header\n1 2 3\n\n4 5 6  # trailing\n', opts);
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('squeezes one column or one row to 1-D, and honours delimiter, usecols, skiprows and ndmin', () => {
    expect(readText('1\n2\n3\n', opts).shape).toEqual([3]);
    const a = readText('t,v\n0.1,5\n0.2,-inf\n', { ...opts, delimiter: ',', skiprows: 1, usecols: [1] });
    expect(Array.from(a.data)).toEqual([5, -Infinity]);
    expect(readText('1 2\n', { ...opts, ndmin: 2 }).shape).toEqual([1, 2]);
  });
  it('refuses values that are not numbers, and ragged rows', () => {
    expect(() => readText('1 x\n', opts)).toThrow(/could not convert 'x'/);
    expect(() => readText('1 2\n3\n', opts)).toThrow(/different numbers/);
  });
});
