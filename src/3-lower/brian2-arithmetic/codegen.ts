// Brian2's code generator, for the arithmetic it decides (codegen/optimisation.py, parsing/bast.py):
// every expression of a vector statement is annotated (dtype, scalar, stateless) and simplified by the
// ArithmeticSimplifier: each chain of float * and / (or + and -) is collected into
//   ((number * scalars) / scalars) * vectors / vectors
// with the literal numbers folded left to right from 1.0 (0.0), inverted terms multiplied (added)
// together before the one division (subtraction); scalar sub-expressions made only of literals, pi, e
// and Brian2's default functions are evaluated; x*1, x+0, 0*x and x/1 are dropped. The loop-invariant
// names (_lio_N) Brian2 then introduces hold the same values as the expressions they replace, so they
// are left inline. The result keeps Python's evaluation order node for node.

import type { PyBinOp, PyCmpOp, PyNode } from './pyexpr.js';
import { pythonRepr as pythonReprNumber } from './sympy/binary.js';
import { Unsupported } from './sympy/expr.js';

export type DType = 'float' | 'integer' | 'boolean';

/** What Brian2 knows about a name where the code runs. */
export interface CodegenNames {
  /** A variable, constant, unit or temporary: its type and whether it has one value for all elements. */
  variable(name: string): { dtype: DType; scalar: boolean } | undefined;
  /** A function (Brian2's default ones and TimedArrays). */
  func(name: string): CodegenFunction | undefined;
}

export interface CodegenFunction {
  stateless: boolean;
  autoVectorise: boolean;
  returnType: DType | 'highest';
}

/** A node of Brian2's annotated AST. `num` holds int (bigint), float (number) or bool literals. */
export type BNode = {
  dtype: DType;
  scalar: boolean;
  stateless: boolean;
  complexity: number;
  simplified?: boolean;
  collected?: boolean;
  /** Made by collect (Brian2's new ast nodes, which have no dtype until annotated). */
  fresh?: boolean;
} & (
  | { k: 'num'; v: bigint | number | boolean; deferred?: BNode }
  | { k: 'name'; id: string }
  | { k: 'bin'; op: PyBinOp; a: BNode; b: BNode }
  | { k: 'unary'; op: '-' | '+' | 'not'; a: BNode }
  | { k: 'cmp'; op: PyCmpOp; a: BNode; b: BNode }
  | { k: 'boolop'; op: 'and' | 'or'; values: BNode[] }
  | { k: 'call'; fn: string; args: BNode[] }
);

const RANK: Record<DType, number> = { boolean: 0, integer: 1, float: 2 };
const byRank = (r: number): DType => (['boolean', 'integer', 'float'] as DType[])[r]!;

// ------------------------------------------------------------------ BrianASTRenderer (annotation)

function fromPy(n: PyNode): BNode {
  const base = { dtype: 'float' as DType, scalar: true, stateless: true, complexity: 0 };
  switch (n.k) {
    case 'int':
    case 'float':
    case 'bool':
      return { ...base, k: 'num', v: n.v };
    case 'name':
      return { ...base, k: 'name', id: n.id };
    case 'bin':
      return { ...base, k: 'bin', op: n.op, a: fromPy(n.a), b: fromPy(n.b) };
    case 'unary':
      return { ...base, k: 'unary', op: n.op, a: fromPy(n.a) };
    case 'cmp':
      return { ...base, k: 'cmp', op: n.op, a: fromPy(n.a), b: fromPy(n.b) };
    case 'boolop':
      return { ...base, k: 'boolop', op: n.op, values: n.values.map(fromPy) };
    case 'call':
      return { ...base, k: 'call', fn: n.fn, args: n.args.map(fromPy) };
  }
}

const valueDType = (v: bigint | number | boolean): DType => (typeof v === 'boolean' ? 'boolean' : typeof v === 'bigint' ? 'integer' : 'float');

class Annotator {
  constructor(protected readonly names: CodegenNames) {}

