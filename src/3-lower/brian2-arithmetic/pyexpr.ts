// Python expressions as Python's `ast.parse(expr, mode='eval')` sees them, for the subset Brian2's code
// strings use: numbers (int vs float literal kept), names, + - * / // % **, unary - + not, comparisons,
// and/or, calls, True/False. Brian2 parses the strings sympy prints with ast, so this is the shape its
// code generator works on.

export type PyBinOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';
export type PyCmpOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type PyNode =
  | { k: 'int'; v: bigint }
  | { k: 'float'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'name'; id: string }
  | { k: 'bin'; op: PyBinOp; a: PyNode; b: PyNode }
  | { k: 'unary'; op: '-' | '+' | 'not'; a: PyNode }
  | { k: 'cmp'; op: PyCmpOp; a: PyNode; b: PyNode }
  | { k: 'boolop'; op: 'and' | 'or'; values: PyNode[] }
  | { k: 'call'; fn: string; args: PyNode[] };

export class PySyntaxError extends Error {}

type Tok = { t: 'num'; raw: string } | { t: 'name'; v: string } | { t: 'op'; v: string } | { t: 'end' };

const OPS = ['**', '//', '<=', '>=', '==', '!=', '+', '-', '*', '/', '%', '<', '>', '(', ')', ','];

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(s.slice(i));
    if (num && /[\d.]/.test(c)) {
      out.push({ t: 'num', raw: num[0] });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_]\w*/.exec(s.slice(i));
    if (name) {
      out.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => s.startsWith(o, i));
    if (!op) throw new PySyntaxError(`unexpected character '${c}' in '${s}'`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  out.push({ t: 'end' });
  return out;
}

export function parsePy(s: string): PyNode {
  const toks = tokenize(s);
  let p = 0;
  const peek = () => toks[p]!;
  const isOp = (v: string) => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const isWord = (v: string) => {
    const t = peek();
    return t.t === 'name' && t.v === v;
  };
  const expect = (v: string) => {
    if (!isOp(v)) throw new PySyntaxError(`expected '${v}' in '${s}'`);
    p++;
  };

  const orTest = (): PyNode => {
    const first = andTest();
    if (!isWord('or')) return first;
    const values = [first];
    while (isWord('or')) {
      p++;
      values.push(andTest());
    }
    return { k: 'boolop', op: 'or', values };
  };
  const andTest = (): PyNode => {
    const first = notTest();
    if (!isWord('and')) return first;
    const values = [first];
    while (isWord('and')) {
      p++;
      values.push(notTest());
    }
    return { k: 'boolop', op: 'and', values };
  };
  const notTest = (): PyNode => {
    if (isWord('not')) {
      p++;
      return { k: 'unary', op: 'not', a: notTest() };
    }
    return comparison();
  };
  const comparison = (): PyNode => {
    const a = arith();
    const t = peek();
    if (t.t === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(t.v)) {
      p++;
      const b = arith();
      const t2 = peek();
      if (t2.t === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(t2.v)) throw new PySyntaxError('chained comparison');
      return { k: 'cmp', op: t.v as PyCmpOp, a, b };
    }
    return a;
  };
  const arith = (): PyNode => {
    let a = term();
    while (isOp('+') || isOp('-')) {
      const op = (peek() as { v: string }).v as PyBinOp;
      p++;
      a = { k: 'bin', op, a, b: term() };
    }
    return a;
  };
  const term = (): PyNode => {
    let a = factor();
    while (isOp('*') || isOp('/') || isOp('//') || isOp('%')) {
      const op = (peek() as { v: string }).v as PyBinOp;
      p++;
      a = { k: 'bin', op, a, b: factor() };
    }
    return a;
  };
  const factor = (): PyNode => {
    if (isOp('-') || isOp('+')) {
      const op = (peek() as { v: string }).v as '-' | '+';
      p++;
      return { k: 'unary', op, a: factor() };
    }
    return power();
  };
  const power = (): PyNode => {
    const a = atom();
    if (isOp('**')) {
      p++;
      return { k: 'bin', op: '**', a, b: factor() };
    }
    return a;
  };
  const atom = (): PyNode => {
    const t = peek();
    if (t.t === 'num') {
      p++;
      if (/[.eE]/.test(t.raw)) return { k: 'float', v: Number(t.raw) };
      return { k: 'int', v: BigInt(t.raw) };
    }
    if (t.t === 'name') {
      p++;
      if (t.v === 'True' || t.v === 'False') return { k: 'bool', v: t.v === 'True' };
      if (isOp('(')) {
        p++;
        const args: PyNode[] = [];
        if (!isOp(')')) {
          args.push(orTest());
          while (isOp(',')) {
            p++;
            args.push(orTest());
          }
        }
        expect(')');
        return { k: 'call', fn: t.v, args };
      }
      return { k: 'name', id: t.v };
    }
    if (isOp('(')) {
      p++;
      const e = orTest();
      expect(')');
      return e;
    }
    throw new PySyntaxError(`unexpected token in '${s}'`);
  };
  const e = orTest();
  if (peek().t !== 'end') throw new PySyntaxError(`trailing input in '${s}'`);
  return e;
}
