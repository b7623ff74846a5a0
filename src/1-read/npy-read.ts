// numpy's .npy format, read (never unpickled): version 1-3 headers, little- or big-endian float, int,
// unsigned and bool element types, C or Fortran order. Object arrays need pickle and are refused.

import { type DType, type NDArray, transpose } from './ndarray.js';

export class NpyError extends Error {}

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
}

function parseHeader(text: string): Header {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined) throw new NpyError('the .npy header is not a numpy array header');
  return {
    descr,
    fortran: fortran === 'True',
    shape: shape
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map(Number),
  };
}

const KINDS: Record<string, { dtype: DType; read: (v: DataView, at: number, little: boolean, size: number) => number }> = {
  f: { dtype: 'float', read: (v, at, le, n) => (n === 8 ? v.getFloat64(at, le) : n === 4 ? v.getFloat32(at, le) : NaN) },
  i: {
    dtype: 'int',
    read: (v, at, le, n) => (n === 8 ? Number(v.getBigInt64(at, le)) : n === 4 ? v.getInt32(at, le) : n === 2 ? v.getInt16(at, le) : v.getInt8(at)),
  },
  u: {
    dtype: 'int',
    read: (v, at, le, n) => (n === 8 ? Number(v.getBigUint64(at, le)) : n === 4 ? v.getUint32(at, le) : n === 2 ? v.getUint16(at, le) : v.getUint8(at)),
  },
  b: { dtype: 'bool', read: (v, at) => (v.getUint8(at) ? 1 : 0) },
};

export function readNpy(bytes: Uint8Array): NDArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, k) => bytes[k] !== b)) throw new NpyError('not a .npy file (the magic string \\x93NUMPY is missing)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = parseHeader(new TextDecoder(major >= 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen)));
  const m = /^([<>|=])([fiub])(\d+)$/.exec(header.descr);
  if (!m) throw new NpyError(`the .npy element type '${header.descr}' is not supported (numbers and booleans only; object arrays would need pickle)`);
  const little = m[1] !== '>';
  const kind = KINDS[m[2]!]!;
  const size = Number(m[3]);
  if ((m[2] === 'f' && size !== 4 && size !== 8) || (m[2] === 'b' && size !== 1))
    throw new NpyError(`the .npy element type '${header.descr}' is not supported`);
  const count = header.shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  if (bytes.length < offset + count * size) throw new NpyError(`the .npy file is truncated (${count} elements of ${size} bytes announced)`);
  const data = new Float64Array(count);
  for (let k = 0; k < count; k++) data[k] = kind.read(view, offset + k * size, little, size);
  const a: NDArray = { data, shape: header.shape, dtype: kind.dtype };
  if (!header.fortran || header.shape.length < 2) return a;
  // Fortran order: the stored array is the transpose of the reversed shape.
  const t = transpose({ data, shape: [...header.shape].reverse(), dtype: kind.dtype });
  return { data: t.data, shape: t.shape, dtype: t.dtype };
}

/**
 * numpy's loadtxt for numbers: rows of values separated by whitespace or `delimiter`, `comments`
 * to the end of a line ignored, `skiprows`, `usecols`; one row or one column gives a 1-D array.
 */
export function readText(
  text: string,
  o: { delimiter: string | null; comments: string | null; skiprows: number; usecols: number[] | null; ndmin: number; dtype: DType },
): NDArray {
  const rows: number[][] = [];
  text
    .split(/\r?\n/)
    .slice(o.skiprows)
    .forEach((line, n) => {
      const body = o.comments ? line.split(o.comments)[0]! : line;
      if (!body.trim()) return;
      const fields = o.delimiter === null ? body.trim().split(/\s+/) : body.split(o.delimiter).map((x) => x.trim());
      const picked = o.usecols ? o.usecols.map((c) => fields[c < 0 ? fields.length + c : c]) : fields;
      rows.push(
        picked.map((f) => {
          const x = f === undefined ? NaN : Number(f.toLowerCase().replace(/^(-?)inf(inity)?$/, '$1Infinity'));
          if (Number.isNaN(x) && f?.toLowerCase() !== 'nan') throw new NpyError(`could not convert '${f ?? ''}' to a number (line ${n + 1 + o.skiprows})`);
          return x;
        }),
      );
    });
  const cols = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== cols)) throw new NpyError('the rows of the text file have different numbers of values');
  const data = Float64Array.from(rows.flat(), (x) => (o.dtype === 'int' ? Math.trunc(x) : o.dtype === 'bool' ? +(x !== 0) : x));
  let shape = [rows.length, cols];
  // numpy squeezes a single row or column to 1-D (then ndmin adds dimensions back).
  if (rows.length === 1 || cols === 1) shape = [data.length];
  if (o.ndmin === 2 && shape.length === 1) shape = rows.length === 1 ? [1, data.length] : [data.length, 1];
  if (o.ndmin === 0 && data.length === 1) shape = [];
  return { data, shape, dtype: o.dtype };
}
