// Python operators over evaluator values, with Brian2's unit rules: + - and comparisons need equal
// dimensions, * and / combine them, ** needs a dimensionless exponent. Arrays broadcast like numpy.
// Errors are thrown as OperatorError and located by the caller.

import type { BinaryOperator, CompareOperator } from '../../grammars/ast.js';
import { bin, num as snum, type SExpr } from '../symbolic/expr.js';
import { type Dim, DIMENSIONLESS, divDim, formatDim, isDimensionless, mulDim, powDim, sameDim } from '../units/dimension.js';
import { ArraySizeError, BroadcastError, castValue, type DType, elementwise, map, nd, type NDArray, promote, scalarArray, writeThrough } from './ndarray.js';
import { dot } from './ndarray-axis.js';
import { bool, describe, int, num, type Value, opaque } from './values.js';
import { drawnBinary, drawnCompare, drawnUnary } from './drawn.js';

/** An operation on drawn numbers that the project cannot replay (located by the caller). */
function drawnError(message: string): never {
  throw new OperatorError(message, 'type-error', 'the numbers of numpy.random are drawn by the generated project; use them only as values of the model');
}

/** Largest sequence the evaluator materialises (loops over ranges are walked lazily instead). */
export const MAX_ITEMS = 2_000_000;

export class OperatorError extends Error {
  constructor(
    message: string,
    readonly code: 'type-error' | 'unit-mismatch' | 'value-error' | 'limit' | 'unsupported' = 'type-error',
    readonly hint = '',
  ) {
    super(message);
  }
}

type Numeric = { a: NDArray; dim: Dim; scalar: boolean; int: boolean };

/** View a value as a numeric array, or null when it is not numeric. */
export function asNumeric(v: Value): Numeric | null {
  switch (v.t) {
    case 'num':
      return { a: scalarArray(v.v, v.int ? 'int' : 'float'), dim: v.dim, scalar: true, int: v.int };
    case 'bool':
      return { a: scalarArray(v.v ? 1 : 0, 'bool'), dim: DIMENSIONLESS, scalar: true, int: true };
    case 'array':
      return { a: v.a, dim: v.dim, scalar: false, int: v.a.dtype !== 'float' };
    case 'list':
    case 'tuple': {
      const items = v.items.map(asNumeric);
      if (items.some((x) => x === null || !x.scalar)) return listOfArrays(items);
      const dims = items.map((x) => x!.dim);
      const d = dims[0] ?? DIMENSIONLESS;
      if (!dims.every((x) => sameDim(x, d))) throw new OperatorError('the list mixes values with different units', 'unit-mismatch');
      const dtype = items.reduce<DType>((acc, x) => promote(acc, x!.a.dtype), items.length ? 'bool' : 'float');
      return {
        a: nd(
          items.map((x) => x!.a.data[0]!),
          [items.length],
          dtype,
        ),
        dim: d,
        scalar: false,
        int: dtype !== 'float',
      };
    }
    default:
      return null;
  }
}

/** A list of arrays of one shape becomes an array with one more dimension (`[[1, 2], [3, 4]]*mV`). */
function listOfArrays(items: (Numeric | null)[]): Numeric | null {
  if (!items.length || items.some((x) => x === null || x.scalar)) return null;
  const shape = items[0]!.a.shape;
  if (!items.every((x) => x!.a.shape.length === shape.length && x!.a.shape.every((s, k) => s === shape[k]))) return null;
  if (!items.every((x) => sameDim(x!.dim, items[0]!.dim))) throw new OperatorError('the list mixes values with different units', 'unit-mismatch');
  const n = items[0]!.a.data.length;
  const data = new Float64Array(items.length * n);
  items.forEach((x, r) => data.set(x!.a.data, r * n));
  const dtype = items.reduce<DType>((acc, x) => promote(acc, x!.a.dtype), 'bool');
  return { a: { data, shape: [items.length, ...shape], dtype }, dim: items[0]!.dim, scalar: false, int: dtype !== 'float' };
}

export function fromNumeric(a: NDArray, dim: Dim, scalar: boolean): Value {
  if (scalar && a.data.length === 1 && a.shape.length === 0) {
    if (a.dtype === 'bool' && isDimensionless(dim)) return bool(a.data[0] !== 0);
    return num(a.data[0]!, dim, a.dtype !== 'float');
  }
  return { t: 'array', a, dim };
}

function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
}

