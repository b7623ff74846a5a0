// Grammars of the strings inside a Brian2 script: model equations, code (reset, on_pre, ...), and
// conditions/expressions (threshold, connect condition, generator syntax). They reuse the Python
// expression rules; token offsets are mapped through the string's offset table, so every node of the
// result points into the script file.

import { createToken, createTokenInstance, type IToken, Lexer, type TokenType } from './chevrotain.js';
import type { Expr, Loc } from './ast.js';
import { ExpressionParser } from './expression-parser.js';
import { describeRecognitionError, isStackOverflow, TOO_DEEP } from './errors.js';
import * as T from './tokens.js';
import { CstToAst, SyntaxProblem } from './visitor.js';
import { parseExpression } from './python.js';

// ---------------------------------------------------------------- tokens

// After the colon of an equation line comes the unit (letters, digits, `*/.- ` as in Brian2's grammar)
// and then optional flags in parentheses; both get their own lexer modes.
const UnitColon = createToken({ name: 'UnitColon', pattern: /:/, push_mode: 'unit' });
const UnitText = createToken({ name: 'UnitText', pattern: /[A-Za-z0-9*/.\- ]+/ });
const FlagsOpen = createToken({ name: 'FlagsOpen', pattern: /\(/, push_mode: 'flags' });
const FlagText = createToken({ name: 'FlagText', pattern: /[A-Za-z][A-Za-z0-9_\- ]*/ });
const FlagComma = createToken({ name: 'FlagComma', pattern: /,/ });
const FlagsClose = createToken({ name: 'FlagsClose', pattern: /\)/, pop_mode: true });
const UnitEnd = createToken({ name: 'UnitEnd', pattern: /\r?\n|\r/, line_breaks: true, pop_mode: true });
const SkippedNewline = createToken({ name: 'SkippedNewline', pattern: /\r?\n|\r/, line_breaks: true, group: Lexer.SKIPPED });

const exprTokens = T.EXPRESSION_TOKENS.filter((t) => t !== T.Colon && t !== T.Walrus);

/** Lexers of equations and of code; token checks are skipped as for the script lexer (tested there). */
export function makeEquationLexer(validate = false): Lexer {
  return new Lexer(
    {
      defaultMode: 'expr',
      modes: {
        expr: [SkippedNewline, UnitColon, ...exprTokens],
        unit: [T.Whitespace, T.Comment, UnitEnd, FlagsOpen, UnitText],
        flags: [T.Whitespace, FlagsClose, FlagComma, FlagText, SkippedNewline],
      },
    },
    { positionTracking: 'full', ensureOptimizations: false, skipValidations: !validate },
  );
}

export function makeCodeLexer(validate = false): Lexer {
  return new Lexer([T.Whitespace, T.Comment, T.LineContinuation, T.Newline, ...T.EXPRESSION_TOKENS.slice(3)], {
    positionTracking: 'full',
    ensureOptimizations: false,
    skipValidations: !validate,
  });
}

const equationLexer = makeEquationLexer();
const codeLexer = makeCodeLexer();

// ---------------------------------------------------------------- parser

export class Brian2StringParser extends ExpressionParser {
  /** Validations are skipped in the CLI for start-up time, as for the script parser. */
  constructor(options: { validate?: boolean } = {}) {
    super(
      [...new Set<TokenType>([SkippedNewline, UnitColon, UnitText, FlagsOpen, FlagText, FlagComma, FlagsClose, UnitEnd, T.Newline, ...T.EXPRESSION_TOKENS])],
      { skipValidations: !options.validate },
    );
    this.performSelfAnalysis();
  }

  equations = this.RULE('equations', () => {
    this.MANY(() => this.SUBRULE(this.equation));
  });