  render(node: BNode): BNode {
    switch (node.k) {
      case 'num':
        node.complexity = 0;
        node.dtype = valueDType(node.v);
        node.scalar = true;
        node.stateless = true;
        return node;
      case 'name': {
        node.complexity = 0;
        node.stateless = true;
        if (node.id === 'True' || node.id === 'False') {
          node.dtype = 'boolean';
          node.scalar = true;
          return node;
        }
        const v = this.names.variable(node.id);
        node.dtype = v ? v.dtype : 'float';
        node.scalar = v ? v.scalar : true;
        return node;
      }
      case 'call': {
        node.args = node.args.map((a) => this.render(a));
        node.dtype = 'float';
        node.scalar = false;
        const f = this.names.func(node.fn);
        if (f) {
          node.stateless = f.stateless;
          if (f.stateless && !f.autoVectorise) node.scalar = node.args.every((a) => a.scalar);
          node.dtype = f.returnType === 'highest' ? byRank(Math.max(...node.args.map((a) => RANK[a.dtype]))) : f.returnType;
        } else node.stateless = false;
        node.complexity = 20 + node.args.reduce((s, a) => s + a.complexity, 0);
        return node;
      }
      case 'bin':
        return this.renderBin(node);
      case 'boolop':
        node.values = node.values.map((v) => this.render(v));
        node.dtype = 'boolean';
        node.scalar = node.values.every((v) => v.scalar);
        node.complexity = 1 + node.values.reduce((s, v) => s + v.complexity, 0);
        node.stateless = node.values.every((v) => v.stateless);
        return node;
      case 'cmp':
        node.a = this.render(node.a);
        node.b = this.render(node.b);
        node.dtype = 'boolean';
        node.scalar = node.a.scalar && node.b.scalar;
        node.complexity = 1 + node.a.complexity + node.b.complexity;
        node.stateless = node.a.stateless && node.b.stateless;
        return node;
      case 'unary':
        node.a = this.render(node.a);
        node.dtype = node.a.dtype;
        node.scalar = node.a.scalar;
        node.complexity = 1 + node.a.complexity;
        node.stateless = node.a.stateless;
        return node;
    }
  }

  /** BrianASTRenderer.render_BinOp. */
  protected annotateBin(node: Extract<BNode, { k: 'bin' }>): BNode {
    node.a = this.render(node.a);
    node.b = this.render(node.b);
    node.dtype = node.op === '/' ? 'float' : byRank(Math.max(RANK[node.a.dtype], RANK[node.b.dtype]));
    node.scalar = node.a.scalar && node.b.scalar;
    node.complexity = 1 + node.a.complexity + node.b.complexity;
    node.stateless = node.a.stateless && node.b.stateless;
    return node;
  }

  protected renderBin(node: Extract<BNode, { k: 'bin' }>): BNode {
    return this.annotateBin(node);
  }
}

// ------------------------------------------------------------------ collect

const isNum = (n: BNode): n is Extract<BNode, { k: 'num' }> => n.k === 'num';
const numValue = (n: Extract<BNode, { k: 'num' }>): number => (typeof n.v === 'boolean' ? (n.v ? 1 : 0) : Number(n.v));

function newNum(v: number, dtype: DType = 'float'): BNode {
  return { k: 'num', v: dtype === 'integer' ? BigInt(v) : v, dtype, scalar: true, stateless: true, complexity: 0, fresh: true };
}

function binNode(a: BNode, op: PyBinOp, b: BNode): Extract<BNode, { k: 'bin' }> {
  // Annotation follows (the caller re-renders the collected tree).
  return { k: 'bin', op, a, b, dtype: 'float', scalar: true, stateless: true, complexity: 0, fresh: true };
}

function reduced(terms: (BNode | null)[], op: PyBinOp): BNode | null {
  const ts = terms.filter((t): t is BNode => t !== null);
  if (!ts.length) return null;
  return ts.reduce((l, r) => binNode(l, op, r));
}

