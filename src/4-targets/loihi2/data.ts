// Arrays of the generated project: short ones inline (readable), long ones in data/*.npy.

import { npyBytes } from '../../4-emit/npy.js';
import { pyStr } from '../../4-emit/python-names.js';

const INLINE_LIMIT = 32;

export class DataStore {
  readonly files = new Map<string, Buffer>();

  /** Python expression for an integer array (int64). */
  intArray(values: ArrayLike<number>, name: string, shape: number[] = [values.length]): string {
    if (values.length <= INLINE_LIMIT && shape.length === 1)
      return `np.array([${Array.from(values, (v) => String(Math.trunc(v))).join(', ')}], dtype=np.int64)`;
    let file = name;
    for (let k = 2; this.files.has(file); k++) file = `${name}_${k}`;
    this.files.set(file, npyBytes(values, 'i8', shape));
    return `_rt.load(${pyStr(file)})`;
  }
}
