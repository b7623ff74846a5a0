// Between the converter's expressions (SExpr) and the Python syntax trees Brian2 works on. An IR
// expression becomes the tree of the string the script wrote (integer literals, units and constants
// by name, as their `int`/`name`/`as` annotations keep them); Brian2's optimised tree becomes an SExpr
// again with the same operations in the same order, names resolved to the model's symbols.

import type { SExpr } from '../../symbolic/expr.js';
import { symKey } from '../../symbolic/expr.js';
import type { BNode, CodegenFunction, CodegenNames, DType } from './codegen.js';
import { BRIAN2_FUNCTIONS, TIMED_ARRAY_FUNCTION } from './names.js';
import type { PyNode } from './pyexpr.js';
import { Unsupported } from './sympy/expr.js';

/** The name a leaf has in Brian2's code. */
export function writtenName(e: Extract<SExpr, { k: 'sym' }>): string {
  // A temporary of a code block is named by its key (__tmp_x) wherever the block assigns or reads it.
  return e.role === 'temp' ? symKey(e) : (e.as ?? symKey(e));
}

/** The Python syntax tree of the code the script wrote. */
export function toPy(e: SExpr): PyNode {
  switch (e.k) {
    case 'num':
      if (e.name) return { k: 'name', id: e.name };
      if (e.int) return { k: 'int', v: BigInt(e.v) };
      if (e.v < 0 || Object.is(e.v, -0)) return { k: 'unary', op: '-', a: { k: 'float', v: -e.v } };
      if (!Number.isFinite(e.v)) throw new Unsupported('an infinite literal');
      return { k: 'float', v: e.v };
    case 'bool':
      return { k: 'bool', v: e.v };
    case 'sym':
      if (e.role === 'noise') throw new Unsupported('noise terms');
      return { k: 'name', id: writtenName(e) };
    case 'call':
      if (e.fn.startsWith('predrawn:')) throw new Unsupported('numbers drawn before the statement');
      return { k: 'call', fn: e.as ?? e.fn, args: e.args.map(toPy) };
    case 'bin':
      return { k: 'bin', op: e.op, a: toPy(e.a), b: toPy(e.b) };
    case 'neg':
      return { k: 'unary', op: '-', a: toPy(e.a) };
    case 'not':
      return { k: 'unary', op: 'not', a: toPy(e.a) };
    case 'cmp':
      return { k: 'cmp', op: e.op, a: toPy(e.a), b: toPy(e.b) };
    case 'logic':
      return { k: 'boolop', op: e.op, values: [toPy(e.a), toPy(e.b)] };
  }
}

interface NameInfo {
  leaf: SExpr;
  dtype: DType;
  scalar: boolean;
  /** A variable of an object (which make_statements may rewrite `x = x + ...` for). */
  variable?: boolean;
}

/**
 * What names mean where a block of Brian2 code runs: Brian2's view (type, scalar or per element) for
 * its code generator, and the converter's symbol for the expression it gives back.
 */
export class NameTable implements CodegenNames {
  private readonly names = new Map<string, NameInfo>();
  private readonly functions = new Map<string, { fn: string; f: CodegenFunction }>();
  private readonly pending = new Map<string, () => void>();

  set(name: string, leaf: SExpr, dtype: DType, scalar: boolean, variable = false): void {
    this.names.set(name, variable ? { leaf, dtype, scalar, variable } : { leaf, dtype, scalar });
  }

  /** A name defined on first use (a subexpression, optimised with the names it reads). */
  lazy(name: string, define: () => void): void {
    if (!this.names.has(name)) this.pending.set(name, define);
  }

  private get(name: string): NameInfo | undefined {
    const define = this.pending.get(name);
    if (define) {
      this.pending.delete(name);
      define();
    }
    return this.names.get(name);
  }

  has(name: string): boolean {
    return this.names.has(name) || this.pending.has(name);
  }