/** codegen.optimisation.collect_commutative */
function collectCommutative(node: Extract<BNode, { k: 'bin' }>, primary: PyBinOp, inverted: PyBinOp, tp: BNode[], ti: BNode[], addToInverted = false): void {
  const opPrimary = node.op === primary;
  const exact = (n: BNode) => n.dtype === 'float' || (n.k === 'bin' && (n.op === '+' || n.op === '-'));
  const chain = (n: BNode): n is Extract<BNode, { k: 'bin' }> => n.k === 'bin' && (n.op === primary || n.op === inverted) && exact(n);
  if (chain(node.a)) collectCommutative(node.a, primary, inverted, tp, ti, addToInverted);
  else (addToInverted ? ti : tp).push(node.a);
  if (chain(node.b)) {
    collectCommutative(node.b, primary, inverted, tp, ti, opPrimary ? addToInverted : !addToInverted);
  } else if ((!addToInverted && opPrimary) || (addToInverted && !opPrimary)) tp.push(node.b);
  else ti.push(node.b);
}

/** cancel_identical_terms: a stateless primary term cancels the first inverted term rendered alike. */
function cancelIdentical(primary: BNode[], inverted: BNode[]): [BNode[], BNode[]] {
  const expr = new Map<BNode, string>();
  for (const n of [...primary, ...inverted]) expr.set(n, renderNode(n));
  const newPrimary: BNode[] = [];
  let inv = inverted;
  for (const term of primary) {
    const e = expr.get(term)!;
    const k = inv.findIndex((t) => expr.get(t) === e);
    if (k >= 0 && term.stateless) inv = [...inv.slice(0, k), ...inv.slice(k + 1)];
    else newPrimary.push(term);
  }
  return [newPrimary, inv];
}

/** codegen.optimisation.collect */
function collect(node: BNode): BNode {
  node.collected = true;
  const origDtype = node.dtype;
  if (node.k !== 'bin') return node;
  let primary: PyBinOp;
  let inverted: PyBinOp;
  let opNull: number;
  let pyPrimary: (x: number, y: number) => number;
  let pyInverted: (x: number, y: number) => number;
  if (node.op === '*' || node.op === '/') {
    [primary, inverted, opNull] = ['*', '/', 1];
    pyPrimary = (x, y) => x * y;
    pyInverted = (x, y) => x / y;
  } else if (node.op === '+' || node.op === '-') {
    [primary, inverted, opNull] = ['+', '-', 0];
    pyPrimary = (x, y) => x + y;
    pyInverted = (x, y) => x - y;
  } else return node;
  const nullDtype: DType = node.dtype === 'integer' ? 'integer' : 'float';
  const tp: BNode[] = [];
  const ti: BNode[] = [];
  collectCommutative(node, primary, inverted, tp, ti);
  let x = opNull;
  const restP: BNode[] = [];
  const restI: BNode[] = [];
  if ([...tp, ...ti].some((t) => isNum(t) && t.deferred)) throw new Unsupported('a value computed by numpy folded into a product');
  for (const t of tp) {
    const v = isNum(t) ? numValue(t) : null;
    if (v !== null) x = pyPrimary(x, v);
    else restP.push(t);
  }
  for (const t of ti) {
    const v = isNum(t) ? numValue(t) : null;
    if (v !== null) x = pyInverted(x, v);
    else restI.push(t);
  }
  let out: BNode | null = x !== opNull ? newNum(x) : null;
  for (const scalar of [true, false]) {
    const [p, i] = cancelIdentical(
      restP.filter((t) => t.scalar === scalar),
      restI.filter((t) => t.scalar === scalar),
    );
    const prodP = reduced(p, primary);
    const prodI = reduced(i, primary);
    out = reduced([out, prodP], primary);
    if (prodI) {
      if (!out) out = newNum(opNull, nullDtype);
      out = binNode(out, inverted, prodI);
    }
  }
  if (!out) out = newNum(opNull, nullDtype);
  // A lone original term of a lower type keeps the operation's type: 1.0*x for an integer x.
  if (!out.fresh && RANK[out.dtype] < RANK[origDtype]) out = binNode(newNum(opNull, nullDtype), primary, out);
  out.collected = true;
  return out;
}

// ------------------------------------------------------------------ ArithmeticSimplifier

