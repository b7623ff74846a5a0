// Brian2's sympy_to_str: sympy's StrPrinter with Brian2's CustomSympyPrinter overrides (and, or, not,
// relations, int), after renaming the functions whose sympy names differ from Brian2's (Abs → abs,
// ceiling → ceil, ...) and E → e. The order of terms and factors, the placement of parentheses and the
// 15 significant digits of Floats are what Brian2's code generator then parses, so they fix the
// floating-point operations of the generated code.

import { fromDouble, mpfToStr } from './binary.js';
import { BRIAN2_NAMES, type Ex, isNumber, isOne, Unsupported } from './expr.js';
import { asBaseExp, asCoeffMul, couldExtractMinusSign, isCommutative, keepCoeff, mulArgs, neg, rational } from './core.js';
import { orderedFactors, orderedTerms } from './sort-key.js';
import { numNeg, numSign } from './numbers.js';

const PREC = { Or: 20, And: 30, Relational: 35, Add: 40, Mul: 50, Pow: 60, Func: 70, Not: 100, Atom: 1000 };

function precedence(e: Ex): number {
  switch (e.t) {
    case 'int':
      return e.p < 0n ? PREC.Add : PREC.Atom;
    case 'rat':
      return e.p < 0n ? PREC.Add : PREC.Mul;
    case 'float':
      return e.v < 0 ? PREC.Add : PREC.Atom;
    case 'add':
      return PREC.Add;
    case 'mul':
      return couldExtractMinusSign(e) ? PREC.Add : PREC.Mul;
    case 'pow':
      return PREC.Pow;
    case 'fn':
      return e.fn === 'Mod' ? PREC.Mul : PREC.Func;
    case 'rel':
      return PREC.Relational;
    case 'and':
      return PREC.And;
    case 'or':
      return PREC.Or;
    case 'not':
      return PREC.Not;
    default:
      return PREC.Atom;
  }
}

class Printer {
  private level = 0;

  print(e: Ex): string {
    this.level += 1;
    try {
      return this.dispatch(e);
    } finally {
      this.level -= 1;
    }
  }

  private paren(e: Ex, level: number): string {
    return precedence(e) <= level ? `(${this.print(e)})` : this.print(e);
  }

  private dispatch(e: Ex): string {
    switch (e.t) {
      case 'int':
        return String(e.p);
      case 'rat':
        return `${e.p}/${e.q}`;
      case 'float': {
        let s = mpfToStr(fromDouble(e.v), 15, this.level > 1);
        if (s.startsWith('-.0')) s = '-0.' + s.slice(3);
        else if (s.startsWith('.0')) s = '0.' + s.slice(2);
        return s.replace(/^\+/, '');
      }
      case 'pi':
        return 'pi';
      case 'E':
        return 'e';
      case 'sym':
        return e.real ? e.name : '';
      case 'bool':
        return e.v ? 'True' : 'False';
      case 'add':
        return this.add(e);
      case 'mul':
        return this.mul(e);
      case 'pow':
        return this.pow(e);
      case 'fn': {
        const args = e.args.map((a) => this.paren(a, 0)).join(', ');
        if (e.fn === 'int_') return `int(${args})`;
        if (e.fn === 'Mod') return `((${this.print(e.args[0]!)})%(${this.print(e.args[1]!)}))`;
        return `${BRIAN2_NAMES[e.fn] ?? e.fn}(${args})`;
      }
      case 'rel':
        return `${this.paren(e.a, PREC.Relational)} ${e.op} ${this.paren(e.b, PREC.Relational)}`;
      case 'and':
      case 'or':
        return e.args.map((a) => `(${this.print(a)})`).join(` ${e.t} `);
      case 'not':
        return `not (${this.print(e.a)})`;
    }
  }

