// Name resolution and unit checking of Brian2 expressions: syntax tree → symbolic expression with its
// dimension. Names are looked up as Brian2 does: the object's variables (and, in synapses, those of the
// pre- and postsynaptic groups), the special names (t, dt, i, ...), the script's namespace, then
// Brian2's units, constants and functions. Units become SI factors; constants become named symbols.

import type { Expr, Loc } from '../../grammars/ast.js';
import { CompileError, didYouMean } from '../diagnostics/diagnostic.js';
import type { Value } from '../1-read/values.js';
import { bin, call, num, type SExpr, symKey } from '../symbolic/expr.js';
import { type Dim, DIMENSIONLESS, divDim, exampleUnit, formatDim, hasUnits, isDimensionless, mulDim, powDim, sameDim } from '../units/dimension.js';
import { stringUnit } from '../units/table.js';
import type { BuildContext } from './context.js';
import type { VarType } from './ir.js';
import { drawnConstant } from './computed.js';

export interface Resolved {
  ast: SExpr;
  dim: Dim;
  type: VarType;
}

export interface VarInfo {
  sym: SExpr;
  dim: Dim;
  type: VarType;
  /**
   * For a subexpression that holds a noise term (`I_n = sigma*xi_n : amp`): that term. Brian2 gives
   * the term a value only inside the differential equations the subexpression is substituted into.
   */
  noise?: string;
}

/** What names mean where an expression is resolved. */
export interface NameTable {
  /** Variables and special names of the object (null when unknown). */
  variable(name: string): VarInfo | null;
  /** The script's value for a name, and whether it comes from the object's own namespace= dict. */
  external(name: string): { value: Value; fixed: boolean } | undefined;
  /**
   * How to use external constants: 'symbol' keeps a named constant (code of groups, evaluated at run
   * time), 'inline' puts the value in (initialisations and connect conditions, evaluated once).
   */
  constants: 'symbol' | 'inline';
  /** Run in which the names are first looked up (for constants that change between runs). */
  runIndex: number;
  /** Whether rand()/randn() are allowed here. */
  random: boolean;
  /**
   * Whether noise terms are allowed: every one in differential equations, only named ones (xi_...)
   * in subexpressions (Brian2 substitutes those into the differential equations; a bare xi in a
   * subexpression is its EquationError), none in code.
   */
  noise: boolean | 'named';
  /** Names offered in "did you mean" hints. */
  names(): string[];
  /** A TimedArray's id for a script name that refers to one. */
  timedArray(value: Value): { id: string; dim: Dim; ndim: number } | null;
}

const DIMLESS_FUNCTIONS = new Set([
  'exp',
  'log',
  'log10',
  'expm1',
  'log1p',
  'exprel',
  'sin',
  'cos',
  'tan',
  'sinh',
  'cosh',
  'tanh',
  'arcsin',
  'arccos',
  'arctan',
]);
const SAME_DIM_FUNCTIONS = new Set(['abs', 'ceil', 'floor']);
export const BRIAN2_FUNCTIONS = [...DIMLESS_FUNCTIONS, ...SAME_DIM_FUNCTIONS, 'sqrt', 'sign', 'clip', 'int', 'rand', 'randn', 'timestep', 'poisson'];

const SECOND: Dim = [0, 0, 1, 0, 0, 0, 0];

export class Resolver {
  constructor(
    private readonly ctx: BuildContext,
    private readonly names: NameTable,
  ) {}

