// Python's builtins as the evaluator provides them. Output (print) is skipped with a note; file and
// process access is refused, since the converter never runs the script's side effects.

import { DIMENSIONLESS, isDimensionless } from '../units/dimension.js';
import type { EvalContext } from './context.js';
import { iterate } from './iterate.js';
import { arg, numeric, reduce, requireArg, unitFn } from './numeric.js';
import { binary, compare, displayValue, equalValues, rangeLength, truthy } from './operators.js';
import { bool, builtin, callArgs, describe, int, NONE, num, str, type CallArgs, type Value, opaque } from './values.js';
import { nd } from './ndarray.js';
import { EXCEPTION_CLASSES, isExceptionClass } from './context.js';
import { exitBuiltins } from './process-env.js';
import { ipythonShell } from './output-modules.js';
import { axisLength, drawnScalarConversion, synapsesCount } from './drawn.js';
import { classDecorators } from './classes.js';

function toInt(args: CallArgs, ctx: EvalContext): Value {
  const a = arg(args, 0, 'x');
  if (!a) return int(0);
  const v = a.value;
  if (v.t === 'str') {
    const x = Number(v.v.trim());
    if (!Number.isInteger(x) || !/^\s*[+-]?\d+\s*$/.test(v.v))
      ctx.pyError('ValueError', 'value-error', a.loc, { detail: `invalid literal for int(): '${v.v}'`, hint: 'pass digits only' });
    return int(x);
  }
  if (v.t === 'lazy') return { ...v, expr: { k: 'call', fn: 'int', args: [v.expr] } };
  if (v.t === 'drawn') return drawnScalarConversion(v, 'int', a.loc, ctx);
  const n = numeric(v, a.loc, ctx, 'int()');
  // numpy converts arrays of one element too.
  if (n.a.data.length !== 1) ctx.fail('type-error', a.loc, { detail: 'only single values can be converted to int', hint: 'use array.astype(int)' });
  // Brian2's Quantity converts with its value in SI units (int(2.7*second) == 2, int(0.05/dt) counts
  // steps), whatever its units: no dimension check here, as in Python.
  return int(Math.trunc(n.a.data[0]!));
}

function toFloat(args: CallArgs, ctx: EvalContext): Value {
  const a = arg(args, 0, 'x');
  if (!a) return num(0);
  const v = a.value;
  if (v.t === 'str') {
    const t = v.v.trim().toLowerCase();
    const x = t === 'inf' ? Infinity : t === '-inf' ? -Infinity : t === 'nan' ? NaN : Number(t);
    if ((Number.isNaN(x) && t !== 'nan') || t === '')
      ctx.pyError('ValueError', 'value-error', a.loc, { detail: `could not convert '${v.v}' to float`, hint: 'pass a number' });
    return num(x);
  }
  if (v.t === 'drawn') return drawnScalarConversion(v, 'float', a.loc, ctx);
  const n = numeric(v, a.loc, ctx, 'float()');
  if (n.a.data.length !== 1) ctx.fail('type-error', a.loc, { detail: 'only single values can be converted to float', hint: 'use array.astype(float)' });
  // As int(): the SI value (float(3*mV) == 0.003).
  return num(n.a.data[0]!);
}

function range(args: CallArgs, ctx: EvalContext): Value {
  const ints = args.positional.map((v, k) => {
    if (v.t === 'unknown') ctx.failUnknown(v, args.locs.positional[k]!, 'the range');
    if (!(v.t === 'num' && v.int) && v.t !== 'bool')
      ctx.fail('type-error', args.locs.positional[k]!, { detail: `range() needs integers, not ${describe(v)}`, hint: 'use int(...)' });
    return v.t === 'bool' ? +v.v : v.v;
  });
  if (ints.length === 1) return { t: 'range', start: 0, stop: ints[0]!, step: 1 };
  if (ints.length === 2) return { t: 'range', start: ints[0]!, stop: ints[1]!, step: 1 };
  if (ints.length === 3) {
    if (ints[2] === 0) ctx.fail('value-error', args.locs.positional[2]!, { detail: 'range() step must not be zero', hint: 'use a non-zero step' });
    return { t: 'range', start: ints[0]!, stop: ints[1]!, step: ints[2]! };
  }
  return ctx.fail('type-error', args.loc, { detail: 'range() takes 1 to 3 arguments', hint: 'range(stop) or range(start, stop[, step])' });
}