const ARITH: Record<string, (x: number, y: number) => number> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  '/': (x, y) => x / y,
  '//': (x, y) => Math.floor(x / y),
  '%': pyMod,
  '**': (x, y) => x ** y,
};

function valueIn(d: Dim): string {
  return isDimensionless(d) ? 'a plain number' : `a value in ${formatDim(d)}`;
}

function unitMismatch(op: string, a: Dim, b: Dim): OperatorError {
  return new OperatorError(`cannot apply '${op}' to ${valueIn(a)} and ${valueIn(b)}`, 'unit-mismatch', 'both sides must have the same units');
}

export function binary(op: BinaryOperator, l: Value, r: Value): Value {
  // Values that exist only after the run, and plotting, absorb every operation.
  if (l.t === 'unknown') return opaque(l);
  if (r.t === 'unknown') return opaque(r);
  if (l.t === 'inert') return l;
  if (r.t === 'inert') return r;
  if (l.t === 'lazy' || r.t === 'lazy') return lazyBinary(op, l, r);
  if (l.t === 'drawn' || r.t === 'drawn') return drawnBinary(op, l, r, binary, drawnError);

  // Sequences and strings first: Python semantics.
  if (op === '+' && l.t === 'str' && r.t === 'str') {
    const offsets = l.offsets && r.offsets ? [...l.offsets.slice(0, l.v.length), ...r.offsets] : null;
    return { t: 'str', v: l.v + r.v, offsets, loc: { start: l.loc.start, end: r.loc.end } };
  }
  if (op === '+' && l.t === 'list' && r.t === 'list') return { t: 'list', items: [...l.items, ...r.items] };
  if (op === '+' && l.t === 'tuple' && r.t === 'tuple') return { t: 'tuple', items: [...l.items, ...r.items] };
  if (op === '+' && l.t === 'equations' && r.t === 'equations') return { t: 'equations', parts: [...l.parts, ...r.parts] };
  // Equations + 'dw/dt = ... : 1' (Brian2 parses the string as more equations; str + Equations fails there too).
  if (op === '+' && l.t === 'equations' && r.t === 'str') return { t: 'equations', parts: [...l.parts, { text: r, substitutions: new Map() }] };
  if (op === '*') {
    const rep = repeatSequence(l, r) ?? repeatSequence(r, l);
    if (rep) return rep;
  }
  if (op === '%' && l.t === 'str') return { t: 'str', v: percentFormat(l.v, r), offsets: null, loc: l.loc };

  const a = asNumeric(l);
  const b = asNumeric(r);
  if (!a || !b) throw new OperatorError(`unsupported operand types for ${op}: ${describe(l)} and ${describe(r)}`);
  if (op === '@') return matmulOperator(a, b);
  if (op === '&' || op === '|' || op === '^' || op === '<<' || op === '>>') return bitwise(op, a, b);
  let dim: Dim;
  switch (op) {
    case '+':
    case '-': {
      // Brian2 lets a dimensionless zero stand for any unit (`v + 0`, `sum()` starting from 0).
      const d = zeroTolerantDim(a, b);
      if (!d) throw unitMismatch(op, a.dim, b.dim);
      dim = d;
      break;
    }
    case '%':
    case '//':
      if (!sameDim(a.dim, b.dim)) throw unitMismatch(op, a.dim, b.dim);
      dim = op === '//' ? DIMENSIONLESS : a.dim;
      break;
    case '*':
      dim = mulDim(a.dim, b.dim);
      break;
    case '/':
      dim = divDim(a.dim, b.dim);
      break;
    case '**': {
      if (!isDimensionless(b.dim)) throw new OperatorError(`the exponent must be dimensionless, not ${formatDim(b.dim)}`, 'unit-mismatch');
      if (!isDimensionless(a.dim)) {
        if (!b.scalar) throw new OperatorError('a quantity with units can only be raised to a single power');
        dim = powDim(a.dim, b.a.data[0]!);
      } else dim = DIMENSIONLESS;
      break;
    }
    default:
      throw new OperatorError(`operator '${op}' is not supported on numbers here`);
  }
  const f = ARITH[op];
  if (!f) throw new OperatorError(`operator '${op}' is not supported on numbers here`);
  let dtype: DType;
  if (op === '/') dtype = 'float';
  else if (op === '**') dtype = a.int && b.int && b.a.data.every((x) => x >= 0) ? 'int' : 'float';
  else dtype = promote(a.a.dtype === 'bool' ? 'int' : a.a.dtype, b.a.dtype === 'bool' ? 'int' : b.a.dtype);
  if (op === '/' || op === '//' || op === '%') {
    if (a.int && b.int && b.a.data.some((x) => x === 0))
      throw new OperatorError('division by zero', 'value-error', 'the divisor is zero for the values of the script');
  }
  try {
    return fromNumeric(elementwise(a.a, b.a, f, dtype), dim, a.scalar && b.scalar);
  } catch (e) {
    if (e instanceof BroadcastError) throw new OperatorError(e.message);
    if (e instanceof ArraySizeError) throw new OperatorError(e.message, 'limit', 'use smaller arrays, or Brian2 strings evaluated per neuron');
    throw e;
  }
}