  resolve(e: Expr): Resolved {
    switch (e.kind) {
      case 'Num':
        return { ast: e.isInt ? { k: 'num', v: e.value, int: true } : num(e.value), dim: DIMENSIONLESS, type: e.isInt ? 'integer' : 'float' };
      case 'Const':
        if (e.value === null) break;
        return { ast: { k: 'bool', v: e.value }, dim: DIMENSIONLESS, type: 'boolean' };
      case 'Name':
        return this.name(e.id, e.loc);
      case 'UnaryOp': {
        const a = this.resolve(e.operand);
        if (e.op === 'not') return { ast: { k: 'not', a: a.ast }, dim: DIMENSIONLESS, type: 'boolean' };
        if (e.op === '-') return { ...a, ast: { k: 'neg', a: a.ast }, type: a.type === 'boolean' ? 'integer' : a.type };
        if (e.op === '+') return a;
        break;
      }
      case 'BinOp':
        return this.binary(e);
      case 'Compare': {
        let left = this.resolve(e.left);
        let out: SExpr | null = null;
        e.ops.forEach((op, k) => {
          const right = this.resolve(e.comparators[k]!);
          if (op === 'in' || op === 'not in' || op === 'is' || op === 'is not') {
            this.ctx.fail('code-syntax', e.loc, { detail: `'${op}' is not allowed in Brian2 code`, hint: 'compare with ==, !=, <, <=, >, >=' });
          }
          this.sameUnits(op, left, right, e.loc);
          const c: SExpr = { k: 'cmp', op: op as '<', a: left.ast, b: right.ast };
          out = out ? { k: 'logic', op: 'and', a: out, b: c } : c;
          left = right;
        });
        return { ast: out!, dim: DIMENSIONLESS, type: 'boolean' };
      }
      case 'BoolOp': {
        const parts = e.values.map((v) => this.resolve(v));
        let ast = parts[0]!.ast;
        for (const p of parts.slice(1)) ast = { k: 'logic', op: e.op, a: ast, b: p.ast };
        return { ast, dim: DIMENSIONLESS, type: 'boolean' };
      }
      case 'Call':
        return this.call(e);
      default:
        break;
    }
    return this.ctx.fail('code-syntax', e.loc, {
      detail: `${describeSyntax(e)} is not allowed in Brian2 code`,
      hint: 'Brian2 strings use names, numbers, arithmetic, comparisons, and/or/not and function calls',
    });
  }

  private name(id: string, loc: Loc): Resolved {
    const r = this.lookup(id, loc);
    // The name as written, where the symbol's own key differs (v for v_post, a renamed constant).
    if (r.ast.k === 'sym' && symKey(r.ast) !== id) return { ...r, ast: { ...r.ast, as: id } };
    return r;
  }

  private lookup(id: string, loc: Loc): Resolved {
    const v = this.names.variable(id);
    if (v) {
      if (v.noise && (!this.names.noise || (v.sym.k === 'sym' && v.sym.side))) {
        // Brian2 substitutes the subexpression into code too, where the noise term has no value: its
        // generated code fails when it runs (NameError on the noise variable).
        this.ctx.fail('code-error', loc, {
          detail: `'${id}' is a subexpression holding the noise term '${v.noise}', which has a value only in the differential equations of its own group (Brian2 fails when it runs this code)`,
          hint: 'read a subexpression without the noise term here (split the deterministic part into its own subexpression)',
        });
      }
      return { ast: v.sym, dim: v.dim, type: v.type };
    }
    if (/^xi(_\w+)?$/.test(id)) {
      if (!this.names.noise)
        this.ctx.fail('code-error', loc, {
          detail: `the noise term '${id}' can only appear in differential equations and in subexpressions they use`,
          hint: 'use randn() for random numbers in code',
        });
      if (this.names.noise === 'named' && id === 'xi') {
        this.ctx.fail('code-error', loc, {
          detail: "the noise term 'xi' can only appear in differential equations (in a subexpression, Brian2 takes only named noise terms)",
          hint: 'name it, e.g. xi_1, or write it in the differential equation',
        });
      }
      return { ast: { k: 'sym', name: id, role: 'noise' }, dim: [0, 0, -0.5, 0, 0, 0, 0], type: 'float' };
    }
    // Brian2 looks external names up in its constants first (Group._resolve_external): a script variable
    // named e does not shadow Euler's number. Brian2's units come next; we ask the script's namespace
    // first because our unit table also holds names Brian2 only finds through `from brian2 import *`
    // (so a script that rebinds a unit name such as `volt` differs from Brian2, which keeps the unit).
    if (id === 'pi') return { ast: named(Math.PI, id), dim: DIMENSIONLESS, type: 'float' };
    if (id === 'e') return { ast: named(Math.E, id), dim: DIMENSIONLESS, type: 'float' };
    if (id === 'inf') return { ast: named(Infinity, id), dim: DIMENSIONLESS, type: 'float' };
    const ext = this.names.external(id);
    if (ext !== undefined) return this.externalValue(id, ext.value, ext.fixed, loc);
    const unit = stringUnit(id);
    if (unit) return { ast: named(unit.scale, id), dim: unit.dim, type: 'float' };
    if (id === 'True' || id === 'False') return { ast: { k: 'bool', v: id === 'True' }, dim: DIMENSIONLESS, type: 'boolean' };
    // A name that is read (not called): suggest variables and constants, not functions.
    const candidates = this.names.names().filter((n) => !BRIAN2_FUNCTIONS.includes(n));
    return this.ctx.fail('unknown-name', loc, {
      name: id,
      hint: didYouMean(id, candidates, `define '${id}' in the script before run(), or add it to the equations`),
    });
  }

