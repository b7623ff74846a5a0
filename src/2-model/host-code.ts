// The body of a network operation (and of the script's functions it calls), translated from its syntax
// tree into the host-code tree of the IR (ir.ts HostStmtIR/HostExprIR), with every name resolved: group
// and synapse variables, monitors' data, TimedArrays, the clock's time, numpy, math, Python's builtins,
// Brian2's units, functions of the script, and the script's variables (globals). Nothing is executed.
//
// What the generated project cannot run is refused at its line, naming the construct: Brian2 objects
// created or run inside a body, files, other modules, classes, nested functions, exceptions. Output (print,
// plotting) is left out. Physical dimensions are followed where they are known, so that what Brian2 would
// refuse with a DimensionMismatchError (`G.v = 5` for a voltage, `t > 5`) is refused here too; the numbers
// themselves are SI floats in both, so arithmetic gives the same results. Brian2's units form their own
// algebra (`uF/cm**2` is the unit 10.0**-2, not 1e-6/0.01**2): products, quotients and powers of units
// are folded the same way.

import type { Expr, Loc, Stmt } from '../../grammars/ast.js';
import type { Brian2Object, FunctionValue, GroupLike, SubgroupObj } from '../1-read/brian2/objects.js';
import { groupSize, groupSlice, isGroupLike } from '../1-read/brian2/objects.js';
import type { FunctionNames } from '../1-read/function-names.js';
import { brian2Member } from '../1-read/brian2/module.js';
import type { Value } from '../1-read/values.js';
import { DIMENSIONLESS, divDim, formatDim, isDimensionless, mulDim, powDim, sameDim, SECOND, type Dim } from '../units/dimension.js';
import type { BuildContext } from './context.js';
import type { GroupInfo } from './groups.js';
import type { HostCalleeIR, HostExprIR, HostStmtIR, HostTargetIR, HostVariableIR, MonitorIR, GroupRef } from './ir.js';
import { memberMeaning, type Meaning } from './host-names.js';
import type { SynapsesInfo } from './synapses.js';

const HERTZ: Dim = [0, 0, -1, 0, 0, 0, 0];

/** What the translator needs from the builder of the operations (network-operations.ts). */
export interface HostTables {
  ctx: BuildContext;
  groups: ReadonlyMap<string, GroupInfo>;
  synapses: ReadonlyMap<string, SynapsesInfo>;
  monitors: ReadonlyMap<string, MonitorIR>;
  timedArray(obj: Brian2Object): { id: string; dim: Dim; ndim: number } | null;
  /** The meaning of a free name of `fn` (the same in every run), or a global of the script with its id and dimension. */
  resolve(fn: FunctionValue, name: string, loc: Loc): Meaning | { m: 'global'; id: string; dim: Dim | null };
  /** The id of a function of the script a body calls (translated on first use). */
  functionId(fn: FunctionValue, loc: Loc): string;
  /** A `global` name of `fn` whose first use in the body (in Python's order of evaluation, as written) is a read. */
  readFirst?(fn: FunctionValue, name: string): void;
}

/** A translated expression: a value (with its dimension when known), or something only names and calls can use. */
type T =
  | {
      k: 'value';
      ir: HostExprIR;
      dim: Dim | null /** A literal 0 (Brian2 lets it stand for any unit). */;
      zero?: boolean;
      unit?: { scale: number; text: string };
      variable?: HostVariableIR;
    }
  | { k: 'meaning'; meaning: Meaning };

/** Methods of numpy arrays, lists, dicts and sets a body may call (the project runs them as Python does). */
const VALUE_METHODS = new Set([
  'mean',
  'sum',
  'std',
  'var',
  'min',
  'max',
  'argmin',
  'argmax',
  'cumsum',
  'cumprod',
  'prod',
  'copy',
  'reshape',
  'flatten',
  'ravel',
  'astype',
  'tolist',
  'item',
  'clip',
  'round',
  'dot',
  'nonzero',
  'sort',
  'argsort',
  'all',
  'any',
  'fill',
  'transpose',
  'squeeze',
  'take',
  'repeat',
  'conj',
  'trace',
  'diagonal',
  'searchsorted',
  'ptp',
  'append',
  'extend',
  'insert',
  'pop',
  'remove',
  'index',
  'count',
  'clear',
  'reverse',
  'keys',
  'values',
  'items',
  'get',
  'update',
  'setdefault',
  'add',
  'discard',
  'union',
  'intersection',
  'difference',
]);
const VALUE_ATTRIBUTES = new Set(['shape', 'size', 'ndim', 'T', 'dtype', 'real', 'imag', 'flat']);
/** numpy functions (and array methods) whose result has the dimension of their first argument. */
const SAME_DIM = new Set([
  'abs',
  'absolute',
  'fabs',
  'mean',
  'nanmean',
  'sum',
  'nansum',
  'cumsum',
  'min',
  'max',
  'amin',
  'amax',
  'nanmin',
  'nanmax',
  'median',
  'nanmedian',
  'std',
  'nanstd',
  'ptp',
  'round',
  'around',
  'floor',
  'ceil',
  'trunc',
  'rint',
  'sort',
  'copy',
  'reshape',
  'ravel',
  'flatten',
  'transpose',
  'squeeze',
  'clip',
  'diff',
  'negative',
  'positive',
  'maximum',
  'minimum',
  'fmax',
  'fmin',
  'percentile',
  'quantile',
  'take',
  'repeat',
  'tile',
  'roll',
  'flip',
  'average',
  'diagonal',
  'item',
]);
/** numpy and math functions Brian2 only accepts dimensionless values for (its unit-checked wrappers). */
const DIMENSIONLESS_ARG = new Set([
  'exp',
  'exp2',
  'expm1',
  'log',
  'log2',
  'log10',
  'log1p',
  'sin',
  'cos',
  'tan',
  'arcsin',
  'arccos',
  'arctan',
  'sinh',
  'cosh',
  'tanh',
  'arcsinh',
  'arccosh',
  'arctanh',
  'asin',
  'acos',
  'atan',
  'asinh',
  'acosh',
  'atanh',
  'sinc',
  'logaddexp',
  'erf',
  'erfc',
]);

function isGroupObj(o: Brian2Object): o is GroupLike {
  return isGroupLike(o);
}

