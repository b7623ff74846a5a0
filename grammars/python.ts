// Entry points of the script grammar: text → syntax tree, with every lexing/parsing problem located.
// After a syntax error the parser restarts at the next top-level statement, so one pass reports the
// independent errors of a script rather than only the first.

import { EOF, IRecognitionException, IToken, TokenType } from 'chevrotain';
import type { Expr, Loc, Stmt } from './ast.js';
import { lexPython, LexProblem } from './python-lexer.js';
import { PythonParser } from './python-parser.js';
import { Dedent, Indent, Newline } from './tokens.js';
import { CstToAst, SyntaxProblem } from './visitor.js';
import { describeRecognitionError } from './errors.js';

export interface ParseProblem {
  code: 'lex-error' | 'unterminated-string' | 'indentation' | 'syntax-error';
  loc: Loc;
  message: string;
  hint: string;
}

export interface ParsedScript {
  body: Stmt[];
  problems: ParseProblem[];
}

let parser: PythonParser | null = null;
function getParser(): PythonParser {
  parser ??= new PythonParser();
  return parser;
}

const visitor = new CstToAst((text, base) => parseExpression(text, base));

function fromLex(p: LexProblem): ParseProblem {
  const loc = { start: p.offset, end: p.offset + p.length };
  if (p.kind === 'unterminated-string') {
    return { code: p.kind, loc, message: 'this string is never closed', hint: `add the closing quote ${p.text}` };
  }
  if (p.kind === 'indentation') {
    return { code: p.kind, loc, message: p.text, hint: 'indent the block consistently (4 spaces per level)' };
  }
  return { code: p.kind, loc, message: `cannot read this character: ${p.text}`, hint: 'remove the character or put it inside a string' };
}

function fromRecognition(e: IRecognitionException, text: string): ParseProblem {
  const d = describeRecognitionError(e, text);
  return { code: 'syntax-error', loc: d.loc, message: d.message, hint: d.hint };
}

/** Index of the first token after `from` that starts a top-level statement. */
function nextTopLevel(tokens: IToken[], from: number): number {
  let level = 0;
  // Nesting level at `from`: count INDENT/DEDENT before it.
  for (let k = 0; k < from; k++) {
    if (tokens[k]!.tokenType === Indent) level++;
    else if (tokens[k]!.tokenType === Dedent) level--;
  }
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k]!.tokenType;
    if (t === Indent) level++;
    else if (t === Dedent) level--;
    else if (t === Newline && level <= 0) {
      let j = k + 1;
      while (j < tokens.length && tokens[j]!.tokenType === Dedent) j++;
      if (level - (j - k - 1) <= 0) return j;
    }
  }
  return tokens.length;
}

export function parsePython(text: string): ParsedScript {
  const lexed = lexPython(text);
  const problems: ParseProblem[] = lexed.problems.map(fromLex);
  const p = getParser();
  const body: Stmt[] = [];
  const tokens = lexed.tokens;
  let start = 0;
  while (start < tokens.length) {
    const slice = balance(tokens.slice(start));
    p.input = slice;
    const cst = p.file();
    if (p.errors.length === 0) {
      try {
        body.push(...visitor.file(cst.children as never));
      } catch (e) {
        if (!(e instanceof SyntaxProblem)) throw e;
        problems.push({ code: 'syntax-error', loc: e.loc, message: e.message, hint: e.hint });
      }
      break;
    }
    const err = p.errors[0]!;
    problems.push(fromRecognition(err, text));
    const at = tokenIndex(tokens, err.token, start);
    // The statements before the error parsed fine: keep them (so later checks can still run on them).
    const next = nextTopLevel(tokens, Math.max(at, start));
    if (next <= start) break;
    start = next;
  }
  // Report each place once, in source order; the layout pass already explained unexpected indents.
  const seen = new Set<string>();
  for (const q of problems) if (q.code === 'indentation') seen.add(`indent:${q.loc.start}`);
  const unique = problems
    .sort((a, b) => a.loc.start - b.loc.start)
    .filter((q) => {
      const key = `${q.loc.start}:${q.message}`;
      if (seen.has(key)) return false;
      if (q.code === 'syntax-error' && q.message === 'unexpected indent' && seen.has(`indent:${q.loc.end}`)) return false;
      seen.add(key);
      return true;
    });
  return { body: unique.length ? [] : body, problems: unique };
}

/** Drop DEDENTs that close blocks opened before the slice (a restart point sits at top level). */
function balance(tokens: IToken[]): IToken[] {
  let level = 0;
  const out: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType === Indent) level++;
    else if (t.tokenType === Dedent) {
      if (level === 0) continue;
      level--;
    }
    out.push(t);
  }
  return out;
}

function tokenIndex(tokens: IToken[], tok: IToken, from: number): number {
  if (tok.tokenType === EOF) return tokens.length;
  for (let k = from; k < tokens.length; k++) if (tokens[k]!.startOffset >= tok.startOffset) return k;
  return tokens.length;
}

/** Parse one expression whose text starts at `base` in the file (f-string fields, Brian2 strings). */
export function parseExpression(text: string, base: number): Expr {
  const lexed = lexPython(text);
  const first = lexed.problems[0];
  if (first) {
    const p = fromLex(first);
    throw new SyntaxProblem(p.message, shift(p.loc, base), p.hint);
  }
  const tokens = lexed.tokens.filter((t) => t.tokenType !== Newline && t.tokenType !== Indent && t.tokenType !== Dedent);
  for (const t of tokens) shiftToken(t, base);
  const p = getParser();
  p.input = tokens;
  const cst = p.test();
  if (p.errors.length) {
    const d = describeRecognitionError(p.errors[0]!, null);
    throw new SyntaxProblem(d.message, d.loc.start === 0 && d.loc.end === 0 ? { start: base, end: base + text.length } : d.loc, d.hint);
  }
  return visitor.expr(cst);
}

function shift(loc: Loc, base: number): Loc {
  return { start: loc.start + base, end: loc.end + base };
}

export function shiftToken(t: IToken, base: number): void {
  t.startOffset += base;
  if (t.endOffset !== undefined) t.endOffset += base;
}

export type { TokenType };
