// np.load / np.loadtxt of a data file the script reads while it builds its model: the converter reads
// the file itself (next to the script, or at an absolute path) at conversion time and says so in a
// note; it never executes anything (.npy is parsed, pickled objects are refused).

import path from 'node:path';
import type { Loc } from '../../grammars/ast.js';
import { DIMENSIONLESS } from '../units/dimension.js';
import type { EvalContext } from './context.js';
import { NpyError, readNpy, readText } from './npy-read.js';
import { dtypeOf, flagOf, intOf, npFunction, type NumpyFn, result } from './numpy-args.js';
import { noteRead, readBytes, scriptFile } from './script-files.js';

function located<T>(f: () => T, file: string, loc: Loc, ctx: EvalContext): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NpyError)
      return ctx.fail('value-error', loc, {
        detail: `${path.basename(file)}: ${e.message}`,
        hint: 'save the array with np.save, or as plain text for np.loadtxt',
      });
    throw e;
  }
}

const load = npFunction('load', ['file', 'mmap_mode', 'allow_pickle', 'fix_imports', 'encoding', 'max_header_size'], ['file'], (b, ctx) => {
  const file = scriptFile(b.get('file')!, b.loc('file'), ctx, 'np.load()');
  if (file.endsWith('.npz'))
    return ctx.fail('unsupported', b.loc('file'), { what: 'np.load of a .npz archive', hint: 'save each array with np.save as its own .npy file' });
  const bytes = readBytes(file, b.loc('file'), ctx);
  const a = located(() => readNpy(bytes), file, b.loc('file'), ctx);
  noteRead(file, b.loc('file'), ctx);
  return result(a, DIMENSIONLESS);
});

const loadtxt = npFunction(
  'loadtxt',
  ['fname', 'dtype', 'comments', 'delimiter', 'converters', 'skiprows', 'usecols', 'unpack', 'ndmin', 'encoding', 'max_rows'],
  ['fname'],
  (b, ctx) => {
    const file = scriptFile(b.get('fname')!, b.loc('fname'), ctx, 'np.loadtxt()');
    for (const k of ['converters', 'max_rows'] as const)
      if (b.has(k) && b.get(k)!.t !== 'none')
        ctx.fail('unsupported', b.loc(k), { what: `np.loadtxt(${k}=...)`, hint: 'load the whole table and select from the array' });
    const str = (k: string, dflt: string | null) => {
      const v = b.get(k);
      return !v
        ? dflt
        : v.t === 'str'
          ? v.v
          : v.t === 'none'
            ? null
            : ctx.fail('type-error', b.loc(k), { detail: `${k} must be a string`, hint: `e.g. ${k}=','` });
    };
    const cols = b.get('usecols');
    const usecols =
      !cols || cols.t === 'none'
        ? null
        : cols.t === 'num'
          ? [cols.v]
          : cols.t === 'tuple' || cols.t === 'list'
            ? cols.items.map((x) => (x.t === 'num' ? x.v : NaN))
            : null;
    const text = new TextDecoder('utf-8').decode(readBytes(file, b.loc('fname'), ctx));
    const a = located(
      () =>
        readText(text, {
          delimiter: str('delimiter', null),
          comments: str('comments', '#'),
          skiprows: intOf(b, 'skiprows', 0, ctx),
          usecols,
          ndmin: intOf(b, 'ndmin', 0, ctx),
          dtype: dtypeOf(b.get('dtype')) ?? 'float',
        }),
      file,
      b.loc('fname'),
      ctx,
    );
    noteRead(file, b.loc('fname'), ctx);
    if (flagOf(b, 'unpack', false) && a.shape.length === 2) {
      const [r, c] = a.shape as [number, number];
      return {
        t: 'tuple',
        items: Array.from({ length: c }, (_, j) =>
          result({ data: Float64Array.from({ length: r }, (_, i) => a.data[i * c + j]!), shape: [r], dtype: a.dtype }, DIMENSIONLESS),
        ),
      };
    }
    return result(a, DIMENSIONLESS);
  },
);

export const FILE_FUNCTIONS: Record<string, NumpyFn> = { load, loadtxt };
