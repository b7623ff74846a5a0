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
  // Little-endian words written through a typed view (millions of entries for a large Dense matrix);
  // int64 as two 32-bit words when the value fits in 32 bits, through BigInt otherwise.
  const words = new Int32Array(data.buffer, data.byteOffset, values.length * 2);
  const doubles = new Float64Array(data.buffer, data.byteOffset, values.length);
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (dtype === 'f8') {
      if (littleEndian) doubles[k] = v;
      else data.writeDoubleLE(v, k * 8);
      continue;
    }
    const t = Math.trunc(v);
    if (littleEndian && t >= -2147483648 && t <= 2147483647) {
      words[2 * k] = t;
      words[2 * k + 1] = t < 0 ? -1 : 0;
    } else data.writeBigInt64LE(BigInt(t), k * 8);
  }
  return Buffer.concat([head, Buffer.from(header, 'latin1'), data]);
}
