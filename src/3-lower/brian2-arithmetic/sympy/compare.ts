// sympy's canonical order of the args of Add and Mul (Basic.compare): by class (sympy's
// ordering_of_classes, then class names), then the hashable content. It decides the order in which
// terms are combined, not the order in which they are printed (sort-key.ts).

import { fromDouble } from './binary.js';
import { argsOf, type Ex } from './expr.js';

const ORDERING_OF_CLASSES = [
  'Zero',
  'One',
  'Half',
  'Infinity',
  'NaN',
  'NegativeOne',
  'NegativeInfinity',
  'Integer',
  'Rational',
  'Float',
  'Exp1',
  'Pi',
  'ImaginaryUnit',
  'Symbol',
  'Wild',
  'Pow',
  'Mul',
  'Add',
  'Derivative',
  'Integral',
  'Abs',
  'Sign',
  'Sqrt',
  'Floor',
  'Ceiling',
  'Re',
  'Im',
  'Arg',
  'Conjugate',
  'Exp',
  'Log',
  'Sin',
  'Cos',
  'Tan',
  'Cot',
  'ASin',
  'ACos',
  'ATan',
  'ACot',
  'Sinh',
  'Cosh',
  'Tanh',
  'Coth',
  'ASinh',
  'ACosh',
  'ATanh',
  'ACoth',
  'RisingFactorial',
  'FallingFactorial',
  'factorial',
  'binomial',
  'Gamma',
  'LowerGamma',
  'UpperGamma',
  'PolyGamma',
  'Erf',
  'Chebyshev',
  'Chebyshev2',
  'Function',
  'WildFunction',
  'Lambda',
  'Order',
  'Equality',
  'Unequality',
  'StrictGreaterThan',
  'StrictLessThan',
  'GreaterThan',
  'LessThan',
];

const REL_CLASS: Record<string, string> = {
  '<': 'StrictLessThan',
  '<=': 'LessThan',
  '>': 'StrictGreaterThan',
  '>=': 'GreaterThan',
  '==': 'Equality',
  '!=': 'Unequality',
};

export function className(e: Ex): string {
  switch (e.t) {
    case 'int':
      return e.p === 0n ? 'Zero' : e.p === 1n ? 'One' : e.p === -1n ? 'NegativeOne' : 'Integer';
    case 'rat':
      return e.p === 1n && e.q === 2n ? 'Half' : 'Rational';
    case 'float':
      return 'Float';
    case 'pi':
      return 'Pi';
    case 'E':
      return 'Exp1';
    case 'sym':
      return 'Symbol';
    case 'add':
      return 'Add';
    case 'mul':
      return 'Mul';
    case 'pow':
      return 'Pow';
    case 'fn':
      return e.fn;
    case 'rel':
      return REL_CLASS[e.op]!;
    case 'and':
      return 'And';
    case 'or':
      return 'Or';
    case 'not':
      return 'Not';
    case 'bool':
      return e.v ? 'BooleanTrue' : 'BooleanFalse';
  }
}

function cmpName(n1: string, n2: string): number {
  if (n1 === n2) return 0;
  const unknown = ORDERING_OF_CLASSES.length + 1;
  let i1 = ORDERING_OF_CLASSES.indexOf(n1);
  let i2 = ORDERING_OF_CLASSES.indexOf(n2);
  if (i1 < 0) i1 = unknown;
  if (i2 < 0) i2 = unknown;
  if (i1 === unknown && i2 === unknown) return cmpPy(n1, n2);
  return i1 > i2 ? 1 : i1 < i2 ? -1 : 0;
}

/** Python comparison of str, int or bigint. */
function cmpPy(a: string | number | bigint, b: string | number | bigint): number {
  return a > b ? 1 : a < b ? -1 : 0;
}

// The assumption tuples a real (and a positive) Symbol carries in its hashable content.
const REAL_ASSUMPTIONS = ['commutative', 'complex', 'extended_real', 'finite', 'hermitian', 'imaginary', 'infinite', 'real'];
const POSITIVE_ASSUMPTIONS = [
  'commutative',
  'complex',
  'extended_negative',
  'extended_nonnegative',
  'extended_nonpositive',
  'extended_nonzero',
  'extended_positive',
  'extended_real',
  'finite',
  'hermitian',
  'imaginary',
  'infinite',
  'negative',
  'nonnegative',
  'nonpositive',
  'nonzero',
  'positive',
  'real',
  'zero',
];

type Hashable = Ex | string | number | bigint | Hashable[];

function hashableContent(e: Ex): Hashable[] {
  switch (e.t) {
    case 'int':
      return [e.p, 1n];
    case 'rat':
      return [e.p, e.q];
    case 'float': {
      const m = fromDouble(e.v);
      const bc = m.man === 0n ? 0 : m.man.toString(2).length;
      return [[m.sign, m.man, m.exp, bc], 53];
    }
    case 'pi':
    case 'E':
    case 'bool':
      return [];
    case 'sym': {
      const names = !e.real ? ['commutative'] : e.positive ? POSITIVE_ASSUMPTIONS : REAL_ASSUMPTIONS;
      // The values (True/False) are the same for symbols of one kind; the names decide the order.
      return [e.name, ...names.map((n) => [n])];
    }
    default:
      return argsOf(e);
  }
}

function isEx(h: Hashable): h is Ex {
  return typeof h === 'object' && !Array.isArray(h);
}

function cmpHashable(a: Hashable, b: Hashable): number {
  if (isEx(a) && isEx(b)) return compare(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let k = 0; k < Math.min(a.length, b.length); k++) {
      const c = cmpHashable(a[k]!, b[k]!);
      if (c) return c;
    }
    return cmpPy(a.length, b.length);
  }
  return cmpPy(a as string | number | bigint, b as string | number | bigint);
}

/** Basic.compare: -1, 0 or 1. */
export function compare(a: Ex, b: Ex): number {
  if (a === b) return 0;
  const c = cmpName(className(a), className(b));
  if (c) return c;
  const st = hashableContent(a);
  const ot = hashableContent(b);
  if (st.length !== ot.length) return st.length > ot.length ? 1 : -1;
  for (let k = 0; k < st.length; k++) {
    const r = cmpHashable(st[k]!, ot[k]!);
    if (r) return r;
  }
  return 0;
}

export const canonicalSort = (args: Ex[]): Ex[] => args.sort(compare);