/** Translates one function of the script (an operation's or one it calls). */
export class FunctionTranslator {
  /** `global` names assigned so far (in the order the body is translated, which is Python's order of evaluation). */
  private readonly written = new Set<string>();
  /** Dimensions of the locals (one per local over the whole body; null when unknown or when they differ). */
  private localDims = new Map<string, Dim | null>();
  /** Dimensions assigned to each local in the current pass. */
  private assigned = new Map<string, (Dim | null)[]>();
  private checking = false;

  constructor(
    private readonly t: HostTables,
    private readonly fn: FunctionValue,
    private readonly names: FunctionNames,
    /** The parameter holding the clock's time, for an operation (its dimension is a time). */
    private readonly timeParam: string | null,
    /** How messages name the function: `the network operation 'f'`, `the function 'g' (called by a network operation)`. */
    private readonly who: string,
    private readonly inOperation: boolean,
  ) {}

  /** The body's statements: passes to settle the locals' dimensions, then one that checks and builds the IR. */
  translate(body: Stmt[]): HostStmtIR[] {
    for (let pass = 0; pass < 4; pass++) {
      this.assigned = this.initialAssigned();
      try {
        this.block(body);
      } catch {
        break; // reported by the checking pass
      }
      const next = new Map<string, Dim | null>();
      for (const [name, dims] of this.assigned) next.set(name, dims.every((d) => d !== null && dims[0] && sameDim(d, dims[0])) ? dims[0]! : null);
      const same =
        next.size === this.localDims.size &&
        [...next].every(([k, v]) => {
          const old = this.localDims.get(k);
          return old === v || (old && v && sameDim(old, v));
        });
      this.localDims = next;
      if (same) break;
    }
    this.checking = true;
    this.assigned = this.initialAssigned();
    return this.block(body);
  }

  /** The time parameter starts as a time (Brian2 passes the clock's t); parameters of functions are unknown. */
  private initialAssigned(): Map<string, (Dim | null)[]> {
    const m = new Map<string, (Dim | null)[]>();
    for (const p of this.fn.params) m.set(p.name, [p.name === this.timeParam ? SECOND : null]);
    return m;
  }

  private fail(loc: Loc, detail: string, hint: string): never {
    return this.t.ctx.fail('network-operation', loc, { who: this.who, detail, hint });
  }

  private span(loc: Loc) {
    return this.t.ctx.span(loc);
  }

  // ---------------------------------------------------------------- statements

  private block(stmts: Stmt[]): HostStmtIR[] {
    const out: HostStmtIR[] = [];
    for (const s of stmts) {
      const r = this.stmt(s);
      if (r) out.push(r);
    }
    return out;
  }

  private stmt(s: Stmt): HostStmtIR | null {
    const span = this.span(s.loc);
    switch (s.kind) {
      case 'Expr': {
        // A docstring, or a string on its own: nothing happens.
        if (s.value.kind === 'Str') return null;
        if (s.value.kind === 'Call') {
          const callee = this.callee(s.value);
          if (callee.k === 'meaning') {
            if (callee.meaning.m === 'output') return { s: 'skipped', what: callee.meaning.what, span };
            if (callee.meaning.m === 'stop') {
              if (s.value.args.length) this.fail(s.value.loc, 'calls stop() with arguments', 'call stop()');
              return { s: 'stop', span };
            }
          }
        }
        return { s: 'expr', value: this.value(s.value), span };
      }
      case 'Assign': {
        const value = this.expr(s.value);
        const v = this.asValue(value, s.value.loc);
        const targets = s.targets.map((t) => this.target(t, v));
        return { s: 'assign', targets, value: v.ir, span };
      }
      case 'AugAssign': {
        const current = this.expr(s.target);
        const right = this.asValue(this.expr(s.value), s.value.loc);
        const left = this.asValue(current, s.target.loc);
        const combined = this.binary(s.op, left, right, s.loc);
        const target = this.target(s.target, combined);
        return { s: 'augassign', target, op: s.op, value: right.ir, span };
      }
      case 'AnnAssign': {
        if (!s.value) return null;
        const v = this.asValue(this.expr(s.value), s.value.loc);
        return { s: 'assign', targets: [this.target(s.target, v)], value: v.ir, span };
      }
      case 'If':
        return { s: 'if', test: this.value(s.test), body: this.block(s.body), orelse: this.block(s.orelse), span };
      case 'While':
        return { s: 'while', test: this.value(s.test), body: this.block(s.body), orelse: this.block(s.orelse), span };
      case 'For': {
        const iter = this.asValue(this.expr(s.iter), s.iter.loc);
        const target = this.target(s.target, { k: 'value', ir: iter.ir, dim: iter.dim });
        return { s: 'for', target, iter: iter.ir, body: this.block(s.body), orelse: this.block(s.orelse), span };
      }
      case 'Return':
        if (this.inOperation && s.value) this.fail(s.loc, 'returns a value, which Brian2 ignores', 'remove the value (or the return)');
        return { s: 'return', value: s.value ? this.value(s.value) : null, span };
      case 'Break':
        return { s: 'break', span };
      case 'Continue':
        return { s: 'continue', span };
      case 'Pass':
        return { s: 'pass', span };
      case 'Global':
        return null;
      case 'FunctionDef':
        return this.fail(s.loc, 'defines a function inside its body', `define ${s.name}() at the top level of the script and call it`);
      case 'ClassDef':
        return this.fail(s.loc, 'defines a class', 'define the class outside the operation (classes are not translated)');
      case 'Import':
      case 'ImportFrom':
        return this.fail(s.loc, 'imports a module inside its body', 'import it at the top of the script');
      case 'Try':
      case 'Raise':
      case 'Assert':
        return this.fail(
          s.loc,
          `uses ${s.kind === 'Try' ? 'try/except' : s.kind === 'Raise' ? 'raise' : 'assert'}, which the converter does not translate`,
          'check the condition with if instead',
        );
      case 'With':
        return this.fail(s.loc, 'uses a with statement (files, contexts)', 'remove it: the generated project does not open files from an operation');
      case 'Del':
        return this.fail(s.loc, 'deletes a name (del)', 'remove the del statement');
      case 'Yield':
        return this.fail(s.loc, 'is a generator (yield)', 'Brian2 calls the operation as a function: remove yield');
    }
  }

  // ---------------------------------------------------------------- assignment targets