function len(args: CallArgs, ctx: EvalContext): Value {
  const { value: v, loc } = requireArg(args, 0, 'obj', 'len', ctx);
  switch (v.t) {
    case 'list':
    case 'tuple':
    case 'set':
      return int(v.items.length);
    case 'str':
      return int(v.v.length);
    case 'dict':
      return int(v.keys.length);
    case 'range':
      return int(rangeLength(v));
    case 'array':
      return int(v.a.shape[0] ?? 1);
    case 'drawn':
      if (v.scalar) return ctx.fail('type-error', loc, { detail: `${describe(v)} has no len()`, hint: 'use an array' });
      return axisLength(v, 0, loc);
    case 'object':
      if ('n' in v.obj && typeof v.obj.n === 'number') return int(v.obj.n);
      if (v.obj.kind === 'Subgroup') return int(v.obj.stop - v.obj.start);
      if (v.obj.kind === 'Synapses') return v.obj.pairs === null ? synapsesCount(v.obj, loc, ctx) : int(v.obj.pairs?.i.length ?? 0);
      if (v.obj.kind === 'SubMorphology') return int(v.obj.j - v.obj.i);
      if (v.obj.kind === 'Morphology')
        return ctx.fail('type-error', loc, {
          detail: "the 'length' of a Morphology is ambiguous (Brian2 raises a TypeError)",
          hint: 'use its n attribute (compartments of this section) or total_compartments (the whole subtree)',
        });
      return ctx.fail('not-static', loc, { what: `len() of a ${v.obj.kind}`, hint: 'its size is known only after the simulation is built' });
    case 'lazy':
      // `len(G.v)` is the group's size; `len(S.i)` the number of synapses, made by the project.
      if (v.n !== null) return int(v.n);
      {
        // The owner by the name it has now (objects made in functions may be renamed at their first run).
        const owner = v.owner === null ? undefined : ctx.script.objects.find((o) => o.name === v.owner);
        return owner?.kind === 'Synapses'
          ? synapsesCount(owner, loc, ctx)
          : { t: 'unknown', why: 'the number of synapses is known only when the project makes them', loc };
      }
    case 'inert':
      return v.shape ? int(v.shape[0]!) : v;
    case 'unknown':
      return v;
    default:
      return ctx.fail('type-error', loc, { detail: `${describe(v)} has no len()`, hint: 'use a list, array or group' });
  }
}

/**
 * any()/all() of per-element values known only when the project runs (`assert not any(S.w < 0)`): unknown,
 * so an assert on it is not checked and any use in the model is a located error.
 */
function runTimeTruth(v: Value, fn: 'any' | 'all', loc: import('../../grammars/ast.js').Loc): Value | null {
  if ((v.t === 'lazy' && !v.values) || (v.t === 'drawn' && !v.scalar)) return { t: 'unknown', why: `${fn}() of values known only when the project runs`, loc };
  return null;
}

/** min()/max() of several arguments or of one iterable. */
function extreme(which: 'min' | 'max') {
  return (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value): Value => {
    const items = args.positional.length === 1 ? iterate(args.positional[0]!, args.locs.positional[0]!, ctx, `${which}()`) : args.positional;
    if (!items.length) return ctx.fail('value-error', args.loc, { detail: `${which}() of an empty sequence`, hint: 'give at least one value' });
    const key = args.keywords.get('key');
    let best = items[0]!;
    let bestKey = key ? call(key, callArgs([best], args.loc)) : best;
    for (const x of items.slice(1)) {
      const k = key ? call(key, callArgs([x], args.loc)) : x;
      const better = compare(which === 'min' ? '<' : '>', k, bestKey);
      if (better.t === 'unknown') return better;
      if (truthy(better)) {
        best = x;
        bestKey = k;
      }
    }
    return best;
  };
}

