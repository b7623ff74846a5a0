// A block of Brian2 code (threshold, reset, run_regularly, synaptic pathway, summed variable, string
// initialisation) as Brian2's make_statements and numpy code generator turn it into numpy: a statement
// `x = <expr with x>` on an existing float variable becomes `x += ...` or `x *= ...` with the rest
// printed by sympy (sympy.collect, exact); each vector statement is then optimised (codegen.ts), scalar
// ones (shared targets) are left as written. Subexpressions the code reads are Brian2's own statements
// before it: their optimised expressions stand for their names, as a unit.

import type { SExpr } from '../../symbolic/expr.js';
import { annotateExpression, type DType, optimiseExpression } from './codegen.js';
import { type NameTable, toPy } from './convert.js';
import type { PyNode } from './pyexpr.js';
import { parsePy } from './pyexpr.js';
import { namesIn } from './state-updaters.js';
import { Add, Mul, Pow } from './sympy/core.js';
import { type Ex, isNumber, keyOf } from './sympy/expr.js';
import { toSympy, symbol } from './sympy/parse.js';
import { sympyToStr } from './sympy/print.js';
import { addArgs, isCommutative, mulArgs } from './sympy/structure.js';

export type Op = '=' | '+=' | '-=' | '*=' | '/=' | '//=' | '%=' | '**=';

export interface BlockStatement {
  /** The name Brian2's code uses for the target (x, x_post, a temporary). */
  name: string;
  op: Op;
  value: SExpr;
}

/**
 * sympy.collect(expr, x, exact=True, evaluate=False) as make_statements uses it: the coefficient of x
 * in each term where x is a factor to the first power, and the other terms (key '1').
 */
function collectExact(expr: Ex, x: Ex): { coeff: Ex | null; rest: Ex | null } {
  const coeffs: Ex[] = [];
  let disliked: Ex | null = null;
  for (const product of addArgs(expr)) {
    const factors = mulArgs(product);
    const k = factors.findIndex((f) => keyOf(f) === keyOf(x) && isCommutative(f));
    if (k >= 0) {
      const rest = factors.filter((_, j) => j !== k).map((f) => (f.t === 'pow' && isNumber(f.e) ? Pow(f.b, f.e) : f));
      coeffs.push(Mul(...rest));
    } else disliked = disliked === null ? product : Add(disliked, product);
  }
  return { coeff: coeffs.length ? Add(...coeffs) : null, rest: disliked };
}

/**
 * make_statements on `x = expr` for an existing float variable x: `x += rest` when expr is x plus
 * terms without x, `x *= factor` when every term has the factor x; null when neither.
 */
export function collectedForm(name: string, value: PyNode): { op: '+=' | '*='; code: string } | null {
  const { coeff, rest } = collectExact(toSympy(value), symbol(name));
  if (coeff && rest && coeff.t === 'int' && coeff.p === 1n) return { op: '+=', code: sympyToStr(rest) };
  if (coeff && !rest) return { op: '*=', code: sympyToStr(coeff) };
  return null;
}

export interface GeneratedStatement {
  op: Op;
  expr: SExpr;
}

/**
 * The statements of one block, each as Brian2 generates it. `floatVariables` are the block's existing
 * float variables (by Brian2 name) that make_statements may rewrite into += / *=; new names become
 * temporaries of the block.
 */
export function generateBlock(statements: BlockStatement[], table: NameTable, floatVariable: (name: string) => boolean): GeneratedStatement[] {
  return statements.map((s) => {
    let op = s.op;
    let py = toPy(s.value);
    const defined = table.has(s.name);
    // (an expression that does not read x is collected as {1: expr}: nothing to rewrite)
    if (op === '=' && defined && floatVariable(s.name) && namesIn(py).has(s.name)) {
      const c = collectedForm(s.name, py);
      if (c) {
        op = c.op;
        py = parsePy(c.code);
      }
    }
    if (!defined) table.temporary(s.name, annotateExpression(py, table));
    const scalar = table.variable(s.name)!.scalar;
    const node = scalar ? annotateExpression(py, table) : optimiseExpression(py, table);
    return { op, expr: table.toSExpr(node) };
  });
}

/** Brian2's expression of a single value (threshold condition, summed expression, initialisation). */
export function generateExpression(value: SExpr, table: NameTable): SExpr {
  return table.toSExpr(optimiseExpression(toPy(value), table));
}

/** A subexpression the block reads: its optimised expression stands for its name. */
export function defineSubexpression(table: NameTable, name: string, value: SExpr, dtype: DType, scalar: boolean): void {
  const py = toPy(value);
  const node = scalar ? annotateExpression(py, table) : optimiseExpression(py, table);
  table.set(name, table.toSExpr(node), dtype, scalar);
}