  private externalValue(id: string, value: Value, fixed: boolean, loc: Loc): Resolved {
    // A value left behind by a statement that failed: its error is reported already.
    if (value.t === 'unknown' && !value.why) throw new CompileError([]);
    if (value.t === 'object') {
      return this.ctx.fail('code-error', loc, {
        detail: `'${id}' is a ${value.obj.kind}, not a value`,
        hint: 'TimedArrays are called like functions: name(t)',
      });
    }
    if (value.t === 'num' || value.t === 'bool') {
      // Brian2's integrators name the new value of x `_x`: a constant of that name is read as the
      // temporary in the update code, and Brian2 fails (NameError) instead of using it.
      if (id.startsWith('_') && this.names.constants === 'symbol' && this.names.variable(id.slice(1))) {
        return this.ctx.fail('value-error', loc, {
          detail: `the constant '${id}' has the name Brian2 gives the new value of '${id.slice(1)}' in its update code, and Brian2 fails on it (NameError)`,
          hint: `rename the constant, e.g. ${id.slice(1)}_const`,
        });
      }
      if (this.names.constants === 'inline') {
        const v = value.t === 'num' ? value.v : value.v ? 1 : 0;
        const type: VarType = value.t === 'bool' ? 'boolean' : value.int ? 'integer' : 'float';
        return { ast: named(v, id, type === 'integer'), dim: value.t === 'num' ? value.dim : DIMENSIONLESS, type };
      }
      const c = fixed ? this.ctx.constants.fixed(id, value, loc) : this.ctx.constants.fromRun(id, value, this.names.runIndex, loc);
      return { ast: { k: 'sym', name: c.id, role: 'const' }, dim: c.dim, type: value.t === 'bool' ? 'boolean' : c.integer ? 'integer' : 'float' };
    }
    if (value.t === 'unknown') return this.ctx.fail('not-static', loc, { what: `'${id}'`, hint: value.why });
    if (value.t === 'inert') {
      return this.ctx.fail('value-error', loc, {
        detail: `'${id}' comes from ${value.what}, which exists only when the script runs, and cannot be used in the model`,
        hint: 'give it a value computed from the script itself, not from plots or printed values',
      });
    }
    if (value.t === 'drawn') return drawnConstant(this.ctx, id, loc);
    return this.ctx.fail('type-error', loc, {
      detail: `'${id}' is ${value.t === 'array' ? 'an array' : value.t === 'str' ? 'a string' : `a ${value.t}`} and cannot be used in Brian2 code`,
      hint: value.t === 'array' ? 'store per-neuron values in a parameter of the model (x : unit) and assign the array to it' : 'use a number or a quantity',
    });
  }

  private sameUnits(op: string, a: Resolved, b: Resolved, loc: Loc): void {
    if (!sameDim(a.dim, b.dim)) {
      this.ctx.fail('unit-mismatch', loc, {
        detail: `the two sides of '${op}' have different units: the left ${hasUnits(a.dim)}, the right ${hasUnits(b.dim)}`,
        hint: sameUnitsHint(a.dim, b.dim),
      });
    }
  }

  private binary(e: Extract<Expr, { kind: 'BinOp' }>): Resolved {
    const a = this.resolve(e.left);
    const b = this.resolve(e.right);
    const type: VarType = a.type === 'float' || b.type === 'float' || e.op === '/' ? 'float' : 'integer';
    switch (e.op) {
      case '+':
      case '-':
      case '%':
        this.sameUnits(e.op, a, b, e.loc);
        return { ast: bin(e.op, a.ast, b.ast), dim: a.dim, type };
      case '*':
        return { ast: bin('*', a.ast, b.ast), dim: mulDim(a.dim, b.dim), type };
      case '/':
        return { ast: bin('/', a.ast, b.ast), dim: divDim(a.dim, b.dim), type };
      case '//':
        this.sameUnits(e.op, a, b, e.loc);
        return { ast: bin('//', a.ast, b.ast), dim: DIMENSIONLESS, type: 'integer' };
      case '**': {
        if (!isDimensionless(b.dim))
          this.ctx.fail('unit-mismatch', e.right.loc, {
            detail: `an exponent must be dimensionless, not ${formatDim(b.dim)}`,
            hint: 'divide the exponent by its unit',
          });
        if (isDimensionless(a.dim)) return { ast: bin('**', a.ast, b.ast), dim: DIMENSIONLESS, type };
        const p = constantValue(b.ast);
        if (p === null)
          this.ctx.fail('unit-mismatch', e.right.loc, {
            detail: 'a quantity with units can only be raised to a constant power',
            hint: 'use a number as the exponent',
          });
        return { ast: bin('**', a.ast, b.ast), dim: powDim(a.dim, p!), type };
      }
      default:
        return this.ctx.fail('code-syntax', e.loc, { detail: `the operator '${e.op}' is not allowed in Brian2 code`, hint: 'use + - * / ** % //' });
    }
  }

