// Lexer for model scripts: Chevrotain's lexer for the tokens, then a layout pass that does what Python's
// tokenizer does with lines: drops newlines inside brackets and blank lines, and turns changes of
// indentation into INDENT/DEDENT tokens so the parser can treat blocks like brackets.

import { createTokenInstance, IToken, Lexer } from 'chevrotain';
import {
  Colon, Comment, Dedent, EXPRESSION_TOKENS, Indent, LBrace, LBracket, LineContinuation, LParen, Newline,
  RBrace, RBracket, RParen, StringLiteral, UnterminatedString, Whitespace,
} from './tokens.js';

export const PYTHON_TOKENS = [Whitespace, Comment, LineContinuation, Newline, ...EXPRESSION_TOKENS.slice(3)];

const lexer = new Lexer(PYTHON_TOKENS, { positionTracking: 'full', ensureOptimizations: false });

export interface LexProblem {
  kind: 'lex-error' | 'unterminated-string' | 'indentation';
  offset: number;
  length: number;
  text: string;
}

export interface LexResult {
  tokens: IToken[];
  problems: LexProblem[];
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
  return { tokens: layout(raw.tokens.filter((t) => t.tokenType !== UnterminatedString), text, problems), problems };
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

function layout(tokens: IToken[], text: string, problems: LexProblem[]): IToken[] {
  const out: IToken[] = [];
  const stack = [0];
  let depth = 0;
  let atLineStart = true;
  let lastSignificant: IToken | null = null;
  for (const tok of tokens) {
    if (tok.tokenType === Newline) {
      if (depth > 0 || atLineStart) continue;
      out.push(tok);
      atLineStart = true;
      continue;
    }
    if (atLineStart) {
      const indent = indentOf(text, tok.startOffset);
      const top = stack[stack.length - 1]!;
      const opensBlock = lastSignificant?.tokenType === Colon;
      if (indent > top) {
        if (!opensBlock) {
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
    }
    if (OPENERS.has(tok.tokenType)) depth++;
    else if (CLOSERS.has(tok.tokenType)) depth = Math.max(0, depth - 1);
    out.push(tok);
    lastSignificant = tok;
  }
  const last = out[out.length - 1];
  if (last && last.tokenType !== Newline) out.push(synth(Newline, null, text));
  while (stack.length > 1) {
    stack.pop();
    out.push(synth(Dedent, null, text));
  }
  return out;
}

export { StringLiteral };