class Simplifier extends Annotator {
  private readonly plain = new Annotator(this.names);

  override render(node: BNode): BNode {
    if (!node.simplified) {
      node = super.render(node);
      node.simplified = true;
    }
    if (!node.scalar || node.k === 'num' || node.k === 'name' || !node.stateless) return node;
    return evaluated(node) ?? node;
  }

  protected override renderBin(node: Extract<BNode, { k: 'bin' }>): BNode {
    if (node.dtype === 'float' && ['*', '/', '+', '-'].includes(node.op) && !node.collected) {
      const collected = this.plain.render(collect(node));
      collected.collected = true;
      return this.render(collected);
    }
    const left = (node.a = this.render(node.a));
    const right = (node.b = this.render(node.b));
    const n = this.annotateBin(node) as Extract<BNode, { k: 'bin' }>;
    const value = (x: BNode) => (isNum(x) ? numValue(x) : null);
    switch (n.op) {
      case '*':
        for (const [operand, other] of [
          [left, right],
          [right, left],
        ] as const) {
          const v = value(operand);
          if (v === 0 && n.stateless) return zeroLike(operand, n);
          if (v === 1 && RANK[operand.dtype] <= RANK[other.dtype]) return other;
        }
        break;
      case '/':
        if (value(left) === 0 && n.stateless) return zeroLike(left, n);
        if (value(right) === 1 && RANK[right.dtype] <= RANK[left.dtype]) return left;
        break;
      case '//':
        if (value(left) === 0 && n.stateless) return zeroLike(left, n);
        if (left.dtype === 'integer' && right.dtype === 'integer' && value(right) === 1) return left;
        break;
      case '+':
        for (const [operand, other] of [
          [left, right],
          [right, left],
        ] as const) {
          if (value(operand) === 0 && RANK[operand.dtype] <= RANK[other.dtype]) return other;
        }
        break;
      case '-':
        if (value(right) === 0 && RANK[right.dtype] <= RANK[left.dtype]) return left;
        break;
    }
    // 2*x becomes 2.0*x in float arithmetic (same value, written as Brian2 writes it).
    if (n.dtype === 'float' && ['*', '+', '-', '/'].includes(n.op)) {
      for (const sub of [n.a, n.b]) {
        if (isNum(sub) && typeof sub.v !== 'boolean' && !sub.deferred) {
          sub.dtype = 'float';
          sub.v = Number(sub.v);
        }
      }
    }
    return n;
  }
}

/** _replace_with_zero: 0 or 0.0 in the type of the operation. */
function zeroLike(zero: BNode, node: BNode): BNode {
  zero.dtype = node.dtype;
  (zero as Extract<BNode, { k: 'num' }>).v = node.dtype === 'integer' ? 0n : 0;
  delete (zero as { deferred?: BNode }).deferred;
  return zero;
}

// ------------------------------------------------------------------ evaluation of constant expressions

/**
 * The value Python gets for a scalar expression of literals, pi, e, inf and Brian2's default functions
 * (ArithmeticSimplifier's evaluate_expr), as a new literal; null when Python would raise (a name, 1/0).
 * A value only numpy computes bit for bit here (exp, log, inexact powers, ...) is `approx`: the literal
 * then keeps the expression (`deferred`), which the generated code evaluates with numpy as Brian2 did.
 */
function evaluated(node: BNode): BNode | null {
  const r = evalNode(node);
  if (r === null) return null;
  const base = { scalar: true, stateless: node.stateless, complexity: 0, simplified: true, dtype: node.dtype };
  const deferred = r.approx ? { deferred: node } : {};
  if (node.dtype === 'boolean') return { ...base, ...deferred, k: 'num', v: truthy(r) };
  if (node.dtype === 'integer') {
    const v = r.t === 'float' ? (Number.isFinite(r.v) ? BigInt(Math.trunc(r.v)) : null) : r.t === 'bool' ? (r.v ? 1n : 0n) : r.v;
    return v === null ? null : { ...base, ...deferred, k: 'num', v };
  }
  return { ...base, ...deferred, k: 'num', v: toFloat(r) };
}