  private call(e: Extract<Expr, { kind: 'Call' }>): Resolved {
    if (e.func.kind !== 'Name') {
      return this.ctx.fail('code-syntax', e.func.loc, {
        detail: 'only functions called by name are allowed in Brian2 code',
        hint: 'call a Brian2 function such as exp(x)',
      });
    }
    const fn = e.func.id;
    for (const a of e.args)
      if (a.name) this.ctx.fail('code-syntax', a.loc, { detail: 'keyword arguments are not allowed in Brian2 code', hint: 'pass arguments by position' });
    const ext = this.names.variable(fn) ? undefined : this.names.external(fn);
    // A function whose definition failed: that error is reported already.
    if (ext && ext.value.t === 'unknown' && !ext.value.why) throw new CompileError([]);
    if (ext && (ext.value.t === 'function' || (ext.value.t === 'builtin' && !BRIAN2_FUNCTIONS.includes(fn)))) {
      // Brian2 (numpy target) wraps a Python function of the script (often @check_units) and calls it
      // on the arrays every step: Python code the generated project does not contain.
      return this.ctx.fail('unsupported', e.func.loc, {
        what: `calling the script's Python function '${fn}' in Brian2 code`,
        hint: 'write the formula inline in the equations, or tabulate it with a TimedArray',
      });
    }
    if (ext && ext.value.t === 'object') {
      const ta = this.names.timedArray(ext.value);
      if (!ta)
        return this.ctx.fail('code-error', e.func.loc, {
          detail: `'${fn}' is a ${ext.value.obj.kind} and cannot be called`,
          hint: 'only TimedArrays can be called in equations',
        });
      return this.timedArrayCall(fn, ta, e);
    }
    const args = e.args.map((a) => this.resolve(a.value));
    const arity = (n: number) => {
      if (args.length !== n)
        this.ctx.fail('code-error', e.loc, {
          detail: `${fn}() takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`,
          hint: `call it as ${fn}(${['x', 'lo', 'hi'].slice(0, n).join(', ')})`,
        });
    };
    const needDimless = (k: number) => {
      const a = args[k]!;
      if (!isDimensionless(a.dim)) {
        this.ctx.fail('unit-mismatch', e.args[k]!.value.loc, {
          detail: `${fn}() needs a dimensionless argument, not one in ${formatDim(a.dim)}`,
          hint: 'divide by a quantity with the same units, e.g. exp(-v/(10*mV))',
        });
      }
    };
    const ast = call(fn, ...args.map((a) => a.ast));
    if (DIMLESS_FUNCTIONS.has(fn)) {
      arity(1);
      needDimless(0);
      return { ast, dim: DIMENSIONLESS, type: 'float' };
    }
    if (SAME_DIM_FUNCTIONS.has(fn)) {
      arity(1);
      return { ast, dim: args[0]!.dim, type: fn === 'abs' ? args[0]!.type : 'float' };
    }
    switch (fn) {
      case 'sqrt':
        arity(1);
        return { ast, dim: powDim(args[0]!.dim, 0.5), type: 'float' };
      case 'sign':
        arity(1);
        return { ast, dim: DIMENSIONLESS, type: 'integer' };
      case 'clip':
        arity(3);
        this.sameUnits('clip', args[0]!, args[1]!, e.loc);
        this.sameUnits('clip', args[0]!, args[2]!, e.loc);
        return { ast, dim: args[0]!.dim, type: args[0]!.type };
      case 'int':
        arity(1);
        needDimless(0);
        return { ast, dim: DIMENSIONLESS, type: 'integer' };
      case 'rand':
      case 'randn':
        arity(0);
        if (!this.names.random)
          this.ctx.fail('code-error', e.loc, {
            detail: `${fn}() cannot be used here`,
            hint: 'random numbers are allowed in model code, resets, initialisations and connect conditions',
          });
        return { ast, dim: DIMENSIONLESS, type: 'float' };
      case 'poisson':
        arity(1);
        needDimless(0);
        return { ast, dim: DIMENSIONLESS, type: 'integer' };
      case 'timestep': {
        arity(2);
        if (!sameDim(args[0]!.dim, SECOND) || !sameDim(args[1]!.dim, SECOND)) {
          this.ctx.fail('unit-mismatch', e.loc, { detail: 'timestep(t, dt) needs two times', hint: 'pass times in seconds' });
        }
        return { ast, dim: DIMENSIONLESS, type: 'integer' };
      }
      default:
        return this.ctx.fail('unknown-name', e.func.loc, {
          name: fn,
          hint: didYouMean(fn, BRIAN2_FUNCTIONS, `Brian2 code can call: ${BRIAN2_FUNCTIONS.join(', ')}, and TimedArrays`),
        });
    }
  }