  private add(e: Extract<Ex, { t: 'add' }>): string {
    const parts: string[] = [];
    for (const term of orderedTerms(e)) {
      let t = this.print(term);
      let sign = '+';
      if (t.startsWith('-') && term.t !== 'add') {
        sign = '-';
        t = t.slice(1);
      }
      parts.push(sign, precedence(term) < PREC.Add || term.t === 'add' ? `(${t})` : t);
    }
    const first = parts.shift();
    return (first === '+' ? '' : first) + parts.join(' ');
  }

  private mul(e: Extract<Ex, { t: 'mul' }>): string {
    const prec = precedence(e);
    const args = e.args;
    if (isOne(args[0]!) || args.slice(1).some((a) => isNumber(a) || (a.t === 'pow' && a.b.t === 'int' && a.e.t === 'int'))) {
      throw new Unsupported('printing an unevaluated product');
    }
    const [c, rest] = asCoeffMul(e);
    let expr: Ex = e;
    let sign = '';
    if (numSign(c) < 0) {
      expr = keepCoeff(numNeg(c), rest);
      sign = '-';
    }
    const a: Ex[] = [];
    const b: Ex[] = [];
    const powParen: Ex[] = [];
    const factors = expr.t === 'mul' ? orderedFactors(expr) : [expr];
    for (const item of factors) {
      if (item.t === 'pow' && isCommutative(item, true) && numSign(asCoeffMul(item.e)[0]) < 0) {
        if (!(item.e.t === 'int' && item.e.p === -1n)) b.push(invertedPower(item));
        else {
          if (argsCount(item.b) !== 1 && (item.b.t === 'mul' || item.b.t === 'pow')) powParen.push(item.b);
          b.push(item.b);
        }
      } else if (item.t === 'int' || item.t === 'rat') {
        const [p, q] = item.t === 'int' ? [item.p, 1n] : [item.p, item.q];
        if (p !== 1n) a.push({ t: 'int', p });
        if (q !== 1n) b.push({ t: 'int', p: q });
      } else a.push(item);
    }
    if (!a.length) a.push({ t: 'int', p: 1n });
    const aStr = a.map((x) => this.paren(x, prec));
    const bStr = b.map((x) => this.paren(x, prec));
    for (const base of powParen) {
      const k = b.indexOf(base);
      if (k >= 0) bStr[k] = `(${bStr[k]})`;
    }
    if (!b.length) return sign + aStr.join('*');
    if (b.length === 1) return `${sign}${aStr.join('*')}/${bStr[0]}`;
    return `${sign}${aStr.join('*')}/(${bStr.join('*')})`;
  }

  private pow(e: Extract<Ex, { t: 'pow' }>): string {
    if (e.e.t === 'rat' && e.e.p === 1n && e.e.q === 2n) return `sqrt(${this.print(e.b)})`;
    if (isCommutative(e, true)) {
      if (e.e.t === 'rat' && e.e.p === -1n && e.e.q === 2n) return `1/sqrt(${this.print(e.b)})`;
      if (e.e.t === 'int' && e.e.p === -1n) return `1/${this.paren(e.b, PREC.Pow)}`;
    }
    return `${this.paren(e.b, PREC.Pow)}**${this.paren(e.e, PREC.Pow)}`;
  }
}

function argsCount(e: Ex): number {
  if (e.t === 'add' || e.t === 'mul' || e.t === 'fn') return e.args.length;
  if (e.t === 'pow') return 2;
  return 0;
}

/** The printer's apow: x**(-e) as x**e, for the denominator. */
function invertedPower(item: Extract<Ex, { t: 'pow' }>): Ex {
  const [b, x] = asBaseExp(item);
  const eargs = [...mulArgs(x)];
  if (eargs[0]!.t === 'int' && (eargs[0] as { p: bigint }).p === -1n) eargs.shift();
  else eargs[0] = neg(eargs[0]!);
  const e = eargs.length === 1 ? eargs[0]! : ({ t: 'mul', args: eargs } as Ex);
  return { t: 'pow', b, e };
}

/** sympy_to_str. */
export function sympyToStr(e: Ex): string {
  return new Printer().print(e);
}

export { rational };