type PyVal = ({ t: 'int'; v: bigint } | { t: 'float'; v: number } | { t: 'bool'; v: boolean }) & { approx?: boolean };

const truthy = (r: PyVal) => (r.t === 'bool' ? r.v : r.t === 'int' ? r.v !== 0n : r.v !== 0);
const toFloat = (r: PyVal) => (r.t === 'float' ? r.v : r.t === 'int' ? Number(r.v) : r.v ? 1 : 0);

const EXACT_FUNCTIONS: Record<string, (...a: number[]) => number> = {
  sqrt: Math.sqrt,
  abs: Math.abs,
  floor: Math.floor,
  ceil: Math.ceil,
  sign: Math.sign,
};
// numpy computes these; JavaScript's value is only an approximation (exact at the points listed).
const APPROX_FUNCTIONS: Record<string, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  log10: Math.log10,
  expm1: Math.expm1,
  log1p: Math.log1p,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  exprel: (x) => (x === 0 ? 1 : Math.expm1(x) / x),
};
const EXACT_AT: Record<string, [number, number][]> = {
  exp: [[0, 1]],
  log: [[1, 0]],
  log10: [[1, 0]],
  expm1: [[0, 0]],
  log1p: [[0, 0]],
  sin: [[0, 0]],
  cos: [[0, 1]],
  tan: [[0, 0]],
  sinh: [[0, 0]],
  cosh: [[0, 1]],
  tanh: [[0, 0]],
  arcsin: [[0, 0]],
  arctan: [[0, 0]],
  exprel: [[0, 1]],
};

function evalNode(n: BNode): PyVal | null {
  switch (n.k) {
    case 'num': {
      // A NaN literal is printed `nan`, a name Python cannot evaluate.
      if (typeof n.v === 'number' && Number.isNaN(n.v)) return null;
      const approx = n.deferred ? { approx: true } : {};
      return typeof n.v === 'bigint'
        ? { t: 'int', v: n.v, ...approx }
        : typeof n.v === 'number'
          ? { t: 'float', v: n.v, ...approx }
          : { t: 'bool', v: n.v, ...approx };
    }
    case 'name':
      if (n.id === 'pi') return { t: 'float', v: Math.PI };
      if (n.id === 'e') return { t: 'float', v: Math.E };
      if (n.id === 'inf') return { t: 'float', v: Infinity };
      if (n.id === 'True' || n.id === 'False') return { t: 'bool', v: n.id === 'True' };
      return null;
    case 'unary': {
      const a = evalNode(n.a);
      if (a === null) return a;
      const ap = a.approx ? { approx: true } : {};
      if (n.op === 'not') return { t: 'bool', v: !truthy(a), ...ap };
      if (n.op === '+') return a.t === 'bool' ? { t: 'int', v: a.v ? 1n : 0n, ...ap } : a;
      if (a.t === 'float') return { t: 'float', v: -a.v, ...ap };
      return { t: 'int', v: a.t === 'int' ? -a.v : a.v ? -1n : 0n, ...ap };
    }
    case 'bin':
      return pyBinary(n.op, evalNode(n.a), evalNode(n.b));
    case 'cmp': {
      const a = evalNode(n.a);
      const b = evalNode(n.b);
      if (a === null || b === null) return null;
      const x = toFloat(a);
      const y = toFloat(b);
      const v = { '<': x < y, '<=': x <= y, '>': x > y, '>=': x >= y, '==': x === y, '!=': x !== y }[n.op];
      return { t: 'bool', v, ...(a.approx || b.approx ? { approx: true } : {}) };
    }
    case 'boolop': {
      let last: PyVal | null = null;
      let approx = false;
      for (const v of n.values) {
        last = evalNode(v);
        if (last === null) return null;
        approx ||= !!last.approx;
        if (n.op === 'and' ? !truthy(last) : truthy(last)) break;
      }
      return last && approx ? { ...last, approx } : last;
    }
    case 'call': {
      const vals = n.args.map(evalNode);
      if (vals.some((a) => a === null)) return null;
      const args = vals as PyVal[];
      const approx = args.some((a) => a.approx) ? { approx: true } : {};
      if (n.fn === 'int') {
        const v = args[0]!;
        if (v.t === 'float') return Number.isFinite(v.v) ? { t: 'int', v: BigInt(Math.trunc(v.v)), ...approx } : null;
        return { t: 'int', v: v.t === 'int' ? v.v : v.v ? 1n : 0n, ...approx };
      }
      if (n.fn === 'abs' && args[0]!.t !== 'float') {
        const v = args[0]!.t === 'int' ? (args[0] as { v: bigint }).v : (args[0] as { v: boolean }).v ? 1n : 0n;
        return { t: 'int', v: v < 0n ? -v : v, ...approx };
      }
      if (n.fn === 'clip' && args.length === 3) {
        const [x, lo, hi] = args.map(toFloat) as [number, number, number];
        const r = Math.min(Math.max(x, lo), hi);
        return args.every((v) => v.t !== 'float') ? { t: 'int', v: BigInt(r), ...approx } : { t: 'float', v: r, ...approx };
      }
      if (args.length !== 1) return null;
      const x = toFloat(args[0]!);
      if (EXACT_FUNCTIONS[n.fn]) return { t: 'float', v: EXACT_FUNCTIONS[n.fn]!(x), ...approx };
      const f = APPROX_FUNCTIONS[n.fn];
      if (!f) return null;
      const exact = !args[0]!.approx && (EXACT_AT[n.fn] ?? []).find(([at]) => at === x);
      if (exact) return { t: 'float', v: exact[1] };
      return { t: 'float', v: f(x), approx: true };
    }
  }
}

