// Entry points of the script grammar: text → syntax tree, with every lexing/parsing problem located.
// After a syntax error the parser restarts at the next top-level statement, so one pass reports the
// independent errors of a script rather than only the first.

import { EOF, type IRecognitionException, type IToken, type TokenType } from './chevrotain.js';
import type { Expr, Loc, Stmt } from './ast.js';
import { lexPython, type LexProblem } from './python-lexer.js';
import { PythonParser } from './python-parser.js';
import { Dedent, Indent, Newline } from './tokens.js';
import { CstToAst, SyntaxProblem } from './visitor.js';
import { describeRecognitionError, isStackOverflow, TOO_DEEP } from './errors.js';

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

const visitor = new CstToAst((text, base) => parseExpression(text, base), true);

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const BRACKET_NAMES: Record<string, string> = { '(': 'call or bracket', '[': 'list or index', '{': 'dict or set' };

function fromLex(p: LexProblem): ParseProblem {
  const loc = { start: p.offset, end: p.offset + p.length };
  if (p.kind === 'unterminated-string') {
    return { code: p.kind, loc, message: 'this string is never closed', hint: `add the closing quote ${p.text}` };
  }
  if (p.kind === 'indentation') {
    return { code: p.kind, loc, message: p.text, hint: 'indent the block consistently (4 spaces per level)' };
  }
  if (p.kind === 'unclosed-bracket') {
    const close = CLOSING[p.text] ?? ')';
    return { code: 'syntax-error', loc, message: `'${p.text}' is never closed`, hint: `add '${close}' where the ${BRACKET_NAMES[p.text] ?? 'bracket'} ends` };
  }
  return { code: p.kind, loc, message: `cannot read this character: ${p.text}`, hint: 'remove the character or put it inside a string' };
}

function fromRecognition(e: IRecognitionException, text: string, tokens: IToken[]): ParseProblem {
  const d = describeRecognitionError(e, text, tokens);
  return { code: 'syntax-error', loc: d.loc, message: d.message, hint: d.hint };
}

function endOfLine(text: string, offset: number): number {
  const k = text.indexOf('\n', offset);
  return k < 0 ? text.length : k;
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
      // The block of a broken `for ...`/`if ...` line belongs to it: restart after the block.
      if (tokens[j]?.tokenType === Indent) continue;
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
    let cst;
    try {
      cst = p.file();
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
      parser = null; // its state is inconsistent after the overflow: build a fresh one next time
      // Report the statement where the parser ran out of stack, and go on after it.
      const reached = slice[Math.max(0, Math.min((p as unknown as { currIdx: number }).currIdx, slice.length - 1))];
      const at = reached ? tokenIndex(tokens, reached, start) : start;
      const first = statementStart(tokens, at, start);
      problems.push({ code: 'syntax-error', loc: { start: tokens[first]!.startOffset, end: tokens[first]!.startOffset + 1 }, ...TOO_DEEP });
      const next = nextTopLevel(tokens, Math.max(at, start));
      if (next <= start) break;
      start = next;
      continue;
    }
    if (p.errors.length === 0) {
      try {
        body.push(...visitor.file(cst.children as never));
      } catch (e) {
        if (isStackOverflow(e)) {
          problems.push({ code: 'syntax-error', loc: { start: tokens[start]?.startOffset ?? 0, end: (tokens[start]?.startOffset ?? 0) + 1 }, ...TOO_DEEP });
          break;
        }
        if (!(e instanceof SyntaxProblem)) throw e;
        problems.push({ code: 'syntax-error', loc: e.loc, message: e.message, hint: e.hint });
      }
      break;
    }
    const err = p.errors[0]!;
    // A newline the layout pass inserted after an unclosed bracket: that problem is already reported.
    if (!lexed.forced.has(err.token)) problems.push(fromRecognition(err, text, tokens));
    const at = tokenIndex(tokens, err.token, start);
    // The statements before the error parsed fine: keep them (so later checks can still run on them).
    const next = nextTopLevel(tokens, Math.max(at, start));
    if (next <= start) break;
    start = next;
  }
  // Report each place once, in source order; the layout pass already explained unexpected indents, and a
  // character the lexer could not read (or an unclosed string) explains the syntax errors after it on its line.
  const seen = new Set<string>();
  for (const q of problems) if (q.code === 'indentation') seen.add(`indent:${q.loc.start}`);
  // An unclosed triple-quoted string runs to the end of the script, so it explains everything after it.
  const bad = problems
    .filter((q) => q.code === 'lex-error' || q.code === 'unterminated-string')
    .map((q) => ({ from: q.loc.start, to: q.code === 'unterminated-string' && /'''|"""/.test(q.hint) ? Infinity : endOfLine(text, q.loc.start) }));
  const unique = problems
    .sort((a, b) => a.loc.start - b.loc.start)
    .filter((q) => {
      const key = `${q.loc.start}:${q.message}`;
      if (seen.has(key)) return false;
      if (q.code === 'syntax-error' && q.message === 'unexpected indent' && seen.has(`indent:${q.loc.end}`)) return false;
      if (q.code === 'syntax-error' && bad.some((b) => b.from < q.loc.start && q.loc.start <= b.to)) return false;
      seen.add(key);
      return true;
    });
  return { body: unique.length ? [] : body, problems: unique };
}

/** Index of the first token of the logical line that contains tokens[at] (not before `floor`). */
function statementStart(tokens: IToken[], at: number, floor: number): number {
  let k = Math.min(at, tokens.length - 1);
  while (k > floor && ![Newline, Indent, Dedent].includes(tokens[k - 1]!.tokenType)) k--;
  return Math.max(k, 0);
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
  try {
    const cst = p.test();
    if (p.errors.length) {
      const d = describeRecognitionError(p.errors[0]!, null);
      throw new SyntaxProblem(d.message, d.loc.start === 0 && d.loc.end === 0 ? { start: base, end: base + text.length } : d.loc, d.hint);
    }
    return visitor.expr(cst);
  } catch (e) {
    if (isStackOverflow(e)) {
      parser = null;
      throw new SyntaxProblem(TOO_DEEP.message, { start: base, end: base + Math.max(1, text.length) }, TOO_DEEP.hint);
    }
    throw e;
  }
}

function shift(loc: Loc, base: number): Loc {
  return { start: loc.start + base, end: loc.end + base };
}

export function shiftToken(t: IToken, base: number): void {
  t.startOffset += base;
  if (t.endOffset !== undefined) t.endOffset += base;
}

export type { TokenType };
