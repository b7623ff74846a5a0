// CST → syntax tree. One method per grammar rule (the rule names of expression-parser.ts and
// python-parser.ts); Chevrotain groups a node's children by name, so operator chains are re-ordered by
// source offset before they are folded into binary nodes.

import type { CstNode, IToken } from 'chevrotain';
import type { Arg, BinaryOperator, CompareOperator, ComprehensionFor, Expr, FormattedValue, ImportName, Loc, Param, Stmt } from './ast.js';
import { concatStrings, decodeStringLiteral, type DecodedString } from './strings.js';

type Children = Record<string, (CstNode | IToken)[] | undefined>;

export class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly loc: Loc,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Parses the text of an f-string replacement field; supplied by the entry module to avoid a cycle. */
export type SubExpressionParser = (text: string, base: number) => Expr;

function isToken(x: CstNode | IToken): x is IToken {
  return (x as IToken).image !== undefined;
}

function tokLoc(t: IToken): Loc {
  return { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
}

function nodeLoc(n: CstNode): Loc {
  const l = n.location!;
  return { start: l.startOffset, end: (l.endOffset ?? l.startOffset) + 1 };
}

function span(a: Loc, b: Loc): Loc {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/**
 * Position of a child for ordering: line and column as lexed (they follow the text that was parsed),
 * then the offset. Offsets alone do not order tokens of a Brian2 string built at run time, whose
 * characters all map to the one expression that built it.
 */
function positionOf(x: CstNode | IToken): [number, number, number] {
  if (isToken(x)) return [x.startLine ?? 0, x.startColumn ?? 0, x.startOffset];
  const l = x.location!;
  return [l.startLine ?? 0, l.startColumn ?? 0, l.startOffset];
}

function comparePositions(a: CstNode | IToken, b: CstNode | IToken): number {
  const p = positionOf(a);
  const q = positionOf(b);
  return p[0] - q[0] || p[1] - q[1] || p[2] - q[2];
}

export class CstToAst {
  /** `complex`: whether imaginary literals (`1j`) are read (the script) or refused (Brian2 strings). */
  constructor(
    private readonly parseSub: SubExpressionParser,
    private readonly complex = false,
  ) {}

  private nodes(c: Children, key: string): CstNode[] {
    return (c[key] ?? []) as CstNode[];
  }

  private node(c: Children, key: string): CstNode | undefined {
    return (c[key]?.[0] as CstNode | undefined) ?? undefined;
  }

  private tokens(c: Children, key: string): IToken[] {
    return (c[key] ?? []) as IToken[];
  }

  private token(c: Children, key: string): IToken | undefined {
    return c[key]?.[0] as IToken | undefined;
  }

  /** All children in source order. */
  private ordered(c: Children, keys: string[]): (CstNode | IToken)[] {
    const all: (CstNode | IToken)[] = [];
    for (const k of keys) all.push(...(c[k] ?? []));
    return all.sort(comparePositions);
  }

  expr(n: CstNode): Expr {
    const method = (this as unknown as Record<string, (c: Children, n: CstNode) => Expr>)[n.name];
    if (!method) throw new Error(`no visitor for expression rule ${n.name}`);
    return method.call(this, n.children as Children, n);
  }

  // ---------------------------------------------------------------- expressions

  test(c: Children, n: CstNode): Expr {
    const lam = this.node(c, 'lambdef');
    if (lam) return this.expr(lam);
    const body = this.expr(this.node(c, 'orTest')!);
    const cond = this.node(c, 'condition');
    if (!cond) return body;
    return { kind: 'IfExp', test: this.expr(cond), body, orelse: this.expr(this.node(c, 'orelse')!), loc: nodeLoc(n) };
  }

  lambdef(c: Children, n: CstNode): Expr {
    const list = this.node(c, 'lambdaParamList');
    const params = list ? this.nodes(list.children as Children, 'lambdaParam').map((p) => this.param(p)) : [];
    return { kind: 'Lambda', params, body: this.expr(this.node(c, 'test')!), loc: nodeLoc(n) };
  }

  private boolChain(c: Children, n: CstNode, sub: string, op: 'and' | 'or'): Expr {
    const values = this.nodes(c, sub).map((x) => this.expr(x));
    return values.length === 1 ? values[0]! : { kind: 'BoolOp', op, values, loc: nodeLoc(n) };
  }

  orTest(c: Children, n: CstNode): Expr {
    return this.boolChain(c, n, 'andTest', 'or');
  }

  andTest(c: Children, n: CstNode): Expr {
    return this.boolChain(c, n, 'notTest', 'and');
  }

  notTest(c: Children, n: CstNode): Expr {
    const inner = this.node(c, 'notTest');
    if (inner) return { kind: 'UnaryOp', op: 'not', operand: this.expr(inner), loc: nodeLoc(n) };
    return this.expr(this.node(c, 'comparison')!);
  }

  comparison(c: Children, n: CstNode): Expr {
    const operands = this.nodes(c, 'bitOr').map((x) => this.expr(x));
    if (operands.length === 1) return operands[0]!;
    const ops = this.nodes(c, 'compOp').map((o) => this.compOp(o.children as Children));
    return { kind: 'Compare', left: operands[0]!, ops, comparators: operands.slice(1), loc: nodeLoc(n) };
  }

  private compOp(c: Children): CompareOperator {
    if (c.Not && c.In) return 'not in';
    if (c.Is) return c.Not ? 'is not' : 'is';
    const t = Object.values(c).flat()[0] as IToken;
    return t.image as CompareOperator;
  }

  /** Left-associative chain `a op b op c`, operators interleaved by offset. */
  private binaryChain(c: Children, sub: string, opKeys: string[]): Expr {
    const items = this.ordered(c, [sub, ...opKeys]);
    let left = this.expr(items[0] as CstNode);
    for (let k = 1; k + 1 < items.length; k += 2) {
      const op = (items[k] as IToken).image as BinaryOperator;
      const right = this.expr(items[k + 1] as CstNode);
      left = { kind: 'BinOp', op, left, right, loc: span(left.loc, right.loc) };
    }
    return left;
  }

  bitOr(c: Children): Expr {
    return this.binaryChain(c, 'bitXor', ['Pipe']);
  }

  bitXor(c: Children): Expr {
    return this.binaryChain(c, 'bitAnd', ['Caret']);
  }

  bitAnd(c: Children): Expr {
    return this.binaryChain(c, 'shift', ['Amp']);
  }

  shift(c: Children): Expr {
    return this.binaryChain(c, 'arith', ['LShift', 'RShift']);
  }

  arith(c: Children): Expr {
    return this.binaryChain(c, 'term', ['Plus', 'Minus']);
  }

  term(c: Children): Expr {
    return this.binaryChain(c, 'factor', ['Star', 'Slash', 'FloorDiv', 'Percent', 'At']);
  }

  factor(c: Children, n: CstNode): Expr {
    const inner = this.node(c, 'factor');
    if (inner) {
      const t = (this.token(c, 'Plus') ?? this.token(c, 'Minus') ?? this.token(c, 'Tilde'))!;
      const operand = this.expr(inner);
      // Fold `-3` into a literal so `-3` and `3` behave alike in messages and constant folding.
      if (t.image === '-' && operand.kind === 'Num') {
        return { ...operand, value: -operand.value, raw: '-' + operand.raw, loc: nodeLoc(n) };
      }
      return { kind: 'UnaryOp', op: t.image as '-' | '+' | '~', operand, loc: nodeLoc(n) };
    }
    return this.expr(this.node(c, 'power')!);
  }

  power(c: Children, n: CstNode): Expr {
    const base = this.expr(this.node(c, 'atomExpr')!);
    const exp = this.node(c, 'factor');
    if (!exp) return base;
    return { kind: 'BinOp', op: '**', left: base, right: this.expr(exp), loc: nodeLoc(n) };
  }

  atomExpr(c: Children): Expr {
    let value = this.expr(this.node(c, 'atom')!);
    for (const tr of this.nodes(c, 'trailer')) {
      const tc = tr.children as Children;
      const loc = span(value.loc, nodeLoc(tr));
      if (tc.LParen) {
        const list = this.node(tc, 'argList');
        value = { kind: 'Call', func: value, args: list ? this.argList(list.children as Children) : [], loc };
      } else if (tc.LBracket) {
        value = { kind: 'Subscript', value, index: this.subscriptList(this.node(tc, 'subscriptList')!), loc };
      } else {
        const id = this.token(tc, 'Identifier')!;
        value = { kind: 'Attribute', value, attr: id.image, attrLoc: tokLoc(id), loc };
      }
    }
    return value;
  }

  atom(c: Children, n: CstNode): Expr {
    const loc = nodeLoc(n);
    if (c.LParen) {
      const inner = this.node(c, 'testListComp');
      if (!inner) return { kind: 'Tuple', elts: [], loc };
      return this.displayOrComprehension(inner, 'tuple', loc);
    }
    if (c.LBracket) {
      const inner = this.node(c, 'testListComp');
      if (!inner) return { kind: 'List', elts: [], loc };
      return this.displayOrComprehension(inner, 'list', loc);
    }
    if (c.LBrace) {
      const inner = this.node(c, 'dictOrSetMaker');
      if (!inner) return { kind: 'Dict', keys: [], values: [], loc };
      return this.dictOrSet(inner, loc);
    }
    const id = this.token(c, 'Identifier');
    if (id) return { kind: 'Name', id: id.image, loc };
    const num = this.token(c, 'NumberLiteral');
    if (num) return this.number(num);
    const strs = this.tokens(c, 'StringLiteral');
    if (strs.length) return this.string(strs, loc);
    if (c.Ellipsis) return { kind: 'Ellipsis', loc };
    if (c.None) return { kind: 'Const', value: null, loc };
    if (c.True) return { kind: 'Const', value: true, loc };
    return { kind: 'Const', value: false, loc };
  }

  private number(t: IToken): Expr {
    const raw = t.image;
    const loc = tokLoc(t);
    if (/[jJ]$/.test(raw)) {
      if (!this.complex) throw new SyntaxProblem('complex numbers are not supported', loc, 'use real numbers');
      return { kind: 'Num', value: Number(raw.slice(0, -1).replace(/_/g, '')), isInt: false, raw, loc, imaginary: true };
    }
    const clean = raw.replace(/_/g, '');
    let value: number;
    let isInt = true;
    if (/^0[xX]/.test(clean)) value = parseInt(clean.slice(2), 16);
    else if (/^0[oO]/.test(clean)) value = parseInt(clean.slice(2), 8);
    else if (/^0[bB]/.test(clean)) value = parseInt(clean.slice(2), 2);
    else {
      value = Number(clean);
      isInt = !/[.eE]/.test(clean);
    }
    if (Number.isNaN(value)) throw new SyntaxProblem(`invalid number '${raw}'`, loc, 'write the number in Python syntax');
    return { kind: 'Num', value, isInt, raw, loc };
  }

  private string(tokens: IToken[], loc: Loc): Expr {
    const parts = tokens.map((t) => decodeStringLiteral(t.image, t.startOffset));
    if (!parts.some((p) => p.formatted)) {
      const s = concatStrings(parts);
      return { kind: 'Str', value: s.value, offsets: s.offsets, bytes: s.bytes, loc };
    }
    const out: (string | FormattedValue)[] = [];
    const offsets: (number[] | null)[] = [];
    for (const p of parts) {
      if (p.formatted) this.fstringParts(p, loc, out, offsets);
      else {
        out.push(p.value);
        offsets.push(p.offsets.slice(0, p.value.length));
      }
    }
    return { kind: 'FStr', parts: out, offsets, loc };
  }

  /** Split an f-string into literal parts (with the file offset of each character) and fields. */
  private fstringParts(s: DecodedString, loc: Loc, out: (string | FormattedValue)[], offsets: (number[] | null)[]): void {
    let lit = '';
    let litOffsets: number[] = [];
    const v = s.value;
    const flush = () => {
      if (!lit) return;
      out.push(lit);
      offsets.push(litOffsets);
      lit = '';
      litOffsets = [];
    };
    for (let k = 0; k < v.length; k++) {
      const ch = v[k]!;
      if (ch === '{' && v[k + 1] === '{') {
        lit += '{';
        litOffsets.push(s.offsets[k]!);
        k++;
      } else if (ch === '}' && v[k + 1] === '}') {
        lit += '}';
        litOffsets.push(s.offsets[k]!);
        k++;
      } else if (ch === '{') {
        let depth = 1;
        let j = k + 1;
        for (; j < v.length && depth > 0; j++) {
          if ('([{'.includes(v[j]!)) depth++;
          else if (')]}'.includes(v[j]!)) depth--;
        }
        if (depth !== 0) throw new SyntaxProblem("f-string: missing '}'", loc, "close the replacement field with '}'");
        const field = v.slice(k + 1, j - 1);
        const m = /^([\s\S]*?)(?:!([rsa]))?(?::([^{}]*))?$/.exec(field)!;
        const exprText = m[1]!;
        flush();
        out.push({
          expr: this.parseSub(exprText.replace(/=\s*$/, ''), s.offsets[k + 1] ?? loc.start),
          conversion: m[2] ?? null,
          spec: m[3] ?? null,
        });
        offsets.push(null);
        k = j - 1;
      } else {
        lit += ch;
        litOffsets.push(s.offsets[k]!);
      }
    }
    flush();
  }

  element(c: Children): Expr {
    const star = this.node(c, 'starExpr');
    if (star) return this.starExpr(star.children as Children, star);
    return this.expr(this.node(c, 'test')!);
  }

  starExpr(c: Children, n: CstNode): Expr {
    return { kind: 'Starred', value: this.expr(this.node(c, 'bitOr')!), double: false, loc: nodeLoc(n) };
  }

  private displayOrComprehension(n: CstNode, type: 'tuple' | 'list', loc: Loc): Expr {
    const c = n.children as Children;
    const elts = this.nodes(c, 'element').map((e) => this.expr(e));
    const comp = this.node(c, 'compFor');
    if (comp) {
      return { kind: 'Comprehension', type: type === 'list' ? 'list' : 'generator', elt: elts[0]!, value: null, generators: this.comprehension(comp), loc };
    }
    if (type === 'list') return { kind: 'List', elts, loc };
    // `(x)` is x; `(x,)` is a tuple. The span keeps the brackets, so the source text of `(a - b)/c` taken
    // from the spans of its operands starts at the bracket.
    if (elts.length === 1 && !c.trailingComma) return { ...elts[0]!, loc };
    return { kind: 'Tuple', elts, loc };
  }

  private dictOrSet(n: CstNode, loc: Loc): Expr {
    const c = n.children as Children;
    const items = this.nodes(c, 'dictOrSetItem').map((it) => it.children as Children);
    const isDict = items[0]!.Power !== undefined || items[0]!.Colon !== undefined;
    const comp = this.node(c, 'compFor');
    if (isDict) {
      const keys: (Expr | null)[] = [];
      const values: Expr[] = [];
      for (const it of items) {
        if (it.Power) {
          keys.push(null);
          values.push(this.expr(this.node(it, 'bitOr')!));
        } else if (it.Colon) {
          keys.push(this.expr(this.node(it, 'key')!));
          values.push(this.expr(this.node(it, 'value')!));
        } else {
          throw new SyntaxProblem('a set element inside a dict', loc, "write 'key: value'");
        }
      }
      if (comp) return { kind: 'Comprehension', type: 'dict', elt: keys[0]!, value: values[0]!, generators: this.comprehension(comp), loc };
      return { kind: 'Dict', keys, values, loc };
    }
    const elts = items.map((it) => {
      if (it.Colon || it.Power) throw new SyntaxProblem('a dict item inside a set', loc, 'use either a set or a dict');
      const star = this.node(it, 'starExpr');
      return star ? this.starExpr(star.children as Children, star) : this.expr(this.node(it, 'key')!);
    });
    if (comp) return { kind: 'Comprehension', type: 'set', elt: elts[0]!, value: null, generators: this.comprehension(comp), loc };
    return { kind: 'Set', elts, loc };
  }

  private subscriptList(n: CstNode): Expr {
    const c = n.children as Children;
    const subs = this.nodes(c, 'subscript').map((s) => this.subscript(s));
    if (subs.length === 1 && !c.trailingComma) return subs[0]!;
    return { kind: 'Tuple', elts: subs, loc: nodeLoc(n) };
  }

  private subscript(n: CstNode): Expr {
    const c = n.children as Children;
    const lower = this.node(c, 'lower');
    const rest = this.node(c, 'sliceRest');
    if (!rest) return this.expr(lower!);
    const rc = rest.children as Children;
    const upper = this.node(rc, 'upper');
    const step = this.node(rc, 'step');
    return {
      kind: 'Slice',
      lower: lower ? this.expr(lower) : null,
      upper: upper ? this.expr(upper) : null,
      step: step ? this.expr(step) : null,
      loc: nodeLoc(n),
    };
  }

  /** `class C(Base, metaclass=M):` → its arguments. */
  private classBases(c: Children): Arg[] {
    const list = this.node(c, 'argList');
    return list ? this.argList(list.children as Children) : [];
  }

  argList(c: Children): Arg[] {
    return this.nodes(c, 'argument').map((a) => {
      const ac = a.children as Children;
      const loc = nodeLoc(a);
      const starred = this.node(ac, 'starred');
      if (starred) return { name: null, value: { kind: 'Starred', value: this.expr(starred), double: false, loc }, loc };
      const dbl = this.node(ac, 'doubleStarred');
      if (dbl) return { name: null, value: { kind: 'Starred', value: this.expr(dbl), double: true, loc }, loc };
      const kw = this.token(ac, 'keyword');
      if (kw) return { name: kw.image, value: this.expr(this.node(ac, 'keywordValue')!), loc };
      const value = this.expr(this.node(ac, 'positional')!);
      const comp = this.node(ac, 'compFor');
      if (comp) {
        return { name: null, value: { kind: 'Comprehension', type: 'generator', elt: value, value: null, generators: this.comprehension(comp), loc }, loc };
      }
      return { name: null, value, loc };
    });
  }

  comprehension(n: CstNode): ComprehensionFor[] {
    const c = n.children as Children;
    const gen: ComprehensionFor = {
      target: this.exprListValue(this.node(c, 'exprList')!),
      iter: this.expr(this.node(c, 'iter')!),
      ifs: [],
    };
    const out = [gen];
    for (const item of this.ordered(c, ['compIf', 'nested']) as CstNode[]) {
      if (item.name === 'compIf') gen.ifs.push(this.expr(this.node(item.children as Children, 'orTest')!));
      else out.push(...this.comprehension(item));
    }
    return out;
  }

  /** `a`, `a, b`, `(a, b)` as an assignment target. */
  exprListValue(n: CstNode): Expr {
    const c = n.children as Children;
    const items = this.nodes(c, 'exprListItem').map((it) => {
      const ic = it.children as Children;
      const star = this.node(ic, 'starExpr');
      return star ? this.starExpr(star.children as Children, star) : this.expr(this.node(ic, 'bitOr')!);
    });
    if (items.length === 1 && !c.trailingComma) return items[0]!;
    return { kind: 'Tuple', elts: items, loc: nodeLoc(n) };
  }

  /** A `testList` as one value: a single expression, or a tuple when there are commas. */
  testListValue(n: CstNode): Expr {
    const c = n.children as Children;
    const elts = this.nodes(c, 'element').map((e) => this.expr(e));
    if (elts.length === 1 && !c.trailingComma) return elts[0]!;
    return { kind: 'Tuple', elts, loc: nodeLoc(n) };
  }

  testList(c: Children, n: CstNode): Expr {
    return this.testListValue(n);
  }

  param(n: CstNode): Param {
    const c = n.children as Children;
    const loc = nodeLoc(n);
    const dbl = this.token(c, 'doubleStarName');
    if (dbl) return { name: dbl.image, defaultValue: null, star: '**', loc };
    if (c.Star) return { name: this.token(c, 'starName')?.image ?? '', defaultValue: null, star: '*', loc };
    const def = this.node(c, 'defaultValue');
    return { name: this.token(c, 'name')!.image, defaultValue: def ? this.expr(def) : null, star: '', loc };
  }

  // ---------------------------------------------------------------- statements

  file(c: Children): Stmt[] {
    return this.nodes(c, 'statement').flatMap((s) => this.statement(s));
  }

  statement(n: CstNode): Stmt[] {
    const c = n.children as Children;
    const comp = this.node(c, 'compoundStmt');
    if (comp) return [this.compound(comp)];
    return this.simpleStmts(this.node(c, 'simpleStmts')!);
  }

  private simpleStmts(n: CstNode): Stmt[] {
    return this.nodes(n.children as Children, 'smallStmt').map((s) => this.smallStmt(s));
  }

  private block(n: CstNode): Stmt[] {
    const c = n.children as Children;
    const simple = this.node(c, 'simpleStmts');
    if (simple) return this.simpleStmts(simple);
    return this.nodes(c, 'statement').flatMap((s) => this.statement(s));
  }

  private smallStmt(n: CstNode): Stmt {
    const c = n.children as Children;
    const loc = nodeLoc(n);
    if (c.Pass) return { kind: 'Pass', loc };
    if (c.Break) return { kind: 'Break', loc };
    if (c.Continue) return { kind: 'Continue', loc };
    const [key, sub] = Object.entries(c).find(([, v]) => v && v.length)! as [string, CstNode[]];
    const sc = sub[0]!.children as Children;
    switch (key) {
      case 'yieldStmt': {
        const from = this.node(sc, 'source');
        const v = this.node(sc, 'testList');
        return { kind: 'Yield', value: from ? this.expr(from) : v ? this.testListValue(v) : null, from: !!from, loc };
      }
      case 'returnStmt': {
        const v = this.node(sc, 'testList');
        return { kind: 'Return', value: v ? this.testListValue(v) : null, loc };
      }
      case 'importName':
        return {
          kind: 'Import',
          names: this.nodes(sc, 'dottedAsName').map((d) => {
            const dc = d.children as Children;
            return { name: this.dotted(this.node(dc, 'dottedName')!), asname: this.token(dc, 'alias')?.image ?? null, loc: nodeLoc(d) };
          }),
          loc,
        };
      case 'importFrom':
        return this.importFrom(sc, loc);
      case 'delStmt': {
        const t = this.exprListValue(this.node(sc, 'exprList')!);
        return { kind: 'Del', targets: t.kind === 'Tuple' ? t.elts : [t], loc };
      }
      case 'globalStmt':
        return { kind: 'Global', names: this.tokens(sc, 'Identifier').map((t) => t.image), loc };
      case 'assertStmt': {
        const msg = this.node(sc, 'msg');
        return { kind: 'Assert', test: this.expr(this.node(sc, 'test')!), msg: msg ? this.expr(msg) : null, loc };
      }
      case 'raiseStmt': {
        const e = this.node(sc, 'test');
        return { kind: 'Raise', exc: e ? this.expr(e) : null, loc };
      }
      default:
        return this.exprStmt(sc, loc);
    }
  }

  private dotted(n: CstNode): string {
    return this.tokens(n.children as Children, 'Identifier')
      .map((t) => t.image)
      .join('.');
  }

  private importFrom(c: Children, loc: Loc): Stmt {
    const level = this.tokens(c, 'Dot').length + 3 * this.tokens(c, 'Ellipsis').length;
    const modNode = this.node(c, 'dottedName');
    const module = modNode ? this.dotted(modNode) : '';
    let names: ImportName[];
    const star = this.token(c, 'Star');
    if (star) names = [{ name: '*', asname: null, loc: tokLoc(star) }];
    else {
      names = this.nodes(this.node(c, 'importAsNames')!.children as Children, 'importAsName').map((n) => {
        const nc = n.children as Children;
        return { name: this.token(nc, 'Identifier')!.image, asname: this.token(nc, 'alias')?.image ?? null, loc: nodeLoc(n) };
      });
    }
    return { kind: 'ImportFrom', module, level, names, loc };
  }

  private exprStmt(c: Children, loc: Loc): Stmt {
    const first = this.testListValue(this.node(c, 'first')!);
    const aug = this.token(c, 'augOp');
    if (aug) {
      return { kind: 'AugAssign', target: first, op: aug.image.slice(0, -1) as BinaryOperator, value: this.testListValue(this.node(c, 'augValue')!), loc };
    }
    const ann = this.node(c, 'annotation');
    if (ann) {
      const v = this.node(c, 'annValue');
      return { kind: 'AnnAssign', target: first, annotation: this.expr(ann), value: v ? this.testListValue(v) : null, loc };
    }
    const rest = this.nodes(c, 'rest').map((r) => this.testListValue(r));
    if (!rest.length) return { kind: 'Expr', value: first, loc };
    const all = [first, ...rest];
    return { kind: 'Assign', targets: all.slice(0, -1), value: all[all.length - 1]!, loc };
  }

  private compound(n: CstNode): Stmt {
    const c = n.children as Children;
    const [key, sub] = Object.entries(c).find(([, v]) => v && v.length)! as [string, CstNode[]];
    const node = sub[0]!;
    const sc = node.children as Children;
    const loc = nodeLoc(node);
    const elseBody = () => {
      const e = this.node(sc, 'elseClause');
      return e ? this.block(this.node(e.children as Children, 'block')!) : [];
    };
    switch (key) {
      case 'ifStmt': {
        const elifs = this.nodes(sc, 'elifClause');
        let orelse = elseBody();
        for (let k = elifs.length - 1; k >= 0; k--) {
          const ec = elifs[k]!.children as Children;
          orelse = [{ kind: 'If', test: this.expr(this.node(ec, 'test')!), body: this.block(this.node(ec, 'block')!), orelse, loc: nodeLoc(elifs[k]!) }];
        }
        return { kind: 'If', test: this.expr(this.node(sc, 'test')!), body: this.block(this.node(sc, 'block')!), orelse, loc };
      }
      case 'forStmt':
        return {
          kind: 'For',
          target: this.exprListValue(this.node(sc, 'exprList')!),
          iter: this.testListValue(this.node(sc, 'testList')!),
          body: this.block(this.node(sc, 'block')!),
          orelse: elseBody(),
          loc,
        };
      case 'whileStmt':
        return { kind: 'While', test: this.expr(this.node(sc, 'test')!), body: this.block(this.node(sc, 'block')!), orelse: elseBody(), loc };
      case 'funcDef':
        return this.funcDef(node, []);
      case 'classDef':
        return {
          kind: 'ClassDef',
          name: this.token(sc, 'Identifier')!.image,
          bases: this.classBases(sc),
          decorators: [],
          body: this.block(this.node(sc, 'block')!),
          loc,
        };
      case 'withStmt':
        return {
          kind: 'With',
          items: this.nodes(sc, 'withItem').map((w) => {
            const wc = w.children as Children;
            const t = this.node(wc, 'target');
            return { context: this.expr(this.node(wc, 'test')!), target: t ? this.expr(t) : null };
          }),
          body: this.block(this.node(sc, 'block')!),
          loc,
        };
      case 'tryStmt': {
        const fin = this.node(sc, 'finallyClause');
        return {
          kind: 'Try',
          body: this.block(this.node(sc, 'block')!),
          handlers: this.nodes(sc, 'exceptClause').map((e) => {
            const ec = e.children as Children;
            const type = this.node(ec, 'test');
            return {
              type: type ? this.expr(type) : null,
              name: this.token(ec, 'Identifier')?.image ?? null,
              body: this.block(this.node(ec, 'block')!),
              loc: nodeLoc(e),
            };
          }),
          orelse: elseBody(),
          finalbody: fin ? this.block(this.node(fin.children as Children, 'block')!) : [],
          loc,
        };
      }
      default: {
        const decorators = this.nodes(sc, 'decorator').map((d) => this.expr(d));
        const fn = this.node(sc, 'funcDef');
        if (fn) return this.funcDef(fn, decorators);
        const cls = this.node(sc, 'classDef')!;
        const cc = cls.children as Children;
        return {
          kind: 'ClassDef',
          name: this.token(cc, 'Identifier')!.image,
          bases: this.classBases(cc),
          decorators,
          body: this.block(this.node(cc, 'block')!),
          loc: nodeLoc(cls),
        };
      }
    }
  }

  private funcDef(n: CstNode, decorators: Expr[]): Stmt {
    const c = n.children as Children;
    const list = this.node(c, 'paramList');
    const params = list ? this.nodes(list.children as Children, 'param').map((p) => this.param(p)) : [];
    return {
      kind: 'FunctionDef',
      name: this.token(c, 'Identifier')!.image,
      params,
      body: this.block(this.node(c, 'block')!),
      decorators,
      loc: nodeLoc(n),
    };
  }
}
