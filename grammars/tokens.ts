// Token types shared by the Python grammar and the Brian2 string grammars (equations, code, conditions).
// Keywords are identifiers with a higher priority (`longer_alt` keeps `iffy` an identifier).

import { createToken, Lexer, type TokenType } from './chevrotain.js';

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

const kw = (word: string) => createToken({ name: word[0]!.toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: Identifier });

export const And = kw('and');
export const Or = kw('or');
export const Not = kw('not');
export const In = kw('in');
export const Is = kw('is');
export const If = kw('if');
export const Elif = kw('elif');
export const Else = kw('else');
export const For = kw('for');
export const While = kw('while');
export const Def = kw('def');
export const Return = kw('return');
export const Import = kw('import');
export const From = kw('from');
export const As = kw('as');
export const Pass = kw('pass');
export const Break = kw('break');
export const Continue = kw('continue');
export const Lambda = kw('lambda');
export const Del = kw('del');
export const Global = kw('global');
export const Nonlocal = kw('nonlocal');
export const Assert = kw('assert');
export const Raise = kw('raise');
export const With = kw('with');
export const Try = kw('try');
export const Except = kw('except');
export const Finally = kw('finally');
export const Class = kw('class');
export const Yield = kw('yield');
export const Async = kw('async');
export const Await = kw('await');
export const True = kw('True');
export const False = kw('False');
export const None = kw('None');

// Longest first: `in` must not take the start of `import`.
export const KEYWORDS = [
  And,
  Or,
  Not,
  In,
  Is,
  If,
  Elif,
  Else,
  For,
  While,
  Def,
  Return,
  Import,
  From,
  As,
  Pass,
  Break,
  Continue,
  Lambda,
  Del,
  Global,
  Nonlocal,
  Assert,
  Raise,
  With,
  Try,
  Except,
  Finally,
  Class,
  Yield,
  Async,
  Await,
  True,
  False,
  None,
].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length);

export const PYTHON_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'match',
  'case',
]);

// Strings: optional prefix (r, b, u, f and pairs), single/double quotes, optionally tripled.
// The escape-aware bodies keep `'it\'s'` in one token. Three quotes always open a triple-quoted string
// (as in Python's tokenizer), so an unclosed `'''` is not read as `''` followed by `'`.
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern:
    /(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?(?:'''(?:[^\\]|\\[\s\S])*?'''|"""(?:[^\\]|\\[\s\S])*?"""|'(?!'')(?:[^'\\\n]|\\[\s\S])*'|"(?!"")(?:[^"\\\n]|\\[\s\S])*")/,
  line_breaks: true,
});
// A string whose closing quote is missing, so the message can say so instead of "unexpected character".
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?(?:'''[\s\S]*|"""[\s\S]*|'[^\n]*|"[^\n]*)/,
  line_breaks: true,
});

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJ]?/,
});

const op = (name: string, pattern: string) => createToken({ name, pattern: new RegExp(pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) });

// Longest operators first: Chevrotain takes the first pattern that matches.
export const PowAssign = op('PowAssign', '**=');
export const FloorDivAssign = op('FloorDivAssign', '//=');
export const LShiftAssign = op('LShiftAssign', '<<=');
export const RShiftAssign = op('RShiftAssign', '>>=');
export const Ellipsis = op('Ellipsis', '...');
export const Power = op('Power', '**');
export const FloorDiv = op('FloorDiv', '//');
export const LShift = op('LShift', '<<');
export const RShift = op('RShift', '>>');
export const LessEq = op('LessEq', '<=');
export const GreaterEq = op('GreaterEq', '>=');
export const EqEq = op('EqEq', '==');
export const NotEq = op('NotEq', '!=');
export const Arrow = op('Arrow', '->');
export const Walrus = op('Walrus', ':=');
export const PlusAssign = op('PlusAssign', '+=');
export const MinusAssign = op('MinusAssign', '-=');
export const StarAssign = op('StarAssign', '*=');
export const SlashAssign = op('SlashAssign', '/=');
export const PercentAssign = op('PercentAssign', '%=');
export const AmpAssign = op('AmpAssign', '&=');
export const PipeAssign = op('PipeAssign', '|=');
export const CaretAssign = op('CaretAssign', '^=');
export const AtAssign = op('AtAssign', '@=');
export const LParen = op('LParen', '(');
export const RParen = op('RParen', ')');
export const LBracket = op('LBracket', '[');
export const RBracket = op('RBracket', ']');
export const LBrace = op('LBrace', '{');
export const RBrace = op('RBrace', '}');
export const Comma = op('Comma', ',');
export const Colon = op('Colon', ':');
export const Semicolon = op('Semicolon', ';');
export const Dot = op('Dot', '.');
export const Assign = op('Assign', '=');
export const Plus = op('Plus', '+');
export const Minus = op('Minus', '-');
export const Star = op('Star', '*');
export const Slash = op('Slash', '/');
export const Percent = op('Percent', '%');
export const At = op('At', '@');
export const Less = op('Less', '<');
export const Greater = op('Greater', '>');
export const Amp = op('Amp', '&');
export const Pipe = op('Pipe', '|');
export const Caret = op('Caret', '^');
export const Tilde = op('Tilde', '~');

export const AUGMENTED_ASSIGN = [
  PowAssign,
  FloorDivAssign,
  LShiftAssign,
  RShiftAssign,
  PlusAssign,
  MinusAssign,
  StarAssign,
  SlashAssign,
  PercentAssign,
  AmpAssign,
  PipeAssign,
  CaretAssign,
  AtAssign,
];

export const OPERATORS: TokenType[] = [
  ...AUGMENTED_ASSIGN.slice(0, 4),
  Ellipsis,
  Power,
  FloorDiv,
  LShift,
  RShift,
  LessEq,
  GreaterEq,
  EqEq,
  NotEq,
  Arrow,
  Walrus,
  ...AUGMENTED_ASSIGN.slice(4),
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Semicolon,
  Dot,
  Assign,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  At,
  Less,
  Greater,
  Amp,
  Pipe,
  Caret,
  Tilde,
];

// Layout tokens. NEWLINE ends a logical line; INDENT/DEDENT are made by the layout pass, never matched.
export const Newline = createToken({ name: 'Newline', pattern: /\r?\n|\r/, line_breaks: true });
export const Indent = createToken({ name: 'Indent', pattern: Lexer.NA });
export const Dedent = createToken({ name: 'Dedent', pattern: Lexer.NA });
export const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t\f]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: Lexer.SKIPPED });
export const LineContinuation = createToken({
  name: 'LineContinuation',
  pattern: /\\\r?\n/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/** Tokens of a Python expression, in matching order (no layout tokens). */
export const EXPRESSION_TOKENS: TokenType[] = [
  Whitespace,
  Comment,
  LineContinuation,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  ...KEYWORDS,
  Identifier,
  ...OPERATORS,
];