function sum(args: CallArgs, ctx: EvalContext): Value {
  const { value, loc } = requireArg(args, 0, 'iterable', 'sum', ctx);
  if (value.t === 'array') return reduce('sum', (xs) => xs.reduce((a, b) => a + b, 0))(args, ctx);
  const items = iterate(value, loc, ctx, 'sum()');
  let acc: Value = arg(args, 1, 'start')?.value ?? int(0);
  for (const x of items) {
    // sum() of quantities starts from a plain 0: adopt the first item's units.
    if (acc.t === 'num' && acc.v === 0 && isDimensionless(acc.dim) && x.t === 'num' && !isDimensionless(x.dim)) acc = num(0, x.dim);
    acc = binary('+', acc, x);
  }
  return acc;
}

function round(args: CallArgs, ctx: EvalContext): Value {
  const { value, loc } = requireArg(args, 0, 'number', 'round', ctx);
  const digits = arg(args, 1, 'ndigits');
  const n = numeric(value, loc, ctx, 'round()');
  const d = digits ? (digits.value.t === 'num' ? digits.value.v : 0) : 0;
  const f = 10 ** d;
  // Python rounds halves to even.
  const r = (x: number) => {
    const y = x * f;
    const fl = Math.floor(y);
    const diff = y - fl;
    const rounded = diff > 0.5 ? fl + 1 : diff < 0.5 ? fl : fl % 2 === 0 ? fl : fl + 1;
    return rounded / f;
  };
  if (n.scalar) return digits ? num(r(n.a.data[0]!), n.dim) : { t: 'num', v: r(n.a.data[0]!), int: isDimensionless(n.dim), dim: n.dim };
  return { t: 'array', a: nd(Array.from(n.a.data, r)), dim: n.dim };
}

export function printSkipped(args: CallArgs, ctx: EvalContext): Value {
  if (!ctx.notedInert.has('print')) {
    ctx.notedInert.add('print');
    ctx.note('print() calls while the model is built are skipped (they would print values of the Python run)', args.loc);
  }
  return NONE;
}

const sequence =
  (kind: 'list' | 'tuple' | 'set') =>
  (args: CallArgs, ctx: EvalContext): Value => {
    const a = arg(args, 0, 'iterable');
    if (!a) return { t: kind, items: [] };
    if (a.value.t === 'unknown' || a.value.t === 'inert') return opaque(a.value);
    const items = iterate(a.value, a.loc, ctx, `${kind}()`);
    if (kind === 'set') return { t: 'set', items: items.filter((x, k) => items.findIndex((y) => equalValues(x, y)) === k) };
    return { t: kind, items };
  };

