// Brian2 code strings of groups: thresholds (boolean conditions) and statements (reset, on_pre, ...),
// resolved and unit-checked against the variables they read and write.

import type { Loc } from '../../grammars/ast.js';
import { parseCode, parseCondition } from '../../grammars/brian2-strings.js';
import type { Value } from '../1-read/values.js';
import { divDim, exampleUnit, formatDim, hasUnits, isDimensionless, isInUnits, mulDim, sameDim } from '../units/dimension.js';
import { sym } from '../symbolic/expr.js';
import type { BuildContext } from './context.js';
import type { ExprIR, StatementIR } from './ir.js';
import { Resolver, type NameTable, type VarInfo } from './resolve.js';
import { parseOrFail, stringSource } from './strings.js';

function asString(v: Value, loc: Loc, ctx: BuildContext, what: string): Extract<Value, { t: 'str' }> {
  if (v.t === 'str') return v;
  return ctx.fail('type-error', loc, {
    detail: `${what} must be a string of Brian2 code`,
    hint: `write it in quotes, e.g. '${what === 'the threshold' ? 'v > -50*mV' : 'v = -70*mV'}'`,
  });
}

export function buildCondition(v: Value, loc: Loc, names: NameTable, ctx: BuildContext, what: string): ExprIR {
  const s = asString(v, loc, ctx, what);
  const ast = parseOrFail(() => parseCondition(stringSource(s), what), ctx, 'code-syntax');
  const r = new Resolver(ctx, names).resolve(ast);
  if (r.type !== 'boolean') {
    ctx.fail('type-error', ast.loc, {
      detail: `${what} must be a condition (true or false), but this is ${isDimensionless(r.dim) ? 'a number' : `a quantity in ${formatDim(r.dim)}`}`,
      hint: "compare two values, e.g. 'v > v_th'",
    });
  }
  return { code: ctx.text(ast.loc), ast: r.ast, dim: r.dim, span: ctx.span(ast.loc) };
}

/** An expression (not a condition) such as an initial value or a refractory period. */
export function buildExpression(v: Extract<Value, { t: 'str' }>, names: NameTable, ctx: BuildContext, what: string): ExprIR & { type: VarInfo['type'] } {
  const ast = parseOrFail(() => parseCondition(stringSource(v), what), ctx, 'code-syntax');
  const r = new Resolver(ctx, names).resolve(ast);
  return { code: ctx.text(ast.loc), ast: r.ast, dim: r.dim, span: ctx.span(ast.loc), type: r.type };
}

/** The name a code block's temporary has in the IR and later (Brian2 forbids user names starting with `_`). */
export function temporaryName(name: string): string {
  return `__tmp_${name}`;
}

/**
 * Statements of a code string. `writable` decides which targets may be assigned and returns their
 * variable (or the reason they may not be). As in Brian2's abstract code, `name = expr` where `name`
 * is not a name of the object declares a temporary of this block (Brian2's `:=`): typed by its
 * expression (boolean, integer or float), with the expression's units (each assignment to it gives
 * it those of its value, as Brian2's unit check does), visible to the following statements only.
 * Its statements have `temporary` set and target `__tmp_<name>`.
 */
export function buildStatements(
  v: Value,
  loc: Loc,
  names: NameTable,
  ctx: BuildContext,
  what: string,
  writable: (name: string) => { info: VarInfo; side?: StatementIR['side'] } | string,
): StatementIR[] {
  const s = asString(v, loc, ctx, what);
  const stmts = parseOrFail(() => parseCode(stringSource(s), what), ctx, 'code-syntax');
  const temps = new Map<string, VarInfo>();
  const local: NameTable = { ...names, variable: (n) => temps.get(n) ?? names.variable(n), names: () => [...temps.keys(), ...names.names()] };
  const resolver = new Resolver(ctx, local);
  return stmts.map((st) => {
    const temp = temps.get(st.target);
    if (temp || (st.op === '=' && names.variable(st.target) === null)) {
      const r = resolver.resolve(st.value);
      if (temp && st.op !== '=' && (st.op === '*=' || st.op === '/=') && !isDimensionless(r.dim)) {
        // `t *= x` gives t the units of t·x; Brian2 checks nothing here either.
        temps.set(st.target, { ...temp, dim: st.op === '*=' ? mulDim(temp.dim, r.dim) : divDim(temp.dim, r.dim) });
      } else
        temps.set(st.target, {
          sym: sym(temporaryName(st.target), 'temp'),
          dim: temp && st.op !== '=' ? temp.dim : r.dim,
          type: temp && st.op !== '=' ? temp.type : r.type,
        });
      return {
        target: temporaryName(st.target),
        temporary: true,
        op: st.op,
        value: { code: ctx.text(st.value.loc), ast: r.ast, dim: r.dim, span: ctx.span(st.value.loc) },
        span: ctx.span(st.loc),
      };
    }
    const target = writable(st.target);
    if (typeof target === 'string') return ctx.fail('read-only', st.targetLoc, { name: st.target, hint: target });
    const r = resolver.resolve(st.value);
    const want = target.info.dim;
    if (st.op === '*=' || st.op === '/=') {
      if (!isDimensionless(r.dim))
        ctx.fail('unit-mismatch', st.value.loc, {
          detail: `'${st.op}' needs a dimensionless factor, not ${formatDim(r.dim)}`,
          hint: 'multiply by a plain number',
        });
    } else if (target.info.type === 'boolean') {
      if (r.type !== 'boolean')
        ctx.fail('type-error', st.value.loc, { detail: `'${st.target}' is boolean and needs a condition`, hint: 'assign a comparison or True/False' });
    } else if (!sameDim(r.dim, want)) {
      ctx.fail('unit-mismatch', st.value.loc, {
        detail: `'${st.target}' ${isInUnits(want)} but the value ${hasUnits(r.dim)}`,
        hint: isDimensionless(want)
          ? 'give a plain number'
          : `give the value in units of ${formatDim(want)}${exampleUnit(want) ? `, e.g. with ${exampleUnit(want)}` : ''}`,
      });
    }
    const out: StatementIR = {
      target: st.target,
      op: st.op,
      value: { code: ctx.text(st.value.loc), ast: r.ast, dim: r.dim, span: ctx.span(st.value.loc) },
      span: ctx.span(st.loc),
    };
    if (target.side) out.side = target.side;
    return out;
  });
}