/** The units of `a op b` for + - and comparisons: equal units, or one side a dimensionless zero (Brian2). */
function zeroTolerantDim(a: Numeric, b: Numeric): Dim | null {
  if (sameDim(a.dim, b.dim)) return a.dim;
  const zero = (x: Numeric) => isDimensionless(x.dim) && x.a.data.every((e) => e === 0);
  if (zero(b)) return a.dim;
  if (zero(a)) return b.dim;
  return null;
}

/** `a @ b`: matrix product; Brian2's Quantity multiplies the units. */
function matmulOperator(a: Numeric, b: Numeric): Value {
  if (a.scalar || b.scalar) throw new OperatorError("matmul: a scalar operand is not allowed, use '*' instead", 'value-error');
  try {
    return fromNumeric(dot(a.a, b.a), mulDim(a.dim, b.dim), false);
  } catch (e) {
    if (e instanceof BroadcastError) throw new OperatorError(e.message, 'value-error');
    throw e;
  }
}

/** & | ^ << >> on booleans and integers (numpy: element-wise; bool & bool stays bool). */
function bitwise(op: '&' | '|' | '^' | '<<' | '>>', a: Numeric, b: Numeric): Value {
  if (a.a.dtype === 'float' || b.a.dtype === 'float') throw new OperatorError(`unsupported operand types for ${op}: floating point numbers`);
  if (!isDimensionless(a.dim) || !isDimensionless(b.dim)) throw new OperatorError(`cannot apply '${op}' to quantities with units`, 'unit-mismatch');
  const bothBool = a.a.dtype === 'bool' && b.a.dtype === 'bool';
  if (bothBool && (op === '<<' || op === '>>')) throw new OperatorError(`unsupported operand types for ${op}: booleans`);
  const f: Record<string, (x: number, y: number) => number> = {
    '&': (x, y) => Number(BigInt(x) & BigInt(y)),
    '|': (x, y) => Number(BigInt(x) | BigInt(y)),
    '^': (x, y) => Number(BigInt(x) ^ BigInt(y)),
    '<<': (x, y) => Number(BigInt(x) << BigInt(y)),
    '>>': (x, y) => Number(BigInt(x) >> BigInt(y)),
  };
  return fromNumeric(elementwise(a.a, b.a, f[op]!, bothBool ? 'bool' : 'int'), DIMENSIONLESS, a.scalar && b.scalar);
}

/**
 * `x op= y`: numpy arrays and Python lists change in place (every name bound to them sees it), other
 * values are rebound. numpy keeps the array's dtype (an integer array cannot take a float result) and
 * shape; a plain (dimensionless) array stays plain, an array with units takes the result's units.
 */
export function inPlace(op: BinaryOperator, current: Value, rhs: Value): Value {
  if (current.t === 'list' && op === '+') {
    if (rhs.t !== 'list' && rhs.t !== 'tuple') throw new OperatorError(`can only extend a list with a list, not ${describe(rhs)}`);
    current.items.push(...rhs.items);
    return current;
  }
  const r = binary(op, current, rhs);
  if (current.t !== 'array' || r.t === 'unknown' || r.t === 'inert') return r;
  const a = current.a;
  const out = r.t === 'array' ? r.a : asNumeric(r)?.a;
  if (!out) throw new OperatorError(`unsupported operand types for ${op}=: ${describe(current)} and ${describe(rhs)}`);
  if (out.shape.length !== a.shape.length || out.shape.some((x, k) => x !== a.shape[k])) {
    throw new OperatorError(
      `non-broadcastable output operand with shape (${a.shape.join(', ')}) doesn't match the broadcast shape (${out.shape.join(', ')})`,
      'value-error',
    );
  }
  if (promote(a.dtype, out.dtype) !== a.dtype) {
    throw new OperatorError(
      `cannot cast the ${out.dtype} result of '${op}=' to the ${a.dtype} array in place (numpy's same-kind rule)`,
      'type-error',
      `convert first, e.g. x = x.astype(float)`,
    );
  }
  a.data.set(a.dtype === 'float' ? out.data : out.data.map((x) => castValue(x, a.dtype)));
  writeThrough(a, null);
  if (!isDimensionless(current.dim)) (current as { dim: Dim }).dim = (r as Extract<Value, { t: 'array' | 'num' }>).dim;
  return current;
}