  private target(t: Expr, value: Extract<T, { k: 'value' }>): HostTargetIR {
    switch (t.kind) {
      case 'Name': {
        if (this.names.declared.has(t.id)) {
          const r = this.t.resolve(this.fn, t.id, t.loc);
          if (r.m !== 'global') return this.fail(t.loc, `assigns to '${t.id}', which is ${meaningText(r)}`, 'use another name');
          this.written.add(t.id);
          return { t: 'global', id: r.id };
        }
        const list = this.assigned.get(t.id) ?? [];
        list.push(value.zero ? DIMENSIONLESS : value.dim);
        this.assigned.set(t.id, list);
        return { t: 'local', name: t.id };
      }
      case 'Tuple':
      case 'List':
        return { t: 'tuple', items: t.elts.map((x) => this.target(x, { k: 'value', ir: value.ir, dim: null })) };
      case 'Attribute': {
        const base = this.expr(t.value);
        if (base.k === 'meaning' && base.meaning.m === 'object') {
          const v = this.objectVariable(base.meaning.obj, t.attr, t.attrLoc, true);
          this.checkAssign(v, value, t.loc);
          return { t: 'variable', ...v.variable! };
        }
        return this.fail(t.loc, `sets the attribute '${t.attr}' of ${describeT(base)}`, 'only variables of groups and synapses can be set (G.v = ...)');
      }
      case 'Subscript': {
        const base = this.expr(t.value);
        if (base.k === 'meaning' && base.meaning.m === 'object')
          return this.fail(t.loc, `indexes ${objectText(base.meaning.obj)}`, 'index its variables: G.v[k] = ...');
        const self = this.asValue(base, t.value.loc);
        if (self.variable) this.checkAssign(self, value, t.loc);
        if (self.variable && this.isLinked(self.variable))
          this.fail(t.loc, `sets the linked variable '${self.variable.variable}'`, 'write the variable it is linked to');
        if (self.variable?.shared)
          this.fail(
            t.loc,
            `indexes the shared variable '${self.variable.variable}', which holds one value (Brian2: IndexError)`,
            `write ${self.variable.variable} without an index`,
          );
        if (self.ir.e === 'monitor') this.fail(t.loc, "changes a monitor's recorded values", 'copy them into a variable of your own first');
        return { t: 'index', self: self.ir, index: this.index(t.index, !!self.variable) };
      }
      case 'Starred':
        return this.fail(t.loc, 'unpacks with *', 'unpack into single names');
      default:
        return this.fail(t.loc, 'assigns to an expression Python cannot assign to', 'assign to a name, G.v or x[k]');
    }
  }

  /** Brian2's unit check of `G.v = value` (and `G.v[k] = value`): a DimensionMismatchError there. */
  private checkAssign(target: Extract<T, { k: 'value' }>, value: Extract<T, { k: 'value' }>, loc: Loc): void {
    if (!this.checking || !target.variable || target.variable.unitless || value.zero) return;
    if (target.dim && value.dim && !sameDim(target.dim, value.dim)) {
      this.fail(
        loc,
        `sets '${target.variable.variable}' (${formatDim(target.dim)}) to a value in ${formatDim(value.dim)}: Brian2 raises a DimensionMismatchError`,
        `give the value in ${formatDim(target.dim)}, or write ${target.variable.variable}_ = ... to set it without units`,
      );
    }
  }

  // ---------------------------------------------------------------- expressions

  /** An expression that must be a value (not a module, a function or an object). */
  private value(e: Expr): HostExprIR {
    return this.asValue(this.expr(e), e.loc).ir;
  }

  private asValue(x: T, loc: Loc): Extract<T, { k: 'value' }> {
    if (x.k === 'value') return x;
    const m = x.meaning;
    switch (m.m) {
      case 'unit':
        return { k: 'value', ir: { e: 'unit', scale: m.scale, text: m.name }, dim: m.dim, unit: { scale: m.scale, text: m.name } };
      case 'number':
        return { k: 'value', ir: { e: 'const', value: { kind: 'number', v: m.v, int: false, numpy: false } }, dim: DIMENSIONLESS };
      case 'numpy':
        if (['pi', 'e', 'inf', 'Inf', 'nan', 'NaN', 'newaxis'].includes(m.name))
          return { k: 'value', ir: { e: 'named', module: 'numpy', name: m.name }, dim: m.name === 'newaxis' ? null : DIMENSIONLESS };
        break;
      case 'math':
        if (['pi', 'e', 'inf', 'nan', 'tau'].includes(m.name)) return { k: 'value', ir: { e: 'named', module: 'math', name: m.name }, dim: DIMENSIONLESS };
        break;
      case 'object':
        return this.fail(loc, `uses ${objectText(m.obj)} as a value`, 'use its variables (G.v) or its data (monitor.t)');
      case 'builtin':
        // A type given as a value (`dtype=int`, `map(float, ...)` is not: calls only).
        if (['int', 'float', 'bool', 'str', 'list', 'tuple', 'dict', 'set'].includes(m.name))
          return { k: 'value', ir: { e: 'named', module: 'builtins', name: m.name }, dim: null };
        break;
      default:
        break;
    }
    return this.fail(loc, `uses ${meaningText(m)} as a value`, 'call it, or use a number or array here');
  }

