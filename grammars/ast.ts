// The syntax tree the grammars produce (from the CST, by the visitors in this folder). One tree type serves
// the model script and the Brian2 strings inside it, since Brian2's code and expressions are Python syntax.
// Offsets are positions in the script file; nodes from a Brian2 string carry offsets mapped back into it.

export interface Loc {
  start: number;
  end: number;
}

export type Expr =
  | { kind: 'Name'; id: string; loc: Loc }
  /** `imaginary`: a complex literal such as `1j` (only in scripts; value is its imaginary part). */
  | { kind: 'Num'; value: number; isInt: boolean; raw: string; loc: Loc; imaginary?: true }
  | { kind: 'Str'; value: string; offsets: number[]; bytes: boolean; loc: Loc }
  /** `offsets[k]`: file offset of each character of the literal part `parts[k]` (null for a field). */
  | { kind: 'FStr'; parts: (string | FormattedValue)[]; offsets: (number[] | null)[]; loc: Loc }
  | { kind: 'Const'; value: boolean | null; loc: Loc }
  | { kind: 'Ellipsis'; loc: Loc }
  | { kind: 'List'; elts: Expr[]; loc: Loc }
  | { kind: 'Tuple'; elts: Expr[]; loc: Loc }
  | { kind: 'Set'; elts: Expr[]; loc: Loc }
  | { kind: 'Dict'; keys: (Expr | null)[]; values: Expr[]; loc: Loc }
  | { kind: 'Call'; func: Expr; args: Arg[]; loc: Loc }
  | { kind: 'Attribute'; value: Expr; attr: string; attrLoc: Loc; loc: Loc }
  | { kind: 'Subscript'; value: Expr; index: Expr; loc: Loc }
  | { kind: 'Slice'; lower: Expr | null; upper: Expr | null; step: Expr | null; loc: Loc }
  | { kind: 'BinOp'; op: BinaryOperator; left: Expr; right: Expr; loc: Loc }
  | { kind: 'UnaryOp'; op: '-' | '+' | '~' | 'not'; operand: Expr; loc: Loc }
  | { kind: 'BoolOp'; op: 'and' | 'or'; values: Expr[]; loc: Loc }
  | { kind: 'Compare'; left: Expr; ops: CompareOperator[]; comparators: Expr[]; loc: Loc }
  | { kind: 'IfExp'; test: Expr; body: Expr; orelse: Expr; loc: Loc }
  | { kind: 'Lambda'; params: Param[]; body: Expr; loc: Loc }
  | { kind: 'Comprehension'; type: 'list' | 'set' | 'generator' | 'dict'; elt: Expr; value: Expr | null; generators: ComprehensionFor[]; loc: Loc }
  | { kind: 'Starred'; value: Expr; double: boolean; loc: Loc };

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '<<' | '>>' | '&' | '|' | '^';
export type CompareOperator = '<' | '>' | '<=' | '>=' | '==' | '!=' | 'in' | 'not in' | 'is' | 'is not';

export interface FormattedValue {
  expr: Expr;
  conversion: string | null;
  spec: string | null;
}

export interface Arg {
  /** Keyword name, or null for a positional argument; `*x`/`**x` are Starred values. */
  name: string | null;
  value: Expr;
  loc: Loc;
}

export interface Param {
  name: string;
  defaultValue: Expr | null;
  star: '' | '*' | '**';
  loc: Loc;
}

export interface ComprehensionFor {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

export type Stmt =
  | { kind: 'Expr'; value: Expr; loc: Loc }
  | { kind: 'Assign'; targets: Expr[]; value: Expr; loc: Loc }
  | { kind: 'AugAssign'; target: Expr; op: BinaryOperator; value: Expr; loc: Loc }
  | { kind: 'AnnAssign'; target: Expr; annotation: Expr; value: Expr | null; loc: Loc }
  | { kind: 'Import'; names: ImportName[]; loc: Loc }
  | { kind: 'ImportFrom'; module: string; level: number; names: ImportName[]; loc: Loc }
  | { kind: 'If'; test: Expr; body: Stmt[]; orelse: Stmt[]; loc: Loc }
  | { kind: 'For'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; loc: Loc }
  | { kind: 'While'; test: Expr; body: Stmt[]; orelse: Stmt[]; loc: Loc }
  | { kind: 'FunctionDef'; name: string; params: Param[]; body: Stmt[]; decorators: Expr[]; loc: Loc }
  | { kind: 'ClassDef'; name: string; bases: Arg[]; decorators: Expr[]; body: Stmt[]; loc: Loc }
  | { kind: 'Return'; value: Expr | null; loc: Loc }
  /** `yield x` / `yield from xs` as a statement: the function is a generator. */
  | { kind: 'Yield'; value: Expr | null; from: boolean; loc: Loc }
  | { kind: 'Pass'; loc: Loc }
  | { kind: 'Break'; loc: Loc }
  | { kind: 'Continue'; loc: Loc }
  | { kind: 'Del'; targets: Expr[]; loc: Loc }
  | { kind: 'Global'; names: string[]; loc: Loc }
  | { kind: 'Assert'; test: Expr; msg: Expr | null; loc: Loc }
  | { kind: 'Raise'; exc: Expr | null; loc: Loc }
  | { kind: 'With'; items: { context: Expr; target: Expr | null }[]; body: Stmt[]; loc: Loc }
  | { kind: 'Try'; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[]; loc: Loc };

/** `except TYPE as NAME:` (type null for a bare `except:`). */
export interface ExceptHandler {
  type: Expr | null;
  name: string | null;
  body: Stmt[];
  loc: Loc;
}

export interface ImportName {
  /** Dotted module or imported name; `*` for a star import. */
  name: string;
  asname: string | null;
  loc: Loc;
}

export interface Module {
  body: Stmt[];
}

export function exprLoc(e: Expr): Loc {
  return e.loc;
}
