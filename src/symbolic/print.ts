// Printing expressions as text with only the parentheses precedence needs. The same printer serves the
// abstract code shown by `--explain` (Brian2's style) and the numpy code of the generated project; the
// two differ in how symbols, calls, numbers and boolean operators are written (PrintStyle).

import type { SExpr } from './expr.js';
import { symKey } from './expr.js';

export interface PrintStyle {
  symbol(s: Extract<SExpr, { k: 'sym' }>): string;
  call(fn: string, args: string[]): string;
  /** `int`: an integer literal of Brian2 code (printed as such where the style keeps Python's types). */
  number(v: number, int?: boolean): string;
  /** Elementwise (numpy) logic uses & | ~ with tighter precedence than comparisons. */
  elementwiseLogic: boolean;
}

/** Python literal for a double that reads back as the same double. */
export function pythonNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  return String(v);
}

export const ABSTRACT_STYLE: PrintStyle = {
  symbol: (s) => symKey(s),
  call: (fn, args) => `${fn}(${args.join(', ')})`,
  number: (v) => (Number.isInteger(v) && Math.abs(v) < 1e16 ? String(v) : pythonNumber(v)),
  elementwiseLogic: false,
};

// Precedence levels (higher binds tighter), following Python.
const PREC = {
  or: 1,
  and: 2,
  not: 3,
  cmp: 4,
  bitor: 5,
  bitand: 6,
  add: 7,
  mul: 8,
  unary: 9,
  pow: 10,
  atom: 11,
};

export function printExpr(e: SExpr, style: PrintStyle = ABSTRACT_STYLE): string {
  return go(e, style).text;
}

interface Printed {
  text: string;
  prec: number;
}

function wrap(p: Printed, min: number): string {
  return p.prec < min ? `(${p.text})` : p.text;
}

/**
 * A chain of * and / down its left side (where Python would apply a leading minus), no % or //, that
 * starts with a number, a call, t/dt or a temporary: never a model variable, which might be a numpy
 * boolean array (numpy refuses -b on those).
 */
function productSpine(e: SExpr): boolean {
  if (e.k === 'bin') return (e.op === '*' || e.op === '/') && productSpine(e.a);
  if (e.k === 'sym') return e.role === 'special' || e.role === 'temp';
  return e.k === 'num' || e.k === 'call';
}

function go(e: SExpr, st: PrintStyle): Printed {
  switch (e.k) {
    case 'num': {
      const t = st.number(e.v, e.int);
      return { text: t, prec: t.startsWith('-') ? PREC.unary : PREC.atom };
    }
    case 'bool':
      return { text: e.v ? 'True' : 'False', prec: PREC.atom };
    case 'sym':
      return { text: st.symbol(e), prec: PREC.atom };
    case 'call':
      return {
        text: st.call(
          e.fn,
          e.args.map((a) => go(a, st).text),
        ),
        prec: PREC.atom,
      };
    case 'neg': {
      // -(a*b) reads -a*b: Python computes (-a)*b, which is the same number (negation is exact), but
      // the result then binds like a product.
      const inner = go(e.a, st);
      if (inner.prec === PREC.mul && !inner.text.startsWith('-') && productSpine(e.a)) return { text: `-${inner.text}`, prec: PREC.mul };
      return { text: `-${wrap(inner, PREC.unary)}`, prec: PREC.unary };
    }
    case 'not': {
      if (st.elementwiseLogic) return { text: `~${wrap(go(e.a, st), PREC.atom)}`, prec: PREC.unary };
      // `not (a > b)` as Brian2 writes it (Python would not need the parentheses).
      return { text: `not ${wrap(go(e.a, st), PREC.atom)}`, prec: PREC.not };
    }
    case 'logic': {
      if (st.elementwiseLogic) {
        const op = e.op === 'and' ? '&' : '|';
        const p = e.op === 'and' ? PREC.bitand : PREC.bitor;
        // Operands of & and | are wrapped unless atomic: `(a < b) & (c > d)`.
        return { text: `${wrap(go(e.a, st), PREC.atom)} ${op} ${wrap(go(e.b, st), PREC.atom)}`, prec: p };
      }
      const p = e.op === 'and' ? PREC.and : PREC.or;
      return { text: `${wrap(go(e.a, st), p)} ${e.op} ${wrap(go(e.b, st), p + 1)}`, prec: p };
    }
    case 'cmp':
      return { text: `${wrap(go(e.a, st), PREC.cmp + 1)} ${e.op} ${wrap(go(e.b, st), PREC.cmp + 1)}`, prec: PREC.cmp };
    case 'bin': {
      switch (e.op) {
        case '+':
        case '-':
          return { text: `${wrap(go(e.a, st), PREC.add)} ${e.op} ${wrap(go(e.b, st), PREC.add + 1)}`, prec: PREC.add };
        case '**':
          // Right-associative; a negative literal base needs parentheses: (-2)**x.
          return { text: `${wrap(go(e.a, st), PREC.pow + 1)}**${wrap(go(e.b, st), PREC.unary)}`, prec: PREC.pow };
        default:
          return {
            text: `${wrap(go(e.a, st), PREC.mul)}${e.op === '*' ? '*' : e.op === '/' ? '/' : ` ${e.op} `}${wrap(go(e.b, st), PREC.mul + 1)}`,
            prec: PREC.mul,
          };
      }
    }
  }
}