function repeatSequence(seq: Value, count: Value): Value | null {
  if (count.t !== 'num' || !count.int || !isDimensionless(count.dim)) return null;
  const n = Math.max(0, count.v);
  const length = seq.t === 'list' || seq.t === 'tuple' ? seq.items.length : seq.t === 'str' ? seq.v.length : 0;
  if (n * length > MAX_ITEMS) {
    throw new OperatorError(
      `repeating this ${seq.t === 'str' ? 'string' : 'sequence'} ${n} times makes ${n * length} items, too many to evaluate`,
      'limit',
      seq.t === 'str' ? 'build a shorter string' : 'use numpy arrays, e.g. np.zeros(n)',
    );
  }
  if (seq.t === 'list' || seq.t === 'tuple') {
    const items: Value[] = [];
    for (let k = 0; k < n; k++) for (const x of seq.items) items.push(x);
    return { t: seq.t, items };
  }
  if (seq.t === 'str') return { t: 'str', v: seq.v.repeat(n), offsets: null, loc: seq.loc };
  return null;
}

export function unary(op: '-' | '+' | '~' | 'not', v: Value): Value {
  if (v.t === 'unknown' || v.t === 'inert') return opaque(v);
  if (op === 'not') return bool(!truthy(v));
  if (v.t === 'drawn') return drawnUnary(op, v, unary as (op: '-' | '+' | '~', v: Value) => Value, drawnError);
  if (v.t === 'lazy') {
    if (op === '+') return v;
    if (op === '-') return { ...v, expr: { k: 'neg', a: v.expr } };
    return { ...v, expr: { k: 'not', a: v.expr } };
  }
  const a = asNumeric(v);
  if (!a) throw new OperatorError(`bad operand type for unary ${op}: ${describe(v)}`);
  if (op === '+') return v.t === 'bool' ? int(v.v ? 1 : 0) : v;
  if (op === '-')
    return fromNumeric(
      map(a.a, (x) => -x, a.a.dtype === 'bool' ? 'int' : a.a.dtype),
      a.dim,
      a.scalar,
    );
  return fromNumeric(
    map(a.a, (x) => (a.a.dtype === 'bool' ? (x ? 0 : 1) : ~x), a.a.dtype),
    a.dim,
    a.scalar,
  );
}

export function truthy(v: Value): boolean {
  switch (v.t) {
    case 'none':
      return false;
    case 'bool':
      return v.v;
    case 'num':
      return v.v !== 0;
    case 'str':
      return v.v.length > 0;
    case 'list':
    case 'tuple':
    case 'set':
      return v.items.length > 0;
    case 'dict':
      return v.keys.length > 0;
    case 'range':
      return rangeLength(v) > 0;
    case 'array':
      if (v.a.data.length === 1) return v.a.data[0] !== 0;
      throw new OperatorError('the truth value of an array with more than one element is ambiguous', 'type-error', 'use .any() or .all()');
    case 'drawn':
      return drawnError("random numbers drawn while the model is built cannot decide the script's control flow: the project draws them when it runs");
    default:
      return true;
  }
}

export function rangeLength(r: { start: number; stop: number; step: number }): number {
  return Math.max(0, Math.ceil((r.stop - r.start) / r.step));
}

export function equalValues(a: Value, b: Value): boolean {
  if (a.t === 'none' || b.t === 'none') return a.t === b.t;
  if (a.t === 'str' || b.t === 'str') return a.t === 'str' && b.t === 'str' && a.v === b.v;
  if ((a.t === 'list' || a.t === 'tuple') && (b.t === 'list' || b.t === 'tuple')) {
    return a.t === b.t && a.items.length === b.items.length && a.items.every((x, k) => equalValues(x, b.items[k]!));
  }
  const x = asNumeric(a);
  const y = asNumeric(b);
  if (x && y && x.scalar && y.scalar) return x.a.data[0] === y.a.data[0] && sameDim(x.dim, y.dim);
  if (a.t === 'object' && b.t === 'object') return a.obj === b.obj;
  return a === b;
}