  private expr(e: Expr): T {
    switch (e.kind) {
      case 'Num':
        if (e.imaginary) return this.fail(e.loc, 'uses a complex number', 'the generated project computes with real numbers here');
        return { k: 'value', ir: { e: 'const', value: { kind: 'number', v: e.value, int: e.isInt, numpy: false } }, dim: DIMENSIONLESS, zero: e.value === 0 };
      case 'Str':
        return { k: 'value', ir: { e: 'const', value: { kind: 'str', v: e.value } }, dim: null };
      case 'FStr':
        return this.fail(e.loc, 'formats a string (an f-string) outside print()', 'strings only matter for output, which the project leaves out');
      case 'Const':
        return {
          k: 'value',
          ir: { e: 'const', value: e.value === null ? { kind: 'none' } : { kind: 'bool', v: e.value } },
          dim: e.value === null ? null : DIMENSIONLESS,
        };
      case 'Ellipsis':
        return { k: 'value', ir: { e: 'ellipsis' }, dim: null };
      case 'Name':
        return this.name(e.id, e.loc);
      case 'List':
      case 'Tuple':
      case 'Set': {
        const items = e.elts.map((x) => this.asValue(this.expr(x), x.loc));
        const dims = items.map((x) => x.dim);
        const dim = dims.length && dims.every((d) => d && dims[0] && sameDim(d, dims[0])) ? dims[0]! : null;
        return { k: 'value', ir: { e: e.kind === 'List' ? 'list' : e.kind === 'Tuple' ? 'tuple' : 'set', items: items.map((x) => x.ir) }, dim };
      }
      case 'Dict':
        if (e.keys.some((k) => k === null)) return this.fail(e.loc, 'unpacks a dict with **', 'write the entries out');
        return { k: 'value', ir: { e: 'dict', keys: e.keys.map((k) => this.value(k!)), values: e.values.map((v) => this.value(v)) }, dim: null };
      case 'Attribute':
        return this.attribute(this.expr(e.value), e.attr, e.attrLoc, e.loc);
      case 'Subscript': {
        const base = this.expr(e.value);
        if (base.k === 'meaning' && base.meaning.m === 'object') {
          const sub = this.subgroup(base.meaning.obj, e.index);
          if (sub) return { k: 'meaning', meaning: { m: 'object', obj: sub } };
          return this.fail(
            e.loc,
            `indexes ${objectText(base.meaning.obj)}`,
            'index its variables (G.v[k]), or take a subgroup with a slice of whole numbers (G[10:20])',
          );
        }
        const self = this.asValue(base, e.value.loc);
        if (self.variable?.shared) {
          // Brian2: a shared variable reads as a scalar; [:] gives it again, any other index is an IndexError.
          if (e.index.kind === 'Slice' && !e.index.lower && !e.index.upper && !e.index.step) return self;
          return this.fail(
            e.loc,
            `indexes the shared variable '${self.variable.variable}', which holds one value (Brian2: IndexError)`,
            `write ${self.variable.variable} without an index`,
          );
        }
        return { k: 'value', ir: { e: 'index', self: self.ir, index: this.index(e.index, !!self.variable) }, dim: self.dim };
      }
      case 'Slice':
        return { k: 'value', ir: this.slice(e), dim: null };
      case 'BinOp': {
        const a = this.expr(e.left);
        const b = this.expr(e.right);
        return this.binary(e.op, this.asValue(a, e.left.loc), this.asValue(b, e.right.loc), e.loc);
      }
      case 'UnaryOp': {
        const a = this.asValue(this.expr(e.operand), e.operand.loc);
        if (e.op === '-' && a.ir.e === 'const' && a.ir.value.kind === 'number')
          return { k: 'value', ir: { e: 'unary', op: '-', a: a.ir }, dim: a.dim, zero: a.zero };
        return { k: 'value', ir: { e: 'unary', op: e.op, a: a.ir }, dim: e.op === 'not' ? DIMENSIONLESS : a.dim };
      }
      case 'BoolOp': {
        const values = e.values.map((v) => this.asValue(this.expr(v), v.loc));
        const dims = values.map((v) => v.dim);
        const dim = dims.every((d) => d && dims[0] && sameDim(d, dims[0])) ? dims[0]! : null;
        return { k: 'value', ir: { e: 'boolop', op: e.op, values: values.map((v) => v.ir) }, dim };
      }
      case 'Compare': {
        const operands = [e.left, ...e.comparators].map((x) => this.asValue(this.expr(x), x.loc));
        e.ops.forEach((op, k) => {
          if (op === 'in' || op === 'not in' || op === 'is' || op === 'is not') return;
          this.checkSameDim(operands[k]!, operands[k + 1]!, `compares`, e.loc);
        });
        return { k: 'value', ir: { e: 'compare', ops: [...e.ops], operands: operands.map((o) => o.ir) }, dim: DIMENSIONLESS };
      }
      case 'IfExp': {
        const body = this.asValue(this.expr(e.body), e.body.loc);
        const orelse = this.asValue(this.expr(e.orelse), e.orelse.loc);
        const dim = body.dim && orelse.dim && sameDim(body.dim, orelse.dim) ? body.dim : null;
        return { k: 'value', ir: { e: 'ifexp', test: this.value(e.test), body: body.ir, orelse: orelse.ir }, dim };
      }
      case 'Call':
        return this.call(e);
      case 'Comprehension':
        return this.comprehension(e);
      case 'Lambda':
        return this.fail(e.loc, 'uses a lambda', 'define a function with def at the top level of the script');
      case 'Starred':
        return this.fail(e.loc, 'unpacks with *', 'pass the values one by one');
    }
  }

  private comprehension(e: Extract<Expr, { kind: 'Comprehension' }>): T {
    // Comprehension variables are local to it: they are translated as locals (Python scopes them the same way).
    const generators = e.generators.map((g) => {
      const iter = this.asValue(this.expr(g.iter), g.iter.loc);
      const target = this.comprehensionTarget(g.target);
      return { target, iter: iter.ir, ifs: g.ifs.map((c) => this.value(c)) };
    });
    const elt = this.asValue(this.expr(e.elt), e.elt.loc);
    const value = e.value ? this.value(e.value) : null;
    return { k: 'value', ir: { e: 'comprehension', type: e.type, elt: elt.ir, value, generators }, dim: null };
  }

  private comprehensionTarget(t: Expr): HostTargetIR {
    if (t.kind === 'Name') {
      this.localDims.set(t.id, null);
      return { t: 'local', name: t.id };
    }
    if (t.kind === 'Tuple' || t.kind === 'List') return { t: 'tuple', items: t.elts.map((x) => this.comprehensionTarget(x)) };
    return this.fail(t.loc, 'uses a comprehension variable Python cannot bind', 'use plain names');
  }

  /**
   * `G[a:b]` in a body: Brian2's Subgroup of the neurons a..b-1 (a slice of literal whole numbers, step 1,
   * bounds as Python clips them); null for other indices.
   */
  private subgroup(obj: Brian2Object, index: Expr): SubgroupObj | null {
    if (!isGroupObj(obj) || obj.kind === 'SpatialNeuron' || index.kind !== 'Slice' || index.step) return null;
    const bound = (x: Expr | null, dflt: number): number | null => {
      if (!x) return dflt;
      if (x.kind === 'Num' && x.isInt && !x.imaginary) return x.value;
      if (x.kind === 'UnaryOp' && x.op === '-' && x.operand.kind === 'Num' && x.operand.isInt) return -x.operand.value;
      return null;
    };
    const size = groupSize(obj);
    const lo = bound(index.lower, 0);
    const hi = bound(index.upper, size);
    if (lo === null || hi === null) return null;
    const clip = (k: number) => Math.min(size, Math.max(0, k < 0 ? k + size : k));
    const start = clip(lo);
    const stop = Math.max(start, clip(hi));
    if (start === stop) return null;
    const parent = obj.kind === 'Subgroup' ? obj.parent : (obj as SubgroupObj['parent']);
    const offset = obj.kind === 'Subgroup' ? obj.start : 0;
    return {
      kind: 'Subgroup',
      name: `${obj.name}_subgroup`,
      pyName: `${obj.pyName ?? obj.name}[${lo}:${hi}]`,
      loc: index.loc,
      explicitNamespace: null,
      parent,
      start: offset + start,
      stop: offset + stop,
    };
  }

