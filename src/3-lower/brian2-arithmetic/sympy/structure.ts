// Structural views of sympy objects that build nothing new: args as a product or sum, the numeric
// coefficient (as_coeff_Mul), commutativity.

import { type Ex, type ExNum, isNumber, isRational, NEG_ONE, ONE, ZERO } from './expr.js';
import { numNeg, numSign } from './numbers.js';

export const mulArgs = (e: Ex): Ex[] => (e.t === 'mul' ? e.args : [e]);
export const addArgs = (e: Ex): Ex[] => (e.t === 'add' ? e.args : [e]);

export const rawMul = (args: Ex[]): Ex => (args.length === 0 ? ONE : args.length === 1 ? args[0]! : { t: 'mul', args });
export const rawAdd = (args: Ex[]): Ex => (args.length === 0 ? ZERO : args.length === 1 ? args[0]! : { t: 'add', args });

/**
 * is_commutative. sympy leaves it undecided (None) for relations and True/False, and so for a function
 * of one (int(v > 1)): such factors are kept apart, after the commutative ones, in products and in the
 * order of terms. Abs and sign are complex-valued, so commutative whatever their argument; `printing`:
 * as sympy_to_str sees the expression, where Abs has become Brian2's undefined abs (commutative only
 * when its argument is), and the products holding it were rebuilt with it among the others.
 */
export function isCommutative(e: Ex, printing = false): boolean {
  switch (e.t) {
    case 'rel':
    case 'bool':
      return false;
    case 'not':
      return isCommutative(e.a, printing);
    case 'and':
    case 'or':
      return true;
    case 'fn':
      if (e.fn === 'sign' || (e.fn === 'Abs' && !printing)) return true;
      return e.args.every((a) => isCommutative(a, printing));
    case 'add':
    case 'mul':
      return e.args.every((a) => isCommutative(a, printing));
    case 'pow':
      return isCommutative(e.b, printing) && isCommutative(e.e, printing);
    default:
      return true;
  }
}

/** Expr.as_coeff_Mul(rational). */
export function asCoeffMul(e: Ex, rationalOnly = false): [ExNum, Ex] {
  if (isNumber(e)) return rationalOnly && !isRational(e) ? [ONE as ExNum, e] : [e, ONE];
  if (e.t === 'mul') {
    const c = e.args[0]!;
    if (isNumber(c)) {
      if (!rationalOnly || isRational(c)) return [c, rawMul(e.args.slice(1))];
      if (numSign(c) < 0) return [NEG_ONE as ExNum, rawMul([numNeg(c), ...e.args.slice(1)])];
    }
  }
  return [ONE as ExNum, e];
}
