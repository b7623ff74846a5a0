// Attributes and methods of arrays (`a.shape`, `a.T`, `a.sum(axis=0)`, `a.reshape(2, 3)`, `a.sort()`).
// Most methods are numpy's functions with the array as first argument; methods keep a Quantity's units
// where numpy's functions would drop them (copy, squeeze, astype), as Brian2's Quantity methods do.

import type { Loc } from '../../grammars/ast.js';
import type { EvalContext } from './context.js';
import { castTo, copy, reshape, transpose, writeThrough } from './ndarray.js';
import { sort } from './ndarray-axis.js';
import { dtypeOf, result, toArray } from './numpy-args.js';
import { METHOD_SQUEEZE, reshapeArgs } from './numpy-create.js';
import { MATH_FUNCTIONS } from './numpy-math.js';
import { builtin, int, NONE, num, type CallArgs, type Value } from './values.js';

type ArrayValue = Extract<Value, { t: 'array' }>;

/** numpy functions that are also methods, called with the array as their first argument. */
const FUNCTION_METHODS = [
  'sum',
  'mean',
  'std',
  'var',
  'min',
  'max',
  'argmin',
  'argmax',
  'prod',
  'ptp',
  'cumsum',
  'cumprod',
  'round',
  'clip',
  'nonzero',
  'any',
  'all',
  'repeat',
  'dot',
  'argsort',
  'trace',
];

/** A method bound to its array by closure (its arguments are the call's own). */
function method(self: ArrayValue, name: string, f: (args: CallArgs, ctx: EvalContext) => Value): Value {
  void self;
  return builtin(name, f);
}

function withSelf(self: ArrayValue, name: string, fnName: string): Value {
  return { t: 'builtin', name, fn: MATH_FUNCTIONS[fnName]!, self };
}

export function arrayAttribute(v: ArrayValue, name: string, loc: Loc): Value | undefined {
  void loc;
  const a = v.a;
  if (FUNCTION_METHODS.includes(name)) return withSelf(v, name, name);
  switch (name) {
    case 'shape':
      return { t: 'tuple', items: a.shape.map((s) => int(s)) };
    case 'size':
      return int(a.data.length);
    case 'ndim':
      return int(a.shape.length);
    case 'T':
      return result(transpose(a), v.dim);
    case 'transpose':
      return method(v, name, (args, ctx) => result(transpose(a, args.positional.length ? reshapeArgs(args.positional, args.loc, ctx) : undefined), v.dim));
    case 'reshape':
      return method(v, name, (args, ctx) => result(reshape(a, reshapeArgs(args.positional, args.loc, ctx)), v.dim));
    case 'flatten':
      return method(v, name, () => result({ data: Float64Array.from(a.data), shape: [a.data.length], dtype: a.dtype }, v.dim));
    case 'ravel':
      return method(v, name, () => result({ data: a.data, shape: [a.data.length], dtype: a.dtype }, v.dim));
    case 'copy':
      return method(v, name, () => result(copy(a), v.dim));
    case 'squeeze':
      return { t: 'builtin', name, fn: METHOD_SQUEEZE, self: v };
    case 'astype':
      return method(v, name, (args, ctx) => {
        const t = args.positional[0] ?? args.keywords.get('dtype');
        if (!t) return ctx.fail('missing-argument', args.loc, { callee: 'astype', name: 'dtype' });
        return result(castTo(a, dtypeOf(t) ?? 'float', true), v.dim);
      });
    case 'tolist':
      return method(v, name, () => {
        const nest = (offset: number, depth: number): Value => {
          if (depth === a.shape.length) {
            const x = a.data[offset]!;
            return a.dtype === 'bool' ? { t: 'bool', v: x !== 0 } : num(x, v.dim, a.dtype !== 'float');
          }
          const stride = a.shape.slice(depth + 1).reduce((p, q) => p * q, 1);
          return { t: 'list', items: Array.from({ length: a.shape[depth]! }, (_, k) => nest(offset + k * stride, depth + 1)) };
        };
        return nest(0, 0);
      });
    case 'item':
      return method(v, name, (args, ctx) => {
        if (args.positional.length || a.data.length !== 1) {
          return ctx.fail('unsupported', args.loc, {
            what: 'item() with an index or of an array of several elements',
            hint: 'index the array instead, e.g. a[3]',
          });
        }
        return result({ data: Float64Array.of(a.data[0]!), shape: [], dtype: a.dtype }, v.dim);
      });
    case 'fill':
      return method(v, name, (args, ctx) => {
        const x = toArray(args.positional[0] ?? NONE, args.locs.positional[0] ?? args.loc, ctx, 'fill()');
        a.data.fill(castTo(x.a, a.dtype).data[0]!);
        writeThrough(a, null);
        return NONE;
      });
    case 'sort':
      return method(v, name, (args, ctx) => {
        const axisArg = args.positional[0] ?? args.keywords.get('axis');
        const axis = axisArg && axisArg.t === 'num' ? axisArg.v : axisArg && axisArg.t === 'none' ? null : -1;
        if (axis === null)
          return ctx.fail('type-error', args.loc, {
            detail: 'sort() of an array needs an axis (None is not allowed in place)',
            hint: 'use np.sort(a, axis=None)',
          });
        a.data.set(sort(a, axis).data);
        writeThrough(a, null);
        return NONE;
      });
    default:
      return undefined;
  }
}