  private slice(e: Extract<Expr, { kind: 'Slice' }>): HostExprIR {
    const part = (x: Expr | null) => (x ? this.value(x) : null);
    return { e: 'slice', lower: part(e.lower), upper: part(e.upper), step: part(e.step) };
  }

  /** An index; `ofVariable`: it indexes a group or synapse variable, where a string is a Brian2 condition. */
  private index(e: Expr, ofVariable: boolean): HostExprIR {
    if (e.kind === 'Str' && ofVariable)
      return this.fail(e.loc, 'indexes with a string (a Brian2 condition)', 'compute the indices with numpy instead, e.g. G.v[np.nonzero(G.v > x)[0]]');
    if (e.kind === 'Tuple') return { e: 'tuple', items: e.elts.map((x) => (x.kind === 'Slice' ? this.slice(x) : this.value(x))) };
    return e.kind === 'Slice' ? this.slice(e) : this.value(e);
  }

  private name(id: string, loc: Loc): T {
    if (this.names.locals.has(id) || (this.localDims.has(id) && !this.names.declared.has(id))) {
      return { k: 'value', ir: { e: 'local', name: id }, dim: this.localDims.get(id) ?? null };
    }
    const r = this.t.resolve(this.fn, id, loc);
    if (r.m === 'global' && this.names.declared.has(id) && !this.written.has(id)) this.t.readFirst?.(this.fn, id);
    if (r.m === 'global') return { k: 'value', ir: { e: 'global', id: r.id }, dim: r.dim };
    if (r.m === 'unbound')
      return this.fail(loc, `uses '${id}', which is not defined when the simulation runs (Python: NameError)`, `define ${id} before run()`);
    if (r.m === 'refused')
      return this.fail(loc, `uses ${r.what}, which the generated project cannot run`, 'compute it with numpy, math or Python builtins, or before run()');
    if (r.m === 'state') return this.fail(loc, `uses '${id}'`, 'internal: state without a global');
    if (r.m === 'data') return this.fail(loc, `uses '${id}'`, 'internal: data without a global');
    return { k: 'meaning', meaning: r };
  }

  // ---------------------------------------------------------------- attributes of objects and modules

  private attribute(base: T, attr: string, attrLoc: Loc, loc: Loc): T {
    if (base.k === 'meaning') {
      const m = base.meaning;
      if (m.m === 'module') {
        const meaning = memberMeaning(m.name, attr, undefined);
        if (m.name === 'brian2' || m.name.startsWith('brian2.')) return this.brian2Member(attr, attrLoc);
        if (meaning.m === 'refused')
          return this.fail(
            attrLoc,
            `uses ${meaning.what}, which the converter does not let an operation call`,
            'use the common numpy functions (math, reductions, linalg, fft, random)',
          );
        return { k: 'meaning', meaning };
      }
      if (m.m === 'object') return this.objectAttribute(m.obj, attr, attrLoc, loc);
      return this.fail(attrLoc, `uses the attribute '${attr}' of ${meaningText(m)}`, 'the project does not know it');
    }
    if (VALUE_ATTRIBUTES.has(attr))
      return {
        k: 'value',
        ir: { e: 'attr', self: base.ir, name: attr },
        dim: attr === 'T' || attr === 'real' || attr === 'imag' || attr === 'flat' ? base.dim : attr === 'dtype' ? null : DIMENSIONLESS,
      };
    if (VALUE_METHODS.has(attr)) return { k: 'value', ir: { e: 'attr', self: base.ir, name: attr }, dim: null };
    return this.fail(attrLoc, `uses the attribute '${attr}' of a value`, 'the project knows the common array, list and dict methods (mean, sum, append, ...)');
  }

  /** `b2.ms`, `brian2.stop`, ...: the name as `from brian2 import *` gives it. */
  private brian2Member(attr: string, loc: Loc): T {
    const meaning = memberMeaning('brian2', attr, this.brian2Value(attr));
    if (meaning.m === 'refused')
      return this.fail(loc, `uses ${meaning.what}`, 'an operation may use Brian2 units, stop(), numpy and the objects of the script');
    return { k: 'meaning', meaning };
  }

  private brian2Value(attr: string): Value | undefined {
    return brian2Member(attr);
  }

  private objectAttribute(obj: Brian2Object, attr: string, attrLoc: Loc, loc: Loc): T {
    switch (obj.kind) {
      case 'NeuronGroup':
      case 'Subgroup':
      case 'PoissonGroup':
      case 'SpikeGeneratorGroup':
      case 'SpatialNeuron':
      case 'Synapses':
        return this.objectVariable(obj, attr, attrLoc, false);
      case 'SpikeMonitor':
      case 'EventMonitor':
      case 'StateMonitor':
      case 'PopulationRateMonitor':
        return this.monitorField(obj, attr, attrLoc);
      case 'Clock':
        if (obj.name === 'defaultclock' && (attr === 't' || attr === 'dt' || attr === 't_' || attr === 'dt_')) {
          return { k: 'value', ir: { e: 'defaultclock', field: attr.startsWith('t') ? 't' : 'dt' }, dim: attr.endsWith('_') ? DIMENSIONLESS : SECOND };
        }
        break;
      case 'Network':
        if (attr === 'stop') return { k: 'meaning', meaning: { m: 'stop' } };
        break;
      default:
        break;
    }
    void loc;
    return this.fail(
      attrLoc,
      `uses '${attr}' of ${objectText(obj)}`,
      "an operation may use group and synapse variables, monitors' data, defaultclock.t/dt and stop()",
    );
  }