  private timedArrayCall(name: string, ta: { id: string; dim: Dim; ndim: number }, e: Extract<Expr, { kind: 'Call' }>): Resolved {
    const args = e.args.map((a) => this.resolve(a.value));
    if (args.length !== ta.ndim) {
      this.ctx.fail('code-error', e.loc, {
        detail: `the TimedArray '${name}' takes ${ta.ndim === 1 ? '(t)' : '(t, i)'}, got ${args.length} argument${args.length === 1 ? '' : 's'}`,
        hint: ta.ndim === 1 ? `call it as ${name}(t)` : `call it as ${name}(t, i)`,
      });
    }
    if (!sameDim(args[0]!.dim, SECOND)) {
      this.ctx.fail('unit-mismatch', e.args[0]!.value.loc, {
        detail: `the first argument of a TimedArray is a time, not ${formatDim(args[0]!.dim)}`,
        hint: `call it as ${name}(t)`,
      });
    }
    if (args[1] && !isDimensionless(args[1].dim)) {
      this.ctx.fail('unit-mismatch', e.args[1]!.value.loc, { detail: 'the second argument of a TimedArray is an index', hint: `call it as ${name}(t, i)` });
    }
    return { ast: { k: 'call', fn: `timedarray:${ta.id}`, args: args.map((a) => a.ast), as: name }, dim: ta.dim, type: 'float' };
  }
}

/** A number the script wrote as a name (a unit, pi, an inlined constant). */
function named(v: number, name: string, integer = false): SExpr {
  return integer ? { k: 'num', v, int: true, name } : { k: 'num', v, name };
}

/** A hint for two sides with different units: name the unit a plain number is missing, if that is the case. */
function sameUnitsHint(a: Dim, b: Dim): string {
  const plain = isDimensionless(a) ? b : isDimensionless(b) ? a : null;
  if (plain) {
    const ex = exampleUnit(plain);
    return `give the plain number a unit of ${formatDim(plain)}${ex ? `, e.g. ${ex}` : ''}`;
  }
  return 'convert one side so both have the same units';
}

/** Value of an expression made only of numbers, or null. */
export function constantValue(e: SExpr): number | null {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'neg': {
      const a = constantValue(e.a);
      return a === null ? null : -a;
    }
    case 'bin': {
      const a = constantValue(e.a);
      const b = constantValue(e.b);
      if (a === null || b === null) return null;
      return { '+': a + b, '-': a - b, '*': a * b, '/': a / b, '**': a ** b, '%': a % b, '//': Math.floor(a / b) }[e.op];
    }
    default:
      return null;
  }
}

function describeSyntax(e: Expr): string {
  switch (e.kind) {
    case 'Str':
    case 'FStr':
      return 'a string';
    case 'Attribute':
      return 'attribute access (x.y)';
    case 'Subscript':
      return 'indexing (x[k])';
    case 'List':
    case 'Tuple':
    case 'Dict':
    case 'Set':
      return 'a list, tuple, dict or set';
    case 'IfExp':
      return 'a conditional expression (a if c else b)';
    case 'Lambda':
      return 'lambda';
    case 'Comprehension':
      return 'a comprehension';
    case 'Const':
      return 'None';
    default:
      return 'this expression';
  }
}
