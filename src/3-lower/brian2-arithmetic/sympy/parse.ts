// Brian2's str_to_sympy (parsing/rendering.py SympyNodeRenderer): a Python expression becomes a sympy
// expression by applying sympy's operators in the order of the syntax tree: a - b is Add(a, -b),
// a/b is Mul(a, Pow(b, -1)), integer literals are Integers and float literals Floats; names are real
// symbols (t and dt positive), pi and e sympy's constants; Brian2's functions map to sympy's classes
// (abs → Abs, ceil → ceiling, ...) and the others, int included (as int_), to undefined functions.

import type { PyNode } from '../pyexpr.js';
import { parsePy } from '../pyexpr.js';
import { Add, div, fn, floatLiteral, Logic, Mul, neg, Not, Pow, Rel } from './core.js';
import { type Ex, SYMPY_FUNCTIONS, Unsupported } from './expr.js';

export function symbol(name: string): Ex {
  return { t: 'sym', name, real: true, positive: name === 't' || name === 'dt' };
}

const PLACEHOLDER: Ex = { t: 'sym', name: '_placeholder_arg', real: false, positive: false };

export function toSympy(n: PyNode): Ex {
  switch (n.k) {
    case 'int':
      return { t: 'int', p: n.v };
    case 'float':
      return floatLiteral(n.v);
    case 'bool':
      return { t: 'bool', v: n.v };
    case 'name':
      if (n.id === 'pi') return { t: 'pi' };
      if (n.id === 'e') return { t: 'E' };
      if (n.id === 'inf') throw new Unsupported('inf in an expression sympy handles');
      return symbol(n.id);
    case 'call': {
      const name = n.fn === 'int' ? 'int_' : (SYMPY_FUNCTIONS[n.fn] ?? n.fn);
      if (n.args.length === 0) return { t: 'fn', fn: name, args: [PLACEHOLDER] };
      return fn(name, ...n.args.map(toSympy));
    }
    case 'cmp':
      return Rel(n.op, toSympy(n.a), toSympy(n.b));
    case 'boolop':
      return Logic(n.op, ...n.values.map(toSympy));
    case 'unary':
      if (n.op === '+') return toSympy(n.a);
      if (n.op === '-') return neg(toSympy(n.a));
      return Not(toSympy(n.a));
    case 'bin': {
      const a = toSympy(n.a);
      const b = toSympy(n.b);
      switch (n.op) {
        case '+':
          return Add(a, b);
        case '-':
          return Add(a, neg(b));
        case '*':
          return Mul(a, b);
        case '/':
          return Mul(a, div({ t: 'int', p: 1n }, b));
        case '**':
          return Pow(a, b);
        case '//':
          return fn('floor', Mul(a, div({ t: 'int', p: 1n }, b)));
        case '%':
          return fn('Mod', a, b);
        default:
          throw new Unsupported(`the operator ${(n as { op: string }).op} in an expression sympy handles`);
      }
    }
  }
}

/** str_to_sympy. */
export function strToSympy(s: string): Ex {
  return toSympy(parsePy(s));
}
