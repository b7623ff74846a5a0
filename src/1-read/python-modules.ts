// Small parts of Python's standard library that model-building code uses: functools (reduce, partial,
// cache decorators), operator (the arithmetic operators as functions), itertools (product, chain,
// combinations) and copy. Their other members stay as unevaluated, computing-only module members.

import type { Loc } from '../../grammars/ast.js';
import type { BinaryOperator } from '../../grammars/ast.js';
import type { EvalContext } from './context.js';
import { iterate } from './iterate.js';
import { requireArg } from './numeric.js';
import { opaqueMember, opaqueModule } from './opaque-modules.js';
import { binary, unary } from './operators.js';
import { builtin, callArgs, type BuiltinFn, type CallArgs, type Value } from './values.js';

function partlyKnown(name: string, loc: Loc, known: Record<string, BuiltinFn>): Value {
  const opaque = opaqueModule(name, loc) as Extract<Value, { t: 'unknown' }>;
  return { t: 'module', name, members: (n) => (known[n] ? builtin(n, known[n]!) : opaqueMember(opaque, n)) };
}

const identityDecorator: BuiltinFn = (args) => {
  const f = args.positional[0];
  // `@lru_cache` and `@lru_cache(maxsize=...)` both leave the function as it is.
  if (f && (f.t === 'function' || f.t === 'builtin')) return f;
  return builtin('decorator', (a) => a.positional[0]!);
};

const FUNCTOOLS: Record<string, BuiltinFn> = {
  reduce: (args, ctx, call) => {
    const fn = requireArg(args, 0, 'function', 'reduce', ctx).value;
    const items = iterate(requireArg(args, 1, 'iterable', 'reduce', ctx).value, args.loc, ctx, 'reduce()');
    let acc: Value | undefined = args.positional[2];
    for (const x of items) acc = acc === undefined ? x : call(fn, callArgs([acc, x], args.loc));
    if (acc === undefined)
      return ctx.fail('type-error', args.loc, { detail: 'reduce() of an empty sequence with no initial value', hint: 'give an initial value' });
    return acc;
  },
  partial: (args, ctx) => {
    const fn = requireArg(args, 0, 'func', 'partial', ctx).value;
    const bound = args.positional.slice(1);
    const boundKw = new Map(args.keywords);
    return builtin('partial', (a, c, call) => {
      const out: CallArgs = callArgs([...bound, ...a.positional], a.loc);
      for (const [k, v] of boundKw) out.keywords.set(k, v);
      for (const [k, v] of a.keywords) out.keywords.set(k, v);
      void c;
      return call(fn, out);
    });
  },
  lru_cache: identityDecorator,
  cache: identityDecorator,
  wraps: () => builtin('wraps', (a) => a.positional[0]!),
};

const binaryOp =
  (op: BinaryOperator): BuiltinFn =>
  (args, ctx) =>
    binary(op, requireArg(args, 0, 'a', op, ctx).value, requireArg(args, 1, 'b', op, ctx).value);

const OPERATOR: Record<string, BuiltinFn> = {
  add: binaryOp('+'),
  sub: binaryOp('-'),
  mul: binaryOp('*'),
  truediv: binaryOp('/'),
  floordiv: binaryOp('//'),
  mod: binaryOp('%'),
  pow: binaryOp('**'),
  neg: (args, ctx) => unary('-', requireArg(args, 0, 'a', 'neg', ctx).value),
};

/** itertools.product/chain/combinations, materialised (scripts use them over small collections). */
const ITERTOOLS: Record<string, BuiltinFn> = {
  product: (args, ctx) => {
    const repeat = args.keywords.get('repeat');
    let pools = args.positional.map((v, k) => iterate(v, args.locs.positional[k] ?? args.loc, ctx, 'product()'));
    if (repeat?.t === 'num') pools = Array.from({ length: repeat.v }, () => pools).flat();
    let out: Value[][] = [[]];
    for (const pool of pools) out = out.flatMap((prefix) => pool.map((x) => [...prefix, x]));
    return { t: 'list', items: out.map((items) => ({ t: 'tuple', items })) };
  },
  chain: (args, ctx) => ({ t: 'list', items: args.positional.flatMap((v, k) => iterate(v, args.locs.positional[k] ?? args.loc, ctx, 'chain()')) }),
  combinations: (args, ctx) => {
    const pool = iterate(requireArg(args, 0, 'iterable', 'combinations', ctx).value, args.loc, ctx, 'combinations()');
    const r = requireArg(args, 1, 'r', 'combinations', ctx).value;
    const n = r.t === 'num' ? r.v : 0;
    const out: Value[][] = [];
    const pick = (start: number, acc: Value[]) => {
      if (acc.length === n) {
        out.push(acc);
        return;
      }
      for (let k = start; k < pool.length; k++) pick(k + 1, [...acc, pool[k]!]);
    };
    pick(0, []);
    return { t: 'list', items: out.map((items) => ({ t: 'tuple', items })) };
  },
};

function copyOf(v: Value, deep: boolean): Value {
  const c = (x: Value) => (deep ? copyOf(x, true) : x);
  switch (v.t) {
    case 'list':
    case 'tuple':
    case 'set':
      return { t: v.t, items: v.items.map(c) };
    case 'dict':
      return { t: 'dict', keys: [...v.keys], values: v.values.map(c) };
    case 'array':
      return { t: 'array', a: { ...v.a, data: v.a.data.slice() }, dim: v.dim };
    default:
      return v;
  }
}

const COPY: Record<string, BuiltinFn> = {
  copy: (args, ctx) => copyOf(requireArg(args, 0, 'x', 'copy', ctx).value, false),
  deepcopy: (args, ctx) => copyOf(requireArg(args, 0, 'x', 'deepcopy', ctx).value, true),
};

/** The module value for one of these standard modules, or null. */
export function pythonModule(name: string, loc: Loc, ctx: EvalContext): Value | null {
  void ctx;
  if (name === 'functools') return partlyKnown(name, loc, FUNCTOOLS);
  if (name === 'operator') return partlyKnown(name, loc, OPERATOR);
  if (name === 'itertools') return partlyKnown(name, loc, ITERTOOLS);
  if (name === 'copy') return partlyKnown(name, loc, COPY);
  return null;
}