  /** `dx/dt = expr : unit (flags)`, `x = expr : unit (flags)` or `x : unit (flags)`. */
  equation = this.RULE('equation', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.Slash);
      this.CONSUME2(T.Identifier, { LABEL: 'dt' });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Assign);
      this.SUBRULE(this.test, { LABEL: 'rhs' });
    });
    this.CONSUME(UnitColon);
    this.CONSUME(UnitText);
    this.OPTION3(() => {
      this.CONSUME(FlagsOpen);
      this.CONSUME(FlagText);
      this.MANY(() => {
        this.CONSUME(FlagComma);
        this.CONSUME2(FlagText);
      });
      this.CONSUME(FlagsClose);
    });
    this.OPTION4(() => this.CONSUME(UnitEnd));
  });

  code = this.RULE('code', () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.CONSUME(T.Semicolon) }, { ALT: () => this.SUBRULE(this.codeStatement) }]);
    });
  });

  codeStatement = this.RULE('codeStatement', () => {
    this.CONSUME(T.Identifier, { LABEL: 'target' });
    this.OR([{ ALT: () => this.CONSUME(T.Assign, { LABEL: 'op' }) }, ...T.AUGMENTED_ASSIGN.map((tok) => ({ ALT: () => this.CONSUME(tok, { LABEL: 'op' }) }))]);
    this.SUBRULE(this.test, { LABEL: 'value' });
    this.OR2([{ ALT: () => this.CONSUME2(T.Newline) }, { ALT: () => this.CONSUME2(T.Semicolon) }]);
  });

  /** An expression, optionally followed by `for x in ... if ...` (connect's generator syntax). */
  generator = this.RULE('generator', () => {
    this.SUBRULE(this.test);
    this.OPTION(() => this.SUBRULE(this.compFor));
  });
}

let parser: Brian2StringParser | null = null;
function getParser(): Brian2StringParser {
  parser ??= new Brian2StringParser();
  return parser;
}

const visitor = new CstToAst((text, base) => parseExpression(text, base));

// ---------------------------------------------------------------- results

export interface StringSource {
  value: string;
  /** File offset of each character of `value`, plus one for its end. */
  offsets: number[];
}

export interface EquationAst {
  kind: 'differential' | 'subexpression' | 'parameter';
  name: string;
  nameLoc: Loc;
  expr: Expr | null;
  unit: { text: string; expr: Expr | null; loc: Loc };
  flags: { name: string; loc: Loc }[];
  loc: Loc;
}

export interface CodeStatementAst {
  target: string;
  targetLoc: Loc;
  op: '=' | '+=' | '-=' | '*=' | '/=' | '//=' | '%=' | '**=';
  value: Expr;
  loc: Loc;
}

// ---------------------------------------------------------------- helpers

function mapTokens(tokens: IToken[], src: StringSource): IToken[] {
  const at = (k: number) => src.offsets[Math.min(Math.max(k, 0), src.offsets.length - 1)]!;
  for (const t of tokens) {
    const s = t.startOffset;
    const e = t.endOffset ?? s;
    t.startOffset = at(s);
    t.endOffset = at(e);
  }
  return tokens;
}

function mapLoc(src: StringSource, start: number, end: number): Loc {
  const at = (k: number) => src.offsets[Math.min(Math.max(k, 0), src.offsets.length - 1)]!;
  return { start: at(start), end: Math.max(at(start) + 1, at(end - 1) + 1) };
}

function lexOrThrow(lexer: Lexer, src: StringSource, what: string): IToken[] {
  const r = lexer.tokenize(src.value);
  const e = r.errors[0];
  if (e) {
    const ch = src.value.slice(e.offset, e.offset + 1);
    throw new SyntaxProblem(`cannot read ${JSON.stringify(ch)} in ${what}`, mapLoc(src, e.offset, e.offset + 1), 'remove or fix the character');
  }
  return mapTokens(r.tokens, src);
}

function parseWith<R>(tokens: IToken[], src: StringSource, rule: (p: Brian2StringParser) => R, what: string, expression = false): R {
  const p = getParser();
  p.input = tokens;
  const cst = rule(p);
  if (p.errors.length) throw describeStringError(p.errors[0]!, src, what, expression);
  return cst;
}

