// Chevrotain's recognition errors in words a script author understands ("expected ')' but found 'x'")
// plus a hint for the usual causes.

import type { IRecognitionException, IToken } from 'chevrotain';
import type { Loc } from './ast.js';
import { PYTHON_KEYWORDS } from './tokens.js';

const TOKEN_NAMES: Record<string, string> = {
  RParen: "')'",
  LParen: "'('",
  RBracket: "']'",
  LBracket: "'['",
  RBrace: "'}'",
  LBrace: "'{'",
  Colon: "':'",
  Comma: "','",
  Assign: "'='",
  Dot: "'.'",
  Identifier: 'a name',
  Newline: 'the end of the line',
  Indent: 'an indented block',
  Dedent: 'the end of the block',
  In: "'in'",
  Import: "'import'",
  Else: "'else'",
  UnitColon: "':' followed by the unit",
  UnitText: 'a unit',
  FlagText: 'a flag',
  FlagsClose: "')'",
  StringLiteral: 'a string',
  NumberLiteral: 'a number',
  EOF: 'the end of the script',
  Slash: "'/'",
};

/**
 * JavaScript's stack overflow while parsing: the text is nested too deeply for the recursive-descent
 * parser. Chevrotain's clean-up after the overflow can fail with another RangeError (its rule stack is
 * then inconsistent), so any RangeError out of a parse counts.
 */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError;
}

export const TOO_DEEP = { message: 'this is nested too deeply to read', hint: 'split the expression into several statements' };

export interface DescribedError {
  loc: Loc;
  message: string;
  hint: string;
}

function shown(t: IToken): string {
  const name = t.tokenType.name;
  if (name === 'EOF') return 'the end of the script';
  if (name === 'Newline') return 'the end of the line';
  if (name === 'Indent') return 'an indented block';
  if (name === 'Dedent') return 'the end of the block';
  if (name === 'StringLiteral') return `the string ${t.image.length > 20 ? t.image.slice(0, 20) + '…' : t.image}`;
  return `'${t.image.length > 20 ? t.image.slice(0, 20) + '…' : t.image}'`;
}

/** A keyword written where a name belongs (`lambda = 5*Hz`, `rates=lambda`), or null. */
function keywordAsName(t: IToken, tokens: IToken[] | null, rules: string[]): IToken | null {
  const isKeyword = (x: IToken | undefined) => x !== undefined && PYTHON_KEYWORDS.has(x.image) && !['True', 'False', 'None'].includes(x.image);
  if (rules.includes('lambdef') && t.image !== ':') {
    const k = tokens
      ?.slice(0, tokens.indexOf(t))
      .reverse()
      .find((x) => x.image === 'lambda');
    if (k) return k;
  }
  if (!tokens) return null;
  const k = tokens.indexOf(t);
  if (k < 0) return null;
  const prev = tokens[k - 1];
  const next = tokens[k + 1];
  const assignLike = (x: IToken | undefined) => x !== undefined && /^(=|[-+*/%@&|^]=|\*\*=|\/\/=|\.|\[)$/.test(x.image);
  if (isKeyword(prev) && assignLike(t)) return prev!;
  if (isKeyword(t) && assignLike(next)) return t;
  return null;
}

function previousToken(t: IToken, tokens: IToken[] | null): IToken | undefined {
  if (!tokens) return undefined;
  const k = tokens.indexOf(t);
  return k > 0 ? tokens[k - 1] : undefined;
}

export function describeRecognitionError(e: IRecognitionException, text: string | null, tokens: IToken[] | null = null): DescribedError {
  const t = e.token;
  const isEof = t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset);
  const end = text ? text.length : 0;
  let loc: Loc = isEof ? { start: Math.max(0, end - 1), end: Math.max(1, end) } : { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
  if (!isEof && t.image === '' && text) {
    // Synthetic layout tokens: point at the line they belong to.
    loc = { start: Math.max(0, t.startOffset - 1), end: t.startOffset };
  }
  const expected = /Expecting token of type --> (\w+) <--/.exec(e.message)?.[1];
  const rules = e.context?.ruleStack ?? [];
  const inRule = (r: string) => rules.includes(r);

  if (t.tokenType.name === 'Indent') return { loc, message: 'unexpected indent', hint: 'remove the extra indentation' };
  const kw = isEof ? null : keywordAsName(t, tokens, rules);
  if (kw) {
    return {
      loc: { start: kw.startOffset, end: (kw.endOffset ?? kw.startOffset) + 1 },
      message: `'${kw.image}' is a Python keyword and cannot be used as a name`,
      hint: `rename it, e.g. ${kw.image}_ or a more descriptive name`,
    };
  }
  const prev = previousToken(t, tokens);
  if (prev && (prev.image === 'print' || prev.image === 'exec') && prev.tokenType.name === 'Identifier' && t.image !== '(' && !isEof) {
    return {
      loc: { start: prev.startOffset, end: (t.endOffset ?? t.startOffset) + 1 },
      message: `'${prev.image}' without brackets is Python 2 syntax`,
      hint: `${prev.image} is a function in Python 3: write ${prev.image}(...)`,
    };
  }
  if (isEof) {
    return {
      loc,
      message: 'the script ends in the middle of a statement',
      hint: 'a bracket, string or block is probably not closed',
    };
  }
  if (expected) {
    const exp = TOKEN_NAMES[expected] ?? expected;
    let hint = 'check the syntax just before this point';
    if (expected === 'Colon') hint = "add ':' at the end of the line that opens the block";
    else if (expected === 'RParen' || expected === 'RBracket' || expected === 'RBrace') hint = `close the bracket with ${exp}`;
    else if (expected === 'Newline') hint = "put one statement per line, or separate statements with ';'";
    else if (expected === 'Identifier') hint = 'a name is needed here';
    return { loc, message: `expected ${exp} but found ${shown(t)}`, hint };
  }
  if (t.tokenType.name === 'Newline' || t.tokenType.name === 'Dedent') {
    return { loc, message: 'the line ends before the statement is complete', hint: 'complete the expression or remove the operator at the end' };
  }
  if (inRule('argList')) {
    return { loc, message: `unexpected ${shown(t)} in the argument list`, hint: 'separate arguments with commas; keyword arguments come last' };
  }
  return { loc, message: `unexpected ${shown(t)}`, hint: 'check the syntax near this point' };
}