  private isLinked(v: HostVariableIR): boolean {
    if (typeof (v.owner as { synapses?: string }).synapses === 'string') return false;
    const id = (v.owner as GroupRef).group;
    return [...this.t.groups.values()].some((g) => g.id === id && g.linked.has(v.variable));
  }

  private objectVariable(obj: Brian2Object, attr: string, attrLoc: Loc, writing: boolean): Extract<T, { k: 'value' }> {
    const unitless = attr.endsWith('_') && attr.length > 1;
    const name = unitless ? attr.slice(0, -1) : attr;
    let owner: GroupRef | { synapses: string };
    let info: { kinds: ReadonlyMap<string, string>; variables: ReadonlyMap<string, { dim: Dim; type: string }>; shared: ReadonlySet<string> } | null = null;
    let size: number | null = null;
    if (obj.kind === 'Synapses') {
      const s = this.t.synapses.get(obj.name);
      if (!s) return this.fail(attrLoc, `uses ${objectText(obj)}, which no run() simulates`, 'add it to the network');
      owner = { synapses: s.id };
      const vars = new Map<string, { dim: Dim; type: string }>();
      for (const [k, v] of s.table) if (v.owner === 'syn') vars.set(k, { dim: v.info.dim, type: v.info.type });
      info = { kinds: s.kinds, variables: vars, shared: new Set() };
    } else if (isGroupObj(obj)) {
      const sl = groupSlice(obj);
      const g = this.t.groups.get(sl.group.name);
      if (!g) return this.fail(attrLoc, `uses ${objectText(obj)}, which no run() simulates`, 'add it to the network');
      owner = { group: g.id, start: sl.start, stop: sl.stop };
      info = g;
      size = sl.stop - sl.start;
    } else return this.fail(attrLoc, `uses '${attr}' of ${objectText(obj)}`, 'only groups and synapses have variables');
    const synapsesId = obj.kind === 'Synapses' ? (owner as { synapses: string }).synapses : null;
    if ((name === 'i' || (name === 'j' && synapsesId !== null)) && !unitless && !info.kinds.has(name)) {
      if (writing) this.fail(attrLoc, `sets the index '${name}'`, 'indices cannot be changed');
      // Brian2's index variables: a group's (a subgroup's: relative) neuron numbers, a synapse's pre/post index.
      if (synapsesId !== null) return { k: 'value', ir: { e: 'synaptic-index', synapses: synapsesId, which: name as 'i' | 'j' }, dim: DIMENSIONLESS };
      return {
        k: 'value',
        ir: {
          e: 'call',
          callee: { kind: 'numpy', name: 'arange' },
          args: [{ e: 'const', value: { kind: 'number', v: size!, int: true, numpy: false } }],
          kwargs: [],
        },
        dim: DIMENSIONLESS,
      };
    }
    if (name === 'N' && !unitless) {
      if (writing) this.fail(attrLoc, 'sets N', 'the size of a group is fixed');
      return {
        k: 'value',
        ir: size !== null ? { e: 'const', value: { kind: 'number', v: size, int: true, numpy: false } } : { e: 'size', owner },
        dim: DIMENSIONLESS,
      };
    }
    const poisson = obj.kind === 'PoissonGroup' ? obj : obj.kind === 'Subgroup' && obj.parent.kind === 'PoissonGroup' ? obj.parent : null;
    if (poisson && name === 'rates') {
      // Rates given as values are an array the project keeps (and the thresholds read); a string is Brian2 code evaluated every step.
      if (poisson.rates.value.t === 'str')
        return this.fail(
          attrLoc,
          `uses the rates of ${objectText(poisson)}, given as an expression`,
          'give the rates as a value (P.rates = ... in the operation then changes them), or put the time dependence in the expression',
        );
      const variable: HostVariableIR = { owner, variable: 'rates', shared: false, unitless };
      return { k: 'value', ir: { e: 'variable', ...variable }, dim: unitless ? DIMENSIONLESS : HERTZ, variable };
    }
    if (writing && this.isLinked({ owner, variable: name, shared: false, unitless }))
      this.fail(attrLoc, `sets the linked variable '${name}' of ${objectText(obj)}`, 'write the variable it is linked to');
    const kind = info.kinds.get(name);
    const v = info.variables.get(name);
    if (!kind || !v) {
      return this.fail(attrLoc, `uses '${attr}', which is not a variable of ${objectText(obj)}`, 'use one of its model variables');
    }
    if (kind === 'subexpression')
      return this.fail(
        attrLoc,
        `reads the subexpression '${name}' of ${objectText(obj)}`,
        'not yet supported in operations: compute it from the variables it is made of',
      );
    const shared = info.shared.has(name);
    const variable: HostVariableIR = { owner, variable: name, shared, unitless };
    return { k: 'value', ir: { e: 'variable', ...variable }, dim: unitless ? DIMENSIONLESS : v.dim, variable };
  }

  private monitorField(
    obj: Extract<Brian2Object, { kind: 'SpikeMonitor' | 'EventMonitor' | 'StateMonitor' | 'PopulationRateMonitor' }>,
    attr: string,
    loc: Loc,
  ): T {
    const m = this.t.monitors.get(obj.name);
    if (!m) return this.fail(loc, `reads ${objectText(obj)}, which no run() records`, 'add it to the network');
    const unitless = attr.endsWith('_') && attr.length > 1;
    const name = unitless ? attr.slice(0, -1) : attr;
    const val = (field: string, dim: Dim | null): T => ({
      k: 'value',
      ir: { e: 'monitor', monitor: m.id, field, unitless },
      dim: unitless ? DIMENSIONLESS : dim,
    });
    if (m.kind === 'SpikeMonitor') {
      if ((name === 'num_spikes' || name === 'num_events') && !unitless) return val('num_spikes', DIMENSIONLESS);
      if (name === 'count' && !unitless) return val('count', DIMENSIONLESS);
      if (m.record && name === 'i' && !unitless) return val('i', DIMENSIONLESS);
      if (m.record && name === 't') return val('t', SECOND);
    } else if (m.kind === 'StateMonitor') {
      if (name === 't') return val('t', SECOND);
      const r = m.variables.includes(name);
      if (r) {
        const owner = m.sourceKind === 'synapses' ? null : this.t.groups.get(m.source.group);
        const dim = owner?.variables.get(name)?.dim ?? null;
        return val(`var:${name}`, dim);
      }
    } else if (m.kind === 'PopulationRateMonitor') {
      if (name === 't') return val('t', SECOND);
      if (name === 'rate') return val('rate', HERTZ);
    }
    return this.fail(
      loc,
      `reads '${attr}' of ${objectText(obj)}`,
      m.kind === 'SpikeMonitor'
        ? 'a SpikeMonitor gives num_spikes, count, i and t'
        : m.kind === 'StateMonitor'
          ? 'a StateMonitor gives t and its recorded variables'
          : 'a PopulationRateMonitor gives t and rate',
    );
  }