const BUILTINS: Record<string, (args: CallArgs, ctx: EvalContext, call: (f: Value, a: CallArgs) => Value) => Value> = {
  print: printSkipped,
  len,
  range,
  int: toInt,
  float: toFloat,
  bool: (args, ctx) => {
    const a = arg(args, 0, 'x');
    return a ? bool(truthy(a.value)) : bool(false);
  },
  str: (args) => {
    const a = arg(args, 0, 'object');
    return str(a ? displayValue(a.value) : '', args.loc);
  },
  repr: (args) => {
    const a = arg(args, 0, 'object');
    return str(a ? (a.value.t === 'str' ? `'${a.value.v}'` : displayValue(a.value)) : '', args.loc);
  },
  abs: unitFn('abs', Math.abs),
  min: extreme('min'),
  max: extreme('max'),
  sum,
  round,
  list: sequence('list'),
  tuple: sequence('tuple'),
  set: sequence('set'),
  dict: (args, ctx) => {
    const keys: Value[] = [];
    const values: Value[] = [];
    const a = arg(args, 0, 'mapping');
    if (a) {
      if (a.value.t === 'dict') {
        keys.push(...a.value.keys);
        values.push(...a.value.values);
      } else {
        for (const pair of iterate(a.value, a.loc, ctx, 'dict()')) {
          const kv = iterate(pair, a.loc, ctx, 'dict()');
          keys.push(kv[0]!);
          values.push(kv[1]!);
        }
      }
    }
    for (const [k, v] of args.keywords) {
      keys.push(str(k, args.loc));
      values.push(v);
    }
    return { t: 'dict', keys, values };
  },
  zip: (args, ctx) => {
    const lists = args.positional.map((v, k) => iterate(v, args.locs.positional[k]!, ctx, 'zip()'));
    const n = Math.min(...lists.map((l) => l.length));
    return { t: 'list', items: Array.from({ length: lists.length ? n : 0 }, (_, k) => ({ t: 'tuple', items: lists.map((l) => l[k]!) })) };
  },
  enumerate: (args, ctx) => {
    const { value, loc } = requireArg(args, 0, 'iterable', 'enumerate', ctx);
    const start = arg(args, 1, 'start')?.value;
    const s = start && start.t === 'num' ? start.v : 0;
    return { t: 'list', items: iterate(value, loc, ctx, 'enumerate()').map((x, k) => ({ t: 'tuple', items: [int(k + s), x] })) };
  },
  sorted: (args, ctx, call) => {
    const { value, loc } = requireArg(args, 0, 'iterable', 'sorted', ctx);
    const key = args.keywords.get('key');
    const rev = args.keywords.get('reverse');
    const items = iterate(value, loc, ctx, 'sorted()').map((x) => ({ x, k: key ? call(key, callArgs([x], args.loc)) : x }));
    items.sort((a, b) => (truthy(compare('<', a.k, b.k)) ? -1 : truthy(compare('>', a.k, b.k)) ? 1 : 0));
    if (rev && truthy(rev)) items.reverse();
    return { t: 'list', items: items.map((i) => i.x) };
  },
  reversed: (args, ctx) => {
    const { value, loc } = requireArg(args, 0, 'seq', 'reversed', ctx);
    return { t: 'list', items: iterate(value, loc, ctx, 'reversed()').reverse() };
  },
  map: (args, ctx, call) => {
    const fn = requireArg(args, 0, 'function', 'map', ctx).value;
    const lists = args.positional.slice(1).map((v, k) => iterate(v, args.locs.positional[k + 1]!, ctx, 'map()'));
    const n = Math.min(...lists.map((l) => l.length));
    return {
      t: 'list',
      items: Array.from({ length: n }, (_, k) =>
        call(
          fn,
          callArgs(
            lists.map((l) => l[k]!),
            args.loc,
          ),
        ),
      ),
    };
  },
  filter: (args, ctx, call) => {
    const fn = requireArg(args, 0, 'function', 'filter', ctx).value;
    const { value, loc } = requireArg(args, 1, 'iterable', 'filter', ctx);
    return { t: 'list', items: iterate(value, loc, ctx, 'filter()').filter((x) => truthy(fn.t === 'none' ? x : call(fn, callArgs([x], args.loc)))) };
  },
  any: (args, ctx) =>
    runTimeTruth(requireArg(args, 0, 'iterable', 'any', ctx).value, 'any', args.loc) ??
    bool(iterate(requireArg(args, 0, 'iterable', 'any', ctx).value, args.loc, ctx, 'any()').some(truthy)),
  all: (args, ctx) =>
    runTimeTruth(requireArg(args, 0, 'iterable', 'all', ctx).value, 'all', args.loc) ??
    bool(iterate(requireArg(args, 0, 'iterable', 'all', ctx).value, args.loc, ctx, 'all()').every(truthy)),
  divmod: (args, ctx) => {
    const a = requireArg(args, 0, 'a', 'divmod', ctx).value;
    const b = requireArg(args, 1, 'b', 'divmod', ctx).value;
    return { t: 'tuple', items: [binary('//', a, b), binary('%', a, b)] };
  },
  pow: (args, ctx) => binary('**', requireArg(args, 0, 'base', 'pow', ctx).value, requireArg(args, 1, 'exp', 'pow', ctx).value),
  isinstance: (args, ctx) => {
    const v = requireArg(args, 0, 'obj', 'isinstance', ctx).value;
    const t = requireArg(args, 1, 'classinfo', 'isinstance', ctx).value;
    const names = (t.t === 'tuple' ? t.items : [t]).map((x) => (x.t === 'builtin' ? x.name : ''));
    const kind = { num: v.t === 'num' && v.int ? 'int' : 'float', str: 'str', list: 'list', tuple: 'tuple', dict: 'dict', bool: 'bool' }[v.t as string];
    return bool(names.includes(kind ?? '') || (kind === 'int' && names.includes('float') === false && names.includes('int')));
  },
  open: (args, ctx) =>
    ctx.fail('unsupported', args.loc, {
      what: 'reading or writing files while the model is built',
      hint: 'write the values into the script, e.g. as a list or a numpy array',
    }),
  exec: (args, ctx) => ctx.fail('unsupported', args.loc, { what: 'exec()', hint: 'write the code directly in the script' }),
  eval: (args, ctx) => ctx.fail('unsupported', args.loc, { what: 'eval()', hint: 'write the expression directly in the script' }),
  input: (args, ctx) => ctx.fail('unsupported', args.loc, { what: 'input()', hint: 'write the value into the script' }),
  __import__: (args, ctx) => ctx.fail('unsupported', args.loc, { what: '__import__()', hint: 'use an import statement' }),
};