  isFloatVariable(name: string): boolean {
    const n = this.names.get(name);
    return !!n?.variable && n.dtype === 'float';
  }

  /** A temporary of the block (`_v`, `__k_1_v`, `__tmp_x`): its type comes from its first expression. */
  temporary(name: string, node: BNode): void {
    this.names.set(name, { leaf: { k: 'sym', name, role: 'temp' }, dtype: node.dtype, scalar: node.scalar });
  }

  /** Learn the leaves of an IR expression: constants, units, TimedArrays under their written names. */
  learn(e: SExpr, info: (s: Extract<SExpr, { k: 'sym' }>) => { dtype: DType; scalar: boolean } | null): void {
    switch (e.k) {
      case 'num':
        if (e.name && !this.names.has(e.name)) {
          const leaf: SExpr = e.int ? { k: 'num', v: e.v, int: true } : { k: 'num', v: e.v };
          this.names.set(e.name, { leaf, dtype: e.int ? 'integer' : 'float', scalar: true });
        }
        return;
      case 'sym': {
        const name = writtenName(e);
        if (this.names.has(name)) return;
        const i = info(e);
        if (!i) return;
        const { as: _as, ...leaf } = e;
        this.names.set(name, { leaf, ...i });
        return;
      }
      case 'call':
        if (e.fn.startsWith('timedarray:') && e.as) this.functions.set(e.as, { fn: e.fn, f: TIMED_ARRAY_FUNCTION });
        for (const a of e.args) this.learn(a, info);
        return;
      case 'bin':
      case 'cmp':
      case 'logic':
        this.learn(e.a, info);
        this.learn(e.b, info);
        return;
      case 'neg':
      case 'not':
        this.learn(e.a, info);
        return;
      default:
        return;
    }
  }

  variable(name: string): { dtype: DType; scalar: boolean } | undefined {
    const n = this.get(name);
    return n ? { dtype: n.dtype, scalar: n.scalar } : undefined;
  }

  func(name: string): CodegenFunction | undefined {
    return this.functions.get(name)?.f ?? BRIAN2_FUNCTIONS[name];
  }

  /** The converter's expression for Brian2's optimised tree. */
  toSExpr(n: BNode): SExpr {
    switch (n.k) {
      case 'num':
        if (n.deferred) return this.toSExpr(n.deferred);
        if (typeof n.v === 'boolean') return { k: 'bool', v: n.v };
        if (typeof n.v === 'bigint') return { k: 'num', v: Number(n.v), int: true };
        return { k: 'num', v: n.v };
      case 'name': {
        const info = this.get(n.id);
        if (info) return info.leaf;
        if (n.id === 'pi') return { k: 'num', v: Math.PI };
        if (n.id === 'e') return { k: 'num', v: Math.E };
        if (n.id === 'inf') return { k: 'num', v: Infinity };
        if (n.id === 'True' || n.id === 'False') return { k: 'bool', v: n.id === 'True' };
        throw new Unsupported(`the name ${n.id}`);
      }
      case 'bin':
        return { k: 'bin', op: n.op, a: this.toSExpr(n.a), b: this.toSExpr(n.b) };
      case 'unary':
        if (n.op === '+') return this.toSExpr(n.a);
        return { k: n.op === '-' ? 'neg' : 'not', a: this.toSExpr(n.a) };
      case 'cmp':
        return { k: 'cmp', op: n.op, a: this.toSExpr(n.a), b: this.toSExpr(n.b) };
      case 'boolop':
        return n.values.map((v) => this.toSExpr(v)).reduce((a, b) => ({ k: 'logic', op: n.op, a, b }));
      case 'call': {
        const fn = this.functions.get(n.fn)?.fn ?? n.fn;
        if (!this.functions.has(n.fn) && !BRIAN2_FUNCTIONS[n.fn]) throw new Unsupported(`the function ${n.fn}`);
        return { k: 'call', fn, args: n.args.map((a) => this.toSExpr(a)) };
      }
    }
  }
}