  // ---------------------------------------------------------------- calls

  private callee(e: Extract<Expr, { kind: 'Call' }>): T {
    return this.expr(e.func);
  }

  private call(e: Extract<Expr, { kind: 'Call' }>): T {
    const f = this.callee(e);
    // len(G), len(S): the number of neurons or synapses (Brian2's __len__).
    if (
      f.k === 'meaning' &&
      f.meaning.m === 'builtin' &&
      f.meaning.name === 'len' &&
      e.args.length === 1 &&
      !e.args[0]!.name &&
      e.args[0]!.value.kind !== 'Starred'
    ) {
      const a = this.expr(e.args[0]!.value);
      if (a.k === 'meaning' && a.meaning.m === 'object' && (isGroupObj(a.meaning.obj) || a.meaning.obj.kind === 'Synapses'))
        return this.objectVariable(a.meaning.obj, 'N', e.loc, false);
    }
    const args: Extract<T, { k: 'value' }>[] = [];
    const kwargs: [string, HostExprIR][] = [];
    for (const a of e.args) {
      if (a.value.kind === 'Starred') this.fail(a.loc, 'passes arguments with * or **', 'pass them one by one');
      const v = this.asValue(this.expr(a.value), a.value.loc);
      if (a.name) kwargs.push([a.name, v.ir]);
      else args.push(v);
    }
    const irArgs = args.map((a) => a.ir);
    if (f.k === 'value') {
      // A method of a value: `x.mean()`, `values.append(v)`.
      if (f.ir.e === 'attr' && VALUE_METHODS.has(f.ir.name)) {
        const dim = SAME_DIM.has(f.ir.name) ? (this.selfDim(e) ?? null) : f.ir.name === 'dot' ? null : null;
        return { k: 'value', ir: { e: 'method', self: f.ir.self, name: f.ir.name, args: irArgs, kwargs }, dim };
      }
      return this.fail(e.loc, 'calls a value that is not a function', 'call a function of numpy, math, Python or the script');
    }
    const m = f.meaning;
    const call = (callee: HostCalleeIR, dim: Dim | null): T => ({ k: 'value', ir: { e: 'call', callee, args: irArgs, kwargs }, dim });
    switch (m.m) {
      case 'numpy':
        return call({ kind: 'numpy', name: m.name }, this.numpyDim(m.name, args, e.loc));
      case 'math':
        if (DIMENSIONLESS_ARG.has(m.name)) this.requireDimensionless(m.name, args, e.loc);
        return call(
          { kind: 'math', name: m.name },
          m.name === 'sqrt' && args[0]?.dim
            ? powDim(args[0].dim, 0.5)
            : ['fabs', 'floor', 'ceil', 'trunc', 'fsum'].includes(m.name)
              ? (args[0]?.dim ?? null)
              : DIMENSIONLESS_ARG.has(m.name)
                ? DIMENSIONLESS
                : null,
        );
      case 'builtin':
        return call({ kind: 'builtin', name: m.name }, this.builtinDim(m.name, args, e.loc));
      case 'function':
        return call({ kind: 'function', id: this.t.functionId(m.fn, e.loc) }, null);
      case 'object': {
        if (m.obj.kind === 'TimedArray') {
          const ta = this.t.timedArray(m.obj)!;
          if (args.length !== ta.ndim || kwargs.length)
            this.fail(
              e.loc,
              `calls the TimedArray with ${args.length} argument(s)`,
              ta.ndim === 1 ? 'call it with the time: ta(t)' : 'call it with the time and an index: ta(t, i)',
            );
          if (this.checking && args[0]?.dim && !sameDim(args[0].dim, SECOND))
            this.fail(e.loc, `calls the TimedArray with a value in ${formatDim(args[0].dim)}, not a time`, 'call it with a time, e.g. ta(t)');
          return call({ kind: 'timed-array', id: ta.id }, ta.dim);
        }
        return this.fail(e.loc, `calls ${objectText(m.obj)}`, 'an operation may call functions, TimedArrays and stop()');
      }
      case 'stop':
        return this.fail(e.loc, 'uses the result of stop()', 'call stop() as a statement of its own');
      case 'output':
        return this.fail(e.loc, `uses the result of ${m.what}`, 'output is left out of the project: call it as a statement of its own');
      default:
        return this.fail(e.loc, `calls ${meaningText(m)}`, 'an operation may call numpy, math, Python builtins and the functions of the script');
    }
  }

  private selfDim(e: Extract<Expr, { kind: 'Call' }>): Dim | null {
    if (e.func.kind !== 'Attribute') return null;
    const self = this.expr(e.func.value);
    return self.k === 'value' ? self.dim : null;
  }

  private requireDimensionless(name: string, args: Extract<T, { k: 'value' }>[], loc: Loc): void {
    const d = args[0]?.dim;
    if (this.checking && d && !isDimensionless(d))
      this.fail(loc, `calls ${name}() on a value in ${formatDim(d)}: Brian2 raises a DimensionMismatchError`, `divide by a unit first, e.g. ${name}(x/ms)`);
  }

  private numpyDim(name: string, args: Extract<T, { k: 'value' }>[], loc: Loc): Dim | null {
    const base = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
    if (name.startsWith('random.')) return DIMENSIONLESS;
    if (DIMENSIONLESS_ARG.has(base)) {
      this.requireDimensionless(base, args, loc);
      return DIMENSIONLESS;
    }
    const d = args[0]?.dim ?? null;
    if (base === 'sqrt') return d ? powDim(d, 0.5) : null;
    if (base === 'square') return d ? powDim(d, 2) : null;
    if ((base === 'dot' || base === 'outer' || base === 'matmul' || base === 'inner') && args.length === 2)
      return d && args[1]!.dim ? mulDim(d, args[1]!.dim) : null;
    if (
      [
        'isnan',
        'isinf',
        'isfinite',
        'argmin',
        'argmax',
        'argsort',
        'nonzero',
        'flatnonzero',
        'count_nonzero',
        'shape',
        'size',
        'ndim',
        'sign',
        'all',
        'any',
        'logical_and',
        'logical_or',
        'logical_not',
      ].includes(base)
    )
      return DIMENSIONLESS;
    if (SAME_DIM.has(base)) return d;
    return null;
  }