/** Exception instances made by calling an exception class (`ValueError('bad')`), for raise. */
const EXCEPTIONS = new WeakMap<object, { type: string; message: string }>();

export function exceptionOf(v: Value): { type: string; message: string } | null {
  if (v.t === 'builtin' && isExceptionClass(v.name)) return { type: v.name, message: '' };
  return EXCEPTIONS.get(v) ?? null;
}

function exceptionClass(name: string) {
  return (args: CallArgs): Value => {
    const first = args.positional[0];
    const message = first ? (first.t === 'str' ? first.v : displayValue(first)) : '';
    const inst: Value = { t: 'module', name: `${name}(...)`, members: (n) => (n === 'args' ? { t: 'tuple', items: [...args.positional] } : undefined) };
    EXCEPTIONS.set(inst, { type: name, message });
    return inst;
  };
}

const BUILTIN_VALUES: Record<string, Value> = {
  ...exitBuiltins,
  // Notebook exports: IPython's shell and display exist when the script runs in IPython.
  get_ipython: builtin('get_ipython', () => ipythonShell),
  ...classDecorators,
  object: builtin('object', () => ({ t: 'none' })),
  super: builtin('super', (args, ctx) =>
    ctx.fail('unsupported', args.loc, { what: 'super()', hint: 'call the base class directly: Base.__init__(self, ...)' }),
  ),
  display: builtin('display', () => NONE),
  __name__: { t: 'str', v: '__main__', offsets: null, loc: { start: 0, end: 0 } },
  __file__: { t: 'unknown', why: 'the script path is not part of the model', loc: { start: 0, end: 0 } },
};

const table = new Map<string, Value>();
for (const [name, fn] of Object.entries(BUILTINS)) table.set(name, builtin(name, fn));
for (const name of EXCEPTION_CLASSES) table.set(name, builtin(name, exceptionClass(name)));
for (const [name, v] of Object.entries(BUILTIN_VALUES)) table.set(name, v);

export function pythonBuiltin(name: string): Value | undefined {
  return table.get(name);
}

export { DIMENSIONLESS };
