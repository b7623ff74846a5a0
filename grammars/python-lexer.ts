// Lexer for model scripts: Chevrotain's lexer for the tokens, then a layout pass that does what Python's
// tokenizer does with lines: drops newlines inside brackets and blank lines, and turns changes of
// indentation into INDENT/DEDENT tokens so the parser can treat blocks like brackets.

import { createTokenInstance, type IToken, Lexer, type TokenType } from './chevrotain.js';
import {
  Assert,
  Assign,
  AUGMENTED_ASSIGN,
  Break,
  Class,
  Colon,
  Comma,
  Comment,
  Continue,
  Dedent,
  Def,
  Del,
  Dot,
  Elif,
  Else,
  Except,
  EXPRESSION_TOKENS,
  Finally,
  For,
  From,
  Global,
  Identifier,
  If,
  Import,
  Indent,
  Lambda,
  LBrace,
  LBracket,
  LineContinuation,
  LParen,
  Newline,
  Nonlocal,
  Pass,
  Raise,
  RBrace,
  RBracket,
  Return,
  RParen,
  StringLiteral,
  Try,
  UnterminatedString,
  While,
  Whitespace,
  With,
} from './tokens.js';

export const PYTHON_TOKENS = [Whitespace, Comment, LineContinuation, Newline, ...EXPRESSION_TOKENS.slice(3)];

/**
 * The script lexer. Chevrotain's checks of the token definitions cost tens to hundreds of milliseconds at
 * every start of the CLI, so they are skipped here; test/grammars.test.ts builds the lexers with them.
 */
export function makePythonLexer(validate = false): Lexer {
  return new Lexer(PYTHON_TOKENS, { positionTracking: 'full', ensureOptimizations: false, skipValidations: !validate });
}

const lexer = makePythonLexer();

export interface LexProblem {
  kind: 'lex-error' | 'unterminated-string' | 'indentation' | 'unclosed-bracket';
  offset: number;
  length: number;
  text: string;
}

export interface LexResult {
  tokens: IToken[];
  problems: LexProblem[];
  /**
   * Newlines the layout pass inserted where a bracket was left open: the parser's complaint about such a
   * newline repeats the 'never closed' problem already reported, so the caller drops it.
   */
  forced: Set<IToken>;
}

const OPENERS = new Set([LParen, LBracket, LBrace]);
const CLOSERS = new Set([RParen, RBracket, RBrace]);

export function lexPython(text: string): LexResult {
  const raw = lexer.tokenize(text);
  const problems: LexProblem[] = raw.errors.map((e) => ({
    kind: 'lex-error' as const,
    offset: e.offset,
    length: e.length,
    text: JSON.stringify(text.slice(e.offset, e.offset + Math.min(e.length, 1))),
  }));
  for (const t of raw.tokens) {
    if (t.tokenType === UnterminatedString) {
      problems.push({ kind: 'unterminated-string', offset: t.startOffset, length: 1, text: quoteOf(t.image) });
    }
  }
  const forced = new Set<IToken>();
  const tokens = layout(
    raw.tokens.filter((t) => t.tokenType !== UnterminatedString),
    text,
    problems,
    forced,
  );
  return { tokens, problems, forced };
}

