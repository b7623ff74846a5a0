// Lowering of a NeuronGroup: choose the integration method as Brian2 does, build the state update,
// refractoriness (Brian2's `not_refractory`/`lastspike` bookkeeping), threshold, reset and the
// once-per-step `(constant over dt)` subexpressions.

import type { EquationIR, ModelIR, NeuronGroupIR, StatementIR } from '../2-model/ir.js';
import { CompileError, diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/source.js';
import { hasSymbol, type SExpr, sym, symbols } from '../symbolic/expr.js';
import { simplify } from '../symbolic/simplify.js';
import { Unsupported } from './integrators/integrator.js';
import { chooseIntegrator } from './integrators/registry.js';
import type { LNeuronGroup, LStmt, LVar } from './lowered.js';
import { conditionalStatement, refractoryStatement } from './refractory.js';
import { isLinked, linkedVar } from './links.js';
import { buildSystem, dependsOnTime, locallyConstantIn, substituteSubexpressions, SystemError } from './system.js';
import { clockDts } from './clocks.js';

export { brian2RefractoryLiteral } from './refractory.js';

const T = sym('t', 'special');

export function lowerNeuronGroup(g: NeuronGroupIR, model: ModelIR, writtenElsewhere: Set<string>): LNeuronGroup {
  const refused = (reason: string, span = g.method?.span ?? g.span): never => {
    throw new CompileError(
      diagnostic('method-refused', span, {
        method: g.method?.name ?? 'default (exact, euler, heun)',
        reason,
        hint: g.method ? "choose another method, e.g. method='euler'" : 'give method= explicitly',
      }),
    );
  };
  const unsupported = (what: string, hint: string, span: Span = g.method?.span ?? g.span): never => {
    throw new CompileError(diagnostic('unsupported', span, { what, hint }));
  };
  const codeError = (detail: string, hint: string, span: Span): never => {
    throw new CompileError(diagnostic('code-error', span, { detail, hint }));
  };
  const hasRef = g.refractory !== null;
  const constOverDt = new Set(g.equations.filter((e) => e.kind === 'subexpression' && e.flags.includes('constant over dt')).map((e) => e.name));
  const subs = new Map<string, SExpr>();
  for (const e of g.equations) if (e.kind === 'subexpression' && e.expr) subs.set(e.name, e.expr.ast);
  const substitute = (e: SExpr, keep = constOverDt) => simplify(substituteSubexpressions(e, subs, keep));

  // ---- variables
  const variables: LVar[] = [];
  for (const e of g.equations) {
    if (e.kind === 'subexpression' && !constOverDt.has(e.name)) continue;
    if (isLinked(e)) {
      variables.push(linkedVar(e, g.links, model));
      continue;
    }
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
  for (const e of g.events) for (const s of e.code ?? []) written.add(s.target);
  // A linked variable changes whenever its target does.
  for (const e of g.equations) if (isLinked(e)) written.add(e.name);
  for (const rr of g.runRegularly) for (const s of rr.code) written.add(s.target);
  const stateNames = new Set(g.equations.filter((e) => e.kind === 'differential').map((e) => e.name));
  const isSegmentConstant = (e: SExpr): boolean =>
    !dependsOnTime(e) &&
    !hasSymbol(e, (s) => {
      if (s.role === 'const' || s.role === 'temp') return false;
      if (s.role === 'special') return !(s.name === 'dt' || s.name === 'N' || s.name === 'i');
      if (s.role === 'noise') return true;
      return stateNames.has(s.name) || written.has(s.name) || constOverDt.has(s.name) || s.name === 'not_refractory' || s.name === 'lastspike' || !!s.side;
    });

  // ---- integration
  let system: ReturnType<typeof buildSystem>;
  try {
    system = buildSystem(g.equations, { keep: constOverDt, refractory: hasRef, locallyConstant: locallyConstantIn(model, g.clock) });
  } catch (e) {
    if (e instanceof SystemError) return codeError(e.message, 'see the Brian2 documentation on equations', e.span ?? g.span);
    throw e;
  }
  const choice = chooseIntegrator(system, g.method?.candidates ?? g.method?.name ?? null);
  if (!choice.ok) return refused(choice.reason);
  const reserved = new Set(variables.map((v) => `_${v.name}`));
  const hoistNames = new Set<string>();
  const context = {
    isSegmentConstant,
    hoistName: (base: string) => {
      let n = base;
      for (let k = 1; hoistNames.has(n) || reserved.has(n); k++) n = `${base}_${k}`;
      hoistNames.add(n);
      return n;
    },
    knownValues: knownValuesIn(model, g.clock),
  };
  const why = choice.integrator.unreproducible?.(system, context);
  if (why)
    unsupported(
      `method '${choice.integrator.name}' for these equations: ${why}`,
      "Brian2's own result would be NaN; use another method (e.g. method='euler') or change the values",
    );
  let integration: ReturnType<typeof choice.integrator.integrate>;
  try {
    integration = choice.integrator.integrate(system, context);
  } catch (e) {
    if (e instanceof Unsupported) return unsupported(e.message, "use method='euler' or another explicit method for this group");
    throw e;
  }

  // ---- refractoriness (prepended to the state update, as in Brian2)
  const update: LStmt[] = [];
  if (g.refractory) update.push(refractoryStatement(g.refractory, (e) => substitute(e, new Set())));
  update.push(...integration.statements.map((s) => ({ ...s, expr: simplify(s.expr) })));

  // ---- threshold, spike bookkeeping, reset
  let threshold: SExpr | null = g.threshold ? substitute(g.threshold.ast) : null;
  if (threshold && hasRef) threshold = { k: 'logic', op: 'and', a: threshold, b: sym('not_refractory') };
  const onSpike: LStmt[] = hasRef
    ? [
        { target: 'not_refractory', op: '=', expr: { k: 'bool', v: false } },
        { target: 'lastspike', op: '=', expr: T },
      ]
    : [];
  // Brian2's conditional write: code other than the reset leaves `(unless refractory)` variables of
  // refractory neurons alone (synaptic code, PoissonInput and string initialisations read this list too).
  const conditionalWrite = [...system.unlessRefractory];
  const lowerStmts = (ss: StatementIR[], conditional: boolean): LStmt[] =>
    ss.map((s) => {
      const out: LStmt = { target: s.target, op: s.op, expr: substitute(s.value.ast) };
      return conditional && system.unlessRefractory.has(s.target) ? conditionalStatement(out) : out;
    });

  const subexpressions: LNeuronGroup['subexpressions'] = {};
  for (const e of g.equations) {
    if (e.kind !== 'subexpression') continue;
    subexpressions[e.name] = { expr: constOverDt.has(e.name) ? sym(e.name) : substitute(e.expr!.ast), dim: e.dim, shared: e.flags.includes('shared') };
  }
  const constantOverDt: LStmt[] = constantOverDtOrder(g.equations.filter((e) => constOverDt.has(e.name))).map((e) => ({
    target: e.name,
    op: '=',
    expr: substitute(e.expr!.ast, new Set([...constOverDt].filter((n) => n !== e.name))),
  }));

  return {
    kind: 'NeuronGroup',
    id: g.id,
    pyName: g.pyName,
    n: g.n,
    clock: g.clock,
    variables,
    subexpressions,
    constantOverDt,
    hoisted: integration.hoisted.map((h) => (h.kind === 'assign' ? { ...h, expr: simplify(h.expr) } : h)),
    update,
    threshold,
    onSpike,
    reset: lowerStmts(g.reset, false),
    spikeSchedule: g.spikeSchedule,
    events: g.events.map((e) => ({
      name: e.name,
      condition: substitute(e.condition.ast),
      code: lowerStmts(e.code ?? [], false),
      threshold: e.threshold,
      reset: e.reset,
    })),
    conditionalWrite,
    runRegularly: g.runRegularly.map((rr) => ({
      statements: lowerStmts(rr.code, true),
      clock: rr.clock,
      when: rr.when,
      ...(rr.subgroup ? { subgroup: rr.subgroup } : {}),
    })),
    method: { name: choice.integrator.name, reason: choice.reason, span: g.method?.span ?? null },
    span: g.span,
  };
}

/**
 * Brian2's order of `(constant over dt)` subexpressions (SubexpressionUpdater, Equations.ordered):
 * those another one depends on first, otherwise as written.
 */
export function constantOverDtOrder(eqs: EquationIR[]): EquationIR[] {
  const names = new Set(eqs.map((e) => e.name));
  const deps = new Map(
    eqs.map((e) => [e.name, [...symbols(e.expr!.ast).values()].filter((s) => s.role === 'var' && names.has(s.name) && s.name !== e.name).map((s) => s.name)]),
  );
  const out: EquationIR[] = [];
  const placed = new Set<string>();
  while (out.length < eqs.length) {
    const layer = eqs.filter((e) => !placed.has(e.name) && deps.get(e.name)!.every((d) => placed.has(d)));
    if (!layer.length) throw new SystemError('the (constant over dt) subexpressions depend on each other in a cycle', eqs[0]!.span);
    for (const e of layer) {
      out.push(e);
      placed.add(e.name);
    }
  }
  return out;
}

/** Values of external constants (one per run) and of dt (the group's clock's, per run), known at conversion time. */
function knownValuesIn(model: ModelIR, clock: string): (s: { name: string; role: string }) => number[] | undefined {
  return (s) => {
    if (s.role === 'special' && s.name === 'dt') return clockDts(model, clock);
    if (s.role !== 'const') return undefined;
    const c = model.constants.find((x) => x.id === s.name);
    if (!c) return undefined;
    return c.perRun ?? [c.value];
  };
}