export function compare(op: CompareOperator, l: Value, r: Value): Value {
  if (l.t === 'unknown') return opaque(l);
  if (r.t === 'unknown') return opaque(r);
  if (l.t === 'inert') return l;
  if (r.t === 'inert') return r;
  if (op === 'is' || op === 'is not') {
    const same = l.t === r.t && (l.t === 'none' || l.t === 'bool' ? equalValues(l, r) : l === r || (l.t === 'object' && r.t === 'object' && l.obj === r.obj));
    return bool(op === 'is' ? same : !same);
  }
  if (op === 'in' || op === 'not in') {
    const found = contains(r, l);
    return bool(op === 'in' ? found : !found);
  }
  if (l.t === 'lazy' || r.t === 'lazy') return lazyCompare(op, l, r);
  if (l.t === 'drawn' || r.t === 'drawn') return drawnCompare(op, l, r, compare, drawnError);
  if (op === '==' || op === '!=') {
    const a = asNumeric(l);
    const b = asNumeric(r);
    if (!(a && b && (!a.scalar || !b.scalar))) {
      const eq = equalValues(l, r);
      return bool(op === '==' ? eq : !eq);
    }
  }
  if (l.t === 'str' && r.t === 'str') {
    const c = l.v < r.v ? -1 : l.v > r.v ? 1 : 0;
    return bool({ '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0, '==': c === 0, '!=': c !== 0 }[op]);
  }
  const a = asNumeric(l);
  const b = asNumeric(r);
  if (!a || !b) throw new OperatorError(`'${op}' is not supported between ${describe(l)} and ${describe(r)}`);
  // Brian2 compares any quantity with a dimensionless 0, and with a single infinity.
  const inf = (x: Numeric) => x.scalar && isDimensionless(x.dim) && Math.abs(x.a.data[0]!) === Infinity;
  if (!zeroTolerantDim(a, b) && !inf(a) && !inf(b)) throw unitMismatch(op, a.dim, b.dim);
  const f: Record<string, (x: number, y: number) => number> = {
    '<': (x, y) => +(x < y),
    '<=': (x, y) => +(x <= y),
    '>': (x, y) => +(x > y),
    '>=': (x, y) => +(x >= y),
    '==': (x, y) => +(x === y),
    '!=': (x, y) => +(x !== y),
  };
  return fromNumeric(elementwise(a.a, b.a, f[op]!, 'bool'), DIMENSIONLESS, a.scalar && b.scalar);
}

function contains(container: Value, item: Value): boolean {
  switch (container.t) {
    case 'list':
    case 'tuple':
    case 'set':
      return container.items.some((x) => equalValues(x, item));
    case 'dict':
      return container.keys.some((x) => equalValues(x, item));
    case 'str':
      return item.t === 'str' && container.v.includes(item.v);
    case 'range': {
      if (item.t !== 'num') return false;
      const k = (item.v - container.start) / container.step;
      return Number.isInteger(k) && k >= 0 && k < rangeLength(container);
    }
    case 'array':
      return item.t === 'num' && container.a.data.includes(item.v);
    default:
      throw new OperatorError(`'in' is not supported for ${describe(container)}`);
  }
}

// ---------------------------------------------------------------- per-element (lazy) values

function toSymbolic(v: Value): { expr: SExpr; dim: Dim | null; owner: string | null; n: number | null } {
  if (v.t === 'lazy') return { expr: v.expr, dim: v.dim, owner: v.owner, n: v.n };
  const a = asNumeric(v);
  if (a && !a.scalar) {
    throw new OperatorError(
      'combining a per-element value (rand(N), randn(N) or a group variable) with an array',
      'unsupported',
      "assign the array first, then the rest as a Brian2 string, e.g. G.v = offsets and then G.v = 'v + randn()*mV'",
    );
  }
  if (!a)
    throw new OperatorError(`cannot combine a per-element value with ${describe(v)}`, 'type-error', 'write the whole expression as a Brian2 string instead');
  return { expr: snum(a.a.data[0]!), dim: a.dim, owner: null, n: null };
}

function lazyOwner(a: { owner: string | null; n: number | null }, b: { owner: string | null; n: number | null }) {
  if (a.owner && b.owner && a.owner !== b.owner) throw new OperatorError('cannot combine per-element values of two different objects');
  if (a.n !== null && b.n !== null && a.n !== b.n) throw new OperatorError(`per-element values of sizes ${a.n} and ${b.n} cannot be combined`);
  return { owner: a.owner ?? b.owner, n: a.n ?? b.n };
}

function lazyBinary(op: BinaryOperator, l: Value, r: Value): Value {
  const a = toSymbolic(l);
  const b = toSymbolic(r);
  // A dimension of null means "a variable whose unit the model builder will know": checked there.
  let dim: Dim | null = null;
  if (a.dim && b.dim) {
    if (op === '+' || op === '-' || op === '%') {
      if (!sameDim(a.dim, b.dim)) throw unitMismatch(op, a.dim, b.dim);
      dim = a.dim;
    } else if (op === '*') dim = mulDim(a.dim, b.dim);
    else if (op === '/') dim = divDim(a.dim, b.dim);
    else if (op === '//') dim = DIMENSIONLESS;
    else if (op === '**') {
      if (b.expr.k !== 'num') throw new OperatorError('the exponent of a per-element value must be a number');
      dim = powDim(a.dim, b.expr.v);
    } else throw new OperatorError(`operator '${op}' is not supported on per-element values`);
  } else if (op === '+' || op === '-' || op === '%') dim = a.dim ?? b.dim;
  const own = lazyOwner(a, b);
  const loc = l.t === 'lazy' ? l.loc : (r as Extract<Value, { t: 'lazy' }>).loc;
  return { t: 'lazy', owner: own.owner, n: own.n, expr: bin(op as never, a.expr, b.expr), dim, loc };
}

function lazyCompare(op: CompareOperator, l: Value, r: Value): Value {
  const a = toSymbolic(l);
  const b = toSymbolic(r);
  if (a.dim && b.dim && !sameDim(a.dim, b.dim)) throw unitMismatch(op, a.dim, b.dim);
  const own = lazyOwner(a, b);
  const loc = l.t === 'lazy' ? l.loc : (r as Extract<Value, { t: 'lazy' }>).loc;
  return { t: 'lazy', owner: own.owner, n: own.n, expr: { k: 'cmp', op: op as never, a: a.expr, b: b.expr }, dim: DIMENSIONLESS, loc };
}

// ---------------------------------------------------------------- printf-style formatting

export function percentFormat(fmt: string, arg: Value): string {
  const args = arg.t === 'tuple' ? arg.items : [arg];
  let k = 0;
  return fmt.replace(/%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([diouxXeEfFgGcrsa%])/g, (m, flags: string, width: string, prec: string, conv: string) => {
    if (conv === '%') return '%';
    const v = args[k++];
    if (!v) throw new OperatorError('not enough arguments for format string');
    return formatOne(v, conv, flags, width ? Number(width) : undefined, prec !== undefined ? Number(prec) : undefined);
  });
}

export function formatOne(v: Value, conv: string, flags = '', width?: number, prec?: number): string {
  let s: string;
  const n = v.t === 'num' ? v.v : v.t === 'bool' ? +v.v : NaN;
  switch (conv) {
    case 'd':
    case 'i':
      s = String(Math.trunc(n));
      break;
    case 'f':
    case 'F':
      s = n.toFixed(prec ?? 6);
      break;
    case 'e':
    case 'E':
      s = n.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      if (conv === 'E') s = s.toUpperCase();
      break;
    case 'g':
    case 'G':
      s = String(Number(n.toPrecision(prec || 6)));
      break;
    default:
      s = displayValue(v);
  }
  if (flags.includes('+') && n >= 0 && 'dieEfFgG'.includes(conv)) s = '+' + s;
  if (width && s.length < width) s = flags.includes('-') ? s.padEnd(width) : s.padStart(width, flags.includes('0') ? '0' : ' ');
  return s;
}

export function displayValue(v: Value): string {
  switch (v.t) {
    case 'str':
      return v.v;
    case 'num':
      return isDimensionless(v.dim) ? (v.int ? String(v.v) : pyFloat(v.v)) : `${pyFloat(v.v)} ${formatDim(v.dim)}`;
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return `[${v.items.map(displayValue).join(', ')}]`;
    case 'tuple':
      return `(${v.items.map(displayValue).join(', ')}${v.items.length === 1 ? ',' : ''})`;
    default:
      return describe(v);
  }
}

function pyFloat(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? `${x}.0` : String(x);
}
