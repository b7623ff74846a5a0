// Lowering of a NeuronGroup: choose the integration method as Brian2 does, build the state update,
// refractoriness (Brian2's `not_refractory`/`lastspike` bookkeeping), threshold, reset and the
// once-per-step `(constant over dt)` subexpressions.

import type { ModelIR, NeuronGroupIR, StatementIR } from '../2-model/ir.js';
import { CompileError, diagnostic } from '../diagnostics/diagnostic.js';
import { call, hasSymbol, num, SExpr, sym } from '../symbolic/expr.js';
import { simplify } from '../symbolic/simplify.js';
import { chooseIntegrator } from './integrators/registry.js';
import { ExactUnsupported } from './integrators/exact.js';
import type { LNeuronGroup, LStmt, LVar } from './lowered.js';
import { buildSystem, isTimeVarying, substituteSubexpressions, SystemError } from './system.js';

const T = sym('t', 'special');
const DT = sym('dt', 'special');

/** Brian2 writes a refractory time into code with '%f' (microsecond resolution in seconds). */
export function brian2RefractoryLiteral(seconds: number): number {
  return Number(seconds.toFixed(6));
}

export function lowerNeuronGroup(g: NeuronGroupIR, model: ModelIR, writtenElsewhere: Set<string>): LNeuronGroup {
  const fail = (reason: string, span = g.method?.span ?? g.span): never => {
    throw new CompileError(
      diagnostic('method-refused', span, {
        method: g.method?.name ?? 'default (exact, euler, heun)',
        reason,
        hint: g.method ? 'choose another method, e.g. method=\'euler\'' : 'give method= explicitly',
      }),
    );
  };
  const hasRef = g.refractory !== null;
  const constOverDt = new Set(g.equations.filter((e) => e.kind === 'subexpression' && e.flags.includes('constant over dt')).map((e) => e.name));
  const subs = new Map<string, SExpr>();
  for (const e of g.equations) if (e.kind === 'subexpression' && e.expr) subs.set(e.name, e.expr.ast);
  const substitute = (e: SExpr, keep = constOverDt) => simplifyKeep(substituteSubexpressions(e, subs, keep));

  // ---- variables
  const variables: LVar[] = [];
  for (const e of g.equations) {
    if (e.kind === 'subexpression' && !constOverDt.has(e.name)) continue;
    variables.push({
      name: e.name,
      dtype: e.type === 'boolean' ? 'bool' : e.type === 'integer' ? 'int' : 'float',
      shared: e.flags.includes('shared'),
      initial: 0,
      dim: e.dim,
      origin: e.kind === 'subexpression' ? 'constant-over-dt' : e.kind,
    });
  }
  if (hasRef) {
    variables.push({ name: 'lastspike', dtype: 'float', shared: false, initial: -1e4, dim: [0, 0, 1, 0, 0, 0, 0], origin: 'internal' });
    variables.push({ name: 'not_refractory', dtype: 'bool', shared: false, initial: 1, dim: [0, 0, 0, 0, 0, 0, 0], origin: 'internal' });
  }

  // ---- which values can be computed once per segment
  const written = new Set<string>(writtenElsewhere);
  for (const s of g.reset) written.add(s.target);
  for (const rr of g.runRegularly) for (const s of rr.code) written.add(s.target);
  const stateNames = new Set(g.equations.filter((e) => e.kind === 'differential').map((e) => e.name));
  const isSegmentConstant = (e: SExpr): boolean =>
    !isTimeVarying(e) &&
    !hasSymbol(e, (s) => {
      if (s.role === 'const' || s.role === 'temp') return false;
      if (s.role === 'special') return !(s.name === 'dt' || s.name === 'N');
      if (s.role === 'noise') return true;
      return stateNames.has(s.name) || written.has(s.name) || constOverDt.has(s.name) || s.name === 'not_refractory' || s.name === 'lastspike' || !!s.side;
    });

  // ---- integration
  let system: ReturnType<typeof buildSystem>;
  try {
    system = buildSystem(g.equations, constOverDt);
  } catch (e) {
    if (e instanceof SystemError) return fail(e.message, g.span);
    throw e;
  }
  const choice = chooseIntegrator(system, g.method?.name ?? null);
  if (!choice.ok) return fail(choice.reason);
  const hoistNames = new Set<string>();
  let integration: ReturnType<typeof choice.integrator.integrate>;
  try {
    integration = choice.integrator.integrate(system, {
      isSegmentConstant,
      hoistName: (base) => {
        let n = base;
        for (let k = 1; hoistNames.has(n); k++) n = `${base}_${k}`;
        hoistNames.add(n);
        return n;
      },
    });
  } catch (e) {
    if (e instanceof ExactUnsupported) return fail(`exact integration of ${e.message} is not supported by the converter`);
    throw e;
  }

  // ---- refractoriness (prepended to the state update, as in Brian2)
  const update: LStmt[] = [];
  if (g.refractory) {
    const r = g.refractory;
    let expr: SExpr;
    if (r.kind === 'condition') {
      expr = { k: 'logic', op: 'or', a: sym('not_refractory'), b: { k: 'not', a: substitute(r.expr.ast, new Set()) } };
    } else {
      const ref = r.kind === 'time' ? num(brian2RefractoryLiteral(r.seconds)) : substitute(r.expr.ast, new Set());
      expr = { k: 'cmp', op: '>=', a: call('timestep', { k: 'bin', op: '-', a: T, b: sym('lastspike') }, DT), b: call('timestep', ref, DT) };
    }
    update.push({ target: 'not_refractory', op: '=', expr });
  }
  update.push(...integration.statements.map((s) => ({ ...s, expr: simplifyKeep(s.expr) })));

  // ---- threshold, spike bookkeeping, reset
  let threshold: SExpr | null = g.threshold ? substitute(g.threshold.ast) : null;
  if (threshold && hasRef) threshold = { k: 'logic', op: 'and', a: threshold, b: sym('not_refractory') };
  const onSpike: LStmt[] = hasRef
    ? [
        { target: 'not_refractory', op: '=', expr: { k: 'bool', v: false } },
        { target: 'lastspike', op: '=', expr: T },
      ]
    : [];
  const lowerStmts = (ss: StatementIR[]): LStmt[] => ss.map((s) => ({ target: s.target, op: s.op, expr: substitute(s.value.ast) }));
  // Brian2 writes `(unless refractory)` variables only where not_refractory, from any code but the reset.
  const conditionalWrite = hasRef ? g.equations.filter((e) => e.kind === 'differential' && e.flags.includes('unless refractory')).map((e) => e.name) : [];
  const conditional = (ss: LStmt[]): LStmt[] => ss.map((s) => (conditionalWrite.includes(s.target) ? conditionalStatement(s, sym('not_refractory')) : s));

  const subexpressions: LNeuronGroup['subexpressions'] = {};
  for (const e of g.equations) {
    if (e.kind !== 'subexpression') continue;
    subexpressions[e.name] = { expr: constOverDt.has(e.name) ? sym(e.name) : substitute(e.expr!.ast), dim: e.dim, shared: e.flags.includes('shared') };
  }
  const constantOverDt: LStmt[] = g.equations
    .filter((e) => constOverDt.has(e.name))
    .map((e) => ({ target: e.name, op: '=', expr: substitute(e.expr!.ast, new Set([...constOverDt].filter((n) => n !== e.name))) }));

  return {
    kind: 'NeuronGroup',
    id: g.id,
    pyName: g.pyName,
    n: g.n,
    variables,
    subexpressions,
    constantOverDt,
    hoisted: integration.hoisted.map((h) => (h.kind === 'assign' ? { ...h, expr: simplifyKeep(h.expr) } : h)),
    update,
    threshold,
    onSpike,
    reset: lowerStmts(g.reset),
    conditionalWrite,
    runRegularly: g.runRegularly.map((rr) => ({
      statements: conditional(lowerStmts(rr.code)),
      everySteps: rr.dt === null ? 1 : Math.max(1, Math.round(rr.dt / model.dt)),
      when: rr.when,
    })),
    method: { name: choice.integrator.name, reason: choice.reason, span: g.method?.span ?? null },
    span: g.span,
  };
}

/** `x op= e` only where `cond` holds: `x = where(cond, x op e, x)` (LStmt.where applies to '=' statements). */
export function conditionalStatement(s: LStmt, cond: SExpr): LStmt {
  if (s.op === '=') return { ...s, where: cond };
  const op = s.op.slice(0, -1) as '+' | '-' | '*' | '/' | '//' | '%' | '**';
  const target: SExpr = s.side ? sym(s.target, 'var', s.side) : sym(s.target);
  return { ...s, op: '=', expr: { k: 'bin', op, a: target, b: s.expr }, where: cond };
}

function simplifyKeep(e: SExpr): SExpr {
  return simplify(e);
}