/** A located problem in a Brian2 string, with the usual causes named. */
function describeStringError(err: import('chevrotain').IRecognitionException, src: StringSource, what: string, expression: boolean): SyntaxProblem {
  const d = describeRecognitionError(err, null);
  const t = err.token;
  const prev = (err as { previousToken?: IToken }).previousToken;
  const atEnd = t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset);
  const tokLoc = (x: IToken): Loc => ({ start: x.startOffset, end: (x.endOffset ?? x.startOffset) + 1 });
  if (/--> UnitColon <--/.test(err.message) && prev && !Number.isNaN(prev.startOffset) && (atEnd || t.startLine !== prev.startLine)) {
    // The expression ran on to the next line or the end: this line has no unit.
    return new SyntaxProblem(
      'this equation has no unit',
      tokLoc(prev),
      "end every equation with ': unit', e.g. ': volt', or ': 1' for a dimensionless variable",
    );
  }
  if (atEnd) return new SyntaxProblem(`unexpected end of ${what}`, mapLoc(src, Math.max(0, src.value.length - 1), src.value.length), d.hint);
  if (t.tokenType === T.Newline && !/--> \w+ <--/.test(err.message)) {
    return new SyntaxProblem(`${what} ends in the middle of a statement`, d.loc, 'complete the statement, e.g. v = v_reset, or remove the operator at the end');
  }
  if (t.tokenType === T.Assign && expression) {
    return new SyntaxProblem(`'=' assigns a value, but ${what} is an expression`, d.loc, "compare with '==', '<', '>', ... e.g. 'v > v_th'");
  }
  return new SyntaxProblem(`${d.message} in ${what}`, d.loc, d.hint);
}

/** Newlines inside brackets do not end a statement (as in Python). */
function joinBracketLines(tokens: IToken[]): IToken[] {
  let depth = 0;
  return tokens.filter((t) => {
    if (t.tokenType === T.LParen || t.tokenType === T.LBracket || t.tokenType === T.LBrace) depth++;
    else if (t.tokenType === T.RParen || t.tokenType === T.RBracket || t.tokenType === T.RBrace) depth = Math.max(0, depth - 1);
    return !(t.tokenType === T.Newline && depth > 0);
  });
}

function synthNewline(src: StringSource): IToken {
  const end = src.offsets[src.offsets.length - 1]!;
  return createTokenInstance(T.Newline, '', end, end, NaN, NaN, NaN, NaN);
}

type Children = Record<string, (IToken | import('chevrotain').CstNode)[] | undefined>;

// ---------------------------------------------------------------- entry points

/** Run a parse; a string nested too deeply for the recursive parser gives a located problem. */
function guarded<R>(src: StringSource, f: () => R): R {
  try {
    return f();
  } catch (e) {
    if (isStackOverflow(e)) {
      parser = null; // inconsistent after the overflow
      throw new SyntaxProblem(TOO_DEEP.message, mapLoc(src, 0, Math.max(1, src.value.length)), TOO_DEEP.hint);
    }
    throw e;
  }
}

export function parseEquations(src: StringSource): EquationAst[] {
  return guarded(src, () => parseEquationsUnguarded(src));
}

