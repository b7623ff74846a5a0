// Brian2 code strings of groups: thresholds (boolean conditions) and statements (reset, on_pre, ...),
// resolved and unit-checked against the variables they read and write.

import type { Loc } from '../../grammars/ast.js';
import { parseCode, parseCondition } from '../../grammars/brian2-strings.js';
import type { Value } from '../1-read/values.js';
import { exampleUnit, formatDim, hasUnits, isDimensionless, isInUnits, sameDim } from '../units/dimension.js';
import type { BuildContext } from './context.js';
import type { ExprIR, StatementIR } from './ir.js';
import { Resolver, type NameTable, type VarInfo } from './resolve.js';
import { parseOrFail, stringSource } from './strings.js';

function asString(v: Value, loc: Loc, ctx: BuildContext, what: string): Extract<Value, { t: 'str' }> {
  if (v.t === 'str') return v;
  return ctx.fail('type-error', loc, { detail: `${what} must be a string of Brian2 code`, hint: `write it in quotes, e.g. '${what === 'the threshold' ? 'v > -50*mV' : 'v = -70*mV'}'` });
}

export function buildCondition(v: Value, loc: Loc, names: NameTable, ctx: BuildContext, what: string): ExprIR {
  const s = asString(v, loc, ctx, what);
  const ast = parseOrFail(() => parseCondition(stringSource(s), what), ctx, 'code-syntax');
  const r = new Resolver(ctx, names).resolve(ast);
  if (r.type !== 'boolean') {
    ctx.fail('type-error', ast.loc, { detail: `${what} must be a condition (true or false), but this is ${isDimensionless(r.dim) ? 'a number' : `a quantity in ${formatDim(r.dim)}`}`, hint: "compare two values, e.g. 'v > v_th'" });
  }
  return { code: ctx.text(ast.loc), ast: r.ast, dim: r.dim, span: ctx.span(ast.loc) };
}

/** An expression (not a condition) such as an initial value or a refractory period. */
export function buildExpression(v: Extract<Value, { t: 'str' }>, names: NameTable, ctx: BuildContext, what: string): ExprIR & { type: VarInfo['type'] } {
  const ast = parseOrFail(() => parseCondition(stringSource(v), what), ctx, 'code-syntax');
  const r = new Resolver(ctx, names).resolve(ast);
  return { code: ctx.text(ast.loc), ast: r.ast, dim: r.dim, span: ctx.span(ast.loc), type: r.type };
}

/**
 * Statements of a code string. `writable` decides which targets may be assigned and returns their
 * variable (or null with the reason).
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
  const resolver = new Resolver(ctx, names);
  return stmts.map((st) => {
    const target = writable(st.target);
    if (typeof target === 'string') return ctx.fail('read-only', st.targetLoc, { name: st.target, hint: target });
    const r = resolver.resolve(st.value);
    const want = target.info.dim;
    if (st.op === '*=' || st.op === '/=') {
      if (!isDimensionless(r.dim)) ctx.fail('unit-mismatch', st.value.loc, { detail: `'${st.op}' needs a dimensionless factor, not ${formatDim(r.dim)}`, hint: 'multiply by a plain number' });
    } else if (target.info.type === 'boolean') {
      if (r.type !== 'boolean') ctx.fail('type-error', st.value.loc, { detail: `'${st.target}' is boolean and needs a condition`, hint: 'assign a comparison or True/False' });
    } else if (!sameDim(r.dim, want)) {
      ctx.fail('unit-mismatch', st.value.loc, {
        detail: `'${st.target}' ${isInUnits(want)} but the value ${hasUnits(r.dim)}`,
        hint: isDimensionless(want) ? 'give a plain number' : `give the value in units of ${formatDim(want)}${exampleUnit(want) ? `, e.g. with ${exampleUnit(want)}` : ''}`,
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