function pyBinary(op: PyBinOp, a: PyVal | null, b: PyVal | null): PyVal | null {
  if (a === null || b === null) return null;
  const approx = a.approx || b.approx ? { approx: true } : {};
  const ints = a.t !== 'float' && b.t !== 'float';
  if (ints) {
    const x = a.t === 'int' ? a.v : a.v ? 1n : 0n;
    const y = b.t === 'int' ? b.v : b.v ? 1n : 0n;
    switch (op) {
      case '+':
        return { t: 'int', v: x + y, ...approx };
      case '-':
        return { t: 'int', v: x - y, ...approx };
      case '*':
        return { t: 'int', v: x * y, ...approx };
      case '/':
        if (y === 0n) return null;
        return { t: 'float', v: intTrueDivide(x, y), ...approx };
      case '//':
        if (y === 0n) return null;
        return { t: 'int', v: floorDiv(x, y), ...approx };
      case '%':
        if (y === 0n) return null;
        return { t: 'int', v: x - floorDiv(x, y) * y, ...approx };
      case '**':
        if (y >= 0n) return y > 4096n ? null : { t: 'int', v: x ** y, ...approx };
        if (x === 0n) return null;
        return floatPow(Number(x), Number(y), !!a.approx || !!b.approx);
    }
  }
  const x = toFloat(a);
  const y = toFloat(b);
  switch (op) {
    case '+':
      return { t: 'float', v: x + y, ...approx };
    case '-':
      return { t: 'float', v: x - y, ...approx };
    case '*':
      return { t: 'float', v: x * y, ...approx };
    case '/':
      return y === 0 ? null : { t: 'float', v: x / y, ...approx };
    case '//':
      return y === 0 ? null : { t: 'float', v: pyFloorDiv(x, y), ...approx };
    case '%': {
      if (y === 0) return null;
      // Python's float modulo takes the sign of the divisor; exact, as fmod is.
      let m = x % y;
      if (m !== 0 && m < 0 !== y < 0) m += y;
      return { t: 'float', v: m, ...approx };
    }
    case '**':
      if (x === 0 && y < 0) return null;
      return floatPow(x, y, !!a.approx || !!b.approx);
  }
}

