// Local simplification: constant folding and the identities that keep generated formulas readable
// (x*1, x+0, 0*x, --x, a*-b = -(a*b)). It never reorders floating-point operations between non-constant
// terms, so a simplified update evaluates exactly like the written one.

import { type BinOp, mapChildren, num, type SExpr } from './expr.js';

function foldBin(op: BinOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '**':
      return a ** b;
    case '%':
      return a - Math.floor(a / b) * b;
    case '//':
      return Math.floor(a / b);
  }
}

export function simplify(e: SExpr): SExpr {
  const s = mapChildren(e, simplify);
  switch (s.k) {
    case 'neg':
      if (s.a.k === 'num') return num(-s.a.v);
      if (s.a.k === 'neg') return s.a.a;
      return s;
    case 'not':
      if (s.a.k === 'bool') return { k: 'bool', v: !s.a.v };
      return s;
    case 'bin': {
      const { op, a, b } = s;
      if (a.k === 'num' && b.k === 'num') {
        const v = foldBin(op, a.v, b.v);
        if (Number.isFinite(v)) return num(v);
        return s;
      }
      if (op === '+') {
        if (a.k === 'num' && a.v === 0) return b;
        if (b.k === 'num' && b.v === 0) return a;
        if (b.k === 'neg') return simplify({ k: 'bin', op: '-', a, b: b.a });
      }
      if (op === '-') {
        if (b.k === 'num' && b.v === 0) return a;
        if (a.k === 'num' && a.v === 0) return simplify({ k: 'neg', a: b });
        if (b.k === 'neg') return { k: 'bin', op: '+', a, b: b.a };
      }
      // Negation is exact in IEEE arithmetic, so it can move out of products and quotients.
      if ((op === '*' || op === '/') && (a.k === 'neg' || b.k === 'neg')) {
        const inner = simplify({ k: 'bin', op, a: a.k === 'neg' ? a.a : a, b: b.k === 'neg' ? b.a : b });
        return a.k === 'neg' && b.k === 'neg' ? inner : simplify({ k: 'neg', a: inner });
      }
      if (op === '*') {
        if ((a.k === 'num' && a.v === 0) || (b.k === 'num' && b.v === 0)) return num(0);
        if (a.k === 'num' && a.v === 1) return b;
        if (b.k === 'num' && b.v === 1) return a;
        if (a.k === 'num' && a.v === -1) return simplify({ k: 'neg', a: b });
        if (b.k === 'num' && b.v === -1) return simplify({ k: 'neg', a });
      }
      if (op === '/') {
        if (b.k === 'num' && b.v === 1) return a;
        if (b.k === 'num' && b.v === -1) return simplify({ k: 'neg', a });
        if (a.k === 'num' && a.v === 0 && !(b.k === 'num' && b.v === 0)) return num(0);
      }
      if (op === '**') {
        if (b.k === 'num' && b.v === 1) return a;
        if (b.k === 'num' && b.v === 0) return num(1);
      }
      return s;
    }
    case 'logic': {
      if (s.a.k === 'bool') return s.op === 'and' ? (s.a.v ? s.b : s.a) : s.a.v ? s.a : s.b;
      return s;
    }
    default:
      return s;
  }
}