  private builtinDim(name: string, args: Extract<T, { k: 'value' }>[], loc: Loc): Dim | null {
    const d = args[0]?.dim ?? null;
    switch (name) {
      case 'abs':
      case 'round':
        return d;
      case 'min':
      case 'max':
        if (args.length >= 2) for (let k = 1; k < args.length; k++) this.checkSameDim(args[0]!, args[k]!, `takes the ${name}() of`, loc);
        return args.length === 1 ? d : args.every((a) => a.dim && d && sameDim(a.dim, d)) ? d : null;
      case 'sum':
        return d;
      case 'len':
      case 'bool':
      case 'int':
      case 'float':
        if ((name === 'int' || name === 'float') && this.checking && d && !isDimensionless(d))
          this.fail(loc, `converts a value in ${formatDim(d)} with ${name}(): Brian2 raises a TypeError`, `divide by a unit first, e.g. ${name}(x/ms)`);
        return DIMENSIONLESS;
      default:
        return null;
    }
  }

  // ---------------------------------------------------------------- operators and dimensions

  private checkSameDim(a: Extract<T, { k: 'value' }>, b: Extract<T, { k: 'value' }>, what: string, loc: Loc): void {
    if (!this.checking || a.zero || b.zero || !a.dim || !b.dim || sameDim(a.dim, b.dim)) return;
    this.fail(loc, `${what} values in ${formatDim(a.dim)} and ${formatDim(b.dim)}: Brian2 raises a DimensionMismatchError`, 'give both sides the same units');
  }

  private binary(op: string, a: Extract<T, { k: 'value' }>, b: Extract<T, { k: 'value' }>, loc: Loc): Extract<T, { k: 'value' }> {
    // Brian2's units combine into units (value 10.0**scale), not into floats.
    if (a.unit && b.unit && (op === '*' || op === '/')) {
      const scale = op === '*' ? a.unit.scale + b.unit.scale : a.unit.scale - b.unit.scale;
      const text = `${a.unit.text}${op}${b.unit.text}`;
      const dim = a.dim && b.dim ? (op === '*' ? mulDim(a.dim, b.dim) : divDim(a.dim, b.dim)) : null;
      return { k: 'value', ir: { e: 'unit', scale, text }, dim, unit: { scale, text } };
    }
    if (a.unit && op === '**' && b.ir.e === 'const' && b.ir.value.kind === 'number') {
      const p = b.ir.value.v;
      const scale = a.unit.scale * p;
      const text = `${a.unit.text}**${p}`;
      return { k: 'value', ir: { e: 'unit', scale, text }, dim: a.dim ? powDim(a.dim, p) : null, unit: { scale, text } };
    }
    if (a.unit && op === '**' && b.ir.e === 'unary' && b.ir.op === '-' && b.ir.a.e === 'const' && b.ir.a.value.kind === 'number') {
      const p = -b.ir.a.value.v;
      const scale = a.unit.scale * p;
      const text = `${a.unit.text}**${p}`;
      return { k: 'value', ir: { e: 'unit', scale, text }, dim: a.dim ? powDim(a.dim, p) : null, unit: { scale, text } };
    }
    if (b.unit && op === '/' && a.ir.e === 'const' && a.ir.value.kind === 'number' && a.ir.value.v === 1) {
      const scale = -b.unit.scale;
      const text = `1/${b.unit.text}`;
      return { k: 'value', ir: { e: 'unit', scale, text }, dim: b.dim ? powDim(b.dim, -1) : null, unit: { scale, text } };
    }
    const ir: HostExprIR = { e: 'binary', op, a: a.ir, b: b.ir };
    switch (op) {
      case '+':
      case '-':
        this.checkSameDim(a, b, op === '+' ? 'adds' : 'subtracts', loc);
        return { k: 'value', ir, dim: a.zero ? b.dim : (a.dim ?? b.dim) };
      case '*':
        return { k: 'value', ir, dim: a.dim && b.dim ? mulDim(a.dim, b.dim) : null };
      case '/':
        return { k: 'value', ir, dim: a.dim && b.dim ? divDim(a.dim, b.dim) : null };
      case '//':
        this.checkSameDim(a, b, 'divides', loc);
        return { k: 'value', ir, dim: DIMENSIONLESS };
      case '%':
        this.checkSameDim(a, b, 'takes the remainder of', loc);
        return { k: 'value', ir, dim: a.dim };
      case '**': {
        const p = b.ir.e === 'const' && b.ir.value.kind === 'number' ? b.ir.value.v : null;
        if (this.checking && b.dim && !isDimensionless(b.dim))
          this.fail(loc, `raises to a power in ${formatDim(b.dim)}: Brian2 raises a DimensionMismatchError`, 'the exponent must be a number');
        return { k: 'value', ir, dim: a.dim && isDimensionless(a.dim) ? DIMENSIONLESS : a.dim && p !== null ? powDim(a.dim, p) : null };
      }
      case '@':
        return { k: 'value', ir, dim: a.dim && b.dim ? mulDim(a.dim, b.dim) : null };
      default:
        return { k: 'value', ir, dim: null };
    }
  }
}

function objectText(o: Brian2Object): string {
  return `the ${o.kind} '${o.pyName ?? o.name}'`;
}

function meaningText(m: Meaning | { m: 'global' }): string {
  switch (m.m) {
    case 'object':
      return objectText(m.obj);
    case 'module':
      return `the module ${m.name}`;
    case 'numpy':
      return `numpy.${m.name}`;
    case 'math':
      return `math.${m.name}`;
    case 'builtin':
      return `Python's ${m.name}()`;
    case 'unit':
      return `the unit ${m.name}`;
    case 'function':
      return `the function ${m.fn.name}`;
    case 'stop':
      return 'stop()';
    case 'output':
      return m.what;
    case 'refused':
      return m.what;
    default:
      return 'a variable of the script';
  }
}

function describeT(x: T): string {
  return x.k === 'value' ? 'a value' : meaningText(x.meaning);
}

export { DIMENSIONLESS };
