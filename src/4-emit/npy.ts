// Writing numpy's .npy format (version 1.0, little-endian float64 or int64), for arrays too large to
// keep readable inline in the generated code.

export function npyBytes(values: ArrayLike<number>, dtype: 'f8' | 'i8' = 'f8', shape: number[] = [values.length]): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const preamble = 10;
  const pad = 64 - ((preamble + header.length + 1) % 64);
  header = header + ' '.repeat(pad % 64) + '\n';
  const head = Buffer.alloc(preamble);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const data = Buffer.alloc(values.length * 8);
  for (let k = 0; k < values.length; k++) {
    if (dtype === 'f8') data.writeDoubleLE(values[k]!, k * 8);
    else data.writeBigInt64LE(BigInt(Math.trunc(values[k]!)), k * 8);
  }
  return Buffer.concat([head, Buffer.from(header, 'latin1'), data]);
}