function quoteOf(image: string): string {
  const m = /['"]{3}|['"]/.exec(image);
  return m ? m[0] : "'";
}

/** Width of the indentation before `offset` on its line (a tab advances to the next multiple of 8). */
function indentOf(text: string, offset: number): number {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  let width = 0;
  for (let k = s; k < offset; k++) width = text[k] === '\t' ? (Math.floor(width / 8) + 1) * 8 : width + 1;
  return width;
}

function synth(type: typeof Newline, at: IToken | null, text: string): IToken {
  const offset = at ? at.startOffset : text.length;
  const line = at?.startLine ?? 1;
  const col = at?.startColumn ?? 1;
  return createTokenInstance(type, '', offset, offset, line, line, col, col);
}

/** Tokens after which a new line inside brackets may start with `name=` (a keyword argument or parameter). */
const CONTINUES = new Set<TokenType>([Comma, LParen, LBracket, LBrace, Lambda]);
/** Keywords that only start statements (not `if`/`else`/`for`, which continue expressions). */
const STATEMENT_KEYWORDS = new Set<TokenType>([
  Def,
  Class,
  While,
  Import,
  From,
  Return,
  With,
  Try,
  Pass,
  Break,
  Continue,
  Del,
  Global,
  Nonlocal,
  Assert,
  Raise,
  Elif,
  Except,
  Finally,
]);

/**
 * Whether the line starting at tokens[k] looks like a new statement although a bracket is still open:
 * the previous line did not end with a comma or an opening bracket, and this one starts with a statement
 * keyword or `name = ...`, at most as indented as the statement that opened the bracket. Neither is valid
 * Python inside brackets, so this only fires on scripts that are wrong anyway, and it turns "everything up
 * to the end of the file is one line" into one located error per open bracket.
 */
function startsStatementInsideBrackets(tokens: IToken[], k: number, prev: IToken | null, lineIndent: number, text: string): boolean {
  const first = tokens[k];
  // After a comma or an opening bracket, `name=` on the next line is a keyword argument.
  if (!first || !prev || CONTINUES.has(prev.tokenType)) return false;
  if (indentOf(text, first.startOffset) > lineIndent) return false;
  if (STATEMENT_KEYWORDS.has(first.tokenType)) return true;
  if (first.tokenType !== Identifier) return false;
  let j = k + 1;
  while (tokens[j]?.tokenType === Dot && tokens[j + 1]?.tokenType === Identifier) j += 2;
  const next = tokens[j]?.tokenType;
  return next === Assign || (next !== undefined && AUGMENTED_ASSIGN.includes(next));
}

function layout(tokens: IToken[], text: string, problems: LexProblem[], forced: Set<IToken>): IToken[] {
  const out: IToken[] = [];
  const stack = [0];
  const open: IToken[] = [];
  let atLineStart = true;
  let lineIndent = 0;
  let lineFirst: IToken | null = null;
  let lastSignificant: IToken | null = null;
  const closeAll = () => {
    const inner = open[open.length - 1]!;
    problems.push({ kind: 'unclosed-bracket', offset: inner.startOffset, length: 1, text: inner.image });
    open.length = 0;
  };
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k]!;
    if (tok.tokenType === Newline) {
      if (open.length > 0) {
        let next = k + 1;
        while (tokens[next]?.tokenType === Newline) next++;
        if (!startsStatementInsideBrackets(tokens, next, lastSignificant, lineIndent, text)) continue;
        closeAll();
        forced.add(tok);
      } else if (atLineStart) continue;
      out.push(tok);
      atLineStart = true;
      continue;
    }
    if (atLineStart) {
      const indent = indentOf(text, tok.startOffset);
      const top = stack[stack.length - 1]!;
      const opensBlock = lastSignificant?.tokenType === Colon;
      if (indent > top) {
        // After `for x in y` without its colon the parser reports the colon; an indent here is expected.
        const blockHeader = lineFirst !== null && BLOCK_KEYWORDS.has(lineFirst.tokenType);
        if (!opensBlock && !blockHeader) {
          problems.push({ kind: 'indentation', offset: tok.startOffset, length: 1, text: 'unexpected indent' });
        }
        stack.push(indent);
        out.push(synth(Indent, tok, text));
      } else {
        if (opensBlock && out.length > 0) {
          problems.push({ kind: 'indentation', offset: tok.startOffset, length: 1, text: 'expected an indented block' });
        }
        while (indent < stack[stack.length - 1]!) {
          stack.pop();
          out.push(synth(Dedent, tok, text));
        }
        if (indent !== stack[stack.length - 1]) {
          problems.push({
            kind: 'indentation',
            offset: tok.startOffset,
            length: 1,
            text: 'unindent does not match any outer indentation level',
          });
          stack.push(indent);
        }
      }
      atLineStart = false;
      lineIndent = indent;
      lineFirst = tok;
    }
    if (OPENERS.has(tok.tokenType)) open.push(tok);
    else if (CLOSERS.has(tok.tokenType)) open.pop();
    out.push(tok);
    lastSignificant = tok;
  }
  const last = out[out.length - 1];
  if (last && last.tokenType !== Newline) {
    const nl = synth(Newline, null, text);
    if (open.length > 0) {
      closeAll();
      forced.add(nl);
    }
    out.push(nl);
  }
  while (stack.length > 1) {
    stack.pop();
    out.push(synth(Dedent, null, text));
  }
  return out;
}

const BLOCK_KEYWORDS = new Set<TokenType>([If, Elif, Else, For, While, Def, Class, With, Try, Except, Finally]);

export { StringLiteral };