/** x**y: exact when the power needs no rounding, else approximate (C's pow decides the last bit). */
function floatPow(x: number, y: number, approx: boolean): PyVal | null {
  const r = x ** y;
  if (!Number.isFinite(r)) return Number.isNaN(r) ? null : { t: 'float', v: r, approx: true };
  if (approx) return { t: 'float', v: r, approx: true };
  if (Number.isInteger(y) && Math.abs(y) <= 64 && exactPow(x, y, r)) return { t: 'float', v: r };
  if (y === 0.5 && x >= 0) return { t: 'float', v: Math.sqrt(x) };
  return { t: 'float', v: r, approx: true };
}

function exactPow(x: number, y: number, r: number): boolean {
  if (x === 0 || r === 0) return x === 0;
  const [xn, xd] = toFraction(x);
  const [rn, rd] = toFraction(r);
  const n = BigInt(Math.abs(y));
  const [pn, pd] = y >= 0 ? [xn ** n, xd ** n] : [xd ** n, xn ** n];
  return pn * rd === rn * pd;
}

function toFraction(v: number): [bigint, bigint] {
  let e = 0n;
  while (!Number.isInteger(v)) {
    v *= 2;
    e++;
  }
  return [BigInt(v), 1n << e];
}

/** CPython's float floor division (float_floor_div: through fmod, not floor(x/y)). */
function pyFloorDiv(vx: number, wx: number): number {
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1.0;
    }
  }
  if (div) {
    let f = Math.floor(div);
    if (div - f > 0.5) f += 1.0;
    return f;
  }
  return Math.sign(vx / wx) < 0 || Object.is(vx / wx, -0) ? -0 : 0;
}

function floorDiv(x: bigint, y: bigint): bigint {
  const q = x / y;
  return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
}

/** Python's int/int: correctly rounded. */
function intTrueDivide(x: bigint, y: bigint): number {
  const small = 2n ** 53n;
  if (x < small && x > -small && y < small && y > -small) return Number(x) / Number(y);
  const neg = x < 0n !== y < 0n;
  const r = Number(((x < 0n ? -x : x) * 2n ** 64n) / (y < 0n ? -y : y)) / 2 ** 64;
  return neg ? -r : r;
}

// ------------------------------------------------------------------ entry points and rendering

/** Brian2's optimised form of an expression of a vector statement. */
export function optimiseExpression(expr: PyNode, names: CodegenNames): BNode {
  const node = new Annotator(names).render(fromPy(expr));
  return new Simplifier(names).render(node);
}

/** The expression annotated only (scalar statements, which Brian2 does not optimise). */
export function annotateExpression(expr: PyNode, names: CodegenNames): BNode {
  return new Annotator(names).render(fromPy(expr));
}

function renderNum(v: bigint | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return String(v);
  return pythonReprNumber(v);
}

/** NodeRenderer/NumpyNodeRenderer: Brian2's text of the node (every compound operand in parentheses). */
export function renderNode(n: BNode, numpy = false, approxValues = false): string {
  const atomic = (x: BNode) =>
    x.k === 'name' || x.k === 'call' || (x.k === 'num' && (!x.deferred || approxValues) && (typeof x.v === 'boolean' || Number(x.v) >= 0));
  const el = (x: BNode) => (atomic(x) ? renderNode(x, numpy, approxValues) : `(${renderNode(x, numpy, approxValues)})`);
  switch (n.k) {
    case 'num':
      return n.deferred && !approxValues ? renderNode(n.deferred, numpy) : renderNum(n.v);
    case 'name':
      return n.id;
    case 'call':
      return `${n.fn}(${n.args.map((a) => renderNode(a, numpy, approxValues)).join(', ')})`;
    case 'bin':
      return `${el(n.a)} ${n.op} ${el(n.b)}`;
    case 'cmp':
      return `${el(n.a)} ${n.op} ${el(n.b)}`;
    case 'boolop':
      return n.values.map(el).join(numpy ? (n.op === 'and' ? ' & ' : ' | ') : ` ${n.op} `);
    case 'unary':
      if (n.op === 'not' && numpy) return `logical_not(${renderNode(n.a, numpy, approxValues)})`;
      return `${n.op} ${el(n.a)}`;
  }
}