function parseEquationsUnguarded(src: StringSource): EquationAst[] {
  const tokens = lexOrThrow(equationLexer, src, 'the equations');
  const cst = parseWith(tokens, src, (p) => p.equations(), 'the equations');
  const out: EquationAst[] = [];
  for (const eqNode of ((cst.children as Children).equation ?? []) as import('chevrotain').CstNode[]) {
    const c = eqNode.children as Children;
    const nameTok = c.name![0] as IToken;
    const dtTok = c.dt?.[0] as IToken | undefined;
    const rhs = c.rhs?.[0] as import('chevrotain').CstNode | undefined;
    const unitTok = c.UnitText![0] as IToken;
    const loc = { start: nameTok.startOffset, end: (unitTok.endOffset ?? unitTok.startOffset) + 1 };
    let kind: EquationAst['kind'] = rhs ? 'subexpression' : 'parameter';
    let name = nameTok.image;
    let nameLoc: Loc = { start: nameTok.startOffset, end: (nameTok.endOffset ?? nameTok.startOffset) + 1 };
    if (dtTok) {
      if (!rhs) throw new SyntaxProblem("a differential equation needs '= expression'", loc, 'write dx/dt = expression : unit');
      if (!name.startsWith('d') || name.length < 2 || dtTok.image !== 'dt') {
        throw new SyntaxProblem(`'${name}/${dtTok.image}' is not a derivative`, nameLoc, 'write the left-hand side as dx/dt');
      }
      kind = 'differential';
      name = name.slice(1);
      nameLoc = { start: nameLoc.start + 1, end: nameLoc.end };
    }
    // The unit text is a small expression (`volt`, `amp/meter**2`, `1`); parse it with the Python rules.
    const unitText = unitTok.image.trim();
    const lead = unitTok.image.length - unitTok.image.trimStart().length;
    const unitLoc = { start: unitTok.startOffset + lead, end: unitTok.startOffset + lead + Math.max(1, unitText.length) };
    let unitExpr: Expr | null = null;
    if (unitText) {
      try {
        unitExpr = parseExpression(unitText, unitLoc.start);
      } catch {
        throw new SyntaxProblem(`cannot read the unit '${unitText}'`, unitLoc, 'write a unit such as volt, amp/metre**2 or 1');
      }
    }
    const flags = ((c.FlagText ?? []) as IToken[]).map((t) => {
      const text = t.image.trim();
      const lead2 = t.image.length - t.image.trimStart().length;
      return { name: text.replace(/\s+/g, ' '), loc: { start: t.startOffset + lead2, end: t.startOffset + lead2 + text.length } };
    });
    out.push({ kind, name, nameLoc, expr: rhs ? visitor.expr(rhs) : null, unit: { text: unitText, expr: unitExpr, loc: unitLoc }, flags, loc });
  }
  return out;
}

export function parseCode(src: StringSource, what = 'the code'): CodeStatementAst[] {
  return guarded(src, () => parseCodeUnguarded(src, what));
}

function parseCodeUnguarded(src: StringSource, what: string): CodeStatementAst[] {
  const tokens = joinBracketLines(lexOrThrow(codeLexer, src, what));
  tokens.push(synthNewline(src));
  const cst = parseWith(tokens, src, (p) => p.code(), what);
  return (((cst.children as Children).codeStatement ?? []) as import('chevrotain').CstNode[]).map((n) => {
    const c = n.children as Children;
    const target = c.target![0] as IToken;
    const op = c.op![0] as IToken;
    const value = visitor.expr(c.value![0] as import('chevrotain').CstNode);
    return {
      target: target.image,
      targetLoc: { start: target.startOffset, end: (target.endOffset ?? target.startOffset) + 1 },
      op: op.image as CodeStatementAst['op'],
      value,
      loc: { start: target.startOffset, end: value.loc.end },
    };
  });
}

/** A single expression (threshold, condition, refractory expression, initial value). */
export function parseCondition(src: StringSource, what = 'the expression'): Expr {
  return guarded(src, () => parseConditionUnguarded(src, what));
}

function parseConditionUnguarded(src: StringSource, what: string): Expr {
  const tokens = lexOrThrow(codeLexer, src, what).filter((t) => t.tokenType !== T.Newline);
  const cst = parseWith(tokens, src, (p) => p.test(), what, true);
  return visitor.expr(cst);
}

/** Connect's `j='k for k in range(i-1, i+2) if k != i'` (or a plain expression). */
export function parseGenerator(src: StringSource, what = 'the generator expression'): Expr {
  return guarded(src, () => parseGeneratorUnguarded(src, what));
}

function parseGeneratorUnguarded(src: StringSource, what: string): Expr {
  const tokens = lexOrThrow(codeLexer, src, what).filter((t) => t.tokenType !== T.Newline);
  const cst = parseWith(tokens, src, (p) => p.generator(), what, true);
  const c = cst.children as Children;
  const elt = visitor.expr(c.test![0] as import('chevrotain').CstNode);
  const comp = c.compFor?.[0] as import('chevrotain').CstNode | undefined;
  if (!comp) return elt;
  const end = (comp.location?.endOffset ?? elt.loc.end) + 1;
  return { kind: 'Comprehension', type: 'generator', elt, value: null, generators: visitor.comprehension(comp), loc: { start: elt.loc.start, end } };
}
